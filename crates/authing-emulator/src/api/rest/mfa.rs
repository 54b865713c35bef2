//! MFA REST endpoints. Authentication side (bearer = the `mfaToken` of a login that
//! answered 1635, or a user token): `/api/v2/mfa/authenticator`,
//! `/api/v2/mfa/totp/associate[/confirm]`, `/api/v2/mfa/totp/verify`,
//! `/api/v2/mfa/totp/recovery`, `/api/v2/applications/mfa/{sms,email}/verify`,
//! `/api/v2/applications/mfa/check`. Management side (management token):
//! `/api/v2/users/{id}/mfa-bound` (GET, DELETE `?type=`), `/api/v2/mfa/totp/import`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::users::UserJson;
use super::{admin, bearer, check_pool, err, json_body, ok};
use crate::domain::login::LoggedIn;
use crate::domain::mfa::{self, CodeFactor};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::mfa::TotpRecord;

/// An authenticator in `GET /mfa/authenticator`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticatorJson {
    id: String,
    created_at: String,
    updated_at: String,
    user_id: String,
    enable: bool,
    secret: String,
    authenticator_type: &'static str,
    recovery_code: Option<String>,
}

impl From<TotpRecord> for AuthenticatorJson {
    fn from(r: TotpRecord) -> Self {
        Self {
            id: r.id,
            created_at: r.created_at,
            updated_at: r.updated_at,
            user_id: r.user_id,
            enable: true,
            secret: r.secret,
            authenticator_type: "totp",
            recovery_code: r.recovery_code,
        }
    }
}

/// `data` of `POST /mfa/totp/associate` (snake_case, as the service answers).
#[derive(Serialize)]
struct Associated {
    authenticator_type: &'static str,
    secret: String,
    qrcode_uri: String,
    /// The emulator renders no QR image: `null`.
    qrcode_data_url: Option<String>,
    recovery_code: Option<String>,
}

/// `data` of `GET /users/{id}/mfa-bound`.
#[derive(Serialize)]
struct MfaBound {
    #[serde(rename = "OTP")]
    otp: bool,
    #[serde(rename = "FACE")]
    face: bool,
}

/// `data` of `POST /mfa/totp/import`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Imported {
    id: String,
    user_id: String,
    secret: String,
    recovery_code: Option<String>,
    authenticator_type: &'static str,
    created_at: String,
}

fn str_of<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_str))
}

fn logged_in(shared: &Shared, l: LoggedIn) -> Result<Response, AuthingError> {
    let store = shared.store.read();
    let json = UserJson::new(&store, &l.user, false).with_token(l.token);
    Ok(ok("登录成功", json))
}

/// Runs `f` with the pool checked and the bearer as the `mfaToken`.
fn with_ticket(
    shared: &Shared,
    headers: &HeaderMap,
    f: impl FnOnce(&str) -> Result<Response, AuthingError>,
) -> Response {
    let run = || {
        check_pool(shared, headers)?;
        let token = bearer(headers).ok_or_else(AuthingError::not_logged_in)?;
        f(&token)
    };
    run().unwrap_or_else(err)
}

/// Runs `f` with the pool checked, the caller's user id (mfaToken or user token) and
/// whether the bearer was an mfaToken (the first factor only).
fn with_caller(
    shared: &Shared,
    headers: &HeaderMap,
    f: impl FnOnce(&str, bool) -> Result<Response, AuthingError>,
) -> Response {
    let run = || {
        check_pool(shared, headers)?;
        let (id, by_ticket) = mfa::caller(shared, bearer(headers).as_deref())?;
        f(&id, by_ticket)
    };
    run().unwrap_or_else(err)
}

/// [`with_caller`] for endpoints that treat both bearers alike.
fn with_user(
    shared: &Shared,
    headers: &HeaderMap,
    f: impl FnOnce(&str) -> Result<Response, AuthingError>,
) -> Response {
    with_caller(shared, headers, |id, _| f(id))
}

/// `GET /api/v2/mfa/authenticator?type=totp&source=SELF`.
pub(crate) async fn authenticators(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    with_caller(&shared, &headers, |id, by_ticket| {
        let kind = q.get("type").map_or("totp", String::as_str);
        let list: Vec<AuthenticatorJson> = mfa::authenticators(&shared, id, kind)
            .into_iter()
            .map(|r| {
                let mut j = AuthenticatorJson::from(r);
                if by_ticket {
                    // Half-logged-in callers (password only) never see the second
                    // factor's secrets: that would let them skip it.
                    j.secret = String::new();
                    j.recovery_code = None;
                }
                j
            })
            .collect();
        Ok(ok("获取成功", list))
    })
}

/// `POST /api/v2/mfa/totp/associate` `{authenticatorType, source}`.
pub(crate) async fn associate(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_user(&shared, &headers, |id| {
        json_body(&body)?;
        let r = mfa::associate(&shared, id)?;
        let account = shared
            .store
            .read()
            .users()
            .get(id)
            .and_then(|u| u.email.clone().or(u.phone.clone()).or(u.username.clone()))
            .unwrap_or_else(|| id.to_string());
        let issuer = shared.store.read().settings().name.clone();
        let qrcode_uri = format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
            enc(&issuer),
            enc(&account),
            r.secret,
            enc(&issuer)
        );
        Ok(ok(
            "获取成功",
            Associated {
                authenticator_type: "totp",
                secret: r.secret,
                qrcode_uri,
                qrcode_data_url: None,
                recovery_code: r.recovery_code,
            },
        ))
    })
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// `POST /api/v2/mfa/totp/associate/confirm` `{authenticatorType, source, totp}`.
pub(crate) async fn confirm(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_user(&shared, &headers, |id| {
        let v = json_body(&body)?;
        mfa::confirm(&shared, id, str_of(&v, &["totp"]).unwrap_or(""))?;
        Ok(ok("TOTP MFA 绑定成功", Value::Null))
    })
}

/// `DELETE /api/v2/mfa/totp/associate` (user token).
pub(crate) async fn delete(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    with_user(&shared, &headers, |id| {
        mfa::unbind(&shared, id)?;
        Ok(ok("TOTP MFA 解绑成功", Value::Null))
    })
}

/// `POST /api/v2/mfa/totp/verify` `{totp}`, bearer = mfaToken.
pub(crate) async fn verify_totp(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_ticket(&shared, &headers, |t| {
        let v = json_body(&body)?;
        let l = mfa::verify_totp(&shared, t, str_of(&v, &["totp"]).unwrap_or(""))?;
        logged_in(&shared, l)
    })
}

/// `POST /api/v2/mfa/totp/recovery` `{recoveryCode}`, bearer = mfaToken.
pub(crate) async fn verify_recovery(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_ticket(&shared, &headers, |t| {
        let v = json_body(&body)?;
        let code = str_of(&v, &["recoveryCode", "recovery_code"]).unwrap_or("");
        let l = mfa::verify_recovery(&shared, t, code)?;
        logged_in(&shared, l)
    })
}

/// `POST /api/v2/applications/mfa/sms/verify` `{phone, code}`, bearer = mfaToken.
pub(crate) async fn verify_sms(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_ticket(&shared, &headers, |t| {
        let v = json_body(&body)?;
        let phone = str_of(&v, &["phone"]).unwrap_or("");
        let code = str_of(&v, &["code"]).unwrap_or("");
        let l = mfa::verify_code(&shared, t, CodeFactor::Sms, phone, code)?;
        logged_in(&shared, l)
    })
}

/// `POST /api/v2/applications/mfa/email/verify` `{email, code}`, bearer = mfaToken.
pub(crate) async fn verify_email(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_ticket(&shared, &headers, |t| {
        let v = json_body(&body)?;
        let email = str_of(&v, &["email"]).unwrap_or("");
        let code = str_of(&v, &["code"]).unwrap_or("");
        let l = mfa::verify_code(&shared, t, CodeFactor::Email, email, code)?;
        logged_in(&shared, l)
    })
}

/// `POST /api/v2/applications/mfa/check` `{phone, email}`, bearer = mfaToken: `data` is
/// whether they may be bound.
pub(crate) async fn check(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_ticket(&shared, &headers, |t| {
        let v = json_body(&body)?;
        let ok_ = mfa::bindable(&shared, t, str_of(&v, &["phone"]), str_of(&v, &["email"]))?;
        Ok(ok("检查成功", ok_))
    })
}

/// `GET /api/v2/users/{id}/mfa-bound` (management).
pub(crate) async fn bound(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let (otp, face) = mfa::status(&shared, &id)?;
        Ok(ok("获取成功", MfaBound { otp, face }))
    };
    run().unwrap_or_else(err)
}

/// `DELETE /api/v2/users/{id}/mfa-bound?type=OTP|FACE` (management).
pub(crate) async fn unbind(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        match q.get("type").map(String::as_str) {
            Some("OTP") => mfa::unbind(&shared, &id)?,
            Some("FACE") => {
                // No face factor in the emulator: nothing to unbind.
                mfa::status(&shared, &id)?;
                return Err(AuthingError::new(2219, "未绑定 (nothing to unbind)"));
            }
            _ => {
                return Err(AuthingError::bad_request(
                    "type 必须是 OTP 或 FACE (type must be OTP or FACE)",
                ));
            }
        }
        Ok(ok("解绑成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/mfa/totp/import` `{userId, secret, recoveryCode}` (management).
pub(crate) async fn import(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let user_id = str_of(&v, &["userId"]).unwrap_or("").trim();
        let secret = str_of(&v, &["secret"]).unwrap_or("");
        if user_id.is_empty() || secret.trim().is_empty() {
            return Err(AuthingError::new(
                2231,
                "参数不完整 (incomplete parameters)",
            ));
        }
        let r = mfa::import(&shared, user_id, secret, str_of(&v, &["recoveryCode"]))?;
        Ok(ok(
            "导入成功",
            Imported {
                id: r.id,
                user_id: r.user_id,
                secret: r.secret,
                recovery_code: r.recovery_code,
                authenticator_type: "totp",
                created_at: r.created_at,
            },
        ))
    };
    run().unwrap_or_else(err)
}
