//! User lifecycle fields of the management API: `archivedUsers` and
//! `sendFirstLoginVerifyEmail`.

use async_graphql::{Context, Object, Result};

use super::common::CommonMessage;
use super::users::PaginatedUsers;
use super::{require_admin, shared};
use crate::domain::lifecycle;

/// Query fields of the user lifecycle.
#[derive(Default)]
pub struct SessionsQuery;

#[Object]
impl SessionsQuery {
    /// Deleted users, most recent first (management).
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
    async fn archived_users(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
    ) -> Result<PaginatedUsers> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        let (total, list) = lifecycle::archived(&store, page, limit);
        Ok(PaginatedUsers::new(
            i32::try_from(total).unwrap_or(i32::MAX),
            list,
        ))
    }
}

/// Mutation fields of the user lifecycle.
#[derive(Default)]
pub struct SessionsMutation;

#[Object]
impl SessionsMutation {
    /// Sends the first-login verification email to a user (management).
    async fn send_first_login_verify_email(
        &self,
        ctx: &Context<'_>,
        user_id: String,
        app_id: String,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        lifecycle::send_first_login_verify_email(shared(ctx), &user_id, &app_id)?;
        Ok(CommonMessage::ok("发送成功"))
    }
}
