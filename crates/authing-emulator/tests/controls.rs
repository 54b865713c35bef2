//! Issue 11, emulator controls (`/emulator/v1/*`): Host check, JSON content type, clock
//! arithmetic, reset restores the clock. Plain HTTP; handle-API twins live in
//! `handle_api.rs`.

mod common;

use std::time::Duration;

use common::T;
use serde_json::{Value, json};

async fn clock_offset(t: &T) -> i64 {
    let v = t.rest_get("/emulator/v1/clock", None).await;
    assert_eq!(v["code"], 200, "{v}");
    v["data"]["offsetMs"].as_i64().expect("offsetMs")
}

async fn post_clock(t: &T, body: &str) -> (u16, Value) {
    let resp = t
        .http
        .post(t.url("/emulator/v1/clock"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("connection dropped for {body}: {e}"));
    let status = resp.status().as_u16();
    let v = resp.json().await.expect("JSON envelope");
    (status, v)
}

fn port(t: &T) -> u16 {
    t.emu.url().rsplit(':').next().unwrap().parse().unwrap()
}

async fn get_with_host(t: &T, path: &str, host: &str) -> u16 {
    t.http
        .get(t.url(path))
        .header("host", host)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Today FAILS: controls answer whatever `Host` the request names (DNS rebinding).
#[tokio::test]
async fn controls_refuse_a_foreign_host() {
    let t = common::start().await;
    for path in [
        "/emulator/v1/info",
        "/emulator/v1/outbox",
        "/emulator/v1/clock",
    ] {
        assert_eq!(get_with_host(&t, path, "evil.example").await, 403, "{path}");
        let evil_port = format!("evil.example:{}", port(&t));
        assert_eq!(get_with_host(&t, path, &evil_port).await, 403, "{path}");
    }
    let resp = t
        .http
        .post(t.url("/emulator/v1/reset"))
        .header("host", "evil.example")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let v: Value = resp.json().await.expect("403 is an envelope");
    assert_eq!(v["code"], 403, "{v}");
}

/// Regression guard: loopback names and the bound address are accepted.
#[tokio::test]
async fn controls_accept_loopback_hosts() {
    let t = common::start().await;
    let p = port(&t);
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        "localhost".to_string(),
    ] {
        assert_eq!(
            get_with_host(&t, "/emulator/v1/info", &host).await,
            200,
            "{host}"
        );
    }
}

/// Today FAILS: reset accepts any content type (a cross-site form post can wipe state).
#[tokio::test]
async fn reset_requires_json_content_type_and_keeps_state() {
    let t = common::start().await;
    let (uid, tok) = t.register("keepme", "pw-123456").await;
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let resp = t
            .http
            .post(t.url("/emulator/v1/reset"))
            .header("content-type", ct)
            .body("")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 415, "reset with {ct}");
    }
    // state intact
    let d = t.ok("{ user { id } }", json!({}), Some(&tok)).await;
    assert_eq!(d["user"]["id"], uid.as_str());
    // other control writes too
    let resp = t
        .http
        .post(t.url("/emulator/v1/clock"))
        .header("content-type", "text/plain")
        .body(r#"{"advanceSeconds": 10}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415);
    assert_eq!(clock_offset(&t).await, 0);
    // and with JSON it works
    let resp = t
        .http
        .post(t.url("/emulator/v1/reset"))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

/// Today FAILS: `1e300` passes the `is_finite` check and overflows the clock offset
/// (debug: panic, dropped connection).
#[tokio::test]
async fn absurd_clock_advance_is_refused_and_clock_unchanged() {
    let t = common::start().await;
    let (_, tok) = t.register("clock", "pw-123456").await;
    for body in [
        r#"{"advanceSeconds": 1e300}"#,
        r#"{"advanceSeconds": -1e300}"#,
        r#"{"advanceSeconds": 9.3e15}"#,
        // more than 100 years
        r#"{"advanceSeconds": 4000000000}"#,
        r#"{"advanceSeconds": -4000000000}"#,
    ] {
        let (status, v) = post_clock(&t, body).await;
        assert_eq!(status, 400, "{body}: {v}");
        assert_eq!(v["code"], 400, "{v}");
        assert_eq!(clock_offset(&t).await, 0, "{body} moved the clock");
    }
    // still serving, token still valid
    t.ok("{ user { id } }", json!({}), Some(&tok)).await;
}

/// Today FAILS: negative `advanceSeconds` is refused; the agreed API rewinds.
#[tokio::test]
async fn negative_advance_rewinds_the_clock() {
    let t = common::start().await;
    let (status, _) = post_clock(&t, r#"{"advanceSeconds": 100}"#).await;
    assert_eq!(status, 200);
    assert_eq!(clock_offset(&t).await, 100_000);
    let (status, v) = post_clock(&t, r#"{"advanceSeconds": -40}"#).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["offsetMs"], 60_000, "{v}");
    assert_eq!(clock_offset(&t).await, 60_000);
}

/// Today FAILS: `POST /emulator/v1/reset` keeps the clock offset.
#[tokio::test]
async fn http_reset_restores_the_clock() {
    let t = common::start().await;
    post_clock(&t, r#"{"advanceSeconds": 3600}"#).await;
    assert_eq!(clock_offset(&t).await, 3_600_000);
    let resp = t
        .http
        .post(t.url("/emulator/v1/reset"))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(clock_offset(&t).await, 0);
}

/// Today FAILS: `Emulator::reset()` keeps the clock offset (handle API, existing names).
#[tokio::test]
async fn handle_reset_restores_the_clock() {
    let t = common::start().await;
    t.emu.advance_clock(Duration::from_secs(7200));
    assert_eq!(clock_offset(&t).await, 7_200_000);
    t.emu.reset();
    assert_eq!(clock_offset(&t).await, 0);
}
