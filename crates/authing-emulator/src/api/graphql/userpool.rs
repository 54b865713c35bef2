//! The user pool: `userpool`.

use async_graphql::{Context, Object, Result, SimpleObject};

use super::{require_admin, shared};
use crate::shared::Shared;
use crate::store::whitelist::WhitelistKind;

/// Frequent-registration check settings.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct FrequentRegisterCheckConfig {
    /// Window (seconds).
    pub time_interval: Option<i32>,
    /// Limit.
    pub limit: Option<i32>,
    /// Enabled.
    pub enabled: Option<bool>,
}

/// Login-failure check settings.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct LoginFailCheckConfig {
    /// Window (seconds).
    pub time_interval: Option<i32>,
    /// Limit.
    pub limit: Option<i32>,
    /// Enabled.
    pub enabled: Option<bool>,
}

/// Password-failure check settings.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct LoginPasswordFailCheckConfig {
    /// Window (seconds).
    pub time_interval: Option<i32>,
    /// Limit.
    pub limit: Option<i32>,
    /// Enabled.
    pub enabled: Option<bool>,
}

/// Change-phone strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct ChangePhoneStrategy {
    /// Verify the old phone?
    pub verify_old_phone: Option<bool>,
}

/// Change-email strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct ChangeEmailStrategy {
    /// Verify the old email?
    pub verify_old_email: Option<bool>,
}

/// QR-code login strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct QrcodeLoginStrategy {
    /// QR code lifetime.
    pub qrcode_expires_after: Option<i32>,
    /// Return full user info.
    pub return_full_user_info: Option<bool>,
    /// Allow exchange from browser.
    pub allow_exchange_user_info_from_browser: Option<bool>,
    /// Ticket lifetime.
    pub ticket_expires_after: Option<i32>,
}

/// App-to-mini-program login strategy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct App2WxappLoginStrategy {
    /// Ticket lifetime (sic).
    pub ticket_exprires_after: Option<i32>,
    /// Exchange needs the secret.
    pub ticket_exchange_user_info_need_secret: Option<bool>,
}

/// Registration whitelist switches.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct RegisterWhiteListConfig {
    /// Phone whitelist on.
    pub phone_enabled: Option<bool>,
    /// Email whitelist on.
    pub email_enabled: Option<bool>,
    /// Username whitelist on.
    pub username_enabled: Option<bool>,
}

/// Custom SMS provider.
#[derive(SimpleObject, Debug, Clone, Default)]
#[graphql(name = "CustomSMSProvider")]
pub struct CustomSmsProvider {
    /// Enabled.
    pub enabled: Option<bool>,
    /// Provider.
    pub provider: Option<String>,
    /// Config.
    pub config: Option<String>,
}

/// Password update policy.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct PasswordUpdatePolicyConfig {
    /// Enabled.
    pub enabled: Option<bool>,
    /// Forced cycle.
    pub forced_cycle: Option<i32>,
    /// Difference cycle.
    pub difference_cycle: Option<i32>,
}

/// A user pool type.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct UserPoolType {
    /// Code.
    pub code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Image.
    pub image: Option<String>,
    /// SDKs.
    pub sdks: Option<Vec<Option<String>>>,
}

/// The user pool.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserPool {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Domain.
    pub domain: String,
    /// Description.
    pub description: Option<String>,
    /// Pool secret.
    pub secret: String,
    /// HS256 key of user tokens.
    pub jwt_secret: String,
    /// Owner id.
    pub owner_id: Option<String>,
    /// Pool types.
    pub userpool_types: Option<Vec<UserPoolType>>,
    /// Logo.
    pub logo: String,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
    /// Default of `emailVerified`.
    pub email_verified_default: bool,
    /// Send welcome email.
    pub send_welcome_email: bool,
    /// Registration disabled.
    pub register_disabled: bool,
    /// App SSO.
    pub app_sso_enabled: bool,
    /// Show WX QR code when registration is disabled.
    #[graphql(name = "showWxQRCodeWhenRegisterDisabled")]
    pub show_wx_qr_code_when_register_disabled: Option<bool>,
    /// CORS origins.
    pub allowed_origins: Option<String>,
    /// User token lifetime in seconds.
    pub token_expires_after: Option<i32>,
    /// Deleted?
    pub is_deleted: Option<bool>,
    /// Frequent register check.
    pub frequent_register_check: Option<FrequentRegisterCheckConfig>,
    /// Login fail check.
    pub login_fail_check: Option<LoginFailCheckConfig>,
    /// Password fail check.
    pub login_password_fail_check: Option<LoginPasswordFailCheckConfig>,
    /// Login fail strategy.
    pub login_fail_strategy: Option<String>,
    /// Change phone strategy.
    pub change_phone_strategy: Option<ChangePhoneStrategy>,
    /// Change email strategy.
    pub change_email_strategy: Option<ChangeEmailStrategy>,
    /// QR code strategy.
    pub qrcode_login_strategy: Option<QrcodeLoginStrategy>,
    /// App-to-wxapp strategy.
    pub app2_wxapp_login_strategy: Option<App2WxappLoginStrategy>,
    /// Whitelist switches.
    pub whitelist: Option<RegisterWhiteListConfig>,
    /// Custom SMS provider.
    #[graphql(name = "customSMSProvider")]
    pub custom_sms_provider: Option<CustomSmsProvider>,
    /// Package type.
    pub package_type: Option<i32>,
    /// Custom user store.
    pub use_custom_user_store: Option<bool>,
    /// Email must be verified to log in.
    pub login_require_email_verified: Option<bool>,
    /// SMS code length.
    pub verify_code_length: Option<i32>,
    /// Password update policy.
    pub password_update_policy: Option<PasswordUpdatePolicyConfig>,
    /// Wrong attempts allowed per verification code (null: the emulator sets no limit).
    pub verify_code_max_attempts: Option<i32>,
}

/// Query fields of the user pool.
#[derive(Default)]
pub struct UserpoolQuery;

#[Object]
impl UserpoolQuery {
    /// The user pool (management).
    async fn userpool(&self, ctx: &Context<'_>) -> Result<UserPool> {
        require_admin(ctx)?;
        Ok(pool_view(shared(ctx)))
    }
}

/// The pool as `userpool` and `updateUserpool` show it.
pub(crate) fn pool_view(sh: &Shared) -> UserPool {
    let store = sh.store.read();
    let s = store.settings().clone();
    let w = store.whitelist();
    let (phone_on, email_on, username_on) = (
        w.enabled(WhitelistKind::Phone),
        w.enabled(WhitelistKind::Email),
        w.enabled(WhitelistKind::Username),
    );
    drop(store);
    UserPool {
        id: sh.ids.user_pool_id.clone(),
        name: s.name,
        domain: s.domain,
        description: Some(
            s.description
                .clone()
                .unwrap_or_else(|| "Authing emulator user pool".into()),
        ),
        secret: sh.ids.secret.clone(),
        jwt_secret: sh.ids.jwt_secret.clone(),
        owner_id: Some(sh.ids.owner_id.clone()),
        userpool_types: Some(vec![]),
        logo: s.logo.clone().unwrap_or_else(|| {
            "https://files.authing.co/authing-console/default-userpool-logo.ico".into()
        }),
        created_at: Some(s.created_at.clone()),
        updated_at: Some(s.updated_at.clone().unwrap_or_else(|| s.created_at.clone())),
        email_verified_default: s.email_verified_default,
        send_welcome_email: s.send_welcome_email,
        register_disabled: s.register_disabled,
        app_sso_enabled: false,
        show_wx_qr_code_when_register_disabled: Some(false),
        allowed_origins: Some(s.allowed_origins.clone().unwrap_or_default()),
        token_expires_after: Some(s.token_expires_after),
        is_deleted: Some(false),
        frequent_register_check: Some(Default::default()),
        login_fail_check: Some(Default::default()),
        login_password_fail_check: Some(Default::default()),
        login_fail_strategy: Some("captcha".into()),
        change_phone_strategy: Some(ChangePhoneStrategy {
            verify_old_phone: Some(s.verify_old_phone),
        }),
        change_email_strategy: Some(ChangeEmailStrategy {
            verify_old_email: Some(s.verify_old_email),
        }),
        qrcode_login_strategy: Some(Default::default()),
        app2_wxapp_login_strategy: Some(Default::default()),
        whitelist: Some(RegisterWhiteListConfig {
            phone_enabled: Some(phone_on),
            email_enabled: Some(email_on),
            username_enabled: Some(username_on),
        }),
        custom_sms_provider: Some(Default::default()),
        package_type: Some(1),
        use_custom_user_store: Some(false),
        login_require_email_verified: Some(false),
        verify_code_length: Some(6),
        password_update_policy: Some(Default::default()),
        verify_code_max_attempts: None,
    }
}
