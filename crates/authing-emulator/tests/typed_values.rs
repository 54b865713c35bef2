//! Custom values typed by their field's data type (catalog §7.4), for users and roles:
//! JSON text in, text by type out, wrong types refused, role values keyed by role id,
//! batch operations.

mod common;

use common::{T, start};
use serde_json::{Value, json};

const SET_UDF: &str = "mutation($t: UDFTargetType!, $k: String!, $d: UDFDataType!) { setUdf(targetType: $t, key: $k, dataType: $d, label: $k) { key } }";
const SET_UDV: &str = "mutation($t: UDFTargetType!, $id: String!, $k: String!, $v: String!) { setUdv(targetType: $t, targetId: $id, key: $k, value: $v) { key dataType value label } }";
const SET_BATCH: &str = "mutation($t: UDFTargetType!, $id: String!, $l: [UserDefinedDataInput!]) { setUdvBatch(targetType: $t, targetId: $id, udvList: $l) { key dataType value } }";
const UDV: &str = "query($t: UDFTargetType!, $id: String!) { udv(targetType: $t, targetId: $id) { key dataType value } }";
const VALUE_BATCH: &str = "query($t: UDFTargetType!, $ids: [String!]!) { udfValueBatch(targetType: $t, targetIds: $ids) { targetId data { key value } } }";
const SET_VALUE_BATCH: &str = "mutation($t: UDFTargetType!, $i: [SetUdfValueBatchInput!]!) { setUdfValueBatch(targetType: $t, input: $i) { code message } }";
const REMOVE: &str = "mutation($t: UDFTargetType!, $id: String!, $k: String!) { removeUdv(targetType: $t, targetId: $id, key: $k) { key } }";

async fn define_all(t: &T, admin: &str, target: &str) {
    for (k, d) in [
        ("s", "STRING"),
        ("n", "NUMBER"),
        ("b", "BOOLEAN"),
        ("d", "DATETIME"),
        ("o", "OBJECT"),
    ] {
        t.ok(SET_UDF, json!({"t": target, "k": k, "d": d}), Some(admin))
            .await;
    }
}

fn by_key(list: &Value) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["key"].as_str().unwrap().to_string(),
                i["dataType"].as_str().unwrap_or("").to_string(),
                i["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

async fn role_id(t: &T, admin: &str, code: &str) -> String {
    let d = t
        .ok(
            "mutation($c: String!) { createRole(code: $c) { id } }",
            json!({"c": code}),
            Some(admin),
        )
        .await;
    d["createRole"]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn user_values_round_trip_by_type() {
    let t = start().await;
    let admin = t.admin().await;
    define_all(&t, &admin, "USER").await;
    let uid = t.create_user(&admin, json!({"username": "typed"})).await;
    let items = json!([
        {"key": "s", "value": "\"ucla\""},
        {"key": "n", "value": "18"},
        {"key": "b", "value": "true"},
        {"key": "d", "value": "\"2023-11-14T22:13:20Z\""},
        {"key": "o", "value": "{\"favorColor\":\"red\"}"},
    ]);
    let d = t
        .ok(
            SET_BATCH,
            json!({"t": "USER", "id": uid, "l": items}),
            Some(&admin),
        )
        .await;
    let expected = vec![
        ("b".to_string(), "BOOLEAN".to_string(), "true".to_string()),
        ("d".into(), "DATETIME".into(), "2023-11-14T22:13:20Z".into()),
        ("n".into(), "NUMBER".into(), "18".into()),
        (
            "o".into(),
            "OBJECT".into(),
            "{\"favorColor\":\"red\"}".into(),
        ),
        ("s".into(), "STRING".into(), "ucla".into()),
    ];
    assert_eq!(by_key(&d["setUdvBatch"]), expected);
    let d = t
        .ok(UDV, json!({"t": "USER", "id": uid}), Some(&admin))
        .await;
    assert_eq!(by_key(&d["udv"]), expected);
    // epoch milliseconds are a datetime too
    let d = t
        .ok(
            SET_UDV,
            json!({"t": "USER", "id": uid, "k": "d", "v": "1700000000000"}),
            Some(&admin),
        )
        .await;
    let d_item = d["setUdv"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "d")
        .unwrap()
        .clone();
    assert_eq!(d_item["value"], "1700000000000");
    assert_eq!(d_item["label"], "d");
    // removal
    let d = t
        .ok(
            REMOVE,
            json!({"t": "USER", "id": uid, "k": "o"}),
            Some(&admin),
        )
        .await;
    assert!(
        d["removeUdv"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["key"] != "o")
    );
}

#[tokio::test]
async fn wrong_types_are_refused_and_change_nothing() {
    let t = start().await;
    let admin = t.admin().await;
    define_all(&t, &admin, "USER").await;
    let uid = t.create_user(&admin, json!({"username": "strict"})).await;
    for (k, v) in [
        ("s", "18"),
        ("n", "\"eighteen\""),
        ("b", "\"yes\""),
        ("b", "1"),
        ("d", "\"soon\""),
        ("d", "true"),
        ("o", "42"),
    ] {
        let code = t
            .code(
                SET_UDV,
                json!({"t": "USER", "id": uid, "k": k, "v": v}),
                Some(&admin),
            )
            .await;
        assert_eq!(code, 400, "{k} = {v}");
    }
    // an undefined key
    let code = t
        .code(
            SET_UDV,
            json!({"t": "USER", "id": uid, "k": "nope", "v": "1"}),
            Some(&admin),
        )
        .await;
    assert_eq!(code, 404);
    // a batch with one wrong value stores none of them
    let items = json!([{"key": "n", "value": "5"}, {"key": "b", "value": "\"no\""}]);
    let code = t
        .code(
            SET_BATCH,
            json!({"t": "USER", "id": uid, "l": items}),
            Some(&admin),
        )
        .await;
    assert_eq!(code, 400);
    let d = t
        .ok(UDV, json!({"t": "USER", "id": uid}), Some(&admin))
        .await;
    assert_eq!(d["udv"], json!([]));
}

#[tokio::test]
async fn role_values_are_keyed_by_role_id_with_batches() {
    let t = start().await;
    let admin = t.admin().await;
    define_all(&t, &admin, "ROLE").await;
    let r1 = role_id(&t, &admin, "editor").await;
    let r2 = role_id(&t, &admin, "viewer").await;
    let d = t
        .ok(
            SET_UDV,
            json!({"t": "ROLE", "id": r1, "k": "n", "v": "3"}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["setUdv"],
        json!([{"key": "n", "dataType": "NUMBER", "value": "3", "label": "n"}])
    );
    // the role code is not a target id
    let code = t
        .code(
            SET_UDV,
            json!({"t": "ROLE", "id": "editor", "k": "n", "v": "3"}),
            Some(&admin),
        )
        .await;
    assert_eq!(code, 404);
    let input = json!([
        {"targetId": r1, "key": "b", "value": "false"},
        {"targetId": r2, "key": "s", "value": "\"read only\""},
        {"targetId": r2, "key": "o", "value": {"scopes": ["a"]}},
    ]);
    let d = t
        .ok(
            SET_VALUE_BATCH,
            json!({"t": "ROLE", "i": input}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["setUdfValueBatch"]["code"], 200);
    let d = t
        .ok(
            VALUE_BATCH,
            json!({"t": "ROLE", "ids": [r1, r2]}),
            Some(&admin),
        )
        .await;
    let maps = d["udfValueBatch"].as_array().unwrap();
    assert_eq!(maps[0]["targetId"], r1.as_str());
    assert_eq!(
        maps[0]["data"],
        json!([{"key": "n", "value": "3"}, {"key": "b", "value": "false"}])
    );
    assert_eq!(maps[1]["targetId"], r2.as_str());
    assert_eq!(
        maps[1]["data"],
        json!([{"key": "s", "value": "read only"}, {"key": "o", "value": "{\"scopes\":[\"a\"]}"}])
    );
    // a wrong type anywhere in the batch: nothing stored
    let input = json!([
        {"targetId": r1, "key": "s", "value": "\"fine\""},
        {"targetId": r2, "key": "n", "value": "\"NaN\""},
    ]);
    assert_eq!(
        t.code(
            SET_VALUE_BATCH,
            json!({"t": "ROLE", "i": input}),
            Some(&admin)
        )
        .await,
        400
    );
    let d = t
        .ok(UDV, json!({"t": "ROLE", "id": r1}), Some(&admin))
        .await;
    assert!(d["udv"].as_array().unwrap().iter().all(|i| i["key"] != "s"));
    // a user token may not touch role values
    let (_, user) = t.register("plain", "pw").await;
    assert_eq!(
        t.code(UDV, json!({"t": "ROLE", "id": r1}), Some(&user))
            .await,
        1001
    );
}
