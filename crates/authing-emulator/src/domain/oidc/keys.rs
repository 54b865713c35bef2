//! RS256 signing keys of ID and access tokens, with their `kid`, and the JWKS.
//!
//! The initial key is a fixed, **well-known, non-secret** 2048-bit key shipped in this
//! crate (`keys/oidc-signing-private.pem`, kid `emulator-oidc-1`), so that starting takes
//! milliseconds. Rotation (`POST /emulator/v1/oidc/rotate-keys`,
//! `Emulator::rotate_signing_key`) generates a fresh 2048-bit key with a new kid, makes
//! it the signing key and keeps the previous ones in the JWKS, so tokens signed before
//! still verify. Rotated keys live in memory only (a restart starts from the shipped key).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::crypto::random_hex;
use crate::error::EmulatorError;

/// The well-known initial signing key (RSA 2048, PKCS#8); public on purpose.
const DEFAULT_SIGNING_KEY_PEM: &str = include_str!("../../../keys/oidc-signing-private.pem");
/// Kid of the well-known initial signing key.
pub(crate) const DEFAULT_KID: &str = "emulator-oidc-1";

/// One signing key.
#[derive(Clone)]
pub(crate) struct SigningKey {
    pub kid: String,
    enc: EncodingKey,
    dec: DecodingKey,
    /// Modulus and exponent, base64url (JWK `n`, `e`).
    pub n: String,
    pub e: String,
}

impl SigningKey {
    fn from_private(kid: String, private: &RsaPrivateKey) -> Result<Self, EmulatorError> {
        let der = private
            .to_pkcs1_der()
            .map_err(|e| EmulatorError::Key(e.to_string()))?;
        let enc = EncodingKey::from_rsa_der(der.as_bytes());
        let public = RsaPublicKey::from(private);
        let n = URL_SAFE_NO_PAD.encode(public.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(public.e().to_bytes_be());
        let dec = DecodingKey::from_rsa_components(&n, &e)
            .map_err(|e| EmulatorError::Key(e.to_string()))?;
        Ok(Self {
            kid,
            enc,
            dec,
            n,
            e,
        })
    }
}

/// The signing key (last) and the previous ones.
#[derive(Clone)]
pub(crate) struct SigningKeys {
    keys: Vec<SigningKey>,
}

impl SigningKeys {
    /// The shipped well-known key (parsed once per process).
    pub fn well_known() -> Result<Self, EmulatorError> {
        static KEY: std::sync::OnceLock<SigningKey> = std::sync::OnceLock::new();
        if let Some(k) = KEY.get() {
            return Ok(Self {
                keys: vec![k.clone()],
            });
        }
        let private = RsaPrivateKey::from_pkcs8_pem(DEFAULT_SIGNING_KEY_PEM)
            .map_err(|e| EmulatorError::Key(e.to_string()))?;
        let k = SigningKey::from_private(DEFAULT_KID.into(), &private)?;
        Ok(Self {
            keys: vec![KEY.get_or_init(|| k).clone()],
        })
    }

    /// Generates a fresh 2048-bit key with a new kid (slow in debug builds: call it
    /// outside any lock and off the async threads).
    pub fn generate_key() -> Result<SigningKey, EmulatorError> {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 2048)
            .map_err(|e| EmulatorError::Key(e.to_string()))?;
        SigningKey::from_private(format!("emulator-oidc-{}", random_hex(6)), &private)
    }

    /// Makes `key` the signing key; the previous ones stay for verification.
    pub fn push(&mut self, key: SigningKey) {
        self.keys.push(key);
    }

    pub fn current(&self) -> &SigningKey {
        // never empty: built with one key, keys are only added
        &self.keys[self.keys.len() - 1]
    }

    pub fn all(&self) -> &[SigningKey] {
        &self.keys
    }

    /// Signs claims with the current key (RS256, `kid` in the header).
    pub fn sign<T: Serialize>(&self, claims: &T) -> String {
        let key = self.current();
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(key.kid.clone());
        // RS256 over serializable claims with a valid key cannot fail.
        jsonwebtoken::encode(&header, claims, &key.enc).unwrap_or_default()
    }

    /// Verifies the RS256 signature with the key named by `kid` (expiry, issuer and
    /// audience are the caller's checks, against the emulator clock).
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Option<T> {
        let header = jsonwebtoken::decode_header(token.trim()).ok()?;
        if header.alg != Algorithm::RS256 {
            return None;
        }
        let kid = header.kid?;
        let key = self.keys.iter().find(|k| k.kid == kid)?;
        let mut v = Validation::new(Algorithm::RS256);
        v.validate_exp = false;
        v.validate_nbf = false;
        v.validate_aud = false;
        v.required_spec_claims = Default::default();
        jsonwebtoken::decode::<T>(token.trim(), &key.dec, &v)
            .ok()
            .map(|d| d.claims)
    }
}
