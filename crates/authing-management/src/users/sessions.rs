//! Sessions and lifecycle of users on the management side: `kick`, `logout`,
//! `check_login_status`, `list_archived_users`, `send_first_login_verify_email` and
//! `list_user_actions`.

use authing_core::__private::{RestRequest, non_blank, non_empty_list, paginate};
use authing_core::models::{CommonMessage, Paginated, User};
use authing_core::{Error, Operation, Result, codes};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::json;

use super::UsersClient;
use super::ops::UsersVars;
use crate::audit::{UserAction, UserActionFilter};
use crate::client::ListOptions;

const USER_FIELDS: &[&str] = &[authing_core::models::USER_FIELDS];

/// `query archivedUsers`.
pub const ARCHIVED_USERS: Operation = Operation::query(
    "archivedUsers",
    "archivedUsers",
    include_str!("archived_users.graphql"),
)
.with_fragments(USER_FIELDS)
.with_variables::<UsersVars>();

/// `mutation sendFirstLoginVerifyEmail`.
pub const SEND_FIRST_LOGIN_VERIFY_EMAIL: Operation = Operation::mutation(
    "sendFirstLoginVerifyEmail",
    "sendFirstLoginVerifyEmail",
    include_str!("send_first_login_verify_email.graphql"),
)
.with_variables::<FirstLoginVerifyVars<'static>>();

authing_core::variables! {
    /// Variables of `sendFirstLoginVerifyEmail`.
    pub(crate) struct FirstLoginVerifyVars<'a> {
        userId: &'a str,
        appId: &'a str,
    }
}

/// What [`UsersClient::check_login_status`] answers
/// (`GET /api/v2/users/login-status`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserLoginStatus {
    /// Whether the user has a session that is still valid.
    #[serde(default)]
    pub is_login: bool,
    /// The user.
    #[serde(default)]
    pub user: Option<User>,
    /// The service's per-application session entries, as sent (their shape is not
    /// documented).
    #[serde(default)]
    pub application: Vec<serde_json::Value>,
}

fn message_of<T>(env: authing_core::__private::Envelope<T>) -> CommonMessage {
    CommonMessage::new(env.code, env.message)
}

impl<'a> UsersClient<'a> {
    /// Forces users offline (`POST /api/v2/users/kick` with `{userIds}`): every token
    /// of theirs stops working. Unknown ids are skipped by the service.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().kick(["60b4a1c2d3e4f5a6b7c8d9e0"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn kick(
        &self,
        user_ids: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Result<CommonMessage> {
        let ids = non_empty_list("user_ids", user_ids)?;
        let req = RestRequest::post("/api/v2/users/kick", json!({ "userIds": ids }));
        let env = self.client.rest_envelope::<serde_json::Value>(req).await?;
        Ok(message_of(env))
    }

    /// Forces a user offline (`GET {host}/logout?userId=[&appId=]`): in one
    /// application when `app_id` is given, else everywhere. Unknown user → 2004.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().logout("60b4a1c2d3e4f5a6b7c8d9e0", None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self, user_id: &str, app_id: Option<&str>) -> Result<CommonMessage> {
        non_blank("user_id", user_id)?;
        let mut req = RestRequest::get("/logout").query("userId", user_id);
        if let Some(app) = app_id {
            non_blank("app_id", app)?;
            req = req.query("appId", app);
        }
        let env = self.client.rest_envelope::<serde_json::Value>(req).await?;
        Ok(message_of(env))
    }

    /// Whether a user is logged in (`GET /api/v2/users/login-status?userId=&appId=&deviceId=`),
    /// optionally in one application or on one device. Unknown user → [`Error::Api`]
    /// 2004 (`用户不存在`). Unlike [`ManagementClient::check_login_status`](crate::ManagementClient::check_login_status),
    /// the service answers, so a kicked user reads `is_login: false`.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let status = client.users().check_login_status("60b4a1c2d3e4f5a6b7c8d9e0", None, None).await?;
    /// println!("logged in: {}", status.is_login);
    /// # Ok(()) }
    /// ```
    pub async fn check_login_status(
        &self,
        user_id: &str,
        app_id: Option<&str>,
        device_id: Option<&str>,
    ) -> Result<UserLoginStatus> {
        non_blank("user_id", user_id)?;
        let mut req = RestRequest::get("/api/v2/users/login-status").query("userId", user_id);
        for (key, value) in [("appId", app_id), ("deviceId", device_id)] {
            if let Some(v) = value {
                non_blank(key, v)?;
                req = req.query(key, v);
            }
        }
        let status: Option<UserLoginStatus> = self.client.rest(req).await?;
        status.ok_or_else(|| {
            Error::api(
                codes::USER_NOT_FOUND,
                "user not found (the service answered no login status)",
                200,
            )
        })
    }

    /// Deleted (archived) users (`query archivedUsers`), most recent first. Users have
    /// no namespace (setting one is an [`Error::InvalidArgument`]).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.users().list_archived_users(&Default::default()).await?;
    /// println!("{} deleted users", page.total_count);
    /// # Ok(()) }
    /// ```
    pub async fn list_archived_users(&self, options: &ListOptions) -> Result<Paginated<User>> {
        if options.namespace.is_some() {
            return Err(Error::InvalidArgument(
                "users have no namespace: leave ListOptions::namespace unset".into(),
            ));
        }
        let (page, limit) = options.paging()?;
        self.client
            .graphql(&ARCHIVED_USERS, &UsersVars { page, limit })
            .await
    }

    /// Every archived user, page after page (see
    /// [`list_archived_users`](Self::list_archived_users)), fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.users().list_archived_users_stream(&Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_archived_users_stream(
        &self,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<User>> + 'a {
        let (users, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { users.list_archived_users(&options).await }
        })
    }

    /// Sends a user the first-login verification email (`mutation
    /// sendFirstLoginVerifyEmail`); the arguments are in the Python SDK's order.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().send_first_login_verify_email("app-id", "60b4a1c2d3e4f5a6b7c8d9e0").await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_first_login_verify_email(
        &self,
        app_id: &str,
        user_id: &str,
    ) -> Result<CommonMessage> {
        non_blank("app_id", app_id)?;
        non_blank("user_id", user_id)?;
        self.client
            .message(
                &SEND_FIRST_LOGIN_VERIFY_EMAIL,
                &FirstLoginVerifyVars {
                    userId: user_id,
                    appId: app_id,
                },
            )
            .await
    }

    /// End users' actions (logins, registrations, password changes, logouts, ...)
    /// (`GET /api/v2/analysis/user-action`), newest first, filtered by `filter`.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UserActionFilter;
    /// let filter = UserActionFilter {
    ///     user_ids: vec!["60b4a1c2d3e4f5a6b7c8d9e0".into()],
    ///     ..Default::default()
    /// };
    /// for action in client.users().list_user_actions(&filter).await?.list {
    ///     println!("{:?} {:?}", action.operation_name, action.timestamp);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_user_actions(
        &self,
        filter: &UserActionFilter,
    ) -> Result<Paginated<UserAction>> {
        let req = filter.request(self.client)?;
        let page: Option<Paginated<UserAction>> = self.client.rest(req).await?;
        Ok(page.unwrap_or_else(Paginated::empty))
    }
}
