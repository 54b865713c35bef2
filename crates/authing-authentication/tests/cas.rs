//! Wiremock tests of the CAS helpers: the exact requests of `validate_ticket_v1`,
//! `validate_ticket_v2` (XML and JSON) and `track_session`, the parsing of real-shaped
//! answers (text, XML with escapes, JSON), malformed answers, and the CAS URLs.

use std::collections::BTreeMap;

use authing_authentication::cas::{CasFormat, ServiceValidation};
use authing_authentication::oidc::{AuthorizeParams, LogoutParams, Protocol};
use authing_authentication::{AuthenticationClient, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP_ID: &str = "app1";
const SERVICE: &str = "https://example.com/cas/cb?x=1&y=2";
const TICKET: &str = "ST-1a2b3c";

fn client(server: &MockServer) -> AuthenticationClient {
    AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host(server.uri())
        .retry(authing_authentication::RetryPolicy::disabled())
        .build()
        .unwrap()
}

async fn answer(server: &MockServer, p: &str, status: u16, ct: &str, body: &str) {
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("content-type", ct)
                .set_body_string(body),
        )
        .mount(server)
        .await;
}

async fn only_query(server: &MockServer) -> (String, BTreeMap<String, String>) {
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1, "exactly one request");
    let r = &reqs[0];
    assert_eq!(r.method.as_str(), "GET");
    (
        r.url.path().to_string(),
        r.url.query_pairs().into_owned().collect(),
    )
}

#[tokio::test]
async fn v1_yes_sends_service_and_ticket() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/cas-idp/app1/validate",
        200,
        "text/plain",
        "yes\nalice\n",
    )
    .await;
    let v = client(&server)
        .validate_ticket_v1(TICKET, SERVICE)
        .await
        .unwrap();
    assert!(v.valid);
    assert_eq!(v.user.as_deref(), Some("alice"));
    assert_eq!(v.message, None);
    let (p, q) = only_query(&server).await;
    assert_eq!(p, "/cas-idp/app1/validate");
    assert_eq!(q.len(), 2);
    assert_eq!(q["service"], SERVICE);
    assert_eq!(q["ticket"], TICKET);
}

#[tokio::test]
async fn v1_no_is_an_answer_and_garbage_is_a_decode_error() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/cas-idp/app1/validate",
        200,
        "text/plain",
        "no\n\n",
    )
    .await;
    let v = client(&server)
        .validate_ticket_v1(TICKET, SERVICE)
        .await
        .unwrap();
    assert!(!v.valid);
    assert!(v.user.is_none() && v.message.is_some());

    let server = MockServer::start().await;
    // The shape the Python SDK wrongly expects: not CAS 1.0
    answer(
        &server,
        "/cas-idp/app1/validate",
        200,
        "application/json",
        r#"{"valid":true,"ticket":"ST-1a2b3c"}"#,
    )
    .await;
    let e = client(&server)
        .validate_ticket_v1(TICKET, SERVICE)
        .await
        .unwrap_err();
    match &e {
        Error::Decode { excerpt, .. } => assert!(!excerpt.contains(TICKET), "{excerpt}"),
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(!format!("{e} {e:?}").contains(TICKET));

    let server = MockServer::start().await;
    answer(&server, "/cas-idp/app1/validate", 500, "text/plain", "boom").await;
    let e = client(&server)
        .validate_ticket_v1(TICKET, SERVICE)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { status: 500, .. }), "{e:?}");
}

#[tokio::test]
async fn arguments_and_configuration_are_checked_before_sending() {
    let server = MockServer::start().await;
    let auth = client(&server);
    assert!(matches!(
        auth.validate_ticket_v1(" ", SERVICE).await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        auth.validate_ticket_v1(TICKET, "").await,
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        auth.validate_ticket_v2("", SERVICE, CasFormat::Xml).await,
        Err(Error::InvalidArgument(_))
    ));
    let no_app = AuthenticationClient::builder()
        .user_pool_id("pool1")
        .app_host(server.uri())
        .build()
        .unwrap();
    assert!(matches!(
        no_app.validate_ticket_v1(TICKET, SERVICE).await,
        Err(Error::Config(_))
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}

const XML_OK: &str = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
    <cas:authenticationSuccess>
        <cas:user>alice &amp; co</cas:user>
        <cas:attributes>
            <cas:userId>60b4a1c2d3e4f5a6b7c8d9e0</cas:userId>
            <cas:email>alice@example.com</cas:email>
            <cas:nickname>&lt;Ali&gt; &quot;the&quot; &#39;great&#39;</cas:nickname>
            <cas:isFromNewLogin>true</cas:isFromNewLogin>
        </cas:attributes>
    </cas:authenticationSuccess>
</cas:serviceResponse>
"#;

#[tokio::test]
async fn v2_xml_success_is_typed_and_unescaped() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/cas-idp/app1/serviceValidate",
        200,
        "application/xml",
        XML_OK,
    )
    .await;
    let v = client(&server)
        .validate_ticket_v2(TICKET, SERVICE, CasFormat::Xml)
        .await
        .unwrap();
    let ServiceValidation::Success(p) = v else {
        panic!("expected success: {v:?}")
    };
    assert_eq!(p.user, "alice & co");
    assert_eq!(p.attribute("email"), Some("alice@example.com"));
    assert_eq!(p.attribute("nickname"), Some(r#"<Ali> "the" 'great'"#));
    assert_eq!(p.attribute("userId"), Some("60b4a1c2d3e4f5a6b7c8d9e0"));
    assert_eq!(p.attributes.len(), 4);
    assert!(p.proxy_granting_ticket.is_none());
    let (pth, q) = only_query(&server).await;
    assert_eq!(pth, "/cas-idp/app1/serviceValidate");
    assert_eq!(q["format"], "XML");
    assert_eq!(q["service"], SERVICE);
    assert_eq!(q["ticket"], TICKET);
}

#[tokio::test]
async fn v2_xml_failure_and_malformed_xml() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/cas-idp/app1/serviceValidate",
        200,
        "application/xml",
        r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_SERVICE">Ticket &#39;ST-1a2b3c&#39; does not match</cas:authenticationFailure></cas:serviceResponse>"#,
    )
    .await;
    let v = client(&server)
        .validate_ticket_v2(TICKET, SERVICE, CasFormat::Xml)
        .await
        .unwrap();
    let ServiceValidation::Failure(f) = v else {
        panic!()
    };
    assert_eq!(f.code, "INVALID_SERVICE");
    assert_eq!(f.description, "Ticket 'ST-1a2b3c' does not match");

    let server = MockServer::start().await;
    answer(
        &server,
        "/cas-idp/app1/serviceValidate",
        200,
        "application/xml",
        "<cas:serviceResponse><cas:authenticationSuccess>",
    )
    .await;
    let e = client(&server)
        .validate_ticket_v2(TICKET, SERVICE, CasFormat::Xml)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
}

#[tokio::test]
async fn v2_json_both_answers() {
    let server = MockServer::start().await;
    let body = json!({"serviceResponse": {"authenticationSuccess": {
        "user": "alice",
        "attributes": {"email": ["alice@example.com"], "groups": ["a", "b"], "isFromNewLogin": [true]},
        "unknown": 1
    }}});
    answer(
        &server,
        "/cas-idp/app1/serviceValidate",
        200,
        "application/json",
        &body.to_string(),
    )
    .await;
    let v = client(&server)
        .validate_ticket_v2(TICKET, SERVICE, CasFormat::Json)
        .await
        .unwrap();
    let p = v.principal().expect("success");
    assert_eq!(p.user, "alice");
    assert_eq!(p.attributes["groups"], vec!["a", "b"]);
    assert_eq!(p.attribute("isFromNewLogin"), Some("true"));
    let (_, q) = only_query(&server).await;
    assert_eq!(q["format"], "JSON");

    let server = MockServer::start().await;
    let body = json!({"serviceResponse": {"authenticationFailure": {"code": "INVALID_TICKET", "description": "not recognized"}}});
    answer(
        &server,
        "/cas-idp/app1/serviceValidate",
        200,
        "application/json",
        &body.to_string(),
    )
    .await;
    let v = client(&server)
        .validate_ticket_v2(TICKET, SERVICE, CasFormat::Json)
        .await
        .unwrap();
    assert!(v.principal().is_none());
    let ServiceValidation::Failure(f) = v else {
        panic!()
    };
    assert_eq!(
        (f.code.as_str(), f.description.as_str()),
        ("INVALID_TICKET", "not recognized")
    );
}

#[tokio::test]
async fn track_session_reads_session_or_null() {
    let server = MockServer::start().await;
    let body = json!({
        "session": {"userId": "u1", "loginAt": "2026-12-04T10:00:00.000Z"},
        "userInfo": {"id": "u1", "username": "alice", "email": null, "extra": true}
    });
    answer(
        &server,
        "/cas/session",
        200,
        "application/json",
        &body.to_string(),
    )
    .await;
    let s = client(&server)
        .track_session()
        .await
        .unwrap()
        .expect("a session");
    assert_eq!(s.session["userId"], "u1");
    let u = s.user_info.expect("user");
    assert_eq!(
        (u.id.as_str(), u.username.as_deref()),
        ("u1", Some("alice"))
    );
    let (p, q) = only_query(&server).await;
    assert_eq!(p, "/cas/session");
    assert!(q.is_empty());

    let server = MockServer::start().await;
    answer(&server, "/cas/session", 200, "application/json", "null").await;
    assert!(client(&server).track_session().await.unwrap().is_none());
    let server = MockServer::start().await;
    answer(&server, "/cas/session", 200, "application/json", "[1,").await;
    assert!(matches!(
        client(&server).track_session().await,
        Err(Error::Decode { .. })
    ));
}

#[test]
fn cas_urls() {
    let base = || {
        AuthenticationClient::builder()
            .app_id(APP_ID)
            .app_host("https://my-app.authing.cn/")
    };
    let cas = base().protocol(Protocol::Cas).build().unwrap();
    let req = cas
        .build_authorize_url(&AuthorizeParams::new().service(SERVICE))
        .unwrap();
    assert_eq!(
        req.url(),
        "https://my-app.authing.cn/cas-idp/app1?service=https%3A%2F%2Fexample.com%2Fcas%2Fcb%3Fx%3D1%26y%3D2"
    );
    assert_eq!((req.state(), req.nonce()), ("", None));
    assert_eq!(req.url(), cas.build_cas_url(Some(SERVICE)).unwrap());
    // the redirect URI is the default service; none at all is allowed
    let with_redirect = base()
        .protocol(Protocol::Cas)
        .redirect_uri("https://example.com/r")
        .build()
        .unwrap();
    assert_eq!(
        with_redirect
            .build_authorize_url(&AuthorizeParams::new())
            .unwrap()
            .url(),
        "https://my-app.authing.cn/cas-idp/app1?service=https%3A%2F%2Fexample.com%2Fr"
    );
    assert_eq!(
        cas.build_authorize_url(&AuthorizeParams::new())
            .unwrap()
            .url(),
        "https://my-app.authing.cn/cas-idp/app1"
    );
    // logout: CAS mode explicitly, or easy params with the CAS protocol
    assert_eq!(
        cas.build_logout_url(&LogoutParams::easy().redirect_uri("https://example.com/bye"))
            .unwrap(),
        "https://my-app.authing.cn/cas-idp/logout?url=https%3A%2F%2Fexample.com%2Fbye"
    );
    let oidc = base().build().unwrap();
    assert_eq!(
        oidc.build_logout_url(&LogoutParams::cas()).unwrap(),
        "https://my-app.authing.cn/cas-idp/logout"
    );
    assert_eq!(
        oidc.build_logout_url(&LogoutParams::easy()).unwrap(),
        "https://my-app.authing.cn/login/profile/logout"
    );
}

#[tokio::test]
async fn token_endpoints_refuse_the_cas_protocol() {
    let server = MockServer::start().await;
    let cas = AuthenticationClient::builder()
        .app_id(APP_ID)
        .app_host(server.uri())
        .app_secret("s")
        .redirect_uri("https://example.com/r")
        .protocol(Protocol::Cas)
        .build()
        .unwrap();
    assert!(matches!(
        cas.get_access_token_by_code("c", None).await,
        Err(Error::Config(_))
    ));
    assert!(matches!(
        cas.get_user_info_by_access_token("t").await,
        Err(Error::Config(_))
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}
