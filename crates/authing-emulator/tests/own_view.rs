//! Issue 17, the user's own view over HTTP: `user { roles departments
//! authorizedResources }` with the user's token, `GET /api/v2/users/me/orgs`,
//! `/users/me/security-level`, `/users/me/applications/allowed`; a user token only
//! ever sees its own data.

mod common;

use common::authing_code;
use serde_json::json;

const ROLES: &str = "query getUserRoles($id: String!, $namespace: String) { user(id: $id) { roles(namespace: $namespace) { totalCount list { code namespace } } } }";
const DEPARTMENTS: &str = "query getUserDepartments($id: String!, $orgId: String) { user(id: $id) { departments(orgId: $orgId) { totalCount list { department { id name code } isMainDepartment } } } }";
const RESOURCES: &str = "query listUserAuthorizedResources($id: String!, $namespace: String, $resourceType: String) { user(id: $id) { authorizedResources(namespace: $namespace, resourceType: $resourceType) { totalCount list { code type actions } } } }";

#[tokio::test]
async fn the_user_sees_what_the_admin_assigned_and_nobody_else_s() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (me, token) = t.register("me", "p").await;
    let (other, _) = t.register("other", "p").await;
    let tk = Some(token.as_str());

    // nothing yet
    let d = t.ok(ROLES, json!({"id": me}), tk).await;
    assert_eq!(d["user"]["roles"], json!({"totalCount": 0, "list": []}));

    t.ok(
        "mutation { createRole(code: \"editor\") { code } }",
        json!({}),
        a,
    )
    .await;
    t.ok(
        "mutation($u: [String!]) { assignRole(roleCode: \"editor\", userIds: $u) { code } }",
        json!({"u": [me]}),
        a,
    )
    .await;
    let org = t
        .ok(
            "mutation { createOrg(name: \"Acme\", code: \"acme\") { id rootNode { id } } }",
            json!({}),
            a,
        )
        .await;
    let org_id = org["createOrg"]["id"].as_str().unwrap().to_string();
    let root = org["createOrg"]["rootNode"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let eng = t
        .ok(
            "mutation($o: String!, $p: String) { addNodeV2(orgId: $o, parentNodeId: $p, name: \"Engineering\", code: \"eng\") { id } }",
            json!({"o": org_id, "p": root}),
            a,
        )
        .await["addNodeV2"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.ok(
        "mutation($n: String, $u: [String!]!) { addMember(nodeId: $n, userIds: $u) { id } }",
        json!({"n": eng, "u": [me]}),
        a,
    )
    .await;
    t.ok(
        "mutation($o: [AuthorizeResourceOpt]) { authorizeResource(namespace: \"default\", resource: \"books:1\", resourceType: DATA, opts: $o) { code } }",
        json!({"o": [{"targetType": "ROLE", "targetIdentifier": "editor", "actions": ["books:read"]}]}),
        a,
    )
    .await;

    let d = t.ok(ROLES, json!({"id": me}), tk).await;
    assert_eq!(
        d["user"]["roles"],
        json!({"totalCount": 1, "list": [{"code": "editor", "namespace": "default"}]})
    );
    let d = t.ok(DEPARTMENTS, json!({"id": me}), tk).await;
    assert_eq!(d["user"]["departments"]["totalCount"], 1);
    assert_eq!(
        d["user"]["departments"]["list"][0]["department"],
        json!({"id": eng, "name": "Engineering", "code": "eng"})
    );
    let d = t
        .ok(RESOURCES, json!({"id": me, "namespace": "default"}), tk)
        .await;
    assert_eq!(
        d["user"]["authorizedResources"],
        json!({"totalCount": 1, "list": [{"code": "books:1", "type": "DATA", "actions": ["books:read"]}]})
    );
    let d = t
        .ok(
            RESOURCES,
            json!({"id": me, "namespace": "default", "resourceType": "MENU"}),
            tk,
        )
        .await;
    assert_eq!(d["user"]["authorizedResources"]["totalCount"], 0);

    // the org paths of the token's user
    let v = t.rest_get("/api/v2/users/me/orgs", tk).await;
    assert_eq!(v["code"], 200, "{v}");
    let path = &v["data"][0];
    assert_eq!(path[0]["type"], "org");
    assert_eq!(path[0]["id"], json!(org_id));
    assert_eq!(path[1]["type"], "node");
    assert_eq!(path[1]["id"], json!(root));
    assert_eq!(path[2]["name"], "Engineering");
    assert_eq!(v["data"].as_array().unwrap().len(), 1);

    // another user's data: 1001 for every query
    for q in [ROLES, DEPARTMENTS, RESOURCES] {
        let v = t
            .gql(q, json!({"id": other, "namespace": "default"}), tk)
            .await;
        assert_eq!(authing_code(&v), Some(1001), "{q}: {v}");
    }
    // the other user has no org path
    let (_, other_token) = (other.clone(), t.login("other", "p").await);
    let v = t
        .rest_get("/api/v2/users/me/orgs", Some(&other_token))
        .await;
    assert_eq!(v["data"], json!([]));
}

#[tokio::test]
async fn the_me_endpoints_need_a_user_token() {
    let t = common::start().await;
    let admin = t.admin().await;
    for path in [
        "/api/v2/users/me/orgs",
        "/api/v2/users/me/security-level",
        "/api/v2/users/me/applications/allowed",
    ] {
        assert_eq!(t.rest_get(path, None).await["code"], 2020, "{path}");
        assert_eq!(
            t.rest_get(path, Some("garbage")).await["code"],
            2020,
            "{path}"
        );
        assert_eq!(t.rest_get(path, Some(&admin)).await["code"], 2020, "{path}");
    }
}

#[tokio::test]
async fn security_level_follows_the_account() {
    let t = common::start().await;
    let (_, token) = t.register("weak", "abc").await;
    let v = t
        .rest_get("/api/v2/users/me/security-level", Some(&token))
        .await;
    // registered, never logged in with the password: level unknown
    assert_eq!(
        v,
        json!({"code": 200, "message": "获取成功", "data": {"score": 20, "email": false, "phone": false,
               "password": true, "passwordSecurityLevel": null, "mfa": false}})
    );
    let token = t.login("weak", "abc").await;
    let v = t
        .rest_get("/api/v2/users/me/security-level", Some(&token))
        .await;
    assert_eq!(v["data"]["passwordSecurityLevel"], 1);
    assert_eq!(v["data"]["score"], 20);

    let admin = t.admin().await;
    t.create_user(
        &admin,
        json!({"username": "strong", "email": "s@example.com", "phone": "13800000001", "password": t.enc("Abcdefgh1234")}),
    )
    .await;
    let token = t.login("strong", "Abcdefgh1234").await;
    let v = t
        .rest_get("/api/v2/users/me/security-level", Some(&token))
        .await;
    assert_eq!(
        v["data"],
        json!({"score": 80, "email": true, "phone": true, "password": true, "passwordSecurityLevel": 3, "mfa": false})
    );
}

#[tokio::test]
async fn applications_are_paged() {
    let t = common::start().await;
    let (_, token) = t.register("u", "p").await;
    for name in ["second", "third"] {
        let v = t
            .rest_post("/emulator/v1/applications", json!({"name": name}), None)
            .await;
        assert_eq!(v["code"], 200, "{v}");
    }
    let v = t
        .rest_get(
            "/api/v2/users/me/applications/allowed?page=1&limit=2",
            Some(&token),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["totalCount"], 3);
    let list = v["data"]["list"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], json!(t.emu.app_id()));
    assert_eq!(list[1]["name"], "second");
    assert_eq!(list[0]["protocol"], "oidc");
    assert!(list[0].get("secret").is_none() && list[0].get("appSecret").is_none());
    let v = t
        .rest_get(
            "/api/v2/users/me/applications/allowed?page=2&limit=2",
            Some(&token),
        )
        .await;
    assert_eq!(v["data"]["list"][0]["name"], "third");
    let v = t
        .rest_get("/api/v2/users/me/applications/allowed?page=0", Some(&token))
        .await;
    assert_eq!(v["code"], 400);
}
