//! `authing-emulator`: runs a local Authing-compatible server.
//!
//! Prints exactly one JSON line to stdout when ready:
//! `{"url", "userPoolId", "secret", "publicKey", "appId"}`; logs (including every
//! verification code sent) go to stderr. Ctrl-C (or SIGTERM) stops it and saves `--data`.

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
    /// Load state from FILE at start and save it at exit (versioned JSON).
    #[arg(long = "data", value_name = "FILE")]
    data: Option<PathBuf>,
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
        let emu = match b.start().await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("authing-emulator: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        println!("{}", emu.info_json());
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
