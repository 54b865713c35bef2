//! The logged-in user's profile.

use authing_core::models::User;
use authing_core::{Operation, Result};

use crate::client::AuthenticationClient;
use crate::types::UpdateProfile;

const USER_FRAGMENTS: &[&str] = &[authing_core::models::USER_FIELDS];

/// `query user`: The user of the bearer token (no `id`).
pub const USER: Operation = Operation::query("user", "user", include_str!("user.graphql"))
    .with_fragments(USER_FRAGMENTS)
    .with_variables::<UserVars<'static>>();

/// `mutation updateUser`: Updates the profile of the bearer's user (no `id`).
pub const UPDATE_USER: Operation = Operation::mutation(
    "updateUser",
    "updateUser",
    include_str!("update_user.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<UpdateUserVars<'static>>();

authing_core::variables! {
    /// Variables of `user`: no `id`, the service answers for the bearer.
    pub(crate) struct UserVars<'a> {
        id: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `updateUser`.
    pub(crate) struct UpdateUserVars<'a> {
        id: &'a str,
        input: &'a UpdateProfile,
    }
}

impl AuthenticationClient {
    /// Fetches the logged-in user (`user` without an id: the service answers for the
    /// bearer token) and holds it as [`current_user`](Self::current_user). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let me = auth.get_current_user().await?;
    /// println!("{:?}", me.email);
    /// # Ok(()) }
    /// ```
    pub async fn get_current_user(&self) -> Result<User> {
        let token = self.require_token()?;
        self.graphql_user(&USER, &UserVars { id: None }, Some(&token))
            .await
    }

    /// Updates the logged-in user's profile (`updateUser` with the user's `id`) and
    /// holds the returned user. The id is the held user's, else the token's user id
    /// claim, else fetched first with [`get_current_user`](Self::get_current_user).
    /// Only the fields set in `updates` are sent; a password, email or phone cannot be
    /// changed here (see [`update_password`](Self::update_password),
    /// [`update_email`](Self::update_email), [`update_phone`](Self::update_phone)).
    /// Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::UpdateProfile;
    /// let user = auth
    ///     .update_profile(&UpdateProfile { nickname: Some("Nick".into()), ..Default::default() })
    ///     .await?;
    /// assert_eq!(user.nickname.as_deref(), Some("Nick"));
    /// # Ok(()) }
    /// ```
    pub async fn update_profile(&self, updates: &UpdateProfile) -> Result<User> {
        let token = self.require_token()?;
        let id = self.current_user_id(&token).await?;
        let vars = UpdateUserVars {
            id: &id,
            input: updates,
        };
        self.graphql_user(&UPDATE_USER, &vars, Some(&token)).await
    }
}
