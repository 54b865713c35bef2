//! Principal (real-name) authentication: the shape of the submitted data is checked
//! here (no outside service is asked) and an accepted result is recorded per user.
//!
//! - person (`P`): `name`, `idCard` = an 18-character resident ID number whose last
//!   character is the ISO 7064 MOD 11-2 check digit (`0`-`9` or `X`), `ext` = a bank
//!   card number of 12 to 19 digits passing the Luhn check;
//! - enterprise (`E`): `name` = the enterprise name, `idCard` = the 18-character unified
//!   social credit code (GB 32100 alphabet and check character), `ext` = the legal
//!   person's name.
//!
//! Errors: unknown user → 2004; a missing or blank field → 2231 (documented "incomplete
//! parameters"); a malformed value or an unknown type → 400 (the emulator's
//! invalid-argument code: the documented table has no code for these).

use crate::clock::iso_ms;
use crate::crypto::random_hex;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::principal::{PrincipalKind, PrincipalRecord};

/// A submission, as the JS SDK sends it (`{type, name, idCard, ext}`).
pub(crate) struct Submission {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub id_card: Option<String>,
    pub ext: Option<String>,
}

fn required(field: &str, v: Option<String>) -> Result<String, AuthingError> {
    v.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AuthingError::new(2231, format!("缺少参数 {field} ({field} required)")))
}

fn invalid(what: &str) -> AuthingError {
    AuthingError::bad_request(format!("{what}格式不正确 ({what} is malformed)"))
}

/// ISO 7064 MOD 11-2 check of an 18-character Chinese resident ID number.
pub(crate) fn id_card_valid(s: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    b[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

/// The GB 32100 check of an 18-character unified social credit code.
pub(crate) fn credit_code_valid(s: &str) -> bool {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let b = s.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let pos = |c: u8| ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase());
    let mut sum = 0usize;
    for (c, w) in b[..17].iter().zip(W) {
        let Some(v) = pos(*c) else { return false };
        sum += v * w;
    }
    let check = (31 - sum % 31) % 31;
    pos(b[17]) == Some(check)
}

/// Luhn check of a bank card number (12 to 19 digits).
pub(crate) fn bank_card_valid(s: &str) -> bool {
    let b = s.as_bytes();
    if !(12..=19).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(d - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Validates a submission and records it for `user_id`.
pub(crate) fn authenticate(
    sh: &Shared,
    user_id: &str,
    s: Submission,
) -> Result<PrincipalRecord, AuthingError> {
    if sh.store.read().users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    let kind = match required("type", s.kind)?.as_str() {
        "P" => PrincipalKind::Person,
        "E" => PrincipalKind::Enterprise,
        _ => {
            return Err(AuthingError::bad_request(
                "type 只能是 P 或 E (type must be P (person) or E (enterprise))",
            ));
        }
    };
    let name = required("name", s.name)?;
    let id_card = required("idCard", s.id_card)?;
    let ext = required("ext", s.ext)?;
    if name.chars().count() > 100 || ext.chars().count() > 100 {
        return Err(invalid("name/ext"));
    }
    match kind {
        PrincipalKind::Person if !id_card_valid(&id_card) => {
            return Err(invalid("身份证号 idCard"));
        }
        PrincipalKind::Person if !bank_card_valid(&ext) => return Err(invalid("银行卡号 ext")),
        PrincipalKind::Enterprise if !credit_code_valid(&id_card) => {
            return Err(invalid("统一社会信用代码 idCard"));
        }
        _ => {}
    }
    let record = PrincipalRecord {
        id: random_hex(12),
        user_id: user_id.to_string(),
        kind,
        name,
        id_card: id_card.to_ascii_uppercase(),
        ext,
        authenticated_at: iso_ms(sh.clock.now_ms()),
    };
    let mut store = sh.store.write();
    // the user may have been deleted meanwhile
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    store.principals_mut().set(record.clone());
    Ok(record)
}

/// A number shown with all but its last 4 characters replaced by `*`.
pub(crate) fn mask(s: &str) -> String {
    let n = s.chars().count();
    s.chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < n { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        assert!(id_card_valid("11010519491231002X"));
        assert!(!id_card_valid("110105194912310029"));
        assert!(credit_code_valid("91350100M000100Y43"));
        assert!(!credit_code_valid("91350100M000100Y44"));
        assert!(bank_card_valid("4111111111111111"));
        assert!(!bank_card_valid("4111111111111112"));
        assert_eq!(mask("11010519491231002X"), "**************002X");
        assert_eq!(mask("abc"), "abc");
    }
}
