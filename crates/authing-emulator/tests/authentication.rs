//! Registration, login, tokens, codes and self-service, over plain GraphQL/REST.

mod common;

use std::time::Duration;

use serde_json::json;

const REG_USERNAME: &str = "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id username token tokenExpiredAt loginsCount nickname emailVerified password } }";
const REG_EMAIL: &str = "mutation($i: RegisterByEmailInput!) { registerByEmail(input: $i) { id email emailVerified token } }";
const REG_PHONE: &str = "mutation($i: RegisterByPhoneCodeInput!) { registerByPhoneCode(input: $i) { id phone phoneVerified token } }";
const LOGIN_USERNAME: &str = "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id token loginsCount lastLogin lastIP tokenExpiredAt } }";
const LOGIN_EMAIL: &str =
    "mutation($i: LoginByEmailInput!) { loginByEmail(input: $i) { id token } }";
const LOGIN_PHONE_CODE: &str =
    "mutation($i: LoginByPhoneCodeInput!) { loginByPhoneCode(input: $i) { id token phone } }";
const LOGIN_PHONE_PW: &str =
    "mutation($i: LoginByPhonePasswordInput!) { loginByPhonePassword(input: $i) { id token } }";
const CHECK: &str = "query($t: String) { checkLoginStatus(token: $t) { code message status exp iat data { id userPoolId arn } } }";

fn decode_claims(token: &str) -> serde_json::Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn register_and_login_by_username() {
    let t = common::start().await;
    let d = t
        .ok(REG_USERNAME, json!({"i": {"username": "Alice", "password": t.enc("pw-1"), "profile": {"nickname": "Al"}}}), None)
        .await;
    let u = &d["registerByUsername"];
    assert_eq!(
        u["token"],
        json!(null),
        "no token without forceLogin/generateToken"
    );
    assert_eq!(u["nickname"], "Al", "profile copied");
    assert_eq!(u["password"], json!(null));
    let id = u["id"].as_str().unwrap().to_string();
    assert_eq!(
        t.code(
            REG_USERNAME,
            json!({"i": {"username": "Alice", "password": t.enc("x")}}),
            None
        )
        .await,
        2026
    );
    assert_eq!(
        t.code(
            REG_USERNAME,
            json!({"i": {"username": "Bob", "password": "plain"}}),
            None
        )
        .await,
        2016
    );

    // forceLogin counts a login; generateToken does not
    let d = t
        .ok(
            REG_USERNAME,
            json!({"i": {"username": "F", "password": t.enc("p"), "forceLogin": true}}),
            None,
        )
        .await;
    assert!(d["registerByUsername"]["token"].is_string());
    assert_eq!(d["registerByUsername"]["loginsCount"], 1);
    let d = t
        .ok(
            REG_USERNAME,
            json!({"i": {"username": "G", "password": t.enc("p"), "generateToken": true}}),
            None,
        )
        .await;
    assert!(d["registerByUsername"]["token"].is_string());
    assert_eq!(d["registerByUsername"]["loginsCount"], 0);

    // login
    assert_eq!(
        t.code(
            LOGIN_USERNAME,
            json!({"i": {"username": "Alice", "password": t.enc("wrong")}}),
            None
        )
        .await,
        2333
    );
    assert_eq!(
        t.code(
            LOGIN_USERNAME,
            json!({"i": {"username": "alice", "password": t.enc("pw-1")}}),
            None
        )
        .await,
        2004,
        "username is case-sensitive"
    );
    assert_eq!(
        t.code(
            LOGIN_USERNAME,
            json!({"i": {"username": "Alice", "password": "%%%"}}),
            None
        )
        .await,
        2016
    );
    let d = t
        .ok(
            LOGIN_USERNAME,
            json!({"i": {"username": "Alice", "password": t.enc("pw-1"), "clientIp": "10.0.0.1"}}),
            None,
        )
        .await;
    let l = &d["loginByUsername"];
    assert_eq!(l["id"], id);
    assert_eq!(l["loginsCount"], 1);
    assert_eq!(l["lastIP"], "10.0.0.1");
    assert!(l["lastLogin"].is_string() && l["tokenExpiredAt"].is_string());
    let token = l["token"].as_str().unwrap();
    let claims = decode_claims(token);
    assert_eq!(claims["sub"], id);
    assert_eq!(claims["data"]["id"], id);
    assert_eq!(claims["data"]["userId"], id);
    assert_eq!(claims["data"]["type"], "user");
    assert_eq!(claims["data"]["userPoolId"], t.emu.user_pool_id());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        15 * 24 * 3600
    );

    // the token is an HS256 JWT signed with jwtSecret
    let key = jsonwebtoken::DecodingKey::from_secret(t.emu.jwt_secret().as_bytes());
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.validate_exp = false;
    jsonwebtoken::decode::<serde_json::Value>(token, &key, &v).expect("valid HS256 signature");

    // autoRegister
    assert_eq!(
        t.code(
            LOGIN_USERNAME,
            json!({"i": {"username": "New", "password": t.enc("p")}}),
            None
        )
        .await,
        2004
    );
    let d = t
        .ok(
            LOGIN_USERNAME,
            json!({"i": {"username": "New", "password": t.enc("p"), "autoRegister": true}}),
            None,
        )
        .await;
    assert!(d["loginByUsername"]["token"].is_string());
}

#[tokio::test]
async fn email_registration_login_and_reset() {
    let t = common::start().await;
    let d = t
        .ok(
            REG_EMAIL,
            json!({"i": {"email": "Mixed@Case.io", "password": t.enc("p1")}}),
            None,
        )
        .await;
    assert_eq!(d["registerByEmail"]["email"], "mixed@case.io");
    assert_eq!(d["registerByEmail"]["emailVerified"], false);
    assert_eq!(
        t.code(
            REG_EMAIL,
            json!({"i": {"email": "MIXED@case.io", "password": t.enc("p")}}),
            None
        )
        .await,
        2026
    );
    assert_eq!(
        t.code(
            REG_EMAIL,
            json!({"i": {"email": "not-an-email", "password": t.enc("p")}}),
            None
        )
        .await,
        2003
    );
    assert!(
        t.ok(
            LOGIN_EMAIL,
            json!({"i": {"email": "MIXED@CASE.IO", "password": t.enc("p1")}}),
            None
        )
        .await["loginByEmail"]["token"]
            .is_string()
    );
    assert_eq!(
        t.code(
            LOGIN_EMAIL,
            json!({"i": {"email": "nobody@case.io", "password": t.enc("p1")}}),
            None
        )
        .await,
        2004
    );

    // reset by email code
    let send =
        "mutation($e: String!) { sendEmail(email: $e, scene: RESET_PASSWORD) { code message } }";
    assert_eq!(
        t.ok(send, json!({"e": "mixed@case.io"}), None).await["sendEmail"]["code"],
        200
    );
    let code = t.emu.latest_code("MIXED@case.io").unwrap();
    assert_eq!(code.len(), 6);
    let reset = "mutation($e: String, $c: String!, $p: String!) { resetPassword(email: $e, code: $c, newPassword: $p) { code message } }";
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        t.code(
            reset,
            json!({"e": "mixed@case.io", "c": wrong, "p": t.enc("p2")}),
            None
        )
        .await,
        2001
    );
    assert_eq!(
        t.ok(
            reset,
            json!({"e": "mixed@case.io", "c": code, "p": t.enc("p2")}),
            None
        )
        .await["resetPassword"]["code"],
        200
    );
    assert_eq!(
        t.code(
            reset,
            json!({"e": "mixed@case.io", "c": code, "p": t.enc("p3")}),
            None
        )
        .await,
        2001,
        "codes are single-use"
    );
    assert_eq!(
        t.code(
            LOGIN_EMAIL,
            json!({"i": {"email": "mixed@case.io", "password": t.enc("p1")}}),
            None
        )
        .await,
        2333
    );
    t.ok(
        LOGIN_EMAIL,
        json!({"i": {"email": "mixed@case.io", "password": t.enc("p2")}}),
        None,
    )
    .await;
    // outbox over HTTP
    let o = t
        .rest_get("/emulator/v1/outbox?email=MIXED@case.io", None)
        .await;
    assert_eq!(o["data"][0]["channel"], "email");
    assert_eq!(o["data"][0]["scene"], "RESET_PASSWORD");
    assert_eq!(o["data"][0]["consumed"], true);
}

#[tokio::test]
async fn phone_code_flows_and_code_expiry() {
    let t = common::start().await;
    // this test sends several codes to one recipient in a row
    t.emu
        .update_pool(authing_emulator::PoolPatch::default().code_resend_interval(Duration::ZERO))
        .unwrap();
    let r = t.rest_post("/api/v2/sms/send", json!({}), None).await;
    assert_eq!(r["code"], 2231, "phone required");
    let code = t.send_sms("+8613800000000").await;
    assert_eq!(
        t.code(
            REG_PHONE,
            json!({"i": {"phone": "+8613800000000", "code": "bad"}}),
            None
        )
        .await,
        2001
    );
    let d = t
        .ok(
            REG_PHONE,
            json!({"i": {"phone": "+8613800000000", "code": code, "password": t.enc("pp")}}),
            None,
        )
        .await;
    assert_eq!(d["registerByPhoneCode"]["phoneVerified"], true);
    let id = d["registerByPhoneCode"]["id"].clone();
    assert_eq!(
        t.code(
            REG_PHONE,
            json!({"i": {"phone": "+8613800000000", "code": code}}),
            None
        )
        .await,
        2026
    );
    // phone + password
    assert_eq!(
        t.ok(
            LOGIN_PHONE_PW,
            json!({"i": {"phone": "+8613800000000", "password": t.enc("pp")}}),
            None
        )
        .await["loginByPhonePassword"]["id"],
        id
    );
    // phone + code
    let code = t.send_sms("+8613800000000").await;
    assert_eq!(
        t.ok(
            LOGIN_PHONE_CODE,
            json!({"i": {"phone": "+8613800000000", "code": code}}),
            None
        )
        .await["loginByPhoneCode"]["id"],
        id
    );
    // unknown phone gets an account
    let code = t.send_sms("555").await;
    let d = t
        .ok(
            LOGIN_PHONE_CODE,
            json!({"i": {"phone": "555", "code": code}}),
            None,
        )
        .await;
    assert_eq!(d["loginByPhoneCode"]["phone"], "555");
    // expiry (5 minutes)
    let code = t.send_sms("555").await;
    t.emu.advance_clock(Duration::from_secs(301));
    assert_eq!(
        t.code(
            LOGIN_PHONE_CODE,
            json!({"i": {"phone": "555", "code": code}}),
            None
        )
        .await,
        2300
    );
}

#[tokio::test]
async fn token_lifecycle() {
    let t = common::start().await;
    let (id, token) = t.register("tok", "p").await;
    let d = t.ok(CHECK, json!({"t": token}), None).await;
    let s = &d["checkLoginStatus"];
    assert_eq!(s["code"], 200);
    assert_eq!(s["status"], true);
    assert_eq!(s["data"]["id"], id);
    // bearer fallback when the argument is omitted
    assert_eq!(
        t.ok(CHECK, json!({}), Some(&token)).await["checkLoginStatus"]["status"],
        true
    );
    assert_eq!(
        t.ok(CHECK, json!({"t": "garbage"}), None).await["checkLoginStatus"]["code"],
        2207
    );

    // current user and REST me
    let me = "{ user { id username } }";
    assert_eq!(t.ok(me, json!({}), Some(&token)).await["user"]["id"], id);
    let r = t.rest_get("/api/v2/users/me", Some(&token)).await;
    assert_eq!(r["data"]["id"], id);
    assert_eq!(t.rest_get("/api/v2/users/me", None).await["code"], 2020);

    // refreshToken (self)
    let rt = "mutation { refreshToken { token iat exp } }";
    let d = t.ok(rt, json!({}), Some(&token)).await;
    let token2 = d["refreshToken"]["token"].as_str().unwrap().to_string();
    assert!(
        d["refreshToken"]["exp"].as_i64().unwrap() > d["refreshToken"]["iat"].as_i64().unwrap()
    );
    // refreshToken (management, by id)
    let admin = t.admin().await;
    let d = t
        .ok(
            "mutation($id: String) { refreshToken(id: $id) { token } }",
            json!({"id": id}),
            Some(&admin),
        )
        .await;
    let token3 = d["refreshToken"]["token"].as_str().unwrap().to_string();
    assert_eq!(
        t.ok(CHECK, json!({"t": token3}), None).await["checkLoginStatus"]["data"]["id"],
        id
    );

    // logout ends the bearer's session: the token and the one refreshed from it
    // (token2), not the session the management token started (token3)
    let r = t.rest_get("/api/v2/logout", Some(&token)).await;
    assert_eq!(r["code"], 200);
    assert_eq!(t.code(me, json!({}), Some(&token)).await, 2207);
    assert_eq!(t.code(me, json!({}), Some(&token2)).await, 2207);
    assert_eq!(
        t.rest_get("/api/v2/logout", Some(&token)).await["code"],
        2020
    );
    assert_eq!(
        t.rest_get("/api/v2/logout", Some("garbage")).await["code"],
        2020
    );
    assert_eq!(t.ok(me, json!({}), Some(&token3)).await["user"]["id"], id);

    // tokenExpiredAt in the past (PS-style logout) revokes all tokens of the user
    let upd = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }";
    t.ok(upd, json!({"i": {"tokenExpiredAt": "0"}}), Some(&token3))
        .await;
    assert_eq!(t.code(me, json!({}), Some(&token3)).await, 2207);

    // expiry by the emulator clock
    let (_, fresh) = t.register("tok2", "p").await;
    t.emu.advance_clock(Duration::from_secs(15 * 24 * 3600 + 1));
    assert_eq!(t.code(me, json!({}), Some(&fresh)).await, 2206);
    let d = t.ok(CHECK, json!({"t": fresh}), None).await;
    assert_eq!(d["checkLoginStatus"]["code"], 2206);
    assert_eq!(d["checkLoginStatus"]["status"], false);
    assert_eq!(d["checkLoginStatus"]["exp"], json!(null));
}

#[tokio::test]
async fn self_service_updates() {
    let t = common::start().await;
    // this test sends several codes to one recipient in a row
    t.emu
        .update_pool(authing_emulator::PoolPatch::default().code_resend_interval(Duration::ZERO))
        .unwrap();
    let (id, token) = t.register("me", "old").await;
    let tok = Some(token.as_str());

    // profile update (updateUser without id)
    let upd = "mutation($id: String, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id nickname city } }";
    let d = t
        .ok(upd, json!({"i": {"nickname": "N", "city": "C"}}), tok)
        .await;
    assert_eq!(d["updateUser"]["nickname"], "N");
    assert_eq!(
        t.ok(upd, json!({"id": id, "i": {"nickname": "M"}}), tok)
            .await["updateUser"]["nickname"],
        "M"
    );
    assert_eq!(
        t.code(upd, json!({"i": {"email": "x@y.io"}}), tok).await,
        2225
    );
    assert_eq!(t.code(upd, json!({"i": {"phone": "123"}}), tok).await, 2226);
    assert_eq!(
        t.code(upd, json!({"i": {"password": t.enc("p")}}), tok)
            .await,
        2018
    );
    assert_eq!(
        t.code(
            upd,
            json!({"id": "someone-else", "i": {"nickname": "x"}}),
            tok
        )
        .await,
        1001
    );

    // updatePassword
    let up = "mutation($n: String!, $o: String) { updatePassword(newPassword: $n, oldPassword: $o) { id } }";
    assert_eq!(t.code(up, json!({"n": t.enc("new")}), tok).await, 2201);
    assert_eq!(
        t.code(up, json!({"n": t.enc("new"), "o": t.enc("bad")}), tok)
            .await,
        2203
    );
    t.ok(up, json!({"n": t.enc("new"), "o": t.enc("old")}), tok)
        .await;
    t.ok(
        LOGIN_USERNAME,
        json!({"i": {"username": "me", "password": t.enc("new")}}),
        None,
    )
    .await;

    // bind / update / unbind phone
    let bind = "mutation($p: String!, $c: String!) { bindPhone(phone: $p, phoneCode: $c) { phone phoneVerified } }";
    let code = t.send_sms("100").await;
    assert_eq!(
        t.code(bind, json!({"p": "100", "c": "nope"}), tok).await,
        2001
    );
    assert_eq!(
        t.ok(bind, json!({"p": "100", "c": code}), tok).await["bindPhone"]["phone"],
        "100"
    );
    let code = t.send_sms("101").await;
    assert_eq!(
        t.code(bind, json!({"p": "101", "c": code}), tok).await,
        2035,
        "already bound"
    );
    let upp = "mutation($p: String!, $c: String!, $op: String, $oc: String) { updatePhone(phone: $p, phoneCode: $c, oldPhone: $op, oldPhoneCode: $oc) { phone } }";
    let c_new = t.send_sms("101").await;
    assert_eq!(
        t.ok(upp, json!({"p": "101", "c": c_new}), tok).await["updatePhone"]["phone"],
        "101"
    );
    let c_new = t.send_sms("102").await;
    let c_old = t.send_sms("101").await;
    assert_eq!(
        t.code(
            upp,
            json!({"p": "102", "c": c_new, "op": "999", "oc": c_old}),
            tok
        )
        .await,
        2038
    );
    assert_eq!(
        t.ok(
            upp,
            json!({"p": "102", "c": c_new, "op": "101", "oc": c_old}),
            tok
        )
        .await["updatePhone"]["phone"],
        "102"
    );
    assert_eq!(
        t.ok("mutation { unbindPhone { phone } }", json!({}), tok)
            .await["unbindPhone"]["phone"],
        json!(null)
    );
    assert_eq!(
        t.code("mutation { unbindPhone { phone } }", json!({}), tok)
            .await,
        2219
    );

    // bind / update / unbind email
    let send = "mutation($e: String!) { sendEmail(email: $e, scene: VERIFY_CODE) { code } }";
    t.ok(send, json!({"e": "me@x.io"}), None).await;
    let c = t.emu.latest_code("me@x.io").unwrap();
    let be = "mutation($e: String!, $c: String!) { bindEmail(email: $e, emailCode: $c) { email emailVerified } }";
    assert_eq!(
        t.ok(be, json!({"e": "ME@x.io", "c": c}), tok).await["bindEmail"]["email"],
        "me@x.io"
    );
    t.ok(send, json!({"e": "me2@x.io"}), None).await;
    let c = t.emu.latest_code("me2@x.io").unwrap();
    let ue =
        "mutation($e: String!, $c: String!) { updateEmail(email: $e, emailCode: $c) { email } }";
    assert_eq!(t.code(ue, json!({"e": "me@x.io", "c": c}), tok).await, 2229);
    assert_eq!(
        t.ok(ue, json!({"e": "me2@x.io", "c": c}), tok).await["updateEmail"]["email"],
        "me2@x.io"
    );
    assert_eq!(
        t.ok("mutation { unbindEmail { email } }", json!({}), tok)
            .await["unbindEmail"]["email"],
        json!(null)
    );

    // a phone-only user cannot unbind the only login method
    let code = t.send_sms("200").await;
    let d = t
        .ok(
            LOGIN_PHONE_CODE,
            json!({"i": {"phone": "200", "code": code}}),
            None,
        )
        .await;
    let ptoken = d["loginByPhoneCode"]["token"].as_str().unwrap().to_string();
    assert_eq!(
        t.code(
            "mutation { unbindPhone { phone } }",
            json!({}),
            Some(&ptoken)
        )
        .await,
        2217
    );
    // user calls need a user token
    assert_eq!(
        t.code("mutation { unbindPhone { phone } }", json!({}), None)
            .await,
        2020
    );
}

#[tokio::test]
async fn misc_queries() {
    let t = common::start().await;
    let q = "query($p: String!) { checkPasswordStrength(password: $p) { valid message } }";
    assert_eq!(
        t.ok(q, json!({"p": "x"}), None).await["checkPasswordStrength"]["valid"],
        true
    );
    assert_eq!(
        t.ok(q, json!({"p": ""}), None).await["checkPasswordStrength"]["valid"],
        false
    );
    let admin = t.admin().await;
    let d = t.ok("{ userpool { id jwtSecret secret tokenExpiresAfter whitelist { emailEnabled } customSMSProvider { enabled } } }", json!({}), Some(&admin)).await;
    assert_eq!(d["userpool"]["id"], t.emu.user_pool_id());
    assert_eq!(d["userpool"]["jwtSecret"], t.emu.jwt_secret());
    assert_eq!(d["userpool"]["tokenExpiresAfter"], 15 * 24 * 3600);
    let wk = t.rest_get("/api/v2/.well-known", None).await;
    assert_eq!(wk["data"]["publicKey"], t.emu.public_key_pem());
    assert!(
        t.emu
            .public_key_pem()
            .starts_with("-----BEGIN PUBLIC KEY-----")
    );
}
