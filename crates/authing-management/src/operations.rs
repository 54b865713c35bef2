//! Every GraphQL operation the management client sends, for conformance tests and
//! debugging. Each document lives in a `.graphql` file next to the module that uses
//! it; [`Operation::full_document`] gives the exact text sent (fragments included).

pub use authing_core::Operation;

pub use crate::acl::{ALLOW, IS_ACTION_ALLOWED, IS_ACTION_DENIED};
pub use crate::policies::{
    ADD_POLICY_ASSIGNMENTS, CREATE_POLICY, DELETE_POLICIES, DELETE_POLICY,
    DISABLE_POLICY_ASSIGNMENT, ENABLE_POLICY_ASSIGNMENT, POLICIES, POLICY, POLICY_ASSIGNMENTS,
    REMOVE_POLICY_ASSIGNMENTS, UPDATE_POLICY,
};
pub use crate::roles::{
    ASSIGN_ROLE, CREATE_ROLE, DELETE_ROLE, DELETE_ROLES, REVOKE_ROLE, ROLE, ROLE_WITH_USERS, ROLES,
    UPDATE_ROLE,
};
pub use crate::token::ACCESS_TOKEN;
pub use crate::udf::{
    REMOVE_UDF, REMOVE_UDV, SET_UDF, SET_UDF_VALUE_BATCH, SET_UDV, SET_UDV_BATCH, UDF,
    UDF_VALUE_BATCH, UDV,
};
pub use crate::userpool::{UPDATE_USERPOOL, USERPOOL};
pub use crate::users::{
    CREATE_USER, DELETE_USER, DELETE_USERS, FIND_USER, GET_USER_ROLES, IS_USER_EXISTS,
    REFRESH_TOKEN, SEARCH_USER, UPDATE_USER, USER, USER_BATCH, USERS,
};
pub use crate::whitelist::{ADD_WHITELIST, REMOVE_WHITELIST, WHITELIST};

/// All of the above.
pub const ALL: &[&Operation] = &[
    &SET_UDF,
    &UDF,
    &REMOVE_UDF,
    &ACCESS_TOKEN,
    &USERS,
    &CREATE_USER,
    &UPDATE_USER,
    &USER,
    &SEARCH_USER,
    &USER_BATCH,
    &DELETE_USER,
    &DELETE_USERS,
    &GET_USER_ROLES,
    &REFRESH_TOKEN,
    &IS_USER_EXISTS,
    &FIND_USER,
    &ROLES,
    &CREATE_ROLE,
    &ROLE,
    &UPDATE_ROLE,
    &DELETE_ROLE,
    &DELETE_ROLES,
    &ROLE_WITH_USERS,
    &ASSIGN_ROLE,
    &REVOKE_ROLE,
    &POLICIES,
    &CREATE_POLICY,
    &POLICY,
    &UPDATE_POLICY,
    &DELETE_POLICY,
    &DELETE_POLICIES,
    &POLICY_ASSIGNMENTS,
    &ADD_POLICY_ASSIGNMENTS,
    &REMOVE_POLICY_ASSIGNMENTS,
    &ENABLE_POLICY_ASSIGNMENT,
    &DISABLE_POLICY_ASSIGNMENT,
    &ALLOW,
    &IS_ACTION_ALLOWED,
    &IS_ACTION_DENIED,
    &USERPOOL,
    &UDV,
    &SET_UDV,
    &SET_UDV_BATCH,
    &REMOVE_UDV,
    &UDF_VALUE_BATCH,
    &SET_UDF_VALUE_BATCH,
    &UPDATE_USERPOOL,
    &WHITELIST,
    &ADD_WHITELIST,
    &REMOVE_WHITELIST,
];
