//! Self-service account mutations (user token): `updatePassword`, `bindPhone`,
//! `bindEmail`, `unbindPhone`, `unbindEmail`, `updatePhone`, `updateEmail`.

use async_graphql::{Context, Object, Result};

use super::users::User;
use super::{bearer, require_session, require_user, shared};
use crate::domain::account::{self, Change};
use crate::store::users::UserRecord;

/// The caller's own user, answered with the caller's token (as Authing answers
/// self-service calls).
pub(crate) fn own(ctx: &Context<'_>, u: &UserRecord) -> User {
    let mut user = User::from(u);
    user.token = bearer(ctx).map(str::to_string);
    user
}

/// Mutation fields of the bearer's own account.
#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Changes the bearer's password (old password required when one is set).
    async fn update_password(
        &self,
        ctx: &Context<'_>,
        new_password: String,
        old_password: Option<String>,
    ) -> Result<User> {
        let me = require_session(ctx)?;
        let u = account::update_password(
            shared(ctx),
            &me.user_id,
            &me.sid,
            &new_password,
            old_password,
        )?;
        Ok(own(ctx, &u))
    }

    /// Binds a phone (none bound yet) after checking its SMS code.
    async fn bind_phone(
        &self,
        ctx: &Context<'_>,
        phone: String,
        phone_code: String,
        phone_country_code: Option<String>,
    ) -> Result<User> {
        let me = require_user(ctx)?;
        let u = account::bind_phone(shared(ctx), &me, &phone, &phone_code, phone_country_code)?;
        Ok(own(ctx, &u))
    }

    /// Binds an email (none bound yet) after checking its email code.
    async fn bind_email(
        &self,
        ctx: &Context<'_>,
        email: String,
        email_code: String,
    ) -> Result<User> {
        let me = require_user(ctx)?;
        let u = account::bind_email(shared(ctx), &me, &email, &email_code)?;
        Ok(own(ctx, &u))
    }

    /// Unbinds the phone (needs another login method).
    async fn unbind_phone(&self, ctx: &Context<'_>) -> Result<User> {
        let me = require_user(ctx)?;
        Ok(own(ctx, &account::unbind_phone(shared(ctx), &me)?))
    }

    /// Unbinds the email (needs another login method).
    async fn unbind_email(&self, ctx: &Context<'_>) -> Result<User> {
        let me = require_user(ctx)?;
        Ok(own(ctx, &account::unbind_email(shared(ctx), &me)?))
    }

    /// Changes the phone with a code for the new phone (and the old one when given or
    /// when the pool requires it).
    #[allow(clippy::too_many_arguments)]
    async fn update_phone(
        &self,
        ctx: &Context<'_>,
        phone: String,
        phone_code: String,
        old_phone: Option<String>,
        old_phone_code: Option<String>,
        phone_country_code: Option<String>,
        old_phone_country_code: Option<String>,
    ) -> Result<User> {
        let _ = old_phone_country_code;
        let me = require_user(ctx)?;
        let change = Change {
            new: phone,
            code: phone_code,
            old: old_phone,
            old_code: old_phone_code,
        };
        let u = account::update_phone(shared(ctx), &me, change, phone_country_code)?;
        Ok(own(ctx, &u))
    }

    /// Changes the email with a code for the new email (and the old one when given or
    /// when the pool requires it).
    async fn update_email(
        &self,
        ctx: &Context<'_>,
        email: String,
        email_code: String,
        old_email: Option<String>,
        old_email_code: Option<String>,
    ) -> Result<User> {
        let me = require_user(ctx)?;
        let change = Change {
            new: email,
            code: email_code,
            old: old_email,
            old_code: old_email_code,
        };
        Ok(own(ctx, &account::update_email(shared(ctx), &me, change)?))
    }
}
