//! Issue 11, fidelity: requests as the official SDKs send them, answers as the real
//! service gives them (`../shared/authing/api-catalog.md`).

mod common;

use common::T;
use serde_json::{Value, json};

async fn get(t: &T, path: &str, token: Option<&str>, lang: Option<&str>) -> (u16, Value) {
    let mut req = t
        .http
        .get(t.url(path))
        .header("x-authing-userpool-id", t.emu.user_pool_id());
    if let Some(tok) = token {
        req = req.bearer_auth(tok);
    }
    if let Some(l) = lang {
        req = req.header("x-authing-lang", l);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("JSON envelope"))
}

// ---- GET /api/v2/users/me -------------------------------------------------------------------

/// Today FAILS: `token` is null in the answer.
#[tokio::test]
async fn users_me_answers_the_callers_token() {
    let t = common::start().await;
    let (uid, tok) = t.register("meuser", "pw-123456").await;
    let (status, v) = get(&t, "/api/v2/users/me", Some(&tok), None).await;
    assert_eq!(status, 200);
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["id"], uid.as_str());
    assert_eq!(v["data"]["token"], tok.as_str(), "{v}");
}

/// Today FAILS for malformed / wrongly signed tokens (answers 2207); the catalog (§6.1,
/// P4 `test_logout_with_wrong_token`) has 2020 for any bad or missing token here.
#[tokio::test]
async fn users_me_with_bad_token_answers_2020() {
    let t = common::start().await;
    let (_, tok) = t.register("bad", "pw-123456").await;
    let mut parts: Vec<String> = tok.split('.').map(str::to_string).collect();
    parts[2] = "AAAA".repeat(11);
    let wrong_sig = parts.join(".");
    for (what, token) in [
        ("missing", None),
        ("malformed", Some("not-a-jwt")),
        ("wrong signature", Some(wrong_sig.as_str())),
    ] {
        let (_, v) = get(&t, "/api/v2/users/me", token, None).await;
        assert_eq!(v["code"], 2020, "{what}: {v}");
    }
}

// ---- policy assignments by role id -----------------------------------------------------------

/// Today FAILS: with `targetType: ROLE`, only the role code finds the assignment.
#[tokio::test]
async fn toggle_policy_assignment_by_role_id_or_code() {
    let t = common::start().await;
    let a = t.admin().await;
    let a = Some(a.as_str());
    let rid = t
        .ok(
            "mutation { createRole(code: \"editors\") { id } }",
            json!({}),
            a,
        )
        .await["createRole"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.ok(
        "mutation($s: [PolicyStatementInput!]!) { createPolicy(code: \"p1\", statements: $s) { code } }",
        json!({"s": [{"resource": "books:*", "actions": ["books:read"], "effect": "ALLOW"}]}),
        a,
    )
    .await;
    t.ok(
        "mutation { addPolicyAssignments(policies: [\"p1\"], targetType: ROLE, targetIdentifiers: [\"editors\"]) { code } }",
        json!({}),
        a,
    )
    .await;
    for ident in [rid.as_str(), "editors"] {
        for m in ["disbalePolicyAssignment", "enablePolicyAssignment"] {
            let q = format!(
                "mutation($i: String!) {{ {m}(policy: \"p1\", targetType: ROLE, targetIdentifier: $i) {{ code }} }}"
            );
            let v = t.gql(&q, json!({"i": ident}), a).await;
            assert_eq!(v["data"][m]["code"], 200, "{m} with {ident}: {v}");
        }
    }
}

// ---- language ----------------------------------------------------------------------------------

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    })
}

fn has_ascii_letter(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic())
}

async fn wrong_password_message(t: &T, lang: Option<&str>) -> String {
    let mut req = t
        .http
        .post(t.url("/graphql/v2"))
        .header("x-authing-userpool-id", t.emu.user_pool_id())
        .json(&json!({
            "query": "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id } }",
            "variables": {"i": {"username": "lang", "password": t.enc("not-the-password")}},
        }));
    if let Some(l) = lang {
        req = req.header("x-authing-lang", l);
    }
    let v: Value = req.send().await.unwrap().json().await.unwrap();
    assert_eq!(common::authing_code(&v), Some(2333), "{v}");
    v["errors"][0]["message"]["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Today FAILS: messages carry both languages ("账号或密码错误 (wrong account or password)").
#[tokio::test]
async fn messages_follow_x_authing_lang() {
    let t = common::start().await;
    t.register("lang", "pw-123456").await;
    for lang in [None, Some("zh-CN")] {
        let m = wrong_password_message(&t, lang).await;
        assert!(has_cjk(&m), "{lang:?}: {m}");
        assert!(!has_ascii_letter(&m), "{lang:?} has English: {m}");
    }
    let m = wrong_password_message(&t, Some("en-US")).await;
    assert!(has_ascii_letter(&m), "{m}");
    assert!(!has_cjk(&m), "en-US has Chinese: {m}");
    // REST envelopes too
    let (_, v) = get(&t, "/api/v2/users/me", None, None).await;
    let m = v["message"].as_str().unwrap();
    assert!(has_cjk(m) && !has_ascii_letter(m), "{m}");
    let (_, v) = get(&t, "/api/v2/users/me", None, Some("en-US")).await;
    let m = v["message"].as_str().unwrap();
    assert!(has_ascii_letter(m) && !has_cjk(m), "{m}");
}

// ---- self mutations carry the caller's token ----------------------------------------------------

/// Today FAILS: the user returned by self-service mutations has `token: null`.
#[tokio::test]
async fn self_mutations_return_the_callers_token() {
    let t = common::start().await;
    let (uid, tok) = t.register("selfie", "pw-123456").await;
    let tk = Some(tok.as_str());
    let mut failures = Vec::new();
    let mut check = |name: &str, v: &Value| {
        if v["data"][name]["token"] != tok.as_str() {
            failures.push(format!("{name}: {v}"));
        }
    };

    let c = t.send_sms("13700000001").await;
    let v = t
        .gql("mutation($p: String!, $c: String!) { bindPhone(phone: $p, phoneCode: $c) { id token } }", json!({"p": "13700000001", "c": c}), tk)
        .await;
    check("bindPhone", &v);

    let c = t.send_sms("13700000002").await;
    let v = t
        .gql("mutation($p: String!, $c: String!) { updatePhone(phone: $p, phoneCode: $c) { id token } }", json!({"p": "13700000002", "c": c}), tk)
        .await;
    check("updatePhone", &v);

    let send = "mutation($e: String!) { sendEmail(email: $e, scene: VERIFY_CODE) { code } }";
    t.ok(send, json!({"e": "self1@x.io"}), None).await;
    let c = t.emu.latest_code("self1@x.io").unwrap();
    let v = t
        .gql("mutation($e: String!, $c: String!) { bindEmail(email: $e, emailCode: $c) { id token } }", json!({"e": "self1@x.io", "c": c}), tk)
        .await;
    check("bindEmail", &v);

    t.ok(send, json!({"e": "self2@x.io"}), None).await;
    let c = t.emu.latest_code("self2@x.io").unwrap();
    let v = t
        .gql("mutation($e: String!, $c: String!) { updateEmail(email: $e, emailCode: $c) { id token } }", json!({"e": "self2@x.io", "c": c}), tk)
        .await;
    check("updateEmail", &v);

    let v = t
        .gql("mutation($id: String, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id token } }", json!({"id": uid, "i": {"nickname": "me"}}), tk)
        .await;
    check("updateUser", &v);

    let v = t
        .gql("mutation { unbindPhone { id token } }", json!({}), tk)
        .await;
    check("unbindPhone", &v);
    let v = t
        .gql("mutation { unbindEmail { id token } }", json!({}), tk)
        .await;
    check("unbindEmail", &v);

    let v = t
        .gql("mutation($n: String!, $o: String) { updatePassword(newPassword: $n, oldPassword: $o) { id token } }", json!({"n": t.enc("pw-654321"), "o": t.enc("pw-123456")}), tk)
        .await;
    check("updatePassword", &v);

    assert!(
        failures.is_empty(),
        "token != caller's token:\n{}",
        failures.join("\n")
    );
}

// ---- newer schema fields ---------------------------------------------------------------------

/// Today FAILS: `newlyCreated`, `expiredAt`, `directManagement` and
/// `UserPool.verifyCodeMaxAttempts` (in the reference schema) are unknown fields.
#[tokio::test]
async fn login_with_newer_schema_fields() {
    let t = common::start().await;
    t.register("newer", "pw-123456").await;
    let v = t
        .gql(
            "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id token newlyCreated expiredAt directManagement } }",
            json!({"i": {"username": "newer", "password": t.enc("pw-123456")}}),
            None,
        )
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    let u = &v["data"]["loginByUsername"];
    assert!(u["token"].is_string());
    assert!(
        u["newlyCreated"].is_boolean() || u["newlyCreated"].is_null(),
        "{u}"
    );
    let a = t.admin().await;
    let v = t
        .gql(
            "{ userpool { id verifyCodeMaxAttempts } }",
            json!({}),
            Some(&a),
        )
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    assert_eq!(v["data"]["userpool"]["id"], t.emu.user_pool_id());
}

// ---- REST acl ------------------------------------------------------------------------------------

/// Today FAILS: `POST /api/v2/acl/is-allowed` is not served (404).
#[tokio::test]
async fn rest_acl_is_allowed() {
    let t = common::start().await;
    let a = t.admin().await;
    let (uid, _) = t.register("acl", "pw-123456").await;
    t.ok(
        "mutation($u: String) { allow(resource: \"books:1\", action: \"books:read\", userId: $u) { code } }",
        json!({"u": uid}),
        Some(&a),
    )
    .await;
    let post = |body: Value| {
        t.http
            .post(t.url("/api/v2/acl/is-allowed"))
            .header("x-authing-userpool-id", t.emu.user_pool_id())
            .bearer_auth(&a)
            .json(&body)
            .send()
    };
    let v: Value = post(json!({"userId": uid, "resource": "books:1", "action": "books:read"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["allowed"], true, "{v}");
    let v: Value = post(json!({"userId": uid, "resource": "books:1", "action": "books:delete", "namespace": "default"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["allowed"], false, "{v}");
}

// ---- unknown REST paths ------------------------------------------------------------------------

/// Regression guard: an unknown REST path answers a 404 envelope.
#[tokio::test]
async fn unknown_rest_path_is_a_404_envelope() {
    let t = common::start().await;
    let (status, v) = get(&t, "/api/v2/no-such-thing", None, None).await;
    assert_eq!(status, 404);
    assert_eq!(v["code"], 404, "{v}");
}

/// Today FAILS: `/api/v2/users/login-status` is routed to `/api/v2/users/{id}` and answers
/// "获取成功" with `data: null`. It must answer either a 404 envelope (not implemented)
/// or the catalog's login-status shape (unknown user → message `用户不存在`).
#[tokio::test]
async fn login_status_is_not_a_user_id() {
    let t = common::start().await;
    let a = t.admin().await;
    let (status, v) = get(
        &t,
        "/api/v2/users/login-status?userId=000000000000000000000000",
        Some(&a),
        None,
    )
    .await;
    let is_404 = status == 404 && v["code"] == 404;
    let is_login_status = v["message"]
        .as_str()
        .is_some_and(|m| m.contains("用户不存在"))
        || v["data"].get("isLogin").is_some();
    assert!(is_404 || is_login_status, "{status} {v}");
}
