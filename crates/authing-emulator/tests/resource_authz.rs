//! Resource authorization over HTTP: namespaces and resources (REST), grants
//! (`authorizeResource`, `revoke-resource`), listings, permission checks (the cases of
//! the official Python SDK's tests), inheritance, cascades and the data file.

mod common;

use authing_emulator::Emulator;
use serde_json::{Value, json};

const AUTHORIZE: &str = "mutation($ns: String, $r: String, $rt: ResourceType, $o: [AuthorizeResourceOpt]) { authorizeResource(namespace: $ns, resource: $r, resourceType: $rt, opts: $o) { code message } }";
const LIST: &str = "query($tt: PolicyAssignmentTargetType, $ti: String, $ns: String, $rt: String) { authorizedResources(targetType: $tt, targetIdentifier: $ti, namespace: $ns, resourceType: $rt) { totalCount list { code type actions apiIdentifier } } }";
const TARGETS: &str = "query($ns: String!, $rt: ResourceType!, $r: String!, $tt: PolicyAssignmentTargetType, $a: AuthorizedTargetsActionsInput) { authorizedTargets(namespace: $ns, resourceType: $rt, resource: $r, targetType: $tt, actions: $a) { totalCount list { targetType targetIdentifier actions } } }";
const ALLOWED: &str = "query($r: String!, $a: String!, $u: String!, $ns: String) { isActionAllowed(resource: $r, action: $a, userId: $u, namespace: $ns) }";
const DENIED: &str = "query($r: String!, $a: String!, $u: String!, $ns: String) { isActionDenied(resource: $r, action: $a, userId: $u, namespace: $ns) }";
const USER_RES: &str = "query($id: String, $ns: String, $rt: String) { user(id: $id) { authorizedResources(namespace: $ns, resourceType: $rt) { totalCount list { code type actions } } } }";

async fn rest(t: &common::T, method: &str, path: &str, body: Value, token: Option<&str>) -> Value {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = t.http.request(m, t.url(path)).json(&body);
    if let Some(tok) = token {
        req = req.bearer_auth(tok);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200, "{method} {path}");
    resp.json().await.unwrap()
}

fn user(id: &str, actions: &[&str]) -> Value {
    json!({"targetType": "USER", "targetIdentifier": id, "actions": actions})
}

async fn authorize(t: &common::T, a: &str, ns: &str, resource: &str, opts: Value) {
    let d = t
        .ok(
            AUTHORIZE,
            json!({"ns": ns, "r": resource, "o": opts}),
            Some(a),
        )
        .await;
    assert_eq!(d["authorizeResource"]["code"], 200);
}

async fn listed(t: &common::T, a: &str, tt: &str, ti: &str, ns: Option<&str>) -> Value {
    t.ok(LIST, json!({"tt": tt, "ti": ti, "ns": ns}), Some(a))
        .await["authorizedResources"]
        .clone()
}

async fn revoke(t: &common::T, a: &str, ns: &str, resource: &str, ids: &[&str]) -> Value {
    let opts: Vec<Value> = ids
        .iter()
        .map(|i| json!({"targetType": "USER", "targetIdentifier": i}))
        .collect();
    t.rest_post(
        "/api/v2/acl/revoke-resource",
        json!({"namespace": ns, "resource": resource, "opts": opts}),
        Some(a),
    )
    .await
}

async fn batch(t: &common::T, a: &str, uid: &str, resources: &[&str]) -> Value {
    let v = t
        .rest_post(
            "/api/v2/acl/check-resource-permission-batch",
            json!({"userId": uid, "namespace": "default", "resources": resources}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    v["data"].clone()
}

async fn of_kind(t: &common::T, a: &str, uid: &str, resource: &str) -> Value {
    let v = t
        .rest_post(
            "/api/v2/acl/get-authorized-resources-of-resource-kind",
            json!({"userId": uid, "namespace": "default", "resource": resource}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    v["data"].clone()
}

async fn allowed(t: &common::T, a: &str, r: &str, act: &str, uid: &str, ns: Option<&str>) -> bool {
    t.ok(
        ALLOWED,
        json!({"r": r, "a": act, "u": uid, "ns": ns}),
        Some(a),
    )
    .await["isActionAllowed"]
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn namespaces_over_rest() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let pool = t.emu.user_pool_id().to_string();
    let base = format!("/api/v2/resource-namespace/{pool}");

    let v = rest(
        &t,
        "POST",
        &base,
        json!({"code": "shop", "name": "Shop", "description": "d"}),
        a,
    )
    .await;
    assert_eq!(v["code"], 200, "{v}");
    let id = v["data"]["id"].as_i64().expect("integer id");
    assert_eq!(
        v["data"],
        json!({"id": id, "code": "shop", "name": "Shop", "description": "d", "status": 1, "appId": null, "appName": null})
    );
    assert_eq!(
        rest(&t, "POST", &base, json!({"code": "shop", "name": "x"}), a).await["code"],
        409
    );
    assert_eq!(
        rest(&t, "POST", &base, json!({"code": "x"}), a).await["code"],
        2231
    );
    rest(
        &t,
        "POST",
        &base,
        json!({"code": "blog", "name": "Blog"}),
        a,
    )
    .await;

    // list: `default` always exists and comes first; `total` and `totalCount`
    let v = t.rest_get(&format!("{base}?page=1&limit=10"), a).await;
    assert_eq!(v["data"]["total"], 3);
    assert_eq!(v["data"]["totalCount"], 3);
    let list: Vec<&str> = v["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert_eq!(list, ["default", "shop", "blog"]);
    let v = t.rest_get(&format!("{base}?page=2&limit=2"), a).await;
    assert_eq!(v["data"]["list"][0]["code"], "blog");

    // update by id (P4) and by code (JS); unknown → 3005
    let v = rest(
        &t,
        "PUT",
        &format!("{base}/{id}"),
        json!({"name": "Shop 2"}),
        a,
    )
    .await;
    assert_eq!(v["data"]["name"], "Shop 2");
    assert_eq!(v["data"]["code"], "shop");
    let v = rest(
        &t,
        "PUT",
        &format!("{base}/code/shop"),
        json!({"description": "dd", "code": "store"}),
        a,
    )
    .await;
    assert_eq!(v["data"]["code"], "store");
    assert_eq!(v["data"]["description"], "dd");
    assert_eq!(v["data"]["id"], id);
    assert_eq!(
        rest(&t, "PUT", &format!("{base}/0"), json!({"name": "x"}), a).await["code"],
        3005
    );
    assert_eq!(
        rest(&t, "PUT", &format!("{base}/abc"), json!({"name": "x"}), a).await["code"],
        3005
    );
    assert_eq!(
        rest(
            &t,
            "PUT",
            &format!("{base}/code/shop"),
            json!({"name": "x"}),
            a
        )
        .await["code"],
        3005
    );
    assert_eq!(
        rest(
            &t,
            "PUT",
            &format!("{base}/code/store"),
            json!({"code": "blog"}),
            a
        )
        .await["code"],
        409
    );
    assert_eq!(
        rest(
            &t,
            "PUT",
            &format!("{base}/code/default"),
            json!({"code": "d2"}),
            a
        )
        .await["code"],
        400
    );

    // delete: unknown → 3003, `default` → 400, by id and by code
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/0"), json!({}), a).await["code"],
        3003
    );
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/code/nope"), json!({}), a).await["code"],
        3003
    );
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/code/default"), json!({}), a).await["code"],
        400
    );
    let v = rest(&t, "DELETE", &format!("{base}/{id}"), json!({}), a).await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/{id}"), json!({}), a).await["code"],
        3003
    );
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/code/blog"), json!({}), a).await["code"],
        200
    );
    assert_eq!(t.rest_get(&base, a).await["data"]["totalCount"], 1);

    // another pool id → 2224; a user token → 1001; none → 2020
    let v = rest(
        &t,
        "POST",
        "/api/v2/resource-namespace/other-pool",
        json!({"code": "c", "name": "n"}),
        a,
    )
    .await;
    assert_eq!(v["code"], 2224);
    let (_, token) = t.register("u", "p").await;
    assert_eq!(
        rest(
            &t,
            "POST",
            &base,
            json!({"code": "c", "name": "n"}),
            Some(&token)
        )
        .await["code"],
        1001
    );
    assert_eq!(t.rest_get(&base, None).await["code"], 2020);
}

#[tokio::test]
async fn resources_over_rest() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let pool = t.emu.user_pool_id().to_string();
    let ns = rest(
        &t,
        "POST",
        &format!("/api/v2/resource-namespace/{pool}"),
        json!({"code": "shop", "name": "Shop"}),
        a,
    )
    .await;
    let ns_id = ns["data"]["id"].as_i64().unwrap();

    let body = json!({"code": "books", "type": "DATA", "namespace": "shop", "description": "Books",
        "actions": [{"name": "books:read", "description": "read"}], "apiIdentifier": "https://api/books"});
    let v = t.rest_post("/api/v2/resources", body.clone(), a).await;
    assert_eq!(v["code"], 200, "{v}");
    let r = &v["data"];
    let rid = r["id"].as_str().unwrap().to_string();
    assert_eq!(r["userPoolId"], pool.as_str());
    assert_eq!(r["code"], "books");
    assert_eq!(r["type"], "DATA");
    assert_eq!(
        r["actions"],
        json!([{"name": "books:read", "description": "read"}])
    );
    assert_eq!(r["description"], "Books");
    assert_eq!(r["namespaceId"], ns_id);
    assert_eq!(r["apiIdentifier"], "https://api/books");
    assert!(r["createdAt"].is_string() && r["updatedAt"].is_string());
    assert_eq!(t.rest_post("/api/v2/resources", body, a).await["code"], 409);
    let bad = json!({"code": "x", "type": "TABLE", "namespace": "shop"});
    assert_eq!(t.rest_post("/api/v2/resources", bad, a).await["code"], 400);
    let unknown_ns = json!({"code": "x", "type": "DATA", "namespace": "nope"});
    assert_eq!(
        t.rest_post("/api/v2/resources", unknown_ns, a).await["code"],
        3003
    );
    assert_eq!(
        t.rest_post("/api/v2/resources", json!({"type": "DATA"}), a)
            .await["code"],
        2231
    );
    let menu = json!({"code": "nav", "type": "MENU", "namespace": "shop", "actions": []});
    assert_eq!(
        t.rest_post("/api/v2/resources", menu, a).await["data"]["type"],
        "MENU"
    );
    // in `default` when no namespace is given
    let v = t
        .rest_post(
            "/api/v2/resources",
            json!({"code": "orders", "type": "API"}),
            a,
        )
        .await;
    assert_eq!(v["data"]["namespaceId"], 1);

    // update
    let v = t
        .rest_post("/api/v2/resources/books", json!({"namespace": "shop", "description": "new", "actions": [{"name": "name", "description": "description"}]}), a)
        .await;
    assert_eq!(v["data"]["description"], "new");
    assert_eq!(
        v["data"]["actions"],
        json!([{"name": "name", "description": "description"}])
    );
    assert_eq!(v["data"]["type"], "DATA");
    assert_eq!(
        t.rest_post("/api/v2/resources/nope", json!({"namespace": "shop"}), a)
            .await["code"],
        404
    );

    // list, filtered by namespace and type
    let v = t
        .rest_get("/api/v2/resources?namespace=shop&page=1&limit=10", a)
        .await;
    assert_eq!(v["data"]["totalCount"], 2);
    assert_eq!(v["data"]["list"][0]["code"], "books");
    let v = t
        .rest_get("/api/v2/resources?namespace=shop&type=MENU", a)
        .await;
    assert_eq!(v["data"]["totalCount"], 1);
    assert_eq!(v["data"]["list"][0]["code"], "nav");
    let v = t
        .rest_get("/api/v2/resources?namespaceCode=shop&type=BUTTON", a)
        .await;
    assert_eq!(v["data"], json!({"list": [], "totalCount": 0}));
    assert_eq!(
        t.rest_get("/api/v2/resources", a).await["data"]["totalCount"],
        3
    );

    // detail by id and by namespace + code; null when absent
    let v = t
        .rest_get(&format!("/api/v2/resources/detail?id={rid}"), a)
        .await;
    assert_eq!(v["data"]["code"], "books");
    let v = t
        .rest_get("/api/v2/resources/detail?namespace=shop&code=nav", a)
        .await;
    assert_eq!(v["data"]["type"], "MENU");
    let v = t
        .rest_get("/api/v2/resources/detail?namespace=shop&code=nope", a)
        .await;
    assert_eq!(v["code"], 200);
    assert_eq!(v["data"], Value::Null);
    assert_eq!(
        t.rest_get("/api/v2/resources/detail", a).await["code"],
        2231
    );

    // delete
    let v = rest(
        &t,
        "DELETE",
        "/api/v2/resources/nav?namespace=shop",
        json!({}),
        a,
    )
    .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(
        rest(
            &t,
            "DELETE",
            "/api/v2/resources/nav?namespace=shop",
            json!({}),
            a
        )
        .await["code"],
        404
    );
    assert_eq!(
        t.rest_get("/api/v2/resources?namespace=shop", a).await["data"]["totalCount"],
        1
    );

    // a user token → 1001
    let (_, token) = t.register("u", "p").await;
    assert_eq!(
        t.rest_get("/api/v2/resources", Some(&token)).await["code"],
        1001
    );
    assert_eq!(
        t.rest_post("/api/v2/resources", json!({"code": "y"}), Some(&token))
            .await["code"],
        1001
    );
}

#[tokio::test]
async fn authorize_and_list() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = admin.as_str();
    let (uid, token) = t.register("u", "p").await;

    // a bare resource code needs no definition
    authorize(
        &t,
        a,
        "default",
        "books",
        json!([user(&uid, &["read", "write"])]),
    )
    .await;
    let l = listed(&t, a, "USER", &uid, Some("default")).await;
    assert_eq!(
        l,
        json!({"totalCount": 1, "list": [{"code": "books", "type": "DATA", "actions": ["read", "write"], "apiIdentifier": null}]})
    );
    // a repeated grant adds actions
    authorize(
        &t,
        a,
        "default",
        "books",
        json!([user(&uid, &["write", "delete"])]),
    )
    .await;
    let l = listed(&t, a, "USER", &uid, Some("default")).await;
    assert_eq!(l["list"][0]["actions"], json!(["read", "write", "delete"]));

    // the kind comes from the grant, else from the resource definition
    let menu = json!({"code": "nav", "type": "MENU", "apiIdentifier": "/nav"});
    assert_eq!(
        t.rest_post("/api/v2/resources", menu, Some(a)).await["code"],
        200
    );
    authorize(
        &t,
        a,
        "default",
        "nav:home",
        json!([{"targetType": "USER", "targetIdentifier": uid}]),
    )
    .await;
    let d = t
        .ok(
            AUTHORIZE,
            json!({"r": "btn:1", "rt": "BUTTON", "o": [user(&uid, &["click"])]}),
            Some(a),
        )
        .await;
    assert_eq!(d["authorizeResource"]["code"], 200);
    let l = listed(&t, a, "USER", &uid, None).await;
    assert_eq!(l["totalCount"], 3);
    assert_eq!(
        l["list"][1],
        json!({"code": "nav:home", "type": "MENU", "actions": [], "apiIdentifier": "/nav"})
    );
    assert_eq!(l["list"][2]["type"], "BUTTON");
    let d = t
        .ok(
            LIST,
            json!({"tt": "USER", "ti": uid, "rt": "MENU"}),
            Some(a),
        )
        .await;
    assert_eq!(d["authorizedResources"]["totalCount"], 1);
    let d = t
        .ok(USER_RES, json!({"id": uid, "rt": "DATA"}), Some(a))
        .await;
    assert_eq!(d["user"]["authorizedResources"]["list"][0]["code"], "books");
    let d = t
        .ok(USER_RES, json!({"id": uid, "rt": "TABLE"}), Some(a))
        .await;
    assert_eq!(d["user"]["authorizedResources"]["totalCount"], 0);

    // errors: unknown user / role / group, no resource, no opts, AK_SK; user token
    let unknown =
        |tt: &str| json!({"r": "x", "o": [{"targetType": tt, "targetIdentifier": "nope"}]});
    assert_eq!(t.code(AUTHORIZE, unknown("USER"), Some(a)).await, 2004);
    assert_eq!(t.code(AUTHORIZE, unknown("ROLE"), Some(a)).await, 404);
    assert_eq!(t.code(AUTHORIZE, unknown("GROUP"), Some(a)).await, 404);
    assert_eq!(t.code(AUTHORIZE, unknown("AK_SK"), Some(a)).await, 400);
    assert_eq!(
        t.code(AUTHORIZE, json!({"o": [user(&uid, &["r"])]}), Some(a))
            .await,
        2231
    );
    assert_eq!(
        t.code(AUTHORIZE, json!({"r": "x", "o": []}), Some(a)).await,
        2231
    );
    assert_eq!(
        t.code(
            AUTHORIZE,
            json!({"r": "x", "o": [user(&uid, &["r"])]}),
            Some(&token)
        )
        .await,
        1001
    );
    assert_eq!(
        t.code(LIST, json!({"tt": "USER", "ti": uid}), Some(&token))
            .await,
        1001
    );
    // a mixed list changes nothing
    let mixed = json!({"r": "mixed", "o": [user(&uid, &["r"]), {"targetType": "USER", "targetIdentifier": "nope"}]});
    assert_eq!(t.code(AUTHORIZE, mixed, Some(a)).await, 2004);
    assert_eq!(listed(&t, a, "USER", &uid, None).await["totalCount"], 3);

    // ORG grants keep the node id as given
    let org = json!([{"targetType": "ORG", "targetIdentifier": "node-1", "actions": ["read"]}]);
    authorize(&t, a, "default", "books:*", org).await;
    let l = listed(&t, a, "ORG", "node-1", Some("default")).await;
    assert_eq!(
        l["list"],
        json!([{"code": "books:*", "type": "DATA", "actions": ["read"], "apiIdentifier": null}])
    );
}

#[tokio::test]
async fn revoke_cases() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = admin.as_str();
    let (u1, _) = t.register("u1", "p").await;
    let (u2, _) = t.register("u2", "p").await;
    let count = |v: Value| v["totalCount"].as_i64().unwrap();

    // 1: revoking a resource from one target; the other keeps it
    authorize(
        &t,
        a,
        "default",
        "r1",
        json!([user(&u1, &["a"]), user(&u2, &["b"])]),
    )
    .await;
    let v = revoke(&t, a, "default", "r1", &[&u1]).await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(count(listed(&t, a, "USER", &u1, Some("default")).await), 0);
    assert_eq!(count(listed(&t, a, "USER", &u2, Some("default")).await), 1);
    revoke(&t, a, "default", "r1", &[&u2]).await;

    // 2: an instance from one target
    authorize(
        &t,
        a,
        "default",
        "r2:1",
        json!([user(&u1, &["a"]), user(&u2, &["b"])]),
    )
    .await;
    revoke(&t, a, "default", "r2:1", &[&u1]).await;
    assert_eq!(count(listed(&t, a, "USER", &u1, Some("default")).await), 0);
    assert_eq!(count(listed(&t, a, "USER", &u2, Some("default")).await), 1);
    revoke(&t, a, "default", "r2:1", &[&u2]).await;

    // 3: revoking the class removes the instance grant
    authorize(
        &t,
        a,
        "default",
        "r3:1",
        json!([user(&u1, &["a"]), user(&u2, &["b"])]),
    )
    .await;
    revoke(&t, a, "default", "r3", &[&u1]).await;
    assert_eq!(count(listed(&t, a, "USER", &u1, Some("default")).await), 0);
    assert_eq!(count(listed(&t, a, "USER", &u2, Some("default")).await), 1);
    revoke(&t, a, "default", "r3", &[&u2]).await;

    // 4: revoking an instance keeps the class grant
    authorize(
        &t,
        a,
        "default",
        "r4",
        json!([user(&u1, &["a"]), user(&u2, &["b"])]),
    )
    .await;
    revoke(&t, a, "default", "r4:1", &[&u1]).await;
    assert_eq!(
        listed(&t, a, "USER", &u1, Some("default")).await["list"][0]["code"],
        "r4"
    );
    assert_eq!(count(listed(&t, a, "USER", &u2, Some("default")).await), 1);

    // `type:*` is the class too; another namespace is untouched
    authorize(&t, a, "default", "r5:1", json!([user(&u1, &["a"])])).await;
    authorize(&t, a, "other", "r5:2", json!([user(&u1, &["a"])])).await;
    revoke(&t, a, "default", "r5:*", &[&u1]).await;
    let l = listed(&t, a, "USER", &u1, None).await;
    let codes: Vec<&str> = l["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["r4", "r5:2"]);

    // errors
    let v = t
        .rest_post(
            "/api/v2/acl/revoke-resource",
            json!({"resource": "r4"}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 2231);
    let v = t
        .rest_post(
            "/api/v2/acl/revoke-resource",
            json!({"resource": "r4", "opts": [{"targetType": "NOPE", "targetIdentifier": u1}]}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 400);
    let v = t
        .rest_post(
            "/api/v2/acl/revoke-resource",
            json!({"opts": [{"targetType": "USER", "targetIdentifier": u1}]}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 2231);
    let (_, token) = t.register("u3", "p").await;
    assert_eq!(
        revoke(&t, &token, "default", "r4", &[&u1]).await["code"],
        1001
    );
    assert_eq!(count(listed(&t, a, "USER", &u1, Some("default")).await), 1);
}

#[tokio::test]
async fn permission_batch_and_kind_cases() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = admin.as_str();

    // 1: class grants cover instances
    let u = t.register("c1", "p").await.0;
    authorize(
        &t,
        a,
        "default",
        "books:*",
        json!([user(&u, &["books:edit"])]),
    )
    .await;
    authorize(
        &t,
        a,
        "default",
        "orders:*",
        json!([user(&u, &["orders:edit"])]),
    )
    .await;
    assert_eq!(
        batch(&t, a, &u, &["books:1", "orders:2"]).await,
        json!([{"code": "books:1", "actions": ["books:edit"]}, {"code": "orders:2", "actions": ["orders:edit"]}])
    );
    // 5: class grants cover the class
    assert_eq!(
        batch(&t, a, &u, &["books:*", "orders:*"]).await,
        json!([{"code": "books:*", "actions": ["books:edit"]}, {"code": "orders:*", "actions": ["orders:edit"]}])
    );

    // 2-4: instance grants cover only themselves
    let u = t.register("c2", "p").await.0;
    authorize(
        &t,
        a,
        "default",
        "books:1",
        json!([user(&u, &["books:edit"])]),
    )
    .await;
    authorize(
        &t,
        a,
        "default",
        "orders:2",
        json!([user(&u, &["orders:edit"])]),
    )
    .await;
    assert_eq!(
        batch(&t, a, &u, &["orders:2", "books:1"]).await,
        json!([{"code": "orders:2", "actions": ["orders:edit"]}, {"code": "books:1", "actions": ["books:edit"]}])
    );
    assert_eq!(batch(&t, a, &u, &["books:2", "orders:1"]).await, json!([]));
    assert_eq!(batch(&t, a, &u, &["books:*", "orders:*"]).await, json!([]));

    // resource kind 1 and 2
    let u = t.register("k1", "p").await.0;
    authorize(
        &t,
        a,
        "default",
        "books:1",
        json!([user(&u, &["books:edit"])]),
    )
    .await;
    assert_eq!(
        of_kind(&t, a, &u, "books").await,
        json!([{"code": "books:1", "actions": ["books:edit"]}])
    );
    let u = t.register("k2", "p").await.0;
    for r in ["books:1", "books:2", "orders:2"] {
        authorize(&t, a, "default", r, json!([user(&u, &["books:edit"])])).await;
    }
    assert_eq!(
        of_kind(&t, a, &u, "books").await,
        json!([{"code": "books:1", "actions": ["books:edit"]}, {"code": "books:2", "actions": ["books:edit"]}])
    );

    // errors
    let v = t
        .rest_post(
            "/api/v2/acl/check-resource-permission-batch",
            json!({"userId": "nope", "resources": ["a:1"]}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 2004);
    let v = t
        .rest_post(
            "/api/v2/acl/check-resource-permission-batch",
            json!({"userId": u}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 2231);
    let v = t
        .rest_post(
            "/api/v2/acl/get-authorized-resources-of-resource-kind",
            json!({"userId": u}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 2231);
    let (_, token) = t.register("tok", "p").await;
    let v = t
        .rest_post(
            "/api/v2/acl/check-resource-permission-batch",
            json!({"userId": u, "resources": ["books:1"]}),
            Some(&token),
        )
        .await;
    assert_eq!(v["code"], 1001);
}

#[tokio::test]
async fn checks_with_wildcards_namespaces_and_inheritance() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = admin.as_str();
    let (u, _) = t.register("u", "p").await;

    // instance and class grants in isActionAllowed
    authorize(
        &t,
        a,
        "default",
        "books:1",
        json!([user(&u, &["books:edit"])]),
    )
    .await;
    assert!(allowed(&t, a, "books:1", "books:edit", &u, None).await);
    assert!(!allowed(&t, a, "books:1", "books:delete", &u, None).await);
    assert!(!allowed(&t, a, "books:2", "books:edit", &u, None).await);
    assert!(!allowed(&t, a, "books:*", "books:edit", &u, None).await);
    authorize(
        &t,
        a,
        "default",
        "orders:*",
        json!([user(&u, &["orders:*"])]),
    )
    .await;
    assert!(allowed(&t, a, "orders:9", "orders:delete", &u, None).await);
    assert!(allowed(&t, a, "orders:*", "orders:read", &u, Some("default")).await);
    // the namespace counts
    authorize(&t, a, "shop", "carts", json!([user(&u, &["read"])])).await;
    assert!(allowed(&t, a, "carts:1", "read", &u, Some("shop")).await);
    assert!(!allowed(&t, a, "carts:1", "read", &u, None).await);
    let d = t
        .ok(
            DENIED,
            json!({"r": "carts:1", "a": "read", "u": u, "ns": "shop"}),
            Some(a),
        )
        .await;
    assert_eq!(d["isActionDenied"], false);
    // revoking takes it away again
    revoke(&t, a, "shop", "carts", &[&u]).await;
    assert!(!allowed(&t, a, "carts:1", "read", &u, Some("shop")).await);
    // `allow` grants keep working beside them
    let allow = "mutation($u: String) { allow(resource: \"pens:1\", action: \"pens:write\", userId: $u) { code } }";
    t.ok(allow, json!({"u": u}), Some(a)).await;
    assert!(allowed(&t, a, "pens:1", "pens:write", &u, None).await);
    assert_eq!(
        batch(&t, a, &u, &["pens:1"]).await,
        json!([{"code": "pens:1", "actions": ["pens:write"]}])
    );
    // without a namespace the user's list spans every namespace
    authorize(&t, a, "shop", "carts", json!([user(&u, &["read"])])).await;
    let d = t.ok(USER_RES, json!({"id": u}), Some(a)).await;
    assert_eq!(d["user"]["authorizedResources"]["totalCount"], 4);
    let d = t
        .ok(USER_RES, json!({"id": u, "ns": "shop"}), Some(a))
        .await;
    assert_eq!(
        d["user"]["authorizedResources"]["list"],
        json!([{"code": "carts", "type": "DATA", "actions": ["read"]}])
    );

    // through a role
    let (m, _) = t.register("member", "p").await;
    t.ok(
        "mutation { createRole(code: \"editor\") { id } }",
        json!({}),
        Some(a),
    )
    .await;
    let role_opt =
        json!([{"targetType": "ROLE", "targetIdentifier": "editor", "actions": ["docs:edit"]}]);
    authorize(&t, a, "default", "docs:*", role_opt).await;
    assert!(!allowed(&t, a, "docs:1", "docs:edit", &m, None).await);
    let assign =
        "mutation($u: [String!]) { assignRole(roleCode: \"editor\", userIds: $u) { code } }";
    t.ok(assign, json!({"u": [m]}), Some(a)).await;
    assert!(allowed(&t, a, "docs:1", "docs:edit", &m, None).await);
    let role_res = "{ role(code: \"editor\") { authorizedResources { totalCount list { code type actions } } } }";
    let d = t.ok(role_res, json!({}), Some(a)).await;
    assert_eq!(
        d["role"]["authorizedResources"]["list"],
        json!([{"code": "docs:*", "type": "DATA", "actions": ["docs:edit"]}])
    );

    // through a group
    t.ok(
        "mutation { createGroup(code: \"g\", name: \"G\") { code } }",
        json!({}),
        Some(a),
    )
    .await;
    let group_opt =
        json!([{"targetType": "GROUP", "targetIdentifier": "g", "actions": ["wiki:read"]}]);
    authorize(&t, a, "default", "wiki:1", group_opt).await;
    assert!(!allowed(&t, a, "wiki:1", "wiki:read", &m, None).await);
    let add = "mutation($u: [String!]!) { addUserToGroup(userIds: $u, code: \"g\") { code } }";
    t.ok(add, json!({"u": [m]}), Some(a)).await;
    assert!(allowed(&t, a, "wiki:1", "wiki:read", &m, None).await);
    assert_eq!(
        batch(&t, a, &m, &["wiki:1", "docs:3", "wiki:2"]).await,
        json!([{"code": "wiki:1", "actions": ["wiki:read"]}, {"code": "docs:3", "actions": ["docs:edit"]}])
    );
    let d = t
        .ok(USER_RES, json!({"id": m, "ns": "default"}), Some(a))
        .await;
    assert_eq!(
        d["user"]["authorizedResources"]["list"],
        json!([{"code": "docs:*", "type": "DATA", "actions": ["docs:edit"]}, {"code": "wiki:1", "type": "DATA", "actions": ["wiki:read"]}])
    );
    let group_res =
        "{ group(code: \"g\") { authorizedResources { totalCount list { code actions } } } }";
    let d = t.ok(group_res, json!({}), Some(a)).await;
    assert_eq!(
        d["group"]["authorizedResources"]["list"],
        json!([{"code": "wiki:1", "actions": ["wiki:read"]}])
    );
    // leaving the group takes its grants away
    let rm = "mutation($u: [String!]!) { removeUserFromGroup(userIds: $u, code: \"g\") { code } }";
    t.ok(rm, json!({"u": [m]}), Some(a)).await;
    assert!(!allowed(&t, a, "wiki:1", "wiki:read", &m, None).await);
}

#[tokio::test]
async fn authorized_targets() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (u, _) = t.register("u", "p").await;
    t.ok("mutation { createRole(code: \"r\") { id } }", json!({}), a)
        .await;
    t.ok(
        "mutation { createGroup(code: \"g\", name: \"G\") { code } }",
        json!({}),
        a,
    )
    .await;
    let opts = json!([
        user(&u, &["read", "write"]),
        {"targetType": "ROLE", "targetIdentifier": "r", "actions": ["read"]},
        {"targetType": "GROUP", "targetIdentifier": "g", "actions": ["write"]},
    ]);
    authorize(&t, a.unwrap(), "default", "books:1", opts).await;
    authorize(
        &t,
        a.unwrap(),
        "default",
        "books:2",
        json!([user(&u, &["read"])]),
    )
    .await;

    let q = |tt: Value, acts: Value| json!({"ns": "default", "rt": "DATA", "r": "books:1", "tt": tt, "a": acts});
    let d = t.ok(TARGETS, q(Value::Null, Value::Null), a).await;
    assert_eq!(
        d["authorizedTargets"],
        json!({"totalCount": 3, "list": [
            {"targetType": "USER", "targetIdentifier": u, "actions": ["read", "write"]},
            {"targetType": "ROLE", "targetIdentifier": "r", "actions": ["read"]},
            {"targetType": "GROUP", "targetIdentifier": "g", "actions": ["write"]},
        ]})
    );
    let d = t.ok(TARGETS, q(json!("ROLE"), Value::Null), a).await;
    assert_eq!(d["authorizedTargets"]["list"][0]["targetIdentifier"], "r");
    assert_eq!(d["authorizedTargets"]["totalCount"], 1);
    let d = t
        .ok(
            TARGETS,
            q(Value::Null, json!({"op": "AND", "list": ["read", "write"]})),
            a,
        )
        .await;
    assert_eq!(d["authorizedTargets"]["totalCount"], 1);
    let d = t
        .ok(
            TARGETS,
            q(Value::Null, json!({"op": "OR", "list": ["write"]})),
            a,
        )
        .await;
    assert_eq!(d["authorizedTargets"]["totalCount"], 2);
    let mut other_kind = q(Value::Null, Value::Null);
    other_kind["rt"] = json!("MENU");
    assert_eq!(
        t.ok(TARGETS, other_kind, a).await["authorizedTargets"]["totalCount"],
        0
    );
    let (_, token) = t.register("x", "p").await;
    assert_eq!(
        t.code(TARGETS, q(Value::Null, Value::Null), Some(&token))
            .await,
        1001
    );
}

#[tokio::test]
async fn deletions_and_renames_cascade() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = admin.as_str();
    let pool = t.emu.user_pool_id().to_string();
    let (u, _) = t.register("u", "p").await;
    t.ok(
        "mutation { createRole(code: \"r\") { id } }",
        json!({}),
        Some(a),
    )
    .await;
    t.ok(
        "mutation { createGroup(code: \"g\", name: \"G\") { code } }",
        json!({}),
        Some(a),
    )
    .await;
    let opts = json!([
        user(&u, &["read"]),
        {"targetType": "ROLE", "targetIdentifier": "r", "actions": ["read"]},
        {"targetType": "GROUP", "targetIdentifier": "g", "actions": ["read"]},
    ]);
    authorize(&t, a, "default", "books:1", opts).await;
    let holders = |tt: &'static str| {
        let t = &t;
        async move {
            let d = t
                .ok(
                    TARGETS,
                    json!({"ns": "default", "rt": "DATA", "r": "books:1", "tt": tt}),
                    Some(a),
                )
                .await;
            d["authorizedTargets"]["list"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["targetIdentifier"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };

    // renames follow
    t.ok(
        "mutation { updateRole(code: \"r\", newCode: \"r2\") { code } }",
        json!({}),
        Some(a),
    )
    .await;
    t.ok(
        "mutation { updateGroup(code: \"g\", newCode: \"g2\") { code } }",
        json!({}),
        Some(a),
    )
    .await;
    assert_eq!(holders("ROLE").await, ["r2"]);
    assert_eq!(holders("GROUP").await, ["g2"]);
    // a new role or group of the old code inherits nothing
    t.ok(
        "mutation { createRole(code: \"r\") { id } }",
        json!({}),
        Some(a),
    )
    .await;
    let d = t
        .ok(
            "{ role(code: \"r\") { authorizedResources { totalCount } } }",
            json!({}),
            Some(a),
        )
        .await;
    assert_eq!(d["role"]["authorizedResources"]["totalCount"], 0);

    // deletions drop the grants
    t.ok(
        "mutation { deleteRole(code: \"r2\") { code } }",
        json!({}),
        Some(a),
    )
    .await;
    t.ok(
        "mutation { deleteGroups(codeList: [\"g2\"]) { code } }",
        json!({}),
        Some(a),
    )
    .await;
    t.ok(
        "mutation($id: String!) { deleteUser(id: $id) { code } }",
        json!({"id": u}),
        Some(a),
    )
    .await;
    let d = t
        .ok(
            TARGETS,
            json!({"ns": "default", "rt": "DATA", "r": "books:1"}),
            Some(a),
        )
        .await;
    assert_eq!(d["authorizedTargets"]["totalCount"], 0);
    t.ok(
        "mutation { createGroup(code: \"g2\", name: \"G\") { code } }",
        json!({}),
        Some(a),
    )
    .await;
    assert_eq!(listed(&t, a, "GROUP", "g2", None).await["totalCount"], 0);

    // deleting a resource drops the grants on it and its instances
    let (v, _) = t.register("v", "p").await;
    assert_eq!(
        t.rest_post(
            "/api/v2/resources",
            json!({"code": "books", "type": "DATA"}),
            Some(a)
        )
        .await["code"],
        200
    );
    authorize(&t, a, "default", "books:1", json!([user(&v, &["read"])])).await;
    authorize(&t, a, "default", "pens", json!([user(&v, &["read"])])).await;
    rest(
        &t,
        "DELETE",
        "/api/v2/resources/books?namespace=default",
        json!({}),
        Some(a),
    )
    .await;
    let l = listed(&t, a, "USER", &v, None).await;
    assert_eq!(
        l["list"],
        json!([{"code": "pens", "type": "DATA", "actions": ["read"], "apiIdentifier": null}])
    );

    // deleting a namespace drops its resources and grants
    let base = format!("/api/v2/resource-namespace/{pool}");
    rest(
        &t,
        "POST",
        &base,
        json!({"code": "shop", "name": "Shop"}),
        Some(a),
    )
    .await;
    t.rest_post(
        "/api/v2/resources",
        json!({"code": "carts", "type": "DATA", "namespace": "shop"}),
        Some(a),
    )
    .await;
    authorize(&t, a, "shop", "carts:1", json!([user(&v, &["read"])])).await;
    assert_eq!(
        listed(&t, a, "USER", &v, Some("shop")).await["totalCount"],
        1
    );
    // renaming it moves them along
    rest(
        &t,
        "PUT",
        &format!("{base}/code/shop"),
        json!({"code": "store"}),
        Some(a),
    )
    .await;
    assert_eq!(
        listed(&t, a, "USER", &v, Some("store")).await["totalCount"],
        1
    );
    assert_eq!(
        t.rest_get("/api/v2/resources?namespace=store", Some(a))
            .await["data"]["totalCount"],
        1
    );
    rest(
        &t,
        "DELETE",
        &format!("{base}/code/store"),
        json!({}),
        Some(a),
    )
    .await;
    assert_eq!(
        listed(&t, a, "USER", &v, Some("store")).await["totalCount"],
        0
    );
    assert_eq!(
        t.rest_get("/api/v2/resources?namespace=store", Some(a))
            .await["data"]["totalCount"],
        0
    );
}

#[tokio::test]
async fn acl_records_survive_a_restart() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = std::env::temp_dir().join(format!(
        "authing-emu-acl-{}-{nanos}.json",
        std::process::id()
    ));
    let uid = {
        let t = common::wrap(
            Emulator::builder()
                .data_file(path.clone())
                .start()
                .await
                .unwrap(),
        );
        let admin = t.admin().await;
        let a = admin.as_str();
        let pool = t.emu.user_pool_id().to_string();
        let (uid, _) = t.register("keep", "p").await;
        rest(
            &t,
            "POST",
            &format!("/api/v2/resource-namespace/{pool}"),
            json!({"code": "shop", "name": "Shop", "description": "d"}),
            Some(a),
        )
        .await;
        let r = json!({"code": "nav", "type": "MENU", "namespace": "shop", "actions": [{"name": "open", "description": "o"}], "apiIdentifier": "/nav"});
        assert_eq!(
            t.rest_post("/api/v2/resources", r, Some(a)).await["code"],
            200
        );
        authorize(&t, a, "shop", "nav:home", json!([user(&uid, &["open"])])).await;
        authorize(&t, a, "default", "btn", json!([user(&uid, &[])])).await;
        let d = t
            .ok(
                AUTHORIZE,
                json!({"r": "ui:1", "rt": "UI", "o": [user(&uid, &["see"])]}),
                Some(a),
            )
            .await;
        assert_eq!(d["authorizeResource"]["code"], 200);
        uid
    };
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(snap["namespaces"][1]["code"], "shop");
    assert_eq!(snap["resources"][0]["type"], "MENU");
    assert_eq!(snap["grants"].as_array().unwrap().len(), 3);

    let t = common::wrap(
        Emulator::builder()
            .data_file(path.clone())
            .start()
            .await
            .unwrap(),
    );
    let admin = t.admin().await;
    let a = admin.as_str();
    let pool = t.emu.user_pool_id().to_string();
    let v = t
        .rest_get(&format!("/api/v2/resource-namespace/{pool}"), Some(a))
        .await;
    assert_eq!(v["data"]["list"][1]["code"], "shop");
    assert_eq!(v["data"]["list"][1]["description"], "d");
    let v = t
        .rest_get("/api/v2/resources/detail?namespace=shop&code=nav", Some(a))
        .await;
    assert_eq!(
        v["data"]["actions"],
        json!([{"name": "open", "description": "o"}])
    );
    assert_eq!(v["data"]["apiIdentifier"], "/nav");
    let l = listed(&t, a, "USER", &uid, None).await;
    assert_eq!(
        l["list"],
        json!([
            {"code": "btn", "type": "DATA", "actions": [], "apiIdentifier": null},
            {"code": "ui:1", "type": "UI", "actions": ["see"], "apiIdentifier": null},
            {"code": "nav:home", "type": "MENU", "actions": ["open"], "apiIdentifier": "/nav"},
        ])
    );
    // a new namespace gets a fresh id after the restart
    let v = rest(
        &t,
        "POST",
        &format!("/api/v2/resource-namespace/{pool}"),
        json!({"code": "blog", "name": "Blog"}),
        Some(a),
    )
    .await;
    assert_eq!(v["data"]["id"], 3);
    drop(t);
    let _ = std::fs::remove_file(&path);
}
