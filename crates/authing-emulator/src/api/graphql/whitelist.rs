//! Registration whitelists: `whitelist`, `addWhitelist`, `removeWhitelist`
//! (switched on and off by `updateUserpool`, see `userpool_update.rs`).

use async_graphql::{Context, Enum, Object, Result, SimpleObject};

use super::{require_admin, shared};
use crate::domain::whitelist as domain;
use crate::store::whitelist::WhitelistEntry;

/// The kind of account a whitelist restricts.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(
    name = "WhitelistType",
    remote = "crate::store::whitelist::WhitelistKind"
)]
pub enum WhitelistType {
    /// Usernames.
    Username,
    /// Emails (stored lower-cased).
    Email,
    /// Phone numbers.
    Phone,
}

/// One whitelisted value.
#[derive(SimpleObject, Debug, Clone)]
pub struct WhiteList {
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// The value.
    pub value: String,
}

impl From<WhitelistEntry> for WhiteList {
    fn from(e: WhitelistEntry) -> Self {
        Self {
            created_at: Some(e.created_at),
            updated_at: Some(e.updated_at),
            value: e.value,
        }
    }
}

/// Query fields of the whitelists.
#[derive(Default)]
pub struct WhitelistQuery;

#[Object]
impl WhitelistQuery {
    /// The values of one whitelist (management).
    async fn whitelist(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "type")] kind: WhitelistType,
    ) -> Result<Vec<WhiteList>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        Ok(domain::list(&store, kind.into())
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

/// Mutation fields of the whitelists.
#[derive(Default)]
pub struct WhitelistMutation;

#[Object]
impl WhitelistMutation {
    /// Adds values (emails lower-cased); returns the entries added.
    async fn add_whitelist(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "type")] kind: WhitelistType,
        list: Vec<String>,
    ) -> Result<Vec<Option<WhiteList>>> {
        require_admin(ctx)?;
        let added = domain::add(shared(ctx), kind.into(), list)?;
        Ok(added.into_iter().map(|e| Some(e.into())).collect())
    }

    /// Removes values; returns the entries removed.
    async fn remove_whitelist(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "type")] kind: WhitelistType,
        list: Vec<String>,
    ) -> Result<Vec<Option<WhiteList>>> {
        require_admin(ctx)?;
        let removed = domain::remove(shared(ctx), kind.into(), list)?;
        Ok(removed.into_iter().map(|e| Some(e.into())).collect())
    }
}
