//! "Sign in with Authing" in a small axum web app: OIDC authorization code flow with
//! PKCE, the hosted login page, a session, a protected page and sign-out.
//!
//! ```text
//! cargo run --example web-login
//! ```
//!
//! By default it starts an Authing emulator in this process (an OpenID provider with a
//! hosted login page), creates a test user and prints the URL to open and the test
//! user's credentials. To use a real Authing application instead, set
//! `AUTHING_APP_ID`, `AUTHING_APP_HOST` (e.g. `https://my-app.authing.cn`) and
//! `AUTHING_APP_SECRET`, and register `http://127.0.0.1:3000/callback` as a login
//! callback URL and `http://127.0.0.1:3000/` as a logout callback URL of that
//! application (`WEB_LOGIN_ADDR` changes the address, default `127.0.0.1:3000`).

mod app;

use std::error::Error;

use authing::authentication::AuthenticationClient;
use authing::management::{CreateUserInput, CreateUserOptions, ManagementClient};

type Res<T = ()> = Result<T, Box<dyn Error>>;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The test user created in the emulator; its password is a throwaway of a local
/// demo pool, printed so that you can type it into the login page.
const DEMO_USERNAME: &str = "alice";
const DEMO_PASSWORD: &str = "alice-demo-password";

#[tokio::main]
async fn main() -> Res {
    let real = (
        env("AUTHING_APP_ID"),
        env("AUTHING_APP_HOST"),
        env("AUTHING_APP_SECRET"),
    );
    let addr = match (&real, env("WEB_LOGIN_ADDR")) {
        (_, Some(addr)) => addr,
        ((Some(_), Some(_), Some(_)), None) => "127.0.0.1:3000".to_owned(),
        // Against the embedded emulator any free port will do.
        _ => "127.0.0.1:0".to_owned(),
    };
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let redirect_uri = format!("{base_url}/callback");

    let mut _emulator = None;
    let client = match real {
        (Some(app_id), Some(app_host), Some(app_secret)) => {
            println!("Provider: your Authing application {app_id} at {app_host}");
            AuthenticationClient::builder()
                .app_id(app_id)
                .app_host(app_host)
                .app_secret(app_secret)
                .redirect_uri(&redirect_uri)
                .build()?
        }
        _ => {
            let emu = authing_emulator::Emulator::builder()
                .app_redirect_uri(&redirect_uri)
                .app_redirect_uri(format!("{base_url}/"))
                .start()
                .await?;
            create_demo_user(&emu).await?;
            println!(
                "Provider: an Authing emulator started in this process at {}",
                emu.url()
            );
            println!(
                "          (set AUTHING_APP_ID, AUTHING_APP_HOST and AUTHING_APP_SECRET to use a real application)"
            );
            println!(
                "Test user: username `{DEMO_USERNAME}`, password `{DEMO_PASSWORD}` (a local demo account)"
            );
            let client = AuthenticationClient::builder()
                .user_pool_id(emu.user_pool_id())
                .app_id(emu.app_id())
                .app_host(emu.app_host())
                .app_secret(emu.app_secret())
                .redirect_uri(&redirect_uri)
                .build()?;
            _emulator = Some(emu);
            client
        }
    };
    println!("\nOpen {base_url}/ in a browser and choose \"Sign in with Authing\". Ctrl-C stops.");
    let router = app::router(app::AppConfig { client, base_url });
    axum::serve(listener, router).await?;
    Ok(())
}

async fn create_demo_user(emu: &authing_emulator::Emulator) -> Res {
    let admin = ManagementClient::builder()
        .host(emu.url())
        .user_pool_id(emu.user_pool_id())
        .secret(emu.secret())
        .public_key(emu.public_key_pem())
        .build()?;
    let input = CreateUserInput {
        username: Some(DEMO_USERNAME.into()),
        password: Some(DEMO_PASSWORD.into()),
        email: Some("alice@example.com".into()),
        nickname: Some("Alice".into()),
        ..Default::default()
    };
    admin
        .users()
        .create(&input, &CreateUserOptions::default())
        .await?;
    Ok(())
}
