//! Account flows: `resetPasswordByFirstLoginToken`, `resetPasswordByForceResetToken`,
//! `loginBySubAccount`.

use async_graphql::{Context, Object, Result};

use super::common::CommonMessage;
use super::users::User;
use super::{client_ip, shared};
use crate::domain;

/// Mutation fields of the account flows.
#[derive(Default)]
pub struct AccountFlowsMutation;

#[Object]
impl AccountFlowsMutation {
    /// Sets the password with the reset token of a first login refused with 1639
    /// (no bearer needed; the password is RSA-encrypted).
    async fn reset_password_by_first_login_token(
        &self,
        ctx: &Context<'_>,
        token: String,
        password: String,
    ) -> Result<Option<CommonMessage>> {
        domain::account_flows::reset_by_first_login_token(shared(ctx), &token, &password)?;
        Ok(Some(CommonMessage::ok("重置密码成功")))
    }

    /// Changes the password with the reset token of a login refused with 2058; the old
    /// password must match (both RSA-encrypted).
    async fn reset_password_by_force_reset_token(
        &self,
        ctx: &Context<'_>,
        token: String,
        old_password: String,
        new_password: String,
    ) -> Result<Option<CommonMessage>> {
        domain::account_flows::reset_by_force_reset_token(
            shared(ctx),
            &token,
            &old_password,
            &new_password,
        )?;
        Ok(Some(CommonMessage::ok("重置密码成功")))
    }

    /// Logs in with a sub-account (username, email or phone) and its password.
    async fn login_by_sub_account(
        &self,
        ctx: &Context<'_>,
        account: String,
        password: String,
        captcha_code: Option<String>,
        #[graphql(name = "clientIp")] client_ip_arg: Option<String>,
    ) -> Result<User> {
        let _ = captcha_code;
        let l = domain::account_flows::by_sub_account(
            shared(ctx),
            &account,
            &password,
            client_ip_arg.or_else(|| client_ip(ctx)),
        )?;
        Ok(User::logged_in(l))
    }
}
