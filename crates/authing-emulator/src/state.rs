//! In-memory store of one emulated user pool, and its JSON persistence.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use parking_lot::{Mutex, RwLock};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::Clock;
use crate::control::Fault;
use crate::crypto::{Jwt, Keys};
use crate::error::{AuthingError, EmulatorError};
use crate::graphql::types::{
    AuthorizedResource, Policy, PolicyAssignment, PolicyAssignmentTargetType, PolicyEffect,
    ResourceType, Role, UdfDataType, UdfTargetType, User, UserDefinedData, UserDefinedField,
};

/// Lifetime of SMS and email verification codes.
pub(crate) const CODE_TTL_MS: i64 = 5 * 60 * 1000;
/// Lifetime of management tokens (7 days).
pub(crate) const MANAGEMENT_TOKEN_TTL_SECS: i64 = 7 * 24 * 3600;
/// Default lifetime of user tokens (15 days, Authing's default).
pub(crate) const USER_TOKEN_TTL_SECS: i32 = 15 * 24 * 3600;
/// Version of the data-file format.
pub(crate) const SNAPSHOT_VERSION: u32 = 1;

/// Channel of a sent verification code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Text message (`POST /api/v2/sms/send`).
    Sms,
    /// Email (`sendEmail`).
    Email,
}

/// A verification code the emulator "sent" (kept in the outbox instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    /// SMS or email.
    pub channel: Channel,
    /// Phone number or (lower-case) email address.
    pub to: String,
    /// The code.
    pub code: String,
    /// Email scene (`RESET_PASSWORD`, ...) or `null` for SMS.
    pub scene: Option<String>,
    /// When it was sent (emulator clock, ISO-8601).
    pub sent_at: String,
    /// When the code expires (emulator clock, epoch milliseconds).
    pub expires_at_ms: i64,
    /// Whether a request already used it (codes are single-use).
    pub consumed: bool,
}

/// Fixed identity of the pool.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PoolIds {
    pub user_pool_id: String,
    pub secret: String,
    pub jwt_secret: String,
    pub app_id: String,
    pub owner_id: String,
}

/// Mutable pool settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PoolSettings {
    pub name: String,
    pub domain: String,
    pub created_at: String,
    pub token_expires_after: i32,
    pub register_disabled: bool,
    pub email_verified_default: bool,
    pub verify_old_phone: bool,
    pub verify_old_email: bool,
}

/// Everything that `reset` clears.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Data {
    pub users: IndexMap<String, User>,
    pub roles: IndexMap<String, Role>,
    pub role_members: IndexMap<String, Vec<String>>,
    pub policies: Vec<Policy>,
    pub assignments: Vec<PolicyAssignment>,
    pub udfs: Vec<UserDefinedField>,
    /// `"{TARGET_TYPE}:{target id}"` → key → JSON value.
    pub udvs: IndexMap<String, IndexMap<String, Value>>,
    pub revoked_tokens: HashSet<String>,
}

/// The store of one pool.
pub(crate) struct Store {
    pub settings: PoolSettings,
    pub data: Data,
    pub outbox: Vec<OutboxMessage>,
    by_username: HashMap<String, String>,
    by_email: HashMap<String, String>,
    by_phone: HashMap<String, String>,
}

impl std::ops::Deref for Store {
    type Target = Data;
    fn deref(&self) -> &Data {
        &self.data
    }
}

/// Everything the handlers share.
pub(crate) struct Shared {
    pub ids: PoolIds,
    pub keys: Keys,
    pub jwt: Jwt,
    pub clock: Clock,
    pub store: RwLock<Store>,
    pub faults: Mutex<Vec<Fault>>,
    pub base_url: RwLock<String>,
}

impl Shared {
    pub fn arn_user(&self, id: &str) -> String {
        format!("arn:cn:authing:{}:user:{}", self.ids.user_pool_id, id)
    }
}

/// 1-based pagination: `(totalCount, page)`. `page < 1` → 1, `limit < 1` → 10, `limit` ≤ 1000.
pub(crate) fn paginate<T>(all: Vec<T>, page: Option<i32>, limit: Option<i32>) -> (i32, Vec<T>) {
    let total = all.len() as i32;
    let page = page.filter(|p| *p >= 1).unwrap_or(1) as usize;
    let limit = limit.filter(|l| *l >= 1).unwrap_or(10).min(1000) as usize;
    let start = (page - 1).saturating_mul(limit);
    let list = all.into_iter().skip(start).take(limit).collect();
    (total, list)
}

/// `*` matches everything; a trailing `*` matches any suffix; else exact.
pub(crate) fn pattern_matches(pattern: &str, value: &str) -> bool {
    if pattern == "*" || pattern == value {
        return true;
    }
    match pattern.strip_suffix('*') {
        Some(prefix) => value.starts_with(prefix),
        None => false,
    }
}

/// `type:id`, `type:*` or `_`.
pub(crate) fn valid_resource(resource: &str) -> bool {
    if resource == "_" {
        return true;
    }
    match resource.split_once(':') {
        Some((t, id)) => !t.is_empty() && !id.is_empty(),
        None => false,
    }
}

pub(crate) fn udv_key(target_type: UdfTargetType, target_id: &str) -> String {
    let t = serde_json::to_value(target_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("{t}:{target_id}")
}

/// Parses a UDV value sent as JSON text; text that is not JSON is taken as a plain string.
pub(crate) fn parse_udv_text(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// Checks a decoded value against the field's data type.
pub(crate) fn check_udv(key: &str, dt: UdfDataType, v: Value) -> Result<Value, AuthingError> {
    let ok = match dt {
        UdfDataType::String => v.is_string(),
        UdfDataType::Number => v.is_number(),
        UdfDataType::Boolean => v.is_boolean(),
        UdfDataType::Object => v.is_object() || v.is_array(),
        UdfDataType::Datetime => v.is_number() || v.is_string(),
    };
    if ok {
        Ok(v)
    } else {
        Err(AuthingError::bad_request(format!(
            "自定义字段 {key} 的值类型错误 (value of `{key}` is not of type {dt:?})"
        )))
    }
}

/// Text form of a stored UDV value: STRING plain, others JSON text.
pub(crate) fn udv_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Store {
    pub fn new(settings: PoolSettings, data: Data) -> Self {
        let mut s = Self {
            settings,
            data,
            outbox: Vec::new(),
            by_username: HashMap::new(),
            by_email: HashMap::new(),
            by_phone: HashMap::new(),
        };
        s.reindex();
        s
    }

    fn reindex(&mut self) {
        self.by_username.clear();
        self.by_email.clear();
        self.by_phone.clear();
        for (id, u) in &self.data.users {
            if let Some(x) = &u.username {
                self.by_username.insert(x.clone(), id.clone());
            }
            if let Some(x) = &u.email {
                self.by_email.insert(x.to_lowercase(), id.clone());
            }
            if let Some(x) = &u.phone {
                self.by_phone.insert(x.clone(), id.clone());
            }
        }
    }

    /// Clears everything except the pool settings.
    pub fn reset(&mut self) {
        self.data = Data::default();
        self.outbox.clear();
        self.reindex();
    }

    pub fn data_mut(&mut self) -> &mut Data {
        &mut self.data
    }

    // ---- users -------------------------------------------------------------------------

    pub fn user(&self, id: &str) -> Option<&User> {
        self.data.users.get(id)
    }

    pub fn user_by_username(&self, username: &str) -> Option<&User> {
        self.by_username
            .get(username)
            .and_then(|id| self.data.users.get(id))
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.by_email
            .get(&email.trim().to_lowercase())
            .and_then(|id| self.data.users.get(id))
    }

    pub fn user_by_phone(&self, phone: &str) -> Option<&User> {
        self.by_phone
            .get(phone.trim())
            .and_then(|id| self.data.users.get(id))
    }

    pub fn user_by_external_id(&self, ext: &str) -> Option<&User> {
        self.data
            .users
            .values()
            .find(|u| u.external_id.as_deref() == Some(ext))
    }

    /// Whether any identifier of `u` is already used by another user.
    pub fn identifier_conflict(&self, u: &User) -> bool {
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
    }

    /// Inserts a new user; fails with 2026 when username, email or phone is taken.
    /// Check and insert happen under the same write lock (the caller holds it).
    pub fn insert_user(&mut self, u: User) -> Result<(), AuthingError> {
        if self.identifier_conflict(&u) || self.data.users.contains_key(&u.id) {
            return Err(AuthingError::user_exists());
        }
        self.index_user(&u);
        self.data.users.insert(u.id.clone(), u);
        Ok(())
    }

    fn index_user(&mut self, u: &User) {
        if let Some(x) = &u.username {
            self.by_username.insert(x.clone(), u.id.clone());
        }
        if let Some(x) = &u.email {
            self.by_email.insert(x.to_lowercase(), u.id.clone());
        }
        if let Some(x) = &u.phone {
            self.by_phone.insert(x.clone(), u.id.clone());
        }
    }

    fn unindex_user(&mut self, u: &User) {
        if let Some(x) = &u.username {
            self.by_username.remove(x);
        }
        if let Some(x) = &u.email {
            self.by_email.remove(&x.to_lowercase());
        }
        if let Some(x) = &u.phone {
            self.by_phone.remove(x);
        }
    }

    /// Replaces a stored user, keeping the uniqueness indexes right. Conflicts fail with
    /// 2034 (username), 2200 (email) or 2035 (phone) and change nothing.
    pub fn replace_user(&mut self, new: User) -> Result<User, AuthingError> {
        let old = self
            .data
            .users
            .get(&new.id)
            .cloned()
            .ok_or_else(AuthingError::user_not_found)?;
        let other = |id: Option<&String>| id.is_some_and(|id| id != &new.id);
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
        self.unindex_user(&old);
        self.index_user(&new);
        self.data.users.insert(new.id.clone(), new.clone());
        Ok(new)
    }

    /// Removes a user and everything attached to it.
    pub fn remove_user(&mut self, id: &str) -> Option<User> {
        let u = self.data.users.shift_remove(id)?;
        self.unindex_user(&u);
        for members in self.data.role_members.values_mut() {
            members.retain(|m| m != id);
        }
        self.data.assignments.retain(|a| {
            !(a.target_type == PolicyAssignmentTargetType::User && a.target_identifier == id)
        });
        self.data
            .udvs
            .shift_remove(&udv_key(UdfTargetType::User, id));
        Some(u)
    }

    // ---- roles -------------------------------------------------------------------------

    pub fn role(&self, namespace: &str, code: &str) -> Option<&Role> {
        self.data
            .roles
            .values()
            .find(|r| r.namespace == namespace && r.code == code)
    }

    pub fn role_id(&self, namespace: &str, code: &str) -> Option<String> {
        self.role(namespace, code).map(|r| r.id.clone())
    }

    pub fn roles_of_user(&self, user_id: &str, namespace: Option<&str>) -> Vec<Role> {
        self.data
            .role_members
            .iter()
            .filter(|(_, m)| m.iter().any(|x| x == user_id))
            .filter_map(|(rid, _)| self.data.roles.get(rid))
            .filter(|r| namespace.is_none_or(|ns| r.namespace == ns))
            .cloned()
            .collect()
    }

    pub fn role_member_users(&self, role_id: &str) -> Vec<User> {
        self.data
            .role_members
            .get(role_id)
            .map(|m| {
                m.iter()
                    .filter_map(|id| self.data.users.get(id).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn remove_role(&mut self, id: &str) {
        if let Some(r) = self.data.roles.shift_remove(id) {
            self.data.role_members.shift_remove(id);
            self.data.assignments.retain(|a| {
                !(a.target_type == PolicyAssignmentTargetType::Role
                    && a.target_identifier == r.code
                    && a.namespace == r.namespace)
            });
            self.data
                .udvs
                .shift_remove(&udv_key(UdfTargetType::Role, id));
            for other in self.data.roles.values_mut() {
                if other.namespace == r.namespace && other.parent_code.as_deref() == Some(&r.code) {
                    other.parent_code = None;
                }
            }
        }
    }

    // ---- policies ----------------------------------------------------------------------

    pub fn policy(&self, namespace: &str, code: &str) -> Option<&Policy> {
        self.data
            .policies
            .iter()
            .find(|p| p.namespace == namespace && p.code == code)
    }

    /// `(USER, id)` plus `(ROLE, code)` of each of the user's roles in `namespace`.
    pub fn user_targets(
        &self,
        user_id: &str,
        namespace: &str,
    ) -> Vec<(PolicyAssignmentTargetType, String)> {
        let mut t = vec![(PolicyAssignmentTargetType::User, user_id.to_string())];
        for r in self.roles_of_user(user_id, Some(namespace)) {
            t.push((PolicyAssignmentTargetType::Role, r.code));
        }
        t
    }

    fn statements_for<'a>(
        &'a self,
        targets: &'a [(PolicyAssignmentTargetType, String)],
        namespace: &'a str,
    ) -> impl Iterator<Item = &'a crate::graphql::types::PolicyStatement> + 'a {
        self.data
            .assignments
            .iter()
            .filter(move |a| {
                a.enabled
                    && a.namespace == namespace
                    && targets
                        .iter()
                        .any(|(t, id)| *t == a.target_type && *id == a.target_identifier)
            })
            .filter_map(move |a| self.policy(&a.namespace, &a.code))
            .flat_map(|p| p.statements.iter())
    }

    /// `(allowed, denied)` for one action on one resource. DENY wins.
    pub fn evaluate(
        &self,
        user_id: &str,
        resource: &str,
        action: &str,
        namespace: &str,
    ) -> (bool, bool) {
        let targets = self.user_targets(user_id, namespace);
        let mut allow = false;
        let mut deny = false;
        for s in self.statements_for(&targets, namespace) {
            if pattern_matches(&s.resource, resource)
                && s.actions.iter().any(|a| pattern_matches(a, action))
            {
                match s.effect.unwrap_or(PolicyEffect::Allow) {
                    PolicyEffect::Allow => allow = true,
                    PolicyEffect::Deny => deny = true,
                }
            }
        }
        (allow && !deny, deny)
    }

    /// ALLOW statements of the targets, merged per resource.
    pub fn authorized_resources(
        &self,
        targets: &[(PolicyAssignmentTargetType, String)],
        namespace: &str,
        resource_type: Option<&str>,
    ) -> Vec<AuthorizedResource> {
        let mut out: IndexMap<String, Vec<String>> = IndexMap::new();
        for s in self.statements_for(targets, namespace) {
            if s.effect == Some(PolicyEffect::Deny) {
                continue;
            }
            let entry = out.entry(s.resource.clone()).or_default();
            for a in &s.actions {
                if !entry.contains(a) {
                    entry.push(a.clone());
                }
            }
        }
        let wanted = resource_type.map(|t| t.to_ascii_uppercase());
        if wanted.as_deref().is_some_and(|t| t != "DATA") {
            return vec![];
        }
        out.into_iter()
            .map(|(code, actions)| AuthorizedResource {
                code,
                r#type: Some(ResourceType::Data),
                actions: Some(actions),
                api_identifier: None,
            })
            .collect()
    }

    // ---- custom data -------------------------------------------------------------------

    pub fn udf(&self, target_type: UdfTargetType, key: &str) -> Option<&UserDefinedField> {
        self.data
            .udfs
            .iter()
            .find(|f| f.target_type == target_type && f.key == key)
    }

    pub fn udv_list(&self, target_type: UdfTargetType, target_id: &str) -> Vec<UserDefinedData> {
        let Some(values) = self.data.udvs.get(&udv_key(target_type, target_id)) else {
            return vec![];
        };
        values
            .iter()
            .map(|(k, v)| {
                let f = self.udf(target_type, k);
                UserDefinedData {
                    key: k.clone(),
                    data_type: f.map(|f| f.data_type).unwrap_or(UdfDataType::String),
                    value: udv_text(v),
                    label: f.and_then(|f| f.label.clone()),
                }
            })
            .collect()
    }

    /// Validates a batch of `(key, value)` for one target without storing anything.
    pub fn check_udv_batch(
        &self,
        target_type: UdfTargetType,
        items: Vec<(String, Value)>,
    ) -> Result<Vec<(String, Value)>, AuthingError> {
        items
            .into_iter()
            .map(|(k, v)| {
                let f = self.udf(target_type, &k).ok_or_else(|| {
                    AuthingError::not_found(format!(
                        "自定义字段 {k} 不存在，请先调用 setUdf 定义 (UDF key `{k}` is not defined)"
                    ))
                })?;
                let v = check_udv(&k, f.data_type, v)?;
                Ok((k, v))
            })
            .collect()
    }

    pub fn udv_store(
        &mut self,
        target_type: UdfTargetType,
        target_id: &str,
        items: Vec<(String, Value)>,
    ) {
        let entry = self
            .data
            .udvs
            .entry(udv_key(target_type, target_id))
            .or_default();
        for (k, v) in items {
            entry.insert(k, v);
        }
    }

    // ---- verification codes ------------------------------------------------------------

    /// Checks and consumes a code sent to `to`. Wrong → 2001, expired → 2300.
    pub fn consume_code(&mut self, to: &str, code: &str, now_ms: i64) -> Result<(), AuthingError> {
        let to = normalize_recipient(to);
        let code = code.trim();
        let msg = self
            .outbox
            .iter_mut()
            .rev()
            .find(|m| m.to == to && m.code == code && !m.consumed);
        match msg {
            None => Err(AuthingError::new(
                2001,
                "验证码错误 (wrong verification code)",
            )),
            Some(m) if m.expires_at_ms <= now_ms => Err(AuthingError::new(
                2300,
                "验证码已过期 (verification code expired)",
            )),
            Some(m) => {
                m.consumed = true;
                Ok(())
            }
        }
    }
}

/// Emails are compared lower-case; phones trimmed.
pub(crate) fn normalize_recipient(to: &str) -> String {
    let t = to.trim();
    if t.contains('@') {
        t.to_lowercase()
    } else {
        t.to_string()
    }
}

// ---- persistence ---------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot {
    format: String,
    version: u32,
    pool: PoolIds,
    settings: PoolSettings,
    clock_offset_ms: i64,
    data: Data,
}

/// What a data file holds.
pub(crate) struct Loaded {
    pub pool: PoolIds,
    pub settings: PoolSettings,
    pub clock_offset_ms: i64,
    pub data: Data,
}

pub(crate) fn load_snapshot(path: &Path) -> Result<Option<Loaded>, EmulatorError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(EmulatorError::DataFile {
                path: path.display().to_string(),
                source,
            });
        }
    };
    let snap: Snapshot = serde_json::from_str(&text).map_err(|e| EmulatorError::DataFormat {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    if snap.format != "authing-emulator" || snap.version != SNAPSHOT_VERSION {
        return Err(EmulatorError::DataFormat {
            path: path.display().to_string(),
            message: format!(
                "unsupported format {:?} version {} (expected \"authing-emulator\" version {SNAPSHOT_VERSION})",
                snap.format, snap.version
            ),
        });
    }
    Ok(Some(Loaded {
        pool: snap.pool,
        settings: snap.settings,
        clock_offset_ms: snap.clock_offset_ms,
        data: snap.data,
    }))
}

pub(crate) fn save_snapshot(shared: &Arc<Shared>, path: &Path) -> Result<(), EmulatorError> {
    let json = {
        let store = shared.store.read();
        let snap = SnapshotRef {
            format: "authing-emulator",
            version: SNAPSHOT_VERSION,
            pool: &shared.ids,
            settings: &store.settings,
            clock_offset_ms: shared.clock.offset_ms(),
            data: &store.data,
        };
        serde_json::to_string_pretty(&snap).map_err(|e| EmulatorError::DataFormat {
            path: path.display().to_string(),
            message: e.to_string(),
        })?
    };
    let tmp = path.with_extension("tmp");
    let io = |source| EmulatorError::DataFile {
        path: path.display().to_string(),
        source,
    };
    std::fs::write(&tmp, json).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotRef<'a> {
    format: &'static str,
    version: u32,
    pool: &'a PoolIds,
    settings: &'a PoolSettings,
    clock_offset_ms: i64,
    data: &'a Data,
}
