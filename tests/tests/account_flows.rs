//! Issue 17, account flows and the user's own view, end to end: a first-login reset, a
//! forced reset, linking a directory account to a pool account, LDAP and AD logins
//! through the directory control, and the user's roles, departments, organizations
//! and resources after an admin assigns them.

use authing::authentication::{
    LoginOptions, OrgPathStep, PasswordResetKind, PasswordSecurityLevel, UserLookup,
};
use authing::management::{
    AuthorizeResourceOpt, AuthorizeTarget, CreateNodeOptions, CreateResourceInput,
    CreateRoleOptions, CreateUserInput, CreateUserOptions, ResourceAction, ResourceType,
};
use authing_e2e::{Target, register_and_login, require_controls};
use serde_json::json;

#[tokio::test]
async fn first_login_reset_then_login_with_the_new_password() {
    let t = Target::start().await;
    let m = t.management();
    let username = Target::unique("first");
    let input = CreateUserInput {
        username: Some(username.clone()),
        password: Some("Initial-pass1".into()),
        ..Default::default()
    };
    let options = CreateUserOptions {
        reset_password_on_first_login: true,
        ..Default::default()
    };
    let created = m.users().create(&input, &options).await.unwrap();

    let auth = t.authentication();
    let e = auth
        .login_by_username(&username, "Initial-pass1", &LoginOptions::default())
        .await
        .unwrap_err();
    let step = e
        .password_reset_required()
        .unwrap_or_else(|| panic!("a reset step, got {e:?}"));
    assert_eq!(step.kind, PasswordResetKind::FirstLogin);
    assert!(auth.token().is_none(), "no session before the reset");

    let msg = auth
        .reset_password_by_first_token(step.token.expose(), "Brand-new-Pass1")
        .await
        .unwrap();
    assert!(msg.is_ok());
    // the token works once
    let again = auth
        .reset_password_by_first_token(step.token.expose(), "Other-pass1")
        .await;
    assert!(again.is_err(), "{again:?}");

    t.assert_code(
        auth.login_by_username(&username, "Initial-pass1", &LoginOptions::default())
            .await,
        2333,
    );
    let user = auth
        .login_by_username(&username, "Brand-new-Pass1", &LoginOptions::default())
        .await
        .unwrap();
    assert_eq!(user.id, created.id);
    let level = auth.get_security_level().await.unwrap();
    assert_eq!(level.password, Some(true));
    assert_eq!(
        level.password_security_level,
        Some(i64::from(
            authing::authentication::AuthenticationClient::compute_password_security_level(
                "Brand-new-Pass1"
            )
            .number()
        ))
    );
    assert_eq!(
        PasswordSecurityLevel::from_number(level.password_security_level.unwrap()),
        Some(PasswordSecurityLevel::High)
    );
}

#[tokio::test]
async fn forced_reset_needs_the_old_password() {
    let t = Target::start().await;
    require_controls!(t);
    let auth = t.authentication();
    let username = Target::unique("forced");
    let id = register_and_login(&auth, &username, "Old-pass-1").await;
    t.emulator_control(
        "/emulator/v1/users/force-password-reset",
        json!({"userId": id}),
    )
    .await;
    let other = t.authentication();
    let e = other
        .login_by_username(&username, "Old-pass-1", &LoginOptions::default())
        .await
        .unwrap_err();
    let step = e.password_reset_required().expect("a forced reset step");
    assert_eq!(step.kind, PasswordResetKind::Forced);
    t.assert_code(
        other
            .reset_password_with_force_reset(step.token.expose(), "wrong-old", "New-pass-2")
            .await,
        2203,
    );
    other
        .reset_password_with_force_reset(step.token.expose(), "Old-pass-1", "New-pass-2")
        .await
        .unwrap();
    other
        .login_by_username(&username, "New-pass-2", &LoginOptions::default())
        .await
        .unwrap();
    // the reset ended the sessions started with the old password
    t.assert_code(auth.get_current_user().await, 2207);
}

#[tokio::test]
async fn ldap_and_ad_logins_through_the_directory_and_linking() {
    let t = Target::start().await;
    require_controls!(t);
    let ldap_name = Target::unique("ldap");
    let email = Target::unique_email();
    t.emulator_control(
        "/emulator/v1/directory",
        json!({"kind": "ldap", "username": ldap_name, "password": "dir-pass", "email": email, "nickname": "Dir User"}),
    )
    .await;
    t.emulator_control(
        "/emulator/v1/directory",
        json!({"kind": "ad", "username": ldap_name, "password": "ad-pass"}),
    )
    .await;

    let dir = t.authentication();
    t.assert_code(dir.login_by_ldap(&ldap_name, "wrong").await, 2333);
    let user = dir.login_by_ldap(&ldap_name, "dir-pass").await.unwrap();
    assert_eq!(user.username.as_deref(), Some(ldap_name.as_str()));
    assert_eq!(user.email.as_deref(), Some(email.as_str()));
    assert_eq!(user.nickname.as_deref(), Some("Dir User"));
    assert_eq!(dir.current_user().map(|u| u.id), Some(user.id.clone()));
    let me = dir.get_current_user().await.unwrap();
    assert_eq!(me.identities.as_ref().map(Vec::len), Some(1));
    assert!(
        dir.is_user_exists(&UserLookup::username(&ldap_name))
            .await
            .unwrap()
    );
    // the same directory account logs the same user in
    assert_eq!(
        dir.login_by_ldap(&ldap_name, "dir-pass").await.unwrap().id,
        user.id
    );

    // AD is another directory: another pool user (the username is taken)
    let ad = t.authentication();
    let ad_user = ad.login_by_ad(&ldap_name, "ad-pass").await.unwrap();
    assert_ne!(ad_user.id, user.id);
    assert_eq!(ad_user.username, None);

    // link the AD account into the LDAP one: its identity moves, the account goes
    let primary = dir.token().unwrap();
    let secondary = ad.token().unwrap();
    let linked = dir
        .link_account(primary.expose(), secondary.expose())
        .await
        .unwrap();
    assert!(linked.is_ok());
    let me = dir.get_current_user().await.unwrap();
    let providers: Vec<_> = me
        .identities
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| i.and_then(|i| i.provider))
        .collect();
    assert_eq!(providers, ["ldap", "ad"]);
    t.assert_code(ad.get_current_user().await, 2207);
    let again = t.authentication();
    assert_eq!(
        again.login_by_ad(&ldap_name, "ad-pass").await.unwrap().id,
        user.id
    );

    dir.unlink_account(primary.expose(), "ad").await.unwrap();
    t.assert_code(dir.unlink_account(primary.expose(), "ad").await, 2219);
    assert!(
        !dir.is_user_exists(&UserLookup::username(Target::unique("nobody")))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn sub_account_login() {
    let t = Target::start().await;
    let m = t.management();
    let username = Target::unique("sub");
    let input = CreateUserInput {
        username: Some(username.clone()),
        password: Some("Sub-pass-1".into()),
        ..Default::default()
    };
    let created = m
        .users()
        .create(&input, &CreateUserOptions::default())
        .await
        .unwrap();
    let auth = t.authentication();
    t.assert_code(
        auth.login_by_sub_account(&username, "nope", &LoginOptions::default())
            .await,
        2333,
    );
    let u = auth
        .login_by_sub_account(&username, "Sub-pass-1", &LoginOptions::default())
        .await
        .unwrap();
    assert_eq!(u.id, created.id);
    assert!(auth.token().is_some());
}

#[tokio::test]
async fn the_user_sees_the_roles_departments_and_resources_an_admin_gave() {
    let t = Target::start().await;
    let m = t.management();
    let auth = t.authentication();
    let me = register_and_login(&auth, &Target::unique("viewer"), "p4ss-word").await;

    assert_eq!(auth.list_roles(None).await.unwrap().total_count, 0);
    assert!(auth.list_orgs().await.unwrap().is_empty());

    // a namespace with a resource, a role holding an action on it, the user in the role
    let ns = Target::unique("ns");
    m.acl().create_namespace(&ns, "Books", None).await.unwrap();
    m.acl()
        .create_resource(
            &ns,
            &CreateResourceInput::new("books", ResourceType::Data)
                .with_actions([ResourceAction::new("books:read")]),
        )
        .await
        .unwrap();
    let role = Target::unique("reader");
    let opts = CreateRoleOptions {
        namespace: Some(ns.clone()),
        ..Default::default()
    };
    m.roles().create(&role, &opts).await.unwrap();
    m.roles().add_users(&role, [&me], Some(&ns)).await.unwrap();
    m.acl()
        .authorize_resource(
            &ns,
            "books:*",
            &[
                AuthorizeResourceOpt::new(AuthorizeTarget::Role(role.clone()))
                    .with_actions(["books:read"]),
            ],
        )
        .await
        .unwrap();
    // a company with a department holding the user
    let org = m
        .org()
        .create("Own View Co", Some(&Target::unique("co")), None)
        .await
        .unwrap();
    let dept = m
        .org()
        .create_node(
            &org.id,
            &org.root_node.id,
            "Readers",
            &CreateNodeOptions {
                code: Some(Target::unique("readers")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    m.org().add_members(&dept.id, [&me]).await.unwrap();

    let roles = auth.list_roles(Some(&ns)).await.unwrap();
    assert_eq!(roles.total_count, 1);
    assert_eq!(roles.list[0].code, role);
    assert!(auth.has_role(&role, Some(&ns)).await.unwrap());
    assert!(!auth.has_role("admin", Some(&ns)).await.unwrap());

    let deps = auth.list_departments().await.unwrap();
    assert_eq!(deps.total_count, 1);
    assert_eq!(deps.list[0].department.id, dept.id);

    let res = auth.list_authorized_resources(&ns, None).await.unwrap();
    assert_eq!(res.list.len(), 1, "{res:?}");
    assert_eq!(res.list[0].code, "books:*");
    assert_eq!(
        res.list[0].actions.as_deref(),
        Some(&["books:read".to_string()][..])
    );
    assert!(
        auth.list_authorized_resources(&ns, Some("MENU"))
            .await
            .unwrap()
            .list
            .is_empty()
    );

    let paths = auth.list_orgs().await.unwrap();
    assert_eq!(paths.len(), 1);
    assert!(matches!(&paths[0][0], OrgPathStep::Org(o) if o.id == org.id));
    assert_eq!(paths[0].last().and_then(|s| s.id()), Some(dept.id.as_str()));

    let apps = auth.list_applications(1, 10).await.unwrap();
    assert!(apps.total_count >= 1);
}
