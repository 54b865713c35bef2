//! One `ManagementClient` shared by 50 tasks on a multi-threaded runtime, before and
//! right after its token expires; 50 end users logging in at once.

use std::collections::HashSet;
use std::time::Duration;

use authing::authentication::LoginOptions;
use authing::management::{
    AllowOptions, CreateRoleOptions, CreateUserInput, CreateUserOptions, ManagementClient,
};
use authing_e2e::Target;
use futures::future::try_join_all;

const TASKS: usize = 50;

/// Creates a user, reads it back, gives it the role, grants it a permission and checks
/// it; returns the user's id.
async fn work(m: ManagementClient, i: usize, role: String) -> authing::Result<String> {
    let name = format!("{}-{i}", Target::unique("c"));
    let input = CreateUserInput {
        username: Some(name.clone()),
        ..Default::default()
    };
    let u = m
        .users()
        .create(&input, &CreateUserOptions::default())
        .await?;
    let read = m.users().detail(&u.id).await?.expect("just created");
    assert_eq!(read.username.as_deref(), Some(name.as_str()));
    m.users().add_roles(&u.id, [&role], None).await?;
    let resource = format!("docs:{i}");
    m.acl()
        .allow(&resource, "docs:read", &AllowOptions::user(&u.id))
        .await?;
    assert!(
        m.acl()
            .is_allowed(&u.id, "docs:read", &resource, None)
            .await?
    );
    assert!(
        !m.acl()
            .is_allowed(&u.id, "docs:read", "docs:other", None)
            .await?
    );
    Ok(u.id)
}

async fn run_all(m: &ManagementClient, role: &str) -> HashSet<String> {
    let handles = (0..TASKS).map(|i| tokio::spawn(work(m.clone(), i, role.to_owned())));
    let ids: Vec<String> = try_join_all(handles)
        .await
        .expect("no task panicked")
        .into_iter()
        .collect::<authing::Result<_>>()
        .expect("every task succeeded");
    let distinct: HashSet<String> = ids.into_iter().collect();
    assert_eq!(distinct.len(), TASKS);
    distinct
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_tasks_share_one_management_client() {
    let t = Target::start_exclusive().await;
    let m = t.management();
    let role = Target::unique("crowd");
    m.roles()
        .create(&role, &CreateRoleOptions::default())
        .await
        .unwrap();

    let mut all = run_all(&m, &role).await;
    // right after the token expired: every task needs a new one at the same moment
    if t.has_emulator_controls().await {
        t.advance_clock(Duration::from_secs(8 * 24 * 3600)).await;
        all.extend(run_all(&m, &role).await);
    }
    let members = m
        .roles()
        .list_users(&role, &authing::management::ListOptions::new(1, 200))
        .await
        .unwrap();
    assert_eq!(members.total_count as usize, all.len());
    let listed: HashSet<String> = members.list.into_iter().map(|u| u.id).collect();
    assert_eq!(listed, all, "every task's user is in the role");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_users_register_and_log_in_at_once() {
    let t = Target::start().await;
    let jobs = (0..TASKS).map(|i| {
        let auth = t.authentication();
        let name = format!("{}-{i}", Target::unique("crowd"));
        tokio::spawn(async move {
            auth.register_by_username(&name, "Secr3t-pw", &Default::default())
                .await?;
            let u = auth
                .login_by_username(&name, "Secr3t-pw", &LoginOptions::default())
                .await?;
            let me = auth.get_current_user().await?;
            assert_eq!(me.id, u.id);
            authing::Result::Ok(u.id)
        })
    });
    let ids: HashSet<String> = try_join_all(jobs)
        .await
        .unwrap()
        .into_iter()
        .collect::<authing::Result<_>>()
        .unwrap();
    assert_eq!(ids.len(), TASKS);
}
