//! Hooks of the organization store used by resource authorization.
//!
//! stub: replaced by the org store at merge (the org store implements these two
//! methods in `store/orgs.rs`; this file is deleted then).

use super::Store;

impl Store {
    /// Ids of the org nodes (departments) the user belongs to; their ORG grants and
    /// policy assignments apply to the user.
    pub(crate) fn department_node_ids_of(&self, user_id: &str) -> Vec<String> {
        let _ = user_id;
        Vec::new()
    }

    /// Ids of the roles the user holds through their departments.
    pub(crate) fn node_role_ids_of(&self, user_id: &str) -> Vec<String> {
        let _ = user_id;
        Vec::new()
    }
}
