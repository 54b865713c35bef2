//! Authing's API: GraphQL (`/graphql/v2`, `/v2/graphql`) and REST (`/api/v2`,
//! `GET /logout`). Thin layers: parse and authorize, call `domain`, map the result to an
//! output type of the layer.

pub(crate) mod graphql;
pub(crate) mod rest;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{any, delete, get, post};

use crate::shared::Shared;

async fn graphql_post(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    graphql::handle(shared, headers, &body).await
}

async fn graphql_get() -> Response {
    graphql::plain_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "send GraphQL requests as POST with a JSON body {\"query\", \"variables\"}",
    )
}

/// The routes of Authing's API.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/graphql/v2", post(graphql_post).get(graphql_get))
        .route("/v2/graphql", post(graphql_post).get(graphql_get))
        .route("/api/v2/sms/send", post(rest::auth::sms_send))
        .route("/api/v2/.well-known", get(rest::auth::well_known))
        .route("/api/v2/users/me", get(rest::users::users_me))
        .route("/api/v2/logout", get(rest::auth::logout))
        .route("/api/v2/users/batch", post(rest::users::users_batch))
        .route("/api/v2/users/kick", post(rest::users::kick))
        .route("/api/v2/users/login-status", get(rest::users::login_status))
        .route("/api/v2/users/{id}", get(rest::users::user_detail))
        .route("/api/v2/users/{id}/has-role", get(rest::users::has_role))
        .route("/api/v2/password/check", post(rest::auth::password_check))
        .route(
            "/api/v2/userpools/detail",
            get(rest::userpool::userpool_detail),
        )
        .route("/api/v2/acl/is-allowed", post(rest::acl::is_allowed))
        .route("/api/v2/env", get(rest::env::list).post(rest::env::add))
        .route("/api/v2/env/{key}", delete(rest::env::remove))
        .route("/logout", get(rest::users::force_logout))
        .merge(unimplemented_literals())
}

/// Authing's literal paths that a `{id}` route would otherwise take for an id: not
/// implemented, so they answer the 404 envelope like any unknown path.
fn unimplemented_literals() -> Router<Arc<Shared>> {
    [
        "/api/v2/users/filter",
        "/api/v2/users/link",
        "/api/v2/users/unlink",
        "/api/v2/users/principal_authentication",
    ]
    .into_iter()
    .fold(Router::new(), |r, path| r.route(path, any(rest::not_found)))
}
