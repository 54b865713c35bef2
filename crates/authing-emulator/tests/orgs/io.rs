//! Export/import round trip and the data file.
use serde_json::{Value, json};

use authing_emulator::Emulator;

use crate::common;
use crate::*;

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
