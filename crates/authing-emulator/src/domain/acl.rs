//! Resource authorization: grants (`authorizeResource`, `revoke-resource`), who holds
//! what (`authorizedResources`, `authorizedTargets`) and permission checks.
//!
//! A grant names a resource as `books` or `books:*` (the class: every `books:…`) or
//! `books:1` (one instance). A user holds the grants made to them, to their roles (direct
//! and through their departments), to their groups and to their departments (org nodes);
//! policy statements (`allow`, `addPolicyAssignments`) count as DATA grants too.

use indexmap::IndexMap;

use super::policies::{self, pattern_matches};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::acl::{GrantRecord, ResourceKind};
use crate::store::policies::TargetType;

/// Whom a grant is for: a user id, a role code (in the grant's namespace), a group
/// code or an org node id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GrantTarget {
    pub target_type: TargetType,
    pub identifier: String,
}

impl GrantTarget {
    pub(crate) fn new(target_type: TargetType, identifier: impl Into<String>) -> Self {
        Self {
            target_type,
            identifier: identifier.into(),
        }
    }
}

/// A target of `authorizeResource` with the actions it gets.
#[derive(Debug, Clone)]
pub(crate) struct GrantOpt {
    pub target: GrantTarget,
    pub actions: Vec<String>,
}

/// One resource a target may act on (`authorizedResources` item).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AuthorizedItem {
    /// Namespace code of the grant.
    pub namespace: String,
    /// Resource as granted (`books:1`, `books:*`, `books`).
    pub code: String,
    pub kind: ResourceKind,
    pub actions: Vec<String>,
    /// API identifier of the resource definition, if any.
    pub api_identifier: Option<String>,
}

/// `(class, instance)`: `books` and `books:*` → `("books", None)`, `books:1` →
/// `("books", Some("1"))`.
pub(crate) fn split(resource: &str) -> (&str, Option<&str>) {
    match resource.split_once(':') {
        Some((class, "*" | "")) => (class, None),
        Some((class, instance)) => (class, Some(instance)),
        None => (resource, None),
    }
}

/// Whether a grant on `granted` covers a request for `requested`: a class grant covers
/// its class and every instance of it, an instance grant only that instance.
pub(crate) fn covers(granted: &str, requested: &str) -> bool {
    if granted == requested || granted == "*" {
        return true;
    }
    let ((gc, gi), (rc, ri)) = (split(granted), split(requested));
    gc == rc && (gi.is_none() || gi == ri)
}

/// Everything a user holds grants through in `namespace`: `(USER, id)`, `(ROLE, code)`
/// of their roles in `namespace` (direct and through departments), `(GROUP, code)` of
/// their groups, `(ORG, node id)` of their departments.
pub(crate) fn user_targets(
    store: &Store,
    user_id: &str,
    namespace: &str,
) -> Vec<(TargetType, String)> {
    let mut t = vec![(TargetType::User, user_id.to_string())];
    let mut push = |x: (TargetType, String)| {
        if !t.contains(&x) {
            t.push(x);
        }
    };
    for r in store.roles().of_user(user_id, Some(namespace)) {
        push((TargetType::Role, r.code.clone()));
    }
    for rid in store.node_role_ids_of(user_id) {
        if let Some(r) = store.roles().get(&rid).filter(|r| r.namespace == namespace) {
            push((TargetType::Role, r.code.clone()));
        }
    }
    for g in store.groups().of_user(user_id) {
        push((TargetType::Group, g.code.clone()));
    }
    for node in store.department_node_ids_of(user_id) {
        push((TargetType::Org, node));
    }
    t
}

fn held_by(g: &GrantRecord, targets: &[(TargetType, String)]) -> bool {
    targets
        .iter()
        .any(|(t, id)| *t == g.target_type && *id == g.target_identifier)
}

/// The kind of a grant: as granted, else the kind of the resource definition of its
/// class, else DATA.
pub(crate) fn grant_kind(store: &Store, g: &GrantRecord) -> ResourceKind {
    g.kind
        .or_else(|| {
            let acl = store.acl();
            acl.resource(&g.namespace, &g.resource)
                .or_else(|| acl.resource(&g.namespace, split(&g.resource).0))
                .map(|r| r.kind)
        })
        .unwrap_or(ResourceKind::Data)
}

/// Whether a grant held through `targets` in `namespace` allows `action` on `resource`
/// (class/instance coverage, or the `allow` patterns: a trailing `*` matches a suffix).
pub(crate) fn grants_allow(
    store: &Store,
    targets: &[(TargetType, String)],
    namespace: &str,
    resource: &str,
    action: &str,
) -> bool {
    store.acl().grants().any(|g| {
        g.namespace == namespace
            && held_by(g, targets)
            && (covers(&g.resource, resource) || pattern_matches(&g.resource, resource))
            && g.actions.iter().any(|a| pattern_matches(a, action))
    })
}

/// Namespaces to look in: the one given, or every namespace that has a definition,
/// a grant or a policy assignment.
fn namespaces_of(store: &Store, namespace: Option<&str>) -> Vec<String> {
    if let Some(n) = namespace {
        return vec![n.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    let all = store
        .acl()
        .namespaces()
        .map(|n| n.code.as_str())
        .chain(store.acl().grants().map(|g| g.namespace.as_str()))
        .chain(store.policies().assignments().map(|a| a.namespace.as_str()));
    for n in all {
        if !out.iter().any(|x| x == n) {
            out.push(n.to_string());
        }
    }
    out
}

/// Resources a target may act on, merged per resource (actions united): its grants
/// and the ALLOW statements of its policies; for a USER also everything held through
/// roles, groups and departments. `namespace: None` looks in every namespace;
/// `resource_type` filters by kind (an unknown kind matches nothing).
///
/// Used by `authorizedResources`, `User/Role/Group.authorizedResources` and by the org
/// store's `Node.authorizedResources` (with an ORG target).
pub(crate) fn authorized_resources(
    store: &Store,
    target: &GrantTarget,
    namespace: Option<&str>,
    resource_type: Option<&str>,
) -> Vec<AuthorizedItem> {
    let wanted = match resource_type {
        Some(t) => match ResourceKind::parse(t) {
            Some(k) => Some(k),
            None => return Vec::new(),
        },
        None => None,
    };
    let mut out: IndexMap<(String, String), AuthorizedItem> = IndexMap::new();
    let mut add = |item: AuthorizedItem| {
        let key = (item.namespace.clone(), item.code.clone());
        match out.get_mut(&key) {
            Some(x) => {
                for a in item.actions {
                    if !x.actions.contains(&a) {
                        x.actions.push(a);
                    }
                }
            }
            None => {
                out.insert(key, item);
            }
        }
    };
    for ns in namespaces_of(store, namespace) {
        let targets = if target.target_type == TargetType::User {
            user_targets(store, &target.identifier, &ns)
        } else {
            vec![(target.target_type, target.identifier.clone())]
        };
        if wanted.is_none_or(|k| k == ResourceKind::Data) {
            for (code, actions) in policies::authorized_resources(store, &targets, &ns, None) {
                add(AuthorizedItem {
                    namespace: ns.clone(),
                    code,
                    kind: ResourceKind::Data,
                    actions,
                    api_identifier: None,
                });
            }
        }
        for g in store.acl().grants() {
            if g.namespace != ns || !held_by(g, &targets) {
                continue;
            }
            let kind = grant_kind(store, g);
            if wanted.is_some_and(|k| k != kind) {
                continue;
            }
            let def = store
                .acl()
                .resource(&ns, &g.resource)
                .or_else(|| store.acl().resource(&ns, split(&g.resource).0));
            add(AuthorizedItem {
                namespace: ns.clone(),
                code: g.resource.clone(),
                kind,
                actions: g.actions.clone(),
                api_identifier: def.and_then(|r| r.api_identifier.clone()),
            });
        }
    }
    out.into_values().collect()
}

/// The targets must exist: users (2004), roles of the namespace and groups (404);
/// org nodes are taken as given; AK_SK cannot hold grants (400).
fn check_target(store: &Store, namespace: &str, t: &GrantTarget) -> Result<(), AuthingError> {
    let id = t.identifier.as_str();
    match t.target_type {
        TargetType::User if store.users().get(id).is_none() => Err(AuthingError::user_not_found()),
        TargetType::Role if store.roles().find(namespace, id).is_none() => Err(
            AuthingError::not_found(format!("角色 {id} 不存在 (role not found)")),
        ),
        TargetType::Group if store.groups().find(id).is_none() => Err(super::groups::not_found(id)),
        TargetType::AkSk => Err(AuthingError::bad_request(
            "targetType 必须是 USER、ROLE、GROUP 或 ORG (targetType must be USER, ROLE, GROUP or ORG)",
        )),
        _ => Ok(()),
    }
}

fn require_resource(resource: Option<&str>) -> Result<&str, AuthingError> {
    resource
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| AuthingError::new(2231, "缺少参数 resource (resource required)"))
}

/// `authorizeResource`: grants the actions of each opt on `resource` to its target
/// (a repeated grant adds actions). All targets are checked before anything changes.
pub(crate) fn authorize(
    sh: &Shared,
    namespace: &str,
    resource: Option<&str>,
    kind: Option<ResourceKind>,
    opts: Vec<GrantOpt>,
) -> Result<(), AuthingError> {
    let resource = require_resource(resource)?;
    if opts.is_empty() {
        return Err(AuthingError::new(2231, "缺少参数 opts (opts required)"));
    }
    let mut store = sh.store.write();
    for o in &opts {
        check_target(&store, namespace, &o.target)?;
    }
    for o in opts {
        store.acl_mut().grant(GrantRecord {
            namespace: namespace.to_string(),
            resource: resource.to_string(),
            kind,
            target_type: o.target.target_type,
            target_identifier: o.target.identifier,
            actions: o.actions,
        });
    }
    Ok(())
}

/// `POST /api/v2/acl/revoke-resource`: for each target, revoking `type:1` removes the
/// grant on `type:1` only; revoking the class `type` (or `type:*`) removes the grants on
/// the class and on every `type:…` instance. Other targets keep theirs.
pub(crate) fn revoke(
    sh: &Shared,
    namespace: &str,
    resource: Option<&str>,
    targets: &[GrantTarget],
) -> Result<(), AuthingError> {
    let resource = require_resource(resource)?;
    if targets.is_empty() {
        return Err(AuthingError::new(2231, "缺少参数 opts (opts required)"));
    }
    let (class, instance) = split(resource);
    sh.store.write().acl_mut().revoke(|g| {
        g.namespace == namespace
            && targets
                .iter()
                .any(|t| t.target_type == g.target_type && t.identifier == g.target_identifier)
            && (g.resource == resource || (instance.is_none() && split(&g.resource).0 == class))
    });
    Ok(())
}

/// How `authorizedTargets` filters by actions.
#[derive(Debug, Clone)]
pub(crate) enum ActionsFilter {
    /// The grant has every action.
    All(Vec<String>),
    /// The grant has at least one of the actions.
    Any(Vec<String>),
}

/// Grants on exactly `resource` of kind `kind` in `namespace`, optionally of one
/// target type and filtered by actions.
pub(crate) fn authorized_targets<'a>(
    store: &'a Store,
    namespace: &str,
    kind: ResourceKind,
    resource: &str,
    target_type: Option<TargetType>,
    actions: Option<&ActionsFilter>,
) -> Vec<&'a GrantRecord> {
    store
        .acl()
        .grants()
        .filter(|g| g.namespace == namespace && g.resource == resource)
        .filter(|g| grant_kind(store, g) == kind)
        .filter(|g| target_type.is_none_or(|t| t == g.target_type))
        .filter(|g| match actions {
            None => true,
            Some(ActionsFilter::All(l)) => l.iter().all(|a| g.actions.contains(a)),
            Some(ActionsFilter::Any(l)) => l.is_empty() || l.iter().any(|a| g.actions.contains(a)),
        })
        .collect()
}

/// Everything a (known) user holds in `namespace`, else 2004.
fn user_items(
    store: &Store,
    user_id: &str,
    namespace: &str,
) -> Result<Vec<AuthorizedItem>, AuthingError> {
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    Ok(authorized_resources(
        store,
        &GrantTarget::new(TargetType::User, user_id),
        Some(namespace),
        None,
    ))
}

/// `check-resource-permission-batch`: in request order, `(resource, actions)` for each
/// requested resource a grant covers (a class grant covers its instances and the class;
/// an instance grant only that instance).
pub(crate) fn check_permission_batch(
    store: &Store,
    user_id: &str,
    namespace: &str,
    resources: &[String],
) -> Result<Vec<(String, Vec<String>)>, AuthingError> {
    let items = user_items(store, user_id, namespace)?;
    let mut out = Vec::new();
    for r in resources {
        let mut covered = false;
        let mut actions: Vec<String> = Vec::new();
        for i in items.iter().filter(|i| covers(&i.code, r)) {
            covered = true;
            for a in &i.actions {
                if !actions.contains(a) {
                    actions.push(a.clone());
                }
            }
        }
        if covered {
            out.push((r.clone(), actions));
        }
    }
    Ok(out)
}

/// `get-authorized-resources-of-resource-kind`: the user's grants whose class is
/// `resource`'s class (`books` → `books:1`, `books:2`, and a class grant `books:*`
/// when there is one), in grant order.
pub(crate) fn resources_of_kind(
    store: &Store,
    user_id: &str,
    namespace: &str,
    resource: &str,
) -> Result<Vec<(String, Vec<String>)>, AuthingError> {
    let class = split(resource).0;
    Ok(user_items(store, user_id, namespace)?
        .into_iter()
        .filter(|i| split(&i.code).0 == class)
        .map(|i| (i.code, i.actions))
        .collect())
}
