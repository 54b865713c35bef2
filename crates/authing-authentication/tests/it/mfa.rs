//! MFA: the 1635 answer of a login decodes to `Error::MfaRequired`; each MFA method's
//! exact request (path, body, bearer = the MFA token or the user token), decoding and
//! session effect.

use crate::common::*;
use authing_authentication::{MfaOptions, Sensitive};

const MFA_TOKEN: &str = "mfa-token-0123456789abcdef";

fn mfa_error_body() -> Value {
    json!({
        "errors": [{ "message": {
            "code": 1635,
            "message": "请进行多因素认证",
            "data": {
                "mfaToken": MFA_TOKEN, "nickname": null, "username": "alice",
                "email": "alice@example.com", "phone": "138****8000",
                "totpMfaEnabled": true, "faceMfaEnabled": false,
                "applicationMfa": [{"mfaPolicy": "SMS", "status": 1, "sort": 1}]
            }
        }}],
        "data": null
    })
}

#[tokio::test]
async fn a_login_answered_1635_is_mfa_required_with_what_the_second_step_needs() {
    let c = ctx().await;
    c.reply_raw(mfa_error_body()).await;
    let e = c
        .auth
        .login_by_username("alice", "pw", &LoginOptions::default())
        .await
        .unwrap_err();
    match &e {
        Error::MfaRequired {
            mfa_token, details, ..
        } => {
            assert_eq!(mfa_token.expose(), MFA_TOKEN);
            assert_eq!(details.code, 1635);
            assert!(details.totp_enabled && !details.face_enabled);
            assert_eq!(details.factors, vec!["SMS".to_owned()]);
            assert_eq!(details.phone.as_deref(), Some("138****8000"));
            assert_eq!(details.email.as_deref(), Some("alice@example.com"));
            assert_eq!(details.username.as_deref(), Some("alice"));
        }
        other => panic!("expected MfaRequired, got {other:?}"),
    }
    assert_eq!(e.mfa_token().map(Sensitive::expose), Some(MFA_TOKEN));
    assert_eq!(e.code(), Some(1635));
    assert!(!format!("{e:?}").contains(MFA_TOKEN));
    assert!(!e.to_string().contains(MFA_TOKEN));
    assert!(c.token().is_none() && c.events().is_empty());
}

#[tokio::test]
async fn a_1635_without_a_token_stays_an_api_error() {
    let c = ctx().await;
    c.reply_error(1635, "mfa").await;
    let e = c
        .auth
        .login_by_username("alice", "pw", &LoginOptions::default())
        .await
        .unwrap_err();
    assert!(e.as_api().is_some() && e.mfa_token().is_none(), "{e:?}");
}

#[tokio::test]
async fn verify_totp_mfa_sends_the_code_with_the_mfa_token_and_starts_the_session() {
    let c = ctx().await;
    let t = jwt("u1", EXP);
    c.reply_rest(
        "POST",
        "/api/v2/mfa/totp/verify",
        json!({"code": 200, "message": "ok", "data": user("u1", Some(&t))}),
    )
    .await;
    let u = c.auth.verify_totp_mfa("123456", MFA_TOKEN).await.unwrap();
    assert_eq!(u.id, "u1");
    let s = c.one().await;
    assert_eq!(s.method, "POST");
    assert_eq!(s.path, "/api/v2/mfa/totp/verify");
    assert_eq!(s.body, json!({"totp": "123456"}));
    s.assert_bearer(Some(MFA_TOKEN));
    assert_eq!(c.token().as_deref(), Some(t.as_str()));
    assert_eq!(c.events(), vec![Some(t)]);
    assert_eq!(c.auth.current_user().unwrap().id, "u1");
}

#[tokio::test]
async fn a_wrong_totp_is_the_service_code_and_keeps_the_session() {
    let c = Ctx::logged_in("old").await;
    c.reply_rest(
        "POST",
        "/api/v2/mfa/totp/verify",
        json!({"code": 6001, "message": "TOTP 验证码错误", "data": null}),
    )
    .await;
    let e = c
        .auth
        .verify_totp_mfa("000000", MFA_TOKEN)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(6001));
    assert_eq!(c.token().as_deref(), Some("old"));
    assert!(c.events().is_empty());
    // No request for blank arguments.
    assert!(matches!(
        c.auth.verify_totp_mfa(" ", MFA_TOKEN).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        c.auth.verify_totp_mfa("123456", "").await,
        Err(Error::InvalidArgument(_))
    ));
    assert_eq!(c.sent().await.len(), 1);
}

#[tokio::test]
async fn a_second_step_answer_without_a_token_is_a_decode_error() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/mfa/totp/verify",
        json!({"code": 200, "message": "ok", "data": user("u1", None)}),
    )
    .await;
    let e = c
        .auth
        .verify_totp_mfa("123456", MFA_TOKEN)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert!(c.token().is_none());
}

#[tokio::test]
async fn recovery_sms_and_email_second_steps() {
    let cases: [(&str, Value); 3] = [
        (
            "/api/v2/mfa/totp/recovery",
            json!({"recoveryCode": "ab12-cd34"}),
        ),
        (
            "/api/v2/applications/mfa/sms/verify",
            json!({"phone": "13800138000", "code": "654321"}),
        ),
        (
            "/api/v2/applications/mfa/email/verify",
            json!({"email": "alice@example.com", "code": "111222"}),
        ),
    ];
    for (i, (p, body)) in cases.into_iter().enumerate() {
        let c = ctx().await;
        let t = jwt("u1", EXP);
        c.reply_rest(
            "POST",
            p,
            json!({"code": 200, "message": "ok", "data": user("u1", Some(&t))}),
        )
        .await;
        let u = match i {
            0 => {
                c.auth
                    .verify_totp_recovery_code("ab12-cd34", MFA_TOKEN)
                    .await
            }
            1 => {
                c.auth
                    .verify_app_sms_mfa("13800138000", "654321", MFA_TOKEN)
                    .await
            }
            _ => {
                c.auth
                    .verify_app_email_mfa("alice@example.com", "111222", MFA_TOKEN)
                    .await
            }
        }
        .unwrap();
        assert_eq!(u.id, "u1");
        let s = c.one().await;
        assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", p));
        assert_eq!(s.body, body, "{p}");
        s.assert_bearer(Some(MFA_TOKEN));
        assert_eq!(c.events(), vec![Some(t)], "{p}");
    }
}

#[tokio::test]
async fn a_used_recovery_code_is_6002() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/mfa/totp/recovery",
        json!({"code": 6002, "message": "恢复代码错误", "data": null}),
    )
    .await;
    let e = c
        .auth
        .verify_totp_recovery_code("ab12", MFA_TOKEN)
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        Some(authing_authentication::codes::WRONG_RECOVERY_CODE)
    );
}

#[tokio::test]
async fn authenticators_use_the_mfa_token_or_else_the_user_token() {
    let c = ctx().await;
    assert!(matches!(
        c.auth
            .get_mfa_authenticators(None, &MfaOptions::default())
            .await,
        Err(Error::NotLoggedIn)
    ));
    c.reply_rest(
        "GET",
        "/api/v2/mfa/authenticator",
        json!({"code": 200, "message": "ok", "data": [{
            "id": "a1", "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": null,
            "userId": "u1", "enable": true, "secret": "JBSWY3DPEHPK3PXP",
            "authenticatorType": "totp", "recoveryCode": "ab12-cd34", "extra": 1
        }]}),
    )
    .await;
    let list = c
        .auth
        .get_mfa_authenticators(Some(MFA_TOKEN), &MfaOptions::default())
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].user_id.as_deref(), Some("u1"));
    assert_eq!(
        list[0].secret.as_ref().map(Sensitive::expose),
        Some("JBSWY3DPEHPK3PXP")
    );
    assert!(!format!("{list:?}").contains("JBSWY3DPEHPK3PXP"));
    let s = c.one().await;
    assert_eq!(s.method, "GET");
    assert_eq!(
        s.query_params,
        vec![
            ("type".to_owned(), "totp".to_owned()),
            ("source".to_owned(), "SELF".to_owned())
        ]
    );
    s.assert_bearer(Some(MFA_TOKEN));

    let c = Ctx::logged_in("user-tok").await;
    c.reply_rest(
        "GET",
        "/api/v2/mfa/authenticator",
        json!({"code": 200, "message": "ok", "data": []}),
    )
    .await;
    let opts = MfaOptions {
        source: Some("APPLICATION".into()),
        ..Default::default()
    };
    assert!(
        c.auth
            .get_mfa_authenticators(None, &opts)
            .await
            .unwrap()
            .is_empty()
    );
    let s = c.one().await;
    s.assert_bearer(Some("user-tok"));
    assert_eq!(
        s.query_params[1],
        ("source".to_owned(), "APPLICATION".to_owned())
    );
}

#[tokio::test]
async fn associate_confirm_and_delete() {
    let c = Ctx::logged_in("user-tok").await;
    c.reply_rest(
        "POST",
        "/api/v2/mfa/totp/associate",
        json!({"code": 200, "message": "ok", "data": {
            "authenticator_type": "totp", "secret": "JBSWY3DPEHPK3PXP",
            "qrcode_uri": "otpauth://totp/x:alice?secret=JBSWY3DPEHPK3PXP",
            "qrcode_data_url": null, "recovery_code": "ab12-cd34"
        }}),
    )
    .await;
    c.reply_rest(
        "POST",
        "/api/v2/mfa/totp/associate/confirm",
        json!({"code": 200, "message": "TOTP MFA 绑定成功"}),
    )
    .await;
    c.reply_rest(
        "DELETE",
        "/api/v2/mfa/totp/associate",
        json!({"code": 200, "message": "TOTP MFA 解绑成功"}),
    )
    .await;
    let a = c
        .auth
        .associate_mfa_authenticator(None, &MfaOptions::default())
        .await
        .unwrap();
    assert_eq!(a.secret.expose(), "JBSWY3DPEHPK3PXP");
    assert_eq!(
        a.recovery_code.as_ref().map(Sensitive::expose),
        Some("ab12-cd34")
    );
    assert!(a.qrcode_data_url.is_none());
    assert!(!format!("{a:?}").contains("JBSWY3DPEHPK3PXP"));
    // The service's spelling is the same call.
    c.auth
        .assosicate_mfa_authenticator(Some(MFA_TOKEN), &MfaOptions::default())
        .await
        .unwrap();
    let m = c
        .auth
        .confirm_associate_mfa_authenticator("123456", None, &MfaOptions::default())
        .await
        .unwrap();
    assert_eq!(m.code, Some(200));
    c.auth.delete_mfa_authenticator().await.unwrap();

    let sent = c.sent().await;
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[0].path, "/api/v2/mfa/totp/associate");
    assert_eq!(
        sent[0].body,
        json!({"authenticatorType": "totp", "source": "SELF"})
    );
    sent[0].assert_bearer(Some("user-tok"));
    sent[1].assert_bearer(Some(MFA_TOKEN));
    assert_eq!(
        sent[2].body,
        json!({"authenticatorType": "totp", "source": "SELF", "totp": "123456"})
    );
    sent[2].assert_bearer(Some("user-tok"));
    assert_eq!(
        (sent[3].method.as_str(), sent[3].path.as_str()),
        ("DELETE", "/api/v2/mfa/totp/associate")
    );
    sent[3].assert_bearer(Some("user-tok"));
    assert_eq!(
        c.token().as_deref(),
        Some("user-tok"),
        "binding keeps the session"
    );
}

#[tokio::test]
async fn confirm_with_a_wrong_code_fails_with_6001() {
    let c = Ctx::logged_in("user-tok").await;
    c.reply_rest(
        "POST",
        "/api/v2/mfa/totp/associate/confirm",
        json!({"code": 6001, "message": "TOTP 验证码错误"}),
    )
    .await;
    let e = c
        .auth
        .confirm_associate_mfa_authenticator("000000", None, &MfaOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(authing_authentication::codes::WRONG_TOTP));
}

#[tokio::test]
async fn phone_or_email_bindable_sends_what_is_given() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/applications/mfa/check",
        json!({"code": 200, "message": "ok", "data": false}),
    )
    .await;
    assert!(
        !c.auth
            .phone_or_email_bindable(MFA_TOKEN, Some("13800138000"), None)
            .await
            .unwrap()
    );
    let s = c.one().await;
    assert_eq!(s.body, json!({"phone": "13800138000"}));
    s.assert_bearer(Some(MFA_TOKEN));
    assert!(matches!(
        c.auth
            .phone_or_email_bindable(MFA_TOKEN, None, Some(" "))
            .await,
        Err(Error::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn an_expired_mfa_token_is_2206() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/applications/mfa/sms/verify",
        json!({"code": 2206, "message": "mfaToken 已过期"}),
    )
    .await;
    let e = c
        .auth
        .verify_app_sms_mfa("13800138000", "123456", MFA_TOKEN)
        .await
        .unwrap_err();
    assert!(e.is_token_expired(), "{e:?}");
}
