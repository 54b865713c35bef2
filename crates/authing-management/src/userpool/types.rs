//! Inputs and answers of `client.userpool()`: [`UpdateUserpoolInput`], [`EnvVar`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

optional_input! {
    /// `RegisterWhiteListConfigInput`: which registration whitelists to switch on or
    /// off; `None` leaves a switch as it is.
    ///
    /// ```
    /// use authing::management::RegisterWhiteListConfigInput;
    /// let on = RegisterWhiteListConfigInput { email_enabled: Some(true), ..Default::default() };
    /// # let _ = on;
    /// ```
    RegisterWhiteListConfigInput {
        /// Phone-number whitelist.
        phone_enabled: bool,
        /// Email whitelist.
        email_enabled: bool,
        /// Username whitelist.
        username_enabled: bool,
    }
}

optional_input! {
    /// `ChangePhoneStrategyInput`.
    ChangePhoneStrategyInput {
        /// Whether changing the phone needs a code sent to the old one.
        verify_old_phone: bool,
    }
}

optional_input! {
    /// `ChangeEmailStrategyInput`.
    ChangeEmailStrategyInput {
        /// Whether changing the email needs a code sent to the old one.
        verify_old_email: bool,
    }
}

optional_input! {
    /// `UpdateUserpoolInput`: the pool settings to change (`updateUserpool`); `None`
    /// fields are left as they are.
    ///
    /// ```
    /// use authing::management::UpdateUserpoolInput;
    /// let input = UpdateUserpoolInput {
    ///     description: Some("Staff directory".into()),
    ///     token_expires_after: Some(3600),
    ///     ..Default::default()
    /// };
    /// # let _ = input;
    /// ```
    UpdateUserpoolInput {
        /// Pool name.
        name: String,
        /// Logo URL.
        logo: String,
        /// Description.
        description: String,
        /// Whether new users' emails count as verified.
        email_verified_default: bool,
        /// Whether a welcome email is sent after registration.
        send_welcome_email: bool,
        /// Whether self-registration is closed.
        register_disabled: bool,
        /// Allowed browser origins (CORS), one per line.
        allowed_origins: String,
        /// Lifetime of user tokens, in seconds.
        token_expires_after: i32,
        /// Phone change strategy.
        change_phone_strategy: ChangePhoneStrategyInput,
        /// Email change strategy.
        change_email_strategy: ChangeEmailStrategyInput,
        /// Registration whitelist switches.
        whitelist: RegisterWhiteListConfigInput,
    }
}

authing_core::gql_named!(
    UpdateUserpoolInput => "UpdateUserpoolInput",
    RegisterWhiteListConfigInput => "RegisterWhiteListConfigInput",
    ChangePhoneStrategyInput => "ChangePhoneStrategyInput",
    ChangeEmailStrategyInput => "ChangeEmailStrategyInput",
);

/// A pool environment variable (`GET /api/v2/env`): a key and any JSON value,
/// readable from pipeline functions.
/// Values often hold credentials: `Debug` shows the key only.
#[derive(Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EnvVar {
    /// Name.
    pub key: String,
    /// Value (any JSON).
    #[serde(default)]
    pub value: Value,
}

impl EnvVar {
    /// An environment variable.
    pub fn new(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

impl std::fmt::Debug for EnvVar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvVar")
            .field("key", &self.key)
            .field("value", &"[redacted]")
            .finish()
    }
}
