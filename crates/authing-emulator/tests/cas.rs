//! The CAS identity provider, black box over HTTP: the hosted form and the login
//! session cookie, service checks, tickets (single use, bound to app and service,
//! expiry on the emulator clock), CAS 1.0 text, CAS 2.0/3.0 XML (escaped) and JSON,
//! `/cas/session` and the CAS logout.

mod oidc_common;

use std::time::Duration;

use oidc_common::*;
use serde_json::{Value, json};

/// The form action of a CAS login page.
fn cas_action(page: &str) -> String {
    let action = attr_after(page, "<form", "action").expect("form action");
    assert!(
        action.starts_with("/cas-idp/") && action.ends_with("/login"),
        "{action}"
    );
    action
}

async fn post_form(o: &O, action: &str, account: &str, password: &str) -> Step {
    let r = o
        .http
        .post(o.url(action))
        .form(&[("account", account), ("password", password)])
        .send()
        .await
        .unwrap();
    step(r).await
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Form, credentials, redirect to the service: the ticket and the session cookie.
async fn cas_login(o: &O) -> (String, String) {
    let app = o.emu().app_id().to_string();
    let page = o
        .get(&format!("/cas-idp/{app}?service={}", enc(CB)), None)
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(r#"<input name="account" id="account""#));
    let s = post_form(o, &cas_action(&page.body), USER, PW).await;
    assert_eq!(s.status, 302, "{}", s.body);
    let loc = s.location.clone().unwrap();
    assert!(loc.starts_with(&format!("{CB}?ticket=ST-")), "{loc}");
    let ticket = url_params(&loc)["ticket"].clone();
    (ticket, s.cookie.expect("session cookie"))
}

async fn text(o: &O, path: &str) -> (u16, String, String) {
    let r = o.http.get(o.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ct, r.text().await.unwrap())
}

fn v1(o: &O, ticket: &str, service: &str) -> String {
    format!(
        "/cas-idp/{}/validate?service={}&ticket={}",
        o.emu().app_id(),
        enc(service),
        enc(ticket)
    )
}

fn v2(o: &O, ticket: &str, service: &str, format: &str) -> String {
    format!(
        "/cas-idp/{}/serviceValidate?service={}&ticket={}&format={format}",
        o.emu().app_id(),
        enc(service),
        enc(ticket)
    )
}

#[tokio::test]
async fn v1_ticket_is_single_use() {
    let o = start().await;
    let (ticket, _) = cas_login(&o).await;
    let (status, ct, body) = text(&o, &v1(&o, &ticket, CB)).await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/plain"), "{ct}");
    assert_eq!(body, format!("yes\n{USER}\n"));
    let (_, _, again) = text(&o, &v1(&o, &ticket, CB)).await;
    assert_eq!(again, "no\n\n");
    let (_, _, unknown) = text(&o, &v1(&o, "ST-unknown", CB)).await;
    assert_eq!(unknown, "no\n\n");
    let missing = format!("/cas-idp/{}/validate?service={}", o.emu().app_id(), enc(CB));
    assert_eq!(text(&o, &missing).await.2, "no\n\n");
}

#[tokio::test]
async fn v2_xml_success_then_invalid_ticket() {
    let o = start().await;
    let (ticket, _) = cas_login(&o).await;
    let (status, ct, xml) = text(&o, &v2(&o, &ticket, CB, "XML")).await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/xml"), "{ct}");
    assert!(
        xml.starts_with(r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">"#),
        "{xml}"
    );
    assert!(xml.contains("<cas:authenticationSuccess>"), "{xml}");
    assert!(
        xml.contains(&format!("<cas:user>{USER}</cas:user>")),
        "{xml}"
    );
    assert!(
        xml.contains(&format!("<cas:userId>{}</cas:userId>", o.user_id)),
        "{xml}"
    );
    assert!(
        xml.contains(&format!("<cas:email>{EMAIL}</cas:email>")),
        "{xml}"
    );
    assert!(
        xml.contains("<cas:isFromNewLogin>true</cas:isFromNewLogin>"),
        "{xml}"
    );
    let (_, _, again) = text(&o, &v2(&o, &ticket, CB, "XML")).await;
    assert!(
        again.contains(&format!(
            r#"<cas:authenticationFailure code="INVALID_TICKET">Ticket &#39;{ticket}&#39; not recognized</cas:authenticationFailure>"#
        )),
        "{again}"
    );
    // XML is the default format
    let (_, ct, body) = text(
        &o,
        &format!(
            "/cas-idp/{}/serviceValidate?service={}&ticket=ST-x",
            o.emu().app_id(),
            enc(CB)
        ),
    )
    .await;
    assert!(
        ct.starts_with("application/xml") && body.contains("INVALID_TICKET"),
        "{body}"
    );
}

#[tokio::test]
async fn v2_json_success_and_failure() {
    let o = start().await;
    let (ticket, cookie) = cas_login(&o).await;
    let r = o
        .http
        .get(o.url(&v2(&o, &ticket, CB, "JSON")))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let v: Value = r.json().await.unwrap();
    let ok = &v["serviceResponse"]["authenticationSuccess"];
    assert_eq!(ok["user"], USER, "{v}");
    assert_eq!(ok["attributes"]["userId"], json!([o.user_id]));
    assert_eq!(ok["attributes"]["nickname"], json!(["Ali"]));
    assert_eq!(ok["attributes"]["isFromNewLogin"], json!(["true"]));
    // the cookie gives a second ticket without the form: not a new login
    let s = o
        .get(
            &format!("/cas-idp/{}?service={}", o.emu().app_id(), enc(CB)),
            Some(&cookie),
        )
        .await;
    assert_eq!(s.status, 302, "{}", s.body);
    let t2 = url_params(&s.location.unwrap())["ticket"].clone();
    assert_ne!(t2, ticket);
    let v: Value = o
        .http
        .get(o.url(&v2(&o, &t2, CB, "json")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["serviceResponse"]["authenticationSuccess"]["attributes"]["isFromNewLogin"],
        json!(["false"])
    );
    let v: Value = o
        .http
        .get(o.url(&v2(&o, &t2, CB, "JSON")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["serviceResponse"]["authenticationFailure"]["code"], "INVALID_TICKET",
        "{v}"
    );
    assert!(v["serviceResponse"].get("authenticationSuccess").is_none());
    // an unknown format
    let (_, _, xml) = text(&o, &v2(&o, "ST-1", CB, "YAML")).await;
    assert!(xml.contains(r#"code="INVALID_REQUEST""#), "{xml}");
}

#[tokio::test]
async fn wrong_service_is_refused_and_consumes_the_ticket() {
    let o = start().await;
    let (ticket, _) = cas_login(&o).await;
    let other = "http://127.0.0.1:9/other";
    let (_, _, xml) = text(&o, &v2(&o, &ticket, other, "XML")).await;
    assert!(xml.contains(r#"code="INVALID_SERVICE""#), "{xml}");
    // consumed by the failed attempt
    assert_eq!(text(&o, &v1(&o, &ticket, CB)).await.2, "no\n\n");
    // another application's validate does not know the ticket
    let (ticket, _) = cas_login(&o).await;
    let path = format!(
        "/cas-idp/other-app/validate?service={}&ticket={ticket}",
        enc(CB)
    );
    assert_eq!(text(&o, &path).await.2, "no\n\n");
}

#[tokio::test]
async fn unregistered_service_and_unknown_app_never_redirect() {
    let o = start().await;
    let evil = "https://evil.example/steal";
    let s = o
        .get(
            &format!("/cas-idp/{}?service={}", o.emu().app_id(), enc(evil)),
            None,
        )
        .await;
    assert_eq!(s.status, 400);
    assert!(s.location.is_none());
    assert!(s.body.contains("service is not registered"), "{}", s.body);
    let s = o
        .get(&format!("/cas-idp/nope?service={}", enc(CB)), None)
        .await;
    assert_eq!(s.status, 400);
    assert!(s.body.contains("unknown application"), "{}", s.body);
}

#[tokio::test]
async fn wrong_password_shows_the_form_again_and_the_form_is_single_use() {
    let o = start().await;
    let page = o
        .get(
            &format!("/cas-idp/{}?service={}", o.emu().app_id(), enc(CB)),
            None,
        )
        .await;
    let action = cas_action(&page.body);
    let s = post_form(&o, &action, USER, "wrong").await;
    assert_eq!(s.status, 401);
    assert!(s.body.contains(r#"<p id="error""#), "{}", s.body);
    let again = post_form(&o, &action, USER, PW).await;
    assert_eq!(again.status, 400, "the first form was used");
    let ok = post_form(&o, &cas_action(&s.body), USER, PW).await;
    assert_eq!(ok.status, 302);
}

#[tokio::test]
async fn tickets_expire_on_the_emulator_clock() {
    let o = start().await;
    let (ticket, _) = cas_login(&o).await;
    o.emu().advance_clock(Duration::from_secs(5 * 60 + 1));
    assert_eq!(text(&o, &v1(&o, &ticket, CB)).await.2, "no\n\n");
    let (ticket, _) = cas_login(&o).await;
    o.emu().advance_clock(Duration::from_secs(4 * 60));
    assert_eq!(
        text(&o, &v1(&o, &ticket, CB)).await.2,
        format!("yes\n{USER}\n")
    );
}

#[tokio::test]
async fn xml_answers_escape_user_values() {
    let o = start().await;
    let nasty = r#"<x>&"'</cas:user>"#;
    let id =
        o.t.create_user(
            &o.admin,
            json!({"username": "bob", "nickname": nasty, "password": o.t.enc(PW)}),
        )
        .await;
    let page = o
        .get(
            &format!("/cas-idp/{}?service={}", o.emu().app_id(), enc(CB)),
            None,
        )
        .await;
    let s = post_form(&o, &cas_action(&page.body), "bob", PW).await;
    let ticket = url_params(&s.location.unwrap())["ticket"].clone();
    let (_, _, xml) = text(&o, &v2(&o, &ticket, CB, "XML")).await;
    assert!(
        xml.contains("<cas:nickname>&lt;x&gt;&amp;&quot;&#39;&lt;/cas:user&gt;</cas:nickname>"),
        "{xml}"
    );
    assert!(!xml.contains(nasty));
    assert!(xml.contains(&format!("<cas:userId>{id}</cas:userId>")));
    // a ticket-looking value with markup is escaped in the failure text too
    let (_, _, xml) = text(&o, &v2(&o, "ST-<b>&", CB, "XML")).await;
    assert!(
        xml.contains("Ticket &#39;ST-&lt;b&gt;&amp;&#39; not recognized"),
        "{xml}"
    );
}

#[tokio::test]
async fn session_tracking_and_cas_logout() {
    let o = start().await;
    let none = o.http.get(o.url("/cas/session")).send().await.unwrap();
    assert_eq!(none.text().await.unwrap(), "null");
    let (_, cookie) = cas_login(&o).await;
    let v: Value = o
        .http
        .get(o.url("/cas/session"))
        .header("cookie", format!("authing_emulator_session={cookie}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["session"]["userId"], o.user_id, "{v}");
    assert_eq!(v["userInfo"]["id"], o.user_id);
    assert_eq!(v["userInfo"]["username"], USER);
    assert!(v["userInfo"]["password"].is_null());
    // logout ends the session and redirects to a registered URL only
    let out = o
        .get(&format!("/cas-idp/logout?url={}", enc(CB)), Some(&cookie))
        .await;
    assert_eq!(out.status, 302);
    assert_eq!(out.location.as_deref(), Some(CB));
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    let after = o
        .http
        .get(o.url("/cas/session"))
        .header("cookie", format!("authing_emulator_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(after.text().await.unwrap(), "null");
    let page = o
        .get("/cas-idp/logout?url=https%3A%2F%2Fevil.example%2F", None)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.location.is_none());
}

#[tokio::test]
async fn gateway_without_session_and_no_service() {
    let o = start().await;
    let s = o
        .get(
            &format!(
                "/cas-idp/{}?service={}&gateway=true",
                o.emu().app_id(),
                enc(CB)
            ),
            None,
        )
        .await;
    assert_eq!((s.status, s.location.as_deref()), (302, Some(CB)));
    // without a service: the form, then a signed-in page with the cookie
    let page = o.get(&format!("/cas-idp/{}", o.emu().app_id()), None).await;
    let s = post_form(&o, &cas_action(&page.body), EMAIL, PW).await;
    assert_eq!(s.status, 200);
    assert!(
        s.body.contains("signed-in") && s.cookie.is_some(),
        "{}",
        s.body
    );
}
