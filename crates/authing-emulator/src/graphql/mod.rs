//! The GraphQL endpoint (`POST /graphql/v2`, `POST /v2/graphql`).

pub(crate) mod mutation;
pub(crate) mod query;
pub mod types;

use std::sync::{Arc, OnceLock};

use async_graphql::{Context, EmptySubscription, Schema};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::clock::iso_ms;
use crate::crypto::{Claims, TokenData, TokenProblem, random_hex};
use crate::error::AuthingError;
use crate::state::{MANAGEMENT_TOKEN_TTL_SECS, Shared, Store, parse_udv_text};
use types::{User, UserDdfInput, UserStatus};

/// The emulator's schema type.
pub(crate) type EmuSchema = Schema<query::Query, mutation::Mutation, EmptySubscription>;

/// Maximum nesting of `{`, `(` and `[` in a query text (checked before parsing).
const MAX_NESTING: usize = 64;

/// The schema, built once per process and shared by every emulator.
pub(crate) fn schema() -> &'static EmuSchema {
    static SCHEMA: OnceLock<EmuSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        Schema::build(query::Query, mutation::Mutation, EmptySubscription)
            .limit_depth(32)
            .limit_complexity(20_000)
            .limit_recursive_depth(48)
            .limit_directives(16)
            .finish()
    })
}

/// Per-request facts.
pub(crate) struct RequestInfo {
    pub bearer: Option<String>,
    pub client_ip: Option<String>,
}

/// Who is calling.
pub(crate) enum Caller {
    /// A valid management token.
    Admin,
    /// A valid user token of this user.
    User(String),
}

pub(crate) fn shared<'a>(ctx: &'a Context<'_>) -> &'a Arc<Shared> {
    ctx.data_unchecked::<Arc<Shared>>()
}

fn request_info<'a>(ctx: &'a Context<'_>) -> &'a RequestInfo {
    ctx.data_unchecked::<RequestInfo>()
}

pub(crate) fn client_ip(ctx: &Context<'_>) -> Option<String> {
    request_info(ctx).client_ip.clone()
}

/// Validates a token (management or user) against the pool and the emulator clock.
pub(crate) fn check_token(shared: &Shared, token: &str) -> Result<(Caller, Claims), AuthingError> {
    let claims = shared
        .jwt
        .verify(token, shared.clock.now_secs())
        .map_err(|p| match p {
            TokenProblem::Expired => AuthingError::token_expired(),
            TokenProblem::Invalid => AuthingError::token_invalid(),
        })?;
    if claims.data.user_pool_id != shared.ids.user_pool_id {
        return Err(AuthingError::token_invalid());
    }
    match claims.data.kind.as_str() {
        "userpool" => Ok((Caller::Admin, claims)),
        "user" => {
            let store = shared.store.read();
            let user = store
                .user(&claims.data.id)
                .ok_or_else(AuthingError::token_invalid)?;
            if user.token_epoch != claims.data.epoch || store.revoked_tokens.contains(&claims.jti) {
                return Err(AuthingError::token_invalid());
            }
            Ok((Caller::User(claims.data.id.clone()), claims))
        }
        _ => Err(AuthingError::token_invalid()),
    }
}

/// The caller of this request: no token → 2020, bad → 2207, expired → 2206.
pub(crate) fn caller(ctx: &Context<'_>) -> Result<Caller, AuthingError> {
    let token = request_info(ctx)
        .bearer
        .as_deref()
        .ok_or_else(AuthingError::not_logged_in)?;
    check_token(shared(ctx), token).map(|(c, _)| c)
}

/// Requires a management token (a user token → 1001).
pub(crate) fn require_admin(ctx: &Context<'_>) -> Result<(), AuthingError> {
    match caller(ctx)? {
        Caller::Admin => Ok(()),
        Caller::User(_) => Err(AuthingError::no_permission()),
    }
}

/// Requires a user token and returns the user id (a management token → 2020).
pub(crate) fn require_user(ctx: &Context<'_>) -> Result<String, AuthingError> {
    match caller(ctx)? {
        Caller::User(id) => Ok(id),
        Caller::Admin => Err(AuthingError::not_logged_in()),
    }
}

/// Issues a management token.
pub(crate) fn issue_management_token(shared: &Shared) -> (String, i64, i64) {
    let iat = shared.clock.now_secs();
    let exp = iat + MANAGEMENT_TOKEN_TTL_SECS;
    let claims = Claims {
        sub: shared.ids.owner_id.clone(),
        iat,
        exp,
        jti: random_hex(8),
        iss: None,
        data: TokenData {
            kind: "userpool".into(),
            id: shared.ids.user_pool_id.clone(),
            user_pool_id: shared.ids.user_pool_id.clone(),
            ..Default::default()
        },
    };
    (shared.jwt.sign(&claims), iat, exp)
}

/// Issues a user token; the caller stores `tokenExpiredAt`.
pub(crate) fn issue_user_token(shared: &Shared, user: &User, ttl_secs: i64) -> (String, i64, i64) {
    let iat = shared.clock.now_secs();
    let exp = iat + ttl_secs;
    let claims = Claims {
        sub: user.id.clone(),
        iat,
        exp,
        jti: random_hex(8),
        iss: Some(shared.base_url.read().clone()),
        data: TokenData {
            kind: "user".into(),
            id: user.id.clone(),
            user_id: Some(user.id.clone()),
            underscore_id: Some(user.id.clone()),
            user_pool_id: shared.ids.user_pool_id.clone(),
            app_id: None,
            arn: Some(user.arn.clone()),
            email: user.email.clone(),
            phone: user.phone.clone(),
            username: user.username.clone(),
            unionid: user.unionid.clone(),
            openid: user.openid.clone(),
            client_id: Some(shared.ids.user_pool_id.clone()),
            epoch: user.token_epoch,
        },
    };
    (shared.jwt.sign(&claims), iat, exp)
}

/// A fresh user record with Authing's defaults.
pub(crate) fn new_user(shared: &Shared, source: &str) -> User {
    let id = random_hex(12);
    let now = shared.clock.now_ms();
    let iso = iso_ms(now);
    User {
        arn: shared.arn_user(&id),
        id,
        status: Some(UserStatus::Activated),
        user_pool_id: shared.ids.user_pool_id.clone(),
        email_verified: Some(false),
        phone_verified: Some(false),
        register_source: Some(vec![source.to_string()]),
        photo: Some("https://files.authing.co/authing-console/default-user-avatar.png".into()),
        logins_count: Some(0),
        blocked: Some(false),
        is_deleted: Some(false),
        gender: Some("U".into()),
        signed_up: Some(iso.clone()),
        created_at: Some(iso.clone()),
        updated_at: Some(iso),
        created_ms: now,
        updated_ms: now,
        ..Default::default()
    }
}

/// Parses `params` (JSON text of `[{key, value}]`) and `profile.udf` into UDV items.
pub(crate) fn custom_data_items(
    params: Option<&str>,
    udf: Option<&[UserDdfInput]>,
) -> Result<Vec<(String, Value)>, AuthingError> {
    let mut items = Vec::new();
    if let Some(p) = params.filter(|p| !p.trim().is_empty()) {
        let v: Value = serde_json::from_str(p).map_err(|_| {
            AuthingError::bad_request("params 必须是 [{key, value}] 的 JSON 文本 (params must be JSON text of [{key, value}])")
        })?;
        let arr = v.as_array().ok_or_else(|| {
            AuthingError::bad_request("params must be a JSON array of {key, value}")
        })?;
        for item in arr {
            let key = item
                .get("key")
                .and_then(Value::as_str)
                .ok_or_else(|| AuthingError::bad_request("params item without a string key"))?;
            let value = item.get("value").cloned().unwrap_or(Value::Null);
            // Values may be raw JSON values or JSON text in a string.
            let value = match value {
                Value::String(s) => match serde_json::from_str::<Value>(&s) {
                    Ok(v) if !v.is_string() => v,
                    _ => Value::String(s),
                },
                other => other,
            };
            items.push((key.to_string(), value));
        }
    }
    for d in udf.unwrap_or_default() {
        items.push((d.key.clone(), parse_udv_text(&d.value)));
    }
    Ok(items)
}

/// Inserts a new user (uniqueness checked under the write lock) and its custom data.
/// `clear_password` is hashed before the lock is taken.
pub(crate) fn insert_new_user(
    shared: &Shared,
    mut user: User,
    clear_password: Option<&str>,
    custom: Vec<(String, Value)>,
) -> Result<User, AuthingError> {
    {
        // cheap pre-check so that duplicates do not pay for hashing
        let store = shared.store.read();
        if store.identifier_conflict(&user) {
            return Err(AuthingError::user_exists());
        }
        if !custom.is_empty() {
            store.check_udv_batch(types::UdfTargetType::User, custom.clone())?;
        }
    }
    if let Some(p) = clear_password {
        user.password_hash = Some(crate::crypto::hash_password(p));
    }
    let mut store = shared.store.write();
    let custom = store.check_udv_batch(types::UdfTargetType::User, custom)?;
    store.insert_user(user.clone())?;
    if !custom.is_empty() {
        store.udv_store(types::UdfTargetType::User, &user.id, custom);
    }
    Ok(user)
}

/// Records a login (or only issues a token) and returns the user with `token` set.
pub(crate) fn complete_login(
    shared: &Shared,
    user_id: &str,
    client_ip: Option<String>,
    count_login: bool,
) -> Result<User, AuthingError> {
    let mut store = shared.store.write();
    let ttl = store.settings.token_expires_after as i64;
    let now = shared.clock.now_ms();
    let data = store.data_mut();
    let user = data
        .users
        .get_mut(user_id)
        .ok_or_else(AuthingError::user_not_found)?;
    let (token, _iat, exp) = issue_user_token(shared, user, ttl);
    user.token_expired_at = Some(iso_ms(exp * 1000));
    if count_login {
        user.logins_count = Some(user.logins_count.unwrap_or(0) + 1);
        user.last_login = Some(iso_ms(now));
        if client_ip.is_some() {
            user.last_ip = client_ip;
        }
    }
    let mut out = user.clone();
    out.token = Some(token);
    Ok(out)
}

/// Verifies a password against a user found by `find`, then logs in.
pub(crate) fn password_login(
    shared: &Shared,
    found: Option<User>,
    clear: &str,
    client_ip: Option<String>,
) -> Result<User, AuthingError> {
    let user = found.ok_or_else(AuthingError::user_not_found)?;
    if user.blocked == Some(true) {
        return Err(AuthingError::new(2005, "用户已被锁定 (user is blocked)"));
    }
    let ok = user
        .password_hash
        .as_deref()
        .is_some_and(|h| crate::crypto::verify_password(clear, h));
    if !ok {
        return Err(AuthingError::wrong_password());
    }
    complete_login(shared, &user.id, client_ip, true)
}

/// Looks a user up (read lock, cloned).
pub(crate) fn find_user(shared: &Shared, f: impl FnOnce(&Store) -> Option<&User>) -> Option<User> {
    let store = shared.store.read();
    f(&store).cloned()
}

/// Highest nesting of brackets outside string literals and comments.
fn nesting_depth(q: &str) -> usize {
    let b = q.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                if b[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                        i += 1;
                    }
                    i += 2;
                } else {
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        if b[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

/// A plain-JSON error answer (not Authing-shaped: transport-level problems).
pub(crate) fn plain_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({"data": null, "errors": [{"message": message}]}).to_string(),
    )
        .into_response()
}

/// An Authing-shaped GraphQL error answer (HTTP 200).
pub(crate) fn authing_error_response(e: &AuthingError) -> Response {
    let body = json!({
        "data": null,
        "errors": [{
            "message": {"code": e.code, "message": e.message, "data": e.data},
            "locations": [],
            "extensions": {"code": e.code.to_string(), "extension": {"name": "AuthingError"}},
        }]
    });
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Rewrites errors carrying `authingCode` into Authing's `{code, message, data}` shape.
fn rewrite_errors(v: &mut Value) {
    let Some(errs) = v.get_mut("errors").and_then(Value::as_array_mut) else {
        return;
    };
    for e in errs {
        let Some(obj) = e.as_object_mut() else {
            continue;
        };
        let ext = obj.get("extensions");
        let Some(code) = ext
            .and_then(|x| x.get("authingCode"))
            .and_then(Value::as_i64)
        else {
            continue;
        };
        let data = ext
            .and_then(|x| x.get("authingData"))
            .cloned()
            .unwrap_or(Value::Null);
        let msg = obj.remove("message").unwrap_or(Value::Null);
        obj.insert(
            "message".into(),
            json!({"code": code, "message": msg, "data": data}),
        );
        obj.insert(
            "extensions".into(),
            json!({"code": code.to_string(), "extension": {"name": "AuthingError"}}),
        );
    }
}

/// Serves one GraphQL POST.
pub(crate) async fn handle(shared: Arc<Shared>, headers: HeaderMap, body: &[u8]) -> Response {
    if let Some(ct) = headers.get("content-type") {
        let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
        if !ct.starts_with("application/json")
            && !ct.starts_with("application/graphql-response+json")
        {
            return plain_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                &format!(
                    "unsupported content-type {ct:?}: send the GraphQL request as application/json {{\"query\", \"variables\"}}"
                ),
            );
        }
    }
    if let Err(e) = crate::rest::check_pool(&shared, &headers) {
        return authing_error_response(&e);
    }
    let request: async_graphql::Request = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "invalid GraphQL request body (expected JSON {{\"query\": string, \"variables\": object}}): {e}"
                ),
            );
        }
    };
    if nesting_depth(&request.query) > MAX_NESTING {
        return plain_error(
            StatusCode::BAD_REQUEST,
            &format!("query is nested too deeply (more than {MAX_NESTING} levels)"),
        );
    }
    let info = RequestInfo {
        bearer: crate::rest::bearer(&headers),
        client_ip: headers
            .get("x-forwarded-for")
            .or_else(|| headers.get("x-real-ip"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
    };
    let request = request.data(shared.clone()).data(info);
    let response = schema().execute(request).await;
    let bytes = if response.errors.is_empty() {
        serde_json::to_vec(&response)
    } else {
        match serde_json::to_value(&response) {
            Ok(mut v) => {
                rewrite_errors(&mut v);
                serde_json::to_vec(&v)
            }
            Err(e) => Err(e),
        }
    };
    match bytes {
        Ok(b) => (StatusCode::OK, [("content-type", "application/json")], b).into_response(),
        Err(e) => plain_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("failed to serialize the response: {e}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nesting() {
        assert_eq!(super::nesting_depth("{ a { b(x: \"{{{\") } }"), 3);
        assert_eq!(super::nesting_depth("# {{{{\n{a}"), 1);
    }
}
