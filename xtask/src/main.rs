//! Project automation for authing-rs.
//!
//! - `cargo xtask ci`: everything CI checks, in order (fmt, clippy, tests, docs, feature
//!   combinations, wasm build, the browser suite, cargo-deny).
//! - `cargo xtask test`: the test command of the README.
//! - `cargo xtask bench`: the benchmarks (release builds), printing the performance table.
//! - `cargo xtask wasm`: checks the authentication crate for `wasm32-unknown-unknown`.
//! - `cargo xtask browser`: the authentication crate's wasm-bindgen-test suite in headless
//!   Chromium against a local emulator (see `browser.rs`; `SKIPPED:` without a browser,
//!   except with `CI` set).

mod browser;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The test command of README.md (CI runs exactly this).
const TEST_CMD: &[&str] = &["test", "--workspace"];

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "ci" => ci(),
        "test" => cargo(TEST_CMD, &[]),
        "fmt" => cargo(&["fmt", "--all", "--check"], &[]),
        "clippy" => clippy(),
        "doc" => doc(),
        "features" => features(),
        "wasm" => wasm(),
        "browser" => browser::browser(),
        "deny" => deny(),
        "bench" => bench(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci|test|fmt|clippy|doc|features|wasm|browser|deny|bench [name]>"
            );
            return if task == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn run(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result {
    eprintln!("\n==> {program} {}", args.join(" "));
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    eprintln!(
        "<== {program} {} ({:.1}s, {status})",
        args.first().copied().unwrap_or(""),
        started.elapsed().as_secs_f64()
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn cargo(args: &[&str], envs: &[(&str, &str)]) -> Result {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(&cargo, args, envs)
}

fn output(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ci() -> Result {
    let started = Instant::now();
    cargo(&["fmt", "--all", "--check"], &[])?;
    clippy()?;
    cargo(TEST_CMD, &[])?;
    doc()?;
    features()?;
    wasm()?;
    browser::browser()?;
    deny()?;
    eprintln!(
        "\nxtask ci: all checks passed in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn clippy() -> Result {
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )
}

fn doc() -> Result {
    cargo(
        &["doc", "--workspace", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )
}

fn features() -> Result {
    let combos: &[&[&str]] = &[
        &[
            "--no-default-features",
            "--features",
            "authentication,rustls-tls",
        ],
        &[
            "--no-default-features",
            "--features",
            "management,rustls-tls",
        ],
        &["--no-default-features", "--features", "rustls-tls"],
    ];
    for extra in combos {
        let mut args = vec!["check", "-p", "authing"];
        args.extend_from_slice(extra);
        cargo(&args, &[])?;
    }
    // `authentication` alone must not build the management crate.
    let cargo_bin = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = output(
        &cargo_bin,
        &[
            "tree",
            "-p",
            "authing",
            "--no-default-features",
            "--features",
            "authentication,rustls-tls",
            "-e",
            "normal",
            "--prefix",
            "none",
        ],
    )?;
    if tree.contains("authing-management") {
        return Err("`authing` with only `authentication` depends on authing-management".into());
    }
    eprintln!("ok: `--no-default-features --features authentication` has no authing-management");
    Ok(())
}

/// Adds the `wasm32-unknown-unknown` target when rustup does not have it.
fn ensure_wasm_target() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"], &[])?;
    }
    Ok(())
}

fn wasm() -> Result {
    ensure_wasm_target()?;
    cargo(
        &[
            "check",
            "-p",
            "authing-authentication",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[],
    )?;
    cargo(
        &[
            "check",
            "-p",
            "authing",
            "--no-default-features",
            "--features",
            "authentication",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[],
    )
}

fn deny() -> Result {
    let have = Command::new("cargo")
        .args(["deny", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        cargo(&["install", "cargo-deny", "--locked"], &[])?;
    }
    // The advisory database cannot be fetched from CI's network; bans, licenses and
    // sources are checked offline.
    cargo(&["deny", "check", "bans", "licenses", "sources"], &[])
}

fn bench(args: &[String]) -> Result {
    let mut cmd = vec!["run", "--release", "-p", "authing-benches", "--"];
    if let Some(name) = args.first() {
        cmd.push(name.as_str());
    }
    cargo(&cmd, &[])
}
