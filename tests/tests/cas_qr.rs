//! CAS and QR-code login end to end, through the SDK against the target's emulator:
//! a CAS application registered through the controls, the hosted login form played
//! over HTTP (redirects off, the session cookie by hand), ticket round trips with
//! `validate_ticket_v1` and `validate_ticket_v2` (XML and JSON), single use, and the
//! CAS logout; then a QR login whose phone is played through the emulator controls
//! while the SDK's `poll_qrcode` stream watches, ending in `exchange_user_info`.
//!
//! Both need the emulator's controls (`/emulator/v1`) and hosted login page; against
//! another server they print `SKIPPED:`.

use std::time::Duration;

use authing::authentication::AuthenticationClient;
use authing::authentication::cas::{CasFormat, ServiceValidation};
use authing::authentication::oidc::{AuthorizeParams, LogoutParams, Protocol};
use authing::authentication::qrcode::{GeneCodeOptions, QrStatus};
use authing_e2e::{Target, register_and_login, require_controls};
use futures::StreamExt as _;
use serde_json::{Value, json};

const SERVICE: &str = "http://127.0.0.1:9/cas/callback";
const PW: &str = "Cas-qr-pw-1";

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

/// `POST {url}{path}` to the emulator controls; the answer's `data`.
async fn control(t: &Target, path: &str, body: Value) -> Value {
    let mut req = http().post(format!("{}{path}", t.url())).json(&body);
    if let Ok(token) = std::env::var("AUTHING_EMULATOR_CONTROL_TOKEN") {
        req = req.header("x-emulator-control-token", token);
    }
    let resp = req.send().await.expect("control request");
    let v: Value = resp.json().await.expect("control answer");
    assert_eq!(v["code"], 200, "POST {path} {body}: {v}");
    v["data"].clone()
}

/// The value of `action="..."` in the first form of a page.
fn form_action(html: &str) -> String {
    let form = &html[html.find("<form").expect("a form")..];
    let a = form.find("action=\"").expect("an action") + 8;
    let end = form[a..].find('"').expect("closing quote");
    form[a..a + end].replace("&amp;", "&")
}

fn query_param(location: &str, key: &str) -> String {
    let u = url::Url::parse(location).expect("absolute redirect");
    u.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {key} in {location}"))
}

fn cookie_of(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("authing_emulator_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_string())
}

/// Follows the CAS login URL: with a cookie, the ticket at once; without, the form is
/// posted with the credentials. Returns the ticket and the session cookie (if new).
async fn ticket(
    url: &str,
    base: &str,
    cookie: Option<&str>,
    account: &str,
) -> (String, Option<String>) {
    let client = http();
    let mut req = client.get(url);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("authing_emulator_session={c}"));
    }
    let resp = req.send().await.expect("GET the CAS login URL");
    if resp.status() == 302 {
        let loc = resp.headers()["location"].to_str().unwrap().to_string();
        return (query_param(&loc, "ticket"), None);
    }
    assert_eq!(resp.status(), 200);
    let page = resp.text().await.unwrap();
    let action = form_action(&page);
    let resp = client
        .post(format!("{base}{action}"))
        .form(&[("account", account), ("password", PW)])
        .send()
        .await
        .expect("POST the login form");
    assert_eq!(resp.status(), 302, "the form signs in");
    let cookie = cookie_of(&resp);
    let loc = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with(&format!("{SERVICE}?ticket=ST-")), "{loc}");
    (query_param(&loc, "ticket"), cookie)
}

#[tokio::test]
async fn cas_ticket_round_trip_v1_and_v2() {
    let t = Target::start().await;
    require_controls!(t);
    let app = control(
        &t,
        "/emulator/v1/applications",
        json!({"name": "cas app", "redirectUris": [SERVICE]}),
    )
    .await;
    let app_id = app["appId"].as_str().expect("appId").to_string();
    let username = Target::unique("cas");
    let user_id = register_and_login(&t.authentication(), &username, PW).await;

    let auth: AuthenticationClient = t
        .authentication_builder()
        .app_id(app_id.clone())
        .app_host(t.url().to_string())
        .protocol(Protocol::Cas)
        .build()
        .unwrap();
    let login = auth
        .build_authorize_url(&AuthorizeParams::new().service(SERVICE))
        .unwrap();
    assert!(
        login
            .url()
            .starts_with(&format!("{}/cas-idp/{app_id}?service=", t.url()))
    );

    // CAS 1.0: the form, then the ticket once
    let (st, cookie) = ticket(login.url(), t.url(), None, &username).await;
    let cookie = cookie.expect("a login session cookie");
    let v1 = auth.validate_ticket_v1(&st, SERVICE).await.unwrap();
    assert!(v1.valid, "{v1:?}");
    assert_eq!(v1.user.as_deref(), Some(username.as_str()));
    let replay = auth.validate_ticket_v1(&st, SERVICE).await.unwrap();
    assert!(!replay.valid && replay.user.is_none());

    // CAS 2.0 XML, the session cookie skipping the form
    let (st, none) = ticket(login.url(), t.url(), Some(&cookie), &username).await;
    assert!(none.is_none());
    let v2 = auth
        .validate_ticket_v2(&st, SERVICE, CasFormat::Xml)
        .await
        .unwrap();
    let p = v2.principal().expect("authenticationSuccess");
    assert_eq!(p.user, username);
    assert_eq!(p.attribute("userId"), Some(user_id.as_str()));
    assert_eq!(p.attribute("isFromNewLogin"), Some("false"));
    match auth
        .validate_ticket_v2(&st, SERVICE, CasFormat::Xml)
        .await
        .unwrap()
    {
        ServiceValidation::Failure(f) => assert_eq!(f.code, "INVALID_TICKET"),
        other => panic!("a replayed ticket: {other:?}"),
    }

    // CAS 3.0 JSON; a wrong service is refused and burns the ticket
    let (st, _) = ticket(login.url(), t.url(), Some(&cookie), &username).await;
    let v3 = auth
        .validate_ticket_v2(&st, SERVICE, CasFormat::Json)
        .await
        .unwrap();
    assert_eq!(v3.principal().expect("success").user, username);
    let (st, _) = ticket(login.url(), t.url(), Some(&cookie), &username).await;
    match auth
        .validate_ticket_v2(&st, "http://127.0.0.1:9/other", CasFormat::Json)
        .await
        .unwrap()
    {
        ServiceValidation::Failure(f) => assert_eq!(f.code, "INVALID_SERVICE"),
        other => panic!("a wrong service: {other:?}"),
    }
    assert!(!auth.validate_ticket_v1(&st, SERVICE).await.unwrap().valid);

    // The SDK carries no browser cookie: no session for it
    assert!(auth.track_session().await.unwrap().is_none());

    // CAS logout ends the browser's session: the next login shows the form again
    let out = auth
        .build_logout_url(&LogoutParams::cas().redirect_uri(SERVICE))
        .unwrap();
    let resp = http()
        .get(&out)
        .header("cookie", format!("authing_emulator_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    assert_eq!(resp.headers()["location"], SERVICE);
    let page = http()
        .get(login.url())
        .header("cookie", format!("authing_emulator_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "the form again after logout");
}

#[tokio::test]
async fn qr_login_played_through_the_controls() {
    let t = Target::start().await;
    require_controls!(t);
    let username = Target::unique("qr");
    let user_id = register_and_login(&t.authentication(), &username, PW).await;

    let browser = t.authentication();
    let code = browser
        .gene_code(&GeneCodeOptions::default())
        .await
        .unwrap();
    assert!(!code.random.is_empty() && !code.url.is_empty());
    let random = code.random.clone();

    let mut statuses = std::pin::pin!(browser.poll_qrcode(&random, Duration::from_millis(20)));
    assert_eq!(
        statuses.next().await.unwrap().unwrap(),
        QrStatus::NotScanned
    );

    control(
        &t,
        &format!("/emulator/v1/qrcode/{random}/scan"),
        json!({"userId": user_id}),
    )
    .await;
    match statuses.next().await.unwrap().unwrap() {
        QrStatus::Scanned { .. } => {}
        other => panic!("expected scanned, got {other:?}"),
    }
    control(
        &t,
        &format!("/emulator/v1/qrcode/{random}/confirm"),
        json!({}),
    )
    .await;
    let ticket = match statuses.next().await.unwrap().unwrap() {
        QrStatus::Authorized { ticket, .. } => ticket,
        other => panic!("expected authorized, got {other:?}"),
    };
    assert!(
        statuses.next().await.is_none(),
        "the stream ends at authorized"
    );

    assert!(browser.token().is_none());
    let user = browser.exchange_user_info(ticket.expose()).await.unwrap();
    assert_eq!(user.id, user_id);
    assert_eq!(user.username.as_deref(), Some(username.as_str()));
    assert!(browser.token().is_some(), "the exchange starts a session");
    let me = browser.get_current_user().await.unwrap();
    assert_eq!(me.id, user_id, "the session's token works");
    let again = browser.exchange_user_info(ticket.expose()).await;
    assert!(again.is_err(), "a ticket works once: {again:?}");
}

#[tokio::test]
async fn qr_login_cancelled_on_the_phone_ends_the_stream() {
    let t = Target::start().await;
    require_controls!(t);
    let browser = t.authentication();
    let code = browser
        .gene_code(&GeneCodeOptions::default())
        .await
        .unwrap();
    control(
        &t,
        &format!("/emulator/v1/qrcode/{}/cancel", code.random),
        json!({}),
    )
    .await;
    let all: Vec<_> = browser
        .poll_qrcode(&code.random, Duration::from_millis(10))
        .collect()
        .await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].as_ref().unwrap(), &QrStatus::Cancelled);
}
