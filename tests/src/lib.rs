//! Harness of the end-to-end suite.
//!
//! Every scenario starts a [`Target`]: by default a fresh in-process emulator (one per
//! test, so tests run in parallel and never see each other's data). When
//! `AUTHING_USERPOOL_ID` and `AUTHING_SECRET` are set (optionally `AUTHING_HOST` and
//! `AUTHING_PUBLIC_KEY`), the same scenarios run against that server instead — a real
//! Authing user pool, or an emulator started with its binary. Scenarios that need the
//! emulator's test controls (the outbox of verification codes, the clock, pool
//! settings) call [`require_controls!`], which skips them with a printed reason when
//! the server has no `/emulator/v1` endpoints.
//!
//! An emulator bound to a non-loopback address requires its control token: set
//! `AUTHING_EMULATOR_CONTROL_TOKEN` to the `controlToken` it printed.
//!
//! Names (usernames, emails, phones, role and policy codes) come from [`Target::unique`]
//! so that runs against a shared pool do not collide. On a shared server, scenarios that
//! move the clock or change pool settings use [`Target::start_exclusive`], so they never
//! run alongside another scenario of the same test binary (cargo runs the binaries one
//! after another).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authing::authentication::{AuthenticationClient, AuthenticationClientBuilder};
use authing::management::{ManagementClient, ManagementClientBuilder, UdfDataType, UdfTargetType};
use authing_emulator::Emulator;
use serde_json::{Value, json};

pub use authing;
pub use authing_emulator;

/// Prints `SKIPPED: <reason>` and returns from the test.
#[macro_export]
macro_rules! skip {
    ($($reason:tt)+) => {{
        println!("SKIPPED: {}", format!($($reason)+));
        return;
    }};
}

/// Skips the test (with a printed reason) unless the target has `/emulator/v1`.
#[macro_export]
macro_rules! require_controls {
    ($target:expr) => {
        if !$target.has_emulator_controls().await {
            $crate::skip!(
                "{} has no /emulator/v1 endpoints (outbox, clock, pool settings)",
                $target.describe()
            );
        }
    };
}

/// Where a scenario runs.
pub struct Target {
    url: String,
    user_pool_id: String,
    secret: String,
    public_key: Option<String>,
    /// The in-process emulator (kept alive for the test's duration).
    emulator: Option<Emulator>,
    http: reqwest::Client,
    /// On a shared server: held for the test's duration (see [`Target::start_exclusive`]).
    _turn: Option<Turn>,
}

/// A test's turn on a shared server: many ordinary tests at once, or one exclusive test.
#[allow(dead_code)] // held for its `Drop`
enum Turn {
    Shared(tokio::sync::OwnedRwLockReadGuard<()>),
    Exclusive(tokio::sync::OwnedRwLockWriteGuard<()>),
}

fn turns() -> Arc<tokio::sync::RwLock<()>> {
    static TURNS: OnceLock<Arc<tokio::sync::RwLock<()>>> = OnceLock::new();
    TURNS.get_or_init(Arc::default).clone()
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("url", &self.url)
            .field("user_pool_id", &self.user_pool_id)
            .field("in_process", &self.emulator.is_some())
            .finish_non_exhaustive()
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// An HTTP client that sends `AUTHING_EMULATOR_CONTROL_TOKEN` (when set) as the
/// emulator's `x-emulator-control-token` header.
fn remote_http_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(v) = env("AUTHING_EMULATOR_CONTROL_TOKEN")
        .and_then(|t| reqwest::header::HeaderValue::from_str(t.trim()).ok())
    {
        headers.insert("x-emulator-control-token", v);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap_or_default()
}

impl Target {
    /// The server named by `AUTHING_USERPOOL_ID` + `AUTHING_SECRET` (and `AUTHING_HOST`,
    /// `AUTHING_PUBLIC_KEY`) when both are set, else a fresh in-process emulator.
    pub async fn start() -> Target {
        Self::start_with(false).await
    }

    /// Like [`start`](Self::start), for scenarios that change server-wide state (the
    /// clock, pool settings): on a shared server the test waits until no other test of
    /// its binary runs, and none starts until it ends. A fresh emulator needs no wait.
    pub async fn start_exclusive() -> Target {
        Self::start_with(true).await
    }

    async fn start_with(exclusive: bool) -> Target {
        let (Some(user_pool_id), Some(secret)) =
            (env("AUTHING_USERPOOL_ID"), env("AUTHING_SECRET"))
        else {
            return Self::emulator().await;
        };
        let turn = if exclusive {
            Turn::Exclusive(turns().write_owned().await)
        } else {
            Turn::Shared(turns().read_owned().await)
        };
        let url = env("AUTHING_HOST")
            .unwrap_or_else(|| authing::DEFAULT_HOST.to_owned())
            .trim_end_matches('/')
            .to_owned();
        Target {
            url,
            user_pool_id,
            secret,
            public_key: env("AUTHING_PUBLIC_KEY"),
            emulator: None,
            http: remote_http_client(),
            _turn: Some(turn),
        }
        // Without AUTHING_PUBLIC_KEY the SDK reads the server's key from
        // /api/v2/.well-known itself (or uses Authing's for the cloud host).
    }

    /// Always a fresh in-process emulator, whatever the environment says.
    pub async fn emulator() -> Target {
        let emu = Emulator::builder()
            .start()
            .await
            .expect("the emulator starts");
        Target {
            url: emu.url().to_owned(),
            user_pool_id: emu.user_pool_id().to_owned(),
            secret: emu.secret().to_owned(),
            public_key: Some(emu.public_key_pem().to_owned()),
            emulator: Some(emu),
            http: reqwest::Client::new(),
            _turn: None,
        }
    }

    /// Base URL of the server.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The user pool id.
    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// The in-process emulator, if this target is one.
    pub fn in_process(&self) -> Option<&Emulator> {
        self.emulator.as_ref()
    }

    /// Asserts that `result` failed with the API error `code`. Against the in-process
    /// emulator the code must be exact; against another server (a real pool may use a
    /// neighbouring code) it must at least be an API error, not a transport, decode or
    /// argument error.
    #[track_caller]
    pub fn assert_code<T: std::fmt::Debug>(&self, result: authing::Result<T>, code: i64) {
        let e = match result {
            Ok(v) => panic!("expected error {code}, got Ok({v:?})"),
            Err(e) => e,
        };
        if self.emulator.is_some() {
            assert_eq!(e.code(), Some(code), "expected error {code}: {e:?}");
        } else {
            assert!(
                e.code().is_some(),
                "expected an API error ({code} on the emulator): {e:?}"
            );
        }
    }

    /// `"in-process emulator at URL"` or `"user pool ID at URL"` (never the secret).
    pub fn describe(&self) -> String {
        match &self.emulator {
            Some(_) => format!("in-process emulator at {}", self.url),
            None => format!("user pool {} at {}", self.user_pool_id, self.url),
        }
    }

    /// A management-client builder for this target (host, pool, secret, key).
    pub fn management_builder(&self) -> ManagementClientBuilder {
        let mut b = ManagementClient::builder()
            .host(self.url.clone())
            .user_pool_id(self.user_pool_id.clone())
            .secret(self.secret.clone())
            .timeout(Duration::from_secs(30));
        if let Some(pem) = &self.public_key {
            b = b.public_key(pem.clone());
        }
        b
    }

    /// A management client for this target.
    pub fn management(&self) -> ManagementClient {
        self.management_builder()
            .build()
            .expect("management client builds")
    }

    /// An authentication-client builder for this target (host, pool, key).
    pub fn authentication_builder(&self) -> AuthenticationClientBuilder {
        let mut b = AuthenticationClient::builder()
            .host(self.url.clone())
            .user_pool_id(self.user_pool_id.clone())
            .timeout(Duration::from_secs(30));
        if let Some(pem) = &self.public_key {
            b = b.public_key(pem.clone());
        }
        b
    }

    /// A fresh (logged-out) authentication client for this target.
    pub fn authentication(&self) -> AuthenticationClient {
        self.authentication_builder()
            .build()
            .expect("authentication client builds")
    }

    /// A name unique to this process and call: `{prefix}{pid}x{n}{nanos}` in lower-case
    /// alphanumerics (valid as a username, role code or email local part).
    pub fn unique(prefix: &str) -> String {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        format!("{prefix}{}x{n}x{nanos:x}", std::process::id())
    }

    /// A unique email address at `example.com`.
    pub fn unique_email() -> String {
        format!("{}@example.com", Self::unique("e2e"))
    }

    /// A unique 11-digit mobile number starting with 13.
    pub fn unique_phone() -> String {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            ^ (u64::from(std::process::id()) << 20);
        format!("13{:09}", (seed.wrapping_add(n * 7919)) % 1_000_000_000)
    }

    // ---------------------------------------------------------------- emulator controls

    async fn control_get(&self, path: &str) -> Option<Value> {
        let resp = self
            .http
            .get(format!("{}{path}", self.url))
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .ok()?;
        if !resp.status().is_success() {
            return None;
        }
        let v: Value = resp.json().await.ok()?;
        (v["code"] == 200).then(|| v["data"].clone())
    }

    async fn control_post(&self, path: &str, body: Value) -> Value {
        let resp = self
            .http
            .post(format!("{}{path}", self.url))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = resp.status();
        let v: Value = resp
            .json()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: not JSON: {e}"));
        assert!(
            status.is_success() && v["code"] == 200,
            "POST {path} {body}: HTTP {status} {v}"
        );
        v["data"].clone()
    }

    /// Sends a `POST` to an emulator control (e.g. `/emulator/v1/directory`) and
    /// returns its `data`; panics unless it answers code 200.
    pub async fn emulator_control(&self, path: &str, body: Value) -> Value {
        self.control_post(path, body).await
    }

    /// Whether the server has the emulator's test controls (`GET /emulator/v1/info`).
    pub async fn has_emulator_controls(&self) -> bool {
        self.emulator.is_some() || self.control_get("/emulator/v1/info").await.is_some()
    }

    /// Every message in the outbox for a phone number or an email address, oldest
    /// first (`GET /emulator/v1/outbox?phone=..` / `?email=..`).
    pub async fn outbox(&self, to: &str) -> Vec<Value> {
        let key = if to.contains('@') { "email" } else { "phone" };
        let url = reqwest::Url::parse_with_params(
            &format!("{}/emulator/v1/outbox", self.url),
            &[(key, to)],
        )
        .expect("outbox URL");
        let v: Value = self
            .http
            .get(url)
            .send()
            .await
            .expect("GET /emulator/v1/outbox")
            .json()
            .await
            .expect("outbox JSON");
        assert_eq!(v["code"], 200, "outbox: {v}");
        v["data"].as_array().cloned().unwrap_or_default()
    }

    /// The latest code sent to `to`, read from the outbox over HTTP.
    pub async fn latest_code(&self, to: &str) -> String {
        let list = self.outbox(to).await;
        let last = list
            .last()
            .unwrap_or_else(|| panic!("no code was sent to {to}"));
        last["code"]
            .as_str()
            .expect("a code is a string")
            .to_owned()
    }

    /// Moves the server's clock forward (`POST /emulator/v1/clock`).
    pub async fn advance_clock(&self, by: Duration) {
        self.control_post(
            "/emulator/v1/clock",
            json!({ "advanceSeconds": by.as_secs_f64() }),
        )
        .await;
    }

    /// The server's clock (`GET /emulator/v1/clock`), in milliseconds since the Unix
    /// epoch: what time-based codes (TOTP) are checked against.
    pub async fn clock_ms(&self) -> i64 {
        let v = self
            .control_get("/emulator/v1/clock")
            .await
            .expect("GET /emulator/v1/clock");
        v["nowMs"].as_i64().expect("nowMs")
    }

    /// Lets the emulator's code-resend interval (60 s per recipient, like Authing's) pass
    /// by moving the clock 61 s, so that a scenario can send a second code to the same
    /// phone or email.
    pub async fn pass_code_resend_interval(&self) {
        self.advance_clock(Duration::from_secs(61)).await;
    }

    /// Changes pool settings (`POST /emulator/v1/pool`), e.g.
    /// `{"verifyOldPhone": true}` or `{"tokenExpiresAfter": 60}`. Use with
    /// [`start_exclusive`](Self::start_exclusive) and
    /// [`restore_pool_settings`](Self::restore_pool_settings).
    pub async fn pool_settings(&self, settings: Value) {
        self.control_post("/emulator/v1/pool", settings).await;
    }

    /// Queues a fault (`POST /emulator/v1/faults`), e.g. `{"status": 503, "count": 2}`.
    pub async fn inject_fault(&self, fault: Value) {
        self.control_post("/emulator/v1/faults", fault).await;
    }

    /// The faults still queued (`GET /emulator/v1/faults`).
    pub async fn pending_faults(&self) -> Vec<Value> {
        let v = self
            .control_get("/emulator/v1/faults")
            .await
            .expect("GET /emulator/v1/faults");
        v.as_array().cloned().unwrap_or_default()
    }

    /// Puts back the emulator's default pool settings.
    pub async fn restore_pool_settings(&self) {
        self.pool_settings(json!({
            "registerDisabled": false,
            "tokenExpiresAfter": 15 * 24 * 3600,
            "verifyOldPhone": false,
            "verifyOldEmail": false,
            "emailVerifiedDefault": false,
            "codeResendIntervalSeconds": 60,
            "mfaSms": false,
            "mfaEmail": false,
        }))
        .await;
    }

    // ---------------------------------------------------------------- raw GraphQL

    /// A management token fetched with the pool secret (`query accessToken`) over plain
    /// HTTP, without the SDK.
    pub async fn admin_token(&self) -> String {
        self.graphql(
            "query($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken } }",
            json!({"p": self.user_pool_id, "s": self.secret}),
            None,
        )
        .await["accessToken"]["accessToken"]
            .as_str()
            .expect("a management token")
            .to_owned()
    }

    async fn graphql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let mut req = self
            .http
            .post(format!("{}/graphql/v2", self.url))
            .header("x-authing-userpool-id", &self.user_pool_id)
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let v: Value = req
            .send()
            .await
            .expect("GraphQL request")
            .json()
            .await
            .expect("GraphQL JSON");
        assert!(v.get("errors").is_none(), "GraphQL errors: {v}");
        v["data"].clone()
    }

    /// Defines a custom user field with the management client, so that
    /// `set_udv(key, ..)` is accepted.
    pub async fn define_user_field(&self, key: &str, data_type: UdfDataType) {
        self.management()
            .udf()
            .set(UdfTargetType::User, key, data_type, key)
            .await
            .expect("udf().set");
    }
}

/// Registers `username`/`password` through `auth`, then logs in, returning the logged-in
/// user's id.
pub async fn register_and_login(
    auth: &AuthenticationClient,
    username: &str,
    password: &str,
) -> String {
    use authing::authentication::{LoginOptions, RegisterOptions};
    auth.register_by_username(username, password, &RegisterOptions::default())
        .await
        .expect("register_by_username");
    auth.login_by_username(username, password, &LoginOptions::default())
        .await
        .expect("login_by_username")
        .id
}

/// Plays a person at the emulator's hosted login page: `GET authorize_url` (the login
/// form), `POST` the account and password to the form's action, and returns the
/// `Location` the provider redirects to (the client's redirect URI with `code` and
/// `state`, or an OAuth error). `http` must not follow redirects.
pub async fn hosted_login(
    http: &reqwest::Client,
    authorize_url: &str,
    account: &str,
    password: &str,
) -> Result<String, String> {
    let page = http
        .get(authorize_url)
        .send()
        .await
        .map_err(|e| format!("GET authorize: {e}"))?;
    if page.status() != reqwest::StatusCode::OK {
        return Err(format!("GET authorize: HTTP {}", page.status()));
    }
    let base = page.url().clone();
    let html = page.text().await.map_err(|e| format!("form page: {e}"))?;
    let action = form_action(&html).ok_or("no <form action> on the login page")?;
    let action = base
        .join(&action)
        .map_err(|e| format!("form action: {e}"))?;
    let resp = http
        .post(action)
        .form(&[("account", account), ("password", password)])
        .send()
        .await
        .map_err(|e| format!("POST credentials: {e}"))?;
    if resp.status() != reqwest::StatusCode::FOUND {
        return Err(format!("login answered HTTP {}", resp.status()));
    }
    resp.headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| "no Location after login".to_owned())
}

/// The `action` of the first `<form` of a page (HTML-unescaped `&amp;`).
pub fn form_action(html: &str) -> Option<String> {
    let form = &html[html.find("<form")?..];
    let a = form.find("action=\"")? + 8;
    let end = form[a..].find('"')?;
    Some(form[a..a + end].replace("&amp;", "&"))
}
