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
    for (name, token, code) in [
        ("expired", expired.as_str(), 2206),
        ("wrong key", &wrong_key, 2207),
        ("HS512", &hs512, 2207),
        ("alg none", &none, 2207),
        ("tampered", &tampered, 2207),
        ("garbage", "not-a-jwt", 2207),
        ("empty", "  ", 2207),
    ] {
        let status = client.check_login_status(token, true).await.unwrap();
        assert_eq!(status.invalid_code(), Some(code), "{name}: {status:?}");
        assert!(!status.is_valid());
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
    let status = client
        .check_login_status(&format!("{header}.{payload}."), false)
        .await
        .unwrap();
    assert_eq!(status.invalid_code(), Some(2207), "{status:?}");
    let hs384 = sign(Algorithm::HS384, JWT_SECRET, &claims(now() + 3600));
    let status = client.check_login_status(&hs384, false).await.unwrap();
    assert_eq!(status.invalid_code(), Some(2207), "{status:?}");
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
    let status = client.check_login_status(&token, true).await.unwrap();
    assert_eq!(status.invalid_code(), Some(2004), "{status:?}");
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
    for (name, t, code) in [
        ("exp u64::MAX", with(json!(0), json!(u64::MAX), None), 2207),
        ("exp i64::MIN", with(json!(0), json!(i64::MIN), None), 2207),
        ("exp 0", with(json!(0), json!(0), None), 2206),
        ("exp -1", with(json!(0), json!(-1), None), 2207),
        ("exp 1e300", with(json!(0), json!(1e300), None), 2207),
        (
            "iat 1e300",
            with(json!(1e300), json!(now() + 3600), None),
            2207,
        ),
    ] {
        let status = client.check_login_status(&t, false).await.unwrap();
        assert_eq!(status.invalid_code(), Some(code), "{name}: {status:?}");
    }
}

#[tokio::test]
async fn tokens_of_another_pool_or_kind_are_invalid() {
    let (server, client) = setup().await;
    let mut other_pool = claims(now() + 3600);
    other_pool["data"]["userPoolId"] = json!("60b4a1c2d3e4f5a6b7c8d9ff");
    let mut pool_token = claims(now() + 3600);
    pool_token["data"]["type"] = json!("userpool");
    let mut no_type = claims(now() + 3600);
    no_type["data"].as_object_mut().unwrap().remove("type");
    let mut no_data = claims(now() + 3600);
    no_data.as_object_mut().unwrap().remove("data");
    for (name, c) in [
        ("other pool", other_pool),
        ("pool token", pool_token),
        ("no type", no_type),
        ("no data", no_data),
    ] {
        let token = sign(Algorithm::HS256, JWT_SECRET, &c);
        let status = client.check_login_status(&token, true).await.unwrap();
        assert_eq!(status.invalid_code(), Some(2207), "{name}: {status:?}");
    }
    assert!(sent(&server, &USER).await.is_empty());
}

#[tokio::test]
async fn an_empty_jwt_secret_is_refused() {
    let (server, client) = env().await;
    let mut pool = userpool_json();
    pool["jwtSecret"] = json!("");
    gql_mock(&USERPOOL)
        .respond_with(data(&USERPOOL, pool))
        .mount(&server)
        .await;
    // A token signed with the empty secret would pass a naive check.
    let token = sign(Algorithm::HS256, "", &claims(now() + 3600));
    let e = client.check_login_status(&token, false).await.unwrap_err();
    assert!(
        matches!(e, Error::Config(ref m) if m.contains("jwtSecret")),
        "{e:?}"
    );
}

/// After a leaked secret is rotated, a running client must pick up the new one (and
/// stop accepting tokens signed with the old one) without a restart.
#[tokio::test]
async fn a_rotated_secret_is_fetched_again_after_a_signature_failure() {
    let (server, client) = env().await;
    let mut rotated = userpool_json();
    rotated["jwtSecret"] = json!("jwt-secret-rotated-77f1");
    gql_mock(&USERPOOL)
        .respond_with(data(&USERPOOL, userpool_json()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    gql_mock(&USERPOOL)
        .respond_with(data(&USERPOOL, rotated))
        .with_priority(2)
        .mount(&server)
        .await;
    let old = sign(Algorithm::HS256, JWT_SECRET, &claims(now() + 3600));
    let new = sign(
        Algorithm::HS256,
        "jwt-secret-rotated-77f1",
        &claims(now() + 3600),
    );
    assert!(
        client
            .check_login_status(&old, false)
            .await
            .unwrap()
            .is_valid()
    );
    assert_eq!(sent(&server, &USERPOOL).await.len(), 1);
    // Signed with the rotated secret: one more fetch, then valid.
    assert!(
        client
            .check_login_status(&new, false)
            .await
            .unwrap()
            .is_valid()
    );
    assert_eq!(sent(&server, &USERPOOL).await.len(), 2);
    // The old secret no longer passes; forged tokens do not each cost a fetch.
    let status = client.check_login_status(&old, false).await.unwrap();
    assert_eq!(status.invalid_code(), Some(2207), "{status:?}");
    let forged = sign(Algorithm::HS256, "forged", &claims(now() + 3600));
    let status = client.check_login_status(&forged, false).await.unwrap();
    assert_eq!(status.invalid_code(), Some(2207), "{status:?}");
    assert_eq!(sent(&server, &USERPOOL).await.len(), 2);
}

#[tokio::test]
async fn verification_at_a_given_time() {
    let (_server, client) = setup().await;
    let exp = now() + 3600;
    let token = sign(Algorithm::HS256, JWT_SECRET, &claims(exp));
    let at = |secs: i64| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64);
    let status = client
        .check_login_status_at(&token, false, at(exp - 10))
        .await
        .unwrap();
    assert!(status.is_valid(), "{status:?}");
    let status = client
        .check_login_status_at(&token, false, at(exp + 3600))
        .await
        .unwrap();
    assert_eq!(status.invalid_code(), Some(2206), "{status:?}");
    // An expired token checked at a time before its `exp` is valid then.
    let expired = sign(Algorithm::HS256, JWT_SECRET, &claims(now() - 7200));
    let status = client
        .check_login_status_at(&expired, false, at(now() - 7300))
        .await
        .unwrap();
    assert!(status.is_valid(), "{status:?}");
}
