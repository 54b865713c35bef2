//! The SDK's retry rules against a real server: the emulator's fault switch
//! (`/emulator/v1/faults`) answers 503/429 for the next requests.

use std::time::Duration;

use authing::RetryPolicy;
use authing::management::{CreateUserInput, CreateUserOptions, ListOptions, UserLookup};
use authing_e2e::Target;
use serde_json::json;

fn fast_retries() -> RetryPolicy {
    RetryPolicy::new(3).initial_backoff(Duration::from_millis(10))
}

#[tokio::test]
async fn a_query_hit_by_two_503s_succeeds_on_the_third_attempt() {
    let t = Target::emulator().await;
    let m = t
        .management_builder()
        .retry(fast_retries())
        .build()
        .unwrap();
    m.users().list(&ListOptions::new(1, 10)).await.unwrap(); // token fetched before the faults
    t.inject_fault(json!({"status": 503, "count": 2, "path": "/graphql"}))
        .await;
    let page = m.users().list(&ListOptions::new(1, 10)).await.unwrap();
    assert_eq!(page.total_count, 0);
    assert!(
        t.pending_faults().await.is_empty(),
        "both 503s were consumed"
    );
}

#[tokio::test]
async fn a_mutation_hit_by_503_is_sent_once_and_creates_nothing() {
    let t = Target::emulator().await;
    let m = t
        .management_builder()
        .retry(fast_retries())
        .build()
        .unwrap();
    m.users().list(&ListOptions::new(1, 10)).await.unwrap();
    t.inject_fault(json!({"status": 503, "count": 2, "path": "/graphql"}))
        .await;
    let input = CreateUserInput {
        username: Some("only-once".into()),
        ..Default::default()
    };
    let err = m
        .users()
        .create(&input, &CreateUserOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(503), "{err}");
    // Exactly one of the two faults was used: the mutation was not repeated.
    let left = t.pending_faults().await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["count"], 1);
    clear_faults(&t).await;
    assert!(
        m.users()
            .find(&UserLookup::username("only-once"))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_and_retries_can_be_disabled() {
    let t = Target::emulator().await;
    let m = t
        .management_builder()
        .retry(fast_retries())
        .build()
        .unwrap();
    m.users().list(&ListOptions::new(1, 10)).await.unwrap();
    t.inject_fault(json!({"status": 429, "retryAfter": 0, "count": 1, "path": "/graphql"}))
        .await;
    m.users().list(&ListOptions::new(1, 10)).await.unwrap();

    let no_retry = t
        .management_builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    no_retry
        .users()
        .list(&ListOptions::new(1, 10))
        .await
        .unwrap();
    t.inject_fault(json!({"status": 503, "count": 1, "path": "/graphql"}))
        .await;
    let err = no_retry
        .users()
        .list(&ListOptions::new(1, 10))
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(503));
    assert!(t.pending_faults().await.is_empty());
}

/// Clears every queued fault (`DELETE /emulator/v1/faults`).
async fn clear_faults(t: &Target) {
    let resp = reqwest::Client::new()
        .delete(format!("{}/emulator/v1/faults", t.url()))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    assert!(t.pending_faults().await.is_empty());
}
