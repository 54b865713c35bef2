//! Registration, login, tokens and codes: `accessToken`, `checkLoginStatus`,
//! `checkPasswordStrength`, `registerBy*`, `loginBy*`, `sendEmail`, `resetPassword`,
//! `refreshToken`.

mod types;

use async_graphql::{Context, Object, Result};

pub use types::*;

use super::common::CommonMessage;
use super::users::User;
use super::{bearer, client_ip, lang, require_session, shared, target_user};
use crate::domain::login::LoginId;
use crate::domain::{self, tokens};

/// Query fields of authentication.
#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// Management token for `userPoolId` + `secret` (unauthenticated).
    async fn access_token(
        &self,
        ctx: &Context<'_>,
        user_pool_id: String,
        secret: String,
    ) -> Result<AccessTokenRes> {
        let t = tokens::management_token(shared(ctx), &user_pool_id, &secret)?;
        Ok(AccessTokenRes {
            access_token: Some(t.token),
            exp: Some(t.exp),
            iat: Some(t.iat),
        })
    }

    /// Status of a user token (argument, else the bearer). Never raises for a bad token.
    async fn check_login_status(
        &self,
        ctx: &Context<'_>,
        token: Option<String>,
    ) -> Result<Option<JwtTokenStatus>> {
        let sh = shared(ctx);
        let token = token
            .filter(|t| !t.trim().is_empty())
            .or_else(|| bearer(ctx).map(str::to_string));
        let s = tokens::status(sh, token.as_deref());
        Ok(Some(match s.valid {
            Some((id, iat, exp)) => JwtTokenStatus {
                code: Some(s.code),
                message: Some(lang(ctx).pick(&s.message).to_string()),
                status: Some(true),
                exp: Some(exp),
                iat: Some(iat),
                data: Some(JwtTokenStatusDetail {
                    arn: Some(sh.arn_user(&id)),
                    id: Some(id),
                    user_pool_id: Some(sh.ids.user_pool_id.clone()),
                }),
            },
            None => JwtTokenStatus {
                code: Some(s.code),
                message: Some(lang(ctx).pick(&s.message).to_string()),
                status: Some(false),
                exp: None,
                iat: None,
                data: None,
            },
        }))
    }

    /// The pool's rule: any non-empty password is valid.
    async fn check_password_strength(&self, password: String) -> CheckPasswordStrengthResult {
        if domain::password_is_valid(&password) {
            CheckPasswordStrengthResult {
                valid: true,
                message: Some("密码验证成功".into()),
            }
        } else {
            CheckPasswordStrengthResult {
                valid: false,
                message: Some("密码不能为空 (password must not be empty)".into()),
            }
        }
    }
}

/// Mutation fields of authentication.
#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Registers with username + password.
    async fn register_by_username(
        &self,
        ctx: &Context<'_>,
        input: RegisterByUsernameInput,
    ) -> Result<Option<User>> {
        let r = registration(
            &input.profile,
            input.params,
            input.force_login,
            input.generate_token,
            input.client_ip,
        );
        let l =
            domain::registration::by_username(shared(ctx), &input.username, &input.password, r)?;
        Ok(Some(User::registered(l)))
    }

    /// Registers with email + password (email stored lower-case, `emailVerified` false).
    async fn register_by_email(
        &self,
        ctx: &Context<'_>,
        input: RegisterByEmailInput,
    ) -> Result<Option<User>> {
        let r = registration(
            &input.profile,
            input.params,
            input.force_login,
            input.generate_token,
            input.client_ip,
        );
        let l = domain::registration::by_email(shared(ctx), &input.email, &input.password, r)?;
        Ok(Some(User::registered(l)))
    }

    /// Registers with phone + SMS code (+ optional password).
    async fn register_by_phone_code(
        &self,
        ctx: &Context<'_>,
        input: RegisterByPhoneCodeInput,
    ) -> Result<Option<User>> {
        let r = registration(
            &input.profile,
            input.params,
            input.force_login,
            input.generate_token,
            input.client_ip,
        );
        let l = domain::registration::by_phone_code(
            shared(ctx),
            &input.phone,
            &input.code,
            input.password.as_deref(),
            input.phone_country_code,
            r,
        )?;
        Ok(Some(User::registered(l)))
    }

    /// Logs in with username + password (`autoRegister` creates an unknown account).
    async fn login_by_username(
        &self,
        ctx: &Context<'_>,
        input: LoginByUsernameInput,
    ) -> Result<Option<User>> {
        let l = domain::login::by_password(
            shared(ctx),
            LoginId::Username(&input.username),
            &input.password,
            input.client_ip.or_else(|| client_ip(ctx)),
            input.auto_register == Some(true),
            input.params.as_deref(),
        )?;
        Ok(Some(User::logged_in(l)))
    }

    /// Logs in with email + password.
    async fn login_by_email(
        &self,
        ctx: &Context<'_>,
        input: LoginByEmailInput,
    ) -> Result<Option<User>> {
        let l = domain::login::by_password(
            shared(ctx),
            LoginId::Email(&input.email),
            &input.password,
            input.client_ip.or_else(|| client_ip(ctx)),
            input.auto_register == Some(true),
            input.params.as_deref(),
        )?;
        Ok(Some(User::logged_in(l)))
    }

    /// Logs in with phone + password.
    async fn login_by_phone_password(
        &self,
        ctx: &Context<'_>,
        input: LoginByPhonePasswordInput,
    ) -> Result<Option<User>> {
        let l = domain::login::by_password(
            shared(ctx),
            LoginId::Phone(&input.phone),
            &input.password,
            input.client_ip.or_else(|| client_ip(ctx)),
            input.auto_register == Some(true),
            input.params.as_deref(),
        )?;
        Ok(Some(User::logged_in(l)))
    }

    /// Logs in with phone + SMS code; an unknown phone gets an account.
    async fn login_by_phone_code(
        &self,
        ctx: &Context<'_>,
        input: LoginByPhoneCodeInput,
    ) -> Result<Option<User>> {
        let l = domain::login::by_phone_code(
            shared(ctx),
            &input.phone,
            &input.code,
            input.client_ip.or_else(|| client_ip(ctx)),
            input.params.as_deref(),
            input.phone_country_code,
        )?;
        Ok(Some(User::logged_in(l)))
    }

    /// Sends an email code (kept in the emulator outbox).
    async fn send_email(
        &self,
        ctx: &Context<'_>,
        email: String,
        scene: EmailScene,
    ) -> Result<CommonMessage> {
        let scene_name = match scene {
            EmailScene::ResetPassword => "RESET_PASSWORD",
            EmailScene::VerifyEmail => "VERIFY_EMAIL",
            EmailScene::ChangeEmail => "CHANGE_EMAIL",
            EmailScene::MfaVerify => "MFA_VERIFY",
            EmailScene::VerifyCode => "VERIFY_CODE",
        };
        domain::codes::send_email(shared(ctx), &email, scene_name)?;
        Ok(CommonMessage::ok("发送成功"))
    }

    /// Resets a password with an SMS or email code.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        phone: Option<String>,
        email: Option<String>,
        code: String,
        new_password: String,
        phone_country_code: Option<String>,
    ) -> Result<Option<CommonMessage>> {
        let _ = phone_country_code;
        domain::account::reset_password(shared(ctx), phone, email, &code, &new_password)?;
        Ok(Some(CommonMessage::ok("重置密码成功")))
    }

    /// New token: for `id` (management) or for the bearer's user.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        id: Option<String>,
    ) -> Result<Option<RefreshToken>> {
        let (target, admin) = target_user(ctx, id)?;
        // a user refreshes within their session (logout ends both tokens)
        let session = if admin {
            None
        } else {
            Some(require_session(ctx)?.sid)
        };
        let t = tokens::refresh(shared(ctx), &target, session.as_deref())?;
        Ok(Some(RefreshToken {
            token: Some(t.token),
            iat: Some(t.iat),
            exp: Some(t.exp),
        }))
    }
}
