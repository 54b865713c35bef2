//! Wiremock tests of the OIDC / OAuth 2.0 helpers: the exact request of every
//! endpoint (path, method, content type, form fields, client authentication), the
//! decoding of real-shaped answers and OAuth errors, and the URLs built locally.

use std::collections::BTreeMap;

use authing_authentication::oidc::{
    AuthMethod, AuthorizeParams, CodeChallengeMethod, LogoutParams, Pkce, Protocol,
    ValidateTokenInput, ValidatedToken, generate_code_challenge, generate_code_challenge_digest,
};
use authing_authentication::{AuthenticationClient, AuthenticationClientBuilder, Error};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const APP_ID: &str = "app1";
const SECRET: &str = "s3cr3t:&=+ value";
const REDIRECT: &str = "https://example.com/callback";

fn builder(server: &MockServer) -> AuthenticationClientBuilder {
    AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host(server.uri())
        .app_secret(SECRET)
        .redirect_uri(REDIRECT)
        .retry(authing_authentication::RetryPolicy::disabled())
}

fn client(server: &MockServer) -> AuthenticationClient {
    builder(server).build().unwrap()
}

fn token_set() -> Value {
    json!({
        "access_token": "at.jwt.value",
        "id_token": "id.jwt.value",
        "refresh_token": "rt-opaque",
        "expires_in": 1209600,
        "token_type": "Bearer",
        "scope": "openid profile offline_access",
        "unknown_member": {"kept": false}
    })
}

/// The single request received, with its form fields.
struct Sent {
    method: String,
    path: String,
    content_type: Option<String>,
    authorization: Option<String>,
    form: BTreeMap<String, String>,
    query: BTreeMap<String, String>,
}

async fn only_request(server: &MockServer) -> Sent {
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1, "exactly one request");
    sent(&reqs[0])
}

fn sent(r: &Request) -> Sent {
    let header = |n: &str| r.headers.get(n).map(|v| v.to_str().unwrap().to_owned());
    Sent {
        method: r.method.to_string(),
        path: r.url.path().to_owned(),
        content_type: header("content-type"),
        authorization: header("authorization"),
        form: url::form_urlencoded::parse(&r.body).into_owned().collect(),
        query: r.url.query_pairs().into_owned().collect(),
    }
}

fn pairs(v: &[(&str, &str)]) -> BTreeMap<String, String> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn mount(server: &MockServer, m: &str, p: &str, status: u16, body: Value) {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn code_exchange_with_client_secret_post_and_pkce() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/oidc/token", 200, token_set()).await;
    let tokens = client(&server)
        .get_access_token_by_code("the-code", Some("the-verifier"))
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose(), "at.jwt.value");
    assert_eq!(tokens.id_token.as_ref().unwrap().expose(), "id.jwt.value");
    assert_eq!(tokens.refresh_token.as_ref().unwrap().expose(), "rt-opaque");
    assert_eq!(tokens.expires_in, Some(1_209_600));
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(
        tokens.scope.as_deref(),
        Some("openid profile offline_access")
    );
    let dbg = format!("{tokens:?}");
    assert!(
        !dbg.contains("at.jwt.value") && !dbg.contains("rt-opaque"),
        "{dbg}"
    );

    let s = only_request(&server).await;
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("POST", "/oidc/token")
    );
    assert_eq!(s.content_type.as_deref(), Some(FORM));
    assert_eq!(s.authorization, None);
    assert_eq!(
        s.form,
        pairs(&[
            ("grant_type", "authorization_code"),
            ("code", "the-code"),
            ("redirect_uri", REDIRECT),
            ("code_verifier", "the-verifier"),
            ("client_id", APP_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn code_exchange_with_client_secret_basic_on_oauth() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/oauth/token", 200, token_set()).await;
    let auth = builder(&server)
        .protocol(Protocol::Oauth)
        .token_endpoint_auth_method(AuthMethod::ClientSecretBasic)
        .build()
        .unwrap();
    auth.get_access_token_by_code("c", None).await.unwrap();
    let s = only_request(&server).await;
    assert_eq!(s.path, "/oauth/token");
    // RFC 6749 §2.3.1: both parts form-urlencoded before base64.
    let expected = STANDARD.encode("app1:s3cr3t%3A%26%3D%2B+value");
    assert_eq!(s.authorization, Some(format!("Basic {expected}")));
    assert_eq!(
        s.form,
        pairs(&[
            ("grant_type", "authorization_code"),
            ("code", "c"),
            ("redirect_uri", REDIRECT),
        ])
    );
}

#[tokio::test]
async fn auth_method_none_sends_the_client_id_only() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/oidc/token", 200, token_set()).await;
    let auth = AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host(server.uri())
        .redirect_uri(REDIRECT)
        .token_endpoint_auth_method(AuthMethod::None)
        .build()
        .unwrap();
    auth.get_new_access_token_by_refresh_token("rt")
        .await
        .unwrap();
    let s = only_request(&server).await;
    assert_eq!(s.authorization, None);
    assert_eq!(
        s.form,
        pairs(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "rt"),
            ("client_id", APP_ID),
        ])
    );
}

#[tokio::test]
async fn refresh_token_grant_with_post() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/oidc/token",
        200,
        json!({"access_token": "new", "expires_in": "3600", "token_type": "Bearer"}),
    )
    .await;
    let t = client(&server)
        .get_new_access_token_by_refresh_token("rt-1")
        .await
        .unwrap();
    assert_eq!(t.access_token.expose(), "new");
    assert_eq!(t.expires_in, Some(3600));
    assert!(t.id_token.is_none() && t.refresh_token.is_none());
    let s = only_request(&server).await;
    assert_eq!(
        s.form,
        pairs(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "rt-1"),
            ("client_id", APP_ID),
            ("client_secret", SECRET),
        ])
    );
}

#[tokio::test]
async fn client_credentials_sends_the_access_key_pair() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/oidc/token",
        200,
        json!({"access_token": "m2m", "expires_in": 7200, "token_type": "Bearer", "scope": "book:read"}),
    )
    .await;
    let t = client(&server)
        .get_access_token_by_client_credentials("book:read", "key-1", "key-secret")
        .await
        .unwrap();
    assert_eq!(t.access_token.expose(), "m2m");
    let s = only_request(&server).await;
    assert_eq!(s.content_type.as_deref(), Some(FORM));
    assert_eq!(
        s.form,
        pairs(&[
            ("client_id", "key-1"),
            ("client_secret", "key-secret"),
            ("grant_type", "client_credentials"),
            ("scope", "book:read"),
        ])
    );
}

#[tokio::test]
async fn oauth_errors_are_typed_and_secret_free() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/oidc/token",
        400,
        json!({"error": "invalid_grant", "error_description": "code the-code is invalid or expired"}),
    )
    .await;
    let err = client(&server)
        .get_access_token_by_code("the-code", Some("v"))
        .await
        .unwrap_err();
    match &err {
        Error::OAuth {
            error,
            description,
            status,
        } => {
            assert_eq!(error, "invalid_grant");
            assert_eq!(*status, 400);
            assert!(
                description
                    .as_deref()
                    .unwrap()
                    .contains("invalid or expired")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.oauth_error(), Some("invalid_grant"));
    assert_eq!(err.http_status(), Some(400));
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("the-code") && !text.contains(SECRET),
        "{text}"
    );
}

#[tokio::test]
async fn invalid_client_at_http_401() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/oidc/token/introspection",
        401,
        json!({"error": "invalid_client"}),
    )
    .await;
    let err = client(&server).introspect_token("tok").await.unwrap_err();
    assert!(
        matches!(&err, Error::OAuth { error, description: None, status: 401 } if error == "invalid_client"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_non_json_error_page_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oidc/token"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let err = client(&server)
        .get_new_access_token_by_refresh_token("rt")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 502, .. }), "{err:?}");
}

#[tokio::test]
async fn user_info_is_a_get_with_the_bearer() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/oidc/me",
        200,
        json!({
            "sub": "u1", "name": "Alice", "email": "alice@example.com", "email_verified": true,
            "phone_number": null, "gender": "U", "address": {"country": "CN"},
            "updated_at": "2021-06-01T00:00:00.000Z", "userpool_id": "p1"
        }),
    )
    .await;
    let me = client(&server)
        .get_user_info_by_access_token("at-1")
        .await
        .unwrap();
    assert_eq!(me.sub.as_deref(), Some("u1"));
    assert_eq!(me.email_verified, Some(true));
    assert_eq!(me.phone_number, None);
    assert_eq!(me.address, Some(json!({"country": "CN"})));
    assert_eq!(me.extra["userpool_id"], "p1");
    let s = only_request(&server).await;
    assert_eq!((s.method.as_str(), s.path.as_str()), ("GET", "/oidc/me"));
    assert_eq!(s.authorization.as_deref(), Some("Bearer at-1"));
    assert!(s.query.is_empty() && s.form.is_empty());
}

#[tokio::test]
async fn introspection_with_each_method() {
    for (m, basic, form) in [
        (
            AuthMethod::ClientSecretPost,
            false,
            pairs(&[
                ("token", "t"),
                ("client_id", APP_ID),
                ("client_secret", SECRET),
            ]),
        ),
        (
            AuthMethod::ClientSecretBasic,
            true,
            pairs(&[("token", "t")]),
        ),
        (
            AuthMethod::None,
            false,
            pairs(&[("token", "t"), ("client_id", APP_ID)]),
        ),
    ] {
        let server = MockServer::start().await;
        mount(
            &server,
            "POST",
            "/oidc/token/introspection",
            200,
            json!({"active": true, "sub": "u1", "client_id": APP_ID, "exp": 1900000000, "scope": "openid", "token_type": "access_token"}),
        )
        .await;
        let auth = builder(&server)
            .introspection_endpoint_auth_method(m)
            .build()
            .unwrap();
        let i = auth.introspect_token("t").await.unwrap();
        assert!(i.active);
        assert_eq!(i.sub.as_deref(), Some("u1"));
        assert_eq!(i.exp, Some(1_900_000_000));
        let s = only_request(&server).await;
        assert_eq!(s.path, "/oidc/token/introspection");
        assert_eq!(s.content_type.as_deref(), Some(FORM));
        assert_eq!(s.authorization.is_some(), basic, "{m:?}");
        assert_eq!(s.form, form, "{m:?}");
    }
}

#[tokio::test]
async fn inactive_token_is_an_answer() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/oidc/token/introspection",
        200,
        json!({"active": false}),
    )
    .await;
    let i = client(&server).introspect_token("t").await.unwrap();
    assert!(!i.active && i.sub.is_none());
}

#[tokio::test]
async fn revocation_sends_the_token_and_accepts_an_empty_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oidc/token/revocation"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let auth = builder(&server)
        .revocation_endpoint_auth_method(AuthMethod::ClientSecretBasic)
        .build()
        .unwrap();
    auth.revoke_token("rt-9").await.unwrap();
    let s = only_request(&server).await;
    assert_eq!(s.content_type.as_deref(), Some(FORM));
    assert!(s.authorization.unwrap().starts_with("Basic "));
    assert_eq!(s.form, pairs(&[("token", "rt-9")]));
}

#[tokio::test]
async fn revocation_error_and_oauth_basic_refusal() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/oauth/token/revocation",
        400,
        json!({"error": "unsupported_token_type", "error_description": "nope"}),
    )
    .await;
    let auth = builder(&server).protocol(Protocol::Oauth).build().unwrap();
    let err = auth.revoke_token("x").await.unwrap_err();
    assert_eq!(err.oauth_error(), Some("unsupported_token_type"));
    let s = only_request(&server).await;
    assert_eq!(
        s.form,
        pairs(&[
            ("token", "x"),
            ("client_id", APP_ID),
            ("client_secret", SECRET)
        ])
    );
    let basic = builder(&server)
        .protocol(Protocol::Oauth)
        .revocation_endpoint_auth_method(AuthMethod::ClientSecretBasic)
        .build()
        .unwrap();
    assert!(matches!(
        basic.revoke_token("x").await,
        Err(Error::Config(_))
    ));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn validate_token_online() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oidc/validate_token"))
        .and(wiremock::matchers::query_param("id_token", "good"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"sub": "u1", "aud": APP_ID, "iss": "x/oidc", "exp": 1900000000, "data": {"id": "u1"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oidc/validate_token"))
        .and(wiremock::matchers::query_param("access_token", "bad"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 400, "message": "id_token 不合法"})),
        )
        .mount(&server)
        .await;
    let auth = client(&server);
    let ok = auth
        .validate_token(ValidateTokenInput::IdToken("good"))
        .await
        .unwrap();
    assert_eq!(ok.sub(), Some("u1"));
    match &ok {
        ValidatedToken::IdToken(c) => assert_eq!(c.aud, [APP_ID]),
        other => panic!("{other:?}"),
    }
    let err = auth
        .validate_token(ValidateTokenInput::AccessToken("bad"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(400), "{err:?}");
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].method.to_string(), "GET");
    assert_eq!(reqs[1].url.query(), Some("access_token=bad"));
}

#[tokio::test]
async fn missing_options_fail_before_any_request() {
    let server = MockServer::start().await;
    let no_host = AuthenticationClient::builder()
        .app_id(APP_ID)
        .host(server.uri())
        .app_secret(SECRET)
        .redirect_uri(REDIRECT)
        .build()
        .unwrap();
    assert!(matches!(
        no_host.get_access_token_by_code("c", None).await,
        Err(Error::Config(_))
    ));
    assert!(matches!(
        no_host.build_authorize_url(&AuthorizeParams::new()),
        Err(Error::Config(_))
    ));
    let no_id = AuthenticationClient::builder()
        .user_pool_id("pool1")
        .app_host(server.uri())
        .build()
        .unwrap();
    assert!(matches!(
        no_id.introspect_token("t").await,
        Err(Error::Config(_))
    ));
    let no_secret = AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host(server.uri())
        .build()
        .unwrap();
    assert!(matches!(
        no_secret.introspect_token("t").await,
        Err(Error::Config(_))
    ));
    // The code exchange needs the redirect URI of the authorize request.
    assert!(matches!(
        no_secret.get_access_token_by_code("c", None).await,
        Err(Error::InvalidArgument(_))
    ));
    let auth = client(&server);
    assert!(matches!(
        auth.get_access_token_by_code(" ", None).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        auth.get_access_token_by_code("c", Some("")).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        auth.revoke_token("").await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn secrets_are_not_in_debug() {
    let b = AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host("https://app.example.com")
        .app_secret("very-secret-value");
    assert!(!format!("{b:?}").contains("very-secret-value"));
    let auth = b.build().unwrap();
    assert!(!format!("{auth:?}").contains("very-secret-value"));
    let p = Pkce::generate();
    assert!(!format!("{p:?}").contains(p.verifier()));
    let l = LogoutParams::expert().id_token("eyJ.secret.tok");
    assert!(!format!("{l:?}").contains("eyJ.secret.tok"));
}

// ---- URLs ----

fn query_of(u: &str) -> (String, BTreeMap<String, String>) {
    let url = url::Url::parse(u).unwrap();
    let base = format!("{}{}", &url[..url::Position::BeforePath], url.path());
    (base, url.query_pairs().into_owned().collect())
}

fn app(protocol: Protocol) -> AuthenticationClient {
    AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host("https://my-app.authing.cn/")
        .redirect_uri(REDIRECT)
        .protocol(protocol)
        .build()
        .unwrap()
}

#[test]
fn oidc_authorize_url_defaults() {
    let req = app(Protocol::Oidc)
        .build_authorize_url(&AuthorizeParams::new())
        .unwrap();
    let (base, q) = query_of(req.url());
    assert_eq!(base, "https://my-app.authing.cn/oidc/auth");
    let nonce = req.nonce().unwrap();
    assert!(req.state().len() >= 16 && nonce.len() >= 16);
    assert_eq!(
        q,
        pairs(&[
            ("nonce", nonce),
            ("state", req.state()),
            ("scope", "openid profile email phone address"),
            ("client_id", APP_ID),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
        ])
    );
    let again = app(Protocol::Oidc)
        .build_authorize_url(&AuthorizeParams::new())
        .unwrap();
    assert_ne!(again.state(), req.state());
    assert_ne!(again.nonce(), req.nonce());
}

#[test]
fn oidc_authorize_url_with_everything() {
    let pkce = Pkce::with_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    let params = AuthorizeParams::new()
        .redirect_uri("https://other.example.com/cb?x=1")
        .response_type("code id_token")
        .response_mode("form_post")
        .state("st&ate")
        .nonce("n0nce")
        .scope("openid offline_access")
        .pkce(&pkce)
        .tenant_id("t1")
        .login_hint("alice@example.com");
    let req = app(Protocol::Oidc).build_authorize_url(&params).unwrap();
    assert_eq!((req.state(), req.nonce()), ("st&ate", Some("n0nce")));
    let (_, q) = query_of(req.url());
    assert_eq!(
        q,
        pairs(&[
            ("nonce", "n0nce"),
            ("state", "st&ate"),
            ("scope", "openid offline_access"),
            ("client_id", APP_ID),
            ("redirect_uri", "https://other.example.com/cb?x=1"),
            ("response_type", "code id_token"),
            ("response_mode", "form_post"),
            ("prompt", "consent"),
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
            ),
            ("code_challenge_method", "S256"),
            ("tenant_id", "t1"),
            ("login_hint", "alice@example.com"),
        ])
    );
    // An explicit prompt wins over offline_access's consent; plain challenges.
    let req = app(Protocol::Oidc)
        .build_authorize_url(
            &AuthorizeParams::new()
                .scope("openid offline_access")
                .prompt("login")
                .code_challenge("abc", CodeChallengeMethod::Plain),
        )
        .unwrap();
    let (_, q) = query_of(req.url());
    assert_eq!(q["prompt"], "login");
    assert_eq!(q["code_challenge_method"], "plain");
}

#[test]
fn oauth_authorize_url() {
    let req = app(Protocol::Oauth)
        .build_authorize_url(&AuthorizeParams::new().response_type("token"))
        .unwrap();
    assert_eq!(req.nonce(), None);
    let (base, q) = query_of(req.url());
    assert_eq!(base, "https://my-app.authing.cn/oauth/auth");
    assert_eq!(
        q,
        pairs(&[
            ("state", req.state()),
            ("scope", "user"),
            ("client_id", APP_ID),
            ("redirect_uri", REDIRECT),
            ("response_type", "token"),
        ])
    );
}

#[test]
fn authorize_url_needs_a_redirect_uri() {
    let auth = AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host("https://my-app.authing.cn")
        .build()
        .unwrap();
    assert!(matches!(
        auth.build_authorize_url(&AuthorizeParams::new()),
        Err(Error::InvalidArgument(_))
    ));
    assert!(
        auth.build_authorize_url(&AuthorizeParams::new().redirect_uri(REDIRECT))
            .is_ok()
    );
}

#[test]
fn logout_urls() {
    let auth = app(Protocol::Oidc);
    assert_eq!(
        auth.build_logout_url(&LogoutParams::easy()).unwrap(),
        "https://my-app.authing.cn/login/profile/logout"
    );
    let (base, q) = query_of(
        &auth
            .build_logout_url(&LogoutParams::easy().redirect_uri("https://e.com/?a=b"))
            .unwrap(),
    );
    assert_eq!(base, "https://my-app.authing.cn/login/profile/logout");
    assert_eq!(q, pairs(&[("redirect_uri", "https://e.com/?a=b")]));
    assert_eq!(
        auth.build_logout_url(&LogoutParams::expert()).unwrap(),
        "https://my-app.authing.cn/oidc/session/end"
    );
    let (base, q) = query_of(
        &auth
            .build_logout_url(
                &LogoutParams::expert()
                    .id_token("id.tok.en")
                    .redirect_uri("https://e.com/bye")
                    .state("s1"),
            )
            .unwrap(),
    );
    assert_eq!(base, "https://my-app.authing.cn/oidc/session/end");
    assert_eq!(
        q,
        pairs(&[
            ("id_token_hint", "id.tok.en"),
            ("post_logout_redirect_uri", "https://e.com/bye"),
            ("state", "s1"),
        ])
    );
}

#[test]
fn saml_and_cas_urls() {
    let auth = app(Protocol::Oidc);
    assert_eq!(
        auth.build_saml_url().unwrap(),
        "https://my-app.authing.cn/api/v2/saml-idp/app1"
    );
    assert_eq!(
        auth.build_cas_url(None).unwrap(),
        "https://my-app.authing.cn/cas-idp/app1"
    );
    let (_, q) = query_of(&auth.build_cas_url(Some("https://svc/?a=1")).unwrap());
    assert_eq!(q, pairs(&[("service", "https://svc/?a=1")]));
}

#[test]
fn pkce_rfc7636_vector_and_generation() {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assert_eq!(
        generate_code_challenge_digest(verifier, CodeChallengeMethod::S256),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    assert_eq!(
        generate_code_challenge_digest(verifier, CodeChallengeMethod::Plain),
        verifier
    );
    let v = generate_code_challenge();
    assert_eq!(v.len(), 43);
    assert!(
        v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    );
    let p = Pkce::generate();
    assert_eq!(
        p.challenge(),
        generate_code_challenge_digest(p.verifier(), CodeChallengeMethod::S256)
    );
    assert_eq!(p.method(), CodeChallengeMethod::S256);
}

#[tokio::test]
async fn revocation_accepts_any_200_that_is_not_an_error() {
    for (body, ok) in [
        ("OK", true),
        ("{}", true),
        (r#"{"error":"invalid_client"}"#, false),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oidc/token/revocation"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
            .mount(&server)
            .await;
        let r = client(&server).revoke_token("t").await;
        assert_eq!(r.is_ok(), ok, "{body}: {r:?}");
    }
}
