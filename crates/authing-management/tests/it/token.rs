//! The management token: request shape, caching, single flight, refresh ahead of
//! expiry, retry once after a rejection, fixed tokens, configuration and redaction.

use std::time::Duration;

use authing_management::operations::{ACCESS_TOKEN, USERS};
use authing_management::{Error, ListOptions, ManagementClient};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::common::*;
use crate::gate::Gate;

fn users_ok() -> wiremock::ResponseTemplate {
    data(&USERS, page(vec![readme_user()]))
}

#[test]
fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<ManagementClient>();
}

#[tokio::test]
async fn access_token_is_requested_without_authorization_and_cached() {
    let (server, client) = env().await;
    gql_mock(&USERS)
        .respond_with(users_ok())
        .mount(&server)
        .await;
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    client
        .clone()
        .users()
        .list(&ListOptions::new(2, 10))
        .await
        .unwrap();
    let reqs = sent(&server, &ACCESS_TOKEN).await;
    assert_eq!(reqs.len(), 1, "cached across calls and clones");
    assert_eq!(reqs[0].auth, None);
    assert_eq!(reqs[0].body["query"], json!(ACCESS_TOKEN.full_document()));
    assert_eq!(
        reqs[0].body["variables"],
        json!({"userPoolId": POOL, "secret": SECRET})
    );
    let users = sent(&server, &USERS).await;
    assert!(
        users
            .iter()
            .all(|r| r.auth.as_deref() == Some("Bearer mgmt-token-1"))
    );
}

/// Counts the transport's "authing attempt" events (one per HTTP answer received) on
/// this thread: a call whose answer was counted has, without awaiting anything more,
/// reached the token provider (a rejection reads the fetch count there).
///
/// The counting layer is installed once as the process-wide subscriber, so no other
/// test's thread-local subscriber can make `tracing` cache the event's callsite as
/// uninteresting (which, with `set_default`, made this count miss events and the test
/// wait forever when tests ran in parallel). Only events of the registering thread are
/// counted; the tests using it run on a current-thread runtime.
fn count_attempts() -> (tokio::sync::watch::Receiver<usize>, AttemptsGuard) {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    use std::thread::ThreadId;
    use tracing_subscriber::layer::SubscriberExt as _;

    type Counters = Mutex<HashMap<ThreadId, tokio::sync::watch::Sender<usize>>>;
    static COUNTERS: OnceLock<&'static Counters> = OnceLock::new();

    struct Counter(&'static Counters);
    impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Counter {
        fn on_event(
            &self,
            event: &tracing::Event<'_>,
            _: tracing_subscriber::layer::Context<'_, S>,
        ) {
            struct IsAttempt(bool);
            impl tracing::field::Visit for IsAttempt {
                fn record_debug(
                    &mut self,
                    field: &tracing::field::Field,
                    value: &dyn std::fmt::Debug,
                ) {
                    if field.name() == "message" && format!("{value:?}") == "authing attempt" {
                        self.0 = true;
                    }
                }
            }
            let mut v = IsAttempt(false);
            event.record(&mut v);
            if v.0 {
                let counters = self.0.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(tx) = counters.get(&std::thread::current().id()) {
                    tx.send_modify(|n| *n += 1);
                }
            }
        }
    }

    let counters = *COUNTERS.get_or_init(|| {
        let counters: &'static Counters = Box::leak(Box::default());
        let subscriber = tracing_subscriber::registry().with(Counter(counters));
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in this test binary");
        counters
    });
    let (tx, rx) = tokio::sync::watch::channel(0);
    let id = std::thread::current().id();
    counters
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id, tx);
    (rx, AttemptsGuard { counters, id })
}

/// Stops counting for its thread when dropped.
struct AttemptsGuard {
    counters: &'static std::sync::Mutex<
        std::collections::HashMap<std::thread::ThreadId, tokio::sync::watch::Sender<usize>>,
    >,
    id: std::thread::ThreadId,
}

impl Drop for AttemptsGuard {
    fn drop(&mut self) {
        self.counters
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
    }
}

/// `accessToken` requests are held by the gate.
fn is_access_token(_path: &str, body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|b| b["query"].as_str() == Some(ACCESS_TOKEN.document))
}

/// Spawns `n` `users().list` calls and returns once every one of them waits for the
/// token fetch held by `gate`: the fetch has reached the server, and (on this
/// current-thread runtime) yielding puts this task behind every spawned task, which
/// each run until they block on the token.
async fn calls_waiting_for_the_token(
    gate: &Gate,
    client: &ManagementClient,
    n: usize,
) -> Vec<
    tokio::task::JoinHandle<
        authing_management::Result<authing_core::models::Paginated<authing_core::models::User>>,
    >,
> {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.users().list(&ListOptions::new(1, 10)).await })
        })
        .collect();
    gate.arrived().await;
    for _ in 0..3 {
        tokio::task::yield_now().await;
    }
    calls
}

#[tokio::test(flavor = "current_thread")]
async fn one_token_request_for_100_concurrent_first_calls() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response(TOKEN, now(), now() + 86_400))
        .expect(1)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer(TOKEN))
        .respond_with(users_ok())
        .expect(100)
        .mount(&server)
        .await;
    let gate = Gate::start_when(is_access_token).await;
    gate.forward_to(&server.uri());
    let client = builder(&gate.uri()).build().unwrap();
    let calls = calls_waiting_for_the_token(&gate, &client, 100).await;
    gate.release();
    for r in futures::future::join_all(calls).await {
        r.unwrap().unwrap();
    }
    server.verify().await;
}

/// Single flight holds on failure: the 99 calls queued behind a failed `accessToken`
/// share its error instead of fetching one after another; a later call tries again.
#[tokio::test(flavor = "current_thread")]
async fn one_token_request_for_100_concurrent_first_calls_when_it_fails() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(api_error(2224, "用户池不存在"))
        .up_to_n_times(1)
        .expect(1)
        .named("the failed attempt")
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response(TOKEN, now(), now() + 86_400))
        .expect(1)
        .named("the later attempt")
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer(TOKEN))
        .respond_with(users_ok())
        .expect(1)
        .mount(&server)
        .await;
    let gate = Gate::start_when(is_access_token).await;
    gate.forward_to(&server.uri());
    let client = builder(&gate.uri()).build().unwrap();
    let calls = calls_waiting_for_the_token(&gate, &client, 100).await;
    gate.release();
    for r in futures::future::join_all(calls).await {
        let e = r.unwrap().unwrap_err();
        assert_eq!(e.code(), Some(2224), "{e}");
        assert_eq!(e.as_api().unwrap().message, "用户池不存在");
    }
    assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 1);
    assert!(sent(&server, &USERS).await.is_empty());
    // Not queued behind the failed attempt: fetches again.
    let later = {
        let c = client.clone();
        tokio::spawn(async move { c.users().list(&ListOptions::new(1, 10)).await })
    };
    gate.arrived().await;
    gate.release();
    later.await.unwrap().unwrap();
    assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 2);
    server.verify().await;
}

/// The same after a rejection: the calls that saw the token rejected share one
/// refresh, and its failure.
#[tokio::test(flavor = "current_thread")]
async fn concurrent_rejections_share_one_failed_refresh() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("t1", now(), now() + 86_400))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(api_error(2224, "用户池不存在"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("t2", now(), now() + 86_400))
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer("t1"))
        .respond_with(api_error(2206, "expired"))
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer("t2"))
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let (mut answers, _guard) = count_attempts();
    let gate = Gate::start_when(is_access_token).await;
    gate.forward_to(&server.uri());
    let client = builder(&gate.uri()).build().unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.users().list(&ListOptions::new(1, 10)).await })
        })
        .collect();
    gate.arrived().await;
    gate.release(); // t1
    // The refresh is held until all 20 calls saw t1 rejected (1 + 20 answers).
    gate.arrived().await;
    answers.wait_for(|n| *n >= 21).await.unwrap();
    gate.release();
    for r in futures::future::join_all(calls).await {
        assert_eq!(r.unwrap().unwrap_err().code(), Some(2224));
    }
    assert_eq!(
        sent(&server, &ACCESS_TOKEN).await.len(),
        2,
        "t1, then one failed refresh"
    );
    // A later rejection refreshes again, successfully.
    gate.release();
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 3);
}

/// `iat`/`exp` are the server's: absurd values must not overflow (debug builds would
/// panic) and still give a usable token.
#[tokio::test]
async fn absurd_iat_and_exp_do_not_overflow() {
    for (iat, exp, fetches) in [
        (i64::MIN, i64::MAX, 1), // lifetime beyond i64: the margin applies
        (i64::MAX, i64::MIN, 2), // expired before issued: refreshed on each call
        (0, i64::MIN, 2),
    ] {
        let server = MockServer::start().await;
        gql_mock(&ACCESS_TOKEN)
            .respond_with(token_response(TOKEN, iat, exp))
            .mount(&server)
            .await;
        gql_mock(&USERS)
            .respond_with(users_ok())
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().unwrap();
        client.users().list(&ListOptions::new(1, 10)).await.unwrap();
        client.users().list(&ListOptions::new(1, 10)).await.unwrap();
        assert_eq!(
            sent(&server, &ACCESS_TOKEN).await.len(),
            fetches,
            "iat {iat}, exp {exp}"
        );
    }
}

#[tokio::test]
async fn token_is_refreshed_ahead_of_expiry() {
    let server = MockServer::start().await;
    // Issued 2 h ago, expires in 10 min: within the default 1 h margin.
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("old-token", now() - 7200, now() + 600))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("new-token", now(), now() + 86_400))
        .expect(1)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    for _ in 0..3 {
        client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    }
    let auths: Vec<_> = sent(&server, &USERS)
        .await
        .into_iter()
        .map(|r| r.auth.unwrap())
        .collect();
    assert_eq!(
        auths,
        ["Bearer old-token", "Bearer new-token", "Bearer new-token"],
        "the first call may use the token it just got; later ones get a fresh one"
    );
    server.verify().await;
}

/// Past the refresh margin a failing `accessToken` must not fail calls while the
/// cached token is still valid; once the refresh works the new token is used.
#[tokio::test]
async fn a_failed_refresh_keeps_serving_the_unexpired_token() {
    let server = MockServer::start().await;
    // Expires in 10 min: within the default 1 h margin from the start.
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("old-token", now() - 7200, now() + 600))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(2)
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("new-token", now(), now() + 86_400))
        .with_priority(3)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    for _ in 0..4 {
        client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    }
    let auths: Vec<_> = sent(&server, &USERS)
        .await
        .into_iter()
        .map(|r| r.auth.unwrap())
        .collect();
    assert_eq!(
        auths,
        [
            "Bearer old-token",
            "Bearer old-token",
            "Bearer old-token",
            "Bearer new-token"
        ]
    );
    assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 4);
}

/// An expired token is not served: the refresh failure is the call's error.
#[tokio::test]
async fn a_failed_refresh_fails_the_call_once_the_token_expired() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("old-token", now() - 7200, now() - 1))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(api_error(2224, "用户池不存在"))
        .with_priority(2)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    // The first call uses the token it just got (the server's answer).
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    let e = client
        .users()
        .list(&ListOptions::new(1, 10))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(2224), "{e}");
    assert_eq!(sent(&server, &USERS).await.len(), 1);
}

#[tokio::test]
async fn refresh_margin_is_configurable() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response(TOKEN, now() - 7200, now() + 600))
        .expect(1)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .token_refresh_margin(Duration::from_secs(60))
        .build()
        .unwrap();
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    server.verify().await;
}

/// A call rejected with `code` refreshes the token and is sent once more.
#[tokio::test]
async fn rejected_token_is_refreshed_and_the_call_retried_once() {
    for code in [2206, 2207, 2020] {
        let server = MockServer::start().await;
        gql_mock(&ACCESS_TOKEN)
            .respond_with(token_response("t1", now(), now() + 86_400))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        gql_mock(&ACCESS_TOKEN)
            .respond_with(token_response("t2", now(), now() + 86_400))
            .mount(&server)
            .await;
        gql_mock(&USERS)
            .and(Bearer("t1"))
            .respond_with(api_error(code, "token rejected"))
            .mount(&server)
            .await;
        gql_mock(&USERS)
            .and(Bearer("t2"))
            .respond_with(users_ok())
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().unwrap();
        let page = client.users().list(&ListOptions::new(1, 10)).await.unwrap();
        assert_eq!(page.total_count, 1, "{code}");
        assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 2, "{code}");
        assert_eq!(sent(&server, &USERS).await.len(), 2, "{code}");
        // The new token is cached.
        client.users().list(&ListOptions::new(1, 10)).await.unwrap();
        assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 2, "{code}");
    }
}

#[tokio::test]
async fn retry_happens_only_once() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response(TOKEN, now(), now() + 86_400))
        .expect(2)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .respond_with(api_error(2207, "登录信息无效"))
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let e = client
        .users()
        .list(&ListOptions::new(1, 10))
        .await
        .unwrap_err();
    assert!(e.is_token_invalid(), "{e}");
    server.verify().await;
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    let (server, client) = env().await;
    gql_mock(&USERS)
        .respond_with(api_error(2004, "用户不存在"))
        .expect(1)
        .mount(&server)
        .await;
    assert!(
        client
            .users()
            .list(&ListOptions::new(1, 10))
            .await
            .unwrap_err()
            .is_user_not_found()
    );
    assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 1);
    server.verify().await;
}

#[tokio::test(flavor = "current_thread")]
async fn concurrent_rejections_share_one_refresh() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("t1", now(), now() + 86_400))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response("t2", now(), now() + 86_400))
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer("t1"))
        .respond_with(api_error(2206, "expired"))
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer("t2"))
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let (mut answers, _guard) = count_attempts();
    let gate = Gate::start_when(is_access_token).await;
    gate.forward_to(&server.uri());
    let client = builder(&gate.uri()).build().unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.users().list(&ListOptions::new(1, 10)).await })
        })
        .collect();
    gate.arrived().await;
    gate.release(); // t1
    // The refresh is held until all 20 calls saw t1 rejected (1 + 20 answers).
    gate.arrived().await;
    answers.wait_for(|n| *n >= 21).await.unwrap();
    gate.release();
    for r in futures::future::join_all(calls).await {
        r.unwrap().unwrap();
    }
    assert_eq!(sent(&server, &ACCESS_TOKEN).await.len(), 2);
}

#[tokio::test]
async fn fixed_access_token_without_secret() {
    let server = MockServer::start().await;
    gql_mock(&USERS)
        .and(Bearer("fixed-token"))
        .respond_with(users_ok())
        .up_to_n_times(1)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .respond_with(api_error(2207, "invalid"))
        .mount(&server)
        .await;
    let client = ManagementClient::builder()
        .host(server.uri())
        .user_pool_id(POOL)
        .access_token("fixed-token")
        .build()
        .unwrap();
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    let e = client
        .users()
        .list(&ListOptions::new(1, 10))
        .await
        .unwrap_err();
    assert!(e.is_token_invalid());
    assert!(
        sent(&server, &ACCESS_TOKEN).await.is_empty(),
        "never fetched"
    );
    assert_eq!(
        sent(&server, &USERS).await.len(),
        2,
        "no retry without a secret"
    );
}

#[tokio::test]
async fn fixed_access_token_with_secret_is_replaced_when_rejected() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(token_response(TOKEN, now(), now() + 86_400))
        .expect(1)
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer("stale-token"))
        .respond_with(api_error(2206, "expired"))
        .mount(&server)
        .await;
    gql_mock(&USERS)
        .and(Bearer(TOKEN))
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .access_token("stale-token")
        .build()
        .unwrap();
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn token_errors_propagate() {
    let server = MockServer::start().await;
    gql_mock(&ACCESS_TOKEN)
        .respond_with(api_error(2224, "用户池不存在"))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let e = client
        .users()
        .list(&ListOptions::new(1, 10))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(2224));
    assert!(sent(&server, &USERS).await.is_empty());
    assert!(!e.to_string().contains(SECRET));
}

#[test]
fn build_needs_a_pool_and_a_secret_or_token() {
    let e = ManagementClient::builder()
        .secret(SECRET)
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
    let e = ManagementClient::builder()
        .user_pool_id(POOL)
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
    let e = ManagementClient::builder()
        .user_pool_id(POOL)
        .access_token(" ")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
    ManagementClient::builder()
        .user_pool_id(POOL)
        .secret(SECRET)
        .build()
        .unwrap();
    ManagementClient::builder()
        .user_pool_id(POOL)
        .access_token("t")
        .build()
        .unwrap();
}

#[tokio::test]
async fn debug_never_shows_secrets_or_tokens() {
    let (server, client) = env().await;
    gql_mock(&USERS)
        .respond_with(users_ok())
        .mount(&server)
        .await;
    let b = builder(&server.uri()).access_token("given-token-value");
    let d = format!("{b:?}");
    assert!(
        !d.contains(SECRET) && !d.contains("given-token-value"),
        "{d}"
    );
    client.users().list(&ListOptions::new(1, 10)).await.unwrap();
    let d = format!("{client:?}");
    assert!(!d.contains(SECRET) && !d.contains(TOKEN), "{d}");
    assert!(d.contains("[redacted]"), "{d}");
}
