//! The rules of the emulated service, each written once: functions of the shared
//! state and typed arguments, returning Authing errors. The API layers (GraphQL, REST)
//! parse and authorize, call these, and map the results to their output types.

pub(crate) mod account;
pub(crate) mod account_flows;
pub(crate) mod acl;
pub(crate) mod applications;
pub(crate) mod audit;
pub(crate) mod cas;
pub(crate) mod codes;
pub(crate) mod custom;
pub(crate) mod groups;
pub(crate) mod lifecycle;
pub(crate) mod login;
pub(crate) mod mfa;
pub(crate) mod oidc;
pub(crate) mod orgs;
pub(crate) mod policies;
pub(crate) mod principal;
pub(crate) mod qrcode;
pub(crate) mod registration;
pub(crate) mod resources;
pub(crate) mod roles;
pub(crate) mod tokens;
pub(crate) mod userpool;
pub(crate) mod users;
pub(crate) mod whitelist;

use crate::clock::parse_iso;
use crate::error::AuthingError;
use crate::shared::Shared;

/// The namespace of a call: `default` when none is given.
pub(crate) fn namespace(ns: Option<&str>) -> String {
    ns.unwrap_or("default").to_string()
}

/// 1-based pagination: `(totalCount, page)`. `page < 1` → 1, `limit < 1` → 10, `limit` ≤ 1000.
pub(crate) fn paginate<T>(
    all: impl IntoIterator<Item = T>,
    page: Option<i32>,
    limit: Option<i32>,
) -> (i32, Vec<T>) {
    let all: Vec<T> = all.into_iter().collect();
    let total = all.len() as i32;
    let (start, limit) = page_window(page, limit);
    let list = all.into_iter().skip(start).take(limit).collect();
    (total, list)
}

/// `(skip, take)` of a page: `page < 1` → 1, `limit < 1` → 10, `limit` ≤ 1000.
pub(crate) fn page_window(page: Option<i32>, limit: Option<i32>) -> (usize, usize) {
    let page = page.filter(|p| *p >= 1).unwrap_or(1) as usize;
    let limit = limit.filter(|l| *l >= 1).unwrap_or(10).min(1000) as usize;
    ((page - 1).saturating_mul(limit), limit)
}

/// An ISO-8601 date or an error naming the field.
pub(crate) fn check_iso(field: &str, v: &Option<String>) -> Result<(), AuthingError> {
    match v {
        Some(s) if parse_iso(s).is_none() => Err(AuthingError::bad_request(format!(
            "{field} 必须是 ISO-8601 时间 ({field} must be an ISO-8601 date, got {s:?})"
        ))),
        _ => Ok(()),
    }
}

/// A well-formed email, lower-cased (else 2003).
pub(crate) fn check_email(email: &str) -> Result<String, AuthingError> {
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

/// Decrypts an RSA-encrypted (base64) password.
pub(crate) fn decrypt(sh: &Shared, enc: &str) -> Result<String, AuthingError> {
    sh.keys.decrypt_password(enc)
}

/// The pool's password rule: any non-empty password is valid.
pub(crate) fn password_is_valid(password: &str) -> bool {
    !password.is_empty()
}
