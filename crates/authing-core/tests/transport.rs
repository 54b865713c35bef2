//! Wire-level tests of the transport against wiremock.

use std::time::{Duration, Instant};

use authing_core::__private::{Endpoint, RestRequest, Transport};
use authing_core::{ClientOptions, Error, Operation, RetryPolicy, SDK_VERSION, TransportErrorKind};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const USERS: Operation = Operation::query(
    "users",
    "users",
    "query users($page: Int, $limit: Int) { users(page: $page, limit: $limit) { totalCount } }",
);
const DELETE: Operation = Operation::mutation(
    "deleteUser",
    "deleteUser",
    "mutation deleteUser($id: String!) { deleteUser(id: $id) { code message } }",
);

#[derive(Serialize)]
struct PageVars {
    page: Option<i64>,
    limit: Option<i64>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Page {
    #[serde(rename = "totalCount")]
    total_count: i64,
}

fn transport(
    server: &MockServer,
    f: impl FnOnce(authing_core::ClientOptionsBuilder) -> authing_core::ClientOptionsBuilder,
) -> Transport {
    let b = ClientOptions::builder()
        .host(server.uri())
        .user_pool_id("pool-1")
        .app_id("app-1")
        .lang("en-US")
        .secret("pool-secret-xyz")
        .retry(RetryPolicy::new(3).initial_backoff(Duration::from_millis(10)));
    Transport::new(f(b).build().unwrap(), Endpoint::Host).unwrap()
}

fn ok_page(n: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"data": {"users": {"totalCount": n}}}))
}

#[tokio::test]
async fn graphql_sends_exact_headers_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql/v2"))
        .and(header("x-authing-userpool-id", "pool-1"))
        .and(header("x-authing-app-id", "app-1"))
        .and(header("x-authing-request-from", "sdk"))
        .and(header("x-authing-sdk-version", SDK_VERSION))
        .and(header("x-authing-lang", "en-US"))
        .and(header("authorization", "Bearer tok-123"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"query": USERS.document, "variables": {"page": 2}}),
        ))
        .respond_with(ok_page(7))
        .expect(1)
        .mount(&server)
        .await;
    let t = transport(&server, |b| b);
    let page: Page = t
        .graphql(
            &USERS,
            &PageVars {
                page: Some(2),
                limit: None,
            },
            Some("tok-123"),
        )
        .await
        .unwrap();
    assert_eq!(page.total_count, 7);
    assert!(SDK_VERSION.starts_with("rust:"));
}

#[tokio::test]
async fn optional_headers_absent_when_unset() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_page(1))
        .mount(&server)
        .await;
    let t = Transport::new(
        ClientOptions::builder()
            .host(server.uri())
            .user_pool_id("p")
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let _: Page = t.graphql(&USERS, &json!({}), None).await.unwrap();
    let req = &server.received_requests().await.unwrap()[0];
    assert!(req.headers.get("x-authing-app-id").is_none());
    assert!(req.headers.get("x-authing-lang").is_none());
    assert!(req.headers.get("authorization").is_none());
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body["variables"], json!({}));
}

#[tokio::test]
async fn authing_error_object_becomes_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": null,
            "errors": [{"message": {"code": 2004, "message": "用户不存在", "data": {"k": 1}},
                        "locations": [{"line": 1, "column": 2}],
                        "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]
        })))
        .mount(&server)
        .await;
    let err = transport(&server, |b| b)
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    assert!(err.is_user_not_found(), "{err}");
    let api = err.as_api().unwrap();
    assert_eq!(api.message, "用户不存在");
    assert_eq!(api.data, Some(json!({"k": 1})));
    assert_eq!(api.http_status, 200);
}

#[tokio::test]
async fn plain_string_error_becomes_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "errors": [{"message": "Unknown argument \"x\" on field \"users\"."}]
        })))
        .mount(&server)
        .await;
    let err = transport(&server, |b| b)
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.code, authing_core::codes::GRAPHQL_ERROR);
    assert_eq!(api.http_status, 400);
    assert!(api.message.contains("Unknown argument"));
}

#[tokio::test]
async fn rest_envelope_error_and_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/sms/send"))
        .and(body_json(json!({"phone": "13800000000"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 2020, "message": "尚未登录"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/.well-known"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "message": "ok", "data": {"publicKey": "PEM"}})),
        )
        .mount(&server)
        .await;
    let t = transport(&server, |b| b);
    let err = t
        .rest::<Value>(
            RestRequest::post(
                "/api/v2/sms/send",
                json!({"phone": "13800000000", "x": null}),
            ),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(2020));
    assert!(err.is_not_logged_in());
    let env = t
        .rest::<Value>(RestRequest::get("/api/v2/.well-known"), None)
        .await
        .unwrap();
    assert_eq!(env.data["publicKey"], "PEM");
}

#[tokio::test]
async fn html_502_is_a_decode_error_with_status_and_excerpt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            "text/html",
        ))
        .mount(&server)
        .await;
    let t = transport(&server, |b| b.retry(RetryPolicy::disabled()));
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status, excerpt, ..
        } => {
            assert_eq!(*status, 502);
            assert!(excerpt.contains("502 Bad Gateway"), "{excerpt}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn empty_body_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let err = transport(&server, |b| b)
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { status: 200, ref reason, .. } if reason.contains("empty")),
        "{err}"
    );
}

#[tokio::test]
async fn timeout_is_applied() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_page(1).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let t = transport(&server, |b| {
        b.timeout(Duration::from_millis(200))
            .retry(RetryPolicy::disabled())
    });
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn query_retried_after_503s_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok_page(5))
        .expect(1)
        .mount(&server)
        .await;
    let page: Page = transport(&server, |b| b)
        .graphql(&USERS, &json!({}), None)
        .await
        .unwrap();
    assert_eq!(page.total_count, 5);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn mutation_hit_by_503_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let err = transport(&server, |b| b)
        .graphql::<_, Value>(&DELETE, &json!({"id": "u1"}), None)
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retries_give_up_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let err = transport(&server, |b| b)
        .rest::<Value>(RestRequest::get("/api/v2/x"), None)
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(429));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retry_after_is_respected() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok_page(1))
        .mount(&server)
        .await;
    let started = Instant::now();
    let _: Page = transport(&server, |b| b)
        .graphql(&USERS, &json!({}), None)
        .await
        .unwrap();
    // backoff alone would be ~10 ms; Retry-After asks for 1 s
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retries_stop_at_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "2"))
        .mount(&server)
        .await;
    let t = transport(&server, |b| {
        b.deadline(Duration::from_millis(500))
            .retry(RetryPolicy::new(5))
    });
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    // The 2 s `Retry-After` would pass the deadline: no second attempt.
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn deadline_cuts_a_slow_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_page(1).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let t = transport(&server, |b| b.deadline(Duration::from_millis(300)));
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_connect_error_and_retried() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = Transport::new(
        ClientOptions::builder()
            .host(format!("http://127.0.0.1:{port}"))
            .user_pool_id("p")
            .retry(RetryPolicy::new(2).initial_backoff(Duration::from_millis(1)))
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
}

/// The transport keeps the underlying error as `source()`: a `reqwest::Error` without
/// the request URL, whose own chain reaches the I/O error.
#[tokio::test]
async fn transport_errors_keep_their_cause() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = Transport::new(
        ClientOptions::builder()
            .host(format!("http://127.0.0.1:{port}"))
            .user_pool_id("p")
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    let source = std::error::Error::source(&err).expect("the cause is kept");
    let reqwest_err = source
        .downcast_ref::<reqwest::Error>()
        .expect("the cause is the reqwest error");
    assert!(reqwest_err.is_connect());
    assert!(reqwest_err.url().is_none(), "the URL is removed");
    let mut chain = Vec::new();
    let mut next: Option<&dyn std::error::Error> = Some(&err);
    while let Some(e) = next {
        chain.push(e.to_string());
        next = e.source();
    }
    assert!(chain.len() >= 3, "{chain:?}");
    assert!(!chain.iter().any(|c| c.contains("graphql/v2")), "{chain:?}");
    assert!(
        chain.iter().any(|c| c.to_lowercase().contains("refused")),
        "the I/O cause is reachable: {chain:?}"
    );
}

#[tokio::test]
async fn oversized_body_is_rejected() {
    let server = MockServer::start().await;
    let big = format!(
        "{{\"data\":{{\"users\":{{\"totalCount\":1,\"pad\":\"{}\"}}}}}}",
        "x".repeat(4096)
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .mount(&server)
        .await;
    let t = transport(&server, |b| b.max_response_bytes(1024));
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Decode { ref reason, .. } if reason.contains("cap")),
        "{err}"
    );
}

#[tokio::test]
async fn decode_error_excerpt_never_contains_the_secret_or_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(|req: &Request| {
            // A misbehaving proxy that echoes the request headers back in an HTML page.
            let auth = req
                .headers
                .get("authorization")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            ResponseTemplate::new(500)
                .set_body_raw(format!("<pre>{auth} pool-secret-xyz</pre>"), "text/html")
        })
        .mount(&server)
        .await;
    let t = transport(&server, |b| b);
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), Some("user-token-abc"))
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("user-token-abc"), "{shown}");
    assert!(!shown.contains("pool-secret-xyz"), "{shown}");
}

#[tokio::test]
async fn public_key_is_read_once_from_well_known_when_not_configured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/.well-known"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 200, "message": "ok",
            "data": {"publicKey": authing_core::testing::TEST_PUBLIC_KEY_PEM}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let t = Transport::new(
        ClientOptions::builder()
            .host(server.uri())
            .user_pool_id("p")
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    for pw in ["first-pass", "second-pass"] {
        let sent = t.encrypt_password(pw).await.unwrap();
        assert_eq!(
            authing_core::testing::decrypt_with_test_key(&sent).as_deref(),
            Some(pw)
        );
    }
}

const ACCESS_TOKEN: Operation = Operation::query(
    "accessToken",
    "accessToken",
    "query accessToken($userPoolId: String!, $secret: String!) { accessToken(userPoolId: $userPoolId, secret: $secret) { accessToken } }",
);

/// A 307/308 would make reqwest replay the body (here the pool secret) to `Location`.
#[tokio::test]
async fn redirects_are_not_followed_and_name_the_status() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_page(1))
        .expect(0)
        .mount(&elsewhere)
        .await;
    for status in [301u16, 302, 307, 308] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/graphql/v2"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}/graphql/v2", elsewhere.uri())),
            )
            .expect(1)
            .mount(&server)
            .await;
        let t = transport(&server, |b| b);
        let vars = json!({"userPoolId": "pool-1", "secret": "pool-secret-xyz"});
        let err = t
            .graphql::<_, Value>(&ACCESS_TOKEN, &vars, None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Transport {
                    kind: TransportErrorKind::Redirect,
                    ..
                }
            ),
            "{status}: {err:?}"
        );
        let shown = err.to_string();
        assert!(shown.contains(&status.to_string()), "{shown}");
        assert!(!shown.contains("pool-secret-xyz"), "{shown}");
        server.verify().await;
    }
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn transport_errors_name_the_host_tried_and_no_secret() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = Transport::new(
        ClientOptions::builder()
            .host(format!("http://127.0.0.1:{port}"))
            .user_pool_id("p")
            .secret("pool-secret-xyz")
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let err = t
        .graphql::<_, Page>(&USERS, &json!({}), Some("user-token-abc"))
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(err.is_connect(), "{err:?}");
    assert!(shown.contains(&format!("127.0.0.1:{port}")), "{shown}");
    assert!(!shown.contains("pool-secret-xyz") && !shown.contains("user-token-abc"));
}

#[tokio::test]
async fn a_failed_key_fetch_stays_a_transport_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = Transport::new(
        ClientOptions::builder()
            .host(format!("http://127.0.0.1:{port}"))
            .user_pool_id("p")
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let e = t.encrypt_password("pw").await.unwrap_err();
    assert!(e.is_connect(), "{e:?}");
    assert!(e.to_string().contains(&format!("127.0.0.1:{port}")), "{e}");
}

/// Plain http to a remote host needs an opt-in, and even then the key is not fetched
/// (a proxy stands for the network path: it must see no request).
#[tokio::test]
async fn the_key_is_never_fetched_over_plain_http_from_a_remote_host() {
    let proxy = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 200, "message": "", "data": {"publicKey": authing_core::DEFAULT_PUBLIC_KEY}
        })))
        .expect(0)
        .mount(&proxy)
        .await;
    let refused = ClientOptions::builder()
        .host("http://authing.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(refused, Error::Config(_)), "{refused:?}");
    let t = Transport::new(
        ClientOptions::builder()
            .host("http://authing.example.com")
            .allow_insecure_http(true)
            .proxy(proxy.uri())
            .user_pool_id("p")
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let e = t.encrypt_password("pw").await.unwrap_err();
    assert!(
        matches!(e, Error::Encryption(ref m) if m.contains("public_key")),
        "{e:?}"
    );
    proxy.verify().await;
    // With a configured key nothing needs fetching.
    let t = Transport::new(
        ClientOptions::builder()
            .host("http://authing.example.com")
            .allow_insecure_http(true)
            .public_key(authing_core::DEFAULT_PUBLIC_KEY)
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    assert_eq!(t.encrypt_password("pw").await.unwrap().len(), 172);
}

#[tokio::test]
async fn missing_well_known_key_is_an_encryption_error() {
    let server = MockServer::start().await;
    let t = Transport::new(
        ClientOptions::builder()
            .host(server.uri())
            .user_pool_id("p")
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let e = t.encrypt_password("pw").await.unwrap_err();
    assert!(matches!(e, Error::Encryption(_)), "{e:?}");
}

#[tokio::test]
async fn requests_go_through_the_configured_proxy() {
    // wiremock plays an HTTP proxy: an http:// request is sent to it in absolute form.
    let proxy = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/graphql/v2"))
        .and(header("x-authing-userpool-id", "p"))
        .respond_with(ok_page(9))
        .expect(1)
        .mount(&proxy)
        .await;
    let t = Transport::new(
        ClientOptions::builder()
            .host("http://authing.invalid")
            .allow_insecure_http(true)
            .user_pool_id("p")
            .proxy(proxy.uri())
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let page: Page = t.graphql(&USERS, &json!({}), None).await.unwrap();
    assert_eq!(page.total_count, 9);
}

#[test]
fn tls_options_are_validated() {
    let err = ClientOptions::builder()
        .user_pool_id("p")
        .add_root_certificate_pem(b"not a certificate".to_vec())
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let e = ClientOptions::builder()
        .proxy("not a url")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)));
    // Opting out of certificate checks needs the explicitly named option.
    let o = ClientOptions::builder()
        .user_pool_id("p")
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    assert!(format!("{o:?}").contains("danger_accept_invalid_certs: true"));
    assert!(Transport::new(o, Endpoint::Host).is_ok());
}

#[tokio::test]
async fn absurd_retry_after_values_do_not_panic() {
    for value in ["1e30", "-5", "NaN", "inf", "soon"] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", value))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ok_page(1))
            .mount(&server)
            .await;
        let page: Page = transport(&server, |b| b)
            .graphql(&USERS, &json!({}), None)
            .await
            .unwrap();
        assert_eq!(page.total_count, 1, "Retry-After: {value}");
    }
}

#[tokio::test]
async fn the_cloud_host_uses_the_built_in_key_even_with_an_app_host() {
    // No request is needed to encrypt for the cloud host (nothing listens there).
    let t = Transport::new(
        ClientOptions::builder()
            .user_pool_id("p")
            .app_host("http://127.0.0.1:9")
            .build()
            .unwrap(),
        Endpoint::Host,
    )
    .unwrap();
    let sent = t.encrypt_password("pw").await.unwrap();
    assert_eq!(sent.len(), 172);
}
