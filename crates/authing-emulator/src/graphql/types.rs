//! GraphQL types of the emulator, named and shaped as in Authing's v2 schema.
//!
//! Stored records (users, roles, policies, ...) are the GraphQL objects themselves:
//! resolvers clone them out of the store. Internal fields are `#[graphql(skip)]`.

use async_graphql::{
    ComplexObject, Context, Enum, InputObject, InputValueError, InputValueResult, Scalar,
    ScalarType, SimpleObject, Value,
};
use serde::{Deserialize, Serialize};

use crate::state::Shared;

// ---------------------------------------------------------------------------------------
// Scalars and enums
// ---------------------------------------------------------------------------------------

/// The `Object` scalar: arbitrary JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectScalar(pub serde_json::Value);

#[Scalar(name = "Object")]
impl ScalarType for ObjectScalar {
    fn parse(value: Value) -> InputValueResult<Self> {
        value
            .into_json()
            .map(ObjectScalar)
            .map_err(|e| InputValueError::custom(e.to_string()))
    }

    fn to_value(&self) -> Value {
        Value::from_json(self.0.clone()).unwrap_or(Value::Null)
    }
}

/// Sort order of paginated lists.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SortByEnum {
    /// Newest first.
    CreatedatDesc,
    /// Oldest first.
    CreatedatAsc,
    /// Most recently updated first.
    UpdatedatDesc,
    /// Least recently updated first.
    UpdatedatAsc,
}

/// Data type of a user-defined field.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[graphql(name = "UDFDataType")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UdfDataType {
    /// Text.
    String,
    /// JSON number.
    Number,
    /// Date/time (epoch ms or a date string).
    Datetime,
    /// true/false.
    Boolean,
    /// JSON object.
    Object,
}

/// Target type of user-defined fields and values.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(name = "UDFTargetType")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UdfTargetType {
    /// Org node.
    Node,
    /// Organization.
    Org,
    /// User (target id = user id).
    User,
    /// User pool.
    Userpool,
    /// Role (target id = role id).
    Role,
    /// Permission.
    Permission,
    /// Application.
    Application,
}

/// Effect of a policy statement.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PolicyEffect {
    /// Grants.
    Allow,
    /// Denies (wins over ALLOW).
    Deny,
}

/// Kind of target a policy is assigned to.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PolicyAssignmentTargetType {
    /// A user id.
    User,
    /// A role code.
    Role,
    /// A group code.
    Group,
    /// An org node id.
    Org,
    /// A programmatic access key.
    AkSk,
}

/// Scene of a `sendEmail` call.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum EmailScene {
    /// Reset password code.
    ResetPassword,
    /// Verify-email link.
    VerifyEmail,
    /// Change email code.
    ChangeEmail,
    /// MFA code.
    MfaVerify,
    /// Generic verification code.
    VerifyCode,
}

/// Status of a user in the organization.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[graphql(rename_items = "PascalCase")]
pub enum UserStatus {
    /// Suspended.
    Suspended,
    /// Resigned.
    Resigned,
    /// Normal.
    Activated,
    /// Archived.
    Archived,
}

/// Kind of an authorized resource.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ResourceType {
    /// Data.
    Data,
    /// API.
    Api,
    /// Menu.
    Menu,
    /// UI.
    Ui,
    /// Button.
    Button,
}

// ---------------------------------------------------------------------------------------
// Small output objects
// ---------------------------------------------------------------------------------------

/// Result of `accessToken`.
#[derive(SimpleObject, Debug, Clone)]
pub struct AccessTokenRes {
    /// Management token (JWT).
    pub access_token: Option<String>,
    /// Expiry, seconds since epoch.
    pub exp: Option<i64>,
    /// Issued at, seconds since epoch.
    pub iat: Option<i64>,
}

/// Generic `{code, message}` answer.
#[derive(SimpleObject, Debug, Clone)]
pub struct CommonMessage {
    /// Human-readable message.
    pub message: Option<String>,
    /// Business code, 200 = success.
    pub code: Option<i32>,
}

impl CommonMessage {
    pub(crate) fn ok(message: &str) -> Self {
        Self {
            message: Some(message.to_string()),
            code: Some(200),
        }
    }
}

/// Result of `refreshToken`.
#[derive(SimpleObject, Debug, Clone)]
pub struct RefreshToken {
    /// New user token.
    pub token: Option<String>,
    /// Issued at (seconds).
    pub iat: Option<i64>,
    /// Expiry (seconds).
    pub exp: Option<i64>,
}

/// Result of `checkPasswordStrength`.
#[derive(SimpleObject, Debug, Clone)]
pub struct CheckPasswordStrengthResult {
    /// Whether the password satisfies the pool's rule.
    pub valid: bool,
    /// Explanation.
    pub message: Option<String>,
}

/// Result of `checkLoginStatus`.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(name = "JWTTokenStatus")]
pub struct JwtTokenStatus {
    /// 200 when logged in, else 2020/2206/2207.
    pub code: Option<i32>,
    /// Message.
    pub message: Option<String>,
    /// Logged in?
    pub status: Option<bool>,
    /// Expiry (seconds).
    pub exp: Option<i64>,
    /// Issued at (seconds).
    pub iat: Option<i64>,
    /// Token subject.
    pub data: Option<JwtTokenStatusDetail>,
}

/// `data` of [`JwtTokenStatus`].
#[derive(SimpleObject, Debug, Clone)]
#[graphql(name = "JWTTokenStatusDetail")]
pub struct JwtTokenStatusDetail {
    /// User id.
    pub id: Option<String>,
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// User arn.
    pub arn: Option<String>,
}

/// An external identity of a user.
#[derive(SimpleObject, Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// openid.
    pub openid: Option<String>,
    /// Id in the identity provider.
    pub user_id_in_idp: Option<String>,
    /// Owning user.
    pub user_id: Option<String>,
    /// External IdP id.
    pub ext_idp_id: Option<String>,
    /// Social identity?
    pub is_social: Option<bool>,
    /// Provider.
    pub provider: Option<String>,
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// IdP refresh token.
    pub refresh_token: Option<String>,
    /// IdP access token.
    pub access_token: Option<String>,
    /// Connection id.
    pub connection_id: Option<String>,
    /// Identity type.
    #[graphql(name = "type")]
    pub r#type: Option<String>,
}

/// Custom data of a user, inline in `User.customData`.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserCustomData {
    /// Key.
    pub key: String,
    /// Value as text.
    pub value: Option<String>,
    /// Field label.
    pub label: Option<String>,
    /// Data type.
    pub data_type: UdfDataType,
}

/// A user-defined value.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserDefinedData {
    /// Key.
    pub key: String,
    /// Data type.
    pub data_type: UdfDataType,
    /// Value as text (STRING plain, others JSON text).
    pub value: String,
    /// Field label.
    pub label: Option<String>,
}

/// Values of one target in `udfValueBatch`.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserDefinedDataMap {
    /// Target id.
    pub target_id: String,
    /// Its values.
    pub data: Vec<UserDefinedData>,
}

/// A user-defined field definition.
#[derive(SimpleObject, Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDefinedField {
    /// Target type.
    pub target_type: UdfTargetType,
    /// Data type.
    pub data_type: UdfDataType,
    /// Key.
    pub key: String,
    /// Label.
    pub label: Option<String>,
    /// Options (JSON text).
    pub options: Option<String>,
}

/// An authorized resource.
#[derive(SimpleObject, Debug, Clone)]
pub struct AuthorizedResource {
    /// Resource code, e.g. `books:123`.
    pub code: String,
    /// Resource type.
    #[graphql(name = "type")]
    pub r#type: Option<ResourceType>,
    /// Allowed actions.
    pub actions: Option<Vec<String>>,
    /// API identifier.
    pub api_identifier: Option<String>,
}

/// A page of authorized resources.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedAuthorizedResources {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<AuthorizedResource>,
}

/// A group (the emulator has no groups yet; lists are empty).
#[derive(SimpleObject, Debug, Clone)]
pub struct Group {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
}

/// A page of groups.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedGroups {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<Group>,
}

// ---------------------------------------------------------------------------------------
// User
// ---------------------------------------------------------------------------------------

/// A user (also the stored record).
#[derive(SimpleObject, Debug, Clone, Default, Serialize, Deserialize)]
#[graphql(complex)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Id (24 hex digits).
    pub id: String,
    /// `arn:cn:authing:{pool}:user:{id}`.
    pub arn: String,
    /// Status.
    pub status: Option<UserStatus>,
    /// Pool id.
    pub user_pool_id: String,
    /// Username (unique, case-sensitive).
    pub username: Option<String>,
    /// Email (unique, stored lower-case).
    pub email: Option<String>,
    /// Email verified?
    pub email_verified: Option<bool>,
    /// Phone (unique).
    pub phone: Option<String>,
    /// Phone verified?
    pub phone_verified: Option<bool>,
    /// unionid.
    pub unionid: Option<String>,
    /// openid.
    pub openid: Option<String>,
    /// Nickname.
    pub nickname: Option<String>,
    /// Registration sources.
    pub register_source: Option<Vec<String>>,
    /// Avatar.
    pub photo: Option<String>,
    /// Raw IdP profile.
    pub oauth: Option<String>,
    /// Token, only in login/register answers.
    #[serde(skip)]
    pub token: Option<String>,
    /// Expiry of the last issued token (ISO).
    pub token_expired_at: Option<String>,
    /// Login count.
    pub logins_count: Option<i32>,
    /// Last login (ISO).
    pub last_login: Option<String>,
    /// Last IP.
    #[graphql(name = "lastIP")]
    #[serde(rename = "lastIP")]
    pub last_ip: Option<String>,
    /// Signed up (ISO).
    pub signed_up: Option<String>,
    /// Blocked?
    pub blocked: Option<bool>,
    /// Soft-deleted?
    pub is_deleted: Option<bool>,
    /// Device.
    pub device: Option<String>,
    /// Browser.
    pub browser: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Profile URL.
    pub profile: Option<String>,
    /// Preferred username.
    pub preferred_username: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Gender (`M`, `F`, `U`).
    pub gender: Option<String>,
    /// Birthdate.
    pub birthdate: Option<String>,
    /// Zone info.
    pub zoneinfo: Option<String>,
    /// Locale.
    pub locale: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Formatted address.
    pub formatted: Option<String>,
    /// Street.
    pub street_address: Option<String>,
    /// Locality.
    pub locality: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Created at (ISO).
    pub created_at: Option<String>,
    /// Updated at (ISO).
    pub updated_at: Option<String>,
    /// External id.
    pub external_id: Option<String>,
    /// Phone country code.
    pub phone_country_code: Option<String>,
    /// Main department id.
    pub main_department_id: Option<String>,
    /// Main department code.
    pub main_department_code: Option<String>,

    /// External identities.
    #[graphql(skip)]
    #[serde(default)]
    pub identities_list: Vec<Identity>,
    /// argon2 PHC hash, never exposed.
    #[graphql(skip)]
    #[serde(default)]
    pub password_hash: Option<String>,
    /// Incremented to revoke all tokens of the user.
    #[graphql(skip)]
    #[serde(default)]
    pub token_epoch: u32,
    /// Creation time in ms (sorting).
    #[graphql(skip)]
    #[serde(default)]
    pub created_ms: i64,
    /// Update time in ms (sorting).
    #[graphql(skip)]
    #[serde(default)]
    pub updated_ms: i64,
}

#[ComplexObject]
impl User {
    /// Always null: passwords are stored only as salted hashes.
    async fn password(&self) -> Option<String> {
        None
    }

    /// External identities.
    async fn identities(&self) -> Option<Vec<Option<Identity>>> {
        Some(self.identities_list.iter().cloned().map(Some).collect())
    }

    /// Roles of the user (all namespaces when `namespace` is null).
    async fn roles(&self, ctx: &Context<'_>, namespace: Option<String>) -> Option<PaginatedRoles> {
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        let list = shared
            .store
            .read()
            .roles_of_user(&self.id, namespace.as_deref());
        Some(PaginatedRoles {
            total_count: list.len() as i32,
            list,
        })
    }

    /// Groups of the user (always empty: the emulator has no groups).
    async fn groups(&self) -> Option<PaginatedGroups> {
        Some(PaginatedGroups {
            total_count: 0,
            list: vec![],
        })
    }

    /// Resources the user may act on (direct and role policies, ALLOW statements).
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        resource_type: Option<String>,
    ) -> Option<PaginatedAuthorizedResources> {
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        let store = shared.store.read();
        let list = store.authorized_resources(
            &store.user_targets(&self.id, namespace.as_deref().unwrap_or("default")),
            namespace.as_deref().unwrap_or("default"),
            resource_type.as_deref(),
        );
        Some(PaginatedAuthorizedResources {
            total_count: list.len() as i32,
            list,
        })
    }

    /// Custom data (UDV of target USER).
    async fn custom_data(&self, ctx: &Context<'_>) -> Option<Vec<Option<UserCustomData>>> {
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        let list = shared.store.read().udv_list(UdfTargetType::User, &self.id);
        Some(
            list.into_iter()
                .map(|d| {
                    Some(UserCustomData {
                        key: d.key,
                        value: Some(d.value),
                        label: d.label,
                        data_type: d.data_type,
                    })
                })
                .collect(),
        )
    }
}

/// A page of users.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedUsers {
    /// Total number of matches.
    pub total_count: i32,
    /// The page.
    pub list: Vec<User>,
}

// ---------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------

/// A role (also the stored record).
#[derive(SimpleObject, Debug, Clone, Serialize, Deserialize)]
#[graphql(complex)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    /// Id.
    pub id: String,
    /// Namespace (permission group code), default `default`.
    pub namespace: String,
    /// Code, unique in the namespace.
    pub code: String,
    /// arn.
    pub arn: String,
    /// Description.
    pub description: Option<String>,
    /// Built-in role?
    pub is_system: Option<bool>,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
    /// Parent role code (same namespace).
    #[graphql(skip)]
    pub parent_code: Option<String>,
    /// Creation time in ms.
    #[graphql(skip)]
    #[serde(default)]
    pub created_ms: i64,
}

#[ComplexObject]
impl Role {
    /// Users holding this role.
    async fn users(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
    ) -> PaginatedUsers {
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        let store = shared.store.read();
        let all = store.role_member_users(&self.id);
        let (total, list) = crate::state::paginate(all, page, limit);
        PaginatedUsers {
            total_count: total,
            list,
        }
    }

    /// Resources granted to this role.
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        resource_type: Option<String>,
    ) -> Option<PaginatedAuthorizedResources> {
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        let store = shared.store.read();
        let targets = vec![(PolicyAssignmentTargetType::Role, self.code.clone())];
        let list = store.authorized_resources(&targets, &self.namespace, resource_type.as_deref());
        Some(PaginatedAuthorizedResources {
            total_count: list.len() as i32,
            list,
        })
    }

    /// Parent role.
    async fn parent(&self, ctx: &Context<'_>) -> Option<Role> {
        let code = self.parent_code.as_ref()?;
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        shared.store.read().role(&self.namespace, code).cloned()
    }
}

/// A page of roles.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedRoles {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<Role>,
}

// ---------------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------------

/// A condition of a statement.
#[derive(SimpleObject, Debug, Clone, Serialize, Deserialize)]
pub struct PolicyStatementCondition {
    /// Parameter.
    pub param: String,
    /// Operator.
    pub operator: String,
    /// Value.
    pub value: ObjectScalar,
}

/// A statement of a policy.
#[derive(SimpleObject, Debug, Clone, Serialize, Deserialize)]
pub struct PolicyStatement {
    /// Resource pattern (`type:id`, `type:*`, `*`).
    pub resource: String,
    /// Action patterns.
    pub actions: Vec<String>,
    /// ALLOW (default) or DENY.
    pub effect: Option<PolicyEffect>,
    /// Conditions (stored, not evaluated).
    pub condition: Option<Vec<PolicyStatementCondition>>,
}

/// A policy (also the stored record).
#[derive(SimpleObject, Debug, Clone, Serialize, Deserialize)]
#[graphql(complex)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// Namespace.
    pub namespace: String,
    /// Code.
    pub code: String,
    /// Built-in?
    pub is_default: bool,
    /// Description.
    pub description: Option<String>,
    /// Statements.
    pub statements: Vec<PolicyStatement>,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
    /// Creation time in ms.
    #[graphql(skip)]
    #[serde(default)]
    pub created_ms: i64,
}

#[ComplexObject]
impl Policy {
    /// Number of assignments.
    async fn assignments_count(&self, ctx: &Context<'_>) -> i32 {
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        shared
            .store
            .read()
            .assignments
            .iter()
            .filter(|a| a.namespace == self.namespace && a.code == self.code)
            .count() as i32
    }

    /// Assignments of this policy.
    async fn assignments(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
        namespace: Option<String>,
    ) -> Vec<PolicyAssignment> {
        let _ = namespace;
        let shared = ctx.data_unchecked::<std::sync::Arc<Shared>>();
        let all: Vec<PolicyAssignment> = shared
            .store
            .read()
            .assignments
            .iter()
            .filter(|a| a.namespace == self.namespace && a.code == self.code)
            .cloned()
            .collect();
        crate::state::paginate(all, page, limit).1
    }
}

/// A policy assignment (also the stored record).
#[derive(SimpleObject, Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAssignment {
    /// Policy code.
    pub code: String,
    /// Target type.
    pub target_type: PolicyAssignmentTargetType,
    /// User id, role code, group code or node id.
    pub target_identifier: String,
    /// Namespace of the policy.
    #[graphql(skip)]
    pub namespace: String,
    /// Enabled (see `enablePolicyAssignment` / `disbalePolicyAssignment`).
    #[graphql(skip)]
    pub enabled: bool,
    /// Inherit by child nodes (ORG only; stored).
    #[graphql(skip)]
    #[serde(default)]
    pub inherit_by_children: bool,
}

/// A page of policies.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedPolicies {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<Policy>,
}

/// A page of policy assignments.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedPolicyAssignments {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<PolicyAssignment>,
}

// ---------------------------------------------------------------------------------------
// User pool
// ---------------------------------------------------------------------------------------

/// Frequent-registration check settings.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct FrequentRegisterCheckConfig {
    /// Window (seconds).
    pub time_interval: Option<i32>,
    /// Limit.
    pub limit: Option<i32>,
    /// Enabled.
    pub enabled: Option<bool>,
}

/// Login-failure check settings.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct LoginFailCheckConfig {
    /// Window (seconds).
    pub time_interval: Option<i32>,
    /// Limit.
    pub limit: Option<i32>,
    /// Enabled.
    pub enabled: Option<bool>,
}

/// Password-failure check settings.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct LoginPasswordFailCheckConfig {
    /// Window (seconds).
    pub time_interval: Option<i32>,
    /// Limit.
    pub limit: Option<i32>,
    /// Enabled.
    pub enabled: Option<bool>,
}

/// Change-phone strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct ChangePhoneStrategy {
    /// Verify the old phone?
    pub verify_old_phone: Option<bool>,
}

/// Change-email strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct ChangeEmailStrategy {
    /// Verify the old email?
    pub verify_old_email: Option<bool>,
}

/// QR-code login strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct QrcodeLoginStrategy {
    /// QR code lifetime.
    pub qrcode_expires_after: Option<i32>,
    /// Return full user info.
    pub return_full_user_info: Option<bool>,
    /// Allow exchange from browser.
    pub allow_exchange_user_info_from_browser: Option<bool>,
    /// Ticket lifetime.
    pub ticket_expires_after: Option<i32>,
}

/// App-to-mini-program login strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct App2WxappLoginStrategy {
    /// Ticket lifetime (sic).
    pub ticket_exprires_after: Option<i32>,
    /// Exchange needs the secret.
    pub ticket_exchange_user_info_need_secret: Option<bool>,
}

/// Registration whitelist switches.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct RegisterWhiteListConfig {
    /// Phone whitelist on.
    pub phone_enabled: Option<bool>,
    /// Email whitelist on.
    pub email_enabled: Option<bool>,
    /// Username whitelist on.
    pub username_enabled: Option<bool>,
}

/// Custom SMS provider.
#[derive(SimpleObject, Debug, Clone, Default)]
#[graphql(name = "CustomSMSProvider")]
pub struct CustomSmsProvider {
    /// Enabled.
    pub enabled: Option<bool>,
    /// Provider.
    pub provider: Option<String>,
    /// Config.
    pub config: Option<String>,
}

/// Password update policy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct PasswordUpdatePolicyConfig {
    /// Enabled.
    pub enabled: Option<bool>,
    /// Forced cycle.
    pub forced_cycle: Option<i32>,
    /// Difference cycle.
    pub difference_cycle: Option<i32>,
}

/// A user pool type.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct UserPoolType {
    /// Code.
    pub code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Image.
    pub image: Option<String>,
    /// SDKs.
    pub sdks: Option<Vec<Option<String>>>,
}

/// The user pool.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserPool {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Domain.
    pub domain: String,
    /// Description.
    pub description: Option<String>,
    /// Pool secret.
    pub secret: String,
    /// HS256 key of user tokens.
    pub jwt_secret: String,
    /// Owner id.
    pub owner_id: Option<String>,
    /// Pool types.
    pub userpool_types: Option<Vec<UserPoolType>>,
    /// Logo.
    pub logo: String,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
    /// Default of `emailVerified`.
    pub email_verified_default: bool,
    /// Send welcome email.
    pub send_welcome_email: bool,
    /// Registration disabled.
    pub register_disabled: bool,
    /// App SSO.
    pub app_sso_enabled: bool,
    /// Show WX QR code when registration is disabled.
    #[graphql(name = "showWxQRCodeWhenRegisterDisabled")]
    pub show_wx_qr_code_when_register_disabled: Option<bool>,
    /// CORS origins.
    pub allowed_origins: Option<String>,
    /// User token lifetime in seconds.
    pub token_expires_after: Option<i32>,
    /// Deleted?
    pub is_deleted: Option<bool>,
    /// Frequent register check.
    pub frequent_register_check: Option<FrequentRegisterCheckConfig>,
    /// Login fail check.
    pub login_fail_check: Option<LoginFailCheckConfig>,
    /// Password fail check.
    pub login_password_fail_check: Option<LoginPasswordFailCheckConfig>,
    /// Login fail strategy.
    pub login_fail_strategy: Option<String>,
    /// Change phone strategy.
    pub change_phone_strategy: Option<ChangePhoneStrategy>,
    /// Change email strategy.
    pub change_email_strategy: Option<ChangeEmailStrategy>,
    /// QR code strategy.
    pub qrcode_login_strategy: Option<QrcodeLoginStrategy>,
    /// App-to-wxapp strategy.
    pub app2_wxapp_login_strategy: Option<App2WxappLoginStrategy>,
    /// Whitelist switches.
    pub whitelist: Option<RegisterWhiteListConfig>,
    /// Custom SMS provider.
    #[graphql(name = "customSMSProvider")]
    pub custom_sms_provider: Option<CustomSmsProvider>,
    /// Package type.
    pub package_type: Option<i32>,
    /// Custom user store.
    pub use_custom_user_store: Option<bool>,
    /// Email must be verified to log in.
    pub login_require_email_verified: Option<bool>,
    /// SMS code length.
    pub verify_code_length: Option<i32>,
    /// Password update policy.
    pub password_update_policy: Option<PasswordUpdatePolicyConfig>,
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/// `createUser.identity`.
#[derive(InputObject, Debug, Clone)]
pub struct CreateUserIdentityInput {
    /// Provider.
    pub provider: String,
    /// Id in the IdP.
    pub user_id_in_idp: String,
    /// openid.
    pub openid: Option<String>,
    /// Social?
    pub is_social: Option<bool>,
    /// Connection id.
    pub connection_id: Option<String>,
    /// IdP access token.
    pub access_token: Option<String>,
    /// IdP refresh token.
    pub refresh_token: Option<String>,
}

/// `findUser.identity`.
#[derive(InputObject, Debug, Clone)]
pub struct FindUserByIdentityInput {
    /// Identifier.
    pub identifier: Option<String>,
    /// Id in the IdP.
    pub user_id_in_idp: Option<String>,
    /// Social?
    pub is_social: Option<bool>,
    /// Provider.
    pub provider: Option<String>,
}

macro_rules! profile_input {
    ($(#[$m:meta])* $name:ident { $($extra:tt)* }) => {
        $(#[$m])*
        #[derive(InputObject, Debug, Clone, Default)]
        pub struct $name {
            $($extra)*
            /// Nickname.
            pub nickname: Option<String>,
            /// Company.
            pub company: Option<String>,
            /// Avatar.
            pub photo: Option<String>,
            /// Device.
            pub device: Option<String>,
            /// Browser.
            pub browser: Option<String>,
            /// Name.
            pub name: Option<String>,
            /// Given name.
            pub given_name: Option<String>,
            /// Family name.
            pub family_name: Option<String>,
            /// Middle name.
            pub middle_name: Option<String>,
            /// Profile.
            pub profile: Option<String>,
            /// Preferred username.
            pub preferred_username: Option<String>,
            /// Website.
            pub website: Option<String>,
            /// Gender.
            pub gender: Option<String>,
            /// Birthdate.
            pub birthdate: Option<String>,
            /// Zone info.
            pub zoneinfo: Option<String>,
            /// Locale.
            pub locale: Option<String>,
            /// Address.
            pub address: Option<String>,
            /// Formatted.
            pub formatted: Option<String>,
            /// Street.
            pub street_address: Option<String>,
            /// Locality.
            pub locality: Option<String>,
            /// Region.
            pub region: Option<String>,
            /// Postal code.
            pub postal_code: Option<String>,
            /// Country.
            pub country: Option<String>,
        }
    };
}

profile_input!(
    /// Fields of `createUser.userInfo`.
    CreateUserInput {
        /// Username.
        pub username: Option<String>,
        /// Email.
        pub email: Option<String>,
        /// Email verified.
        pub email_verified: Option<bool>,
        /// Phone.
        pub phone: Option<String>,
        /// Phone verified.
        pub phone_verified: Option<bool>,
        /// unionid.
        pub unionid: Option<String>,
        /// openid.
        pub openid: Option<String>,
        /// Password (RSA-encrypted, base64).
        pub password: Option<String>,
        /// Registration sources.
        pub register_source: Option<Vec<String>>,
        /// Raw IdP profile.
        pub oauth: Option<String>,
        /// Login count.
        pub logins_count: Option<i32>,
        /// Last login (ISO).
        pub last_login: Option<String>,
        /// Last IP.
        #[graphql(name = "lastIP")]
        pub last_ip: Option<String>,
        /// Signed up (ISO).
        pub signed_up: Option<String>,
        /// Blocked.
        pub blocked: Option<bool>,
        /// Soft-deleted.
        pub is_deleted: Option<bool>,
        /// External id.
        pub external_id: Option<String>,
    }
);

profile_input!(
    /// Fields of `updateUser.input`.
    UpdateUserInput {
        /// Email (management only).
        pub email: Option<String>,
        /// unionid.
        pub unionid: Option<String>,
        /// openid.
        pub openid: Option<String>,
        /// Email verified (management only).
        pub email_verified: Option<bool>,
        /// Phone (management only).
        pub phone: Option<String>,
        /// Phone verified (management only).
        pub phone_verified: Option<bool>,
        /// Username.
        pub username: Option<String>,
        /// Password (RSA-encrypted, management only).
        pub password: Option<String>,
        /// Raw IdP profile.
        pub oauth: Option<String>,
        /// Token expiry; a past value (or `"0"`) revokes the user's tokens.
        pub token_expired_at: Option<String>,
        /// Login count.
        pub logins_count: Option<i32>,
        /// Last login.
        pub last_login: Option<String>,
        /// Last IP.
        #[graphql(name = "lastIP")]
        pub last_ip: Option<String>,
        /// Blocked.
        pub blocked: Option<bool>,
        /// City.
        pub city: Option<String>,
        /// Province.
        pub province: Option<String>,
        /// External id.
        pub external_id: Option<String>,
        /// Phone country code.
        pub phone_country_code: Option<String>,
        /// Main department id.
        pub main_department_id: Option<String>,
        /// Main department code.
        pub main_department_code: Option<String>,
    }
);

profile_input!(
    /// Profile given at registration.
    RegisterProfile {
        /// Client IP.
        pub ip: Option<String>,
        /// Raw IdP profile.
        pub oauth: Option<String>,
        /// Username.
        pub username: Option<String>,
        /// Custom data.
        pub udf: Option<Vec<UserDdfInput>>,
        /// Phone.
        pub phone: Option<String>,
        /// Email.
        pub email: Option<String>,
    }
);

/// A custom-data pair given at registration.
#[derive(InputObject, Debug, Clone)]
pub struct UserDdfInput {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// `registerByEmail.input`.
#[derive(InputObject, Debug, Clone)]
pub struct RegisterByEmailInput {
    /// Email.
    pub email: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Profile.
    pub profile: Option<RegisterProfile>,
    /// Log in right away.
    pub force_login: Option<bool>,
    /// Issue a token.
    pub generate_token: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data, JSON text of `[{key, value}]`.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone token.
    pub phone_token: Option<String>,
}

/// `registerByUsername.input`.
#[derive(InputObject, Debug, Clone)]
pub struct RegisterByUsernameInput {
    /// Username.
    pub username: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Profile.
    pub profile: Option<RegisterProfile>,
    /// Log in right away.
    pub force_login: Option<bool>,
    /// Issue a token.
    pub generate_token: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone token.
    pub phone_token: Option<String>,
    /// Email token.
    pub email_token: Option<String>,
}

/// `registerByPhoneCode.input`.
#[derive(InputObject, Debug, Clone)]
pub struct RegisterByPhoneCodeInput {
    /// Phone.
    pub phone: String,
    /// SMS code.
    pub code: String,
    /// Optional password (RSA-encrypted).
    pub password: Option<String>,
    /// Profile.
    pub profile: Option<RegisterProfile>,
    /// Log in right away.
    pub force_login: Option<bool>,
    /// Issue a token.
    pub generate_token: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone country code.
    pub phone_country_code: Option<String>,
    /// Email token.
    pub email_token: Option<String>,
}

/// `loginByEmail.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByEmailInput {
    /// Email.
    pub email: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Captcha.
    pub captcha_code: Option<String>,
    /// Create the account when unknown.
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
}

/// `loginByUsername.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByUsernameInput {
    /// Username.
    pub username: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Captcha.
    pub captcha_code: Option<String>,
    /// Create the account when unknown.
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
}

/// `loginByPhonePassword.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByPhonePasswordInput {
    /// Phone.
    pub phone: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Captcha.
    pub captcha_code: Option<String>,
    /// Create the account when unknown.
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
}

/// `loginByPhoneCode.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByPhoneCodeInput {
    /// Phone.
    pub phone: String,
    /// SMS code.
    pub code: String,
    /// Create the account when unknown (the emulator always does, as Authing).
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone country code.
    pub phone_country_code: Option<String>,
}

/// A condition of a statement (input).
#[derive(InputObject, Debug, Clone)]
pub struct PolicyStatementConditionInput {
    /// Parameter.
    pub param: String,
    /// Operator.
    pub operator: String,
    /// Value.
    pub value: ObjectScalar,
}

/// A statement (input).
#[derive(InputObject, Debug, Clone)]
pub struct PolicyStatementInput {
    /// Resource pattern.
    pub resource: String,
    /// Actions.
    pub actions: Vec<String>,
    /// Effect (default ALLOW).
    pub effect: Option<PolicyEffect>,
    /// Conditions.
    pub condition: Option<Vec<PolicyStatementConditionInput>>,
}

impl From<PolicyStatementInput> for PolicyStatement {
    fn from(s: PolicyStatementInput) -> Self {
        PolicyStatement {
            resource: s.resource,
            actions: s.actions,
            effect: Some(s.effect.unwrap_or(PolicyEffect::Allow)),
            condition: s.condition.map(|c| {
                c.into_iter()
                    .map(|c| PolicyStatementCondition {
                        param: c.param,
                        operator: c.operator,
                        value: c.value,
                    })
                    .collect()
            }),
        }
    }
}

/// A key/value pair of `setUdvBatch`.
#[derive(InputObject, Debug, Clone)]
pub struct UserDefinedDataInput {
    /// Key.
    pub key: String,
    /// Value as JSON text.
    pub value: Option<String>,
}

/// An item of `setUdfValueBatch`.
#[derive(InputObject, Debug, Clone)]
pub struct SetUdfValueBatchInput {
    /// Target id.
    pub target_id: String,
    /// Key.
    pub key: String,
    /// Value (JSON, or JSON text in a string).
    pub value: ObjectScalar,
}

/// Department filter of `searchUser`.
#[derive(InputObject, Debug, Clone)]
pub struct SearchUserDepartmentOpt {
    /// Department id.
    pub department_id: Option<String>,
    /// Include children.
    pub include_children_departments: Option<bool>,
}

/// Group filter of `searchUser`.
#[derive(InputObject, Debug, Clone)]
pub struct SearchUserGroupOpt {
    /// Group code.
    pub code: Option<String>,
}

/// Role filter of `searchUser`.
#[derive(InputObject, Debug, Clone)]
pub struct SearchUserRoleOpt {
    /// Namespace.
    pub namespace: Option<String>,
    /// Role code.
    pub code: String,
}
