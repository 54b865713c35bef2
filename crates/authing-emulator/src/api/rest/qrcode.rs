//! QR-code login (app scan) under `/api/v2/qrcode`: `POST gene`, `GET check?random=`,
//! `POST userinfo {ticket}`; the `{code, message, data}` envelope.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::Value;

use super::users::UserJson;
use super::{check_pool, err, json_body, ok};
use crate::domain::qrcode;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::users::UserRecord;

/// The routes of the QR-code login.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v2/qrcode/gene", post(gene))
        .route("/api/v2/qrcode/check", get(check))
        .route("/api/v2/qrcode/userinfo", post(userinfo))
}

/// `data` of `gene`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Generated {
    random: String,
    /// What the QR code carries (the emulator draws no picture): the code's status URL.
    url: String,
    custom_logo: Option<String>,
}

/// `userInfo` of `check`: what the browser may show about the scanning user.
#[derive(Serialize)]
struct ScannedBy {
    nickname: Option<String>,
    photo: Option<String>,
}

impl From<&UserRecord> for ScannedBy {
    fn from(u: &UserRecord) -> Self {
        Self {
            nickname: u.nickname.clone(),
            photo: u.photo.clone(),
        }
    }
}

/// `data` of `check`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Checked {
    random: String,
    status: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_info: Option<ScannedBy>,
}

/// `POST /api/v2/qrcode/gene` `{scene, context, params, ...}`.
async fn gene(State(sh): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&sh, &headers)?;
        let v = json_body(&body)?;
        let random = qrcode::gene(&sh, v.get("scene").and_then(Value::as_str))?;
        let base = sh.base_url.read().clone();
        let url = format!("{base}/api/v2/qrcode/check?random={random}");
        Ok(ok(
            "获取二维码成功",
            Generated {
                random,
                url,
                custom_logo: None,
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/qrcode/check?random=`.
async fn check(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&sh, &headers)?;
        let random = q
            .get("random")
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
            .ok_or_else(|| AuthingError::bad_request("random 不能为空 (random is required)"))?;
        let view = qrcode::check(&sh, random)?;
        Ok(ok(
            "查询二维码状态成功",
            Checked {
                random: random.to_string(),
                status: view.status.code(),
                ticket: view.ticket,
                user_info: view.user.as_ref().map(ScannedBy::from),
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/qrcode/userinfo` `{ticket}`: the user with a token.
async fn userinfo(State(sh): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&sh, &headers)?;
        let v = json_body(&body)?;
        let ticket = v
            .get("ticket")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| AuthingError::bad_request("ticket 不能为空 (ticket is required)"))?;
        let logged_in = qrcode::exchange(&sh, ticket, None)?;
        let store = sh.store.read();
        let user = UserJson::new(&store, &logged_in.user, false).with_token(logged_in.token);
        Ok(ok("换取用户信息成功", user))
    };
    run().unwrap_or_else(err)
}
