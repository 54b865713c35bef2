//! Inputs and answers of the account flows.

use authing_core::{Error, Result};

use super::UserExistsVars;

/// The identifiers [`is_user_exists`](crate::AuthenticationClient::is_user_exists)
/// looks for (any of them matches). Set at least one.
///
/// ```
/// use authing::authentication::UserExistsQuery;
/// let q = UserExistsQuery { email: Some("alice@example.com".into()), ..UserExistsQuery::default() };
/// assert_eq!(UserExistsQuery::email("alice@example.com"), q);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserExistsQuery {
    /// Username (case-sensitive).
    pub username: Option<String>,
    /// Email (case-insensitive).
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// The user's id in an external system.
    pub external_id: Option<String>,
}

impl UserExistsQuery {
    /// A query by username.
    pub fn username(username: impl Into<String>) -> Self {
        Self {
            username: Some(username.into()),
            ..Self::default()
        }
    }

    /// A query by email.
    pub fn email(email: impl Into<String>) -> Self {
        Self {
            email: Some(email.into()),
            ..Self::default()
        }
    }

    /// A query by phone number.
    pub fn phone(phone: impl Into<String>) -> Self {
        Self {
            phone: Some(phone.into()),
            ..Self::default()
        }
    }

    /// A query by external id.
    pub fn external_id(external_id: impl Into<String>) -> Self {
        Self {
            external_id: Some(external_id.into()),
            ..Self::default()
        }
    }

    pub(super) fn vars(&self) -> Result<UserExistsVars<'_>> {
        let vars = UserExistsVars {
            email: pick(&self.email),
            phone: pick(&self.phone),
            username: pick(&self.username),
            externalId: pick(&self.external_id),
        };
        if vars.email.is_none()
            && vars.phone.is_none()
            && vars.username.is_none()
            && vars.externalId.is_none()
        {
            return Err(Error::InvalidArgument(
                "is_user_exists needs a username, email, phone or external_id".into(),
            ));
        }
        Ok(vars)
    }
}

fn pick(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

/// A password's security level, by the official SDKs' rule (the numbers are the
/// service's `passwordSecurityLevel`: 1, 2, 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum PasswordSecurityLevel {
    /// 1: anything weaker than [`Middle`](Self::Middle).
    Low = 1,
    /// 2: at least 8 characters with a letter and a digit.
    Middle = 2,
    /// 3: at least 12 characters with a lower-case letter, an upper-case letter and
    /// a digit.
    High = 3,
}

impl PasswordSecurityLevel {
    /// The level of `password` (characters are counted, not bytes).
    ///
    /// ```
    /// use authing::authentication::PasswordSecurityLevel;
    /// assert_eq!(PasswordSecurityLevel::of("Abcdefgh1234").number(), 3);
    /// ```
    pub fn of(password: &str) -> Self {
        let len = password.chars().count();
        let lower = password.chars().any(|c| c.is_ascii_lowercase());
        let upper = password.chars().any(|c| c.is_ascii_uppercase());
        let digit = password.chars().any(|c| c.is_ascii_digit());
        if len >= 12 && lower && upper && digit {
            Self::High
        } else if len >= 8 && (lower || upper) && digit {
            Self::Middle
        } else {
            Self::Low
        }
    }

    /// The service's number for this level (1, 2 or 3).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The level of the service's number, if it is 1, 2 or 3.
    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(Self::Low),
            2 => Some(Self::Middle),
            3 => Some(Self::High),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PasswordSecurityLevel as L;

    #[test]
    fn the_official_rule() {
        assert_eq!(L::of(""), L::Low);
        assert_eq!(L::of("abcdefgh"), L::Low);
        assert_eq!(L::of("1234567890123"), L::Low);
        assert_eq!(L::of("abc1234"), L::Low);
        assert_eq!(L::of("abcd1234"), L::Middle);
        assert_eq!(L::of("ABCD1234"), L::Middle);
        assert_eq!(L::of("abcdefgh12345"), L::Middle);
        assert_eq!(L::of("Abcdefg1234"), L::Middle);
        assert_eq!(L::of("Abcdefgh1234"), L::High);
        assert_eq!(L::of("ÄÖÜäöüßé1"), L::Low);
        assert_eq!(L::from_number(2), Some(L::Middle));
        assert_eq!(L::from_number(0), None);
        assert_eq!(L::High.number(), 3);
    }
}
