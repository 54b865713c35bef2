//! Helpers of the applications tests: management REST calls and the sign-in of alice
//! to an application through the hosted login.
#![allow(dead_code)]

use serde_json::{Value, json};

pub use crate::oidc_common::*;

pub async fn call(o: &O, method: &str, path: &str, body: Option<Value>) -> Value {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req =
        o.t.http
            .request(m, o.url(path))
            .bearer_auth(&o.admin)
            .header("x-authing-userpool-id", o.emu().user_pool_id());
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), 200, "{method} {path}");
    r.json().await.unwrap()
}

/// `data` of a call that must succeed.
pub async fn data(o: &O, method: &str, path: &str, body: Option<Value>) -> Value {
    let v = call(o, method, path, body).await;
    assert_eq!(v["code"], 200, "{method} {path}: {v}");
    v["data"].clone()
}

pub async fn create_app(o: &O, identifier: &str) -> Value {
    data(
        o,
        "POST",
        "/api/v2/applications",
        Some(
            json!({"name": format!("App {identifier}"), "identifier": identifier,
                    "redirectUris": [CB], "logo": "https://example.com/logo.png"}),
        ),
    )
    .await
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// The authorize step of `client_id` signing alice in: the client's redirect params.
pub async fn sign_in(o: &O, client_id: &str) -> std::collections::HashMap<String, String> {
    o.code_for(client_id, "openid profile").await
}

pub async fn exchange(o: &O, client_id: &str, secret: &str, code: &str) -> (u16, Value) {
    let v = verifier();
    o.token(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", CB),
        ("code_verifier", &v),
        ("client_id", client_id),
        ("client_secret", secret),
    ])
    .await
}

pub async fn policy(o: &O, app: &str, action: &str, target_type: &str, ids: &[&str]) {
    let v = data(
        o,
        "POST",
        &format!("/api/v2/applications/{app}/authorization/{action}"),
        Some(json!({"targetType": target_type, "targetIdentifiers": ids,
                    "namespace": app, "inheritByChildren": true})),
    )
    .await;
    assert_eq!(v, json!(true));
}

/// Signs alice in to `app`: `Ok(code)` or `Err(error)` from the redirect.
pub async fn attempt(o: &O, app: &str) -> Result<String, String> {
    let p = sign_in(o, app).await;
    match (p.get("code"), p.get("error")) {
        (Some(c), None) => Ok(c.clone()),
        (None, Some(e)) => Err(e.clone()),
        other => panic!("{other:?}"),
    }
}
