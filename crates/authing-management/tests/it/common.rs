//! Shared helpers: a wiremock server answering `accessToken`, a client pointed at it,
//! and a way to run one call and read back what was sent.

use std::future::Future;
use std::time::{SystemTime, UNIX_EPOCH};

use authing_core::testing::TEST_PUBLIC_KEY_PEM;
use authing_management::operations::{ACCESS_TOKEN, Operation};
use authing_management::{ManagementClient, ManagementClientBuilder, Result, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

pub const POOL: &str = "5f7a993eb9b49dcd5c021e40";
pub const SECRET: &str = "pool-secret-3f9a7c1e5b";
pub const TOKEN: &str = "mgmt-token-1";

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Matches a GraphQL request whose `query` is exactly `op`'s document.
pub struct IsOp(pub &'static Operation);

impl Match for IsOp {
    fn matches(&self, req: &Request) -> bool {
        serde_json::from_slice::<Value>(&req.body)
            .ok()
            .and_then(|b| b.get("query").and_then(Value::as_str).map(str::to_owned))
            .is_some_and(|q| q == self.0.full_document())
    }
}

/// Matches requests carrying `authorization: Bearer <token>`.
pub struct Bearer(pub &'static str);

impl Match for Bearer {
    fn matches(&self, req: &Request) -> bool {
        req.headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == format!("Bearer {}", self.0))
    }
}

pub fn gql_mock(op: &'static Operation) -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path("/graphql/v2"))
        .and(IsOp(op))
}

/// `{"data": {<root>: data}}`.
pub fn data(op: &Operation, data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"data": {op.root_field: data}}))
}

/// An Authing GraphQL error.
pub fn api_error(code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "data": null,
        "errors": [{"message": {"code": code, "message": message, "data": null},
                    "locations": [{"line": 2, "column": 3}]}]
    }))
}

pub fn token_response(token: &str, iat: i64, exp: i64) -> ResponseTemplate {
    data(
        &ACCESS_TOKEN,
        json!({"accessToken": token, "iat": iat, "exp": exp}),
    )
}

pub fn builder(uri: &str) -> ManagementClientBuilder {
    ManagementClient::builder()
        .host(uri)
        .user_pool_id(POOL)
        .secret(SECRET)
        .public_key(TEST_PUBLIC_KEY_PEM)
        .retry(RetryPolicy::disabled())
}

/// A server answering `accessToken` with [`TOKEN`] (valid for 2 days) and a client.
pub async fn env() -> (MockServer, ManagementClient) {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response(TOKEN, now(), now() + 2 * 86_400))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    (server, client)
}

/// One received request: parsed body and `authorization` header.
pub struct Sent {
    pub body: Value,
    pub auth: Option<String>,
}

pub async fn sent(server: &MockServer, op: &'static Operation) -> Vec<Sent> {
    let matcher = IsOp(op);
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| matcher.matches(r))
        .map(|r| Sent {
            body: serde_json::from_slice(&r.body).unwrap(),
            auth: r
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned()),
        })
        .collect()
}

/// Runs `call` against a server answering `op` with `response`; checks that exactly
/// one `op` request was sent, with the exact document and the management token, and
/// returns the call's result and the variables sent.
pub async fn call<T, F, Fut>(op: &'static Operation, response: Value, call: F) -> (T, Value)
where
    F: FnOnce(ManagementClient) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let (server, client) = env().await;
    gql_mock(op)
        .respond_with(data(op, response))
        .mount(&server)
        .await;
    let out = call(client)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", op.name));
    let reqs = sent(&server, op).await;
    assert_eq!(reqs.len(), 1, "{}: one request", op.name);
    let req = &reqs[0];
    assert_eq!(req.body["query"], json!(op.full_document()), "{}", op.name);
    assert_eq!(
        req.auth.as_deref(),
        Some("Bearer mgmt-token-1"),
        "{}",
        op.name
    );
    (out, req.body["variables"].clone())
}

/// Runs `call`, expecting an [`authing_management::Error::InvalidArgument`] and no
/// request at all.
pub async fn rejected<T: std::fmt::Debug, F, Fut>(call: F)
where
    F: FnOnce(ManagementClient) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let (server, client) = env().await;
    let e = call(client).await.unwrap_err();
    assert!(
        matches!(e, authing_management::Error::InvalidArgument(_)),
        "{e:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The user of the Python SDK README (`authing.users.list()`), as returned.
pub fn readme_user() -> Value {
    serde_json::from_str(include_str!("fixtures/readme_user.json")).unwrap()
}

pub fn page(list: Vec<Value>) -> Value {
    json!({"totalCount": list.len(), "list": list})
}

pub fn role_json(code: &str) -> Value {
    json!({
        "id": "60b4a1c2d3e4f5a6b7c8d9e1",
        "namespace": "default",
        "code": code,
        "arn": format!("arn:cn:authing:{POOL}:role:60b4a1c2d3e4f5a6b7c8d9e1"),
        "description": "Edits books",
        "isSystem": false,
        "createdAt": "2021-03-11T20:52:50+08:00",
        "updatedAt": "2021-03-11T20:52:50+08:00",
        "parent": {
            "id": "60b4a1c2d3e4f5a6b7c8d9e2",
            "namespace": "default",
            "code": "staff",
            "arn": format!("arn:cn:authing:{POOL}:role:60b4a1c2d3e4f5a6b7c8d9e2"),
            "description": null,
            "isSystem": false,
            "createdAt": null,
            "updatedAt": null
        }
    })
}

pub fn ok_message() -> Value {
    json!({"message": "success", "code": 200})
}

pub const JWT_SECRET: &str = "jwt-secret-0b7d4e2a9c";

pub fn userpool_json() -> Value {
    json!({
        "id": POOL,
        "name": "books",
        "domain": "books",
        "description": null,
        "secret": SECRET,
        "jwtSecret": JWT_SECRET,
        "ownerId": "5f7a993eb9b49dcd5c021e41",
        "userpoolTypes": [{"code": "b2c", "name": "B2C", "description": null, "image": null,
                           "sdks": ["python", null]}],
        "logo": "https://files.authing.co/logo.png",
        "createdAt": "2020-10-07T23:33:58+08:00",
        "updatedAt": null,
        "emailVerifiedDefault": false,
        "sendWelcomeEmail": false,
        "registerDisabled": false,
        "appSsoEnabled": false,
        "showWxQRCodeWhenRegisterDisabled": true,
        "allowedOrigins": "",
        "tokenExpiresAfter": 1_296_000,
        "isDeleted": false,
        "frequentRegisterCheck": {"timeInterval": 300, "limit": 50, "enabled": false},
        "loginFailCheck": {"timeInterval": 300, "limit": 50, "enabled": false},
        "loginPasswordFailCheck": null,
        "loginFailStrategy": "captcha",
        "changePhoneStrategy": {"verifyOldPhone": true},
        "changeEmailStrategy": {"verifyOldEmail": true},
        "qrcodeLoginStrategy": {"qrcodeExpiresAfter": 120, "returnFullUserInfo": false,
                                "allowExchangeUserInfoFromBrowser": true, "ticketExpiresAfter": 300},
        "app2WxappLoginStrategy": {"ticketExpriresAfter": 300, "ticketExchangeUserInfoNeedSecret": false},
        "whitelist": {"phoneEnabled": false, "emailEnabled": true, "usernameEnabled": false},
        "customSMSProvider": {"enabled": true, "provider": "aliyun", "config": "{\"key\":\"sms-key-123\"}"},
        "packageType": 1,
        "useCustomUserStore": false,
        "loginRequireEmailVerified": false,
        "verifyCodeLength": 6
    })
}

/// `{"code": 200, "message": "ok", "data": data}`.
pub fn envelope(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"code": 200, "message": "ok", "data": data}))
}

/// An Authing REST error envelope (HTTP 200, as the service answers).
pub fn rest_error(code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"code": code, "message": message}))
}

/// One REST request as received.
#[derive(Debug)]
pub struct RestSent {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub auth: Option<String>,
}

/// Runs `call` against a server answering `METHOD path` with `response`; checks that
/// exactly one request other than `accessToken` was sent, to that method and path,
/// with the management token; returns the call's result and the request.
pub async fn rest_call<T, F, Fut>(
    verb: &str,
    route: &str,
    response: ResponseTemplate,
    call: F,
) -> (Result<T>, RestSent)
where
    F: FnOnce(ManagementClient) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let (server, client) = env().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    let out = call(client).await;
    let token_op = IsOp(&ACCESS_TOKEN);
    let reqs: Vec<Request> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| !token_op.matches(r))
        .collect();
    assert_eq!(reqs.len(), 1, "{verb} {route}: one request, got {reqs:?}");
    let r = &reqs[0];
    let sent = RestSent {
        method: r.method.to_string(),
        path: r.url.path().to_owned(),
        query: r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        body: (!r.body.is_empty()).then(|| serde_json::from_slice(&r.body).unwrap()),
        auth: r
            .headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned()),
    };
    assert_eq!(sent.method, verb);
    assert_eq!(sent.path, route);
    assert_eq!(sent.auth.as_deref(), Some("Bearer mgmt-token-1"));
    (out, sent)
}

/// Runs `call` against a server answering `op` with an Authing error `code`; returns
/// the error.
pub async fn gql_error<T: std::fmt::Debug, F, Fut>(
    op: &'static Operation,
    code: i64,
    message: &str,
    call: F,
) -> authing_management::Error
where
    F: FnOnce(ManagementClient) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let (server, client) = env().await;
    gql_mock(op)
        .respond_with(api_error(code, message))
        .mount(&server)
        .await;
    let e = call(client).await.unwrap_err();
    assert_eq!(e.code(), Some(code), "{e:?}");
    e
}

pub fn authorized_page() -> Value {
    json!({"totalCount": 3, "list": [
        {"code": "menu_a", "type": "MENU", "actions": null},
        {"code": "books:1", "type": "DATA", "actions": ["books:delete", "books:update"]},
        {"code": "orders", "type": "SOMETHING_NEW", "actions": []}
    ]})
}

pub fn node_json(id: &str, name: &str, children: &[&str]) -> Value {
    json!({
        "id": id, "orgId": "601f59573abea48cceb188c6", "name": name, "nameI18n": null,
        "description": null, "descriptionI18n": null, "order": null, "code": name.to_lowercase(),
        "root": id == "root", "depth": if id == "root" { 0 } else { 1 },
        "path": ["root", id], "codePath": [null, name.to_lowercase()], "namePath": ["Tech", name],
        "createdAt": "2021-02-07T03:07:03.822Z", "updatedAt": "2021-02-07T03:07:03.822Z",
        "children": children, "unknownField": 1
    })
}

pub fn org_json() -> Value {
    json!({
        "id": "601f59573abea48cceb188c6",
        "rootNode": node_json("root", "Tech", &["dev", "ops"]),
        "nodes": [node_json("root", "Tech", &["dev", "ops"]), node_json("dev", "Dev", &["backend"]),
                  node_json("ops", "Ops", &[]), node_json("backend", "Backend", &[])]
    })
}
