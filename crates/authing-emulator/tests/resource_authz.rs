//! Resource grants over HTTP: `authorizeResource`, `authorizedResources`,
//! `revoke-resource` and the permission checks, with the cases of the official Python
//! SDK's tests (revoke 1-4, permission batch 1-5, resource kind 1-2).

mod acl_support;
mod common;

use acl_support::*;
use serde_json::{Value, json};

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
