//! Organizations: orgs, their node trees, members of nodes (departments) and the roles
//! given to nodes.
//!
//! A user's main department is the user record's `main_department_id` /
//! `main_department_code`; the changes here that end a membership or rename a node keep
//! it right (see the `impl Store` block at the end).

use super::policies::TargetType;
use indexmap::IndexMap;

use super::Store;

/// A stored organization.
#[derive(Debug, Clone)]
pub(crate) struct OrgRecord {
    pub id: String,
    /// Id of the root node (named and coded as the org).
    pub root_node_id: String,
    pub tenant_id: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// Creation time in ms.
    pub created_ms: i64,
}

/// A stored node (department) of an org tree.
#[derive(Debug, Clone)]
pub(crate) struct NodeRecord {
    pub id: String,
    pub org_id: String,
    /// `None` for the root node.
    pub parent_id: Option<String>,
    pub name: String,
    pub name_i18n: Option<String>,
    pub description: Option<String>,
    pub description_i18n: Option<String>,
    pub order: Option<i32>,
    /// Unique within the org when set.
    pub code: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub created_ms: i64,
}

/// A user's membership of a node.
#[derive(Debug, Clone)]
pub(crate) struct MemberRecord {
    pub user_id: String,
    pub is_leader: bool,
    /// When the user joined the node (ISO).
    pub joined_at: Option<String>,
}

/// Orgs, nodes (in insertion order: children are listed in that order), members per
/// node (in join order) and role ids per node.
#[derive(Debug, Default)]
pub(crate) struct Orgs {
    orgs: IndexMap<String, OrgRecord>,
    nodes: IndexMap<String, NodeRecord>,
    members: IndexMap<String, Vec<MemberRecord>>,
    node_roles: IndexMap<String, Vec<String>>,
}

impl Orgs {
    pub(super) fn from_parts(
        orgs: impl IntoIterator<Item = OrgRecord>,
        nodes: impl IntoIterator<Item = NodeRecord>,
        members: impl IntoIterator<Item = (String, Vec<MemberRecord>)>,
        node_roles: impl IntoIterator<Item = (String, Vec<String>)>,
    ) -> Self {
        Self {
            orgs: orgs.into_iter().map(|o| (o.id.clone(), o)).collect(),
            nodes: nodes.into_iter().map(|n| (n.id.clone(), n)).collect(),
            members: members.into_iter().filter(|(_, m)| !m.is_empty()).collect(),
            node_roles: node_roles
                .into_iter()
                .filter(|(_, r)| !r.is_empty())
                .collect(),
        }
    }

    /// All orgs, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &OrgRecord> {
        self.orgs.values()
    }

    pub fn get(&self, id: &str) -> Option<&OrgRecord> {
        self.orgs.get(id)
    }

    /// All nodes of all orgs, in insertion order.
    pub fn all_nodes(&self) -> impl Iterator<Item = &NodeRecord> {
        self.nodes.values()
    }

    pub fn node(&self, id: &str) -> Option<&NodeRecord> {
        self.nodes.get(id)
    }

    /// The node of `org_id` with `code`.
    pub fn node_by_code(&self, org_id: &str, code: &str) -> Option<&NodeRecord> {
        self.nodes
            .values()
            .find(|n| n.org_id == org_id && n.code.as_deref() == Some(code))
    }

    /// Direct children of a node, in insertion order.
    pub fn children(&self, node_id: &str) -> Vec<&NodeRecord> {
        self.nodes
            .values()
            .filter(|n| n.parent_id.as_deref() == Some(node_id))
            .collect()
    }

    /// The node and all its descendants, pre-order (the node first).
    pub fn subtree(&self, node_id: &str) -> Vec<&NodeRecord> {
        let mut out = Vec::new();
        let mut stack: Vec<&NodeRecord> = self.nodes.get(node_id).into_iter().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            let kids = self.children(&n.id);
            stack.extend(kids.into_iter().rev());
        }
        out
    }

    /// The ancestry of a node, root first, the node last (empty for an unknown id).
    pub fn ancestry(&self, node_id: &str) -> Vec<&NodeRecord> {
        let mut out = Vec::new();
        let mut cur = self.nodes.get(node_id);
        while let Some(n) = cur {
            if out.iter().any(|x: &&NodeRecord| x.id == n.id) || out.len() > self.nodes.len() {
                break; // a cycle cannot be stored, but never loop on one
            }
            out.push(n);
            cur = n.parent_id.as_deref().and_then(|p| self.nodes.get(p));
        }
        out.reverse();
        out
    }

    /// Members of one node, in join order.
    pub fn members(&self, node_id: &str) -> &[MemberRecord] {
        self.members.get(node_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Membership of a user: `(node, membership)` in node insertion order.
    pub fn memberships_of<'a>(
        &'a self,
        user_id: &'a str,
    ) -> impl Iterator<Item = (&'a NodeRecord, &'a MemberRecord)> + 'a {
        self.nodes.values().filter_map(move |n| {
            self.members
                .get(&n.id)?
                .iter()
                .find(|m| m.user_id == user_id)
                .map(|m| (n, m))
        })
    }

    /// Whether a user is a member of a node.
    pub fn is_member(&self, node_id: &str, user_id: &str) -> bool {
        self.members(node_id).iter().any(|m| m.user_id == user_id)
    }

    /// Role ids given to a node (directly).
    pub fn roles_of_node(&self, node_id: &str) -> &[String] {
        self.node_roles
            .get(node_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Adds an org and its root node.
    pub fn insert_org(&mut self, org: OrgRecord, root: NodeRecord) {
        self.nodes.insert(root.id.clone(), root);
        self.orgs.insert(org.id.clone(), org);
    }

    /// Adds an org whose root node is already stored (imports).
    pub fn insert_org_only(&mut self, org: OrgRecord) {
        self.orgs.insert(org.id.clone(), org);
    }

    /// Adds a node (the caller checked its parent and code).
    pub fn insert_node(&mut self, node: NodeRecord) {
        self.nodes.insert(node.id.clone(), node);
    }

    /// Changes a node's name, code and description (`None` keeps a value).
    pub fn update_node(
        &mut self,
        id: &str,
        name: Option<String>,
        code: Option<String>,
        description: Option<String>,
        updated_at: String,
    ) -> Option<&NodeRecord> {
        let n = self.nodes.get_mut(id)?;
        if let Some(v) = name {
            n.name = v;
        }
        if let Some(v) = code {
            n.code = Some(v);
        }
        if let Some(v) = description {
            n.description = Some(v);
        }
        n.updated_at = Some(updated_at);
        Some(n)
    }

    /// Gives a node a new parent (the caller checked for cycles).
    pub fn set_parent(&mut self, id: &str, parent_id: &str, updated_at: String) {
        if let Some(n) = self.nodes.get_mut(id) {
            n.parent_id = Some(parent_id.to_string());
            n.updated_at = Some(updated_at);
        }
    }

    /// Adds users to a node; an existing member only has `is_leader` updated.
    pub fn add_members(
        &mut self,
        node_id: &str,
        user_ids: &[String],
        is_leader: bool,
        joined_at: &str,
    ) {
        let members = self.members.entry(node_id.to_string()).or_default();
        for u in user_ids {
            match members.iter_mut().find(|m| &m.user_id == u) {
                Some(m) => m.is_leader = is_leader,
                None => members.push(MemberRecord {
                    user_id: u.clone(),
                    is_leader,
                    joined_at: Some(joined_at.to_string()),
                }),
            }
        }
    }

    /// Takes users out of a node.
    pub fn remove_members(&mut self, node_id: &str, user_ids: &[String]) {
        if let Some(members) = self.members.get_mut(node_id) {
            members.retain(|m| !user_ids.contains(&m.user_id));
            if members.is_empty() {
                self.members.shift_remove(node_id);
            }
        }
    }

    /// Gives roles to nodes (already-given roles are skipped).
    pub fn add_node_roles(&mut self, node_ids: &[String], role_ids: &[String]) {
        for n in node_ids {
            let roles = self.node_roles.entry(n.clone()).or_default();
            for r in role_ids {
                if !roles.contains(r) {
                    roles.push(r.clone());
                }
            }
        }
    }

    /// Takes roles away from nodes.
    pub fn remove_node_roles(&mut self, node_ids: &[String], role_ids: &[String]) {
        for n in node_ids {
            if let Some(roles) = self.node_roles.get_mut(n) {
                roles.retain(|r| !role_ids.contains(r));
                if roles.is_empty() {
                    self.node_roles.shift_remove(n);
                }
            }
        }
    }

    /// Removes nodes with their members and role links (the store fixes main
    /// departments); returns the user ids that were members.
    fn remove_nodes(&mut self, ids: &[String]) -> Vec<String> {
        let mut users = Vec::new();
        for id in ids {
            self.nodes.shift_remove(id);
            self.node_roles.shift_remove(id);
            if let Some(m) = self.members.shift_remove(id) {
                users.extend(m.into_iter().map(|m| m.user_id));
            }
        }
        users
    }

    /// Takes a (deleted) user out of every node.
    pub(super) fn forget_user(&mut self, user_id: &str) {
        for members in self.members.values_mut() {
            members.retain(|m| m.user_id != user_id);
        }
        self.members.retain(|_, m| !m.is_empty());
    }

    /// Takes a (deleted) role away from every node.
    pub(super) fn forget_role(&mut self, role_id: &str) {
        for roles in self.node_roles.values_mut() {
            roles.retain(|r| r != role_id);
        }
        self.node_roles.retain(|_, r| !r.is_empty());
    }
}

impl Store {
    /// Ids of the nodes `user_id` is a member of **and their ancestors** (no
    /// duplicates): a grant to a department reaches the members of its sub-teams.
    /// Called by resource authorization (merged separately).
    pub(crate) fn department_node_ids_of(&self, user_id: &str) -> Vec<String> {
        let orgs = &self.data.orgs;
        let mut out: Vec<String> = Vec::new();
        for (n, _) in orgs.memberships_of(user_id) {
            for a in orgs.ancestry(&n.id) {
                if !out.contains(&a.id) {
                    out.push(a.id.clone());
                }
            }
        }
        out
    }

    /// Ids of the roles given to the nodes of [`Store::department_node_ids_of`] (no
    /// duplicates; only roles that still exist). Called by resource authorization.
    pub(crate) fn node_role_ids_of(&self, user_id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in self.department_node_ids_of(user_id) {
            for r in self.data.orgs.roles_of_node(&n) {
                if !out.contains(r) && self.data.roles.get(r).is_some() {
                    out.push(r.clone());
                }
            }
        }
        out
    }

    /// Removes a node and its descendants, their memberships, role links, resource
    /// grants and policy assignments; members whose main department was among them lose
    /// it. Returns the removed node ids.
    pub(crate) fn remove_node_tree(&mut self, node_id: &str) -> Vec<String> {
        let ids: Vec<String> = self
            .data
            .orgs
            .subtree(node_id)
            .into_iter()
            .map(|n| n.id.clone())
            .collect();
        let users = self.data.orgs.remove_nodes(&ids);
        for id in &ids {
            self.data.acl.forget_target(TargetType::Org, id, None);
            self.data.policies.forget_target(TargetType::Org, id, None);
        }
        for u in users {
            self.clear_main_department_in(&u, &ids);
        }
        ids
    }

    /// Removes an org with its whole tree.
    pub(crate) fn remove_org(&mut self, org_id: &str) -> Option<OrgRecord> {
        let root = self.data.orgs.get(org_id)?.root_node_id.clone();
        self.remove_node_tree(&root);
        // nodes of the org not reachable from the root (none are expected)
        let stray: Vec<String> = self
            .data
            .orgs
            .all_nodes()
            .filter(|n| n.org_id == org_id)
            .map(|n| n.id.clone())
            .collect();
        for id in stray {
            self.remove_node_tree(&id);
        }
        self.data.orgs.orgs.shift_remove(org_id)
    }

    /// Takes users out of a node; those whose main department it was lose it.
    pub(crate) fn remove_node_members(&mut self, node_id: &str, user_ids: &[String]) {
        self.data.orgs.remove_members(node_id, user_ids);
        let ids = [node_id.to_string()];
        for u in user_ids {
            self.clear_main_department_in(u, &ids);
        }
    }

    /// Moves users from one node to another; a main department on the source moves
    /// to the target.
    pub(crate) fn move_node_members(
        &mut self,
        user_ids: &[String],
        source: &str,
        target: &str,
        joined_at: &str,
    ) {
        self.data.orgs.remove_members(source, user_ids);
        self.data
            .orgs
            .add_members(target, user_ids, false, joined_at);
        let code = self.data.orgs.node(target).and_then(|n| n.code.clone());
        for u in user_ids {
            let _ = self.data.users.touch(u, |r| {
                if r.main_department_id.as_deref() == Some(source) {
                    r.main_department_id = Some(target.to_string());
                    r.main_department_code = code.clone();
                }
            });
        }
    }

    /// Sets (or, with `None`, clears) a user's main department; the caller checked
    /// the membership.
    pub(crate) fn set_main_department(&mut self, user_id: &str, node_id: Option<&str>) -> bool {
        let code = node_id
            .and_then(|n| self.data.orgs.node(n))
            .and_then(|n| n.code.clone());
        self.data
            .users
            .touch(user_id, |r| {
                r.main_department_id = node_id.map(str::to_string);
                r.main_department_code = code;
            })
            .is_ok()
    }

    /// Changes a node; a new code follows into its members' main-department code.
    pub(crate) fn update_node(
        &mut self,
        id: &str,
        name: Option<String>,
        code: Option<String>,
        description: Option<String>,
        updated_at: String,
    ) -> Option<NodeRecord> {
        let renamed = code.is_some();
        let node = self
            .data
            .orgs
            .update_node(id, name, code, description, updated_at)?
            .clone();
        if renamed {
            let users: Vec<String> = self
                .data
                .orgs
                .members(id)
                .iter()
                .map(|m| m.user_id.clone())
                .collect();
            for u in users {
                let _ = self.data.users.touch(&u, |r| {
                    if r.main_department_id.as_deref() == Some(id) {
                        r.main_department_code = node.code.clone();
                    }
                });
            }
        }
        Some(node)
    }

    fn clear_main_department_in(&mut self, user_id: &str, node_ids: &[String]) {
        let _ = self.data.users.touch(user_id, |r| {
            if r.main_department_id
                .as_ref()
                .is_some_and(|d| node_ids.contains(d))
            {
                r.main_department_id = None;
                r.main_department_code = None;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::roles::RoleRecord;
    use crate::store::users::UserRecord;
    use crate::store::{Data, PoolSettings};

    fn node(id: &str, parent: Option<&str>) -> NodeRecord {
        NodeRecord {
            id: id.into(),
            org_id: "o".into(),
            parent_id: parent.map(Into::into),
            name: id.into(),
            name_i18n: None,
            description: None,
            description_i18n: None,
            order: None,
            code: None,
            created_at: None,
            updated_at: None,
            created_ms: 0,
        }
    }

    fn role(id: &str) -> RoleRecord {
        RoleRecord {
            id: id.into(),
            namespace: "default".into(),
            code: id.into(),
            arn: String::new(),
            description: None,
            is_system: None,
            created_at: None,
            updated_at: None,
            parent_code: None,
            created_ms: 0,
        }
    }

    fn store() -> Store {
        let settings: PoolSettings = serde_json::from_value(serde_json::json!({
            "name": "p", "domain": "d", "createdAt": "", "tokenExpiresAfter": 1,
            "registerDisabled": false, "emailVerifiedDefault": false,
            "verifyOldPhone": false, "verifyOldEmail": false
        }))
        .unwrap();
        let mut s = Store::new(settings, Data::default());
        // root ─ dev ─ backend ; root ─ ops
        let org = OrgRecord {
            id: "o".into(),
            root_node_id: "root".into(),
            tenant_id: None,
            created_at: None,
            updated_at: None,
            created_ms: 0,
        };
        s.orgs_mut().insert_org(org, node("root", None));
        s.orgs_mut().insert_node(node("dev", Some("root")));
        s.orgs_mut().insert_node(node("backend", Some("dev")));
        s.orgs_mut().insert_node(node("ops", Some("root")));
        for u in ["u1", "u2"] {
            s.users_mut()
                .insert(UserRecord {
                    id: u.into(),
                    ..UserRecord::default()
                })
                .unwrap();
        }
        for r in ["r-root", "r-dev", "r-backend", "r-ops"] {
            s.roles_mut().insert(role(r));
        }
        s
    }

    #[test]
    fn departments_reach_ancestors_and_their_roles() {
        let mut s = store();
        s.orgs_mut()
            .add_members("backend", &["u1".into()], false, "t");
        s.orgs_mut().add_members("ops", &["u2".into()], false, "t");
        s.orgs_mut()
            .add_node_roles(&["root".into()], &["r-root".into()]);
        s.orgs_mut()
            .add_node_roles(&["dev".into()], &["r-dev".into(), "r-root".into()]);
        s.orgs_mut()
            .add_node_roles(&["ops".into()], &["r-ops".into()]);
        assert_eq!(s.department_node_ids_of("u1"), ["root", "dev", "backend"]);
        assert_eq!(s.department_node_ids_of("u2"), ["root", "ops"]);
        assert!(s.department_node_ids_of("nobody").is_empty());
        assert_eq!(s.node_role_ids_of("u1"), ["r-root", "r-dev"]);
        assert_eq!(s.node_role_ids_of("u2"), ["r-root", "r-ops"]);
        // a deleted role leaves no node-role link
        s.remove_role("r-dev");
        assert_eq!(s.node_role_ids_of("u1"), ["r-root"]);
        assert!(s.orgs().roles_of_node("dev").iter().all(|r| r != "r-dev"));
        // a deleted user leaves no membership
        s.remove_user("u1");
        assert!(s.department_node_ids_of("u1").is_empty());
        assert!(s.orgs().members("backend").is_empty());
    }

    #[test]
    fn removing_a_subtree_clears_main_departments() {
        let mut s = store();
        s.orgs_mut()
            .add_members("backend", &["u1".into()], false, "t");
        s.orgs_mut().add_members("ops", &["u1".into()], false, "t");
        assert!(s.set_main_department("u1", Some("backend")));
        s.remove_node_tree("dev");
        assert!(s.orgs().node("dev").is_none() && s.orgs().node("backend").is_none());
        assert_eq!(s.users().get("u1").unwrap().main_department_id, None);
        assert_eq!(s.department_node_ids_of("u1"), ["root", "ops"]);
    }
}
