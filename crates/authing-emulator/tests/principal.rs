//! Principal (real-name) authentication:
//! `GET`/`POST /api/v2/users/{id}/management/principal_authentication`, black box.

mod common;

use serde_json::{Value, json};

use common::*;

const ID_CARD: &str = "11010519491231002X";
const BANK_CARD: &str = "4111111111111111";
const CREDIT_CODE: &str = "91350100M000100Y43";

fn path(id: &str) -> String {
    format!("/api/v2/users/{id}/management/principal_authentication")
}

async fn setup() -> (T, String, String) {
    let t = start().await;
    let admin = t.admin().await;
    let id = t.create_user(&admin, json!({"username": "zhang"})).await;
    (t, admin, id)
}

#[tokio::test]
async fn a_person_is_recorded_and_answered_masked() {
    let (t, admin, id) = setup().await;
    let none = t.rest_get(&path(&id), Some(&admin)).await;
    assert_eq!(none["code"], 200);
    assert_eq!(none["data"], Value::Null);

    let body = json!({"type": "P", "name": "张三", "idCard": ID_CARD, "ext": BANK_CARD});
    let v = t.rest_post(&path(&id), body, Some(&admin)).await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["idCard"], "**************002X");
    assert_eq!(v["data"]["ext"], "************1111");

    let d = t.rest_get(&path(&id), Some(&admin)).await["data"].clone();
    assert_eq!(d["userId"], id.as_str());
    assert_eq!(d["type"], "P");
    assert_eq!(d["name"], "张三");
    assert_eq!(d["idCard"], "**************002X");
    assert_eq!(d["authenticated"], true);
    assert!(!d.to_string().contains(ID_CARD) && !d.to_string().contains(BANK_CARD));
}

#[tokio::test]
async fn an_enterprise_is_recorded() {
    let (t, admin, id) = setup().await;
    let body = json!({"type": "E", "name": "Acme 有限公司", "idCard": CREDIT_CODE, "ext": "李四"});
    let v = t.rest_post(&path(&id), body, Some(&admin)).await;
    assert_eq!(v["code"], 200, "{v}");
    let d = t.rest_get(&path(&id), Some(&admin)).await["data"].clone();
    assert_eq!(d["type"], "E");
    assert_eq!(d["idCard"], "**************0Y43");
    assert_eq!(d["ext"], "李四");
}

#[tokio::test]
async fn malformed_submissions_are_rejected_and_not_recorded() {
    let (t, admin, id) = setup().await;
    let cases = [
        // wrong check digit
        (
            json!({"type": "P", "name": "张三", "idCard": "110105194912310021", "ext": BANK_CARD}),
            400,
        ),
        // 17 characters
        (
            json!({"type": "P", "name": "张三", "idCard": "11010519491231002", "ext": BANK_CARD}),
            400,
        ),
        // Luhn fails
        (
            json!({"type": "P", "name": "张三", "idCard": ID_CARD, "ext": "4111111111111112"}),
            400,
        ),
        // letters in the bank card
        (
            json!({"type": "P", "name": "张三", "idCard": ID_CARD, "ext": "4111abcd11111111"}),
            400,
        ),
        // credit code check character
        (
            json!({"type": "E", "name": "Acme", "idCard": "91350100M000100Y44", "ext": "李四"}),
            400,
        ),
        // credit code too short
        (
            json!({"type": "E", "name": "Acme", "idCard": "91350100M000100Y4", "ext": "李四"}),
            400,
        ),
        (
            json!({"type": "X", "name": "张三", "idCard": ID_CARD, "ext": BANK_CARD}),
            400,
        ),
        // missing or blank fields
        (
            json!({"type": "P", "idCard": ID_CARD, "ext": BANK_CARD}),
            2231,
        ),
        (
            json!({"type": "P", "name": " ", "idCard": ID_CARD, "ext": BANK_CARD}),
            2231,
        ),
        (
            json!({"name": "张三", "idCard": ID_CARD, "ext": BANK_CARD}),
            2231,
        ),
        (
            json!({"type": "P", "name": "张三", "idCard": 110105, "ext": BANK_CARD}),
            2231,
        ),
    ];
    for (body, code) in cases {
        let v = t.rest_post(&path(&id), body.clone(), Some(&admin)).await;
        assert_eq!(v["code"], code, "{body}: {v}");
        // the submitted numbers are not echoed back
        assert!(!v["message"].to_string().contains("4111"), "{v}");
    }
    let d = t.rest_get(&path(&id), Some(&admin)).await;
    assert_eq!(d["data"], Value::Null, "{d}");
}

#[tokio::test]
async fn unknown_users_tokens_and_deletion() {
    let (t, admin, id) = setup().await;
    let body = json!({"type": "P", "name": "张三", "idCard": ID_CARD, "ext": BANK_CARD});
    let nobody = path("000000000000000000000000");
    assert_eq!(t.rest_get(&nobody, Some(&admin)).await["code"], 2004);
    assert_eq!(
        t.rest_post(&nobody, body.clone(), Some(&admin)).await["code"],
        2004
    );
    let (_, user_token) = t.register("li", "passw0rd!").await;
    assert_eq!(
        t.rest_get(&path(&id), Some(&user_token)).await["code"],
        1001
    );
    assert_eq!(
        t.rest_post(&path(&id), body.clone(), None).await["code"],
        2020
    );
    assert_eq!(
        t.rest_post(&path(&id), body, Some(&admin)).await["code"],
        200
    );
    // deleting the user removes the record with it
    t.ok(
        "mutation($id: String!) { deleteUser(id: $id) { code } }",
        json!({"id": id}),
        Some(&admin),
    )
    .await;
    assert_eq!(t.rest_get(&path(&id), Some(&admin)).await["code"], 2004);
    // not JSON
    let v: Value = t
        .http
        .post(t.url(&path(&id)))
        .bearer_auth(&admin)
        .body("not json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 400, "{v}");
}
