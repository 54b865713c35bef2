//! Issue 11, the new library-handle controls agreed in emu-api.md: `update_pool` /
//! `PoolPatch`, `inject_fault` / `Fault` / `clear_faults`, `control_token` (builder and
//! handle). This file does not compile until those items exist; everything else of
//! issue 11 is in files that compile today.

mod common;

use std::time::Duration;

use authing_emulator::{Emulator, Fault, PoolPatch};
use serde_json::{Value, json};

fn claims_of(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn update_pool_changes_registration_and_token_lifetime() {
    let t = common::start().await;
    t.emu
        .update_pool(PoolPatch::default().register_disabled(true))
        .unwrap();
    let reg =
        "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id token } }";
    let i =
        json!({"i": {"username": "closed", "password": t.enc("pw-123456"), "generateToken": true}});
    assert_eq!(t.code(reg, i.clone(), None).await, 2031);
    t.emu
        .update_pool(
            PoolPatch::default()
                .register_disabled(false)
                .token_expires_after(Duration::from_secs(120)),
        )
        .unwrap();
    let tok = t.ok(reg, i, None).await["registerByUsername"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let c = claims_of(&tok);
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 120);
    t.emu.advance_clock(Duration::from_secs(121));
    assert_eq!(t.code("{ user { id } }", json!({}), Some(&tok)).await, 2206);
}

#[tokio::test]
async fn update_pool_email_verified_default_and_verify_old_phone() {
    let t = common::start().await;
    t.emu
        .update_pool(
            PoolPatch::default()
                .email_verified_default(true)
                .verify_old_phone(true)
                .verify_old_email(false),
        )
        .unwrap();
    let d = t
        .ok(
            "mutation($i: RegisterByEmailInput!) { registerByEmail(input: $i) { emailVerified token } }",
            json!({"i": {"email": "dv@x.io", "password": t.enc("pw-123456"), "generateToken": true}}),
            None,
        )
        .await;
    assert_eq!(d["registerByEmail"]["emailVerified"], true);
    // verify_old_phone: updatePhone without the old phone's code is refused
    let tok = d["registerByEmail"]["token"].as_str().unwrap().to_string();
    t.emu
        .update_pool(PoolPatch::default().code_resend_interval(Duration::ZERO))
        .unwrap();
    let c = t.send_sms("13600000001").await;
    t.ok(
        "mutation($p: String!, $c: String!) { bindPhone(phone: $p, phoneCode: $c) { phone } }",
        json!({"p": "13600000001", "c": c}),
        Some(&tok),
    )
    .await;
    let c = t.send_sms("13600000002").await;
    let v = t
        .gql(
            "mutation($p: String!, $c: String!) { updatePhone(phone: $p, phoneCode: $c) { phone } }",
            json!({"p": "13600000002", "c": c}),
            Some(&tok),
        )
        .await;
    assert!(
        common::authing_code(&v).is_some(),
        "old phone not verified: {v}"
    );
}

#[tokio::test]
async fn code_resend_interval_is_settable() {
    let t = common::start().await;
    let send = |p: &'static str| t.rest_post("/api/v2/sms/send", json!({"phone": p}), None);
    assert_eq!(send("13600000003").await["code"], 200);
    assert_eq!(send("13600000003").await["code"], 2100);
    t.emu
        .update_pool(PoolPatch::default().code_resend_interval(Duration::ZERO))
        .unwrap();
    assert_eq!(send("13600000003").await["code"], 200);
    assert_eq!(send("13600000003").await["code"], 200);
    t.emu
        .update_pool(PoolPatch::default().code_resend_interval(Duration::from_secs(10)))
        .unwrap();
    assert_eq!(send("13600000004").await["code"], 200);
    assert_eq!(send("13600000004").await["code"], 2100);
    t.emu.advance_clock(Duration::from_secs(11));
    assert_eq!(send("13600000004").await["code"], 200);
}

async fn typename(t: &common::T) -> reqwest::Response {
    t.http
        .post(t.url("/graphql/v2"))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn inject_fault_status_retry_after_count_path_body() {
    let t = common::start().await;
    t.emu
        .inject_fault(Fault::status(503).retry_after(7).count(2).path("/graphql"))
        .unwrap();
    // other paths are not affected
    let v = t.rest_get("/api/v2/.well-known", None).await;
    assert_ne!(v["code"], 503, "{v}");
    for _ in 0..2 {
        let r = typename(&t).await;
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "7");
    }
    assert_eq!(typename(&t).await.status(), 200);

    t.emu
        .inject_fault(Fault::status(500).body("boom".to_string()))
        .unwrap();
    let r = typename(&t).await;
    assert_eq!(r.status(), 500);
    assert_eq!(r.text().await.unwrap(), "boom");
    assert_eq!(typename(&t).await.status(), 200);

    // a pure delay is served normally afterwards
    t.emu
        .inject_fault(Fault::delay(Duration::from_millis(20)))
        .unwrap();
    assert_eq!(typename(&t).await.status(), 200);
}

#[tokio::test]
async fn clear_faults_and_reset_drop_pending_faults() {
    let t = common::start().await;
    t.emu.inject_fault(Fault::status(502).count(5)).unwrap();
    t.emu.clear_faults();
    assert_eq!(typename(&t).await.status(), 200);
    t.emu.inject_fault(Fault::status(502).count(5)).unwrap();
    t.emu.reset();
    assert_eq!(typename(&t).await.status(), 200);
    let v = t.rest_get("/emulator/v1/faults", None).await;
    assert_eq!(v["data"], json!([]), "{v}");
}

#[tokio::test]
async fn control_token_guards_every_control() {
    let emu = Emulator::builder()
        .control_token("s3cret-control".to_string())
        .start()
        .await
        .unwrap();
    assert_eq!(emu.control_token(), Some("s3cret-control"));
    let info: Value = serde_json::from_str(&emu.info_json()).unwrap();
    assert_eq!(info["controlToken"], "s3cret-control");
    let t = common::wrap(emu);
    for path in [
        "/emulator/v1/info",
        "/emulator/v1/outbox",
        "/emulator/v1/clock",
    ] {
        let r = t.http.get(t.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path} without token");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["code"], 401, "{v}");
        let r = t
            .http
            .get(t.url(path))
            .header("x-emulator-control-token", "wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{path} with a wrong token");
        let r = t
            .http
            .get(t.url(path))
            .header("x-emulator-control-token", "s3cret-control")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path} with the token");
    }
    let r = t
        .http
        .post(t.url("/emulator/v1/reset"))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // the Authing API itself needs no control token
    assert_eq!(typename(&t).await.status(), 200);
}

#[tokio::test]
async fn loopback_emulator_has_no_control_token_by_default() {
    let t = common::start().await;
    assert_eq!(t.emu.control_token(), None);
    let info: Value = serde_json::from_str(&t.emu.info_json()).unwrap();
    assert!(info.get("controlToken").is_none(), "{info}");
    let r = t.http.get(t.url("/emulator/v1/info")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
