//! Password encryption: RSA PKCS#1 v1.5 under the service's public key, base64.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Encrypt, RsaPublicKey};

use crate::error::{Error, Result};

/// Encrypts passwords before they leave the client. The key is parsed once.
#[derive(Clone)]
pub struct PasswordEncryptor {
    key: RsaPublicKey,
}

impl fmt::Debug for PasswordEncryptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordEncryptor")
            .field("key_bits", &(self.key.size() * 8))
            .finish()
    }
}

impl PasswordEncryptor {
    /// Parses a PEM public key: SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`) or PKCS#1
    /// (`BEGIN RSA PUBLIC KEY`).
    pub fn from_pem(pem: &str) -> Result<Self> {
        let pem = pem.trim();
        let key = RsaPublicKey::from_public_key_pem(pem)
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem))
            .map_err(|e| Error::Config(format!("cannot parse the RSA public key PEM: {e}")))?;
        Ok(Self { key })
    }

    /// Encrypts `plain` (UTF-8) with PKCS#1 v1.5 padding and returns standard base64.
    /// Fails for a password longer than the key allows (117 bytes for RSA 1024).
    ///
    /// ```
    /// let enc = authing::PasswordEncryptor::from_pem(authing::DEFAULT_PUBLIC_KEY).unwrap();
    /// let sent = enc.encrypt("s3cret").unwrap();
    /// assert_eq!(sent.len(), 172); // 128 bytes of ciphertext
    /// ```
    pub fn encrypt(&self, plain: &str) -> Result<String> {
        let max = self.key.size().saturating_sub(11);
        if plain.len() > max {
            // The password's length is not reported: it is information about a secret.
            return Err(Error::Encryption(format!(
                "password too long: this key encrypts at most {max} bytes"
            )));
        }
        let mut rng = rand::rngs::OsRng;
        let ct = self
            .key
            .encrypt(&mut rng, Pkcs1v15Encrypt, plain.as_bytes())
            .map_err(|e| Error::Encryption(e.to_string()))?;
        Ok(STANDARD.encode(ct))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::RsaPrivateKey;
    use rsa::pkcs8::{EncodePublicKey, LineEnding};

    #[test]
    fn private_key_decrypts_back() {
        let mut rng = rand::rngs::OsRng;
        let private = RsaPrivateKey::new(&mut rng, 1024).unwrap();
        let pem = private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let enc = PasswordEncryptor::from_pem(&pem).unwrap();
        let sent = enc.encrypt("pässwörd-123").unwrap();
        let ct = STANDARD.decode(&sent).unwrap();
        assert_eq!(ct.len(), 128);
        let back = private.decrypt(Pkcs1v15Encrypt, &ct).unwrap();
        assert_eq!(back, "pässwörd-123".as_bytes());
        // randomized padding: two encryptions differ
        assert_ne!(enc.encrypt("x").unwrap(), enc.encrypt("x").unwrap());
    }

    #[test]
    fn default_key_parses_and_long_password_fails() {
        let enc = PasswordEncryptor::from_pem(crate::DEFAULT_PUBLIC_KEY).unwrap();
        let e = enc.encrypt(&"a".repeat(118)).unwrap_err();
        assert!(matches!(e, Error::Encryption(_)));
        assert!(!e.to_string().contains("118"), "{e}");
        assert!(enc.encrypt(&"a".repeat(117)).is_ok());
    }
}
