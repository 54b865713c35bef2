//! Applications end to end through the SDK: an application created with
//! `applications().create`, a resource and an access policy on it, a user refused at
//! the sign-in of that application and then allowed, an agreement list reordered, a
//! programmatic access account getting a token by client credentials, and the
//! application deleted.
//!
//! The management calls run against any target. The sign-in (the hosted login form
//! played over HTTP) and the token endpoint use the emulator's provider at the target's
//! URL, so they run only against the in-process emulator (a real pool serves its
//! applications on their own hosts); elsewhere that part prints `SKIPPED:`.

use std::collections::HashMap;

use authing::management::{
    AccessPolicyTargets, CreateAgreementInput, CreateApplicationInput, CreateResourceInput,
    DefaultStrategy, ListOptions, PolicyAssignmentTargetType, PolicyEffect, ResourceAction,
    ResourceType,
};
use authing_e2e::{Target, register_and_login};
use serde_json::Value;

const REDIRECT: &str = "http://127.0.0.1:9/app-callback";
const PW: &str = "Apps-e2e-pw-1";

/// The hosted login of `client_id` for `account`: the parameters sent back to the
/// redirect URI (`code` or `error`).
async fn sign_in(
    http: &reqwest::Client,
    base: &str,
    client_id: &str,
    account: &str,
) -> HashMap<String, String> {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("client_id", client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid profile")
        .append_pair("state", "e2e-state")
        .append_pair("nonce", "e2e-nonce");
    let page = http
        .get(format!("{base}/oidc/auth?{}", q.finish()))
        .send()
        .await
        .expect("GET auth");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("login form");
    let form = &html[html.find("<form").expect("a form")..];
    let a = form.find("action=\"").expect("action") + 8;
    let action = form[a..a + form[a..].find('"').expect("quote")].replace("&amp;", "&");
    let resp = http
        .post(format!("{base}{action}"))
        .form(&[("account", account), ("password", PW)])
        .send()
        .await
        .expect("POST credentials");
    assert_eq!(resp.status(), 302, "back to the client");
    let location = resp.headers()["location"].to_str().expect("Location");
    assert!(location.starts_with(REDIRECT), "{location}");
    let params: HashMap<String, String> = url::Url::parse(location)
        .expect("URL")
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(params["state"], "e2e-state");
    params
}

/// Verifies an RS256 token against the provider's JWKS; returns its claims.
async fn verify(http: &reqwest::Client, base: &str, token: &str, aud: &str) -> Value {
    let header = jsonwebtoken::decode_header(token).expect("JWT header");
    let jwks: Value = http
        .get(format!("{base}/oidc/.well-known/jwks.json"))
        .send()
        .await
        .expect("JWKS")
        .json()
        .await
        .expect("JWKS JSON");
    let key = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"].as_str() == header.kid.as_deref())
        .expect("the signing key is published");
    let key = jsonwebtoken::DecodingKey::from_rsa_components(
        key["n"].as_str().expect("n"),
        key["e"].as_str().expect("e"),
    )
    .expect("RSA key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&[aud]);
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .expect("the token verifies")
        .claims
}

#[tokio::test]
async fn an_application_from_creation_to_sign_in_and_client_credentials() {
    let t = Target::start().await;
    let m = t.management();
    let apps = m.applications();
    let ident = Target::unique("app");
    let app = apps
        .create(&CreateApplicationInput::new(
            format!("E2E {ident}"),
            &ident,
            [REDIRECT],
        ))
        .await
        .expect("create");
    let app_id = app.id.clone();
    let secret = app.secret.clone().expect("a client secret");
    assert_eq!(app.identifier.as_deref(), Some(ident.as_str()));
    let found = apps
        .find_by_id(&app_id)
        .await
        .expect("find")
        .expect("exists");
    assert_eq!(found.redirect_uris, vec![REDIRECT.to_string()]);

    // a resource of the application
    let res = apps
        .create_resource(
            &app_id,
            &CreateResourceInput::new("books", ResourceType::Data)
                .with_actions([ResourceAction::new("books:read")]),
        )
        .await
        .expect("create_resource");
    assert_eq!(res.code, "books");
    let listed = apps
        .list_resources(&app_id, &Default::default())
        .await
        .expect("list_resources");
    assert_eq!(listed.total_count, 1);
    assert_eq!(listed.list[0].code, "books");

    // an access policy: nobody by default, then the user
    let auth = t.authentication();
    let username = Target::unique("appuser");
    let user_id = register_and_login(&auth, &username, PW).await;
    let strict = apps
        .update_default_application_access_policy(&app_id, DefaultStrategy::DenyAll)
        .await
        .expect("DENY_ALL");
    assert_eq!(
        strict.permission_strategy.and_then(|s| s.default_strategy),
        Some(DefaultStrategy::DenyAll)
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let in_process = t.in_process().is_some();
    if in_process {
        let refused = sign_in(&http, t.url(), &app_id, &username).await;
        assert_eq!(
            refused.get("error").map(String::as_str),
            Some("access_denied")
        );
        assert!(!refused.contains_key("code"));
    }
    let me = AccessPolicyTargets::new(PolicyAssignmentTargetType::User, [user_id.clone()]);
    apps.allow_access_application(&app_id, &me)
        .await
        .expect("allow");
    let records = apps
        .get_access_policies(&app_id, &Default::default())
        .await
        .expect("records");
    assert_eq!(records.total_count, 1);
    assert_eq!(records.list[0].target_identifier, user_id);
    assert_eq!(records.list[0].effect, Some(PolicyEffect::Allow));

    // agreements, reordered
    let mut ids = Vec::new();
    for title in ["Terms", "Privacy", "Cookies"] {
        let a = apps
            .create_agreement(&app_id, &CreateAgreementInput::new(title))
            .await
            .expect("create_agreement");
        ids.push(a.id);
    }
    ids.reverse();
    apps.sort_agreement(&app_id, &ids).await.expect("sort");
    let titles: Vec<String> = apps
        .list_agreement(&app_id)
        .await
        .expect("list_agreement")
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles, ["Cookies", "Privacy", "Terms"]);

    // a programmatic access account
    let acc = apps
        .create_programmatic_access_account(&app_id, Some("e2e robot"), Some(300))
        .await
        .expect("create account");
    let acc_secret = acc.secret.clone().expect("an account secret");
    let accounts = apps
        .programmatic_access_account_list(&app_id, &ListOptions::default())
        .await
        .expect("account list");
    assert!(accounts.list.iter().any(|a| a.id == acc.id));

    if in_process {
        // the allowed user signs in to the new application
        let allowed = sign_in(&http, t.url(), &app_id, &username).await;
        let code = allowed.get("code").expect("a code once allowed");
        let tokens: Value = http
            .post(format!("{}/oidc/token", t.url()))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("client_id", &app_id),
                ("client_secret", secret.expose()),
            ])
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("token JSON");
        let id_token = tokens["id_token"].as_str().expect("an ID token");
        let claims = verify(&http, t.url(), id_token, &app_id).await;
        assert_eq!(claims["sub"], user_id.as_str());
        let active = apps
            .active_users(&app_id, &Default::default())
            .await
            .expect("active_users");
        assert_eq!(
            active
                .list
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>(),
            [user_id.as_str()]
        );

        // the account's client credentials
        let cc = |secret: String| {
            let (http, url, id) = (&http, t.url().to_string(), acc.id.clone());
            async move {
                http.post(format!("{url}/oidc/token"))
                    .form(&[
                        ("grant_type", "client_credentials"),
                        ("client_id", id.as_str()),
                        ("client_secret", secret.as_str()),
                    ])
                    .send()
                    .await
                    .expect("client credentials")
            }
        };
        let resp = cc(acc_secret.expose().to_string()).await;
        assert_eq!(resp.status(), 200);
        let body: Value = resp.json().await.expect("token JSON");
        let at = body["access_token"].as_str().expect("an access token");
        let claims = verify(&http, t.url(), at, &app_id).await;
        assert_eq!(claims["sub"], acc.id.as_str());
        assert_eq!(body["expires_in"], 300);
        apps.disable_programmatic_access_account(&acc.id)
            .await
            .expect("disable");
        assert_eq!(cc(acc_secret.expose().to_string()).await.status(), 401);
    } else {
        println!(
            "SKIPPED (sign-in and token endpoint): {} serves its applications on their own hosts",
            t.describe()
        );
    }

    apps.delete_programmatic_access_account(&acc.id)
        .await
        .expect("delete account");
    apps.delete(&app_id).await.expect("delete");
    assert!(apps.find_by_id(&app_id).await.expect("find").is_none());
}
