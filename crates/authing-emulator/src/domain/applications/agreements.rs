//! Agreements of an application, in display order (new ones last; `sort` reorders).
//! An unknown agreement answers 404.

use crate::clock::iso_ms;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::app_admin::AgreementRecord;

use super::{app_unknown, required};

fn agreement_unknown(id: i64) -> AuthingError {
    AuthingError::not_found(format!("协议 {id} 不存在 (agreement not found)"))
}

/// Fields of a create or modify body.
#[derive(Debug, Default)]
pub(crate) struct AgreementInput {
    pub title: Option<String>,
    pub required: Option<bool>,
    pub lang: Option<String>,
}

fn check_app(sh: &Shared, app_id: &str) -> Result<(), AuthingError> {
    sh.store
        .read()
        .apps()
        .get(app_id)
        .map(|_| ())
        .ok_or_else(app_unknown)
}

/// Adds an agreement (title required; `required` defaults to true, `lang` to `zh-CN`).
pub(crate) fn create(
    sh: &Shared,
    app_id: &str,
    input: AgreementInput,
) -> Result<AgreementRecord, AuthingError> {
    check_app(sh, app_id)?;
    let title = required(input.title, "title")?;
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    let id = store.app_admin_mut().next_agreement_id();
    let rec = AgreementRecord {
        id,
        title,
        required: input.required.unwrap_or(true),
        lang: input
            .lang
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| "zh-CN".into()),
        created_at: now.clone(),
        updated_at: now,
    };
    store
        .app_admin_mut()
        .entry(app_id)
        .agreements
        .push(rec.clone());
    drop(store);
    sh.mark_dirty();
    Ok(rec)
}

/// The agreements of an application, in display order.
pub(crate) fn list(sh: &Shared, app_id: &str) -> Result<Vec<AgreementRecord>, AuthingError> {
    check_app(sh, app_id)?;
    Ok(sh
        .store
        .read()
        .app_admin()
        .get(app_id)
        .map(|e| e.agreements.clone())
        .unwrap_or_default())
}

/// Changes the given fields of an agreement.
pub(crate) fn modify(
    sh: &Shared,
    app_id: &str,
    id: i64,
    input: AgreementInput,
) -> Result<AgreementRecord, AuthingError> {
    check_app(sh, app_id)?;
    if input.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(AuthingError::new(2231, "缺少参数 title (title required)"));
    }
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    let a = store
        .app_admin_mut()
        .entry(app_id)
        .agreements
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(|| agreement_unknown(id))?;
    if let Some(t) = input.title {
        a.title = t.trim().to_string();
    }
    if let Some(r) = input.required {
        a.required = r;
    }
    if let Some(l) = input.lang.filter(|l| !l.trim().is_empty()) {
        a.lang = l;
    }
    a.updated_at = now;
    let rec = a.clone();
    drop(store);
    sh.mark_dirty();
    Ok(rec)
}

/// Deletes an agreement.
pub(crate) fn delete(sh: &Shared, app_id: &str, id: i64) -> Result<(), AuthingError> {
    check_app(sh, app_id)?;
    let mut store = sh.store.write();
    let list = &mut store.app_admin_mut().entry(app_id).agreements;
    let before = list.len();
    list.retain(|a| a.id != id);
    if list.len() == before {
        return Err(agreement_unknown(id));
    }
    drop(store);
    sh.mark_dirty();
    Ok(())
}

/// Puts the agreements in the order of `ids`; agreements not named keep their
/// relative order after them. An unknown or repeated id → 400 (nothing changes).
pub(crate) fn sort(sh: &Shared, app_id: &str, ids: &[i64]) -> Result<(), AuthingError> {
    check_app(sh, app_id)?;
    let mut store = sh.store.write();
    let list = &mut store.app_admin_mut().entry(app_id).agreements;
    for (i, id) in ids.iter().enumerate() {
        if !list.iter().any(|a| a.id == *id) || ids[..i].contains(id) {
            return Err(AuthingError::bad_request(format!(
                "ids 中的协议 {id} 不存在或重复 (agreement {id} is unknown or repeated in ids)"
            )));
        }
    }
    let mut sorted: Vec<AgreementRecord> = ids
        .iter()
        .filter_map(|id| list.iter().find(|a| a.id == *id).cloned())
        .collect();
    sorted.extend(list.iter().filter(|a| !ids.contains(&a.id)).cloned());
    *list = sorted;
    drop(store);
    sh.mark_dirty();
    Ok(())
}
