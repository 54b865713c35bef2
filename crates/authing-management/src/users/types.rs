//! Inputs and options of `client.users()`.

use std::collections::BTreeMap;

use authing_core::models::Sensitive;
use serde::Serialize;
use serde_json::Value;

/// At most this many identifiers per [`UsersClient::batch`](crate::UsersClient::batch) call (Authing code 2030).
pub const MAX_BATCH: usize = 80;

optional_input! {
    /// `CreateUserInput`: the profile of a new user. Every field is optional; the
    /// service requires at least one identifier (username, email, phone, ...).
    /// `password` is encrypted before it is sent.
    ///
    /// ```
    /// use authing::management::CreateUserInput;
    /// let input = CreateUserInput {
    ///     username: Some("bob".into()),
    ///     password: Some("s3cret!".to_owned().into()),
    ///     ..Default::default()
    /// };
    /// assert!(!format!("{input:?}").contains("s3cret!"));
    /// ```
    CreateUserInput {
        /// Username, unique in the pool.
        username: String,
        /// Email, unique in the pool (case-insensitive).
        email: String,
        /// Whether the email is verified.
        email_verified: bool,
        /// Phone, unique in the pool.
        phone: String,
        /// Whether the phone is verified.
        phone_verified: bool,
        /// WeChat union id.
        unionid: String,
        /// OpenID.
        openid: String,
        /// Nickname.
        nickname: String,
        /// Avatar URL.
        photo: String,
        /// Password in clear; the client encrypts it.
        password: Sensitive,
        /// Registration sources.
        register_source: Vec<String>,
        /// Browser.
        browser: String,
        /// Raw identity-provider profile.
        oauth: String,
        /// Number of logins (for migrations).
        logins_count: i64,
        /// Last login time (ISO 8601).
        last_login: String,
        /// Company.
        company: String,
        /// IP of the last login.
        #[serde(rename = "lastIP")]
        last_ip: String,
        /// Registration time (ISO 8601, for migrations).
        signed_up: String,
        /// Whether the account is blocked.
        blocked: bool,
        /// Whether the account is deleted.
        is_deleted: bool,
        /// Device.
        device: String,
        /// Full name.
        name: String,
        /// Given name.
        given_name: String,
        /// Family name.
        family_name: String,
        /// Middle name.
        middle_name: String,
        /// Profile URL.
        profile: String,
        /// Preferred username.
        preferred_username: String,
        /// Website.
        website: String,
        /// Gender (`M`, `F`, `U`).
        gender: String,
        /// Birth date.
        birthdate: String,
        /// Time zone.
        zoneinfo: String,
        /// Locale.
        locale: String,
        /// Address.
        address: String,
        /// Formatted address.
        formatted: String,
        /// Street address.
        street_address: String,
        /// Locality.
        locality: String,
        /// Region.
        region: String,
        /// Postal code.
        postal_code: String,
        /// Country.
        country: String,
        /// External id.
        external_id: String,
    }
}

optional_input! {
    /// `UpdateUserInput`: the fields to change; `None` fields are left as they are.
    /// `password` is encrypted before it is sent.
    ///
    /// ```
    /// use authing::management::UpdateUserInput;
    /// let input = UpdateUserInput { nickname: Some("Nick".into()), ..Default::default() };
    /// # let _ = input;
    /// ```
    UpdateUserInput {
        /// Email.
        email: String,
        /// WeChat union id.
        unionid: String,
        /// OpenID.
        openid: String,
        /// Whether the email is verified.
        email_verified: bool,
        /// Phone.
        phone: String,
        /// Whether the phone is verified.
        phone_verified: bool,
        /// Username.
        username: String,
        /// Nickname.
        nickname: String,
        /// New password in clear; the client encrypts it.
        password: Sensitive,
        /// Avatar URL.
        photo: String,
        /// Company.
        company: String,
        /// Browser.
        browser: String,
        /// Device.
        device: String,
        /// Raw identity-provider profile.
        oauth: String,
        /// Token expiry; a past time revokes the user's tokens.
        token_expired_at: String,
        /// Number of logins.
        logins_count: i64,
        /// Last login time.
        last_login: String,
        /// IP of the last login.
        #[serde(rename = "lastIP")]
        last_ip: String,
        /// Whether the account is blocked.
        blocked: bool,
        /// Full name.
        name: String,
        /// Given name.
        given_name: String,
        /// Family name.
        family_name: String,
        /// Middle name.
        middle_name: String,
        /// Profile URL.
        profile: String,
        /// Preferred username.
        preferred_username: String,
        /// Website.
        website: String,
        /// Gender.
        gender: String,
        /// Birth date.
        birthdate: String,
        /// Time zone.
        zoneinfo: String,
        /// Locale.
        locale: String,
        /// Address.
        address: String,
        /// Formatted address.
        formatted: String,
        /// Street address.
        street_address: String,
        /// Locality.
        locality: String,
        /// Region.
        region: String,
        /// Postal code.
        postal_code: String,
        /// City.
        city: String,
        /// Province.
        province: String,
        /// Country.
        country: String,
        /// External id.
        external_id: String,
        /// Phone country code.
        phone_country_code: String,
        /// Main department id.
        main_department_id: String,
        /// Main department code.
        main_department_code: String,
    }
}

/// Options of [`UsersClient::create`](crate::UsersClient::create).
///
/// ```
/// use authing::management::CreateUserOptions;
/// let options = CreateUserOptions {
///     keep_password: true,
///     custom_data: [("school".to_owned(), authing::serde_json::json!("ucla"))].into(),
///     ..Default::default()
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateUserOptions {
    /// Store the password as given, without Authing's hashing (for custom password
    /// hash functions). It is still encrypted in transit.
    pub keep_password: bool,
    /// Require a password reset at the first login.
    pub reset_password_on_first_login: bool,
    /// Custom data set on the new user (`params`): key → value.
    pub custom_data: BTreeMap<String, Value>,
}

/// `SearchUserDepartmentOpt`: restrict a search to a department.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchUserDepartmentOpt {
    /// Department (node) id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_id: Option<String>,
    /// Include the department's sub-departments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_children_departments: Option<bool>,
}

/// `SearchUserGroupOpt`: restrict a search to a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchUserGroupOpt {
    /// Group code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// `SearchUserRoleOpt`: restrict a search to a role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchUserRoleOpt {
    /// Role namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Role code.
    pub code: String,
}

/// Options of [`UsersClient::search`](crate::UsersClient::search): paging (default page 1, limit 10), the fields
/// searched (default: the service's list of profile fields) and filters.
///
/// ```
/// use authing::management::SearchUserOptions;
/// let o = SearchUserOptions { fields: Some(vec!["email".into()]), ..Default::default() };
/// assert_eq!((o.page, o.limit), (1, 10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchUserOptions {
    /// Page number, starting at 1.
    pub page: u32,
    /// Items per page.
    pub limit: u32,
    /// Fields to search (e.g. `username`, `email`).
    pub fields: Option<Vec<String>>,
    /// Only users of these departments.
    pub department_opts: Option<Vec<SearchUserDepartmentOpt>>,
    /// Only users of these groups.
    pub group_opts: Option<Vec<SearchUserGroupOpt>>,
    /// Only users with these roles.
    pub role_opts: Option<Vec<SearchUserRoleOpt>>,
}

impl Default for SearchUserOptions {
    fn default() -> Self {
        Self {
            page: 1,
            limit: 10,
            fields: None,
            department_opts: None,
            group_opts: None,
            role_opts: None,
        }
    }
}

authing_core::gql_named!(
    CreateUserInput => "CreateUserInput",
    UpdateUserInput => "UpdateUserInput",
    SearchUserDepartmentOpt => "SearchUserDepartmentOpt",
    SearchUserGroupOpt => "SearchUserGroupOpt",
    SearchUserRoleOpt => "SearchUserRoleOpt",
);
