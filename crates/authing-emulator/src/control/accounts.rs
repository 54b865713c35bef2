//! Account-flow controls: `POST /emulator/v1/directory` (an LDAP / AD account) and
//! `POST /emulator/v1/users/force-password-reset` (2058 at the user's next login),
//! and their handle twins.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::{bad, ok};
use crate::domain::account_flows::{self, NewDirectoryEntry};
use crate::shared::Shared;
use crate::store::accounts::{DirectoryKind as StoreKind, ResetKind};
use crate::{Emulator, EmulatorError};

/// Which emulated directory an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DirectoryKind {
    /// LDAP (`POST /api/v2/ldap/verify-user`).
    Ldap,
    /// Active Directory (`POST /api/v2/ad/verify-user`).
    Ad,
}

impl From<DirectoryKind> for StoreKind {
    fn from(k: DirectoryKind) -> Self {
        match k {
            DirectoryKind::Ldap => StoreKind::Ldap,
            DirectoryKind::Ad => StoreKind::Ad,
        }
    }
}

/// An account of an emulated LDAP / AD directory, for
/// [`Emulator::add_directory_account`]. Its first directory login creates a pool user
/// (username, email and phone copied when free) with an identity of provider `ldap` /
/// `ad`; later logins log that user in.
///
/// ```
/// use authing_emulator::{DirectoryAccount, DirectoryKind};
/// let a = DirectoryAccount::new(DirectoryKind::Ldap, "alice", "s3cret").email("alice@corp.example");
/// assert_eq!(a.email.as_deref(), Some("alice@corp.example"));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct DirectoryAccount {
    /// The directory.
    pub kind: DirectoryKind,
    /// The account name in the directory.
    pub username: String,
    /// Its password (kept hashed).
    pub password: String,
    /// Email of the account.
    pub email: Option<String>,
    /// Phone of the account.
    pub phone: Option<String>,
    /// Display name (becomes the user's nickname).
    pub nickname: Option<String>,
}

impl std::fmt::Debug for DirectoryAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryAccount")
            .field("kind", &self.kind)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("email", &self.email)
            .field("phone", &self.phone)
            .field("nickname", &self.nickname)
            .finish()
    }
}

impl DirectoryAccount {
    /// An account with this name and password.
    pub fn new(
        kind: DirectoryKind,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            username: username.into(),
            password: password.into(),
            email: None,
            phone: None,
            nickname: None,
        }
    }

    /// Sets the email.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the phone.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// Sets the display name.
    pub fn nickname(mut self, nickname: impl Into<String>) -> Self {
        self.nickname = Some(nickname.into());
        self
    }
}

fn put(sh: &Shared, a: DirectoryAccount) -> Result<(), String> {
    account_flows::put_directory_entry(
        sh,
        NewDirectoryEntry {
            kind: a.kind.into(),
            username: a.username,
            password: a.password,
            email: a.email,
            phone: a.phone,
            nickname: a.nickname,
        },
    )
    .map_err(|e| e.message)
}

fn force(sh: &Shared, user_id: &str) -> Result<(), String> {
    account_flows::require_reset(sh, user_id, ResetKind::Forced).map_err(|e| e.message)
}

impl Emulator {
    /// Adds (or replaces) an account of the emulated LDAP or AD directory (the twin of
    /// `POST /emulator/v1/directory`). Directories are kept in memory only;
    /// [`reset`](Self::reset) clears them.
    pub fn add_directory_account(&self, account: DirectoryAccount) -> Result<(), EmulatorError> {
        put(&self.shared, account).map_err(EmulatorError::Control)
    }

    /// Makes the user's next password login fail with 2058 and a reset token, until
    /// the password is changed with `resetPasswordByForceResetToken` (the twin of
    /// `POST /emulator/v1/users/force-password-reset`).
    pub fn force_password_reset(&self, user_id: &str) -> Result<(), EmulatorError> {
        force(&self.shared, user_id).map_err(EmulatorError::Control)
    }
}

/// `POST /emulator/v1/directory` body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct DirectoryBody {
    kind: String,
    username: String,
    password: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    nickname: Option<String>,
}

/// `POST /emulator/v1/directory`.
pub(super) async fn directory(State(sh): State<Arc<Shared>>, body: Bytes) -> Response {
    let b = match serde_json::from_slice::<DirectoryBody>(&body) {
        Ok(b) => b,
        Err(e) => {
            return bad(format!(
                "expected {{\"kind\": \"ldap\"|\"ad\", \"username\", \"password\", \"email\"?, \"phone\"?, \"nickname\"?}}: {e}"
            ));
        }
    };
    let kind = match b.kind.as_str() {
        "ldap" => DirectoryKind::Ldap,
        "ad" => DirectoryKind::Ad,
        _ => return bad("kind must be \"ldap\" or \"ad\"".into()),
    };
    let account = DirectoryAccount {
        kind,
        username: b.username,
        password: b.password,
        email: b.email,
        phone: b.phone,
        nickname: b.nickname,
    };
    match put(&sh, account) {
        Ok(()) => ok(None::<()>),
        Err(m) => bad(m),
    }
}

/// `POST /emulator/v1/users/force-password-reset` body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ForceBody {
    user_id: String,
}

/// `POST /emulator/v1/users/force-password-reset` `{userId}`.
pub(super) async fn force_password_reset(State(sh): State<Arc<Shared>>, body: Bytes) -> Response {
    let b = match serde_json::from_slice::<ForceBody>(&body) {
        Ok(b) => b,
        Err(e) => return bad(format!("expected {{\"userId\"}}: {e}")),
    };
    match force(&sh, &b.user_id) {
        Ok(()) => ok(None::<()>),
        Err(m) => bad(m),
    }
}
