//! The GraphQL endpoint (`POST /graphql/v2`, `POST /v2/graphql`).
//!
//! One module per domain holds that domain's output and input types and its resolvers
//! (`XxxQuery`, `XxxMutation`); the roots below merge them. Adding a domain means one
//! module and one entry in each merge list.

pub(crate) mod account;
pub(crate) mod account_flows;
pub(crate) mod acl;
pub(crate) mod auth;
pub(crate) mod common;
pub(crate) mod custom_data;
mod doc_cache;
pub(crate) mod groups;
pub(crate) mod orgs;
pub(crate) mod policies;
pub(crate) mod roles;
pub(crate) mod sessions;
pub(crate) mod userpool;
pub(crate) mod userpool_update;
pub(crate) mod users;
pub(crate) mod whitelist;

use std::sync::{Arc, OnceLock};

use async_graphql::{Context, EmptySubscription, MergedObject, Schema, ValidationMode};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::domain::tokens::{self, Caller};
use crate::error::{AuthingError, Lang};
use crate::shared::Shared;

// Root `Query`: the per-domain query parts (a `//` comment: the schema has no
// description here).
#[derive(MergedObject, Default)]
pub struct Query(
    auth::AuthQuery,
    users::UsersQuery,
    roles::RolesQuery,
    policies::PoliciesQuery,
    userpool::UserpoolQuery,
    custom_data::CustomDataQuery,
    orgs::OrgsQuery,
    groups::GroupsQuery,
    acl::AclQuery,
    whitelist::WhitelistQuery,
    sessions::SessionsQuery,
);

// Root `Mutation`: the per-domain mutation parts.
#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    users::UsersMutation,
    account::AccountMutation,
    roles::RolesMutation,
    policies::PoliciesMutation,
    custom_data::CustomDataMutation,
    orgs::OrgsMutation,
    groups::GroupsMutation,
    acl::AclMutation,
    userpool_update::UserpoolMutation,
    whitelist::WhitelistMutation,
    sessions::SessionsMutation,
    account_flows::AccountFlowsMutation,
);

/// The emulator's schema type.
pub(crate) type EmuSchema = Schema<Query, Mutation, EmptySubscription>;

/// Highest query complexity: a field costs 1 plus its selection, a list costs its page
/// size (`limit`, default 10, at most 1000) or [`UNPAGED_LIST_LEN`] times its items.
/// The SDK's largest document (a page of 1000 users with `UserFields`) stays below.
const MAX_COMPLEXITY: usize = 250_000;

/// Items assumed in a list without a `limit` (roles, identities, custom data of a user).
const UNPAGED_LIST_LEN: usize = 10;

/// Complexity of a paged list field: the page size times the cost of one item.
/// Capped just above the limit, so that sums over many fields cannot overflow.
pub(crate) fn list_cost(limit: Option<i32>, child_complexity: usize) -> usize {
    cap_cost(
        crate::domain::page_window(None, limit)
            .1
            .saturating_mul(child_complexity),
    )
}

/// Complexity of a list field without a `limit`: [`UNPAGED_LIST_LEN`] times an item.
pub(crate) fn unpaged_cost(child_complexity: usize) -> usize {
    cap_cost(UNPAGED_LIST_LEN.saturating_mul(child_complexity))
}

/// A complexity capped at the limit + 1 (already too complex).
pub(crate) fn cap_cost(cost: usize) -> usize {
    cost.min(MAX_COMPLEXITY + 1)
}

/// Largest GraphQL response body; larger results are replaced by an error.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Maximum nesting of `{`, `(` and `[` in a query text (checked before parsing).
const MAX_NESTING: usize = 64;

/// The schema, built once per process and shared by every emulator.
pub(crate) fn schema() -> &'static EmuSchema {
    static SCHEMA: OnceLock<EmuSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| build_schema(ValidationMode::Strict))
}

/// The same schema with the fast validation mode (complexity, depth and fragment-cycle
/// checks only), used only for a request that already passed every rule of [`schema`]
/// (see `doc_cache::passed_validation`).
fn revalidating_schema() -> &'static EmuSchema {
    static SCHEMA: OnceLock<EmuSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| build_schema(ValidationMode::Fast))
}

fn build_schema(mode: ValidationMode) -> EmuSchema {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(32)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(48)
        .limit_directives(16)
        .validation_mode(mode)
        .finish()
}

/// Per-request facts.
pub(crate) struct RequestInfo {
    pub bearer: Option<String>,
    pub client_ip: Option<String>,
    /// `x-authing-lang`.
    pub lang: Lang,
}

pub(crate) fn shared<'a>(ctx: &'a Context<'_>) -> &'a Arc<Shared> {
    ctx.data_unchecked::<Arc<Shared>>()
}

fn request_info<'a>(ctx: &'a Context<'_>) -> &'a RequestInfo {
    ctx.data_unchecked::<RequestInfo>()
}

/// The bearer token of the request, if any.
pub(crate) fn bearer<'a>(ctx: &'a Context<'_>) -> Option<&'a str> {
    request_info(ctx).bearer.as_deref()
}

/// The language of messages asked for by the request (`x-authing-lang`).
pub(crate) fn lang(ctx: &Context<'_>) -> Lang {
    request_info(ctx).lang
}

/// The client IP (`x-forwarded-for`, `x-real-ip`).
pub(crate) fn client_ip(ctx: &Context<'_>) -> Option<String> {
    request_info(ctx).client_ip.clone()
}

/// The caller of this request: no token → 2020, bad → 2207, expired → 2206.
pub(crate) fn caller(ctx: &Context<'_>) -> Result<Caller, AuthingError> {
    let token = bearer(ctx).ok_or_else(AuthingError::not_logged_in)?;
    tokens::check(shared(ctx), token).map(|(c, _)| c)
}

/// The caller's own session (a user token; a management token → 2020).
pub(crate) struct Session {
    /// The user.
    pub user_id: String,
    /// The session id of the token (see `store::sessions`).
    pub sid: String,
}

/// Requires a user token and returns its session.
pub(crate) fn require_session(ctx: &Context<'_>) -> Result<Session, AuthingError> {
    let token = bearer(ctx).ok_or_else(AuthingError::not_logged_in)?;
    match tokens::check(shared(ctx), token)? {
        (Caller::User(user_id), claims) => Ok(Session {
            user_id,
            sid: claims.session_id().to_string(),
        }),
        (Caller::Admin, _) => Err(AuthingError::not_logged_in()),
    }
}

/// Whether the caller may read user `user_id`'s record and user-owned data (see
/// `domain::tokens::may_read_user`): no token → 2020, another user → 1001.
pub(crate) fn may_read_user(ctx: &Context<'_>, user_id: &str) -> Result<(), AuthingError> {
    tokens::may_read_user(&caller(ctx)?, user_id)
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

/// The user a call is about: `id` with a management token (required), the bearer's
/// user with a user token (`id` omitted or their own; another id → 1001). Returns the
/// id and whether the caller is an administrator.
pub(crate) fn target_user(
    ctx: &Context<'_>,
    id: Option<String>,
) -> Result<(String, bool), AuthingError> {
    let caller = caller(ctx)?;
    match (caller, id) {
        (Caller::Admin, Some(id)) => Ok((id, true)),
        (Caller::Admin, None) => Err(AuthingError::bad_request(
            "id is required with a management token",
        )),
        (Caller::User(me), None) => Ok((me, false)),
        (caller @ Caller::User(_), Some(id)) => {
            tokens::may_read_user(&caller, &id)?;
            Ok((id, false))
        }
    }
}

/// `namespace` or `default`.
pub(crate) fn ns(namespace: &Option<String>) -> String {
    crate::domain::namespace(namespace.as_deref())
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

/// Rewrites errors carrying `authingCode` into Authing's `{code, message, data}` shape,
/// with the message in `lang`. GraphQL's own errors are left as they are.
fn rewrite_errors(v: &mut Value, lang: Lang) {
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
        let msg = match obj.remove("message") {
            Some(Value::String(m)) => Value::from(lang.pick(&m)),
            other => other.unwrap_or(Value::Null),
        };
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
    let lang = Lang::from_headers(&headers);
    if let Err(e) = crate::api::rest::check_pool(&shared, &headers) {
        return authing_error_response(&e.localized(lang));
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
        bearer: crate::api::rest::bearer(&headers),
        client_ip: headers
            .get("x-forwarded-for")
            .or_else(|| headers.get("x-real-ip"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        lang,
    };
    let mut recorder =
        crate::api::audit::GraphqlAudit::before(&shared, &headers, info.bearer.as_deref());
    let mut request = request.data(shared.clone()).data(info);
    if let Some(doc) = doc_cache::parsed(&request.query) {
        recorder.operation(&doc, request.operation_name.as_deref());
        request.set_parsed_query(doc);
    }
    let key = doc_cache::validation_key(&request);
    let known = key.as_deref().is_some_and(doc_cache::passed_validation);
    let mut response = if known {
        revalidating_schema().execute(request).await
    } else {
        schema().execute(request).await
    };
    if let Some(key) = key.filter(|_| !known && response.errors.is_empty()) {
        doc_cache::mark_validated(key);
    }
    recorder.finish(&shared, &response);
    for e in &mut response.errors {
        if e.message == "Query is too complex." {
            e.message = format!(
                "query is too complex: its complexity exceeds the limit of {MAX_COMPLEXITY} (a list counts its page size, `limit`, times its items); ask for fewer items or fields"
            );
        }
    }
    let bytes = if response.errors.is_empty() {
        serde_json::to_vec(&response)
    } else {
        match serde_json::to_value(&response) {
            Ok(mut v) => {
                rewrite_errors(&mut v, lang);
                serde_json::to_vec(&v)
            }
            Err(e) => Err(e),
        }
    };
    match bytes {
        Ok(b) if b.len() > MAX_RESPONSE_BYTES => plain_error(
            StatusCode::OK,
            &format!(
                "response too large: {} bytes (limit {MAX_RESPONSE_BYTES} bytes); ask for fewer items or fields",
                b.len()
            ),
        ),
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
