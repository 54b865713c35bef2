//! Verification codes, password reset and change, phone and email.

use crate::common::*;

#[tokio::test]
async fn send_sms_code_posts_the_phone_without_token() {
    let c = Ctx::logged_in("tok").await;
    c.reply_rest(
        "POST",
        "/api/v2/sms/send",
        json!({"code": 200, "message": "发送成功"}),
    )
    .await;
    let m = c.auth.send_sms_code("+86138").await.unwrap();
    assert!(m.is_ok());
    assert_eq!(m.message.as_deref(), Some("发送成功"));
    let s = c.one().await;
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("POST", "/api/v2/sms/send")
    );
    assert_eq!(s.body, json!({"phone": "+86138"}));
    s.assert_bearer(None);
}

#[tokio::test]
async fn send_sms_code_envelope_errors_are_api_errors() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/sms/send",
        json!({"code": 2100, "message": "发送过于频繁", "data": null}),
    )
    .await;
    let e = c.auth.send_sms_code("+86138").await.unwrap_err();
    let api = e.as_api().expect("api error");
    assert_eq!((api.code, api.message.as_str()), (2100, "发送过于频繁"));

    let c = ctx().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&c.server)
        .await;
    let e = c.auth.send_sms_code("+86138").await.unwrap_err();
    assert_eq!(e.http_status(), Some(502));
}

#[tokio::test]
async fn send_email_sends_the_scene() {
    let c = Ctx::logged_in("tok").await;
    c.reply("sendEmail", json!({"message": "ok", "code": 200}))
        .await;
    let m = c
        .auth
        .send_email("a@example.com", EmailScene::ResetPassword)
        .await
        .unwrap();
    assert!(m.is_ok());
    let s = c.one().await;
    s.assert_op(
        &ops::SEND_EMAIL,
        json!({"email": "a@example.com", "scene": "RESET_PASSWORD"}),
    );
    s.assert_bearer(None);
}

#[tokio::test]
async fn check_password_strength_sends_plain_text_without_token() {
    let c = Ctx::logged_in("tok").await;
    c.reply(
        "checkPasswordStrength",
        json!({"valid": false, "message": "too short"}),
    )
    .await;
    let r = c.auth.check_password_strength("abc").await.unwrap();
    assert!(!r.valid);
    assert_eq!(r.message.as_deref(), Some("too short"));
    let s = c.one().await;
    s.assert_op(&ops::CHECK_PASSWORD_STRENGTH, json!({"password": "abc"}));
    s.assert_bearer(None);
}

#[tokio::test]
async fn reset_password_by_phone_and_email_code() {
    let c = Ctx::logged_in("tok").await;
    c.reply("resetPassword", json!({"message": "ok", "code": 200}))
        .await;
    c.auth
        .reset_password_by_phone_code("+86138", "1234", "new-pw")
        .await
        .unwrap();
    c.auth
        .reset_password_by_email_code("a@example.com", "5678", "new-pw2")
        .await
        .unwrap();
    let mut sent = c.sent().await;
    assert_eq!(sent[0].take_password("/newPassword"), "new-pw");
    sent[0].assert_op(
        &ops::RESET_PASSWORD,
        json!({"phone": "+86138", "code": "1234"}),
    );
    assert_eq!(sent[1].take_password("/newPassword"), "new-pw2");
    sent[1].assert_op(
        &ops::RESET_PASSWORD,
        json!({"email": "a@example.com", "code": "5678"}),
    );
    for s in &sent {
        s.assert_bearer(None);
    }
    assert_eq!(c.token().as_deref(), Some("tok"));
}

#[tokio::test]
async fn update_password_encrypts_both_passwords() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply("updatePassword", user("u1", None)).await;
    c.auth
        .update_password("new-pw", Some("old-pw"))
        .await
        .unwrap();
    c.auth.update_password("first-pw", None).await.unwrap();
    let mut sent = c.sent().await;
    assert_eq!(sent[0].take_password("/newPassword"), "new-pw");
    assert_eq!(sent[0].take_password("/oldPassword"), "old-pw");
    assert_eq!(sent[1].take_password("/newPassword"), "first-pw");
    for s in &sent {
        s.assert_op(&ops::UPDATE_PASSWORD, json!({}));
        s.assert_bearer(Some(&t));
    }
}

#[tokio::test]
async fn update_phone_and_update_email_send_their_own_documents() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply_raw(
        json!({"data": {"updatePhone": user("u1", None), "updateEmail": user("u1", None)}}),
    )
    .await;
    c.auth
        .update_phone("+86139", "1111", Some("+86138"), Some("2222"))
        .await
        .unwrap();
    c.auth
        .update_email("new@example.com", "3333", None, None)
        .await
        .unwrap();
    let sent = c.sent().await;
    sent[0].assert_op(
        &ops::UPDATE_PHONE,
        json!({"phone": "+86139", "phoneCode": "1111", "oldPhone": "+86138", "oldPhoneCode": "2222"}),
    );
    // The seed Python SDK sent the updatePhone document here; we send updateEmail.
    sent[1].assert_op(
        &ops::UPDATE_EMAIL,
        json!({"email": "new@example.com", "emailCode": "3333"}),
    );
    assert!(
        ops::UPDATE_EMAIL
            .document
            .starts_with("mutation updateEmail(")
    );
    for s in &sent {
        s.assert_bearer(Some(&t));
    }
}

#[tokio::test]
async fn bind_and_unbind_phone_and_email() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply_raw(json!({"data": {
        "bindPhone": user("u1", None), "unbindPhone": user("u1", None),
        "bindEmail": user("u1", None), "unbindEmail": user("u1", None),
    }}))
    .await;
    c.auth.bind_phone("+86138", "1234").await.unwrap();
    c.auth.unbind_phone().await.unwrap();
    c.auth.bind_email("a@example.com", "5678").await.unwrap();
    c.auth.unbind_email().await.unwrap();
    let sent = c.sent().await;
    sent[0].assert_op(
        &ops::BIND_PHONE,
        json!({"phone": "+86138", "phoneCode": "1234"}),
    );
    sent[1].assert_op(&ops::UNBIND_PHONE, json!({}));
    sent[2].assert_op(
        &ops::BIND_EMAIL,
        json!({"email": "a@example.com", "emailCode": "5678"}),
    );
    sent[3].assert_op(&ops::UNBIND_EMAIL, json!({}));
    for s in &sent {
        s.assert_bearer(Some(&t));
    }
    assert_eq!(c.auth.current_user().unwrap().id, "u1");
}

#[tokio::test]
async fn common_message_codes_other_than_200_are_api_errors() {
    let c = ctx().await;
    c.reply_raw(json!({"data": {
        "sendEmail": {"message": "发送过于频繁", "code": 2100},
        "resetPassword": {"message": "验证码错误", "code": 2001},
    }}))
    .await;
    let e = c
        .auth
        .send_email("a@example.com", EmailScene::VerifyEmail)
        .await
        .unwrap_err();
    let api = e.as_api().expect("api error");
    assert_eq!((api.code, api.message.as_str()), (2100, "发送过于频繁"));
    assert_eq!(e.http_status(), Some(200));
    for e in [
        c.auth
            .reset_password_by_phone_code("+86138", "1234", "pw")
            .await
            .unwrap_err(),
        c.auth
            .reset_password_by_email_code("a@example.com", "1234", "pw")
            .await
            .unwrap_err(),
    ] {
        assert_eq!(e.code(), Some(2001), "{e}");
    }
}

#[tokio::test]
async fn common_message_null_or_without_code_is_a_success() {
    let c = ctx().await;
    c.reply_raw(json!({"data": {
        "resetPassword": null,
        "sendEmail": {"message": "ok", "code": null},
    }}))
    .await;
    let m = c
        .auth
        .reset_password_by_email_code("a@example.com", "1234", "pw")
        .await
        .unwrap();
    // One rule in both clients: `null` is a success returned as code 200.
    assert_eq!((m.code, m.message.as_deref()), (Some(200), Some("")));
    let m = c
        .auth
        .send_email("a@example.com", EmailScene::VerifyCode)
        .await
        .unwrap();
    assert_eq!(m.message.as_deref(), Some("ok"));

    // `sendEmail` is `CommonMessage!`: null is a broken answer
    let c = ctx().await;
    c.reply("sendEmail", Value::Null).await;
    let e = c
        .auth
        .send_email("a@example.com", EmailScene::VerifyCode)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e}");
}

#[tokio::test]
async fn update_password_rejects_a_blank_old_password_before_any_request() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply("updatePassword", user("u1", None)).await;
    for old in ["", "  "] {
        let e = c
            .auth
            .update_password("new-pw", Some(old))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
        assert!(e.to_string().contains("old_password"), "{e}");
    }
    assert_eq!(c.sent().await.len(), 0);
}
