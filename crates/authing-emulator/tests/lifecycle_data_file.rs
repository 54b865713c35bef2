//! Archived users and principal authentication results survive a restart through the
//! data file, without secrets (no password hash of an archived user).

mod common;

use authing_emulator::Emulator;
use serde_json::{Value, json};

async fn open(path: &std::path::Path) -> common::T {
    let emu = Emulator::builder()
        .data_file(path.to_path_buf())
        .start()
        .await
        .unwrap();
    common::wrap(emu)
}

#[tokio::test]
async fn archive_and_principals_are_kept_in_the_data_file() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = std::env::temp_dir().join(format!(
        "authing-emu-lifecycle-{}-{nanos}.json",
        std::process::id()
    ));
    let principal_path =
        |id: &str| format!("/api/v2/users/{id}/management/principal_authentication");
    let (gone, kept) = {
        let t = open(&path).await;
        let admin = t.admin().await;
        let gone = t
            .create_user(
                &admin,
                json!({"username": "gone", "password": t.enc("passw0rd!")}),
            )
            .await;
        let kept = t.create_user(&admin, json!({"username": "kept"})).await;
        t.ok(
            "mutation($id: String!) { deleteUser(id: $id) { code } }",
            json!({"id": gone}),
            Some(&admin),
        )
        .await;
        let v = t
            .rest_post(
                &principal_path(&kept),
                json!({"type": "P", "name": "张三", "idCard": "11010519491231002X", "ext": "4111111111111111"}),
                Some(&admin),
            )
            .await;
        assert_eq!(v["code"], 200, "{v}");
        (gone, kept)
        // dropped here: saved
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let snap: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(snap["archivedUsers"][0]["id"], gone.as_str());
    assert!(
        snap["archivedUsers"][0]
            .get("passwordHash")
            .is_none_or(Value::is_null),
        "{}",
        snap["archivedUsers"]
    );
    assert!(
        !snap["archivedUsers"].to_string().contains("argon2"),
        "no hash kept"
    );
    assert_eq!(snap["principals"][0]["userId"], kept.as_str());

    let t = open(&path).await;
    let admin = t.admin().await;
    let d = t
        .ok(
            "{ archivedUsers { totalCount list { id username } } }",
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["archivedUsers"]["totalCount"], 1);
    assert_eq!(d["archivedUsers"]["list"][0]["username"], "gone");
    let p = t.rest_get(&principal_path(&kept), Some(&admin)).await;
    assert_eq!(p["data"]["idCard"], "**************002X", "{p}");
    drop(t);
    let _ = std::fs::remove_file(&path);
}
