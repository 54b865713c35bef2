//! A real browser signs in to the `web-login` example: headless Chromium, driven over
//! WebDriver (`chromedriver` + `fantoccini`), opens the app, follows the redirect to the
//! emulator's hosted login page, types the credentials (a wrong password first), lands
//! on the protected page showing the user, signs out through the provider's logout URL
//! and finds the provider's session ended.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium
//! chromium-driver`; `.ci/run` installs them). Without them the test prints `SKIPPED:`
//! with the reason, except under `CI`, where a missing browser fails the test.
//! `CHROMIUM` and `CHROMEDRIVER` override the binaries; `WEB_LOGIN_SCREENSHOTS=<dir>`
//! saves a PNG of each page.

#![cfg(all(feature = "management", feature = "authentication"))]

#[allow(dead_code)]
#[path = "../examples/web-login/app.rs"]
mod app;

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use authing::authentication::AuthenticationClient;
use authing::management::{CreateUserInput, CreateUserOptions, ManagementClient};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// A `chromedriver` process, killed on drop.
struct Driver {
    child: Child,
    url: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_binary(env_var: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env_var) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(Path::new).find_map(|name| {
        if name.is_absolute() {
            return name.exists().then(|| name.to_path_buf());
        }
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.exists())
        })
    })
}

/// The browser and its driver, or the reason they are missing.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = find_binary(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    )
    .ok_or("no chromium on PATH (apt-get install chromium)")?;
    let driver = find_binary("CHROMEDRIVER", &["chromedriver"])
        .ok_or("no chromedriver on PATH (apt-get install chromium-driver)")?;
    Ok((chromium, driver))
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_driver(driver: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver {
        child,
        url,
        _profile: tempfile::tempdir().expect("a profile dir"),
    }
}

async fn connect(driver: &Driver, chromium: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1000,800",
                format!("--user-data-dir={}", driver._profile.path().display()),
            ],
        }),
    );
    // chromedriver listens on plain HTTP on loopback: no TLS stack needed.
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session")
}

async fn snapshot(browser: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("WEB_LOGIN_SCREENSHOTS") {
        if let Ok(png) = browser.screenshot().await {
            let _ = std::fs::write(Path::new(&dir).join(format!("{name}.png")), png);
        }
    }
}

async fn text_of(browser: &Client, id: &str) -> String {
    browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id} never appeared: {e}"))
        .text()
        .await
        .unwrap_or_default()
}

async fn click(browser: &Client, id: &str) {
    browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id} never appeared: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click on #{id}: {e}"));
}

async fn type_into(browser: &Client, id: &str, text: &str) {
    let field = browser
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id} never appeared: {e}"));
    field.clear().await.expect("clear the field");
    field.send_keys(text).await.expect("type into the field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_signs_in_with_authing_and_out_again() {
    let (chromium, driver_bin) = match browser() {
        Ok(b) => b,
        Err(reason) if std::env::var_os("CI").is_some() => {
            panic!("the browser test must run in CI, but {reason}")
        }
        Err(reason) => {
            println!("SKIPPED: a_browser_signs_in_with_authing_and_out_again: {reason}");
            return;
        }
    };

    // The app listens first, so that its callback URL can be registered.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let redirect_uri = format!("{base_url}/callback");
    let emu = authing_emulator::Emulator::builder()
        .app_redirect_uri(&redirect_uri)
        .app_redirect_uri(format!("{base_url}/"))
        .start()
        .await
        .unwrap();
    let admin = ManagementClient::builder()
        .host(emu.url())
        .user_pool_id(emu.user_pool_id())
        .secret(emu.secret())
        .public_key(emu.public_key_pem())
        .build()
        .unwrap();
    let alice = admin
        .users()
        .create(
            &CreateUserInput {
                username: Some("alice".into()),
                password: Some("correct horse 9".to_owned().into()),
                email: Some("alice@example.com".into()),
                ..Default::default()
            },
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();
    let client = AuthenticationClient::builder()
        .user_pool_id(emu.user_pool_id())
        .app_id(emu.app_id())
        .app_host(emu.app_host())
        .app_secret(emu.app_secret())
        .redirect_uri(&redirect_uri)
        .build()
        .unwrap();
    let router = app::router(app::AppConfig {
        client,
        base_url: base_url.clone(),
    });
    tokio::spawn(async move { axum::serve(listener, router).await });

    let driver = start_driver(&driver_bin).await;
    let browser = connect(&driver, &chromium).await;

    // 1. The home page offers "Sign in with Authing".
    browser.goto(&format!("{base_url}/")).await.unwrap();
    assert_eq!(text_of(&browser, "status").await, "You are not signed in.");
    snapshot(&browser, "1-home").await;
    click(&browser, "sign-in").await;

    // 2. The provider's hosted login page, on the emulator's origin.
    type_into(&browser, "account", "alice").await;
    let login_url = browser.current_url().await.unwrap();
    assert!(
        login_url.as_str().starts_with(emu.url()),
        "the login form is the provider's page, got {login_url}"
    );
    println!(
        "browser: redirected to the hosted login page {}",
        login_url.path()
    );
    snapshot(&browser, "2-login").await;

    // A wrong password first: the form says so and stays.
    type_into(&browser, "password", "wrong password").await;
    click(&browser, "submit").await;
    let error = text_of(&browser, "error").await;
    assert!(!error.is_empty(), "an error message is shown");
    println!("browser: wrong password → {error:?}");
    snapshot(&browser, "3-wrong-password").await;

    // 3. The right credentials lead back to the app's protected page.
    type_into(&browser, "account", "alice@example.com").await;
    type_into(&browser, "password", "correct horse 9").await;
    click(&browser, "submit").await;
    assert_eq!(text_of(&browser, "username").await, "alice");
    assert_eq!(text_of(&browser, "sub").await, alice.id);
    let here = browser.current_url().await.unwrap();
    assert_eq!(here.as_str(), format!("{base_url}/me"));
    println!(
        "browser: signed in, {} shows user {}",
        here.path(),
        alice.id
    );
    snapshot(&browser, "4-protected").await;

    // 4. Sign out: through the provider's session end back to the home page.
    click(&browser, "sign-out").await;
    assert_eq!(text_of(&browser, "status").await, "You are not signed in.");
    assert_eq!(
        browser.current_url().await.unwrap().as_str(),
        format!("{base_url}/")
    );
    browser.goto(&format!("{base_url}/me")).await.unwrap();
    // The protected page sends a signed-out browser to sign in again, and the provider
    // asks for the password again: its session ended too.
    type_into(&browser, "account", "alice").await;
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .as_str()
            .starts_with(emu.url())
    );
    println!("browser: signed out; the provider asks for credentials again");
    snapshot(&browser, "5-signed-out").await;

    browser.close().await.unwrap();
}
