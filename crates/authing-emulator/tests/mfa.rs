//! MFA, black box over HTTP: TOTP binding and login (1635 + mfaToken, then
//! `/mfa/totp/verify`), the step and recovery-code rules, an expired mfaToken, SMS and
//! email MFA turned on by a pool setting, and the management side.

mod common;

use std::time::Duration;

use authing_emulator::PoolPatch;
use common::{T, start};
use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

const LOGIN: &str =
    "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id token loginsCount } }";

/// The code an authenticator app shows now (emulator clock).
async fn code_now(t: &T, secret: &str) -> String {
    let clock = t.rest_get("/emulator/v1/clock", None).await;
    let now_ms = clock["data"]["nowMs"].as_i64().expect("nowMs");
    let bytes = Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32");
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, bytes).generate((now_ms / 1000) as u64)
}

/// Logs in by username; the answer (data or errors).
async fn login(t: &T, username: &str, password: &str) -> Value {
    t.gql(
        LOGIN,
        json!({"i": {"username": username, "password": t.enc(password)}}),
        None,
    )
    .await
}

/// A login that must answer 1635: its `data`.
async fn mfa_data(t: &T, username: &str, password: &str) -> Value {
    let v = login(t, username, password).await;
    assert_eq!(v["errors"][0]["message"]["code"], 1635, "{v}");
    let data = v["errors"][0]["message"]["data"].clone();
    assert!(
        data["mfaToken"].as_str().is_some_and(|s| s.len() >= 32),
        "{data}"
    );
    data
}

async fn rest(t: &T, method: reqwest::Method, path: &str, body: Value, token: &str) -> Value {
    t.http
        .request(method, t.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn verify_totp(t: &T, mfa_token: &str, code: &str) -> Value {
    t.rest_post(
        "/api/v2/mfa/totp/verify",
        json!({"totp": code}),
        Some(mfa_token),
    )
    .await
}

/// Binds a TOTP authenticator for a logged-in user; returns (secret, recovery code).
async fn bind(t: &T, token: &str) -> (String, String) {
    let a = t
        .rest_post(
            "/api/v2/mfa/totp/associate",
            json!({"authenticatorType": "totp", "source": "SELF"}),
            Some(token),
        )
        .await;
    assert_eq!(a["code"], 200, "{a}");
    let secret = a["data"]["secret"].as_str().unwrap().to_string();
    let recovery = a["data"]["recovery_code"].as_str().unwrap().to_string();
    assert_eq!(a["data"]["authenticator_type"], "totp");
    assert!(
        a["data"]["qrcode_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let wrong = t
        .rest_post(
            "/api/v2/mfa/totp/associate/confirm",
            json!({"authenticatorType": "totp", "source": "SELF", "totp": "000000x"}),
            Some(token),
        )
        .await;
    assert_eq!(wrong["code"], 6001, "{wrong}");
    let code = code_now(t, &secret).await;
    let c = t
        .rest_post(
            "/api/v2/mfa/totp/associate/confirm",
            json!({"authenticatorType": "totp", "source": "SELF", "totp": code}),
            Some(token),
        )
        .await;
    assert_eq!(c["code"], 200, "{c}");
    // The step used to confirm is spent: the next code comes 30 s later.
    t.emu.advance_clock(Duration::from_secs(30));
    (secret, recovery)
}

#[tokio::test]
async fn totp_login_needs_a_fresh_code_of_the_bound_authenticator() {
    let t = start().await;
    let (id, token) = t.register("mfa-alice", "pw-123456").await;
    let (secret, _) = bind(&t, &token).await;

    let list = t
        .rest_get(
            "/api/v2/mfa/authenticator?type=totp&source=SELF",
            Some(&token),
        )
        .await;
    assert_eq!(list["data"][0]["userId"], id.as_str(), "{list}");
    assert_eq!(list["data"][0]["authenticatorType"], "totp");
    assert_eq!(list["data"][0]["enable"], true);
    assert_eq!(
        list["data"][0]["secret"],
        secret.as_str(),
        "the user's own view"
    );

    let data = mfa_data(&t, "mfa-alice", "pw-123456").await;
    assert_eq!(data["totpMfaEnabled"], true);
    assert_eq!(data["username"], "mfa-alice");
    let mfa_token = data["mfaToken"].as_str().unwrap();

    // The mfaToken is no user token.
    let me = t.rest_get("/api/v2/users/me", Some(mfa_token)).await;
    assert_eq!(me["code"], 2020, "{me}");
    // Past the password only, the second factor's secrets stay hidden.
    let half = t
        .rest_get("/api/v2/mfa/authenticator?type=totp", Some(mfa_token))
        .await;
    assert_eq!(half["data"][0]["userId"], id.as_str(), "{half}");
    assert_eq!(half["data"][0]["secret"], "", "{half}");
    assert!(half["data"][0]["recoveryCode"].is_null(), "{half}");

    let wrong = verify_totp(&t, mfa_token, "123").await;
    assert_eq!(wrong["code"], 6001, "{wrong}");
    let empty = verify_totp(&t, mfa_token, "").await;
    assert_eq!(empty["code"], 6003, "{empty}");

    let code = code_now(&t, &secret).await;
    let ok = verify_totp(&t, mfa_token, &code).await;
    assert_eq!(ok["code"], 200, "{ok}");
    assert_eq!(ok["data"]["id"], id.as_str());
    assert_eq!(
        ok["data"]["loginsCount"], 1,
        "only the completed login counts: {ok}"
    );
    let user_token = ok["data"]["token"].as_str().unwrap();
    let me = t.rest_get("/api/v2/users/me", Some(user_token)).await;
    assert_eq!(me["data"]["id"], id.as_str(), "{me}");

    // The mfaToken completed its login: it is spent.
    let again = verify_totp(&t, mfa_token, &code).await;
    assert_eq!(again["code"], 2207, "{again}");

    // The same step, in a new login: refused.
    let data = mfa_data(&t, "mfa-alice", "pw-123456").await;
    let second = data["mfaToken"].as_str().unwrap();
    let reused = verify_totp(&t, second, &code).await;
    assert_eq!(reused["code"], 6001, "{reused}");
    t.emu.advance_clock(Duration::from_secs(30));
    let fresh = code_now(&t, &secret).await;
    let ok = verify_totp(&t, second, &fresh).await;
    assert_eq!(ok["code"], 200, "{ok}");
}

#[tokio::test]
async fn recovery_code_works_once_and_the_mfa_token_expires() {
    let t = start().await;
    let (_, token) = t.register("mfa-bob", "pw-123456").await;
    let (secret, recovery) = bind(&t, &token).await;

    let data = mfa_data(&t, "mfa-bob", "pw-123456").await;
    let mfa_token = data["mfaToken"].as_str().unwrap();
    let wrong = t
        .rest_post(
            "/api/v2/mfa/totp/recovery",
            json!({"recoveryCode": "nope-nope"}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(wrong["code"], 6002, "{wrong}");
    let ok = t
        .rest_post(
            "/api/v2/mfa/totp/recovery",
            json!({"recoveryCode": recovery}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(ok["code"], 200, "{ok}");
    assert!(ok["data"]["token"].as_str().is_some(), "{ok}");

    let data = mfa_data(&t, "mfa-bob", "pw-123456").await;
    let mfa_token = data["mfaToken"].as_str().unwrap();
    let twice = t
        .rest_post(
            "/api/v2/mfa/totp/recovery",
            json!({"recoveryCode": recovery}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(twice["code"], 6002, "{twice}");

    // Ten minutes later the mfaToken is refused, even with a right code.
    t.emu.advance_clock(Duration::from_secs(601));
    let code = code_now(&t, &secret).await;
    let expired = verify_totp(&t, mfa_token, &code).await;
    assert_eq!(expired["code"], 2206, "{expired}");
    let unknown = verify_totp(&t, "not-a-ticket", &code).await;
    assert_eq!(unknown["code"], 2207, "{unknown}");
    let none = t
        .rest_post("/api/v2/mfa/totp/verify", json!({"totp": code}), None)
        .await;
    assert_eq!(none["code"], 2020, "{none}");
}

#[tokio::test]
async fn sms_and_email_mfa_follow_the_pool_setting() {
    let t = start().await;
    let admin = t.admin().await;
    t.create_user(
        &admin,
        json!({"username": "mfa-carol", "password": t.enc("pw-123456"), "phone": "13800138111", "email": "carol@example.com"}),
    )
    .await;
    t.create_user(&admin, json!({"username": "other", "phone": "13800138222"}))
        .await;
    assert!(login(&t, "mfa-carol", "pw-123456").await["errors"].is_null());

    t.emu
        .update_pool(
            PoolPatch::default()
                .mfa_sms(true)
                .mfa_email(true)
                .code_resend_interval(Duration::ZERO),
        )
        .unwrap();
    let data = mfa_data(&t, "mfa-carol", "pw-123456").await;
    assert_eq!(data["totpMfaEnabled"], false);
    assert_eq!(data["phone"], "13800138111");
    assert_eq!(data["applicationMfa"][0]["mfaPolicy"], "SMS");
    assert_eq!(data["applicationMfa"][1]["mfaPolicy"], "EMAIL");
    let mfa_token = data["mfaToken"].as_str().unwrap();

    let check = t
        .rest_post(
            "/api/v2/applications/mfa/check",
            json!({"phone": "13800138222"}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(check["data"], false, "another user's phone: {check}");
    let check = t
        .rest_post(
            "/api/v2/applications/mfa/check",
            json!({"phone": "13800138333", "email": "free@example.com"}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(check["data"], true, "{check}");

    let code = t.send_sms("13800138111").await;
    let wrong = t
        .rest_post(
            "/api/v2/applications/mfa/sms/verify",
            json!({"phone": "13800138111", "code": "000000x"}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(wrong["code"], 2001, "{wrong}");
    let ok = t
        .rest_post(
            "/api/v2/applications/mfa/sms/verify",
            json!({"phone": "13800138111", "code": code}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(ok["code"], 200, "{ok}");
    assert!(ok["data"]["token"].as_str().is_some());

    // Email: a code of scene MFA_VERIFY.
    let data = mfa_data(&t, "mfa-carol", "pw-123456").await;
    let mfa_token = data["mfaToken"].as_str().unwrap();
    let sent = t
        .gql(
            "mutation($e: String!) { sendEmail(email: $e, scene: MFA_VERIFY) { code } }",
            json!({"e": "carol@example.com"}),
            None,
        )
        .await;
    assert_eq!(sent["data"]["sendEmail"]["code"], 200, "{sent}");
    let code = t.emu.latest_code("carol@example.com").unwrap();
    let ok = t
        .rest_post(
            "/api/v2/applications/mfa/email/verify",
            json!({"email": "carol@example.com", "code": code}),
            Some(mfa_token),
        )
        .await;
    assert_eq!(ok["code"], 200, "{ok}");

    t.emu
        .update_pool(PoolPatch::default().mfa_sms(false).mfa_email(false))
        .unwrap();
    assert!(login(&t, "mfa-carol", "pw-123456").await["errors"].is_null());
}

#[tokio::test]
async fn management_reads_unbinds_and_imports() {
    let t = start().await;
    let admin = t.admin().await;
    let (id, user_token) = t.register("mfa-dave", "pw-123456").await;
    let path = format!("/api/v2/users/{id}/mfa-bound");

    let s = t.rest_get(&path, Some(&admin)).await;
    assert_eq!(s["data"], json!({"OTP": false, "FACE": false}), "{s}");
    let by_user = t.rest_get(&path, Some(&user_token)).await;
    assert_eq!(by_user["code"], 1001, "{by_user}");

    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let imported = t
        .rest_post(
            "/api/v2/mfa/totp/import",
            json!({"userId": id, "secret": secret, "recoveryCode": "aaaa-bbbb"}),
            Some(&admin),
        )
        .await;
    assert_eq!(imported["code"], 200, "{imported}");
    assert_eq!(imported["data"]["userId"], id.as_str());
    assert_eq!(imported["data"]["recoveryCode"], "aaaa-bbbb");
    let bad = t
        .rest_post(
            "/api/v2/mfa/totp/import",
            json!({"userId": id, "secret": "not base32 !!"}),
            Some(&admin),
        )
        .await;
    assert_eq!(bad["code"], 400, "{bad}");
    let missing = t
        .rest_post(
            "/api/v2/mfa/totp/import",
            json!({"userId": "nope", "secret": secret}),
            Some(&admin),
        )
        .await;
    assert_eq!(missing["code"], 2004, "{missing}");

    let s = t.rest_get(&path, Some(&admin)).await;
    assert_eq!(s["data"]["OTP"], true, "{s}");
    let data = mfa_data(&t, "mfa-dave", "pw-123456").await;
    let code = code_now(&t, secret).await;
    let ok = verify_totp(&t, data["mfaToken"].as_str().unwrap(), &code).await;
    assert_eq!(ok["code"], 200, "the imported secret works: {ok}");

    let bad_type = rest(
        &t,
        reqwest::Method::DELETE,
        &format!("{path}?type=SMS"),
        json!({}),
        &admin,
    )
    .await;
    assert_eq!(bad_type["code"], 400, "{bad_type}");
    let del = rest(
        &t,
        reqwest::Method::DELETE,
        &format!("{path}?type=OTP"),
        json!({}),
        &admin,
    )
    .await;
    assert_eq!(del["code"], 200, "{del}");
    let again = rest(
        &t,
        reqwest::Method::DELETE,
        &format!("{path}?type=OTP"),
        json!({}),
        &admin,
    )
    .await;
    assert_eq!(again["code"], 2219, "{again}");
    assert!(login(&t, "mfa-dave", "pw-123456").await["errors"].is_null());
}

#[tokio::test]
async fn the_user_unbinds_and_a_bound_user_cannot_bind_twice() {
    let t = start().await;
    let (_, token) = t.register("mfa-erin", "pw-123456").await;
    bind(&t, &token).await;
    let twice = t
        .rest_post("/api/v2/mfa/totp/associate", json!({}), Some(&token))
        .await;
    assert_eq!(twice["code"], 409, "{twice}");
    let del = rest(
        &t,
        reqwest::Method::DELETE,
        "/api/v2/mfa/totp/associate",
        json!({}),
        &token,
    )
    .await;
    assert_eq!(del["code"], 200, "{del}");
    assert_eq!(del["message"], "TOTP MFA 解绑成功");
    let v = login(&t, "mfa-erin", "pw-123456").await;
    assert!(v["errors"].is_null(), "{v}");
    let list = t
        .rest_get("/api/v2/mfa/authenticator?type=totp", Some(&token))
        .await;
    assert_eq!(list["data"], json!([]), "{list}");
}

#[tokio::test]
async fn bound_authenticators_and_mfa_switches_survive_a_restart() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = std::env::temp_dir().join(format!(
        "authing-emu-mfa-{}-{nanos}.json",
        std::process::id()
    ));
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    {
        let emu = authing_emulator::Emulator::builder()
            .data_file(path.clone())
            .start()
            .await
            .unwrap();
        let t = common::wrap(emu);
        let admin = t.admin().await;
        let (id, _) = t.register("mfa-keep", "pw-123456").await;
        let r = t
            .rest_post(
                "/api/v2/mfa/totp/import",
                json!({"userId": id, "secret": secret, "recoveryCode": "keep-0001"}),
                Some(&admin),
            )
            .await;
        assert_eq!(r["code"], 200, "{r}");
        t.emu
            .update_pool(PoolPatch::default().mfa_email(true))
            .unwrap();
        t.emu.save().unwrap();
        t.emu.stop().await.unwrap();
    }
    let emu = authing_emulator::Emulator::builder()
        .data_file(path.clone())
        .start()
        .await
        .unwrap();
    let t = common::wrap(emu);
    let data = mfa_data(&t, "mfa-keep", "pw-123456").await;
    assert_eq!(data["totpMfaEnabled"], true, "{data}");
    assert_eq!(data["applicationMfa"][0]["mfaPolicy"], "EMAIL", "{data}");
    let code = code_now(&t, secret).await;
    let ok = verify_totp(&t, data["mfaToken"].as_str().unwrap(), &code).await;
    assert_eq!(ok["code"], 200, "{ok}");
    t.emu.stop().await.unwrap();
    let _ = std::fs::remove_file(&path);
}
