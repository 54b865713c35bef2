//! CORS for browser clients: preflights and actual responses of Authing's API echo an
//! allowed `Origin` (every origin while the pool's `allowedOrigins` is empty, then only
//! the listed ones); the `/emulator/v1` controls never answer CORS.

mod common;

use common::start;
use reqwest::{Method, Response};
use serde_json::json;

const ORIGIN: &str = "http://127.0.0.1:9999";

fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn preflight(
    t: &common::T,
    path: &str,
    method: &str,
    headers: &str,
    origin: &str,
) -> Response {
    t.http
        .request(Method::OPTIONS, t.url(path))
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", headers)
        .send()
        .await
        .expect("preflight")
}

#[tokio::test]
async fn graphql_preflight_allows_the_sdk_headers_and_echoes_the_origin() {
    let t = start().await;
    let r = preflight(
        &t,
        "/graphql/v2",
        "POST",
        "content-type,authorization,x-authing-userpool-id,x-authing-app-id,x-authing-request-from,x-authing-sdk-version,x-authing-lang",
        ORIGIN,
    )
    .await;
    assert!(r.status().is_success(), "preflight status {}", r.status());
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(header(&r, "access-control-allow-credentials"), Some("true"));
    let methods = header(&r, "access-control-allow-methods")
        .unwrap_or_default()
        .to_ascii_uppercase();
    for m in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(m), "{m} missing in {methods}");
    }
    let allowed = header(&r, "access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "content-type",
        "x-authing-userpool-id",
        "x-authing-app-id",
        "x-authing-request-from",
        "x-authing-sdk-version",
        "x-authing-lang",
    ] {
        assert!(allowed.contains(h), "{h} missing in {allowed}");
    }
    let vary = r
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",")
        .to_ascii_lowercase();
    assert!(vary.contains("origin"), "vary: {vary}");
}

#[tokio::test]
async fn rest_preflight_and_actual_responses_carry_the_allowed_origin() {
    let t = start().await;
    let r = preflight(
        &t,
        "/api/v2/users/me",
        "GET",
        "authorization,x-authing-userpool-id",
        ORIGIN,
    )
    .await;
    assert!(r.status().is_success());
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ORIGIN));

    // An actual cross-origin GraphQL call: the answer is readable by the page.
    let r = t
        .http
        .post(t.url("/graphql/v2"))
        .header("origin", ORIGIN)
        .header("x-authing-userpool-id", t.emu.user_pool_id())
        .json(&json!({"query": "{ checkLoginStatus(token: \"x\") { status code } }"}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(header(&r, "access-control-allow-credentials"), Some("true"));

    // An error envelope too (401 of /users/me without a token).
    let r = t
        .http
        .get(t.url("/api/v2/users/me"))
        .header("origin", ORIGIN)
        .header("x-authing-userpool-id", t.emu.user_pool_id())
        .send()
        .await
        .expect("get");
    assert_eq!(header(&r, "access-control-allow-origin"), Some(ORIGIN));
    let body: serde_json::Value = r.json().await.expect("json");
    assert_ne!(body["code"], 200, "no token, no user: {body}");

    // Without an Origin (not a browser) nothing changes.
    let r = t
        .http
        .get(t.url("/api/v2/.well-known"))
        .send()
        .await
        .expect("get");
    assert_eq!(header(&r, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn allowed_origins_of_the_pool_restrict_which_origins_are_echoed() {
    let t = start().await;
    let admin = t.admin().await;
    t.ok(
        "mutation($i: UpdateUserpoolInput!) { updateUserpool(input: $i) { allowedOrigins } }",
        json!({"i": {"allowedOrigins": "https://app.test\nhttp://127.0.0.1:9999"}}),
        Some(&admin),
    )
    .await;
    let ok = preflight(
        &t,
        "/graphql/v2",
        "POST",
        "content-type",
        "https://app.test",
    )
    .await;
    assert_eq!(
        header(&ok, "access-control-allow-origin"),
        Some("https://app.test")
    );
    let ok = preflight(&t, "/graphql/v2", "POST", "content-type", ORIGIN).await;
    assert_eq!(header(&ok, "access-control-allow-origin"), Some(ORIGIN));
    let no = preflight(
        &t,
        "/graphql/v2",
        "POST",
        "content-type",
        "https://evil.test",
    )
    .await;
    assert_eq!(header(&no, "access-control-allow-origin"), None);
    let no = t
        .http
        .post(t.url("/graphql/v2"))
        .header("origin", "https://evil.test")
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .expect("post");
    assert_eq!(header(&no, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn emulator_controls_never_answer_cors() {
    let t = start().await;
    // A page cannot get past the preflight of a JSON control write...
    for path in ["/emulator/v1/reset", "/emulator/v1/clock"] {
        let r = preflight(&t, path, "POST", "content-type", ORIGIN).await;
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{path}");
        assert_eq!(header(&r, "access-control-allow-methods"), None, "{path}");
        assert!(!r.status().is_success(), "{path}: {}", r.status());
    }
    // ...cannot read a control answer...
    let r = t
        .http
        .get(t.url("/emulator/v1/outbox"))
        .header("origin", ORIGIN)
        .send()
        .await
        .expect("get");
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    // ...and a "simple" cross-site form post (no preflight) is still refused.
    let r = t
        .http
        .post(t.url("/emulator/v1/reset"))
        .header("origin", ORIGIN)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 415);
    assert_eq!(header(&r, "access-control-allow-origin"), None);
}
