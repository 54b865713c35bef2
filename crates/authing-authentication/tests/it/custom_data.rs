//! Custom data values of the logged-in user.

use crate::common::*;

#[tokio::test]
async fn udv_uses_the_token_user_id_and_decodes_values() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply("udv", udv_list()).await;
    let values = c.auth.udv().await.unwrap();
    let s = c.one().await;
    s.assert_op(&ops::UDV, json!({"targetType": "USER", "targetId": "u1"}));
    s.assert_bearer(Some(&t));
    let got: Vec<(&str, Value)> = values
        .iter()
        .map(|v| (v.key.as_str(), v.value.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("school", json!("ucla")),
            ("age", json!(18)),
            ("vip", json!(true)),
            ("prefs", json!({"color": "red"})),
            ("born", json!(1_602_756_997_950_i64)),
        ]
    );
    assert_eq!(values[0].label.as_deref(), Some("School"));
    assert_eq!(values[1].data_type, UdfDataType::Number);
    assert_eq!(values[1].raw, "18");
}

#[tokio::test]
async fn udv_with_an_opaque_token_asks_for_the_user_first() {
    let c = Ctx::logged_in("opaque").await;
    c.reply_raw(json!({"data": {"user": user("u9", None), "udv": []}}))
        .await;
    assert!(c.auth.udv().await.unwrap().is_empty());
    let sent = c.sent().await;
    assert_eq!(sent.len(), 2);
    sent[0].assert_op(&ops::USER, json!({}));
    sent[1].assert_op(&ops::UDV, json!({"targetType": "USER", "targetId": "u9"}));
    // the user is now held: no further lookup
    c.auth.udv().await.unwrap();
    assert_eq!(c.sent().await.len(), 3);
}

#[tokio::test]
async fn set_udv_sends_json_text_and_remove_udv_the_key() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply_raw(json!({"data": {"setUdv": udv_list(), "removeUdv": null}}))
        .await;
    let after = c.auth.set_udv("school", "ucla").await.unwrap();
    assert_eq!(after.len(), 5);
    c.auth.set_udv("age", 18).await.unwrap();
    c.auth
        .set_udv("prefs", json!({"color": "red"}))
        .await
        .unwrap();
    assert!(c.auth.remove_udv("school").await.unwrap().is_empty());
    let sent = c.sent().await;
    let set = |key: &str, value: &str| json!({"targetType": "USER", "targetId": "u1", "key": key, "value": value});
    sent[0].assert_op(&ops::SET_UDV, set("school", "\"ucla\""));
    sent[1].assert_op(&ops::SET_UDV, set("age", "18"));
    sent[2].assert_op(&ops::SET_UDV, set("prefs", r#"{"color":"red"}"#));
    sent[3].assert_op(
        &ops::REMOVE_UDV,
        json!({"targetType": "USER", "targetId": "u1", "key": "school"}),
    );
    for s in &sent {
        s.assert_bearer(Some(&t));
    }
}

#[tokio::test]
async fn debug_of_custom_data_values_hides_the_values() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply(
        "udv",
        json!([{"key": "ssn", "dataType": "STRING", "value": "UDV-SECRET", "label": "SSN"}]),
    )
    .await;
    let values = c.auth.udv().await.unwrap();
    assert_eq!(values[0].value, json!("UDV-SECRET"));
    let d = format!("{values:?}");
    assert!(!d.contains("UDV-SECRET"), "{d}");
    assert!(d.contains("\"ssn\"") && d.contains("SSN"), "{d}");
}
