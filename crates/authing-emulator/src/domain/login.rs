//! Login: password logins (with `autoRegister`), SMS-code login, and the step that ends
//! every login (token, counters).

use super::registration::{custom_data_items, insert_new_user, new_user, registration_open};
use super::{check_email, decrypt};
use crate::clock::iso_ms;
use crate::crypto::verify_password;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::users::UserRecord;
use crate::store::whitelist::WhitelistKind;

/// A user after registration or login, with the token when one was issued.
pub(crate) struct LoggedIn {
    pub user: UserRecord,
    pub token: Option<String>,
}

/// The identifier of a password login.
pub(crate) enum LoginId<'a> {
    Username(&'a str),
    Email(&'a str),
    Phone(&'a str),
}

impl LoginId<'_> {
    fn find(&self, sh: &Shared) -> Option<UserRecord> {
        let store = sh.store.read();
        let users = store.users();
        match self {
            LoginId::Username(x) => users.by_username(x),
            LoginId::Email(x) => users.by_email(x),
            LoginId::Phone(x) => users.by_phone(x),
        }
        .cloned()
    }

    fn identify(&self, u: &mut UserRecord) -> Result<(), AuthingError> {
        match self {
            LoginId::Username(x) => u.username = Some(x.to_string()),
            LoginId::Email(x) => u.email = Some(check_email(x)?),
            LoginId::Phone(x) => u.phone = Some(x.trim().to_string()),
        }
        Ok(())
    }
}

/// Issues a token to a user and, for a login, counts it (`loginsCount`, `lastLogin`,
/// `lastIP`). Returns the user with the token.
pub(crate) fn complete_login(
    sh: &Shared,
    user_id: &str,
    client_ip: Option<String>,
    count_login: bool,
) -> Result<LoggedIn, AuthingError> {
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let (user, issued) = super::tokens::issue_user_token(sh, &mut store, user_id, |u| {
        if count_login {
            u.logins_count = Some(u.logins_count.unwrap_or(0).saturating_add(1));
            u.last_login = Some(iso_ms(now));
            if client_ip.is_some() {
                u.last_ip = client_ip;
            }
        }
    })?;
    Ok(LoggedIn {
        user: user.clone(),
        token: Some(issued.token),
    })
}

fn blocked() -> AuthingError {
    AuthingError::new(2005, "用户已被锁定 (user is blocked)")
}

/// Decrypts the password, finds the user (or, with `auto_register`, creates it with
/// the custom data of `params`) and logs in.
pub(crate) fn by_password(
    sh: &Shared,
    id: LoginId<'_>,
    password: &str,
    client_ip: Option<String>,
    auto_register: bool,
    params: Option<&str>,
) -> Result<LoggedIn, AuthingError> {
    let clear = decrypt(sh, password)?;
    let mut found = id.find(sh);
    if found.is_none() && auto_register {
        registration_open(sh)?;
        let (kind, value) = match &id {
            LoginId::Username(x) => (WhitelistKind::Username, *x),
            LoginId::Email(x) => (WhitelistKind::Email, *x),
            LoginId::Phone(x) => (WhitelistKind::Phone, *x),
        };
        super::whitelist::admit(sh, kind, value)?;
        let mut u = new_user(sh, "basic");
        id.identify(&mut u)?;
        let custom = custom_data_items(params, &[])?;
        found = Some(match insert_new_user(sh, u, Some(&clear), custom) {
            Ok(u) => u,
            // Registered by a concurrent request meanwhile: log that user in.
            Err(_) => id.find(sh).ok_or_else(AuthingError::user_not_found)?,
        });
    }
    let user = found.ok_or_else(AuthingError::user_not_found)?;
    check_password(&user, &clear)?;
    super::account_flows::after_password_check(sh, &user, &clear)?;
    super::mfa::gate(sh, &user, &client_ip)?;
    complete_login(sh, &user.id, client_ip, true)
}

/// The password rule of every login: a blocked user cannot log in (2005), the clear-text
/// password must match the stored hash (2333).
pub(crate) fn check_password(user: &UserRecord, clear: &str) -> Result<(), AuthingError> {
    if user.blocked == Some(true) {
        return Err(blocked());
    }
    let ok = user
        .password_hash
        .as_deref()
        .is_some_and(|h| verify_password(clear, h));
    if !ok {
        return Err(AuthingError::wrong_password());
    }
    Ok(())
}

/// Finds the user of a password login by username, email or phone (in this order), as
/// the hosted login page's single "account" field takes any of them.
pub(crate) fn find_by_account(sh: &Shared, account: &str) -> Option<UserRecord> {
    let account = account.trim();
    if account.is_empty() {
        return None;
    }
    [
        LoginId::Username(account),
        LoginId::Email(account),
        LoginId::Phone(account),
    ]
    .iter()
    .find_map(|id| id.find(sh))
}

/// Logs in with phone + SMS code; an unknown phone gets an account.
pub(crate) fn by_phone_code(
    sh: &Shared,
    phone: &str,
    code: &str,
    client_ip: Option<String>,
    params: Option<&str>,
    phone_country_code: Option<String>,
) -> Result<LoggedIn, AuthingError> {
    let phone = phone.trim().to_string();
    let custom = custom_data_items(params, &[])?;
    super::codes::consume(sh, &phone, super::codes::SMS, code)?;
    let id = LoginId::Phone(&phone);
    let found = match id.find(sh) {
        Some(u) => u,
        None => {
            registration_open(sh)?;
            super::whitelist::admit(sh, WhitelistKind::Phone, &phone)?;
            let mut u = new_user(sh, "basic");
            u.phone = Some(phone.clone());
            u.phone_verified = Some(true);
            u.phone_country_code = phone_country_code;
            match insert_new_user(sh, u, None, custom) {
                Ok(u) => u,
                Err(_) => id.find(sh).ok_or_else(AuthingError::user_not_found)?,
            }
        }
    };
    if found.blocked == Some(true) {
        return Err(blocked());
    }
    super::mfa::gate(sh, &found, &client_ip)?;
    complete_login(sh, &found.id, client_ip, true)
}
