//! The operations of `client.users()` and their variables.

use authing_core::models::UserLookup;
use authing_core::{Error, Operation, Result};

use super::types::{
    CreateUserInput, SearchUserDepartmentOpt, SearchUserGroupOpt, SearchUserRoleOpt,
    UpdateUserInput,
};
use crate::models::UserQueryField;

const USER_FIELDS: &[&str] = &[authing_core::models::USER_FIELDS];

/// `query users`.
pub const USERS: Operation = Operation::query("users", "users", include_str!("users.graphql"))
    .with_fragments(USER_FIELDS)
    .with_variables::<UsersVars>();
/// `mutation createUser`.
pub const CREATE_USER: Operation = Operation::mutation(
    "createUser",
    "createUser",
    include_str!("create_user.graphql"),
)
.with_fragments(USER_FIELDS)
.with_variables::<CreateUserVars<'static>>();
/// `mutation updateUser`.
pub const UPDATE_USER: Operation = Operation::mutation(
    "updateUser",
    "updateUser",
    include_str!("update_user.graphql"),
)
.with_fragments(USER_FIELDS)
.with_variables::<UpdateUserVars<'static>>();
/// `query user`.
pub const USER: Operation = Operation::query("user", "user", include_str!("user.graphql"))
    .with_fragments(USER_FIELDS)
    .with_variables::<UserVars<'static>>();
/// `query searchUser`.
pub const SEARCH_USER: Operation = Operation::query(
    "searchUser",
    "searchUser",
    include_str!("search_user.graphql"),
)
.with_fragments(USER_FIELDS)
.with_variables::<SearchUserVars<'static>>();
/// `query userBatch`.
pub const USER_BATCH: Operation =
    Operation::query("userBatch", "userBatch", include_str!("user_batch.graphql"))
        .with_fragments(USER_FIELDS)
        .with_variables::<UserBatchVars<'static>>();
/// `mutation deleteUser`.
pub const DELETE_USER: Operation = Operation::mutation(
    "deleteUser",
    "deleteUser",
    include_str!("delete_user.graphql"),
)
.with_variables::<UserVars<'static>>();
/// `mutation deleteUsers`.
pub const DELETE_USERS: Operation = Operation::mutation(
    "deleteUsers",
    "deleteUsers",
    include_str!("delete_users.graphql"),
)
.with_variables::<DeleteUsersVars<'static>>();
/// `query getUserRoles` (root field `user`).
pub const GET_USER_ROLES: Operation = Operation::query(
    "getUserRoles",
    "user",
    include_str!("get_user_roles.graphql"),
)
.with_fragments(crate::roles::ROLE_FIELDS)
.with_variables::<GetUserRolesVars<'static>>();
/// `mutation refreshToken`.
pub const REFRESH_TOKEN: Operation = Operation::mutation(
    "refreshToken",
    "refreshToken",
    include_str!("refresh_token.graphql"),
)
.with_variables::<UserVars<'static>>();
/// `query isUserExists`.
pub const IS_USER_EXISTS: Operation = Operation::query(
    "isUserExists",
    "isUserExists",
    include_str!("is_user_exists.graphql"),
)
.with_variables::<UserLookupVars<'static>>();
/// `query findUser`.
pub const FIND_USER: Operation =
    Operation::query("findUser", "findUser", include_str!("find_user.graphql"))
        .with_fragments(USER_FIELDS)
        .with_variables::<UserLookupVars<'static>>();

authing_core::variables! {
    /// Variables of `users`.
    pub(crate) struct UsersVars {
        page: i32,
        limit: i32,
    }
}

authing_core::variables! {
    /// Variables of `createUser`.
    pub(crate) struct CreateUserVars<'a> {
        userInfo: &'a CreateUserInput,
        keepPassword: bool,
        resetPasswordOnFirstLogin: bool,
        params: Option<String>,
    }
}

authing_core::variables! {
    /// Variables of `updateUser`.
    pub(crate) struct UpdateUserVars<'a> {
        id: &'a str,
        input: &'a UpdateUserInput,
    }
}

authing_core::variables! {
    /// Variables of the operations addressing one user by id (`user`, `deleteUser`,
    /// `refreshToken`).
    pub(crate) struct UserVars<'a> {
        id: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `searchUser`.
    pub(crate) struct SearchUserVars<'a> {
        query: &'a str,
        fields: Option<&'a [String]>,
        page: i32,
        limit: i32,
        departmentOpts: Option<&'a [SearchUserDepartmentOpt]>,
        groupOpts: Option<&'a [SearchUserGroupOpt]>,
        roleOpts: Option<&'a [SearchUserRoleOpt]>,
    }
}

authing_core::variables! {
    /// Variables of `userBatch`.
    pub(crate) struct UserBatchVars<'a> {
        ids: &'a [String],
        r#type: Option<UserQueryField>,
    }
}

authing_core::variables! {
    /// Variables of `deleteUsers`.
    pub(crate) struct DeleteUsersVars<'a> {
        ids: &'a [String],
    }
}

authing_core::variables! {
    /// Variables of `getUserRoles`.
    pub(crate) struct GetUserRolesVars<'a> {
        id: &'a str,
        namespace: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `isUserExists` and `findUser`.
    pub(crate) struct UserLookupVars<'a> {
        email: Option<&'a str>,
        phone: Option<&'a str>,
        username: Option<&'a str>,
        externalId: Option<&'a str>,
    }
}

/// The variables of a lookup; `InvalidArgument` when no identifier is set.
pub(crate) fn lookup_vars(lookup: &UserLookup) -> Result<UserLookupVars<'_>> {
    if lookup.is_empty() {
        return Err(Error::InvalidArgument(
            "set at least one of email, phone, username, external_id".into(),
        ));
    }
    Ok(UserLookupVars {
        email: lookup.email.as_deref(),
        phone: lookup.phone.as_deref(),
        username: lookup.username.as_deref(),
        externalId: lookup.external_id.as_deref(),
    })
}
