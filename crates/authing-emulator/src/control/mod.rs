//! Emulator-only controls under `/emulator/v1` (never part of Authing's API), and the
//! fault-injection middleware.
//!
//! | method & path | body / query | effect |
//! |---|---|---|
//! | `GET /emulator/v1/info` | | `{url, userPoolId, secret, publicKey, appId}` |
//! | `GET /emulator/v1/outbox` | `?phone=` or `?email=` (optional) | sent codes, oldest first |
//! | `POST /emulator/v1/reset` | | clears users, roles, policies, custom data, outbox, faults |
//! | `GET /emulator/v1/clock` | | `{nowMs, now, offsetMs}` |
//! | `POST /emulator/v1/clock` | `{"advanceSeconds": N}` | moves the emulator clock forward |
//! | `POST /emulator/v1/pool` | `{"registerDisabled", "tokenExpiresAfter", "verifyOldPhone", "verifyOldEmail", "emailVerifiedDefault"}` | changes pool settings |
//! | `GET /emulator/v1/faults` | | pending faults |
//! | `POST /emulator/v1/faults` | `{"status", "retryAfter", "delayMs", "count", "path", "body"}` | queues a fault for the next `count` (default 1) requests whose path starts with `path` (default: any non-emulator path) |
//! | `DELETE /emulator/v1/faults` | | clears faults |
//!
//! Answers use the `{code, message, data}` envelope.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::clock::iso_ms;
use crate::shared::Shared;
use crate::store::codes::normalize_recipient;

/// `{code: 200, message, data}`.
fn ok(message: &str, data: Value) -> Response {
    axum::Json(json!({"code": 200, "message": message, "data": data})).into_response()
}

/// One queued fault.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Fault {
    /// HTTP status to answer with (none: only delay, then serve normally).
    #[serde(default)]
    pub status: Option<u16>,
    /// `Retry-After` header value in seconds.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// Delay before answering.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// How many requests it applies to.
    #[serde(default = "one")]
    pub count: u32,
    /// Only requests whose path starts with this.
    #[serde(default)]
    pub path: Option<String>,
    /// Raw response body (default: a JSON envelope).
    #[serde(default)]
    pub body: Option<String>,
}

fn one() -> u32 {
    1
}

fn bad(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"code": 400, "message": message, "data": null})),
    )
        .into_response()
}

/// The routes under `/emulator/v1`.
pub(crate) fn routes() -> axum::Router<Arc<Shared>> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/emulator/v1/info", get(info))
        .route("/emulator/v1/outbox", get(outbox))
        .route("/emulator/v1/reset", post(reset))
        .route("/emulator/v1/clock", get(clock_get).post(clock_advance))
        .route("/emulator/v1/pool", post(pool_settings))
        .route(
            "/emulator/v1/faults",
            get(faults_list).post(faults_add).delete(faults_clear),
        )
}

/// `GET /emulator/v1/info`.
pub(crate) async fn info(State(shared): State<Arc<Shared>>) -> Response {
    ok("ok", crate::info_json(&shared))
}

/// `GET /emulator/v1/outbox`.
pub(crate) async fn outbox(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let filter = q
        .get("phone")
        .or_else(|| q.get("email"))
        .or_else(|| q.get("to"))
        .map(|s| normalize_recipient(s));
    let list: Vec<Value> = shared
        .store
        .read()
        .outbox()
        .messages()
        .iter()
        .filter(|m| filter.as_ref().is_none_or(|f| &m.to == f))
        .map(|m| serde_json::to_value(m).unwrap_or(Value::Null))
        .collect();
    ok("ok", Value::Array(list))
}

/// `POST /emulator/v1/reset`.
pub(crate) async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.store.write().reset();
    shared.faults.lock().clear();
    ok("reset", Value::Null)
}

fn clock_json(shared: &Shared) -> Value {
    let now = shared.clock.now_ms();
    json!({"nowMs": now, "now": iso_ms(now), "offsetMs": shared.clock.offset_ms()})
}

/// `GET /emulator/v1/clock`.
pub(crate) async fn clock_get(State(shared): State<Arc<Shared>>) -> Response {
    ok("ok", clock_json(&shared))
}

/// `POST /emulator/v1/clock` `{"advanceSeconds": N}`.
pub(crate) async fn clock_advance(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Advance {
        advance_seconds: f64,
    }
    match serde_json::from_slice::<Advance>(&body) {
        Ok(a) if a.advance_seconds.is_finite() && a.advance_seconds >= 0.0 => {
            shared.clock.advance_ms((a.advance_seconds * 1000.0) as i64);
            ok("ok", clock_json(&shared))
        }
        Ok(_) => bad("advanceSeconds must be a finite number >= 0".into()),
        Err(e) => bad(format!("expected {{\"advanceSeconds\": N}}: {e}")),
    }
}

/// `POST /emulator/v1/pool`: pool settings.
pub(crate) async fn pool_settings(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Settings {
        register_disabled: Option<bool>,
        token_expires_after: Option<i32>,
        verify_old_phone: Option<bool>,
        verify_old_email: Option<bool>,
        email_verified_default: Option<bool>,
    }
    let s = match serde_json::from_slice::<Settings>(&body) {
        Ok(s) => s,
        Err(e) => return bad(format!("invalid pool settings: {e}")),
    };
    let mut store = shared.store.write();
    let st = store.settings_mut();
    if let Some(v) = s.register_disabled {
        st.register_disabled = v;
    }
    if let Some(v) = s.token_expires_after {
        if v < 1 {
            return bad("tokenExpiresAfter must be >= 1".into());
        }
        st.token_expires_after = v;
    }
    if let Some(v) = s.verify_old_phone {
        st.verify_old_phone = v;
    }
    if let Some(v) = s.verify_old_email {
        st.verify_old_email = v;
    }
    if let Some(v) = s.email_verified_default {
        st.email_verified_default = v;
    }
    let v = serde_json::to_value(&*st).unwrap_or(Value::Null);
    ok("ok", v)
}

/// `GET /emulator/v1/faults`.
pub(crate) async fn faults_list(State(shared): State<Arc<Shared>>) -> Response {
    let list = serde_json::to_value(&*shared.faults.lock()).unwrap_or(Value::Null);
    ok("ok", list)
}

/// `POST /emulator/v1/faults`.
pub(crate) async fn faults_add(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let f = match serde_json::from_slice::<Fault>(&body) {
        Ok(f) => f,
        Err(e) => {
            return bad(format!(
                "expected {{\"status\"?, \"retryAfter\"?, \"delayMs\"?, \"count\"?, \"path\"?, \"body\"?}}: {e}"
            ));
        }
    };
    if f.status.is_none() && f.delay_ms.is_none() {
        return bad("a fault needs a status and/or delayMs".into());
    }
    if let Some(s) = f.status {
        if StatusCode::from_u16(s).is_err() || s < 100 {
            return bad(format!("invalid status {s}"));
        }
    }
    if f.delay_ms.is_some_and(|d| d > 120_000) {
        return bad("delayMs must be <= 120000".into());
    }
    if f.count == 0 {
        return bad("count must be >= 1".into());
    }
    shared.faults.lock().push(f);
    ok("ok", Value::Null)
}

/// `DELETE /emulator/v1/faults`.
pub(crate) async fn faults_clear(State(shared): State<Arc<Shared>>) -> Response {
    shared.faults.lock().clear();
    ok("ok", Value::Null)
}

/// Applies the first pending fault matching the request path (control paths are exempt).
pub(crate) async fn fault_layer(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    if path.starts_with("/emulator/") {
        return next.run(req).await;
    }
    let fault = {
        let mut faults = shared.faults.lock();
        let pos = faults
            .iter()
            .position(|f| f.path.as_deref().is_none_or(|p| path.starts_with(p)));
        pos.map(|i| {
            let f = faults[i].clone();
            faults[i].count -= 1;
            if faults[i].count == 0 {
                faults.remove(i);
            }
            f
        })
    };
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    if let Some(ms) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let Some(status) = fault.status.and_then(|s| StatusCode::from_u16(s).ok()) else {
        return next.run(req).await;
    };
    let body = fault.body.clone().unwrap_or_else(|| {
        json!({
            "code": status.as_u16(),
            "message": format!("emulated fault: HTTP {}", status.as_u16()),
            "data": null
        })
        .to_string()
    });
    let ct = if fault.body.is_some() {
        "text/plain; charset=utf-8"
    } else {
        "application/json"
    };
    let mut resp = Response::builder()
        .status(status)
        .header("content-type", ct)
        .header("x-authing-emulator-fault", "1");
    if let Some(ra) = fault.retry_after {
        resp = resp.header("retry-after", ra.to_string());
    }
    resp.body(Body::from(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
