//! Requests per second of the emulator for `users` and `loginByUsername`.
//!
//! `cargo bench -p authing-emulator --bench throughput` (release build). The load
//! generator runs in the same process and shares the machine's cores with the server,
//! so the numbers are conservative. `EMU_BENCH_SECS` sets the duration per scenario
//! (default 5).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use authing_emulator::Emulator;
use base64::Engine as _;
use rsa::pkcs8::DecodePublicKey;
use serde_json::{Value, json};

const CONCURRENCY: usize = 32;

/// The document `ManagementClient::users().list` sends: the operation and the
/// `UserFields` fragment.
const SDK_USERS_DOCUMENT: &str = concat!(
    include_str!("../../authing-management/src/users/users.graphql"),
    "\n",
    include_str!("../../authing-core/src/graphql/user_fields.graphql"),
);

async fn run(
    name: &str,
    secs: u64,
    make: impl Fn() -> reqwest::RequestBuilder + Send + Sync + 'static,
) {
    let make = Arc::new(make);
    let done = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (make, done, errors) = (make.clone(), done.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                match make().send().await {
                    Ok(r) => {
                        let v: Value = r.json().await.unwrap_or(Value::Null);
                        if v.get("errors").is_some() || v.get("data").is_none() {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let n = done.load(Ordering::Relaxed);
    let rate = n as f64 / start.elapsed().as_secs_f64();
    println!(
        "{name:<18} {rate:>9.0} req/s  ({n} requests, {} errors, concurrency {CONCURRENCY})",
        errors.load(Ordering::Relaxed)
    );
}

fn main() {
    let secs: u64 = std::env::var("EMU_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let emu = Emulator::builder().start().await.unwrap();
        let url = format!("{}/graphql/v2", emu.url());
        let http = reqwest::Client::new();
        let key = rsa::RsaPublicKey::from_public_key_pem(emu.public_key_pem()).unwrap();
        let enc = |s: &str| {
            base64::engine::general_purpose::STANDARD.encode(
                key.encrypt(&mut rand::thread_rng(), rsa::Pkcs1v15Encrypt, s.as_bytes()).unwrap(),
            )
        };
        let admin: Value = http
            .post(&url)
            .json(&json!({"query": "query($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken } }",
                "variables": {"p": emu.user_pool_id(), "s": emu.secret()}}))
            .send().await.unwrap().json().await.unwrap();
        let admin = admin["data"]["accessToken"]["accessToken"].as_str().unwrap().to_string();
        let pw = enc("bench-password");
        for i in 0..100 {
            http.post(&url)
                .json(&json!({"query": "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id } }",
                    "variables": {"i": {"username": format!("user{i}"), "password": pw}}}))
                .send().await.unwrap();
        }
        let users_body = json!({"query": SDK_USERS_DOCUMENT, "variables": {"page": 1, "limit": 10}}).to_string();
        {
            let (http, url, admin) = (http.clone(), url.clone(), admin.clone());
            run("users", secs, move || {
                http.post(&url)
                    .bearer_auth(&admin)
                    .header("content-type", "application/json")
                    .body(users_body.clone())
            })
            .await;
        }
        let login_body = json!({"query": "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id token } }",
            "variables": {"i": {"username": "user7", "password": pw}}}).to_string();
        {
            let (http, url) = (http.clone(), url.clone());
            run("loginByUsername", secs, move || {
                http.post(&url)
                    .header("content-type", "application/json")
                    .body(login_body.clone())
            })
            .await;
        }
        drop(emu);
    });
}
