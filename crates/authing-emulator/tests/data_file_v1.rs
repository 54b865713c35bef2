//! A version-1 data file (written by the emulator before the store was split by domain,
//! checked in as `tests/fixtures/v1.json`) loads, migrated, with its users, roles,
//! policies, assignments and custom data; saving writes version 2, which loads again.

mod common;

use std::path::{Path, PathBuf};

use authing_emulator::Emulator;
use serde_json::{Value, json};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1.json");
const ALICE: &str = "a27b62520e803e1dc473638b";
const EDITOR_ROLE: &str = "760915840b3a89bd5e969427";

fn temp_copy() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = std::env::temp_dir().join(format!(
        "authing-emu-v1-{}-{nanos}.json",
        std::process::id()
    ));
    std::fs::copy(FIXTURE, &path).unwrap();
    path
}

async fn start(path: &Path) -> common::T {
    let emu = Emulator::builder()
        .data_file(path.to_path_buf())
        .start()
        .await
        .unwrap();
    common::T {
        key: rsa::pkcs8::DecodePublicKey::from_public_key_pem(emu.public_key_pem()).unwrap(),
        emu,
        http: reqwest::Client::new(),
    }
}

/// What the fixture holds, checked through the API.
async fn check_contents(t: &common::T) {
    assert_eq!(t.emu.user_pool_id(), "5f0000000000000000000001");
    assert_eq!(t.emu.secret(), "fixture-secret");
    let admin = t.admin().await;

    let d = t
        .ok(
            "{ users { totalCount list { username } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["users"]["totalCount"], 2);
    assert_eq!(
        d["users"]["list"],
        json!([{"username": "bob"}, {"username": "alice"}])
    );

    let d = t
        .ok(
            "{ findUser(email: \"ALICE@example.com\") { id username email phone nickname \
             roles { list { code } } customData { key value dataType label } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    let alice = &d["findUser"];
    assert_eq!(alice["id"], ALICE);
    assert_eq!(alice["username"], "alice");
    assert_eq!(alice["email"], "alice@example.com");
    assert_eq!(alice["phone"], "13800000001");
    assert_eq!(alice["nickname"], "Al");
    assert_eq!(alice["roles"]["list"], json!([{"code": "editor"}]));
    assert_eq!(
        alice["customData"],
        json!([
            {"key": "age", "value": "30", "dataType": "NUMBER", "label": "Age"},
            {"key": "city", "value": "Paris", "dataType": "STRING", "label": "City"},
        ])
    );

    let d = t
        .ok(
            "{ findUser(externalId: \"ext-bob\") { id identities { provider userIdInIdp } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["findUser"]["identities"],
        json!([{"provider": "github", "userIdInIdp": "gh-1"}])
    );
    let bob = d["findUser"]["id"].as_str().unwrap().to_string();

    let d = t
        .ok(
            "{ role(code: \"editor\") { id parent { code } users { totalCount } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["role"]["id"], EDITOR_ROLE);
    assert_eq!(d["role"]["parent"]["code"], "admin");
    assert_eq!(d["role"]["users"]["totalCount"], 2);
    let d = t
        .ok(
            "query($id: String!) { udv(targetType: ROLE, targetId: $id) { key value } }",
            json!({"id": EDITOR_ROLE}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["udv"], json!([{"key": "level", "value": "3"}]));

    let d = t
        .ok(
            "{ policy(code: \"books-ro\") { description assignmentsCount \
             statements { resource actions effect condition { param operator value } } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["policy"]["description"], "read books");
    assert_eq!(d["policy"]["assignmentsCount"], 1);
    assert_eq!(
        d["policy"]["statements"],
        json!([
            {"resource": "books:*", "actions": ["books:read"], "effect": "ALLOW", "condition": null},
            {"resource": "books:secret", "actions": ["*"], "effect": "DENY",
             "condition": [{"param": "ip", "operator": "eq", "value": {"x": 1}}]},
        ])
    );
    let allowed = |resource: &str, action: &str, user: &str| {
        let (resource, action, user) = (resource.to_string(), action.to_string(), user.to_string());
        let admin = admin.clone();
        async move {
            t.ok(
                "query($r: String!, $a: String!, $u: String!) { isActionAllowed(resource: $r, action: $a, userId: $u) }",
                json!({"r": resource, "a": action, "u": user}),
                Some(&admin),
            )
            .await["isActionAllowed"]
                .clone()
        }
    };
    assert_eq!(allowed("books:7", "books:read", ALICE).await, true);
    assert_eq!(allowed("books:secret", "books:read", ALICE).await, false);
    // bob's direct grant is stored disabled
    assert_eq!(allowed("books:1", "write", &bob).await, false);
    let d = t
        .ok(
            "{ policyAssignments(code: \"allow:books:1:write\") { totalCount list { targetType targetIdentifier } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["policyAssignments"],
        json!({"totalCount": 1, "list": [{"targetType": "USER", "targetIdentifier": bob}]})
    );

    // the password hash survived, and the uniqueness indexes were rebuilt
    let d = t
        .ok(
            "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id } }",
            json!({"i": {"username": "alice", "password": t.enc("pw-alice")}}),
            None,
        )
        .await;
    assert_eq!(d["loginByUsername"]["id"], ALICE);
    let v = t
        .gql(
            "mutation($i: RegisterByEmailInput!) { registerByEmail(input: $i) { id } }",
            json!({"i": {"email": "Alice@example.com", "password": t.enc("x")}}),
            None,
        )
        .await;
    assert_eq!(common::authing_code(&v), Some(2026));
}

#[tokio::test]
async fn version_1_file_loads_and_is_saved_as_version_2() {
    let path = temp_copy();
    let t = start(&path).await;
    check_contents(&t).await;
    t.emu.stop().await.unwrap();

    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["format"], "authing-emulator");
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["users"].as_array().map(Vec::len), Some(2));
    assert_eq!(saved["revokedTokens"], json!(["ed593c478e9b6ad0"]));

    let t = start(&path).await;
    check_contents(&t).await;
    drop(t);
    let _ = std::fs::remove_file(&path);
}
