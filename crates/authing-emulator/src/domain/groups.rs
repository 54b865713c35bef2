//! Groups: create, update, delete, members.
//!
//! An unknown group code answers 404 (`分组不存在`): Authing documents no code of its
//! own for it, and the emulator's roles and policies use 404 the same way.

use crate::clock::iso_ms;
use crate::crypto::random_hex;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::groups::GroupRecord;

pub(crate) fn not_found(code: &str) -> AuthingError {
    AuthingError::not_found(format!("分组 {code} 不存在 (group not found)"))
}

fn exists(code: &str) -> AuthingError {
    AuthingError::exists(format!("分组 {code} 已存在 (group already exists)"))
}

/// The id of the group `code` (else 404).
fn id_of(store: &Store, code: &str) -> Result<String, AuthingError> {
    store
        .groups()
        .find(code)
        .map(|g| g.id.clone())
        .ok_or_else(|| not_found(code))
}

/// Groups of the pool, or of one user (unknown user → 2004); newest first unless
/// `newest_first` is false.
pub(crate) fn list<'a>(
    store: &'a Store,
    user_id: Option<&str>,
    newest_first: bool,
) -> Result<Vec<&'a GroupRecord>, AuthingError> {
    let mut all: Vec<&GroupRecord> = match user_id {
        Some(u) => {
            if store.users().get(u).is_none() {
                return Err(AuthingError::user_not_found());
            }
            store
                .groups()
                .iter()
                .filter(|g| store.groups().members(&g.id).iter().any(|m| m == u))
                .collect()
        }
        None => store.groups().iter().collect(),
    };
    if newest_first {
        all.reverse();
    }
    Ok(all)
}

/// Creates a group (code and name required; code unique in the pool, else 409).
pub(crate) fn create(
    sh: &Shared,
    code: String,
    name: String,
    description: Option<String>,
) -> Result<GroupRecord, AuthingError> {
    if code.trim().is_empty() || name.trim().is_empty() {
        return Err(AuthingError::bad_request("code and name must not be empty"));
    }
    let mut store = sh.store.write();
    if store.groups().find(&code).is_some() {
        return Err(exists(&code));
    }
    let now = sh.clock.now_ms();
    let g = GroupRecord {
        id: random_hex(12),
        code,
        name,
        description,
        created_at: Some(iso_ms(now)),
        updated_at: Some(iso_ms(now)),
        created_ms: now,
    };
    store.groups_mut().insert(g.clone());
    Ok(g)
}

/// Updates a group; `new_code` renames it (the old code is unknown afterwards; its
/// grants and policy assignments follow).
pub(crate) fn update(
    sh: &Shared,
    code: &str,
    name: Option<String>,
    description: Option<String>,
    new_code: Option<String>,
) -> Result<GroupRecord, AuthingError> {
    let new_code = new_code.filter(|c| !c.trim().is_empty() && c != code);
    let name = name.filter(|n| !n.trim().is_empty());
    let mut store = sh.store.write();
    let id = id_of(&store, code)?;
    if let Some(nc) = &new_code {
        if store.groups().find(nc).is_some() {
            return Err(exists(nc));
        }
    }
    let now = sh.clock.now_ms();
    store
        .update_group(&id, |g| {
            if let Some(nc) = new_code {
                g.code = nc;
            }
            if let Some(n) = name {
                g.name = n;
            }
            if description.is_some() {
                g.description = description;
            }
            g.updated_at = Some(iso_ms(now));
        })
        .cloned()
        .ok_or_else(|| not_found(code))
}

/// Deletes groups (all or nothing: an unknown code → 404), with their members,
/// grants and policy assignments.
pub(crate) fn delete(sh: &Shared, codes: &[String]) -> Result<(), AuthingError> {
    if codes.is_empty() {
        return Err(AuthingError::new(
            2231,
            "codeList 不能为空 (codeList required)",
        ));
    }
    let mut store = sh.store.write();
    let ids = codes
        .iter()
        .map(|c| id_of(&store, c))
        .collect::<Result<Vec<_>, _>>()?;
    for id in ids {
        store.remove_group(&id);
    }
    Ok(())
}

/// The group and users of a membership change: code required (2231), group known
/// (404), every user known (2004).
fn member_change(
    store: &Store,
    code: Option<&str>,
    user_ids: &[String],
) -> Result<String, AuthingError> {
    let code = code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| AuthingError::new(2231, "缺少参数 code (code required)"))?;
    let id = id_of(store, code)?;
    if user_ids.iter().any(|u| store.users().get(u).is_none()) {
        return Err(AuthingError::user_not_found());
    }
    Ok(id)
}

/// Adds users to a group.
pub(crate) fn add_members(
    sh: &Shared,
    code: Option<&str>,
    user_ids: &[String],
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let id = member_change(&store, code, user_ids)?;
    store.groups_mut().add_members(&id, user_ids);
    Ok(())
}

/// Takes users out of a group.
pub(crate) fn remove_members(
    sh: &Shared,
    code: Option<&str>,
    user_ids: &[String],
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let id = member_change(&store, code, user_ids)?;
    store.groups_mut().remove_members(&id, user_ids);
    Ok(())
}
