//! `client.userpool()`.

use authing_management::operations::USERPOOL;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn detail_decodes_every_field_and_redacts_secrets() {
    let (pool, vars) = call(&USERPOOL, userpool_json(), |c| async move {
        c.userpool().detail().await
    })
    .await;
    assert_eq!(vars, json!({}));
    assert_eq!(pool.id, POOL);
    assert_eq!(pool.jwt_secret.expose(), JWT_SECRET);
    assert_eq!(pool.token_expires_after, Some(1_296_000));
    assert_eq!(
        pool.app2_wxapp_login_strategy
            .as_ref()
            .unwrap()
            .ticket_expires_after,
        Some(300)
    );
    assert_eq!(pool.whitelist.as_ref().unwrap().email_enabled, Some(true));
    assert_eq!(pool.show_wx_qr_code_when_register_disabled, Some(true));
    assert_eq!(
        pool.custom_sms_provider
            .as_ref()
            .unwrap()
            .provider
            .as_deref(),
        Some("aliyun")
    );
    let d = format!("{pool:?}");
    for secret in [SECRET, JWT_SECRET, "sms-key-123"] {
        assert!(!d.contains(secret), "{d}");
    }
}
