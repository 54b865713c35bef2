//! Organizations over HTTP: org trees, members and main departments, roles on nodes,
//! node search, import/export, `users/{id}/orgs`, errors, cascades and the data file.

#[path = "../common/mod.rs"]
mod common;

mod io;
mod members;
mod tree;

use common::T;
use serde_json::{Value, json};

pub(crate) const NODE: &str =
    "id orgId name code description root depth path codePath namePath children";

pub(crate) async fn create_org(t: &T, admin: &str, name: &str, code: &str) -> (String, String) {
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

pub(crate) async fn add_node(
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

pub(crate) async fn node(t: &T, admin: &str, id: &str) -> Value {
    let q = format!("query($id: String!) {{ nodeById(id: $id) {{ {NODE} }} }}");
    t.ok(&q, json!({"id": id}), Some(admin)).await["nodeById"].clone()
}

pub(crate) fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// Sets up Acme (root ─ dev ─ backend, root ─ ops) and users u1, u2, u3.
pub(crate) async fn company(t: &T, admin: &str) -> (String, [String; 4], [String; 3]) {
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

pub(crate) async fn member_ids(t: &T, admin: &str, node: &str, args: &str) -> (i64, Vec<String>) {
    let q = format!(
        "query($id: String!) {{ nodeById(id: $id) {{ users{args} {{ totalCount list {{ id }} }} }} }}"
    );
    let d = t.ok(&q, json!({"id": node}), Some(admin)).await;
    let u = &d["nodeById"]["users"];
    let ids = u["list"].as_array().unwrap().iter().map(id).collect();
    (u["totalCount"].as_i64().unwrap(), ids)
}

pub(crate) async fn departments(
    t: &T,
    admin: &str,
    user: &str,
    org: Option<&str>,
) -> Vec<(String, bool)> {
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

pub(crate) async fn node_roles(t: &T, admin: &str, node: &str, ns: Option<&str>) -> Vec<String> {
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
