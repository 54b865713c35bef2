//! Users: records and the uniqueness indexes (username, email, phone).

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::AuthingError;

/// Status of a user in the organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum UserStatus {
    Suspended,
    Resigned,
    Activated,
    Archived,
}

/// An external identity of a user.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Identity {
    pub openid: Option<String>,
    pub user_id_in_idp: Option<String>,
    pub user_id: Option<String>,
    pub ext_idp_id: Option<String>,
    pub is_social: Option<bool>,
    pub provider: Option<String>,
    pub user_pool_id: Option<String>,
    pub refresh_token: Option<String>,
    pub access_token: Option<String>,
    pub connection_id: Option<String>,
    pub r#type: Option<String>,
}

/// A stored user. Public fields and private ones (hash, token epoch, sort keys) alike:
/// what leaves the emulator is decided by the API output types, field by field.
#[derive(Debug, Clone, Default)]
pub(crate) struct UserRecord {
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
    /// Expiry of the last issued token (ISO).
    pub token_expired_at: Option<String>,
    /// Login count.
    pub logins_count: Option<i32>,
    /// Last login (ISO).
    pub last_login: Option<String>,
    /// Last IP.
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
    /// External identities.
    pub identities_list: Vec<Identity>,
    /// argon2 PHC hash, never exposed.
    pub password_hash: Option<String>,
    /// Incremented to revoke all tokens of the user.
    pub token_epoch: u32,
    /// Creation time in ms (sorting).
    pub created_ms: i64,
    /// Update time in ms (sorting).
    pub updated_ms: i64,
}

/// The users of the pool, in creation order, with their uniqueness indexes. Every
/// change goes through a method that keeps the indexes right.
#[derive(Debug, Default)]
pub(crate) struct Users {
    map: IndexMap<String, UserRecord>,
    by_username: HashMap<String, String>,
    by_email: HashMap<String, String>,
    by_phone: HashMap<String, String>,
    by_external_id: HashMap<String, String>,
}

impl Users {
    pub(super) fn from_records(records: impl IntoIterator<Item = UserRecord>) -> Self {
        let mut s = Self::default();
        for u in records {
            s.index(&u);
            s.map.insert(u.id.clone(), u);
        }
        s
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// All users, oldest first (double-ended: `.rev()` is newest first).
    pub fn iter(&self) -> indexmap::map::Values<'_, String, UserRecord> {
        self.map.values()
    }

    pub fn get(&self, id: &str) -> Option<&UserRecord> {
        self.map.get(id)
    }

    pub fn by_username(&self, username: &str) -> Option<&UserRecord> {
        self.by_username
            .get(username)
            .and_then(|id| self.map.get(id))
    }

    pub fn by_email(&self, email: &str) -> Option<&UserRecord> {
        self.by_email
            .get(&email.trim().to_lowercase())
            .and_then(|id| self.map.get(id))
    }

    pub fn by_phone(&self, phone: &str) -> Option<&UserRecord> {
        self.by_phone
            .get(phone.trim())
            .and_then(|id| self.map.get(id))
    }

    pub fn by_external_id(&self, ext: &str) -> Option<&UserRecord> {
        self.by_external_id.get(ext).and_then(|id| self.map.get(id))
    }

    /// Whether any identifier of `u` is already used by another user.
    pub fn identifier_conflict(&self, u: &UserRecord) -> bool {
        let other = |id: Option<&String>| id.is_some_and(|id| id != &u.id);
        u.username
            .as_ref()
            .is_some_and(|x| other(self.by_username.get(x)))
            || u.email
                .as_ref()
                .is_some_and(|x| other(self.by_email.get(&x.to_lowercase())))
            || u.phone
                .as_ref()
                .is_some_and(|x| other(self.by_phone.get(x)))
            || u.external_id
                .as_ref()
                .is_some_and(|x| other(self.by_external_id.get(x)))
    }

    /// Inserts a new user; fails with 2026 when username, email, phone or externalId
    /// is taken.
    pub fn insert(&mut self, u: UserRecord) -> Result<(), AuthingError> {
        if self.identifier_conflict(&u) || self.map.contains_key(&u.id) {
            return Err(AuthingError::user_exists());
        }
        self.index(&u);
        self.map.insert(u.id.clone(), u);
        Ok(())
    }

    /// Changes a stored user with `f`, keeping the uniqueness indexes right. Conflicts
    /// fail with 2034 (username), 2200 (email), 2035 (phone) or 2026 (externalId) and
    /// change nothing.
    /// Returns the updated user.
    pub fn update(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut UserRecord),
    ) -> Result<&UserRecord, AuthingError> {
        let old = self.map.get(id).ok_or_else(AuthingError::user_not_found)?;
        let mut new = old.clone();
        f(&mut new);
        new.id = old.id.clone();
        let other = |x: Option<&String>| x.is_some_and(|x| x != id);
        if new
            .username
            .as_ref()
            .is_some_and(|x| other(self.by_username.get(x)))
        {
            return Err(AuthingError::new(
                2034,
                "用户名已存在 (username already exists)",
            ));
        }
        if new
            .email
            .as_ref()
            .is_some_and(|x| other(self.by_email.get(&x.to_lowercase())))
        {
            return Err(AuthingError::new(
                2200,
                "邮箱已被绑定 (email already bound)",
            ));
        }
        if new
            .phone
            .as_ref()
            .is_some_and(|x| other(self.by_phone.get(x)))
        {
            return Err(AuthingError::new(
                2035,
                "手机号已被绑定 (phone already bound)",
            ));
        }
        if new
            .external_id
            .as_ref()
            .is_some_and(|x| other(self.by_external_id.get(x)))
        {
            return Err(AuthingError::new(
                2026,
                "externalId 已被使用 (externalId already used)",
            ));
        }
        let old = self
            .map
            .get(id)
            .cloned()
            .ok_or_else(AuthingError::user_not_found)?;
        self.unindex(&old);
        self.index(&new);
        let slot = self
            .map
            .get_mut(id)
            .ok_or_else(AuthingError::user_not_found)?;
        *slot = new;
        Ok(slot)
    }

    /// Changes fields that no index covers (token bookkeeping, login counters) in place.
    /// Identifier changes made by `f` are undone.
    pub fn touch(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut UserRecord),
    ) -> Result<&UserRecord, AuthingError> {
        let u = self
            .map
            .get_mut(id)
            .ok_or_else(AuthingError::user_not_found)?;
        let keep = (
            u.username.clone(),
            u.email.clone(),
            u.phone.clone(),
            u.external_id.clone(),
            u.id.clone(),
        );
        f(u);
        (u.username, u.email, u.phone, u.external_id, u.id) = keep;
        Ok(u)
    }

    /// Removes a user (the store removes what is attached to it).
    pub(super) fn remove(&mut self, id: &str) -> Option<UserRecord> {
        let u = self.map.shift_remove(id)?;
        self.unindex(&u);
        Some(u)
    }

    fn index(&mut self, u: &UserRecord) {
        if let Some(x) = &u.username {
            self.by_username.insert(x.clone(), u.id.clone());
        }
        if let Some(x) = &u.email {
            self.by_email.insert(x.to_lowercase(), u.id.clone());
        }
        if let Some(x) = &u.phone {
            self.by_phone.insert(x.clone(), u.id.clone());
        }
        if let Some(x) = &u.external_id {
            self.by_external_id.insert(x.clone(), u.id.clone());
        }
    }

    fn unindex(&mut self, u: &UserRecord) {
        if let Some(x) = &u.username {
            self.by_username.remove(x);
        }
        if let Some(x) = &u.email {
            self.by_email.remove(&x.to_lowercase());
        }
        if let Some(x) = &u.phone {
            self.by_phone.remove(x);
        }
        if let Some(x) = &u.external_id {
            self.by_external_id.remove(x);
        }
    }
}
