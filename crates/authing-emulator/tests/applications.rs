//! The management `applications` API, black box over HTTP: applications created
//! there sign users in through `/oidc/auth` + token, a refreshed secret and a deleted
//! application fail at the provider, an app's resources live in its namespace, and
//! access policies refuse then admit a user at the authorize step.

mod applications_support;
mod oidc_common;

use applications_support::*;
use serde_json::{Value, json};

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
