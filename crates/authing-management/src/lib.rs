//! Management client of the Authing SDK for Rust: everything a user pool's
//! administrator does — users, roles, policies, access control, the pool's settings —
//! and local verification of user tokens.
//!
//! # Quick start
//!
//! ```no_run
//! # async fn run() -> authing::Result<()> {
//! use authing::management::{CreateUserInput, CreateUserOptions, ListOptions, ManagementClient};
//!
//! // Create once, share everywhere (it is cheap to clone and `Send + Sync`).
//! let client = ManagementClient::builder()
//!     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
//!     .secret("pool-secret")
//!     .build()?;
//!
//! let page = client.users().list(&ListOptions::new(1, 10)).await?; // Paginated<User> { total_count, list }
//! let bob = client
//!     .users()
//!     .create(
//!         &CreateUserInput {
//!             username: Some("bob".into()),
//!             password: Some("s3cret!".to_owned().into()), // encrypted before sending
//!             ..Default::default()
//!         },
//!         &CreateUserOptions::default(),
//!     )
//!     .await?;
//! client.users().add_roles(&bob.id, ["editor"], None).await?;
//! # let _ = page; Ok(()) }
//! ```
//!
//! # Sub-clients
//!
//! | accessor | what |
//! |---|---|
//! | [`ManagementClient::users`] | users, their roles, policies, groups, departments, authorized resources, permission checks |
//! | [`ManagementClient::roles`] | roles (by code, per namespace), their users, policies and resources |
//! | [`ManagementClient::policies`] | policies and their assignments |
//! | [`ManagementClient::acl`] | `allow`, `is_allowed`, `is_denied`; namespaces, resources, `authorize_resource`, `revoke_resource`, authorized resources and targets |
//! | [`ManagementClient::groups`] | groups, their members and resources |
//! | [`ManagementClient::org`] | organizations, nodes (departments), members, node roles and resources, import/export, trees |
//! | [`ManagementClient::userpool`] | the pool's settings |
//! | [`ManagementClient::mfa`] | users' MFA: bound factors, unbinding, TOTP import |
//! | [`ManagementClient::check_login_status`] | verify a user token locally (HS256, `exp`, type, pool) |
//!
//! # Conventions
//!
//! - **Not found.** Lookups ([`UsersClient::detail`], [`UsersClient::find`],
//!   `roles().detail`, ...) answer `Ok(None)`. Every other method naming a user that
//!   does not exist fails with an [`Error::Api`] of code 2004
//!   ([`Error::is_user_not_found`]), whether the service sent it or answered `null`
//!   (e.g. [`UsersClient::list_roles`]).
//! - **Checking a token.** [`ManagementClient::check_login_status`] answers
//!   [`LoginStatus::Invalid`] for a bad, expired or foreign token (an answer, not an
//!   error, like the authentication client's `status: false`); it uses the machine
//!   clock, [`ManagementClient::check_login_status_at`] another time (e.g. after moving
//!   the emulator's clock). It cannot see revocation (logout, kick).
//! - **Custom data.** A value can be set (`set_udv`) only for a field defined first
//!   with [`UdfClient::set`]. Values are [`UdfValue`]s typed by the field's data type
//!   (`18.into()`, `"ucla".into()`, `true.into()`, a `serde_json::Value` object, a
//!   `time::OffsetDateTime`): sent as JSON text, read back by type. Role values are
//!   keyed by the role's id.
//! - **Codes.** [`authing_core::codes`] names the common ones, with predicates on
//!   [`Error`]: 1001 [`Error::is_no_permission`] (wrong secret, or a user token on a
//!   management call), 2224 [`Error::is_user_pool_not_found`] (wrong pool id), ...
//!
//! # Testing with the emulator
//!
//! `authing-emulator` (a dev-dependency) starts an Authing-compatible server on
//! 127.0.0.1 in milliseconds, with its own pool id and secret; plain `http://` is
//! allowed for loopback hosts:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let emu = authing_emulator::Emulator::builder().start().await?;
//! let admin = authing::management::ManagementClient::builder()
//!     .host(emu.url())
//!     .user_pool_id(emu.user_pool_id())
//!     .secret(emu.secret())
//!     .public_key(emu.public_key_pem())
//!     .build()?;
//! let page = admin.users().list(&Default::default()).await?;
//! assert_eq!(page.total_count, 0);
//! # Ok(()) }
//! ```
//!
//! # Management token
//!
//! Obtained with `accessToken(userPoolId, secret)` on first use (without an
//! `authorization` header), cached, refreshed when it expires within
//! [`ManagementClientBuilder::token_refresh_margin`] (one hour by default), and fetched
//! by a single request however many tasks call at once; when that request fails, the
//! calls that were waiting for it return its error, and the next call tries again. A
//! call that the service rejects because the token is expired or invalid (2206, 2207,
//! 2020, HTTP 401) gets a new token and is retried once.
//!
//! # Inputs and errors
//!
//! Input and option structs have public fields and `Default`: set what you need and
//! end with `..Default::default()`. Every list method takes [`ListOptions`] (page 1,
//! limit 10 by default) and has a `_stream` twin that walks every page lazily (e.g.
//! [`UsersClient::list_stream`]):
//!
//! ```no_run
//! # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
//! use authing::management::ListOptions;
//! use authing::futures_util::TryStreamExt;
//!
//! let mut users = std::pin::pin!(client.users().list_stream(&ListOptions::new(1, 100)));
//! while let Some(user) = users.try_next().await? {
//!     println!("{}", user.id);
//! }
//! # Ok(()) }
//! ```
//!
//! Invalid arguments (an empty id, `page = 0`, `allow` without a user or
//! role, ...) are an [`Error::InvalidArgument`] before any request; the service's
//! errors are [`Error::Api`] with Authing's code (e.g. [`Error::is_user_not_found`]).
//!
//! Methods returning a [`CommonMessage`] (deletions, role and policy assignments,
//! `allow`, ...) follow the rule documented on [`CommonMessage`], the same in both
//! clients: only `code` 200 is a success, another code is an [`Error::Api`], and a
//! `null` answer (`deleteUser(s)`, `assignRole`, `revokeRole`, `removeUdf`) is
//! returned as `CommonMessage::new(200, "")`.

#![cfg_attr(docsrs, feature(doc_auto_cfg))]

/// Defines an input struct whose fields are all `Option`, skipped when `None`.
macro_rules! optional_input {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, ::serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )+
        }
    };
}

mod acl;
mod applications;
mod audit;
mod client;
mod groups;
mod lifecycle;
mod login_status;
mod mfa;
pub mod models;
pub mod operations;
mod org;
mod policies;
mod principal;
mod roles;
mod token;
mod udf;
mod userpool;
mod users;
mod whitelist;

pub use acl::{
    AclClient, ActionsFilter, AllowOptions, AuthorizeResourceOpt, AuthorizeTarget,
    AuthorizedResource, AuthorizedTargetsOptions, CreateResourceInput, ListResourcesOptions,
    Operator, Resource, ResourceAction, ResourceNamespace, ResourcePermission,
    ResourcePermissionAssignment, ResourceType, UpdateNamespaceInput, UpdateResourceInput,
};
pub use applications::{
    AccessPolicy, AccessPolicyTargets, Agreement, Application, ApplicationsClient,
    CreateAgreementInput, CreateApplicationInput, DefaultStrategy, ModifyAgreementInput,
    PermissionStrategy, ProgrammaticAccessAccount,
};
pub use audit::{
    AuditActor, AuditApp, AuditLogEntry, AuditLogFilter, AuditLogsClient, GeoIp, UserAction,
    UserActionFilter,
};
pub use client::{
    DEFAULT_TOKEN_REFRESH_MARGIN, ListOptions, ManagementClient, ManagementClientBuilder,
};
pub use groups::{Group, GroupsClient, UpdateGroupInput};
pub use lifecycle::{EmailScene, PasswordValidity};
pub use login_status::LoginStatus;
pub use mfa::{ImportedTotp, MfaClient, MfaStatus, MfaType};
pub use models::{
    JwtClaims, JwtUserData, Policy, PolicyAssignment, PolicyAssignmentTargetType, PolicyEffect,
    PolicyStatement, PolicyStatementCondition, Role, UserPool, UserQueryField,
};
pub use org::{
    CreateNodeOptions, ExportedNode, ListMembersOptions, Node, NodeTree, Org, OrgClient,
    OrgImportNode, UpdateNodeInput, UserDepartment,
};
pub use policies::{AssignmentOptions, CreatePolicyOptions, PoliciesClient, UpdatePolicyInput};
pub use principal::{PrincipalAuthentication, PrincipalAuthenticationClient, PrincipalInput};
pub use roles::{CreateRoleOptions, RolesClient, UpdateRoleInput};
pub use udf::{CustomValue, UdfClient, UdfValue, UdfValues, UserDefinedField};
pub use userpool::{
    ChangeEmailStrategyInput, ChangePhoneStrategyInput, EnvVar, RegisterWhiteListConfigInput,
    UpdateUserpoolInput, UserPoolClient,
};
pub use users::{
    CreateUserInput, CreateUserOptions, MAX_BATCH, SearchUserDepartmentOpt, SearchUserGroupOpt,
    SearchUserOptions, SearchUserRoleOpt, UpdateUserInput, UserLoginStatus, UserLookup,
    UsersClient,
};
pub use whitelist::{WhiteList, WhitelistClient, WhitelistType};

pub use authing_core::models::{
    CommonMessage, OrgPathStep, OrgSummary, Paginated, RefreshedToken, Sensitive, UdfDataType,
    UdfTargetType, User,
};
/// `serde_json`, as the SDK uses it (the same re-export as the authentication crate's).
pub use authing_core::serde_json;
pub use authing_core::{ClientOptions, Error, Result, RetryPolicy};
