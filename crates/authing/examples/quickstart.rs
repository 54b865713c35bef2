//! The story of the Authing SDK README, end to end:
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! By default it starts a local Authing emulator in this process, so it needs no
//! account. To run the same story against your own user pool, set
//! `AUTHING_USERPOOL_ID` and `AUTHING_SECRET` (and, for a private deployment or an
//! emulator started with its binary, `AUTHING_HOST` and `AUTHING_PUBLIC_KEY`). Everything
//! it creates there (two users, a role, a policy, a custom field) is deleted at the end.
//!
//! The pool secret and the tokens are never printed: only their length and expiry.

use std::error::Error;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authing::authentication::{AuthenticationClient, LoginOptions, RegisterOptions, UpdateProfile};
use authing::management::{
    AllowOptions, CreatePolicyOptions, CreateRoleOptions, CreateUserInput, CreateUserOptions,
    ListOptions, ManagementClient, PolicyStatement, UdfDataType, UdfTargetType,
};

type Res<T = ()> = Result<T, Box<dyn Error>>;

/// Where the story runs: host, pool, secret, public key (and the emulator kept alive).
pub(crate) struct Pool {
    pub(crate) host: String,
    pub(crate) user_pool_id: String,
    /// Never printed (`Sensitive` redacts itself in `Debug`).
    pub(crate) secret: authing::models::Sensitive,
    pub(crate) public_key: Option<String>,
    pub(crate) _emulator: Option<authing_emulator::Emulator>,
}

/// Everything the story prints, also kept when [`capture`] was called (the test of
/// the quickstart's promises reads it).
static CAPTURED: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Starts keeping what the story prints.
#[allow(dead_code)] // used by tests/quickstart.rs
pub(crate) fn capture() {
    *CAPTURED.lock().unwrap_or_else(|e| e.into_inner()) = Some(String::new());
}

/// What the story printed since [`capture`].
#[allow(dead_code)] // used by tests/quickstart.rs
pub(crate) fn captured() -> String {
    CAPTURED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default()
}

fn emit(line: String) {
    println!("{line}");
    if let Some(out) = CAPTURED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        out.push_str(&line);
        out.push('\n');
    }
}

macro_rules! say {
    ($($t:tt)*) => { emit(format!($($t)*)) };
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

async fn pool() -> Res<Pool> {
    if let (Some(user_pool_id), Some(secret)) = (env("AUTHING_USERPOOL_ID"), env("AUTHING_SECRET"))
    {
        let host = env("AUTHING_HOST").unwrap_or_else(|| authing::DEFAULT_HOST.to_owned());
        println!(
            "Target: your user pool {user_pool_id} at {host} (from AUTHING_USERPOOL_ID / AUTHING_SECRET)"
        );
        return Ok(Pool {
            host,
            user_pool_id,
            secret: secret.into(),
            public_key: env("AUTHING_PUBLIC_KEY"),
            _emulator: None,
        });
    }
    let emu = authing_emulator::Emulator::builder().start().await?;
    println!(
        "Target: an Authing emulator started in this process at {}",
        emu.url()
    );
    println!(
        "        (set AUTHING_USERPOOL_ID and AUTHING_SECRET to run against your own user pool)"
    );
    Ok(Pool {
        host: emu.url().to_owned(),
        user_pool_id: emu.user_pool_id().to_owned(),
        secret: emu.secret().into(),
        public_key: Some(emu.public_key_pem().to_owned()),
        _emulator: Some(emu),
    })
}

/// `name-<seconds><millis>`: unique enough not to collide in a shared pool.
fn unique(name: &str) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{name}-{}{:03}",
        now.as_secs() % 1_000_000,
        now.subsec_millis()
    )
}

/// "312 characters, valid for 15 days" — never the token itself.
fn describe_token(len: usize, expires_at: Option<SystemTime>) -> String {
    let validity = match expires_at.map(|t| t.duration_since(SystemTime::now())) {
        Some(Ok(left)) if left >= Duration::from_secs(2 * 86_400) => {
            format!("valid for {} days", (left.as_secs() + 43_200) / 86_400)
        }
        Some(Ok(left)) => format!("valid for {} minutes", left.as_secs() / 60),
        Some(Err(_)) => "expired".to_owned(),
        None => "expiry unknown".to_owned(),
    };
    format!("{len} characters, {validity}")
}

fn step(what: &str, result: impl std::fmt::Display) {
    say!("  {what:<44} → {result}");
}

#[tokio::main]
async fn main() -> Res {
    println!("authing-rs quickstart\n");
    let pool = pool().await?;
    let result = story(&pool).await;
    if let Err(e) = &result {
        let code = e
            .downcast_ref::<authing::Error>()
            .and_then(authing::Error::code);
        if code == Some(authing::codes::PASSWORD_DECRYPT_FAILED) {
            eprintln!(
                "\nThe server could not decrypt the password: it uses another key than the SDK's \
                 default. Set AUTHING_PUBLIC_KEY to its public key (PEM; an emulator started \
                 with its binary prints it as `publicKey`)."
            );
        }
    }
    result
}

/// The codes of every policy of the pool.
async fn policy_codes(admin: &ManagementClient) -> Res<Vec<String>> {
    use authing::futures_util::TryStreamExt;
    let all = admin
        .policies()
        .list_stream(&ListOptions::new(1, 100))
        .map_ok(|p| p.code)
        .try_collect()
        .await?;
    Ok(all)
}

pub(crate) async fn story(pool: &Pool) -> Res {
    // ---------------------------------------------------------------- management
    // Create the management client once and share it (it is Clone + Send + Sync).
    let mut builder = ManagementClient::builder()
        .host(pool.host.clone())
        .user_pool_id(pool.user_pool_id.clone())
        .secret(pool.secret.expose());
    if let Some(pem) = &pool.public_key {
        builder = builder.public_key(pem.clone());
    }
    let admin = builder.build()?;
    say!("\nManagementClient (acts as the pool administrator)");

    let page = admin.users().list(&ListOptions::new(1, 10)).await?;
    step(
        "users().list(&ListOptions::new(1, 10))",
        format!(
            "{} users in the pool, {} on this page",
            page.total_count,
            page.list.len()
        ),
    );

    let (username, password) = (unique("quickstart-bob"), "Quickstart-pw1");
    let bob = admin
        .users()
        .create(
            &CreateUserInput {
                username: Some(username.clone()),
                password: Some(password.to_owned().into()),
                nickname: Some("Bob".into()),
                ..Default::default()
            },
            &CreateUserOptions::default(),
        )
        .await?;
    step(
        "users().create(..)",
        format!("user {username} (id {})", bob.id),
    );

    let role = unique("quickstart-editor");
    admin
        .roles()
        .create(
            &role,
            &CreateRoleOptions {
                description: Some("edits books".into()),
                ..Default::default()
            },
        )
        .await?;
    step("roles().create(..)", format!("role {role}"));

    let policy = unique("quickstart-books");
    let statements = [
        PolicyStatement::allow("books:*", ["books:read", "books:edit"]),
        PolicyStatement::deny("books:*", ["books:delete"]),
    ];
    admin
        .policies()
        .create(&policy, &statements, &CreatePolicyOptions::default())
        .await?;
    step(
        "policies().create(..)",
        format!("policy {policy}: ALLOW read+edit, DENY delete on books:*"),
    );

    admin.users().add_roles(&bob.id, [&role], None).await?;
    admin.roles().add_policies(&role, [&policy], None).await?;
    let roles = admin.users().list_roles(&bob.id, None).await?;
    let codes: Vec<&str> = roles.list.iter().map(|r| r.code.as_str()).collect();
    step(
        "users().add_roles(bob, [role])",
        format!("bob's roles: {codes:?}"),
    );
    let of_role = admin
        .roles()
        .list_policies(&role, &ListOptions::default())
        .await?;
    step(
        "roles().add_policies(role, [policy])",
        format!("{} policy assigned to the role", of_role.total_count),
    );

    // `allow` records the grant as a policy of its own: note which, to delete it later.
    let policies_before = policy_codes(&admin).await?;
    admin
        .acl()
        .allow("reports:2024", "reports:read", &AllowOptions::user(&bob.id))
        .await?;
    let grant_policies: Vec<String> = policy_codes(&admin)
        .await?
        .into_iter()
        .filter(|c| !policies_before.contains(c))
        .collect();
    step("acl().allow(reports:2024, read, bob)", "granted");
    for (action, resource) in [
        ("reports:read", "reports:2024"),
        ("reports:read", "reports:2023"),
        ("books:edit", "books:42"),
        ("books:delete", "books:42"),
    ] {
        let allowed = admin
            .acl()
            .is_allowed(&bob.id, action, resource, None)
            .await?;
        step(&format!("acl().is_allowed({action}, {resource})"), allowed);
    }

    // ---------------------------------------------------------------- authentication
    // One authentication client per end user (it holds that user's session).
    let mut builder = AuthenticationClient::builder()
        .host(pool.host.clone())
        .user_pool_id(pool.user_pool_id.clone());
    if let Some(pem) = &pool.public_key {
        builder = builder.public_key(pem.clone());
    }
    let auth = builder.build()?;
    say!("\nAuthenticationClient (acts as one end user)");

    let alice_name = unique("quickstart-alice");
    let alice = auth
        .register_by_username(&alice_name, password, &RegisterOptions::default())
        .await?;
    step(
        "register_by_username(..)",
        format!("user {alice_name} (id {})", alice.id),
    );

    auth.login_by_username(&alice_name, password, &LoginOptions::default())
        .await?;
    let token_len = auth.token().map_or(0, |t| t.expose().len());
    step(
        "login_by_username(..)",
        format!(
            "logged in; token {}",
            describe_token(token_len, auth.token_expires_at())
        ),
    );

    let me = auth.get_current_user().await?;
    step(
        "get_current_user()",
        format!(
            "{} (logins: {})",
            me.username.as_deref().unwrap_or("?"),
            me.logins_count.unwrap_or(0)
        ),
    );

    let me = auth
        .update_profile(&UpdateProfile {
            nickname: Some("Nick".into()),
            ..Default::default()
        })
        .await?;
    step(
        "update_profile(nickname)",
        format!("nickname = {:?}", me.nickname.as_deref().unwrap_or("")),
    );

    // Custom data needs a field the administrator defined first.
    admin
        .udf()
        .set(UdfTargetType::User, "school", UdfDataType::String, "School")
        .await?;
    auth.set_udv("school", "ucla").await?;
    let data = auth.udv().await?;
    let shown: Vec<String> = data
        .iter()
        .map(|d| format!("{} = {}", d.key, d.value))
        .collect();
    step("set_udv(school, ucla) + udv()", shown.join(", "));

    let refreshed = auth.refresh_token().await?;
    let new_len = refreshed.token.as_ref().map_or(0, |t| t.expose().len());
    step(
        "refresh_token()",
        format!(
            "new token {}",
            describe_token(new_len, auth.token_expires_at())
        ),
    );

    let status = auth.check_login_status(None).await?;
    step(
        "check_login_status()",
        format!(
            "logged in: {} (code {})",
            status.status.unwrap_or(false),
            status.code.unwrap_or_default()
        ),
    );

    let last_token = auth
        .token()
        .map(|t| t.expose().to_owned())
        .unwrap_or_default();
    auth.logout().await?;
    let after = auth.check_login_status(Some(&last_token)).await?;
    step(
        "logout()",
        format!(
            "session cleared: {}; server still accepts the old token: {}",
            auth.token().is_none(),
            after.status.unwrap_or(false)
        ),
    );

    // ---------------------------------------------------------------- clean up
    admin.policies().delete(&policy, None).await?;
    for code in &grant_policies {
        admin.policies().delete(code, None).await?;
    }
    admin.roles().delete(&role, None).await?;
    admin.users().delete_many([&bob.id, &alice.id]).await?;
    admin.udf().remove(UdfTargetType::User, "school").await?;
    say!(
        "\nCleaned up: deleted the 2 users, the role, the policies (its own and the one allow() made) and the custom field."
    );
    Ok(())
}
