//! Organizations: orgs and their node trees, members (departments), main departments,
//! roles on nodes, import of trees.
//!
//! Codes: unknown org or node → 404; node code already used in the org → 409; a move
//! that would make a cycle, moving or deleting the root, setting a main department the
//! user is not a member of, a tree deeper than [`MAX_LEVELS`] → 400; neither `nodeId`
//! nor `orgId` + `nodeCode` → 2231; unknown user → 2004.

use crate::clock::iso_ms;
use crate::crypto::random_hex;
use crate::domain::users::UserSort;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::orgs::{MemberRecord, NodeRecord, OrgRecord};
use crate::store::roles::RoleRecord;
use crate::store::users::UserRecord;

pub(crate) fn org_not_found(id: &str) -> AuthingError {
    AuthingError::not_found(format!("组织机构 {id} 不存在 (org not found)"))
}

pub(crate) fn node_not_found(id: &str) -> AuthingError {
    AuthingError::not_found(format!("节点 {id} 不存在 (node not found)"))
}

fn code_taken(code: &str) -> AuthingError {
    AuthingError::exists(format!(
        "节点 code {code} 在该组织机构中已存在 (node code already exists in this org)"
    ))
}

/// Most levels of a tree (the root is level 1): deeper nodes are refused (400), so that
/// recursive walks stay shallow and an exported tree (two JSON levels per tree level,
/// plus members) stays within the 128 nesting levels JSON parsers such as serde_json
/// accept.
pub(crate) const MAX_LEVELS: usize = 50;

fn too_deep() -> AuthingError {
    AuthingError::bad_request(format!(
        "组织机构树最多 {MAX_LEVELS} 层 (an org tree has at most {MAX_LEVELS} levels)"
    ))
}

fn check_name(name: &str) -> Result<(), AuthingError> {
    if name.trim().is_empty() {
        return Err(AuthingError::bad_request(
            "名称不能为空 (name must not be empty)",
        ));
    }
    Ok(())
}

/// How a call names a node: its id, or its code within an org.
#[derive(Debug, Clone)]
pub(crate) enum NodeRef {
    Id(String),
    Code { org_id: String, code: String },
}

impl NodeRef {
    /// `nodeId`, else `orgId` + `nodeCode` (else 2231).
    pub(crate) fn from_args(
        node_id: Option<String>,
        org_id: Option<String>,
        node_code: Option<String>,
    ) -> Result<Self, AuthingError> {
        match (node_id, org_id, node_code) {
            (Some(id), _, _) => Ok(Self::Id(id)),
            (None, Some(org_id), Some(code)) => Ok(Self::Code { org_id, code }),
            _ => Err(AuthingError::new(
                2231,
                "需要 nodeId 或 orgId 与 nodeCode (nodeId, or orgId and nodeCode, required)",
            )),
        }
    }
}

/// The node a [`NodeRef`] names.
pub(crate) fn resolve<'a>(store: &'a Store, r: &NodeRef) -> Result<&'a NodeRecord, AuthingError> {
    match r {
        NodeRef::Id(id) => store.orgs().node(id).ok_or_else(|| node_not_found(id)),
        NodeRef::Code { org_id, code } => {
            store
                .orgs()
                .get(org_id)
                .ok_or_else(|| org_not_found(org_id))?;
            store
                .orgs()
                .node_by_code(org_id, code)
                .ok_or_else(|| node_not_found(code))
        }
    }
}

/// Fields of a new node.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewNode {
    pub name: String,
    pub name_i18n: Option<String>,
    pub description: Option<String>,
    pub description_i18n: Option<String>,
    pub order: Option<i32>,
    pub code: Option<String>,
}

fn new_node(sh: &Shared, org_id: &str, parent_id: Option<String>, n: NewNode) -> NodeRecord {
    let now = sh.clock.now_ms();
    NodeRecord {
        id: random_hex(12),
        org_id: org_id.to_string(),
        parent_id,
        name: n.name,
        name_i18n: n.name_i18n,
        description: n.description,
        description_i18n: n.description_i18n,
        order: n.order,
        code: n.code.filter(|c| !c.is_empty()),
        created_at: Some(iso_ms(now)),
        updated_at: Some(iso_ms(now)),
        created_ms: now,
    }
}

/// Orgs, newest first unless `newest_first` is false.
pub(crate) fn list(store: &Store, newest_first: bool) -> Vec<&OrgRecord> {
    let mut all: Vec<&OrgRecord> = store.orgs().iter().collect();
    if newest_first {
        all.reverse();
    }
    all
}

/// Creates an org and its root node (named and coded as the org).
pub(crate) fn create_org(
    sh: &Shared,
    name: String,
    code: Option<String>,
    description: Option<String>,
    tenant_id: Option<String>,
) -> Result<OrgRecord, AuthingError> {
    check_name(&name)?;
    let org_id = random_hex(12);
    let root = new_node(
        sh,
        &org_id,
        None,
        NewNode {
            name,
            description,
            code,
            ..NewNode::default()
        },
    );
    let org = OrgRecord {
        id: org_id,
        root_node_id: root.id.clone(),
        tenant_id,
        created_at: root.created_at.clone(),
        updated_at: root.updated_at.clone(),
        created_ms: root.created_ms,
    };
    sh.store.write().orgs_mut().insert_org(org.clone(), root);
    Ok(org)
}

/// Deletes an org with its tree (unknown → 404).
pub(crate) fn delete_org(sh: &Shared, id: &str) -> Result<(), AuthingError> {
    sh.store
        .write()
        .remove_org(id)
        .map(|_| ())
        .ok_or_else(|| org_not_found(id))
}

/// Adds a node under `parent_id` (the root when `None`); the code must be new in the org.
pub(crate) fn add_node(
    sh: &Shared,
    org_id: &str,
    parent_id: Option<String>,
    n: NewNode,
) -> Result<NodeRecord, AuthingError> {
    check_name(&n.name)?;
    let mut store = sh.store.write();
    let org = store
        .orgs()
        .get(org_id)
        .ok_or_else(|| org_not_found(org_id))?;
    let parent = parent_id.unwrap_or_else(|| org.root_node_id.clone());
    match store.orgs().node(&parent) {
        Some(p) if p.org_id == org_id => {}
        _ => return Err(node_not_found(&parent)),
    }
    if store.orgs().ancestry(&parent).len() >= MAX_LEVELS {
        return Err(too_deep());
    }
    if let Some(c) = n.code.as_deref().filter(|c| !c.is_empty()) {
        if store.orgs().node_by_code(org_id, c).is_some() {
            return Err(code_taken(c));
        }
    }
    let node = new_node(sh, org_id, Some(parent), n);
    store.orgs_mut().insert_node(node.clone());
    Ok(node)
}

/// Changes a node's name, code (new in the org) and description.
pub(crate) fn update_node(
    sh: &Shared,
    id: &str,
    name: Option<String>,
    code: Option<String>,
    description: Option<String>,
) -> Result<NodeRecord, AuthingError> {
    if let Some(n) = &name {
        check_name(n)?;
    }
    let mut store = sh.store.write();
    let node = store.orgs().node(id).ok_or_else(|| node_not_found(id))?;
    let code = code.filter(|c| !c.is_empty() && Some(c) != node.code.as_ref());
    if let Some(c) = &code {
        if store.orgs().node_by_code(&node.org_id, c).is_some() {
            return Err(code_taken(c));
        }
    }
    let now = iso_ms(sh.clock.now_ms());
    store
        .update_node(id, name, code, description, now)
        .ok_or_else(|| node_not_found(id))
}

/// A node of `org_id` (else 404).
fn node_in_org<'a>(
    store: &'a Store,
    org_id: &str,
    node_id: &str,
) -> Result<&'a NodeRecord, AuthingError> {
    store
        .orgs()
        .get(org_id)
        .ok_or_else(|| org_not_found(org_id))?;
    match store.orgs().node(node_id) {
        Some(n) if n.org_id == org_id => Ok(n),
        _ => Err(node_not_found(node_id)),
    }
}

/// Deletes a node and its descendants (the root cannot be deleted: delete the org).
pub(crate) fn delete_node(sh: &Shared, org_id: &str, node_id: &str) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    if node_in_org(&store, org_id, node_id)?.parent_id.is_none() {
        return Err(AuthingError::bad_request(
            "不能删除根节点，请删除组织机构 (the root node cannot be deleted; delete the org)",
        ));
    }
    store.remove_node_tree(node_id);
    Ok(())
}

/// Moves a node under `target_parent_id` of the same org. The root cannot move; a
/// node cannot move under itself or one of its descendants.
pub(crate) fn move_node(
    sh: &Shared,
    org_id: &str,
    node_id: &str,
    target_parent_id: &str,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    if node_in_org(&store, org_id, node_id)?.parent_id.is_none() {
        return Err(AuthingError::bad_request(
            "根节点不能移动 (the root node cannot be moved)",
        ));
    }
    node_in_org(&store, org_id, target_parent_id)?;
    if store
        .orgs()
        .subtree(node_id)
        .iter()
        .any(|n| n.id == target_parent_id)
    {
        return Err(AuthingError::bad_request(
            "不能将节点移动到它自己或它的子节点下 (cannot move a node under itself or one of its descendants)",
        ));
    }
    let base = store.orgs().ancestry(node_id).len();
    let height = store
        .orgs()
        .subtree(node_id)
        .iter()
        .map(|n| store.orgs().ancestry(&n.id).len() + 1 - base)
        .max()
        .unwrap_or(1);
    if store.orgs().ancestry(target_parent_id).len() + height > MAX_LEVELS {
        return Err(too_deep());
    }
    let now = iso_ms(sh.clock.now_ms());
    store.orgs_mut().set_parent(node_id, target_parent_id, now);
    Ok(())
}

fn check_users(store: &Store, user_ids: &[String]) -> Result<(), AuthingError> {
    if user_ids.iter().any(|u| store.users().get(u).is_none()) {
        return Err(AuthingError::user_not_found());
    }
    Ok(())
}

/// Adds users to a node (all must exist, else 2004); returns the node id.
pub(crate) fn add_members(
    sh: &Shared,
    node: &NodeRef,
    user_ids: &[String],
    is_leader: bool,
) -> Result<String, AuthingError> {
    let mut store = sh.store.write();
    let id = resolve(&store, node)?.id.clone();
    check_users(&store, user_ids)?;
    let now = iso_ms(sh.clock.now_ms());
    store.orgs_mut().add_members(&id, user_ids, is_leader, &now);
    Ok(id)
}

/// Takes users out of a node (all must exist, else 2004); returns the node id.
pub(crate) fn remove_members(
    sh: &Shared,
    node: &NodeRef,
    user_ids: &[String],
) -> Result<String, AuthingError> {
    let mut store = sh.store.write();
    let id = resolve(&store, node)?.id.clone();
    check_users(&store, user_ids)?;
    store.remove_node_members(&id, user_ids);
    Ok(id)
}

/// Moves users (members of `source`, else 400) from `source` to `target`.
pub(crate) fn move_members(
    sh: &Shared,
    user_ids: &[String],
    source: &str,
    target: &str,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    store
        .orgs()
        .node(source)
        .ok_or_else(|| node_not_found(source))?;
    store
        .orgs()
        .node(target)
        .ok_or_else(|| node_not_found(target))?;
    check_users(&store, user_ids)?;
    if let Some(u) = user_ids.iter().find(|u| !store.orgs().is_member(source, u)) {
        return Err(AuthingError::bad_request(format!(
            "用户 {u} 不在源节点中 (user is not a member of the source node)"
        )));
    }
    let now = iso_ms(sh.clock.now_ms());
    store.move_node_members(user_ids, source, target, &now);
    Ok(())
}

/// Sets a user's main department (one of their departments, else 400); `None` clears it.
pub(crate) fn set_main_department(
    sh: &Shared,
    user_id: &str,
    department_id: Option<&str>,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    check_users(&store, &[user_id.to_string()])?;
    if let Some(d) = department_id {
        store.orgs().node(d).ok_or_else(|| node_not_found(d))?;
        if !store.orgs().is_member(d, user_id) {
            return Err(AuthingError::bad_request(
                "用户不在该部门中 (the user is not a member of this department)",
            ));
        }
    }
    store.set_main_department(user_id, department_id);
    Ok(())
}

/// Nodes whose name or code contains `keyword` (case-insensitive), all orgs.
pub(crate) fn search_nodes<'a>(store: &'a Store, keyword: &str) -> Vec<&'a NodeRecord> {
    let k = keyword.to_lowercase();
    store
        .orgs()
        .all_nodes()
        .filter(|n| {
            n.name.to_lowercase().contains(&k)
                || n.code
                    .as_ref()
                    .is_some_and(|c| c.to_lowercase().contains(&k))
        })
        .collect()
}

/// Members of a node (with `include_children`, of its whole subtree; each user once),
/// sorted.
pub(crate) fn node_users<'a>(
    store: &'a Store,
    node_id: &str,
    include_children: bool,
    sort: UserSort,
) -> Vec<&'a UserRecord> {
    let nodes: Vec<&NodeRecord> = if include_children {
        store.orgs().subtree(node_id)
    } else {
        store.orgs().node(node_id).into_iter().collect()
    };
    let mut ids: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for n in nodes {
        ids.extend(
            store
                .orgs()
                .members(&n.id)
                .iter()
                .map(|m| m.user_id.as_str()),
        );
    }
    // creation order is the users' insertion order (as in `users::list`)
    let mut out: Vec<&UserRecord> = store
        .users()
        .iter()
        .filter(|u| ids.contains(u.id.as_str()))
        .collect();
    match sort {
        UserSort::CreatedDesc => out.reverse(),
        UserSort::CreatedAsc => {}
        UserSort::UpdatedDesc => {
            out.reverse();
            out.sort_by_key(|u| std::cmp::Reverse(u.updated_ms));
        }
        UserSort::UpdatedAsc => out.sort_by_key(|u| u.updated_ms),
    }
    out
}

/// Roles of a node: given to it or inherited from its ancestors (each once, nearest
/// first), in one namespace or all.
pub(crate) fn node_roles<'a>(
    store: &'a Store,
    node_id: &str,
    namespace: Option<&str>,
) -> Vec<&'a RoleRecord> {
    let mut out: Vec<&RoleRecord> = Vec::new();
    for n in store.orgs().ancestry(node_id).into_iter().rev() {
        for rid in store.orgs().roles_of_node(&n.id) {
            if let Some(r) = store.roles().get(rid) {
                if namespace.is_none_or(|ns| r.namespace == ns) && !out.iter().any(|x| x.id == r.id)
                {
                    out.push(r);
                }
            }
        }
    }
    out
}

/// The nodes named in `assignRole(nodeCodes)`: each entry is a node id or a node code
/// (a code used in several orgs → 400; unknown → 404).
pub(crate) fn nodes_for_roles(
    store: &Store,
    idents: &[String],
) -> Result<Vec<String>, AuthingError> {
    let mut out = Vec::new();
    for i in idents {
        let id = if store.orgs().node(i).is_some() {
            i.clone()
        } else {
            let matches: Vec<&NodeRecord> = store
                .orgs()
                .all_nodes()
                .filter(|n| n.code.as_deref() == Some(i.as_str()))
                .collect();
            match matches.as_slice() {
                [one] => one.id.clone(),
                [] => return Err(node_not_found(i)),
                _ => {
                    return Err(AuthingError::bad_request(format!(
                        "节点 code {i} 在多个组织机构中存在，请使用节点 ID (node code {i} is used in several orgs; pass the node id)"
                    )));
                }
            }
        };
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// A user's departments (in one org or all): node, membership, main department?
pub(crate) fn departments_of<'a>(
    store: &'a Store,
    user_id: &'a str,
    org_id: Option<&'a str>,
) -> Vec<(&'a NodeRecord, &'a MemberRecord, bool)> {
    let main = store
        .users()
        .get(user_id)
        .and_then(|u| u.main_department_id.as_deref());
    store
        .orgs()
        .memberships_of(user_id)
        .filter(|(n, _)| org_id.is_none_or(|o| n.org_id == o))
        .map(|(n, m)| (n, m, main == Some(n.id.as_str())))
        .collect()
}

/// A tree to import: a node's fields, member user ids and children.
#[derive(Debug, Clone, Default)]
pub(crate) struct TreeNode {
    pub node: NewNode,
    pub members: Vec<String>,
    pub children: Vec<TreeNode>,
}

fn collect_tree<'t>(
    t: &'t TreeNode,
    codes: &mut Vec<&'t str>,
    users: &mut Vec<&'t String>,
    level: usize,
) -> Result<(), AuthingError> {
    check_name(&t.node.name)?;
    if level > MAX_LEVELS {
        return Err(too_deep());
    }
    if let Some(c) = t.node.code.as_deref().filter(|c| !c.is_empty()) {
        if codes.contains(&c) {
            return Err(code_taken(c));
        }
        codes.push(c);
    }
    users.extend(t.members.iter());
    t.children
        .iter()
        .try_for_each(|c| collect_tree(c, codes, users, level + 1))
}

fn insert_tree(
    sh: &Shared,
    store: &mut Store,
    org_id: &str,
    parent: Option<String>,
    t: TreeNode,
) -> String {
    let node = new_node(sh, org_id, parent, t.node);
    let id = node.id.clone();
    store.orgs_mut().insert_node(node);
    if !t.members.is_empty() {
        let now = iso_ms(sh.clock.now_ms());
        store.orgs_mut().add_members(&id, &t.members, false, &now);
    }
    for c in t.children {
        insert_tree(sh, store, org_id, Some(id.clone()), c);
    }
    id
}

/// Imports trees, one new org each (root = the tree's top node). All or nothing:
/// names required, codes unique in each tree (409), member ids must exist (2004).
pub(crate) fn import(sh: &Shared, trees: Vec<TreeNode>) -> Result<Vec<String>, AuthingError> {
    let mut store = sh.store.write();
    for t in &trees {
        let (mut codes, mut users) = (Vec::new(), Vec::new());
        collect_tree(t, &mut codes, &mut users, 1)?;
        if users.iter().any(|u| store.users().get(u).is_none()) {
            return Err(AuthingError::user_not_found());
        }
    }
    let mut org_ids = Vec::new();
    for t in trees {
        let org_id = random_hex(12);
        let now = sh.clock.now_ms();
        let root_id = insert_tree(sh, &mut store, &org_id, None, t);
        store.orgs_mut().insert_org_only(OrgRecord {
            id: org_id.clone(),
            root_node_id: root_id,
            tenant_id: None,
            created_at: Some(iso_ms(now)),
            updated_at: Some(iso_ms(now)),
            created_ms: now,
        });
        org_ids.push(org_id);
    }
    Ok(org_ids)
}
