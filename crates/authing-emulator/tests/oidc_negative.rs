//! The OIDC provider's refusals: wrong verifier, reused code (and the revocation of what
//! it issued), wrong redirect URI, wrong client, expired code, expired or tampered
//! tokens, another app's tokens, HTML escaping, no secrets in `Debug`.

mod oidc_common;

use std::time::Duration;

use authing_emulator::{ApplicationSpec, Emulator, TokenEndpointAuthMethod};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oidc_common::*;
use serde_json::{Value, json};

fn err(v: &Value) -> &str {
    v["error"].as_str().unwrap_or("")
}

#[tokio::test]
async fn wrong_code_verifier_is_invalid_grant() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let wrong = "x".repeat(50);
    let (s, e) = o
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", CB),
            ("code_verifier", &wrong),
            ("client_id", o.emu().app_id()),
            ("client_secret", o.emu().app_secret()),
        ])
        .await;
    assert_eq!((s, err(&e)), (400, "invalid_grant"), "{e}");
    assert!(e["error_description"].is_string());
    // missing verifier too
    let (s, e) = o
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", CB),
            ("client_id", o.emu().app_id()),
            ("client_secret", o.emu().app_secret()),
        ])
        .await;
    assert_eq!((s, err(&e)), (400, "invalid_grant"));
}

#[tokio::test]
async fn reused_code_fails_and_revokes_its_tokens() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid offline_access").await;
    let (s, t) = o.exchange(&p["code"]).await;
    assert_eq!(s, 200);
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(o.me(at).await.0, 200);
    let (s, e) = o.exchange(&p["code"]).await;
    assert_eq!((s, err(&e)), (400, "invalid_grant"));
    assert_eq!(
        o.me(at).await.0,
        401,
        "access token of the replayed code revoked"
    );
    assert_eq!(
        o.introspect(t["refresh_token"].as_str().unwrap()).await["active"],
        false
    );
}

#[tokio::test]
async fn wrong_redirect_uri_at_auth_shows_a_page_and_at_token_is_invalid_grant() {
    let o = start().await;
    let q = auth_query(
        o.emu().app_id(),
        "http://evil.example/cb",
        "openid",
        None,
        "s",
        "n",
    );
    let s = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert_eq!(s.status, 400);
    assert!(
        s.location.is_none(),
        "never a redirect to an unregistered URI"
    );
    assert!(s.body.contains("redirect_uri"), "{}", s.body);
    // unknown client: page too
    let q = auth_query("nope", CB, "openid", None, "s", "n");
    let s = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert_eq!((s.status, s.location), (400, None));
    // at the token endpoint
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let v = verifier();
    let (s, e) = o
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", "http://127.0.0.1:9/other"),
            ("code_verifier", &v),
            ("client_id", o.emu().app_id()),
            ("client_secret", o.emu().app_secret()),
        ])
        .await;
    assert_eq!((s, err(&e)), (400, "invalid_grant"));
}

#[tokio::test]
async fn wrong_client_secret_and_unknown_client_are_invalid_client() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let v = verifier();
    let (s, e) = o
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", CB),
            ("code_verifier", &v),
            ("client_id", o.emu().app_id()),
            ("client_secret", "wrong"),
        ])
        .await;
    assert_eq!((s, err(&e)), (401, "invalid_client"));
    // Basic failures carry the challenge
    let basic = o.register_basic().await;
    let r = o
        .http
        .post(o.url("/oidc/token"))
        .basic_auth(&basic.app_id, Some("wrong"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    // the code still works with the right secret (failed attempts do not consume it)
    assert_eq!(o.exchange(&p["code"]).await.0, 200);
    let (s, e) = o
        .token(&[
            ("grant_type", "client_credentials"),
            ("client_id", "unknown"),
            ("client_secret", "x"),
        ])
        .await;
    assert_eq!((s, err(&e)), (401, "invalid_client"));
    let (s, e) = o
        .token(&[
            ("grant_type", "password"),
            ("client_id", o.emu().app_id()),
            ("client_secret", o.emu().app_secret()),
        ])
        .await;
    assert_eq!((s, err(&e)), (400, "unsupported_grant_type"));
    let (s, e) = o
        .token(&[("code", "x"), ("client_id", o.emu().app_id())])
        .await;
    assert_eq!((s, err(&e)), (400, "invalid_request"));
}

trait RegisterBasic {
    async fn register_basic(&self) -> authing_emulator::RegisteredApplication;
}

impl RegisterBasic for O {
    async fn register_basic(&self) -> authing_emulator::RegisteredApplication {
        self.emu()
            .register_application(
                ApplicationSpec::new("basic")
                    .redirect_uri(CB)
                    .token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic),
            )
            .unwrap()
    }
}

#[tokio::test]
async fn basic_credentials_are_form_urlencoded() {
    // RFC 6749 §2.3.1: a secret with reserved characters is form-urlencoded first.
    let o = start().await;
    let app = o.register_basic().await;
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let header = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        enc(&app.app_id),
        enc(&app.app_secret)
    ));
    let r = o
        .http
        .post(o.url("/oidc/token"))
        .header("authorization", format!("Basic {header}"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn code_of_another_app_is_invalid_grant() {
    let o = start().await;
    let other = o
        .emu()
        .register_application(ApplicationSpec::new("other").redirect_uri(CB))
        .unwrap();
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let v = verifier();
    let (s, e) = o
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", CB),
            ("code_verifier", &v),
            ("client_id", &other.app_id),
            ("client_secret", &other.app_secret),
        ])
        .await;
    assert_eq!((s, err(&e)), (400, "invalid_grant"));
    // tokens of the default app: inactive for the other app, revocation by it does nothing
    let (_, t) = o.exchange(&p["code"]).await;
    let at = t["access_token"].as_str().unwrap();
    let creds = [
        ("client_id", other.app_id.as_str()),
        ("client_secret", other.app_secret.as_str()),
    ];
    let mut f = vec![("token", at)];
    f.extend(creds);
    let (_, i) = o.post_form("/oidc/token/introspection", &f, None).await;
    assert_eq!(i, json!({"active": false}));
    assert_eq!(o.post_form("/oidc/token/revocation", &f, None).await.0, 200);
    assert_eq!(
        o.introspect(at).await["active"],
        true,
        "not revoked by another app"
    );
}

#[tokio::test]
async fn expired_code_is_invalid_grant() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid").await;
    o.emu().advance_clock(Duration::from_secs(601));
    let (s, e) = o.exchange(&p["code"]).await;
    assert_eq!((s, err(&e)), (400, "invalid_grant"));
}

#[tokio::test]
async fn expired_and_tampered_tokens_are_refused() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid email").await;
    let (_, t) = o.exchange(&p["code"]).await;
    let at = t["access_token"].as_str().unwrap().to_string();
    // tampered payload (sub changed), original signature
    let mut parts: Vec<String> = at.split('.').map(str::to_string).collect();
    let mut claims = payload(&at);
    claims["sub"] = json!("someone-else");
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    let tampered = parts.join(".");
    let (s, e) = o.me(&tampered).await;
    assert_eq!((s, err(&e)), (401, "invalid_token"));
    assert_eq!(o.introspect(&tampered).await, json!({"active": false}));
    // alg=none
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );
    assert_eq!(o.me(&none).await.0, 401);
    // expired by the emulator clock
    assert_eq!(o.me(&at).await.0, 200);
    o.emu().advance_clock(Duration::from_secs(1_209_601));
    let r = o
        .http
        .get(o.url("/oidc/me"))
        .bearer_auth(&at)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    assert_eq!(o.introspect(&at).await, json!({"active": false}));
    let v: Value = o
        .http
        .get(o.url(&format!(
            "/api/v2/oidc/validate_token?id_token={}",
            t["id_token"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 400, "expired id token: {v}");
}

#[tokio::test]
async fn user_provided_values_are_escaped_in_html() {
    let o = start().await;
    let evil = "<script>alert(1)</script>\"'";
    let q = format!(
        "{}&login_hint={}",
        auth_query(o.emu().app_id(), CB, "openid", None, evil, "n"),
        url::form_urlencoded::byte_serialize(evil.as_bytes()).collect::<String>()
    );
    let form = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert_eq!(form.status, 200);
    assert!(!form.body.contains("<script>alert"), "{}", form.body);
    assert!(
        form.body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;")
    );
    assert!(form.body.contains("<title>Sign in to "));
    let bad = o.submit(&form.body, evil, "x").await;
    assert!(!bad.body.contains("<script>alert"));
    // an app name with markup
    let app = o
        .emu()
        .register_application(ApplicationSpec::new("<b>bold</b>").redirect_uri(CB))
        .unwrap();
    let q = auth_query(&app.app_id, CB, "openid", None, "s", "n");
    let page = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert!(page.body.contains("&lt;b&gt;bold&lt;/b&gt;") && !page.body.contains("<b>bold"));
    // the error page echoes nothing raw either
    let q = format!("client_id={}&redirect_uri=%3Cscript%3E", o.emu().app_id());
    let page = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert!(!page.body.contains("<script>"));
}

#[tokio::test]
async fn bad_authorization_requests_go_back_to_the_client() {
    let o = start().await;
    let base = auth_query(o.emu().app_id(), CB, "openid", None, "s", "n");
    for (extra, error) in [
        ("&scope=openid%20admin", "invalid_scope"),
        (
            "&response_type=code%20id_token",
            "unsupported_response_type",
        ),
        (
            "&code_challenge=short&code_challenge_method=S256",
            "invalid_request",
        ),
        (
            "&code_challenge_method=S512&code_challenge=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "invalid_request",
        ),
    ] {
        // later duplicates would be invalid_request: replace instead
        let q = if extra.starts_with("&scope=") {
            base.replace("scope=openid", &extra[1..])
        } else if extra.starts_with("&response_type=") {
            base.replace("response_type=code", &extra[1..])
        } else {
            format!("{base}{extra}")
        };
        let s = o.get(&format!("/oidc/auth?{q}"), None).await;
        assert_eq!(s.status, 302, "{extra}: {}", s.body);
        let p = url_params(s.location.as_deref().unwrap());
        assert_eq!(p["error"], error, "{extra}");
        assert_eq!(p["state"], "s");
    }
    // scope without openid on /oidc
    let q = base.replace("scope=openid", "scope=profile");
    let s = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert_eq!(
        url_params(s.location.as_deref().unwrap())["error"],
        "invalid_scope"
    );
}

#[tokio::test]
async fn secrets_never_in_debug() {
    let emu = Emulator::builder()
        .app_redirect_uri(CB)
        .start()
        .await
        .unwrap();
    let app = emu
        .register_application(ApplicationSpec::new("dbg").redirect_uri(CB))
        .unwrap();
    let d = format!("{app:?}");
    assert!(
        !d.contains(&app.app_secret) && d.contains("<redacted>"),
        "{d}"
    );
    let d = format!("{emu:?}");
    assert!(!d.contains(emu.app_secret()), "{d}");
    let b = format!("{:?}", Emulator::builder().app_redirect_uri(CB));
    assert!(b.contains(CB));
    // invalid redirect URIs are refused
    let e = emu.register_application(ApplicationSpec::new("x").redirect_uri("not a url"));
    assert!(e.is_err());
    let bad = Emulator::builder()
        .app_redirect_uri("ftp://x/")
        .start()
        .await;
    assert!(bad.is_err());
}

#[tokio::test]
async fn forced_logout_ends_oidc_tokens_and_grants() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid offline_access").await;
    let (_, t) = o.exchange(&p["code"]).await;
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(o.me(at).await.0, 200);
    let r =
        o.t.http
            .get(o.url(&format!("/logout?userId={}", o.user_id)))
            .bearer_auth(&o.admin)
            .header("x-authing-userpool-id", o.emu().user_pool_id())
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        o.me(at).await.0,
        401,
        "access token ended by the forced logout"
    );
    let (s, e) = o
        .token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", t["refresh_token"].as_str().unwrap()),
            ("client_id", o.emu().app_id()),
            ("client_secret", o.emu().app_secret()),
        ])
        .await;
    assert_eq!((s, err(&e)), (400, "invalid_grant"));
}

#[tokio::test]
async fn login_form_expires_and_missing_response_type_goes_to_the_query() {
    let o = start().await;
    let q = auth_query(o.emu().app_id(), CB, "openid", None, "s", "n");
    let form = o.get(&format!("/oidc/auth?{q}"), None).await;
    o.emu().advance_clock(Duration::from_secs(601));
    let late = o.submit(&form.body, USER, PW).await;
    assert_eq!((late.status, late.location), (400, None));
    assert!(late.body.contains("expired"), "{}", late.body);
    let q = q.replace("response_type=code&", "");
    let s = o.get(&format!("/oidc/auth?{q}"), None).await;
    let loc = s.location.unwrap();
    assert!(
        loc.starts_with(&format!("{CB}?error=invalid_request")),
        "{loc}"
    );
}
