//! GraphQL types of users: `User` (built from the stored record), its pages, and the
//! inputs of the user operations.

use async_graphql::{ComplexObject, Context, Enum, InputObject, SimpleObject};

use crate::api::graphql::common::profile_input;
use crate::api::graphql::custom_data::UdfDataType;
use crate::api::graphql::groups::PaginatedGroups;
use crate::api::graphql::policies::PaginatedAuthorizedResources;
use crate::api::graphql::roles::PaginatedRoles;
use crate::api::graphql::users::page::UserList;
use crate::domain;
use crate::store::Store;
use crate::store::custom::UdfTargetType;
use crate::store::policies::TargetType;
use crate::store::users::{self as rec, UserRecord};

/// Status of a user in the organization.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(
    rename_items = "PascalCase",
    remote = "crate::store::users::UserStatus"
)]
pub enum UserStatus {
    /// Suspended.
    Suspended,
    /// Resigned.
    Resigned,
    /// Normal.
    Activated,
    /// Archived.
    Archived,
}

/// An external identity of a user.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct Identity {
    /// openid.
    pub openid: Option<String>,
    /// Id in the identity provider.
    pub user_id_in_idp: Option<String>,
    /// Owning user.
    pub user_id: Option<String>,
    /// External IdP id.
    pub ext_idp_id: Option<String>,
    /// Social identity?
    pub is_social: Option<bool>,
    /// Provider.
    pub provider: Option<String>,
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// IdP refresh token.
    pub refresh_token: Option<String>,
    /// IdP access token.
    pub access_token: Option<String>,
    /// Connection id.
    pub connection_id: Option<String>,
    /// Identity type.
    #[graphql(name = "type")]
    pub r#type: Option<String>,
}

/// Custom data of a user, inline in `User.customData`.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserCustomData {
    /// Key.
    pub key: String,
    /// Value as text.
    pub value: Option<String>,
    /// Field label.
    pub label: Option<String>,
    /// Data type.
    pub data_type: UdfDataType,
}

/// A user.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct User {
    /// Id (24 hex digits).
    pub id: String,
    /// `arn:cn:authing:{pool}:user:{id}`.
    pub arn: String,
    /// Status.
    pub status: Option<UserStatus>,
    /// Pool id.
    pub user_pool_id: String,
    /// Username (unique, case-sensitive).
    pub username: Option<String>,
    /// Email (unique, stored lower-case).
    pub email: Option<String>,
    /// Email verified?
    pub email_verified: Option<bool>,
    /// Phone (unique).
    pub phone: Option<String>,
    /// Phone verified?
    pub phone_verified: Option<bool>,
    /// unionid.
    pub unionid: Option<String>,
    /// openid.
    pub openid: Option<String>,
    /// Nickname.
    pub nickname: Option<String>,
    /// Registration sources.
    pub register_source: Option<Vec<String>>,
    /// Avatar.
    pub photo: Option<String>,
    /// Raw IdP profile.
    pub oauth: Option<String>,
    /// Token, only in login/register answers.
    pub token: Option<String>,
    /// Expiry of the last issued token (ISO).
    pub token_expired_at: Option<String>,
    /// Login count.
    pub logins_count: Option<i32>,
    /// Last login (ISO).
    pub last_login: Option<String>,
    /// Last IP.
    #[graphql(name = "lastIP")]
    pub last_ip: Option<String>,
    /// Signed up (ISO).
    pub signed_up: Option<String>,
    /// Blocked?
    pub blocked: Option<bool>,
    /// Soft-deleted?
    pub is_deleted: Option<bool>,
    /// Device.
    pub device: Option<String>,
    /// Browser.
    pub browser: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Profile URL.
    pub profile: Option<String>,
    /// Preferred username.
    pub preferred_username: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Gender (`M`, `F`, `U`).
    pub gender: Option<String>,
    /// Birthdate.
    pub birthdate: Option<String>,
    /// Zone info.
    pub zoneinfo: Option<String>,
    /// Locale.
    pub locale: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Formatted address.
    pub formatted: Option<String>,
    /// Street.
    pub street_address: Option<String>,
    /// Locality.
    pub locality: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Created at (ISO).
    pub created_at: Option<String>,
    /// Updated at (ISO).
    pub updated_at: Option<String>,
    /// External id.
    pub external_id: Option<String>,
    /// Phone country code.
    pub phone_country_code: Option<String>,
    /// Main department id.
    pub main_department_id: Option<String>,
    /// Main department code.
    pub main_department_code: Option<String>,
    /// Created by this call (`true` in registration answers).
    pub newly_created: Option<bool>,
    /// Account expiry (ISO); the emulator's accounts do not expire (null).
    pub expired_at: Option<String>,
    /// Direct management setting (null: not used by the emulator).
    pub direct_management: Option<String>,
    /// External identities (served by the `identities` field).
    #[graphql(skip)]
    pub identities_list: Vec<Identity>,
}

impl From<&rec::Identity> for Identity {
    fn from(i: &rec::Identity) -> Self {
        Identity {
            openid: i.openid.clone(),
            user_id_in_idp: i.user_id_in_idp.clone(),
            user_id: i.user_id.clone(),
            ext_idp_id: i.ext_idp_id.clone(),
            is_social: i.is_social,
            provider: i.provider.clone(),
            user_pool_id: i.user_pool_id.clone(),
            refresh_token: i.refresh_token.clone(),
            access_token: i.access_token.clone(),
            connection_id: i.connection_id.clone(),
            r#type: i.r#type.clone(),
        }
    }
}

impl From<&UserRecord> for User {
    fn from(u: &UserRecord) -> Self {
        User {
            id: u.id.clone(),
            arn: u.arn.clone(),
            status: u.status.map(Into::into),
            user_pool_id: u.user_pool_id.clone(),
            username: u.username.clone(),
            email: u.email.clone(),
            email_verified: u.email_verified,
            phone: u.phone.clone(),
            phone_verified: u.phone_verified,
            unionid: u.unionid.clone(),
            openid: u.openid.clone(),
            nickname: u.nickname.clone(),
            register_source: u.register_source.clone(),
            photo: u.photo.clone(),
            oauth: u.oauth.clone(),
            token: None,
            token_expired_at: u.token_expired_at.clone(),
            logins_count: u.logins_count,
            last_login: u.last_login.clone(),
            last_ip: u.last_ip.clone(),
            signed_up: u.signed_up.clone(),
            blocked: u.blocked,
            is_deleted: u.is_deleted,
            device: u.device.clone(),
            browser: u.browser.clone(),
            company: u.company.clone(),
            name: u.name.clone(),
            given_name: u.given_name.clone(),
            family_name: u.family_name.clone(),
            middle_name: u.middle_name.clone(),
            profile: u.profile.clone(),
            preferred_username: u.preferred_username.clone(),
            website: u.website.clone(),
            gender: u.gender.clone(),
            birthdate: u.birthdate.clone(),
            zoneinfo: u.zoneinfo.clone(),
            locale: u.locale.clone(),
            address: u.address.clone(),
            formatted: u.formatted.clone(),
            street_address: u.street_address.clone(),
            locality: u.locality.clone(),
            region: u.region.clone(),
            postal_code: u.postal_code.clone(),
            city: u.city.clone(),
            province: u.province.clone(),
            country: u.country.clone(),
            created_at: u.created_at.clone(),
            updated_at: u.updated_at.clone(),
            external_id: u.external_id.clone(),
            phone_country_code: u.phone_country_code.clone(),
            main_department_id: u.main_department_id.clone(),
            main_department_code: u.main_department_code.clone(),
            newly_created: Some(false),
            expired_at: None,
            direct_management: None,
            identities_list: u.identities_list.iter().map(Into::into).collect(),
        }
    }
}

impl User {
    /// The user of a registration or login answer, with its token.
    pub(crate) fn logged_in(l: domain::login::LoggedIn) -> Self {
        let mut u = User::from(&l.user);
        u.token = l.token;
        u
    }

    /// The user of a registration answer (`newlyCreated: true`), with its token.
    pub(crate) fn registered(l: domain::login::LoggedIn) -> Self {
        let mut u = User::logged_in(l);
        u.newly_created = Some(true);
        u
    }
}

#[ComplexObject]
impl User {
    /// Always null: passwords are stored only as salted hashes.
    async fn password(&self) -> Option<String> {
        None
    }

    /// External identities.
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn identities(&self) -> Option<Vec<Option<Identity>>> {
        Some(self.identities_list.iter().cloned().map(Some).collect())
    }

    /// Roles of the user (all namespaces when `namespace` is null).
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn roles(&self, ctx: &Context<'_>, namespace: Option<String>) -> Option<PaginatedRoles> {
        let store = crate::api::graphql::shared(ctx).store.read();
        let list: Vec<_> = domain::users::roles_of(&store, &self.id, namespace.as_deref())
            .into_iter()
            .map(Into::into)
            .collect();
        Some(PaginatedRoles {
            total_count: list.len() as i32,
            list,
        })
    }

    /// Groups of the user, oldest group first.
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn groups(&self, ctx: &Context<'_>) -> Option<PaginatedGroups> {
        let store = crate::api::graphql::shared(ctx).store.read();
        let list: Vec<_> = store.groups().of_user(&self.id).collect();
        Some(PaginatedGroups::new(list.len() as i32, list))
    }

    /// Resources the user may act on: their own grants and policies and those of their
    /// roles, groups and departments (every namespace when `namespace` is null).
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        resource_type: Option<String>,
    ) -> Option<PaginatedAuthorizedResources> {
        let store = crate::api::graphql::shared(ctx).store.read();
        Some(PaginatedAuthorizedResources::from_items(
            domain::acl::authorized_resources(
                &store,
                &domain::acl::GrantTarget::new(TargetType::User, self.id.clone()),
                namespace.as_deref(),
                resource_type.as_deref(),
            ),
        ))
    }

    /// Departments (org nodes) of the user, in `orgId` or all orgs, with the main one
    /// marked.
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn departments(
        &self,
        ctx: &Context<'_>,
        org_id: Option<String>,
    ) -> Option<crate::api::graphql::orgs::PaginatedDepartments> {
        let store = crate::api::graphql::shared(ctx).store.read();
        Some(crate::api::graphql::orgs::PaginatedDepartments::of_user(
            &store,
            &self.id,
            org_id.as_deref(),
        ))
    }

    /// Custom data (UDV of target USER).
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn custom_data(&self, ctx: &Context<'_>) -> Option<Vec<Option<UserCustomData>>> {
        let store = crate::api::graphql::shared(ctx).store.read();
        Some(
            self.custom_data_list(&store)
                .into_iter()
                .map(Some)
                .collect(),
        )
    }
}

impl User {
    /// The custom data of the user (UDV of target USER), as `customData` serves it.
    pub(crate) fn custom_data_list(&self, store: &Store) -> Vec<UserCustomData> {
        domain::custom::values(store, UdfTargetType::User, &self.id)
            .into_iter()
            .map(|d| UserCustomData {
                key: d.key,
                value: Some(d.value),
                label: d.label,
                data_type: d.data_type.into(),
            })
            .collect()
    }
}

/// A page of users.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedUsers {
    /// Total number of matches.
    pub total_count: i32,
    /// The page.
    pub list: UserList,
}

impl PaginatedUsers {
    pub(crate) fn new<'a>(total: i32, list: impl IntoIterator<Item = &'a UserRecord>) -> Self {
        PaginatedUsers {
            total_count: total,
            list: UserList(list.into_iter().map(User::from).collect()),
        }
    }
}

/// `createUser.identity`.
#[derive(InputObject, Debug, Clone)]
pub struct CreateUserIdentityInput {
    /// Provider.
    pub provider: String,
    /// Id in the IdP.
    pub user_id_in_idp: String,
    /// openid.
    pub openid: Option<String>,
    /// Social?
    pub is_social: Option<bool>,
    /// Connection id.
    pub connection_id: Option<String>,
    /// IdP access token.
    pub access_token: Option<String>,
    /// IdP refresh token.
    pub refresh_token: Option<String>,
}

/// `findUser.identity`.
#[derive(InputObject, Debug, Clone)]
pub struct FindUserByIdentityInput {
    /// Identifier.
    pub identifier: Option<String>,
    /// Id in the IdP.
    pub user_id_in_idp: Option<String>,
    /// Social?
    pub is_social: Option<bool>,
    /// Provider.
    pub provider: Option<String>,
}

profile_input!(
    /// Fields of `createUser.userInfo`.
    CreateUserInput {
        /// Username.
        pub username: Option<String>,
        /// Email.
        pub email: Option<String>,
        /// Email verified.
        pub email_verified: Option<bool>,
        /// Phone.
        pub phone: Option<String>,
        /// Phone verified.
        pub phone_verified: Option<bool>,
        /// unionid.
        pub unionid: Option<String>,
        /// openid.
        pub openid: Option<String>,
        /// Password (RSA-encrypted, base64).
        pub password: Option<String>,
        /// Registration sources.
        pub register_source: Option<Vec<String>>,
        /// Raw IdP profile.
        pub oauth: Option<String>,
        /// Login count.
        pub logins_count: Option<i32>,
        /// Last login (ISO).
        pub last_login: Option<String>,
        /// Last IP.
        #[graphql(name = "lastIP")]
        pub last_ip: Option<String>,
        /// Signed up (ISO).
        pub signed_up: Option<String>,
        /// Blocked.
        pub blocked: Option<bool>,
        /// Soft-deleted.
        pub is_deleted: Option<bool>,
        /// External id.
        pub external_id: Option<String>,
    }
);

profile_input!(
    /// Fields of `updateUser.input`.
    UpdateUserInput {
        /// Email (management only).
        pub email: Option<String>,
        /// unionid.
        pub unionid: Option<String>,
        /// openid.
        pub openid: Option<String>,
        /// Email verified (management only).
        pub email_verified: Option<bool>,
        /// Phone (management only).
        pub phone: Option<String>,
        /// Phone verified (management only).
        pub phone_verified: Option<bool>,
        /// Username.
        pub username: Option<String>,
        /// Password (RSA-encrypted, management only).
        pub password: Option<String>,
        /// Raw IdP profile.
        pub oauth: Option<String>,
        /// Token expiry; a past value (or `"0"`) revokes the user's tokens.
        pub token_expired_at: Option<String>,
        /// Login count.
        pub logins_count: Option<i32>,
        /// Last login.
        pub last_login: Option<String>,
        /// Last IP.
        #[graphql(name = "lastIP")]
        pub last_ip: Option<String>,
        /// Blocked.
        pub blocked: Option<bool>,
        /// City.
        pub city: Option<String>,
        /// Province.
        pub province: Option<String>,
        /// External id.
        pub external_id: Option<String>,
        /// Phone country code.
        pub phone_country_code: Option<String>,
        /// Main department id.
        pub main_department_id: Option<String>,
        /// Main department code.
        pub main_department_code: Option<String>,
    }
);

/// Department filter of `searchUser`.
#[derive(InputObject, Debug, Clone)]
pub struct SearchUserDepartmentOpt {
    /// Department id.
    pub department_id: Option<String>,
    /// Include children.
    pub include_children_departments: Option<bool>,
}

/// Group filter of `searchUser`.
#[derive(InputObject, Debug, Clone)]
pub struct SearchUserGroupOpt {
    /// Group code.
    pub code: Option<String>,
}

/// Role filter of `searchUser`.
#[derive(InputObject, Debug, Clone)]
pub struct SearchUserRoleOpt {
    /// Namespace.
    pub namespace: Option<String>,
    /// Role code.
    pub code: String,
}
