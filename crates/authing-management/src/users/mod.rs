//! `client.users()`: users of the pool, their roles and policies.

use std::collections::BTreeMap;

use authing_core::models::{CommonMessage, Paginated, RefreshedToken, Sensitive, User};
use authing_core::{Error, Operation, Result, codes};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::client::{ListOptions, ManagementClient, paging, require, require_list};
use crate::models::{PolicyAssignment, PolicyAssignmentTargetType, Role, UserQueryField};
use crate::policies::{ADD_POLICY_ASSIGNMENTS, POLICY_ASSIGNMENTS, REMOVE_POLICY_ASSIGNMENTS};
use crate::roles::{ASSIGN_ROLE, REVOKE_ROLE};

const USER_FIELDS: &[&str] = &[authing_core::models::USER_FIELDS];

/// `query users`.
pub const USERS: Operation =
    Operation::query("users", "users", include_str!("users.graphql")).with_fragments(USER_FIELDS);
/// `mutation createUser`.
pub const CREATE_USER: Operation = Operation::mutation(
    "createUser",
    "createUser",
    include_str!("create_user.graphql"),
)
.with_fragments(USER_FIELDS);
/// `mutation updateUser`.
pub const UPDATE_USER: Operation = Operation::mutation(
    "updateUser",
    "updateUser",
    include_str!("update_user.graphql"),
)
.with_fragments(USER_FIELDS);
/// `query user`.
pub const USER: Operation =
    Operation::query("user", "user", include_str!("user.graphql")).with_fragments(USER_FIELDS);
/// `query searchUser`.
pub const SEARCH_USER: Operation = Operation::query(
    "searchUser",
    "searchUser",
    include_str!("search_user.graphql"),
)
.with_fragments(USER_FIELDS);
/// `query userBatch`.
pub const USER_BATCH: Operation =
    Operation::query("userBatch", "userBatch", include_str!("user_batch.graphql"))
        .with_fragments(USER_FIELDS);
/// `mutation deleteUser`.
pub const DELETE_USER: Operation = Operation::mutation(
    "deleteUser",
    "deleteUser",
    include_str!("delete_user.graphql"),
);
/// `mutation deleteUsers`.
pub const DELETE_USERS: Operation = Operation::mutation(
    "deleteUsers",
    "deleteUsers",
    include_str!("delete_users.graphql"),
);
/// `query getUserRoles` (root field `user`).
pub const GET_USER_ROLES: Operation = Operation::query(
    "getUserRoles",
    "user",
    include_str!("get_user_roles.graphql"),
)
.with_fragments(crate::roles::ROLE_FIELDS);
/// `mutation refreshToken`.
pub const REFRESH_TOKEN: Operation = Operation::mutation(
    "refreshToken",
    "refreshToken",
    include_str!("refresh_token.graphql"),
);
/// `query isUserExists`.
pub const IS_USER_EXISTS: Operation = Operation::query(
    "isUserExists",
    "isUserExists",
    include_str!("is_user_exists.graphql"),
);
/// `query findUser`.
pub const FIND_USER: Operation =
    Operation::query("findUser", "findUser", include_str!("find_user.graphql"))
        .with_fragments(USER_FIELDS);

/// At most this many identifiers per [`UsersClient::batch`] call (Authing code 2030).
pub const MAX_BATCH: usize = 80;

optional_input! {
    /// `CreateUserInput`: the profile of a new user. Every field is optional; the
    /// service requires at least one identifier (username, email, phone, ...).
    /// `password` is encrypted before it is sent.
    ///
    /// ```
    /// use authing_management::CreateUserInput;
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
    /// use authing_management::UpdateUserInput;
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

/// Options of [`UsersClient::create`].
///
/// ```
/// use authing_management::CreateUserOptions;
/// let options = CreateUserOptions {
///     keep_password: true,
///     custom_data: [("school".to_owned(), serde_json::json!("ucla"))].into(),
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

/// Criteria of [`UsersClient::exists`] and [`UsersClient::find`] (exact match; email is
/// case-insensitive). At least one must be set.
///
/// ```
/// use authing_management::UserLookup;
/// let by_email = UserLookup::email("bob@example.com");
/// let by_name = UserLookup { username: Some("bob".into()), ..Default::default() };
/// # let _ = (by_email, by_name);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserLookup {
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// External id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

impl UserLookup {
    /// Look up by email.
    ///
    /// ```
    /// let l = authing_management::UserLookup::email("bob@example.com");
    /// assert_eq!(l.email.as_deref(), Some("bob@example.com"));
    /// ```
    pub fn email(email: impl Into<String>) -> Self {
        Self {
            email: Some(email.into()),
            ..Self::default()
        }
    }

    /// Look up by phone.
    ///
    /// ```
    /// let l = authing_management::UserLookup::phone("+8613800000000");
    /// assert_eq!(l.phone.as_deref(), Some("+8613800000000"));
    /// ```
    pub fn phone(phone: impl Into<String>) -> Self {
        Self {
            phone: Some(phone.into()),
            ..Self::default()
        }
    }

    /// Look up by username.
    ///
    /// ```
    /// let l = authing_management::UserLookup::username("bob");
    /// assert_eq!(l.username.as_deref(), Some("bob"));
    /// ```
    pub fn username(username: impl Into<String>) -> Self {
        Self {
            username: Some(username.into()),
            ..Self::default()
        }
    }

    /// Look up by external id.
    ///
    /// ```
    /// let l = authing_management::UserLookup::external_id("ext-1");
    /// assert_eq!(l.external_id.as_deref(), Some("ext-1"));
    /// ```
    pub fn external_id(external_id: impl Into<String>) -> Self {
        Self {
            external_id: Some(external_id.into()),
            ..Self::default()
        }
    }

    fn check(&self) -> Result<()> {
        let set = [&self.email, &self.phone, &self.username, &self.external_id]
            .iter()
            .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()));
        if set {
            Ok(())
        } else {
            Err(Error::InvalidArgument(
                "set at least one of email, phone, username, external_id".into(),
            ))
        }
    }
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

/// Options of [`UsersClient::search`]: paging (default page 1, limit 10), the fields
/// searched (default: the service's list of profile fields) and filters.
///
/// ```
/// use authing_management::SearchUserOptions;
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

#[derive(Deserialize)]
struct UserRoles {
    roles: Option<Paginated<Role>>,
}

/// Users of the pool: `client.users()`.
#[derive(Debug, Clone, Copy)]
pub struct UsersClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Users of the pool.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// let client = authing_management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let users = client.users().list(1, 10).await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub fn users(&self) -> UsersClient<'_> {
        UsersClient { client: self }
    }
}

impl UsersClient<'_> {
    /// Lists the pool's users, page `page` (from 1) of `limit` users (`query users`).
    /// Users come with their custom data.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.users().list(1, 10).await?;
    /// for user in &page.list {
    ///     println!("{} {:?}", user.id, user.username);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, page: u32, limit: u32) -> Result<Paginated<User>> {
        let (page, limit) = paging(page, limit)?;
        self.client
            .graphql(&USERS, &json!({"page": page, "limit": limit}))
            .await
    }

    /// Creates a user (`mutation createUser`). The password, when given, is encrypted
    /// with the configured public key.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing_management::{CreateUserInput, CreateUserOptions};
    /// let user = client
    ///     .users()
    ///     .create(
    ///         &CreateUserInput {
    ///             username: Some("bob".into()),
    ///             password: Some("s3cret!".to_owned().into()),
    ///             ..Default::default()
    ///         },
    ///         &CreateUserOptions::default(),
    ///     )
    ///     .await?;
    /// println!("created {}", user.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        input: &CreateUserInput,
        options: &CreateUserOptions,
    ) -> Result<User> {
        let mut user_info = to_value(input)?;
        if let Some(pw) = &input.password {
            user_info["password"] = Value::String(self.encrypt(pw).await?);
        }
        let params = if options.custom_data.is_empty() {
            None
        } else {
            let list: Vec<Value> = options
                .custom_data
                .iter()
                .map(|(k, v)| json!({"key": k, "value": v}))
                .collect();
            Some(Value::Array(list).to_string())
        };
        let vars = json!({
            "userInfo": user_info,
            "keepPassword": options.keep_password,
            "resetPasswordOnFirstLogin": options.reset_password_on_first_login,
            "params": params,
        });
        self.client.graphql(&CREATE_USER, &vars).await
    }

    /// Updates a user (`mutation updateUser`); `None` fields are left unchanged. A new
    /// password is encrypted with the configured public key.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing_management::UpdateUserInput;
    /// let user = client
    ///     .users()
    ///     .update("5f7ddfe62ba819802422362e", &UpdateUserInput {
    ///         nickname: Some("Nick".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn update(&self, user_id: &str, updates: &UpdateUserInput) -> Result<User> {
        require("user_id", user_id)?;
        let mut input = to_value(updates)?;
        if let Some(pw) = &updates.password {
            input["password"] = Value::String(self.encrypt(pw).await?);
        }
        self.client
            .graphql(&UPDATE_USER, &json!({"id": user_id, "input": input}))
            .await
    }

    /// A user's details with custom data (`query user`); `None` when no user has this
    /// id.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// if let Some(user) = client.users().detail("5f7ddfe62ba819802422362e").await? {
    ///     println!("{:?}", user.email);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn detail(&self, user_id: &str) -> Result<Option<User>> {
        require("user_id", user_id)?;
        self.client.graphql(&USER, &json!({"id": user_id})).await
    }

    /// Fuzzy search over the users' profile fields (`query searchUser`).
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing_management::SearchUserOptions;
    /// let page = client.users().search("bob", &SearchUserOptions::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn search(
        &self,
        query: &str,
        options: &SearchUserOptions,
    ) -> Result<Paginated<User>> {
        require("query", query)?;
        let (page, limit) = paging(options.page, options.limit)?;
        let vars = json!({
            "query": query,
            "fields": options.fields,
            "page": page,
            "limit": limit,
            "departmentOpts": options.department_opts,
            "groupOpts": options.group_opts,
            "roleOpts": options.role_opts,
        });
        self.client.graphql(&SEARCH_USER, &vars).await
    }

    /// Users by id (`query userBatch`), at most [`MAX_BATCH`] ids.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let users = client.users().batch(["5f7ddfe62ba819802422362e", "5f7ddfe62ba819802422362f"]).await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub async fn batch<I, S>(&self, user_ids: I) -> Result<Vec<User>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.batch_inner(user_ids, None).await
    }

    /// Users whose `query_field` (id, username, phone, email or external id) is one of
    /// `identifiers` (`query userBatch` with `type`), at most [`MAX_BATCH`].
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing_management::UserQueryField;
    /// let users = client.users().batch_get(["bob", "alice"], UserQueryField::Username).await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub async fn batch_get<I, S>(
        &self,
        identifiers: I,
        query_field: UserQueryField,
    ) -> Result<Vec<User>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.batch_inner(identifiers, Some(query_field)).await
    }

    async fn batch_inner<I, S>(&self, ids: I, field: Option<UserQueryField>) -> Result<Vec<User>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let ids = require_list("identifiers", ids)?;
        if ids.len() > MAX_BATCH {
            return Err(Error::InvalidArgument(format!(
                "at most {MAX_BATCH} identifiers per batch (got {})",
                ids.len()
            )));
        }
        self.client
            .graphql(&USER_BATCH, &json!({"ids": ids, "type": field}))
            .await
    }

    /// Deletes a user (`mutation deleteUser`).
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let msg = client.users().delete("5f7ddfe62ba819802422362e").await?;
    /// assert!(msg.is_ok());
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, user_id: &str) -> Result<CommonMessage> {
        require("user_id", user_id)?;
        self.client
            .nullable_message(&DELETE_USER, &json!({"id": user_id}))
            .await
    }

    /// Deletes several users (`mutation deleteUsers`); an unknown id fails the call.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().delete_many(["5f7ddfe62ba819802422362e"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_many<I, S>(&self, user_ids: I) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let ids = require_list("user_ids", user_ids)?;
        self.client
            .nullable_message(&DELETE_USERS, &json!({"ids": ids}))
            .await
    }

    /// The user's roles, in `namespace` or the default one (`query getUserRoles`).
    /// An unknown user is an [`Error::Api`] with code 2004.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let roles = client.users().list_roles("5f7ddfe62ba819802422362e", None).await?;
    /// # let _ = roles; Ok(()) }
    /// ```
    pub async fn list_roles(
        &self,
        user_id: &str,
        namespace: Option<&str>,
    ) -> Result<Paginated<Role>> {
        require("user_id", user_id)?;
        let user: Option<UserRoles> = self
            .client
            .graphql(
                &GET_USER_ROLES,
                &json!({"id": user_id, "namespace": namespace}),
            )
            .await?;
        match user {
            Some(u) => Ok(u.roles.unwrap_or_else(Paginated::empty)),
            None => Err(Error::api(codes::USER_NOT_FOUND, "user not found", 200)),
        }
    }

    /// Grants roles (by code) to the user (`mutation assignRole`).
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().add_roles("5f7ddfe62ba819802422362e", ["admin"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_roles<I, S>(
        &self,
        user_id: &str,
        role_codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.role_op(&ASSIGN_ROLE, user_id, role_codes, namespace)
            .await
    }

    /// Revokes roles (by code) from the user (`mutation revokeRole`).
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().remove_roles("5f7ddfe62ba819802422362e", ["admin"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_roles<I, S>(
        &self,
        user_id: &str,
        role_codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.role_op(&REVOKE_ROLE, user_id, role_codes, namespace)
            .await
    }

    async fn role_op<I, S>(
        &self,
        op: &Operation,
        user_id: &str,
        role_codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        require("user_id", user_id)?;
        let codes = require_list("role_codes", role_codes)?;
        let vars = json!({"namespace": namespace, "roleCodes": codes, "userIds": [user_id]});
        self.client.nullable_message(op, &vars).await
    }

    /// Issues a new token for the user (`mutation refreshToken`).
    ///
    /// # Errors
    /// The schema lets `refreshToken` answer `null`; since this method exists to return
    /// a token, such an answer is an [`Error::Decode`] ("refreshToken answered null: no
    /// token was issued") rather than an `Option`. The service's own failures (e.g. an
    /// unknown user) are [`Error::Api`].
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let t = client.users().refresh_token("5f7ddfe62ba819802422362e").await?;
    /// println!("expires at {:?}", t.exp);
    /// # Ok(()) }
    /// ```
    pub async fn refresh_token(&self, user_id: &str) -> Result<RefreshedToken> {
        require("user_id", user_id)?;
        let token: Option<RefreshedToken> = self
            .client
            .graphql(&REFRESH_TOKEN, &json!({"id": user_id}))
            .await?;
        token.ok_or_else(|| Error::Decode {
            status: 200,
            reason: "refreshToken answered null: no token was issued".into(),
            excerpt: String::new(),
        })
    }

    /// The policies assigned to the user (`query policyAssignments`, target type
    /// `USER`). Default paging: page 1, 10 items.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing_management::ListOptions;
    /// let page = client
    ///     .users()
    ///     .list_policies("5f7ddfe62ba819802422362e", &ListOptions::default())
    ///     .await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_policies(
        &self,
        user_id: &str,
        options: &ListOptions,
    ) -> Result<Paginated<PolicyAssignment>> {
        require("user_id", user_id)?;
        let (page, limit) = options.paging()?;
        let vars = json!({
            "namespace": options.namespace,
            "targetType": PolicyAssignmentTargetType::User,
            "targetIdentifier": user_id,
            "page": page,
            "limit": limit,
        });
        self.client.graphql(&POLICY_ASSIGNMENTS, &vars).await
    }

    /// Assigns policies (by code) to the user (`mutation addPolicyAssignments`, target
    /// type `USER`), in permission group `namespace` or the default one.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().add_policies("5f7ddfe62ba819802422362e", ["book-readers"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_policies<I, S>(
        &self,
        user_id: &str,
        policies: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        crate::policies::assign_to_one(
            self.client,
            &ADD_POLICY_ASSIGNMENTS,
            "user_id",
            PolicyAssignmentTargetType::User,
            user_id,
            policies,
            namespace,
        )
        .await
    }

    /// Removes policies (by code) from the user (`mutation removePolicyAssignments`,
    /// target type `USER`), in permission group `namespace` or the default one.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().remove_policies("5f7ddfe62ba819802422362e", ["book-readers"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_policies<I, S>(
        &self,
        user_id: &str,
        policies: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        crate::policies::assign_to_one(
            self.client,
            &REMOVE_POLICY_ASSIGNMENTS,
            "user_id",
            PolicyAssignmentTargetType::User,
            user_id,
            policies,
            namespace,
        )
        .await
    }

    /// Whether a user with this email, phone, username or external id exists
    /// (`query isUserExists`).
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing_management::UserLookup;
    /// let taken = client.users().exists(&UserLookup::username("bob")).await?;
    /// # let _ = taken; Ok(()) }
    /// ```
    pub async fn exists(&self, lookup: &UserLookup) -> Result<bool> {
        lookup.check()?;
        let found: Option<bool> = self
            .client
            .graphql(&IS_USER_EXISTS, &to_value(lookup)?)
            .await?;
        Ok(found.unwrap_or(false))
    }

    /// The user with exactly this email, phone, username or external id
    /// (`query findUser`); `None` when there is none.
    ///
    /// ```no_run
    /// # async fn run() -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing_management::UserLookup;
    /// let user = client.users().find(&UserLookup::email("bob@example.com")).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn find(&self, lookup: &UserLookup) -> Result<Option<User>> {
        lookup.check()?;
        self.client.graphql(&FIND_USER, &to_value(lookup)?).await
    }

    async fn encrypt(&self, password: &Sensitive) -> Result<String> {
        self.client
            .transport()
            .encrypt_password(password.expose())
            .await
    }
}

fn to_value<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v)
        .map_err(|e| Error::InvalidArgument(format!("cannot serialize the input: {e}")))
}
