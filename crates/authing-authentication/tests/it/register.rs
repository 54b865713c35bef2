//! Registration: documents, variables, encrypted passwords, session.

use crate::common::*;

#[tokio::test]
async fn register_by_email_sends_every_option_and_keeps_the_session() {
    let held = jwt("u0", EXP);
    let c = Ctx::logged_in(&held).await;
    c.reply("registerByEmail", user("u1", None)).await;
    let options = RegisterOptions {
        profile: Some(RegisterProfile {
            nickname: Some("Ali".into()),
            given_name: Some("Alice".into()),
            udf: vec![UdfValueInput::new("nick", "al")],
            ..Default::default()
        }),
        client_ip: Some("1.2.3.4".into()),
        context: Some(json!({"source": "test"})),
        ..Default::default()
    }
    .with_custom_data("school", "ucla")
    .with_custom_data("age", 18);
    let u = c
        .auth
        .register_by_email("alice@example.com", "s3cret", &options)
        .await
        .unwrap();
    assert_eq!(u.id, "u1");
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::REGISTER_BY_EMAIL,
        json!({"input": {
            "email": "alice@example.com",
            "profile": {"nickname": "Ali", "givenName": "Alice", "udf": [{"key": "nick", "value": "al"}]},
            "clientIp": "1.2.3.4",
            "params": r#"[{"key":"age","value":18},{"key":"school","value":"ucla"}]"#,
            "context": r#"{"source":"test"}"#,
        }}),
    );
    s.assert_bearer(None);
    // no token in the answer: the session held before is untouched
    assert_eq!(c.token(), Some(held));
    assert!(c.auth.current_user().is_none());
    assert!(c.events().is_empty());
}

#[tokio::test]
async fn register_by_username_with_force_login_holds_the_new_session() {
    let c = ctx().await;
    let t = jwt("u1", EXP);
    c.reply("registerByUsername", user("u1", Some(&t))).await;
    let options = RegisterOptions {
        force_login: true,
        generate_token: true,
        ..Default::default()
    };
    c.auth
        .register_by_username("alice", "s3cret", &options)
        .await
        .unwrap();
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::REGISTER_BY_USERNAME,
        json!({"input": {"username": "alice", "forceLogin": true, "generateToken": true}}),
    );
    s.assert_bearer(None);
    assert_eq!(c.token(), Some(t.clone()));
    assert_eq!(c.auth.current_user().unwrap().id, "u1");
    assert_eq!(c.events(), vec![Some(t)]);
}

#[tokio::test]
async fn register_by_phone_code_with_and_without_password() {
    let c = ctx().await;
    c.reply("registerByPhoneCode", user("u1", None)).await;
    c.auth
        .register_by_phone_code("+86138", "1234", Some("pw1"), &RegisterOptions::default())
        .await
        .unwrap();
    c.auth
        .register_by_phone_code("+86138", "1234", None, &RegisterOptions::default())
        .await
        .unwrap();
    let mut sent = c.sent().await;
    assert_eq!(sent[0].take_password("/input/password"), "pw1");
    for s in &sent {
        s.assert_op(
            &ops::REGISTER_BY_PHONE_CODE,
            json!({"input": {"phone": "+86138", "code": "1234"}}),
        );
        s.assert_bearer(None);
    }
    assert!(c.token().is_none());
}

#[tokio::test]
async fn register_of_an_existing_user_is_2026() {
    let c = ctx().await;
    c.reply_error(2026, "用户已存在，请不要重复注册").await;
    let e = c
        .auth
        .register_by_email("a@example.com", "pw", &RegisterOptions::default())
        .await
        .unwrap_err();
    assert!(e.is_user_exists(), "{e}");
    assert_eq!(e.code(), Some(2026));
}
