//! The operations of `client.org()` and their variables.

use authing_core::Operation;

use crate::acl::AUTHORIZED_RESOURCE_FIELDS;

pub(crate) const NODE_FIELDS: &str = include_str!("node_fields.graphql");
pub(crate) const NODE: &[&str] = &[NODE_FIELDS];
const ORG_FIELDS: &[&str] = &[include_str!("org_fields.graphql"), NODE_FIELDS];

macro_rules! op {
    ($(#[$m:meta])* $name:ident = $kind:ident($op:literal, $root:literal, $file:literal, $frags:expr, $vars:ty)) => {
        $(#[$m])*
        pub const $name: Operation = Operation::$kind($op, $root, include_str!($file))
            .with_fragments($frags)
            .with_variables::<$vars>();
    };
}

op!(/// `mutation createOrg`.
    CREATE_ORG = mutation("createOrg", "createOrg", "create_org.graphql", ORG_FIELDS, CreateOrgVars<'static>));
op!(/// `mutation deleteOrg`.
    DELETE_ORG = mutation("deleteOrg", "deleteOrg", "delete_org.graphql", &[], IdVars<'static>));
op!(/// `query orgs`.
    ORGS = query("orgs", "orgs", "orgs.graphql", ORG_FIELDS, PagingVars));
op!(/// `query org`.
    ORG = query("org", "org", "org.graphql", ORG_FIELDS, IdVars<'static>));
op!(/// `mutation addNodeV2`.
    ADD_NODE_V2 = mutation("addNodeV2", "addNodeV2", "add_node_v2.graphql", NODE, AddNodeVars<'static>));
op!(/// `query nodeById`.
    NODE_BY_ID = query("nodeById", "nodeById", "node_by_id.graphql", NODE, IdVars<'static>));
op!(/// `mutation updateNode`.
    UPDATE_NODE = mutation("updateNode", "updateNode", "update_node.graphql", NODE, UpdateNodeVars<'static>));
op!(/// `mutation deleteNode`.
    DELETE_NODE = mutation("deleteNode", "deleteNode", "delete_node.graphql", &[], OrgNodeVars<'static>));
op!(/// `mutation moveNode`.
    MOVE_NODE = mutation("moveNode", "moveNode", "move_node.graphql", ORG_FIELDS, MoveNodeVars<'static>));
op!(/// `query isRootNode`.
    IS_ROOT_NODE = query("isRootNode", "isRootNode", "is_root_node.graphql", &[], OrgNodeVars<'static>));
op!(/// `query childrenNodes`.
    CHILDREN_NODES = query("childrenNodes", "childrenNodes", "children_nodes.graphql", NODE, NodeIdVars<'static>));
op!(/// `query rootNode`.
    ROOT_NODE = query("rootNode", "rootNode", "root_node.graphql", NODE, OrgIdVars<'static>));
op!(/// `query searchNodes`.
    SEARCH_NODES = query("searchNodes", "searchNodes", "search_nodes.graphql", NODE, KeywordVars<'static>));
op!(/// `mutation addMember`.
    ADD_MEMBER = mutation("addMember", "addMember", "add_member.graphql", NODE, MemberVars<'static>));
op!(/// `mutation removeMember`.
    REMOVE_MEMBER = mutation("removeMember", "removeMember", "remove_member.graphql", NODE, MemberVars<'static>));
op!(/// `mutation moveMembers`.
    MOVE_MEMBERS = mutation("moveMembers", "moveMembers", "move_members.graphql", &[], MoveMembersVars<'static>));
op!(/// `mutation setMainDepartment`.
    SET_MAIN_DEPARTMENT = mutation("setMainDepartment", "setMainDepartment", "set_main_department.graphql", &[], MainDepartmentVars<'static>));
op!(/// `query nodeByIdWithMembers` (root field `nodeById`).
    NODE_BY_ID_WITH_MEMBERS = query("nodeByIdWithMembers", "nodeById", "node_by_id_with_members.graphql",
        &[authing_core::models::USER_FIELDS], MembersVars<'static>));
op!(/// `query getNodeRoles` (root field `nodeById`).
    GET_NODE_ROLES = query("getNodeRoles", "nodeById", "get_node_roles.graphql",
        crate::roles::ROLE_FIELDS, NodeRolesVars<'static>));
op!(/// `query listNodeByIdAuthorizedResources` (root field `nodeById`).
    LIST_NODE_BY_ID_AUTHORIZED_RESOURCES = query("listNodeByIdAuthorizedResources", "nodeById",
        "list_node_by_id_authorized_resources.graphql", AUTHORIZED_RESOURCE_FIELDS, NodeResourcesVars<'static>));
op!(/// `query listNodeByCodeAuthorizedResources` (root field `nodeByCode`).
    LIST_NODE_BY_CODE_AUTHORIZED_RESOURCES = query("listNodeByCodeAuthorizedResources", "nodeByCode",
        "list_node_by_code_authorized_resources.graphql", AUTHORIZED_RESOURCE_FIELDS, NodeCodeResourcesVars<'static>));

authing_core::variables! {
    /// Variables of `createOrg`.
    pub(crate) struct CreateOrgVars<'a> { name: &'a str, code: Option<&'a str>, description: Option<&'a str> }
}
authing_core::variables! {
    /// Variables of `deleteOrg`, `org`, `nodeById`.
    pub(crate) struct IdVars<'a> { id: &'a str }
}
authing_core::variables! {
    /// Variables of `orgs`.
    pub(crate) struct PagingVars { page: i32, limit: i32 }
}
authing_core::variables! {
    /// Variables of `addNodeV2`.
    pub(crate) struct AddNodeVars<'a> {
        orgId: &'a str,
        parentNodeId: &'a str,
        name: &'a str,
        nameI18n: Option<&'a str>,
        description: Option<&'a str>,
        descriptionI18n: Option<&'a str>,
        order: Option<i32>,
        code: Option<&'a str>,
    }
}
authing_core::variables! {
    /// Variables of `updateNode`.
    pub(crate) struct UpdateNodeVars<'a> {
        id: &'a str,
        name: Option<&'a str>,
        code: Option<&'a str>,
        description: Option<&'a str>,
    }
}
authing_core::variables! {
    /// Variables of `deleteNode` and `isRootNode`.
    pub(crate) struct OrgNodeVars<'a> { orgId: &'a str, nodeId: &'a str }
}
authing_core::variables! {
    /// Variables of `moveNode`.
    pub(crate) struct MoveNodeVars<'a> { orgId: &'a str, nodeId: &'a str, targetParentId: &'a str }
}
authing_core::variables! {
    /// Variables of `childrenNodes`.
    pub(crate) struct NodeIdVars<'a> { nodeId: &'a str }
}
authing_core::variables! {
    /// Variables of `rootNode`.
    pub(crate) struct OrgIdVars<'a> { orgId: &'a str }
}
authing_core::variables! {
    /// Variables of `searchNodes`.
    pub(crate) struct KeywordVars<'a> { keyword: &'a str }
}
authing_core::variables! {
    /// Variables of `addMember` and `removeMember`.
    pub(crate) struct MemberVars<'a> { nodeId: &'a str, userIds: &'a [String] }
}
authing_core::variables! {
    /// Variables of `moveMembers`.
    pub(crate) struct MoveMembersVars<'a> { userIds: &'a [String], sourceNodeId: &'a str, targetNodeId: &'a str }
}
authing_core::variables! {
    /// Variables of `setMainDepartment`.
    pub(crate) struct MainDepartmentVars<'a> { userId: &'a str, departmentId: Option<&'a str> }
}
authing_core::variables! {
    /// Variables of `nodeByIdWithMembers`.
    pub(crate) struct MembersVars<'a> { id: &'a str, page: i32, limit: i32, includeChildrenNodes: Option<bool> }
}
authing_core::variables! {
    /// Variables of `getNodeRoles`.
    pub(crate) struct NodeRolesVars<'a> { id: &'a str, namespace: Option<&'a str> }
}
authing_core::variables! {
    /// Variables of `listNodeByIdAuthorizedResources`.
    pub(crate) struct NodeResourcesVars<'a> { id: &'a str, namespace: Option<&'a str>, resourceType: Option<&'a str> }
}
authing_core::variables! {
    /// Variables of `listNodeByCodeAuthorizedResources`.
    pub(crate) struct NodeCodeResourcesVars<'a> {
        orgId: &'a str,
        code: &'a str,
        namespace: Option<&'a str>,
        resourceType: Option<&'a str>,
    }
}
