//! The GraphQL operations the client sends, one document per `.graphql` file in
//! `src/graphql/`, each named like the official SDKs' document.
//!
//! Public so that tests and tools (e.g. an emulator's compatibility check) can read the
//! exact text sent: [`Operation::full_document`] is the document plus its fragments.

use authing_core::Operation;
use authing_core::models::USER_FIELDS;

const USER_FRAGMENTS: &[&str] = &[USER_FIELDS];

/// `mutation registerByEmail`: Registers with an email and a password.
pub const REGISTER_BY_EMAIL: Operation = Operation::mutation(
    "registerByEmail",
    "registerByEmail",
    include_str!("graphql/register_by_email.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation registerByUsername`: Registers with a username and a password.
pub const REGISTER_BY_USERNAME: Operation = Operation::mutation(
    "registerByUsername",
    "registerByUsername",
    include_str!("graphql/register_by_username.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation registerByPhoneCode`: Registers with a phone number and an SMS code.
pub const REGISTER_BY_PHONE_CODE: Operation = Operation::mutation(
    "registerByPhoneCode",
    "registerByPhoneCode",
    include_str!("graphql/register_by_phone_code.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation loginByEmail`: Logs in with an email and a password.
pub const LOGIN_BY_EMAIL: Operation = Operation::mutation(
    "loginByEmail",
    "loginByEmail",
    include_str!("graphql/login_by_email.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation loginByUsername`: Logs in with a username and a password.
pub const LOGIN_BY_USERNAME: Operation = Operation::mutation(
    "loginByUsername",
    "loginByUsername",
    include_str!("graphql/login_by_username.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation loginByPhoneCode`: Logs in with a phone number and an SMS code.
pub const LOGIN_BY_PHONE_CODE: Operation = Operation::mutation(
    "loginByPhoneCode",
    "loginByPhoneCode",
    include_str!("graphql/login_by_phone_code.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation loginByPhonePassword`: Logs in with a phone number and a password.
pub const LOGIN_BY_PHONE_PASSWORD: Operation = Operation::mutation(
    "loginByPhonePassword",
    "loginByPhonePassword",
    include_str!("graphql/login_by_phone_password.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `query user`: The user of the bearer token (no `id`).
pub const USER: Operation = Operation::query("user", "user", include_str!("graphql/user.graphql"))
    .with_fragments(USER_FRAGMENTS);

/// `query checkLoginStatus`: The status of a token.
pub const CHECK_LOGIN_STATUS: Operation = Operation::query(
    "checkLoginStatus",
    "checkLoginStatus",
    include_str!("graphql/check_login_status.graphql"),
);

/// `query checkPasswordStrength`: Checks a password against the pool's policy.
pub const CHECK_PASSWORD_STRENGTH: Operation = Operation::query(
    "checkPasswordStrength",
    "checkPasswordStrength",
    include_str!("graphql/check_password_strength.graphql"),
);

/// `mutation sendEmail`: Sends an email for a scene.
pub const SEND_EMAIL: Operation = Operation::mutation(
    "sendEmail",
    "sendEmail",
    include_str!("graphql/send_email.graphql"),
);

/// `mutation resetPassword`: Resets a password with a phone or email code.
pub const RESET_PASSWORD: Operation = Operation::mutation(
    "resetPassword",
    "resetPassword",
    include_str!("graphql/reset_password.graphql"),
);

/// `mutation updateUser`: Updates the profile of the bearer's user (no `id`).
pub const UPDATE_USER: Operation = Operation::mutation(
    "updateUser",
    "updateUser",
    include_str!("graphql/update_user.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation updatePassword`: Changes the password.
pub const UPDATE_PASSWORD: Operation = Operation::mutation(
    "updatePassword",
    "updatePassword",
    include_str!("graphql/update_password.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation updatePhone`: Changes the phone number.
pub const UPDATE_PHONE: Operation = Operation::mutation(
    "updatePhone",
    "updatePhone",
    include_str!("graphql/update_phone.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation updateEmail`: Changes the email address.
pub const UPDATE_EMAIL: Operation = Operation::mutation(
    "updateEmail",
    "updateEmail",
    include_str!("graphql/update_email.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation refreshToken`: Issues a new token for the bearer's user (no `id`).
pub const REFRESH_TOKEN: Operation = Operation::mutation(
    "refreshToken",
    "refreshToken",
    include_str!("graphql/refresh_token.graphql"),
);

/// `mutation bindPhone`: Binds a phone number.
pub const BIND_PHONE: Operation = Operation::mutation(
    "bindPhone",
    "bindPhone",
    include_str!("graphql/bind_phone.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation unbindPhone`: Unbinds the phone number.
pub const UNBIND_PHONE: Operation = Operation::mutation(
    "unbindPhone",
    "unbindPhone",
    include_str!("graphql/unbind_phone.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation bindEmail`: Binds an email address.
pub const BIND_EMAIL: Operation = Operation::mutation(
    "bindEmail",
    "bindEmail",
    include_str!("graphql/bind_email.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `mutation unbindEmail`: Unbinds the email address.
pub const UNBIND_EMAIL: Operation = Operation::mutation(
    "unbindEmail",
    "unbindEmail",
    include_str!("graphql/unbind_email.graphql"),
)
.with_fragments(USER_FRAGMENTS);

/// `query udv`: The custom data values of a target.
pub const UDV: Operation = Operation::query("udv", "udv", include_str!("graphql/udv.graphql"));

/// `mutation setUdv`: Sets one custom data value.
pub const SET_UDV: Operation =
    Operation::mutation("setUdv", "setUdv", include_str!("graphql/set_udv.graphql"));

/// `mutation removeUdv`: Removes one custom data value.
pub const REMOVE_UDV: Operation = Operation::mutation(
    "removeUdv",
    "removeUdv",
    include_str!("graphql/remove_udv.graphql"),
);

/// Every operation of this crate.
pub const ALL: &[Operation] = &[
    REGISTER_BY_EMAIL,
    REGISTER_BY_USERNAME,
    REGISTER_BY_PHONE_CODE,
    LOGIN_BY_EMAIL,
    LOGIN_BY_USERNAME,
    LOGIN_BY_PHONE_CODE,
    LOGIN_BY_PHONE_PASSWORD,
    USER,
    CHECK_LOGIN_STATUS,
    CHECK_PASSWORD_STRENGTH,
    SEND_EMAIL,
    RESET_PASSWORD,
    UPDATE_USER,
    UPDATE_PASSWORD,
    UPDATE_PHONE,
    UPDATE_EMAIL,
    REFRESH_TOKEN,
    BIND_PHONE,
    UNBIND_PHONE,
    BIND_EMAIL,
    UNBIND_EMAIL,
    UDV,
    SET_UDV,
    REMOVE_UDV,
];
