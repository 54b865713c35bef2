//! Token lifetimes, driven by the emulator clock: the management client refreshes its
//! own expired token and carries on; expired user tokens are reported as expired, by
//! the server (`AuthenticationClient::check_login_status`) and by the local check
//! (`ManagementClient::check_login_status`).

use std::time::Duration;

use authing::authentication::LoginOptions;
use authing::codes;
use authing::management::{ListOptions, ManagementClient};
use authing_e2e::{Target, register_and_login, require_controls, skip};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::Value;

const DAY: Duration = Duration::from_secs(24 * 3600);

#[tokio::test]
async fn management_client_refreshes_its_expired_token_and_carries_on() {
    let t = Target::start_exclusive().await;
    require_controls!(t);
    let m = t.management();
    let before = m
        .users()
        .list(&ListOptions::new(1, 10))
        .await
        .unwrap()
        .total_count;

    // Two more clients holding one token fetched outside the SDK: one with the secret
    // (may refresh), one without (may not).
    let token = t.admin_token().await;
    let may_refresh = t.management_builder().access_token(&token).build().unwrap();
    let fixed = ManagementClient::builder()
        .host(t.url())
        .user_pool_id(t.user_pool_id())
        .access_token(&token)
        .build()
        .unwrap();
    for c in [&may_refresh, &fixed] {
        c.userpool().detail().await.unwrap();
    }

    t.advance_clock(8 * DAY).await; // management tokens live 7 days

    let e = fixed.userpool().detail().await.unwrap_err();
    let e2 = fixed.roles().list(&Default::default()).await.unwrap_err();
    for (what, e) in [("a fixed token expires", e), ("and stays expired", e2)] {
        if t.in_process().is_some() {
            assert!(e.is_token_expired(), "{what}: {e:?}");
        } else {
            assert!(
                e.is_token_expired() || e.is_token_invalid(),
                "{what}: {e:?}"
            );
        }
    }

    for (name, c) in [("own token", &m), ("given token + secret", &may_refresh)] {
        let user = c
            .users()
            .create(
                &authing::management::CreateUserInput {
                    username: Some(Target::unique("after")),
                    ..Default::default()
                },
                &Default::default(),
            )
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(
            c.users().detail(&user.id).await.unwrap().is_some(),
            "{name}"
        );
    }
    assert_eq!(
        m.users()
            .list(&ListOptions::new(1, 10))
            .await
            .unwrap()
            .total_count,
        before + 2
    );

    // and again, a second expiry later
    t.advance_clock(8 * DAY).await;
    assert_eq!(
        m.users()
            .list(&ListOptions::new(1, 10))
            .await
            .unwrap()
            .total_count,
        before + 2
    );
}

#[tokio::test]
async fn user_tokens_expire_by_the_server_clock() {
    let t = Target::start_exclusive().await;
    require_controls!(t);
    t.restore_pool_settings().await; // a shared server may have been left changed
    let rows = [
        ("default lifetime (15 days)", None, 16 * DAY),
        ("pool lifetime of 60 s", Some(60), Duration::from_secs(61)),
    ];
    for (what, lifetime, wait) in rows {
        if let Some(secs) = lifetime {
            t.pool_settings(serde_json::json!({ "tokenExpiresAfter": secs }))
                .await;
        }
        let auth = t.authentication();
        register_and_login(&auth, &Target::unique("exp"), "Secr3t-pw").await;
        assert_eq!(
            auth.check_login_status(None).await.unwrap().status,
            Some(true),
            "{what}"
        );

        t.advance_clock(wait).await;
        let status = auth.check_login_status(None).await.unwrap();
        assert_eq!(status.status, Some(false), "{what}: {status:?}");
        assert_eq!(
            status.code,
            Some(authing::codes::TOKEN_EXPIRED),
            "{what}: {status:?}"
        );
        let e = auth.get_current_user().await.unwrap_err();
        if t.in_process().is_some() {
            assert!(e.is_token_expired(), "{what}: {e:?}");
        } else {
            assert!(
                e.is_token_expired() || e.is_not_logged_in(),
                "{what}: {e:?}"
            );
        }
        // an expired token cannot be refreshed
        t.assert_code(auth.refresh_token().await, codes::TOKEN_EXPIRED);

        // logging in again gives a working session
        let name = auth
            .current_user()
            .and_then(|u| u.username)
            .expect("user kept");
        auth.login_by_username(&name, "Secr3t-pw", &LoginOptions::default())
            .await
            .unwrap();
        assert_eq!(
            auth.check_login_status(None).await.unwrap().status,
            Some(true),
            "{what}"
        );
    }
    t.restore_pool_settings().await;
}

/// Re-signs `token` with `key` after changing its `exp` by `shift` seconds.
fn resign(token: &str, key: &str, shift: i64) -> String {
    // The old signature does not matter: the token is signed anew below.
    let mut claims: Value = jsonwebtoken::dangerous::insecure_decode(token)
        .unwrap()
        .claims;
    claims["exp"] = (claims["exp"].as_i64().unwrap() + shift).into();
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(key.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn management_check_login_status_verifies_signature_and_expiry() {
    let t = Target::start().await;
    let Some(emu) = t.in_process() else {
        skip!("forging tokens needs the in-process emulator's jwt secret");
    };
    let m = t.management();
    let auth = t.authentication();
    let id = register_and_login(&auth, &Target::unique("chk"), "Secr3t-pw").await;
    let token = auth.token().unwrap().expose().to_owned();

    let status = m.check_login_status(&token, false).await.unwrap();
    assert_eq!(status.claims().and_then(|c| c.user_id()), Some(id.as_str()));
    let status = m
        .check_login_status(&format!("Bearer {token}"), true)
        .await
        .unwrap();
    assert_eq!(status.user().map(|u| u.id.as_str()), Some(id.as_str()));

    let far_past = -100 * 24 * 3600;
    let rows = [
        ("expired", resign(&token, emu.jwt_secret(), far_past)),
        (
            "signed with another key",
            resign(&token, "not-the-pool-secret", 0),
        ),
        ("not a JWT", "abc.def".to_owned()),
        ("empty", String::new()),
    ];
    let expected = [
        codes::TOKEN_EXPIRED,
        codes::TOKEN_INVALID,
        codes::TOKEN_INVALID,
        codes::TOKEN_INVALID,
    ];
    for ((what, bad), code) in rows.into_iter().zip(expected) {
        let status = m.check_login_status(&bad, false).await.unwrap();
        assert_eq!(status.invalid_code(), Some(code), "{what}: {status:?}");
    }

    // The local check reads the machine clock: after the emulator's clock moved past
    // `exp` it still says valid; `check_login_status_at` verifies at the server's time.
    emu.advance_clock(Duration::from_secs(16 * 24 * 3600));
    assert!(
        m.check_login_status(&token, false)
            .await
            .unwrap()
            .is_valid()
    );
    let later = std::time::SystemTime::now() + Duration::from_secs(16 * 24 * 3600);
    let status = m.check_login_status_at(&token, false, later).await.unwrap();
    assert_eq!(
        status.invalid_code(),
        Some(codes::TOKEN_EXPIRED),
        "{status:?}"
    );

    // a deleted user's valid token
    m.users().delete(&id).await.unwrap();
    let status = m.check_login_status(&token, true).await.unwrap();
    assert_eq!(
        status.invalid_code(),
        Some(codes::USER_NOT_FOUND),
        "{status:?}"
    );
}
