//! Users (management): create, update, delete, list, search and look up.

use super::registration::{Profile, custom_data_items, insert_new_user, new_user};
use super::{check_email, check_iso, decrypt, page_window, paginate};
use crate::clock::{iso_ms, parse_iso};
use crate::crypto::hash_password;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::roles::RoleRecord;
use crate::store::users::{Identity, UserRecord};

/// Sort order of user lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserSort {
    CreatedDesc,
    CreatedAsc,
    UpdatedDesc,
    UpdatedAsc,
}

/// What identifies users in a batch lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserKey {
    Id,
    Username,
    Email,
    Phone,
    ExternalId,
}

impl UserKey {
    /// `id`, `username`, `email`, `phone` or `externalId`.
    pub fn parse(kind: &str) -> Option<Self> {
        Some(match kind {
            "id" => Self::Id,
            "username" => Self::Username,
            "email" => Self::Email,
            "phone" => Self::Phone,
            "externalId" => Self::ExternalId,
            _ => return None,
        })
    }
}

/// Finds one user by a key.
pub(crate) fn find_by<'a>(store: &'a Store, key: UserKey, value: &str) -> Option<&'a UserRecord> {
    let users = store.users();
    match key {
        UserKey::Id => users.get(value),
        UserKey::Username => users.by_username(value),
        UserKey::Email => users.by_email(value),
        UserKey::Phone => users.by_phone(value),
        UserKey::ExternalId => users.by_external_id(value),
    }
}

/// At most 80 ids per batch (else 2030).
pub(crate) fn check_batch_size(n: usize, verb: &str) -> Result<(), AuthingError> {
    if n > 80 {
        return Err(AuthingError::new(
            2030,
            format!("一次最多{verb} 80 个用户 (at most 80 ids per batch)"),
        ));
    }
    Ok(())
}

/// One page of users: `(total, page)`. Creation order is insertion order, so the
/// default sorts only walk the page.
pub(crate) fn list(
    store: &Store,
    page: Option<i32>,
    limit: Option<i32>,
    sort: UserSort,
) -> (usize, Vec<&UserRecord>) {
    let users = store.users();
    let (skip, take) = page_window(page, limit);
    let list = match sort {
        UserSort::CreatedDesc => users.iter().rev().skip(skip).take(take).collect(),
        UserSort::CreatedAsc => users.iter().skip(skip).take(take).collect(),
        UserSort::UpdatedDesc => {
            let mut all: Vec<&UserRecord> = users.iter().rev().collect();
            all.sort_by_key(|u| std::cmp::Reverse(u.updated_ms));
            all.into_iter().skip(skip).take(take).collect()
        }
        UserSort::UpdatedAsc => {
            let mut all: Vec<&UserRecord> = users.iter().collect();
            all.sort_by_key(|u| u.updated_ms);
            all.into_iter().skip(skip).take(take).collect()
        }
    };
    (users.len(), list)
}

const SEARCH_FIELDS: [&str; 11] = [
    "username",
    "nickname",
    "email",
    "phone",
    "company",
    "name",
    "givenName",
    "familyName",
    "middleName",
    "profile",
    "preferredUsername",
];

/// Fuzzy, case-insensitive search (newest first) over `fields` (default: the profile
/// identifiers), optionally only holders of one of the roles `(namespace, code)`.
pub(crate) fn search<'a>(
    store: &'a Store,
    query: &str,
    fields: Vec<String>,
    roles: Vec<(String, String)>,
    page: Option<i32>,
    limit: Option<i32>,
) -> (i32, Vec<&'a UserRecord>) {
    let q = query.to_lowercase();
    let fields: Vec<String> = if fields.is_empty() {
        SEARCH_FIELDS.iter().map(|s| s.to_string()).collect()
    } else {
        fields
    };
    let role_filter: Vec<String> = roles
        .iter()
        .filter_map(|(ns, code)| store.roles().id_of(ns, code))
        .collect();
    let matches = store
        .users()
        .iter()
        .rev()
        .filter(|u| {
            fields.iter().any(|f| {
                let v = match f.as_str() {
                    "username" => &u.username,
                    "nickname" => &u.nickname,
                    "email" => &u.email,
                    "phone" => &u.phone,
                    "company" => &u.company,
                    "name" => &u.name,
                    "givenName" => &u.given_name,
                    "familyName" => &u.family_name,
                    "middleName" => &u.middle_name,
                    "profile" => &u.profile,
                    "preferredUsername" => &u.preferred_username,
                    "externalId" => &u.external_id,
                    "id" => return u.id.to_lowercase().contains(&q),
                    _ => return false,
                };
                v.as_deref().is_some_and(|v| v.to_lowercase().contains(&q))
            })
        })
        .filter(|u| {
            role_filter.is_empty()
                || role_filter
                    .iter()
                    .any(|rid| store.roles().members(rid).contains(&u.id))
        });
    paginate(matches, page, limit)
}

/// Exact lookup criteria of `findUser`, tried in this order.
#[derive(Debug, Default)]
pub(crate) struct FindUser {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub username: Option<String>,
    pub external_id: Option<String>,
    /// `(userIdInIdp, provider)` of an external identity.
    pub identity: Option<(Option<String>, Option<String>)>,
}

pub(crate) fn find(store: &Store, f: FindUser) -> Option<&UserRecord> {
    let users = store.users();
    if let Some(e) = f.email {
        users.by_email(&e)
    } else if let Some(p) = f.phone {
        users.by_phone(&p)
    } else if let Some(u) = f.username {
        users.by_username(&u)
    } else if let Some(x) = f.external_id {
        users.by_external_id(&x)
    } else if let Some((in_idp, provider)) = f.identity {
        users.iter().find(|u| {
            u.identities_list.iter().any(|id| {
                (in_idp.is_none() || id.user_id_in_idp == in_idp)
                    && (provider.is_none() || id.provider == provider)
            })
        })
    } else {
        None
    }
}

/// Whether a user with any of the identifiers exists.
pub(crate) fn exists(store: &Store, f: FindUser) -> bool {
    let users = store.users();
    f.email.is_some_and(|e| users.by_email(&e).is_some())
        || f.phone.is_some_and(|p| users.by_phone(&p).is_some())
        || f.username.is_some_and(|u| users.by_username(&u).is_some())
        || f.external_id
            .is_some_and(|x| users.by_external_id(&x).is_some())
}

/// Roles of a user (all namespaces when `namespace` is `None`).
pub(crate) fn roles_of<'a>(
    store: &'a Store,
    user_id: &'a str,
    namespace: Option<&'a str>,
) -> Vec<&'a RoleRecord> {
    store.roles().of_user(user_id, namespace).collect()
}

/// Changes a stored user with `f` (indexes kept right, conflicts fail) and stamps
/// `updatedAt`.
pub(crate) fn modify(
    sh: &Shared,
    id: &str,
    f: impl FnOnce(&mut UserRecord),
) -> Result<UserRecord, AuthingError> {
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    store
        .users_mut()
        .update(id, |u| {
            f(u);
            u.updated_ms = now;
            u.updated_at = Some(iso_ms(now));
        })
        .cloned()
}

/// `createUser` fields besides the profile.
#[derive(Debug, Default)]
pub(crate) struct NewUser {
    pub profile: Profile,
    pub username: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub phone: Option<String>,
    pub phone_verified: Option<bool>,
    pub unionid: Option<String>,
    pub openid: Option<String>,
    /// RSA-encrypted.
    pub password: Option<String>,
    pub register_source: Option<Vec<String>>,
    pub oauth: Option<String>,
    pub logins_count: Option<i32>,
    pub last_login: Option<String>,
    pub last_ip: Option<String>,
    pub signed_up: Option<String>,
    pub blocked: Option<bool>,
    pub is_deleted: Option<bool>,
    pub external_id: Option<String>,
}

/// `createUser.identity`.
#[derive(Debug)]
pub(crate) struct NewIdentity {
    pub provider: String,
    pub user_id_in_idp: String,
    pub openid: Option<String>,
    pub is_social: Option<bool>,
    pub connection_id: Option<String>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
}

macro_rules! copy_some {
    ($src:expr, $dst:expr, [$($f:ident),* $(,)?]) => {
        $( if $src.$f.is_some() { $dst.$f = $src.$f.clone(); } )*
    };
}

/// Creates a user (needs at least one identifier, else 2028).
pub(crate) fn create(
    sh: &Shared,
    i: NewUser,
    identity: Option<NewIdentity>,
    params: Option<&str>,
) -> Result<UserRecord, AuthingError> {
    let has_id = [
        &i.username,
        &i.email,
        &i.phone,
        &i.unionid,
        &i.openid,
        &i.external_id,
    ]
    .iter()
    .any(|x| x.as_deref().is_some_and(|s| !s.trim().is_empty()))
        || identity.is_some();
    if !has_id {
        return Err(AuthingError::new(
            2028,
            "需要用户名、邮箱、手机号或其他身份标识 (username, email, phone or another identifier required)",
        ));
    }
    check_iso("lastLogin", &i.last_login)?;
    check_iso("signedUp", &i.signed_up)?;
    let clear = match i.password.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(decrypt(sh, p)?),
        None => None,
    };
    let mut u = new_user(sh, "unknown");
    i.profile.apply(&mut u);
    copy_some!(
        i,
        u,
        [
            username,
            phone,
            email_verified,
            phone_verified,
            unionid,
            openid,
            register_source,
            oauth,
            logins_count,
            last_login,
            last_ip,
            signed_up,
            blocked,
            is_deleted,
            external_id,
        ]
    );
    if let Some(e) = &i.email {
        u.email = Some(check_email(e)?);
    }
    if let Some(id) = identity {
        u.identities_list.push(Identity {
            openid: id.openid,
            user_id_in_idp: Some(id.user_id_in_idp),
            user_id: Some(u.id.clone()),
            is_social: id.is_social,
            provider: Some(id.provider),
            user_pool_id: Some(sh.ids.user_pool_id.clone()),
            refresh_token: id.refresh_token,
            access_token: id.access_token,
            connection_id: id.connection_id,
            ..Default::default()
        });
    }
    let custom = custom_data_items(params, &[])?;
    insert_new_user(sh, u, clear.as_deref(), custom)
}

/// `updateUser` fields besides the profile.
#[derive(Debug, Default)]
pub(crate) struct UserUpdate {
    pub profile: Profile,
    pub email: Option<String>,
    pub unionid: Option<String>,
    pub openid: Option<String>,
    pub email_verified: Option<bool>,
    pub phone: Option<String>,
    pub phone_verified: Option<bool>,
    pub username: Option<String>,
    /// RSA-encrypted.
    pub password: Option<String>,
    pub oauth: Option<String>,
    /// A past value (or `"0"`) revokes the user's tokens.
    pub token_expired_at: Option<String>,
    pub logins_count: Option<i32>,
    pub last_login: Option<String>,
    pub last_ip: Option<String>,
    pub blocked: Option<bool>,
    pub city: Option<String>,
    pub province: Option<String>,
    pub external_id: Option<String>,
    pub phone_country_code: Option<String>,
    pub main_department_id: Option<String>,
    pub main_department_code: Option<String>,
}

/// Updates a user. `admin`: any field. Else (the user themself): not email (2225),
/// phone (2226) or password/verification flags/counters (2018).
pub(crate) fn update(
    sh: &Shared,
    target: &str,
    admin: bool,
    input: UserUpdate,
) -> Result<UserRecord, AuthingError> {
    let current = sh
        .store
        .read()
        .users()
        .get(target)
        .cloned()
        .ok_or_else(AuthingError::user_not_found)?;
    if !admin {
        if input
            .email
            .as_ref()
            .is_some_and(|e| Some(e.trim().to_lowercase()) != current.email)
        {
            return Err(AuthingError::new(
                2225,
                "不能通过 updateUser 修改邮箱，请使用 updateEmail (use updateEmail to change the email)",
            ));
        }
        if input
            .phone
            .as_ref()
            .is_some_and(|p| Some(p) != current.phone.as_ref())
        {
            return Err(AuthingError::new(
                2226,
                "不能通过 updateUser 修改手机号，请使用 updatePhone (use updatePhone to change the phone)",
            ));
        }
        let forbidden = input.password.is_some()
            || input.email_verified.is_some()
            || input.phone_verified.is_some()
            || input.blocked.is_some()
            || input.logins_count.is_some()
            || (input.unionid.is_some() && input.unionid != current.unionid)
            || (input.openid.is_some() && input.openid != current.openid);
        if forbidden {
            return Err(AuthingError::new(
                2018,
                "用户无权修改此字段 (a user may not change this field; use the dedicated mutation or a management token)",
            ));
        }
    }
    check_iso("lastLogin", &input.last_login)?;
    let hash = match input.password.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(hash_password(&decrypt(sh, p)?)),
        None => None,
    };
    let email = match &input.email {
        Some(e) => Some(check_email(e)?),
        None => None,
    };
    let now = sh.clock.now_ms();
    let revoke = input
        .token_expired_at
        .as_deref()
        .is_some_and(|t| parse_iso(t).is_none_or(|ms| ms <= now));
    let mut store = sh.store.write();
    let user = store
        .users_mut()
        .update(target, |u| {
            input.profile.apply(u);
            copy_some!(
                input,
                u,
                [
                    unionid,
                    openid,
                    email_verified,
                    phone,
                    phone_verified,
                    username,
                    oauth,
                    token_expired_at,
                    logins_count,
                    last_login,
                    last_ip,
                    blocked,
                    city,
                    province,
                    external_id,
                    phone_country_code,
                    main_department_id,
                    main_department_code,
                ]
            );
            if email.is_some() {
                u.email = email;
            }
            if hash.is_some() {
                u.password_hash = hash;
            }
            u.updated_ms = now;
            u.updated_at = Some(iso_ms(now));
        })?
        .id
        .clone();
    if revoke {
        super::tokens::revoke_user_tokens(&mut store, &user)?;
    }
    store
        .users()
        .get(&user)
        .cloned()
        .ok_or_else(AuthingError::user_not_found)
}

/// Deletes users (all or nothing; any unknown id → 2004).
pub(crate) fn delete(sh: &Shared, ids: &[String]) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    if ids.iter().any(|id| store.users().get(id).is_none()) {
        return Err(AuthingError::user_not_found());
    }
    for id in ids {
        store.remove_user(id);
    }
    Ok(())
}
