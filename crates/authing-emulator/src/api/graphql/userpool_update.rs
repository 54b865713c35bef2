//! `updateUserpool`: the pool settings the emulator keeps (name, description, logo,
//! registration switches, token lifetime, change strategies, whitelist switches).

use async_graphql::{Context, InputObject, Object, Result};

use super::userpool::{UserPool, pool_view};
use super::{require_admin, shared};
use crate::domain::userpool::{self as domain, PoolUpdate};
use crate::store::whitelist::WhitelistKind;

/// Whitelist switches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct RegisterWhiteListConfigInput {
    /// Phone-number whitelist.
    pub phone_enabled: Option<bool>,
    /// Email whitelist.
    pub email_enabled: Option<bool>,
    /// Username whitelist.
    pub username_enabled: Option<bool>,
}

/// Phone change strategy.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ChangePhoneStrategyInput {
    /// Changing the phone needs a code sent to the old one.
    pub verify_old_phone: Option<bool>,
}

/// Email change strategy.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ChangeEmailStrategyInput {
    /// Changing the email needs a code sent to the old one.
    pub verify_old_email: Option<bool>,
}

/// The settings to change; absent fields are left as they are.
#[derive(InputObject, Debug, Clone, Default)]
pub struct UpdateUserpoolInput {
    /// Pool name.
    pub name: Option<String>,
    /// Logo URL.
    pub logo: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// New users' emails count as verified.
    pub email_verified_default: Option<bool>,
    /// Welcome email after registration (recorded only: the emulator sends no mail).
    pub send_welcome_email: Option<bool>,
    /// Self-registration closed (2031).
    pub register_disabled: Option<bool>,
    /// Allowed browser origins.
    pub allowed_origins: Option<String>,
    /// Lifetime of user tokens, in seconds.
    pub token_expires_after: Option<i32>,
    /// Phone change strategy.
    pub change_phone_strategy: Option<ChangePhoneStrategyInput>,
    /// Email change strategy.
    pub change_email_strategy: Option<ChangeEmailStrategyInput>,
    /// Registration whitelist switches.
    pub whitelist: Option<RegisterWhiteListConfigInput>,
}

impl From<UpdateUserpoolInput> for PoolUpdate {
    fn from(i: UpdateUserpoolInput) -> Self {
        let w = i.whitelist.unwrap_or_default();
        let whitelist = [
            (WhitelistKind::Username, w.username_enabled),
            (WhitelistKind::Email, w.email_enabled),
            (WhitelistKind::Phone, w.phone_enabled),
        ]
        .into_iter()
        .filter_map(|(k, on)| on.map(|on| (k, on)))
        .collect();
        Self {
            name: i.name,
            logo: i.logo,
            description: i.description,
            email_verified_default: i.email_verified_default,
            send_welcome_email: i.send_welcome_email,
            register_disabled: i.register_disabled,
            allowed_origins: i.allowed_origins,
            token_expires_after: i.token_expires_after,
            verify_old_phone: i.change_phone_strategy.and_then(|c| c.verify_old_phone),
            verify_old_email: i.change_email_strategy.and_then(|c| c.verify_old_email),
            whitelist,
        }
    }
}

/// Mutation fields of the user pool.
#[derive(Default)]
pub struct UserpoolMutation;

#[Object]
impl UserpoolMutation {
    /// Changes pool settings (management); returns the pool after the change.
    async fn update_userpool(
        &self,
        ctx: &Context<'_>,
        input: UpdateUserpoolInput,
    ) -> Result<UserPool> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        domain::update(sh, input.into())?;
        Ok(pool_view(sh))
    }
}
