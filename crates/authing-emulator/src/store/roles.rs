//! Roles and their members.

use indexmap::IndexMap;

/// A stored role.
#[derive(Debug, Clone)]
pub(crate) struct RoleRecord {
    pub id: String,
    /// Namespace (permission group code), default `default`.
    pub namespace: String,
    /// Code, unique in the namespace.
    pub code: String,
    pub arn: String,
    pub description: Option<String>,
    pub is_system: Option<bool>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// Parent role code (same namespace).
    pub parent_code: Option<String>,
    /// Creation time in ms.
    pub created_ms: i64,
}

/// Roles in creation order, and the user ids holding each role.
#[derive(Debug, Default)]
pub(crate) struct Roles {
    roles: IndexMap<String, RoleRecord>,
    members: IndexMap<String, Vec<String>>,
}

impl Roles {
    pub(super) fn from_parts(
        roles: impl IntoIterator<Item = RoleRecord>,
        members: impl IntoIterator<Item = (String, Vec<String>)>,
    ) -> Self {
        Self {
            roles: roles.into_iter().map(|r| (r.id.clone(), r)).collect(),
            members: members.into_iter().collect(),
        }
    }

    /// All roles, oldest first.
    pub fn iter(&self) -> indexmap::map::Values<'_, String, RoleRecord> {
        self.roles.values()
    }

    pub fn get(&self, id: &str) -> Option<&RoleRecord> {
        self.roles.get(id)
    }

    pub fn find(&self, namespace: &str, code: &str) -> Option<&RoleRecord> {
        self.roles
            .values()
            .find(|r| r.namespace == namespace && r.code == code)
    }

    pub fn id_of(&self, namespace: &str, code: &str) -> Option<String> {
        self.find(namespace, code).map(|r| r.id.clone())
    }

    /// Member user ids of a role (in assignment order).
    pub fn members(&self, role_id: &str) -> &[String] {
        self.members.get(role_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Roles held by a user (all namespaces when `namespace` is `None`).
    pub fn of_user<'a>(
        &'a self,
        user_id: &'a str,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = &'a RoleRecord> + 'a {
        self.members
            .iter()
            .filter(move |(_, m)| m.iter().any(|x| x == user_id))
            .filter_map(|(rid, _)| self.roles.get(rid))
            .filter(move |r| namespace.is_none_or(|ns| r.namespace == ns))
    }

    /// Adds a new role with no members.
    pub fn insert(&mut self, role: RoleRecord) {
        self.members.insert(role.id.clone(), Vec::new());
        self.roles.insert(role.id.clone(), role);
    }

    /// Adds users to roles (already-members are skipped).
    pub fn add_members(&mut self, role_ids: &[String], user_ids: &[String]) {
        for rid in role_ids {
            let members = self.members.entry(rid.clone()).or_default();
            for u in user_ids {
                if !members.contains(u) {
                    members.push(u.clone());
                }
            }
        }
    }

    /// Takes users out of roles.
    pub fn remove_members(&mut self, role_ids: &[String], user_ids: &[String]) {
        for rid in role_ids {
            if let Some(members) = self.members.get_mut(rid) {
                members.retain(|m| !user_ids.contains(m));
            }
        }
    }

    /// Renames a role and the parent links pointing at it (the store renames the
    /// assignments); sets description and `updatedAt`.
    pub(super) fn update(
        &mut self,
        id: &str,
        new_code: Option<String>,
        description: Option<String>,
        updated_at: String,
    ) -> Option<&RoleRecord> {
        let (namespace, code) = {
            let r = self.roles.get(id)?;
            (r.namespace.clone(), r.code.clone())
        };
        if let Some(nc) = &new_code {
            for r in self.roles.values_mut() {
                if r.namespace == namespace && r.parent_code.as_deref() == Some(code.as_str()) {
                    r.parent_code = Some(nc.clone());
                }
            }
        }
        let role = self.roles.get_mut(id)?;
        if let Some(nc) = new_code {
            role.code = nc;
        }
        if description.is_some() {
            role.description = description;
        }
        role.updated_at = Some(updated_at);
        Some(role)
    }

    /// Removes a role, its members and the parent links to it.
    pub(super) fn remove(&mut self, id: &str) -> Option<RoleRecord> {
        let r = self.roles.shift_remove(id)?;
        self.members.shift_remove(id);
        for other in self.roles.values_mut() {
            if other.namespace == r.namespace && other.parent_code.as_deref() == Some(&r.code) {
                other.parent_code = None;
            }
        }
        Some(r)
    }

    /// Takes a (deleted) user out of every role.
    pub(super) fn forget_user(&mut self, user_id: &str) {
        for members in self.members.values_mut() {
            members.retain(|m| m != user_id);
        }
    }
}
