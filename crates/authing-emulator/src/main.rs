//! `authing-emulator`: runs a local Authing-compatible server.
//!
//! Prints exactly one JSON line to stdout when ready:
//! `{"url", "userPoolId", "secret", "publicKey", "appId", "appSecret", "redirectUris"}` plus `"controlToken"` when
//! one is set (always when bound to a non-loopback address, with a warning on stderr);
//! logs (including every verification code sent) go to stderr. `--data` is saved at
//! start, within a second of each change and when Ctrl-C (or SIGTERM) stops it.

use std::net::IpAddr;
use std::path::PathBuf;

use authing_emulator::Emulator;
use clap::Parser;

/// Local Authing-compatible (v2 API) server for tests and development.
#[derive(Parser, Debug)]
#[command(name = "authing-emulator", version, about)]
struct Args {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1", env = "AUTHING_EMULATOR_HOST")]
    host: IpAddr,
    /// Port to bind (0 = any free port).
    #[arg(long, default_value_t = 0, env = "AUTHING_EMULATOR_PORT")]
    port: u16,
    /// User pool id (default: random, or the data file's).
    #[arg(long)]
    user_pool_id: Option<String>,
    /// Pool secret (default: random, or the data file's).
    #[arg(long)]
    secret: Option<String>,
    /// Default application id (default: random, or the data file's).
    #[arg(long)]
    app_id: Option<String>,
    /// RSA private key file (PKCS#8 or PKCS#1 PEM). Default: the well-known emulator key.
    #[arg(long, value_name = "FILE")]
    private_key: Option<PathBuf>,
    /// Generate a fresh RSA key pair at start instead of the well-known emulator key.
    #[arg(long, conflicts_with = "private_key")]
    generate_key: bool,
    /// Load state from FILE at start; save it at start, within a second of each change
    /// and at exit (versioned JSON, mode 0600, atomic rename).
    #[arg(long = "data", value_name = "FILE")]
    data: Option<PathBuf>,
    /// Token every /emulator/v1 request must carry in `x-emulator-control-token`
    /// (default: none on loopback, a random one on other addresses).
    #[arg(long, env = "AUTHING_EMULATOR_CONTROL_TOKEN", hide_env_values = true)]
    control_token: Option<String>,
    /// Allowed login and post-logout redirect URI of the default application
    /// (repeatable), e.g. `http://127.0.0.1:3000/callback`.
    #[arg(long = "app-redirect-uri", value_name = "URI")]
    app_redirect_uris: Vec<String>,
    /// Print the emulator's GraphQL schema (SDL) and exit.
    #[arg(long)]
    print_schema: bool,
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if args.print_schema {
        print!("{}", authing_emulator::schema_sdl());
        return std::process::ExitCode::SUCCESS;
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("authing-emulator: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    rt.block_on(async move {
        let mut b = Emulator::builder().host(args.host).port(args.port);
        if let Some(v) = args.user_pool_id {
            b = b.user_pool_id(v);
        }
        if let Some(v) = args.secret {
            b = b.secret(v);
        }
        if let Some(v) = args.app_id {
            b = b.app_id(v);
        }
        if let Some(p) = &args.private_key {
            match std::fs::read_to_string(p) {
                Ok(pem) => b = b.rsa_private_key_pem(pem),
                Err(e) => {
                    eprintln!("authing-emulator: cannot read {}: {e}", p.display());
                    return std::process::ExitCode::FAILURE;
                }
            }
        }
        if args.generate_key {
            b = b.generate_rsa_key();
        }
        if let Some(d) = &args.data {
            b = b.data_file(d.clone());
        }
        if let Some(t) = args.control_token {
            b = b.control_token(t);
        }
        for u in args.app_redirect_uris {
            b = b.app_redirect_uri(u);
        }
        let emu = match b.start().await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("authing-emulator: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        println!("{}", emu.info_json());
        if !args.host.is_loopback() {
            eprintln!(
                "authing-emulator: WARNING: bound to {}, a non-loopback address: anyone who can \
                 reach it can use this user pool. /emulator/v1 controls require the header \
                 x-emulator-control-token (printed as controlToken).",
                args.host
            );
        }
        tracing::info!(
            url = emu.url(),
            user_pool_id = emu.user_pool_id(),
            "authing emulator ready"
        );
        shutdown_signal().await;
        tracing::info!("shutting down");
        match emu.stop().await {
            Ok(()) => {
                if let Some(d) = &args.data {
                    tracing::info!(file = %d.display(), "state saved");
                }
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("authing-emulator: {e}");
                std::process::ExitCode::FAILURE
            }
        }
    })
}
