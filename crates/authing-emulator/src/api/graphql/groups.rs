//! Groups: the `Group` type, `groups`, `group`, `createGroup`, `updateGroup`,
//! `deleteGroups`, `addUserToGroup`, `removeUserFromGroup` (management).

use async_graphql::{ComplexObject, Context, Object, Result, SimpleObject};

use super::common::{CommonMessage, SortByEnum};
use super::policies::PaginatedAuthorizedResources;
use super::users::PaginatedUsers;
use super::{require_admin, shared};
use crate::domain::acl::GrantTarget;
use crate::domain::{self, paginate};
use crate::store::groups::GroupRecord;
use crate::store::policies::TargetType;

/// A group.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct Group {
    /// Internal id (not in Authing's type).
    #[graphql(skip)]
    pub id: String,
    /// Code, unique in the pool.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
}

impl From<&GroupRecord> for Group {
    fn from(g: &GroupRecord) -> Self {
        Group {
            id: g.id.clone(),
            code: g.code.clone(),
            name: g.name.clone(),
            description: g.description.clone(),
            created_at: g.created_at.clone(),
            updated_at: g.updated_at.clone(),
        }
    }
}

#[ComplexObject]
impl Group {
    /// Members, in the order they were added.
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
    ) -> Result<PaginatedUsers> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        let members = store
            .groups()
            .members(&self.id)
            .iter()
            .filter_map(|id| store.users().get(id));
        let (total, list) = paginate(members, page, limit);
        Ok(PaginatedUsers::new(total, list))
    }

    /// Resources granted to this group (every namespace when `namespace` is null).
    #[graphql(complexity = "super::unpaged_cost(child_complexity)")]
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        resource_type: Option<String>,
    ) -> Option<PaginatedAuthorizedResources> {
        let store = shared(ctx).store.read();
        Some(PaginatedAuthorizedResources::from_items(
            domain::acl::authorized_resources(
                &store,
                &GrantTarget::new(TargetType::Group, self.code.clone()),
                namespace.as_deref(),
                resource_type.as_deref(),
            ),
        ))
    }
}

/// A page of groups.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedGroups {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<Group>,
}

impl PaginatedGroups {
    pub(crate) fn new<'a>(total: i32, list: impl IntoIterator<Item = &'a GroupRecord>) -> Self {
        PaginatedGroups {
            total_count: total,
            list: list.into_iter().map(Group::from).collect(),
        }
    }
}

/// Query fields of groups.
#[derive(Default)]
pub struct GroupsQuery;

#[Object]
impl GroupsQuery {
    /// Groups of the pool, or of one user (`userId`; unknown → 2004), paged.
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
    async fn groups(
        &self,
        ctx: &Context<'_>,
        user_id: Option<String>,
        page: Option<i32>,
        limit: Option<i32>,
        sort_by: Option<SortByEnum>,
    ) -> Result<PaginatedGroups> {
        require_admin(ctx)?;
        let newest_first = matches!(
            sort_by.unwrap_or(SortByEnum::CreatedatDesc),
            SortByEnum::CreatedatDesc | SortByEnum::UpdatedatDesc
        );
        let store = shared(ctx).store.read();
        let all = domain::groups::list(&store, user_id.as_deref(), newest_first)?;
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedGroups::new(total, list))
    }

    /// One group or null.
    async fn group(&self, ctx: &Context<'_>, code: String) -> Result<Option<Group>> {
        require_admin(ctx)?;
        Ok(shared(ctx)
            .store
            .read()
            .groups()
            .find(&code)
            .map(Group::from))
    }
}

/// Mutation fields of groups (management).
#[derive(Default)]
pub struct GroupsMutation;

#[Object]
impl GroupsMutation {
    /// Creates a group (code unique in the pool, else 409).
    async fn create_group(
        &self,
        ctx: &Context<'_>,
        code: String,
        name: String,
        description: Option<String>,
    ) -> Result<Group> {
        require_admin(ctx)?;
        let g = domain::groups::create(shared(ctx), code, name, description)?;
        Ok(Group::from(&g))
    }

    /// Updates a group; `newCode` renames it (the old code is unknown afterwards).
    async fn update_group(
        &self,
        ctx: &Context<'_>,
        code: String,
        name: Option<String>,
        description: Option<String>,
        new_code: Option<String>,
    ) -> Result<Group> {
        require_admin(ctx)?;
        let g = domain::groups::update(shared(ctx), &code, name, description, new_code)?;
        Ok(Group::from(&g))
    }

    /// Deletes groups (all or nothing; an unknown code → 404).
    async fn delete_groups(
        &self,
        ctx: &Context<'_>,
        code_list: Vec<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::groups::delete(shared(ctx), &code_list)?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Adds users to a group (unknown user → 2004, unknown group → 404).
    async fn add_user_to_group(
        &self,
        ctx: &Context<'_>,
        user_ids: Vec<String>,
        code: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::groups::add_members(shared(ctx), code.as_deref(), &user_ids)?;
        Ok(CommonMessage::ok("添加成功"))
    }

    /// Takes users out of a group.
    async fn remove_user_from_group(
        &self,
        ctx: &Context<'_>,
        user_ids: Vec<String>,
        code: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::groups::remove_members(shared(ctx), code.as_deref(), &user_ids)?;
        Ok(CommonMessage::ok("移除成功"))
    }
}
