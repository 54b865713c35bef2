//! Shared helpers: a wiremock server, a client pointed at it, and readers of what
//! was sent.
#![allow(dead_code, unused_imports)]

pub use std::sync::{Arc, Mutex};
pub use std::time::{Duration, SystemTime};

pub use authing_authentication::operations as ops;
pub use authing_authentication::{
    AuthenticationClient, AuthenticationClientBuilder, EmailScene, Error, LoginOptions,
    RegisterOptions, RegisterProfile, RetryPolicy, UdfDataType, UdfValueInput, UpdateProfile,
};
pub use authing_core::Operation;
pub use authing_core::testing::{TEST_PUBLIC_KEY_PEM, decrypt_with_test_key};
pub use base64::Engine as _;
pub use base64::engine::general_purpose::URL_SAFE_NO_PAD;
pub use serde_json::{Value, json};
pub use wiremock::matchers::{method, path};
pub use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A JWT-shaped user token (unsigned) for user `id` expiring at `exp`.
pub fn jwt(id: &str, exp: i64) -> String {
    let claims = json!({"data": {"id": id, "userPoolId": "pool1"}, "iat": exp - 100, "exp": exp});
    format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

pub const EXP: i64 = 1_900_000_000;

pub fn user(id: &str, token: Option<&str>) -> Value {
    json!({
        "id": id, "arn": format!("arn:cn:authing:pool1:user:{id}"), "userPoolId": "pool1",
        "username": "alice", "email": "alice@example.com", "nickname": null,
        "token": token, "password": null, "customData": []
    })
}

pub struct Ctx {
    pub server: MockServer,
    pub auth: AuthenticationClient,
    pub events: Arc<Mutex<Vec<Option<String>>>>,
}

/// What the client sent in one request.
pub struct Sent {
    pub method: String,
    pub path: String,
    pub query_params: Vec<(String, String)>,
    pub bearer: Option<String>,
    pub body: Value,
}

impl Sent {
    pub fn from(r: &Request) -> Self {
        Self {
            method: r.method.to_string(),
            path: r.url.path().to_owned(),
            query_params: r
                .url
                .query_pairs()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            bearer: r
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned()),
            body: serde_json::from_slice(&r.body).unwrap_or(Value::Null),
        }
    }

    /// Asserts that this is `op` with exactly `vars` (after `take_password`).
    pub fn assert_op(&self, op: &Operation, vars: Value) {
        assert_eq!(
            (self.method.as_str(), self.path.as_str()),
            ("POST", "/graphql/v2")
        );
        assert_eq!(
            self.body["query"],
            json!(op.full_document()),
            "document of {}",
            op.name
        );
        assert_eq!(self.body["variables"], vars, "variables of {}", op.name);
    }

    /// Removes the encrypted password at `pointer` (e.g. `/input/password`) from the
    /// variables and returns it decrypted with the test key.
    pub fn take_password(&mut self, pointer: &str) -> String {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let obj = self
            .body
            .pointer_mut(&format!("/variables{parent}"))
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no {parent}"));
        let enc = obj.remove(key).unwrap_or_else(|| panic!("no {pointer}"));
        let enc = enc.as_str().unwrap();
        assert_eq!(enc.len(), 172, "base64 of a 1024-bit RSA ciphertext");
        decrypt_with_test_key(enc).expect("password decrypts with the test key")
    }

    pub fn assert_bearer(&self, token: Option<&str>) {
        assert_eq!(self.bearer, token.map(|t| format!("Bearer {t}")));
    }
}

pub async fn ctx() -> Ctx {
    ctx_with(|b| b).await
}

pub async fn ctx_with(
    f: impl FnOnce(AuthenticationClientBuilder) -> AuthenticationClientBuilder,
) -> Ctx {
    let server = MockServer::start().await;
    let events: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let ev = events.clone();
    let builder = AuthenticationClient::builder()
        .host(server.uri())
        .user_pool_id("pool1")
        .public_key(TEST_PUBLIC_KEY_PEM)
        .retry(RetryPolicy::disabled())
        .on_token_change(move |t| ev.lock().unwrap().push(t.map(str::to_owned)));
    let auth = f(builder).build().unwrap();
    Ctx {
        server,
        auth,
        events,
    }
}

impl Ctx {
    /// A context already holding `token` (user `u1`), with no hook event recorded.
    pub async fn logged_in(token: &str) -> Self {
        let c = ctx().await;
        c.auth.set_token(token).unwrap();
        c.events.lock().unwrap().clear();
        c
    }

    /// Like [`logged_in`](Self::logged_in), with the client talking through `gate`.
    pub async fn logged_in_via(gate: &crate::gate::Gate, token: &str) -> Self {
        let uri = gate.uri();
        let c = ctx_with(|b| b.host(uri)).await;
        gate.forward_to(&c.server.uri());
        c.auth.set_token(token).unwrap();
        c.events.lock().unwrap().clear();
        c
    }

    pub async fn reply(&self, root: &str, data: Value) {
        self.reply_raw(json!({ "data": { root: data } })).await;
    }

    pub async fn reply_raw(&self, body: Value) {
        Mock::given(method("POST"))
            .and(path("/graphql/v2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&self.server)
            .await;
    }

    pub async fn reply_error(&self, code: i64, message: &str) {
        self.reply_raw(json!({
            "errors": [{ "message": { "code": code, "message": message, "data": null } }],
            "data": null
        }))
        .await;
    }

    pub async fn reply_rest(&self, verb: &str, p: &str, body: Value) {
        Mock::given(method(verb))
            .and(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&self.server)
            .await;
    }

    pub async fn sent(&self) -> Vec<Sent> {
        self.server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(Sent::from)
            .collect()
    }

    /// The single request sent.
    pub async fn one(&self) -> Sent {
        let mut all = self.sent().await;
        assert_eq!(all.len(), 1, "expected exactly one request");
        all.pop().unwrap()
    }

    pub fn events(&self) -> Vec<Option<String>> {
        self.events.lock().unwrap().clone()
    }

    pub fn token(&self) -> Option<String> {
        self.auth.token().map(|t| t.into_inner())
    }
}

pub fn udv_list() -> Value {
    json!([
        {"key": "school", "dataType": "STRING", "value": "ucla", "label": "School"},
        {"key": "age", "dataType": "NUMBER", "value": "18", "label": null},
        {"key": "vip", "dataType": "BOOLEAN", "value": "true"},
        {"key": "prefs", "dataType": "OBJECT", "value": "{\"color\":\"red\"}"},
        {"key": "born", "dataType": "DATETIME", "value": "1602756997950"},
    ])
}

pub type Events = Arc<Mutex<Vec<Option<String>>>>;

/// A context whose token hook records the events (in the returned list) and then
/// runs `then` with the client and the token, from inside the hook. The client is
/// reached through a slot filled after `build`.
pub async fn ctx_with_hook(
    then: impl Fn(&AuthenticationClient, Option<&str>) + Send + Sync + 'static,
) -> (Ctx, Events) {
    let slot: Arc<Mutex<Option<AuthenticationClient>>> = Arc::default();
    let events: Events = Arc::default();
    let (hook_slot, hook_events) = (slot.clone(), events.clone());
    let c = ctx_with(move |b| {
        b.on_token_change(move |t| {
            hook_events.lock().unwrap().push(t.map(str::to_owned));
            let client = hook_slot.lock().unwrap().clone();
            if let Some(client) = client {
                then(&client, t);
            }
        })
    })
    .await;
    *slot.lock().unwrap() = Some(c.auth.clone());
    (c, events)
}
