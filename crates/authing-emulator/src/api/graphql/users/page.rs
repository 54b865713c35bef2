//! The `list` of a users page (`users`, `searchUser`, `Role.users`), resolved cheaply.
//!
//! async-graphql resolves every field of every object as its own boxed future; for a
//! page of users with the SDK's `UserFields` selection (some 60 fields per user) that
//! cost many times the rest of the request. [`UserList`] is a `[User!]!` that builds
//! the stored (argument-free) fields of each user, and the objects of its `customData`
//! and `identities`, directly and hands every other field (`roles`, `password`, ...)
//! to the derived resolver of
//! [`User`], one after the other. The type, its registration, the values and the errors
//! are the same as a `Vec<User>`'s. (The schema installs no extensions, whose per-field
//! hooks this path would skip; fields carrying directives take the derived resolver.)

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use async_graphql::parser::types::{Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::{ContainerType, enum_value};
use async_graphql::{
    ContextSelectionSet, Name, OutputType, Positioned, ServerError, ServerResult, Value,
};
use indexmap::IndexMap;
use indexmap::map::Entry;

use super::User;
use super::types::{Identity, UserCustomData};
use crate::shared::Shared;

/// A list of users, typed `[User!]!` in the schema.
#[derive(Debug, Clone, Default)]
pub struct UserList(pub Vec<User>);

/// An object whose argument-free stored fields the direct path builds itself.
trait Direct: ContainerType + Sync {
    /// The GraphQL type name (type conditions, `__typename`).
    const NAME: &'static str;

    /// The value of a stored field without arguments, `None` for any other field (which
    /// then goes through the derived resolver).
    fn stored_field(&self, name: &str) -> Option<Value>;

    /// A list-of-objects field resolved directly too (`None`: not one).
    fn nested(&self, _ctx: &ContextSelectionSet<'_>, _name: &str) -> Option<Nested<'_>> {
        None
    }
}

impl Direct for UserCustomData {
    const NAME: &'static str = "UserCustomData";

    fn stored_field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "key" => Value::from(self.key.clone()),
            "value" => Value::from(self.value.clone()),
            "label" => Value::from(self.label.clone()),
            "dataType" => enum_value(self.data_type),
            _ => return None,
        })
    }
}

impl Direct for Identity {
    const NAME: &'static str = "Identity";

    fn stored_field(&self, name: &str) -> Option<Value> {
        let s = |v: &Option<String>| Value::from(v.clone());
        Some(match name {
            "openid" => s(&self.openid),
            "userIdInIdp" => s(&self.user_id_in_idp),
            "userId" => s(&self.user_id),
            "extIdpId" => s(&self.ext_idp_id),
            "isSocial" => Value::from(self.is_social),
            "provider" => s(&self.provider),
            "userPoolId" => s(&self.user_pool_id),
            "refreshToken" => s(&self.refresh_token),
            "accessToken" => s(&self.access_token),
            "connectionId" => s(&self.connection_id),
            "type" => s(&self.r#type),
            _ => return None,
        })
    }
}

impl Direct for User {
    const NAME: &'static str = "User";

    fn stored_field(&self, name: &str) -> Option<Value> {
        let s = |v: &Option<String>| Value::from(v.clone());
        Some(match name {
            "id" => Value::from(self.id.clone()),
            "arn" => Value::from(self.arn.clone()),
            "status" => self.status.map_or(Value::Null, enum_value),
            "userPoolId" => Value::from(self.user_pool_id.clone()),
            "username" => s(&self.username),
            "email" => s(&self.email),
            "emailVerified" => Value::from(self.email_verified),
            "phone" => s(&self.phone),
            "phoneVerified" => Value::from(self.phone_verified),
            "unionid" => s(&self.unionid),
            "openid" => s(&self.openid),
            "nickname" => s(&self.nickname),
            "registerSource" => Value::from(self.register_source.clone()),
            "photo" => s(&self.photo),
            "oauth" => s(&self.oauth),
            "token" => s(&self.token),
            "tokenExpiredAt" => s(&self.token_expired_at),
            "loginsCount" => Value::from(self.logins_count),
            "lastLogin" => s(&self.last_login),
            "lastIP" => s(&self.last_ip),
            "signedUp" => s(&self.signed_up),
            "blocked" => Value::from(self.blocked),
            "isDeleted" => Value::from(self.is_deleted),
            "device" => s(&self.device),
            "browser" => s(&self.browser),
            "company" => s(&self.company),
            "name" => s(&self.name),
            "givenName" => s(&self.given_name),
            "familyName" => s(&self.family_name),
            "middleName" => s(&self.middle_name),
            "profile" => s(&self.profile),
            "preferredUsername" => s(&self.preferred_username),
            "website" => s(&self.website),
            "gender" => s(&self.gender),
            "birthdate" => s(&self.birthdate),
            "zoneinfo" => s(&self.zoneinfo),
            "locale" => s(&self.locale),
            "address" => s(&self.address),
            "formatted" => s(&self.formatted),
            "streetAddress" => s(&self.street_address),
            "locality" => s(&self.locality),
            "region" => s(&self.region),
            "postalCode" => s(&self.postal_code),
            "city" => s(&self.city),
            "province" => s(&self.province),
            "country" => s(&self.country),
            "createdAt" => s(&self.created_at),
            "updatedAt" => s(&self.updated_at),
            "externalId" => s(&self.external_id),
            "phoneCountryCode" => s(&self.phone_country_code),
            "mainDepartmentId" => s(&self.main_department_id),
            "mainDepartmentCode" => s(&self.main_department_code),
            _ => return None,
        })
    }

    fn nested(&self, ctx: &ContextSelectionSet<'_>, name: &str) -> Option<Nested<'_>> {
        match name {
            "customData" => {
                let shared = ctx.data_unchecked::<Arc<Shared>>();
                Some(Nested::CustomData(
                    self.custom_data_list(&shared.store.read()),
                ))
            }
            "identities" => Some(Nested::Identities(&self.identities_list)),
            _ => None,
        }
    }
}

/// Adds `value` under `key`, merging objects (and lists of objects) selected twice
/// under the same key, as async-graphql does.
fn insert_value(target: &mut IndexMap<Name, Value>, key: Name, value: Value) {
    match (target.entry(key), value) {
        (Entry::Vacant(slot), value) => {
            slot.insert(value);
        }
        (Entry::Occupied(mut prev), value) => match (prev.get_mut(), value) {
            (Value::Object(prev), Value::Object(obj)) => {
                for (k, v) in obj {
                    insert_value(prev, k, v);
                }
            }
            (Value::List(prev), Value::List(list)) => {
                for (p, v) in prev.iter_mut().zip(list) {
                    if let (Value::Object(p), Value::Object(obj)) = (p, v) {
                        for (k, v) in obj {
                            insert_value(p, k, v);
                        }
                    }
                }
            }
            _ => {}
        },
    }
}

/// Resolves `set` (fields, fragment spreads, inline fragments) on `obj` into `out`.
fn collect<'a, T: Direct>(
    ctx: &'a ContextSelectionSet<'a>,
    set: &'a Positioned<SelectionSet>,
    obj: &'a T,
    out: &'a mut IndexMap<Name, Value>,
) -> Pin<Box<dyn Future<Output = ServerResult<()>> + Send + 'a>> {
    Box::pin(async move {
        let ctx = ctx.with_selection_set(set);
        out.reserve(set.node.items.len());
        for selection in &set.node.items {
            match &selection.node {
                Selection::Field(field) => resolve_field(&ctx, field, obj, out).await,
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    let Some(fragment) = ctx.query_env.fragments.get(name) else {
                        return Err(ServerError::new(
                            format!(r#"Unknown fragment "{name}"."#),
                            Some(spread.pos),
                        ));
                    };
                    if fragment.node.type_condition.node.on.node == T::NAME {
                        collect(&ctx, &fragment.node.selection_set, obj, out).await?;
                    }
                }
                Selection::InlineFragment(fragment) => {
                    let applies = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .is_none_or(|c| c.node.on.node == T::NAME);
                    if applies {
                        collect(&ctx, &fragment.node.selection_set, obj, out).await?;
                    }
                }
            }
        }
        Ok(())
    })
}

/// The list fields of a [`User`] that the direct path resolves (argument-free, from
/// the user or the store, as the derived resolvers do).
pub(crate) enum Nested<'a> {
    CustomData(Vec<UserCustomData>),
    Identities(&'a [Identity]),
}

/// `[T]` resolved as the derived resolver of a list of nullable objects would.
async fn objects<'a, T: Direct>(
    ctx: &ContextSelectionSet<'a>,
    field: &'a Positioned<Field>,
    items: &[T],
) -> ServerResult<Value> {
    let ctx_field = ctx.with_field(field);
    let ctx_set = ctx_field.with_selection_set(&field.node.selection_set);
    let mut list = Vec::with_capacity(items.len());
    for (idx, item) in items.iter().enumerate() {
        let ctx_idx = ctx_set.with_index(idx);
        let mut obj = IndexMap::new();
        collect(&ctx_idx, ctx_idx.item, item, &mut obj)
            .await
            .map_err(|e| ctx_idx.set_error_path(e))?;
        list.push(object_or_null(obj));
    }
    Ok(Value::List(list))
}

fn object_or_null(obj: IndexMap<Name, Value>) -> Value {
    if obj.is_empty() {
        Value::Null
    } else {
        Value::Object(obj)
    }
}

async fn resolve_field<'a, T: Direct>(
    ctx: &ContextSelectionSet<'a>,
    field: &'a Positioned<Field>,
    obj: &'a T,
    out: &mut IndexMap<Name, Value>,
) {
    let key = field.node.response_key().node.clone();
    let name = field.node.name.node.as_str();
    let plain = field.node.directives.is_empty() && field.node.arguments.is_empty();
    let stored = if name == "__typename" {
        Some(Value::from(T::NAME))
    } else if plain {
        obj.stored_field(name)
    } else {
        None
    };
    if let Some(v) = stored {
        return insert_value(out, key, v);
    }
    let nested = if plain { obj.nested(ctx, name) } else { None };
    let resolved = match nested {
        Some(Nested::CustomData(items)) => objects(ctx, field, &items).await.map(Some),
        Some(Nested::Identities(items)) => objects(ctx, field, items).await.map(Some),
        None => obj.resolve_field(&ctx.with_field(field)).await,
    };
    match resolved {
        Ok(v) => insert_value(out, key, v.unwrap_or_default()),
        Err(e) => ctx.add_error(e),
    }
}

impl OutputType for UserList {
    fn type_name() -> Cow<'static, str> {
        Vec::<User>::type_name()
    }

    fn qualified_type_name() -> String {
        Vec::<User>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        Vec::<User>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let mut list = Vec::with_capacity(self.0.len());
        for (idx, user) in self.0.iter().enumerate() {
            let ctx_idx = ctx.with_index(idx);
            let mut obj = IndexMap::new();
            collect(&ctx_idx, ctx_idx.item, user, &mut obj)
                .await
                .map_err(|e| ctx_idx.set_error_path(e))?;
            list.push(object_or_null(obj));
        }
        Ok(Value::List(list))
    }
}
