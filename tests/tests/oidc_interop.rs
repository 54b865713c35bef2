//! Interoperability of the emulator's OpenID Connect provider with an independent
//! client, the `openidconnect` crate: discovery, authorization URL with PKCE S256 and a
//! nonce, the hosted login form played over HTTP, code exchange, ID token verification
//! (signature against the JWKS, nonce, aud, iss, at_hash) and userinfo.
//!
//! Runs against a fresh in-process emulator. When `AUTHING_USERPOOL_ID` and
//! `AUTHING_SECRET` name another server, it runs only when all of
//! `AUTHING_APP_HOST` (issuer = `{host}/oidc`), `AUTHING_OIDC_APP_ID`,
//! `AUTHING_OIDC_APP_SECRET` (a `client_secret_post` app), `AUTHING_OIDC_REDIRECT_URI`
//! (registered for it), `AUTHING_OIDC_ACCOUNT` and `AUTHING_OIDC_PASSWORD` (a user of
//! the pool) are set, and the server must serve the emulator's hosted login form (an
//! emulator binary); otherwise it prints `SKIPPED:`.

use std::collections::HashMap;

use authing::authentication::{AuthenticationClient, RegisterOptions};
use authing_e2e::authing_emulator::Emulator;
use authing_e2e::{form_action, skip};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    Nonce, OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};

const REDIRECT: &str = "http://127.0.0.1:9/callback";
const PW: &str = "Interop-pw-1";

/// What the flow needs from its server.
struct Setup {
    issuer: String,
    client_id: String,
    client_secret: String,
    redirect: String,
    account: String,
    password: String,
    /// Keeps the in-process emulator alive; `None` for a remote server.
    _emu: Option<Emulator>,
    user_id: Option<String>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

async fn setup() -> Result<Setup, String> {
    if env("AUTHING_USERPOOL_ID").is_some() && env("AUTHING_SECRET").is_some() {
        let names = [
            "AUTHING_APP_HOST",
            "AUTHING_OIDC_APP_ID",
            "AUTHING_OIDC_APP_SECRET",
            "AUTHING_OIDC_REDIRECT_URI",
            "AUTHING_OIDC_ACCOUNT",
            "AUTHING_OIDC_PASSWORD",
        ];
        let vals: Vec<Option<String>> = names.iter().map(|n| env(n)).collect();
        if let Some(i) = vals.iter().position(Option::is_none) {
            return Err(format!(
                "a remote pool is configured but {} is not set (the OIDC interop test needs an app and a test user)",
                names[i]
            ));
        }
        let v: Vec<String> = vals.into_iter().flatten().collect();
        return Ok(Setup {
            issuer: format!("{}/oidc", v[0].trim_end_matches('/')),
            client_id: v[1].clone(),
            client_secret: v[2].clone(),
            redirect: v[3].clone(),
            account: v[4].clone(),
            password: v[5].clone(),
            _emu: None,
            user_id: None,
        });
    }
    let emu = Emulator::builder()
        .app_redirect_uri(REDIRECT)
        .start()
        .await
        .expect("the emulator starts");
    let auth = AuthenticationClient::builder()
        .host(emu.url().to_string())
        .user_pool_id(emu.user_pool_id().to_string())
        .public_key(emu.public_key_pem().to_string())
        .build()
        .expect("authentication client");
    let user = auth
        .register_by_email("interop@example.com", PW, &RegisterOptions::default())
        .await
        .expect("register");
    Ok(Setup {
        issuer: emu.oidc_issuer(),
        client_id: emu.app_id().to_string(),
        client_secret: emu.app_secret().to_string(),
        redirect: REDIRECT.to_string(),
        account: "interop@example.com".into(),
        password: PW.into(),
        user_id: Some(user.id),
        _emu: Some(emu),
    })
}

#[tokio::test]
async fn openidconnect_client_completes_the_code_flow_with_pkce() {
    let s = match setup().await {
        Ok(s) => s,
        Err(reason) => skip!("{reason}"),
    };
    // openidconnect's docs: the HTTP client must not follow redirects (SSRF).
    let http = openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let metadata = CoreProviderMetadata::discover_async(
        IssuerUrl::new(s.issuer.clone()).expect("issuer URL"),
        &http,
    )
    .await
    .expect("discovery");
    assert_eq!(metadata.issuer().as_str(), s.issuer);
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(s.client_id.clone()),
        Some(ClientSecret::new(s.client_secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(s.redirect.clone()).expect("redirect URL"))
    .set_auth_type(AuthType::RequestBody);

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (auth_url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();

    // The browser: GET the form, POST the credentials, read the code from Location.
    let page = http.get(auth_url.as_str()).send().await.expect("GET auth");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("form page");
    let action = form_action(&html).expect("a login form");
    assert!(html.contains(r#"id="account""#) && html.contains(r#"id="password""#));
    let action = auth_url.join(&action).expect("form action URL");
    let resp = http
        .post(action)
        .form(&[
            ("account", s.account.as_str()),
            ("password", s.password.as_str()),
        ])
        .send()
        .await
        .expect("POST credentials");
    assert_eq!(resp.status(), 302, "login redirects to the client");
    let location = resp.headers()["location"]
        .to_str()
        .expect("Location")
        .to_string();
    assert!(location.starts_with(&s.redirect), "{location}");
    let back: HashMap<String, String> = url::Url::parse(&location)
        .expect("redirect URL")
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(
        back.get("state").map(String::as_str),
        Some(csrf.secret().as_str())
    );
    let code = back.get("code").expect("code").clone();

    let tokens = client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .expect("token endpoint known")
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("code exchange");
    let id_token = tokens.id_token().expect("an ID token");
    let id_verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&id_verifier, &nonce)
        .expect("ID token verifies");
    assert_eq!(claims.issuer().as_str(), s.issuer);
    assert_eq!(claims.audiences()[0].as_str(), s.client_id);
    assert_eq!(
        claims.nonce().map(|n| n.secret().as_str()),
        Some(nonce.secret().as_str())
    );
    if let Some(id) = &s.user_id {
        assert_eq!(claims.subject().as_str(), id);
    }
    let expected = claims.access_token_hash().expect("at_hash");
    let actual = AccessTokenHash::from_token(
        tokens.access_token(),
        id_token.signing_alg().expect("alg"),
        id_token.signing_key(&id_verifier).expect("signing key"),
    )
    .expect("at_hash computes");
    assert_eq!(&actual, expected);

    let info: CoreUserInfoClaims = client
        .user_info(
            tokens.access_token().to_owned(),
            Some(claims.subject().clone()),
        )
        .expect("userinfo endpoint known")
        .request_async(&http)
        .await
        .expect("userinfo");
    assert_eq!(info.subject(), claims.subject());
    assert_eq!(
        info.email().map(|e| e.as_str().to_string()),
        Some(s.account.clone()).filter(|a| a.contains('@'))
    );

    // The code worked once.
    let again = client
        .exchange_code(AuthorizationCode::new(code))
        .expect("token endpoint known")
        .request_async(&http)
        .await;
    assert!(again.is_err(), "a code is single use");
}
