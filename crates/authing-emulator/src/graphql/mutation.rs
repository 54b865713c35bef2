//! Root mutation fields.

use async_graphql::{Context, Object, Result};
use serde_json::Value;

use super::types::*;
use super::{
    Caller, caller, client_ip, complete_login, custom_data_items, find_user, insert_new_user,
    issue_user_token, new_user, password_login, require_admin, require_user, shared,
};
use crate::clock::{iso_ms, parse_iso};
use crate::crypto::{hash_password, random_digits, random_hex, verify_password};
use crate::error::AuthingError;
use crate::state::{
    CODE_TTL_MS, Channel, OutboxMessage, Shared, normalize_recipient, parse_udv_text,
    valid_resource,
};

/// Root `Mutation`.
pub struct Mutation;

macro_rules! copy_some {
    ($src:expr, $dst:expr, [$($f:ident),* $(,)?]) => {
        $( if $src.$f.is_some() { $dst.$f = $src.$f.clone(); } )*
    };
}

macro_rules! profile_fields {
    ($src:expr, $dst:expr) => {
        copy_some!(
            $src,
            $dst,
            [
                nickname,
                company,
                photo,
                device,
                browser,
                name,
                given_name,
                family_name,
                middle_name,
                profile,
                preferred_username,
                website,
                gender,
                birthdate,
                zoneinfo,
                locale,
                address,
                formatted,
                street_address,
                locality,
                region,
                postal_code,
                country,
            ]
        );
    };
}

fn ns(namespace: &Option<String>) -> String {
    namespace.clone().unwrap_or_else(|| "default".to_string())
}

fn check_iso(field: &str, v: &Option<String>) -> Result<(), AuthingError> {
    match v {
        Some(s) if parse_iso(s).is_none() => Err(AuthingError::bad_request(format!(
            "{field} 必须是 ISO-8601 时间 ({field} must be an ISO-8601 date, got {s:?})"
        ))),
        _ => Ok(()),
    }
}

fn check_email(email: &str) -> Result<String, AuthingError> {
    let e = email.trim().to_lowercase();
    let valid = e
        .split_once('@')
        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.'));
    if valid {
        Ok(e)
    } else {
        Err(AuthingError::new(2003, "邮箱格式不正确 (malformed email)"))
    }
}

fn decrypt(sh: &Shared, enc: &str) -> Result<String, AuthingError> {
    sh.keys.decrypt_password(enc)
}

/// Records a sent code in the outbox and logs it.
pub(crate) fn send_code(sh: &Shared, channel: Channel, to: &str, scene: Option<String>) -> String {
    let code = random_digits(6);
    let now = sh.clock.now_ms();
    let to = normalize_recipient(to);
    tracing::info!(
        target: "authing_emulator::outbox",
        channel = ?channel,
        to = %to,
        code = %code,
        "verification code sent"
    );
    sh.store.write().outbox.push(OutboxMessage {
        channel,
        to,
        code: code.clone(),
        scene,
        sent_at: iso_ms(now),
        expires_at_ms: now + CODE_TTL_MS,
        consumed: false,
    });
    code
}

/// UDV access: management, or a user on their own USER target.
pub(crate) fn require_udv_access(
    ctx: &Context<'_>,
    target_type: UdfTargetType,
    target_id: &str,
) -> Result<(), AuthingError> {
    match caller(ctx)? {
        Caller::Admin => Ok(()),
        Caller::User(id) if target_type == UdfTargetType::User && id == target_id => Ok(()),
        Caller::User(_) => Err(AuthingError::no_permission()),
    }
}

fn check_udv_target(
    sh: &Shared,
    target_type: UdfTargetType,
    target_id: &str,
) -> Result<(), AuthingError> {
    let store = sh.store.read();
    match target_type {
        UdfTargetType::User if store.user(target_id).is_none() => {
            Err(AuthingError::user_not_found())
        }
        UdfTargetType::Role if !store.roles.contains_key(target_id) => {
            Err(AuthingError::not_found(format!(
                "角色不存在 (no role with id {target_id:?}; ROLE custom data is keyed by role id)"
            )))
        }
        _ => Ok(()),
    }
}

fn register_result(
    sh: &Shared,
    user: User,
    force_login: Option<bool>,
    generate_token: Option<bool>,
    ip: Option<String>,
) -> Result<Option<User>, AuthingError> {
    if force_login == Some(true) {
        return complete_login(sh, &user.id, ip, true).map(Some);
    }
    if generate_token == Some(true) {
        return complete_login(sh, &user.id, ip, false).map(Some);
    }
    Ok(Some(user))
}

fn apply_register_profile(u: &mut User, p: &Option<RegisterProfile>) {
    if let Some(p) = p {
        profile_fields!(p, u);
        if p.oauth.is_some() {
            u.oauth = p.oauth.clone();
        }
        if u.username.is_none() {
            u.username = p.username.clone();
        }
        if u.phone.is_none() {
            u.phone = p.phone.clone();
        }
        if u.email.is_none() {
            u.email = p.email.as_ref().map(|e| e.trim().to_lowercase());
        }
    }
}

fn registration_open(sh: &Shared) -> Result<(), AuthingError> {
    if sh.store.read().settings.register_disabled {
        return Err(AuthingError::new(
            2031,
            "用户池已关闭注册 (registration is disabled)",
        ));
    }
    Ok(())
}

/// Makes a `[UserDefinedData]` answer.
fn udv_answer(
    sh: &Shared,
    target_type: UdfTargetType,
    target_id: &str,
) -> Option<Vec<UserDefinedData>> {
    Some(sh.store.read().udv_list(target_type, target_id))
}

fn self_user(sh: &Shared, id: &str) -> Result<User, AuthingError> {
    find_user(sh, |s| s.user(id)).ok_or_else(AuthingError::token_invalid)
}

fn update_stored_user(
    sh: &Shared,
    id: &str,
    f: impl FnOnce(&mut User),
) -> Result<User, AuthingError> {
    let mut store = sh.store.write();
    let mut u = store
        .user(id)
        .cloned()
        .ok_or_else(AuthingError::user_not_found)?;
    f(&mut u);
    let now = sh.clock.now_ms();
    u.updated_ms = now;
    u.updated_at = Some(iso_ms(now));
    store.replace_user(u)
}

/// A password login (username, email or phone): decrypts the password, finds the
/// user (or, with `autoRegister`, creates it) and logs in.
struct PasswordLogin<'a> {
    password: &'a str,
    client_ip: Option<String>,
    auto_register: bool,
    params: Option<&'a str>,
}

impl PasswordLogin<'_> {
    fn run(
        self,
        ctx: &Context<'_>,
        lookup: impl Fn(&crate::state::Store) -> Option<&User>,
        identify: impl FnOnce(&mut User) -> Result<(), AuthingError>,
    ) -> Result<User, AuthingError> {
        let sh = shared(ctx);
        let clear = decrypt(sh, self.password)?;
        let ip = self.client_ip.or_else(|| client_ip(ctx));
        let mut found = find_user(sh, &lookup);
        if found.is_none() && self.auto_register {
            registration_open(sh)?;
            let mut u = new_user(sh, "basic");
            identify(&mut u)?;
            let custom = custom_data_items(self.params, None)?;
            found = Some(match insert_new_user(sh, u, Some(&clear), custom) {
                Ok(u) => u,
                // Registered by a concurrent request meanwhile: log that user in.
                Err(_) => find_user(sh, &lookup).ok_or_else(AuthingError::user_not_found)?,
            });
        }
        password_login(sh, found, &clear, ip)
    }
}

/// Custom data given at registration: `params` (JSON text) and `profile.udf`.
fn registration_custom_data(
    params: Option<&str>,
    profile: &Option<RegisterProfile>,
) -> Result<Vec<(String, Value)>, AuthingError> {
    custom_data_items(params, profile.as_ref().and_then(|p| p.udf.as_deref()))
}

/// The end of every registration: profile fields, insertion (uniqueness checked under
/// the store lock), then the token when `forceLogin` / `generateToken` asks for one.
fn finish_registration(
    sh: &Shared,
    mut u: User,
    clear_password: Option<&str>,
    profile: &Option<RegisterProfile>,
    custom: Vec<(String, Value)>,
    (force_login, generate_token, client_ip): (Option<bool>, Option<bool>, Option<String>),
) -> Result<Option<User>, AuthingError> {
    apply_register_profile(&mut u, profile);
    let u = insert_new_user(sh, u, clear_password, custom)?;
    register_result(sh, u, force_login, generate_token, client_ip)
}

fn has_other_login_method(u: &User, without: &str) -> bool {
    let pw = u.password_hash.is_some();
    let username = u.username.is_some() && pw;
    let email = without != "email" && u.email.is_some();
    let phone = without != "phone" && u.phone.is_some();
    let social = u.unionid.is_some() || u.openid.is_some() || !u.identities_list.is_empty();
    username || email || phone || social
}

#[Object]
impl Mutation {
    // ---------------------------------------------------------------- registration / login

    /// Registers with username + password.
    async fn register_by_username(
        &self,
        ctx: &Context<'_>,
        input: RegisterByUsernameInput,
    ) -> Result<Option<User>> {
        let sh = shared(ctx);
        registration_open(sh)?;
        if input.username.trim().is_empty() {
            return Err(AuthingError::new(2211, "用户名不能为空 (username required)").into());
        }
        let clear = decrypt(sh, &input.password)?;
        if clear.is_empty() {
            return Err(AuthingError::new(2032, "注册需要密码 (password required)").into());
        }
        let mut u = new_user(sh, "basic");
        u.username = Some(input.username.clone());
        let custom = registration_custom_data(input.params.as_deref(), &input.profile)?;
        Ok(finish_registration(
            sh,
            u,
            Some(&clear),
            &input.profile,
            custom,
            (input.force_login, input.generate_token, input.client_ip),
        )?)
    }

    /// Registers with email + password (email stored lower-case, `emailVerified` false).
    async fn register_by_email(
        &self,
        ctx: &Context<'_>,
        input: RegisterByEmailInput,
    ) -> Result<Option<User>> {
        let sh = shared(ctx);
        registration_open(sh)?;
        let email = check_email(&input.email)?;
        let clear = decrypt(sh, &input.password)?;
        if clear.is_empty() {
            return Err(AuthingError::new(2032, "注册需要密码 (password required)").into());
        }
        let mut u = new_user(sh, "basic");
        u.email = Some(email);
        u.email_verified = Some(sh.store.read().settings.email_verified_default);
        let custom = registration_custom_data(input.params.as_deref(), &input.profile)?;
        Ok(finish_registration(
            sh,
            u,
            Some(&clear),
            &input.profile,
            custom,
            (input.force_login, input.generate_token, input.client_ip),
        )?)
    }

    /// Registers with phone + SMS code (+ optional password).
    async fn register_by_phone_code(
        &self,
        ctx: &Context<'_>,
        input: RegisterByPhoneCodeInput,
    ) -> Result<Option<User>> {
        let sh = shared(ctx);
        registration_open(sh)?;
        let phone = input.phone.trim().to_string();
        if sh.store.read().user_by_phone(&phone).is_some() {
            return Err(AuthingError::user_exists().into());
        }
        let clear = match input.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Some(decrypt(sh, p)?),
            None => None,
        };
        let custom = registration_custom_data(input.params.as_deref(), &input.profile)?;
        sh.store
            .write()
            .consume_code(&phone, &input.code, sh.clock.now_ms())?;
        let mut u = new_user(sh, "basic");
        u.phone = Some(phone);
        u.phone_verified = Some(true);
        u.phone_country_code = input.phone_country_code.clone();
        Ok(finish_registration(
            sh,
            u,
            clear.as_deref(),
            &input.profile,
            custom,
            (input.force_login, input.generate_token, input.client_ip),
        )?)
    }

    /// Logs in with username + password (`autoRegister` creates an unknown account).
    async fn login_by_username(
        &self,
        ctx: &Context<'_>,
        input: LoginByUsernameInput,
    ) -> Result<Option<User>> {
        let attempt = PasswordLogin {
            password: &input.password,
            client_ip: input.client_ip.clone(),
            auto_register: input.auto_register == Some(true),
            params: input.params.as_deref(),
        };
        Ok(Some(attempt.run(
            ctx,
            |s| s.user_by_username(&input.username),
            |u| {
                u.username = Some(input.username.clone());
                Ok(())
            },
        )?))
    }

    /// Logs in with email + password.
    async fn login_by_email(
        &self,
        ctx: &Context<'_>,
        input: LoginByEmailInput,
    ) -> Result<Option<User>> {
        let attempt = PasswordLogin {
            password: &input.password,
            client_ip: input.client_ip.clone(),
            auto_register: input.auto_register == Some(true),
            params: input.params.as_deref(),
        };
        Ok(Some(attempt.run(
            ctx,
            |s| s.user_by_email(&input.email),
            |u| {
                u.email = Some(check_email(&input.email)?);
                Ok(())
            },
        )?))
    }

    /// Logs in with phone + password.
    async fn login_by_phone_password(
        &self,
        ctx: &Context<'_>,
        input: LoginByPhonePasswordInput,
    ) -> Result<Option<User>> {
        let attempt = PasswordLogin {
            password: &input.password,
            client_ip: input.client_ip.clone(),
            auto_register: input.auto_register == Some(true),
            params: input.params.as_deref(),
        };
        Ok(Some(attempt.run(
            ctx,
            |s| s.user_by_phone(&input.phone),
            |u| {
                u.phone = Some(input.phone.trim().to_string());
                Ok(())
            },
        )?))
    }

    /// Logs in with phone + SMS code; an unknown phone gets an account.
    async fn login_by_phone_code(
        &self,
        ctx: &Context<'_>,
        input: LoginByPhoneCodeInput,
    ) -> Result<Option<User>> {
        let sh = shared(ctx);
        let phone = input.phone.trim().to_string();
        let ip = input.client_ip.clone().or_else(|| client_ip(ctx));
        let custom = custom_data_items(input.params.as_deref(), None)?;
        sh.store
            .write()
            .consume_code(&phone, &input.code, sh.clock.now_ms())?;
        let found = match find_user(sh, |s| s.user_by_phone(&phone)) {
            Some(u) => u,
            None => {
                registration_open(sh)?;
                let mut u = new_user(sh, "basic");
                u.phone = Some(phone.clone());
                u.phone_verified = Some(true);
                u.phone_country_code = input.phone_country_code.clone();
                match insert_new_user(sh, u, None, custom) {
                    Ok(u) => u,
                    Err(_) => find_user(sh, |s| s.user_by_phone(&phone))
                        .ok_or_else(AuthingError::user_not_found)?,
                }
            }
        };
        if found.blocked == Some(true) {
            return Err(AuthingError::new(2005, "用户已被锁定 (user is blocked)").into());
        }
        Ok(Some(complete_login(sh, &found.id, ip, true)?))
    }

    /// Sends an email code (kept in the emulator outbox).
    async fn send_email(
        &self,
        ctx: &Context<'_>,
        email: String,
        scene: EmailScene,
    ) -> Result<CommonMessage> {
        let sh = shared(ctx);
        let email = check_email(&email)?;
        let scene_name = match scene {
            EmailScene::ResetPassword => "RESET_PASSWORD",
            EmailScene::VerifyEmail => "VERIFY_EMAIL",
            EmailScene::ChangeEmail => "CHANGE_EMAIL",
            EmailScene::MfaVerify => "MFA_VERIFY",
            EmailScene::VerifyCode => "VERIFY_CODE",
        };
        send_code(sh, Channel::Email, &email, Some(scene_name.into()));
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
        let sh = shared(ctx);
        let to = phone
            .filter(|p| !p.trim().is_empty())
            .or(email.filter(|e| !e.trim().is_empty()))
            .ok_or_else(|| AuthingError::new(2231, "需要手机号或邮箱 (phone or email required)"))?;
        let clear = decrypt(sh, &new_password)?;
        let user = find_user(sh, |s| {
            if to.contains('@') {
                s.user_by_email(&to)
            } else {
                s.user_by_phone(&to)
            }
        })
        .ok_or_else(AuthingError::user_not_found)?;
        sh.store
            .write()
            .consume_code(&to, &code, sh.clock.now_ms())?;
        let hash = hash_password(&clear);
        update_stored_user(sh, &user.id, |u| u.password_hash = Some(hash))?;
        Ok(Some(CommonMessage::ok("重置密码成功")))
    }

    /// New token: for `id` (management) or for the bearer's user.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        id: Option<String>,
    ) -> Result<Option<RefreshToken>> {
        let sh = shared(ctx);
        let target = match (caller(ctx)?, id) {
            (Caller::Admin, Some(id)) => id,
            (Caller::Admin, None) => {
                return Err(
                    AuthingError::bad_request("id is required with a management token").into(),
                );
            }
            (Caller::User(me), None) => me,
            (Caller::User(me), Some(id)) if id == me => me,
            (Caller::User(_), Some(_)) => return Err(AuthingError::no_permission().into()),
        };
        let mut store = sh.store.write();
        let ttl = store.settings.token_expires_after as i64;
        let user = store
            .data_mut()
            .users
            .get_mut(&target)
            .ok_or_else(AuthingError::user_not_found)?;
        let (token, iat, exp) = issue_user_token(sh, user, ttl);
        user.token_expired_at = Some(iso_ms(exp * 1000));
        Ok(Some(RefreshToken {
            token: Some(token),
            iat: Some(iat),
            exp: Some(exp),
        }))
    }

    // ---------------------------------------------------------------- users (management)

    /// Creates a user (management). Needs at least one identifier.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        user_info: CreateUserInput,
        keep_password: Option<bool>,
        reset_password_on_first_login: Option<bool>,
        params: Option<String>,
        identity: Option<CreateUserIdentityInput>,
    ) -> Result<User> {
        let _ = (keep_password, reset_password_on_first_login);
        require_admin(ctx)?;
        let sh = shared(ctx);
        let i = &user_info;
        let has_id = [
            &i.username,
            &i.email,
            &i.phone,
            &i.unionid,
            &i.openid,
            &i.external_id,
        ]
        .iter()
        .any(|x| x.as_deref().is_some_and(|s| !s.trim().is_empty()))
            || identity.is_some();
        if !has_id {
            return Err(AuthingError::new(
                2028,
                "需要用户名、邮箱、手机号或其他身份标识 (username, email, phone or another identifier required)",
            )
            .into());
        }
        check_iso("lastLogin", &i.last_login)?;
        check_iso("signedUp", &i.signed_up)?;
        let clear = match i.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Some(decrypt(sh, p)?),
            None => None,
        };
        let mut u = new_user(sh, "unknown");
        profile_fields!(i, u);
        copy_some!(
            i,
            u,
            [
                username,
                phone,
                email_verified,
                phone_verified,
                unionid,
                openid,
                register_source,
                oauth,
                logins_count,
                last_login,
                last_ip,
                signed_up,
                blocked,
                is_deleted,
                external_id,
            ]
        );
        if let Some(e) = &i.email {
            u.email = Some(check_email(e)?);
        }
        if let Some(id) = identity {
            u.identities_list.push(Identity {
                openid: id.openid,
                user_id_in_idp: Some(id.user_id_in_idp),
                user_id: Some(u.id.clone()),
                is_social: id.is_social,
                provider: Some(id.provider),
                user_pool_id: Some(sh.ids.user_pool_id.clone()),
                refresh_token: id.refresh_token,
                access_token: id.access_token,
                connection_id: id.connection_id,
                ..Default::default()
            });
        }
        let custom = custom_data_items(params.as_deref(), None)?;
        Ok(insert_new_user(sh, u, clear.as_deref(), custom)?)
    }

    /// Updates a user. Management: any user, any field. User token: only themself (id
    /// omitted or their own), not email (2225), phone (2226) or password/verification flags (2018).
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        id: Option<String>,
        input: UpdateUserInput,
        email_token: Option<String>,
        phone_token: Option<String>,
    ) -> Result<User> {
        let _ = (email_token, phone_token);
        let sh = shared(ctx);
        let (target, admin) = match (caller(ctx)?, id) {
            (Caller::Admin, Some(id)) => (id, true),
            (Caller::Admin, None) => {
                return Err(
                    AuthingError::bad_request("id is required with a management token").into(),
                );
            }
            (Caller::User(me), None) => (me, false),
            (Caller::User(me), Some(id)) if id == me => (me, false),
            (Caller::User(_), Some(_)) => return Err(AuthingError::no_permission().into()),
        };
        let current =
            find_user(sh, |s| s.user(&target)).ok_or_else(AuthingError::user_not_found)?;
        if !admin {
            if input
                .email
                .as_ref()
                .is_some_and(|e| Some(e.trim().to_lowercase()) != current.email)
            {
                return Err(AuthingError::new(2225, "不能通过 updateUser 修改邮箱，请使用 updateEmail (use updateEmail to change the email)").into());
            }
            if input
                .phone
                .as_ref()
                .is_some_and(|p| Some(p) != current.phone.as_ref())
            {
                return Err(AuthingError::new(2226, "不能通过 updateUser 修改手机号，请使用 updatePhone (use updatePhone to change the phone)").into());
            }
            let forbidden = input.password.is_some()
                || input.email_verified.is_some()
                || input.phone_verified.is_some()
                || input.blocked.is_some()
                || input.logins_count.is_some()
                || (input.unionid.is_some() && input.unionid != current.unionid)
                || (input.openid.is_some() && input.openid != current.openid);
            if forbidden {
                return Err(AuthingError::new(2018, "用户无权修改此字段 (a user may not change this field; use the dedicated mutation or a management token)").into());
            }
        }
        check_iso("lastLogin", &input.last_login)?;
        let hash = match input.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Some(hash_password(&decrypt(sh, p)?)),
            None => None,
        };
        let email = match &input.email {
            Some(e) => Some(check_email(e)?),
            None => None,
        };
        let now = sh.clock.now_ms();
        let revoke = input
            .token_expired_at
            .as_deref()
            .is_some_and(|t| parse_iso(t).is_none_or(|ms| ms <= now));
        let user = update_stored_user(sh, &target, |u| {
            profile_fields!(input, u);
            copy_some!(
                input,
                u,
                [
                    unionid,
                    openid,
                    email_verified,
                    phone,
                    phone_verified,
                    username,
                    oauth,
                    token_expired_at,
                    logins_count,
                    last_login,
                    last_ip,
                    blocked,
                    city,
                    province,
                    external_id,
                    phone_country_code,
                    main_department_id,
                    main_department_code,
                ]
            );
            if email.is_some() {
                u.email = email;
            }
            if hash.is_some() {
                u.password_hash = hash;
            }
            if revoke {
                u.token_epoch += 1;
            }
        })?;
        Ok(user)
    }

    /// Deletes a user (management). Unknown id → 2004.
    async fn delete_user(&self, ctx: &Context<'_>, id: String) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        sh.store
            .write()
            .remove_user(&id)
            .ok_or_else(AuthingError::user_not_found)?;
        Ok(Some(CommonMessage::ok("删除成功")))
    }

    /// Deletes users (management, all or nothing). Any unknown id → 2004.
    async fn delete_users(
        &self,
        ctx: &Context<'_>,
        ids: Vec<String>,
    ) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        if ids.len() > 80 {
            return Err(AuthingError::new(
                2030,
                "一次最多操作 80 个用户 (at most 80 ids per batch)",
            )
            .into());
        }
        let sh = shared(ctx);
        let mut store = sh.store.write();
        if ids.iter().any(|id| store.user(id).is_none()) {
            return Err(AuthingError::user_not_found().into());
        }
        for id in &ids {
            store.remove_user(id);
        }
        Ok(Some(CommonMessage::ok("删除成功")))
    }

    // ---------------------------------------------------------------- self-service

    /// Changes the bearer's password (old password required when one is set).
    async fn update_password(
        &self,
        ctx: &Context<'_>,
        new_password: String,
        old_password: Option<String>,
    ) -> Result<User> {
        let me = require_user(ctx)?;
        let sh = shared(ctx);
        let user = self_user(sh, &me)?;
        let new_clear = decrypt(sh, &new_password)?;
        if new_clear.is_empty() {
            return Err(AuthingError::new(2032, "密码不能为空 (password required)").into());
        }
        if let Some(h) = &user.password_hash {
            let old = old_password.filter(|p| !p.is_empty()).ok_or_else(|| {
                AuthingError::new(2201, "请输入原始密码 (original password required)")
            })?;
            let old_clear = decrypt(sh, &old)?;
            if !verify_password(&old_clear, h) {
                return Err(
                    AuthingError::new(2203, "原始密码错误 (original password wrong)").into(),
                );
            }
        }
        let hash = hash_password(&new_clear);
        Ok(update_stored_user(sh, &me, |u| {
            u.password_hash = Some(hash)
        })?)
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
        let sh = shared(ctx);
        let user = self_user(sh, &me)?;
        if user.phone.is_some() {
            return Err(
                AuthingError::new(2035, "用户已绑定手机号 (a phone is already bound)").into(),
            );
        }
        let phone = phone.trim().to_string();
        if sh.store.read().user_by_phone(&phone).is_some() {
            return Err(AuthingError::new(2035, "手机号已被绑定 (phone already bound)").into());
        }
        sh.store
            .write()
            .consume_code(&phone, &phone_code, sh.clock.now_ms())?;
        Ok(update_stored_user(sh, &me, |u| {
            u.phone = Some(phone);
            u.phone_verified = Some(true);
            if phone_country_code.is_some() {
                u.phone_country_code = phone_country_code;
            }
        })?)
    }

    /// Binds an email (none bound yet) after checking its email code.
    async fn bind_email(
        &self,
        ctx: &Context<'_>,
        email: String,
        email_code: String,
    ) -> Result<User> {
        let me = require_user(ctx)?;
        let sh = shared(ctx);
        let user = self_user(sh, &me)?;
        if user.email.is_some() {
            return Err(
                AuthingError::new(2200, "用户已绑定邮箱 (an email is already bound)").into(),
            );
        }
        let email = check_email(&email)?;
        if sh.store.read().user_by_email(&email).is_some() {
            return Err(AuthingError::new(2200, "邮箱已被绑定 (email already bound)").into());
        }
        sh.store
            .write()
            .consume_code(&email, &email_code, sh.clock.now_ms())?;
        Ok(update_stored_user(sh, &me, |u| {
            u.email = Some(email);
            u.email_verified = Some(true);
        })?)
    }

    /// Unbinds the phone (needs another login method).
    async fn unbind_phone(&self, ctx: &Context<'_>) -> Result<User> {
        let me = require_user(ctx)?;
        let sh = shared(ctx);
        let user = self_user(sh, &me)?;
        if user.phone.is_none() {
            return Err(AuthingError::new(2219, "用户未绑定手机号 (no phone bound)").into());
        }
        if !has_other_login_method(&user, "phone") {
            return Err(AuthingError::new(
                2217,
                "这是唯一的登录方式，不能解绑 (the only login method cannot be unbound)",
            )
            .into());
        }
        Ok(update_stored_user(sh, &me, |u| {
            u.phone = None;
            u.phone_verified = Some(false);
        })?)
    }

    /// Unbinds the email (needs another login method).
    async fn unbind_email(&self, ctx: &Context<'_>) -> Result<User> {
        let me = require_user(ctx)?;
        let sh = shared(ctx);
        let user = self_user(sh, &me)?;
        if user.email.is_none() {
            return Err(AuthingError::new(2219, "用户未绑定邮箱 (no email bound)").into());
        }
        if !has_other_login_method(&user, "email") {
            return Err(AuthingError::new(
                2217,
                "这是唯一的登录方式，不能解绑 (the only login method cannot be unbound)",
            )
            .into());
        }
        Ok(update_stored_user(sh, &me, |u| {
            u.email = None;
            u.email_verified = Some(false);
        })?)
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
        let sh = shared(ctx);
        let user = self_user(sh, &me)?;
        let phone = phone.trim().to_string();
        if user.phone.as_deref() == Some(phone.as_str()) {
            return Err(AuthingError::new(
                2230,
                "新手机号与旧手机号相同 (new phone equals the old one)",
            )
            .into());
        }
        if sh.store.read().user_by_phone(&phone).is_some() {
            return Err(AuthingError::new(2035, "手机号已被绑定 (phone already bound)").into());
        }
        let verify_old = sh.store.read().settings.verify_old_phone || old_phone.is_some();
        if verify_old {
            let old = old_phone
                .ok_or_else(|| AuthingError::new(2231, "需要旧手机号 (oldPhone required)"))?;
            if user.phone.as_deref() != Some(old.trim()) {
                return Err(
                    AuthingError::new(2038, "旧手机号不匹配 (old phone does not match)").into(),
                );
            }
            let code = old_phone_code.ok_or_else(|| {
                AuthingError::new(2231, "需要旧手机号验证码 (oldPhoneCode required)")
            })?;
            sh.store
                .write()
                .consume_code(&old, &code, sh.clock.now_ms())?;
        }
        sh.store
            .write()
            .consume_code(&phone, &phone_code, sh.clock.now_ms())?;
        Ok(update_stored_user(sh, &me, |u| {
            u.phone = Some(phone);
            u.phone_verified = Some(true);
            if phone_country_code.is_some() {
                u.phone_country_code = phone_country_code;
            }
        })?)
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
        let sh = shared(ctx);
        let user = self_user(sh, &me)?;
        let email = check_email(&email)?;
        if user.email.as_deref() == Some(email.as_str()) {
            return Err(AuthingError::new(
                2229,
                "新邮箱与旧邮箱相同 (new email equals the old one)",
            )
            .into());
        }
        if sh.store.read().user_by_email(&email).is_some() {
            return Err(AuthingError::new(2200, "邮箱已被绑定 (email already bound)").into());
        }
        let verify_old = sh.store.read().settings.verify_old_email || old_email.is_some();
        if verify_old {
            let old = old_email
                .ok_or_else(|| AuthingError::new(2231, "需要旧邮箱 (oldEmail required)"))?;
            if user.email.as_deref() != Some(old.trim().to_lowercase().as_str()) {
                return Err(
                    AuthingError::new(2037, "旧邮箱不匹配 (old email does not match)").into(),
                );
            }
            let code = old_email_code.ok_or_else(|| {
                AuthingError::new(2231, "需要旧邮箱验证码 (oldEmailCode required)")
            })?;
            sh.store
                .write()
                .consume_code(&old, &code, sh.clock.now_ms())?;
        }
        sh.store
            .write()
            .consume_code(&email, &email_code, sh.clock.now_ms())?;
        Ok(update_stored_user(sh, &me, |u| {
            u.email = Some(email);
            u.email_verified = Some(true);
        })?)
    }

    // ---------------------------------------------------------------- roles

    /// Creates a role (code unique in its namespace, else 409).
    async fn create_role(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        code: String,
        description: Option<String>,
        parent: Option<String>,
    ) -> Result<Role> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        if code.trim().is_empty() {
            return Err(AuthingError::bad_request("code must not be empty").into());
        }
        let mut store = sh.store.write();
        if store.role(&namespace, &code).is_some() {
            return Err(
                AuthingError::exists(format!("角色 {code} 已存在 (role already exists)")).into(),
            );
        }
        if let Some(p) = &parent {
            if store.role(&namespace, p).is_none() {
                return Err(AuthingError::not_found(format!(
                    "父角色 {p} 不存在 (parent role not found)"
                ))
                .into());
            }
        }
        let id = random_hex(12);
        let now = sh.clock.now_ms();
        let role = Role {
            arn: format!("arn:cn:authing:{}:role:{}", sh.ids.user_pool_id, id),
            id: id.clone(),
            namespace,
            code,
            description,
            is_system: Some(false),
            created_at: Some(iso_ms(now)),
            updated_at: Some(iso_ms(now)),
            parent_code: parent,
            created_ms: now,
        };
        let data = store.data_mut();
        data.roles.insert(id.clone(), role.clone());
        data.role_members.insert(id, Vec::new());
        Ok(role)
    }

    /// Updates a role; `newCode` renames it (assignments follow).
    async fn update_role(
        &self,
        ctx: &Context<'_>,
        code: String,
        description: Option<String>,
        new_code: Option<String>,
        namespace: Option<String>,
    ) -> Result<Role> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        let mut store = sh.store.write();
        let id = store.role_id(&namespace, &code).ok_or_else(|| {
            AuthingError::not_found(format!("角色 {code} 不存在 (role not found)"))
        })?;
        let new_code = new_code.filter(|c| !c.trim().is_empty() && *c != code);
        if let Some(nc) = &new_code {
            if store.role(&namespace, nc).is_some() {
                return Err(AuthingError::exists(format!(
                    "角色 {nc} 已存在 (role already exists)"
                ))
                .into());
            }
        }
        let now = sh.clock.now_ms();
        let data = store.data_mut();
        if let Some(nc) = &new_code {
            for a in data.assignments.iter_mut() {
                if a.target_type == PolicyAssignmentTargetType::Role
                    && a.namespace == namespace
                    && a.target_identifier == code
                {
                    a.target_identifier = nc.clone();
                }
            }
            for r in data.roles.values_mut() {
                if r.namespace == namespace && r.parent_code.as_deref() == Some(code.as_str()) {
                    r.parent_code = Some(nc.clone());
                }
            }
        }
        let role = data
            .roles
            .get_mut(&id)
            .ok_or_else(|| AuthingError::not_found("role not found"))?;
        if let Some(nc) = new_code {
            role.code = nc;
        }
        if description.is_some() {
            role.description = description;
        }
        role.updated_at = Some(iso_ms(now));
        Ok(role.clone())
    }

    /// Deletes a role. Unknown → 404; built-in → 400.
    async fn delete_role(
        &self,
        ctx: &Context<'_>,
        code: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let mut store = sh.store.write();
        let role = store.role(&ns(&namespace), &code).cloned().ok_or_else(|| {
            AuthingError::not_found(format!("角色 {code} 不存在 (role not found)"))
        })?;
        if role.is_system == Some(true) {
            return Err(AuthingError::bad_request(
                "系统内建角色不能删除 (built-in roles cannot be deleted)",
            )
            .into());
        }
        store.remove_role(&role.id);
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Deletes roles (all or nothing).
    async fn delete_roles(
        &self,
        ctx: &Context<'_>,
        code_list: Vec<String>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        let mut store = sh.store.write();
        let mut ids = Vec::new();
        for c in &code_list {
            ids.push(store.role_id(&namespace, c).ok_or_else(|| {
                AuthingError::not_found(format!("角色 {c} 不存在 (role not found)"))
            })?);
        }
        for id in ids {
            store.remove_role(&id);
        }
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Gives roles to users (group and node codes are accepted and ignored).
    #[allow(clippy::too_many_arguments)]
    async fn assign_role(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        role_code: Option<String>,
        role_codes: Option<Vec<Option<String>>>,
        user_ids: Option<Vec<String>>,
        group_codes: Option<Vec<String>>,
        node_codes: Option<Vec<String>>,
    ) -> Result<Option<CommonMessage>> {
        let _ = (group_codes, node_codes);
        require_admin(ctx)?;
        let (role_ids, user_ids) =
            role_targets(shared(ctx), &namespace, role_code, role_codes, user_ids)?;
        let mut store = shared(ctx).store.write();
        let data = store.data_mut();
        for rid in &role_ids {
            let members = data.role_members.entry(rid.clone()).or_default();
            for u in &user_ids {
                if !members.contains(u) {
                    members.push(u.clone());
                }
            }
        }
        Ok(Some(CommonMessage::ok("授权成功")))
    }

    /// Takes roles away from users.
    #[allow(clippy::too_many_arguments)]
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        role_code: Option<String>,
        role_codes: Option<Vec<Option<String>>>,
        user_ids: Option<Vec<String>>,
        group_codes: Option<Vec<String>>,
        node_codes: Option<Vec<String>>,
    ) -> Result<Option<CommonMessage>> {
        let _ = (group_codes, node_codes);
        require_admin(ctx)?;
        let (role_ids, user_ids) =
            role_targets(shared(ctx), &namespace, role_code, role_codes, user_ids)?;
        let mut store = shared(ctx).store.write();
        let data = store.data_mut();
        for rid in &role_ids {
            if let Some(members) = data.role_members.get_mut(rid) {
                members.retain(|m| !user_ids.contains(m));
            }
        }
        Ok(Some(CommonMessage::ok("撤销成功")))
    }

    // ---------------------------------------------------------------- policies

    /// Creates a policy (409 when the code exists in the namespace).
    async fn create_policy(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        code: String,
        description: Option<String>,
        statements: Vec<PolicyStatementInput>,
    ) -> Result<Policy> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        let statements = check_statements(statements)?;
        if code.trim().is_empty() {
            return Err(AuthingError::bad_request("code must not be empty").into());
        }
        let mut store = sh.store.write();
        if store.policy(&namespace, &code).is_some() {
            return Err(AuthingError::exists(format!(
                "策略 {code} 已存在 (policy already exists)"
            ))
            .into());
        }
        let now = sh.clock.now_ms();
        let p = Policy {
            namespace,
            code,
            is_default: false,
            description,
            statements,
            created_at: Some(iso_ms(now)),
            updated_at: Some(iso_ms(now)),
            created_ms: now,
        };
        store.data_mut().policies.push(p.clone());
        Ok(p)
    }

    /// Updates a policy; `newCode` renames it (assignments follow). Built-in → 400.
    async fn update_policy(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        code: String,
        description: Option<String>,
        statements: Option<Vec<PolicyStatementInput>>,
        new_code: Option<String>,
    ) -> Result<Policy> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        let statements = statements.map(check_statements).transpose()?;
        let mut store = sh.store.write();
        let existing = store.policy(&namespace, &code).cloned().ok_or_else(|| {
            AuthingError::not_found(format!("策略 {code} 不存在 (policy not found)"))
        })?;
        if existing.is_default {
            return Err(AuthingError::bad_request(
                "系统内置策略不能修改 (built-in policies cannot be updated)",
            )
            .into());
        }
        let new_code = new_code.filter(|c| !c.trim().is_empty() && *c != code);
        if let Some(nc) = &new_code {
            if store.policy(&namespace, nc).is_some() {
                return Err(AuthingError::exists(format!(
                    "策略 {nc} 已存在 (policy already exists)"
                ))
                .into());
            }
        }
        let now = sh.clock.now_ms();
        let data = store.data_mut();
        if let Some(nc) = &new_code {
            for a in data.assignments.iter_mut() {
                if a.namespace == namespace && a.code == code {
                    a.code = nc.clone();
                }
            }
        }
        let p = data
            .policies
            .iter_mut()
            .find(|p| p.namespace == namespace && p.code == code)
            .ok_or_else(|| AuthingError::not_found("policy not found"))?;
        if let Some(nc) = new_code {
            p.code = nc;
        }
        if description.is_some() {
            p.description = description;
        }
        if let Some(s) = statements {
            p.statements = s;
        }
        p.updated_at = Some(iso_ms(now));
        Ok(p.clone())
    }

    /// Deletes a policy and its assignments.
    async fn delete_policy(
        &self,
        ctx: &Context<'_>,
        code: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        delete_policies(shared(ctx), &ns(&namespace), &[code])?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Deletes policies (all or nothing).
    async fn delete_policies(
        &self,
        ctx: &Context<'_>,
        code_list: Vec<String>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        delete_policies(shared(ctx), &ns(&namespace), &code_list)?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Assigns policies to targets (users and roles must exist).
    async fn add_policy_assignments(
        &self,
        ctx: &Context<'_>,
        policies: Vec<String>,
        target_type: PolicyAssignmentTargetType,
        target_identifiers: Option<Vec<String>>,
        inherit_by_children: Option<bool>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        let targets = target_identifiers.unwrap_or_default();
        let mut store = sh.store.write();
        for p in &policies {
            if store.policy(&namespace, p).is_none() {
                return Err(
                    AuthingError::not_found(format!("策略 {p} 不存在 (policy not found)")).into(),
                );
            }
        }
        check_targets(&store, target_type, &targets, &namespace)?;
        let data = store.data_mut();
        for p in &policies {
            for t in &targets {
                let exists = data.assignments.iter().any(|a| {
                    a.namespace == namespace
                        && a.code == *p
                        && a.target_type == target_type
                        && a.target_identifier == *t
                });
                if !exists {
                    data.assignments.push(PolicyAssignment {
                        code: p.clone(),
                        target_type,
                        target_identifier: t.clone(),
                        namespace: namespace.clone(),
                        enabled: true,
                        inherit_by_children: inherit_by_children.unwrap_or(false),
                    });
                }
            }
        }
        Ok(CommonMessage::ok("授权成功"))
    }

    /// Removes assignments.
    async fn remove_policy_assignments(
        &self,
        ctx: &Context<'_>,
        policies: Vec<String>,
        target_type: PolicyAssignmentTargetType,
        target_identifiers: Option<Vec<String>>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        let targets = target_identifiers.unwrap_or_default();
        let mut store = sh.store.write();
        store.data_mut().assignments.retain(|a| {
            !(a.namespace == namespace
                && policies.contains(&a.code)
                && a.target_type == target_type
                && (targets.is_empty() || targets.contains(&a.target_identifier)))
        });
        Ok(CommonMessage::ok("撤销授权成功"))
    }

    /// Enables one assignment.
    async fn enable_policy_assignment(
        &self,
        ctx: &Context<'_>,
        policy: String,
        target_type: PolicyAssignmentTargetType,
        target_identifier: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        toggle_assignment(
            shared(ctx),
            &ns(&namespace),
            &policy,
            target_type,
            &target_identifier,
            true,
        )?;
        Ok(CommonMessage::ok("启用成功"))
    }

    /// Disables one assignment (the API's own spelling).
    async fn disbale_policy_assignment(
        &self,
        ctx: &Context<'_>,
        policy: String,
        target_type: PolicyAssignmentTargetType,
        target_identifier: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        toggle_assignment(
            shared(ctx),
            &ns(&namespace),
            &policy,
            target_type,
            &target_identifier,
            false,
        )?;
        Ok(CommonMessage::ok("禁用成功"))
    }

    /// Grants `action` on `resource` to users and/or roles through an implicit policy
    /// `allow:{resource}:{action}` (shared by identical grants).
    #[allow(clippy::too_many_arguments)]
    async fn allow(
        &self,
        ctx: &Context<'_>,
        resource: String,
        action: String,
        user_id: Option<String>,
        user_ids: Option<Vec<String>>,
        role_code: Option<String>,
        role_codes: Option<Vec<String>>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        if !valid_resource(&resource) {
            return Err(AuthingError::bad_request(format!(
                "resource 必须形如 <resourceType>:<resourceId> (resource must be `type:id`, `type:*` or `_`, got {resource:?})"
            ))
            .into());
        }
        if action.trim().is_empty() {
            return Err(AuthingError::bad_request("action must not be empty").into());
        }
        let sh = shared(ctx);
        let namespace = ns(&namespace);
        let users: Vec<String> = user_id
            .into_iter()
            .chain(user_ids.unwrap_or_default())
            .collect();
        let roles: Vec<String> = role_code
            .into_iter()
            .chain(role_codes.unwrap_or_default())
            .collect();
        if users.is_empty() && roles.is_empty() {
            return Err(AuthingError::new(
                2231,
                "需要 userId 或 roleCode (userId or roleCode required)",
            )
            .into());
        }
        let mut store = sh.store.write();
        check_targets(&store, PolicyAssignmentTargetType::User, &users, &namespace)?;
        check_targets(&store, PolicyAssignmentTargetType::Role, &roles, &namespace)?;
        let code = format!("allow:{resource}:{action}");
        let now = sh.clock.now_ms();
        if store.policy(&namespace, &code).is_none() {
            store.data_mut().policies.push(Policy {
                namespace: namespace.clone(),
                code: code.clone(),
                is_default: false,
                description: Some(format!("created by allow({resource}, {action})")),
                statements: vec![PolicyStatement {
                    resource: resource.clone(),
                    actions: vec![action.clone()],
                    effect: Some(PolicyEffect::Allow),
                    condition: None,
                }],
                created_at: Some(iso_ms(now)),
                updated_at: Some(iso_ms(now)),
                created_ms: now,
            });
        }
        let data = store.data_mut();
        let targets = users
            .into_iter()
            .map(|u| (PolicyAssignmentTargetType::User, u))
            .chain(
                roles
                    .into_iter()
                    .map(|r| (PolicyAssignmentTargetType::Role, r)),
            );
        for (tt, ti) in targets {
            let exists = data.assignments.iter().any(|a| {
                a.namespace == namespace
                    && a.code == code
                    && a.target_type == tt
                    && a.target_identifier == ti
            });
            if !exists {
                data.assignments.push(PolicyAssignment {
                    code: code.clone(),
                    target_type: tt,
                    target_identifier: ti,
                    namespace: namespace.clone(),
                    enabled: true,
                    inherit_by_children: false,
                });
            }
        }
        Ok(CommonMessage::ok("授权成功"))
    }

    // ---------------------------------------------------------------- custom data

    /// Defines (or redefines) a custom field.
    async fn set_udf(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        key: String,
        data_type: UdfDataType,
        label: String,
        options: Option<String>,
    ) -> Result<UserDefinedField> {
        require_admin(ctx)?;
        if key.trim().is_empty() {
            return Err(AuthingError::bad_request("key must not be empty").into());
        }
        let sh = shared(ctx);
        let f = UserDefinedField {
            target_type,
            data_type,
            key,
            label: Some(label),
            options,
        };
        let mut store = sh.store.write();
        let data = store.data_mut();
        match data
            .udfs
            .iter_mut()
            .find(|x| x.target_type == target_type && x.key == f.key)
        {
            Some(existing) => *existing = f.clone(),
            None => data.udfs.push(f.clone()),
        }
        Ok(f)
    }

    /// Removes a field definition and its values.
    async fn remove_udf(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        key: String,
    ) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let mut store = sh.store.write();
        if store.udf(target_type, &key).is_none() {
            return Err(AuthingError::not_found(format!(
                "自定义字段 {key} 不存在 (UDF key not defined)"
            ))
            .into());
        }
        let prefix = crate::state::udv_key(target_type, "");
        let data = store.data_mut();
        data.udfs
            .retain(|f| !(f.target_type == target_type && f.key == key));
        for (k, values) in data.udvs.iter_mut() {
            if k.starts_with(&prefix) {
                values.shift_remove(&key);
            }
        }
        Ok(Some(CommonMessage::ok("删除成功")))
    }

    /// Sets one value (JSON text, checked against the field's type); returns the
    /// target's values. An undefined key fails (404): define it with `setUdf` first.
    async fn set_udv(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
        key: String,
        value: String,
    ) -> Result<Option<Vec<UserDefinedData>>> {
        require_udv_access(ctx, target_type, &target_id)?;
        let sh = shared(ctx);
        check_udv_target(sh, target_type, &target_id)?;
        let mut store = sh.store.write();
        let items = store.check_udv_batch(target_type, vec![(key, parse_udv_text(&value))])?;
        store.udv_store(target_type, &target_id, items);
        drop(store);
        Ok(udv_answer(sh, target_type, &target_id))
    }

    /// Sets several values of one target (all or nothing).
    async fn set_udv_batch(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
        udv_list: Option<Vec<UserDefinedDataInput>>,
    ) -> Result<Option<Vec<UserDefinedData>>> {
        require_udv_access(ctx, target_type, &target_id)?;
        let sh = shared(ctx);
        check_udv_target(sh, target_type, &target_id)?;
        let items: Vec<(String, Value)> = udv_list
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                (
                    d.key,
                    d.value
                        .as_deref()
                        .map(parse_udv_text)
                        .unwrap_or(Value::Null),
                )
            })
            .collect();
        let mut store = sh.store.write();
        let items = store.check_udv_batch(target_type, items)?;
        store.udv_store(target_type, &target_id, items);
        drop(store);
        Ok(udv_answer(sh, target_type, &target_id))
    }

    /// Sets values of several targets (all or nothing).
    async fn set_udf_value_batch(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        input: Vec<SetUdfValueBatchInput>,
    ) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        for i in &input {
            check_udv_target(sh, target_type, &i.target_id)?;
        }
        let mut store = sh.store.write();
        let mut checked = Vec::new();
        for i in input {
            let v = match i.value.0 {
                Value::String(s) => parse_udv_text(&s),
                other => other,
            };
            let items = store.check_udv_batch(target_type, vec![(i.key, v)])?;
            checked.push((i.target_id, items));
        }
        for (id, items) in checked {
            store.udv_store(target_type, &id, items);
        }
        Ok(Some(CommonMessage::ok("设置成功")))
    }

    /// Removes one value; returns the target's remaining values.
    async fn remove_udv(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
        key: String,
    ) -> Result<Option<Vec<UserDefinedData>>> {
        require_udv_access(ctx, target_type, &target_id)?;
        let sh = shared(ctx);
        {
            let mut store = sh.store.write();
            let k = crate::state::udv_key(target_type, &target_id);
            if let Some(values) = store.data_mut().udvs.get_mut(&k) {
                values.shift_remove(&key);
            }
        }
        Ok(udv_answer(sh, target_type, &target_id))
    }
}

fn role_targets(
    sh: &Shared,
    namespace: &Option<String>,
    role_code: Option<String>,
    role_codes: Option<Vec<Option<String>>>,
    user_ids: Option<Vec<String>>,
) -> Result<(Vec<String>, Vec<String>), AuthingError> {
    let namespace = ns(namespace);
    let codes: Vec<String> = role_code
        .into_iter()
        .chain(role_codes.unwrap_or_default().into_iter().flatten())
        .collect();
    if codes.is_empty() {
        return Err(AuthingError::new(
            2231,
            "需要 roleCode 或 roleCodes (roleCode or roleCodes required)",
        ));
    }
    let store = sh.store.read();
    let mut role_ids = Vec::new();
    for c in &codes {
        role_ids.push(
            store.role_id(&namespace, c).ok_or_else(|| {
                AuthingError::not_found(format!("角色 {c} 不存在 (role not found)"))
            })?,
        );
    }
    let users = user_ids.unwrap_or_default();
    if users.iter().any(|u| store.user(u).is_none()) {
        return Err(AuthingError::user_not_found());
    }
    Ok((role_ids, users))
}

fn check_statements(
    statements: Vec<PolicyStatementInput>,
) -> Result<Vec<PolicyStatement>, AuthingError> {
    if statements.is_empty() {
        return Err(AuthingError::bad_request("statements must not be empty"));
    }
    statements
        .into_iter()
        .map(|s| {
            if s.resource.trim().is_empty() || s.actions.is_empty() {
                Err(AuthingError::bad_request(
                    "each statement needs a resource and at least one action",
                ))
            } else {
                Ok(PolicyStatement::from(s))
            }
        })
        .collect()
}

fn check_targets(
    store: &crate::state::Store,
    target_type: PolicyAssignmentTargetType,
    targets: &[String],
    namespace: &str,
) -> Result<(), AuthingError> {
    for t in targets {
        match target_type {
            PolicyAssignmentTargetType::User if store.user(t).is_none() => {
                return Err(AuthingError::user_not_found());
            }
            PolicyAssignmentTargetType::Role if store.role(namespace, t).is_none() => {
                return Err(AuthingError::not_found(format!(
                    "角色 {t} 不存在 (role not found)"
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

fn delete_policies(sh: &Shared, namespace: &str, codes: &[String]) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    for c in codes {
        let p = store.policy(namespace, c).ok_or_else(|| {
            AuthingError::not_found(format!("策略 {c} 不存在 (policy not found)"))
        })?;
        if p.is_default {
            return Err(AuthingError::bad_request(
                "系统内置策略不能删除 (built-in policies cannot be deleted)",
            ));
        }
    }
    let data = store.data_mut();
    data.policies
        .retain(|p| !(p.namespace == namespace && codes.contains(&p.code)));
    data.assignments
        .retain(|a| !(a.namespace == namespace && codes.contains(&a.code)));
    Ok(())
}

fn toggle_assignment(
    sh: &Shared,
    namespace: &str,
    policy: &str,
    target_type: PolicyAssignmentTargetType,
    target_identifier: &str,
    enabled: bool,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let a = store
        .data_mut()
        .assignments
        .iter_mut()
        .find(|a| {
            a.namespace == namespace
                && a.code == policy
                && a.target_type == target_type
                && a.target_identifier == target_identifier
        })
        .ok_or_else(|| AuthingError::not_found("授权记录不存在 (policy assignment not found)"))?;
    a.enabled = enabled;
    Ok(())
}
