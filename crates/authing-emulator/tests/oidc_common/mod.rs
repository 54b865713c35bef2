//! Helpers of the OIDC tests: a browser over plain HTTP (redirects off, cookies by
//! hand), PKCE, and the login form.
#![allow(dead_code)]

use std::collections::HashMap;

use authing_emulator::Emulator;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[path = "../common/mod.rs"]
pub mod common;

pub const CB: &str = "http://127.0.0.1:9/cb";
pub const USER: &str = "alice";
pub const EMAIL: &str = "alice@example.com";
pub const PW: &str = "s3cret-pass";

pub struct O {
    pub t: common::T,
    /// No redirects followed, no cookie store.
    pub http: reqwest::Client,
    pub user_id: String,
    pub admin: String,
}

pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// An emulator whose default app allows [`CB`], with user alice (username, email,
/// phone, nickname).
pub async fn start() -> O {
    let emu = Emulator::builder()
        .app_redirect_uri(CB)
        .start()
        .await
        .expect("emulator starts");
    let t = common::wrap(emu);
    let admin = t.admin().await;
    let user_id = t
        .create_user(
            &admin,
            json!({"username": USER, "email": EMAIL, "phone": "13800000001", "nickname": "Ali", "password": t.enc(PW)}),
        )
        .await;
    O {
        t,
        http: no_redirects(),
        user_id,
        admin,
    }
}

pub fn verifier() -> String {
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-0123456789abcdef".to_string()
}

pub fn s256(v: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes()))
}

/// Query or fragment parameters of a URL.
pub fn url_params(u: &str) -> HashMap<String, String> {
    let u = url::Url::parse(u).expect("absolute URL");
    let mut m: HashMap<String, String> = u.query_pairs().into_owned().collect();
    if let Some(f) = u.fragment() {
        m.extend(url::form_urlencoded::parse(f.as_bytes()).into_owned());
    }
    m
}

/// The value of `attr="..."` after `marker` in an HTML page.
pub fn attr_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let at = html.find(marker)?;
    let rest = &html[at..];
    let a = rest.find(&format!("{attr}=\""))? + attr.len() + 2;
    let end = rest[a..].find('"')?;
    Some(rest[a..a + end].to_string())
}

/// The response of a browser step.
pub struct Step {
    pub status: u16,
    pub location: Option<String>,
    pub cookie: Option<String>,
    pub set_cookie: Option<String>,
    pub body: String,
}

impl O {
    pub fn url(&self, p: &str) -> String {
        self.t.url(p)
    }

    pub fn emu(&self) -> &Emulator {
        &self.t.emu
    }

    /// `GET {path}?{query}` with an optional session cookie.
    pub async fn get(&self, path_and_query: &str, cookie: Option<&str>) -> Step {
        let mut req = self.http.get(self.url(path_and_query));
        if let Some(c) = cookie {
            req = req.header(COOKIE, format!("authing_emulator_session={c}"));
        }
        step(req.send().await.unwrap()).await
    }

    /// Posts the login form of a page.
    pub async fn submit(&self, form_page: &str, account: &str, password: &str) -> Step {
        let action = attr_after(form_page, "<form", "action").expect("form action");
        assert!(
            action.starts_with("/oidc/interaction/") && action.ends_with("/login"),
            "{action}"
        );
        let resp = self
            .http
            .post(self.url(&action))
            .form(&[("account", account), ("password", password)])
            .send()
            .await
            .unwrap();
        step(resp).await
    }

    /// GET auth (form), POST credentials; returns the step that redirects to the client.
    pub async fn login_flow(&self, query: &str) -> Step {
        let form = self.get(&format!("/oidc/auth?{query}"), None).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains(r#"<input name="account" id="account""#));
        let s = self.submit(&form.body, USER, PW).await;
        assert_eq!(s.status, 302, "{}", s.body);
        s
    }

    /// A full code flow with PKCE S256 for `client_id`; returns the code's params.
    pub async fn code_for(&self, client_id: &str, scope: &str) -> HashMap<String, String> {
        let q = auth_query(
            client_id,
            CB,
            scope,
            Some(&s256(&verifier())),
            "st-1",
            "n-1",
        );
        let s = self.login_flow(&q).await;
        let p = url_params(s.location.as_deref().unwrap());
        assert_eq!(p["state"], "st-1");
        p
    }

    /// `POST /oidc/token` with form fields.
    pub async fn token(&self, fields: &[(&str, &str)]) -> (u16, Value) {
        self.post_form("/oidc/token", fields, None).await
    }

    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        basic: Option<(&str, &str)>,
    ) -> (u16, Value) {
        let mut req = self.http.post(self.url(path)).form(fields);
        if let Some((u, p)) = basic {
            req = req.basic_auth(u, Some(p));
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Exchanges a code of the default app (client_secret_post, PKCE verifier).
    pub async fn exchange(&self, code: &str) -> (u16, Value) {
        let v = verifier();
        self.token(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", CB),
            ("code_verifier", &v),
            ("client_id", self.emu().app_id()),
            ("client_secret", self.emu().app_secret()),
        ])
        .await
    }

    /// Exchanges a code of the default app requested without PKCE.
    pub async fn exchange_without_pkce(&self, code: &str) -> (u16, Value) {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", CB),
            ("client_id", self.emu().app_id()),
            ("client_secret", self.emu().app_secret()),
        ])
        .await
    }

    pub async fn me(&self, token: &str) -> (u16, Value) {
        let r = self
            .http
            .get(self.url("/oidc/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// Introspects with the default app's credentials.
    pub async fn introspect(&self, token: &str) -> Value {
        let (s, v) = self
            .post_form(
                "/oidc/token/introspection",
                &[
                    ("token", token),
                    ("client_id", self.emu().app_id()),
                    ("client_secret", self.emu().app_secret()),
                ],
                None,
            )
            .await;
        assert_eq!(s, 200, "{v}");
        v
    }
}

pub fn auth_query(
    client_id: &str,
    redirect: &str,
    scope: &str,
    challenge: Option<&str>,
    state: &str,
    nonce: &str,
) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect)
        .append_pair("response_type", "code")
        .append_pair("scope", scope)
        .append_pair("state", state)
        .append_pair("nonce", nonce);
    if let Some(c) = challenge {
        s.append_pair("code_challenge", c)
            .append_pair("code_challenge_method", "S256");
    }
    s.finish()
}

pub async fn step(r: reqwest::Response) -> Step {
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let set_cookie = r
        .headers()
        .get(SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_string());
    let cookie = set_cookie.as_deref().and_then(|c| {
        c.split(';')
            .next()
            .and_then(|kv| kv.strip_prefix("authing_emulator_session="))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    });
    let body = r.text().await.unwrap_or_default();
    Step {
        status,
        location,
        cookie,
        set_cookie,
        body,
    }
}

/// Decodes a JWT payload (no verification; the tests verify separately).
pub fn payload(jwt: &str) -> Value {
    let p = jwt.split('.').nth(1).expect("three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
}

pub fn header(jwt: &str) -> Value {
    let p = jwt.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
}

/// Verifies an RS256 JWT against the emulator's JWKS (by kid).
pub async fn verify_with_jwks(o: &O, jwt: &str) -> Value {
    let jwks: Value = o
        .http
        .get(o.url("/oidc/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kid = header(jwt)["kid"].as_str().unwrap().to_string();
    let k = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap_or_else(|| panic!("kid {kid} in {jwks}"));
    let key = jsonwebtoken::DecodingKey::from_rsa_components(
        k["n"].as_str().unwrap(),
        k["e"].as_str().unwrap(),
    )
    .unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.validate_aud = false;
    jsonwebtoken::decode::<Value>(jwt, &key, &v)
        .expect("signature verifies")
        .claims
}
