//! The CAS identity provider (catalog §1.5, §4.6): `GET /cas-idp/{appId}?service=`
//! (hosted login form, or a ticket at once with the login session cookie),
//! `GET /cas-idp/{appId}/validate` (CAS 1.0, plain text), `GET
//! /cas-idp/{appId}/serviceValidate` (CAS 2.0/3.0, XML or `format=JSON`; also under
//! `/p3/serviceValidate`), `GET /cas/session` (the cookie's session as raw JSON, or
//! `null`) and `GET /cas-idp/logout?url=`.
//!
//! Validation failures answer HTTP 200 (the body says it), as CAS servers do. Every
//! value in an XML answer is escaped.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::oidc::page::{self, escape};
use super::oidc::{form_body, found, html, json as raw_json, params, session_cookie, set_cookie};
use super::rest::users::UserJson;
use crate::clock::iso_ms;
use crate::domain::cas::{self, LoginRequest, Outcome, Refused, Validated};
use crate::domain::oidc::{authorize, verify};
use crate::shared::Shared;

/// The routes of the CAS provider.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/cas-idp/logout", get(logout))
        .route("/cas-idp/{app}", get(login_page))
        .route("/cas-idp/{app}/interaction/{id}/login", post(login))
        .route("/cas-idp/{app}/validate", get(validate_v1))
        .route("/cas-idp/{app}/serviceValidate", get(validate_v2))
        .route("/cas-idp/{app}/p3/serviceValidate", get(validate_v2))
        .route("/cas/session", get(session))
}

fn query(q: Option<String>) -> Result<HashMap<String, String>, String> {
    params(q.unwrap_or_default().as_bytes()).map_err(|e| e.description)
}

fn outcome(o: Outcome) -> Response {
    match o {
        Outcome::ErrorPage(m) => html(StatusCode::BAD_REQUEST, page::error(&m)),
        Outcome::LoginForm {
            action,
            app_name,
            error,
        } => {
            let status = if error.is_some() {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            };
            html(
                status,
                page::login_to(&app_name, &action, None, error.as_deref()),
            )
        }
        Outcome::Redirect { location, session } => {
            let mut r = found(&location);
            if let Some(s) = session {
                set_cookie(&mut r, Some(&s));
            }
            r
        }
        Outcome::SignedIn { session } => {
            let mut r = html(StatusCode::OK, page::signed_in());
            if let Some(s) = session {
                set_cookie(&mut r, Some(&s));
            }
            r
        }
    }
}

/// `GET /cas-idp/{appId}?service=[&renew=true][&gateway=true]`.
async fn login_page(
    State(sh): State<Arc<Shared>>,
    Path(app): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let m = match query(q) {
        Ok(m) => m,
        Err(e) => return html(StatusCode::BAD_REQUEST, page::error(&e)),
    };
    let flag = |k: &str| m.get(k).is_some_and(|v| v == "true" || v == "1");
    let req = LoginRequest {
        app_id: &app,
        service: m
            .get("service")
            .map(String::as_str)
            .filter(|s| !s.is_empty()),
        renew: flag("renew"),
        gateway: flag("gateway"),
    };
    let cookie = session_cookie(&headers);
    outcome(cas::login_page(&sh, req, cookie.as_deref()))
}

/// `POST /cas-idp/{appId}/interaction/{id}/login` (form `account`, `password`).
async fn login(
    State(sh): State<Arc<Shared>>,
    Path((app, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match form_body(&headers, &body) {
        Ok(f) => f,
        Err(e) => return html(StatusCode::BAD_REQUEST, page::error(&e.description)),
    };
    let account = form.get("account").map(String::as_str).unwrap_or("");
    let password = form.get("password").map(String::as_str).unwrap_or("");
    outcome(cas::login(&sh, &app, &id, account, password))
}

fn text(content_type: &'static str, body: String) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert("cache-control", HeaderValue::from_static("no-store"));
    r
}

fn run_validation(
    sh: &Shared,
    app: &str,
    q: Option<String>,
) -> (Result<Validated, Refused>, HashMap<String, String>) {
    match query(q) {
        Ok(m) => {
            let v = cas::validate(
                sh,
                app,
                m.get("service").map(String::as_str),
                m.get("ticket").map(String::as_str),
            );
            (v, m)
        }
        Err(description) => (
            Err(Refused {
                code: "INVALID_REQUEST",
                description,
            }),
            HashMap::new(),
        ),
    }
}

/// `GET /cas-idp/{appId}/validate?service=&ticket=`: `yes\n<user>\n` or `no\n\n`.
async fn validate_v1(
    State(sh): State<Arc<Shared>>,
    Path(app): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let body = match run_validation(&sh, &app, q).0 {
        Ok(v) => format!("yes\n{}\n", cas::principal(&v.user)),
        Err(_) => "no\n\n".to_string(),
    };
    text("text/plain; charset=utf-8", body)
}

/// The attributes of a validated ticket (CAS 3.0 names plus the user's profile).
fn attributes(v: &Validated) -> Vec<(&'static str, String)> {
    let u = &v.user;
    let mut a = vec![
        ("userId", u.id.clone()),
        ("isFromNewLogin", v.new_login.to_string()),
        (
            "authenticationDate",
            iso_ms(v.auth_time.saturating_mul(1000)),
        ),
        ("longTermAuthenticationRequestTokenUsed", "false".into()),
    ];
    let optional = [
        ("username", &u.username),
        ("email", &u.email),
        ("phone", &u.phone),
        ("nickname", &u.nickname),
        ("name", &u.name),
        ("photo", &u.photo),
    ];
    for (k, val) in optional {
        if let Some(val) = val {
            a.push((k, val.clone()));
        }
    }
    a
}

fn xml_answer(result: &Result<Validated, Refused>) -> String {
    let inner = match result {
        Ok(v) => {
            let attrs: String = attributes(v)
                .iter()
                .map(|(k, val)| format!("            <cas:{k}>{}</cas:{k}>\n", escape(val)))
                .collect();
            format!(
                "    <cas:authenticationSuccess>\n        <cas:user>{}</cas:user>\n        <cas:attributes>\n{attrs}        </cas:attributes>\n    </cas:authenticationSuccess>\n",
                escape(cas::principal(&v.user))
            )
        }
        Err(r) => format!(
            "    <cas:authenticationFailure code=\"{}\">{}</cas:authenticationFailure>\n",
            escape(r.code),
            escape(&r.description)
        ),
    };
    format!(
        "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\n{inner}</cas:serviceResponse>\n"
    )
}

fn json_answer(result: &Result<Validated, Refused>) -> Value {
    let inner = match result {
        Ok(v) => {
            let attrs: Map<String, Value> = attributes(v)
                .into_iter()
                .map(|(k, val)| (k.to_string(), json!([val])))
                .collect();
            json!({"authenticationSuccess": {
                "user": cas::principal(&v.user),
                "attributes": attrs,
            }})
        }
        Err(r) => json!({"authenticationFailure": {
            "code": r.code,
            "description": r.description,
        }}),
    };
    json!({ "serviceResponse": inner })
}

/// `GET /cas-idp/{appId}/serviceValidate?service=&ticket=[&format=XML|JSON]`.
async fn validate_v2(
    State(sh): State<Arc<Shared>>,
    Path(app): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let format = query(q.clone())
        .ok()
        .and_then(|m| m.get("format").map(|f| f.to_ascii_uppercase()));
    let result = match format.as_deref() {
        None | Some("XML" | "JSON") => run_validation(&sh, &app, q).0,
        Some(_) => Err(Refused {
            code: "INVALID_REQUEST",
            description: "format must be XML or JSON".into(),
        }),
    };
    if format.as_deref() == Some("JSON") {
        raw_json(StatusCode::OK, &json_answer(&result))
    } else {
        text("application/xml; charset=utf-8", xml_answer(&result))
    }
}

/// `GET /cas/session`: `{session, userInfo}` of the login session cookie, or `null`.
async fn session(State(sh): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let cookie = session_cookie(&headers);
    let body = match cas::session(&sh, cookie.as_deref()) {
        Some((auth_time, expires_ms, user)) => {
            let store = sh.store.read();
            json!({
                "session": {
                    "userId": user.id,
                    "loginAt": iso_ms(auth_time.saturating_mul(1000)),
                    "expiresAt": iso_ms(expires_ms),
                },
                "userInfo": UserJson::new(&store, &user, false),
            })
        }
        None => Value::Null,
    };
    raw_json(StatusCode::OK, &body)
}

/// `GET /cas-idp/logout?url=`: ends the login session; redirects to `url` when an
/// application registered it, else shows the signed-out page.
async fn logout(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let m = query(q).unwrap_or_default();
    authorize::end_session(&sh, session_cookie(&headers).as_deref());
    let mut r = match m.get("url") {
        Some(u) if verify::any_app_redirect(&sh, u) => found(u),
        _ => html(StatusCode::OK, page::logged_out()),
    };
    set_cookie(&mut r, None);
    r
}
