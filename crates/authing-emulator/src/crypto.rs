//! RSA password decryption, password hashing and JWT tokens.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};
use serde::{Deserialize, Serialize};

use crate::error::{AuthingError, EmulatorError};

/// The well-known emulator private key (RSA 1024, PKCS#8). It is public on purpose and
/// protects nothing: it only lets clients exercise the real password-encryption path.
pub(crate) const DEFAULT_PRIVATE_KEY_PEM: &str = include_str!("../keys/emulator-private.pem");

/// The RSA key pair clients encrypt passwords with.
#[derive(Clone)]
pub(crate) struct Keys {
    pub private: RsaPrivateKey,
    pub public_pem: String,
}

impl Keys {
    /// Parses a PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM.
    pub fn from_pem(pem: &str) -> Result<Self, EmulatorError> {
        let private = RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
            .map_err(|e| EmulatorError::Key(e.to_string()))?;
        Self::from_key(private)
    }

    /// Generates a fresh 1024-bit key pair (slow in debug builds).
    pub fn generate() -> Result<Self, EmulatorError> {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 1024)
            .map_err(|e| EmulatorError::Key(e.to_string()))?;
        Self::from_key(private)
    }

    fn from_key(private: RsaPrivateKey) -> Result<Self, EmulatorError> {
        let public_pem = private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| EmulatorError::Key(e.to_string()))?;
        Ok(Self {
            private,
            public_pem,
        })
    }

    /// Decrypts a base64 RSA-PKCS#1-v1.5 ciphertext into the clear-text password.
    pub fn decrypt_password(&self, b64: &str) -> Result<String, AuthingError> {
        let bytes = STANDARD
            .decode(b64.trim())
            .map_err(|_| AuthingError::decrypt_failed())?;
        let clear = self
            .private
            .decrypt(Pkcs1v15Encrypt, &bytes)
            .map_err(|_| AuthingError::decrypt_failed())?;
        String::from_utf8(clear).map_err(|_| AuthingError::decrypt_failed())
    }
}

fn hasher() -> Argon2<'static> {
    // Deliberately cheap parameters: this is an emulator, and tests hash many passwords.
    // Still a salted argon2id hash; clear-text passwords are never stored.
    let params = Params::new(64, 1, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a clear-text password (salted argon2id, PHC string).
pub(crate) fn hash_password(clear: &str) -> String {
    let salt = SaltString::generate(&mut rand::thread_rng());
    hasher()
        .hash_password(clear.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid params")
        .to_string()
}

/// Verifies a clear-text password against a PHC hash.
pub(crate) fn verify_password(clear: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher().verify_password(clear.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// The `data` claim of emulator tokens.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TokenData {
    /// `user` for user tokens, `userpool` for management tokens.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(rename = "_id", default)]
    pub underscore_id: Option<String>,
    pub user_pool_id: String,
    #[serde(default)]
    pub app_id: Option<String>,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub unionid: Option<String>,
    #[serde(default)]
    pub openid: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
    /// Revocation epoch of the user when the token was issued (emulator-specific).
    #[serde(default)]
    pub epoch: u32,
    /// Session id (emulator-specific): the `jti` of the session's first token,
    /// inherited by tokens refreshed from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// JWT claims of emulator tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Claims {
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(default)]
    pub jti: String,
    #[serde(default)]
    pub iss: Option<String>,
    pub data: TokenData,
}

impl Claims {
    /// The session of the token: `sid`, or the token's own `jti` for tokens without one.
    pub fn session_id(&self) -> &str {
        self.data.sid.as_deref().unwrap_or(&self.jti)
    }
}

/// Why a token was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Invalid,
    Expired,
}

/// HS256 signing and verification with one key (`jwtSecret` for user tokens, the
/// management key for management tokens).
pub(crate) struct Jwt {
    enc: EncodingKey,
    dec: DecodingKey,
    validation: Validation,
}

impl Jwt {
    pub fn new(secret: &str) -> Self {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        // Expiry is checked against the emulator clock, not the system clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.required_spec_claims = Default::default();
        Self {
            enc: EncodingKey::from_secret(secret.as_bytes()),
            dec: DecodingKey::from_secret(secret.as_bytes()),
            validation,
        }
    }

    pub fn sign(&self, claims: &Claims) -> String {
        jsonwebtoken::encode(&Header::default(), claims, &self.enc)
            .expect("HS256 signing of serializable claims cannot fail")
    }

    /// Verifies signature and expiry (against `now_secs`).
    pub fn verify(&self, token: &str, now_secs: i64) -> Result<Claims, TokenProblem> {
        let data = jsonwebtoken::decode::<Claims>(token.trim(), &self.dec, &self.validation)
            .map_err(|_| TokenProblem::Invalid)?;
        if data.claims.exp <= now_secs {
            return Err(TokenProblem::Expired);
        }
        Ok(data.claims)
    }
}

/// A random lower-case hex string of `bytes * 2` characters.
pub(crate) fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random numeric code of `len` digits.
pub(crate) fn random_digits(len: usize) -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// Compares two secrets in constant time (for equal lengths; the length itself is not
/// hidden).
pub(crate) fn secrets_equal(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}
