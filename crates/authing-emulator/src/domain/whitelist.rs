//! Registration whitelists: the entries, and the one rule "an enabled whitelist admits
//! only listed values at self-registration" (management `createUser` is not
//! restricted).

use crate::clock::iso_ms;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::whitelist::{WhitelistEntry, WhitelistKind};

use super::check_email;

/// The code of a registration refused by a whitelist. Authing's catalog documents no
/// code of its own for it; 2031 ("registration disabled") is the documented code that
/// fits (registration is closed to this account).
pub(crate) const NOT_WHITELISTED: i32 = 2031;

/// The entries of one kind, in insertion order.
pub(crate) fn list(store: &Store, kind: WhitelistKind) -> Vec<WhitelistEntry> {
    store.whitelist().entries(kind).cloned().collect()
}

/// The stored form of each value (emails lower-cased and checked, 2003), refusing
/// blank values (400).
fn normalized(kind: WhitelistKind, values: Vec<String>) -> Result<Vec<String>, AuthingError> {
    values
        .into_iter()
        .map(|v| {
            if v.trim().is_empty() {
                return Err(AuthingError::bad_request(
                    "白名单的值不能为空 (whitelist values must not be empty)",
                ));
            }
            match kind {
                WhitelistKind::Email => check_email(&v),
                _ => Ok(kind.normalize(&v)),
            }
        })
        .collect()
}

/// Adds values (all or nothing); returns the entries added.
pub(crate) fn add(
    sh: &Shared,
    kind: WhitelistKind,
    values: Vec<String>,
) -> Result<Vec<WhitelistEntry>, AuthingError> {
    let values = normalized(kind, values)?;
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    Ok(values
        .into_iter()
        .map(|v| store.whitelist_mut().add(kind, v, &now))
        .collect())
}

/// Removes values; returns the entries that were there.
pub(crate) fn remove(
    sh: &Shared,
    kind: WhitelistKind,
    values: Vec<String>,
) -> Result<Vec<WhitelistEntry>, AuthingError> {
    let values = normalized(kind, values)?;
    let mut store = sh.store.write();
    Ok(values
        .iter()
        .filter_map(|v| store.whitelist_mut().remove(kind, v))
        .collect())
}

/// Self-registration of `value` as a `kind` account: refused (2031) while that
/// whitelist is enabled and does not list it.
pub(crate) fn admit(sh: &Shared, kind: WhitelistKind, value: &str) -> Result<(), AuthingError> {
    let store = sh.store.read();
    let w = store.whitelist();
    if w.enabled(kind) && !w.contains(kind, &kind.normalize(value)) {
        return Err(AuthingError::new(
            NOT_WHITELISTED,
            "不在注册白名单中，无法注册 (not on the registration whitelist)",
        ));
    }
    Ok(())
}
