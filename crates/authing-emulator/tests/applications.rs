//! The management `applications` API, black box over HTTP: applications created
//! there sign users in through `/oidc/auth` + token, a refreshed secret and a deleted
//! application fail at the provider, access policies refuse then admit a user at the
//! authorize step, agreements reorder, programmatic access accounts get tokens by
//! client credentials, and everything survives a restart from the data file.

mod oidc_common;

use authing_emulator::Emulator;
use oidc_common::*;
use serde_json::{Value, json};

async fn call(o: &O, method: &str, path: &str, body: Option<Value>) -> Value {
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
async fn data(o: &O, method: &str, path: &str, body: Option<Value>) -> Value {
    let v = call(o, method, path, body).await;
    assert_eq!(v["code"], 200, "{method} {path}: {v}");
    v["data"].clone()
}

async fn create_app(o: &O, identifier: &str) -> Value {
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

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// The authorize step of `client_id` signing alice in: the client's redirect params.
async fn sign_in(o: &O, client_id: &str) -> std::collections::HashMap<String, String> {
    o.code_for(client_id, "openid profile").await
}

async fn exchange(o: &O, client_id: &str, secret: &str, code: &str) -> (u16, Value) {
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

#[tokio::test]
async fn a_created_app_signs_users_in_until_its_secret_changes_or_it_is_deleted() {
    let o = start().await;
    let app = create_app(&o, "books").await;
    let (app_id, secret) = (id(&app), app["secret"].as_str().unwrap().to_string());
    assert_eq!(app["name"], "App books");
    assert_eq!(app["identifier"], "books");
    assert_eq!(app["redirectUris"], json!([CB]));
    assert_eq!(app["logo"], "https://example.com/logo.png");
    assert_eq!(app["userPoolId"], o.emu().user_pool_id());
    assert_eq!(app["permissionStrategy"]["defaultStrategy"], "ALLOW_ALL");

    // identifier taken, name missing, bad redirect URI
    let dup = call(
        &o,
        "POST",
        "/api/v2/applications",
        Some(json!({"name": "x", "identifier": "books", "redirectUris": [CB]})),
    )
    .await;
    assert_eq!(dup["code"], 409, "{dup}");
    let no_name = call(
        &o,
        "POST",
        "/api/v2/applications",
        Some(json!({"identifier": "y"})),
    )
    .await;
    assert_eq!(no_name["code"], 2231);
    let bad = call(
        &o,
        "POST",
        "/api/v2/applications",
        Some(json!({"name": "x", "identifier": "z", "redirectUris": ["not a url"]})),
    )
    .await;
    assert_eq!(bad["code"], 400);

    let found = data(&o, "GET", &format!("/api/v2/applications/{app_id}"), None).await;
    assert_eq!(found["id"], app_id.as_str());
    let page = data(&o, "GET", "/api/v2/applications?page=1&limit=10", None).await;
    assert_eq!(page["totalCount"], 2, "the default app and the new one");
    assert_eq!(page["list"][1]["id"], app_id.as_str());
    let page2 = data(&o, "GET", "/api/v2/applications?page=2&limit=1", None).await;
    assert_eq!(page2["list"].as_array().unwrap().len(), 1);

    // no active user yet; alice signs in through the provider
    let active = data(
        &o,
        "GET",
        &format!("/api/v2/applications/{app_id}/active-users?page=1&limit=10"),
        None,
    )
    .await;
    assert_eq!(active["totalCount"], 0);
    let p = sign_in(&o, &app_id).await;
    let (status, tokens) = exchange(&o, &app_id, &secret, &p["code"]).await;
    assert_eq!(status, 200, "{tokens}");
    let id_token = payload(tokens["id_token"].as_str().unwrap());
    assert_eq!(id_token["aud"], app_id.as_str());
    assert_eq!(id_token["sub"], o.user_id.as_str());
    let active = data(
        &o,
        "GET",
        &format!("/api/v2/applications/{app_id}/active-users"),
        None,
    )
    .await;
    assert_eq!(active["totalCount"], 1);
    assert_eq!(active["list"][0]["id"], o.user_id.as_str());
    assert_eq!(active["list"][0]["username"], USER);
    let default_active = data(
        &o,
        "GET",
        &format!("/api/v2/applications/{}/active-users", o.emu().app_id()),
        None,
    )
    .await;
    assert_eq!(default_active["totalCount"], 0, "per application");

    // refresh the secret: the old one fails at the token endpoint
    let refreshed = data(
        &o,
        "PATCH",
        &format!("/api/v2/application/{app_id}/refresh-secret"),
        None,
    )
    .await;
    let new_secret = refreshed["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    let p = sign_in(&o, &app_id).await;
    let (status, err) = exchange(&o, &app_id, &secret, &p["code"]).await;
    assert_eq!(
        (status, err["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let p = sign_in(&o, &app_id).await;
    let (status, _) = exchange(&o, &app_id, &new_secret, &p["code"]).await;
    assert_eq!(status, 200);

    // delete: the client id is unknown from then on
    data(
        &o,
        "DELETE",
        &format!("/api/v2/applications/{app_id}"),
        None,
    )
    .await;
    let q = auth_query(&app_id, CB, "openid", Some(&s256(&verifier())), "s", "n");
    let page = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert_eq!(page.status, 400, "an error page, no redirect");
    assert!(page.location.is_none());
    let (status, err) = o
        .token(&[
            ("grant_type", "client_credentials"),
            ("client_id", &app_id),
            ("client_secret", &new_secret),
        ])
        .await;
    assert_eq!(
        (status, err["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let gone = call(&o, "GET", &format!("/api/v2/applications/{app_id}"), None).await;
    assert_eq!(
        (gone["code"].as_i64(), &gone["data"]),
        (Some(200), &Value::Null)
    );
    let again = call(
        &o,
        "DELETE",
        &format!("/api/v2/applications/{app_id}"),
        None,
    )
    .await;
    assert_eq!(again["code"], 2011);
    let default = call(
        &o,
        "DELETE",
        &format!("/api/v2/applications/{}", o.emu().app_id()),
        None,
    )
    .await;
    assert_eq!(default["code"], 400, "the default app stays");
}

#[tokio::test]
async fn the_api_needs_a_management_token() {
    let o = start().await;
    let user_token = o.t.login(USER, PW).await;
    let v: Value =
        o.t.http
            .get(o.url("/api/v2/applications"))
            .bearer_auth(&user_token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_ne!(v["code"], 200, "{v}");
    assert!(v["data"].is_null());
    let v = o.t.rest_get("/api/v2/applications", None).await;
    assert_ne!(v["code"], 200, "{v}");
}

#[tokio::test]
async fn an_apps_resources_live_in_its_namespace() {
    let o = start().await;
    let app_id = id(&create_app(&o, "res").await);
    let r = data(
        &o,
        "POST",
        "/api/v2/resources",
        Some(json!({
        "code": "books", "type": "DATA", "namespace": app_id,
        "actions": [{"name": "books:read", "description": "read"}]})),
    )
    .await;
    assert_eq!(r["code"], "books");
    let page = data(
        &o,
        "GET",
        &format!("/api/v2/resources?namespace={app_id}&page=1&limit=10"),
        None,
    )
    .await;
    assert_eq!(page["totalCount"], 1);
    data(
        &o,
        "DELETE",
        &format!("/api/v2/applications/{app_id}"),
        None,
    )
    .await;
    let after = call(
        &o,
        "POST",
        "/api/v2/resources",
        Some(json!({
        "code": "pens", "type": "DATA", "namespace": app_id})),
    )
    .await;
    assert_eq!(
        after["code"], 3003,
        "the namespace went with the app: {after}"
    );
}

async fn policy(o: &O, app: &str, action: &str, target_type: &str, ids: &[&str]) {
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
async fn attempt(o: &O, app: &str) -> Result<String, String> {
    let p = sign_in(o, app).await;
    match (p.get("code"), p.get("error")) {
        (Some(c), None) => Ok(c.clone()),
        (None, Some(e)) => Err(e.clone()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn access_policies_refuse_then_admit_at_the_authorize_step() {
    let o = start().await;
    let app = id(&create_app(&o, "pol").await);
    assert!(attempt(&o, &app).await.is_ok(), "ALLOW_ALL by default");

    let a = data(
        &o,
        "POST",
        &format!("/api/v2/applications/{app}"),
        Some(json!({"permissionStrategy": {"defaultStrategy": "DENY_ALL"}})),
    )
    .await;
    assert_eq!(a["permissionStrategy"]["defaultStrategy"], "DENY_ALL");
    assert_eq!(attempt(&o, &app).await, Err("access_denied".into()));
    let p = sign_in(&o, &app).await;
    assert_eq!(p["state"], "st-1", "the state goes back with the error");
    assert!(
        attempt(&o, o.emu().app_id()).await.is_ok(),
        "other apps unaffected"
    );

    // allowed through a group
    let group = "mutation($c: String!, $n: String!) { createGroup(code: $c, name: $n) { code } }";
    o.t.ok(
        group,
        json!({"c": "readers", "n": "Readers"}),
        Some(&o.admin),
    )
    .await;
    o.t.ok(
        "mutation($u: [String!]!, $c: String) { addUserToGroup(userIds: $u, code: $c) { code } }",
        json!({"u": [o.user_id], "c": "readers"}),
        Some(&o.admin),
    )
    .await;
    policy(&o, &app, "allow", "GROUP", &["readers"]).await;
    assert!(attempt(&o, &app).await.is_ok());

    // a deny record for the user wins over the group's allow
    policy(&o, &app, "deny", "USER", &[&o.user_id]).await;
    assert_eq!(attempt(&o, &app).await, Err("access_denied".into()));
    let records = data(
        &o,
        "GET",
        &format!("/api/v2/applications/{app}/authorization/records?page=1&limit=10"),
        None,
    )
    .await;
    assert_eq!(records["totalCount"], 2);
    let deny = &records["list"][1];
    assert_eq!(
        (
            deny["targetType"].as_str(),
            deny["effect"].as_str(),
            deny["enabled"].as_bool()
        ),
        (Some("USER"), Some("DENY"), Some(true))
    );
    assert_eq!(deny["targetIdentifier"], o.user_id.as_str());

    policy(&o, &app, "disable-effect", "USER", &[&o.user_id]).await;
    assert!(
        attempt(&o, &app).await.is_ok(),
        "a disabled record does not count"
    );
    policy(&o, &app, "enable-effect", "USER", &[&o.user_id]).await;
    assert_eq!(attempt(&o, &app).await, Err("access_denied".into()));
    policy(&o, &app, "revoke", "USER", &[&o.user_id]).await;
    policy(&o, &app, "revoke", "GROUP", &["readers"]).await;
    assert_eq!(
        attempt(&o, &app).await,
        Err("access_denied".into()),
        "DENY_ALL again"
    );
    policy(&o, &app, "allow", "USER", &[&o.user_id]).await;
    assert!(attempt(&o, &app).await.is_ok());

    // bad input
    let bad = call(
        &o,
        "POST",
        &format!("/api/v2/applications/{app}/authorization/allow"),
        Some(json!({"targetType": "PLANET", "targetIdentifiers": ["x"]})),
    )
    .await;
    assert_eq!(bad["code"], 400);
    let none = call(
        &o,
        "POST",
        &format!("/api/v2/applications/{app}/authorization/allow"),
        Some(json!({"targetType": "USER", "targetIdentifiers": []})),
    )
    .await;
    assert_eq!(none["code"], 2231);
    let strategy = call(
        &o,
        "POST",
        &format!("/api/v2/applications/{app}"),
        Some(json!({"permissionStrategy": {"defaultStrategy": "SOMETIMES"}})),
    )
    .await;
    assert_eq!(strategy["code"], 400);
    let unknown = call(
        &o,
        "POST",
        "/api/v2/applications/nope/authorization/allow",
        Some(json!({"targetType": "USER", "targetIdentifiers": ["x"]})),
    )
    .await;
    assert_eq!(unknown["code"], 2011);
}

#[tokio::test]
async fn agreements_keep_the_sorted_order() {
    let o = start().await;
    let app = id(&create_app(&o, "agr").await);
    let base = format!("/api/v2/applications/{app}/agreements");
    let mut ids = Vec::new();
    for title in ["Terms", "Privacy", "Cookies"] {
        let a = data(
            &o,
            "POST",
            &base,
            Some(json!({"title": title, "required": title != "Cookies", "lang": "en-US"})),
        )
        .await;
        assert_eq!(a["title"], title);
        assert_eq!(a["appId"], app.as_str());
        ids.push(a["id"].as_i64().unwrap());
    }
    let defaults = data(&o, "POST", &base, Some(json!({"title": "默认"}))).await;
    assert_eq!(
        (defaults["required"].as_bool(), defaults["lang"].as_str()),
        (Some(true), Some("zh-CN"))
    );
    data(&o, "DELETE", &format!("{base}/{}", defaults["id"]), None).await;

    let titles = |v: &Value| {
        v["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let list = data(&o, "GET", &base, None).await;
    assert_eq!(titles(&list), ["Terms", "Privacy", "Cookies"]);
    assert_eq!(list["totalCount"], 3);

    let v = data(
        &o,
        "POST",
        &format!("{base}/sort"),
        Some(json!({"ids": [ids[2], ids[0], ids[1]]})),
    )
    .await;
    assert_eq!(v, json!(true));
    let list = data(&o, "GET", &base, None).await;
    assert_eq!(titles(&list), ["Cookies", "Terms", "Privacy"]);
    assert_eq!(list["list"][0]["order"], 0);

    let m = data(
        &o,
        "PUT",
        &format!("{base}/{}", ids[0]),
        Some(json!({"title": "Terms v2", "required": false})),
    )
    .await;
    assert_eq!(
        (
            m["title"].as_str(),
            m["required"].as_bool(),
            m["lang"].as_str()
        ),
        (Some("Terms v2"), Some(false), Some("en-US"))
    );
    data(&o, "DELETE", &format!("{base}/{}", ids[2]), None).await;
    assert_eq!(
        titles(&data(&o, "GET", &base, None).await),
        ["Terms v2", "Privacy"]
    );

    let unknown = call(
        &o,
        "POST",
        &format!("{base}/sort"),
        Some(json!({"ids": [ids[2]]})),
    )
    .await;
    assert_eq!(unknown["code"], 400, "a deleted id");
    let missing = call(&o, "DELETE", &format!("{base}/{}", ids[2]), None).await;
    assert_eq!(missing["code"], 404);
    let no_title = call(&o, "POST", &base, Some(json!({"required": true}))).await;
    assert_eq!(no_title["code"], 2231);
    let no_app = call(&o, "GET", "/api/v2/applications/nope/agreements", None).await;
    assert_eq!(no_app["code"], 2011);
}

#[tokio::test]
async fn programmatic_access_accounts_get_tokens_by_client_credentials() {
    let o = start().await;
    let app = id(&create_app(&o, "pa").await);
    let base = format!("/api/v2/applications/{app}/programmatic-access-accounts");
    let acc = data(
        &o,
        "POST",
        &base,
        Some(json!({"tokenLifetime": 120, "remarks": "ci robot"})),
    )
    .await;
    let (acc_id, secret) = (id(&acc), acc["secret"].as_str().unwrap().to_string());
    assert_eq!(
        (
            acc["tokenLifetime"].as_i64(),
            acc["enabled"].as_bool(),
            acc["remarks"].as_str()
        ),
        (Some(120), Some(true), Some("ci robot"))
    );
    assert_eq!(acc["appId"], app.as_str());
    let p4 = data(&o, "POST", &base, Some(json!({"remark": "p4 style"}))).await;
    assert_eq!(
        (p4["tokenLifetime"].as_i64(), p4["remarks"].as_str()),
        (Some(600), Some("p4 style"))
    );

    let page = data(&o, "GET", &format!("{base}?page=1&limit=10"), None).await;
    assert_eq!(page["totalCount"], 2);
    assert_eq!(page["list"][0]["id"], acc_id.as_str());

    let token = |s: String| {
        let (o, acc_id) = (&o, acc_id.clone());
        async move {
            o.token(&[
                ("grant_type", "client_credentials"),
                ("client_id", &acc_id),
                ("client_secret", &s),
            ])
            .await
        }
    };
    let (status, t) = token(secret.clone()).await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["expires_in"], 120);
    assert!(t.get("refresh_token").is_none() && t.get("id_token").is_none());
    let claims = verify_with_jwks(&o, t["access_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], acc_id.as_str());
    assert_eq!(claims["aud"], app.as_str());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
    let (status, _) = token("wrong".into()).await;
    assert_eq!(status, 401);

    let patch = "/api/v2/applications/programmatic-access-accounts";
    let off = data(
        &o,
        "PATCH",
        patch,
        Some(json!({"id": acc_id, "enabled": false})),
    )
    .await;
    assert_eq!(off["enabled"], false);
    let (status, e) = token(secret.clone()).await;
    assert_eq!((status, e["error"].as_str()), (401, Some("invalid_client")));
    data(
        &o,
        "PATCH",
        patch,
        Some(json!({"id": acc_id, "enabled": true})),
    )
    .await;
    assert_eq!(token(secret.clone()).await.0, 200);

    let chosen = data(
        &o,
        "PATCH",
        patch,
        Some(json!({"id": acc_id, "secret": "chosen-secret-1"})),
    )
    .await;
    assert_eq!(chosen["secret"], "chosen-secret-1");
    assert_eq!(token(secret.clone()).await.0, 401, "the old secret fails");
    assert_eq!(token("chosen-secret-1".into()).await.0, 200);
    let random = data(&o, "PATCH", patch, Some(json!({"id": acc_id}))).await;
    let random_secret = random["secret"].as_str().unwrap().to_string();
    assert_ne!(random_secret, "chosen-secret-1");
    assert_eq!(token(random_secret.clone()).await.0, 200);

    data(&o, "DELETE", &format!("{patch}?id={acc_id}"), None).await;
    let (status, e) = token(random_secret).await;
    assert_eq!((status, e["error"].as_str()), (401, Some("invalid_client")));
    let gone = call(&o, "DELETE", &format!("{patch}?id={acc_id}"), None).await;
    assert_eq!(gone["code"], 404);
    let bad = call(&o, "POST", &base, Some(json!({"tokenLifetime": 0}))).await;
    assert_eq!(bad["code"], 400);
}

#[tokio::test]
async fn applications_survive_a_restart_and_reset_keeps_their_configuration() {
    let path = std::env::temp_dir().join(format!("authing-emu-apps-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let (app, acc, secret) = {
        let emu = Emulator::builder()
            .app_redirect_uri(CB)
            .data_file(path.clone())
            .start()
            .await
            .unwrap();
        let t = oidc_common::common::wrap(emu);
        let admin = t.admin().await;
        let o = O {
            user_id: String::new(),
            admin,
            http: no_redirects(),
            t,
        };
        let app = id(&create_app(&o, "keep").await);
        data(
            &o,
            "POST",
            &format!("/api/v2/applications/{app}/agreements"),
            Some(json!({"title": "Terms"})),
        )
        .await;
        data(
            &o,
            "POST",
            &format!("/api/v2/applications/{app}"),
            Some(json!({"permissionStrategy": {"defaultStrategy": "DENY_ALL"}})),
        )
        .await;
        let acc = data(
            &o,
            "POST",
            &format!("/api/v2/applications/{app}/programmatic-access-accounts"),
            Some(json!({})),
        )
        .await;
        (app, id(&acc), acc["secret"].as_str().unwrap().to_string())
    };
    let emu = Emulator::builder()
        .data_file(path.clone())
        .start()
        .await
        .unwrap();
    let t = oidc_common::common::wrap(emu);
    let admin = t.admin().await;
    let o = O {
        user_id: String::new(),
        admin,
        http: no_redirects(),
        t,
    };
    for _ in 0..2 {
        let a = data(&o, "GET", &format!("/api/v2/applications/{app}"), None).await;
        assert_eq!(a["identifier"], "keep");
        assert_eq!(a["permissionStrategy"]["defaultStrategy"], "DENY_ALL");
        let list = data(
            &o,
            "GET",
            &format!("/api/v2/applications/{app}/agreements"),
            None,
        )
        .await;
        assert_eq!(list["list"][0]["title"], "Terms");
        let (status, _) = o
            .token(&[
                ("grant_type", "client_credentials"),
                ("client_id", &acc),
                ("client_secret", &secret),
            ])
            .await;
        assert_eq!(status, 200);
        let r = data(
            &o,
            "POST",
            "/api/v2/resources",
            Some(json!({"code": format!("r{}", rand_suffix()), "type": "DATA", "namespace": app})),
        )
        .await;
        assert!(r["id"].is_string(), "the app's namespace exists");
        let reset =
            o.t.http
                .post(o.url("/emulator/v1/reset"))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
        assert_eq!(reset.status(), 200);
        let users =
            o.t.ok("{ users { totalCount } }", json!({}), Some(&o.admin))
                .await;
        assert_eq!(users["users"]["totalCount"], 0);
    }
    drop(o);
    let _ = std::fs::remove_file(&path);
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}
