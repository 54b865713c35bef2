//! `client.users()`: groups, departments, organizations, authorized resources,
//! permission checks; `client.roles().list_authorized_resources`.

use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn groups_of_a_user() {
    let (page, vars) = call(
        &GET_USER_GROUPS,
        json!({"groups": {"totalCount": 1, "list": [{"code": "readers", "name": "Readers", "description": null,
                                                       "createdAt": null, "updatedAt": null}]}}),
        |c| async move { c.users().list_groups("u1").await },
    )
    .await;
    assert_eq!(vars, json!({"id": "u1"}));
    assert_eq!(page.list[0].code, "readers");
    let (server, client) = env().await;
    gql_mock(&GET_USER_GROUPS)
        .respond_with(data(&GET_USER_GROUPS, Value::Null))
        .mount(&server)
        .await;
    assert!(
        client
            .users()
            .list_groups("ghost")
            .await
            .unwrap_err()
            .is_user_not_found()
    );

    let (_, vars) = call(&ADD_USER_TO_GROUP, ok_message(), |c| async move {
        c.users().add_group("u1", "readers").await
    })
    .await;
    assert_eq!(vars, json!({"userIds": ["u1"], "code": "readers"}));
    let (_, vars) = call(&REMOVE_USER_FROM_GROUP, ok_message(), |c| async move {
        c.users().remove_group("u1", "readers").await
    })
    .await;
    assert_eq!(vars, json!({"userIds": ["u1"], "code": "readers"}));
}

#[tokio::test]
async fn departments_and_orgs_of_a_user() {
    let (page, vars) = call(
        &GET_USER_DEPARTMENTS,
        json!({"departments": {"totalCount": 1, "list": [
            {"department": node_json("dev", "Dev", &[]), "isMainDepartment": true, "joinedAt": "2021-02-07T03:07:03.822Z"}]}}),
        |c| async move { c.users().list_department("u1", Some("org1")).await },
    )
    .await;
    assert_eq!(vars, json!({"id": "u1", "orgId": "org1"}));
    assert!(page.list[0].is_main_department);
    assert_eq!(page.list[0].department.name, "Dev");

    let (paths, sent) = rest_call(
        "GET",
        "/api/v2/users/u%201/orgs",
        envelope(json!([[
            {"type": "org", "id": "org1", "rootNodeId": "root", "logo": null},
            typed("node", node_json("root", "Tech", &["dev"])),
            typed("node", node_json("dev", "Dev", &[]))
        ]])),
        |c| async move { c.users().list_org("u 1").await },
    )
    .await;
    let paths = paths.unwrap();
    assert_eq!(
        paths[0].iter().map(|n| n.id().unwrap()).collect::<Vec<_>>(),
        ["org1", "root", "dev"]
    );
    assert!(
        matches!(&paths[0][0], authing_core::models::OrgPathStep::Org(o) if o.root_node_id.as_deref() == Some("root"))
    );
    assert_eq!(paths[0][2].as_node().unwrap().name, "Dev");
    assert!(sent.body.is_none());
}

#[tokio::test]
async fn authorized_resources_of_users_and_roles() {
    let (page, vars) = call(
        &LIST_USER_AUTHORIZED_RESOURCES,
        json!({"authorizedResources": authorized_page()}),
        |c| async move {
            c.users()
                .list_authorized_resources("u1", Some("books-app"), Some(ResourceType::Data))
                .await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"id": "u1", "namespace": "books-app", "resourceType": "DATA"})
    );
    assert_eq!(page.list[1].code, "books:1");
    let (server, client) = env().await;
    gql_mock(&LIST_USER_AUTHORIZED_RESOURCES)
        .respond_with(data(&LIST_USER_AUTHORIZED_RESOURCES, Value::Null))
        .mount(&server)
        .await;
    let e = client
        .users()
        .list_authorized_resources("ghost", None, None)
        .await
        .unwrap_err();
    assert!(e.is_user_not_found(), "{e:?}");

    let (page, vars) = call(
        &LIST_ROLE_AUTHORIZED_RESOURCES,
        json!({"authorizedResources": authorized_page()}),
        |c| async move {
            c.roles()
                .list_authorized_resources("editor", Some("books-app"), None)
                .await
        },
    )
    .await;
    assert_eq!(vars, json!({"code": "editor", "namespace": "books-app"}));
    assert_eq!(page.total_count, 3);
    let (server, client) = env().await;
    gql_mock(&LIST_ROLE_AUTHORIZED_RESOURCES)
        .respond_with(data(&LIST_ROLE_AUTHORIZED_RESOURCES, Value::Null))
        .mount(&server)
        .await;
    let e = client
        .roles()
        .list_authorized_resources("ghost", None, None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(500));
}

#[tokio::test]
async fn permission_checks_over_rest() {
    let (list, sent) = rest_call(
        "POST",
        "/api/v2/acl/check-resource-permission-batch",
        envelope(json!([{"code": "books:1", "actions": ["books:read"]}, {"code": "books:*", "actions": null}])),
        |c| async move { c.users().check_resource_permission_batch("u1", "books-app", ["books:1", "books:*", "books:2"]).await },
    )
    .await;
    assert_eq!(
        sent.body,
        Some(
            json!({"userId": "u1", "namespace": "books-app", "resources": ["books:1", "books:*", "books:2"]})
        )
    );
    let list = list.unwrap();
    assert_eq!(list[0].actions, ["books:read"]);
    assert!(list[1].actions.is_empty());

    let (list, sent) = rest_call(
        "POST",
        "/api/v2/acl/get-authorized-resources-of-resource-kind",
        envelope(json!([{"code": "books:1", "actions": ["books:read"]}, {"code": "books:2", "actions": ["books:edit"]}])),
        |c| async move { c.users().list_authorized_resources_of_resource_kind("u1", "books-app", "books").await },
    )
    .await;
    assert_eq!(
        sent.body,
        Some(json!({"userId": "u1", "namespace": "books-app", "resource": "books"}))
    );
    assert_eq!(list.unwrap().len(), 2);

    let (has, sent) = rest_call(
        "GET",
        "/api/v2/users/u1/has-role",
        envelope(json!(true)),
        |c| async move { c.users().has_role("u1", "editor", Some("books-app")).await },
    )
    .await;
    assert!(has.unwrap());
    assert_eq!(
        sent.query,
        [
            ("code".into(), "editor".into()),
            ("namespace".into(), "books-app".into())
        ]
    );
    let (e, _) = rest_call(
        "GET",
        "/api/v2/users/ghost/has-role",
        rest_error(2004, "用户不存在"),
        |c| async move { c.users().has_role("ghost", "editor", None).await },
    )
    .await;
    assert!(e.unwrap_err().is_user_not_found());
    let (e, _) = rest_call(
        "POST",
        "/api/v2/acl/check-resource-permission-batch",
        rest_error(3003, "权限分组不存在"),
        |c| async move {
            c.users()
                .check_resource_permission_batch("u1", "ghost-ns", ["books:1"])
                .await
        },
    )
    .await;
    assert_eq!(e.unwrap_err().code(), Some(3003));
    rejected(|c| async move {
        c.users()
            .check_resource_permission_batch("u1", "ns", Vec::<String>::new())
            .await
    })
    .await;
    rejected(|c| async move { c.users().has_role("", "editor", None).await }).await;
}

/// `value` with a `type` member, as the service marks the steps of an org path.
fn typed(kind: &str, mut value: Value) -> Value {
    value["type"] = kind.into();
    value
}
