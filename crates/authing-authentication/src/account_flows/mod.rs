//! Account flows: password resets demanded at login (first login, forced reset),
//! linking accounts, sub-account and LDAP / AD logins, existence checks and the local
//! password security level.

mod types;

use serde_json::json;

use authing_core::__private::{RestRequest, check_message, non_blank, required};
use authing_core::models::{CommonMessage, User};
use authing_core::{Error, Operation, Result};

use crate::client::AuthenticationClient;
use crate::types::LoginOptions;

pub use authing_core::models::UserLookup;
pub use types::PasswordSecurityLevel;

const USER_FRAGMENTS: &[&str] = &[authing_core::models::USER_FIELDS];

/// `mutation resetPasswordByFirstLoginToken`: Sets the password of an account that
/// must reset it at its first login.
pub const RESET_PASSWORD_BY_FIRST_LOGIN_TOKEN: Operation = Operation::mutation(
    "resetPasswordByFirstLoginToken",
    "resetPasswordByFirstLoginToken",
    include_str!("reset_password_by_first_login_token.graphql"),
)
.with_variables::<FirstLoginResetVars<'static>>();

/// `mutation resetPasswordByForceResetToken`: Changes a password the pool forces the
/// user to change.
pub const RESET_PASSWORD_BY_FORCE_RESET_TOKEN: Operation = Operation::mutation(
    "resetPasswordByForceResetToken",
    "resetPasswordByForceResetToken",
    include_str!("reset_password_by_force_reset_token.graphql"),
)
.with_variables::<ForceResetVars<'static>>();

/// `mutation loginBySubAccount`: Logs in with a sub-account and its password.
pub const LOGIN_BY_SUB_ACCOUNT: Operation = Operation::mutation(
    "loginBySubAccount",
    "loginBySubAccount",
    include_str!("login_by_sub_account.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<SubAccountVars<'static>>();

/// `query isUserExists`: Whether a user with one of these identifiers exists.
pub const IS_USER_EXISTS: Operation = Operation::query(
    "isUserExists",
    "isUserExists",
    include_str!("is_user_exists.graphql"),
)
.with_variables::<UserExistsVars<'static>>();

authing_core::variables! {
    /// Variables of `resetPasswordByFirstLoginToken`.
    pub(crate) struct FirstLoginResetVars<'a> {
        token: &'a str,
        password: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `resetPasswordByForceResetToken`.
    pub(crate) struct ForceResetVars<'a> {
        token: &'a str,
        oldPassword: &'a str,
        newPassword: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `loginBySubAccount`.
    pub(crate) struct SubAccountVars<'a> {
        account: &'a str,
        password: &'a str,
        captchaCode: Option<&'a str>,
        clientIp: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `isUserExists`.
    pub(crate) struct UserExistsVars<'a> {
        email: Option<&'a str>,
        phone: Option<&'a str>,
        username: Option<&'a str>,
        externalId: Option<&'a str>,
    }
}

/// Which directory a directory login asks.
#[derive(Clone, Copy)]
enum Directory {
    Ldap,
    Ad,
}

impl AuthenticationClient {
    /// Sets the password of an account created with "reset password on first login"
    /// (`resetPasswordByFirstLoginToken`, no token; the password is encrypted).
    ///
    /// The first login of such an account fails with code 1639 and a reset token:
    /// take it from [`Error::password_reset_required`], set the new password here,
    /// then log in with it. The answer follows the rule of [`CommonMessage`] (only code
    /// 200 is a success; `null` is `CommonMessage::new(200, "")`).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::LoginOptions;
    /// match auth.login_by_username("bob", "initial-pass", &LoginOptions::default()).await {
    ///     Ok(_) => {}
    ///     Err(e) => match e.password_reset_required() {
    ///         Some(step) => {
    ///             auth.reset_password_by_first_token(step.token.expose(), "n3w-s3cret").await?;
    ///             auth.login_by_username("bob", "n3w-s3cret", &LoginOptions::default()).await?;
    ///         }
    ///         None => return Err(e),
    ///     },
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn reset_password_by_first_token(
        &self,
        token: &str,
        password: &str,
    ) -> Result<CommonMessage> {
        non_blank("token", token)?;
        let password = self.encrypt_required(password).await?;
        let vars = FirstLoginResetVars {
            token,
            password: &password,
        };
        let msg: Option<CommonMessage> = self
            .graphql(&RESET_PASSWORD_BY_FIRST_LOGIN_TOKEN, &vars, None)
            .await?;
        check_message(msg)
    }

    /// Changes a password the pool forces the user to change
    /// (`resetPasswordByForceResetToken`, no token; both passwords are encrypted).
    ///
    /// A login of such a user fails with code 2058 and a reset token (see
    /// [`Error::password_reset_required`]); the old password is needed. Answers as in
    /// [`reset_password_by_first_token`](Self::reset_password_by_first_token).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, token: &str) -> authing::authentication::Result<()> {
    /// auth.reset_password_with_force_reset(token, "old-s3cret", "n3w-s3cret").await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset_password_with_force_reset(
        &self,
        token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<CommonMessage> {
        non_blank("token", token)?;
        non_blank("old_password", old_password)?;
        non_blank("new_password", new_password)?;
        let old = self.encrypt(old_password).await?;
        let new = self.encrypt(new_password).await?;
        let vars = ForceResetVars {
            token,
            oldPassword: &old,
            newPassword: &new,
        };
        let msg: Option<CommonMessage> = self
            .graphql(&RESET_PASSWORD_BY_FORCE_RESET_TOKEN, &vars, None)
            .await?;
        check_message(msg)
    }

    /// Links two accounts of one person (`POST /api/v2/users/link`): the external
    /// identities of the secondary account (e.g. a social login) move to the primary
    /// account and the secondary account is deleted. Both arguments are user tokens
    /// (sent in the body); the session is not changed.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, primary: &str, secondary: &str) -> authing::authentication::Result<()> {
    /// auth.link_account(primary, secondary).await?;
    /// # Ok(()) }
    /// ```
    pub async fn link_account(
        &self,
        primary_user_token: &str,
        secondary_user_token: &str,
    ) -> Result<CommonMessage> {
        non_blank("primary_user_token", primary_user_token)?;
        non_blank("secondary_user_token", secondary_user_token)?;
        let body = json!({
            "primaryUserToken": primary_user_token,
            "secondaryUserToken": secondary_user_token,
        });
        self.rest_message(RestRequest::post("/api/v2/users/link", body))
            .await
    }

    /// Removes the external identities of `provider` (e.g. `"ldap"`, `"github"`) from
    /// the account of `primary_user_token` (`POST /api/v2/users/unlink`). The session
    /// is not changed.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, primary: &str) -> authing::authentication::Result<()> {
    /// auth.unlink_account(primary, "github").await?;
    /// # Ok(()) }
    /// ```
    pub async fn unlink_account(
        &self,
        primary_user_token: &str,
        provider: &str,
    ) -> Result<CommonMessage> {
        non_blank("primary_user_token", primary_user_token)?;
        non_blank("provider", provider)?;
        let body = json!({ "primaryUserToken": primary_user_token, "provider": provider });
        self.rest_message(RestRequest::post("/api/v2/users/unlink", body))
            .await
    }

    async fn rest_message(&self, req: RestRequest) -> Result<CommonMessage> {
        let env = self
            .transport()
            .rest::<serde_json::Value>(req, None)
            .await?;
        check_message(Some(CommonMessage::new(env.code, env.message)))
    }

    /// Logs in with a sub-account and its password (`loginBySubAccount`; the password
    /// is encrypted). Of the options only [`LoginOptions::captcha_code`] and
    /// [`LoginOptions::client_ip`] apply; the others fail with
    /// [`Error::InvalidArgument`] before any request. Session and errors as in
    /// [`login_by_email`](Self::login_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::LoginOptions;
    /// let user = auth.login_by_sub_account("alice-ops", "s3cret", &LoginOptions::default()).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn login_by_sub_account(
        &self,
        account: &str,
        password: &str,
        options: &LoginOptions,
    ) -> Result<User> {
        non_blank("account", account)?;
        if options.auto_register || !options.custom_data.is_empty() || options.context.is_some() {
            return Err(Error::InvalidArgument(
                "login_by_sub_account accepts only captcha_code and client_ip".into(),
            ));
        }
        let password = self.encrypt_required(password).await?;
        let vars = SubAccountVars {
            account,
            password: &password,
            captchaCode: options.captcha_code.as_deref(),
            clientIp: options.client_ip.as_deref(),
        };
        self.login(&LOGIN_BY_SUB_ACCOUNT, &vars).await
    }

    /// Logs in with an account of the pool's LDAP directory
    /// (`POST /api/v2/ldap/verify-user`). The service checks the password against the
    /// directory and answers with the pool user of that directory account (created at
    /// its first login) and a token; the client then holds them.
    ///
    /// **The password is sent in clear text** (inside TLS): the protocol requires it,
    /// as in every official SDK, for the service to bind to the directory with it.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let user = auth.login_by_ldap("alice", "s3cret").await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn login_by_ldap(&self, username: &str, password: &str) -> Result<User> {
        self.directory_login(Directory::Ldap, username, password)
            .await
    }

    /// Logs in with an account of the pool's Active Directory
    /// (`POST /api/v2/ad/verify-user`, on the client's application host). As
    /// [`login_by_ldap`](Self::login_by_ldap), password in clear text included.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let user = auth.login_by_ad("alice", "s3cret").await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn login_by_ad(&self, username: &str, password: &str) -> Result<User> {
        self.directory_login(Directory::Ad, username, password)
            .await
    }

    async fn directory_login(
        &self,
        dir: Directory,
        username: &str,
        password: &str,
    ) -> Result<User> {
        non_blank("username", username)?;
        non_blank("password", password)?;
        let path = match dir {
            Directory::Ldap => "/api/v2/ldap/verify-user",
            Directory::Ad => "/api/v2/ad/verify-user",
        };
        let body = json!({ "username": username, "password": password });
        let env = self
            .transport()
            .rest::<Option<User>>(RestRequest::post(path, body), None)
            .await?;
        let user = env.data.ok_or_else(|| Error::Decode {
            status: 200,
            reason: format!("`{path}` answered without a user"),
            excerpt: String::new(),
        })?;
        self.adopt_login(path, user)
    }

    /// Takes in the user of a REST login: like a GraphQL login, an answer without a
    /// token is not a login and leaves the session as it was.
    fn adopt_login(&self, path: &str, user: User) -> Result<User> {
        if user.token.as_ref().is_none_or(|t| t.expose().is_empty()) {
            return Err(Error::Decode {
                status: 200,
                reason: format!("`{path}` returned a user without a token"),
                excerpt: String::new(),
            });
        }
        self.adopt_user(None, &user);
        Ok(user)
    }

    /// Whether a user with one of these identifiers exists (`isUserExists`; sends
    /// the held token when there is one). At least one identifier is needed
    /// ([`Error::InvalidArgument`] otherwise).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::UserLookup;
    /// let taken = auth.is_user_exists(&UserLookup::username("alice")).await?;
    /// # let _ = taken; Ok(()) }
    /// ```
    pub async fn is_user_exists(&self, query: &UserLookup) -> Result<bool> {
        if query.is_empty() {
            return Err(Error::InvalidArgument(
                "is_user_exists needs a username, email, phone or external_id".into(),
            ));
        }
        // Blank identifiers are not sent.
        let vars = UserExistsVars {
            email: pick(&query.email),
            phone: pick(&query.phone),
            username: pick(&query.username),
            externalId: pick(&query.external_id),
        };
        let token = self.token();
        let found: Option<bool> = self.graphql(&IS_USER_EXISTS, &vars, token.as_ref()).await?;
        required(&IS_USER_EXISTS, found)
    }

    /// The security level of `password` by the official SDKs' local rule (no request):
    /// [`High`](PasswordSecurityLevel::High) for 12 characters or more with a lower-case
    /// letter, an upper-case letter and a digit; [`Middle`](PasswordSecurityLevel::Middle)
    /// for 8 or more with a letter and a digit; [`Low`](PasswordSecurityLevel::Low)
    /// otherwise.
    ///
    /// ```
    /// use authing::authentication::{AuthenticationClient, PasswordSecurityLevel};
    /// assert_eq!(AuthenticationClient::compute_password_security_level("abc"), PasswordSecurityLevel::Low);
    /// assert_eq!(AuthenticationClient::compute_password_security_level("abcd1234"), PasswordSecurityLevel::Middle);
    /// assert_eq!(AuthenticationClient::compute_password_security_level("Abcdefgh1234"), PasswordSecurityLevel::High);
    /// ```
    pub fn compute_password_security_level(password: &str) -> PasswordSecurityLevel {
        PasswordSecurityLevel::of(password)
    }
}

/// A set, non-blank identifier.
fn pick(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}
