//! `client.whitelist()`.

use authing_management::operations::{ADD_WHITELIST, REMOVE_WHITELIST, UPDATE_USERPOOL, WHITELIST};
use authing_management::{Error, WhitelistType};
use serde_json::{Value, json};

use crate::common::*;

fn entry(value: &str) -> Value {
    json!({"createdAt": "2021-09-17T06:14:52+00:00", "updatedAt": "2021-09-17T06:14:52+00:00", "value": value})
}

#[tokio::test]
async fn list_sends_the_type() {
    let (list, vars) = call(
        &WHITELIST,
        json!([entry("xx2"), entry("xx2x")]),
        |c| async move { c.whitelist().list(WhitelistType::Username).await },
    )
    .await;
    assert_eq!(vars, json!({"type": "USERNAME"}));
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].value, "xx2x");
    assert_eq!(
        list[0].created_at.as_deref(),
        Some("2021-09-17T06:14:52+00:00")
    );
}

#[tokio::test]
async fn add_and_remove_send_the_list() {
    let (added, vars) = call(
        &ADD_WHITELIST,
        json!([entry("a@example.com"), null]),
        |c| async move {
            c.whitelist()
                .add(WhitelistType::Email, ["A@example.com", "b@example.com"])
                .await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"type": "EMAIL", "list": ["A@example.com", "b@example.com"]})
    );
    assert_eq!(added.len(), 1, "null items are skipped");
    assert_eq!(added[0].value, "a@example.com");
    let (removed, vars) = call(
        &REMOVE_WHITELIST,
        json!([entry("13800000000")]),
        |c| async move {
            c.whitelist()
                .remove(WhitelistType::Phone, vec!["13800000000".to_string()])
                .await
        },
    )
    .await;
    assert_eq!(vars, json!({"type": "PHONE", "list": ["13800000000"]}));
    assert_eq!(removed[0].value, "13800000000");
}

#[tokio::test]
async fn enable_and_disable_go_through_update_userpool() {
    let mut pool = userpool_json();
    pool["whitelist"] =
        json!({"phoneEnabled": false, "emailEnabled": true, "usernameEnabled": false});
    let (p, vars) = call(&UPDATE_USERPOOL, pool.clone(), |c| async move {
        c.whitelist().enable(WhitelistType::Email).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"input": {"whitelist": {"emailEnabled": true}}})
    );
    assert_eq!(p.whitelist.unwrap().email_enabled, Some(true));
    let (_, vars) = call(&UPDATE_USERPOOL, pool.clone(), |c| async move {
        c.whitelist().disable(WhitelistType::Username).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"input": {"whitelist": {"usernameEnabled": false}}})
    );
    let (_, vars) = call(&UPDATE_USERPOOL, pool, |c| async move {
        c.whitelist().enable(WhitelistType::Phone).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"input": {"whitelist": {"phoneEnabled": true}}})
    );
}

#[tokio::test]
async fn unknown_types_and_empty_lists_send_nothing() {
    rejected(|c| async move { c.whitelist().list("Email".parse().unwrap()).await }).await;
    rejected(|c| async move { c.whitelist().enable("Phone".parse().unwrap()).await }).await;
    rejected(|c| async move {
        c.whitelist()
            .add(WhitelistType::Email, Vec::<&str>::new())
            .await
    })
    .await;
    rejected(|c| async move { c.whitelist().remove(WhitelistType::Email, [" "]).await }).await;
}

#[tokio::test]
async fn a_service_error_is_an_api_error() {
    let (server, client) = env().await;
    gql_mock(&ADD_WHITELIST)
        .respond_with(api_error(2003, "邮箱格式不正确"))
        .mount(&server)
        .await;
    let e = client
        .whitelist()
        .add(WhitelistType::Email, ["nope"])
        .await
        .unwrap_err();
    assert!(matches!(&e, Error::Api(a) if a.code == 2003), "{e:?}");
}
