//! Policies: definitions, assignments and their evaluation.

use indexmap::IndexMap;

use crate::clock::iso_ms;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::policies::{PolicyEffect, PolicyRecord, Statement, TargetType};

fn not_found(code: &str) -> AuthingError {
    AuthingError::not_found(format!("策略 {code} 不存在 (policy not found)"))
}

/// `*` matches everything; a trailing `*` matches any suffix; else exact.
pub(crate) fn pattern_matches(pattern: &str, value: &str) -> bool {
    if pattern == "*" || pattern == value {
        return true;
    }
    match pattern.strip_suffix('*') {
        Some(prefix) => value.starts_with(prefix),
        None => false,
    }
}

/// `type:id`, `type:*` or `_`.
pub(crate) fn valid_resource(resource: &str) -> bool {
    if resource == "_" {
        return true;
    }
    match resource.split_once(':') {
        Some((t, id)) => !t.is_empty() && !id.is_empty(),
        None => false,
    }
}

/// `(USER, id)` plus the user's roles in `namespace`, groups and departments (see
/// `domain::acl::user_targets`).
pub(crate) fn user_targets(
    store: &Store,
    user_id: &str,
    namespace: &str,
) -> Vec<(TargetType, String)> {
    super::acl::user_targets(store, user_id, namespace)
}

/// `(allowed, denied)` for one action on one resource: ALLOW statements and resource
/// grants (`authorizeResource`) allow, DENY statements deny and win. Unknown user → 2004.
pub(crate) fn evaluate(
    store: &Store,
    user_id: &str,
    resource: &str,
    action: &str,
    namespace: &str,
) -> Result<(bool, bool), AuthingError> {
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    let targets = user_targets(store, user_id, namespace);
    let mut allow = false;
    let mut deny = false;
    for s in store.policies().statements_for(&targets, namespace) {
        if pattern_matches(&s.resource, resource)
            && s.actions.iter().any(|a| pattern_matches(a, action))
        {
            match s.effect.unwrap_or(PolicyEffect::Allow) {
                PolicyEffect::Allow => allow = true,
                PolicyEffect::Deny => deny = true,
            }
        }
    }
    if !allow {
        allow = super::acl::grants_allow(store, &targets, namespace, resource, action);
    }
    Ok((allow && !deny, deny))
}

/// ALLOW statements of the targets, merged per resource: `(resource, actions)`. Only
/// DATA resources exist; another `resource_type` gives nothing.
pub(crate) fn authorized_resources(
    store: &Store,
    targets: &[(TargetType, String)],
    namespace: &str,
    resource_type: Option<&str>,
) -> Vec<(String, Vec<String>)> {
    let wanted = resource_type.map(|t| t.to_ascii_uppercase());
    if wanted.as_deref().is_some_and(|t| t != "DATA") {
        return vec![];
    }
    let mut out: IndexMap<String, Vec<String>> = IndexMap::new();
    for s in store.policies().statements_for(targets, namespace) {
        if s.effect == Some(PolicyEffect::Deny) {
            continue;
        }
        let entry = out.entry(s.resource.clone()).or_default();
        for a in &s.actions {
            if !entry.contains(a) {
                entry.push(a.clone());
            }
        }
    }
    out.into_iter().collect()
}

/// Checks statements: at least one, each with a resource and an action; the effect
/// defaults to ALLOW.
pub(crate) fn check_statements(statements: Vec<Statement>) -> Result<Vec<Statement>, AuthingError> {
    if statements.is_empty() {
        return Err(AuthingError::bad_request("statements must not be empty"));
    }
    statements
        .into_iter()
        .map(|mut s| {
            if s.resource.trim().is_empty() || s.actions.is_empty() {
                Err(AuthingError::bad_request(
                    "each statement needs a resource and at least one action",
                ))
            } else {
                s.effect = Some(s.effect.unwrap_or(PolicyEffect::Allow));
                Ok(s)
            }
        })
        .collect()
}

/// Creates a policy (409 when the code exists in the namespace).
pub(crate) fn create(
    sh: &Shared,
    namespace: String,
    code: String,
    description: Option<String>,
    statements: Vec<Statement>,
) -> Result<PolicyRecord, AuthingError> {
    let statements = check_statements(statements)?;
    if code.trim().is_empty() {
        return Err(AuthingError::bad_request("code must not be empty"));
    }
    let mut store = sh.store.write();
    if store.policies().get(&namespace, &code).is_some() {
        return Err(AuthingError::exists(format!(
            "策略 {code} 已存在 (policy already exists)"
        )));
    }
    let now = sh.clock.now_ms();
    let p = PolicyRecord {
        namespace,
        code,
        is_default: false,
        description,
        statements,
        created_at: Some(iso_ms(now)),
        updated_at: Some(iso_ms(now)),
        created_ms: now,
    };
    store.policies_mut().insert(p.clone());
    Ok(p)
}

/// Updates a policy; `new_code` renames it (assignments follow). Built-in → 400.
pub(crate) fn update(
    sh: &Shared,
    namespace: &str,
    code: &str,
    description: Option<String>,
    statements: Option<Vec<Statement>>,
    new_code: Option<String>,
) -> Result<PolicyRecord, AuthingError> {
    let statements = statements.map(check_statements).transpose()?;
    let mut store = sh.store.write();
    let existing = store
        .policies()
        .get(namespace, code)
        .ok_or_else(|| not_found(code))?;
    if existing.is_default {
        return Err(AuthingError::bad_request(
            "系统内置策略不能修改 (built-in policies cannot be updated)",
        ));
    }
    let new_code = new_code.filter(|c| !c.trim().is_empty() && *c != code);
    if let Some(nc) = &new_code {
        if store.policies().get(namespace, nc).is_some() {
            return Err(AuthingError::exists(format!(
                "策略 {nc} 已存在 (policy already exists)"
            )));
        }
    }
    let now = sh.clock.now_ms();
    store
        .policies_mut()
        .update(namespace, code, new_code, |p| {
            if description.is_some() {
                p.description = description;
            }
            if let Some(s) = statements {
                p.statements = s;
            }
            p.updated_at = Some(iso_ms(now));
        })
        .cloned()
        .ok_or_else(|| AuthingError::not_found("policy not found"))
}

/// Deletes policies and their assignments (all or nothing; built-in → 400).
pub(crate) fn delete(sh: &Shared, namespace: &str, codes: &[String]) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    for c in codes {
        let p = store
            .policies()
            .get(namespace, c)
            .ok_or_else(|| not_found(c))?;
        if p.is_default {
            return Err(AuthingError::bad_request(
                "系统内置策略不能删除 (built-in policies cannot be deleted)",
            ));
        }
    }
    store.policies_mut().remove(namespace, codes);
    Ok(())
}

/// Users and roles given as targets must exist.
fn check_targets(
    store: &Store,
    target_type: TargetType,
    targets: &[String],
    namespace: &str,
) -> Result<(), AuthingError> {
    for t in targets {
        match target_type {
            TargetType::User if store.users().get(t).is_none() => {
                return Err(AuthingError::user_not_found());
            }
            TargetType::Role if store.roles().find(namespace, t).is_none() => {
                return Err(AuthingError::not_found(format!(
                    "角色 {t} 不存在 (role not found)"
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Assigns policies to targets.
pub(crate) fn assign(
    sh: &Shared,
    namespace: &str,
    policies: &[String],
    target_type: TargetType,
    targets: &[String],
    inherit_by_children: bool,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    for p in policies {
        if store.policies().get(namespace, p).is_none() {
            return Err(not_found(p));
        }
    }
    check_targets(&store, target_type, targets, namespace)?;
    for p in policies {
        for t in targets {
            store
                .policies_mut()
                .assign(namespace, p, target_type, t, inherit_by_children);
        }
    }
    Ok(())
}

/// Removes assignments (of all targets when `targets` is empty).
pub(crate) fn unassign(
    sh: &Shared,
    namespace: &str,
    policies: &[String],
    target_type: TargetType,
    targets: &[String],
) {
    sh.store
        .write()
        .policies_mut()
        .unassign(namespace, policies, target_type, targets);
}

/// Enables or disables one assignment (none → 404).
pub(crate) fn set_enabled(
    sh: &Shared,
    namespace: &str,
    policy: &str,
    target_type: TargetType,
    target_identifier: &str,
    enabled: bool,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let mut found = store.policies_mut().set_enabled(
        namespace,
        policy,
        target_type,
        target_identifier,
        enabled,
    );
    // a role is named by its code in assignments; its id finds them too
    if !found && target_type == TargetType::Role {
        let code = store
            .roles()
            .get(target_identifier)
            .filter(|r| r.namespace == namespace)
            .map(|r| r.code.clone());
        if let Some(code) = code {
            found =
                store
                    .policies_mut()
                    .set_enabled(namespace, policy, target_type, &code, enabled);
        }
    }
    if found {
        Ok(())
    } else {
        Err(AuthingError::not_found(
            "授权记录不存在 (policy assignment not found)",
        ))
    }
}

/// Grants `action` on `resource` to users and roles through an implicit policy
/// `allow:{resource}:{action}` (shared by identical grants).
pub(crate) fn allow(
    sh: &Shared,
    namespace: &str,
    resource: &str,
    action: &str,
    users: Vec<String>,
    roles: Vec<String>,
) -> Result<(), AuthingError> {
    if !valid_resource(resource) {
        return Err(AuthingError::bad_request(format!(
            "resource 必须形如 <resourceType>:<resourceId> (resource must be `type:id`, `type:*` or `_`, got {resource:?})"
        )));
    }
    if action.trim().is_empty() {
        return Err(AuthingError::bad_request("action must not be empty"));
    }
    if users.is_empty() && roles.is_empty() {
        return Err(AuthingError::new(
            2231,
            "需要 userId 或 roleCode (userId or roleCode required)",
        ));
    }
    let mut store = sh.store.write();
    check_targets(&store, TargetType::User, &users, namespace)?;
    check_targets(&store, TargetType::Role, &roles, namespace)?;
    let code = format!("allow:{resource}:{action}");
    let now = sh.clock.now_ms();
    if store.policies().get(namespace, &code).is_none() {
        store.policies_mut().insert(PolicyRecord {
            namespace: namespace.to_string(),
            code: code.clone(),
            is_default: false,
            description: Some(format!("created by allow({resource}, {action})")),
            statements: vec![Statement {
                resource: resource.to_string(),
                actions: vec![action.to_string()],
                effect: Some(PolicyEffect::Allow),
                condition: None,
            }],
            created_at: Some(iso_ms(now)),
            updated_at: Some(iso_ms(now)),
            created_ms: now,
        });
    }
    let targets = users
        .into_iter()
        .map(|u| (TargetType::User, u))
        .chain(roles.into_iter().map(|r| (TargetType::Role, r)));
    for (tt, ti) in targets {
        store
            .policies_mut()
            .assign(namespace, &code, tt, &ti, false);
    }
    Ok(())
}
