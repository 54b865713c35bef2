//! The builder, the session held locally, the token hook, headers and re-exports.

use crate::common::*;

#[test]
fn client_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<AuthenticationClient>();
}

#[test]
fn build_needs_pool_or_app() {
    let e = AuthenticationClient::builder().build().unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
    AuthenticationClient::builder()
        .app_id("app1")
        .build()
        .unwrap();
    let e = AuthenticationClient::builder()
        .user_pool_id("p")
        .host("not a url")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)));
}

#[tokio::test]
async fn access_token_starts_a_session_without_hook() {
    let t = jwt("u1", EXP);
    let c = ctx_with(|b| b.access_token(t.clone())).await;
    assert_eq!(c.token().as_deref(), Some(t.as_str()));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64))
    );
    assert!(c.auth.current_user().is_none());
    assert!(c.events().is_empty());
    let debug = format!("{:?}", c.auth);
    assert!(
        !debug.contains(&t) && debug.contains("logged_in: true"),
        "{debug}"
    );
    let b = AuthenticationClient::builder().access_token(t.clone());
    assert!(!format!("{b:?}").contains(&t));
}

#[tokio::test]
async fn set_token_and_clear_session_call_the_hook_on_change_only() {
    let c = ctx().await;
    assert_eq!(c.auth.token_expires_at(), None);
    c.auth.set_token("opaque-token").unwrap();
    c.auth.set_token("opaque-token").unwrap();
    assert_eq!(c.auth.token_expires_at(), None, "not a JWT");
    let clone = c.auth.clone();
    clone.set_token(jwt("u2", EXP)).unwrap();
    assert_eq!(c.token(), Some(jwt("u2", EXP)), "clones share the session");
    c.auth.clear_session();
    c.auth.clear_session();
    c.auth.set_token("").unwrap();
    assert_eq!(
        c.events(),
        vec![Some("opaque-token".into()), Some(jwt("u2", EXP)), None]
    );
}

#[tokio::test]
async fn methods_needing_a_token_fail_before_any_request() {
    let c = ctx().await;
    let a = &c.auth;
    let results: Vec<(&str, Error)> = vec![
        ("get_current_user", a.get_current_user().await.unwrap_err()),
        (
            "check_login_status",
            a.check_login_status(None).await.unwrap_err(),
        ),
        ("refresh_token", a.refresh_token().await.unwrap_err()),
        ("logout", a.logout().await.unwrap_err()),
        (
            "update_profile",
            a.update_profile(&UpdateProfile::default())
                .await
                .unwrap_err(),
        ),
        (
            "update_password",
            a.update_password("n", Some("o")).await.unwrap_err(),
        ),
        (
            "update_phone",
            a.update_phone("p", "c", None, None).await.unwrap_err(),
        ),
        (
            "update_email",
            a.update_email("e", "c", None, None).await.unwrap_err(),
        ),
        ("bind_phone", a.bind_phone("p", "c").await.unwrap_err()),
        ("unbind_phone", a.unbind_phone().await.unwrap_err()),
        ("bind_email", a.bind_email("e", "c").await.unwrap_err()),
        ("unbind_email", a.unbind_email().await.unwrap_err()),
        ("udv", a.udv().await.unwrap_err()),
        ("set_udv", a.set_udv("k", 1).await.unwrap_err()),
        ("remove_udv", a.remove_udv("k").await.unwrap_err()),
    ];
    for (name, e) in results {
        assert!(matches!(e, Error::NotLoggedIn), "{name}: {e}");
        assert!(e.is_not_logged_in());
    }
    assert_eq!(c.sent().await.len(), 0);
}

#[tokio::test]
async fn blank_arguments_are_rejected_before_any_request() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    let a = &c.auth;
    for e in [
        a.login_by_username("", "pw", &LoginOptions::default())
            .await
            .unwrap_err(),
        a.register_by_email("a@b.c", " ", &RegisterOptions::default())
            .await
            .unwrap_err(),
        a.send_sms_code("").await.unwrap_err(),
        a.reset_password_by_email_code("a@b.c", "", "pw")
            .await
            .unwrap_err(),
        a.set_udv("", 1).await.unwrap_err(),
        a.check_login_status(Some("")).await.unwrap_err(),
        a.login_by_phone_code(
            "p",
            "c",
            &LoginOptions {
                captcha_code: Some("x".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err(),
    ] {
        assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
    }
    assert_eq!(c.sent().await.len(), 0);
}

#[tokio::test]
async fn the_token_hook_sees_every_change_in_order() {
    let c = ctx().await;
    c.reply_raw(json!({"data": {
        "loginByEmail": user("u1", Some("t1")),
        "refreshToken": {"token": "t2", "iat": 1, "exp": 2},
    }}))
    .await;
    c.reply_rest(
        "GET",
        "/api/v2/logout",
        json!({"code": 200, "message": "ok"}),
    )
    .await;
    c.auth
        .login_by_email("a@example.com", "pw", &LoginOptions::default())
        .await
        .unwrap();
    c.auth.refresh_token().await.unwrap();
    assert_eq!(
        c.auth.current_user().unwrap().token.unwrap().expose(),
        "t2",
        "the held user carries the new token"
    );
    c.auth.logout().await.unwrap();
    assert_eq!(c.events(), vec![Some("t1".into()), Some("t2".into()), None]);
}

#[tokio::test]
async fn headers_identify_the_pool_and_sdk() {
    let c = ctx_with(|b| b.app_id("app1")).await;
    c.reply("checkPasswordStrength", json!({"valid": true}))
        .await;
    c.auth.check_password_strength("Str0ng!pass").await.unwrap();
    let r = &c.server.received_requests().await.unwrap()[0];
    assert_eq!(r.headers.get("x-authing-userpool-id").unwrap(), "pool1");
    assert_eq!(r.headers.get("x-authing-app-id").unwrap(), "app1");
    assert_eq!(r.headers.get("x-authing-request-from").unwrap(), "sdk");
}

#[test]
fn debug_of_options_and_custom_data_hides_secret_values() {
    let login = LoginOptions {
        captcha_code: Some("CAPTCHA-4711".into()),
        context: Some(json!({"ctx": "CONTEXT-SECRET"})),
        ..Default::default()
    }
    .with_custom_data("school", "CUSTOM-SECRET")
    .with_custom_data("age", 18);
    let d = format!("{login:?}");
    for secret in ["CAPTCHA-4711", "CONTEXT-SECRET", "CUSTOM-SECRET", "school"] {
        assert!(!d.contains(secret), "{secret} in {d}");
    }
    assert!(d.contains("captcha_code: Some([redacted])"), "{d}");
    assert!(d.contains("[2 keys redacted]"), "{d}");
    assert!(d.contains("context: Some([redacted])"), "{d}");
    let d = format!("{:?}", LoginOptions::default());
    assert!(
        d.contains("captcha_code: None") && d.contains("context: None"),
        "{d}"
    );

    let profile = RegisterProfile {
        nickname: Some("PROFILE-NICK".into()),
        oauth: Some("OAUTH-SECRET".into()),
        udf: vec![UdfValueInput::new("nick", "UDF-SECRET")],
        ..Default::default()
    };
    let register = RegisterOptions {
        profile: Some(profile.clone()),
        context: Some(json!("CONTEXT-SECRET")),
        ..Default::default()
    }
    .with_custom_data("k", "CUSTOM-SECRET");
    let d = format!("{register:?}");
    for secret in [
        "PROFILE-NICK",
        "OAUTH-SECRET",
        "UDF-SECRET",
        "CONTEXT-SECRET",
        "CUSTOM-SECRET",
    ] {
        assert!(!d.contains(secret), "{secret} in {d}");
    }
    assert!(d.contains("profile: Some([redacted])"), "{d}");
    assert!(d.contains("[1 keys redacted]"), "{d}");

    let d = format!("{profile:?}");
    assert!(
        !d.contains("OAUTH-SECRET") && !d.contains("UDF-SECRET"),
        "{d}"
    );
    assert!(d.contains("PROFILE-NICK") && d.contains("\"nick\""), "{d}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_hook_may_clear_the_session() {
    let t = jwt("u1", EXP);
    let (c, events) = ctx_with_hook(|client, token| {
        if token.is_some() {
            client.clear_session();
        }
    })
    .await;
    c.reply("loginByEmail", user("u1", Some(&t))).await;
    let auth = c.auth.clone();
    let login = tokio::spawn(async move {
        auth.login_by_email("a@example.com", "pw", &LoginOptions::default())
            .await
    });
    tokio::time::timeout(Duration::from_secs(10), login)
        .await
        .expect("no deadlock")
        .unwrap()
        .unwrap();
    assert_eq!(*events.lock().unwrap(), vec![Some(t), None]);
    assert!(c.token().is_none() && c.auth.current_user().is_none());

    // also from set_token, synchronously on this thread
    c.auth.set_token("t2").unwrap();
    assert_eq!(events.lock().unwrap()[2..], [Some("t2".into()), None]);
    assert!(c.token().is_none());
}

#[test]
fn a_slow_token_hook_does_not_block_other_changes_and_gets_the_latest_token() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (entered_tx, entered_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let gate = Mutex::new(Some((entered_tx, release_rx)));
    let (c, events) = rt.block_on(ctx_with_hook(move |_, token| {
        if token == Some("t1") {
            if let Some((entered, release)) = gate.lock().unwrap().take() {
                entered.send(()).unwrap();
                release.recv().unwrap();
            }
        }
    }));
    let auth = c.auth.clone();
    let slow = std::thread::spawn(move || auth.set_token("t1").unwrap());
    entered_rx.recv().unwrap();
    // The hook is running (and blocked) on the other thread: changes still go through.
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let auth = c.auth.clone();
    std::thread::spawn(move || {
        auth.set_token("t2").unwrap();
        auth.set_token("t3").unwrap();
        done_tx.send(()).unwrap();
    });
    done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("set_token is not blocked by a running hook");
    assert_eq!(c.token().as_deref(), Some("t3"));
    release_tx.send(()).unwrap();
    slow.join().unwrap();
    // t2 was superseded before it could be delivered: never delivered after t3
    assert_eq!(
        *events.lock().unwrap(),
        vec![Some("t1".into()), Some("t3".into())]
    );
}

#[tokio::test]
async fn tokens_are_trimmed_and_inner_whitespace_or_controls_rejected() {
    let t = jwt("u1", EXP);
    let c = ctx_with(|b| b.access_token(format!("  {t}\n"))).await;
    assert_eq!(c.token(), Some(t.clone()));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64))
    );
    let c = ctx_with(|b| b.access_token(" \t ")).await;
    assert!(c.token().is_none(), "blank means no token");

    for bad in ["ab cd", "ab\ncd", "ab\u{0}cd", "ab\u{7f}cd", "ab\u{a0}cd"] {
        let e = AuthenticationClient::builder()
            .user_pool_id("pool1")
            .access_token(bad)
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{bad:?}: {e}");
        assert!(!e.to_string().contains(bad), "{e}");
    }

    let c = Ctx::logged_in("tok").await;
    c.auth.set_token(format!("\t{t} ")).unwrap();
    assert_eq!(c.token(), Some(t.clone()));
    c.auth.set_token(format!(" {t}")).unwrap();
    assert_eq!(c.events(), vec![Some(t.clone())], "same token: no change");
    for bad in ["ab cd", "ab\rcd", "ab\u{1b}cd"] {
        let e = c.auth.set_token(bad).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{bad:?}: {e}");
        assert!(!e.to_string().contains(bad), "{e}");
    }
    assert_eq!(c.token(), Some(t), "a rejected token leaves the session");
    c.auth.set_token("  ").unwrap();
    assert!(c.token().is_none());
    assert_eq!(c.sent().await.len(), 0);
}

#[tokio::test]
async fn shared_models_and_core_types_are_reexported() {
    use authing_authentication::models::{Identity, UserDefinedData};
    use authing_authentication::{ApiError, Operation as ReexportedOperation, serde_json as sj};
    let op: &ReexportedOperation = &ops::USER;
    assert_eq!(op.root_field, "user");
    let _: Option<Identity> = None;
    let _: Option<UserDefinedData> = None;
    let _: Option<&ApiError> = None;
    let v: sj::Value = sj::json!({"a": 1});
    let c = ctx().await;
    c.reply("loginByEmail", user("u1", Some("t1"))).await;
    let u = c
        .auth
        .login_by_email(
            "a@example.com",
            "pw",
            &LoginOptions::default().with_custom_data("a", v),
        )
        .await
        .unwrap();
    let identities: Option<Vec<Option<Identity>>> = u.identities;
    assert!(identities.is_none());
}
