//! Authing's API: GraphQL (`/graphql/v2`, `/v2/graphql`) and REST (`/api/v2`,
//! `GET /logout`). Thin layers: parse and authorize, call `domain`, map the result to an
//! output type of the layer.

pub(crate) mod audit;
pub(crate) mod cas;
pub(crate) mod cors;
pub(crate) mod graphql;
pub(crate) mod oidc;
pub(crate) mod rest;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{any, delete, get, post, put};

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
        .merge(account_flow_routes())
        .route("/api/v2/users/{id}", get(rest::users::user_detail))
        .route("/api/v2/users/{id}/has-role", get(rest::users::has_role))
        .route("/api/v2/users/{id}/orgs", get(rest::orgs::user_orgs))
        .route("/api/v2/orgs/export", get(rest::orgs::export))
        .route("/api/v2/orgs/import", post(rest::orgs::import))
        .route("/api/v2/password/check", post(rest::auth::password_check))
        .route(
            "/api/v2/userpools/detail",
            get(rest::userpool::userpool_detail),
        )
        .route("/api/v2/acl/is-allowed", post(rest::acl::is_allowed))
        .route(
            "/api/v2/acl/revoke-resource",
            post(rest::acl::revoke_resource),
        )
        .route(
            "/api/v2/acl/check-resource-permission-batch",
            post(rest::acl::check_resource_permission_batch),
        )
        .route(
            "/api/v2/acl/get-authorized-resources-of-resource-kind",
            post(rest::acl::resources_of_kind),
        )
        .merge(resource_routes())
        .merge(rest::applications::routes())
        .merge(mfa_routes())
        .route("/api/v2/env", get(rest::env::list).post(rest::env::add))
        .route("/api/v2/env/{key}", delete(rest::env::remove))
        .route("/logout", get(rest::users::force_logout))
        .merge(rest::analysis::routes())
        .merge(oidc::routes())
        .merge(cas::routes())
        .merge(rest::qrcode::routes())
        .merge(unimplemented_literals())
}

/// Account flows and the user's own view.
fn account_flow_routes() -> Router<Arc<Shared>> {
    use rest::account_flows as af;
    Router::new()
        .route("/api/v2/ldap/verify-user", post(af::ldap_verify))
        .route("/api/v2/ad/verify-user", post(af::ad_verify))
        .route("/api/v2/users/link", post(af::link))
        .route("/api/v2/users/unlink", post(af::unlink))
        .route("/api/v2/users/me/orgs", get(af::me_orgs))
        .route(
            "/api/v2/users/me/security-level",
            get(af::me_security_level),
        )
        .route(
            "/api/v2/users/me/applications/allowed",
            get(af::me_applications),
        )
}

/// Namespaces and resource definitions.
fn resource_routes() -> Router<Arc<Shared>> {
    use rest::{namespaces as ns, resources as res};
    Router::new()
        .route(
            "/api/v2/resource-namespace/{pool}",
            post(ns::create).get(ns::list),
        )
        .route(
            "/api/v2/resource-namespace/{pool}/{id}",
            put(ns::update_by_id).delete(ns::delete_by_id),
        )
        .route(
            "/api/v2/resource-namespace/{pool}/code/{code}",
            put(ns::update_by_code).delete(ns::delete_by_code),
        )
        .route("/api/v2/resources", post(res::create).get(res::list))
        .route(
            "/api/v2/resources/detail",
            get(res::detail)
                .post(res::update_detail)
                .delete(res::delete_detail),
        )
        .route(
            "/api/v2/resources/{code}",
            post(res::update).delete(res::delete),
        )
}

/// MFA: authentication side (bearer = mfaToken or user token) and management side.
fn mfa_routes() -> Router<Arc<Shared>> {
    use rest::mfa;
    Router::new()
        .route("/api/v2/mfa/authenticator", get(mfa::authenticators))
        .route(
            "/api/v2/mfa/totp/associate",
            post(mfa::associate).delete(mfa::delete),
        )
        .route("/api/v2/mfa/totp/associate/confirm", post(mfa::confirm))
        .route("/api/v2/mfa/totp/verify", post(mfa::verify_totp))
        .route("/api/v2/mfa/totp/recovery", post(mfa::verify_recovery))
        .route("/api/v2/mfa/totp/import", post(mfa::import))
        .route("/api/v2/applications/mfa/sms/verify", post(mfa::verify_sms))
        .route(
            "/api/v2/applications/mfa/email/verify",
            post(mfa::verify_email),
        )
        .route("/api/v2/applications/mfa/check", post(mfa::check))
        .route(
            "/api/v2/users/{id}/mfa-bound",
            get(mfa::bound).delete(mfa::unbind),
        )
}

/// Authing's literal paths that a `{id}` route would otherwise take for an id: not
/// implemented, so they answer the 404 envelope like any unknown path.
fn unimplemented_literals() -> Router<Arc<Shared>> {
    [
        "/api/v2/users/filter",
        "/api/v2/users/principal_authentication",
    ]
    .into_iter()
    .fold(Router::new(), |r, path| r.route(path, any(rest::not_found)))
}
