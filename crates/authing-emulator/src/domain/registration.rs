//! Registration: new user records, custom data given at sign-up, and the one path that
//! finishes every registration.

use serde_json::Value;

use super::custom::{check_udv_batch, parse_udv_text};
use super::login::{LoggedIn, complete_login};
use super::{check_email, decrypt};
use crate::clock::iso_ms;
use crate::crypto::{hash_password, random_hex};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::custom::UdfTargetType;
use crate::store::users::{UserRecord, UserStatus};
use crate::store::whitelist::WhitelistKind;

macro_rules! profile_struct {
    ($($f:ident),* $(,)?) => {
        /// Profile fields a client may set (registration, `createUser`, `updateUser`).
        #[derive(Debug, Clone, Default)]
        pub(crate) struct Profile {
            $(pub $f: Option<String>,)*
        }

        impl Profile {
            /// Copies the given (non-null) fields onto a user.
            pub fn apply(&self, u: &mut UserRecord) {
                $( if self.$f.is_some() { u.$f = self.$f.clone(); } )*
            }
        }
    };
}

profile_struct!(
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
);

/// `profile` of a registration.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegisterProfile {
    pub fields: Profile,
    pub oauth: Option<String>,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Custom data `(key, value text)`.
    pub udf: Vec<(String, String)>,
}

/// What every registration may carry besides its identifier.
#[derive(Debug, Clone, Default)]
pub(crate) struct Registration {
    pub profile: Option<RegisterProfile>,
    /// Custom data, JSON text of `[{key, value}]`.
    pub params: Option<String>,
    pub force_login: Option<bool>,
    pub generate_token: Option<bool>,
    pub client_ip: Option<String>,
}

/// A fresh user record with Authing's defaults.
pub(crate) fn new_user(sh: &Shared, source: &str) -> UserRecord {
    let id = random_hex(12);
    let now = sh.clock.now_ms();
    let iso = iso_ms(now);
    UserRecord {
        arn: sh.arn_user(&id),
        id,
        status: Some(UserStatus::Activated),
        user_pool_id: sh.ids.user_pool_id.clone(),
        email_verified: Some(false),
        phone_verified: Some(false),
        register_source: Some(vec![source.to_string()]),
        photo: Some("https://files.authing.co/authing-console/default-user-avatar.png".into()),
        logins_count: Some(0),
        blocked: Some(false),
        is_deleted: Some(false),
        gender: Some("U".into()),
        signed_up: Some(iso.clone()),
        created_at: Some(iso.clone()),
        updated_at: Some(iso),
        created_ms: now,
        updated_ms: now,
        ..Default::default()
    }
}

/// Parses `params` (JSON text of `[{key, value}]`) and `profile.udf` into custom-data items.
pub(crate) fn custom_data_items(
    params: Option<&str>,
    udf: &[(String, String)],
) -> Result<Vec<(String, Value)>, AuthingError> {
    let mut items = Vec::new();
    if let Some(p) = params.filter(|p| !p.trim().is_empty()) {
        let v: Value = serde_json::from_str(p).map_err(|_| {
            AuthingError::bad_request("params 必须是 [{key, value}] 的 JSON 文本 (params must be JSON text of [{key, value}])")
        })?;
        let arr = v.as_array().ok_or_else(|| {
            AuthingError::bad_request("params must be a JSON array of {key, value}")
        })?;
        for item in arr {
            let key = item
                .get("key")
                .and_then(Value::as_str)
                .ok_or_else(|| AuthingError::bad_request("params item without a string key"))?;
            let value = item.get("value").cloned().unwrap_or(Value::Null);
            // Values may be raw JSON values or JSON text in a string.
            let value = match value {
                Value::String(s) => match serde_json::from_str::<Value>(&s) {
                    Ok(v) if !v.is_string() => v,
                    _ => Value::String(s),
                },
                other => other,
            };
            items.push((key.to_string(), value));
        }
    }
    for (k, v) in udf {
        items.push((k.clone(), parse_udv_text(v)));
    }
    Ok(items)
}

/// Inserts a new user (uniqueness checked under the write lock) and its custom data.
/// `clear_password` is hashed before the lock is taken.
pub(crate) fn insert_new_user(
    sh: &Shared,
    mut user: UserRecord,
    clear_password: Option<&str>,
    custom: Vec<(String, Value)>,
) -> Result<UserRecord, AuthingError> {
    {
        // cheap pre-check so that duplicates do not pay for hashing
        let store = sh.store.read();
        if store.users().identifier_conflict(&user) {
            return Err(AuthingError::user_exists());
        }
        if !custom.is_empty() {
            check_udv_batch(&store, UdfTargetType::User, custom.clone())?;
        }
    }
    if let Some(p) = clear_password {
        user.password_hash = Some(hash_password(p));
    }
    let mut store = sh.store.write();
    let custom = check_udv_batch(&store, UdfTargetType::User, custom)?;
    store.users_mut().insert(user.clone())?;
    if !custom.is_empty() {
        store
            .custom_mut()
            .set_values(UdfTargetType::User, &user.id, custom);
    }
    Ok(user)
}

/// Fails with 2031 when the pool has registration disabled.
pub(crate) fn registration_open(sh: &Shared) -> Result<(), AuthingError> {
    if sh.store.read().settings().register_disabled {
        return Err(AuthingError::new(
            2031,
            "用户池已关闭注册 (registration is disabled)",
        ));
    }
    Ok(())
}

fn apply_register_profile(u: &mut UserRecord, p: &Option<RegisterProfile>) {
    if let Some(p) = p {
        p.fields.apply(u);
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

fn registration_custom_data(r: &Registration) -> Result<Vec<(String, Value)>, AuthingError> {
    let udf = r.profile.as_ref().map(|p| p.udf.as_slice()).unwrap_or(&[]);
    custom_data_items(r.params.as_deref(), udf)
}

/// The end of every registration: profile fields, insertion (uniqueness checked under
/// the store lock), then the token when `forceLogin` / `generateToken` asks for one.
fn finish(
    sh: &Shared,
    mut u: UserRecord,
    clear_password: Option<&str>,
    r: Registration,
    custom: Vec<(String, Value)>,
) -> Result<LoggedIn, AuthingError> {
    apply_register_profile(&mut u, &r.profile);
    let user = insert_new_user(sh, u, clear_password, custom)?;
    if r.force_login == Some(true) {
        return complete_login(sh, &user.id, r.client_ip, true);
    }
    if r.generate_token == Some(true) {
        return complete_login(sh, &user.id, r.client_ip, false);
    }
    Ok(LoggedIn { user, token: None })
}

fn clear_required(sh: &Shared, enc: &str) -> Result<String, AuthingError> {
    let clear = decrypt(sh, enc)?;
    if clear.is_empty() {
        return Err(AuthingError::new(2032, "注册需要密码 (password required)"));
    }
    Ok(clear)
}

/// Registers with username + password.
pub(crate) fn by_username(
    sh: &Shared,
    username: &str,
    password: &str,
    r: Registration,
) -> Result<LoggedIn, AuthingError> {
    registration_open(sh)?;
    if username.trim().is_empty() {
        return Err(AuthingError::new(
            2211,
            "用户名不能为空 (username required)",
        ));
    }
    super::whitelist::admit(sh, WhitelistKind::Username, username)?;
    let clear = clear_required(sh, password)?;
    let mut u = new_user(sh, "basic");
    u.username = Some(username.to_string());
    let custom = registration_custom_data(&r)?;
    finish(sh, u, Some(&clear), r, custom)
}

/// Registers with email + password (email stored lower-case, `emailVerified` per pool).
pub(crate) fn by_email(
    sh: &Shared,
    email: &str,
    password: &str,
    r: Registration,
) -> Result<LoggedIn, AuthingError> {
    registration_open(sh)?;
    let email = check_email(email)?;
    super::whitelist::admit(sh, WhitelistKind::Email, &email)?;
    let clear = clear_required(sh, password)?;
    let mut u = new_user(sh, "basic");
    u.email = Some(email);
    u.email_verified = Some(sh.store.read().settings().email_verified_default);
    let custom = registration_custom_data(&r)?;
    finish(sh, u, Some(&clear), r, custom)
}

/// Registers with phone + SMS code (+ optional password).
pub(crate) fn by_phone_code(
    sh: &Shared,
    phone: &str,
    code: &str,
    password: Option<&str>,
    phone_country_code: Option<String>,
    r: Registration,
) -> Result<LoggedIn, AuthingError> {
    registration_open(sh)?;
    let phone = phone.trim().to_string();
    super::whitelist::admit(sh, WhitelistKind::Phone, &phone)?;
    if sh.store.read().users().by_phone(&phone).is_some() {
        return Err(AuthingError::user_exists());
    }
    let clear = match password.filter(|p| !p.is_empty()) {
        Some(p) => Some(decrypt(sh, p)?),
        None => None,
    };
    let custom = registration_custom_data(&r)?;
    super::codes::consume(sh, &phone, super::codes::SMS, code)?;
    let mut u = new_user(sh, "basic");
    u.phone = Some(phone);
    u.phone_verified = Some(true);
    u.phone_country_code = phone_country_code;
    finish(sh, u, clear.as_deref(), r, custom)
}
