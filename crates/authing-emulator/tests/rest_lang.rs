//! REST endpoints added for issue 11 (`users/login-status`, `acl/is-allowed`) beyond the
//! acceptance tests, and `x-authing-lang` on their errors.

mod common;

use serde_json::{Value, json};

#[tokio::test]
async fn login_status_reports_a_logged_in_user() {
    let t = common::start().await;
    let a = t.admin().await;
    let (uid, _) = t.register("status", "pw-123456").await;
    let v = t
        .rest_get(
            &format!("/api/v2/users/login-status?userId={uid}"),
            Some(&a),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["isLogin"], true, "{v}");
    assert_eq!(v["data"]["user"]["id"], uid.as_str(), "{v}");
    assert!(v["data"]["user"]["password"].is_null(), "{v}");
    assert_eq!(v["data"]["application"], json!([]), "{v}");
    // unknown user: the catalog's message, Chinese only by default
    let v = t
        .rest_get("/api/v2/users/login-status?userId=nobody", Some(&a))
        .await;
    assert_eq!(
        (v["code"].as_i64(), v["message"].as_str()),
        (Some(2004), Some("用户不存在")),
        "{v}"
    );
    // a user token is no management token
    let (_, tok) = t.register("status2", "pw-123456").await;
    let v = t
        .rest_get(
            &format!("/api/v2/users/login-status?userId={uid}"),
            Some(&tok),
        )
        .await;
    assert_eq!(v["code"], 1001, "{v}");
}

async fn is_allowed(t: &common::T, body: Value, token: &str, lang: Option<&str>) -> Value {
    let mut req = t
        .http
        .post(t.url("/api/v2/acl/is-allowed"))
        .header("x-authing-userpool-id", t.emu.user_pool_id())
        .bearer_auth(token)
        .json(&body);
    if let Some(l) = lang {
        req = req.header("x-authing-lang", l);
    }
    req.send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn is_allowed_errors_follow_the_language() {
    let t = common::start().await;
    let a = t.admin().await;
    let (uid, tok) = t.register("aclerr", "pw-123456").await;
    let v = is_allowed(
        &t,
        json!({"resource": "books:1", "action": "read"}),
        &a,
        None,
    )
    .await;
    assert_eq!(v["code"], 2231, "{v}");
    let v = is_allowed(
        &t,
        json!({"userId": "nobody", "resource": "books:1", "action": "read"}),
        &a,
        None,
    )
    .await;
    assert_eq!(
        (v["code"].as_i64(), v["message"].as_str()),
        (Some(2004), Some("用户不存在")),
        "{v}"
    );
    let v = is_allowed(
        &t,
        json!({"userId": "nobody", "resource": "books:1", "action": "read"}),
        &a,
        Some("en-US"),
    )
    .await;
    assert_eq!(
        (v["code"].as_i64(), v["message"].as_str()),
        (Some(2004), Some("user does not exist")),
        "{v}"
    );
    let v = is_allowed(
        &t,
        json!({"userId": uid, "resource": "books:1", "action": "read"}),
        &tok,
        Some("en-US"),
    )
    .await;
    assert_eq!(
        (v["code"].as_i64(), v["message"].as_str()),
        (Some(1001), Some("no permission")),
        "{v}"
    );
}

#[tokio::test]
async fn graphql_own_errors_keep_their_message() {
    let t = common::start().await;
    let v: Value = t
        .http
        .post(t.url("/graphql/v2"))
        .header("x-authing-lang", "en-US")
        .json(&json!({"query": "{ noSuchField }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let m = v["errors"][0]["message"]
        .as_str()
        .expect("plain string message");
    assert!(m.contains("noSuchField"), "{v}");
}
