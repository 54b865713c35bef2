//! `client.org()`.

use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

const ORG_ID: &str = "601f59573abea48cceb188c6";

#[tokio::test]
async fn create_list_find_and_tree() {
    let (org, vars) = call(&CREATE_ORG, org_json(), |c| async move {
        c.org().create("Tech", Some("tech"), None).await
    })
    .await;
    assert_eq!(vars, json!({"name": "Tech", "code": "tech"}));
    assert_eq!(org.root_node.name, "Tech");
    assert_eq!(org.nodes.len(), 4);

    let (page, vars) = call(&ORGS, page(vec![org_json()]), |c| async move {
        c.org().list(&ListOptions::new(1, 5)).await
    })
    .await;
    assert_eq!(vars, json!({"page": 1, "limit": 5}));
    let tree = page.list[0].tree();
    assert_eq!(tree.node.id, "root");
    let kids: Vec<_> = tree.children.iter().map(|t| t.node.name.as_str()).collect();
    assert_eq!(kids, ["Dev", "Ops"]);
    assert_eq!(tree.children[0].children[0].node.id, "backend");
    assert_eq!(tree.iter().count(), 4);

    let (found, vars) = call(&ORG, org_json(), |c| async move {
        c.org().find_by_id(ORG_ID).await
    })
    .await;
    assert_eq!(vars, json!({"id": ORG_ID}));
    let found = found.unwrap();
    assert_eq!(found.nodes[1].code_path, [None, Some("dev".to_owned())]);
    assert_eq!(
        found.nodes[1].children.as_deref(),
        Some(&["backend".to_owned()][..])
    );

    let (msg, vars) = call(&DELETE_ORG, ok_message(), |c| async move {
        c.org().delete_by_id(ORG_ID).await
    })
    .await;
    assert!(msg.is_ok());
    assert_eq!(vars, json!({"id": ORG_ID}));
}

#[tokio::test]
async fn nodes() {
    let (node, vars) = call(&ADD_NODE_V2, node_json("dev", "Dev", &[]), |c| async move {
        let o = CreateNodeOptions {
            code: Some("dev".into()),
            order: Some(3),
            ..Default::default()
        };
        c.org().create_node(ORG_ID, "root", "Dev", &o).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"orgId": ORG_ID, "parentNodeId": "root", "name": "Dev", "code": "dev", "order": 3})
    );
    assert_eq!(node.depth, Some(1));

    let (n, vars) = call(&NODE_BY_ID, node_json("dev", "Dev", &[]), |c| async move {
        c.org().get_node_by_id("dev").await
    })
    .await;
    assert_eq!(vars, json!({"id": "dev"}));
    assert!(n.is_some());
    let (n, _) = call(&NODE_BY_ID, Value::Null, |c| async move {
        c.org().get_node_by_id("ghost").await
    })
    .await;
    assert!(n.is_none());

    let (n, vars) = call(
        &UPDATE_NODE,
        node_json("dev", "Research", &[]),
        |c| async move {
            let u = UpdateNodeInput {
                name: Some("Research".into()),
                ..Default::default()
            };
            c.org().update_node("dev", &u).await
        },
    )
    .await;
    assert_eq!(vars, json!({"id": "dev", "name": "Research"}));
    assert_eq!(n.name, "Research");

    let (_, vars) = call(&DELETE_NODE, ok_message(), |c| async move {
        c.org().delete_node(ORG_ID, "dev").await
    })
    .await;
    assert_eq!(vars, json!({"orgId": ORG_ID, "nodeId": "dev"}));
    let (org, vars) = call(&MOVE_NODE, org_json(), |c| async move {
        c.org().move_node(ORG_ID, "backend", "ops").await
    })
    .await;
    assert_eq!(
        vars,
        json!({"orgId": ORG_ID, "nodeId": "backend", "targetParentId": "ops"})
    );
    assert_eq!(org.id, ORG_ID);
    let (root, vars) = call(&IS_ROOT_NODE, json!(true), |c| async move {
        c.org().is_root_node(ORG_ID, "root").await
    })
    .await;
    assert!(root);
    assert_eq!(vars, json!({"orgId": ORG_ID, "nodeId": "root"}));
    let (kids, vars) = call(
        &CHILDREN_NODES,
        json!([node_json("backend", "Backend", &[])]),
        |c| async move { c.org().list_children("dev").await },
    )
    .await;
    assert_eq!(vars, json!({"nodeId": "dev"}));
    assert_eq!(kids[0].id, "backend");
    let (root, vars) = call(
        &ROOT_NODE,
        node_json("root", "Tech", &["dev"]),
        |c| async move { c.org().root_node(ORG_ID).await },
    )
    .await;
    assert_eq!(vars, json!({"orgId": ORG_ID}));
    assert_eq!(root.root, Some(true));
    let (found, vars) = call(
        &SEARCH_NODES,
        json!([node_json("dev", "Dev", &[])]),
        |c| async move { c.org().search_nodes("De").await },
    )
    .await;
    assert_eq!(vars, json!({"keyword": "De"}));
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn members_and_main_department() {
    let (node, vars) = call(&ADD_MEMBER, node_json("dev", "Dev", &[]), |c| async move {
        c.org().add_members("dev", ["u1", "u2"]).await
    })
    .await;
    assert_eq!(vars, json!({"nodeId": "dev", "userIds": ["u1", "u2"]}));
    assert_eq!(node.id, "dev");
    let (_, vars) = call(
        &REMOVE_MEMBER,
        node_json("dev", "Dev", &[]),
        |c| async move { c.org().delete_members("dev", ["u1"]).await },
    )
    .await;
    assert_eq!(vars, json!({"nodeId": "dev", "userIds": ["u1"]}));
    let (users, vars) = call(
        &NODE_BY_ID_WITH_MEMBERS,
        json!({"users": page(vec![readme_user()])}),
        |c| async move {
            let o = ListMembersOptions {
                include_children_nodes: Some(true),
                ..Default::default()
            };
            c.org().list_members("root", &o).await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"id": "root", "page": 1, "limit": 10, "includeChildrenNodes": true})
    );
    assert_eq!(users.total_count, 1);
    let (server, client) = env().await;
    gql_mock(&NODE_BY_ID_WITH_MEMBERS)
        .respond_with(data(&NODE_BY_ID_WITH_MEMBERS, Value::Null))
        .mount(&server)
        .await;
    let e = client
        .org()
        .list_members("ghost", &Default::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(500));

    let (msg, vars) = call(&MOVE_MEMBERS, Value::Null, |c| async move {
        c.org().move_members(["u1"], "ops", "dev").await
    })
    .await;
    assert!(msg.is_ok(), "a null answer is a success");
    assert_eq!(
        vars,
        json!({"userIds": ["u1"], "sourceNodeId": "dev", "targetNodeId": "ops"})
    );
    let (_, vars) = call(&SET_MAIN_DEPARTMENT, ok_message(), |c| async move {
        c.org().set_main_department("u1", Some("dev")).await
    })
    .await;
    assert_eq!(vars, json!({"userId": "u1", "departmentId": "dev"}));
    let e = gql_error(&SET_MAIN_DEPARTMENT, 2004, "用户不存在", |c| async move {
        c.org().set_main_department("ghost", None).await
    })
    .await;
    assert!(e.is_user_not_found());
}

#[tokio::test]
async fn node_roles_and_resources() {
    let (_, vars) = call(&ASSIGN_ROLE, ok_message(), |c| async move {
        c.org()
            .add_roles("dev", ["editor"], Some("books-app"))
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"nodeCodes": ["dev"], "roleCodes": ["editor"], "namespace": "books-app"})
    );
    let (_, vars) = call(&REVOKE_ROLE, Value::Null, |c| async move {
        c.org().remove_roles("dev", ["editor"], None).await
    })
    .await;
    assert_eq!(vars, json!({"nodeCodes": ["dev"], "roleCodes": ["editor"]}));
    let (roles, vars) = call(
        &GET_NODE_ROLES,
        json!({"roles": page(vec![role_json("editor")])}),
        |c| async move { c.org().list_roles("dev", None).await },
    )
    .await;
    assert_eq!(vars, json!({"id": "dev"}));
    assert_eq!(roles.list[0].code, "editor");
    let (page, vars) = call(
        &LIST_NODE_BY_ID_AUTHORIZED_RESOURCES,
        json!({"authorizedResources": authorized_page()}),
        |c| async move {
            c.org()
                .list_authorized_resources("dev", Some("books-app"), None)
                .await
        },
    )
    .await;
    assert_eq!(vars, json!({"id": "dev", "namespace": "books-app"}));
    assert_eq!(page.total_count, 3);
    let (_, vars) = call(
        &LIST_NODE_BY_CODE_AUTHORIZED_RESOURCES,
        json!({"authorizedResources": authorized_page()}),
        |c| async move {
            c.org()
                .list_authorized_resources_by_code(ORG_ID, "dev", None, Some(ResourceType::Api))
                .await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"orgId": ORG_ID, "code": "dev", "resourceType": "API"})
    );
}

fn exported() -> Value {
    json!({
        "id": "root", "orgId": ORG_ID, "name": "Tech", "code": "tech", "depth": 0, "root": true,
        "userPoolId": POOL, "members": [],
        "children": [
            {"id": "dev", "orgId": ORG_ID, "name": "Dev", "code": "dev", "description": "R&D", "depth": 1, "root": false,
             "members": [readme_user()],
             "children": [{"id": "backend", "name": "Backend", "code": null, "children": [], "members": null}]},
            {"id": "ops", "name": "Ops", "children": null}
        ]
    })
}

#[tokio::test]
async fn export_and_import_round_trip() {
    let (all, sent) = rest_call(
        "GET",
        "/api/v2/orgs/export",
        envelope(json!([exported()])),
        |c| async move { c.org().export_all().await },
    )
    .await;
    assert!(sent.query.is_empty());
    let all = all.unwrap();
    assert_eq!(all[0].children[0].members.len(), 1);
    assert_eq!(all[0].children[0].children[0].name, "Backend");

    let (one, sent) = rest_call(
        "GET",
        "/api/v2/orgs/export",
        envelope(exported()),
        |c| async move { c.org().export_by_org_id(ORG_ID).await },
    )
    .await;
    assert_eq!(sent.query, [("org_id".into(), ORG_ID.into())]);
    let import = OrgImportNode::from(&one.unwrap());
    let expected = OrgImportNode::new("Tech")
        .with_code("tech")
        .with_child(
            OrgImportNode::new("Dev")
                .with_code("dev")
                .with_description("R&D")
                .with_child(OrgImportNode::new("Backend")),
        )
        .with_child(OrgImportNode::new("Ops"));
    assert_eq!(import, expected);

    let (ok, sent) = rest_call(
        "POST",
        "/api/v2/orgs/import",
        envelope(json!([])),
        |c| async move { c.org().import_by_json(&import).await },
    )
    .await;
    ok.unwrap();
    assert_eq!(
        sent.body,
        Some(
            json!({"filetype": "json", "file": {"name": "Tech", "code": "tech", "children": [
            {"name": "Dev", "code": "dev", "description": "R&D", "children": [{"name": "Backend"}]},
            {"name": "Ops"}]}})
        )
    );
    rejected(|c| async move {
        c.org()
            .import_by_json(&OrgImportNode::new("A").with_child(OrgImportNode::new(" ")))
            .await
    })
    .await;
    let (e, _) = rest_call(
        "GET",
        "/api/v2/orgs/export",
        rest_error(2011, "组织机构不存在"),
        |c| async move { c.org().export_by_org_id("ghost").await },
    )
    .await;
    assert_eq!(e.unwrap_err().code(), Some(2011));
}
