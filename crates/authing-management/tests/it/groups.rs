//! `client.groups()`.

use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

fn group_json(code: &str) -> Value {
    json!({"code": code, "name": "Readers", "description": "may read",
           "createdAt": "2021-03-11T20:52:50+08:00", "updatedAt": null, "later": true})
}

#[tokio::test]
async fn list_sends_paging_and_decodes_groups() {
    let (page, vars) = call(&GROUPS, page(vec![group_json("readers")]), |c| async move {
        c.groups().list(&ListOptions::new(2, 5)).await
    })
    .await;
    assert_eq!(vars, json!({"page": 2, "limit": 5}));
    assert_eq!(page.total_count, 1);
    let g = &page.list[0];
    assert_eq!((g.code.as_str(), g.name.as_str()), ("readers", "Readers"));
    assert_eq!(g.description.as_deref(), Some("may read"));
    assert!(g.updated_at.is_none());
}

#[tokio::test]
async fn create_detail_update() {
    let (g, vars) = call(&CREATE_GROUP, group_json("readers"), |c| async move {
        c.groups()
            .create("readers", "Readers", Some("may read"))
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"code": "readers", "name": "Readers", "description": "may read"})
    );
    assert_eq!(g.code, "readers");
    let (_, vars) = call(&CREATE_GROUP, group_json("x"), |c| async move {
        c.groups().create("x", "X", None).await
    })
    .await;
    assert_eq!(vars, json!({"code": "x", "name": "X"}));

    let (found, vars) = call(&GROUP, group_json("readers"), |c| async move {
        c.groups().detail("readers").await
    })
    .await;
    assert_eq!(vars, json!({"code": "readers"}));
    assert_eq!(found.unwrap().name, "Readers");
    let (none, _) = call(&GROUP, Value::Null, |c| async move {
        c.groups().detail("ghost").await
    })
    .await;
    assert!(none.is_none());

    let (g, vars) = call(&UPDATE_GROUP, group_json("book-readers"), |c| async move {
        let input = UpdateGroupInput {
            new_code: Some("book-readers".into()),
            name: Some("Book readers".into()),
            ..Default::default()
        };
        c.groups().update("readers", &input).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"code": "readers", "newCode": "book-readers", "name": "Book readers"})
    );
    assert_eq!(g.code, "book-readers");
}

#[tokio::test]
async fn delete_and_delete_many_send_code_lists() {
    let (msg, vars) = call(&DELETE_GROUPS, ok_message(), |c| async move {
        c.groups().delete("readers").await
    })
    .await;
    assert_eq!(msg.code, Some(200));
    assert_eq!(vars, json!({"codeList": ["readers"]}));
    let (_, vars) = call(&DELETE_GROUPS, ok_message(), |c| async move {
        c.groups().delete_many(["a", "b"]).await
    })
    .await;
    assert_eq!(vars, json!({"codeList": ["a", "b"]}));
}

#[tokio::test]
async fn unknown_group_errors_come_back_typed() {
    let e = gql_error(&DELETE_GROUPS, 500, "分组 ghost 不存在", |c| async move {
        c.groups().delete("ghost").await
    })
    .await;
    assert!(e.to_string().contains("ghost"), "{e}");
    // a CommonMessage with another code is an error too
    let (server, client) = env().await;
    gql_mock(&ADD_USER_TO_GROUP)
        .respond_with(data(
            &ADD_USER_TO_GROUP,
            json!({"code": 2004, "message": "用户不存在"}),
        ))
        .mount(&server)
        .await;
    let e = client
        .groups()
        .add_users("readers", ["nobody"])
        .await
        .unwrap_err();
    assert!(e.is_user_not_found(), "{e:?}");
}

#[tokio::test]
async fn members() {
    let (users, vars) = call(
        &GROUP_WITH_USERS,
        json!({"users": page(vec![readme_user()])}),
        |c| async move {
            c.groups()
                .list_users("readers", &ListOptions::new(1, 20))
                .await
        },
    )
    .await;
    assert_eq!(vars, json!({"code": "readers", "page": 1, "limit": 20}));
    assert_eq!(users.list.len(), 1);
    let (users, _) = call(&GROUP_WITH_USERS, Value::Null, |c| async move {
        c.groups().list_users("ghost", &Default::default()).await
    })
    .await;
    assert_eq!(users.total_count, 0);

    let (_, vars) = call(&ADD_USER_TO_GROUP, ok_message(), |c| async move {
        c.groups().add_users("readers", ["u1", "u2"]).await
    })
    .await;
    assert_eq!(vars, json!({"code": "readers", "userIds": ["u1", "u2"]}));
    let (_, vars) = call(&REMOVE_USER_FROM_GROUP, ok_message(), |c| async move {
        c.groups().remove_users("readers", ["u1"]).await
    })
    .await;
    assert_eq!(vars, json!({"code": "readers", "userIds": ["u1"]}));
}

#[tokio::test]
async fn authorized_resources_of_a_group() {
    let (page, vars) = call(
        &LIST_GROUP_AUTHORIZED_RESOURCES,
        json!({"authorizedResources": authorized_page()}),
        |c| async move {
            c.groups()
                .list_authorized_resources("readers", Some("books-app"), Some(ResourceType::Data))
                .await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"code": "readers", "namespace": "books-app", "resourceType": "DATA"})
    );
    assert_eq!(page.total_count, 3);
    assert_eq!(page.list[0].resource_type, Some(ResourceType::Menu));
    assert_eq!(page.list[0].actions, None);
    assert_eq!(
        page.list[1].actions.as_deref(),
        Some(&["books:delete".to_owned(), "books:update".to_owned()][..])
    );
    assert_eq!(
        page.list[2].resource_type,
        Some(ResourceType::Unknown("SOMETHING_NEW".into()))
    );
    let (server, client) = env().await;
    gql_mock(&LIST_GROUP_AUTHORIZED_RESOURCES)
        .respond_with(data(&LIST_GROUP_AUTHORIZED_RESOURCES, Value::Null))
        .mount(&server)
        .await;
    let e = client
        .groups()
        .list_authorized_resources("ghost", None, None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(500), "{e:?}");
}

#[tokio::test]
async fn blank_arguments_send_nothing() {
    rejected(|c| async move { c.groups().create(" ", "n", None).await }).await;
    rejected(|c| async move { c.groups().detail("").await }).await;
    rejected(|c| async move { c.groups().delete_many(Vec::<String>::new()).await }).await;
    rejected(|c| async move { c.groups().add_users("g", [""]).await }).await;
    rejected(|c| async move { c.groups().list(&ListOptions::new(0, 10)).await }).await;
}
