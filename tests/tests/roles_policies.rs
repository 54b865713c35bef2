//! `roles()` and `policies()`: CRUD, and assignment round trips from both sides (a
//! role's users and a user's roles; a policy's targets and a target's policies).

use std::collections::HashSet;

use authing::management::{
    AssignmentOptions, CreatePolicyOptions, CreateRoleOptions, CreateUserInput, CreateUserOptions,
    ListOptions, ManagementClient, PolicyAssignmentTargetType as Target_, PolicyStatement,
    UpdatePolicyInput, UpdateRoleInput,
};
use authing_e2e::Target;

async fn user(m: &ManagementClient) -> String {
    let input = CreateUserInput {
        username: Some(Target::unique("ru")),
        ..Default::default()
    };
    m.users()
        .create(&input, &CreateUserOptions::default())
        .await
        .unwrap()
        .id
}

fn codes<T>(list: &[T], f: impl Fn(&T) -> &str) -> HashSet<String> {
    list.iter().map(|x| f(x).to_owned()).collect()
}

#[tokio::test]
async fn role_crud_and_user_assignment_round_trip() {
    let t = Target::start().await;
    let m = t.management();
    let (code, renamed) = (Target::unique("editor"), Target::unique("writer"));
    let opts = CreateRoleOptions {
        description: Some("edits".into()),
        ..Default::default()
    };
    let role = m.roles().create(&code, &opts).await.unwrap();
    assert_eq!(
        (role.code.as_str(), role.description.as_deref()),
        (code.as_str(), Some("edits"))
    );
    let read = m
        .roles()
        .detail(&code, None)
        .await
        .unwrap()
        .expect("role exists");
    assert_eq!(read.id, role.id);
    let listed = m.roles().list(&ListOptions::new(1, 100)).await.unwrap();
    assert!(listed.list.iter().any(|r| r.code == code));

    // users ↔ role, from the role's side and from the user's side
    let (a, b) = (user(&m).await, user(&m).await);
    m.roles().add_users(&code, [&a], None).await.unwrap();
    m.users().add_roles(&b, [&code], None).await.unwrap();
    let members = m
        .roles()
        .list_users(&code, &ListOptions::default())
        .await
        .unwrap();
    assert_eq!(members.total_count, 2);
    assert_eq!(
        codes(&members.list, |u| &u.id),
        HashSet::from([a.clone(), b.clone()])
    );
    for id in [&a, &b] {
        let roles = m.users().list_roles(id, None).await.unwrap();
        assert_eq!(
            codes(&roles.list, |r| &r.code),
            HashSet::from([code.clone()]),
            "{id}"
        );
    }
    m.users().remove_roles(&a, [&code], None).await.unwrap();
    m.roles().remove_users(&code, [&b], None).await.unwrap();
    assert_eq!(
        m.roles()
            .list_users(&code, &ListOptions::default())
            .await
            .unwrap()
            .total_count,
        0
    );
    assert_eq!(m.users().list_roles(&a, None).await.unwrap().total_count, 0);

    // update (description and code), then delete
    let input = UpdateRoleInput {
        description: Some("writes".into()),
        new_code: Some(renamed.clone()),
        ..Default::default()
    };
    let updated = m.roles().update(&code, &input).await.unwrap();
    assert_eq!(
        (updated.code.as_str(), updated.description.as_deref()),
        (renamed.as_str(), Some("writes"))
    );
    assert!(
        m.roles().detail(&code, None).await.unwrap().is_none(),
        "old code gone"
    );
    m.roles().delete(&renamed, None).await.unwrap();
    assert!(m.roles().detail(&renamed, None).await.unwrap().is_none());

    let many: Vec<String> = (0..3).map(|_| Target::unique("bulk")).collect();
    for c in &many {
        m.roles()
            .create(c, &CreateRoleOptions::default())
            .await
            .unwrap();
    }
    m.roles().delete_many(&many, None).await.unwrap();
    for c in &many {
        assert!(
            m.roles().detail(c, None).await.unwrap().is_none(),
            "{c} deleted"
        );
    }
}

#[tokio::test]
async fn roles_in_a_namespace_are_separate() {
    let t = Target::emulator().await;
    let m = t.management();
    let code = "reviewer";
    let ns = CreateRoleOptions {
        namespace: Some("books".into()),
        ..Default::default()
    };
    m.roles()
        .create(code, &CreateRoleOptions::default())
        .await
        .unwrap();
    let in_ns = m.roles().create(code, &ns).await.unwrap();
    assert_eq!(in_ns.namespace, "books");
    // same code twice in one namespace: the emulator's 409 "already exists"
    t.assert_code(m.roles().create(code, &ns).await, 409);
    let books = m
        .roles()
        .list(&ListOptions::new(1, 10).with_namespace("books"))
        .await
        .unwrap();
    assert_eq!(
        codes(&books.list, |r| &r.code),
        HashSet::from([code.to_owned()])
    );
    m.roles().delete(code, Some("books")).await.unwrap();
    assert!(
        m.roles().detail(code, None).await.unwrap().is_some(),
        "default namespace untouched"
    );
    assert!(
        m.roles()
            .detail(code, Some("books"))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn policy_crud_and_assignment_round_trip() {
    let t = Target::start().await;
    let m = t.management();
    let code = Target::unique("books-read");
    let statements = [PolicyStatement::allow(
        "books:*",
        ["books:read", "books:list"],
    )];
    let opts = CreatePolicyOptions {
        description: Some("read books".into()),
        ..Default::default()
    };
    let p = m
        .policies()
        .create(&code, &statements, &opts)
        .await
        .unwrap();
    assert_eq!(p.statements, statements);
    let read = m
        .policies()
        .detail(&code, None)
        .await
        .unwrap()
        .expect("policy exists");
    assert_eq!(
        (read.description.as_deref(), read.statements.len()),
        (Some("read books"), 1)
    );
    assert!(
        m.policies()
            .list(&ListOptions::new(1, 100))
            .await
            .unwrap()
            .list
            .iter()
            .any(|x| x.code == code)
    );

    let updated = m
        .policies()
        .update(
            &code,
            &UpdatePolicyInput {
                statements: Some(vec![PolicyStatement::deny("books:*", ["books:delete"])]),
                description: Some("no deleting".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.statements[0].actions, ["books:delete"]);
    assert_eq!(updated.description.as_deref(), Some("no deleting"));

    // assignments: to a user (both sides), to a role (both sides), generic API
    let (u, role) = (user(&m).await, Target::unique("role"));
    m.roles()
        .create(&role, &CreateRoleOptions::default())
        .await
        .unwrap();
    m.users().add_policies(&u, [&code], None).await.unwrap();
    m.roles().add_policies(&role, [&code], None).await.unwrap();
    let targets = m
        .policies()
        .list_assignments(&code, &ListOptions::default())
        .await
        .unwrap();
    assert_eq!(targets.total_count, 2);
    let got: HashSet<(String, String)> = targets
        .list
        .iter()
        .map(|a| {
            (
                a.target_type.as_str().to_owned(),
                a.target_identifier.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        HashSet::from([("USER".into(), u.clone()), ("ROLE".into(), role.clone())])
    );
    let of_user = m
        .users()
        .list_policies(&u, &ListOptions::default())
        .await
        .unwrap();
    assert_eq!(
        codes(&of_user.list, |a| &a.code),
        HashSet::from([code.clone()])
    );
    let of_role = m
        .roles()
        .list_policies(&role, &ListOptions::default())
        .await
        .unwrap();
    assert_eq!(
        codes(&of_role.list, |a| &a.code),
        HashSet::from([code.clone()])
    );
    assert_eq!(
        m.policies()
            .detail(&code, None)
            .await
            .unwrap()
            .unwrap()
            .assignments_count,
        2
    );

    // The DENY applies to the user through the direct assignment (and the role, which
    // the user does not have): disabling the assignment lifts it, enabling restores it.
    let denied = || async {
        m.acl()
            .is_denied(&u, "books:delete", "books:1", None)
            .await
            .unwrap()
    };
    assert!(denied().await, "the assignment is in force");
    let msg = m
        .policies()
        .disable_assignment(&code, Target_::User, &u, None)
        .await
        .unwrap();
    assert!(msg.is_ok(), "{msg:?}");
    assert!(!denied().await, "a disabled assignment does not count");
    let msg = m
        .policies()
        .enable_assignment(&code, Target_::User, &u, None)
        .await
        .unwrap();
    assert!(msg.is_ok(), "{msg:?}");
    assert!(denied().await, "enabled again");
    // no such assignment
    let stranger = user(&m).await;
    t.assert_code(
        m.policies()
            .disable_assignment(&code, Target_::User, &stranger, None)
            .await,
        404,
    );

    m.users().remove_policies(&u, [&code], None).await.unwrap();
    m.roles()
        .remove_policies(&role, [&code], None)
        .await
        .unwrap();
    assert_eq!(
        m.policies()
            .list_assignments(&code, &ListOptions::default())
            .await
            .unwrap()
            .total_count,
        0
    );

    m.policies()
        .add_assignments([&code], Target_::User, [&u], &AssignmentOptions::default())
        .await
        .unwrap();
    assert_eq!(
        m.users()
            .list_policies(&u, &ListOptions::default())
            .await
            .unwrap()
            .total_count,
        1
    );
    m.policies()
        .remove_assignments([&code], Target_::User, [&u], None)
        .await
        .unwrap();
    assert_eq!(
        m.users()
            .list_policies(&u, &ListOptions::default())
            .await
            .unwrap()
            .total_count,
        0
    );

    // delete one, then several
    m.policies().delete(&code, None).await.unwrap();
    assert!(m.policies().detail(&code, None).await.unwrap().is_none());
    let many: Vec<String> = (0..2).map(|_| Target::unique("pol")).collect();
    for c in &many {
        m.policies()
            .create(c, &statements, &CreatePolicyOptions::default())
            .await
            .unwrap();
    }
    m.policies().delete_many(&many, None).await.unwrap();
    for c in &many {
        assert!(
            m.policies().detail(c, None).await.unwrap().is_none(),
            "{c} deleted"
        );
    }
}
