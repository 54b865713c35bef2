//! `client.acl()`.

use authing_management::operations::*;
use authing_management::*;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn allow_to_user_or_role() {
    let (msg, vars) = call(&ALLOW, ok_message(), |c| async move {
        c.acl()
            .allow("books:123", "books:edit", &AllowOptions::user("u1"))
            .await
    })
    .await;
    assert!(msg.is_ok());
    assert_eq!(
        vars,
        json!({"resource": "books:123", "action": "books:edit", "userId": "u1"})
    );
    let (_, vars) = call(&ALLOW, ok_message(), |c| async move {
        let to = AllowOptions::role("editor").with_namespace("books");
        c.acl().allow("books:*", "books:*", &to).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"resource": "books:*", "action": "books:*", "roleCode": "editor", "namespace": "books"})
    );
}

#[tokio::test]
async fn allow_to_nobody_is_a_typed_error_before_any_request() {
    rejected(|c| async move {
        c.acl()
            .allow("books:1", "books:read", &AllowOptions::default())
            .await
    })
    .await;
    rejected(|c| async move {
        let to = AllowOptions {
            user_id: Some(" ".into()),
            ..Default::default()
        };
        c.acl().allow("books:1", "books:read", &to).await
    })
    .await;
}

#[tokio::test]
async fn is_allowed_and_is_denied() {
    let (allowed, vars) = call(&IS_ACTION_ALLOWED, json!(true), |c| async move {
        c.acl()
            .is_allowed("u1", "books:edit", "books:123", None)
            .await
    })
    .await;
    assert!(allowed);
    assert_eq!(
        vars,
        json!({"userId": "u1", "action": "books:edit", "resource": "books:123"})
    );
    let (denied, vars) = call(&IS_ACTION_DENIED, json!(false), |c| async move {
        c.acl()
            .is_denied("u1", "books:delete", "books:123", Some("books"))
            .await
    })
    .await;
    assert!(!denied);
    assert_eq!(
        vars,
        json!({"userId": "u1", "action": "books:delete", "resource": "books:123", "namespace": "books"})
    );
}
