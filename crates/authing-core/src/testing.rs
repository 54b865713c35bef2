//! Test helpers (feature `test-util`): a fixed RSA key pair so tests can decrypt the
//! passwords a client sends. The private key is public knowledge: never use it for
//! anything but tests.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};

/// Public half of the test key pair (SPKI PEM): configure clients with it.
pub const TEST_PUBLIC_KEY_PEM: &str = include_str!("testing/test-public-key.pem");
/// Private half of the test key pair (PEM). For tests only.
pub const TEST_PRIVATE_KEY_PEM: &str = include_str!("testing/test-private-key.pem");

/// Decrypts a base64 PKCS#1 v1.5 ciphertext made with [`TEST_PUBLIC_KEY_PEM`].
/// Returns `None` when it does not decrypt.
pub fn decrypt_with_test_key(ciphertext_b64: &str) -> Option<String> {
    let key = RsaPrivateKey::from_pkcs1_pem(TEST_PRIVATE_KEY_PEM)
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(TEST_PRIVATE_KEY_PEM))
        .ok()?;
    let ct = STANDARD.decode(ciphertext_b64).ok()?;
    let pt = key.decrypt(Pkcs1v15Encrypt, &ct).ok()?;
    String::from_utf8(pt).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let enc = crate::PasswordEncryptor::from_pem(TEST_PUBLIC_KEY_PEM).unwrap();
        let ct = enc.encrypt("hunter2").unwrap();
        assert_eq!(decrypt_with_test_key(&ct).as_deref(), Some("hunter2"));
        assert_eq!(decrypt_with_test_key("bm90IGEgY2lwaGVydGV4dA=="), None);
    }
}
