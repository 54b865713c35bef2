//! The management key and the sessions kept across a password change live in the data
//! file: they survive a restart, and a version-1 file (which had no management key) gets
//! one of its own, so `jwtSecret` never signs management tokens.

mod common;

use std::path::{Path, PathBuf};

use authing_emulator::Emulator;
use base64::Engine as _;
use serde_json::{Value, json};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1.json");
const ME: &str = "{ user { id } }";
const ADMIN_CALL: &str = "{ users(page: 1, limit: 1) { totalCount } }";

fn temp_path(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "authing-emu-sess-{name}-{}-{nanos}.json",
        std::process::id()
    ))
}

async fn start(path: &Path) -> common::T {
    common::wrap(
        Emulator::builder()
            .data_file(path.to_path_buf())
            .start()
            .await
            .unwrap(),
    )
}

/// The token's claims re-signed with `key`.
fn resign(token: &str, key: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(key.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn management_key_and_kept_session_survive_a_restart() {
    let path = temp_path("restart");
    let t = start(&path).await;
    let admin = t.admin().await;
    let (uid, mine) = t.register("keeper", "pw-123456").await;
    let other = t.login("keeper", "pw-123456").await;
    t.ok(
        "mutation($n: String!, $o: String) { updatePassword(newPassword: $n, oldPassword: $o) { id } }",
        json!({"n": t.enc("pw-654321"), "o": t.enc("pw-123456")}),
        Some(&mine),
    )
    .await;
    let text = {
        let common::T { emu, .. } = t;
        emu.stop().await.unwrap();
        std::fs::read_to_string(&path).unwrap()
    };
    assert!(text.contains("managementSecret"), "{text}");
    assert!(text.contains("keptSessions"), "{text}");

    let t = start(&path).await;
    assert!(
        t.gql(ADMIN_CALL, json!({}), Some(&admin))
            .await
            .get("errors")
            .is_none()
    );
    assert_eq!(
        t.ok(ME, json!({}), Some(&mine)).await["user"]["id"],
        uid.as_str()
    );
    assert_eq!(t.code(ME, json!({}), Some(&other)).await, 2207);
    let forged = resign(&admin, t.emu.jwt_secret());
    assert_eq!(
        common::authing_code(&t.gql(ADMIN_CALL, json!({}), Some(&forged)).await),
        Some(2207)
    );
    // a kick ends the kept session too
    let v = t
        .rest_post(
            "/api/v2/users/kick",
            json!({"userIds": [uid]}),
            Some(&admin),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(t.code(ME, json!({}), Some(&mine)).await, 2207);
    drop(t);
    std::fs::remove_file(&path).ok();
}

#[tokio::test]
async fn version_1_file_gets_its_own_management_key() {
    let fixture = std::fs::read_to_string(FIXTURE).unwrap();
    assert!(!fixture.contains("managementSecret"));
    let path = temp_path("v1");
    std::fs::write(&path, &fixture).unwrap();
    let t = start(&path).await;
    let admin = t.admin().await;
    assert!(
        t.gql(ADMIN_CALL, json!({}), Some(&admin))
            .await
            .get("errors")
            .is_none()
    );
    // signed with the new key, not with the file's jwtSecret
    let forged = resign(&admin, t.emu.jwt_secret());
    assert_ne!(forged, admin);
    assert_eq!(
        common::authing_code(&t.gql(ADMIN_CALL, json!({}), Some(&forged)).await),
        Some(2207)
    );
    t.emu.save().unwrap();
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let key = saved["pool"]["managementSecret"].as_str().unwrap();
    assert!(
        key.len() >= 32 && key != saved["pool"]["jwtSecret"],
        "{key}"
    );
    drop(t);
    std::fs::remove_file(&path).ok();
}
