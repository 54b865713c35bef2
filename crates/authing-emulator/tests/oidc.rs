//! The OpenID Connect / OAuth 2.0 provider, black box over HTTP: discovery, JWKS, the
//! code flow with PKCE through the hosted login form for each client authentication
//! method, refresh, client credentials, userinfo, introspection, revocation,
//! validate_token, sessions, implicit flow, logout, key rotation.

mod oidc_common;

use authing_emulator::{ApplicationSpec, TokenEndpointAuthMethod};
use oidc_common::*;
use serde_json::{Value, json};

#[tokio::test]
async fn discovery_and_jwks_shape() {
    let o = start().await;
    let iss = o.emu().oidc_issuer();
    assert_eq!(iss, format!("{}/oidc", o.emu().url()));
    assert_eq!(o.emu().app_host(), o.emu().url());
    for path in [
        "/oidc/.well-known/openid-configuration",
        "/.well-known/openid-configuration",
    ] {
        let d: Value = o
            .http
            .get(o.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(d["issuer"], iss.as_str());
        assert_eq!(d["authorization_endpoint"], format!("{iss}/auth"));
        assert_eq!(d["token_endpoint"], format!("{iss}/token"));
        assert_eq!(d["userinfo_endpoint"], format!("{iss}/me"));
        assert_eq!(d["jwks_uri"], format!("{iss}/.well-known/jwks.json"));
        assert_eq!(d["end_session_endpoint"], format!("{iss}/session/end"));
        assert_eq!(
            d["introspection_endpoint"],
            format!("{iss}/token/introspection")
        );
        assert_eq!(d["revocation_endpoint"], format!("{iss}/token/revocation"));
        assert_eq!(d["id_token_signing_alg_values_supported"], json!(["RS256"]));
        assert_eq!(
            d["code_challenge_methods_supported"],
            json!(["S256", "plain"])
        );
        assert_eq!(d["subject_types_supported"], json!(["public"]));
    }
    let r = o
        .http
        .get(o.url("/oidc/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let jwks: Value = r.json().await.unwrap();
    let k = &jwks["keys"][0];
    assert_eq!(k["kty"], "RSA");
    assert_eq!(k["alg"], "RS256");
    assert_eq!(k["use"], "sig");
    assert_eq!(k["kid"], "emulator-oidc-1");
    assert_eq!(k["e"], "AQAB");
    assert!(k["n"].as_str().unwrap().len() > 300, "2048-bit modulus");
    assert!(k.get("d").is_none(), "no private part");
}

#[tokio::test]
async fn code_flow_client_secret_post_with_id_token_and_userinfo() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid profile email").await;
    let (s, t) = o.exchange(&p["code"]).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 1_209_600);
    assert!(
        t.get("refresh_token").is_none(),
        "no offline_access, no refresh token"
    );
    let id = verify_with_jwks(&o, t["id_token"].as_str().unwrap()).await;
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(id["iss"], o.emu().oidc_issuer());
    assert_eq!(id["aud"], o.emu().app_id());
    assert_eq!(id["sub"], o.user_id.as_str());
    assert_eq!(id["nonce"], "n-1");
    assert_eq!(id["userpool_id"], o.emu().user_pool_id());
    assert_eq!(id["data"]["id"], o.user_id.as_str());
    assert_eq!(id["data"]["appId"], o.emu().app_id());
    assert_eq!(id["email"], EMAIL);
    assert_eq!(id["preferred_username"], USER);
    assert!(id["auth_time"].as_i64().unwrap() <= id["iat"].as_i64().unwrap());
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        1_209_600
    );
    use base64::Engine as _;
    use sha2::Digest as _;
    let h = sha2::Sha256::digest(at.as_bytes());
    assert_eq!(
        id["at_hash"],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&h[..16])
    );
    let a = verify_with_jwks(&o, at).await;
    assert_eq!(header(at)["kid"], "emulator-oidc-1");
    for k in [
        "iss",
        "sub",
        "aud",
        "exp",
        "iat",
        "jti",
        "scope",
        "client_id",
    ] {
        assert!(a.get(k).is_some(), "access token claim {k}: {a}");
    }
    assert_eq!(a["client_id"], o.emu().app_id());
    assert_eq!(a["scope"], "openid profile email");
    // userinfo per scope: profile + email, no phone
    let (s, me) = o.me(at).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!(me["sub"], o.user_id.as_str());
    assert_eq!(me["email"], EMAIL);
    assert_eq!(me["nickname"], "Ali");
    assert!(me.get("phone_number").is_none(), "{me}");
    // query and form variants
    let r: Value = o
        .http
        .get(o.url(&format!("/oidc/me?access_token={at}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["sub"], o.user_id.as_str());
    let (s, r) = o.post_form("/oidc/me", &[("access_token", at)], None).await;
    assert_eq!((s, &r["sub"]), (200, &json!(o.user_id)));
}

#[tokio::test]
async fn userinfo_is_filtered_by_scope() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid phone").await;
    let (_, t) = o.exchange(&p["code"]).await;
    let (_, me) = o.me(t["access_token"].as_str().unwrap()).await;
    assert_eq!(me["phone_number"], "13800000001");
    assert_eq!(me["phone_number_verified"], false);
    assert!(
        me.get("email").is_none() && me.get("nickname").is_none(),
        "{me}"
    );
}

#[tokio::test]
async fn code_flow_client_secret_basic() {
    let o = start().await;
    let app = o
        .emu()
        .register_application(
            ApplicationSpec::new("basic app")
                .redirect_uri(CB)
                .token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic),
        )
        .unwrap();
    let p = o.code_for(&app.app_id, "openid").await;
    let v = verifier();
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", p["code"].as_str()),
        ("redirect_uri", CB),
        ("code_verifier", v.as_str()),
    ];
    // secret_post is not this client's method
    let mut with_post = fields.to_vec();
    with_post.push(("client_id", &app.app_id));
    with_post.push(("client_secret", &app.app_secret));
    let (s, e) = o.token(&with_post).await;
    assert_eq!((s, e["error"].as_str()), (401, Some("invalid_client")));
    let (s, t) = o
        .post_form("/oidc/token", &fields, Some((&app.app_id, &app.app_secret)))
        .await;
    assert_eq!(s, 200, "{t}");
    let id = payload(t["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], app.app_id.as_str());
}

#[tokio::test]
async fn code_flow_public_client_needs_pkce() {
    let o = start().await;
    let app = o
        .emu()
        .register_application(
            ApplicationSpec::new("spa")
                .redirect_uri(CB)
                .token_endpoint_auth_method(TokenEndpointAuthMethod::None),
        )
        .unwrap();
    // without code_challenge: error back to the client
    let q = auth_query(&app.app_id, CB, "openid", None, "s", "n");
    let s = o.get(&format!("/oidc/auth?{q}"), None).await;
    assert_eq!(s.status, 302);
    let p = url_params(s.location.as_deref().unwrap());
    assert_eq!(p["error"], "invalid_request");
    assert_eq!(p["state"], "s");
    let p = o.code_for(&app.app_id, "openid offline_access").await;
    let v = verifier();
    let (s, t) = o
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", CB),
            ("code_verifier", &v),
            ("client_id", &app.app_id),
        ])
        .await;
    assert_eq!(s, 200, "{t}");
    assert!(
        t["refresh_token"].is_string(),
        "offline_access → refresh token"
    );
    // a public client cannot use client credentials
    let (s, e) = o
        .token(&[
            ("grant_type", "client_credentials"),
            ("client_id", &app.app_id),
        ])
        .await;
    assert_eq!((s, e["error"].as_str()), (400, Some("unauthorized_client")));
}

#[tokio::test]
async fn plain_pkce_works() {
    let o = start().await;
    let v = verifier();
    let q = format!(
        "{}&code_challenge={v}&code_challenge_method=plain",
        auth_query(o.emu().app_id(), CB, "openid", None, "s", "n")
    );
    let s = o.login_flow(&q).await;
    let code = url_params(s.location.as_deref().unwrap())["code"].clone();
    let (st, t) = o.exchange(&code).await;
    assert_eq!(st, 200, "{t}");
}

#[tokio::test]
async fn refresh_rotates_and_old_refresh_token_fails() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid offline_access").await;
    let (_, t) = o.exchange(&p["code"]).await;
    let rt = t["refresh_token"].as_str().unwrap().to_string();
    let app = o.emu().app_id().to_string();
    let sec = o.emu().app_secret().to_string();
    let refresh = |r: String| {
        let (app, sec) = (app.clone(), sec.clone());
        let o = &o;
        async move {
            o.token(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", &r),
                ("client_id", &app),
                ("client_secret", &sec),
            ])
            .await
        }
    };
    let (s, t2) = refresh(rt.clone()).await;
    assert_eq!(s, 200, "{t2}");
    assert_ne!(t2["refresh_token"], rt.as_str());
    assert!(t2["id_token"].is_string());
    let new_at = t2["access_token"].as_str().unwrap().to_string();
    assert_eq!(o.me(&new_at).await.0, 200);
    // the old refresh token is spent; replaying it revokes the grant
    let (s, e) = refresh(rt).await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));
    assert_eq!(o.me(&new_at).await.0, 401, "the grant is revoked");
    let (s, _) = refresh(t2["refresh_token"].as_str().unwrap().to_string()).await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn client_credentials_for_a_registered_app() {
    let o = start().await;
    let app = o
        .emu()
        .register_application(ApplicationSpec::new("m2m"))
        .unwrap();
    let (s, t) = o
        .token(&[
            ("grant_type", "client_credentials"),
            ("scope", "read:things"),
            ("client_id", &app.app_id),
            ("client_secret", &app.app_secret),
        ])
        .await;
    assert_eq!(s, 200, "{t}");
    assert!(t.get("id_token").is_none() && t.get("refresh_token").is_none());
    let a = verify_with_jwks(&o, t["access_token"].as_str().unwrap()).await;
    assert_eq!(a["sub"], app.app_id.as_str());
    assert_eq!(a["scope"], "read:things");
    // userinfo has no user for it
    assert_eq!(o.me(t["access_token"].as_str().unwrap()).await.0, 401);
}

#[tokio::test]
async fn introspection_and_revocation() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid offline_access").await;
    let (_, t) = o.exchange(&p["code"]).await;
    let at = t["access_token"].as_str().unwrap();
    let rt = t["refresh_token"].as_str().unwrap();
    let i = o.introspect(at).await;
    assert_eq!(i["active"], true);
    assert_eq!(i["sub"], o.user_id.as_str());
    assert_eq!(i["client_id"], o.emu().app_id());
    assert_eq!(i["scope"], "openid offline_access");
    assert_eq!(o.introspect(rt).await["active"], true);
    assert_eq!(o.introspect("garbage").await, json!({"active": false}));
    // revoke the access token: it stops working, the refresh token still works
    let creds = [
        ("client_id", o.emu().app_id()),
        ("client_secret", o.emu().app_secret()),
    ];
    let mut f = vec![("token", at)];
    f.extend(creds);
    let (s, _) = o.post_form("/oidc/token/revocation", &f, None).await;
    assert_eq!(s, 200);
    assert_eq!(o.introspect(at).await, json!({"active": false}));
    assert_eq!(o.me(at).await.0, 401);
    assert_eq!(o.introspect(rt).await["active"], true);
    // revoke the refresh token: the grant ends
    let mut f = vec![("token", rt)];
    f.extend(creds);
    let (s, _) = o.post_form("/oidc/token/revocation", &f, None).await;
    assert_eq!(s, 200);
    assert_eq!(o.introspect(rt).await["active"], false);
    // unknown tokens: 200 as well
    let mut f = vec![("token", "nope")];
    f.extend(creds);
    assert_eq!(o.post_form("/oidc/token/revocation", &f, None).await.0, 200);
}

#[tokio::test]
async fn validate_token_for_id_access_and_user_tokens() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let (_, t) = o.exchange(&p["code"]).await;
    let get = |q: String| {
        let o = &o;
        async move {
            let r = o
                .http
                .get(o.url(&format!("/api/v2/oidc/validate_token?{q}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    let v = get(format!("id_token={}", t["id_token"].as_str().unwrap())).await;
    assert_eq!(v["sub"], o.user_id.as_str());
    assert_eq!(v["nonce"], "n-1");
    let v = get(format!(
        "access_token={}",
        t["access_token"].as_str().unwrap()
    ))
    .await;
    assert_eq!(v["sub"], o.user_id.as_str());
    assert_eq!(v["client_id"], o.emu().app_id());
    // the pool's own HS256 token from a login
    let user_token = o.t.login(USER, PW).await;
    let v = get(format!("id_token={user_token}")).await;
    assert_eq!(v["sub"], o.user_id.as_str());
    assert_eq!(v["data"]["id"], o.user_id.as_str());
    let v = get("id_token=not.a.token".into()).await;
    assert_eq!(v["code"], 400, "{v}");
    assert!(v["message"].is_string());
    let v = get("access_token=abc".into()).await;
    assert_eq!(v["code"], 400);
}

#[tokio::test]
async fn implicit_flow_returns_tokens_in_the_fragment() {
    let o = start().await;
    let q = format!(
        "client_id={}&redirect_uri={}&response_type=id_token%20token&scope=openid%20email&state=st&nonce=nn",
        o.emu().app_id(),
        url::form_urlencoded::byte_serialize(CB.as_bytes()).collect::<String>()
    );
    let s = o.login_flow(&q).await;
    let loc = s.location.unwrap();
    let u = url::Url::parse(&loc).unwrap();
    assert!(u.query().is_none(), "nothing in the query: {loc}");
    let p = url_params(&loc);
    assert_eq!(p["token_type"], "Bearer");
    assert_eq!(p["state"], "st");
    let id = verify_with_jwks(&o, &p["id_token"]).await;
    assert_eq!(id["nonce"], "nn");
    assert!(id["at_hash"].is_string());
    assert_eq!(o.me(&p["access_token"]).await.0, 200);
    // implicit without a nonce is refused (to the client)
    let q2 = q.replace("&nonce=nn", "");
    let s = o.get(&format!("/oidc/auth?{q2}"), None).await;
    assert_eq!(
        url_params(s.location.as_deref().unwrap())["error"],
        "invalid_request"
    );
}

#[tokio::test]
async fn form_post_response_mode() {
    let o = start().await;
    let q = format!(
        "{}&response_mode=form_post",
        auth_query(o.emu().app_id(), CB, "openid", None, "x\"<y", "n")
    );
    let form = o.get(&format!("/oidc/auth?{q}"), None).await;
    let s = o.submit(&form.body, USER, PW).await;
    assert_eq!(s.status, 200);
    assert!(s.body.contains(&format!(r#"action="{CB}""#)), "{}", s.body);
    assert!(s.body.contains(r#"name="code""#));
    assert!(s.body.contains("x&quot;&lt;y"), "state escaped: {}", s.body);
}

#[tokio::test]
async fn oauth_variant_issues_refresh_tokens_and_no_id_token() {
    let o = start().await;
    let q = format!(
        "client_id={}&redirect_uri={}&response_type=code&scope=user&state=s",
        o.emu().app_id(),
        url::form_urlencoded::byte_serialize(CB.as_bytes()).collect::<String>()
    );
    let form = o.get(&format!("/oauth/auth?{q}"), None).await;
    assert_eq!(form.status, 200);
    let s = o.submit(&form.body, USER, PW).await;
    let code = url_params(s.location.as_deref().unwrap())["code"].clone();
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
        ("client_id", o.emu().app_id()),
        ("client_secret", o.emu().app_secret()),
    ];
    // an OAuth code is not an OIDC code
    let (st, _) = o.post_form("/oidc/token", &fields, None).await;
    assert_eq!(st, 400);
    let (st, t) = o.post_form("/oauth/token", &fields, None).await;
    assert_eq!(st, 200, "{t}");
    assert!(t.get("id_token").is_none());
    assert!(t["refresh_token"].is_string());
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(payload(at)["iss"], format!("{}/oauth", o.emu().url()));
    let me: Value = o
        .http
        .get(o.url("/oauth/me"))
        .bearer_auth(at)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["sub"], o.user_id.as_str());
    assert_eq!(me["email"], EMAIL);
    assert_eq!(o.me(at).await.0, 401, "an OAuth token is not an OIDC token");
}
