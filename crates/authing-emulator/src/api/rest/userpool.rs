//! REST user-pool endpoint: `GET /api/v2/userpools/detail` (management).

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::{admin, err, ok};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::whitelist::WhitelistKind;

/// Registration whitelist switches.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Whitelist {
    phone_enabled: bool,
    email_enabled: bool,
    username_enabled: bool,
}

/// `data` of `/userpools/detail`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserPoolJson {
    id: String,
    name: String,
    domain: String,
    secret: String,
    jwt_secret: String,
    created_at: String,
    token_expires_after: i32,
    register_disabled: bool,
    description: Option<String>,
    whitelist: Whitelist,
}

/// `GET /api/v2/userpools/detail` (management).
pub(crate) async fn userpool_detail(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let store = shared.store.read();
        let s = store.settings().clone();
        let w = store.whitelist();
        let whitelist = Whitelist {
            phone_enabled: w.enabled(WhitelistKind::Phone),
            email_enabled: w.enabled(WhitelistKind::Email),
            username_enabled: w.enabled(WhitelistKind::Username),
        };
        drop(store);
        Ok(ok(
            "获取成功",
            UserPoolJson {
                id: shared.ids.user_pool_id.clone(),
                name: s.name,
                domain: s.domain,
                secret: shared.ids.secret.clone(),
                jwt_secret: shared.ids.jwt_secret.clone(),
                created_at: s.created_at,
                token_expires_after: s.token_expires_after,
                register_disabled: s.register_disabled,
                description: s.description,
                whitelist,
            },
        ))
    };
    run().unwrap_or_else(err)
}
