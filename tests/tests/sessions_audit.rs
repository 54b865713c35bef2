//! Sessions, lifecycle, audit logs and principal authentication, end to end: a user
//! kicked (and force-logged-out) whose token then fails, the login status before and
//! after, archived users, the audit entries of what the scenario did and the user's
//! login among the user actions, principal authentication accepted and rejected.

use authing::authentication::LoginOptions;
use authing::management::{
    AuditLogFilter, CreateUserInput, CreateUserOptions, EmailScene, ListOptions, PrincipalInput,
    UserActionFilter,
};
use authing_e2e::{Target, register_and_login};

const PASSWORD: &str = "passw0rd!Sess";

#[tokio::test]
async fn a_kicked_user_token_fails_and_the_login_status_follows() {
    let t = Target::start().await;
    let m = t.management();
    let auth = t.authentication();
    let username = Target::unique("sess");
    let id = register_and_login(&auth, &username, PASSWORD).await;
    auth.get_current_user()
        .await
        .expect("the fresh token works");
    let status = m.users().check_login_status(&id, None, None).await.unwrap();
    assert!(status.is_login, "logged in after login: {status:?}");
    assert_eq!(
        status.user.as_ref().map(|u| u.id.as_str()),
        Some(id.as_str())
    );

    let kicked = m.users().kick([&id]).await.unwrap();
    assert_eq!(kicked.code, Some(200));
    let e = auth.get_current_user().await.unwrap_err();
    assert!(
        e.is_token_invalid() || e.is_token_expired() || e.code() == Some(2020),
        "a kicked token fails: {e:?}"
    );
    let status = m.users().check_login_status(&id, None, None).await.unwrap();
    assert!(!status.is_login, "not logged in after kick: {status:?}");

    // a new login works again, and a forced logout (all apps) ends it too
    auth.login_by_username(&username, PASSWORD, &LoginOptions::default())
        .await
        .unwrap();
    auth.get_current_user().await.expect("the new token works");
    m.users().logout(&id, None).await.unwrap();
    assert!(
        auth.get_current_user().await.is_err(),
        "logged out by the administrator"
    );
    assert!(
        !m.users()
            .check_login_status(&id, None, None)
            .await
            .unwrap()
            .is_login
    );

    t.assert_code(
        m.users()
            .check_login_status("000000000000000000000000", None, None)
            .await,
        2004,
    );

    // the user's login and registration are among the user actions
    let actions = m
        .users()
        .list_user_actions(&UserActionFilter {
            user_ids: vec![id.clone()],
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    if t.in_process().is_some() {
        let names: Vec<_> = actions
            .list
            .iter()
            .filter_map(|a| a.operation_name.as_deref())
            .collect();
        assert!(names.contains(&"loginByUsername"), "{names:?}");
        assert!(names.contains(&"registerByUsername"), "{names:?}");
        assert!(
            actions
                .list
                .iter()
                .all(|a| a.user.as_ref().and_then(|u| u.id.as_deref()) == Some(id.as_str())),
            "only this user's actions: {actions:?}"
        );
    }

    // and the administrator's operations are in the audit log, newest first
    let audit = m
        .audit_logs()
        .list(&AuditLogFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    if t.in_process().is_some() {
        let names: Vec<_> = audit
            .list
            .iter()
            .filter_map(|e| e.operation_name.as_deref())
            .collect();
        let kick = names.iter().position(|n| *n == "POST /api/v2/users/kick");
        let logout = names.iter().position(|n| *n == "GET /logout");
        assert!(
            kick.is_some() && logout.is_some() && logout < kick,
            "{names:?}"
        );
        let only_kicks = m
            .audit_logs()
            .list(&AuditLogFilter {
                operation_names: vec!["POST /api/v2/users/kick".into()],
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(only_kicks.total_count, 1);
    }
}

#[tokio::test]
async fn deleted_users_are_listed_as_archived() {
    let t = Target::start().await;
    let m = t.management();
    let user = m
        .users()
        .create(
            &CreateUserInput {
                username: Some(Target::unique("arch")),
                ..Default::default()
            },
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();
    m.users().delete(&user.id).await.unwrap();
    let page = m
        .users()
        .list_archived_users(&ListOptions::new(1, 50))
        .await
        .unwrap();
    if t.in_process().is_some() {
        assert_eq!(page.total_count, 1);
        assert_eq!(page.list[0].id, user.id);
        assert_eq!(page.list[0].username, user.username);
        let audit = m
            .audit_logs()
            .list(&AuditLogFilter {
                operation_names: vec!["createUser".into(), "deleteUser".into()],
                ..Default::default()
            })
            .await
            .unwrap();
        let names: Vec<_> = audit
            .list
            .iter()
            .filter_map(|e| e.operation_name.clone())
            .collect();
        assert_eq!(names, ["deleteUser", "createUser"]);
    }
}

#[tokio::test]
async fn principal_authentication_accepts_a_valid_person_and_rejects_a_bad_id_card() {
    let t = Target::start().await;
    let m = t.management();
    let user = m
        .users()
        .create(
            &CreateUserInput {
                username: Some(Target::unique("real")),
                ..Default::default()
            },
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();
    let p = m.principal_authentication();
    if t.in_process().is_none() {
        // a real pool would ask an outside service with these numbers
        return;
    }
    assert_eq!(p.detail(&user.id).await.unwrap(), None);
    let bad = PrincipalInput::Person {
        name: "张三".into(),
        id_card: "110105194912310021".into(),
        bank_card: "4111111111111111".into(),
    };
    t.assert_code(p.authenticate(&user.id, &bad).await, 400);
    assert_eq!(
        p.detail(&user.id).await.unwrap(),
        None,
        "a rejected submission is not kept"
    );
    let good = PrincipalInput::Person {
        name: "张三".into(),
        id_card: "11010519491231002X".into(),
        bank_card: "4111111111111111".into(),
    };
    p.authenticate(&user.id, &good).await.unwrap();
    let d = p.detail(&user.id).await.unwrap().expect("recorded");
    assert_eq!(d.kind.as_deref(), Some("P"));
    assert_eq!(d.id_card.as_deref(), Some("**************002X"));
    assert_eq!(d.ext.as_deref(), Some("************1111"));
    t.assert_code(p.detail("000000000000000000000000").await, 2004);
}

#[tokio::test]
async fn password_check_emails_and_first_login_verification() {
    let t = Target::start().await;
    let m = t.management();
    let verdict = m.is_password_valid("long enough password").await.unwrap();
    assert!(verdict.valid, "{verdict:?}");
    let Some(emu) = t.in_process() else {
        return; // a real pool would send real emails
    };
    assert!(!m.is_password_valid("").await.unwrap().valid);
    let email = Target::unique_email();
    let user = m
        .users()
        .create(
            &CreateUserInput {
                email: Some(email.clone()),
                ..Default::default()
            },
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();
    m.send_email(&email, EmailScene::VerifyEmail).await.unwrap();
    assert!(
        emu.latest_code(&email).is_some(),
        "the email is in the outbox"
    );
    t.pass_code_resend_interval().await;
    let sent = m
        .users()
        .send_first_login_verify_email(emu.app_id(), &user.id)
        .await
        .unwrap();
    assert_eq!(sent.message.as_deref(), Some("发送成功"));
    assert_eq!(t.outbox(&email).await.len(), 2);
    t.assert_code(
        m.users()
            .send_first_login_verify_email(emu.app_id(), "000000000000000000000000")
            .await,
        2004,
    );
}
