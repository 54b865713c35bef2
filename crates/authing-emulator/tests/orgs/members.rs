//! Members, departments and the main department; roles on nodes; search; permissions.
use serde_json::{Value, json};

use crate::common;
use crate::*;

#[tokio::test]
async fn members_departments_and_main_department() {
    let t = common::start().await;
    let admin = t.admin().await;
    let (org, [root, dev, backend, ops], [u1, u2, u3]) = company(&t, &admin).await;
    let add = "mutation($n: String, $o: String, $c: String, $u: [String!]!, $l: Boolean) { addMember(nodeId: $n, orgId: $o, nodeCode: $c, userIds: $u, isLeader: $l) { id users { totalCount } } }";
    let d = t.ok(add, json!({"n": dev, "u": [u1]}), Some(&admin)).await;
    assert_eq!(d["addMember"]["id"], json!(dev));
    // by org + node code
    let d = t
        .ok(
            add,
            json!({"o": org, "c": "backend", "u": [u2], "l": true}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["addMember"],
        json!({"id": backend, "users": {"totalCount": 1}})
    );
    t.ok(add, json!({"n": ops, "u": [u1, u3]}), Some(&admin))
        .await;

    // Node.users: includeChildrenNodes defaults to true
    assert_eq!(
        member_ids(&t, &admin, &dev, "").await,
        (2, vec![u2.clone(), u1.clone()])
    );
    assert_eq!(
        member_ids(&t, &admin, &dev, "(includeChildrenNodes: false)").await,
        (1, vec![u1.clone()])
    );
    assert_eq!(
        member_ids(&t, &admin, &root, "(sortBy: CREATEDAT_ASC)").await,
        (3, vec![u1.clone(), u2.clone(), u3.clone()]),
        "each user once"
    );
    assert_eq!(
        member_ids(&t, &admin, &root, "(includeChildrenNodes: false)").await,
        (0, vec![])
    );
    assert_eq!(
        member_ids(
            &t,
            &admin,
            &root,
            "(page: 2, limit: 2, sortBy: CREATEDAT_ASC)"
        )
        .await,
        (3, vec![u3.clone()])
    );

    // several departments, one main department
    assert_eq!(
        departments(&t, &admin, &u1, None).await,
        [(dev.clone(), false), (ops.clone(), false)]
    );
    let set = "mutation($u: String!, $d: String) { setMainDepartment(userId: $u, departmentId: $d) { code message } }";
    let d = t.ok(set, json!({"u": u1, "d": ops}), Some(&admin)).await;
    assert_eq!(d["setMainDepartment"]["code"], 200);
    assert_eq!(
        departments(&t, &admin, &u1, None).await,
        [(dev.clone(), false), (ops.clone(), true)]
    );
    assert_eq!(departments(&t, &admin, &u1, Some(&org)).await.len(), 2);
    assert_eq!(departments(&t, &admin, &u1, Some("other-org")).await, []);
    let q = "query($id: String) { user(id: $id) { mainDepartmentId mainDepartmentCode } }";
    let d = t.ok(q, json!({"id": u1}), Some(&admin)).await;
    assert_eq!(
        d["user"],
        json!({"mainDepartmentId": ops, "mainDepartmentCode": "ops"})
    );
    assert_eq!(
        t.code(set, json!({"u": u1, "d": backend}), Some(&admin))
            .await,
        400,
        "not a member"
    );
    assert_eq!(
        t.code(set, json!({"u": "nobody", "d": ops}), Some(&admin))
            .await,
        2004
    );
    assert_eq!(
        t.code(set, json!({"u": u1, "d": "nope"}), Some(&admin))
            .await,
        404
    );

    // moving members: the main department follows to the target
    let mv = "mutation($u: [String!]!, $s: String!, $t: String!) { moveMembers(userIds: $u, sourceNodeId: $s, targetNodeId: $t) { code } }";
    let d = t
        .ok(mv, json!({"u": [u1], "s": ops, "t": backend}), Some(&admin))
        .await;
    assert_eq!(d["moveMembers"]["code"], 200);
    assert_eq!(
        departments(&t, &admin, &u1, None).await,
        [(dev.clone(), false), (backend.clone(), true)]
    );
    assert_eq!(
        member_ids(&t, &admin, &ops, "").await,
        (1, vec![u3.clone()])
    );
    let d = t.ok(q, json!({"id": u1}), Some(&admin)).await;
    assert_eq!(
        d["user"],
        json!({"mainDepartmentId": backend, "mainDepartmentCode": "backend"})
    );
    assert_eq!(
        t.code(mv, json!({"u": [u3], "s": dev, "t": ops}), Some(&admin))
            .await,
        400,
        "u3 is not in dev"
    );
    assert_eq!(
        t.code(mv, json!({"u": [u3], "s": ops, "t": "nope"}), Some(&admin))
            .await,
        404
    );

    // the main department goes with the membership
    let rm = "mutation($n: String!, $u: [String!]!) { removeMember(nodeId: $n, userIds: $u) { id users { totalCount list { id } } } }";
    let d = t
        .ok(rm, json!({"n": backend, "u": [u1]}), Some(&admin))
        .await;
    assert_eq!(
        d["removeMember"]["users"],
        json!({"totalCount": 1, "list": [{"id": u2}]})
    );
    let d = t.ok(q, json!({"id": u1}), Some(&admin)).await;
    assert_eq!(
        d["user"],
        json!({"mainDepartmentId": null, "mainDepartmentCode": null})
    );
    t.ok(set, json!({"u": u1, "d": dev}), Some(&admin)).await;
    t.ok(set, json!({"u": u1, "d": null}), Some(&admin)).await;
    assert_eq!(
        departments(&t, &admin, &u1, None).await,
        [(dev.clone(), false)]
    );

    // errors
    assert_eq!(
        t.code(add, json!({"n": dev, "u": [u3, "nobody"]}), Some(&admin))
            .await,
        2004
    );
    assert_eq!(
        member_ids(&t, &admin, &dev, "(includeChildrenNodes: false)")
            .await
            .0,
        1,
        "all or nothing"
    );
    assert_eq!(t.code(add, json!({"u": [u3]}), Some(&admin)).await, 2231);
    assert_eq!(
        t.code(add, json!({"n": "nope", "u": [u3]}), Some(&admin))
            .await,
        404
    );
    assert_eq!(
        t.code(add, json!({"o": org, "c": "nope", "u": [u3]}), Some(&admin))
            .await,
        404
    );
    assert_eq!(
        t.code(rm, json!({"n": dev, "u": ["nobody"]}), Some(&admin))
            .await,
        2004
    );

    // users/{id}/orgs: one path per department, org first, root down to the department
    let v = t
        .rest_get(&format!("/api/v2/users/{u2}/orgs"), Some(&admin))
        .await;
    assert_eq!(v["code"], 200, "{v}");
    let path = &v["data"][0];
    assert_eq!(v["data"].as_array().unwrap().len(), 1);
    assert_eq!(path[0]["type"], "org");
    assert_eq!(path[0]["id"], json!(org));
    assert_eq!(path[0]["rootNodeId"], json!(root));
    let nodes: Vec<(Value, Value)> = path.as_array().unwrap()[1..]
        .iter()
        .map(|n| (n["type"].clone(), n["code"].clone()))
        .collect();
    assert_eq!(
        nodes,
        [
            (json!("node"), json!("acme")),
            (json!("node"), json!("dev")),
            (json!("node"), json!("backend"))
        ]
    );
    assert_eq!(path[3]["id"], json!(backend));
    assert_eq!(path[3]["orgId"], json!(org));
    let v = t.rest_get("/api/v2/users/nobody/orgs", Some(&admin)).await;
    assert_eq!(v["code"], 2004);

    // a deleted user leaves no membership; a deleted node takes its memberships along
    t.ok(
        "mutation($id: String!) { deleteUser(id: $id) { code } }",
        json!({"id": u2}),
        Some(&admin),
    )
    .await;
    assert_eq!(member_ids(&t, &admin, &backend, "").await, (0, vec![]));
    assert_eq!(member_ids(&t, &admin, &root, "").await.0, 2);
    t.ok(
        "mutation($o: String!, $n: String!) { deleteNode(orgId: $o, nodeId: $n) { code } }",
        json!({"o": org, "n": dev}),
        Some(&admin),
    )
    .await;
    assert_eq!(departments(&t, &admin, &u1, None).await, []);
    let v = t
        .rest_get(&format!("/api/v2/users/{u1}/orgs"), Some(&admin))
        .await;
    assert_eq!(v["data"], json!([]));
}

#[tokio::test]
async fn roles_on_nodes_by_id_or_code_inherited_by_children() {
    let t = common::start().await;
    let admin = t.admin().await;
    let (_org, [_root, dev, backend, ops], [u1, ..]) = company(&t, &admin).await;
    for r in ["lead", "coder"] {
        t.ok(
            "mutation($c: String!) { createRole(code: $c) { id } }",
            json!({"c": r}),
            Some(&admin),
        )
        .await;
    }
    let assign = "mutation($r: [String], $n: [String!], $ns: String) { assignRole(roleCodes: $r, nodeCodes: $n, namespace: $ns) { code } }";
    let revoke = "mutation($r: [String], $n: [String!]) { revokeRole(roleCodes: $r, nodeCodes: $n) { code } }";
    // a node id, as the official SDK passes it
    let d = t
        .ok(assign, json!({"r": ["lead"], "n": [dev]}), Some(&admin))
        .await;
    assert_eq!(d["assignRole"]["code"], 200);
    assert_eq!(node_roles(&t, &admin, &dev, None).await, ["lead"]);
    assert_eq!(
        node_roles(&t, &admin, &backend, None).await,
        ["lead"],
        "inherited"
    );
    assert_eq!(
        node_roles(&t, &admin, &ops, None).await,
        Vec::<String>::new()
    );
    // a node code; inherited roles listed once
    t.ok(
        assign,
        json!({"r": ["coder", "lead"], "n": ["backend"]}),
        Some(&admin),
    )
    .await;
    assert_eq!(
        node_roles(&t, &admin, &backend, None).await,
        ["coder", "lead"]
    );
    assert_eq!(
        node_roles(&t, &admin, &backend, Some("default"))
            .await
            .len(),
        2
    );
    assert_eq!(
        node_roles(&t, &admin, &backend, Some("other")).await,
        Vec::<String>::new()
    );
    // node roles do not make the members role holders
    t.ok(
        "mutation($n: String!, $u: [String!]!) { addMember(nodeId: $n, userIds: $u) { id } }",
        json!({"n": backend, "u": [u1]}),
        Some(&admin),
    )
    .await;
    let d = t
        .ok(
            "query($id: String) { user(id: $id) { roles { totalCount } } }",
            json!({"id": u1}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["user"]["roles"]["totalCount"], 0);

    t.ok(revoke, json!({"r": ["lead"], "n": [dev]}), Some(&admin))
        .await;
    assert_eq!(
        node_roles(&t, &admin, &dev, None).await,
        Vec::<String>::new()
    );
    assert_eq!(
        node_roles(&t, &admin, &backend, None).await,
        ["coder", "lead"]
    );
    // a deleted role leaves no node-role link
    t.ok(
        "mutation { deleteRole(code: \"coder\") { code } }",
        json!({}),
        Some(&admin),
    )
    .await;
    assert_eq!(node_roles(&t, &admin, &backend, None).await, ["lead"]);
    t.ok(
        "mutation { createRole(code: \"coder\") { id } }",
        json!({}),
        Some(&admin),
    )
    .await;
    assert_eq!(
        node_roles(&t, &admin, &backend, None).await,
        ["lead"],
        "a new role of the same code is not given"
    );
    // unknown node or role: 404, nothing changes
    assert_eq!(
        t.code(
            assign,
            json!({"r": ["coder"], "n": [ops, "nope"]}),
            Some(&admin)
        )
        .await,
        404
    );
    assert_eq!(
        t.code(assign, json!({"r": ["nope"], "n": [ops]}), Some(&admin))
            .await,
        404
    );
    assert_eq!(
        node_roles(&t, &admin, &ops, None).await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn search_nodes_and_permissions() {
    let t = common::start().await;
    let admin = t.admin().await;
    let (org, [_, _, backend, _], _) = company(&t, &admin).await;
    for k in ["back", "BACK", "Backe"] {
        let d = t
            .ok(
                "query($k: String!) { searchNodes(keyword: $k) { id name orgId } }",
                json!({"k": k}),
                Some(&admin),
            )
            .await;
        assert_eq!(
            d["searchNodes"],
            json!([{"id": backend, "name": "Backend", "orgId": org}]),
            "{k}"
        );
    }
    let d = t
        .ok(
            "{ searchNodes(keyword: \"zzz\") { id } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["searchNodes"], json!([]));

    let (_, user_token) = t.register("plain", "pw").await;
    for q in [
        "mutation { createOrg(name: \"x\") { id } }",
        "{ orgs { totalCount } }",
        "{ searchNodes(keyword: \"b\") { id } }",
    ] {
        assert_eq!(t.code(q, json!({}), Some(&user_token)).await, 1001, "{q}");
        assert_eq!(t.code(q, json!({}), None).await, 2020, "{q}");
    }
    for path in ["/api/v2/orgs/export", "/api/v2/users/x/orgs"] {
        assert_eq!(
            t.rest_get(path, Some(&user_token)).await["code"],
            1001,
            "{path}"
        );
        assert_eq!(t.rest_get(path, None).await["code"], 2020, "{path}");
    }
    let v = t
        .rest_post(
            "/api/v2/orgs/import",
            json!({"filetype": "json", "file": {"name": "x"}}),
            Some(&user_token),
        )
        .await;
    assert_eq!(v["code"], 1001);
}
