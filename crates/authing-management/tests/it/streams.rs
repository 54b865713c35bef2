//! Pagination as a stream: pages are fetched lazily, one request per page, and
//! dropping the stream stops it.

use authing_management::operations::{POLICY_ASSIGNMENTS, ROLES, USERS};
use authing_management::{ListOptions, SearchUserOptions};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::common::*;

/// Answers a list operation from `total` items (`{"id": "u<n>"}` users, or roles),
/// honouring the `page` and `limit` variables of each request.
struct Pages {
    root: &'static str,
    total: usize,
    item: fn(usize) -> Value,
}

impl Respond for Pages {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        let page = body["variables"]["page"].as_u64().unwrap() as usize;
        let limit = body["variables"]["limit"].as_u64().unwrap() as usize;
        let list: Vec<Value> = ((page - 1) * limit..(page * limit).min(self.total))
            .map(self.item)
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": {self.root: {"totalCount": self.total, "list": list}}}))
    }
}

fn user(n: usize) -> Value {
    json!({"id": format!("u{n}")})
}

async fn pages_sent(
    server: &wiremock::MockServer,
    op: &'static authing_management::operations::Operation,
) -> Vec<Value> {
    sent(server, op)
        .await
        .into_iter()
        .map(|s| s.body["variables"].clone())
        .collect()
}

#[tokio::test]
async fn list_stream_walks_every_page_in_order() {
    let (server, client) = env().await;
    gql_mock(&USERS)
        .respond_with(Pages {
            root: "users",
            total: 7,
            item: user,
        })
        .mount(&server)
        .await;
    let ids: Vec<String> = client
        .users()
        .list_stream(&ListOptions::new(1, 3))
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["u0", "u1", "u2", "u3", "u4", "u5", "u6"]);
    // Three pages (3 + 3 + 1), then `totalCount` is reached: no fourth request.
    assert_eq!(
        pages_sent(&server, &USERS).await,
        [
            json!({"page": 1, "limit": 3}),
            json!({"page": 2, "limit": 3}),
            json!({"page": 3, "limit": 3}),
        ]
    );
}

#[tokio::test]
async fn dropping_the_stream_early_fetches_no_further_page() {
    let (server, client) = env().await;
    gql_mock(&USERS)
        .respond_with(Pages {
            root: "users",
            total: 100,
            item: user,
        })
        .mount(&server)
        .await;
    let first: Vec<String> = client
        .users()
        .list_stream(&ListOptions::new(1, 2))
        .take(3)
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first, ["u0", "u1", "u2"]);
    // The third item is on page 2; page 3 is never requested.
    assert_eq!(
        pages_sent(&server, &USERS).await,
        [
            json!({"page": 1, "limit": 2}),
            json!({"page": 2, "limit": 2})
        ]
    );
}

#[tokio::test]
async fn a_stream_starts_at_the_given_page_and_keeps_the_namespace() {
    let (server, client) = env().await;
    gql_mock(&ROLES)
        .respond_with(Pages {
            root: "roles",
            total: 5,
            item: |n| role_json(&format!("r{n}")),
        })
        .mount(&server)
        .await;
    let codes: Vec<String> = client
        .roles()
        .list_stream(&ListOptions::new(2, 2).with_namespace("books"))
        .map_ok(|r| r.code)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(codes, ["r2", "r3", "r4"]);
    assert_eq!(
        pages_sent(&server, &ROLES).await,
        [
            json!({"namespace": "books", "page": 2, "limit": 2}),
            json!({"namespace": "books", "page": 3, "limit": 2}),
        ]
    );
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let (server, client) = env().await;
    gql_mock(&POLICY_ASSIGNMENTS)
        .respond_with(api_error(2004, "user not found"))
        .mount(&server)
        .await;
    let items: Vec<_> = client
        .users()
        .list_policies_stream("u1", &ListOptions::default())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(items[0].as_ref().unwrap_err().is_user_not_found());
    assert_eq!(sent(&server, &POLICY_ASSIGNMENTS).await.len(), 1);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream() {
    let (server, client) = env().await;
    // A server whose `totalCount` overstates the items: the empty page stops it.
    gql_mock(&authing_management::operations::SEARCH_USER)
        .respond_with(data(
            &authing_management::operations::SEARCH_USER,
            json!({"totalCount": 50, "list": []}),
        ))
        .mount(&server)
        .await;
    let n = client
        .users()
        .search_stream("bob", &SearchUserOptions::default())
        .count()
        .await;
    assert_eq!(n, 0);
    assert_eq!(
        sent(&server, &authing_management::operations::SEARCH_USER)
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn users_list_rejects_a_namespace() {
    rejected(|c| async move {
        c.users()
            .list(&ListOptions::default().with_namespace("books"))
            .await
    })
    .await;
}
