//! `client.roles()`.

use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn list_with_defaults_and_namespace() {
    let (roles, vars) = call(&ROLES, page(vec![role_json("editor")]), |c| async move {
        c.roles().list(&ListOptions::default()).await
    })
    .await;
    assert_eq!(vars, json!({"page": 1, "limit": 10}));
    let r = &roles.list[0];
    assert_eq!(
        (r.code.as_str(), r.namespace.as_str()),
        ("editor", "default")
    );
    assert_eq!(r.description.as_deref(), Some("Edits books"));
    let (_, vars) = call(&ROLES, page(vec![]), |c| async move {
        c.roles()
            .list(&ListOptions::new(3, 20).with_namespace("books"))
            .await
    })
    .await;
    assert_eq!(vars, json!({"namespace": "books", "page": 3, "limit": 20}));
}

#[tokio::test]
async fn create_really_sends_the_parent() {
    let (role, vars) = call(&CREATE_ROLE, role_json("editor"), |c| async move {
        let o = CreateRoleOptions {
            description: Some("Edits books".into()),
            parent: Some("staff".into()),
            namespace: Some("books".into()),
        };
        c.roles().create("editor", &o).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"code": "editor", "description": "Edits books", "parent": "staff", "namespace": "books"})
    );
    assert_eq!(role.parent.unwrap().code, "staff");
}

#[tokio::test]
async fn detail_update_delete() {
    let (role, vars) = call(&ROLE, role_json("editor"), |c| async move {
        c.roles().detail("editor", None).await
    })
    .await;
    assert_eq!(vars, json!({"code": "editor"}));
    assert!(role.is_some());
    let (none, _) = call(&ROLE, Value::Null, |c| async move {
        c.roles().detail("x", None).await
    })
    .await;
    assert!(none.is_none());
    let (role, vars) = call(&UPDATE_ROLE, role_json("writer"), |c| async move {
        let input = UpdateRoleInput {
            new_code: Some("writer".into()),
            ..Default::default()
        };
        c.roles().update("editor", &input).await
    })
    .await;
    assert_eq!(vars, json!({"code": "editor", "newCode": "writer"}));
    assert_eq!(role.code, "writer");
    let (msg, vars) = call(&DELETE_ROLE, ok_message(), |c| async move {
        c.roles().delete("editor", Some("books")).await
    })
    .await;
    assert!(msg.is_ok());
    assert_eq!(vars, json!({"code": "editor", "namespace": "books"}));
    let (_, vars) = call(&DELETE_ROLES, ok_message(), |c| async move {
        c.roles().delete_many(["a", "b"], None).await
    })
    .await;
    assert_eq!(vars, json!({"codeList": ["a", "b"]}));
    rejected(|c| async move { c.roles().create(" ", &Default::default()).await }).await;
}

#[tokio::test]
async fn users_of_a_role() {
    let (users, vars) = call(
        &ROLE_WITH_USERS,
        json!({"users": page(vec![readme_user()])}),
        |c| async move {
            c.roles()
                .list_users("editor", &ListOptions::default())
                .await
        },
    )
    .await;
    assert_eq!(vars, json!({"code": "editor", "page": 1, "limit": 10}));
    assert_eq!(users.list[0].username.as_deref(), Some("nhxcpzmklk"));
    let (empty, _) = call(&ROLE_WITH_USERS, Value::Null, |c| async move {
        c.roles().list_users("nope", &ListOptions::default()).await
    })
    .await;
    assert_eq!((empty.total_count, empty.list.len()), (0, 0));
    let (_, vars) = call(&ASSIGN_ROLE, ok_message(), |c| async move {
        c.roles()
            .add_users("editor", ["u1", "u2"], Some("books"))
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"roleCodes": ["editor"], "userIds": ["u1", "u2"], "namespace": "books"})
    );
    let (_, vars) = call(&REVOKE_ROLE, ok_message(), |c| async move {
        c.roles().remove_users("editor", ["u1"], None).await
    })
    .await;
    assert_eq!(vars, json!({"roleCodes": ["editor"], "userIds": ["u1"]}));
}

#[tokio::test]
async fn policies_of_a_role_target_role() {
    let (p, vars) = call(
        &POLICY_ASSIGNMENTS,
        page(vec![
            json!({"code": "p1", "targetType": "ROLE", "targetIdentifier": "editor"}),
        ]),
        |c| async move {
            c.roles()
                .list_policies("editor", &ListOptions::default())
                .await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "ROLE", "targetIdentifier": "editor", "page": 1, "limit": 10})
    );
    assert_eq!(p.list[0].target_type, PolicyAssignmentTargetType::Role);
    let (_, vars) = call(&ADD_POLICY_ASSIGNMENTS, ok_message(), |c| async move {
        c.roles().add_policies("editor", ["p1"], None).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"policies": ["p1"], "targetType": "ROLE", "targetIdentifiers": ["editor"]})
    );
    let (_, vars) = call(&REMOVE_POLICY_ASSIGNMENTS, ok_message(), |c| async move {
        c.roles()
            .remove_policies("editor", ["p1"], Some("books"))
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"policies": ["p1"], "targetType": "ROLE", "targetIdentifiers": ["editor"],
               "namespace": "books"})
    );
}
