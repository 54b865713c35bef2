//! Our SDK's OIDC helpers against the emulator's OpenID provider, end to end: the
//! authorization code flow with PKCE (the browser played over HTTP), local verification
//! of the ID and access tokens against the JWKS, userinfo, introspection, online
//! validation, refresh and revocation; and the failures a relying party must see: a
//! reused code, a wrong `code_verifier`, a wrong client secret, a token of another app,
//! a wrong nonce, and a signing key rotated under a cached key set.
//!
//! The real service's hosted login page is a JavaScript application this suite cannot
//! play, so these scenarios run against an in-process emulator; with `AUTHING_*` set
//! they print `SKIPPED:` (`oidc_interop.rs` documents the variables for its remote run).

use std::collections::HashMap;

use authing::Error;
use authing::InvalidTokenReason;
use authing::authentication::oidc::{AuthorizeParams, Pkce, ValidateTokenInput};
use authing::authentication::{AuthenticationClient, RegisterOptions};
use authing_e2e::authing_emulator::{ApplicationSpec, Emulator};
use authing_e2e::{hosted_login, skip};

const REDIRECT: &str = "http://127.0.0.1:9/callback";
const EMAIL: &str = "sdk-flow@example.com";
const PW: &str = "Sdk-flow-pw-1";

struct Flow {
    emu: Emulator,
    client: AuthenticationClient,
    user_id: String,
    http: reqwest::Client,
}

async fn setup() -> Option<Flow> {
    if std::env::var_os("AUTHING_USERPOOL_ID").is_some() {
        return None;
    }
    let emu = Emulator::builder()
        .app_redirect_uri(REDIRECT)
        .start()
        .await
        .expect("the emulator starts");
    let client = AuthenticationClient::builder()
        .user_pool_id(emu.user_pool_id())
        .app_id(emu.app_id())
        .app_host(emu.app_host())
        .app_secret(emu.app_secret())
        .redirect_uri(REDIRECT)
        .public_key(emu.public_key_pem())
        .build()
        .expect("client");
    let user = client
        .register_by_email(EMAIL, PW, &RegisterOptions::default())
        .await
        .expect("register");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http");
    Some(Flow {
        emu,
        client,
        user_id: user.id,
        http,
    })
}

/// Runs the browser part: authorize URL → login form → the code and state it returns.
async fn sign_in(f: &Flow, params: &AuthorizeParams) -> (String, String, Option<String>) {
    let request = f.client.build_authorize_url(params).expect("authorize URL");
    let location = hosted_login(&f.http, request.url(), EMAIL, PW)
        .await
        .expect("the hosted login redirects back");
    assert!(location.starts_with(REDIRECT), "{location}");
    let back: HashMap<String, String> = url::Url::parse(&location)
        .expect("redirect URL")
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(back.get("state").map(String::as_str), Some(request.state()));
    (
        back.get("code").expect("a code").clone(),
        request.state().to_owned(),
        request.nonce().map(str::to_owned),
    )
}

fn invalid_token_reason<T: std::fmt::Debug>(r: authing::Result<T>) -> InvalidTokenReason {
    match r {
        Err(Error::InvalidToken { reason, .. }) => reason,
        other => panic!("expected an invalid token, got {other:?}"),
    }
}

#[tokio::test]
async fn the_sdk_runs_the_code_flow_verifies_refreshes_and_revokes() {
    let Some(f) = setup().await else {
        skip!("the hosted login flow runs against the emulator only");
    };
    let pkce = Pkce::generate();
    let params = AuthorizeParams::new()
        .scope("openid profile email offline_access")
        .pkce(&pkce);
    let (code, _state, nonce) = sign_in(&f, &params).await;
    let nonce = nonce.expect("an OIDC authorize URL carries a nonce");

    let tokens = f
        .client
        .get_access_token_by_code(&code, Some(pkce.verifier()))
        .await
        .expect("code exchange");
    assert_eq!(tokens.token_type.to_ascii_lowercase(), "bearer");
    let id_token = tokens.id_token.as_ref().expect("an ID token").expose();
    let refresh = tokens
        .refresh_token
        .as_ref()
        .expect("offline_access gives a refresh token")
        .expose()
        .to_owned();
    let access = tokens.access_token.expose().to_owned();

    // Local verification against the JWKS.
    let claims = f
        .client
        .verify_id_token(id_token, Some(&nonce))
        .await
        .expect("the ID token verifies");
    assert_eq!(claims.sub.as_deref(), Some(f.user_id.as_str()));
    assert_eq!(claims.email.as_deref(), Some(EMAIL));
    let at = f
        .client
        .verify_access_token(&access)
        .await
        .expect("the access token verifies");
    assert_eq!(at.sub.as_deref(), Some(f.user_id.as_str()));
    assert!(at.aud.iter().any(|a| a == f.emu.app_id()));
    // ... and a wrong nonce is refused.
    assert_eq!(
        invalid_token_reason(f.client.verify_id_token(id_token, Some("other")).await),
        InvalidTokenReason::WrongNonce
    );

    // Online: userinfo, introspection, validate_token.
    let info = f
        .client
        .get_user_info_by_access_token(&access)
        .await
        .expect("userinfo");
    assert_eq!(info.sub.as_deref(), Some(f.user_id.as_str()));
    assert_eq!(info.email.as_deref(), Some(EMAIL));
    let intro = f
        .client
        .introspect_token(&access)
        .await
        .expect("introspect");
    assert!(intro.active);
    assert_eq!(intro.sub.as_deref(), Some(f.user_id.as_str()));
    let validated = f
        .client
        .validate_token(ValidateTokenInput::IdToken(id_token))
        .await
        .expect("validate_token");
    assert_eq!(validated.sub(), Some(f.user_id.as_str()));

    // Refresh gives a new, valid access token.
    let renewed = f
        .client
        .get_new_access_token_by_refresh_token(&refresh)
        .await
        .expect("refresh");
    let renewed_access = renewed.access_token.expose().to_owned();
    assert_ne!(renewed_access, access);
    assert!(
        f.client
            .introspect_token(&renewed_access)
            .await
            .unwrap()
            .active
    );

    // Revocation: the token is inactive afterwards.
    f.client
        .revoke_token(&renewed_access)
        .await
        .expect("revoke");
    assert!(
        !f.client
            .introspect_token(&renewed_access)
            .await
            .unwrap()
            .active
    );
    let gone = f
        .client
        .get_user_info_by_access_token(&renewed_access)
        .await;
    assert!(gone.is_err(), "a revoked token reads no userinfo: {gone:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sdk_sees_wrong_verifiers_secrets_audiences_and_rotated_keys() {
    let Some(f) = setup().await else {
        skip!("the hosted login flow runs against the emulator only");
    };

    // A wrong code_verifier.
    let pkce = Pkce::generate();
    let (code, _, _) = sign_in(&f, &AuthorizeParams::new().pkce(&pkce)).await;
    let other = Pkce::generate();
    let r = f
        .client
        .get_access_token_by_code(&code, Some(other.verifier()))
        .await;
    assert_eq!(
        r.as_ref().err().and_then(Error::oauth_error),
        Some("invalid_grant")
    );

    // A wrong client secret.
    let wrong_secret = AuthenticationClient::builder()
        .user_pool_id(f.emu.user_pool_id())
        .app_id(f.emu.app_id())
        .app_host(f.emu.app_host())
        .app_secret("not-the-secret")
        .redirect_uri(REDIRECT)
        .build()
        .unwrap();
    let pkce = Pkce::generate();
    let (code, _, _) = sign_in(&f, &AuthorizeParams::new().pkce(&pkce)).await;
    let r = wrong_secret
        .get_access_token_by_code(&code, Some(pkce.verifier()))
        .await;
    match &r {
        Err(e @ Error::OAuth { status, .. }) => {
            assert_eq!(e.oauth_error(), Some("invalid_client"));
            assert_eq!(*status, 401);
            assert!(!e.to_string().contains("not-the-secret"));
        }
        other => panic!("expected invalid_client, got {other:?}"),
    }

    // A token issued to another application is refused by this one (aud).
    let b = f
        .emu
        .register_application(ApplicationSpec::new("other app").redirect_uri(REDIRECT))
        .expect("a second app");
    let other_app = AuthenticationClient::builder()
        .user_pool_id(f.emu.user_pool_id())
        .app_id(&b.app_id)
        .app_host(f.emu.app_host())
        .app_secret(&b.app_secret)
        .redirect_uri(REDIRECT)
        .build()
        .unwrap();
    let pkce = Pkce::generate();
    let request = other_app
        .build_authorize_url(&AuthorizeParams::new().pkce(&pkce))
        .unwrap();
    let location = hosted_login(&f.http, request.url(), EMAIL, PW)
        .await
        .unwrap();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code for the other app");
    let theirs = other_app
        .get_access_token_by_code(&code, Some(pkce.verifier()))
        .await
        .unwrap();
    let their_id = theirs.id_token.as_ref().unwrap().expose();
    other_app
        .verify_id_token(their_id, request.nonce())
        .await
        .expect("valid for its own app");
    assert_eq!(
        invalid_token_reason(f.client.verify_id_token(their_id, request.nonce()).await),
        InvalidTokenReason::WrongAudience
    );

    // A tampered token fails its signature.
    let mut parts: Vec<String> = their_id.split('.').map(str::to_owned).collect();
    parts[1] = parts[1].chars().rev().collect();
    let tampered = parts.join(".");
    let reason = invalid_token_reason(other_app.verify_id_token(&tampered, None).await);
    assert!(
        matches!(
            reason,
            InvalidTokenReason::BadSignature | InvalidTokenReason::Malformed
        ),
        "{reason:?}"
    );

    // Keys rotate: the client has the old key set cached (from the checks above);
    // a token signed with the new key makes it fetch the set once more, and verifies.
    let pkce = Pkce::generate();
    let (code, _, nonce) = sign_in(&f, &AuthorizeParams::new().pkce(&pkce)).await;
    let before = f
        .client
        .get_access_token_by_code(&code, Some(pkce.verifier()))
        .await
        .unwrap();
    f.client
        .verify_id_token(before.id_token.as_ref().unwrap().expose(), nonce.as_deref())
        .await
        .expect("verifies with the cached keys");
    let emu_kid = tokio::task::block_in_place(|| f.emu.rotate_signing_key()).expect("rotate");
    let pkce = Pkce::generate();
    let (code, _, nonce) = sign_in(&f, &AuthorizeParams::new().pkce(&pkce)).await;
    let after = f
        .client
        .get_access_token_by_code(&code, Some(pkce.verifier()))
        .await
        .unwrap();
    let after_id = after.id_token.as_ref().unwrap().expose();
    assert!(after_id.split('.').next().is_some());
    f.client
        .verify_id_token(after_id, nonce.as_deref())
        .await
        .unwrap_or_else(|e| panic!("a token of the new key {emu_kid} verifies: {e}"));
    // The old token still verifies: the old key stays in the set.
    f.client
        .verify_id_token(before.id_token.as_ref().unwrap().expose(), None)
        .await
        .expect("the previous key is still published");
}
