//! Inputs and answers of the account flows.

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
