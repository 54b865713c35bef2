//! QR-code login (app scan), black box over HTTP: gene, check, the phone controls
//! (scan, confirm, cancel), every status transition, expiry on the emulator clock,
//! and the single-use ticket exchanged for the user with a working token.

mod common;

use std::time::Duration;

use common::T;
use serde_json::{Value, json};

async fn setup() -> (T, String) {
    let t = common::start().await;
    let admin = t.admin().await;
    let id = t
        .create_user(
            &admin,
            json!({"username": "qr-user", "nickname": "QR", "photo": "https://x.io/p.png", "password": t.enc("pw-123456")}),
        )
        .await;
    (t, id)
}

async fn gene(t: &T) -> String {
    let v = t
        .rest_post(
            "/api/v2/qrcode/gene",
            json!({"autoMergeQrCode": false, "scene": "APP_AUTH"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    let random = v["data"]["random"].as_str().unwrap().to_string();
    assert_eq!(
        v["data"]["url"],
        t.url(&format!("/api/v2/qrcode/check?random={random}"))
    );
    assert!(v["data"].as_object().unwrap().contains_key("customLogo"));
    random
}

async fn check(t: &T, random: &str) -> Value {
    let v = t
        .rest_get(&format!("/api/v2/qrcode/check?random={random}"), None)
        .await;
    assert_eq!(v["code"], 200, "{v}");
    v["data"].clone()
}

async fn control(t: &T, random: &str, action: &str, body: Value) -> (u16, Value) {
    let r = t
        .http
        .post(t.url(&format!("/emulator/v1/qrcode/{random}/{action}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn userinfo(t: &T, ticket: &str) -> Value {
    t.rest_post("/api/v2/qrcode/userinfo", json!({"ticket": ticket}), None)
        .await
}

#[tokio::test]
async fn scan_confirm_and_exchange_once() {
    let (t, user_id) = setup().await;
    let random = gene(&t).await;
    let d = check(&t, &random).await;
    assert_eq!(d, json!({"random": random, "status": 0}));

    let (s, v) = control(&t, &random, "scan", json!({"userId": user_id})).await;
    assert_eq!((s, &v["data"]["status"]), (200, &json!(1)), "{v}");
    let d = check(&t, &random).await;
    assert_eq!(d["status"], 1);
    assert_eq!(
        d["userInfo"],
        json!({"nickname": "QR", "photo": "https://x.io/p.png"})
    );
    assert!(d.get("ticket").is_none());

    let (s, v) = control(&t, &random, "confirm", json!({})).await;
    assert_eq!((s, &v["data"]["status"]), (200, &json!(2)), "{v}");
    let d = check(&t, &random).await;
    assert_eq!(d["status"], 2);
    let ticket = d["ticket"].as_str().unwrap().to_string();

    let v = userinfo(&t, &ticket).await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["id"], user_id);
    assert_eq!(v["data"]["username"], "qr-user");
    assert_eq!(v["data"]["loginsCount"], 1);
    let token = v["data"]["token"].as_str().unwrap();
    let me = t.rest_get("/api/v2/users/me", Some(token)).await;
    assert_eq!(me["data"]["id"], user_id, "the token works: {me}");

    let again = userinfo(&t, &ticket).await;
    assert_eq!(again["code"], 400, "a ticket works once: {again}");
    assert!(again["data"].is_null());
}

#[tokio::test]
async fn cancel_from_unused_and_from_scanned() {
    let (t, user_id) = setup().await;
    let a = gene(&t).await;
    assert_eq!(control(&t, &a, "cancel", json!({})).await.0, 200);
    assert_eq!(check(&t, &a).await["status"], 3);
    let b = gene(&t).await;
    control(&t, &b, "scan", json!({"userId": user_id})).await;
    assert_eq!(control(&t, &b, "cancel", json!({})).await.0, 200);
    let d = check(&t, &b).await;
    assert_eq!(d["status"], 3);
    assert!(d.get("ticket").is_none() && d.get("userInfo").is_none());
    // nothing moves a cancelled code
    for (action, body) in [
        ("scan", json!({"userId": user_id})),
        ("confirm", json!({})),
        ("cancel", json!({})),
    ] {
        let (s, v) = control(&t, &b, action, body).await;
        assert_eq!(s, 400, "{action}: {v}");
        assert!(
            v["message"].as_str().unwrap().contains("status is 3"),
            "{v}"
        );
    }
}

#[tokio::test]
async fn invalid_transitions_are_refused() {
    let (t, user_id) = setup().await;
    let r = gene(&t).await;
    let (s, v) = control(&t, &r, "confirm", json!({})).await;
    assert_eq!(s, 400, "confirm before scan: {v}");
    let (s, _) = control(&t, &r, "scan", json!({"userId": "no-such-user"})).await;
    assert_eq!(s, 400);
    assert_eq!(
        check(&t, &r).await["status"],
        0,
        "a refused scan changes nothing"
    );
    control(&t, &r, "scan", json!({"userId": user_id})).await;
    let (s, _) = control(&t, &r, "scan", json!({"userId": user_id})).await;
    assert_eq!(s, 400, "scanned twice");
    let (s, _) = control(&t, "unknown", "scan", json!({"userId": user_id})).await;
    assert_eq!(s, 400);
    let (s, _) = control(&t, &r, "scan", json!({})).await;
    assert_eq!(s, 400, "userId is required");
    // unknown code, missing random, unsupported scene, empty ticket
    let v = t.rest_get("/api/v2/qrcode/check?random=nope", None).await;
    assert_eq!(v["code"], 400, "{v}");
    let v = t.rest_get("/api/v2/qrcode/check", None).await;
    assert_eq!(v["code"], 400, "{v}");
    let v = t
        .rest_post("/api/v2/qrcode/gene", json!({"scene": "WXAPP_AUTH"}), None)
        .await;
    assert_eq!(v["code"], 400, "{v}");
    assert_eq!(userinfo(&t, "").await["code"], 400);
    assert_eq!(userinfo(&t, "forged").await["code"], 400);
}

#[tokio::test]
async fn codes_expire_on_the_emulator_clock() {
    let (t, user_id) = setup().await;
    let unused = gene(&t).await;
    let scanned = gene(&t).await;
    control(&t, &scanned, "scan", json!({"userId": user_id})).await;
    t.emu.advance_clock(Duration::from_secs(119));
    assert_eq!(check(&t, &unused).await["status"], 0);
    assert_eq!(check(&t, &scanned).await["status"], 1);
    t.emu.advance_clock(Duration::from_secs(2));
    assert_eq!(check(&t, &unused).await["status"], -1);
    let d = check(&t, &scanned).await;
    assert_eq!(d["status"], -1);
    assert!(d.get("userInfo").is_none());
    let (s, v) = control(&t, &scanned, "confirm", json!({})).await;
    assert_eq!(s, 400, "an expired code cannot be confirmed: {v}");
    assert!(v["message"].as_str().unwrap().contains("status is -1"));
}

#[tokio::test]
async fn tickets_expire_and_handle_twins_play_the_phone() {
    let (t, user_id) = setup().await;
    let r = gene(&t).await;
    t.emu.qrcode_scan(&r, &user_id).unwrap();
    assert!(t.emu.qrcode_scan(&r, &user_id).is_err());
    t.emu.qrcode_confirm(&r).unwrap();
    assert!(
        t.emu.qrcode_cancel(&r).is_err(),
        "an authorized code cannot be cancelled"
    );
    let ticket = check(&t, &r).await["ticket"].as_str().unwrap().to_string();
    // authorized codes do not expire, their tickets do (300 s)
    t.emu.advance_clock(Duration::from_secs(301));
    assert_eq!(check(&t, &r).await["status"], 2);
    assert_eq!(userinfo(&t, &ticket).await["code"], 400);
    // a blocked user cannot scan
    let r2 = gene(&t).await;
    let admin = t.admin().await;
    t.ok(
        "mutation($id: String!) { updateUser(id: $id, input: {blocked: true}) { id } }",
        json!({"id": user_id}),
        Some(&admin),
    )
    .await;
    assert!(t.emu.qrcode_scan(&r2, &user_id).is_err());
}
