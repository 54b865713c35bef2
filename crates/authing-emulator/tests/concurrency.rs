//! Uniqueness under concurrent requests and a mixed load that loses nothing.

mod common;

use futures::StreamExt;
use serde_json::{Value, json};

const REG: &str = "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_simultaneous_registrations_of_one_username() {
    let t = common::start().await;
    let admin = t.admin().await;
    t.register("someone-else", "p").await;
    let before = t
        .ok("{ users { totalCount } }", json!({}), Some(&admin))
        .await["users"]["totalCount"]
        .as_i64()
        .unwrap();
    let pw = t.enc("pw");
    let futs = (0..200).map(|_| {
        t.gql(
            REG,
            json!({"i": {"username": "same", "password": pw}}),
            None,
        )
    });
    let results: Vec<Value> = futures::future::join_all(futs).await;
    let ok = results.iter().filter(|v| v.get("errors").is_none()).count();
    let dup = results
        .iter()
        .filter(|v| common::authing_code(v) == Some(2026))
        .count();
    assert_eq!(ok, 1, "exactly one registration succeeds");
    assert_eq!(dup, 199, "all others fail with 2026");
    let after = t
        .ok("{ users { totalCount } }", json!({}), Some(&admin))
        .await["users"]["totalCount"]
        .as_i64()
        .unwrap();
    assert_eq!(after, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_mixed_requests_lose_nothing() {
    let t = common::start().await;
    let admin = t.admin().await;
    let mut existing = Vec::new();
    for i in 0..20 {
        existing.push(t.register(&format!("seed{i}"), "pw").await.0);
    }
    let pw = t.enc("pw");
    let ops = (0..1000usize).map(|i| {
        let (t, admin, pw, existing) = (&t, &admin, &pw, &existing);
        async move {
            match i % 3 {
                0 => ("reg", t.gql(REG, json!({"i": {"username": format!("new{i}"), "password": pw}}), None).await),
                1 => (
                    "login",
                    t.gql(
                        "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id } }",
                        json!({"i": {"username": format!("seed{}", i % 20), "password": pw}}),
                        None,
                    )
                    .await,
                ),
                _ => (
                    "update",
                    t.gql(
                        "mutation($id: String, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }",
                        json!({"id": existing[i % 20], "i": {"nickname": format!("n{i}")}}),
                        Some(admin),
                    )
                    .await,
                ),
            }
        }
    });
    let results: Vec<(&str, Value)> = futures::stream::iter(ops)
        .buffer_unordered(250)
        .collect()
        .await;
    let failures: Vec<_> = results
        .iter()
        .filter(|(_, v)| v.get("errors").is_some())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    let created: Vec<String> = results
        .iter()
        .filter(|(k, _)| *k == "reg")
        .map(|(_, v)| {
            v["data"]["registerByUsername"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(created.len(), 334);
    let d = t
        .ok(
            "{ users(page: 1, limit: 1000) { totalCount list { id loginsCount } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["users"]["totalCount"], 354);
    let listed: std::collections::HashSet<&str> = d["users"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    for id in created.iter().chain(existing.iter()) {
        assert!(listed.contains(id.as_str()), "user {id} is listed");
    }
    let logins: i64 = d["users"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["loginsCount"].as_i64().unwrap())
        .sum();
    assert_eq!(logins, 333, "every login was counted once");
}
