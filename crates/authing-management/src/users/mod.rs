//! `client.users()`: users of the pool, their roles and policies.

mod authz;
mod ops;
mod sessions;
mod types;
mod udf_values;

use authing_core::__private::{non_blank, non_empty_list, paginate};
use authing_core::models::{CommonMessage, Paginated, RefreshedToken, Sensitive, User};
use authing_core::{Error, Operation, Result, codes};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::policies::PolicyAssignmentsVars;
use crate::roles::RoleAssignmentVars;

pub use authing_core::models::UserLookup;
pub use authz::{GET_USER_DEPARTMENTS, GET_USER_GROUPS, LIST_USER_AUTHORIZED_RESOURCES};
pub use ops::*;
pub use sessions::{ARCHIVED_USERS, SEND_FIRST_LOGIN_VERIFY_EMAIL, UserLoginStatus};
pub use types::*;

use crate::client::{ListOptions, ManagementClient, paging};
use crate::models::{PolicyAssignment, PolicyAssignmentTargetType, Role, UserQueryField};
use crate::policies::{ADD_POLICY_ASSIGNMENTS, POLICY_ASSIGNMENTS, REMOVE_POLICY_ASSIGNMENTS};
use crate::roles::{ASSIGN_ROLE, REVOKE_ROLE};

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
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let users = client.users().list(&authing::management::ListOptions::new(1, 10)).await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub fn users(&self) -> UsersClient<'_> {
        UsersClient { client: self }
    }
}

impl<'a> UsersClient<'a> {
    /// Lists the pool's users (`query users`), with their custom data. Default paging:
    /// page 1, 10 items; users have no namespace (setting one is an
    /// [`Error::InvalidArgument`]).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ListOptions;
    /// let page = client.users().list(&ListOptions::new(1, 10)).await?;
    /// for user in &page.list {
    ///     println!("{} {:?}", user.id, user.username);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, options: &ListOptions) -> Result<Paginated<User>> {
        if options.namespace.is_some() {
            return Err(Error::InvalidArgument(
                "users have no namespace: leave ListOptions::namespace unset".into(),
            ));
        }
        let (page, limit) = options.paging()?;
        self.client
            .graphql(&USERS, &UsersVars { page, limit })
            .await
    }

    /// Every user, page after page from `options.page`, `options.limit` per request
    /// (see [`list`](Self::list)). Pages are fetched lazily; stop early by dropping the
    /// stream.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::{StreamExt, TryStreamExt};
    /// use authing::management::ListOptions;
    /// let first_50: Vec<_> = client
    ///     .users()
    ///     .list_stream(&ListOptions::new(1, 20))
    ///     .take(50)
    ///     .try_collect()
    ///     .await?;
    /// # let _ = first_50; Ok(()) }
    /// ```
    pub fn list_stream(&self, options: &ListOptions) -> impl Stream<Item = Result<User>> + 'a {
        let (users, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { users.list(&options).await }
        })
    }

    /// Creates a user (`mutation createUser`). The password, when given, is encrypted
    /// with the configured public key.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{CreateUserInput, CreateUserOptions};
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
        let encrypted;
        let user_info = match &input.password {
            Some(pw) => {
                encrypted = CreateUserInput {
                    password: Some(Sensitive::new(self.encrypt(pw).await?)),
                    ..input.clone()
                };
                &encrypted
            }
            None => input,
        };
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
        let vars = CreateUserVars {
            userInfo: user_info,
            keepPassword: options.keep_password,
            resetPasswordOnFirstLogin: options.reset_password_on_first_login,
            params,
        };
        self.client.graphql(&CREATE_USER, &vars).await
    }

    /// Updates a user (`mutation updateUser`); `None` fields are left unchanged. A new
    /// password is encrypted with the configured public key.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdateUserInput;
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
        non_blank("user_id", user_id)?;
        let encrypted;
        let input = match &updates.password {
            Some(pw) => {
                encrypted = UpdateUserInput {
                    password: Some(Sensitive::new(self.encrypt(pw).await?)),
                    ..updates.clone()
                };
                &encrypted
            }
            None => updates,
        };
        let vars = UpdateUserVars { id: user_id, input };
        self.client.graphql(&UPDATE_USER, &vars).await
    }

    /// A user's details with custom data (`query user`); `None` when no user has this
    /// id.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// if let Some(user) = client.users().detail("5f7ddfe62ba819802422362e").await? {
    ///     println!("{:?}", user.email);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn detail(&self, user_id: &str) -> Result<Option<User>> {
        non_blank("user_id", user_id)?;
        self.client.graphql(&USER, &UserVars { id: user_id }).await
    }

    /// Fuzzy search over the users' profile fields (`query searchUser`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::SearchUserOptions;
    /// let page = client.users().search("bob", &SearchUserOptions::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn search(
        &self,
        query: &str,
        options: &SearchUserOptions,
    ) -> Result<Paginated<User>> {
        non_blank("query", query)?;
        let (page, limit) = paging(options.page, options.limit)?;
        let vars = SearchUserVars {
            query,
            fields: options.fields.as_deref(),
            page,
            limit,
            departmentOpts: options.department_opts.as_deref(),
            groupOpts: options.group_opts.as_deref(),
            roleOpts: options.role_opts.as_deref(),
        };
        self.client.graphql(&SEARCH_USER, &vars).await
    }

    /// Every user matching `query`, page after page from `options.page` (see
    /// [`search`](Self::search)). Pages are fetched lazily; stop early by dropping the
    /// stream.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.users().search_stream("bob", &Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn search_stream(
        &self,
        query: &str,
        options: &SearchUserOptions,
    ) -> impl Stream<Item = Result<User>> + 'a {
        let (users, query, options) = (*self, query.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = SearchUserOptions {
                page,
                ..options.clone()
            };
            let query = query.clone();
            async move { users.search(&query, &options).await }
        })
    }

    /// Users by id (`query userBatch`), at most [`MAX_BATCH`] ids.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
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
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UserQueryField;
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
        let ids = non_empty_list("identifiers", ids)?;
        if ids.len() > MAX_BATCH {
            return Err(Error::InvalidArgument(format!(
                "at most {MAX_BATCH} identifiers per batch (got {})",
                ids.len()
            )));
        }
        let vars = UserBatchVars {
            ids: &ids,
            r#type: field,
        };
        self.client.graphql(&USER_BATCH, &vars).await
    }

    /// Deletes a user (`mutation deleteUser`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let msg = client.users().delete("5f7ddfe62ba819802422362e").await?;
    /// assert!(msg.is_ok());
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, user_id: &str) -> Result<CommonMessage> {
        non_blank("user_id", user_id)?;
        self.client
            .nullable_message(&DELETE_USER, &UserVars { id: user_id })
            .await
    }

    /// Deletes several users (`mutation deleteUsers`); an unknown id fails the call.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().delete_many(["5f7ddfe62ba819802422362e"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_many<I, S>(&self, user_ids: I) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let ids = non_empty_list("user_ids", user_ids)?;
        self.client
            .nullable_message(&DELETE_USERS, &DeleteUsersVars { ids: &ids })
            .await
    }

    /// The user's roles, in `namespace` or the default one (`query getUserRoles`).
    /// An unknown user is an [`Error::Api`] with code 2004 (the service answers `null`;
    /// the SDK raises the code, as everywhere outside lookups: see the crate docs).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let roles = client.users().list_roles("5f7ddfe62ba819802422362e", None).await?;
    /// # let _ = roles; Ok(()) }
    /// ```
    pub async fn list_roles(
        &self,
        user_id: &str,
        namespace: Option<&str>,
    ) -> Result<Paginated<Role>> {
        non_blank("user_id", user_id)?;
        let user: Option<UserRoles> = self
            .client
            .graphql(
                &GET_USER_ROLES,
                &GetUserRolesVars {
                    id: user_id,
                    namespace,
                },
            )
            .await?;
        match user {
            Some(u) => Ok(u.roles.unwrap_or_else(Paginated::empty)),
            None => Err(Error::api(
                codes::USER_NOT_FOUND,
                "user not found (the service answered null)",
                200,
            )),
        }
    }

    /// Grants roles (by code) to the user (`mutation assignRole`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
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
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
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
        non_blank("user_id", user_id)?;
        let codes = non_empty_list("role_codes", role_codes)?;
        let user_ids = [user_id.to_owned()];
        let vars = RoleAssignmentVars {
            namespace,
            roleCodes: &codes,
            userIds: Some(&user_ids),
            nodeCodes: None,
        };
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
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let t = client.users().refresh_token("5f7ddfe62ba819802422362e").await?;
    /// println!("expires at {:?}", t.exp);
    /// # Ok(()) }
    /// ```
    pub async fn refresh_token(&self, user_id: &str) -> Result<RefreshedToken> {
        non_blank("user_id", user_id)?;
        let token: Option<RefreshedToken> = self
            .client
            .graphql(&REFRESH_TOKEN, &UserVars { id: user_id })
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
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ListOptions;
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
        non_blank("user_id", user_id)?;
        let (page, limit) = options.paging()?;
        let vars = PolicyAssignmentsVars {
            namespace: options.namespace.as_deref(),
            code: None,
            targetType: Some(PolicyAssignmentTargetType::User),
            targetIdentifier: Some(user_id),
            page,
            limit,
        };
        self.client.graphql(&POLICY_ASSIGNMENTS, &vars).await
    }

    /// Every policy assigned to the user, page after page from `options.page` (see
    /// [`list_policies`](Self::list_policies)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client
    ///     .users()
    ///     .list_policies_stream("5f7ddfe62ba819802422362e", &Default::default())
    ///     .try_collect()
    ///     .await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_policies_stream(
        &self,
        user_id: &str,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<PolicyAssignment>> + 'a {
        let (users, user_id, options) = (*self, user_id.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let (options, user_id) = (options.at(page), user_id.clone());
            async move { users.list_policies(&user_id, &options).await }
        })
    }

    /// Assigns policies (by code) to the user (`mutation addPolicyAssignments`, target
    /// type `USER`), in permission group `namespace` or the default one.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
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
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
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
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UserLookup;
    /// let taken = client.users().exists(&UserLookup::username("bob")).await?;
    /// # let _ = taken; Ok(()) }
    /// ```
    pub async fn exists(&self, lookup: &UserLookup) -> Result<bool> {
        let vars = lookup_vars(lookup)?;
        let found: Option<bool> = self.client.graphql(&IS_USER_EXISTS, &vars).await?;
        Ok(found.unwrap_or(false))
    }

    /// The user with exactly this email, phone, username or external id
    /// (`query findUser`); `None` when there is none.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UserLookup;
    /// let user = client.users().find(&UserLookup::email("bob@example.com")).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn find(&self, lookup: &UserLookup) -> Result<Option<User>> {
        self.client.graphql(&FIND_USER, &lookup_vars(lookup)?).await
    }

    async fn encrypt(&self, password: &Sensitive) -> Result<String> {
        self.client
            .transport()
            .encrypt_password(password.expose())
            .await
    }
}
