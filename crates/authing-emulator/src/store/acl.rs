//! Resource authorization: namespaces (permission groups), resources and grants
//! (`authorizeResource`).

use serde::{Deserialize, Serialize};

use super::policies::TargetType;

/// Code of the namespace that always exists.
pub(crate) const DEFAULT_NAMESPACE: &str = "default";

/// Id of the `default` namespace.
const DEFAULT_NAMESPACE_ID: i64 = 1;

/// Kind of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum ResourceKind {
    Data,
    Api,
    Menu,
    Ui,
    Button,
}

impl ResourceKind {
    /// `DATA`, `API`, `MENU`, `UI`, `BUTTON` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "DATA" => Some(Self::Data),
            "API" => Some(Self::Api),
            "MENU" => Some(Self::Menu),
            "UI" => Some(Self::Ui),
            "BUTTON" => Some(Self::Button),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Data => "DATA",
            Self::Api => "API",
            Self::Menu => "MENU",
            Self::Ui => "UI",
            Self::Button => "BUTTON",
        }
    }
}

/// A stored namespace.
#[derive(Debug, Clone)]
pub(crate) struct NamespaceRecord {
    /// Numeric id (`default` is 1).
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub created_ms: i64,
}

/// An action of a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResourceAction {
    pub name: String,
    pub description: Option<String>,
}

/// A stored resource definition.
#[derive(Debug, Clone)]
pub(crate) struct ResourceRecord {
    pub id: String,
    /// Namespace code.
    pub namespace: String,
    /// Code, unique in the namespace.
    pub code: String,
    pub kind: ResourceKind,
    pub actions: Vec<ResourceAction>,
    pub description: Option<String>,
    pub api_identifier: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A grant of actions on a resource (`books`, `books:*` or `books:1`) to one target.
#[derive(Debug, Clone)]
pub(crate) struct GrantRecord {
    /// Namespace code.
    pub namespace: String,
    /// Resource as granted.
    pub resource: String,
    /// Kind given with the grant (else the kind of the resource definition, else DATA).
    pub kind: Option<ResourceKind>,
    pub target_type: TargetType,
    /// User id, role code (in the grant's namespace), group code or org node id.
    pub target_identifier: String,
    pub actions: Vec<String>,
}

/// Namespaces, resources and grants, each in creation order.
#[derive(Debug)]
pub(crate) struct Acl {
    namespaces: Vec<NamespaceRecord>,
    resources: Vec<ResourceRecord>,
    grants: Vec<GrantRecord>,
}

impl Default for Acl {
    fn default() -> Self {
        Self::from_parts(Vec::new(), Vec::new(), Vec::new())
    }
}

impl Acl {
    /// Adds the `default` namespace when it is missing.
    pub(super) fn from_parts(
        mut namespaces: Vec<NamespaceRecord>,
        resources: Vec<ResourceRecord>,
        grants: Vec<GrantRecord>,
    ) -> Self {
        if !namespaces.iter().any(|n| n.code == DEFAULT_NAMESPACE) {
            namespaces.insert(
                0,
                NamespaceRecord {
                    id: DEFAULT_NAMESPACE_ID,
                    code: DEFAULT_NAMESPACE.into(),
                    name: "默认权限分组".into(),
                    description: None,
                    created_ms: 0,
                },
            );
        }
        Self {
            namespaces,
            resources,
            grants,
        }
    }

    // ---- namespaces

    /// All namespaces, `default` first.
    pub fn namespaces(&self) -> std::slice::Iter<'_, NamespaceRecord> {
        self.namespaces.iter()
    }

    pub fn namespace(&self, code: &str) -> Option<&NamespaceRecord> {
        self.namespaces.iter().find(|n| n.code == code)
    }

    pub fn namespace_by_id(&self, id: i64) -> Option<&NamespaceRecord> {
        self.namespaces.iter().find(|n| n.id == id)
    }

    /// Adds a namespace with the next free id (the caller checked the code).
    pub fn insert_namespace(
        &mut self,
        code: String,
        name: String,
        description: Option<String>,
        created_ms: i64,
    ) -> &NamespaceRecord {
        let id = self.namespaces.iter().map(|n| n.id).max().unwrap_or(0) + 1;
        self.namespaces.push(NamespaceRecord {
            id,
            code,
            name,
            description,
            created_ms,
        });
        let last = self.namespaces.len() - 1;
        &self.namespaces[last]
    }

    /// Changes a namespace; a new code renames it in its resources and grants.
    pub fn update_namespace(
        &mut self,
        id: i64,
        new_code: Option<String>,
        name: Option<String>,
        description: Option<String>,
    ) -> Option<&NamespaceRecord> {
        let i = self.namespaces.iter().position(|n| n.id == id)?;
        if let Some(nc) = new_code {
            let old = std::mem::replace(&mut self.namespaces[i].code, nc.clone());
            for r in self.resources.iter_mut().filter(|r| r.namespace == old) {
                r.namespace = nc.clone();
            }
            for g in self.grants.iter_mut().filter(|g| g.namespace == old) {
                g.namespace = nc.clone();
            }
        }
        let n = &mut self.namespaces[i];
        if let Some(name) = name {
            n.name = name;
        }
        if description.is_some() {
            n.description = description;
        }
        Some(n)
    }

    /// Removes a namespace with its resources and grants.
    pub fn remove_namespace(&mut self, id: i64) -> Option<NamespaceRecord> {
        let i = self.namespaces.iter().position(|n| n.id == id)?;
        let n = self.namespaces.remove(i);
        self.resources.retain(|r| r.namespace != n.code);
        self.grants.retain(|g| g.namespace != n.code);
        Some(n)
    }

    // ---- resources

    /// All resources, oldest first.
    pub fn resources(&self) -> std::slice::Iter<'_, ResourceRecord> {
        self.resources.iter()
    }

    pub fn resource(&self, namespace: &str, code: &str) -> Option<&ResourceRecord> {
        self.resources
            .iter()
            .find(|r| r.namespace == namespace && r.code == code)
    }

    pub fn resource_by_id(&self, id: &str) -> Option<&ResourceRecord> {
        self.resources.iter().find(|r| r.id == id)
    }

    /// Adds a resource (the caller checked that the code is free).
    pub fn insert_resource(&mut self, r: ResourceRecord) {
        self.resources.push(r);
    }

    /// Changes a resource.
    pub fn update_resource(
        &mut self,
        namespace: &str,
        code: &str,
        f: impl FnOnce(&mut ResourceRecord),
    ) -> Option<&ResourceRecord> {
        let r = self
            .resources
            .iter_mut()
            .find(|r| r.namespace == namespace && r.code == code)?;
        f(r);
        Some(r)
    }

    /// Removes a resource; `remove_grants` says which of the namespace's grants go too.
    pub fn remove_resource(
        &mut self,
        namespace: &str,
        code: &str,
        remove_grants: impl Fn(&GrantRecord) -> bool,
    ) -> Option<ResourceRecord> {
        let i = self
            .resources
            .iter()
            .position(|r| r.namespace == namespace && r.code == code)?;
        self.grants
            .retain(|g| !(g.namespace == namespace && remove_grants(g)));
        Some(self.resources.remove(i))
    }

    // ---- grants

    /// All grants, in grant order.
    pub fn grants(&self) -> std::slice::Iter<'_, GrantRecord> {
        self.grants.iter()
    }

    /// Grants actions on a resource to a target; a second grant of the same resource
    /// to the same target adds its actions (and sets the kind when given).
    pub fn grant(&mut self, g: GrantRecord) {
        let existing = self.grants.iter_mut().find(|x| {
            x.namespace == g.namespace
                && x.resource == g.resource
                && x.target_type == g.target_type
                && x.target_identifier == g.target_identifier
        });
        match existing {
            Some(x) => {
                for a in g.actions {
                    if !x.actions.contains(&a) {
                        x.actions.push(a);
                    }
                }
                if g.kind.is_some() {
                    x.kind = g.kind;
                }
            }
            None => self.grants.push(g),
        }
    }

    /// Removes the grants for which `f` is true.
    pub fn revoke(&mut self, f: impl Fn(&GrantRecord) -> bool) {
        self.grants.retain(|g| !f(g));
    }

    /// Drops the grants of a deleted target (`namespace` only for roles).
    pub(super) fn forget_target(&mut self, tt: TargetType, id: &str, namespace: Option<&str>) {
        self.grants.retain(|g| {
            !(g.target_type == tt
                && g.target_identifier == id
                && namespace.is_none_or(|n| g.namespace == n))
        });
    }

    /// Follows a rename of a target (`namespace` only for roles).
    pub(super) fn rename_target(
        &mut self,
        tt: TargetType,
        namespace: Option<&str>,
        old: &str,
        new: &str,
    ) {
        for g in self.grants.iter_mut() {
            if g.target_type == tt
                && g.target_identifier == old
                && namespace.is_none_or(|n| g.namespace == n)
            {
                g.target_identifier = new.to_string();
            }
        }
    }
}
