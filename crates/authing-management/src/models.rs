//! Models of the management API: roles, policies, assignments, the user pool and
//! token claims.
//!
//! Field names are the snake_case forms of the GraphQL fields. Nullable fields are
//! `Option`; fields the service adds later are ignored; enums keep an `Unknown(String)`
//! variant for values added later. Shared models (`User`, `Paginated`, ...) come from
//! [`authing_core::models`].

use authing_core::models::Sensitive;
use authing_core::string_enum;
use serde::{Deserialize, Serialize};
use serde_json::Value;

string_enum! {
    /// `PolicyEffect`: whether a policy statement grants or denies.
    PolicyEffect {
        /// The statement grants the actions.
        Allow = "ALLOW",
        /// The statement denies the actions.
        Deny = "DENY",
    }
}

string_enum! {
    /// `PolicyAssignmentTargetType`: what a policy (or a grant) is assigned to.
    PolicyAssignmentTargetType {
        /// A user, identified by its id.
        User = "USER",
        /// A role, identified by its code.
        Role = "ROLE",
        /// A group, identified by its code.
        Group = "GROUP",
        /// An organization node, identified by its id.
        Org = "ORG",
        /// A programmatic access key.
        AkSk = "AK_SK",
    }
}

string_enum! {
    /// The field [`UsersClient::batch_get`](crate::UsersClient::batch_get) matches the
    /// identifiers against (`userBatch`'s `type` argument).
    UserQueryField {
        /// User id.
        Id = "id",
        /// Username.
        Username = "username",
        /// Phone number.
        Phone = "phone",
        /// Email address.
        Email = "email",
        /// External id.
        ExternalId = "externalId",
    }
}

/// `Role`: a role of the pool, addressed by `code` within a `namespace`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Role {
    /// Role id (custom data of roles is keyed by it).
    pub id: String,
    /// Permission group (namespace) code; `default` unless set.
    pub namespace: String,
    /// Role code, unique within its namespace.
    pub code: String,
    /// Resource name `arn:cn:authing:{pool}:role:{id}`.
    pub arn: String,
    /// Description.
    pub description: Option<String>,
    /// Built-in role (cannot be deleted).
    pub is_system: Option<bool>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Parent role (its own `parent` is not selected).
    pub parent: Option<Box<Role>>,
}

/// `PolicyStatementCondition`: an extra condition of a statement.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatementCondition {
    /// Parameter the condition reads.
    pub param: String,
    /// Comparison operator.
    pub operator: String,
    /// Value compared against (any JSON).
    pub value: Value,
}

/// `PolicyStatement`: `effect` on `actions` of `resource`. Also the input of
/// [`PoliciesClient::create`](crate::PoliciesClient::create) (`PolicyStatementInput`).
///
/// ```
/// use authing::management::PolicyStatement;
/// let s = PolicyStatement::allow("books:*", ["books:read", "books:edit"]);
/// assert_eq!(s.actions.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatement {
    /// Resource, `<type>:<id>` or `<type>:*`.
    pub resource: String,
    /// Actions, e.g. `books:read`.
    pub actions: Vec<String>,
    /// `ALLOW` or `DENY` (the service treats a missing effect as `ALLOW`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<PolicyEffect>,
    /// Extra conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Vec<PolicyStatementCondition>>,
}

impl PolicyStatement {
    /// A statement with the given effect and no condition.
    ///
    /// ```
    /// use authing::management::{PolicyEffect, PolicyStatement};
    /// let s = PolicyStatement::new(PolicyEffect::Deny, "books:1", ["books:delete"]);
    /// assert_eq!(s.effect, Some(PolicyEffect::Deny));
    /// ```
    pub fn new<I, S>(effect: PolicyEffect, resource: impl Into<String>, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            resource: resource.into(),
            actions: actions.into_iter().map(Into::into).collect(),
            effect: Some(effect),
            condition: None,
        }
    }

    /// An `ALLOW` statement.
    ///
    /// ```
    /// use authing::management::{PolicyEffect, PolicyStatement};
    /// let s = PolicyStatement::allow("books:*", ["books:read"]);
    /// assert_eq!(s.effect, Some(PolicyEffect::Allow));
    /// ```
    pub fn allow<I, S>(resource: impl Into<String>, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(PolicyEffect::Allow, resource, actions)
    }

    /// A `DENY` statement.
    ///
    /// ```
    /// use authing::management::{PolicyEffect, PolicyStatement};
    /// let s = PolicyStatement::deny("books:1", ["books:delete"]);
    /// assert_eq!(s.effect, Some(PolicyEffect::Deny));
    /// ```
    pub fn deny<I, S>(resource: impl Into<String>, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(PolicyEffect::Deny, resource, actions)
    }
}

/// `Policy`: a named set of statements.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Policy {
    /// Permission group (namespace) code.
    pub namespace: String,
    /// Policy code.
    pub code: String,
    /// Built-in policy.
    pub is_default: bool,
    /// Description.
    pub description: Option<String>,
    /// Statements.
    pub statements: Vec<PolicyStatement>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Number of assignments.
    pub assignments_count: i64,
}

/// `PolicyAssignment`: a policy assigned to a target.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PolicyAssignment {
    /// Policy code.
    pub code: String,
    /// Kind of target.
    pub target_type: PolicyAssignmentTargetType,
    /// User id, role code, group code or node id.
    pub target_identifier: String,
}

/// `UserPoolType`: a kind of user pool.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserPoolType {
    /// Code.
    pub code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Image URL.
    pub image: Option<String>,
    /// SDKs.
    pub sdks: Option<Vec<Option<String>>>,
}

/// Rate-limit settings (`FrequentRegisterCheckConfig`, `LoginFailCheckConfig`,
/// `LoginPasswordFailCheckConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RateLimitConfig {
    /// Time window (seconds).
    pub time_interval: Option<i64>,
    /// Attempts allowed in the window.
    pub limit: Option<i64>,
    /// Whether the check is on.
    pub enabled: Option<bool>,
}

/// `ChangePhoneStrategy`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChangePhoneStrategy {
    /// Changing the phone needs a code sent to the old phone.
    pub verify_old_phone: Option<bool>,
}

/// `ChangeEmailStrategy`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChangeEmailStrategy {
    /// Changing the email needs a code sent to the old email.
    pub verify_old_email: Option<bool>,
}

/// `QrcodeLoginStrategy`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QrcodeLoginStrategy {
    /// QR code lifetime (seconds).
    pub qrcode_expires_after: Option<i64>,
    /// Return the full user info.
    pub return_full_user_info: Option<bool>,
    /// Allow exchanging user info from the browser.
    pub allow_exchange_user_info_from_browser: Option<bool>,
    /// Ticket lifetime (seconds).
    pub ticket_expires_after: Option<i64>,
}

/// `App2WxappLoginStrategy` (field names as misspelt by the API).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct App2WxappLoginStrategy {
    /// Ticket lifetime (seconds), `ticketExpriresAfter` on the wire.
    #[serde(rename = "ticketExpriresAfter")]
    pub ticket_expires_after: Option<i64>,
    /// Exchanging the ticket needs the secret.
    pub ticket_exchange_user_info_need_secret: Option<bool>,
}

/// `RegisterWhiteListConfig`: which registration whitelists are on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RegisterWhiteListConfig {
    /// Phone whitelist on.
    pub phone_enabled: Option<bool>,
    /// Email whitelist on.
    pub email_enabled: Option<bool>,
    /// Username whitelist on.
    pub username_enabled: Option<bool>,
}

/// `CustomSMSProvider`. `config` may hold provider credentials: it is [`Sensitive`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomSmsProvider {
    /// Enabled.
    pub enabled: Option<bool>,
    /// Provider name.
    pub provider: Option<String>,
    /// Provider configuration (JSON text).
    pub config: Option<Sensitive>,
}

/// `UserPool`: the pool's settings. `secret` and `jwt_secret` are [`Sensitive`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserPool {
    /// Pool id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Second-level domain.
    pub domain: String,
    /// Description.
    pub description: Option<String>,
    /// Pool secret.
    pub secret: Sensitive,
    /// Secret signing the users' HS256 tokens.
    pub jwt_secret: Sensitive,
    /// Owner user id.
    pub owner_id: Option<String>,
    /// Pool types.
    pub userpool_types: Option<Vec<UserPoolType>>,
    /// Logo URL.
    pub logo: String,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Default of `emailVerified` for new users.
    pub email_verified_default: bool,
    /// Send a welcome email after registration.
    pub send_welcome_email: bool,
    /// Registration closed.
    pub register_disabled: bool,
    /// Deprecated: single sign-on between the pool's applications.
    pub app_sso_enabled: bool,
    /// Show the WeChat mini-program QR code when registration is closed.
    #[serde(rename = "showWxQRCodeWhenRegisterDisabled")]
    pub show_wx_qr_code_when_register_disabled: Option<bool>,
    /// CORS origins.
    pub allowed_origins: Option<String>,
    /// User token lifetime in seconds (default 15 days).
    pub token_expires_after: Option<i64>,
    /// Deleted.
    pub is_deleted: Option<bool>,
    /// Registration rate limit.
    pub frequent_register_check: Option<RateLimitConfig>,
    /// Login failure limit.
    pub login_fail_check: Option<RateLimitConfig>,
    /// Wrong-password limit.
    pub login_password_fail_check: Option<RateLimitConfig>,
    /// Login failure strategy.
    pub login_fail_strategy: Option<String>,
    /// Phone change strategy.
    pub change_phone_strategy: Option<ChangePhoneStrategy>,
    /// Email change strategy.
    pub change_email_strategy: Option<ChangeEmailStrategy>,
    /// App QR-code login settings.
    pub qrcode_login_strategy: Option<QrcodeLoginStrategy>,
    /// App-to-mini-program login settings.
    pub app2_wxapp_login_strategy: Option<App2WxappLoginStrategy>,
    /// Registration whitelists.
    pub whitelist: Option<RegisterWhiteListConfig>,
    /// Custom SMS provider.
    #[serde(rename = "customSMSProvider")]
    pub custom_sms_provider: Option<CustomSmsProvider>,
    /// Plan type.
    pub package_type: Option<i64>,
    /// Custom user store mode.
    pub use_custom_user_store: Option<bool>,
    /// Email logins need a verified email.
    pub login_require_email_verified: Option<bool>,
    /// SMS code length.
    pub verify_code_length: Option<i64>,
}

/// The `data` claim of a user token issued by the pool.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JwtUserData {
    /// Token type (`user`).
    #[serde(rename = "type")]
    pub token_type: Option<String>,
    /// User id.
    pub id: Option<String>,
    /// User id (older tokens).
    pub user_id: Option<String>,
    /// User pool id.
    pub user_pool_id: Option<String>,
    /// Application id.
    pub app_id: Option<String>,
    /// User ARN.
    pub arn: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Username.
    pub username: Option<String>,
    /// WeChat union id.
    pub unionid: Option<String>,
    /// OpenID.
    pub openid: Option<String>,
    /// Client id (the pool id for pool tokens).
    pub client_id: Option<String>,
}

/// Claims of a user token verified by
/// [`ManagementClient::check_login_status`](crate::ManagementClient::check_login_status).
/// Unknown claims are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct JwtClaims {
    /// Subject (the user id in application tokens).
    #[serde(default)]
    pub sub: Option<String>,
    /// Issued at (seconds since the epoch).
    #[serde(default)]
    pub iat: Option<i64>,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// Issuer.
    #[serde(default)]
    pub iss: Option<String>,
    /// Audience (a string or a list).
    #[serde(default)]
    pub aud: Option<Value>,
    /// The pool's user data.
    #[serde(default)]
    pub data: Option<JwtUserData>,
}

impl JwtClaims {
    /// The user id: `data.id`, else `data.userId`, else `sub`.
    ///
    /// ```
    /// let claims: authing::management::JwtClaims = authing::serde_json::from_value(authing::serde_json::json!({
    ///     "exp": 1_700_000_000, "data": {"id": "5f7ddfe62ba819802422362e"}
    /// })).unwrap();
    /// assert_eq!(claims.user_id(), Some("5f7ddfe62ba819802422362e"));
    /// ```
    pub fn user_id(&self) -> Option<&str> {
        let data = self.data.as_ref();
        data.and_then(|d| d.id.as_deref())
            .or_else(|| data.and_then(|d| d.user_id.as_deref()))
            .or(self.sub.as_deref())
            .filter(|s| !s.is_empty())
    }
}

authing_core::gql_named!(
    PolicyStatement => "PolicyStatementInput",
    PolicyAssignmentTargetType => "PolicyAssignmentTargetType",
    // `userBatch(type: String)`: the field's name as a string.
    UserQueryField => "String",
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statement_serializes_without_nulls() {
        let s = PolicyStatement::allow("books:*", ["books:read"]);
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            json!({"resource": "books:*", "actions": ["books:read"], "effect": "ALLOW"})
        );
    }

    #[test]
    fn claims_user_id_order() {
        let c: JwtClaims =
            serde_json::from_value(json!({"sub": "s", "exp": 1, "data": {"userId": "u"}})).unwrap();
        assert_eq!(c.user_id(), Some("u"));
        let c: JwtClaims = serde_json::from_value(json!({"sub": "s", "exp": 1})).unwrap();
        assert_eq!(c.user_id(), Some("s"));
    }
}
