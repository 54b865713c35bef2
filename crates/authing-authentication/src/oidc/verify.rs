//! Local verification of id and access tokens (RS256, keys from the app's JWKS).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::de::DeserializeOwned;
use serde_json::Value;

use authing_core::__private::clock::{Instant, elapsed, now, unix_now};
use authing_core::__private::{RawRequest, excerpt};
use authing_core::{Error, InvalidTokenReason, Result};

use super::claims::{AccessTokenClaims, IdTokenClaims};
use super::options::OidcOptions;
use crate::AuthenticationClient;

/// After a refetch of the key set for an unknown `kid`, the next one waits this long
/// (a flood of tokens with made-up `kid`s must not become a flood of requests).
pub const JWKS_REFETCH_INTERVAL: Duration = Duration::from_secs(60);

type Keys = Arc<Vec<(Option<String>, DecodingKey)>>;

#[derive(Default)]
struct Jwks {
    keys: Option<Keys>,
    last_refetch: Option<Instant>,
}

/// The protocol options and the cached key set, held by the client.
pub(crate) struct OidcState {
    pub(crate) options: OidcOptions,
    jwks: Mutex<Jwks>,
}

impl OidcState {
    pub(crate) fn new(options: OidcOptions) -> Self {
        Self {
            options,
            jwks: Mutex::new(Jwks::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Jwks> {
        self.jwks.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn invalid(reason: InvalidTokenReason) -> Error {
    Error::invalid_token(reason)
}

/// `alg` and `kid` of the header, read without trusting anything.
fn header(token: &str) -> Result<(String, Option<String>)> {
    let mut parts = token.split('.');
    let (Some(h), Some(_), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid(InvalidTokenReason::Malformed));
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(h.trim_end_matches('='))
        .map_err(|_| invalid(InvalidTokenReason::Malformed))?;
    let v: Value =
        serde_json::from_slice(&bytes).map_err(|_| invalid(InvalidTokenReason::Malformed))?;
    let alg = v
        .get("alg")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(InvalidTokenReason::Malformed))?;
    let kid = v.get("kid").and_then(Value::as_str).map(str::to_owned);
    Ok((alg.to_owned(), kid))
}

/// The RSA signature keys of a JWKS document (other keys are skipped).
fn parse_jwks(body: &[u8]) -> std::result::Result<Vec<(Option<String>, DecodingKey)>, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let keys = v
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("no `keys` array")?;
    Ok(keys
        .iter()
        .filter(|k| k.get("kty").and_then(Value::as_str) == Some("RSA"))
        .filter(|k| {
            k.get("use")
                .and_then(Value::as_str)
                .is_none_or(|u| u == "sig")
        })
        .filter(|k| {
            k.get("alg")
                .and_then(Value::as_str)
                .is_none_or(|a| a == "RS256")
        })
        .filter_map(|k| {
            let n = k.get("n")?.as_str()?;
            let e = k.get("e")?.as_str()?;
            let key = DecodingKey::from_rsa_components(n, e).ok()?;
            Some((k.get("kid").and_then(Value::as_str).map(str::to_owned), key))
        })
        .collect())
}

fn find(keys: &Keys, kid: Option<&str>) -> Option<DecodingKey> {
    match kid {
        Some(kid) => keys
            .iter()
            .find(|(k, _)| k.as_deref() == Some(kid))
            .map(|(_, key)| key.clone()),
        None if keys.len() == 1 => Some(keys[0].1.clone()),
        None => None,
    }
}

/// The claims every verified token has, checked after the signature.
struct Checked<'a> {
    iss: Option<&'a str>,
    aud: &'a [String],
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
}

impl AuthenticationClient {
    /// Verifies an OIDC id token locally and returns its claims: an RS256 signature
    /// by a key of `{appHost}/oidc/.well-known/jwks.json` (fetched once and cached;
    /// fetched again once for an unknown `kid`, at most every
    /// [`JWKS_REFETCH_INTERVAL`]), `iss == {appHost}/oidc`, `aud` containing the app
    /// id, `exp`/`nbf`/`iat` within the [leeway](crate::AuthenticationClientBuilder::jwt_leeway),
    /// and the `nonce` when `expected_nonce` is given.
    ///
    /// A refused token is [`Error::InvalidToken`] with an
    /// [`InvalidTokenReason`]; the token is never part of an error. HS256 and `none`
    /// are refused. Fails with [`Error::Config`] without `app_id` or `app_host`.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, id_token: &str, nonce: &str) -> authing::authentication::Result<()> {
    /// use authing::authentication::{Error, InvalidTokenReason};
    /// match auth.verify_id_token(id_token, Some(nonce)).await {
    ///     Ok(claims) => println!("signed in: {:?}", claims.sub),
    ///     Err(Error::InvalidToken { reason: InvalidTokenReason::Expired }) => { /* sign in again */ }
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn verify_id_token(
        &self,
        id_token: &str,
        expected_nonce: Option<&str>,
    ) -> Result<IdTokenClaims> {
        let claims: IdTokenClaims = self.verify_jwt(id_token).await?;
        self.check(&Checked {
            iss: claims.iss.as_deref(),
            aud: &claims.aud,
            exp: claims.exp,
            nbf: claims.nbf,
            iat: claims.iat,
        })?;
        if let Some(expected) = expected_nonce {
            if claims.nonce.as_deref() != Some(expected) {
                return Err(invalid(InvalidTokenReason::WrongNonce));
            }
        }
        Ok(claims)
    }

    /// Verifies an access token issued for this app locally, with the same rules
    /// as [`verify_id_token`](Self::verify_id_token) (no nonce).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, bearer: &str) -> authing::authentication::Result<()> {
    /// let claims = auth.verify_access_token(bearer).await?;
    /// println!("scope {:?}", claims.scope);
    /// # Ok(()) }
    /// ```
    pub async fn verify_access_token(&self, access_token: &str) -> Result<AccessTokenClaims> {
        let claims: AccessTokenClaims = self.verify_jwt(access_token).await?;
        self.check(&Checked {
            iss: claims.iss.as_deref(),
            aud: &claims.aud,
            exp: claims.exp,
            nbf: claims.nbf,
            iat: claims.iat,
        })?;
        Ok(claims)
    }

    fn check(&self, c: &Checked<'_>) -> Result<()> {
        let app = self.app()?;
        let leeway = i64::try_from(self.oidc_options().leeway().as_secs()).unwrap_or(i64::MAX);
        let now = i64::try_from(unix_now().as_secs()).unwrap_or(i64::MAX);
        match c.exp {
            Some(exp) if now < exp.saturating_add(leeway) => {}
            _ => return Err(invalid(InvalidTokenReason::Expired)),
        }
        let future = |t: Option<i64>| t.is_some_and(|t| t > now.saturating_add(leeway));
        if future(c.nbf) || future(c.iat) {
            return Err(invalid(InvalidTokenReason::NotYetValid));
        }
        if c.iss != Some(format!("{}/oidc", app.host).as_str()) {
            return Err(invalid(InvalidTokenReason::WrongIssuer));
        }
        if !c.aud.iter().any(|a| a == app.id) {
            return Err(invalid(InvalidTokenReason::WrongAudience));
        }
        Ok(())
    }

    /// Checks the algorithm and the signature; returns the claims (not yet checked).
    async fn verify_jwt<T: DeserializeOwned>(&self, token: &str) -> Result<T> {
        self.app()?;
        let token = token.trim();
        let (alg, kid) = header(token)?;
        if alg != "RS256" {
            return Err(invalid(InvalidTokenReason::UnsupportedAlgorithm));
        }
        let key = match find(&self.jwks(false).await?, kid.as_deref()) {
            Some(key) => key,
            None if self.may_refetch() => find(&self.jwks(true).await?, kid.as_deref())
                .ok_or_else(|| invalid(InvalidTokenReason::UnknownKey))?,
            None => return Err(invalid(InvalidTokenReason::UnknownKey)),
        };
        let mut v = Validation::new(Algorithm::RS256);
        // Times, issuer and audience are checked by `check` with the platform clock.
        v.validate_exp = false;
        v.validate_nbf = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
        v.leeway = 0;
        let data = jsonwebtoken::decode::<Value>(token, &key, &v).map_err(|e| {
            invalid(match e.kind() {
                ErrorKind::InvalidSignature => InvalidTokenReason::BadSignature,
                ErrorKind::InvalidAlgorithm => InvalidTokenReason::UnsupportedAlgorithm,
                _ => InvalidTokenReason::Malformed,
            })
        })?;
        serde_json::from_value(data.claims).map_err(|_| invalid(InvalidTokenReason::BadClaims))
    }

    /// Whether a refetch for an unknown `kid` may happen now; if so, records it.
    fn may_refetch(&self) -> bool {
        let mut jwks = self.oidc_state().lock();
        if jwks
            .last_refetch
            .is_some_and(|t| elapsed(t) < JWKS_REFETCH_INTERVAL)
        {
            return false;
        }
        jwks.last_refetch = Some(now());
        true
    }

    /// The cached key set, fetched when absent or when `refresh` is set.
    async fn jwks(&self, refresh: bool) -> Result<Keys> {
        if !refresh {
            if let Some(keys) = &self.oidc_state().lock().keys {
                return Ok(keys.clone());
            }
        }
        let resp = self
            .transport()
            .raw(RawRequest::get("/oidc/.well-known/jwks.json"))
            .await?;
        let decode_err = |reason: String| Error::Decode {
            status: resp.status,
            reason,
            excerpt: excerpt(&resp.body, &[]),
        };
        if !(200..300).contains(&resp.status) {
            return Err(decode_err(format!(
                "the key set answered HTTP {}",
                resp.status
            )));
        }
        let keys: Keys =
            Arc::new(parse_jwks(&resp.body).map_err(|e| decode_err(format!("bad key set: {e}")))?);
        self.oidc_state().lock().keys = Some(keys.clone());
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_without_panics() {
        for bad in ["", "a", "a.b", "a.b.c.d", "!!.b.c", "e30.b.c"] {
            assert!(header(bad).is_err(), "{bad}");
        }
        let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#);
        assert_eq!(header(&format!("{h}.e30.")).unwrap().0, "none");
    }

    #[test]
    fn jwks_skips_foreign_keys() {
        let body = br#"{"keys":[{"kty":"EC","kid":"x"},{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB","use":"enc"}]}"#;
        assert!(parse_jwks(body).unwrap().is_empty());
        assert!(parse_jwks(b"{}").is_err());
    }
}
