//! Tests of the management client against wiremock.

mod acl;
mod common;
mod login_status;
mod messages;
mod policies;
mod roles;
mod streams;
mod token;
mod udf;
mod userpool;
mod users;
