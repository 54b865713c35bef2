//! Transport behaviour: paths, headers, engine features, malformed input, faults, controls.

mod common;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

async fn raw(t: &common::T, path: &str, ct: Option<&str>, body: Vec<u8>) -> (u16, String) {
    let mut req = t.http.post(t.url(path)).body(body);
    if let Some(ct) = ct {
        req = req.header("content-type", ct);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test]
async fn introspection_paths_and_engine_features() {
    let t = common::start().await;
    // unauthenticated introspection, on both paths
    let q = json!({"query": "query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { name kind fields(includeDeprecated: true) { name args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }"});
    for path in ["/graphql/v2", "/v2/graphql"] {
        let v: Value = t
            .http
            .post(t.url(path))
            .json(&q)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            v["data"]["__schema"]["queryType"]["name"], "Query",
            "{path}"
        );
        assert!(v.get("errors").is_none());
    }
    // aliases, fragments, variables
    let admin = t.admin().await;
    t.register("x", "p").await;
    let d = t
        .ok(
            "query Q($l: Int) { a: users(limit: $l) { ...P } b: users(page: 2, limit: 1) { totalCount } } fragment P on PaginatedUsers { totalCount list { username } }",
            json!({"l": 1}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["a"]["list"][0]["username"], "x");
    assert_eq!(d["b"]["totalCount"], 1);
    // validation errors keep a plain string message
    let v = t.gql("{ users { nope } }", json!({}), Some(&admin)).await;
    assert!(v["errors"][0]["message"].is_string(), "{v}");
    let v = t
        .gql(
            "{ users(page: \"x\") { totalCount } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert!(v["errors"][0]["message"].is_string());
    // Authing errors: object message, partial data allowed for nullable fields
    let v = t.gql("query { a: user(id: \"x\") { id } b: checkPasswordStrength(password: \"x\") { valid } }", json!({}), None).await;
    assert_eq!(v["errors"][0]["message"]["code"], 2020);
    assert_eq!(v["errors"][0]["message"]["data"], json!(null));
    assert_eq!(v["errors"][0]["extensions"]["code"], "2020");
    assert_eq!(v["data"]["b"]["valid"], true);
    assert_eq!(v["data"]["a"], json!(null));
    // SDL is exposed
    let sdl = authing_emulator::schema_sdl();
    assert!(sdl.contains("disbalePolicyAssignment"));
}

#[tokio::test]
async fn pool_and_app_headers() {
    let t = common::start().await;
    let q = json!({"query": "{ checkPasswordStrength(password: \"x\") { valid } }"});
    let send = |h: Vec<(&'static str, String)>| {
        let mut req = t.http.post(t.url("/graphql/v2")).json(&q);
        for (k, v) in h {
            req = req.header(k, v);
        }
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(
        send(vec![]).await["data"]["checkPasswordStrength"]["valid"],
        true
    );
    assert_eq!(
        send(vec![("x-authing-app-id", t.emu.app_id().to_string())]).await["data"]["checkPasswordStrength"]
            ["valid"],
        true
    );
    assert_eq!(
        send(vec![("x-authing-app-id", String::new())]).await["data"]["checkPasswordStrength"]["valid"],
        true
    );
    assert_eq!(
        common::authing_code(&send(vec![("x-authing-userpool-id", "wrong".into())]).await),
        Some(2224)
    );
    assert_eq!(
        common::authing_code(&send(vec![("x-authing-app-id", "wrong".into())]).await),
        Some(2011)
    );
    let r = t
        .http
        .get(t.url("/api/v2/users/me"))
        .header("x-authing-userpool-id", "wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["code"], 2224);
}

#[tokio::test]
async fn malformed_requests_get_clear_errors() {
    let t = common::start().await;
    let admin = t.admin().await;
    let (status, body) = raw(
        &t,
        "/graphql/v2",
        Some("application/json"),
        b"{not json".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("invalid GraphQL request body"), "{body}");
    let (status, body) = raw(&t, "/graphql/v2", Some("text/plain"), b"{}".to_vec()).await;
    assert_eq!(status, 415);
    assert!(body.contains("content-type"), "{body}");
    let (status, _) = raw(
        &t,
        "/graphql/v2",
        Some("application/json"),
        b"[1,2]".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    // 2 MB and 10 MB bodies
    for size in [2 * 1024 * 1024, 10 * 1024 * 1024] {
        let big = format!("{{\"query\": \"{}\"}}", "a".repeat(size));
        let (status, body) = raw(
            &t,
            "/graphql/v2",
            Some("application/json"),
            big.into_bytes(),
        )
        .await;
        assert_eq!(status, 413);
        assert!(body.contains("too large"), "{body}");
    }
    // deeply nested query
    let deep = format!("{{ {} }}", "a {".repeat(5000) + &"}".repeat(5000));
    let (status, body) = raw(
        &t,
        "/graphql/v2",
        Some("application/json"),
        json!({"query": deep}).to_string().into_bytes(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("nested too deeply"), "{body}");
    // moderately deep but valid nesting is refused by the depth or the complexity limit
    // (whichever the engine checks first), not by a crash
    let mut q = String::from(
        "{ users { list { roles { list { users { list { roles { list { users { list { id } } } } } } } } } } }",
    );
    for _ in 0..8 {
        q = q.replace("{ id }", "{ roles { list { users { list { id } } } } }");
    }
    let v = t.gql(&q, json!({}), Some(&admin)).await;
    let msg = v["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .to_lowercase();
    assert!(msg.contains("deep") || msg.contains("complex"), "{v}");
    // wrong variable types, unknown REST path, GET on GraphQL
    let v = t
        .gql(
            "query($l: Int) { users(limit: $l) { totalCount } }",
            json!({"l": "ten"}),
            Some(&admin),
        )
        .await;
    assert!(v["errors"][0]["message"].is_string());
    let r = t.http.get(t.url("/api/v2/nope")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], 404);
    let r = t.http.get(t.url("/graphql/v2")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    let r = t.rest_post("/api/v2/sms/send", json!([1]), None).await;
    assert_eq!(r["code"], 400);
    // invalid tokens leave state unchanged
    let v = t
        .gql(
            "mutation { deleteUsers(ids: [\"x\"]) { code } }",
            json!({}),
            Some("a.b.c"),
        )
        .await;
    assert_eq!(common::authing_code(&v), Some(2207));
    assert_eq!(
        t.ok("{ users { totalCount } }", json!({}), Some(&admin))
            .await["users"]["totalCount"],
        0
    );
}

#[tokio::test]
async fn fault_injection() {
    let t = common::start().await;
    let q = json!({"query": "{ checkPasswordStrength(password: \"x\") { valid } }"});
    let post = || t.http.post(t.url("/graphql/v2")).json(&q).send();

    let r = t
        .rest_post(
            "/emulator/v1/faults",
            json!({"status": 503, "count": 2}),
            None,
        )
        .await;
    assert_eq!(r["code"], 200);
    assert_eq!(post().await.unwrap().status(), 503);
    assert_eq!(post().await.unwrap().status(), 503);
    assert_eq!(post().await.unwrap().status(), 200);

    t.rest_post(
        "/emulator/v1/faults",
        json!({"status": 429, "retryAfter": 1, "count": 1}),
        None,
    )
    .await;
    let r = post().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "1");

    t.rest_post(
        "/emulator/v1/faults",
        json!({"delayMs": 300, "count": 1}),
        None,
    )
    .await;
    let start = Instant::now();
    assert_eq!(post().await.unwrap().status(), 200);
    assert!(start.elapsed() >= Duration::from_millis(290));

    t.rest_post(
        "/emulator/v1/faults",
        json!({"status": 502, "body": "<html>bad gateway</html>", "path": "/api/"}),
        None,
    )
    .await;
    assert_eq!(post().await.unwrap().status(), 200, "path filter");
    let r = t
        .http
        .get(t.url("/api/v2/.well-known"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 502);
    assert_eq!(r.text().await.unwrap(), "<html>bad gateway</html>");

    t.rest_post(
        "/emulator/v1/faults",
        json!({"status": 503, "count": 5}),
        None,
    )
    .await;
    let r = t
        .http
        .delete(t.url("/emulator/v1/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(post().await.unwrap().status(), 200);
    let r = t
        .rest_post("/emulator/v1/faults", json!({"bogus": 1}), None)
        .await;
    assert_eq!(r["code"], 400);
}

#[tokio::test]
async fn control_endpoints() {
    let t = common::start().await;
    let admin = t.admin().await;
    t.register("a", "p").await;
    t.send_sms("1").await;
    let info = t.rest_get("/emulator/v1/info", None).await;
    assert_eq!(info["data"]["userPoolId"], t.emu.user_pool_id());
    assert_eq!(info["data"]["url"], t.emu.url());
    let c0 = t.rest_get("/emulator/v1/clock", None).await["data"]["nowMs"]
        .as_i64()
        .unwrap();
    let c1 = t
        .rest_post("/emulator/v1/clock", json!({"advanceSeconds": 3600}), None)
        .await["data"]["nowMs"]
        .as_i64()
        .unwrap();
    assert!(c1 - c0 >= 3_600_000);
    // a negative step rewinds (issue 11); an absurd one is refused
    assert_eq!(
        t.rest_post("/emulator/v1/clock", json!({"advanceSeconds": -1}), None)
            .await["code"],
        200
    );
    assert_eq!(
        t.rest_post(
            "/emulator/v1/clock",
            json!({"advanceSeconds": -1e300}),
            None
        )
        .await["code"],
        400
    );
    assert_eq!(
        t.rest_post("/emulator/v1/reset", json!({}), None).await["code"],
        200
    );
    assert_eq!(
        t.ok("{ users { totalCount } }", json!({}), Some(&admin))
            .await["users"]["totalCount"],
        0,
        "the management token survives a reset"
    );
    assert!(t.emu.outbox().is_empty());
    // registration can be closed
    t.rest_post("/emulator/v1/pool", json!({"registerDisabled": true}), None)
        .await;
    let v = t
        .gql(
            "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id } }",
            json!({"i": {"username": "z", "password": t.enc("p")}}),
            None,
        )
        .await;
    assert_eq!(common::authing_code(&v), Some(2031));
    t.emu.reset();
}

/// The standard introspection query of graphql-js / gql (what the Python SDKs send before
/// every call), without a token.
#[tokio::test]
async fn full_standard_introspection_query() {
    let t = common::start().await;
    let q = r#"
    query IntrospectionQuery {
      __schema {
        queryType { name }
        mutationType { name }
        subscriptionType { name }
        types { ...FullType }
        directives { name description locations args { ...InputValue } }
      }
    }
    fragment FullType on __Type {
      kind name description
      fields(includeDeprecated: true) {
        name description
        args { ...InputValue }
        type { ...TypeRef }
        isDeprecated deprecationReason
      }
      inputFields { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
    fragment TypeRef on __Type {
      kind name
      ofType { kind name ofType { kind name ofType { kind name ofType { kind name
        ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
    }"#;
    let v: Value = t
        .http
        .post(t.url("/graphql/v2"))
        .json(&json!({"query": q}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v.get("errors").is_none(), "{}", v["errors"]);
    let types = v["data"]["__schema"]["types"].as_array().unwrap();
    assert!(types.iter().any(|t| t["name"] == "User"));
    assert!(types.iter().any(|t| t["name"] == "JWTTokenStatus"));
}
