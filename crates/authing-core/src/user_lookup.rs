//! `UserLookup`: the identifiers a user is looked up by, shared by both clients.

use serde::Serialize;

/// The identifiers of a user lookup (management `users().exists` / `users().find`,
/// authentication `is_user_exists`): exact match, email case-insensitive. At least
/// one must be set.
///
/// ```
/// use authing::models::UserLookup;
/// let by_email = UserLookup::email("bob@example.com");
/// let by_name = UserLookup { username: Some("bob".into()), ..Default::default() };
/// # let _ = (by_email, by_name);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserLookup {
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// External id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

impl UserLookup {
    /// Look up by email.
    ///
    /// ```
    /// let l = authing::models::UserLookup::email("bob@example.com");
    /// assert_eq!(l.email.as_deref(), Some("bob@example.com"));
    /// ```
    pub fn email(email: impl Into<String>) -> Self {
        Self {
            email: Some(email.into()),
            ..Self::default()
        }
    }

    /// Look up by phone.
    ///
    /// ```
    /// let l = authing::models::UserLookup::phone("+8613800000000");
    /// assert_eq!(l.phone.as_deref(), Some("+8613800000000"));
    /// ```
    pub fn phone(phone: impl Into<String>) -> Self {
        Self {
            phone: Some(phone.into()),
            ..Self::default()
        }
    }

    /// Look up by username.
    ///
    /// ```
    /// let l = authing::models::UserLookup::username("bob");
    /// assert_eq!(l.username.as_deref(), Some("bob"));
    /// ```
    pub fn username(username: impl Into<String>) -> Self {
        Self {
            username: Some(username.into()),
            ..Self::default()
        }
    }

    /// Look up by external id.
    ///
    /// ```
    /// let l = authing::models::UserLookup::external_id("ext-1");
    /// assert_eq!(l.external_id.as_deref(), Some("ext-1"));
    /// ```
    pub fn external_id(external_id: impl Into<String>) -> Self {
        Self {
            external_id: Some(external_id.into()),
            ..Self::default()
        }
    }

    /// Whether no identifier is set (blank values count as unset).
    ///
    /// ```
    /// use authing::models::UserLookup;
    /// assert!(UserLookup::default().is_empty());
    /// assert!(UserLookup::username("  ").is_empty());
    /// assert!(!UserLookup::username("bob").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        ![&self.email, &self.phone, &self.username, &self.external_id]
            .iter()
            .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()))
    }
}
