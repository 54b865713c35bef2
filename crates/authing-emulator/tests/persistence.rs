//! `--data`: state survives a restart, for the library and the binary.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use authing_emulator::Emulator;
use serde_json::{Value, json};

fn temp_file(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "authing-emu-{name}-{}-{nanos}.json",
        std::process::id()
    ))
}

#[tokio::test]
async fn library_restart_keeps_everything() {
    let path = temp_file("lib");
    let (pool, secret, token, uid) = {
        let emu = Emulator::builder()
            .data_file(path.clone())
            .start()
            .await
            .unwrap();
        let t = common::T {
            key: rsa::pkcs8::DecodePublicKey::from_public_key_pem(emu.public_key_pem()).unwrap(),
            emu,
            http: reqwest::Client::new(),
        };
        let admin = t.admin().await;
        let (uid, token) = t.register("keep", "pw").await;
        t.ok(
            "mutation { createRole(code: \"r\") { id } }",
            json!({}),
            Some(&admin),
        )
        .await;
        t.ok(
            "mutation($u: [String!]) { assignRole(roleCode: \"r\", userIds: $u) { code } }",
            json!({"u": [uid]}),
            Some(&admin),
        )
        .await;
        t.ok("mutation { setUdf(targetType: USER, key: \"k\", dataType: NUMBER, label: \"K\") { key } }", json!({}), Some(&admin)).await;
        t.ok("mutation($id: String!) { setUdv(targetType: USER, targetId: $id, key: \"k\", value: \"7\") { key } }", json!({"id": uid}), Some(&admin)).await;
        t.ok("mutation($u: String) { allow(resource: \"books:1\", action: \"read\", userId: $u) { code } }", json!({"u": uid}), Some(&admin)).await;
        (
            t.emu.user_pool_id().to_string(),
            t.emu.secret().to_string(),
            token,
            uid,
        )
        // dropped here: saved
    };
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(snap["format"], "authing-emulator");
    assert_eq!(snap["version"], 2);
    assert!(
        !std::fs::read_to_string(&path).unwrap().contains("\"pw\""),
        "no clear-text password on disk"
    );

    let emu = Emulator::builder()
        .data_file(path.clone())
        .start()
        .await
        .unwrap();
    assert_eq!(emu.user_pool_id(), pool);
    assert_eq!(emu.secret(), secret);
    let t = common::T {
        key: rsa::pkcs8::DecodePublicKey::from_public_key_pem(emu.public_key_pem()).unwrap(),
        emu,
        http: reqwest::Client::new(),
    };
    let admin = t.admin().await;
    assert_eq!(
        t.ok("{ user { id } }", json!({}), Some(&token)).await["user"]["id"],
        uid,
        "old token still valid"
    );
    t.ok(
        "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id } }",
        json!({"i": {"username": "keep", "password": t.enc("pw")}}),
        None,
    )
    .await;
    let d = t.ok("query($id: String) { user(id: $id) { roles { totalCount } customData { key value } } }", json!({"id": uid}), Some(&admin)).await;
    assert_eq!(d["user"]["roles"]["totalCount"], 1);
    assert_eq!(d["user"]["customData"], json!([{"key": "k", "value": "7"}]));
    let d = t.ok("query($u: String!) { isActionAllowed(resource: \"books:1\", action: \"read\", userId: $u) }", json!({"u": uid}), Some(&admin)).await;
    assert_eq!(d["isActionAllowed"], true);
    // a uniqueness index was rebuilt
    let v = t
        .gql(
            "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id } }",
            json!({"i": {"username": "keep", "password": t.enc("x")}}),
            None,
        )
        .await;
    assert_eq!(common::authing_code(&v), Some(2026));
    drop(t);
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn corrupt_data_file_is_a_clear_error() {
    let path = temp_file("bad");
    std::fs::write(&path, "{\"format\": \"authing-emulator\", \"version\": 99}").unwrap();
    let err = Emulator::builder()
        .data_file(path.clone())
        .start()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("not a valid emulator snapshot"),
        "{err}"
    );
    let _ = std::fs::remove_file(&path);
}

fn spawn(data: &PathBuf) -> (std::process::Child, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authing-emulator"))
        .args(["--port", "0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).expect("one JSON line on stdout");
    (child, info)
}

fn interrupt(child: &mut std::process::Child) {
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "clean exit on Ctrl-C: {status}");
}

#[cfg(unix)]
#[tokio::test]
async fn binary_prints_one_json_line_and_saves_on_ctrl_c() {
    use base64::Engine as _;
    let data = temp_file("bin");
    let (mut child, info) = spawn(&data);
    for k in ["url", "userPoolId", "secret", "publicKey", "appId"] {
        assert!(info[k].is_string(), "{k} in {info}");
    }
    let url = info["url"].as_str().unwrap().to_string();
    let key: rsa::RsaPublicKey =
        rsa::pkcs8::DecodePublicKey::from_public_key_pem(info["publicKey"].as_str().unwrap())
            .unwrap();
    let enc = |s: &str| {
        base64::engine::general_purpose::STANDARD.encode(
            key.encrypt(&mut rand::thread_rng(), rsa::Pkcs1v15Encrypt, s.as_bytes())
                .unwrap(),
        )
    };
    let http = reqwest::Client::new();
    let v: Value = http
        .post(format!("{url}/graphql/v2"))
        .json(&json!({"query": "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id } }", "variables": {"i": {"username": "persisted", "password": enc("pw")}}}))
        .send().await.unwrap().json().await.unwrap();
    let id = v["data"]["registerByUsername"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    interrupt(&mut child);
    assert!(data.exists(), "data saved at exit");

    let (mut child, info2) = spawn(&data);
    assert_eq!(info2["userPoolId"], info["userPoolId"]);
    let url = info2["url"].as_str().unwrap();
    let v: Value = http
        .post(format!("{url}/graphql/v2"))
        .json(&json!({"query": "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id } }", "variables": {"i": {"username": "persisted", "password": enc("pw")}}}))
        .send().await.unwrap().json().await.unwrap();
    assert_eq!(v["data"]["loginByUsername"]["id"], id, "{v}");
    interrupt(&mut child);
    let _ = std::fs::remove_file(&data);
}
