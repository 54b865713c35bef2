//! Organizations over HTTP: org trees, members and main departments, roles on nodes,
//! node search, import/export, `users/{id}/orgs`, errors, cascades and the data file.

mod common;

use authing_emulator::Emulator;
use common::T;
use serde_json::{Value, json};

const NODE: &str = "id orgId name code description root depth path codePath namePath children";

async fn create_org(t: &T, admin: &str, name: &str, code: &str) -> (String, String) {
    let d = t
        .ok(
            "mutation($n: String!, $c: String) { createOrg(name: $n, code: $c, description: \"d\") { id rootNode { id } } }",
            json!({"n": name, "c": code}),
            Some(admin),
        )
        .await;
    (
        d["createOrg"]["id"].as_str().unwrap().to_string(),
        d["createOrg"]["rootNode"]["id"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

async fn add_node(
    t: &T,
    admin: &str,
    org: &str,
    parent: Option<&str>,
    name: &str,
    code: &str,
) -> Value {
    let q = format!(
        "mutation($o: String!, $p: String, $n: String!, $c: String) {{ addNodeV2(orgId: $o, parentNodeId: $p, name: $n, code: $c) {{ {NODE} }} }}"
    );
    t.ok(
        &q,
        json!({"o": org, "p": parent, "n": name, "c": code}),
        Some(admin),
    )
    .await["addNodeV2"]
        .clone()
}

async fn node(t: &T, admin: &str, id: &str) -> Value {
    let q = format!("query($id: String!) {{ nodeById(id: $id) {{ {NODE} }} }}");
    t.ok(&q, json!({"id": id}), Some(admin)).await["nodeById"].clone()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn node_tree_paths_rename_move_delete() {
    let t = common::start().await;
    let admin = t.admin().await;
    let d = t
        .ok(
            &format!("mutation {{ createOrg(name: \"Acme\", code: \"acme\") {{ id rootNode {{ {NODE} }} nodes {{ id }} }} }}"),
            json!({}),
            Some(&admin),
        )
        .await;
    let org = d["createOrg"]["id"].as_str().unwrap().to_string();
    let root = &d["createOrg"]["rootNode"];
    let root_id = id(root);
    assert_eq!(
        (root["name"].clone(), root["code"].clone()),
        (json!("Acme"), json!("acme"))
    );
    assert_eq!(root["root"], true);
    assert_eq!(root["depth"], 0);
    assert_eq!(root["path"], json!([root_id]));
    assert_eq!(root["orgId"], json!(org));
    assert_eq!(d["createOrg"]["nodes"].as_array().unwrap().len(), 1);

    // no parent → under the root
    let dev = add_node(&t, &admin, &org, None, "Dev", "dev").await;
    let dev_id = id(&dev);
    assert_eq!(dev["depth"], 1);
    assert_eq!(dev["root"], false);
    assert_eq!(dev["path"], json!([root_id, dev_id]));
    assert_eq!(dev["codePath"], json!(["acme", "dev"]));
    assert_eq!(dev["namePath"], json!(["Acme", "Dev"]));
    // addNode answers the org
    let d = t
        .ok(
            "mutation($o: String!, $p: String) { addNode(orgId: $o, parentNodeId: $p, name: \"Ops\", code: \"ops\", order: 3, nameI18n: \"{\\\"en\\\":\\\"Ops\\\"}\", descriptionI18n: \"{}\") { id nodes { name code order nameI18n descriptionI18n } } }",
            json!({"o": org, "p": root_id}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["addNode"]["id"], json!(org));
    assert_eq!(
        d["addNode"]["nodes"],
        json!([
            {"name": "Acme", "code": "acme", "order": null, "nameI18n": null, "descriptionI18n": null},
            {"name": "Dev", "code": "dev", "order": null, "nameI18n": null, "descriptionI18n": null},
            {"name": "Ops", "code": "ops", "order": 3, "nameI18n": "{\"en\":\"Ops\"}", "descriptionI18n": "{}"}
        ])
    );
    let ops_id = id(&t
        .ok(
            "query($o: String!) { nodeByCode(orgId: $o, code: \"ops\") { id } }",
            json!({"o": org}),
            Some(&admin),
        )
        .await["nodeByCode"]);
    let backend = add_node(&t, &admin, &org, Some(&dev_id), "Backend", "backend").await;
    let backend_id = id(&backend);
    assert_eq!(backend["depth"], 2);
    assert_eq!(backend["path"], json!([root_id, dev_id, backend_id]));
    assert_eq!(
        node(&t, &admin, &root_id).await["children"],
        json!([dev_id, ops_id])
    );
    let d = t
        .ok(
            "query($n: String!, $o: String!, $r: String!) { childrenNodes(nodeId: $n) { id } rootNode(orgId: $o) { id } a: isRootNode(orgId: $o, nodeId: $r) b: isRootNode(orgId: $o, nodeId: $n) }",
            json!({"n": dev_id, "o": org, "r": root_id}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["childrenNodes"], json!([{"id": backend_id}]));
    assert_eq!(d["rootNode"]["id"], json!(root_id));
    assert_eq!(
        (d["a"].clone(), d["b"].clone()),
        (json!(true), json!(false))
    );

    // rename: the paths of descendants follow
    let d = t
        .ok(
            "mutation($id: String!) { updateNode(id: $id, name: \"R&D\", code: \"rd\", description: \"research\") { name code description } }",
            json!({"id": dev_id}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["updateNode"],
        json!({"name": "R&D", "code": "rd", "description": "research"})
    );
    let b = node(&t, &admin, &backend_id).await;
    assert_eq!(b["namePath"], json!(["Acme", "R&D", "Backend"]));
    assert_eq!(b["codePath"], json!(["acme", "rd", "backend"]));
    let d = t
        .ok(
            "query($o: String!) { nodeByCode(orgId: $o, code: \"dev\") { id } }",
            json!({"o": org}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["nodeByCode"], Value::Null, "the old code is free");

    // node codes are unique per org (409), not across orgs
    let dup = "mutation($o: String!) { addNodeV2(orgId: $o, name: \"X\", code: \"ops\") { id } }";
    assert_eq!(t.code(dup, json!({"o": org}), Some(&admin)).await, 409);
    assert_eq!(
        t.code(
            "mutation($id: String!) { updateNode(id: $id, code: \"ops\") { id } }",
            json!({"id": dev_id}),
            Some(&admin)
        )
        .await,
        409
    );
    let (other, _) = create_org(&t, &admin, "Other", "other").await;
    t.ok(dup, json!({"o": other}), Some(&admin)).await;

    // move: backend under ops; cycles and moving the root are refused
    let mv = "mutation($o: String!, $n: String!, $p: String!) { moveNode(orgId: $o, nodeId: $n, targetParentId: $p) { id nodes { id } } }";
    let d = t
        .ok(
            mv,
            json!({"o": org, "n": backend_id, "p": ops_id}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["moveNode"]["nodes"].as_array().unwrap().len(), 4);
    let b = node(&t, &admin, &backend_id).await;
    assert_eq!(b["path"], json!([root_id, ops_id, backend_id]));
    assert_eq!(b["namePath"], json!(["Acme", "Ops", "Backend"]));
    assert_eq!(
        node(&t, &admin, &ops_id).await["children"],
        json!([backend_id])
    );
    assert_eq!(node(&t, &admin, &dev_id).await["children"], json!([]));
    assert_eq!(
        t.code(
            mv,
            json!({"o": org, "n": ops_id, "p": backend_id}),
            Some(&admin)
        )
        .await,
        400
    );
    assert_eq!(
        t.code(
            mv,
            json!({"o": org, "n": ops_id, "p": ops_id}),
            Some(&admin)
        )
        .await,
        400
    );
    assert_eq!(
        t.code(
            mv,
            json!({"o": org, "n": root_id, "p": dev_id}),
            Some(&admin)
        )
        .await,
        400
    );
    assert_eq!(
        t.code(
            mv,
            json!({"o": org, "n": ops_id, "p": "nope"}),
            Some(&admin)
        )
        .await,
        404
    );
    assert_eq!(
        node(&t, &admin, &ops_id).await["path"],
        json!([root_id, ops_id]),
        "a refused move changes nothing"
    );

    // delete takes the children along; the root cannot go
    let del =
        "mutation($o: String!, $n: String!) { deleteNode(orgId: $o, nodeId: $n) { code message } }";
    let d = t
        .ok(del, json!({"o": org, "n": ops_id}), Some(&admin))
        .await;
    assert_eq!(d["deleteNode"]["code"], 200);
    assert_eq!(node(&t, &admin, &ops_id).await, Value::Null);
    assert_eq!(node(&t, &admin, &backend_id).await, Value::Null);
    assert_eq!(
        t.code(del, json!({"o": org, "n": root_id}), Some(&admin))
            .await,
        400
    );
    assert_eq!(
        t.code(del, json!({"o": org, "n": ops_id}), Some(&admin))
            .await,
        404
    );
    let d = t
        .ok(
            "query($o: String!) { org(id: $o) { nodes { id } } }",
            json!({"o": org}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["org"]["nodes"], json!([{"id": root_id}, {"id": dev_id}]));

    // orgs list (newest first), deleteOrg, unknown ids
    let d = t
        .ok(
            "{ orgs { totalCount list { id } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["orgs"],
        json!({"totalCount": 2, "list": [{"id": other}, {"id": org}]})
    );
    let d = t
        .ok(
            "{ orgs(page: 2, limit: 1, sortBy: CREATEDAT_DESC) { totalCount list { id } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["orgs"]["list"], json!([{"id": org}]));
    let d = t
        .ok(
            "mutation($o: String!) { deleteOrg(id: $o) { code } }",
            json!({"o": other}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["deleteOrg"]["code"], 200);
    for q in [
        "query($o: String!) { org(id: $o) { id } }",
        "query($o: String!) { rootNode(orgId: $o) { id } }",
        "query($o: String!) { nodeByCode(orgId: $o, code: \"ops\") { id } }",
        "mutation($o: String!) { deleteOrg(id: $o) { code } }",
        "mutation($o: String!) { addNodeV2(orgId: $o, name: \"n\") { id } }",
    ] {
        assert_eq!(
            t.code(q, json!({"o": other}), Some(&admin)).await,
            404,
            "{q}"
        );
    }
    let q = "mutation($o: String!) { addNodeV2(orgId: $o, parentNodeId: \"nope\", name: \"n\") { id } }";
    assert_eq!(t.code(q, json!({"o": org}), Some(&admin)).await, 404);
    let q = "mutation { updateNode(id: \"nope\", name: \"n\") { id } }";
    assert_eq!(t.code(q, json!({}), Some(&admin)).await, 404);
    let q = "mutation($o: String!) { createOrg(name: \" \") { id } addNodeV2(orgId: $o, name: \"\") { id } }";
    assert_eq!(t.code(q, json!({"o": org}), Some(&admin)).await, 400);
}

/// Sets up Acme (root ─ dev ─ backend, root ─ ops) and users u1, u2, u3.
async fn company(t: &T, admin: &str) -> (String, [String; 4], [String; 3]) {
    let (org, root) = create_org(t, admin, "Acme", "acme").await;
    let dev = id(&add_node(t, admin, &org, None, "Dev", "dev").await);
    let backend = id(&add_node(t, admin, &org, Some(&dev), "Backend", "backend").await);
    let ops = id(&add_node(t, admin, &org, None, "Ops", "ops").await);
    let mut users = Vec::new();
    for u in ["u1", "u2", "u3"] {
        users.push(t.create_user(admin, json!({"username": u})).await);
    }
    (org, [root, dev, backend, ops], users.try_into().unwrap())
}

async fn member_ids(t: &T, admin: &str, node: &str, args: &str) -> (i64, Vec<String>) {
    let q = format!(
        "query($id: String!) {{ nodeById(id: $id) {{ users{args} {{ totalCount list {{ id }} }} }} }}"
    );
    let d = t.ok(&q, json!({"id": node}), Some(admin)).await;
    let u = &d["nodeById"]["users"];
    let ids = u["list"].as_array().unwrap().iter().map(id).collect();
    (u["totalCount"].as_i64().unwrap(), ids)
}

async fn departments(t: &T, admin: &str, user: &str, org: Option<&str>) -> Vec<(String, bool)> {
    let d = t
        .ok(
            "query($id: String, $o: String) { user(id: $id) { departments(orgId: $o) { totalCount list { department { id } isMainDepartment joinedAt } } } }",
            json!({"id": user, "o": org}),
            Some(admin),
        )
        .await;
    let deps = &d["user"]["departments"];
    let list = deps["list"].as_array().unwrap();
    assert_eq!(deps["totalCount"].as_u64().unwrap() as usize, list.len());
    list.iter()
        .map(|x| {
            assert!(x["joinedAt"].is_string(), "{x}");
            (
                id(&x["department"]),
                x["isMainDepartment"].as_bool().unwrap(),
            )
        })
        .collect()
}

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

async fn node_roles(t: &T, admin: &str, node: &str, ns: Option<&str>) -> Vec<String> {
    let d = t
        .ok(
            "query($id: String!, $ns: String) { nodeById(id: $id) { roles(namespace: $ns) { totalCount list { code } } } }",
            json!({"id": node, "ns": ns}),
            Some(admin),
        )
        .await;
    let r = &d["nodeById"]["roles"];
    let codes: Vec<String> = r["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(r["totalCount"].as_u64().unwrap() as usize, codes.len());
    codes
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

/// The parts of an exported tree an import keeps (no ids, times or org ids).
fn shape(n: &Value) -> Value {
    json!({
        "name": n["name"], "code": n["code"], "description": n["description"],
        "nameI18n": n["nameI18n"], "descriptionI18n": n["descriptionI18n"], "order": n["order"],
        "depth": n["depth"], "root": n["root"],
        "members": n["members"].as_array().unwrap().iter().map(|m| m["id"].clone()).collect::<Vec<_>>(),
        "children": n["children"].as_array().unwrap().iter().map(shape).collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn export_import_round_trip() {
    let t = common::start().await;
    let admin = t.admin().await;
    let (org, [root, dev, backend, ops], [u1, u2, _]) = company(&t, &admin).await;
    let add = "mutation($n: String!, $u: [String!]!) { addMember(nodeId: $n, userIds: $u) { id } }";
    t.ok(add, json!({"n": backend, "u": [u1, u2]}), Some(&admin))
        .await;
    t.ok(add, json!({"n": ops, "u": [u2]}), Some(&admin)).await;

    let v = t
        .rest_get(&format!("/api/v2/orgs/export?org_id={org}"), Some(&admin))
        .await;
    assert_eq!(v["code"], 200, "{v}");
    let tree = v["data"].clone();
    assert_eq!(tree["id"], json!(root));
    assert_eq!(tree["orgId"], json!(org));
    assert_eq!(tree["userPoolId"], json!(t.emu.user_pool_id()));
    assert_eq!(
        (tree["root"].clone(), tree["depth"].clone()),
        (json!(true), json!(0))
    );
    assert_eq!(tree["children"][0]["id"], json!(dev));
    assert_eq!(
        tree["children"][0]["children"][0]["members"][0]["username"],
        "u1"
    );
    assert_eq!(
        tree["children"][0]["children"][0]["members"][0]["password"],
        Value::Null
    );
    assert_eq!(
        shape(&tree),
        json!({"name": "Acme", "code": "acme", "description": "d", "nameI18n": null, "descriptionI18n": null, "order": null,
               "depth": 0, "root": true, "members": [], "children": [
            {"name": "Dev", "code": "dev", "description": null, "nameI18n": null, "descriptionI18n": null, "order": null,
             "depth": 1, "root": false, "members": [], "children": [
                {"name": "Backend", "code": "backend", "description": null, "nameI18n": null, "descriptionI18n": null, "order": null,
                 "depth": 2, "root": false, "members": [u1, u2], "children": []}]},
            {"name": "Ops", "code": "ops", "description": null, "nameI18n": null, "descriptionI18n": null, "order": null,
             "depth": 1, "root": false, "members": [u2], "children": []}]})
    );

    // the exported tree imports as an equal tree in a new org
    let v = t
        .rest_post(
            "/api/v2/orgs/import",
            json!({"filetype": "json", "file": tree}),
            Some(&admin),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    let imported = v["data"].clone();
    assert_ne!(imported["orgId"], json!(org));
    assert_ne!(imported["id"], json!(root));
    assert_eq!(shape(&imported), shape(&tree));
    let new_org = imported["orgId"].as_str().unwrap().to_string();
    let v = t
        .rest_get(
            &format!("/api/v2/orgs/export?org_id={new_org}"),
            Some(&admin),
        )
        .await;
    assert_eq!(
        v["data"], imported,
        "export of the imported org = import answer"
    );
    // the imported org is a real org
    let d = t
        .ok(
            "query($o: String!) { org(id: $o) { nodes { codePath } } }",
            json!({"o": new_org}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["org"]["nodes"][2]["codePath"],
        json!(["acme", "dev", "backend"])
    );
    assert_eq!(departments(&t, &admin, &u2, Some(&new_org)).await.len(), 2);

    // all orgs: an array, oldest first; it imports too, also as JSON text
    let v = t.rest_get("/api/v2/orgs/export", Some(&admin)).await;
    let all = v["data"].clone();
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(shape(&all[0]), shape(&tree));
    let v = t
        .rest_post(
            "/api/v2/orgs/import",
            json!({"filetype": "json", "file": all.to_string()}),
            Some(&admin),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(shape)
            .collect::<Vec<_>>(),
        all.as_array()
            .unwrap()
            .iter()
            .map(shape)
            .collect::<Vec<_>>()
    );
    // the documented minimal form
    let file = json!({"name": "Co", "code": "co", "children": [{"code": "dev", "name": "研发", "description": "研发部门", "children": [{"code": "backend", "name": "后端"}]}]});
    let v = t
        .rest_post(
            "/api/v2/orgs/import",
            json!({"filetype": "json", "file": file}),
            Some(&admin),
        )
        .await;
    assert_eq!(v["data"]["children"][0]["children"][0]["name"], "后端");
    assert_eq!(v["data"]["children"][0]["children"][0]["depth"], 2);

    // failures import nothing
    let count = || async {
        t.rest_get("/api/v2/orgs/export", Some(&admin)).await["data"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = count().await;
    for (file, code) in [
        (
            json!({"name": "A", "code": "x", "children": [{"name": "B", "code": "x"}]}),
            409,
        ),
        (json!({"name": "A", "members": ["nobody"]}), 2004),
        (json!({"name": "A", "children": [{"code": "no-name"}]}), 400),
        (json!("not json"), 400),
        (json!(3), 400),
    ] {
        let v = t
            .rest_post(
                "/api/v2/orgs/import",
                json!({"filetype": "json", "file": file}),
                Some(&admin),
            )
            .await;
        assert_eq!(v["code"], code, "{file}: {v}");
    }
    let v = t
        .rest_post(
            "/api/v2/orgs/import",
            json!({"filetype": "csv", "file": {"name": "A"}}),
            Some(&admin),
        )
        .await;
    assert_eq!(v["code"], 400);
    assert_eq!(count().await, before);
    let v = t
        .rest_get("/api/v2/orgs/export?org_id=nope", Some(&admin))
        .await;
    assert_eq!(v["code"], 404);
}

#[tokio::test]
async fn orgs_survive_a_restart() {
    let path = std::env::temp_dir().join(format!(
        "authing-emu-orgs-{}-{}.json",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let (org, nodes, users, before) = {
        let t = common::wrap(
            Emulator::builder()
                .data_file(path.clone())
                .start()
                .await
                .unwrap(),
        );
        let admin = t.admin().await;
        let (org, nodes, users) = company(&t, &admin).await;
        let [_, dev, backend, _] = &nodes;
        t.ok("mutation($n: String!, $u: [String!]!) { addMember(nodeId: $n, userIds: $u, isLeader: true) { id } }", json!({"n": backend, "u": [users[0]]}), Some(&admin)).await;
        t.ok("mutation($u: String!, $d: String) { setMainDepartment(userId: $u, departmentId: $d) { code } }", json!({"u": users[0], "d": backend}), Some(&admin)).await;
        t.ok(
            "mutation { createRole(code: \"lead\") { id } }",
            json!({}),
            Some(&admin),
        )
        .await;
        t.ok(
            "mutation($n: [String!]) { assignRole(roleCode: \"lead\", nodeCodes: $n) { code } }",
            json!({"n": [dev]}),
            Some(&admin),
        )
        .await;
        let before = t.rest_get("/api/v2/orgs/export", Some(&admin)).await["data"].clone();
        (org, nodes, users, before)
    };
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(snap["orgs"][0]["id"], json!(org));
    assert_eq!(snap["orgs"][0]["nodes"].as_array().unwrap().len(), 4);

    let t = common::wrap(
        Emulator::builder()
            .data_file(path.clone())
            .start()
            .await
            .unwrap(),
    );
    let admin = t.admin().await;
    let [root, dev, backend, _] = &nodes;
    assert_eq!(
        t.rest_get("/api/v2/orgs/export", Some(&admin)).await["data"],
        before
    );
    assert_eq!(
        node(&t, &admin, backend).await["path"],
        json!([root, dev, backend])
    );
    assert_eq!(
        departments(&t, &admin, &users[0], None).await,
        [(backend.clone(), true)]
    );
    assert_eq!(node_roles(&t, &admin, backend, None).await, ["lead"]);
    drop(t);
    let _ = std::fs::remove_file(&path);
}
