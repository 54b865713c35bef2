//! Local verification of id and access tokens: keys generated here, a JWKS served by
//! wiremock, tokens signed with `jsonwebtoken`.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authing_authentication::{AuthenticationClient, Error, InvalidTokenReason};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const APP_ID: &str = "app1";
const JWKS_PATH: &str = "/oidc/.well-known/jwks.json";

struct Key {
    kid: &'static str,
    encoding: EncodingKey,
    jwk: Value,
}

fn make_key(kid: &'static str) -> Key {
    let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
    let der = private.to_pkcs1_der().unwrap();
    let b64 = |b: Vec<u8>| URL_SAFE_NO_PAD.encode(b);
    Key {
        kid,
        encoding: EncodingKey::from_rsa_der(der.as_bytes()),
        jwk: json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
            "n": b64(private.n().to_bytes_be()), "e": b64(private.e().to_bytes_be()),
        }),
    }
}

/// Two keys, generated once per test binary (RSA generation is slow in debug).
fn keys() -> &'static (Key, Key) {
    static KEYS: OnceLock<(Key, Key)> = OnceLock::new();
    KEYS.get_or_init(|| (make_key("key-a"), make_key("key-b")))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Serves whatever key set is current.
#[derive(Clone)]
struct JwksResponder(Arc<Mutex<Value>>);

impl Respond for JwksResponder {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(self.0.lock().unwrap().clone())
    }
}

struct Ctx {
    server: MockServer,
    auth: AuthenticationClient,
    jwks: Arc<Mutex<Value>>,
}

impl Ctx {
    async fn new(keys_served: &[&Key]) -> Self {
        let server = MockServer::start().await;
        let jwks = Arc::new(Mutex::new(json!({
            "keys": keys_served.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>()
        })));
        Mock::given(method("GET"))
            .and(path(JWKS_PATH))
            .respond_with(JwksResponder(jwks.clone()))
            .mount(&server)
            .await;
        let auth = AuthenticationClient::builder()
            .app_id(APP_ID)
            .app_host(server.uri())
            .build()
            .unwrap();
        Self { server, auth, jwks }
    }

    fn iss(&self) -> String {
        format!("{}/oidc", self.server.uri())
    }

    fn claims(&self) -> Value {
        let t = now();
        json!({
            "sub": "user1", "aud": APP_ID, "iss": self.iss(), "iat": t, "exp": t + 3600,
            "nonce": "n-1", "email": "alice@example.com", "email_verified": false,
            "data": {"type": "user", "id": "user1", "userPoolId": "pool1", "appId": APP_ID},
            "userpool_id": "pool1"
        })
    }

    async fn jwks_fetches(&self) -> usize {
        self.server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.url.path() == JWKS_PATH)
            .count()
    }
}

fn sign(key: &Key, claims: &Value) -> String {
    let mut h = Header::new(Algorithm::RS256);
    h.kid = Some(key.kid.to_owned());
    jsonwebtoken::encode(&h, claims, &key.encoding).unwrap()
}

fn with(mut claims: Value, f: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    f(claims.as_object_mut().unwrap());
    claims
}

fn reason(r: Result<impl std::fmt::Debug, Error>) -> InvalidTokenReason {
    match r {
        Err(e) => e
            .invalid_token_reason()
            .unwrap_or_else(|| panic!("not an invalid token: {e:?}")),
        Ok(v) => panic!("accepted: {v:?}"),
    }
}

#[tokio::test]
async fn a_valid_id_token_is_accepted_and_the_key_set_cached() {
    let (a, _) = keys();
    let ctx = Ctx::new(&[a]).await;
    let token = sign(a, &ctx.claims());
    let c = ctx.auth.verify_id_token(&token, Some("n-1")).await.unwrap();
    assert_eq!(c.sub.as_deref(), Some("user1"));
    assert_eq!(c.aud, [APP_ID]);
    assert_eq!(c.iss.as_deref(), Some(ctx.iss().as_str()));
    assert_eq!(c.nonce.as_deref(), Some("n-1"));
    assert_eq!(c.email_verified, Some(false));
    assert_eq!(c.extra["data"]["id"], "user1");
    // Without an expected nonce, the nonce is not checked.
    ctx.auth.verify_id_token(&token, None).await.unwrap();
    assert_eq!(ctx.jwks_fetches().await, 1);
}

#[tokio::test]
async fn times_are_checked_with_the_leeway() {
    let (a, _) = keys();
    let ctx = Ctx::new(&[a]).await;
    let t = now();
    let expired = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("exp".into(), json!(t - 120));
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&expired, None).await),
        InvalidTokenReason::Expired
    );
    let no_exp = sign(
        a,
        &with(ctx.claims(), |c| {
            c.remove("exp");
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&no_exp, None).await),
        InvalidTokenReason::Expired
    );
    let nbf = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("nbf".into(), json!(t + 600));
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&nbf, None).await),
        InvalidTokenReason::NotYetValid
    );
    let iat = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("iat".into(), json!(t + 600));
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&iat, None).await),
        InvalidTokenReason::NotYetValid
    );
    // Within the default 60 s leeway.
    let just_expired = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("exp".into(), json!(t - 20));
            c.insert("nbf".into(), json!(t + 20));
        }),
    );
    ctx.auth.verify_id_token(&just_expired, None).await.unwrap();
    let strict = AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host(ctx.server.uri())
        .jwt_leeway(Duration::ZERO)
        .build()
        .unwrap();
    assert_eq!(
        reason(strict.verify_id_token(&just_expired, None).await),
        InvalidTokenReason::Expired
    );
}

#[tokio::test]
async fn issuer_audience_and_nonce_are_checked() {
    let (a, _) = keys();
    let ctx = Ctx::new(&[a]).await;
    let wrong_iss = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("iss".into(), json!("https://evil.example.com/oidc"));
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&wrong_iss, None).await),
        InvalidTokenReason::WrongIssuer
    );
    // A token of another app of the same pool (same key, other audience).
    let other_app = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("aud".into(), json!("app2"));
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&other_app, None).await),
        InvalidTokenReason::WrongAudience
    );
    let listed = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("aud".into(), json!(["app2", APP_ID]));
        }),
    );
    ctx.auth.verify_id_token(&listed, None).await.unwrap();
    let token = sign(a, &ctx.claims());
    assert_eq!(
        reason(ctx.auth.verify_id_token(&token, Some("n-2")).await),
        InvalidTokenReason::WrongNonce
    );
    let no_nonce = sign(
        a,
        &with(ctx.claims(), |c| {
            c.remove("nonce");
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&no_nonce, Some("n-1")).await),
        InvalidTokenReason::WrongNonce
    );
}

#[tokio::test]
async fn tampering_and_foreign_algorithms_are_refused() {
    let (a, b) = keys();
    let ctx = Ctx::new(&[a]).await;
    let token = sign(a, &ctx.claims());
    let parts: Vec<&str> = token.split('.').collect();
    // Another payload under the original signature.
    let forged_payload = URL_SAFE_NO_PAD.encode(
        with(ctx.claims(), |c| {
            c.insert("sub".into(), json!("admin"));
        })
        .to_string(),
    );
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        reason(ctx.auth.verify_id_token(&forged, None).await),
        InvalidTokenReason::BadSignature
    );
    // A signature by another key under this key's kid.
    let mut h = Header::new(Algorithm::RS256);
    h.kid = Some(a.kid.into());
    let wrong_key = jsonwebtoken::encode(&h, &ctx.claims(), &b.encoding).unwrap();
    assert_eq!(
        reason(ctx.auth.verify_id_token(&wrong_key, None).await),
        InvalidTokenReason::BadSignature
    );
    // HS256 (e.g. signed with the public key as an HMAC secret) and `none`.
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some(a.kid.into());
    let hs256 = jsonwebtoken::encode(
        &hs,
        &ctx.claims(),
        &EncodingKey::from_secret(a.jwk["n"].as_str().unwrap().as_bytes()),
    )
    .unwrap();
    assert_eq!(
        reason(ctx.auth.verify_id_token(&hs256, None).await),
        InvalidTokenReason::UnsupportedAlgorithm
    );
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT","kid":"key-a"}"#),
        URL_SAFE_NO_PAD.encode(ctx.claims().to_string())
    );
    assert_eq!(
        reason(ctx.auth.verify_id_token(&none, None).await),
        InvalidTokenReason::UnsupportedAlgorithm
    );
    for junk in ["", "abc", "a.b.c", "a.b.c.d", &format!("{}.!!.x", parts[0])] {
        let r = reason(ctx.auth.verify_id_token(junk, None).await);
        assert!(
            matches!(
                r,
                InvalidTokenReason::Malformed | InvalidTokenReason::BadSignature
            ),
            "{junk}: {r:?}"
        );
    }
}

#[tokio::test]
async fn an_unknown_kid_refetches_once_and_finds_a_rotated_key() {
    let (a, b) = keys();
    let ctx = Ctx::new(&[a]).await;
    ctx.auth
        .verify_id_token(&sign(a, &ctx.claims()), None)
        .await
        .unwrap();
    assert_eq!(ctx.jwks_fetches().await, 1);
    // The service rotates to key B.
    *ctx.jwks.lock().unwrap() = json!({"keys": [a.jwk.clone(), b.jwk.clone()]});
    let c = ctx
        .auth
        .verify_id_token(&sign(b, &ctx.claims()), None)
        .await
        .unwrap();
    assert_eq!(c.sub.as_deref(), Some("user1"));
    assert_eq!(ctx.jwks_fetches().await, 2);
    // Both keys are now cached.
    ctx.auth
        .verify_id_token(&sign(a, &ctx.claims()), None)
        .await
        .unwrap();
    ctx.auth
        .verify_id_token(&sign(b, &ctx.claims()), None)
        .await
        .unwrap();
    assert_eq!(ctx.jwks_fetches().await, 2);
}

#[tokio::test]
async fn unknown_kids_do_not_cause_a_refetch_storm() {
    let (a, b) = keys();
    let ctx = Ctx::new(&[a]).await;
    let stranger = sign(b, &ctx.claims());
    assert_eq!(
        reason(ctx.auth.verify_id_token(&stranger, None).await),
        InvalidTokenReason::UnknownKey
    );
    // The first verification fetched the set, then refetched it once for the kid.
    assert_eq!(ctx.jwks_fetches().await, 2);
    for _ in 0..5 {
        assert_eq!(
            reason(ctx.auth.verify_id_token(&stranger, None).await),
            InvalidTokenReason::UnknownKey
        );
    }
    assert_eq!(ctx.jwks_fetches().await, 2);
    // Known keys still work meanwhile.
    ctx.auth
        .verify_id_token(&sign(a, &ctx.claims()), None)
        .await
        .unwrap();
    assert_eq!(ctx.jwks_fetches().await, 2);
}

#[tokio::test]
async fn access_tokens_are_verified_too() {
    let (a, _) = keys();
    let ctx = Ctx::new(&[a]).await;
    let t = now();
    let claims = json!({
        "jti": "j1", "sub": "user1", "iat": t, "exp": t + 3600, "scope": "openid profile",
        "iss": ctx.iss(), "aud": APP_ID, "azp": APP_ID
    });
    let c = ctx
        .auth
        .verify_access_token(&sign(a, &claims))
        .await
        .unwrap();
    assert_eq!(c.scope.as_deref(), Some("openid profile"));
    assert_eq!(c.client_id.as_deref(), Some(APP_ID));
    assert_eq!(c.jti.as_deref(), Some("j1"));
    let other = sign(
        a,
        &with(claims, |c| {
            c.insert("aud".into(), json!("app2"));
        }),
    );
    assert_eq!(
        reason(ctx.auth.verify_access_token(&other).await),
        InvalidTokenReason::WrongAudience
    );
}

#[tokio::test]
async fn errors_never_contain_the_token() {
    let (a, _) = keys();
    let ctx = Ctx::new(&[a]).await;
    let expired = sign(
        a,
        &with(ctx.claims(), |c| {
            c.insert("exp".into(), json!(now() - 3600));
        }),
    );
    let err = ctx.auth.verify_id_token(&expired, None).await.unwrap_err();
    let text = format!("{err} {err:?}");
    let sig = expired.rsplit('.').next().unwrap();
    assert!(
        !text.contains(sig) && !text.contains(&expired[..20]),
        "{text}"
    );
    assert_eq!(err.to_string(), "invalid token: token expired");
}

#[tokio::test]
async fn a_broken_key_set_is_a_decode_error_and_config_is_checked_first() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JWKS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>"))
        .mount(&server)
        .await;
    let auth = AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host(server.uri())
        .build()
        .unwrap();
    let (a, _) = keys();
    let token = sign(a, &json!({"exp": now() + 60}));
    assert!(matches!(
        auth.verify_id_token(&token, None).await,
        Err(Error::Decode { .. })
    ));
    let no_app = AuthenticationClient::builder()
        .user_pool_id("pool1")
        .app_host(server.uri())
        .build()
        .unwrap();
    assert!(matches!(
        no_app.verify_id_token(&token, None).await,
        Err(Error::Config(_))
    ));
}
