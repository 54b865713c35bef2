//! `client.udf()`.

use authing_core::models::{UdfDataType, UdfTargetType};
use authing_management::operations::{REMOVE_UDF, SET_UDF, UDF};
use serde_json::json;

use crate::common::*;

fn field() -> serde_json::Value {
    json!({"targetType": "USER", "dataType": "NUMBER", "key": "age", "label": "Age", "options": null})
}

#[tokio::test]
async fn set_sends_the_definition() {
    let (f, vars) = call(&SET_UDF, field(), |c| async move {
        c.udf()
            .set(UdfTargetType::User, "age", UdfDataType::Number, "Age")
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "USER", "key": "age", "dataType": "NUMBER", "label": "Age"})
    );
    assert_eq!(f.key, "age");
    assert_eq!(f.data_type, UdfDataType::Number);
}

#[tokio::test]
async fn list_and_remove() {
    let (list, vars) = call(&UDF, json!([field()]), |c| async move {
        c.udf().list(UdfTargetType::User).await
    })
    .await;
    assert_eq!(vars, json!({"targetType": "USER"}));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].label.as_deref(), Some("Age"));
    let (msg, vars) = call(&REMOVE_UDF, ok_message(), |c| async move {
        c.udf().remove(UdfTargetType::User, "age").await
    })
    .await;
    assert_eq!(vars, json!({"targetType": "USER", "key": "age"}));
    assert!(msg.is_ok());
}

#[tokio::test]
async fn blank_key_is_rejected_before_any_request() {
    rejected(|c| async move {
        c.udf()
            .set(UdfTargetType::User, " ", UdfDataType::String, "x")
            .await
    })
    .await;
}
