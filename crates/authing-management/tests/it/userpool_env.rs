//! `client.userpool()`: `update` and the environment variables (`/api/v2/env`).

use authing_management::operations::UPDATE_USERPOOL;
use authing_management::{
    ChangePhoneStrategyInput, Error, RegisterWhiteListConfigInput, UpdateUserpoolInput,
};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

#[tokio::test]
async fn update_sends_only_the_fields_set() {
    let mut answer = userpool_json();
    answer["description"] = json!("Staff directory");
    answer["tokenExpiresAfter"] = json!(3600);
    let input = UpdateUserpoolInput {
        description: Some("Staff directory".into()),
        token_expires_after: Some(3600),
        register_disabled: Some(false),
        change_phone_strategy: Some(ChangePhoneStrategyInput {
            verify_old_phone: Some(true),
        }),
        whitelist: Some(RegisterWhiteListConfigInput {
            email_enabled: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let (pool, vars) = call(&UPDATE_USERPOOL, answer, |c| async move {
        c.userpool().update(&input).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"input": {"description": "Staff directory", "registerDisabled": false,
                         "tokenExpiresAfter": 3600, "changePhoneStrategy": {"verifyOldPhone": true},
                         "whitelist": {"emailEnabled": true}}})
    );
    assert_eq!(pool.description.as_deref(), Some("Staff directory"));
    assert_eq!(pool.token_expires_after, Some(3600));
    assert!(!format!("{pool:?}").contains(JWT_SECRET));
}

fn envelope(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"code": 200, "message": "获取成功", "data": data}))
}

async fn rest_env() -> (MockServer, authing_management::ManagementClient) {
    env().await
}

fn bearer_of(r: &wiremock::Request) -> Option<String> {
    r.headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn list_env_reads_the_data() {
    let (server, client) = rest_env().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/env"))
        .and(Bearer(TOKEN))
        .respond_with(envelope(json!([
            {"key": "LDAP_HOST", "value": "ldap.example.com", "userPoolId": POOL},
            {"key": "CONF", "value": {"retries": 3}}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let vars = client.userpool().list_env().await.unwrap();
    assert_eq!(vars.len(), 2);
    assert_eq!(vars[0].key, "LDAP_HOST");
    assert_eq!(vars[1].value, json!({"retries": 3}));
    assert!(
        !format!("{vars:?}").contains("ldap.example.com"),
        "values are not printed"
    );
}

#[tokio::test]
async fn add_env_posts_key_and_json_value() {
    let (server, client) = rest_env().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/env"))
        .and(Bearer(TOKEN))
        .and(body_json(json!({"key": "RETRIES", "value": 3})))
        .respond_with(envelope(json!({"key": "RETRIES", "value": 3})))
        .expect(1)
        .mount(&server)
        .await;
    let v = client.userpool().add_env("RETRIES", 3).await.unwrap();
    assert_eq!((v.key.as_str(), v.value.clone()), ("RETRIES", json!(3)));
}

#[tokio::test]
async fn add_env_tolerates_an_answer_without_the_variable() {
    let (server, client) = rest_env().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/env"))
        .respond_with(envelope(json!(true)))
        .mount(&server)
        .await;
    let v = client
        .userpool()
        .add_env("HOST", "h.example.com")
        .await
        .unwrap();
    assert_eq!(
        (v.key.as_str(), v.value.clone()),
        ("HOST", json!("h.example.com"))
    );
}

#[tokio::test]
async fn remove_env_deletes_the_encoded_key() {
    let (server, client) = rest_env().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "message": "删除成功", "data": null})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let msg = client.userpool().remove_env("LDAP_HOST").await.unwrap();
    assert_eq!(msg.code, Some(200));
    assert_eq!(msg.message.as_deref(), Some("删除成功"));
    client.userpool().remove_env("a b/c").await.unwrap();
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "DELETE")
        .inspect(|r| assert_eq!(bearer_of(r).as_deref(), Some("Bearer mgmt-token-1")))
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/api/v2/env/LDAP_HOST", "/api/v2/env/a%20b%2Fc"]);
}

#[tokio::test]
async fn an_error_envelope_is_an_api_error() {
    let (server, client) = rest_env().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/env/NOPE"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 404, "message": "环境变量不存在", "data": null})),
        )
        .mount(&server)
        .await;
    let e = client.userpool().remove_env("NOPE").await.unwrap_err();
    assert!(matches!(&e, Error::Api(a) if a.code == 404), "{e:?}");
}

#[tokio::test]
async fn a_rejected_token_is_replaced_once() {
    let server = MockServer::start().await;
    gql_mock(&authing_management::operations::ACCESS_TOKEN)
        .respond_with(token_response(TOKEN, now(), now() + 86_400))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    gql_mock(&authing_management::operations::ACCESS_TOKEN)
        .respond_with(token_response("mgmt-token-2", now(), now() + 86_400))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/env"))
        .and(Bearer(TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 2206, "message": "登录信息已过期", "data": null})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/env"))
        .and(Bearer("mgmt-token-2"))
        .respond_with(envelope(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    assert!(client.userpool().list_env().await.unwrap().is_empty());
}

#[tokio::test]
async fn blank_keys_send_nothing() {
    rejected(|c| async move { c.userpool().add_env(" ", 1).await }).await;
    rejected(|c| async move { c.userpool().remove_env("").await }).await;
}
