//! REST access-control endpoints: `POST /api/v2/acl/is-allowed` (the Node SDK's
//! `acl.isAllowed`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{admin, err, json_body, ok};
use crate::domain;
use crate::error::AuthingError;
use crate::shared::Shared;

/// `data` of `POST /api/v2/acl/is-allowed`.
#[derive(Serialize)]
struct IsAllowed {
    allowed: bool,
}

/// `POST /api/v2/acl/is-allowed` `{userId, resource, action, namespace?}` (management):
/// the same evaluation as `isActionAllowed` (DENY wins; unknown user → 2004; a missing
/// or non-string member → 2231).
pub(crate) async fn is_allowed(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let member = |key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .ok_or_else(|| AuthingError::new(2231, format!("缺少参数 {key} ({key} required)")))
        };
        let (user_id, resource, action) =
            (member("userId")?, member("resource")?, member("action")?);
        let namespace = domain::namespace(v.get("namespace").and_then(Value::as_str));
        let store = shared.store.read();
        let (allowed, _) =
            domain::policies::evaluate(&store, user_id, resource, action, &namespace)?;
        Ok(ok("获取成功", IsAllowed { allowed }))
    };
    run().unwrap_or_else(err)
}
