//! Registration whitelists (enforced at registerBy*), `updateUserpool` and the pool's
//! environment variables (`/api/v2/env`), black box over HTTP; their data-file round
//! trip.

mod common;

use std::path::PathBuf;

use authing_emulator::Emulator;
use common::{T, authing_code, start};
use serde_json::{Value, json};

const REG_EMAIL: &str =
    "mutation($i: RegisterByEmailInput!) { registerByEmail(input: $i) { id email } }";
const REG_USERNAME: &str =
    "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id username } }";
const REG_PHONE: &str =
    "mutation($i: RegisterByPhoneCodeInput!) { registerByPhoneCode(input: $i) { id phone } }";
const ADD: &str = "mutation($t: WhitelistType!, $l: [String!]!) { addWhitelist(type: $t, list: $l) { value createdAt updatedAt } }";
const REMOVE: &str = "mutation($t: WhitelistType!, $l: [String!]!) { removeWhitelist(type: $t, list: $l) { value } }";
const LIST: &str = "query($t: WhitelistType!) { whitelist(type: $t) { value createdAt } }";
const UPDATE: &str = "mutation($i: UpdateUserpoolInput!) { updateUserpool(input: $i) { name description logo tokenExpiresAfter registerDisabled sendWelcomeEmail allowedOrigins updatedAt whitelist { usernameEnabled emailEnabled phoneEnabled } changePhoneStrategy { verifyOldPhone } } }";

async fn switch(t: &T, admin: &str, field: &str, on: bool) -> Value {
    t.ok(
        UPDATE,
        json!({"i": {"whitelist": {field: on}}}),
        Some(admin),
    )
    .await["updateUserpool"]["whitelist"]
        .clone()
}

async fn rest(
    t: &T,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
    token: Option<&str>,
) -> Value {
    let mut req = t
        .http
        .request(method, t.url(path))
        .header("x-authing-userpool-id", t.emu.user_pool_id());
    if let Some(b) = body {
        req = req.json(&b);
    }
    if let Some(tk) = token {
        req = req.bearer_auth(tk);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn email_whitelist_blocks_then_admits_a_registration() {
    let t = start().await;
    let admin = t.admin().await;
    // disabled: anyone registers
    t.ok(
        REG_EMAIL,
        json!({"i": {"email": "early@example.com", "password": t.enc("pw")}}),
        None,
    )
    .await;
    let d = t
        .ok(
            ADD,
            json!({"t": "EMAIL", "l": ["Alice@Example.COM"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["addWhitelist"][0]["value"], "alice@example.com",
        "stored lower-cased"
    );
    assert!(d["addWhitelist"][0]["createdAt"].is_string());
    let w = switch(&t, &admin, "emailEnabled", true).await;
    assert_eq!(
        w,
        json!({"usernameEnabled": false, "emailEnabled": true, "phoneEnabled": false})
    );
    let detail = t.rest_get("/api/v2/userpools/detail", Some(&admin)).await;
    assert_eq!(detail["data"]["whitelist"]["emailEnabled"], true);

    let v = t
        .gql(
            REG_EMAIL,
            json!({"i": {"email": "bob@example.com", "password": t.enc("pw")}}),
            None,
        )
        .await;
    assert_eq!(authing_code(&v), Some(2031), "{v}");
    assert!(v["data"].is_null() || v["data"]["registerByEmail"].is_null());
    // the listed email is admitted whatever its case
    let d = t
        .ok(
            REG_EMAIL,
            json!({"i": {"email": "ALICE@example.com", "password": t.enc("pw")}}),
            None,
        )
        .await;
    assert_eq!(d["registerByEmail"]["email"], "alice@example.com");
    // the email whitelist does not restrict other kinds of registration or createUser
    t.ok(
        REG_USERNAME,
        json!({"i": {"username": "carol", "password": t.enc("pw")}}),
        None,
    )
    .await;
    t.create_user(
        &admin,
        json!({"email": "dave@example.com", "password": t.enc("pw")}),
    )
    .await;
    // removed from the list: refused again; disabled: admitted
    t.ok(
        REMOVE,
        json!({"t": "EMAIL", "l": ["alice@example.com"]}),
        Some(&admin),
    )
    .await;
    let v = t
        .gql(
            REG_EMAIL,
            json!({"i": {"email": "x@example.com", "password": t.enc("pw")}}),
            None,
        )
        .await;
    assert_eq!(authing_code(&v), Some(2031));
    switch(&t, &admin, "emailEnabled", false).await;
    t.ok(
        REG_EMAIL,
        json!({"i": {"email": "x@example.com", "password": t.enc("pw")}}),
        None,
    )
    .await;
}

#[tokio::test]
async fn username_and_phone_whitelists_restrict_their_registrations() {
    let t = start().await;
    let admin = t.admin().await;
    t.ok(ADD, json!({"t": "USERNAME", "l": ["listed"]}), Some(&admin))
        .await;
    t.ok(
        ADD,
        json!({"t": "PHONE", "l": ["13800000001"]}),
        Some(&admin),
    )
    .await;
    switch(&t, &admin, "usernameEnabled", true).await;
    let w = switch(&t, &admin, "phoneEnabled", true).await;
    assert_eq!(
        w,
        json!({"usernameEnabled": true, "emailEnabled": false, "phoneEnabled": true})
    );

    let v = t
        .gql(
            REG_USERNAME,
            json!({"i": {"username": "Listed", "password": t.enc("pw")}}),
            None,
        )
        .await;
    assert_eq!(
        authing_code(&v),
        Some(2031),
        "usernames are case-sensitive: {v}"
    );
    t.ok(
        REG_USERNAME,
        json!({"i": {"username": "listed", "password": t.enc("pw")}}),
        None,
    )
    .await;

    let code = t.send_sms("13800000002").await;
    let v = t
        .gql(
            REG_PHONE,
            json!({"i": {"phone": "13800000002", "code": code}}),
            None,
        )
        .await;
    assert_eq!(authing_code(&v), Some(2031), "{v}");
    let code = t.send_sms("13800000001").await;
    let d = t
        .ok(
            REG_PHONE,
            json!({"i": {"phone": "13800000001", "code": code}}),
            None,
        )
        .await;
    assert_eq!(d["registerByPhoneCode"]["phone"], "13800000001");
}

#[tokio::test]
async fn whitelist_list_add_remove_and_access() {
    let t = start().await;
    let admin = t.admin().await;
    let d = t
        .ok(
            ADD,
            json!({"t": "USERNAME", "l": ["a", "b", "a"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["addWhitelist"].as_array().unwrap().len(),
        3,
        "one entry per value sent"
    );
    let d = t.ok(LIST, json!({"t": "USERNAME"}), Some(&admin)).await;
    let values: Vec<&str> = d["whitelist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["a", "b"]);
    assert_eq!(
        t.ok(LIST, json!({"t": "EMAIL"}), Some(&admin)).await["whitelist"],
        json!([])
    );
    let d = t
        .ok(
            REMOVE,
            json!({"t": "USERNAME", "l": ["b", "zzz"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["removeWhitelist"],
        json!([{"value": "b"}]),
        "only what was there"
    );
    // a malformed email is refused; so is a blank value
    assert_eq!(
        t.code(
            ADD,
            json!({"t": "EMAIL", "l": ["not-an-email"]}),
            Some(&admin)
        )
        .await,
        2003
    );
    assert_eq!(
        t.code(ADD, json!({"t": "PHONE", "l": [" "]}), Some(&admin))
            .await,
        400
    );
    // the enum is USERNAME / EMAIL / PHONE (the P4 SDK's "Email" is invalid)
    let v = t.gql(LIST, json!({"t": "Email"}), Some(&admin)).await;
    assert!(v["errors"].is_array(), "{v}");
    // management only
    let (_, user) = t.register("plain", "pw").await;
    assert_eq!(t.code(LIST, json!({"t": "EMAIL"}), Some(&user)).await, 1001);
    assert_eq!(
        t.code(ADD, json!({"t": "EMAIL", "l": ["a@b.co"]}), None)
            .await,
        2020
    );
    assert_eq!(
        t.code(UPDATE, json!({"i": {"name": "x"}}), Some(&user))
            .await,
        1001
    );
}

#[tokio::test]
async fn update_userpool_keeps_its_fields_and_checks_them() {
    let t = start().await;
    let admin = t.admin().await;
    let d = t
        .ok(
            UPDATE,
            json!({"i": {"name": "Staff", "description": "Staff directory", "logo": "https://x.test/l.png",
                         "tokenExpiresAfter": 120, "sendWelcomeEmail": true, "allowedOrigins": "https://app.test",
                         "changePhoneStrategy": {"verifyOldPhone": true}}}),
            Some(&admin),
        )
        .await;
    let p = &d["updateUserpool"];
    assert_eq!(p["name"], "Staff");
    assert_eq!(p["description"], "Staff directory");
    assert_eq!(p["logo"], "https://x.test/l.png");
    assert_eq!(p["tokenExpiresAfter"], 120);
    assert_eq!(p["sendWelcomeEmail"], true);
    assert_eq!(p["allowedOrigins"], "https://app.test");
    assert_eq!(p["changePhoneStrategy"]["verifyOldPhone"], true);
    assert_eq!(p["registerDisabled"], false, "untouched");
    // the query shows the same, and the token lifetime applies to new tokens
    let q = t
        .ok(
            "{ userpool { name description tokenExpiresAfter } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        q["userpool"],
        json!({"name": "Staff", "description": "Staff directory", "tokenExpiresAfter": 120})
    );
    let d = t
        .ok(
            "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { tokenExpiredAt token } }",
            json!({"i": {"username": "ttl", "password": t.enc("pw"), "generateToken": true}}),
            None,
        )
        .await;
    let token = d["registerByUsername"]["token"].as_str().unwrap();
    let claims = authing_core_free_claims(token);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
    // registerDisabled closes registration
    t.ok(
        UPDATE,
        json!({"i": {"registerDisabled": true}}),
        Some(&admin),
    )
    .await;
    let v = t
        .gql(
            REG_USERNAME,
            json!({"i": {"username": "late", "password": t.enc("pw")}}),
            None,
        )
        .await;
    assert_eq!(authing_code(&v), Some(2031));
    // refused values change nothing
    assert_eq!(
        t.code(UPDATE, json!({"i": {"tokenExpiresAfter": 0}}), Some(&admin))
            .await,
        400
    );
    assert_eq!(
        t.code(UPDATE, json!({"i": {"name": "  "}}), Some(&admin))
            .await,
        400
    );
    let q = t
        .ok(
            "{ userpool { name tokenExpiresAfter } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        q["userpool"],
        json!({"name": "Staff", "tokenExpiresAfter": 120})
    );
}

/// The payload of a JWT, without checking it (the emulator's own token).
fn authing_core_free_claims(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn env_vars_round_trip() {
    let t = start().await;
    let admin = t.admin().await;
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    let del = reqwest::Method::DELETE;
    let v = rest(&t, get.clone(), "/api/v2/env", None, Some(&admin)).await;
    assert_eq!(
        (v["code"].clone(), v["data"].clone()),
        (json!(200), json!([]))
    );
    let v = rest(
        &t,
        post.clone(),
        "/api/v2/env",
        Some(json!({"key": "LDAP_HOST", "value": "ldap.test"})),
        Some(&admin),
    )
    .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["key"], "LDAP_HOST");
    assert_eq!(v["data"]["value"], "ldap.test");
    rest(
        &t,
        post.clone(),
        "/api/v2/env",
        Some(json!({"key": "CONF", "value": {"retries": 3}})),
        Some(&admin),
    )
    .await;
    // replacing keeps one entry
    rest(
        &t,
        post.clone(),
        "/api/v2/env",
        Some(json!({"key": "LDAP_HOST", "value": "ldap2.test"})),
        Some(&admin),
    )
    .await;
    let v = rest(&t, get.clone(), "/api/v2/env", None, Some(&admin)).await;
    let list: Vec<(Value, Value)> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["key"].clone(), e["value"].clone()))
        .collect();
    assert_eq!(
        list,
        [
            (json!("LDAP_HOST"), json!("ldap2.test")),
            (json!("CONF"), json!({"retries": 3}))
        ]
    );
    let v = rest(&t, del.clone(), "/api/v2/env/LDAP_HOST", None, Some(&admin)).await;
    assert_eq!(v["code"], 200, "{v}");
    let v = rest(&t, get.clone(), "/api/v2/env", None, Some(&admin)).await;
    assert_eq!(v["data"].as_array().unwrap().len(), 1);
    // errors: unknown key, missing key, no token, a user token
    let v = rest(&t, del.clone(), "/api/v2/env/LDAP_HOST", None, Some(&admin)).await;
    assert_eq!(v["code"], 404);
    let v = rest(
        &t,
        post.clone(),
        "/api/v2/env",
        Some(json!({"value": 1})),
        Some(&admin),
    )
    .await;
    assert_eq!(v["code"], 400);
    let v = rest(&t, get.clone(), "/api/v2/env", None, None).await;
    assert_eq!(v["code"], 2020);
    let (_, user) = t.register("plain", "pw").await;
    let v = rest(
        &t,
        post,
        "/api/v2/env",
        Some(json!({"key": "K", "value": 1})),
        Some(&user),
    )
    .await;
    assert_eq!(v["code"], 1001);
}

fn temp_file(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "authing-emu-{name}-{}-{nanos}.json",
        std::process::id()
    ))
}

#[tokio::test]
async fn whitelist_env_and_settings_survive_a_restart() {
    let path = temp_file("pool-admin");
    {
        let t = common::wrap(
            Emulator::builder()
                .data_file(path.clone())
                .start()
                .await
                .unwrap(),
        );
        let admin = t.admin().await;
        t.ok(
            ADD,
            json!({"t": "EMAIL", "l": ["a@example.com"]}),
            Some(&admin),
        )
        .await;
        switch(&t, &admin, "emailEnabled", true).await;
        t.ok(
            UPDATE,
            json!({"i": {"description": "kept", "tokenExpiresAfter": 600}}),
            Some(&admin),
        )
        .await;
        rest(
            &t,
            reqwest::Method::POST,
            "/api/v2/env",
            Some(json!({"key": "K", "value": [1, 2]})),
            Some(&admin),
        )
        .await;
        t.emu.stop().await.unwrap();
    }
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(snap["whitelist"]["emailEnabled"], true);
    assert_eq!(snap["env"][0]["key"], "K");

    let t = common::wrap(
        Emulator::builder()
            .data_file(path.clone())
            .start()
            .await
            .unwrap(),
    );
    let admin = t.admin().await;
    let d = t.ok(LIST, json!({"t": "EMAIL"}), Some(&admin)).await;
    assert_eq!(d["whitelist"][0]["value"], "a@example.com");
    let q = t
        .ok(
            "{ userpool { description tokenExpiresAfter whitelist { emailEnabled } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        q["userpool"],
        json!({"description": "kept", "tokenExpiresAfter": 600, "whitelist": {"emailEnabled": true}})
    );
    let v = t
        .gql(
            REG_EMAIL,
            json!({"i": {"email": "b@example.com", "password": t.enc("pw")}}),
            None,
        )
        .await;
    assert_eq!(
        authing_code(&v),
        Some(2031),
        "still enforced after the restart"
    );
    let v = rest(&t, reqwest::Method::GET, "/api/v2/env", None, Some(&admin)).await;
    assert_eq!(v["data"][0]["value"], json!([1, 2]));
    drop(t);
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn auto_registration_at_login_obeys_the_whitelist_but_logins_do_not() {
    let t = start().await;
    let admin = t.admin().await;
    // an existing account, made before the whitelist is on
    t.ok(
        REG_EMAIL,
        json!({"i": {"email": "old@example.com", "password": t.enc("pw")}}),
        None,
    )
    .await;
    t.ok(
        ADD,
        json!({"t": "EMAIL", "l": ["new@example.com"]}),
        Some(&admin),
    )
    .await;
    switch(&t, &admin, "emailEnabled", true).await;
    switch(&t, &admin, "phoneEnabled", true).await;
    const LOGIN: &str =
        "mutation($i: LoginByEmailInput!) { loginByEmail(input: $i) { email token } }";
    let v = t
        .gql(LOGIN, json!({"i": {"email": "other@example.com", "password": t.enc("pw"), "autoRegister": true}}), None)
        .await;
    assert_eq!(authing_code(&v), Some(2031), "{v}");
    let d = t
        .ok(LOGIN, json!({"i": {"email": "new@example.com", "password": t.enc("pw"), "autoRegister": true}}), None)
        .await;
    assert_eq!(d["loginByEmail"]["email"], "new@example.com");
    // a listed-or-not existing user still logs in
    let d = t
        .ok(
            LOGIN,
            json!({"i": {"email": "old@example.com", "password": t.enc("pw")}}),
            None,
        )
        .await;
    assert!(d["loginByEmail"]["token"].is_string());
    // loginByPhoneCode creates unknown phones: refused while the phone whitelist is on
    let code = t.send_sms("13800000009").await;
    let v = t
        .gql(
            "mutation($i: LoginByPhoneCodeInput!) { loginByPhoneCode(input: $i) { phone } }",
            json!({"i": {"phone": "13800000009", "code": code}}),
            None,
        )
        .await;
    assert_eq!(authing_code(&v), Some(2031), "{v}");
}
