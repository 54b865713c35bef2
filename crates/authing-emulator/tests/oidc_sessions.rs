//! The OIDC provider's login sessions and applications, black box over HTTP: the
//! hosted form with username/email/phone, wrong and blocked logins, session cookie
//! reuse, prompt=login/none, forced logout, RP-initiated and easy logout, key
//! rotation, the applications control, reset and the data file.

mod oidc_common;

use authing_emulator::{ApplicationSpec, Emulator};
use oidc_common::*;
use serde_json::{Value, json};

#[tokio::test]
async fn session_cookie_skips_the_form_and_prompt_login_forces_it() {
    let o = start().await;
    let q = auth_query(o.emu().app_id(), CB, "openid", None, "a", "n");
    let s = o.login_flow(&q).await;
    let sc = s.set_cookie.clone().unwrap();
    assert!(sc.contains("HttpOnly") && sc.contains("SameSite=Lax") && sc.contains("Path=/"));
    let cookie = s.cookie.unwrap();
    let again = o.get(&format!("/oidc/auth?{q}"), Some(&cookie)).await;
    assert_eq!(again.status, 302, "the session skips the form");
    assert!(url_params(again.location.as_deref().unwrap()).contains_key("code"));
    let forced = o
        .get(&format!("/oidc/auth?{q}&prompt=login"), Some(&cookie))
        .await;
    assert_eq!(forced.status, 200);
    assert!(forced.body.contains(r#"id="password""#));
    // prompt=none without a session → login_required at the redirect URI
    let none = o.get(&format!("/oidc/auth?{q}&prompt=none"), None).await;
    assert_eq!(none.status, 302);
    let p = url_params(none.location.as_deref().unwrap());
    assert_eq!(
        (p["error"].as_str(), p["state"].as_str()),
        ("login_required", "a")
    );
    let with = o
        .get(&format!("/oidc/auth?{q}&prompt=none"), Some(&cookie))
        .await;
    assert!(url_params(with.location.as_deref().unwrap()).contains_key("code"));
    // a forced logout (kick) ends the provider session too
    let r: Value =
        o.t.http
            .post(o.url("/api/v2/users/kick"))
            .bearer_auth(&o.admin)
            .header("x-authing-userpool-id", o.emu().user_pool_id())
            .json(&json!({"userIds": [o.user_id]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(r["code"], 200, "{r}");
    let after = o.get(&format!("/oidc/auth?{q}"), Some(&cookie)).await;
    assert_eq!(after.status, 200, "form again after kick");
}

#[tokio::test]
async fn login_by_email_and_phone_and_wrong_password() {
    let o = start().await;
    let q = auth_query(o.emu().app_id(), CB, "openid", None, "a", "n");
    for account in [EMAIL, "13800000001"] {
        let form = o.get(&format!("/oidc/auth?{q}"), None).await;
        let s = o.submit(&form.body, account, PW).await;
        assert_eq!(s.status, 302, "{account}: {}", s.body);
    }
    let form = o.get(&format!("/oidc/auth?{q}"), None).await;
    let bad = o.submit(&form.body, USER, "wrong").await;
    assert_eq!(bad.status, 401);
    assert!(bad.body.contains(r#"<p id="error""#), "{}", bad.body);
    assert!(bad.cookie.is_none());
    // the re-rendered form has a fresh interaction that works
    let ok = o.submit(&bad.body, USER, PW).await;
    assert_eq!(ok.status, 302);
    // the first interaction was one-time
    let replay = o.submit(&form.body, USER, PW).await;
    assert_eq!(replay.status, 400);
}

#[tokio::test]
async fn blocked_user_cannot_log_in() {
    let o = start().await;
    o.t.ok(
        "mutation($id: String!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }",
        json!({"id": o.user_id, "i": {"blocked": true}}),
        Some(&o.admin),
    )
    .await;
    let q = auth_query(o.emu().app_id(), CB, "openid", None, "a", "n");
    let form = o.get(&format!("/oidc/auth?{q}"), None).await;
    let s = o.submit(&form.body, USER, PW).await;
    assert_eq!(s.status, 401);
    assert!(s.body.contains("blocked"), "{}", s.body);
}

#[tokio::test]
async fn rp_initiated_and_easy_logout() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let (_, t) = o.exchange(&p["code"]).await;
    let id_token = t["id_token"].as_str().unwrap();
    let q = auth_query(o.emu().app_id(), CB, "openid", None, "a", "n");
    let cookie = o.login_flow(&q).await.cookie.unwrap();
    let cb = url::form_urlencoded::byte_serialize(CB.as_bytes()).collect::<String>();
    let end = o
        .get(
            &format!(
                "/oidc/session/end?id_token_hint={id_token}&post_logout_redirect_uri={cb}&state=bye"
            ),
            Some(&cookie),
        )
        .await;
    assert_eq!(end.status, 302);
    assert_eq!(
        end.location.as_deref(),
        Some(format!("{CB}?state=bye").as_str())
    );
    assert!(end.set_cookie.unwrap().contains("Max-Age=0"));
    let after = o.get(&format!("/oidc/auth?{q}"), Some(&cookie)).await;
    assert_eq!(after.status, 200, "session ended");
    // unregistered post-logout URI: error page, no redirect
    let bad = o
        .get(
            &format!("/oidc/session/end?id_token_hint={id_token}&post_logout_redirect_uri=http%3A%2F%2Fevil.example%2F"),
            None,
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.location.is_none());
    // easy logout
    let cookie = o.login_flow(&q).await.cookie.unwrap();
    let e = o
        .get(
            &format!("/login/profile/logout?redirect_uri={cb}"),
            Some(&cookie),
        )
        .await;
    assert_eq!((e.status, e.location.as_deref()), (302, Some(CB)));
    assert_eq!(
        o.get(&format!("/oidc/auth?{q}"), Some(&cookie))
            .await
            .status,
        200
    );
    let e = o
        .get(
            "/login/profile/logout?redirect_uri=http%3A%2F%2Fevil.example%2F",
            None,
        )
        .await;
    assert_eq!((e.status, e.location), (200, None));
}

#[tokio::test]
async fn rotated_keys_keep_old_tokens_valid() {
    let o = start().await;
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let (_, old) = o.exchange(&p["code"]).await;
    let r: Value = o
        .http
        .post(o.url("/emulator/v1/oidc/rotate-keys"))
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kid = r["data"]["kid"].as_str().unwrap().to_string();
    assert_ne!(kid, "emulator-oidc-1");
    let jwks: Value = o
        .http
        .get(o.url("/oidc/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids, vec![kid.as_str(), "emulator-oidc-1"]);
    let p = o.code_for(o.emu().app_id(), "openid").await;
    let (_, new) = o.exchange(&p["code"]).await;
    assert_eq!(
        header(new["id_token"].as_str().unwrap())["kid"],
        kid.as_str()
    );
    verify_with_jwks(&o, new["id_token"].as_str().unwrap()).await;
    verify_with_jwks(&o, old["id_token"].as_str().unwrap()).await;
    assert_eq!(o.me(old["access_token"].as_str().unwrap()).await.0, 200);
    assert_eq!(o.me(new["access_token"].as_str().unwrap()).await.0, 200);
}

#[tokio::test]
async fn applications_control_and_reset_keeps_apps() {
    let o = start().await;
    let r: Value = o
        .http
        .post(o.url("/emulator/v1/applications"))
        .json(&json!({"name": "ctl", "redirectUris": [CB], "tokenEndpointAuthMethod": "client_secret_basic"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["code"], 200, "{r}");
    let id = r["data"]["appId"].as_str().unwrap().to_string();
    assert!(r["data"]["appSecret"].as_str().unwrap().len() >= 32);
    assert_eq!(r["data"]["tokenEndpointAuthMethod"], "client_secret_basic");
    let bad: Value = o
        .http
        .post(o.url("/emulator/v1/applications"))
        .json(&json!({"name": "x", "redirectUris": ["javascript:alert(1)"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bad["code"], 400);
    let info: Value = o
        .http
        .get(o.url("/emulator/v1/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["data"]["appSecret"], o.emu().app_secret());
    assert_eq!(info["data"]["redirectUris"], json!([CB]));
    o.emu().reset();
    let q = auth_query(&id, CB, "openid", None, "a", "n");
    assert_eq!(
        o.get(&format!("/oidc/auth?{q}"), None).await.status,
        200,
        "app kept"
    );
}

#[tokio::test]
async fn app_secret_and_applications_survive_a_restart_with_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emu.json");
    let emu = Emulator::builder()
        .data_file(path.clone())
        .app_redirect_uri(CB)
        .start()
        .await
        .unwrap();
    let (app_id, secret) = (emu.app_id().to_string(), emu.app_secret().to_string());
    let other = emu
        .register_application(ApplicationSpec::new("kept").redirect_uri(CB))
        .unwrap();
    emu.stop().await.unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"applications\""));
    let emu = Emulator::builder().data_file(path).start().await.unwrap();
    assert_eq!(
        (emu.app_id(), emu.app_secret()),
        (app_id.as_str(), secret.as_str())
    );
    let http = no_redirects();
    let r = http
        .post(format!("{}/oidc/token", emu.url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", other.app_id.as_str()),
            ("client_secret", other.app_secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "the registered app and its secret were kept"
    );
    let q = auth_query(&app_id, CB, "openid", None, "s", "n");
    let page = http
        .get(format!("{}/oidc/auth?{q}", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "redirect URIs were kept");
}

#[tokio::test]
async fn user_logout_ends_the_provider_session() {
    let o = start().await;
    let q = auth_query(o.emu().app_id(), CB, "openid", None, "a", "n");
    let cookie = o.login_flow(&q).await.cookie.unwrap();
    let token = o.t.login(USER, PW).await;
    let r: Value =
        o.t.http
            .get(o.url("/api/v2/logout"))
            .bearer_auth(&token)
            .header("x-authing-userpool-id", o.emu().user_pool_id())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(r["code"], 200, "{r}");
    let after = o.get(&format!("/oidc/auth?{q}"), Some(&cookie)).await;
    assert_eq!(after.status, 200, "the form again after logout");
}

#[tokio::test]
async fn handle_rotation_and_post_authorization_request() {
    let o = start().await;
    let kid = o.emu().rotate_signing_key().unwrap();
    let jwks: Value = o
        .http
        .get(o.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["kid"], kid.as_str());
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    // the authorization request as a POSTed form
    let q = auth_query(o.emu().app_id(), CB, "openid", None, "p", "n");
    let r = o
        .http
        .post(o.url("/oidc/auth"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(q)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    let body = r.text().await.unwrap();
    let s = o.submit(&body, USER, PW).await;
    let p = url_params(s.location.as_deref().unwrap());
    let (st, t) = o.exchange_without_pkce(&p["code"]).await;
    assert_eq!(st, 200, "{t}");
    assert_eq!(header(t["id_token"].as_str().unwrap())["kid"], kid.as_str());
}
