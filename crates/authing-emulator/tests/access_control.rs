//! Roles, policies, ACL and custom data, over plain GraphQL.

mod common;

use serde_json::json;

const CREATE_ROLE: &str = "mutation($ns: String, $c: String!, $d: String, $p: String) { createRole(namespace: $ns, code: $c, description: $d, parent: $p) { id namespace code arn description createdAt parent { code } } }";
const ALLOWED: &str = "query($r: String!, $a: String!, $u: String!, $ns: String) { isActionAllowed(resource: $r, action: $a, userId: $u, namespace: $ns) }";
const DENIED: &str = "query($r: String!, $a: String!, $u: String!) { isActionDenied(resource: $r, action: $a, userId: $u) }";
const ALLOW: &str = "mutation($r: String!, $a: String!, $u: String, $rc: String, $ns: String) { allow(resource: $r, action: $a, userId: $u, roleCode: $rc, namespace: $ns) { code message } }";

#[tokio::test]
async fn roles_crud_and_membership() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (uid, utoken) = t.register("member", "p").await;

    let d = t
        .ok(
            CREATE_ROLE,
            json!({"c": "admin", "d": "Admins", "ns": null}),
            a,
        )
        .await;
    assert_eq!(d["createRole"]["namespace"], "default");
    assert!(d["createRole"]["arn"].as_str().unwrap().contains(":role:"));
    assert_eq!(t.code(CREATE_ROLE, json!({"c": "admin"}), a).await, 409);
    assert_eq!(
        t.code(CREATE_ROLE, json!({"c": "child", "p": "missing"}), a)
            .await,
        404
    );
    let d = t
        .ok(CREATE_ROLE, json!({"c": "child", "p": "admin"}), a)
        .await;
    assert_eq!(d["createRole"]["parent"]["code"], "admin");
    t.ok(CREATE_ROLE, json!({"c": "admin", "ns": "other"}), a)
        .await;

    let roles = "query($ns: String) { roles(namespace: $ns, page: 1, limit: 10) { totalCount list { code namespace } } }";
    assert_eq!(
        t.ok(roles, json!({"ns": "default"}), a).await["roles"]["totalCount"],
        2
    );
    assert_eq!(t.ok(roles, json!({}), a).await["roles"]["totalCount"], 3);
    assert_eq!(t.code(roles, json!({}), Some(&utoken)).await, 1001);

    // assign / list
    let assign = "mutation($rc: [String], $u: [String!], $ns: String) { assignRole(roleCodes: $rc, userIds: $u, namespace: $ns) { code } }";
    assert_eq!(
        t.code(assign, json!({"rc": ["nope"], "u": [uid]}), a).await,
        404
    );
    assert_eq!(
        t.code(assign, json!({"rc": ["admin"], "u": ["nope"]}), a)
            .await,
        2004
    );
    assert_eq!(
        t.ok(assign, json!({"rc": ["admin"], "u": [uid]}), a).await["assignRole"]["code"],
        200
    );
    t.ok(
        assign,
        json!({"rc": ["admin"], "u": [uid], "ns": "other"}),
        a,
    )
    .await;
    let user_roles = "query($id: String, $ns: String) { user(id: $id) { roles(namespace: $ns) { totalCount list { code namespace } } } }";
    assert_eq!(
        t.ok(user_roles, json!({"id": uid, "ns": "default"}), a)
            .await["user"]["roles"]["totalCount"],
        1
    );
    assert_eq!(
        t.ok(user_roles, json!({"id": uid}), a).await["user"]["roles"]["totalCount"],
        2
    );
    // a user reads their own roles
    assert_eq!(
        t.ok(user_roles, json!({"ns": "other"}), Some(&utoken))
            .await["user"]["roles"]["list"][0]["namespace"],
        "other"
    );
    let role_users = "query($c: String!) { role(code: $c) { code users(page: 1, limit: 10) { totalCount list { id } } } }";
    assert_eq!(
        t.ok(role_users, json!({"c": "admin"}), a).await["role"]["users"]["list"][0]["id"],
        uid
    );
    assert_eq!(
        t.ok(role_users, json!({"c": "nope"}), a).await["role"],
        json!(null)
    );

    // rename, revoke, delete
    let upd = "mutation($c: String!, $n: String, $d: String) { updateRole(code: $c, newCode: $n, description: $d) { code description } }";
    let d = t
        .ok(upd, json!({"c": "admin", "n": "admins", "d": "x"}), a)
        .await;
    assert_eq!(d["updateRole"]["code"], "admins");
    assert_eq!(
        t.ok(role_users, json!({"c": "admin"}), a).await["role"],
        json!(null)
    );
    assert_eq!(
        t.ok(
            "query { role(code: \"child\") { parent { code } } }",
            json!({}),
            a
        )
        .await["role"]["parent"]["code"],
        "admins"
    );
    let revoke =
        "mutation($rc: String, $u: [String!]) { revokeRole(roleCode: $rc, userIds: $u) { code } }";
    t.ok(revoke, json!({"rc": "admins", "u": [uid]}), a).await;
    assert_eq!(
        t.ok(user_roles, json!({"id": uid, "ns": "default"}), a)
            .await["user"]["roles"]["totalCount"],
        0
    );
    let del = "mutation($c: String!) { deleteRole(code: $c) { code } }";
    assert_eq!(
        t.ok(del, json!({"c": "child"}), a).await["deleteRole"]["code"],
        200
    );
    assert_eq!(t.code(del, json!({"c": "child"}), a).await, 404);
    let dels = "mutation($l: [String!]!, $ns: String) { deleteRoles(codeList: $l, namespace: $ns) { code } }";
    assert_eq!(t.code(dels, json!({"l": ["admins", "nope"]}), a).await, 404);
    t.ok(dels, json!({"l": ["admins"]}), a).await;
    assert_eq!(
        t.ok(roles, json!({"ns": "default"}), a).await["roles"]["totalCount"],
        0
    );
}

#[tokio::test]
async fn acl_truth_table() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (u1, _) = t.register("u1", "p").await;
    let (u2, _) = t.register("u2", "p").await;
    let (u3, _) = t.register("u3", "p").await;
    let (u4, _) = t.register("u4", "p").await;
    let (u5, _) = t.register("u5", "p").await;
    let allowed = |r: &str, act: &str, u: &str| json!({"r": r, "a": act, "u": u});

    assert_eq!(
        t.code(ALLOW, json!({"r": "books", "a": "books:edit", "u": u1}), a)
            .await,
        400
    );
    assert_eq!(
        t.code(
            ALLOW,
            json!({"r": "books:1", "a": "books:edit", "u": "nope"}),
            a
        )
        .await,
        2004
    );

    t.ok(
        ALLOW,
        json!({"r": "books:123", "a": "books:edit", "u": u1}),
        a,
    )
    .await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:edit", &u1), a)
            .await["isActionAllowed"],
        true
    );
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:delete", &u1), a)
            .await["isActionAllowed"],
        false
    );
    assert_eq!(
        t.ok(ALLOWED, allowed("books:124", "books:edit", &u1), a)
            .await["isActionAllowed"],
        false
    );

    t.ok(ALLOW, json!({"r": "books:123", "a": "books:*", "u": u2}), a)
        .await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:edit", &u2), a)
            .await["isActionAllowed"],
        true
    );
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:delete", &u2), a)
            .await["isActionAllowed"],
        true
    );

    t.ok(
        ALLOW,
        json!({"r": "books:*", "a": "books:edit", "u": u3}),
        a,
    )
    .await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:edit", &u3), a)
            .await["isActionAllowed"],
        true
    );

    t.ok(ALLOW, json!({"r": "books:*", "a": "edit", "u": u4}), a)
        .await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "edit", &u4), a).await["isActionAllowed"],
        true
    );

    // role inheritance
    t.ok(CREATE_ROLE, json!({"c": "readers"}), a).await;
    t.ok(
        ALLOW,
        json!({"r": "books:*", "a": "books:edit", "rc": "readers"}),
        a,
    )
    .await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:*", "books:edit", &u5), a)
            .await["isActionAllowed"],
        false
    );
    t.ok(
        "mutation($u: [String!]) { assignRole(roleCode: \"readers\", userIds: $u) { code } }",
        json!({"u": [u5]}),
        a,
    )
    .await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:*", "books:edit", &u5), a)
            .await["isActionAllowed"],
        true
    );
    // namespaces are separate
    assert_eq!(
        t.ok(
            ALLOWED,
            json!({"r": "books:123", "a": "books:edit", "u": u1, "ns": "other"}),
            a
        )
        .await["isActionAllowed"],
        false
    );

    // DENY wins
    let cp = "mutation($c: String!, $s: [PolicyStatementInput!]!) { createPolicy(code: $c, statements: $s) { code statements { resource actions effect condition { param } } } }";
    t.ok(cp, json!({"c": "no-edit", "s": [{"resource": "books:123", "actions": ["books:edit"], "effect": "DENY"}]}), a).await;
    let add = "mutation($p: [String!]!, $t: PolicyAssignmentTargetType!, $ids: [String!]) { addPolicyAssignments(policies: $p, targetType: $t, targetIdentifiers: $ids) { code } }";
    t.ok(add, json!({"p": ["no-edit"], "t": "USER", "ids": [u2]}), a)
        .await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:edit", &u2), a)
            .await["isActionAllowed"],
        false
    );
    assert_eq!(
        t.ok(DENIED, allowed("books:123", "books:edit", &u2), a)
            .await["isActionDenied"],
        true
    );
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:delete", &u2), a)
            .await["isActionAllowed"],
        true
    );
    // disabling the DENY assignment restores the ALLOW
    let dis = "mutation($id: String!) { disbalePolicyAssignment(policy: \"no-edit\", targetType: USER, targetIdentifier: $id) { code } }";
    assert_eq!(
        t.ok(dis, json!({"id": u2}), a).await["disbalePolicyAssignment"]["code"],
        200
    );
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:edit", &u2), a)
            .await["isActionAllowed"],
        true
    );
    let en = "mutation($id: String!) { enablePolicyAssignment(policy: \"no-edit\", targetType: USER, targetIdentifier: $id) { code } }";
    t.ok(en, json!({"id": u2}), a).await;
    assert_eq!(
        t.ok(ALLOWED, allowed("books:123", "books:edit", &u2), a)
            .await["isActionAllowed"],
        false
    );
    assert_eq!(t.code(en, json!({"id": u1}), a).await, 404);

    // authorized resources of a user
    let ar = "query($id: String) { user(id: $id) { authorizedResources { totalCount list { code type actions } } } }";
    let d = t.ok(ar, json!({"id": u1}), a).await;
    assert_eq!(
        d["user"]["authorizedResources"]["list"],
        json!([{"code": "books:123", "type": "DATA", "actions": ["books:edit"]}])
    );
}

#[tokio::test]
async fn policies_crud_and_assignments() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (uid, _) = t.register("p1", "p").await;
    let cp = "mutation($c: String!, $d: String, $s: [PolicyStatementInput!]!) { createPolicy(code: $c, description: $d, statements: $s) { namespace code isDefault description assignmentsCount createdAt statements { resource actions effect condition { param operator value } } } }";
    let s = json!([{"resource": "orders:*", "actions": ["orders:read"], "condition": [{"param": "ip", "operator": "eq", "value": {"x": [1, 2]}}]}]);
    let d = t.ok(cp, json!({"c": "pol", "d": "desc", "s": s}), a).await;
    let p = &d["createPolicy"];
    assert_eq!(p["isDefault"], false);
    assert_eq!(p["assignmentsCount"], 0);
    assert_eq!(p["statements"][0]["effect"], "ALLOW");
    assert_eq!(
        p["statements"][0]["condition"][0]["value"],
        json!({"x": [1, 2]})
    );
    assert_eq!(t.code(cp, json!({"c": "pol", "s": s}), a).await, 409);
    assert_eq!(t.code(cp, json!({"c": "empty", "s": []}), a).await, 400);

    let list = "{ policies(page: 1, limit: 10) { totalCount list { code } } }";
    assert_eq!(t.ok(list, json!({}), a).await["policies"]["totalCount"], 1);
    let up = "mutation($c: String!, $n: String, $s: [PolicyStatementInput!]) { updatePolicy(code: $c, newCode: $n, statements: $s) { code statements { resource } } }";
    let d = t
        .ok(
            up,
            json!({"c": "pol", "n": "pol2", "s": [{"resource": "orders:1", "actions": ["*"]}]}),
            a,
        )
        .await;
    assert_eq!(d["updatePolicy"]["code"], "pol2");
    assert_eq!(t.code(up, json!({"c": "pol"}), a).await, 404);

    let add = "mutation($p: [String!]!, $t: PolicyAssignmentTargetType!, $ids: [String!]) { addPolicyAssignments(policies: $p, targetType: $t, targetIdentifiers: $ids) { code } }";
    assert_eq!(
        t.code(add, json!({"p": ["nope"], "t": "USER", "ids": [uid]}), a)
            .await,
        404
    );
    assert_eq!(
        t.code(add, json!({"p": ["pol2"], "t": "USER", "ids": ["nope"]}), a)
            .await,
        2004
    );
    assert_eq!(
        t.code(add, json!({"p": ["pol2"], "t": "ROLE", "ids": ["nope"]}), a)
            .await,
        404
    );
    t.ok(add, json!({"p": ["pol2"], "t": "USER", "ids": [uid]}), a)
        .await;
    t.ok(add, json!({"p": ["pol2"], "t": "USER", "ids": [uid]}), a)
        .await; // idempotent
    let pa = "query($c: String, $t: PolicyAssignmentTargetType, $id: String) { policyAssignments(code: $c, targetType: $t, targetIdentifier: $id, page: 1, limit: 10) { totalCount list { code targetType targetIdentifier } } }";
    let d = t.ok(pa, json!({"c": "pol2"}), a).await;
    assert_eq!(d["policyAssignments"]["totalCount"], 1);
    assert_eq!(
        d["policyAssignments"]["list"][0],
        json!({"code": "pol2", "targetType": "USER", "targetIdentifier": uid})
    );
    assert_eq!(
        t.ok(pa, json!({"t": "USER", "id": uid}), a).await["policyAssignments"]["totalCount"],
        1
    );
    let pd = "query($c: String!) { policy(code: $c) { code assignmentsCount assignments(page: 1, limit: 10) { targetIdentifier } } }";
    assert_eq!(
        t.ok(pd, json!({"c": "pol2"}), a).await["policy"]["assignmentsCount"],
        1
    );
    assert_eq!(
        t.ok(
            ALLOWED,
            json!({"r": "orders:1", "a": "anything", "u": uid}),
            a
        )
        .await["isActionAllowed"],
        true
    );

    let rm = "mutation($p: [String!]!, $t: PolicyAssignmentTargetType!, $ids: [String!]) { removePolicyAssignments(policies: $p, targetType: $t, targetIdentifiers: $ids) { code } }";
    t.ok(rm, json!({"p": ["pol2"], "t": "USER", "ids": [uid]}), a)
        .await;
    assert_eq!(
        t.ok(pa, json!({"c": "pol2"}), a).await["policyAssignments"]["totalCount"],
        0
    );

    let del = "mutation($c: String!) { deletePolicy(code: $c) { code } }";
    t.ok(del, json!({"c": "pol2"}), a).await;
    assert_eq!(
        t.ok(pd, json!({"c": "pol2"}), a).await["policy"],
        json!(null)
    );
    assert_eq!(t.code(del, json!({"c": "pol2"}), a).await, 404);
    t.ok(cp, json!({"c": "x1", "s": s}), a).await;
    t.ok(cp, json!({"c": "x2", "s": s}), a).await;
    let dels = "mutation($l: [String!]!) { deletePolicies(codeList: $l) { code } }";
    t.ok(dels, json!({"l": ["x1", "x2"]}), a).await;
    assert_eq!(t.ok(list, json!({}), a).await["policies"]["totalCount"], 0);
}

#[tokio::test]
async fn custom_data() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (uid, utoken) = t.register("cd", "p").await;
    let set_udv = "mutation($id: String!, $k: String!, $v: String!) { setUdv(targetType: USER, targetId: $id, key: $k, value: $v) { key dataType value label } }";
    // undefined key fails
    assert_eq!(
        t.code(
            set_udv,
            json!({"id": uid, "k": "school", "v": "\"ucla\""}),
            a
        )
        .await,
        404
    );
    let set_udf = "mutation($k: String!, $t: UDFDataType!, $l: String!) { setUdf(targetType: USER, key: $k, dataType: $t, label: $l) { targetType dataType key label options } }";
    let d = t
        .ok(
            set_udf,
            json!({"k": "school", "t": "STRING", "l": "School"}),
            a,
        )
        .await;
    assert_eq!(d["setUdf"]["dataType"], "STRING");
    t.ok(set_udf, json!({"k": "age", "t": "NUMBER", "l": "Age"}), a)
        .await;
    t.ok(set_udf, json!({"k": "vip", "t": "BOOLEAN", "l": "VIP"}), a)
        .await;
    t.ok(
        set_udf,
        json!({"k": "prefs", "t": "OBJECT", "l": "Prefs"}),
        a,
    )
    .await;
    assert_eq!(
        t.ok("{ udf(targetType: USER) { key } }", json!({}), a)
            .await["udf"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let d = t
        .ok(
            set_udv,
            json!({"id": uid, "k": "school", "v": "\"ucla\""}),
            a,
        )
        .await;
    assert_eq!(
        d["setUdv"],
        json!([{"key": "school", "dataType": "STRING", "value": "ucla", "label": "School"}])
    );
    t.ok(set_udv, json!({"id": uid, "k": "age", "v": "18"}), a)
        .await;
    // wrong types
    assert_eq!(
        t.code(set_udv, json!({"id": uid, "k": "school", "v": "18"}), a)
            .await,
        400
    );
    assert_eq!(
        t.code(set_udv, json!({"id": uid, "k": "age", "v": "\"18\""}), a)
            .await,
        400
    );
    assert_eq!(
        t.code(set_udv, json!({"id": uid, "k": "vip", "v": "\"yes\""}), a)
            .await,
        400
    );
    assert_eq!(
        t.code(set_udv, json!({"id": "nope", "k": "age", "v": "1"}), a)
            .await,
        2004
    );
    // a user sets their own values, not somebody else's
    let d = t
        .ok(
            set_udv,
            json!({"id": uid, "k": "vip", "v": "true"}),
            Some(&utoken),
        )
        .await;
    assert_eq!(d["setUdv"].as_array().unwrap().len(), 3);
    let (other, _) = t.register("other", "p").await;
    assert_eq!(
        t.code(
            set_udv,
            json!({"id": other, "k": "vip", "v": "true"}),
            Some(&utoken)
        )
        .await,
        1001
    );

    let batch = "mutation($id: String!, $l: [UserDefinedDataInput!]) { setUdvBatch(targetType: USER, targetId: $id, udvList: $l) { key value } }";
    let d = t.ok(batch, json!({"id": uid, "l": [{"key": "prefs", "value": "{\"color\":\"red\"}"}, {"key": "age", "value": "19"}]}), a).await;
    let list = d["setUdvBatch"].as_array().unwrap();
    assert!(list.contains(&json!({"key": "prefs", "value": "{\"color\":\"red\"}"})));
    assert!(list.contains(&json!({"key": "age", "value": "19"})));
    assert_eq!(
        t.code(
            batch,
            json!({"id": uid, "l": [{"key": "age", "value": "20"}, {"key": "nope", "value": "1"}]}),
            a
        )
        .await,
        404
    );

    let udv = "query($id: String!) { udv(targetType: USER, targetId: $id) { key value dataType } }";
    let d = t.ok(udv, json!({"id": uid}), a).await;
    assert!(
        d["udv"]
            .as_array()
            .unwrap()
            .contains(&json!({"key": "age", "value": "19", "dataType": "NUMBER"})),
        "batch is all-or-nothing"
    );
    let cd = "query($id: String) { user(id: $id) { customData { key value dataType label } } }";
    assert_eq!(
        t.ok(cd, json!({"id": uid}), a).await["user"]["customData"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let vb = "mutation($i: [SetUdfValueBatchInput!]!) { setUdfValueBatch(targetType: USER, input: $i) { code } }";
    t.ok(vb, json!({"i": [{"targetId": uid, "key": "age", "value": "21"}, {"targetId": other, "key": "school", "value": "\"mit\""}]}), a).await;
    let b = "query($ids: [String]!) { udfValueBatch(targetType: USER, targetIds: $ids) { targetId data { key value } } }";
    let d = t.ok(b, json!({"ids": [other]}), a).await;
    assert_eq!(
        d["udfValueBatch"][0]["data"],
        json!([{"key": "school", "value": "mit"}])
    );

    let rm = "mutation($id: String!, $k: String!) { removeUdv(targetType: USER, targetId: $id, key: $k) { key } }";
    let d = t.ok(rm, json!({"id": other, "k": "school"}), a).await;
    assert_eq!(d["removeUdv"], json!([]));
    t.ok(
        "mutation { removeUdf(targetType: USER, key: \"prefs\") { code } }",
        json!({}),
        a,
    )
    .await;
    assert_eq!(
        t.ok(udv, json!({"id": uid}), a).await["udv"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // role custom data is keyed by role id
    let rid = t.ok(CREATE_ROLE, json!({"c": "r"}), a).await["createRole"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.ok("mutation { setUdf(targetType: ROLE, key: \"level\", dataType: NUMBER, label: \"L\") { key } }", json!({}), a).await;
    let rset = "mutation($id: String!) { setUdv(targetType: ROLE, targetId: $id, key: \"level\", value: \"3\") { value } }";
    assert_eq!(
        t.ok(rset, json!({"id": rid}), a).await["setUdv"][0]["value"],
        "3"
    );
    assert_eq!(t.code(rset, json!({"id": "r"}), a).await, 404);
}
