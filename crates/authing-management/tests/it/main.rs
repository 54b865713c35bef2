//! Tests of the management client against wiremock.

mod acl;
mod acl_resources;
mod applications;
mod common;
/// The gate of the authentication client's tests (one implementation for both).
#[path = "../../../authing-authentication/tests/it/gate.rs"]
mod gate;
mod groups;
mod login_status;
mod messages;
mod mfa;
mod org;
mod policies;
mod roles;
mod sessions_audit;
mod streams;
mod token;
mod udf;
mod udf_values;
mod userpool;
mod userpool_env;
mod users;
mod users_authz;
mod whitelist;
