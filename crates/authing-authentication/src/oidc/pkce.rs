//! PKCE (RFC 7636): code verifiers and their challenges.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng as _;
use sha2::{Digest as _, Sha256};

use authing_core::{Error, Result};

/// The unreserved characters of RFC 7636 §4.1.
const VERIFIER_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// Length of a generated verifier (the shortest RFC 7636 allows: 43 characters,
/// about 256 bits of randomness).
pub const DEFAULT_VERIFIER_LENGTH: usize = 43;

/// How the code challenge is derived from the verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CodeChallengeMethod {
    /// `S256` (default): base64url(SHA-256(verifier)) without padding.
    #[default]
    S256,
    /// `plain`: the verifier itself (only for clients that cannot hash).
    Plain,
}

impl CodeChallengeMethod {
    /// The name sent in `code_challenge_method`: `S256` or `plain`.
    ///
    /// ```
    /// use authing::authentication::oidc::CodeChallengeMethod;
    /// assert_eq!(CodeChallengeMethod::S256.as_str(), "S256");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::S256 => "S256",
            Self::Plain => "plain",
        }
    }
}

/// A PKCE pair: a random verifier (keep it until the code is exchanged) and its
/// `S256` challenge (sent in the authorize URL). `Debug` hides the verifier.
///
/// ```
/// use authing::authentication::oidc::{CodeChallengeMethod, Pkce};
/// let pkce = Pkce::generate();
/// assert!(pkce.verifier().len() >= 43);
/// assert_eq!(pkce.method(), CodeChallengeMethod::S256);
/// assert!(!format!("{pkce:?}").contains(pkce.verifier()));
/// ```
#[derive(Clone)]
pub struct Pkce {
    verifier: String,
    challenge: String,
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"[redacted]")
            .field("challenge", &self.challenge)
            .field("method", &"S256")
            .finish()
    }
}

impl Pkce {
    /// A new random verifier (43 characters) and its `S256` challenge.
    ///
    /// ```
    /// let pkce = authing::authentication::oidc::Pkce::generate();
    /// assert_eq!(pkce.challenge().len(), 43);
    /// ```
    pub fn generate() -> Self {
        Self::from_verifier(generate_code_challenge())
    }

    /// The pair of a verifier chosen by the caller (e.g. restored from a session).
    /// Fails with [`Error::InvalidArgument`] unless it has 43 to 128 characters of
    /// `A-Z a-z 0-9 - . _ ~`.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::Pkce;
    /// let pkce = Pkce::with_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
    /// assert_eq!(pkce.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    /// # Ok(()) }
    /// ```
    pub fn with_verifier(verifier: impl Into<String>) -> Result<Self> {
        let verifier = verifier.into();
        check_verifier(&verifier)?;
        Ok(Self::from_verifier(verifier))
    }

    fn from_verifier(verifier: String) -> Self {
        let challenge = generate_code_challenge_digest(&verifier, CodeChallengeMethod::S256);
        Self {
            verifier,
            challenge,
        }
    }

    /// The verifier: send it with the code
    /// ([`get_access_token_by_code`](crate::AuthenticationClient::get_access_token_by_code)).
    pub fn verifier(&self) -> &str {
        &self.verifier
    }

    /// The `S256` challenge, sent in the authorize URL.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// Always [`CodeChallengeMethod::S256`].
    pub fn method(&self) -> CodeChallengeMethod {
        CodeChallengeMethod::S256
    }
}

fn check_verifier(v: &str) -> Result<()> {
    if !(43..=128).contains(&v.len()) || !v.bytes().all(|b| VERIFIER_CHARS.contains(&b)) {
        return Err(Error::InvalidArgument(
            "a PKCE code verifier has 43 to 128 characters of A-Z a-z 0-9 - . _ ~".into(),
        ));
    }
    Ok(())
}

/// A new random PKCE code verifier of 43 characters (the Python SDK's
/// `generate_code_challenge()`, which names the verifier "code challenge").
///
/// ```
/// use authing::authentication::oidc::generate_code_challenge;
/// let verifier = generate_code_challenge();
/// assert_eq!(verifier.len(), 43);
/// ```
pub fn generate_code_challenge() -> String {
    random_string(DEFAULT_VERIFIER_LENGTH)
}

/// A new random code verifier of `length` characters; [`Error::InvalidArgument`]
/// unless `length` is between 43 and 128 (RFC 7636 §4.1).
///
/// ```
/// # fn main() -> authing::authentication::Result<()> {
/// let verifier = authing::authentication::oidc::generate_code_challenge_with_length(64)?;
/// assert_eq!(verifier.len(), 64);
/// # Ok(()) }
/// ```
pub fn generate_code_challenge_with_length(length: usize) -> Result<String> {
    if !(43..=128).contains(&length) {
        return Err(Error::InvalidArgument(
            "a PKCE code verifier has 43 to 128 characters".into(),
        ));
    }
    Ok(random_string(length))
}

/// The challenge of `verifier`: for `S256` base64url(SHA-256) without padding, for
/// `plain` the verifier unchanged (the Python SDK's `generate_code_challenge_digest`).
///
/// ```
/// use authing::authentication::oidc::{generate_code_challenge_digest, CodeChallengeMethod};
/// // RFC 7636, appendix B.
/// let challenge = generate_code_challenge_digest(
///     "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
///     CodeChallengeMethod::S256,
/// );
/// assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// ```
pub fn generate_code_challenge_digest(verifier: &str, method: CodeChallengeMethod) -> String {
    match method {
        CodeChallengeMethod::S256 => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
        CodeChallengeMethod::Plain => verifier.to_owned(),
    }
}

/// `len` random characters of the RFC 7636 unreserved set (from the OS generator).
pub(crate) fn random_string(len: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(VERIFIER_CHARS[rng.gen_range(0..VERIFIER_CHARS.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            generate_code_challenge_digest(v, CodeChallengeMethod::S256),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(
            generate_code_challenge_digest(v, CodeChallengeMethod::Plain),
            v
        );
    }

    #[test]
    fn verifiers_are_valid_and_differ() {
        let a = generate_code_challenge();
        let b = generate_code_challenge();
        assert_ne!(a, b);
        check_verifier(&a).unwrap();
        assert!(generate_code_challenge_with_length(42).is_err());
        assert!(generate_code_challenge_with_length(129).is_err());
        assert_eq!(generate_code_challenge_with_length(128).unwrap().len(), 128);
        assert!(Pkce::with_verifier("short").is_err());
        assert!(Pkce::with_verifier("a".repeat(42) + " ").is_err());
    }
}
