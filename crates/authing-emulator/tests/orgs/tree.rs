//! Node trees: paths, rename, move (no cycles), delete with children, depth limit, errors.
use serde_json::{Value, json};

use crate::common;
use crate::*;

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

#[tokio::test]
async fn trees_have_at_most_50_levels() {
    let t = common::start().await;
    let admin = t.admin().await;
    let (org, root) = create_org(&t, &admin, "Deep", "deep").await;
    let side = id(&add_node(&t, &admin, &org, None, "Side", "side").await);
    let side_child = id(&add_node(&t, &admin, &org, Some(&side), "SideChild", "side-child").await);
    let mut parent = root.clone();
    for level in 2..=50 {
        let n = add_node(
            &t,
            &admin,
            &org,
            Some(&parent),
            &format!("L{level}"),
            &format!("l{level}"),
        )
        .await;
        assert_eq!(n["depth"], level - 1);
        parent = id(&n);
    }
    let q = "mutation($o: String!, $p: String) { addNodeV2(orgId: $o, parentNodeId: $p, name: \"L51\") { id } }";
    assert_eq!(
        t.code(q, json!({"o": org, "p": parent}), Some(&admin))
            .await,
        400
    );
    // a two-level subtree fits under level 48, not under level 49
    let mv = "mutation($o: String!, $n: String!, $p: String!) { moveNode(orgId: $o, nodeId: $n, targetParentId: $p) { id } }";
    let l = |code: &str| {
        let t = &t;
        let admin = &admin;
        let org = &org;
        let code = code.to_string();
        async move {
            id(&t
                .ok(
                    "query($o: String!, $c: String!) { nodeByCode(orgId: $o, code: $c) { id } }",
                    json!({"o": org, "c": code}),
                    Some(admin),
                )
                .await["nodeByCode"])
        }
    };
    let l49 = l("l49").await;
    let l48 = l("l48").await;
    assert_eq!(
        t.code(mv, json!({"o": org, "n": side, "p": l49}), Some(&admin))
            .await,
        400
    );
    t.ok(mv, json!({"o": org, "n": side, "p": l48}), Some(&admin))
        .await;
    assert_eq!(node(&t, &admin, &side_child).await["depth"], 49);
    // the deepest tree exports and imports again
    let v = t
        .rest_get(&format!("/api/v2/orgs/export?org_id={org}"), Some(&admin))
        .await;
    assert_eq!(v["code"], 200);
    let v = t
        .rest_post(
            "/api/v2/orgs/import",
            json!({"filetype": "json", "file": v["data"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
}
