//! Wiremock tests of the account flows: first-login and forced password resets (and
//! the 1639 / 2058 login errors), sub-account, LDAP and AD logins, linking,
//! `is_user_exists` and the local password level.

#[path = "it/common.rs"]
mod common;
#[path = "it/gate.rs"]
mod gate;

use authing_authentication::{PasswordResetKind, PasswordSecurityLevel, UserLookup};
use common::*;

fn reset_error(code: i64, token: &str) -> Value {
    json!({
        "errors": [{"message": {"code": code, "message": "首次登录请重置密码", "data": {"token": token}}}],
        "data": null
    })
}

#[tokio::test]
async fn a_login_answered_1639_is_a_typed_reset_step_and_keeps_the_session_empty() {
    let c = ctx().await;
    c.reply_raw(reset_error(1639, "reset-tok-1")).await;
    let e = c
        .auth
        .login_by_username("bob", "initial", &LoginOptions::default())
        .await
        .unwrap_err();
    assert!(e.is_password_reset_required());
    assert_eq!(e.code(), Some(1639));
    let step = e.password_reset_required().expect("a reset step");
    assert_eq!(step.kind, PasswordResetKind::FirstLogin);
    assert_eq!(step.token.expose(), "reset-tok-1");
    assert!(!format!("{e:?} {e} {step:?}").contains("reset-tok-1"));
    assert!(c.auth.token().is_none() && c.auth.current_user().is_none());
    assert!(c.events().is_empty());
}

#[tokio::test]
async fn a_login_answered_2058_is_a_forced_reset_step() {
    let c = ctx().await;
    c.reply_raw(reset_error(2058, "force-tok")).await;
    let e = c
        .auth
        .login_by_email("a@example.com", "old", &LoginOptions::default())
        .await
        .unwrap_err();
    let step = e.password_reset_required().unwrap();
    assert_eq!(step.kind, PasswordResetKind::Forced);
    assert_eq!(step.token.expose(), "force-tok");
}

#[tokio::test]
async fn reset_password_by_first_token_sends_the_encrypted_password_without_bearer() {
    let c = Ctx::logged_in("held").await;
    c.reply(
        "resetPasswordByFirstLoginToken",
        json!({"code": 200, "message": "重置密码成功"}),
    )
    .await;
    let m = c
        .auth
        .reset_password_by_first_token("reset-tok", "N3w-pass")
        .await
        .unwrap();
    assert_eq!(m.message.as_deref(), Some("重置密码成功"));
    let mut s = c.one().await;
    assert_eq!(s.take_password("/password"), "N3w-pass");
    s.assert_op(
        &ops::RESET_PASSWORD_BY_FIRST_LOGIN_TOKEN,
        json!({"token": "reset-tok"}),
    );
    s.assert_bearer(None);
    assert_eq!(
        c.token().as_deref(),
        Some("held"),
        "the session is untouched"
    );
}

#[tokio::test]
async fn reset_password_by_first_token_errors_and_arguments() {
    let c = ctx().await;
    c.reply_error(2207, "重置密码凭证无效或已过期").await;
    let e = c
        .auth
        .reset_password_by_first_token("used", "p")
        .await
        .unwrap_err();
    assert!(e.is_token_invalid());
    for (t, p) in [("", "p"), ("t", " ")] {
        let e = c
            .auth
            .reset_password_by_first_token(t, p)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{e:?}");
    }
    assert_eq!(c.sent().await.len(), 1, "only the first call was sent");
}

#[tokio::test]
async fn reset_password_by_first_token_applies_the_common_message_rule() {
    let c = ctx().await;
    c.reply(
        "resetPasswordByFirstLoginToken",
        json!({"code": 2207, "message": "bad token"}),
    )
    .await;
    let e = c
        .auth
        .reset_password_by_first_token("t", "p")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(2207));
}

#[tokio::test]
async fn reset_password_with_force_reset_encrypts_both_passwords() {
    let c = ctx().await;
    c.reply("resetPasswordByForceResetToken", Value::Null).await;
    let m = c
        .auth
        .reset_password_with_force_reset("force-tok", "Old-1", "New-2")
        .await
        .unwrap();
    assert_eq!(m.code, Some(200), "null is a success");
    let mut s = c.one().await;
    assert_eq!(s.take_password("/oldPassword"), "Old-1");
    assert_eq!(s.take_password("/newPassword"), "New-2");
    s.assert_op(
        &ops::RESET_PASSWORD_BY_FORCE_RESET_TOKEN,
        json!({"token": "force-tok"}),
    );
    s.assert_bearer(None);
}

#[tokio::test]
async fn reset_password_with_force_reset_wrong_old_password() {
    let c = ctx().await;
    c.reply_error(2203, "原始密码错误").await;
    let e = c
        .auth
        .reset_password_with_force_reset("t", "bad", "new")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(2203));
    let e = c
        .auth
        .reset_password_with_force_reset("t", "", "new")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn link_account_posts_both_tokens_in_the_body() {
    let c = Ctx::logged_in("held").await;
    c.reply_rest(
        "POST",
        "/api/v2/users/link",
        json!({"code": 200, "message": "绑定成功", "data": null}),
    )
    .await;
    let m = c
        .auth
        .link_account("primary-t", "secondary-t")
        .await
        .unwrap();
    assert_eq!(m.message.as_deref(), Some("绑定成功"));
    let s = c.one().await;
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("POST", "/api/v2/users/link")
    );
    assert_eq!(
        s.body,
        json!({"primaryUserToken": "primary-t", "secondaryUserToken": "secondary-t"})
    );
    s.assert_bearer(None);
    assert_eq!(c.token().as_deref(), Some("held"));
}

#[tokio::test]
async fn link_account_envelope_errors() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/users/link",
        json!({"code": 2207, "message": "登录信息无效", "data": null}),
    )
    .await;
    let e = c.auth.link_account("p", "s").await.unwrap_err();
    assert!(e.is_token_invalid());
    let e = c.auth.link_account("p", " ").await.unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn unlink_account_posts_the_provider() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/users/unlink",
        json!({"code": 200, "message": "解绑成功", "data": null}),
    )
    .await;
    c.auth.unlink_account("primary-t", "github").await.unwrap();
    let s = c.one().await;
    assert_eq!(s.path, "/api/v2/users/unlink");
    assert_eq!(
        s.body,
        json!({"primaryUserToken": "primary-t", "provider": "github"})
    );
    let e = c.auth.unlink_account("primary-t", "").await.unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn login_by_sub_account_sends_the_document_and_starts_a_session() {
    let c = ctx().await;
    let tok = jwt("u1", EXP);
    c.reply("loginBySubAccount", user("u1", Some(&tok))).await;
    let opts = LoginOptions {
        captcha_code: Some("cap".into()),
        client_ip: Some("10.0.0.1".into()),
        ..Default::default()
    };
    let u = c
        .auth
        .login_by_sub_account("ops", "Sub-pass1", &opts)
        .await
        .unwrap();
    assert_eq!(u.id, "u1");
    let mut s = c.one().await;
    assert_eq!(s.take_password("/password"), "Sub-pass1");
    s.assert_op(
        &ops::LOGIN_BY_SUB_ACCOUNT,
        json!({"account": "ops", "captchaCode": "cap", "clientIp": "10.0.0.1"}),
    );
    s.assert_bearer(None);
    assert_eq!(c.token(), Some(tok.clone()));
    assert_eq!(c.events(), vec![Some(tok)]);
}

#[tokio::test]
async fn login_by_sub_account_refuses_options_it_cannot_send() {
    let c = ctx().await;
    let opts = LoginOptions {
        auto_register: true,
        ..Default::default()
    };
    let e = c
        .auth
        .login_by_sub_account("ops", "p", &opts)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
    assert!(c.sent().await.is_empty());
}

#[tokio::test]
async fn login_by_sub_account_wrong_password() {
    let c = ctx().await;
    c.reply_error(2333, "账号或密码错误").await;
    let e = c
        .auth
        .login_by_sub_account("ops", "bad", &LoginOptions::default())
        .await
        .unwrap_err();
    assert!(e.is_wrong_password());
    assert!(c.auth.token().is_none());
}

#[tokio::test]
async fn login_by_ldap_posts_the_plain_password_and_adopts_the_user() {
    let c = ctx().await;
    let tok = jwt("u7", EXP);
    c.reply_rest(
        "POST",
        "/api/v2/ldap/verify-user",
        json!({"code": 200, "message": "登录成功", "data": user("u7", Some(&tok))}),
    )
    .await;
    let u = c.auth.login_by_ldap("alice", "dir-pass").await.unwrap();
    assert_eq!(u.id, "u7");
    let s = c.one().await;
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("POST", "/api/v2/ldap/verify-user")
    );
    assert_eq!(s.body, json!({"username": "alice", "password": "dir-pass"}));
    s.assert_bearer(None);
    assert_eq!(c.token(), Some(tok.clone()));
    assert_eq!(c.auth.current_user().map(|u| u.id), Some("u7".into()));
    assert_eq!(c.events(), vec![Some(tok)]);
}

#[tokio::test]
async fn login_by_ad_uses_the_ad_path() {
    let c = ctx().await;
    let tok = jwt("u8", EXP);
    c.reply_rest(
        "POST",
        "/api/v2/ad/verify-user",
        json!({"code": 200, "message": "登录成功", "data": user("u8", Some(&tok))}),
    )
    .await;
    c.auth.login_by_ad("bob", "ad-pass").await.unwrap();
    let s = c.one().await;
    assert_eq!(s.path, "/api/v2/ad/verify-user");
    assert_eq!(s.body, json!({"username": "bob", "password": "ad-pass"}));
}

#[tokio::test]
async fn directory_login_errors_leave_the_session() {
    let c = Ctx::logged_in("held").await;
    c.reply_rest(
        "POST",
        "/api/v2/ldap/verify-user",
        json!({"code": 2333, "message": "账号或密码错误", "data": null}),
    )
    .await;
    let e = c.auth.login_by_ldap("alice", "bad").await.unwrap_err();
    assert!(e.is_wrong_password());
    assert_eq!(c.token().as_deref(), Some("held"));

    // a user without a token is not a login
    let c = Ctx::logged_in("held").await;
    c.reply_rest(
        "POST",
        "/api/v2/ad/verify-user",
        json!({"code": 200, "message": "ok", "data": user("u9", None)}),
    )
    .await;
    let e = c.auth.login_by_ad("alice", "p").await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert_eq!(c.token().as_deref(), Some("held"));
    assert!(c.events().is_empty());

    let e = c.auth.login_by_ldap("", "p").await.unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn is_user_exists_sends_only_the_given_identifiers() {
    let c = ctx().await;
    c.reply("isUserExists", json!(true)).await;
    let q = UserLookup {
        email: Some("a@example.com".into()),
        phone: Some(" ".into()),
        ..Default::default()
    };
    assert!(c.auth.is_user_exists(&q).await.unwrap());
    let s = c.one().await;
    s.assert_op(&ops::IS_USER_EXISTS, json!({"email": "a@example.com"}));
    s.assert_bearer(None);
}

#[tokio::test]
async fn is_user_exists_sends_the_held_token_and_reads_false() {
    let c = Ctx::logged_in("held").await;
    c.reply("isUserExists", json!(false)).await;
    assert!(
        !c.auth
            .is_user_exists(&UserLookup::username("ghost"))
            .await
            .unwrap()
    );
    let s = c.one().await;
    s.assert_op(&ops::IS_USER_EXISTS, json!({"username": "ghost"}));
    s.assert_bearer(Some("held"));
}

#[tokio::test]
async fn is_user_exists_needs_an_identifier_and_a_boolean() {
    let c = ctx().await;
    let e = c
        .auth
        .is_user_exists(&UserLookup::default())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
    assert!(c.sent().await.is_empty());
    c.reply("isUserExists", Value::Null).await;
    let e = c
        .auth
        .is_user_exists(&UserLookup::external_id("x1"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
}

#[test]
fn compute_password_security_level_is_local() {
    use AuthenticationClient as A;
    assert_eq!(
        A::compute_password_security_level("123456"),
        PasswordSecurityLevel::Low
    );
    assert_eq!(
        A::compute_password_security_level("passw0rd"),
        PasswordSecurityLevel::Middle
    );
    assert_eq!(
        A::compute_password_security_level("Passw0rd-long"),
        PasswordSecurityLevel::High
    );
    assert_eq!(PasswordSecurityLevel::High.number(), 3);
}
