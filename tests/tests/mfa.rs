//! MFA end to end: a user binds a TOTP authenticator, a login then fails with
//! `Error::MfaRequired`, and the code an authenticator app would show (generated here
//! from the secret with `totp-rs`) finishes it; a wrong code, a reused time step, a
//! recovery code used twice, an expired MFA token; SMS MFA through the outbox; the
//! management side (status, import, unbind).

use std::time::Duration;

use authing::authentication::{AuthenticationClient, Error, LoginOptions, MfaOptions};
use authing::codes;
use authing::management::MfaType;
use authing_e2e::{Target, register_and_login, require_controls};
use totp_rs::{Algorithm, Secret, TOTP};

const PW: &str = "Secr3t-pw";

/// The code an authenticator app shows now (by the server's clock).
async fn app_code(t: &Target, secret: &str) -> String {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .expect("a base32 secret");
    let now = t.clock_ms().await / 1000;
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, bytes).generate(now as u64)
}

/// A login that must need MFA: its MFA token.
async fn mfa_token(auth: &AuthenticationClient, username: &str) -> String {
    match auth
        .login_by_username(username, PW, &LoginOptions::default())
        .await
    {
        Err(Error::MfaRequired { mfa_token, .. }) => mfa_token.into_inner(),
        other => panic!("expected MfaRequired, got {other:?}"),
    }
}

/// The next 30-second step, so that a new code is not a reused one.
async fn next_step(t: &Target) {
    t.advance_clock(Duration::from_secs(30)).await;
}

#[tokio::test]
async fn totp_two_step_login_with_step_and_recovery_rules() {
    let t = Target::start_exclusive().await;
    require_controls!(t);
    let username = Target::unique("mfa");
    let auth = t.authentication();
    let id = register_and_login(&auth, &username, PW).await;

    // Bind: associate, confirm with the app's code.
    let a = auth
        .associate_mfa_authenticator(None, &MfaOptions::default())
        .await
        .unwrap();
    let secret = a.secret.expose().to_owned();
    let recovery = a.recovery_code.as_ref().unwrap().expose().to_owned();
    let r = auth
        .confirm_associate_mfa_authenticator("000000", None, &MfaOptions::default())
        .await;
    t.assert_code(r, codes::WRONG_TOTP);
    let code = app_code(&t, &secret).await;
    auth.confirm_associate_mfa_authenticator(&code, None, &MfaOptions::default())
        .await
        .unwrap();
    let status = t.management().mfa().get_status(&id).await.unwrap();
    assert!(status.otp && !status.face);
    next_step(&t).await;

    // Log in: MfaRequired with what the second step needs.
    let login = t.authentication();
    let e = login
        .login_by_username(&username, PW, &LoginOptions::default())
        .await
        .unwrap_err();
    let details = e.mfa_details().expect("MfaRequired").clone();
    assert!(details.totp_enabled);
    assert_eq!(details.username.as_deref(), Some(username.as_str()));
    let token = e.mfa_token().unwrap().expose().to_owned();
    assert!(login.token().is_none());

    // The authenticators, read with the MFA token.
    let list = login
        .get_mfa_authenticators(Some(&token), &MfaOptions::default())
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].user_id.as_deref(), Some(id.as_str()));

    // A wrong code, then the app's code.
    let r = login.verify_totp_mfa("123456x", &token).await;
    t.assert_code(r, codes::WRONG_TOTP);
    let code = app_code(&t, &secret).await;
    let user = login.verify_totp_mfa(&code, &token).await.unwrap();
    assert_eq!(user.id, id);
    assert!(
        login.token().is_some(),
        "the second step starts the session"
    );
    assert_eq!(login.get_current_user().await.unwrap().id, id);

    // The same step again, in a new login: refused; the next step works.
    let other = t.authentication();
    let token2 = mfa_token(&other, &username).await;
    let r = other.verify_totp_mfa(&code, &token2).await;
    t.assert_code(r, codes::WRONG_TOTP);
    next_step(&t).await;
    let fresh = app_code(&t, &secret).await;
    other.verify_totp_mfa(&fresh, &token2).await.unwrap();

    // The recovery code works once.
    let c = t.authentication();
    let token3 = mfa_token(&c, &username).await;
    c.verify_totp_recovery_code(&recovery, &token3)
        .await
        .unwrap();
    assert!(c.token().is_some());
    let c = t.authentication();
    let token4 = mfa_token(&c, &username).await;
    let r = c.verify_totp_recovery_code(&recovery, &token4).await;
    t.assert_code(r, codes::WRONG_RECOVERY_CODE);

    // An MFA token expires (10 minutes).
    t.advance_clock(Duration::from_secs(11 * 60)).await;
    let code = app_code(&t, &secret).await;
    let e = c.verify_totp_mfa(&code, &token4).await.unwrap_err();
    assert!(e.is_token_expired(), "{e:?}");
    assert!(c.token().is_none());

    // The user unbinds: logins no longer ask.
    auth.delete_mfa_authenticator().await.unwrap();
    t.authentication()
        .login_by_username(&username, PW, &LoginOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn sms_mfa_through_the_outbox() {
    let t = Target::start_exclusive().await;
    require_controls!(t);
    t.restore_pool_settings().await;
    let username = Target::unique("smsmfa");
    let phone = Target::unique_phone();
    let mgmt = t.management();
    let auth = t.authentication();
    let id = register_and_login(&auth, &username, PW).await;
    mgmt.users()
        .update(
            &id,
            &authing::management::UpdateUserInput {
                phone: Some(phone.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    t.pool_settings(serde_json::json!({"mfaSms": true, "codeResendIntervalSeconds": 0}))
        .await;

    let c = t.authentication();
    let e = c
        .login_by_username(&username, PW, &LoginOptions::default())
        .await
        .unwrap_err();
    let details = e.mfa_details().expect("MfaRequired").clone();
    assert!(details.offers("SMS") && !details.totp_enabled);
    assert_eq!(details.phone.as_deref(), Some(phone.as_str()));
    let token = e.mfa_token().unwrap().expose().to_owned();
    assert!(
        c.phone_or_email_bindable(&token, Some(&phone), None)
            .await
            .unwrap()
    );

    c.send_sms_code(&phone).await.unwrap();
    let r = c.verify_app_sms_mfa(&phone, "000000", &token).await;
    t.assert_code(r, codes::WRONG_CODE);
    let code = t.latest_code(&phone).await;
    let user = c.verify_app_sms_mfa(&phone, &code, &token).await.unwrap();
    assert_eq!(user.id, id);
    assert!(c.token().is_some());

    t.restore_pool_settings().await;
    t.authentication()
        .login_by_username(&username, PW, &LoginOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn management_imports_and_unbinds_a_totp_secret() {
    let t = Target::start_exclusive().await;
    require_controls!(t);
    let username = Target::unique("mfaimp");
    let auth = t.authentication();
    let id = register_and_login(&auth, &username, PW).await;
    let mgmt = t.management();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let imported = mgmt
        .mfa()
        .import_totp(&id, secret, Some("imp-0001"))
        .await
        .unwrap();
    assert_eq!(imported.user_id, id);

    let c = t.authentication();
    let token = mfa_token(&c, &username).await;
    let code = app_code(&t, secret).await;
    c.verify_totp_mfa(&code, &token).await.unwrap();

    mgmt.mfa().unassociate_mfa(&id, MfaType::Otp).await.unwrap();
    assert!(!mgmt.mfa().get_status(&id).await.unwrap().otp);
    let r = mgmt.mfa().unassociate_mfa(&id, MfaType::Otp).await;
    t.assert_code(r, 2219);
    t.authentication()
        .login_by_username(&username, PW, &LoginOptions::default())
        .await
        .unwrap();
}
