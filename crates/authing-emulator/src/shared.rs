//! The state every handler shares: pool identity, keys, clock, the store (one lock)
//! and the fault queue.

use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::{Mutex, RwLock};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::control::Fault;
use crate::control::guard::Access;
use crate::crypto::{Jwt, Keys};
use crate::domain::oidc::keys::SigningKeys;
use crate::store::Store;

/// Lifetime of SMS and email verification codes.
pub(crate) const CODE_TTL_MS: i64 = 5 * 60 * 1000;
/// Lifetime of management tokens (7 days).
pub(crate) const MANAGEMENT_TOKEN_TTL_SECS: i64 = 7 * 24 * 3600;
/// Default lifetime of user tokens (15 days, Authing's default).
pub(crate) const USER_TOKEN_TTL_SECS: i32 = 15 * 24 * 3600;

/// Fixed identity of the pool.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PoolIds {
    pub user_pool_id: String,
    pub secret: String,
    pub jwt_secret: String,
    /// HS256 key of management tokens, never handed out (empty in older data files:
    /// a random one is generated at start).
    #[serde(default)]
    pub management_secret: String,
    pub app_id: String,
    pub owner_id: String,
}

impl std::fmt::Debug for PoolIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolIds")
            .field("user_pool_id", &self.user_pool_id)
            .field("app_id", &self.app_id)
            .field("owner_id", &self.owner_id)
            .finish_non_exhaustive()
    }
}

/// Everything the handlers share.
pub(crate) struct Shared {
    pub ids: PoolIds,
    pub keys: Keys,
    /// User tokens (`jwtSecret`, which users may read to verify their tokens).
    pub jwt: Jwt,
    /// Management tokens (`management_secret`, known only to the emulator).
    pub management_jwt: Jwt,
    /// RS256 keys of OIDC / OAuth ID and access tokens (the last one signs).
    pub oidc_keys: RwLock<SigningKeys>,
    pub clock: Clock,
    pub store: RwLock<Store>,
    pub faults: Mutex<Vec<Fault>>,
    pub base_url: RwLock<String>,
    /// Who may use the controls (bound address, control token).
    pub control: Access,
    /// Bumped by every change; the data-file task saves when it moved.
    pub generation: AtomicU64,
    /// One data-file save at a time.
    pub save_lock: Mutex<()>,
    /// The audit log and the user actions (in memory; `reset` clears them).
    pub audit: Mutex<crate::store::audit::AuditLogs>,
}

impl Shared {
    /// Notes that the state changed (the data file is saved within a second).
    pub fn mark_dirty(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub fn arn_user(&self, id: &str) -> String {
        format!("arn:cn:authing:{}:user:{}", self.ids.user_pool_id, id)
    }
}
