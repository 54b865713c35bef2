//! Policies and their assignments.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Effect of a policy statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum PolicyEffect {
    Allow,
    Deny,
}

/// Kind of target a policy is assigned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum TargetType {
    User,
    Role,
    Group,
    Org,
    AkSk,
}

/// A condition of a statement (stored, not evaluated).
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub param: String,
    pub operator: String,
    pub value: Value,
}

/// A statement of a policy.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    /// Resource pattern (`type:id`, `type:*`, `*`).
    pub resource: String,
    /// Action patterns.
    pub actions: Vec<String>,
    /// ALLOW (default) or DENY.
    pub effect: Option<PolicyEffect>,
    pub condition: Option<Vec<Condition>>,
}

/// A stored policy.
#[derive(Debug, Clone)]
pub(crate) struct PolicyRecord {
    pub namespace: String,
    pub code: String,
    pub is_default: bool,
    pub description: Option<String>,
    pub statements: Vec<Statement>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub created_ms: i64,
}

/// A stored assignment of a policy to a target.
#[derive(Debug, Clone)]
pub(crate) struct AssignmentRecord {
    /// Policy code.
    pub code: String,
    pub target_type: TargetType,
    /// User id, role code, group code or node id.
    pub target_identifier: String,
    /// Namespace of the policy.
    pub namespace: String,
    pub enabled: bool,
    /// Inherit by child nodes (ORG only; stored).
    pub inherit_by_children: bool,
}

impl AssignmentRecord {
    fn is(&self, namespace: &str, code: &str, tt: TargetType, ti: &str) -> bool {
        self.namespace == namespace
            && self.code == code
            && self.target_type == tt
            && self.target_identifier == ti
    }
}

/// Policies (creation order) and assignments (assignment order).
#[derive(Debug, Default)]
pub(crate) struct Policies {
    policies: Vec<PolicyRecord>,
    assignments: Vec<AssignmentRecord>,
}

impl Policies {
    pub(super) fn from_parts(
        policies: Vec<PolicyRecord>,
        assignments: Vec<AssignmentRecord>,
    ) -> Self {
        Self {
            policies,
            assignments,
        }
    }

    /// All policies, oldest first.
    pub fn iter(&self) -> std::slice::Iter<'_, PolicyRecord> {
        self.policies.iter()
    }

    pub fn get(&self, namespace: &str, code: &str) -> Option<&PolicyRecord> {
        self.policies
            .iter()
            .find(|p| p.namespace == namespace && p.code == code)
    }

    /// All assignments, in assignment order.
    pub fn assignments(&self) -> std::slice::Iter<'_, AssignmentRecord> {
        self.assignments.iter()
    }

    /// Assignments of one policy.
    pub fn assignments_of<'a>(
        &'a self,
        namespace: &'a str,
        code: &'a str,
    ) -> impl Iterator<Item = &'a AssignmentRecord> + 'a {
        self.assignments
            .iter()
            .filter(move |a| a.namespace == namespace && a.code == code)
    }

    /// Statements of the enabled policies assigned to any of `targets` in `namespace`.
    pub fn statements_for<'a>(
        &'a self,
        targets: &'a [(TargetType, String)],
        namespace: &'a str,
    ) -> impl Iterator<Item = &'a Statement> + 'a {
        self.assignments
            .iter()
            .filter(move |a| {
                a.enabled
                    && a.namespace == namespace
                    && targets
                        .iter()
                        .any(|(t, id)| *t == a.target_type && *id == a.target_identifier)
            })
            .filter_map(move |a| self.get(&a.namespace, &a.code))
            .flat_map(|p| p.statements.iter())
    }

    /// Adds a policy (the caller checked that the code is free).
    pub fn insert(&mut self, p: PolicyRecord) {
        self.policies.push(p);
    }

    /// Changes a policy; a new code renames its assignments too.
    pub fn update(
        &mut self,
        namespace: &str,
        code: &str,
        new_code: Option<String>,
        f: impl FnOnce(&mut PolicyRecord),
    ) -> Option<&PolicyRecord> {
        let i = self
            .policies
            .iter()
            .position(|p| p.namespace == namespace && p.code == code)?;
        if let Some(nc) = &new_code {
            for a in self.assignments.iter_mut() {
                if a.namespace == namespace && a.code == code {
                    a.code = nc.clone();
                }
            }
        }
        let p = &mut self.policies[i];
        if let Some(nc) = new_code {
            p.code = nc;
        }
        f(p);
        Some(p)
    }

    /// Removes policies and their assignments.
    pub fn remove(&mut self, namespace: &str, codes: &[String]) {
        self.policies
            .retain(|p| !(p.namespace == namespace && codes.contains(&p.code)));
        self.assignments
            .retain(|a| !(a.namespace == namespace && codes.contains(&a.code)));
    }

    /// Assigns a policy to a target (no-op when already assigned).
    pub fn assign(
        &mut self,
        namespace: &str,
        code: &str,
        target_type: TargetType,
        target_identifier: &str,
        inherit_by_children: bool,
    ) {
        let exists = self
            .assignments
            .iter()
            .any(|a| a.is(namespace, code, target_type, target_identifier));
        if !exists {
            self.assignments.push(AssignmentRecord {
                code: code.to_string(),
                target_type,
                target_identifier: target_identifier.to_string(),
                namespace: namespace.to_string(),
                enabled: true,
                inherit_by_children,
            });
        }
    }

    /// Removes the assignments of `policies` to the targets (all targets when empty).
    pub fn unassign(
        &mut self,
        namespace: &str,
        policies: &[String],
        target_type: TargetType,
        targets: &[String],
    ) {
        self.assignments.retain(|a| {
            !(a.namespace == namespace
                && policies.contains(&a.code)
                && a.target_type == target_type
                && (targets.is_empty() || targets.contains(&a.target_identifier)))
        });
    }

    /// Enables or disables one assignment; `false` when there is none.
    pub fn set_enabled(
        &mut self,
        namespace: &str,
        code: &str,
        target_type: TargetType,
        target_identifier: &str,
        enabled: bool,
    ) -> bool {
        match self
            .assignments
            .iter_mut()
            .find(|a| a.is(namespace, code, target_type, target_identifier))
        {
            Some(a) => {
                a.enabled = enabled;
                true
            }
            None => false,
        }
    }

    /// Follows a role rename.
    pub(super) fn rename_role(&mut self, namespace: &str, old: &str, new: &str) {
        for a in self.assignments.iter_mut() {
            if a.target_type == TargetType::Role
                && a.namespace == namespace
                && a.target_identifier == old
            {
                a.target_identifier = new.to_string();
            }
        }
    }

    /// Follows a rename of a group (or another target named by a pool-wide code).
    pub(super) fn rename_target(&mut self, tt: TargetType, old: &str, new: &str) {
        for a in self.assignments.iter_mut() {
            if a.target_type == tt && a.target_identifier == old {
                a.target_identifier = new.to_string();
            }
        }
    }

    /// Drops the assignments of a deleted user or role (`namespace` only for roles).
    pub(super) fn forget_target(&mut self, tt: TargetType, id: &str, namespace: Option<&str>) {
        self.assignments.retain(|a| {
            !(a.target_type == tt
                && a.target_identifier == id
                && namespace.is_none_or(|n| a.namespace == n))
        });
    }
}
