//! Fault injection: the [`Fault`] type (handle and `POST /emulator/v1/faults`) and the
//! middleware that applies queued faults to Authing API requests.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::shared::Shared;

/// Longest injectable delay (2 minutes).
const MAX_DELAY_MS: u64 = 120_000;

/// A fault for the next matching Authing API requests (control paths are exempt): an
/// HTTP status (with an optional `Retry-After` and raw body) and/or a delay.
///
/// ```
/// use std::time::Duration;
/// use authing_emulator::Fault;
/// let f = Fault::status(503).retry_after(2).count(3).path("/graphql");
/// let slow = Fault::delay(Duration::from_millis(200));
/// # let _ = (f, slow);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub(crate) status: Option<u16>,
    pub(crate) retry_after: Option<u64>,
    pub(crate) delay_ms: Option<u64>,
    pub(crate) count: u32,
    pub(crate) path: Option<String>,
    pub(crate) body: Option<String>,
}

impl Fault {
    /// Answer with this HTTP status (and a JSON envelope unless [`body`](Self::body) is set).
    pub fn status(status: u16) -> Self {
        Self {
            status: Some(status),
            ..Self::empty()
        }
    }

    /// Wait this long (at most 2 minutes), then serve the request normally.
    pub fn delay(delay: Duration) -> Self {
        Self {
            delay_ms: Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
            ..Self::empty()
        }
    }

    fn empty() -> Self {
        Self {
            status: None,
            retry_after: None,
            delay_ms: None,
            count: 1,
            path: None,
            body: None,
        }
    }

    /// Adds a `Retry-After: secs` header.
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// Applies to this many requests (default 1, at least 1).
    pub fn count(mut self, count: u32) -> Self {
        self.count = count;
        self
    }

    /// Applies only to requests whose path starts with `prefix` (default: any).
    pub fn path(mut self, prefix: &str) -> Self {
        self.path = Some(prefix.to_string());
        self
    }

    /// Answers with this raw body (`text/plain`) instead of a JSON envelope.
    pub fn body(mut self, body: String) -> Self {
        self.body = Some(body);
        self
    }

    /// The rules both the handle and the HTTP control apply.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.status.is_none() && self.delay_ms.is_none() {
            return Err("a fault needs a status and/or delayMs".into());
        }
        if let Some(s) = self.status {
            if !(100..=999).contains(&s) || StatusCode::from_u16(s).is_err() {
                return Err(format!("invalid status {s}"));
            }
        }
        if self.delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
            return Err(format!("delayMs must be <= {MAX_DELAY_MS}"));
        }
        if self.count == 0 {
            return Err("count must be >= 1".into());
        }
        Ok(())
    }
}

/// Body of `POST /emulator/v1/faults`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FaultBody {
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    retry_after: Option<u64>,
    #[serde(default)]
    delay_ms: Option<u64>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

impl From<FaultBody> for Fault {
    fn from(b: FaultBody) -> Self {
        Self {
            status: b.status,
            retry_after: b.retry_after,
            delay_ms: b.delay_ms,
            count: b.count.unwrap_or(1),
            path: b.path,
            body: b.body,
        }
    }
}

/// A pending fault as `GET /emulator/v1/faults` lists it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FaultView {
    status: Option<u16>,
    retry_after: Option<u64>,
    delay_ms: Option<u64>,
    count: u32,
    path: Option<String>,
    body: Option<String>,
}

impl From<&Fault> for FaultView {
    fn from(f: &Fault) -> Self {
        Self {
            status: f.status,
            retry_after: f.retry_after,
            delay_ms: f.delay_ms,
            count: f.count,
            path: f.path.clone(),
            body: f.body.clone(),
        }
    }
}

/// Queues a fault after checking it.
pub(crate) fn inject(shared: &Shared, f: Fault) -> Result<(), String> {
    f.validate()?;
    shared.faults.lock().push(f);
    Ok(())
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
            faults[i].count = faults[i].count.saturating_sub(1);
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
