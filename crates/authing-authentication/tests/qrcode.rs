//! Wiremock tests of the QR-code login: the exact requests of `gene_code`,
//! `check_status` and `exchange_user_info`, the decoding of every status, the session
//! set by the exchange, and `poll_qrcode`'s stream against scripted answers (only
//! changes are yielded; it ends at authorized, cancelled, expired or the first error).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use authing_authentication::qrcode::{GeneCodeOptions, QrStatus, QrUserInfo};
use authing_authentication::{AuthenticationClient, Error};
use authing_core::futures_util::StreamExt as _;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const POOL: &str = "60b4a1c2d3e4f5a6b7c8d9e0";

fn client(server: &MockServer) -> AuthenticationClient {
    AuthenticationClient::builder()
        .host(server.uri())
        .user_pool_id(POOL)
        .public_key(authing_core::testing::TEST_PUBLIC_KEY_PEM)
        .retry(authing_authentication::RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn envelope(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"code": 200, "message": "ok", "data": data}))
}

/// Answers the scripted bodies in order, then the last one again.
struct Script(Arc<Mutex<VecDeque<ResponseTemplate>>>);

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut q = self.0.lock().unwrap();
        if q.len() > 1 {
            q.pop_front().unwrap()
        } else {
            q.front().cloned().unwrap()
        }
    }
}

async fn script_check(server: &MockServer, answers: Vec<ResponseTemplate>) {
    Mock::given(method("GET"))
        .and(path("/api/v2/qrcode/check"))
        .respond_with(Script(Arc::new(Mutex::new(answers.into()))))
        .mount(server)
        .await;
}

fn status(s: i64) -> ResponseTemplate {
    envelope(json!({"random": "r1", "status": s}))
}

#[tokio::test]
async fn gene_code_sends_the_app_auth_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/qrcode/gene"))
        .respond_with(envelope(json!({"random": "r1", "url": "https://files.example/qr.png", "customLogo": null, "extra": 1})))
        .mount(&server)
        .await;
    let auth = client(&server);
    let code = auth.gene_code(&GeneCodeOptions::default()).await.unwrap();
    assert_eq!(
        (code.random.as_str(), code.url.as_str()),
        ("r1", "https://files.example/qr.png")
    );
    assert_eq!(code.custom_logo, None);
    let mut opts = GeneCodeOptions::default();
    opts.context = Some(json!({"from": "web"}));
    opts.custom_data.insert("school".into(), json!("pku"));
    opts.ext_idp_conn_id = Some("conn1".into());
    opts.with_custom_data = true;
    auth.gene_code(&opts).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    let first: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(
        first,
        json!({"autoMergeQrCode": false, "scene": "APP_AUTH"})
    );
    let second: Value = serde_json::from_slice(&reqs[1].body).unwrap();
    assert_eq!(
        second,
        json!({"autoMergeQrCode": false, "scene": "APP_AUTH", "context": {"from": "web"},
               "params": {"school": "pku"}, "extIdpConnId": "conn1", "withCustomData": true})
    );
    assert_eq!(reqs[0].headers["x-authing-userpool-id"], POOL);
    assert!(reqs[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn gene_code_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/qrcode/gene"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 2224, "message": "用户池不存在", "data": null})),
        )
        .mount(&server)
        .await;
    let e = client(&server)
        .gene_code(&GeneCodeOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(2224), "{e:?}");
}

#[tokio::test]
async fn check_status_decodes_every_status() {
    let cases = [
        (json!({"random": "r1", "status": 0}), QrStatus::NotScanned),
        (
            json!({"random": "r1", "status": 1, "userInfo": {"nickname": "N", "photo": "p"}}),
            QrStatus::Scanned {
                user_info: Some(QrUserInfo::default()),
            },
        ),
        (json!({"random": "r1", "status": 3}), QrStatus::Cancelled),
        (json!({"random": "r1", "status": -1}), QrStatus::Expired),
        (
            json!({"random": "r1", "status": 7}),
            QrStatus::Other { status: 7 },
        ),
    ];
    for (data, expected) in cases {
        let server = MockServer::start().await;
        script_check(&server, vec![envelope(data.clone())]).await;
        let got = client(&server).check_status("r1").await.unwrap();
        assert_eq!(got.code(), expected.code(), "{data}");
        if let QrStatus::Scanned { user_info } = got {
            let u = user_info.unwrap();
            assert_eq!(
                (u.nickname.as_deref(), u.photo.as_deref()),
                (Some("N"), Some("p"))
            );
        }
        let reqs = server.received_requests().await.unwrap();
        assert_eq!(reqs[0].url.query(), Some("random=r1"));
    }
    let server = MockServer::start().await;
    script_check(
        &server,
        vec![envelope(
            json!({"random": "r1", "status": 2, "ticket": "tk-1"}),
        )],
    )
    .await;
    let got = client(&server).check_status("r1").await.unwrap();
    let QrStatus::Authorized { ticket, user_info } = &got else {
        panic!("{got:?}")
    };
    assert_eq!(ticket.expose(), "tk-1");
    assert!(user_info.is_none());
    assert!(
        !format!("{got:?}").contains("tk-1"),
        "the ticket is redacted"
    );
    // status 2 without a ticket is malformed
    let server = MockServer::start().await;
    script_check(&server, vec![status(2)]).await;
    assert!(matches!(
        client(&server).check_status("r1").await,
        Err(Error::Decode { .. })
    ));
    assert!(matches!(
        client(&server).check_status(" ").await,
        Err(Error::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn exchange_user_info_starts_a_session() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/qrcode/userinfo"))
        .respond_with(envelope(
            json!({"id": "u1", "username": "alice", "token": "tok.en.value", "unknown": []}),
        ))
        .mount(&server)
        .await;
    let changes = Arc::new(Mutex::new(Vec::new()));
    let seen = changes.clone();
    let auth = AuthenticationClient::builder()
        .host(server.uri())
        .user_pool_id(POOL)
        .on_token_change(move |t| seen.lock().unwrap().push(t.map(str::to_string)))
        .build()
        .unwrap();
    let user = auth.exchange_user_info("tk-1").await.unwrap();
    assert_eq!(user.id, "u1");
    assert_eq!(auth.token().unwrap().expose(), "tok.en.value");
    assert_eq!(auth.current_user().unwrap().id, "u1");
    assert_eq!(
        *changes.lock().unwrap(),
        vec![Some("tok.en.value".to_string())]
    );
    let reqs = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(body, json!({"ticket": "tk-1"}));
}

#[tokio::test]
async fn exchange_refusals_leave_the_session() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/qrcode/userinfo"))
        .respond_with(Script(Arc::new(Mutex::new(
            vec![
                envelope(json!({"id": "u1", "token": null})),
                ResponseTemplate::new(200)
                    .set_body_json(json!({"code": 400, "message": "ticket 无效", "data": null})),
            ]
            .into(),
        ))))
        .mount(&server)
        .await;
    let auth = client(&server);
    assert!(matches!(
        auth.exchange_user_info("tk").await,
        Err(Error::Decode { .. })
    ));
    let e = auth.exchange_user_info("tk").await.unwrap_err();
    assert_eq!(e.code(), Some(400));
    assert!(auth.token().is_none() && auth.current_user().is_none());
    assert!(matches!(
        auth.exchange_user_info("").await,
        Err(Error::InvalidArgument(_))
    ));
}

async fn collect(server: &MockServer) -> Vec<Result<QrStatus, Error>> {
    let auth = client(server);
    auth.poll_qrcode("r1", Duration::ZERO).collect().await
}

#[tokio::test]
async fn poll_yields_changes_and_ends_at_authorized() {
    let server = MockServer::start().await;
    script_check(
        &server,
        vec![
            status(0),
            status(0),
            status(0),
            envelope(json!({"random": "r1", "status": 1, "userInfo": {"nickname": "N"}})),
            status(1),
            envelope(json!({"random": "r1", "status": 2, "ticket": "tk"})),
            status(3),
        ],
    )
    .await;
    let got = collect(&server).await;
    let codes: Vec<i64> = got.iter().map(|r| r.as_ref().unwrap().code()).collect();
    assert_eq!(codes, vec![0, 1, 2]);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        6,
        "stops at 2"
    );
}

#[tokio::test]
async fn poll_ends_at_cancel_and_at_expiry() {
    for (last, code) in [(3, 3), (-1, -1)] {
        let server = MockServer::start().await;
        script_check(&server, vec![status(1), status(1), status(last), status(0)]).await;
        let codes: Vec<i64> = collect(&server)
            .await
            .into_iter()
            .map(|r| r.unwrap().code())
            .collect();
        assert_eq!(codes, vec![1, code]);
        assert_eq!(server.received_requests().await.unwrap().len(), 3);
    }
}

#[tokio::test]
async fn poll_yields_an_error_once_and_stops() {
    let server = MockServer::start().await;
    script_check(
        &server,
        vec![
            status(0),
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 400, "message": "二维码不存在", "data": null})),
            status(1),
        ],
    )
    .await;
    let got = collect(&server).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].as_ref().unwrap().code(), 0);
    assert_eq!(got[1].as_ref().unwrap_err().code(), Some(400));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn poll_waits_the_interval_and_stops_when_dropped() {
    let server = MockServer::start().await;
    script_check(&server, vec![status(0), status(1)]).await;
    let auth = client(&server);
    {
        let mut s = std::pin::pin!(auth.poll_qrcode("r1", Duration::from_millis(20)));
        assert_eq!(s.next().await.unwrap().unwrap().code(), 0);
        let before = std::time::Instant::now();
        assert_eq!(s.next().await.unwrap().unwrap().code(), 1);
        assert!(before.elapsed() >= Duration::from_millis(20));
    }
    let n = server.received_requests().await.unwrap().len();
    tokio::time::sleep(Duration::from_millis(60)).await;
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        n,
        "no request after drop"
    );
}
