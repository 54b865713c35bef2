//! `ManagementClient::check_login_status`: local HS256 verification.

use authing_management::operations::{USER, USERPOOL};
use authing_management::{Error, LoginStatus};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::common::*;

fn claims(exp: i64) -> Value {
    json!({
        "data": {"type": "user", "userPoolId": POOL, "appId": null,
                 "arn": format!("arn:cn:authing:{POOL}:user:5f7ddfe62ba819802422362e"),
                 "id": "5f7ddfe62ba819802422362e", "userId": "5f7ddfe62ba819802422362e",
                 "_id": "5f7ddfe62ba819802422362e", "username": "nhxcpzmklk",
                 "clientId": POOL},
        "iat": now() - 60,
        "exp": exp,
    })
}

fn sign(alg: Algorithm, secret: &str, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn setup() -> (wiremock::MockServer, authing_management::ManagementClient) {
    let (server, client) = env().await;
    gql_mock(&USERPOOL)
        .respond_with(data(&USERPOOL, userpool_json()))
        .mount(&server)
        .await;
    gql_mock(&USER)
        .respond_with(data(&USER, readme_user()))
        .mount(&server)
        .await;
    (server, client)
}

#[tokio::test]
async fn valid_token_gives_claims_and_the_secret_is_fetched_once() {
    let (server, client) = setup().await;
    let token = sign(Algorithm::HS256, JWT_SECRET, &claims(now() + 3600));
    let status = client.check_login_status(&token, false).await.unwrap();
    let c = status.claims().unwrap();
    assert_eq!(c.user_id(), Some("5f7ddfe62ba819802422362e"));
    assert_eq!(c.data.as_ref().unwrap().user_pool_id.as_deref(), Some(POOL));
    let bearer = format!("Bearer {token}");
    client.check_login_status(&bearer, false).await.unwrap();
    assert_eq!(sent(&server, &USERPOOL).await.len(), 1, "jwtSecret cached");
    assert!(sent(&server, &USER).await.is_empty());
}

#[tokio::test]
async fn fetch_user_detail_returns_the_user() {
    let (server, client) = setup().await;
    let token = sign(Algorithm::HS256, JWT_SECRET, &claims(now() + 3600));
    let status = client.check_login_status(&token, true).await.unwrap();
    let LoginStatus::User(user) = status else {
        panic!("{status:?}")
    };
    assert_eq!(user.username.as_deref(), Some("nhxcpzmklk"));
    let reqs = sent(&server, &USER).await;
    assert_eq!(
        reqs[0].body["variables"],
        json!({"id": "5f7ddfe62ba819802422362e"})
    );
}

#[tokio::test]
async fn bad_tokens_are_invalid() {
    let (server, client) = setup().await;
    let expired = sign(Algorithm::HS256, JWT_SECRET, &claims(now() - 3600));
    let wrong_key = sign(Algorithm::HS256, "another-secret", &claims(now() + 3600));
    let hs512 = sign(Algorithm::HS512, JWT_SECRET, &claims(now() + 3600));
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(now() + 3600).to_string());
    let none = format!("{header}.{payload}.");
    let mut tampered_claims = claims(now() + 3600);
    tampered_claims["data"]["id"] = json!("someone-else");
    let good = sign(Algorithm::HS256, JWT_SECRET, &claims(now() + 3600));
    let parts: Vec<&str> = good.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(tampered_claims.to_string()),
        parts[2]
    );
    for (name, token) in [
        ("expired", expired.as_str()),
        ("wrong key", &wrong_key),
        ("HS512", &hs512),
        ("alg none", &none),
        ("tampered", &tampered),
        ("garbage", "not-a-jwt"),
        ("empty", "  "),
    ] {
        let e = client.check_login_status(token, true).await.unwrap_err();
        assert!(matches!(e, Error::InvalidToken(_)), "{name}: {e:?}");
    }
    assert!(
        sent(&server, &USER).await.is_empty(),
        "no user fetched for a bad token"
    );
}

#[tokio::test]
async fn foreign_algorithms_are_rejected_before_any_request() {
    let (server, client) = setup().await;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(now() + 3600).to_string());
    let e = client
        .check_login_status(&format!("{header}.{payload}."), false)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidToken(_)), "{e:?}");
    let hs384 = sign(Algorithm::HS384, JWT_SECRET, &claims(now() + 3600));
    assert!(client.check_login_status(&hs384, false).await.is_err());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn deleted_user_is_2004() {
    let (server, client) = env().await;
    gql_mock(&USERPOOL)
        .respond_with(data(&USERPOOL, userpool_json()))
        .mount(&server)
        .await;
    gql_mock(&USER)
        .respond_with(data(&USER, Value::Null))
        .mount(&server)
        .await;
    let token = sign(Algorithm::HS256, JWT_SECRET, &claims(now() + 3600));
    let e = client.check_login_status(&token, true).await.unwrap_err();
    assert!(e.is_user_not_found(), "{e:?}");
}

/// `iat`, `exp` and `nbf` are whatever the token says: extreme values must neither
/// overflow nor pass where they should not.
#[tokio::test]
async fn extreme_times_do_not_overflow() {
    let (_server, client) = setup().await;
    let with = |iat: Value, exp: Value, nbf: Option<Value>| {
        let mut c = claims(0);
        c["iat"] = iat;
        c["exp"] = exp;
        if let Some(nbf) = nbf {
            c["nbf"] = nbf;
        }
        sign(Algorithm::HS256, JWT_SECRET, &c)
    };
    // Far future, absurd iat: valid.
    let t = with(json!(i64::MIN), json!(i64::MAX), Some(json!(u64::MAX)));
    let status = client.check_login_status(&t, false).await.unwrap();
    assert_eq!(status.claims().unwrap().exp, i64::MAX);
    assert_eq!(status.claims().unwrap().iat, Some(i64::MIN));
    // Out of range or in the past: invalid, never a panic.
    for (name, t) in [
        ("exp u64::MAX", with(json!(0), json!(u64::MAX), None)),
        ("exp i64::MIN", with(json!(0), json!(i64::MIN), None)),
        ("exp 0", with(json!(0), json!(0), None)),
        ("exp -1", with(json!(0), json!(-1), None)),
        ("exp 1e300", with(json!(0), json!(1e300), None)),
        ("iat 1e300", with(json!(1e300), json!(now() + 3600), None)),
    ] {
        let e = client.check_login_status(&t, false).await.unwrap_err();
        assert!(matches!(e, Error::InvalidToken(_)), "{name}: {e:?}");
    }
}
