//! REST authentication endpoints: `POST /api/v2/sms/send`, `GET /api/v2/.well-known`,
//! `GET /api/v2/logout`, `POST /api/v2/password/check`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{bearer, check_pool, err, json_body, ok};
use crate::domain::{self, tokens};
use crate::error::AuthingError;
use crate::shared::Shared;

/// `data` of `/.well-known`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WellKnown<'a> {
    public_key: &'a str,
    user_pool_id: &'a str,
    app_id: &'a str,
}

/// `data` of `/password/check`.
#[derive(Serialize)]
struct PasswordCheck {
    valid: bool,
    message: &'static str,
}

/// `POST /api/v2/sms/send` `{phone}`: a 6-digit code goes to the outbox.
pub(crate) async fn sms_send(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let v = json_body(&body)?;
        let phone = v.get("phone").and_then(Value::as_str).unwrap_or("");
        domain::codes::send_sms(&shared, phone)?;
        Ok(ok("发送成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/.well-known`: `data.publicKey` is the PEM clients encrypt passwords with.
pub(crate) async fn well_known(State(shared): State<Arc<Shared>>) -> Response {
    ok(
        "获取成功",
        WellKnown {
            public_key: &shared.keys.public_pem,
            user_pool_id: &shared.ids.user_pool_id,
            app_id: &shared.ids.app_id,
        },
    )
}

/// `GET /api/v2/logout`: revokes the bearer's token. Any token problem → 2020.
pub(crate) async fn logout(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let token = bearer(&headers).ok_or_else(AuthingError::not_logged_in)?;
        tokens::logout(&shared, &token)?;
        Ok(ok("退出登录成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/password/check` `{password}` (clear text): the pool's rule is "non-empty".
pub(crate) async fn password_check(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let v = json_body(&body)?;
        let pw = v.get("password").and_then(Value::as_str).unwrap_or("");
        let valid = domain::password_is_valid(pw);
        Ok(ok(
            "检查完成",
            PasswordCheck {
                valid,
                message: if valid {
                    "密码验证成功"
                } else {
                    "密码不能为空"
                },
            },
        ))
    };
    run().unwrap_or_else(err)
}
