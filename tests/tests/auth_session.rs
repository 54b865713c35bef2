//! `AuthenticationClient` with passwords: register, log in (username, email, phone +
//! password), wrong passwords, current user, profile, password change, custom data,
//! token refresh, login status, log out.

use std::sync::{Arc, Mutex};

use authing::Error;
use authing::authentication::{
    AuthenticationClient, LoginOptions, RegisterOptions, RegisterProfile, UpdateProfile,
};
use authing::management::{CreateUserInput, CreateUserOptions, UdfDataType};
use authing_e2e::{Target, register_and_login};

const PW: &str = "Secr3t-pw";

#[tokio::test]
async fn register_and_log_in_by_every_password_method() {
    let t = Target::start().await;
    let auth = t.authentication();
    let (name, email, phone) = (
        Target::unique("a"),
        Target::unique_email(),
        Target::unique_phone(),
    );

    let opts = RegisterOptions {
        profile: Some(RegisterProfile {
            nickname: Some("Reg".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let by_name = auth.register_by_username(&name, PW, &opts).await.unwrap();
    assert_eq!(
        (by_name.username.as_deref(), by_name.nickname.as_deref()),
        (Some(name.as_str()), Some("Reg"))
    );
    let by_email = auth
        .register_by_email(&email, PW, &RegisterOptions::default())
        .await
        .unwrap();
    assert_eq!(by_email.email.as_deref(), Some(email.as_str()));
    // a phone account with a password is created by the administrator
    let by_phone = t
        .management()
        .users()
        .create(
            &CreateUserInput {
                phone: Some(phone.clone()),
                password: Some(PW.to_owned().into()),
                ..Default::default()
            },
            &CreateUserOptions::default(),
        )
        .await
        .unwrap();

    type Login<'a> = (&'a str, String, &'a str);
    let rows: [Login<'_>; 3] = [
        ("username", name, &by_name.id),
        ("email", email, &by_email.id),
        ("phone", phone, &by_phone.id),
    ];
    for (how, id, expected) in rows {
        let c = t.authentication();
        let u = match how {
            "username" => c.login_by_username(&id, PW, &LoginOptions::default()).await,
            "email" => c.login_by_email(&id, PW, &LoginOptions::default()).await,
            _ => {
                c.login_by_phone_password(&id, PW, &LoginOptions::default())
                    .await
            }
        }
        .unwrap_or_else(|e| panic!("login by {how}: {e:?}"));
        assert_eq!(u.id, expected, "login by {how}");
        assert!(c.token().is_some(), "login by {how} keeps the token");
        assert_eq!(c.current_user().map(|u| u.id), Some(expected.to_owned()));
        assert_eq!(
            c.get_current_user().await.unwrap().id,
            expected,
            "get_current_user after {how}"
        );
    }
}

#[tokio::test]
async fn wrong_passwords_are_2333_and_unknown_accounts_2004() {
    let t = Target::start().await;
    let auth = t.authentication();
    let (name, email) = (Target::unique("w"), Target::unique_email());
    auth.register_by_username(&name, PW, &RegisterOptions::default())
        .await
        .unwrap();
    auth.register_by_email(&email, PW, &RegisterOptions::default())
        .await
        .unwrap();

    let unknown = Target::unique("ghost");
    let unknown_email = Target::unique_email();
    let (wrong, missing) = (
        authing::codes::WRONG_CREDENTIALS,
        authing::codes::USER_NOT_FOUND,
    );
    let rows = [
        ("username, wrong password", name.as_str(), false, wrong),
        ("email, wrong password", email.as_str(), true, wrong),
        ("unknown username", unknown.as_str(), false, missing),
        ("unknown email", unknown_email.as_str(), true, missing),
    ];
    for (what, id, is_email, code) in rows {
        let r = if is_email {
            auth.login_by_email(id, "not-the-password", &LoginOptions::default())
                .await
        } else {
            auth.login_by_username(id, "not-the-password", &LoginOptions::default())
                .await
        };
        let e = r.unwrap_err();
        if t.in_process().is_some() {
            assert_eq!(e.code(), Some(code), "{what}: {e:?}");
        } else if code == wrong {
            assert!(e.is_wrong_password(), "{what}: {e:?}");
        } else {
            // Some deployments answer an unknown account like a wrong password.
            assert!(
                e.is_user_not_found() || e.is_wrong_password(),
                "{what}: {e:?}"
            );
        }
        assert!(
            auth.token().is_none(),
            "{what}: a failed login leaves no session"
        );
    }
    // the right password still works afterwards
    auth.login_by_username(&name, PW, &LoginOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn profile_password_and_custom_data() {
    let t = Target::start().await;
    let auth = t.authentication();
    let name = Target::unique("p");
    let id = register_and_login(&auth, &name, PW).await;

    // profile: written by the user, read back by the user and by the administrator
    let updated = auth
        .update_profile(&UpdateProfile {
            nickname: Some("Nick".into()),
            company: Some("Acme".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.nickname.as_deref(), Some("Nick"));
    assert_eq!(
        auth.get_current_user().await.unwrap().company.as_deref(),
        Some("Acme")
    );
    let seen = t.management().users().detail(&id).await.unwrap().unwrap();
    assert_eq!(seen.nickname.as_deref(), Some("Nick"));

    // password strength, then a password change (old one required by the server)
    assert!(
        auth.check_password_strength("Str0ng-Enough!")
            .await
            .unwrap()
            .valid
    );
    let r = auth.update_password("N3w-secret", Some("wrong-old")).await;
    t.assert_code(r, 2203); // original password wrong
    auth.update_password("N3w-secret", Some(PW)).await.unwrap();
    let fresh = t.authentication();
    let e = fresh
        .login_by_username(&name, PW, &LoginOptions::default())
        .await
        .unwrap_err();
    assert!(e.is_wrong_password(), "old password: {e:?}");
    fresh
        .login_by_username(&name, "N3w-secret", &LoginOptions::default())
        .await
        .unwrap();

    // custom data: the administrator defines the fields, the user sets and reads values
    t.define_user_field("school", UdfDataType::String).await;
    t.define_user_field("age", UdfDataType::Number).await;
    let after = auth.set_udv("school", "ucla").await.unwrap();
    assert!(
        after.iter().any(|d| d.key == "school" && d.value == "ucla"),
        "{after:?}"
    );
    auth.set_udv("age", 18).await.unwrap();
    let all = auth.udv().await.unwrap();
    let get = |k: &str| all.iter().find(|d| d.key == k).map(|d| d.value.clone());
    assert_eq!(
        (get("school"), get("age")),
        (Some("ucla".into()), Some(18.into()))
    );
    let left = auth.remove_udv("school").await.unwrap();
    assert!(left.iter().all(|d| d.key != "school"), "{left:?}");
    assert_eq!(auth.udv().await.unwrap().len(), 1);
    // undefined until `udf().set`: the emulator's 404 "UDF key not found"
    t.assert_code(auth.set_udv("undefined-key", 1).await, 404);
}

#[tokio::test]
async fn refresh_status_and_logout_with_token_hook() {
    let t = Target::start().await;
    let seen: Arc<Mutex<Vec<bool>>> = Arc::default();
    let log = seen.clone();
    let auth = t
        .authentication_builder()
        .on_token_change(move |tok| log.lock().unwrap().push(tok.is_some()))
        .build()
        .unwrap();
    let id = register_and_login(&auth, &Target::unique("s"), PW).await;
    assert!(
        auth.token_expires_at().is_some(),
        "expiry read from the JWT"
    );

    let status = auth.check_login_status(None).await.unwrap();
    assert_eq!(status.status, Some(true));
    assert_eq!(status.data.and_then(|d| d.id), Some(id.clone()));

    let refreshed = auth.refresh_token().await.unwrap();
    let second = refreshed.token.clone().expect("a new token");
    assert_eq!(
        auth.token(),
        Some(second.clone()),
        "the client adopts the new token"
    );
    assert!(refreshed.exp.unwrap() >= status.exp.unwrap());
    // the refreshed token works on a client built from it
    let again = t
        .authentication_builder()
        .access_token(second.expose())
        .build()
        .unwrap();
    assert_eq!(again.get_current_user().await.unwrap().id, id);

    auth.logout().await.unwrap();
    assert!(auth.token().is_none() && auth.current_user().is_none());
    assert!(matches!(
        auth.get_current_user().await,
        Err(Error::NotLoggedIn)
    ));
    // the server no longer accepts the token used to log out
    let checker = t.authentication();
    let after = checker
        .check_login_status(Some(second.expose()))
        .await
        .unwrap();
    assert_eq!(after.status, Some(false), "{after:?}");
    let hook = seen.lock().unwrap().clone();
    assert_eq!(
        hook.first(),
        Some(&true),
        "login announced a token: {hook:?}"
    );
    assert_eq!(hook.last(), Some(&false), "logout announced none: {hook:?}");
}

#[tokio::test]
async fn methods_needing_a_session_fail_locally_without_one() {
    let t = Target::start().await;
    let auth: AuthenticationClient = t.authentication();
    let results = [
        auth.get_current_user().await.map(|_| ()),
        auth.update_profile(&UpdateProfile::default())
            .await
            .map(|_| ()),
        auth.update_password("x", None).await.map(|_| ()),
        auth.refresh_token().await.map(|_| ()),
        auth.logout().await,
        auth.udv().await.map(|_| ()),
        auth.unbind_phone().await.map(|_| ()),
        auth.unbind_email().await.map(|_| ()),
    ];
    for (i, r) in results.into_iter().enumerate() {
        assert!(matches!(r, Err(Error::NotLoggedIn)), "call #{i}: {r:?}");
    }
}

#[tokio::test]
async fn a_session_moves_between_clients_with_set_token() {
    let t = Target::start().await;
    let a = t.authentication();
    let id = register_and_login(&a, &Target::unique("mv"), PW).await;
    let token = a.token().unwrap();

    let b = t.authentication();
    b.set_token(token.expose()).unwrap();
    assert_eq!(b.token(), Some(token.clone()));
    assert_eq!(b.token_expires_at(), a.token_expires_at());
    assert_eq!(b.get_current_user().await.unwrap().id, id);
    let u = b
        .update_profile(&UpdateProfile {
            nickname: Some("From B".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(u.nickname.as_deref(), Some("From B"));

    b.clear_session();
    assert!(b.token().is_none() && b.current_user().is_none());
    assert!(matches!(
        b.get_current_user().await,
        Err(Error::NotLoggedIn)
    ));
    // clearing B's copy is local: A's session still works and sees B's change
    assert_eq!(
        a.get_current_user().await.unwrap().nickname.as_deref(),
        Some("From B")
    );
}
