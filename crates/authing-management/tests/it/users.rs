//! `client.users()`: every method's operation, variables and decoding.

use authing_core::testing::decrypt_with_test_key;
use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

#[tokio::test]
async fn list_decodes_the_readme_user() {
    let (page, vars) = call(&USERS, page(vec![readme_user()]), |c| async move {
        c.users().list(&ListOptions::new(1, 10)).await
    })
    .await;
    assert_eq!(vars, json!({"page": 1, "limit": 10}));
    assert_eq!(page.total_count, 1);
    let u = &page.list[0];
    assert_eq!(u.id, "5f7ddfe62ba819802422362e");
    assert_eq!(u.username.as_deref(), Some("nhxcpzmklk"));
    assert_eq!(
        u.register_source.as_deref(),
        Some(&["import:manual".to_owned()][..])
    );
    assert_eq!(u.email_verified, Some(false));
    assert_eq!(u.logins_count, Some(0));
    assert_eq!(u.gender.as_deref(), Some("U"));
    assert!(u.email.is_none());
    assert!(!format!("{u:?}").contains("a56f21e5659428f9b353be4ed667fc05"));
}

#[tokio::test]
async fn create_encrypts_the_password_and_sends_custom_data() {
    let (user, vars) = call(&CREATE_USER, readme_user(), |c| async move {
        let input = CreateUserInput {
            username: Some("bob".into()),
            password: Some(Sensitive::new("p@ssw0rd!")),
            last_ip: Some("127.0.0.1".into()),
            ..Default::default()
        };
        let options = CreateUserOptions {
            keep_password: true,
            custom_data: [
                ("age".to_owned(), json!(18)),
                ("school".to_owned(), json!("ucla")),
            ]
            .into(),
            ..Default::default()
        };
        c.users().create(&input, &options).await
    })
    .await;
    assert_eq!(user.id, "5f7ddfe62ba819802422362e");
    let encrypted = vars["userInfo"]["password"].as_str().unwrap();
    assert_ne!(encrypted, "p@ssw0rd!");
    assert_eq!(
        decrypt_with_test_key(encrypted).as_deref(),
        Some("p@ssw0rd!")
    );
    let mut vars = vars;
    vars["userInfo"]["password"] = json!("<encrypted>");
    assert_eq!(
        vars,
        json!({
            "userInfo": {"username": "bob", "password": "<encrypted>", "lastIP": "127.0.0.1"},
            "keepPassword": true,
            "resetPasswordOnFirstLogin": false,
            "params": r#"[{"key":"age","value":18},{"key":"school","value":"ucla"}]"#,
        })
    );
}

#[tokio::test]
async fn create_without_password_sends_no_password() {
    let (_, vars) = call(&CREATE_USER, readme_user(), |c| async move {
        let input = CreateUserInput {
            email: Some("bob@example.com".into()),
            ..Default::default()
        };
        c.users()
            .create(&input, &CreateUserOptions::default())
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"userInfo": {"email": "bob@example.com"}, "keepPassword": false,
               "resetPasswordOnFirstLogin": false})
    );
}

#[tokio::test]
async fn update_encrypts_a_new_password() {
    let (_, vars) = call(&UPDATE_USER, readme_user(), |c| async move {
        let input = UpdateUserInput {
            nickname: Some("Nick".into()),
            password: Some(Sensitive::new("n3w-pass")),
            ..Default::default()
        };
        c.users().update("5f7ddfe62ba819802422362e", &input).await
    })
    .await;
    assert_eq!(vars["id"], "5f7ddfe62ba819802422362e");
    assert_eq!(vars["input"]["nickname"], "Nick");
    let pw = vars["input"]["password"].as_str().unwrap();
    assert_eq!(decrypt_with_test_key(pw).as_deref(), Some("n3w-pass"));
    let (_, vars) = call(&UPDATE_USER, readme_user(), |c| async move {
        let input = UpdateUserInput {
            token_expired_at: Some("2020-01-01T00:00:00Z".into()),
            ..Default::default()
        };
        c.users().update("u1", &input).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"id": "u1", "input": {"tokenExpiredAt": "2020-01-01T00:00:00Z"}})
    );
}

#[tokio::test]
async fn detail_returns_the_user_or_none() {
    let mut with_data = readme_user();
    with_data["customData"] =
        json!([{"key": "age", "value": "18", "dataType": "NUMBER", "label": "Age"}]);
    let (user, vars) = call(&USER, with_data, |c| async move {
        c.users().detail("5f7ddfe62ba819802422362e").await
    })
    .await;
    assert_eq!(vars, json!({"id": "5f7ddfe62ba819802422362e"}));
    let user = user.unwrap();
    let custom = user.custom_data.unwrap();
    assert_eq!(custom[0].as_ref().unwrap().decoded(), json!(18));
    let (none, _) = call(&USER, Value::Null, |c| async move {
        c.users().detail("nope").await
    })
    .await;
    assert!(none.is_none());
}

#[tokio::test]
async fn search_sends_default_paging_and_filters() {
    let (found, vars) = call(&SEARCH_USER, page(vec![readme_user()]), |c| async move {
        c.users().search("nhx", &SearchUserOptions::default()).await
    })
    .await;
    assert_eq!(found.list.len(), 1);
    assert_eq!(vars, json!({"query": "nhx", "page": 1, "limit": 10}));
    let (_, vars) = call(&SEARCH_USER, page(vec![]), |c| async move {
        let o = SearchUserOptions {
            page: 2,
            limit: 5,
            fields: Some(vec!["username".into()]),
            role_opts: Some(vec![SearchUserRoleOpt {
                code: "admin".into(),
                namespace: None,
            }]),
            group_opts: Some(vec![SearchUserGroupOpt {
                code: Some("g".into()),
            }]),
            department_opts: Some(vec![SearchUserDepartmentOpt {
                department_id: Some("d".into()),
                include_children_departments: Some(true),
            }]),
        };
        c.users().search("nhx", &o).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"query": "nhx", "page": 2, "limit": 5, "fields": ["username"],
               "roleOpts": [{"code": "admin"}], "groupOpts": [{"code": "g"}],
               "departmentOpts": [{"departmentId": "d", "includeChildrenDepartments": true}]})
    );
}

#[tokio::test]
async fn batch_and_batch_get() {
    let (users, vars) = call(&USER_BATCH, json!([readme_user()]), |c| async move {
        c.users().batch(["a", "b"]).await
    })
    .await;
    assert_eq!(users.len(), 1);
    assert_eq!(vars, json!({"ids": ["a", "b"]}));
    let (_, vars) = call(&USER_BATCH, json!([]), |c| async move {
        c.users().batch_get(["bob"], UserQueryField::Username).await
    })
    .await;
    assert_eq!(vars, json!({"ids": ["bob"], "type": "username"}));
    rejected(|c| async move { c.users().batch((0..81).map(|i| i.to_string())).await }).await;
    rejected(|c| async move { c.users().batch(Vec::<String>::new()).await }).await;
}

#[tokio::test]
async fn delete_and_delete_many() {
    let (msg, vars) = call(&DELETE_USER, ok_message(), |c| async move {
        c.users().delete("u1").await
    })
    .await;
    assert!(msg.is_ok());
    assert_eq!(vars, json!({"id": "u1"}));
    let (_, vars) = call(&DELETE_USERS, ok_message(), |c| async move {
        c.users().delete_many(["u1", "u2"]).await
    })
    .await;
    assert_eq!(vars, json!({"ids": ["u1", "u2"]}));
    rejected(|c| async move { c.users().delete("").await }).await;
}

#[tokio::test]
async fn roles_of_a_user() {
    let (roles, vars) = call(
        &GET_USER_ROLES,
        json!({"roles": page(vec![role_json("editor")])}),
        |c| async move { c.users().list_roles("u1", Some("books")).await },
    )
    .await;
    assert_eq!(vars, json!({"id": "u1", "namespace": "books"}));
    assert_eq!(roles.list[0].code, "editor");
    assert_eq!(roles.list[0].parent.as_ref().unwrap().code, "staff");
    let (_, vars) = call(&ASSIGN_ROLE, ok_message(), |c| async move {
        c.users().add_roles("u1", ["editor", "staff"], None).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"roleCodes": ["editor", "staff"], "userIds": ["u1"]})
    );
    let (_, vars) = call(&REVOKE_ROLE, ok_message(), |c| async move {
        c.users()
            .remove_roles("u1", ["editor"], Some("books"))
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"roleCodes": ["editor"], "userIds": ["u1"], "namespace": "books"})
    );
}

#[tokio::test]
async fn roles_of_an_unknown_user_is_2004() {
    let (server, client) = env().await;
    gql_mock(&GET_USER_ROLES)
        .respond_with(data(&GET_USER_ROLES, Value::Null))
        .mount(&server)
        .await;
    let e = client.users().list_roles("nope", None).await.unwrap_err();
    assert!(e.is_user_not_found(), "{e}");
}

#[tokio::test]
async fn refresh_token_decodes_and_redacts() {
    let (t, vars) = call(
        &REFRESH_TOKEN,
        json!({"token": "eyJhbGciOiJIUzI1NiJ9.e30.user-token", "iat": 1, "exp": 2}),
        |c| async move { c.users().refresh_token("u1").await },
    )
    .await;
    assert_eq!(vars, json!({"id": "u1"}));
    assert_eq!(t.exp, Some(2));
    assert_eq!(
        t.token.as_ref().unwrap().expose(),
        "eyJhbGciOiJIUzI1NiJ9.e30.user-token"
    );
    assert!(!format!("{t:?}").contains("user-token"));
}

/// `refreshToken` is nullable in the schema; `null` is a clear error, not a panic or a
/// confusing type mismatch.
#[tokio::test]
async fn refresh_token_null_is_a_decode_error() {
    let (server, client) = env().await;
    gql_mock(&REFRESH_TOKEN)
        .respond_with(data(&REFRESH_TOKEN, Value::Null))
        .expect(1)
        .mount(&server)
        .await;
    let e = client.users().refresh_token("u1").await.unwrap_err();
    match &e {
        Error::Decode { status, reason, .. } => {
            assert_eq!(*status, 200);
            assert!(reason.contains("refreshToken answered null"), "{reason}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    server.verify().await;
}

/// Policies of a user can be assigned and removed in a namespace.
#[tokio::test]
async fn user_policies_take_a_namespace() {
    let (_, vars) = call(&ADD_POLICY_ASSIGNMENTS, ok_message(), |c| async move {
        c.users().add_policies("u1", ["p1"], Some("books")).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"policies": ["p1"], "targetType": "USER", "targetIdentifiers": ["u1"],
               "namespace": "books"})
    );
    rejected(|c| async move { c.users().add_policies("u1", [""], Some("books")).await }).await;
}

#[tokio::test]
async fn policies_of_a_user_target_user() {
    let assignments = page(vec![
        json!({"code": "p1", "targetType": "USER", "targetIdentifier": "u1"}),
    ]);
    let (p, vars) = call(&POLICY_ASSIGNMENTS, assignments, |c| async move {
        c.users().list_policies("u1", &ListOptions::default()).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"targetType": "USER", "targetIdentifier": "u1", "page": 1, "limit": 10})
    );
    assert_eq!(p.list[0].target_type, PolicyAssignmentTargetType::User);
    let (_, vars) = call(&ADD_POLICY_ASSIGNMENTS, ok_message(), |c| async move {
        c.users().add_policies("u1", ["p1", "p2"], None).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"policies": ["p1", "p2"], "targetType": "USER", "targetIdentifiers": ["u1"]})
    );
    let (_, vars) = call(&REMOVE_POLICY_ASSIGNMENTS, ok_message(), |c| async move {
        c.users().remove_policies("u1", ["p1"], Some("books")).await
    })
    .await;
    assert_eq!(
        vars,
        json!({"policies": ["p1"], "targetType": "USER", "targetIdentifiers": ["u1"],
               "namespace": "books"})
    );
}

#[tokio::test]
async fn exists_and_find() {
    let (found, vars) = call(&IS_USER_EXISTS, json!(true), |c| async move {
        c.users().exists(&UserLookup::username("bob")).await
    })
    .await;
    assert!(found);
    assert_eq!(vars, json!({"username": "bob"}));
    let (user, vars) = call(&FIND_USER, readme_user(), |c| async move {
        let lookup = UserLookup {
            email: Some("bob@example.com".into()),
            external_id: Some("x-1".into()),
            ..Default::default()
        };
        c.users().find(&lookup).await
    })
    .await;
    assert!(user.is_some());
    assert_eq!(
        vars,
        json!({"email": "bob@example.com", "externalId": "x-1"})
    );
    rejected(|c| async move { c.users().exists(&UserLookup::default()).await }).await;
    rejected(|c| async move { c.users().find(&UserLookup::email("  ")).await }).await;
}

#[tokio::test]
async fn api_errors_keep_their_code() {
    let (server, client) = env().await;
    gql_mock(&USER)
        .respond_with(api_error(2004, "用户不存在"))
        .mount(&server)
        .await;
    let e = client.users().detail("u1").await.unwrap_err();
    assert!(e.is_user_not_found());
    assert_eq!(e.code(), Some(2004));
    assert_eq!(e.as_api().unwrap().message, "用户不存在");
}

#[tokio::test]
async fn bad_paging_is_rejected_before_sending() {
    rejected(|c| async move { c.users().list(&ListOptions::new(0, 10)).await }).await;
    rejected(|c| async move { c.users().list(&ListOptions::new(1, 0)).await }).await;
    rejected(|c| async move { c.users().list(&ListOptions::new(1, u32::MAX)).await }).await;
}
