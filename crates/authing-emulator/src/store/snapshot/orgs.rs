//! Serde record types of organizations in the data file (version 2, member `orgs`):
//! each org holds its nodes as a flat list (`parentId` links, insertion order), each
//! node its members and the ids of the roles given to it.

use serde::{Deserialize, Serialize};

use crate::store::orgs::{MemberRecord, NodeRecord, OrgRecord, Orgs};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MemberFile {
    user_id: String,
    #[serde(default)]
    is_leader: bool,
    #[serde(default)]
    joined_at: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct NodeFile {
    id: String,
    #[serde(default)]
    parent_id: Option<String>,
    name: String,
    #[serde(default)]
    name_i18n: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    description_i18n: Option<String>,
    #[serde(default)]
    order: Option<i32>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    created_ms: i64,
    #[serde(default)]
    members: Vec<MemberFile>,
    #[serde(default)]
    role_ids: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OrgFile {
    id: String,
    root_node_id: String,
    #[serde(default)]
    tenant_id: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    created_ms: i64,
    #[serde(default)]
    nodes: Vec<NodeFile>,
}

/// The orgs of a store, for the file.
pub(super) fn to_files(orgs: &Orgs) -> Vec<OrgFile> {
    orgs.iter()
        .map(|o| OrgFile {
            id: o.id.clone(),
            root_node_id: o.root_node_id.clone(),
            tenant_id: o.tenant_id.clone(),
            created_at: o.created_at.clone(),
            updated_at: o.updated_at.clone(),
            created_ms: o.created_ms,
            nodes: orgs
                .all_nodes()
                .filter(|n| n.org_id == o.id)
                .map(|n| NodeFile {
                    id: n.id.clone(),
                    parent_id: n.parent_id.clone(),
                    name: n.name.clone(),
                    name_i18n: n.name_i18n.clone(),
                    description: n.description.clone(),
                    description_i18n: n.description_i18n.clone(),
                    order: n.order,
                    code: n.code.clone(),
                    created_at: n.created_at.clone(),
                    updated_at: n.updated_at.clone(),
                    created_ms: n.created_ms,
                    members: orgs
                        .members(&n.id)
                        .iter()
                        .map(|m| MemberFile {
                            user_id: m.user_id.clone(),
                            is_leader: m.is_leader,
                            joined_at: m.joined_at.clone(),
                        })
                        .collect(),
                    role_ids: orgs.roles_of_node(&n.id).to_vec(),
                })
                .collect(),
        })
        .collect()
}

/// The store's orgs from the file.
pub(super) fn from_files(files: Vec<OrgFile>) -> Orgs {
    let (mut orgs, mut nodes, mut members, mut roles) = (vec![], vec![], vec![], vec![]);
    for o in files {
        for n in o.nodes {
            members.push((
                n.id.clone(),
                n.members
                    .into_iter()
                    .map(|m| MemberRecord {
                        user_id: m.user_id,
                        is_leader: m.is_leader,
                        joined_at: m.joined_at,
                    })
                    .collect(),
            ));
            roles.push((n.id.clone(), n.role_ids));
            nodes.push(NodeRecord {
                id: n.id,
                org_id: o.id.clone(),
                parent_id: n.parent_id,
                name: n.name,
                name_i18n: n.name_i18n,
                description: n.description,
                description_i18n: n.description_i18n,
                order: n.order,
                code: n.code,
                created_at: n.created_at,
                updated_at: n.updated_at,
                created_ms: n.created_ms,
            });
        }
        orgs.push(OrgRecord {
            id: o.id,
            root_node_id: o.root_node_id,
            tenant_id: o.tenant_id,
            created_at: o.created_at,
            updated_at: o.updated_at,
            created_ms: o.created_ms,
        });
    }
    Orgs::from_parts(orgs, nodes, members, roles)
}
