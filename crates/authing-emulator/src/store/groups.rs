//! User groups and their members.

use indexmap::IndexMap;

/// A stored group.
#[derive(Debug, Clone)]
pub(crate) struct GroupRecord {
    /// Internal id (stable across a rename; not part of Authing's `Group` type).
    pub id: String,
    /// Code, unique in the pool.
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// Creation time in ms.
    pub created_ms: i64,
}

/// Groups in creation order, and the user ids in each group.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    groups: IndexMap<String, GroupRecord>,
    members: IndexMap<String, Vec<String>>,
}

impl Groups {
    pub(super) fn from_parts(
        groups: impl IntoIterator<Item = GroupRecord>,
        members: impl IntoIterator<Item = (String, Vec<String>)>,
    ) -> Self {
        let groups: IndexMap<String, GroupRecord> =
            groups.into_iter().map(|g| (g.id.clone(), g)).collect();
        let members = members
            .into_iter()
            .filter(|(id, _)| groups.contains_key(id))
            .collect();
        Self { groups, members }
    }

    /// All groups, oldest first.
    pub fn iter(&self) -> indexmap::map::Values<'_, String, GroupRecord> {
        self.groups.values()
    }

    pub fn get(&self, id: &str) -> Option<&GroupRecord> {
        self.groups.get(id)
    }

    pub fn find(&self, code: &str) -> Option<&GroupRecord> {
        self.groups.values().find(|g| g.code == code)
    }

    /// Member user ids of a group (in the order they were added).
    pub fn members(&self, group_id: &str) -> &[String] {
        self.members.get(group_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Groups a user belongs to, oldest group first.
    pub fn of_user<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a GroupRecord> + 'a {
        self.groups
            .values()
            .filter(move |g| self.members(&g.id).iter().any(|m| m == user_id))
    }

    /// Adds a new group with no members (the caller checked that the code is free).
    pub fn insert(&mut self, group: GroupRecord) {
        self.members.insert(group.id.clone(), Vec::new());
        self.groups.insert(group.id.clone(), group);
    }

    /// Adds users to a group (already-members are skipped).
    pub fn add_members(&mut self, group_id: &str, user_ids: &[String]) {
        let members = self.members.entry(group_id.to_string()).or_default();
        for u in user_ids {
            if !members.contains(u) {
                members.push(u.clone());
            }
        }
    }

    /// Takes users out of a group.
    pub fn remove_members(&mut self, group_id: &str, user_ids: &[String]) {
        if let Some(members) = self.members.get_mut(group_id) {
            members.retain(|m| !user_ids.contains(m));
        }
    }

    /// Changes a group (the store renames the grants and assignments of a new code).
    pub(super) fn update(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut GroupRecord),
    ) -> Option<&GroupRecord> {
        let g = self.groups.get_mut(id)?;
        f(g);
        Some(g)
    }

    /// Removes a group and its member list.
    pub(super) fn remove(&mut self, id: &str) -> Option<GroupRecord> {
        self.members.shift_remove(id);
        self.groups.shift_remove(id)
    }

    /// Takes a (deleted) user out of every group.
    pub(super) fn forget_user(&mut self, user_id: &str) {
        for members in self.members.values_mut() {
            members.retain(|m| m != user_id);
        }
    }
}
