//! `GET` / `POST /api/v2/users/{id}/management/principal_authentication` (management):
//! a user's principal (real-name) authentication and submitting one. The body is the JS
//! SDK's `{type: "P" | "E", name, idCard, ext}`; rules and codes in
//! `domain::principal`. Answers mask `idCard` (and a person's bank card, `ext`) except
//! the last 4 characters.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{admin, err, json_body, ok};
use crate::domain::principal::{self, Submission, mask};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::principal::{PrincipalKind, PrincipalRecord};

/// A recorded authentication, masked.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PrincipalJson {
    id: String,
    user_id: String,
    user_pool_id: String,
    r#type: &'static str,
    name: String,
    id_card: String,
    ext: String,
    authenticated: bool,
    created_at: String,
}

impl PrincipalJson {
    fn new(sh: &Shared, r: &PrincipalRecord) -> Self {
        Self {
            id: r.id.clone(),
            user_id: r.user_id.clone(),
            user_pool_id: sh.ids.user_pool_id.clone(),
            r#type: r.kind.wire(),
            name: r.name.clone(),
            id_card: mask(&r.id_card),
            ext: match r.kind {
                PrincipalKind::Person => mask(&r.ext),
                PrincipalKind::Enterprise => r.ext.clone(),
            },
            authenticated: true,
            created_at: r.authenticated_at.clone(),
        }
    }
}

/// `GET`: the user's authentication or `null`; unknown user → 2004.
pub(crate) async fn detail(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let store = sh.store.read();
        if store.users().get(&id).is_none() {
            return Err(AuthingError::user_not_found());
        }
        let found = store
            .principals()
            .get(&id)
            .map(|r| PrincipalJson::new(&sh, r));
        Ok(ok("获取成功", found))
    };
    run().unwrap_or_else(err)
}

/// `POST`: validates and records a submission; answers the masked record.
pub(crate) async fn authenticate(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let text = |k: &str| match v.get(k) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        let submission = Submission {
            kind: text("type"),
            name: text("name"),
            id_card: text("idCard"),
            ext: text("ext"),
        };
        let record = principal::authenticate(&sh, &id, submission)?;
        Ok(ok("认证成功", PrincipalJson::new(&sh, &record)))
    };
    run().unwrap_or_else(err)
}
