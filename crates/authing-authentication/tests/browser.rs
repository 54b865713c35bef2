//! The authentication client in a real browser: compiled to `wasm32-unknown-unknown`, run
//! by `wasm-bindgen-test-runner` in headless Chromium against an emulator on this machine.
//! A page of another origin (the runner's) calls the emulator, so CORS is exercised too.
//!
//! Run it with `cargo xtask browser`: the harness starts `authing-emulator --port 0`, reads
//! its start-up line and passes it to this crate **at compile time** in
//! `AUTHING_BROWSER_URL`, `AUTHING_BROWSER_USER_POOL_ID`, `AUTHING_BROWSER_SECRET`,
//! `AUTHING_BROWSER_APP_ID` and `AUTHING_BROWSER_PUBLIC_KEY` (a browser test cannot read
//! the environment of the process that runs it; these are the throw-away emulator's),
//! then runs
//! `cargo test -p authing-authentication --target wasm32-unknown-unknown --test browser`
//! with `wasm-bindgen-test-runner` as the target's runner. Built without those variables
//! the test fails and says so.
#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use authing_authentication::{AuthenticationClient, LoginOptions, RegisterOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The emulator the harness started, as the test binary was compiled.
struct Target {
    url: &'static str,
    user_pool_id: &'static str,
    secret: &'static str,
    app_id: &'static str,
    public_key: &'static str,
}

/// A value the harness set at compile time. Read with `option_env!` so that the suite
/// still compiles without the harness (e.g. for clippy) and then says how to run it.
fn harness(value: Option<&'static str>, name: &str) -> &'static str {
    match value {
        Some(v) => v,
        None => panic!(
            "{name} is not set: run the browser suite with `cargo xtask browser` (it starts \
             the emulator and passes AUTHING_BROWSER_* at compile time)"
        ),
    }
}

fn target() -> Target {
    Target {
        url: harness(option_env!("AUTHING_BROWSER_URL"), "AUTHING_BROWSER_URL"),
        user_pool_id: harness(
            option_env!("AUTHING_BROWSER_USER_POOL_ID"),
            "AUTHING_BROWSER_USER_POOL_ID",
        ),
        secret: harness(
            option_env!("AUTHING_BROWSER_SECRET"),
            "AUTHING_BROWSER_SECRET",
        ),
        app_id: harness(
            option_env!("AUTHING_BROWSER_APP_ID"),
            "AUTHING_BROWSER_APP_ID",
        ),
        public_key: harness(
            option_env!("AUTHING_BROWSER_PUBLIC_KEY"),
            "AUTHING_BROWSER_PUBLIC_KEY",
        ),
    }
}

fn client(t: &Target, seen: Arc<Mutex<Vec<Option<String>>>>) -> AuthenticationClient {
    AuthenticationClient::builder()
        .host(t.url)
        .user_pool_id(t.user_pool_id)
        .app_id(t.app_id)
        .public_key(t.public_key)
        .on_token_change(move |tok| {
            if let Ok(mut seen) = seen.lock() {
                seen.push(tok.map(str::to_owned));
            }
        })
        .build()
        .expect("client builds")
}

#[wasm_bindgen_test]
async fn register_login_current_user_refresh_and_logout_in_the_browser() {
    let t = target();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let auth = client(&t, seen.clone());
    let username = format!("browser-{:016x}", rand::random::<u64>());
    let password = "Br0wser!pass";

    // Register (no login): the user exists, the client holds no token.
    let user = auth
        .register_by_username(&username, password, &RegisterOptions::default())
        .await
        .expect("registerByUsername from the browser");
    assert_eq!(user.username.as_deref(), Some(username.as_str()));
    assert_eq!(user.user_pool_id.as_deref(), Some(t.user_pool_id));
    assert!(
        auth.token().is_none(),
        "register without force_login holds no token"
    );

    // A wrong password is a typed error, as on native.
    let err = auth
        .login_by_username(&username, "not-the-password", &LoginOptions::default())
        .await
        .expect_err("wrong password");
    assert!(err.is_wrong_password(), "wrong password error: {err:?}");

    // Log in: the password is RSA-encrypted in wasm, the session starts.
    let logged = auth
        .login_by_username(&username, password, &LoginOptions::default())
        .await
        .expect("loginByUsername from the browser");
    assert_eq!(logged.id, user.id);
    let token = auth
        .token()
        .expect("a token after login")
        .expose()
        .to_owned();
    assert_eq!(token.split('.').count(), 3, "a JWT");
    assert!(
        auth.token_expires_at().is_some(),
        "expiry read in wasm (SystemTime)"
    );

    // The current user, read with the token (REST `users/me` or GraphQL `user`).
    let me = auth.get_current_user().await.expect("current user");
    assert_eq!(me.id, user.id);
    assert_eq!(me.username.as_deref(), Some(username.as_str()));

    // Refresh: a new token is held and works.
    let refreshed = auth.refresh_token().await.expect("refreshToken");
    let new_token = refreshed
        .token
        .expect("refreshed token")
        .expose()
        .to_owned();
    assert_eq!(
        auth.token().map(|s| s.expose().to_owned()),
        Some(new_token.clone())
    );
    assert!(refreshed.exp.is_some_and(|e| e > 0));
    let me = auth
        .get_current_user()
        .await
        .expect("current user after refresh");
    assert_eq!(me.id, user.id);

    // Log out: the session is gone locally and on the server.
    auth.logout().await.expect("logout");
    assert!(auth.token().is_none());
    assert!(auth.current_user().is_none());
    let status = AuthenticationClient::builder()
        .host(t.url)
        .user_pool_id(t.user_pool_id)
        .public_key(t.public_key)
        .build()
        .expect("client")
        .check_login_status(Some(&new_token))
        .await
        .expect("checkLoginStatus");
    assert_eq!(status.status, Some(false), "token after logout: {status:?}");

    // The token hook saw login, refresh and logout, in order.
    let seen = seen.lock().expect("hook log").clone();
    assert_eq!(
        seen,
        vec![Some(token), Some(new_token), None],
        "token changes seen by the hook"
    );

    // Last: the pool allows only another origin. The browser now refuses the answers
    // (no Access-Control-Allow-Origin for this page) and the SDK says so.
    restrict_allowed_origins(&t, "https://elsewhere.test").await;
    let err = auth
        .login_by_username(&username, password, &LoginOptions::default())
        .await
        .expect_err("a page of an origin the pool does not allow");
    let msg = err.to_string();
    assert!(msg.contains("CORS"), "the error names CORS: {msg}");
    assert!(auth.token().is_none());
}

/// `updateUserpool(allowedOrigins)` with a management token, as plain GraphQL.
async fn restrict_allowed_origins(t: &Target, origins: &str) {
    let http = reqwest::Client::new();
    let gql = |query: &str, vars: serde_json::Value, token: Option<String>| {
        let mut req = http
            .post(format!("{}/graphql/v2", t.url))
            .header("x-authing-userpool-id", t.user_pool_id)
            .json(&serde_json::json!({"query": query, "variables": vars}));
        if let Some(tok) = token {
            req = req.bearer_auth(tok);
        }
        async move {
            let v: serde_json::Value = req
                .send()
                .await
                .expect("GraphQL request")
                .json()
                .await
                .expect("JSON");
            assert!(v.get("errors").is_none(), "GraphQL errors: {v}");
            v
        }
    };
    let v = gql(
        "query($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken } }",
        serde_json::json!({"p": t.user_pool_id, "s": t.secret}),
        None,
    )
    .await;
    let admin = v["data"]["accessToken"]["accessToken"]
        .as_str()
        .expect("management token")
        .to_owned();
    let v = gql(
        "mutation($i: UpdateUserpoolInput!) { updateUserpool(input: $i) { allowedOrigins } }",
        serde_json::json!({"i": {"allowedOrigins": origins}}),
        Some(admin),
    )
    .await;
    assert_eq!(v["data"]["updateUserpool"]["allowedOrigins"], origins);
}
