//! Emulator-only controls under `/emulator/v1` (never part of Authing's API), and the
//! fault-injection middleware.
//!
//! | method & path | body / query | effect |
//! |---|---|---|
//! | `GET /emulator/v1/info` | | `{url, userPoolId, secret, publicKey, appId, appSecret, redirectUris, controlToken?}` |
//! | `GET /emulator/v1/outbox` | `?phone=` or `?email=` (optional) | sent codes, oldest first |
//! | `POST /emulator/v1/reset` | | clears users, roles, policies, custom data, outbox, faults, OIDC codes/grants/login sessions (keeps applications); clock offset 0 |
//! | `GET /emulator/v1/clock` | | `{nowMs, now, offsetMs}` |
//! | `POST /emulator/v1/clock` | `{"advanceSeconds": N}` | moves the emulator clock (negative: back; \|N\| ≤ 100 years) |
//! | `POST /emulator/v1/pool` | `{"registerDisabled", "tokenExpiresAfter", "verifyOldPhone", "verifyOldEmail", "emailVerifiedDefault", "codeResendIntervalSeconds", "mfaSms", "mfaEmail"}` | changes pool settings (`mfaSms` / `mfaEmail`: every login needs an SMS / email second factor) |
//! | `GET /emulator/v1/faults` | | pending faults |
//! | `POST /emulator/v1/faults` | `{"status", "retryAfter", "delayMs", "count", "path", "body"}` | queues a fault for the next `count` (default 1) requests whose path starts with `path` (default: any non-emulator path) |
//! | `DELETE /emulator/v1/faults` | | clears faults |
//! | `POST /emulator/v1/applications` | `{"name", "redirectUris"?, "logoutRedirectUris"?, "tokenEndpointAuthMethod"?}` (`client_secret_post` default, `client_secret_basic`, `none`) | registers an OIDC/OAuth application; data `{appId, appSecret, name, redirectUris, logoutRedirectUris, tokenEndpointAuthMethod}` |
//! | `POST /emulator/v1/directory` | `{"kind": "ldap"\|"ad", "username", "password", "email"?, "phone"?, "nickname"?}` | adds (replaces) an account of the emulated LDAP / AD directory (in memory; `reset` clears it) |
//! | `POST /emulator/v1/users/force-password-reset` | `{"userId"}` | the user's next password login fails with 2058 and a reset token until `resetPasswordByForceResetToken` |
//! | `POST /emulator/v1/oidc/rotate-keys` | `{}` | new RS256 signing key with a new kid (data `{kid}`); previous keys stay in the JWKS |
//! | `POST /emulator/v1/qrcode/{random}/scan` | `{"userId"}` | the user's phone scans the QR code (status 0 → 1); data `{random, status}` |
//! | `POST /emulator/v1/qrcode/{random}/confirm` | `{}` | the user confirms (1 → 2, a ticket is issued) |
//! | `POST /emulator/v1/qrcode/{random}/cancel` | `{}` | the user cancels (0 or 1 → 3) |
//!
//! Every control checks [`guard::guard`] first: `Host` must be the bound address or a
//! loopback name (else 403), the `x-emulator-control-token` header must match when a
//! control token is set (else 401), and POSTs need `content-type: application/json`
//! (else 415). Answers use the `{code, message, data}` envelope with explicit types.

mod accounts;
mod apps;
mod faults;
pub(crate) mod guard;
mod handle;
mod pool;
mod qrcode;

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

pub use accounts::{DirectoryAccount, DirectoryKind};
pub use apps::{ApplicationSpec, RegisteredApplication, TokenEndpointAuthMethod};
pub use faults::Fault;
pub(crate) use faults::fault_layer;
pub use pool::PoolPatch;

use crate::clock::{MAX_STEP_MS, iso_ms};
use crate::shared::Shared;
use crate::store::codes::{Channel, OutboxMessage, normalize_recipient};

/// `{code, message, data}`.
#[derive(Serialize)]
struct Envelope<T: Serialize> {
    code: u16,
    message: String,
    data: Option<T>,
}

fn ok<T: Serialize>(data: Option<T>) -> Response {
    axum::Json(Envelope {
        code: 200,
        message: "ok".into(),
        data,
    })
    .into_response()
}

fn bad(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(Envelope::<()> {
            code: 400,
            message,
            data: None,
        }),
    )
        .into_response()
}

/// The routes under `/emulator/v1` (the router adds [`guard::guard`] to them).
pub(crate) fn routes() -> axum::Router<Arc<Shared>> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/emulator/v1/info", get(info))
        .route("/emulator/v1/outbox", get(outbox))
        .route("/emulator/v1/reset", post(reset))
        .route("/emulator/v1/clock", get(clock_get).post(clock_advance))
        .route("/emulator/v1/pool", post(pool_settings))
        .route("/emulator/v1/applications", post(apps::register))
        .route("/emulator/v1/oidc/rotate-keys", post(apps::rotate_keys))
        .route("/emulator/v1/qrcode/{random}/scan", post(qrcode::scan))
        .route(
            "/emulator/v1/qrcode/{random}/confirm",
            post(qrcode::confirm),
        )
        .route("/emulator/v1/qrcode/{random}/cancel", post(qrcode::cancel))
        .route("/emulator/v1/directory", post(accounts::directory))
        .route(
            "/emulator/v1/users/force-password-reset",
            post(accounts::force_password_reset),
        )
        .route(
            "/emulator/v1/faults",
            get(faults_list).post(faults_add).delete(faults_clear),
        )
}

/// What the binary prints and `GET /emulator/v1/info` answers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Info {
    url: String,
    user_pool_id: String,
    secret: String,
    public_key: String,
    app_id: String,
    /// The default application's client secret.
    app_secret: String,
    /// The default application's login redirect URIs.
    redirect_uris: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    control_token: Option<String>,
}

impl Info {
    pub fn new(shared: &Shared) -> Self {
        let (app_secret, redirect_uris) = shared
            .store
            .read()
            .apps()
            .get(&shared.ids.app_id)
            .map(|a| (a.secret.clone(), a.redirect_uris.clone()))
            .unwrap_or_default();
        Self {
            app_secret,
            redirect_uris,
            url: shared.base_url.read().clone(),
            user_pool_id: shared.ids.user_pool_id.clone(),
            secret: shared.ids.secret.clone(),
            public_key: shared.keys.public_pem.clone(),
            app_id: shared.ids.app_id.clone(),
            control_token: shared.control.token.clone(),
        }
    }
}

/// `GET /emulator/v1/info`.
async fn info(State(shared): State<Arc<Shared>>) -> Response {
    ok(Some(Info::new(&shared)))
}

/// One outbox entry as `GET /emulator/v1/outbox` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutboxEntry {
    channel: Channel,
    to: String,
    code: String,
    scene: Option<String>,
    sent_at: String,
    expires_at_ms: i64,
    consumed: bool,
    attempts_left: u32,
    replaced: bool,
}

impl From<&OutboxMessage> for OutboxEntry {
    fn from(m: &OutboxMessage) -> Self {
        Self {
            channel: m.channel,
            to: m.to.clone(),
            code: m.code.clone(),
            scene: m.scene.clone(),
            sent_at: m.sent_at.clone(),
            expires_at_ms: m.expires_at_ms,
            consumed: m.consumed,
            attempts_left: m.attempts_left,
            replaced: m.replaced,
        }
    }
}

/// `GET /emulator/v1/outbox`.
async fn outbox(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let filter = q
        .get("phone")
        .or_else(|| q.get("email"))
        .or_else(|| q.get("to"))
        .map(|s| normalize_recipient(s));
    let list: Vec<OutboxEntry> = shared
        .store
        .read()
        .outbox()
        .messages()
        .iter()
        .filter(|m| filter.as_ref().is_none_or(|f| &m.to == f))
        .map(OutboxEntry::from)
        .collect();
    ok(Some(list))
}

/// Clears all data, the outbox and the faults, and sets the clock offset back to 0.
pub(crate) fn reset_all(shared: &Shared) {
    shared.store.write().reset();
    shared.faults.lock().clear();
    *shared.audit.lock() = Default::default();
    shared.clock.set_offset_ms(0);
    shared.mark_dirty();
}

/// `POST /emulator/v1/reset`.
async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    reset_all(&shared);
    ok(None::<()>)
}

/// `{nowMs, now, offsetMs}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClockView {
    now_ms: i64,
    now: String,
    offset_ms: i64,
}

impl ClockView {
    fn new(shared: &Shared) -> Self {
        let now_ms = shared.clock.now_ms();
        Self {
            now_ms,
            now: iso_ms(now_ms),
            offset_ms: shared.clock.offset_ms(),
        }
    }
}

/// `GET /emulator/v1/clock`.
async fn clock_get(State(shared): State<Arc<Shared>>) -> Response {
    ok(Some(ClockView::new(&shared)))
}

/// `POST /emulator/v1/clock` `{"advanceSeconds": N}`: N may be negative (rewind);
/// non-finite N, |N| over 100 years or a result outside years 1970..=9999 → 400.
async fn clock_advance(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Advance {
        advance_seconds: f64,
    }
    let a = match serde_json::from_slice::<Advance>(&body) {
        Ok(a) => a,
        Err(e) => return bad(format!("expected {{\"advanceSeconds\": N}}: {e}")),
    };
    let max_secs = (MAX_STEP_MS / 1000) as f64;
    if !a.advance_seconds.is_finite() || a.advance_seconds.abs() > max_secs {
        return bad("advanceSeconds must be a finite number of at most 100 years".into());
    }
    // |ms| <= 3.2e12: exact in f64 and in i64
    let ms = (a.advance_seconds * 1000.0).round() as i64;
    match shared.clock.try_advance_ms(ms) {
        Ok(_) => {
            shared.mark_dirty();
            ok(Some(ClockView::new(&shared)))
        }
        Err(e) => bad(e),
    }
}

/// `POST /emulator/v1/pool`: pool settings.
async fn pool_settings(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let patch = match serde_json::from_slice::<pool::PoolBody>(&body) {
        Ok(b) => match PoolPatch::try_from(b) {
            Ok(p) => p,
            Err(e) => return bad(e),
        },
        Err(e) => return bad(format!("invalid pool settings: {e}")),
    };
    let mut store = shared.store.write();
    if let Err(e) = patch.apply(store.settings_mut()) {
        return bad(e);
    }
    let view = pool::PoolView::from(store.settings());
    drop(store);
    shared.mark_dirty();
    ok(Some(view))
}

/// `GET /emulator/v1/faults`.
async fn faults_list(State(shared): State<Arc<Shared>>) -> Response {
    let list: Vec<faults::FaultView> = shared
        .faults
        .lock()
        .iter()
        .map(faults::FaultView::from)
        .collect();
    ok(Some(list))
}

/// `POST /emulator/v1/faults`.
async fn faults_add(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let f = match serde_json::from_slice::<faults::FaultBody>(&body) {
        Ok(f) => Fault::from(f),
        Err(e) => {
            return bad(format!(
                "expected {{\"status\"?, \"retryAfter\"?, \"delayMs\"?, \"count\"?, \"path\"?, \"body\"?}}: {e}"
            ));
        }
    };
    match faults::inject(&shared, f) {
        Ok(()) => ok(None::<()>),
        Err(e) => bad(e),
    }
}

/// `DELETE /emulator/v1/faults`.
async fn faults_clear(State(shared): State<Arc<Shared>>) -> Response {
    shared.faults.lock().clear();
    ok(None::<()>)
}
