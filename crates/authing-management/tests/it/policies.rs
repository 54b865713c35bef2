//! `client.policies()`.

use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

fn policy_json(code: &str) -> Value {
    json!({
        "namespace": "default",
        "code": code,
        "isDefault": false,
        "description": "Read books",
        "statements": [
            {"resource": "books:*", "actions": ["books:read"], "effect": "ALLOW", "condition": null},
            {"resource": "books:1", "actions": ["books:delete"], "effect": "DENY",
             "condition": [{"param": "AppId", "operator": "StringEquals", "value": ["a1"]}]},
            {"resource": "books:2", "actions": ["books:x"], "effect": "MAYBE"}
        ],
        "createdAt": "2021-03-11T20:52:50+08:00",
        "updatedAt": null,
        "assignmentsCount": 2
    })
}

#[tokio::test]
async fn list_create_detail() {
    let (p, vars) = call(&POLICIES, page(vec![policy_json("p1")]), |c| async move {
        c.policies().list(&ListOptions::default()).await
    })
    .await;
    assert_eq!(vars, json!({"page": 1, "limit": 10}));
    let p = &p.list[0];
    assert_eq!(p.assignments_count, 2);
    assert_eq!(p.statements[0].effect, Some(PolicyEffect::Allow));
    assert_eq!(p.statements[1].effect, Some(PolicyEffect::Deny));
    assert_eq!(
        p.statements[1].condition.as_ref().unwrap()[0].value,
        json!(["a1"])
    );
    assert_eq!(
        p.statements[2].effect,
        Some(PolicyEffect::Unknown("MAYBE".into()))
    );

    let (_, vars) = call(&CREATE_POLICY, policy_json("p1"), |c| async move {
        let statements = [
            PolicyStatement::allow("books:*", ["books:read"]),
            PolicyStatement::deny("books:1", ["books:delete"]),
        ];
        let o = CreatePolicyOptions {
            description: Some("Read books".into()),
            namespace: None,
        };
        c.policies().create("p1", &statements, &o).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"code": "p1", "description": "Read books", "statements": [
            {"resource": "books:*", "actions": ["books:read"], "effect": "ALLOW"},
            {"resource": "books:1", "actions": ["books:delete"], "effect": "DENY"}
        ]})
    );
    let (d, vars) = call(&POLICY, Value::Null, |c| async move {
        c.policies().detail("p1", Some("books")).await
    })
    .await;
    assert!(d.is_none());
    assert_eq!(vars, json!({"code": "p1", "namespace": "books"}));
}

#[tokio::test]
async fn update_delete() {
    let (p, vars) = call(&UPDATE_POLICY, policy_json("p2"), |c| async move {
        let input = UpdatePolicyInput {
            statements: Some(vec![PolicyStatement::allow("books:*", ["books:edit"])]),
            new_code: Some("p2".into()),
            ..Default::default()
        };
        c.policies().update("p1", &input).await
    })
    .await;
    assert_eq!(p.code, "p2");
    assert_eq!(
        vars,
        json!({"code": "p1", "newCode": "p2", "statements": [
            {"resource": "books:*", "actions": ["books:edit"], "effect": "ALLOW"}]})
    );
    let (_, vars) = call(&DELETE_POLICY, ok_message(), |c| async move {
        c.policies().delete("p1", None).await
    })
    .await;
    assert_eq!(vars, json!({"code": "p1"}));
    let (_, vars) = call(&DELETE_POLICIES, ok_message(), |c| async move {
        c.policies().delete_many(["p1", "p2"], Some("books")).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"codeList": ["p1", "p2"], "namespace": "books"})
    );
}

#[tokio::test]
async fn assignments() {
    let (a, vars) = call(
        &POLICY_ASSIGNMENTS,
        page(vec![
            json!({"code": "p1", "targetType": "GROUP", "targetIdentifier": "g1"}),
        ]),
        |c| async move {
            c.policies()
                .list_assignments("p1", &ListOptions::default())
                .await
        },
    )
    .await;
    assert_eq!(vars, json!({"code": "p1", "page": 1, "limit": 10}));
    assert_eq!(a.list[0].target_type, PolicyAssignmentTargetType::Group);
    let (_, vars) = call(&ADD_POLICY_ASSIGNMENTS, ok_message(), |c| async move {
        let o = AssignmentOptions {
            inherit_by_children: Some(true),
            namespace: None,
        };
        c.policies()
            .add_assignments(["p1"], PolicyAssignmentTargetType::Org, ["node1"], &o)
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"policies": ["p1"], "targetType": "ORG", "targetIdentifiers": ["node1"],
               "inheritByChildren": true})
    );
    let (_, vars) = call(&REMOVE_POLICY_ASSIGNMENTS, ok_message(), |c| async move {
        c.policies()
            .remove_assignments(["p1"], PolicyAssignmentTargetType::User, ["u1"], None)
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"policies": ["p1"], "targetType": "USER", "targetIdentifiers": ["u1"]})
    );
    for (op, enable) in [
        (&ENABLE_POLICY_ASSIGNMENT, true),
        (&DISABLE_POLICY_ASSIGNMENT, false),
    ] {
        let (msg, vars) = call(op, ok_message(), |c| async move {
            let p = c.policies();
            if enable {
                p.enable_assignment("p1", PolicyAssignmentTargetType::Role, "editor", Some("ns"))
                    .await
            } else {
                p.disable_assignment("p1", PolicyAssignmentTargetType::Role, "editor", Some("ns"))
                    .await
            }
        })
        .await;
        assert!(msg.is_ok());
        assert_eq!(
            vars,
            json!({"policy": "p1", "targetType": "ROLE", "targetIdentifier": "editor",
                   "namespace": "ns"})
        );
    }
    rejected(|c| async move {
        c.policies()
            .add_assignments(
                ["p1"],
                PolicyAssignmentTargetType::User,
                Vec::<&str>::new(),
                &Default::default(),
            )
            .await
    })
    .await;
}
