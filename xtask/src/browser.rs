//! `cargo xtask browser`: the authentication crate's wasm-bindgen-test suite
//! (`crates/authing-authentication/tests/browser.rs`) in headless Chromium against an
//! emulator started here.
//!
//! 1. Finds Chromium (`$CHROMIUM` or `chromium`/`chromium-browser`/`google-chrome` on
//!    `PATH`), its driver (`$CHROMEDRIVER` or `chromedriver`) and
//!    `wasm-bindgen-test-runner` (`$WASM_BINDGEN_TEST_RUNNER`, `PATH` or
//!    `$CARGO_HOME/bin`) at exactly the `wasm-bindgen` version of Cargo.lock. When one
//!    is missing it prints `SKIPPED: <reason>` and succeeds, except with `CI` set,
//!    where it fails.
//! 2. Starts `authing-emulator --port 0` and reads its JSON start-up line.
//! 3. Builds and runs the suite with the runner as the wasm32 target's runner, the
//!    emulator's url, ids and (throw-away) secret in `AUTHING_BROWSER_*` (read at compile time by the test),
//!    and the crate's `webdriver.json` plus the Chromium binary as WebDriver
//!    capabilities.
//! 4. Stops the emulator.

use std::env;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::{Result, cargo, root};

const CRATE_DIR: &str = "crates/authing-authentication";

/// The emulator process, killed on drop.
struct Emulator(Child);

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_binary(env_var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = env::var_os(env_var).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let mut dirs: Vec<PathBuf> = env::var_os("PATH")
        .map(|p| env::split_paths(&p).collect())
        .unwrap_or_default();
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    dirs.extend(cargo_home.map(|h| h.join("bin")));
    names
        .iter()
        .flat_map(|n| dirs.iter().map(move |d| d.join(n)))
        .find(|p| p.is_file())
}

/// The version of `wasm-bindgen` in Cargo.lock.
pub(crate) fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_string());
            }
        }
    }
    Err("no wasm-bindgen in Cargo.lock".into())
}

/// Chromium, chromedriver and the test runner, or why the suite cannot run.
fn tools() -> std::result::Result<(PathBuf, PathBuf, PathBuf), String> {
    let chromium = find_binary(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    )
    .ok_or("no chromium on PATH (apt-get install chromium)")?;
    let driver = find_binary("CHROMEDRIVER", &["chromedriver"])
        .ok_or("no chromedriver on PATH (apt-get install chromium-driver)")?;
    let version = locked_wasm_bindgen()?;
    let runner = find_binary("WASM_BINDGEN_TEST_RUNNER", &["wasm-bindgen-test-runner"])
        .ok_or_else(|| {
            format!(
                "no wasm-bindgen-test-runner (cargo install wasm-bindgen-cli --version {version})"
            )
        })?;
    let out = Command::new(&runner)
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", runner.display()))?;
    let said = String::from_utf8_lossy(&out.stdout);
    if !said.split_whitespace().any(|w| w == version) {
        return Err(format!(
            "{} is `{}`, Cargo.lock has wasm-bindgen {version} \
             (cargo install wasm-bindgen-cli --version {version} --force)",
            runner.display(),
            said.trim()
        ));
    }
    Ok((chromium, driver, runner))
}

/// Starts the emulator and returns it with its start-up line.
fn start_emulator() -> Result<(Emulator, serde_json::Value)> {
    cargo(&["build", "-p", "authing-emulator"], &[])?;
    let cargo_bin = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = Command::new(cargo_bin)
        .args(["run", "-q", "-p", "authing-emulator", "--", "--port", "0"])
        .env("RUST_LOG", "warn")
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the emulator: {e}"))?;
    let stdout = child.stdout.take().ok_or("no emulator stdout")?;
    let emulator = Emulator(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the emulator's start-up line: {e}"))?;
    let info: serde_json::Value = serde_json::from_str(line.trim())
        .map_err(|e| format!("bad start-up line {line:?}: {e}"))?;
    Ok((emulator, info))
}

/// The crate's `webdriver.json` with Chromium's binary added, written under `target/`.
fn webdriver_json(chromium: &Path) -> Result<PathBuf> {
    let base = std::fs::read_to_string(root().join(CRATE_DIR).join("webdriver.json"))
        .map_err(|e| format!("cannot read {CRATE_DIR}/webdriver.json: {e}"))?;
    let mut caps: serde_json::Value =
        serde_json::from_str(&base).map_err(|e| format!("bad webdriver.json: {e}"))?;
    caps["goog:chromeOptions"]["binary"] = chromium.display().to_string().into();
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    std::fs::create_dir_all(&target).map_err(|e| format!("cannot create target/: {e}"))?;
    let path = target.join("browser-webdriver.json");
    std::fs::write(&path, caps.to_string())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// `cargo xtask browser`.
pub(crate) fn browser() -> Result {
    let (chromium, driver, runner) = match tools() {
        Ok(t) => t,
        Err(reason) if env::var_os("CI").is_none() => {
            println!("SKIPPED: browser suite: {reason}");
            return Ok(());
        }
        Err(reason) => return Err(format!("browser suite cannot run in CI: {reason}")),
    };
    crate::ensure_wasm_target()?;
    let caps = webdriver_json(&chromium)?;
    let (emulator, info) = start_emulator()?;
    let field = |k: &str| -> Result<String> {
        info[k]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no {k} in the emulator's start-up line"))
    };
    let (url, pool, secret, app, key) = (
        field("url")?,
        field("userPoolId")?,
        field("secret")?,
        field("appId")?,
        field("publicKey")?,
    );
    eprintln!("emulator at {url} (pool {pool}, app {app})");
    let runner = runner.display().to_string();
    let driver = driver.display().to_string();
    let caps = caps.display().to_string();
    let result = cargo(
        &[
            "test",
            "-p",
            "authing-authentication",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "browser",
        ],
        &[
            (
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                runner.as_str(),
            ),
            ("CHROMEDRIVER", driver.as_str()),
            ("WASM_BINDGEN_TEST_WEBDRIVER_JSON", caps.as_str()),
            ("WASM_BINDGEN_TEST_TIMEOUT", "90"),
            ("AUTHING_BROWSER_URL", url.as_str()),
            ("AUTHING_BROWSER_USER_POOL_ID", pool.as_str()),
            ("AUTHING_BROWSER_SECRET", secret.as_str()),
            ("AUTHING_BROWSER_APP_ID", app.as_str()),
            ("AUTHING_BROWSER_PUBLIC_KEY", key.as_str()),
        ],
    );
    drop(emulator);
    result
}
