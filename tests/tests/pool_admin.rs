//! Pool administration: a registration whitelist that blocks then admits a
//! registration, an environment variable round trip, `userpool().update`, and typed
//! custom values round-tripping for a user and a role.

use authing::authentication::RegisterOptions;
use authing::management::{
    CreateRoleOptions, CreateUserInput, CreateUserOptions, UdfDataType, UdfTargetType, UdfValue,
    UpdateUserpoolInput, WhitelistType,
};
use authing::serde_json::json;
use authing_e2e::Target;

#[tokio::test]
async fn email_whitelist_blocks_then_admits_a_registration() {
    // enabling a whitelist changes the pool for every scenario: run alone
    let t = Target::start_exclusive().await;
    let m = t.management();
    let listed = Target::unique_email();
    let other = Target::unique_email();
    let added = m
        .whitelist()
        .add(WhitelistType::Email, [listed.to_uppercase()])
        .await
        .unwrap();
    assert_eq!(added[0].value, listed, "stored lower-cased");
    let pool = m.whitelist().enable(WhitelistType::Email).await.unwrap();
    assert_eq!(pool.whitelist.and_then(|w| w.email_enabled), Some(true));

    let auth = t.authentication();
    let refused = auth
        .register_by_email(&other, "s3cret-pw", &RegisterOptions::default())
        .await;
    // management createUser is not restricted
    let input = CreateUserInput {
        email: Some(Target::unique_email()),
        ..Default::default()
    };
    let created = m
        .users()
        .create(&input, &CreateUserOptions::default())
        .await;
    let admitted = auth
        .register_by_email(&listed, "s3cret-pw", &RegisterOptions::default())
        .await;
    // leave the pool as it was before asserting anything
    m.whitelist().disable(WhitelistType::Email).await.unwrap();
    let listed_now = m.whitelist().list(WhitelistType::Email).await.unwrap();
    m.whitelist()
        .remove(WhitelistType::Email, [&listed])
        .await
        .unwrap();

    t.assert_code(refused, 2031);
    created.expect("createUser is not restricted by the whitelist");
    assert_eq!(admitted.unwrap().email.as_deref(), Some(listed.as_str()));
    assert!(listed_now.iter().any(|w| w.value == listed));
    let left = m.whitelist().list(WhitelistType::Email).await.unwrap();
    assert!(left.iter().all(|w| w.value != listed));
    // disabled again: anyone registers
    auth.register_by_email(&other, "s3cret-pw", &RegisterOptions::default())
        .await
        .expect("registration open again");
}

#[tokio::test]
async fn env_var_round_trip() {
    let t = Target::start().await;
    let m = t.management();
    let key = Target::unique("ENV").to_uppercase();
    let added = m
        .userpool()
        .add_env(&key, json!({"host": "ldap.example.com", "port": 389}))
        .await
        .unwrap();
    assert_eq!(added.key, key);
    let listed = m.userpool().list_env().await.unwrap();
    let found = listed.iter().find(|v| v.key == key).expect("listed");
    assert_eq!(
        found.value,
        json!({"host": "ldap.example.com", "port": 389})
    );
    m.userpool().add_env(&key, "replaced").await.unwrap();
    let listed = m.userpool().list_env().await.unwrap();
    assert_eq!(listed.iter().filter(|v| v.key == key).count(), 1);
    assert_eq!(
        listed.iter().find(|v| v.key == key).unwrap().value,
        json!("replaced")
    );
    m.userpool().remove_env(&key).await.unwrap();
    let listed = m.userpool().list_env().await.unwrap();
    assert!(listed.iter().all(|v| v.key != key));
    t.assert_code(m.userpool().remove_env(&key).await, 404);
}

#[tokio::test]
async fn userpool_update_round_trip() {
    let t = Target::start_exclusive().await;
    let m = t.management();
    let before = m.userpool().detail().await.unwrap();
    let description = Target::unique("desc");
    let updated = m
        .userpool()
        .update(&UpdateUserpoolInput {
            description: Some(description.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some(description.as_str()));
    assert_eq!(updated.name, before.name, "untouched");
    let read = m.userpool().detail().await.unwrap();
    assert_eq!(read.description.as_deref(), Some(description.as_str()));
    m.userpool()
        .update(&UpdateUserpoolInput {
            description: before.description.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn typed_custom_values_round_trip_for_a_user_and_a_role() {
    let t = Target::start().await;
    let m = t.management();
    let (age, vip, since, prefs, school) = (
        Target::unique("age"),
        Target::unique("vip"),
        Target::unique("since"),
        Target::unique("prefs"),
        Target::unique("school"),
    );
    for (key, dt) in [
        (&age, UdfDataType::Number),
        (&vip, UdfDataType::Boolean),
        (&since, UdfDataType::Datetime),
        (&prefs, UdfDataType::Object),
        (&school, UdfDataType::String),
    ] {
        m.udf()
            .set(UdfTargetType::User, key, dt.clone(), key)
            .await
            .unwrap();
        m.udf()
            .set(UdfTargetType::Role, key, dt, key)
            .await
            .unwrap();
    }
    let when = UdfValue::decode(&UdfDataType::Datetime, "1700000000000");
    let values: Vec<(&str, UdfValue)> = vec![
        (&age, 18.into()),
        (&vip, true.into()),
        (&since, when.clone()),
        (&prefs, json!({"favorColor": "red"}).into()),
        (&school, "ucla".into()),
    ];

    // a user
    let input = CreateUserInput {
        username: Some(Target::unique("typed")),
        ..Default::default()
    };
    let user = m
        .users()
        .create(&input, &CreateUserOptions::default())
        .await
        .unwrap();
    m.users()
        .set_udf_value(&user.id, values.clone())
        .await
        .unwrap();
    let read = m.users().get_udf_value(&user.id).await.unwrap();
    assert_eq!(read[&age], UdfValue::Number(18.0));
    assert_eq!(read[&vip], UdfValue::Boolean(true));
    assert_eq!(read[&since].as_datetime(), when.as_datetime());
    assert_eq!(read[&prefs], UdfValue::Object(json!({"favorColor": "red"})));
    assert_eq!(read[&school].as_str(), Some("ucla"));
    m.users().set_udv(&user.id, &age, 19).await.unwrap();
    let left = m.users().remove_udv(&user.id, &school).await.unwrap();
    assert!(left.iter().all(|v| v.key != school));
    let list = m.users().list_udv(&user.id).await.unwrap();
    let age_now = list.iter().find(|v| v.key == age).unwrap();
    assert_eq!(
        (age_now.data_type.clone(), age_now.value.clone()),
        (UdfDataType::Number, 19.into())
    );
    // a wrong type is refused
    t.assert_code(m.users().set_udv(&user.id, &age, "nineteen").await, 400);

    // a role, keyed by its id
    let role = m
        .roles()
        .create(&Target::unique("typedrole"), &CreateRoleOptions::default())
        .await
        .unwrap();
    let role_id = role.id.clone();
    m.roles().set_udf_value(&role_id, values).await.unwrap();
    let read = m.roles().get_udf_value(&role_id).await.unwrap();
    assert_eq!(read[&age], UdfValue::Number(18.0));
    assert_eq!(read[&prefs], UdfValue::Object(json!({"favorColor": "red"})));
    assert_eq!(
        m.roles()
            .get_specific_udf_value(&role_id, &vip)
            .await
            .unwrap(),
        Some(UdfValue::Boolean(true))
    );
    let batch: Vec<(&str, UdfValue)> = vec![(&vip, false.into())];
    m.roles()
        .set_udf_value_batch([(role_id.as_str(), batch)])
        .await
        .unwrap();
    let all = m.roles().get_udf_value_batch([&role_id]).await.unwrap();
    assert_eq!(all[&role_id][&vip], UdfValue::Boolean(false));
    m.roles().remove_udf_value(&role_id, &vip).await.unwrap();
    assert_eq!(
        m.roles()
            .get_specific_udf_value(&role_id, &vip)
            .await
            .unwrap(),
        None
    );
    t.assert_code(m.roles().set_udf_value(&role_id, [(&age, "x")]).await, 400);

    // clean up the definitions on a shared pool
    for key in [&age, &vip, &since, &prefs, &school] {
        let _ = m.udf().remove(UdfTargetType::User, key).await;
        let _ = m.udf().remove(UdfTargetType::Role, key).await;
    }
}
