//! A local Authing-compatible server (v2 API) for tests and development.
//!
//! The emulator speaks Authing's wire protocol: GraphQL at `POST /graphql/v2` (and the
//! older `POST /v2/graphql`), REST under `/api/v2` with the `{code, message, data}`
//! envelope, Authing's error codes, RSA-encrypted passwords and HS256 JWT tokens. Test
//! controls (outbox of verification codes, clock, reset, fault injection) live under
//! `/emulator/v1` and never exist on the real service.
//!
//! ```no_run
//! # async fn demo() -> Result<(), authing_emulator::EmulatorError> {
//! let emu = authing_emulator::Emulator::builder().start().await?;
//! println!("{} pool={} app={}", emu.url(), emu.user_pool_id(), emu.app_id());
//! // point a client at emu.url(), with emu.secret() and emu.public_key_pem()
//! # Ok(()) }
//! ```
//!
//! The emulator is also an OpenID Connect provider (issuer [`Emulator::oidc_issuer`],
//! `{url}/oidc`) and OAuth 2.0 server (`{url}/oauth`) with a hosted login page, for the
//! pool's default application ([`Emulator::app_id`], [`Emulator::app_secret`], redirect
//! URIs from [`EmulatorBuilder::app_redirect_uri`]) and applications registered with
//! [`Emulator::register_application`]. Its initial RS256 signing key is another fixed,
//! well-known, non-secret key of this crate (`keys/oidc-signing-private.pem`).
//!
//! The server runs on the current tokio runtime and stops when the [`Emulator`] is dropped.
//! Several emulators can run in one process; each has its own pool, keys and state.
//!
//! The default RSA key pair is a fixed, **well-known, non-secret** emulator key shipped in
//! this crate (`keys/emulator-private.pem`), so that starting takes milliseconds. Pass
//! [`EmulatorBuilder::rsa_private_key_pem`] or [`EmulatorBuilder::generate_rsa_key`] to use
//! another one.

mod api;
mod clock;
mod control;
mod crypto;
mod domain;
mod error;
mod persist;
mod shared;
mod store;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use parking_lot::{Mutex, RwLock};
use serde_json::json;

pub use control::{
    ApplicationSpec, DirectoryAccount, DirectoryKind, Fault, PoolPatch, RegisteredApplication,
    TokenEndpointAuthMethod,
};
pub use error::EmulatorError;
pub use store::codes::{Channel, OutboxMessage};

use crate::clock::{Clock, iso_ms};
use crate::crypto::{DEFAULT_PRIVATE_KEY_PEM, Jwt, Keys, random_hex};
use crate::shared::{PoolIds, Shared, USER_TOKEN_TTL_SECS};
use crate::store::{PoolSettings, Store, snapshot};

/// Largest accepted request body (1 MiB); larger bodies get HTTP 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The emulator's GraphQL schema in SDL, e.g. to validate client documents against it.
pub fn schema_sdl() -> String {
    api::graphql::schema().sdl()
}

/// A running emulator. The server stops when this handle is dropped (and saves its
/// data file, if one was configured).
pub struct Emulator {
    shared: Arc<Shared>,
    url: String,
    app_secret: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    data_file: Option<PathBuf>,
    saver: Option<Saver>,
}

/// The background task saving the data file, and its stop signal.
struct Saver {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .field("user_pool_id", &self.shared.ids.user_pool_id)
            .field("app_id", &self.shared.ids.app_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl Emulator {
    /// A builder with the defaults: 127.0.0.1, any free port, random pool id/secret,
    /// the well-known emulator RSA key, state in memory.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The user pool id.
    pub fn user_pool_id(&self) -> &str {
        &self.shared.ids.user_pool_id
    }

    /// The pool secret, for `accessToken(userPoolId, secret)`.
    pub fn secret(&self) -> &str {
        &self.shared.ids.secret
    }

    /// The SPKI PEM (`-----BEGIN PUBLIC KEY-----`) clients encrypt passwords with.
    pub fn public_key_pem(&self) -> &str {
        &self.shared.keys.public_pem
    }

    /// Id of the pool's default application.
    pub fn app_id(&self) -> &str {
        &self.shared.ids.app_id
    }

    /// HS256 key of user tokens (also served by `userpool { jwtSecret }`).
    pub fn jwt_secret(&self) -> &str {
        &self.shared.ids.jwt_secret
    }

    /// Every verification code sent so far (SMS and email), oldest first.
    pub fn outbox(&self) -> Vec<OutboxMessage> {
        self.shared.store.read().outbox().messages().to_vec()
    }

    /// The latest code sent to a phone number or email address (case-insensitive).
    pub fn latest_code(&self, phone_or_email: &str) -> Option<String> {
        let to = store::codes::normalize_recipient(phone_or_email);
        self.shared
            .store
            .read()
            .outbox()
            .messages()
            .iter()
            .rev()
            .find(|m| m.to == to)
            .map(|m| m.code.clone())
    }

    /// Moves the emulator clock forward (tokens and codes expire by this clock).
    /// A step of more than 100 years, or one that would leave years 1970..=9999, is
    /// ignored (with a warning in the log); `POST /emulator/v1/clock` can also rewind.
    pub fn advance_clock(&self, by: Duration) {
        let step = i64::try_from(by.as_millis())
            .map_err(|_| "a clock step is at most 100 years".to_string())
            .and_then(|ms| self.shared.clock.try_advance_ms(ms));
        match step {
            Ok(_) => self.shared.mark_dirty(),
            Err(e) => tracing::warn!(error = %e, "advance_clock ignored"),
        }
    }

    /// Clears all state (users, roles, policies, custom data, outbox, faults) except
    /// the pool configuration, and sets the clock back to real time (offset 0).
    pub fn reset(&self) {
        control::reset_all(&self.shared);
    }

    /// Writes the data file now (no-op without one).
    pub fn save(&self) -> Result<(), EmulatorError> {
        match &self.data_file {
            Some(p) => persist::save(&self.shared, p),
            None => Ok(()),
        }
    }

    /// Stops the server and the periodic saver, waits (up to 5 s) for them to finish and
    /// saves the data file.
    pub async fn stop(mut self) -> Result<(), EmulatorError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(saver) = self.saver.take() {
            let _ = saver.stop.send(());
            let _ = tokio::time::timeout(Duration::from_secs(5), saver.task).await;
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
        let r = self.save();
        self.data_file = None; // already saved: Drop must not save again
        r
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(saver) = self.saver.take() {
            let _ = saver.stop.send(());
            saver.task.abort();
        }
        if let Some(p) = &self.data_file {
            if let Err(e) = persist::save(&self.shared, p) {
                tracing::error!(error = %e, "failed to save the emulator data file");
            }
        }
    }
}

/// Options of an [`Emulator`]; all optional.
#[derive(Default, Clone)]
pub struct EmulatorBuilder {
    host: Option<IpAddr>,
    port: u16,
    user_pool_id: Option<String>,
    secret: Option<String>,
    app_id: Option<String>,
    jwt_secret: Option<String>,
    rsa_private_key_pem: Option<String>,
    generate_rsa_key: bool,
    data_file: Option<PathBuf>,
    control_token: Option<String>,
    app_redirect_uris: Vec<String>,
}

impl std::fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user_pool_id", &self.user_pool_id)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("app_id", &self.app_id)
            .field("data_file", &self.data_file)
            .field(
                "control_token",
                &self.control_token.as_ref().map(|_| "<redacted>"),
            )
            .field("app_redirect_uris", &self.app_redirect_uris)
            .finish_non_exhaustive()
    }
}

fn default_keys() -> Result<Keys, EmulatorError> {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    if let Some(k) = KEYS.get() {
        return Ok(k.clone());
    }
    let k = Keys::from_pem(DEFAULT_PRIVATE_KEY_PEM)?;
    Ok(KEYS.get_or_init(|| k).clone())
}

impl EmulatorBuilder {
    /// Address to bind (default 127.0.0.1).
    pub fn host(mut self, ip: IpAddr) -> Self {
        self.host = Some(ip);
        self
    }

    /// Port to bind (default 0 = any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// User pool id (default: random 24 hex digits, or the data file's).
    pub fn user_pool_id(mut self, id: String) -> Self {
        self.user_pool_id = Some(id);
        self
    }

    /// Pool secret (default: random, or the data file's).
    pub fn secret(mut self, secret: String) -> Self {
        self.secret = Some(secret);
        self
    }

    /// Id of the default application (default: random, or the data file's).
    pub fn app_id(mut self, app_id: String) -> Self {
        self.app_id = Some(app_id);
        self
    }

    /// HS256 key of tokens (default: random, or the data file's).
    pub fn jwt_secret(mut self, jwt_secret: String) -> Self {
        self.jwt_secret = Some(jwt_secret);
        self
    }

    /// RSA private key (PKCS#8 or PKCS#1 PEM) used to decrypt passwords.
    pub fn rsa_private_key_pem(mut self, pem: String) -> Self {
        self.rsa_private_key_pem = Some(pem);
        self
    }

    /// Generate a fresh 1024-bit RSA key pair instead of the well-known emulator key
    /// (slower start, especially in debug builds).
    pub fn generate_rsa_key(mut self) -> Self {
        self.generate_rsa_key = true;
        self
    }

    /// Load state from this file at start (if it exists), save it at start (so
    /// [`start`](Self::start) fails when it cannot be written), within about a second
    /// of every change, and when the emulator stops (versioned JSON, mode 0600, written
    /// to a temporary file and renamed).
    pub fn data_file(mut self, path: PathBuf) -> Self {
        self.data_file = Some(path);
        self
    }

    /// Require this token in the `x-emulator-control-token` header of every
    /// `/emulator/v1` request. Without one, a token is generated when the emulator is
    /// bound to a non-loopback address (see [`Emulator::control_token`]); loopback
    /// emulators need none.
    pub fn control_token(mut self, token: String) -> Self {
        self.control_token = Some(token);
        self
    }

    /// Adds an allowed login **and** post-logout redirect URI of the default application
    /// (repeatable), e.g. `http://127.0.0.1:3000/callback`.
    pub fn app_redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.app_redirect_uris.push(uri.into());
        self
    }

    /// Binds the socket and starts serving on the current tokio runtime.
    pub async fn start(self) -> Result<Emulator, EmulatorError> {
        let keys = match (&self.rsa_private_key_pem, self.generate_rsa_key) {
            (Some(pem), _) => Keys::from_pem(pem)?,
            (None, true) => Keys::generate()?,
            (None, false) => default_keys()?,
        };
        let loaded = match &self.data_file {
            Some(p) => snapshot::load(p)?,
            None => None,
        };
        let (pool, settings, offset, data, apps) = match loaded {
            Some(l) => (
                Some(l.pool),
                Some(l.settings),
                l.clock_offset_ms,
                l.data,
                l.apps,
            ),
            None => (None, None, 0, Default::default(), Vec::new()),
        };
        let ids = PoolIds {
            user_pool_id: self
                .user_pool_id
                .or_else(|| pool.as_ref().map(|p| p.user_pool_id.clone()))
                .unwrap_or_else(|| random_hex(12)),
            secret: self
                .secret
                .or_else(|| pool.as_ref().map(|p| p.secret.clone()))
                .unwrap_or_else(|| random_hex(16)),
            jwt_secret: self
                .jwt_secret
                .or_else(|| pool.as_ref().map(|p| p.jwt_secret.clone()))
                .unwrap_or_else(|| random_hex(16)),
            management_secret: pool
                .as_ref()
                .map(|p| p.management_secret.clone())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| random_hex(32)),
            app_id: self
                .app_id
                .or_else(|| pool.as_ref().map(|p| p.app_id.clone()))
                .unwrap_or_else(|| random_hex(12)),
            owner_id: pool
                .as_ref()
                .map(|p| p.owner_id.clone())
                .unwrap_or_else(|| random_hex(12)),
        };
        let clock = Clock::default();
        clock.set_offset_ms(offset);
        let settings = settings.unwrap_or_else(|| PoolSettings {
            name: "authing-emulator".into(),
            domain: "emulator".into(),
            created_at: iso_ms(clock.now_ms()),
            token_expires_after: USER_TOKEN_TTL_SECS,
            register_disabled: false,
            email_verified_default: false,
            verify_old_phone: false,
            verify_old_email: false,
            code_resend_interval_ms: store::DEFAULT_CODE_RESEND_INTERVAL_MS,
            description: None,
            logo: None,
            allowed_origins: None,
            send_welcome_email: false,
            updated_at: None,
            mfa: Default::default(),
        });
        let ip = self.host.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let control_token = match self.control_token {
            Some(t) => Some(t),
            None if !ip.is_loopback() => Some(random_hex(16)),
            None => None,
        };
        let shared = Arc::new(Shared {
            jwt: Jwt::new(&ids.jwt_secret),
            management_jwt: Jwt::new(&ids.management_secret),
            oidc_keys: RwLock::new(domain::oidc::keys::SigningKeys::well_known()?),
            ids,
            keys,
            clock,
            store: RwLock::new(Store::new(settings, data).with_apps(apps)),
            faults: Mutex::new(Vec::new()),
            base_url: RwLock::new(String::new()),
            control: control::guard::Access {
                bound: OnceLock::new(),
                token: control_token,
            },
            generation: Default::default(),
            save_lock: Mutex::new(()),
            audit: Mutex::default(),
        });

        let addr = SocketAddr::new(ip, self.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| EmulatorError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        let local = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        let url = match local.ip() {
            IpAddr::V6(ip) => format!("http://[{ip}]:{}", local.port()),
            IpAddr::V4(ip) => format!("http://{ip}:{}", local.port()),
        };
        *shared.base_url.write() = url.clone();
        let app_secret = domain::oidc::ensure_default_app(&shared, &self.app_redirect_uris)
            .map_err(EmulatorError::Control)?;
        let _ = shared.control.bound.set(local);
        if !ip.is_loopback() {
            tracing::warn!(
                %url,
                "the emulator is bound to a non-loopback address: anyone who can reach it can \
                 use the pool; its controls need the x-emulator-control-token header"
            );
        }
        let saver = match &self.data_file {
            Some(p) => {
                persist::save(&shared, p)?;
                let (stop, rx) = tokio::sync::oneshot::channel();
                let task = persist::spawn_saver(shared.clone(), p.clone(), rx);
                Some(Saver { stop, task })
            }
            None => None,
        };

        let app = router(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "emulator server failed");
            }
        });
        tracing::debug!(%url, "authing emulator listening");
        Ok(Emulator {
            shared,
            url,
            app_secret,
            shutdown: Some(tx),
            task: Some(task),
            data_file: self.data_file,
            saver,
        })
    }
}

impl Emulator {
    /// The one-line JSON the binary prints: `{url, userPoolId, secret, publicKey, appId,
    /// appSecret, redirectUris}`, plus `controlToken` when one is set.
    pub fn info_json(&self) -> String {
        serde_json::to_string(&control::Info::new(&self.shared)).unwrap_or_default()
    }
}

/// Rejects bodies announced larger than [`MAX_BODY_BYTES`] with a clear JSON 413.
async fn size_guard(req: Request, next: Next) -> Response {
    let len = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(len) = len.filter(|l| *l > MAX_BODY_BYTES as u64) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            axum::Json(json!({
                "code": 413,
                "message": format!("request body too large: {len} bytes (limit {MAX_BODY_BYTES} bytes)"),
                "data": null,
                "errors": [{"message": format!("request body too large: {len} bytes (limit {MAX_BODY_BYTES} bytes)")}],
            })),
        )
            .into_response();
    }
    next.run(req).await
}

fn router(shared: Arc<Shared>) -> Router {
    let controls =
        control::routes().route_layer(from_fn_with_state(shared.clone(), control::guard::guard));
    // CORS on Authing's API only: the controls stay same-origin (see api/cors.rs).
    api::routes()
        .route_layer(from_fn_with_state(shared.clone(), api::audit::rest_layer))
        .layer(api::cors::layer(shared.clone()))
        .merge(controls)
        .fallback(api::rest::not_found)
        .layer(from_fn(api::rest::localize))
        .layer(from_fn_with_state(shared.clone(), control::fault_layer))
        .layer(from_fn_with_state(shared.clone(), persist::mark_dirty))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn(size_guard))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_answer,
        ))
        .with_state(shared)
}

/// Defence in depth: a handler that panics answers a well-formed JSON 500 (for REST and
/// GraphQL clients alike) instead of dropping the connection. No input should get here.
fn panic_answer(_payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked; answering 500");
    let message = "内部错误 (internal error of the emulator)";
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        axum::Json(json!({
            "code": 500,
            "message": message,
            "data": null,
            "errors": [{"message": message}],
        })),
    )
        .into_response()
}
