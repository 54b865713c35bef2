//! Serde record types of the data file for groups and resource authorization
//! (namespaces, resources, grants), and their conversions.

use serde::{Deserialize, Serialize};

use crate::store::acl::{
    GrantRecord, NamespaceRecord, ResourceAction, ResourceKind, ResourceRecord,
};
use crate::store::groups::GroupRecord;
use crate::store::policies::TargetType;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GroupFile {
    pub(super) id: String,
    pub(super) code: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) created_at: Option<String>,
    #[serde(default)]
    pub(super) updated_at: Option<String>,
    #[serde(default)]
    pub(super) created_ms: i64,
    /// Member user ids.
    #[serde(default)]
    pub(super) members: Vec<String>,
}

impl GroupFile {
    pub(super) fn new(g: &GroupRecord, members: &[String]) -> Self {
        GroupFile {
            id: g.id.clone(),
            code: g.code.clone(),
            name: g.name.clone(),
            description: g.description.clone(),
            created_at: g.created_at.clone(),
            updated_at: g.updated_at.clone(),
            created_ms: g.created_ms,
            members: members.to_vec(),
        }
    }

    /// The record and its members.
    pub(super) fn into_parts(self) -> (GroupRecord, Vec<String>) {
        (
            GroupRecord {
                id: self.id,
                code: self.code,
                name: self.name,
                description: self.description,
                created_at: self.created_at,
                updated_at: self.updated_at,
                created_ms: self.created_ms,
            },
            self.members,
        )
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct NamespaceFile {
    pub(super) id: i64,
    pub(super) code: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) created_ms: i64,
}

impl From<NamespaceFile> for NamespaceRecord {
    fn from(n: NamespaceFile) -> Self {
        NamespaceRecord {
            id: n.id,
            code: n.code,
            name: n.name,
            description: n.description,
            created_ms: n.created_ms,
        }
    }
}

impl From<&NamespaceRecord> for NamespaceFile {
    fn from(n: &NamespaceRecord) -> Self {
        NamespaceFile {
            id: n.id,
            code: n.code.clone(),
            name: n.name.clone(),
            description: n.description.clone(),
            created_ms: n.created_ms,
        }
    }
}

#[derive(Serialize, Deserialize)]
pub(super) struct ActionFile {
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ResourceFile {
    pub(super) id: String,
    pub(super) namespace: String,
    pub(super) code: String,
    #[serde(rename = "type")]
    pub(super) kind: ResourceKind,
    #[serde(default)]
    pub(super) actions: Vec<ActionFile>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) api_identifier: Option<String>,
    #[serde(default)]
    pub(super) created_at: String,
    #[serde(default)]
    pub(super) updated_at: String,
}

impl From<ResourceFile> for ResourceRecord {
    fn from(r: ResourceFile) -> Self {
        ResourceRecord {
            id: r.id,
            namespace: r.namespace,
            code: r.code,
            kind: r.kind,
            actions: r
                .actions
                .into_iter()
                .map(|a| ResourceAction {
                    name: a.name,
                    description: a.description,
                })
                .collect(),
            description: r.description,
            api_identifier: r.api_identifier,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

impl From<&ResourceRecord> for ResourceFile {
    fn from(r: &ResourceRecord) -> Self {
        ResourceFile {
            id: r.id.clone(),
            namespace: r.namespace.clone(),
            code: r.code.clone(),
            kind: r.kind,
            actions: r
                .actions
                .iter()
                .map(|a| ActionFile {
                    name: a.name.clone(),
                    description: a.description.clone(),
                })
                .collect(),
            description: r.description.clone(),
            api_identifier: r.api_identifier.clone(),
            created_at: r.created_at.clone(),
            updated_at: r.updated_at.clone(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GrantFile {
    pub(super) namespace: String,
    pub(super) resource: String,
    #[serde(default, rename = "type")]
    pub(super) kind: Option<ResourceKind>,
    pub(super) target_type: TargetType,
    pub(super) target_identifier: String,
    #[serde(default)]
    pub(super) actions: Vec<String>,
}

impl From<GrantFile> for GrantRecord {
    fn from(g: GrantFile) -> Self {
        GrantRecord {
            namespace: g.namespace,
            resource: g.resource,
            kind: g.kind,
            target_type: g.target_type,
            target_identifier: g.target_identifier,
            actions: g.actions,
        }
    }
}

impl From<&GrantRecord> for GrantFile {
    fn from(g: &GrantRecord) -> Self {
        GrantFile {
            namespace: g.namespace.clone(),
            resource: g.resource.clone(),
            kind: g.kind,
            target_type: g.target_type,
            target_identifier: g.target_identifier.clone(),
            actions: g.actions.clone(),
        }
    }
}
