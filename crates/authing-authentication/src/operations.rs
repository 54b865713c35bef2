//! Every GraphQL operation the authentication client sends, for conformance tests and
//! tools (e.g. an emulator's compatibility check). Each document lives in a `.graphql`
//! file next to the module that sends it, named like the official SDKs' document;
//! [`Operation::full_document`] gives the exact text sent (fragments included) and
//! [`Operation::variables`] the struct of its variables.

pub use authing_core::Operation;

pub use crate::account::{
    BIND_EMAIL, BIND_PHONE, CHECK_PASSWORD_STRENGTH, RESET_PASSWORD, SEND_EMAIL, UNBIND_EMAIL,
    UNBIND_PHONE, UPDATE_EMAIL, UPDATE_PASSWORD, UPDATE_PHONE,
};
pub use crate::account_flows::{
    IS_USER_EXISTS, LOGIN_BY_SUB_ACCOUNT, RESET_PASSWORD_BY_FIRST_LOGIN_TOKEN,
    RESET_PASSWORD_BY_FORCE_RESET_TOKEN,
};
pub use crate::custom_data::{REMOVE_UDV, SET_UDV, UDV};
pub use crate::login::{
    LOGIN_BY_EMAIL, LOGIN_BY_PHONE_CODE, LOGIN_BY_PHONE_PASSWORD, LOGIN_BY_USERNAME,
};
pub use crate::own_view::{GET_USER_DEPARTMENTS, GET_USER_ROLES, LIST_USER_AUTHORIZED_RESOURCES};
pub use crate::profile::{UPDATE_USER, USER};
pub use crate::register::{REGISTER_BY_EMAIL, REGISTER_BY_PHONE_CODE, REGISTER_BY_USERNAME};
pub use crate::session::{CHECK_LOGIN_STATUS, REFRESH_TOKEN};

/// All of the above.
pub const ALL: &[&Operation] = &[
    &REGISTER_BY_EMAIL,
    &REGISTER_BY_USERNAME,
    &REGISTER_BY_PHONE_CODE,
    &LOGIN_BY_EMAIL,
    &LOGIN_BY_USERNAME,
    &LOGIN_BY_PHONE_CODE,
    &LOGIN_BY_PHONE_PASSWORD,
    &USER,
    &CHECK_LOGIN_STATUS,
    &CHECK_PASSWORD_STRENGTH,
    &SEND_EMAIL,
    &RESET_PASSWORD,
    &UPDATE_USER,
    &UPDATE_PASSWORD,
    &UPDATE_PHONE,
    &UPDATE_EMAIL,
    &REFRESH_TOKEN,
    &BIND_PHONE,
    &UNBIND_PHONE,
    &BIND_EMAIL,
    &UNBIND_EMAIL,
    &UDV,
    &SET_UDV,
    &REMOVE_UDV,
    &RESET_PASSWORD_BY_FIRST_LOGIN_TOKEN,
    &RESET_PASSWORD_BY_FORCE_RESET_TOKEN,
    &LOGIN_BY_SUB_ACCOUNT,
    &IS_USER_EXISTS,
    &GET_USER_ROLES,
    &GET_USER_DEPARTMENTS,
    &LIST_USER_AUTHORIZED_RESOURCES,
];
