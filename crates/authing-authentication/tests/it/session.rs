//! Token status, refresh and logout.

use crate::common::*;
use crate::gate::Gate;

#[tokio::test]
async fn check_login_status_sends_the_token_as_variable_only() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply(
        "checkLoginStatus",
        json!({"code": 2207, "message": "invalid", "status": false, "exp": null, "iat": null, "data": null}),
    )
    .await;
    let st = c.auth.check_login_status(None).await.unwrap();
    assert_eq!((st.code, st.status), (Some(2207), Some(false)));
    c.auth.check_login_status(Some("other")).await.unwrap();
    let sent = c.sent().await;
    sent[0].assert_op(&ops::CHECK_LOGIN_STATUS, json!({"token": t}));
    sent[1].assert_op(&ops::CHECK_LOGIN_STATUS, json!({"token": "other"}));
    for s in &sent {
        s.assert_bearer(None);
    }
    assert_eq!(
        c.token(),
        Some(t),
        "status answers do not change the session"
    );
}

#[tokio::test]
async fn refresh_token_replaces_the_token() {
    let old = jwt("u1", EXP);
    let new = jwt("u1", EXP + 1000);
    let c = ctx_with(|b| b.access_token(old.clone())).await;
    c.reply(
        "refreshToken",
        json!({"token": new, "iat": EXP, "exp": EXP + 1000}),
    )
    .await;
    let r = c.auth.refresh_token().await.unwrap();
    assert_eq!(r.exp, Some(EXP + 1000));
    let s = c.one().await;
    s.assert_op(&ops::REFRESH_TOKEN, json!({}));
    s.assert_bearer(Some(&old));
    assert_eq!(c.token(), Some(new.clone()));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64 + 1000))
    );
    assert_eq!(c.events(), vec![Some(new)]);
}

#[tokio::test]
async fn refresh_of_an_opaque_token_uses_the_exp_sent() {
    let c = Ctx::logged_in("opaque-1").await;
    c.reply(
        "refreshToken",
        json!({"token": "opaque-2", "iat": 1, "exp": 1000}),
    )
    .await;
    c.auth.refresh_token().await.unwrap();
    assert_eq!(c.token().as_deref(), Some("opaque-2"));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1000))
    );
}

#[tokio::test]
async fn logout_calls_the_endpoint_then_clears_the_session() {
    let t = jwt("u1", EXP);
    let c = ctx_with(|b| b.app_id("app1")).await;
    c.reply("loginByUsername", user("u1", Some(&t))).await;
    c.reply_rest(
        "GET",
        "/api/v2/logout",
        json!({"code": 200, "message": "ok"}),
    )
    .await;
    c.auth
        .login_by_username("alice", "pw", &LoginOptions::default())
        .await
        .unwrap();
    c.auth.logout().await.unwrap();
    let sent = c.sent().await;
    assert_eq!(sent.len(), 2);
    let s = &sent[1];
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("GET", "/api/v2/logout")
    );
    assert_eq!(
        s.query_params,
        vec![("app_id".to_owned(), "app1".to_owned())]
    );
    s.assert_bearer(Some(&t));
    assert!(c.token().is_none() && c.auth.current_user().is_none());
    assert_eq!(c.events(), vec![Some(t), None]);
}

#[tokio::test]
async fn logout_with_a_rejected_token_still_clears() {
    for code in [2020, 2206, 2207] {
        let c = Ctx::logged_in("stale").await;
        c.reply_rest(
            "GET",
            "/api/v2/logout",
            json!({"code": code, "message": "x"}),
        )
        .await;
        c.auth.logout().await.unwrap();
        let s = c.one().await;
        assert!(s.query_params.is_empty(), "no app_id configured");
        assert!(c.token().is_none(), "{code}");
        assert_eq!(c.events(), vec![None]);
    }
}

#[tokio::test]
async fn logout_failing_otherwise_keeps_the_session() {
    let c = Ctx::logged_in("tok").await;
    c.reply_rest(
        "GET",
        "/api/v2/logout",
        json!({"code": 500, "message": "busy"}),
    )
    .await;
    let e = c.auth.logout().await.unwrap_err();
    assert_eq!(e.code(), Some(500));
    assert_eq!(c.token().as_deref(), Some("tok"));
}

#[tokio::test]
async fn logout_racing_with_refresh_still_clears_the_session() {
    let gate = Gate::start("/api/v2/logout").await;
    let c = Ctx::logged_in_via(&gate, "t1").await;
    c.reply("refreshToken", json!({"token": "t2", "iat": 1, "exp": 2}))
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/logout"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 200, "message": "ok"})),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let logout = tokio::spawn(async move { auth.logout().await });
    gate.arrived().await; // the logout is at the server, its answer held
    c.auth.refresh_token().await.unwrap();
    assert_eq!(c.token().as_deref(), Some("t2"));
    gate.release();
    logout.await.unwrap().unwrap();
    assert!(
        c.token().is_none(),
        "the refreshed session is logged out too"
    );
    assert!(c.auth.current_user().is_none());
    assert_eq!(c.events(), vec![Some("t2".into()), None]);
    let sent = c.sent().await;
    let logout_req = sent.iter().find(|s| s.method == "GET").unwrap();
    logout_req.assert_bearer(Some("t1"));
}

#[tokio::test]
async fn logout_does_not_end_a_session_started_meanwhile() {
    let gate = Gate::start("/api/v2/logout").await;
    let c = Ctx::logged_in_via(&gate, "t1").await;
    let t = jwt("u2", EXP);
    c.reply("loginByUsername", user("u2", Some(&t))).await;
    Mock::given(method("GET"))
        .and(path("/api/v2/logout"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 200, "message": "ok"})),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let logout = tokio::spawn(async move { auth.logout().await });
    gate.arrived().await; // the logout is at the server, its answer held
    c.auth
        .login_by_username("bob", "pw", &LoginOptions::default())
        .await
        .unwrap();
    gate.release();
    logout.await.unwrap().unwrap();
    assert_eq!(c.token(), Some(t.clone()), "the new login is kept");
    assert_eq!(c.auth.current_user().unwrap().id, "u2");

    // and a set_token meanwhile (even back to the same token) is a new session too
    let gate = Gate::start("/api/v2/logout").await;
    let c = Ctx::logged_in_via(&gate, "t1").await;
    Mock::given(method("GET"))
        .and(path("/api/v2/logout"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 200, "message": "ok"})),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let logout = tokio::spawn(async move { auth.logout().await });
    gate.arrived().await; // the logout is at the server, its answer held
    c.auth.set_token("t3").unwrap();
    gate.release();
    logout.await.unwrap().unwrap();
    assert_eq!(c.token().as_deref(), Some("t3"));
}
