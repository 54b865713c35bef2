//! Login: documents, variables, options, errors and session.

use crate::common::*;

#[tokio::test]
async fn login_by_email_holds_user_and_token() {
    let held = jwt("u0", EXP);
    let c = Ctx::logged_in(&held).await;
    let t = jwt("u1", EXP + 60);
    c.reply("loginByEmail", user("u1", Some(&t))).await;
    let u = c
        .auth
        .login_by_email("alice@example.com", "s3cret", &LoginOptions::default())
        .await
        .unwrap();
    assert_eq!(u.token.as_ref().unwrap().expose(), t);
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::LOGIN_BY_EMAIL,
        json!({"input": {"email": "alice@example.com"}}),
    );
    s.assert_bearer(None);
    assert_eq!(c.token(), Some(t.clone()));
    assert_eq!(c.auth.current_user(), Some(u));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64 + 60))
    );
    assert_eq!(c.events(), vec![Some(t)]);
}

#[tokio::test]
async fn login_by_username_sends_login_options() {
    let c = ctx().await;
    c.reply("loginByUsername", user("u1", Some(&jwt("u1", EXP))))
        .await;
    let options = LoginOptions {
        auto_register: true,
        captcha_code: Some("abcd".into()),
        client_ip: Some("1.2.3.4".into()),
        ..Default::default()
    }
    .with_custom_data("k", json!({"a": 1}));
    c.auth
        .login_by_username("alice", "s3cret", &options)
        .await
        .unwrap();
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::LOGIN_BY_USERNAME,
        json!({"input": {
            "username": "alice", "autoRegister": true, "captchaCode": "abcd",
            "clientIp": "1.2.3.4", "params": r#"[{"key":"k","value":{"a":1}}]"#,
        }}),
    );
    s.assert_bearer(None);
}

#[tokio::test]
async fn login_by_phone_code_and_phone_password() {
    let held = jwt("u0", EXP);
    let c = Ctx::logged_in(&held).await;
    c.reply("loginByPhoneCode", user("u1", Some(&jwt("u1", EXP))))
        .await;
    c.auth
        .login_by_phone_code("+86138", "1234", &LoginOptions::default())
        .await
        .unwrap();
    let s = c.one().await;
    s.assert_op(
        &ops::LOGIN_BY_PHONE_CODE,
        json!({"input": {"phone": "+86138", "code": "1234"}}),
    );
    s.assert_bearer(None);

    let c = Ctx::logged_in(&held).await;
    c.reply("loginByPhonePassword", user("u2", Some(&jwt("u2", EXP))))
        .await;
    c.auth
        .login_by_phone_password("+86138", "pw", &LoginOptions::default())
        .await
        .unwrap();
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "pw");
    s.assert_op(
        &ops::LOGIN_BY_PHONE_PASSWORD,
        json!({"input": {"phone": "+86138"}}),
    );
    s.assert_bearer(None);
    assert_eq!(c.auth.current_user().unwrap().id, "u2");
}

#[tokio::test]
async fn login_errors_keep_the_session() {
    for (code, check) in [
        (2004, Error::is_user_not_found as fn(&Error) -> bool),
        (2333, Error::is_wrong_password),
        (2006, Error::is_wrong_password),
    ] {
        let held = jwt("u0", EXP);
        let c = Ctx::logged_in(&held).await;
        c.reply_error(code, "nope").await;
        let e = c
            .auth
            .login_by_username("alice", "bad", &LoginOptions::default())
            .await
            .unwrap_err();
        assert!(check(&e), "{code}: {e}");
        assert_eq!(e.code(), Some(code));
        assert_eq!(c.token(), Some(held));
        assert!(c.events().is_empty());
    }
}

#[tokio::test]
async fn login_returning_null_is_a_decode_error() {
    let c = ctx().await;
    c.reply("loginByEmail", Value::Null).await;
    let e = c
        .auth
        .login_by_email("a@example.com", "pw", &LoginOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e}");
    assert!(c.token().is_none());
}

#[tokio::test]
async fn a_login_answer_without_a_token_is_an_error_and_keeps_the_session() {
    let held = jwt("u0", EXP);
    for token in [Value::Null, json!("")] {
        let c = Ctx::logged_in(&held).await;
        let mut answer = user("u1", None);
        answer["token"] = token.clone();
        c.reply_raw(json!({"data": {
            "loginByEmail": answer, "loginByUsername": answer,
            "loginByPhoneCode": answer, "loginByPhonePassword": answer,
        }}))
        .await;
        let a = &c.auth;
        let o = LoginOptions::default;
        for e in [
            a.login_by_email("a@example.com", "pw", &o())
                .await
                .unwrap_err(),
            a.login_by_username("alice", "pw", &o()).await.unwrap_err(),
            a.login_by_phone_code("+86138", "1234", &o())
                .await
                .unwrap_err(),
            a.login_by_phone_password("+86138", "pw", &o())
                .await
                .unwrap_err(),
        ] {
            match &e {
                Error::Decode { status, reason, .. } => {
                    assert_eq!(*status, 200);
                    assert!(reason.contains("without a token"), "{reason}");
                }
                other => panic!("{token}: {other}"),
            }
        }
        assert_eq!(c.sent().await.len(), 4);
        assert_eq!(c.token(), Some(held.clone()));
        assert!(c.auth.current_user().is_none(), "u1 is not adopted");
        assert!(c.events().is_empty());
    }
}
