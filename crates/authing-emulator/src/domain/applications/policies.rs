//! Application access policies: records allowing or denying a target (USER id, ROLE
//! code, GROUP code, ORG node id) to sign in to an application, the default strategy
//! (`ALLOW_ALL` / `DENY_ALL`) for everyone else, and the check at the authorize step.
//!
//! Evaluation: the user's targets come from `domain::acl::user_targets` (roles of the
//! record's namespace); an enabled DENY record naming one of them refuses, else an
//! enabled ALLOW record admits, else the default strategy decides. A new ALLOW (DENY)
//! record for a target replaces its DENY (ALLOW) record.

use crate::clock::iso_ms;
use crate::crypto::random_hex;
use crate::domain::acl::user_targets;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::app_admin::{AccessPolicyRecord, DefaultStrategy};
use crate::store::policies::{PolicyEffect, TargetType};

use super::app_unknown;

/// Targets of one access policy call.
#[derive(Debug, Clone)]
pub(crate) struct PolicyTargets {
    pub target_type: TargetType,
    pub identifiers: Vec<String>,
    pub namespace: String,
    pub inherit_by_children: bool,
}

/// What a call does to the records of its targets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PolicyChange {
    Allow,
    Deny,
    Enable,
    Disable,
    Revoke,
}

/// Applies `change` to the records of `t` on application `app_id` (unknown → 2011;
/// no identifier → 2231).
pub(crate) fn change(
    sh: &Shared,
    app_id: &str,
    t: PolicyTargets,
    change: PolicyChange,
) -> Result<(), AuthingError> {
    if t.identifiers.iter().all(|i| i.trim().is_empty()) {
        return Err(AuthingError::new(
            2231,
            "缺少参数 targetIdentifiers (targetIdentifiers required)",
        ));
    }
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    if store.apps().get(app_id).is_none() {
        return Err(app_unknown());
    }
    let policies = &mut store.app_admin_mut().entry(app_id).policies;
    for ident in t.identifiers.iter().filter(|i| !i.trim().is_empty()) {
        let same = |p: &AccessPolicyRecord| {
            p.target_type == t.target_type
                && p.target_identifier == *ident
                && p.namespace == t.namespace
        };
        match change {
            PolicyChange::Allow | PolicyChange::Deny => {
                let effect = if matches!(change, PolicyChange::Allow) {
                    PolicyEffect::Allow
                } else {
                    PolicyEffect::Deny
                };
                policies.retain(|p| !same(p));
                policies.push(AccessPolicyRecord {
                    id: random_hex(12),
                    target_type: t.target_type,
                    target_identifier: ident.clone(),
                    effect,
                    enabled: true,
                    namespace: t.namespace.clone(),
                    inherit_by_children: t.inherit_by_children,
                    created_at: now.clone(),
                    updated_at: now.clone(),
                });
            }
            PolicyChange::Enable | PolicyChange::Disable => {
                for p in policies.iter_mut().filter(|p| same(p)) {
                    p.enabled = matches!(change, PolicyChange::Enable);
                    p.updated_at = now.clone();
                }
            }
            PolicyChange::Revoke => policies.retain(|p| !same(p)),
        }
    }
    drop(store);
    sh.mark_dirty();
    Ok(())
}

/// Whether `user_id` may sign in to application `app_id` (an application without
/// management data admits everyone).
pub(crate) fn may_access(store: &Store, app_id: &str, user_id: &str) -> bool {
    let Some(extra) = store.app_admin().get(app_id) else {
        return true;
    };
    let mut cache: Vec<(String, Vec<(TargetType, String)>)> = Vec::new();
    let mut verdict = |effect: PolicyEffect| {
        extra
            .policies
            .iter()
            .filter(|p| p.enabled && p.effect == effect)
            .any(|p| {
                let i = match cache.iter().position(|(ns, _)| *ns == p.namespace) {
                    Some(i) => i,
                    None => {
                        cache.push((
                            p.namespace.clone(),
                            user_targets(store, user_id, &p.namespace),
                        ));
                        cache.len() - 1
                    }
                };
                cache[i]
                    .1
                    .iter()
                    .any(|(tt, id)| *tt == p.target_type && *id == p.target_identifier)
            })
    };
    if verdict(PolicyEffect::Deny) {
        return false;
    }
    if verdict(PolicyEffect::Allow) {
        return true;
    }
    extra.default_strategy == DefaultStrategy::AllowAll
}
