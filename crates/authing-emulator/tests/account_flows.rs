//! Issue 17, account flows over HTTP: first-login reset (1639), forced reset (2058),
//! `loginBySubAccount`, LDAP / AD logins through the directory control, linking and
//! unlinking accounts.

mod common;

use common::authing_code;
use serde_json::{Value, json};

const CREATE_USER: &str = "mutation($u: CreateUserInput!, $r: Boolean) { createUser(userInfo: $u, resetPasswordOnFirstLogin: $r) { id } }";
const LOGIN: &str =
    "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { id token } }";
const FIRST_RESET: &str = "mutation($t: String!, $p: String!) { resetPasswordByFirstLoginToken(token: $t, password: $p) { code message } }";
const FORCE_RESET: &str = "mutation($t: String!, $o: String!, $n: String!) { resetPasswordByForceResetToken(token: $t, oldPassword: $o, newPassword: $n) { code message } }";
const SUB: &str = "mutation($a: String!, $p: String!) { loginBySubAccount(account: $a, password: $p) { id username token loginsCount } }";
const ME: &str =
    "query { user { id username email identities { provider userIdInIdp isSocial } } }";

async fn login_raw(t: &common::T, username: &str, password: &str) -> Value {
    t.gql(
        LOGIN,
        json!({"i": {"username": username, "password": t.enc(password)}}),
        None,
    )
    .await
}

fn err_token(v: &Value) -> String {
    v["errors"][0]["message"]["data"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a reset token in data: {v}"))
        .to_string()
}

#[tokio::test]
async fn first_login_reset_hands_out_a_one_time_token() {
    let t = common::start().await;
    let admin = t.admin().await;
    let d = t
        .ok(
            CREATE_USER,
            json!({"u": {"username": "bob", "password": t.enc("initial-1")}, "r": true}),
            Some(&admin),
        )
        .await;
    let id = d["createUser"]["id"].as_str().unwrap().to_string();

    // a wrong password is still a wrong password (no token handed out)
    assert_eq!(
        authing_code(&login_raw(&t, "bob", "nope").await),
        Some(2333)
    );

    let v = login_raw(&t, "bob", "initial-1").await;
    assert_eq!(authing_code(&v), Some(1639), "{v}");
    assert!(v["data"]["loginByUsername"].is_null());
    let token = err_token(&v);

    // the token is not a login token and a bad token is refused
    let bad = t
        .gql(
            FIRST_RESET,
            json!({"t": "not-a-token", "p": t.enc("x")}),
            None,
        )
        .await;
    assert_eq!(authing_code(&bad), Some(2207));
    // a forced-reset mutation does not accept a first-login token
    let wrong_kind = t
        .gql(
            FORCE_RESET,
            json!({"t": token, "o": t.enc("initial-1"), "n": t.enc("n")}),
            None,
        )
        .await;
    assert_eq!(authing_code(&wrong_kind), Some(2207));

    let d = t
        .ok(
            FIRST_RESET,
            json!({"t": token, "p": t.enc("Brand-new-Pass1")}),
            None,
        )
        .await;
    assert_eq!(d["resetPasswordByFirstLoginToken"]["code"], 200);
    // used once
    let again = t
        .gql(FIRST_RESET, json!({"t": token, "p": t.enc("other")}), None)
        .await;
    assert_eq!(authing_code(&again), Some(2207));

    // the old password no longer works, the new one logs in, and no reset is asked again
    assert_eq!(
        authing_code(&login_raw(&t, "bob", "initial-1").await),
        Some(2333)
    );
    let v = login_raw(&t, "bob", "Brand-new-Pass1").await;
    assert_eq!(v["data"]["loginByUsername"]["id"], json!(id), "{v}");
    assert!(v["data"]["loginByUsername"]["token"].is_string());
    let v = login_raw(&t, "bob", "Brand-new-Pass1").await;
    assert!(v.get("errors").is_none(), "{v}");
}

#[tokio::test]
async fn a_reset_token_expires_after_an_hour() {
    let t = common::start().await;
    let admin = t.admin().await;
    t.ok(
        CREATE_USER,
        json!({"u": {"username": "eve", "password": t.enc("initial-1")}, "r": true}),
        Some(&admin),
    )
    .await;
    let token = err_token(&login_raw(&t, "eve", "initial-1").await);
    t.emu.advance_clock(std::time::Duration::from_secs(3601));
    let v = t
        .gql(FIRST_RESET, json!({"t": token, "p": t.enc("n3w")}), None)
        .await;
    assert_eq!(authing_code(&v), Some(2207));
    // a new login hands out a new token
    let v = login_raw(&t, "eve", "initial-1").await;
    assert_eq!(authing_code(&v), Some(1639));
}

#[tokio::test]
async fn users_created_without_the_flag_log_in_directly() {
    let t = common::start().await;
    let admin = t.admin().await;
    t.ok(
        CREATE_USER,
        json!({"u": {"username": "carl", "password": t.enc("p1")}, "r": false}),
        Some(&admin),
    )
    .await;
    assert!(login_raw(&t, "carl", "p1").await.get("errors").is_none());
}

#[tokio::test]
async fn forced_reset_needs_the_old_password() {
    let t = common::start().await;
    let (id, _) = t.register("dora", "old-pass-1").await;
    // the control: unknown user → 400, known user → 200
    let v = t
        .rest_post(
            "/emulator/v1/users/force-password-reset",
            json!({"userId": "nobody"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 400, "{v}");
    let v = t
        .rest_post(
            "/emulator/v1/users/force-password-reset",
            json!({"userId": id}),
            None,
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");

    let v = login_raw(&t, "dora", "old-pass-1").await;
    assert_eq!(authing_code(&v), Some(2058), "{v}");
    let token = err_token(&v);
    let wrong = t
        .gql(
            FORCE_RESET,
            json!({"t": token, "o": t.enc("not-the-old"), "n": t.enc("new-pass-2")}),
            None,
        )
        .await;
    assert_eq!(authing_code(&wrong), Some(2203));
    // a first-login mutation does not accept a forced-reset token
    let wrong_kind = t
        .gql(FIRST_RESET, json!({"t": token, "p": t.enc("x")}), None)
        .await;
    assert_eq!(authing_code(&wrong_kind), Some(2207));
    let d = t
        .ok(
            FORCE_RESET,
            json!({"t": token, "o": t.enc("old-pass-1"), "n": t.enc("new-pass-2")}),
            None,
        )
        .await;
    assert_eq!(d["resetPasswordByForceResetToken"]["code"], 200);
    assert_eq!(
        authing_code(&login_raw(&t, "dora", "old-pass-1").await),
        Some(2333)
    );
    assert!(
        login_raw(&t, "dora", "new-pass-2")
            .await
            .get("errors")
            .is_none()
    );
}

#[tokio::test]
async fn login_by_sub_account_takes_username_email_or_phone() {
    let t = common::start().await;
    let admin = t.admin().await;
    t.create_user(
        &admin,
        json!({"username": "ops", "email": "ops@example.com", "password": t.enc("Sub-pass1")}),
    )
    .await;
    for account in ["ops", "ops@example.com"] {
        let d = t
            .ok(SUB, json!({"a": account, "p": t.enc("Sub-pass1")}), None)
            .await;
        assert_eq!(d["loginBySubAccount"]["username"], "ops");
        assert!(d["loginBySubAccount"]["token"].is_string());
    }
    let v = t
        .gql(SUB, json!({"a": "ops", "p": t.enc("wrong")}), None)
        .await;
    assert_eq!(authing_code(&v), Some(2333));
    let v = t
        .gql(SUB, json!({"a": "ghost", "p": t.enc("x")}), None)
        .await;
    assert_eq!(authing_code(&v), Some(2004));
    let v = t
        .gql(SUB, json!({"a": "ops", "p": "not-encrypted"}), None)
        .await;
    assert_eq!(authing_code(&v), Some(2016));
}

async fn directory(t: &common::T, body: Value) -> Value {
    t.rest_post("/emulator/v1/directory", body, None).await
}

#[tokio::test]
async fn ldap_login_creates_the_user_once_then_logs_it_in() {
    let t = common::start().await;
    let v = directory(
        &t,
        json!({"kind": "ldap", "username": "alice", "password": "dir-pass", "email": "Alice@Corp.example", "nickname": "Alice"}),
    )
    .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(
        directory(
            &t,
            json!({"kind": "x500", "username": "a", "password": "p"})
        )
        .await["code"],
        400
    );

    // wrong password, unknown account, the other directory: 2333
    for (path, user, pass) in [
        ("/api/v2/ldap/verify-user", "alice", "nope"),
        ("/api/v2/ldap/verify-user", "ghost", "dir-pass"),
        ("/api/v2/ad/verify-user", "alice", "dir-pass"),
    ] {
        let v = t
            .rest_post(path, json!({"username": user, "password": pass}), None)
            .await;
        assert_eq!(v["code"], 2333, "{path} {user}: {v}");
    }
    let v = t
        .rest_post(
            "/api/v2/ldap/verify-user",
            json!({"username": "alice"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 2231, "{v}");

    let first = t
        .rest_post(
            "/api/v2/ldap/verify-user",
            json!({"username": "alice", "password": "dir-pass"}),
            None,
        )
        .await;
    assert_eq!(first["code"], 200, "{first}");
    let u = &first["data"];
    assert_eq!(u["username"], "alice");
    assert_eq!(u["email"], "alice@corp.example");
    assert_eq!(u["nickname"], "Alice");
    assert_eq!(u["loginsCount"], 1);
    assert!(u["password"].is_null());
    let token = u["token"].as_str().expect("a token").to_string();
    let me = t.ok(ME, json!({}), Some(&token)).await;
    assert_eq!(me["user"]["id"], u["id"]);
    assert_eq!(
        me["user"]["identities"],
        json!([{"provider": "ldap", "userIdInIdp": "alice", "isSocial": false}])
    );

    let second = t
        .rest_post(
            "/api/v2/ldap/verify-user",
            json!({"username": "alice", "password": "dir-pass"}),
            None,
        )
        .await;
    assert_eq!(second["data"]["id"], u["id"], "the same user");
    assert_eq!(second["data"]["loginsCount"], 2);
}

#[tokio::test]
async fn ad_login_does_not_take_a_pool_username_that_is_taken() {
    let t = common::start().await;
    let (taken_by, _) = t.register("carol", "pool-pass").await;
    directory(
        &t,
        json!({"kind": "ad", "username": "carol", "password": "ad-pass"}),
    )
    .await;
    let v = t
        .rest_post(
            "/api/v2/ad/verify-user",
            json!({"username": "carol", "password": "ad-pass"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_ne!(v["data"]["id"], json!(taken_by));
    assert!(v["data"]["username"].is_null());
    assert!(v["data"]["token"].is_string());
}

const LINK: &str = "/api/v2/users/link";
const UNLINK: &str = "/api/v2/users/unlink";

#[tokio::test]
async fn linking_moves_identities_and_deletes_the_secondary_account() {
    let t = common::start().await;
    let (primary_id, primary) = t.register("main", "p").await;
    directory(
        &t,
        json!({"kind": "ldap", "username": "m.ldap", "password": "d"}),
    )
    .await;
    let sec = t
        .rest_post(
            "/api/v2/ldap/verify-user",
            json!({"username": "m.ldap", "password": "d"}),
            None,
        )
        .await;
    let secondary = sec["data"]["token"].as_str().unwrap().to_string();
    let secondary_id = sec["data"]["id"].as_str().unwrap().to_string();

    let v = t
        .rest_post(
            LINK,
            json!({"primaryUserToken": primary, "secondaryUserToken": primary}),
            None,
        )
        .await;
    assert_eq!(v["code"], 2213, "{v}");
    let v = t
        .rest_post(
            LINK,
            json!({"primaryUserToken": primary, "secondaryUserToken": "garbage"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 2207, "{v}");
    let v = t
        .rest_post(LINK, json!({"primaryUserToken": primary}), None)
        .await;
    assert_eq!(v["code"], 2231, "{v}");

    let v = t
        .rest_post(
            LINK,
            json!({"primaryUserToken": primary, "secondaryUserToken": secondary}),
            None,
        )
        .await;
    assert_eq!(v, json!({"code": 200, "message": "绑定成功", "data": null}));
    let me = t.ok(ME, json!({}), Some(&primary)).await;
    assert_eq!(me["user"]["id"], json!(primary_id));
    assert_eq!(me["user"]["identities"][0]["provider"], "ldap");
    // the secondary account is gone: its token no longer works
    let v = t.gql(ME, json!({}), Some(&secondary)).await;
    assert_eq!(authing_code(&v), Some(2207), "{v}");
    let admin = t.admin().await;
    let d = t
        .ok(
            "query($id: String) { user(id: $id) { id } }",
            json!({"id": secondary_id}),
            Some(&admin),
        )
        .await;
    assert!(d["user"].is_null());
    // the directory account now logs in as the primary user
    let again = t
        .rest_post(
            "/api/v2/ldap/verify-user",
            json!({"username": "m.ldap", "password": "d"}),
            None,
        )
        .await;
    assert_eq!(again["data"]["id"], json!(primary_id));

    let v = t
        .rest_post(
            UNLINK,
            json!({"primaryUserToken": primary, "provider": "github"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 2219, "{v}");
    let v = t
        .rest_post(
            UNLINK,
            json!({"primaryUserToken": primary, "provider": "ldap"}),
            None,
        )
        .await;
    assert_eq!(v, json!({"code": 200, "message": "解绑成功", "data": null}));
    let me = t.ok(ME, json!({}), Some(&primary)).await;
    assert_eq!(me["user"]["identities"], json!([]));
}

#[tokio::test]
async fn the_handle_twins_of_the_controls() {
    use authing_emulator::{DirectoryAccount, DirectoryKind};
    let t = common::start().await;
    let account =
        DirectoryAccount::new(DirectoryKind::Ad, "h.user", "h-pass").email("h@corp.example");
    assert!(!format!("{account:?}").contains("h-pass"));
    t.emu.add_directory_account(account).unwrap();
    assert!(
        t.emu
            .add_directory_account(DirectoryAccount::new(DirectoryKind::Ldap, " ", "p"))
            .is_err()
    );
    let v = t
        .rest_post(
            "/api/v2/ad/verify-user",
            json!({"username": "h.user", "password": "h-pass"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(v["data"]["email"], "h@corp.example");

    assert!(t.emu.force_password_reset("nobody").is_err());
    let (id, _) = t.register("handle", "p1").await;
    t.emu.force_password_reset(&id).unwrap();
    assert_eq!(
        authing_code(&login_raw(&t, "handle", "p1").await),
        Some(2058)
    );
    // reset clears pending resets and directories
    t.emu.reset();
    let v = t
        .rest_post(
            "/api/v2/ad/verify-user",
            json!({"username": "h.user", "password": "h-pass"}),
            None,
        )
        .await;
    assert_eq!(v["code"], 2333);
}
