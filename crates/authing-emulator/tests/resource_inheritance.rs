//! Resource grants held through roles and groups, wildcards and namespaces in
//! `isActionAllowed`, `authorizedTargets`, and cascades of deletions and renames.

mod acl_support;
mod common;

use acl_support::*;
use serde_json::{Value, json};

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
    authorize(&t, &admin, "default", "books:1", opts).await;
    authorize(
        &t,
        &admin,
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
