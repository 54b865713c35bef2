//! `acl()`: `allow`, `is_allowed`, `is_denied`, with policies on users and roles;
//! DENY wins over ALLOW; disabled assignments do not count; namespaces are separate.

use authing::management::{
    AllowOptions, CreatePolicyOptions, CreateRoleOptions, CreateUserInput, CreateUserOptions,
    ManagementClient, PolicyAssignmentTargetType, PolicyStatement,
};
use authing_e2e::Target;

async fn user(m: &ManagementClient) -> String {
    let input = CreateUserInput {
        username: Some(Target::unique("acl")),
        ..Default::default()
    };
    m.users()
        .create(&input, &CreateUserOptions::default())
        .await
        .unwrap()
        .id
}

/// `(user, action, resource) → (is_allowed, is_denied)` for every row.
async fn check(m: &ManagementClient, rows: &[(&str, &str, &str, bool, bool)], ns: Option<&str>) {
    for &(user, action, resource, allowed, denied) in rows {
        let got = (
            m.acl()
                .is_allowed(user, action, resource, ns)
                .await
                .unwrap(),
            m.acl().is_denied(user, action, resource, ns).await.unwrap(),
        );
        assert_eq!(
            got,
            (allowed, denied),
            "{action} on {resource} by {user} (ns {ns:?})"
        );
    }
}

#[tokio::test]
async fn allow_then_is_allowed_for_a_user_and_a_role() {
    let t = Target::start().await;
    let m = t.management();
    let (alice, bob, carol) = (user(&m).await, user(&m).await, user(&m).await);
    let role = Target::unique("librarian");
    m.roles()
        .create(&role, &CreateRoleOptions::default())
        .await
        .unwrap();
    m.roles().add_users(&role, [&bob], None).await.unwrap();

    m.acl()
        .allow("books:1", "books:read", &AllowOptions::user(&alice))
        .await
        .unwrap();
    m.acl()
        .allow("books:*", "books:edit", &AllowOptions::role(&role))
        .await
        .unwrap();

    check(
        &m,
        &[
            (&alice, "books:read", "books:1", true, false),
            (&alice, "books:read", "books:2", false, false),
            (&alice, "books:edit", "books:1", false, false),
            (&bob, "books:edit", "books:7", true, false), // through the role
            (&bob, "books:read", "books:1", false, false),
            (&carol, "books:read", "books:1", false, false),
        ],
        None,
    )
    .await;

    // leaving the role takes the permission away
    m.roles().remove_users(&role, [&bob], None).await.unwrap();
    check(&m, &[(&bob, "books:edit", "books:7", false, false)], None).await;

    // allow needs a target; an unknown user is an error, not "false"
    let e = m
        .acl()
        .allow("books:1", "books:read", &AllowOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, authing::Error::InvalidArgument(_)), "{e:?}");
    let e = m
        .acl()
        .is_allowed("000000000000000000000000", "books:read", "books:1", None)
        .await
        .unwrap_err();
    assert!(e.is_user_not_found(), "{e:?}");
}

#[tokio::test]
async fn deny_wins_over_allow() {
    let t = Target::start().await;
    let m = t.management();
    let u = user(&m).await;
    let role = Target::unique("staff");
    let (allow_all, deny_delete) = (Target::unique("allow-all"), Target::unique("deny-delete"));
    m.policies()
        .create(
            &allow_all,
            &[PolicyStatement::allow("orders:*", ["orders:*"])],
            &CreatePolicyOptions::default(),
        )
        .await
        .unwrap();
    m.policies()
        .create(
            &deny_delete,
            &[PolicyStatement::deny("orders:*", ["orders:delete"])],
            &CreatePolicyOptions::default(),
        )
        .await
        .unwrap();
    m.roles()
        .create(&role, &CreateRoleOptions::default())
        .await
        .unwrap();
    m.users().add_roles(&u, [&role], None).await.unwrap();

    // ALLOW on the user: everything on orders
    m.users()
        .add_policies(&u, [&allow_all], None)
        .await
        .unwrap();
    let everything = [
        (u.as_str(), "orders:read", "orders:42", true, false),
        (u.as_str(), "orders:delete", "orders:42", true, false),
    ];
    check(&m, &everything, None).await;

    // DENY through the role overrides the user's ALLOW for that action only
    m.roles()
        .add_policies(&role, [&deny_delete], None)
        .await
        .unwrap();
    let denied = [
        (u.as_str(), "orders:read", "orders:42", true, false),
        (u.as_str(), "orders:delete", "orders:42", false, true),
    ];
    check(&m, &denied, None).await;

    // a disabled assignment does not count; enabling it again restores the DENY
    m.policies()
        .disable_assignment(&deny_delete, PolicyAssignmentTargetType::Role, &role, None)
        .await
        .unwrap();
    check(&m, &everything, None).await;
    m.policies()
        .enable_assignment(&deny_delete, PolicyAssignmentTargetType::Role, &role, None)
        .await
        .unwrap();
    check(&m, &denied, None).await;

    // removing the DENY policy from the role restores the ALLOW
    m.roles()
        .remove_policies(&role, [&deny_delete], None)
        .await
        .unwrap();
    check(&m, &everything, None).await;
}

#[tokio::test]
async fn permissions_are_per_namespace() {
    let t = Target::start().await;
    let m = t.management();
    let u = user(&m).await;
    m.acl()
        .allow(
            "files:1",
            "files:read",
            &AllowOptions::user(&u).with_namespace("drive"),
        )
        .await
        .unwrap();
    check(
        &m,
        &[(&u, "files:read", "files:1", true, false)],
        Some("drive"),
    )
    .await;
    check(&m, &[(&u, "files:read", "files:1", false, false)], None).await;
}
