//! The quickstart's promises, asserted: it runs its whole story against an emulator,
//! never prints the pool secret, the JWT secret or a token, and deletes everything it
//! created.

#![cfg(all(feature = "management", feature = "authentication"))]

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use authing::management::{ListOptions, ManagementClient};
use authing::models::UdfTargetType;

async fn counts(admin: &ManagementClient) -> (i64, i64, i64, usize) {
    let all = ListOptions::new(1, 100);
    (
        admin.users().list(&all).await.unwrap().total_count,
        admin.roles().list(&all).await.unwrap().total_count,
        admin.policies().list(&all).await.unwrap().total_count,
        admin.udf().list(UdfTargetType::User).await.unwrap().len(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quickstart_keeps_its_promises() {
    let emu = authing_emulator::Emulator::builder().start().await.unwrap();
    let admin = ManagementClient::builder()
        .host(emu.url())
        .user_pool_id(emu.user_pool_id())
        .secret(emu.secret())
        .public_key(emu.public_key_pem())
        .build()
        .unwrap();
    let before = counts(&admin).await;
    let pool = quickstart::Pool {
        host: emu.url().to_owned(),
        user_pool_id: emu.user_pool_id().to_owned(),
        secret: emu.secret().into(),
        public_key: Some(emu.public_key_pem().to_owned()),
        _emulator: None,
    };
    quickstart::capture();
    quickstart::story(&pool).await.unwrap();
    let out = quickstart::captured();

    // It told the whole story.
    for step in ["users().list", "acl().is_allowed", "logout()", "Cleaned up"] {
        assert!(out.contains(step), "{step} missing from:\n{out}");
    }
    // "It never prints the secret or a token."
    assert!(!out.contains(emu.secret()), "the pool secret was printed");
    assert!(
        !out.contains(emu.jwt_secret()),
        "the JWT secret was printed"
    );
    assert!(!out.contains("eyJ"), "a token was printed:\n{out}");
    // "... and deletes what it created."
    assert_eq!(counts(&admin).await, before, "the story left things behind");
}
