//! Issue 11, verification codes: bound to channel and purpose, replaced by a new send,
//! burnt by five wrong tries, rate-limited per recipient.
//!
//! "Too frequent" code: the catalog (§6.2) has no code for a verification-code resend;
//! its nearest entry is 2100 ("registering too often"), which emu-api.md also names, so
//! a resend inside the interval is asserted to answer 2100.

mod common;

use std::time::Duration;

use common::T;
use serde_json::{Value, json};

const LOGIN_PHONE_CODE: &str =
    "mutation($i: LoginByPhoneCodeInput!) { loginByPhoneCode(input: $i) { id phone token } }";
const RESET: &str = "mutation($p: String, $e: String, $c: String!, $n: String!) { resetPassword(phone: $p, email: $e, code: $c, newPassword: $n) { code message } }";
const SEND_EMAIL: &str =
    "mutation($e: String!, $s: EmailScene!) { sendEmail(email: $e, scene: $s) { code message } }";
const LOGIN_EMAIL: &str = "mutation($i: LoginByEmailInput!) { loginByEmail(input: $i) { id } }";

/// Sends an SMS (REST, as the SDKs do) and returns the envelope.
async fn sms(t: &T, phone: &str) -> Value {
    t.rest_post("/api/v2/sms/send", json!({"phone": phone}), None)
        .await
}

async fn email(t: &T, to: &str, scene: &str) -> Value {
    t.gql(SEND_EMAIL, json!({"e": to, "s": scene}), None).await
}

/// A 6-digit code different from `c`.
fn wrong(c: &str, i: u32) -> String {
    let n: u32 = c.parse().unwrap_or(0);
    format!("{:06}", (n + 1 + i) % 1_000_000)
}

async fn phone_login(t: &T, phone: &str, code: &str) -> Value {
    t.gql(
        LOGIN_PHONE_CODE,
        json!({"i": {"phone": phone, "code": code}}),
        None,
    )
    .await
}

/// Today FAILS: a code e-mailed to an address is accepted as an SMS code for a "phone"
/// with the same text (the outbox lookup ignores the channel).
#[tokio::test]
async fn email_code_is_not_an_sms_code() {
    let t = common::start().await;
    let admin = t.admin().await;
    let e = "cross@x.io";
    assert_eq!(
        email(&t, e, "VERIFY_CODE").await["data"]["sendEmail"]["code"],
        200
    );
    let code = t.emu.latest_code(e).unwrap();
    let v = phone_login(&t, e, &code).await;
    assert!(
        common::authing_code(&v).is_some(),
        "email code logged in by phone: {v}"
    );
    let d = t
        .ok(
            "query($p: String) { isUserExists(phone: $p) }",
            json!({"p": e}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["isUserExists"], false);
}

/// Today FAILS: an SMS code resets a password through the `email` argument.
#[tokio::test]
async fn sms_code_is_not_an_email_code() {
    let t = common::start().await;
    let admin = t.admin().await;
    let phone = "13800000001";
    t.create_user(
        &admin,
        json!({"username": "chan", "phone": phone, "password": t.enc("old-pw-1")}),
    )
    .await;
    assert_eq!(sms(&t, phone).await["code"], 200);
    let code = t.emu.latest_code(phone).unwrap();
    let v = t
        .gql(
            RESET,
            json!({"e": phone, "c": code, "n": t.enc("new-pw-1")}),
            None,
        )
        .await;
    assert!(
        common::authing_code(&v).is_some(),
        "SMS code used as email code: {v}"
    );
    // password unchanged
    t.ok(
        "mutation($i: LoginByPhonePasswordInput!) { loginByPhonePassword(input: $i) { id } }",
        json!({"i": {"phone": phone, "password": t.enc("old-pw-1")}}),
        None,
    )
    .await;
}

/// Today FAILS: an email code sent for VERIFY_EMAIL resets a password (purpose ignored).
/// Regression part: a RESET_PASSWORD code does reset it.
#[tokio::test]
async fn email_code_is_bound_to_its_scene() {
    let t = common::start().await;
    let admin = t.admin().await;
    let e = "scene@x.io";
    t.create_user(&admin, json!({"email": e, "password": t.enc("old-pw-1")}))
        .await;
    email(&t, e, "VERIFY_EMAIL").await;
    let verify_code = t.emu.latest_code(e).unwrap();
    assert_eq!(
        t.code(
            RESET,
            json!({"e": e, "c": verify_code, "n": t.enc("new-pw-1")}),
            None
        )
        .await,
        2001
    );
    t.emu.advance_clock(Duration::from_secs(61));
    email(&t, e, "RESET_PASSWORD").await;
    let reset_code = t.emu.latest_code(e).unwrap();
    let d = t
        .ok(
            RESET,
            json!({"e": e, "c": reset_code, "n": t.enc("new-pw-1")}),
            None,
        )
        .await;
    assert_eq!(d["resetPassword"]["code"], 200);
    t.ok(
        LOGIN_EMAIL,
        json!({"i": {"email": e, "password": t.enc("new-pw-1")}}),
        None,
    )
    .await;
}

/// Today FAILS: an older code stays valid after a new one is sent to the same phone.
#[tokio::test]
async fn new_send_replaces_older_codes() {
    let t = common::start().await;
    let phone = "13800000002";
    sms(&t, phone).await;
    let first = t.emu.latest_code(phone).unwrap();
    t.emu.advance_clock(Duration::from_secs(61));
    assert_eq!(sms(&t, phone).await["code"], 200);
    let second = t.emu.latest_code(phone).unwrap();
    if first != second {
        let v = phone_login(&t, phone, &first).await;
        assert_eq!(
            common::authing_code(&v),
            Some(2001),
            "old code still valid: {v}"
        );
    }
    let v = phone_login(&t, phone, &second).await;
    assert_eq!(v["data"]["loginByPhoneCode"]["phone"], phone, "{v}");
}

/// Today FAILS: after five wrong tries the right code still works.
#[tokio::test]
async fn five_wrong_tries_burn_the_code() {
    let t = common::start().await;
    let phone = "13800000003";
    sms(&t, phone).await;
    let code = t.emu.latest_code(phone).unwrap();
    for i in 0..5 {
        let v = phone_login(&t, phone, &wrong(&code, i)).await;
        assert_eq!(common::authing_code(&v), Some(2001), "try {i}: {v}");
    }
    let v = phone_login(&t, phone, &code).await;
    assert_eq!(
        common::authing_code(&v),
        Some(2001),
        "burnt code accepted: {v}"
    );
    let v = phone_login(&t, phone, &code).await;
    assert_eq!(
        common::authing_code(&v),
        Some(2001),
        "burnt code accepted: {v}"
    );
}

/// Regression guard: four wrong tries leave the code usable.
#[tokio::test]
async fn four_wrong_tries_leave_the_code_usable() {
    let t = common::start().await;
    let phone = "13800000004";
    sms(&t, phone).await;
    let code = t.emu.latest_code(phone).unwrap();
    for i in 0..4 {
        let v = phone_login(&t, phone, &wrong(&code, i)).await;
        assert_eq!(common::authing_code(&v), Some(2001), "try {i}: {v}");
    }
    let v = phone_login(&t, phone, &code).await;
    assert_eq!(v["data"]["loginByPhoneCode"]["phone"], phone, "{v}");
}

/// Today FAILS: an immediate resend is accepted. Default interval 60 s (emulator clock):
/// the resend answers 2100 and queues nothing; after 61 s it works.
#[tokio::test]
async fn resend_within_the_interval_fails() {
    let t = common::start().await;
    let phone = "13800000005";
    assert_eq!(sms(&t, phone).await["code"], 200);
    let v = sms(&t, phone).await;
    assert_eq!(v["code"], 2100, "immediate SMS resend: {v}");
    t.emu.advance_clock(Duration::from_secs(30));
    assert_eq!(sms(&t, phone).await["code"], 2100);
    assert_eq!(t.emu.outbox().len(), 1, "a refused send queued a code");
    t.emu.advance_clock(Duration::from_secs(31));
    assert_eq!(sms(&t, phone).await["code"], 200);
    assert_eq!(t.emu.outbox().len(), 2);

    // email: same rule
    let e = "often@x.io";
    assert_eq!(
        email(&t, e, "VERIFY_CODE").await["data"]["sendEmail"]["code"],
        200
    );
    let v = email(&t, e, "VERIFY_CODE").await;
    assert_eq!(
        common::authing_code(&v),
        Some(2100),
        "immediate email resend: {v}"
    );
    // another recipient is not limited
    assert_eq!(sms(&t, "13800000006").await["code"], 200);
}

/// Today FAILS: `POST /emulator/v1/pool` does not know `codeResendIntervalSeconds`.
/// With 0, immediate resends work (and each replaces the previous code).
#[tokio::test]
async fn zero_interval_via_pool_control_allows_immediate_resend() {
    let t = common::start().await;
    let resp = t
        .http
        .post(t.url("/emulator/v1/pool"))
        .header("content-type", "application/json")
        .json(&json!({"codeResendIntervalSeconds": 0}))
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let v: Value = resp.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    let phone = "13800000007";
    for _ in 0..3 {
        assert_eq!(sms(&t, phone).await["code"], 200);
    }
    let e = "zero@x.io";
    for _ in 0..2 {
        assert_eq!(
            email(&t, e, "VERIFY_CODE").await["data"]["sendEmail"]["code"],
            200
        );
    }
    let code = t.emu.latest_code(phone).unwrap();
    let v = phone_login(&t, phone, &code).await;
    assert_eq!(v["data"]["loginByPhoneCode"]["phone"], phone, "{v}");
}
