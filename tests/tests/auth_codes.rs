//! Verification-code flows, with the codes read from the emulator's outbox over HTTP:
//! register / log in by phone code, reset passwords by phone and email code, bind,
//! update and unbind phone and email; wrong, reused and expired codes.

use std::time::Duration;

use authing::authentication::{EmailScene, LoginOptions, RegisterOptions};
use authing::codes;
use authing_e2e::{Target, register_and_login, require_controls};

const PW: &str = "Secr3t-pw";

#[tokio::test]
async fn register_and_log_in_by_phone_code() {
    let t = Target::start().await;
    require_controls!(t);
    let auth = t.authentication();
    let phone = Target::unique_phone();

    let sent = auth.send_sms_code(&phone).await.unwrap();
    assert_eq!(sent.code, Some(200));
    let code = t.latest_code(&phone).await;
    assert_eq!(code.len(), 6);
    let user = auth
        .register_by_phone_code(&phone, &code, Some(PW), &RegisterOptions::default())
        .await
        .unwrap();
    assert_eq!(
        (user.phone.as_deref(), user.phone_verified),
        (Some(phone.as_str()), Some(true))
    );
    let outbox = t.outbox(&phone).await;
    assert_eq!(
        outbox.last().unwrap()["consumed"],
        true,
        "the code was used: {outbox:?}"
    );

    // a used code, a wrong code: refused as a wrong code (2001)
    for bad in [code.clone(), "000000".into()] {
        let r = auth
            .login_by_phone_code(&phone, &bad, &LoginOptions::default())
            .await;
        t.assert_code(r, codes::WRONG_CODE);
    }
    // a fresh code logs in; the password set at registration works too
    t.pass_code_resend_interval().await;
    auth.send_sms_code(&phone).await.unwrap();
    let code = t.latest_code(&phone).await;
    let me = auth
        .login_by_phone_code(&phone, &code, &LoginOptions::default())
        .await
        .unwrap();
    assert_eq!(me.id, user.id);
    assert!(auth.token().is_some());
    let other = t.authentication();
    assert_eq!(
        other
            .login_by_phone_password(&phone, PW, &LoginOptions::default())
            .await
            .unwrap()
            .id,
        user.id
    );
}

#[tokio::test]
async fn expired_codes_are_refused() {
    let t = Target::start_exclusive().await;
    require_controls!(t);
    let auth = t.authentication();
    let phone = Target::unique_phone();
    auth.send_sms_code(&phone).await.unwrap();
    let code = t.latest_code(&phone).await;
    t.advance_clock(Duration::from_secs(6 * 60)).await; // codes live 5 minutes
    let e = auth
        .register_by_phone_code(&phone, &code, None, &RegisterOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(authing::codes::CODE_EXPIRED), "{e:?}");
    assert!(auth.token().is_none());
}

#[tokio::test]
async fn reset_password_by_phone_and_by_email_code() {
    let t = Target::start().await;
    require_controls!(t);
    let auth = t.authentication();
    let (phone, email) = (Target::unique_phone(), Target::unique_email());
    auth.send_sms_code(&phone).await.unwrap();
    let code = t.latest_code(&phone).await;
    auth.register_by_phone_code(&phone, &code, Some(PW), &RegisterOptions::default())
        .await
        .unwrap();
    auth.register_by_email(&email, PW, &RegisterOptions::default())
        .await
        .unwrap();

    // by phone
    t.pass_code_resend_interval().await;
    auth.send_sms_code(&phone).await.unwrap();
    let code = t.latest_code(&phone).await;
    let r = auth
        .reset_password_by_phone_code(&phone, "000000", "Ph0ne-new")
        .await;
    t.assert_code(r, codes::WRONG_CODE);
    auth.reset_password_by_phone_code(&phone, &code, "Ph0ne-new")
        .await
        .unwrap();
    let c = t.authentication();
    assert!(
        c.login_by_phone_password(&phone, PW, &LoginOptions::default())
            .await
            .unwrap_err()
            .is_wrong_password()
    );
    c.login_by_phone_password(&phone, "Ph0ne-new", &LoginOptions::default())
        .await
        .unwrap();

    // by email
    auth.send_email(&email, EmailScene::ResetPassword)
        .await
        .unwrap();
    let mail = t.outbox(&email).await;
    assert_eq!(mail.last().unwrap()["scene"], "RESET_PASSWORD");
    let code = t.latest_code(&email).await;
    auth.reset_password_by_email_code(&email, &code, "Ma1l-new")
        .await
        .unwrap();
    let c = t.authentication();
    assert!(
        c.login_by_email(&email, PW, &LoginOptions::default())
            .await
            .unwrap_err()
            .is_wrong_password()
    );
    c.login_by_email(&email, "Ma1l-new", &LoginOptions::default())
        .await
        .unwrap();

    // reusing the email code fails
    let r = auth
        .reset_password_by_email_code(&email, &code, "Other-1")
        .await;
    t.assert_code(r, codes::WRONG_CODE);
}

#[tokio::test]
async fn bind_update_and_unbind_phone() {
    let t = Target::start_exclusive().await;
    require_controls!(t);
    t.restore_pool_settings().await; // a shared server may have been left changed
    let auth = t.authentication();
    let id = register_and_login(&auth, &Target::unique("ph"), PW).await;
    let (first, second, third) = (
        Target::unique_phone(),
        Target::unique_phone(),
        Target::unique_phone(),
    );

    auth.send_sms_code(&first).await.unwrap();
    let code = t.latest_code(&first).await;
    let u = auth.bind_phone(&first, &code).await.unwrap();
    assert_eq!(
        (u.phone.as_deref(), u.phone_verified),
        (Some(first.as_str()), Some(true))
    );

    auth.send_sms_code(&second).await.unwrap();
    let code = t.latest_code(&second).await;
    let u = auth.update_phone(&second, &code, None, None).await.unwrap();
    assert_eq!(u.phone.as_deref(), Some(second.as_str()));

    // with the pool requiring the old phone's code too
    t.pool_settings(serde_json::json!({"verifyOldPhone": true}))
        .await;
    auth.send_sms_code(&third).await.unwrap();
    let new_code = t.latest_code(&third).await;
    let r = auth.update_phone(&third, &new_code, None, None).await;
    t.assert_code(r, 2231); // incomplete parameters: the old phone and its code
    t.pass_code_resend_interval().await;
    auth.send_sms_code(&second).await.unwrap();
    let old_code = t.latest_code(&second).await;
    let u = auth
        .update_phone(&third, &new_code, Some(&second), Some(&old_code))
        .await
        .unwrap();
    assert_eq!(u.phone.as_deref(), Some(third.as_str()));

    let stored = t.management().users().detail(&id).await.unwrap().unwrap();
    assert_eq!(stored.phone.as_deref(), Some(third.as_str()));
    let u = auth.unbind_phone().await.unwrap();
    assert_eq!(u.phone, None);
    assert_eq!(auth.get_current_user().await.unwrap().phone, None);
    t.restore_pool_settings().await;
}

#[tokio::test]
async fn bind_update_and_unbind_email() {
    let t = Target::start().await;
    require_controls!(t);
    let auth = t.authentication();
    let id = register_and_login(&auth, &Target::unique("em"), PW).await;
    let (first, second) = (Target::unique_email(), Target::unique_email());

    auth.send_email(&first, EmailScene::VerifyCode)
        .await
        .unwrap();
    let code = t.latest_code(&first).await;
    let u = auth.bind_email(&first, &code).await.unwrap();
    assert_eq!(
        (u.email.as_deref(), u.email_verified),
        (Some(first.as_str()), Some(true))
    );
    // a second bind is refused: an email is already bound
    auth.send_email(&second, EmailScene::VerifyCode)
        .await
        .unwrap();
    let code = t.latest_code(&second).await;
    t.assert_code(auth.bind_email(&second, &code).await, codes::EMAIL_EXISTS);

    t.pass_code_resend_interval().await;
    auth.send_email(&second, EmailScene::ChangeEmail)
        .await
        .unwrap();
    let code = t.latest_code(&second).await;
    let u = auth.update_email(&second, &code, None, None).await.unwrap();
    assert_eq!(u.email.as_deref(), Some(second.as_str()));
    let stored = t.management().users().detail(&id).await.unwrap().unwrap();
    assert_eq!(stored.email.as_deref(), Some(second.as_str()));

    // the new email logs in; then it is unbound (the username remains a login method)
    t.authentication()
        .login_by_email(&second, PW, &LoginOptions::default())
        .await
        .unwrap();
    let u = auth.unbind_email().await.unwrap();
    assert_eq!(u.email, None);
}
