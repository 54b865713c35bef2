//! Principal (real-name) authentication results per user: the submitted data as
//! validated by `domain::principal`, kept whole (answers mask it).

use std::collections::HashMap;

/// Person (`P`) or enterprise (`E`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrincipalKind {
    Person,
    Enterprise,
}

impl PrincipalKind {
    pub fn wire(self) -> &'static str {
        match self {
            Self::Person => "P",
            Self::Enterprise => "E",
        }
    }
}

/// One user's accepted authentication.
#[derive(Debug, Clone)]
pub(crate) struct PrincipalRecord {
    pub id: String,
    pub user_id: String,
    pub kind: PrincipalKind,
    /// Person's name or enterprise name.
    pub name: String,
    /// ID card number or unified social credit code.
    pub id_card: String,
    /// Bank card number (person) or legal person's name (enterprise).
    pub ext: String,
    /// ISO time of the authentication.
    pub authenticated_at: String,
}

/// Results by user id.
#[derive(Debug, Default)]
pub(crate) struct Principals {
    by_user: HashMap<String, PrincipalRecord>,
}

impl Principals {
    pub fn get(&self, user_id: &str) -> Option<&PrincipalRecord> {
        self.by_user.get(user_id)
    }

    /// Records (or replaces) a user's result.
    pub fn set(&mut self, r: PrincipalRecord) {
        self.by_user.insert(r.user_id.clone(), r);
    }

    pub fn iter(&self) -> impl Iterator<Item = &PrincipalRecord> {
        self.by_user.values()
    }

    pub fn forget_user(&mut self, user_id: &str) {
        self.by_user.remove(user_id);
    }
}
