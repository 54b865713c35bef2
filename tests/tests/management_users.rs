//! `ManagementClient::users()` and `userpool()`: create, read back, update, search,
//! find, exists, batch, delete, paging, per-user tokens, duplicate identifiers.

use std::collections::HashSet;

use authing::management::{
    CreateUserInput, CreateUserOptions, ListOptions, SearchUserOptions, UdfDataType, UdfTargetType,
    UpdateUserInput, UserLookup, UserQueryField,
};
use authing::{Error, codes};
use authing_e2e::Target;

fn new_user(username: &str, email: &str, phone: &str) -> CreateUserInput {
    CreateUserInput {
        username: Some(username.into()),
        email: Some(email.into()),
        phone: Some(phone.into()),
        password: Some("Passw0rd!".to_owned().into()),
        nickname: Some("Created".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn user_round_trip_create_read_update_search_find_delete() {
    let t = Target::start().await;
    let m = t.management();
    let (name, email, phone) = (
        Target::unique("u"),
        Target::unique_email(),
        Target::unique_phone(),
    );

    let created = m
        .users()
        .create(
            &new_user(&name, &email, &phone),
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(created.username.as_deref(), Some(name.as_str()));
    assert!(
        created.password.is_none(),
        "the password hash is never returned"
    );

    // read back by id, by each identifier, and in batches
    let read = m
        .users()
        .detail(&created.id)
        .await
        .unwrap()
        .expect("exists");
    assert_eq!(
        (
            read.email.as_deref(),
            read.phone.as_deref(),
            read.nickname.as_deref()
        ),
        (Some(email.as_str()), Some(phone.as_str()), Some("Created"))
    );
    for lookup in [
        UserLookup::username(&name),
        UserLookup::email(&email),
        UserLookup::phone(&phone),
    ] {
        assert!(m.users().exists(&lookup).await.unwrap(), "{lookup:?}");
        let found = m.users().find(&lookup).await.unwrap().expect("found");
        assert_eq!(found.id, created.id, "{lookup:?}");
    }
    assert!(
        !m.users()
            .exists(&UserLookup::username(Target::unique("nobody")))
            .await
            .unwrap()
    );
    assert!(
        m.users()
            .find(&UserLookup::email(Target::unique_email()))
            .await
            .unwrap()
            .is_none()
    );

    let batch = m.users().batch([&created.id]).await.unwrap();
    assert_eq!(
        batch.iter().map(|u| &u.id).collect::<Vec<_>>(),
        [&created.id]
    );
    let by_name = m
        .users()
        .batch_get([&name], UserQueryField::Username)
        .await
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].id, created.id);

    let hits = m
        .users()
        .search(&name, &SearchUserOptions::default())
        .await
        .unwrap();
    assert!(
        hits.list.iter().any(|u| u.id == created.id),
        "search finds {name}"
    );

    // update, then read back
    let updated = m
        .users()
        .update(
            &created.id,
            &UpdateUserInput {
                nickname: Some("Renamed".into()),
                company: Some("Acme".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.nickname.as_deref(), Some("Renamed"));
    let read = m.users().detail(&created.id).await.unwrap().unwrap();
    assert_eq!(
        (read.nickname.as_deref(), read.company.as_deref()),
        (Some("Renamed"), Some("Acme"))
    );

    // a password set by the administrator works for logging in
    m.users()
        .update(
            &created.id,
            &UpdateUserInput {
                password: Some("N3w-pass!".to_owned().into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let auth = t.authentication();
    let me = auth
        .login_by_username(&name, "N3w-pass!", &Default::default())
        .await
        .unwrap();
    assert_eq!(me.id, created.id);

    // delete one, then several
    m.users().delete(&created.id).await.unwrap();
    assert!(m.users().detail(&created.id).await.unwrap().is_none());
    assert!(
        !m.users()
            .exists(&UserLookup::username(&name))
            .await
            .unwrap()
    );

    let mut ids = Vec::new();
    for _ in 0..3 {
        let u = CreateUserInput {
            username: Some(Target::unique("d")),
            ..Default::default()
        };
        ids.push(
            m.users()
                .create(&u, &CreateUserOptions::default())
                .await
                .unwrap()
                .id,
        );
    }
    m.users().delete_many(&ids).await.unwrap();
    for id in &ids {
        assert!(
            m.users().detail(id).await.unwrap().is_none(),
            "{id} deleted"
        );
    }
}

#[tokio::test]
async fn duplicate_identifiers_are_user_exists_errors() {
    let t = Target::start().await;
    let m = t.management();
    let auth = t.authentication();
    let (name, email, phone) = (
        Target::unique("dup"),
        Target::unique_email(),
        Target::unique_phone(),
    );
    m.users()
        .create(
            &new_user(&name, &email, &phone),
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();

    // management: the same username / email / phone a second time
    let cases: [(&str, CreateUserInput); 3] = [
        (
            "username",
            CreateUserInput {
                username: Some(name.clone()),
                ..Default::default()
            },
        ),
        (
            "email",
            CreateUserInput {
                email: Some(email.clone()),
                ..Default::default()
            },
        ),
        (
            "phone",
            CreateUserInput {
                phone: Some(phone.clone()),
                ..Default::default()
            },
        ),
    ];
    for (what, input) in cases {
        let e = m
            .users()
            .create(&input, &CreateUserOptions::default())
            .await
            .unwrap_err();
        assert!(e.is_user_exists(), "duplicate {what}: {e:?}");
        if t.in_process().is_some() {
            assert_eq!(
                e.code(),
                Some(codes::USER_EXISTS),
                "duplicate {what}: {e:?}"
            );
        }
    }

    // authentication: registering an existing username / email
    let e = auth
        .register_by_username(&name, "pw-123456", &Default::default())
        .await
        .unwrap_err();
    assert!(e.is_user_exists(), "register_by_username: {e:?}");
    if t.in_process().is_some() {
        assert_eq!(
            e.code(),
            Some(codes::USER_EXISTS),
            "register_by_username: {e:?}"
        );
    }
    let e = auth
        .register_by_email(&email, "pw-123456", &Default::default())
        .await
        .unwrap_err();
    assert!(e.is_user_exists(), "register_by_email: {e:?}");
    if t.in_process().is_some() {
        assert_eq!(
            e.code(),
            Some(codes::USER_EXISTS),
            "register_by_email: {e:?}"
        );
    }
    // the existing account is untouched
    let page = m
        .users()
        .search(&name, &SearchUserOptions::default())
        .await
        .unwrap();
    assert_eq!(
        page.list
            .iter()
            .filter(|u| u.username.as_deref() == Some(name.as_str()))
            .count(),
        1
    );
}

#[tokio::test]
async fn paging_through_25_users_in_pages_of_10() {
    let t = Target::emulator().await; // exact totals need an empty pool
    let m = t.management();
    let mut created = HashSet::new();
    for i in 0..25 {
        let u = CreateUserInput {
            username: Some(format!("page-user-{i:02}")),
            ..Default::default()
        };
        created.insert(
            m.users()
                .create(&u, &CreateUserOptions::default())
                .await
                .unwrap()
                .id,
        );
    }
    let mut seen = Vec::new();
    for (page, expected_len) in [(1, 10), (2, 10), (3, 5), (4, 0)] {
        let p = m.users().list(&ListOptions::new(page, 10)).await.unwrap();
        assert_eq!(p.total_count, 25, "total on page {page}");
        assert_eq!(p.list.len(), expected_len, "length of page {page}");
        seen.extend(p.list.into_iter().map(|u| u.id));
    }
    let distinct: HashSet<_> = seen.iter().cloned().collect();
    assert_eq!(distinct.len(), 25, "ids across pages are distinct");
    assert_eq!(
        distinct, created,
        "the pages hold exactly the created users"
    );

    // search pages the same way
    let opts = |page| SearchUserOptions {
        page,
        limit: 10,
        ..Default::default()
    };
    let mut found = HashSet::new();
    for page in 1..=3 {
        let p = m.users().search("page-user", &opts(page)).await.unwrap();
        assert_eq!(p.total_count, 25);
        found.extend(p.list.into_iter().map(|u| u.id));
    }
    assert_eq!(found, created);
}

#[tokio::test]
async fn management_issues_a_user_token_that_the_user_can_use() {
    let t = Target::start().await;
    let m = t.management();
    let name = Target::unique("tok");
    let user = m
        .users()
        .create(
            &CreateUserInput {
                username: Some(name.clone()),
                ..Default::default()
            },
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();
    let refreshed = m.users().refresh_token(&user.id).await.unwrap();
    let token = refreshed.token.expect("a token");
    assert!(refreshed.exp.unwrap() > refreshed.iat.unwrap());

    let auth = t
        .authentication_builder()
        .access_token(token.expose())
        .build()
        .unwrap();
    let me = auth.get_current_user().await.unwrap();
    assert_eq!(me.id, user.id);
    let status = m.check_login_status(token.expose(), true).await.unwrap();
    assert_eq!(status.user().map(|u| u.id.as_str()), Some(user.id.as_str()));
}

#[tokio::test]
async fn userpool_detail_and_argument_checks() {
    let t = Target::start().await;
    let m = t.management();
    let pool = m.userpool().detail().await.unwrap();
    assert_eq!(pool.id, t.user_pool_id());
    assert!(!pool.jwt_secret.expose().is_empty());
    assert!(
        !format!("{pool:?}").contains(pool.jwt_secret.expose()),
        "Debug redacts"
    );

    // arguments rejected before any request
    for e in [
        m.users().detail("").await.unwrap_err(),
        m.users().list(&ListOptions::new(0, 10)).await.unwrap_err(),
        m.users()
            .delete_many(Vec::<String>::new())
            .await
            .unwrap_err(),
    ] {
        assert!(matches!(e, Error::InvalidArgument(_)), "{e:?}");
    }
    // an unknown id is not an error for detail, but is for a role listing
    assert!(
        m.users()
            .detail("000000000000000000000000")
            .await
            .unwrap()
            .is_none()
    );
    let e = m
        .users()
        .list_roles("000000000000000000000000", None)
        .await
        .unwrap_err();
    assert!(e.is_user_not_found(), "{e:?}");
}

#[tokio::test]
async fn custom_field_definitions_gate_user_values() {
    let t = Target::start().await;
    let m = t.management();
    let key = Target::unique("field");
    let f = m
        .udf()
        .set(UdfTargetType::User, &key, UdfDataType::Number, "A number")
        .await
        .unwrap();
    assert_eq!(
        (f.key.as_str(), f.label.as_deref()),
        (key.as_str(), Some("A number"))
    );
    let listed = m.udf().list(UdfTargetType::User).await.unwrap();
    let mine = listed.iter().find(|f| f.key == key).expect("listed");
    assert_eq!(mine.data_type, UdfDataType::Number);
    // redefining replaces the label
    m.udf()
        .set(UdfTargetType::User, &key, UdfDataType::Number, "Renamed")
        .await
        .unwrap();
    let listed = m.udf().list(UdfTargetType::User).await.unwrap();
    assert_eq!(listed.iter().filter(|f| f.key == key).count(), 1);
    assert_eq!(
        listed
            .iter()
            .find(|f| f.key == key)
            .unwrap()
            .label
            .as_deref(),
        Some("Renamed")
    );

    // a user can set a value for the defined field, not after it is removed
    let auth = t.authentication();
    authing_e2e::register_and_login(&auth, &Target::unique("udf"), "Secr3t-pw").await;
    let values = auth.set_udv(&key, 42).await.unwrap();
    assert_eq!(
        values
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.value.clone()),
        Some(42.into())
    );
    m.udf().remove(UdfTargetType::User, &key).await.unwrap();
    assert!(
        m.udf()
            .list(UdfTargetType::User)
            .await
            .unwrap()
            .iter()
            .all(|f| f.key != key)
    );
    assert!(
        auth.udv().await.unwrap().iter().all(|d| d.key != key),
        "values go with the field"
    );
    // an undefined field is refused: the emulator's 404 "UDF key not found"
    t.assert_code(auth.set_udv(&key, 43).await, 404);
}
