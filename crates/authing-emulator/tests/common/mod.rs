//! Helpers shared by the integration tests: plain JSON over HTTP, no SDK.
#![allow(dead_code)]

use authing_emulator::Emulator;
use base64::Engine as _;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Encrypt, RsaPublicKey};
use serde_json::{Value, json};

pub struct T {
    pub emu: Emulator,
    pub http: reqwest::Client,
    pub key: RsaPublicKey,
}

pub async fn start() -> T {
    let emu = Emulator::builder().start().await.expect("emulator starts");
    let key = RsaPublicKey::from_public_key_pem(emu.public_key_pem()).expect("public key");
    T {
        emu,
        http: reqwest::Client::new(),
        key,
    }
}

impl T {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emu.url(), path)
    }

    /// RSA PKCS#1 v1.5 + base64, as the official SDKs do.
    pub fn enc(&self, clear: &str) -> String {
        let ct = self
            .key
            .encrypt(&mut rand::thread_rng(), Pkcs1v15Encrypt, clear.as_bytes())
            .expect("encrypt");
        base64::engine::general_purpose::STANDARD.encode(ct)
    }

    pub async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let mut req = self
            .http
            .post(self.url("/graphql/v2"))
            .header("x-authing-userpool-id", self.emu.user_pool_id())
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        assert_eq!(resp.status(), 200, "GraphQL answers HTTP 200");
        resp.json().await.expect("JSON body")
    }

    /// Runs a query that must succeed; returns `data`.
    pub async fn ok(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let v = self.gql(query, variables, token).await;
        assert!(v.get("errors").is_none(), "unexpected errors: {v}");
        v["data"].clone()
    }

    /// Runs a query that must fail with an Authing error; returns its code.
    pub async fn code(&self, query: &str, variables: Value, token: Option<&str>) -> i64 {
        let v = self.gql(query, variables, token).await;
        authing_code(&v).unwrap_or_else(|| panic!("expected an Authing error, got {v}"))
    }

    pub async fn admin(&self) -> String {
        let d = self
            .ok(
                "query($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken exp iat } }",
                json!({"p": self.emu.user_pool_id(), "s": self.emu.secret()}),
                None,
            )
            .await;
        d["accessToken"]["accessToken"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Registers `username` with `password` and returns `(user id, token)`.
    pub async fn register(&self, username: &str, password: &str) -> (String, String) {
        let d = self
            .ok(
                "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id token } }",
                json!({"i": {"username": username, "password": self.enc(password), "generateToken": true}}),
                None,
            )
            .await;
        (
            d["registerByUsername"]["id"].as_str().unwrap().to_string(),
            d["registerByUsername"]["token"]
                .as_str()
                .unwrap()
                .to_string(),
        )
    }

    pub async fn rest_get(&self, path: &str, token: Option<&str>) -> Value {
        let mut req = self.http.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap().json().await.unwrap()
    }

    pub async fn rest_post(&self, path: &str, body: Value, token: Option<&str>) -> Value {
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap().json().await.unwrap()
    }

    pub async fn send_sms(&self, phone: &str) -> String {
        let v = self
            .rest_post("/api/v2/sms/send", json!({"phone": phone}), None)
            .await;
        assert_eq!(v["code"], 200, "{v}");
        self.emu.latest_code(phone).expect("code in outbox")
    }
}

/// `errors[0].message.code`.
pub fn authing_code(v: &Value) -> Option<i64> {
    v["errors"][0]["message"]["code"].as_i64()
}

/// Wraps an emulator started with custom builder options.
pub fn wrap(emu: Emulator) -> T {
    let key = RsaPublicKey::from_public_key_pem(emu.public_key_pem()).expect("public key");
    T {
        emu,
        http: reqwest::Client::new(),
        key,
    }
}

impl T {
    /// Creates a user with a management token; returns its id.
    pub async fn create_user(&self, admin: &str, user_info: Value) -> String {
        let d = self
            .ok(
                "mutation($u: CreateUserInput!) { createUser(userInfo: $u) { id } }",
                json!({"u": user_info}),
                Some(admin),
            )
            .await;
        d["createUser"]["id"].as_str().unwrap().to_string()
    }

    /// Logs in by username and returns the token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let d = self
            .ok(
                "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { token } }",
                json!({"i": {"username": username, "password": self.enc(password)}}),
                None,
            )
            .await;
        d["loginByUsername"]["token"].as_str().unwrap().to_string()
    }
}
