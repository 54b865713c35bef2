//! Typed custom values: `udf().list_udf_value / set_udf_value_batch`, the `users()`
//! and `roles()` families. Values go out as JSON text and come back typed.

use authing_core::models::{UdfDataType, UdfTargetType};
use authing_management::operations::{
    REMOVE_UDV, SET_UDF_VALUE_BATCH, SET_UDV, SET_UDV_BATCH, UDF_VALUE_BATCH, UDV,
};
use authing_management::{Error, UdfValue};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::common::*;

const UID: &str = "60b4a1c2d3e4f5a6b7c8d9e1";
const RID: &str = "60b4a1c2d3e4f5a6b7c8d9e2";

/// A `udv` answer with one value of every data type, as the service returns them.
fn all_types() -> Value {
    json!([
        {"key": "school", "dataType": "STRING", "value": "ucla", "label": "School"},
        {"key": "age", "dataType": "NUMBER", "value": "18", "label": "Age"},
        {"key": "vip", "dataType": "BOOLEAN", "value": "true", "label": null},
        {"key": "since", "dataType": "DATETIME", "value": "1700000000000", "label": "Since"},
        {"key": "prefs", "dataType": "OBJECT", "value": "{\"favorColor\":\"red\"}", "label": "Prefs"}
    ])
}

#[tokio::test]
async fn list_udv_decodes_each_value_by_its_type() {
    let (list, vars) = call(&UDV, all_types(), |c| async move {
        c.users().list_udv(UID).await
    })
    .await;
    assert_eq!(vars, json!({"targetType": "USER", "targetId": UID}));
    assert_eq!(list.len(), 5);
    assert_eq!(list[0].value, UdfValue::from("ucla"));
    assert_eq!(list[0].label.as_deref(), Some("School"));
    assert_eq!(list[1].value.as_f64(), Some(18.0));
    assert_eq!(list[2].value.as_bool(), Some(true));
    assert_eq!(list[2].data_type, UdfDataType::Boolean);
    assert_eq!(
        list[3].value.as_datetime(),
        Some(OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap())
    );
    assert_eq!(
        list[4].value.as_object(),
        Some(&json!({"favorColor": "red"}))
    );
}

#[tokio::test]
async fn get_udf_value_is_a_map_and_udf_list_udf_value_any_target() {
    let (map, vars) = call(&UDV, all_types(), |c| async move {
        c.users().get_udf_value(UID).await
    })
    .await;
    assert_eq!(vars, json!({"targetType": "USER", "targetId": UID}));
    assert_eq!(map["age"], UdfValue::Number(18.0));
    assert_eq!(map["school"].as_str(), Some("ucla"));
    let (list, vars) = call(&UDV, json!([]), |c| async move {
        c.udf().list_udf_value(UdfTargetType::Org, "org-1").await
    })
    .await;
    assert_eq!(vars, json!({"targetType": "ORG", "targetId": "org-1"}));
    assert!(list.is_empty());
}

#[tokio::test]
async fn set_udv_sends_json_text_of_each_type() {
    let t = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
    let cases: Vec<(&str, UdfValue, &str)> = vec![
        ("school", "ucla".into(), "\"ucla\""),
        ("age", 18.into(), "18"),
        ("ratio", 0.5.into(), "0.5"),
        ("vip", false.into(), "false"),
        ("since", t.into(), "\"2023-11-14T22:13:20Z\""),
        (
            "prefs",
            json!({"favorColor": "red"}).into(),
            "{\"favorColor\":\"red\"}",
        ),
    ];
    for (key, value, text) in cases {
        let answer = json!([{"key": key, "dataType": "STRING", "value": "x", "label": null}]);
        let (list, vars) = call(&SET_UDV, answer, |c| async move {
            c.users().set_udv(UID, key, value).await
        })
        .await;
        assert_eq!(
            vars,
            json!({"targetType": "USER", "targetId": UID, "key": key, "value": text})
        );
        assert_eq!(list.len(), 1);
    }
}

#[tokio::test]
async fn set_udf_value_sends_one_batch_and_answers_the_values() {
    let data: Vec<(&str, UdfValue)> = vec![("school", "ucla".into()), ("age", 18.into())];
    let (list, vars) = call(&SET_UDV_BATCH, all_types(), |c| async move {
        c.users().set_udf_value(UID, data).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "USER", "targetId": UID,
               "udvList": [{"key": "school", "value": "\"ucla\""}, {"key": "age", "value": "18"}]})
    );
    assert_eq!(list.len(), 5);
    // the same through udf(), for a role; a null answer is an empty list
    let (list, vars) = call(&SET_UDV_BATCH, Value::Null, |c| async move {
        c.udf()
            .set_udf_value_batch(UdfTargetType::Role, RID, [("level", 3)])
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "ROLE", "targetId": RID, "udvList": [{"key": "level", "value": "3"}]})
    );
    assert!(list.is_empty());
}

#[tokio::test]
async fn set_udf_value_batch_sends_every_target_and_key() {
    let u1: Vec<(&str, UdfValue)> = vec![("age", 18.into()), ("school", "mit".into())];
    let u2: Vec<(&str, UdfValue)> = vec![("vip", true.into())];
    let (msg, vars) = call(&SET_UDF_VALUE_BATCH, ok_message(), |c| async move {
        c.users()
            .set_udf_value_batch([("u1", u1), ("u2", u2)])
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "USER", "input": [
            {"targetId": "u1", "key": "age", "value": "18"},
            {"targetId": "u1", "key": "school", "value": "\"mit\""},
            {"targetId": "u2", "key": "vip", "value": "true"}
        ]})
    );
    assert_eq!(msg.code, Some(200));
    let (msg, vars) = call(&SET_UDF_VALUE_BATCH, Value::Null, |c| async move {
        c.roles().set_udf_value_batch([(RID, [("level", 2)])]).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "ROLE", "input": [{"targetId": RID, "key": "level", "value": "2"}]})
    );
    assert!(msg.is_ok());
}

#[tokio::test]
async fn remove_udv_answers_the_values_left() {
    let (list, vars) = call(&REMOVE_UDV, json!([]), |c| async move {
        c.users().remove_udv(UID, "age").await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "USER", "targetId": UID, "key": "age"})
    );
    assert!(list.is_empty());
    let (list, vars) = call(&REMOVE_UDV, all_types(), |c| async move {
        c.roles().remove_udf_value(RID, "level").await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "ROLE", "targetId": RID, "key": "level"})
    );
    assert_eq!(list.len(), 5);
}

#[tokio::test]
async fn role_values_by_role_id() {
    let (map, vars) = call(&UDV, all_types(), |c| async move {
        c.roles().get_udf_value(RID).await
    })
    .await;
    assert_eq!(vars, json!({"targetType": "ROLE", "targetId": RID}));
    assert_eq!(map.len(), 5);
    let (one, _) = call(&UDV, all_types(), |c| async move {
        c.roles().get_specific_udf_value(RID, "vip").await
    })
    .await;
    assert_eq!(one, Some(UdfValue::Boolean(true)));
    let (none, _) = call(&UDV, all_types(), |c| async move {
        c.roles().get_specific_udf_value(RID, "missing").await
    })
    .await;
    assert_eq!(none, None);
    let data: [(&str, UdfValue); 1] = [("vip", false.into())];
    let (_, vars) = call(&SET_UDV_BATCH, json!([]), |c| async move {
        c.roles().set_udf_value(RID, data).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "ROLE", "targetId": RID, "udvList": [{"key": "vip", "value": "false"}]})
    );
}

#[tokio::test]
async fn udf_value_batch_maps_targets() {
    let answer = json!([
        {"targetId": "r1", "data": [{"key": "level", "dataType": "NUMBER", "value": "3", "label": null}]},
        {"targetId": "r2", "data": []}
    ]);
    let (maps, vars) = call(&UDF_VALUE_BATCH, answer.clone(), |c| async move {
        c.roles().get_udf_value_batch(["r1", "r2"]).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "ROLE", "targetIds": ["r1", "r2"]})
    );
    assert_eq!(maps["r1"]["level"], UdfValue::Number(3.0));
    assert!(maps["r2"].is_empty());
    let (_, vars) = call(&UDF_VALUE_BATCH, answer, |c| async move {
        c.users().get_udf_value_batch(vec![UID.to_string()]).await
    })
    .await;
    assert_eq!(vars, json!({"targetType": "USER", "targetIds": [UID]}));
}

#[tokio::test]
async fn a_refused_value_is_an_api_error() {
    let (server, client) = env().await;
    gql_mock(&SET_UDV)
        .respond_with(api_error(400, "自定义字段 age 的值类型错误"))
        .mount(&server)
        .await;
    let e = client
        .users()
        .set_udv(UID, "age", "eighteen")
        .await
        .unwrap_err();
    assert!(matches!(&e, Error::Api(a) if a.code == 400), "{e:?}");
}

#[tokio::test]
async fn empty_or_blank_arguments_send_nothing() {
    rejected(|c| async move { c.users().set_udv(UID, " ", 1).await }).await;
    rejected(|c| async move { c.users().list_udv("").await }).await;
    rejected(|c| async move {
        c.users()
            .set_udf_value(UID, Vec::<(&str, UdfValue)>::new())
            .await
    })
    .await;
    rejected(|c| async move {
        c.roles()
            .set_udf_value_batch(Vec::<(&str, Vec<(&str, UdfValue)>)>::new())
            .await
    })
    .await;
    rejected(|c| async move { c.roles().get_udf_value_batch(Vec::<String>::new()).await }).await;
    rejected(|c| async move { c.roles().get_specific_udf_value(RID, "").await }).await;
}
