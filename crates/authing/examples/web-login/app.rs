//! The web app of the `web-login` example: "Sign in with Authing" through the OIDC
//! authorization code flow with PKCE, a server-side session, a protected page and
//! sign-out through Authing's session end point.
//!
//! Routes:
//! - `GET /`: the home page, with a "Sign in with Authing" link or the signed-in user.
//! - `GET /login`: makes a PKCE verifier, a `state` and a `nonce`, keeps them server-side
//!   and redirects to Authing's authorize URL (its hosted login page).
//! - `GET /callback?code=&state=`: checks `state`, trades the code (with the verifier) for
//!   tokens, verifies the ID token locally (signature against the JWKS, `iss`, `aud`,
//!   `exp`, `nonce`), reads the user info and starts a session (an opaque cookie).
//! - `GET /me`: the protected page; without a session it redirects to `/login`.
//! - `GET /logout`: ends the local session and redirects to Authing's logout URL, which
//!   comes back to `/`.
//!
//! Tokens never reach the browser: the session cookie is a random id, and the tokens
//! stay in the server's memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use authing::authentication::AuthenticationClient;
use authing::authentication::oidc::{AuthorizeParams, LogoutParams, Pkce};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use rand::Rng;
use serde::Deserialize;

/// Name of the session cookie (its value is a random id, never a token).
pub const SESSION_COOKIE: &str = "web_login_session";

/// What the app needs: a client configured for the OIDC application (app id, app
/// host, app secret, redirect URI `<base>/callback`) and its own base URL.
pub struct AppConfig {
    /// The protocol client (app id, host, secret, redirect URI).
    pub client: AuthenticationClient,
    /// This app's base URL, e.g. `http://127.0.0.1:3000` (no trailing slash).
    pub base_url: String,
}

/// A login in progress, keyed by its `state`.
struct Pending {
    pkce: Pkce,
    nonce: String,
}

/// A signed-in browser.
struct Session {
    /// Who signed in, as shown on the protected page.
    subject: String,
    display_name: String,
    email: Option<String>,
    /// Kept for `id_token_hint` at sign-out; never sent to the browser.
    id_token: Option<String>,
}

struct AppState {
    config: AppConfig,
    pending: Mutex<HashMap<String, Pending>>,
    sessions: Mutex<HashMap<String, Session>>,
}

/// The app's router.
pub fn router(config: AppConfig) -> Router {
    let state = Arc::new(AppState {
        config,
        pending: Mutex::new(HashMap::new()),
        sessions: Mutex::new(HashMap::new()),
    });
    Router::new()
        .route("/", get(home))
        .route("/login", get(login))
        .route("/callback", get(callback))
        .route("/me", get(me))
        .route("/logout", get(logout))
        .with_state(state)
}

/// HTML-escapes text for element content and quoted attributes.
fn esc(s: &str) -> String {
    html_escape::encode_quoted_attribute(s).into_owned()
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:36rem;margin:3rem auto;}}</style></head>\
         <body><h1>{}</h1>{body}</body></html>",
        esc(title),
        esc(title)
    ))
}

fn random_id() -> String {
    let bytes: [u8; 24] = rand::thread_rng().r#gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn session_id(headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    cookies.split(';').find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        (name == SESSION_COOKIE).then(|| value.to_owned())
    })
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

async fn home(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Html<String> {
    let sessions = lock(&app.sessions);
    match session_id(&headers).and_then(|id| sessions.get(&id)) {
        Some(s) => page(
            "web-login",
            &format!(
                "<p id=\"status\">Signed in as <b>{}</b>.</p>\
                 <p><a id=\"me\" href=\"/me\">Your profile</a> · \
                 <a id=\"sign-out\" href=\"/logout\">Sign out</a></p>",
                esc(&s.display_name)
            ),
        ),
        None => page(
            "web-login",
            "<p id=\"status\">You are not signed in.</p>\
             <p><a id=\"sign-in\" href=\"/login\">Sign in with Authing</a></p>",
        ),
    }
}

async fn login(State(app): State<Arc<AppState>>) -> Response {
    let pkce = Pkce::generate();
    let params = AuthorizeParams::new()
        .scope("openid profile email phone")
        .pkce(&pkce);
    match app.config.client.build_authorize_url(&params) {
        Ok(request) => {
            let nonce = request.nonce().unwrap_or_default().to_owned();
            lock(&app.pending).insert(request.state().to_owned(), Pending { pkce, nonce });
            Redirect::to(request.url()).into_response()
        }
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// The callback's query: a code and the state, or an OAuth error.
#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

fn error_page(status: StatusCode, message: &str) -> Response {
    (
        status,
        page(
            "Sign-in failed",
            &format!(
                "<p id=\"error\">{}</p><p><a href=\"/\">Home</a></p>",
                esc(message)
            ),
        ),
    )
        .into_response()
}

async fn callback(State(app): State<Arc<AppState>>, Query(q): Query<CallbackQuery>) -> Response {
    if let Some(error) = q.error {
        let detail = q.error_description.unwrap_or_default();
        return error_page(StatusCode::BAD_REQUEST, &format!("{error}: {detail}"));
    }
    let (Some(code), Some(state)) = (q.code, q.state) else {
        return error_page(StatusCode::BAD_REQUEST, "the callback needs code and state");
    };
    // One use per state: a replayed callback finds nothing.
    let Some(pending) = lock(&app.pending).remove(&state) else {
        return error_page(StatusCode::BAD_REQUEST, "unknown or used state");
    };
    let client = &app.config.client;
    let tokens = match client
        .get_access_token_by_code(&code, Some(pending.pkce.verifier()))
        .await
    {
        Ok(t) => t,
        Err(e) => return error_page(StatusCode::BAD_GATEWAY, &e.to_string()),
    };
    let id_token = tokens.id_token.as_ref().map(|t| t.expose().to_owned());
    let Some(id_token_text) = id_token.as_deref() else {
        return error_page(StatusCode::BAD_GATEWAY, "no ID token in the token response");
    };
    let claims = match client
        .verify_id_token(id_token_text, Some(&pending.nonce))
        .await
    {
        Ok(c) => c,
        Err(e) => return error_page(StatusCode::BAD_GATEWAY, &e.to_string()),
    };
    let info = match client
        .get_user_info_by_access_token(tokens.access_token.expose())
        .await
    {
        Ok(i) => i,
        Err(e) => return error_page(StatusCode::BAD_GATEWAY, &e.to_string()),
    };
    let Some(subject) = claims.sub.clone() else {
        return error_page(StatusCode::BAD_GATEWAY, "the ID token has no subject");
    };
    let display_name = info
        .preferred_username
        .clone()
        .or_else(|| info.name.clone())
        .or_else(|| info.nickname.clone())
        .or_else(|| info.email.clone())
        .unwrap_or_else(|| subject.clone());
    let session = Session {
        subject,
        display_name,
        email: info.email.clone(),
        id_token,
    };
    let sid = random_id();
    lock(&app.sessions).insert(sid.clone(), session);
    let cookie = format!("{SESSION_COOKIE}={sid}; HttpOnly; SameSite=Lax; Path=/");
    let mut response = Redirect::to("/me").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn me(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let sessions = lock(&app.sessions);
    let Some(s) = session_id(&headers).and_then(|id| sessions.get(&id)) else {
        return Redirect::to("/login").into_response();
    };
    page(
        "Your profile",
        &format!(
            "<p id=\"welcome\">Hello, <b id=\"username\">{}</b>!</p>\
             <dl><dt>User id (sub)</dt><dd id=\"sub\">{}</dd>\
             <dt>Email</dt><dd id=\"email\">{}</dd></dl>\
             <p><a id=\"sign-out\" href=\"/logout\">Sign out</a></p>",
            esc(&s.display_name),
            esc(&s.subject),
            esc(s.email.as_deref().unwrap_or("-")),
        ),
    )
    .into_response()
}

async fn logout(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let session = session_id(&headers).and_then(|id| lock(&app.sessions).remove(&id));
    let mut params = LogoutParams::expert().redirect_uri(format!("{}/", app.config.base_url));
    if let Some(token) = session.and_then(|s| s.id_token) {
        params = params.id_token(token);
    }
    let mut response = match app.config.client.build_logout_url(&params) {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(_) => Redirect::to("/").into_response(),
    };
    let expired = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
