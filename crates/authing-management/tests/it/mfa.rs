//! `client.mfa()`: `get_status`, `unassociate_mfa`, `import_totp` (REST, management token).

use authing_management::{Error, MfaType};
use serde_json::json;

use wiremock::ResponseTemplate;

use crate::common::*;

#[tokio::test]
async fn get_status_reads_otp_and_face() {
    let (s, sent) = rest_call(
        "GET",
        "/api/v2/users/u%201/mfa-bound",
        envelope(json!({"OTP": true, "FACE": false, "OTHER": 1})),
        |c| async move { c.mfa().get_status("u 1").await },
    )
    .await;
    let s = s.unwrap();
    assert!(s.otp && !s.face);
    assert!(sent.query.is_empty() && sent.body.is_none());
}

#[tokio::test]
async fn get_status_of_an_unknown_user_is_2004() {
    let (r, _) = rest_call(
        "GET",
        "/api/v2/users/nope/mfa-bound",
        rest_error(2004, "用户不存在"),
        |c| async move { c.mfa().get_status("nope").await },
    )
    .await;
    assert!(r.unwrap_err().is_user_not_found());
}

#[tokio::test]
async fn unassociate_sends_the_type() {
    for (kind, wire) in [(MfaType::Otp, "OTP"), (MfaType::Face, "FACE")] {
        let (m, sent) = rest_call(
            "DELETE",
            "/api/v2/users/u1/mfa-bound",
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "message": "解绑成功", "data": null})),
            |c| async move { c.mfa().unassociate_mfa("u1", kind).await },
        )
        .await;
        assert_eq!(m.unwrap().code, Some(200));
        assert_eq!(sent.query, vec![("type".to_owned(), wire.to_owned())]);
    }
    let (r, _) = rest_call(
        "DELETE",
        "/api/v2/users/u1/mfa-bound",
        rest_error(2219, "未绑定"),
        |c| async move { c.mfa().unassociate_mfa("u1", MfaType::Otp).await },
    )
    .await;
    assert_eq!(r.unwrap_err().code(), Some(2219));
}

#[tokio::test]
async fn import_totp_sends_the_secret_and_hides_it() {
    let (t, sent) = rest_call(
        "POST",
        "/api/v2/mfa/totp/import",
        envelope(
            json!({"id": "a1", "userId": "u1", "secret": "JBSWY3DPEHPK3PXP",
                        "recoveryCode": "ab12-cd34", "authenticatorType": "totp"}),
        ),
        |c| async move {
            c.mfa()
                .import_totp("u1", "JBSWY3DPEHPK3PXP", Some("ab12-cd34"))
                .await
        },
    )
    .await;
    let t = t.unwrap();
    assert_eq!(t.user_id, "u1");
    assert_eq!(
        t.recovery_code.as_ref().map(|r| r.expose()),
        Some("ab12-cd34")
    );
    assert!(!format!("{t:?}").contains("JBSWY3DPEHPK3PXP"));
    assert_eq!(
        sent.body,
        Some(json!({"userId": "u1", "secret": "JBSWY3DPEHPK3PXP", "recoveryCode": "ab12-cd34"}))
    );

    // Without a recovery code the member is left out.
    let (_, sent) = rest_call(
        "POST",
        "/api/v2/mfa/totp/import",
        envelope(json!({"userId": "u1"})),
        |c| async move { c.mfa().import_totp("u1", "JBSWY3DPEHPK3PXP", None).await },
    )
    .await;
    assert_eq!(
        sent.body,
        Some(json!({"userId": "u1", "secret": "JBSWY3DPEHPK3PXP"}))
    );
}

#[tokio::test]
async fn blank_arguments_send_nothing() {
    let (_, client) = env().await;
    assert!(matches!(
        client.mfa().get_status(" ").await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        client.mfa().import_totp("u1", "", None).await,
        Err(Error::InvalidArgument(_))
    ));
}
