//! Wiremock tests of every method: the document and variables sent, encrypted
//! passwords, the bearer token, session state and errors.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use authing_authentication::operations as ops;
use authing_authentication::{
    AuthenticationClient, AuthenticationClientBuilder, EmailScene, Error, LoginOptions,
    RegisterOptions, RegisterProfile, RetryPolicy, UdfDataType, UdfValueInput, UpdateProfile,
};
use authing_core::Operation;
use authing_core::testing::{TEST_PUBLIC_KEY_PEM, decrypt_with_test_key};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------- helpers

/// A JWT-shaped user token (unsigned) for user `id` expiring at `exp`.
fn jwt(id: &str, exp: i64) -> String {
    let claims = json!({"data": {"id": id, "userPoolId": "pool1"}, "iat": exp - 100, "exp": exp});
    format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

const EXP: i64 = 1_900_000_000;

fn user(id: &str, token: Option<&str>) -> Value {
    json!({
        "id": id, "arn": format!("arn:cn:authing:pool1:user:{id}"), "userPoolId": "pool1",
        "username": "alice", "email": "alice@example.com", "nickname": null,
        "token": token, "password": null, "customData": []
    })
}

struct Ctx {
    server: MockServer,
    auth: AuthenticationClient,
    events: Arc<Mutex<Vec<Option<String>>>>,
}

/// What the client sent in one request.
struct Sent {
    method: String,
    path: String,
    query_params: Vec<(String, String)>,
    bearer: Option<String>,
    body: Value,
}

impl Sent {
    fn from(r: &Request) -> Self {
        Self {
            method: r.method.to_string(),
            path: r.url.path().to_owned(),
            query_params: r
                .url
                .query_pairs()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            bearer: r
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned()),
            body: serde_json::from_slice(&r.body).unwrap_or(Value::Null),
        }
    }

    /// Asserts that this is `op` with exactly `vars` (after `take_password`).
    fn assert_op(&self, op: &Operation, vars: Value) {
        assert_eq!(
            (self.method.as_str(), self.path.as_str()),
            ("POST", "/graphql/v2")
        );
        assert_eq!(
            self.body["query"],
            json!(op.full_document()),
            "document of {}",
            op.name
        );
        assert_eq!(self.body["variables"], vars, "variables of {}", op.name);
    }

    /// Removes the encrypted password at `pointer` (e.g. `/input/password`) from the
    /// variables and returns it decrypted with the test key.
    fn take_password(&mut self, pointer: &str) -> String {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let obj = self
            .body
            .pointer_mut(&format!("/variables{parent}"))
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no {parent}"));
        let enc = obj.remove(key).unwrap_or_else(|| panic!("no {pointer}"));
        let enc = enc.as_str().unwrap();
        assert_eq!(enc.len(), 172, "base64 of a 1024-bit RSA ciphertext");
        decrypt_with_test_key(enc).expect("password decrypts with the test key")
    }

    fn assert_bearer(&self, token: Option<&str>) {
        assert_eq!(self.bearer, token.map(|t| format!("Bearer {t}")));
    }
}

async fn ctx() -> Ctx {
    ctx_with(|b| b).await
}

async fn ctx_with(
    f: impl FnOnce(AuthenticationClientBuilder) -> AuthenticationClientBuilder,
) -> Ctx {
    let server = MockServer::start().await;
    let events: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let ev = events.clone();
    let builder = AuthenticationClient::builder()
        .host(server.uri())
        .user_pool_id("pool1")
        .public_key(TEST_PUBLIC_KEY_PEM)
        .retry(RetryPolicy::disabled())
        .on_token_change(move |t| ev.lock().unwrap().push(t.map(str::to_owned)));
    let auth = f(builder).build().unwrap();
    Ctx {
        server,
        auth,
        events,
    }
}

impl Ctx {
    /// A context already holding `token` (user `u1`), with no hook event recorded.
    async fn logged_in(token: &str) -> Self {
        let c = ctx().await;
        c.auth.set_token(token).unwrap();
        c.events.lock().unwrap().clear();
        c
    }

    async fn reply(&self, root: &str, data: Value) {
        self.reply_raw(json!({ "data": { root: data } })).await;
    }

    async fn reply_raw(&self, body: Value) {
        Mock::given(method("POST"))
            .and(path("/graphql/v2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&self.server)
            .await;
    }

    async fn reply_error(&self, code: i64, message: &str) {
        self.reply_raw(json!({
            "errors": [{ "message": { "code": code, "message": message, "data": null } }],
            "data": null
        }))
        .await;
    }

    async fn reply_rest(&self, verb: &str, p: &str, body: Value) {
        Mock::given(method(verb))
            .and(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&self.server)
            .await;
    }

    async fn sent(&self) -> Vec<Sent> {
        self.server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(Sent::from)
            .collect()
    }

    /// The single request sent.
    async fn one(&self) -> Sent {
        let mut all = self.sent().await;
        assert_eq!(all.len(), 1, "expected exactly one request");
        all.pop().unwrap()
    }

    fn events(&self) -> Vec<Option<String>> {
        self.events.lock().unwrap().clone()
    }

    fn token(&self) -> Option<String> {
        self.auth.token().map(|t| t.into_inner())
    }
}

// ---------------------------------------------------------------- builder & session

#[test]
fn client_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<AuthenticationClient>();
}

#[test]
fn build_needs_pool_or_app() {
    let e = AuthenticationClient::builder().build().unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e}");
    AuthenticationClient::builder()
        .app_id("app1")
        .build()
        .unwrap();
    let e = AuthenticationClient::builder()
        .user_pool_id("p")
        .host("not a url")
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::Config(_)));
}

#[tokio::test]
async fn access_token_starts_a_session_without_hook() {
    let t = jwt("u1", EXP);
    let c = ctx_with(|b| b.access_token(t.clone())).await;
    assert_eq!(c.token().as_deref(), Some(t.as_str()));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64))
    );
    assert!(c.auth.current_user().is_none());
    assert!(c.events().is_empty());
    let debug = format!("{:?}", c.auth);
    assert!(
        !debug.contains(&t) && debug.contains("logged_in: true"),
        "{debug}"
    );
    let b = AuthenticationClient::builder().access_token(t.clone());
    assert!(!format!("{b:?}").contains(&t));
}

#[tokio::test]
async fn set_token_and_clear_session_call_the_hook_on_change_only() {
    let c = ctx().await;
    assert_eq!(c.auth.token_expires_at(), None);
    c.auth.set_token("opaque-token").unwrap();
    c.auth.set_token("opaque-token").unwrap();
    assert_eq!(c.auth.token_expires_at(), None, "not a JWT");
    let clone = c.auth.clone();
    clone.set_token(jwt("u2", EXP)).unwrap();
    assert_eq!(c.token(), Some(jwt("u2", EXP)), "clones share the session");
    c.auth.clear_session();
    c.auth.clear_session();
    c.auth.set_token("").unwrap();
    assert_eq!(
        c.events(),
        vec![Some("opaque-token".into()), Some(jwt("u2", EXP)), None]
    );
}

#[tokio::test]
async fn methods_needing_a_token_fail_before_any_request() {
    let c = ctx().await;
    let a = &c.auth;
    let results: Vec<(&str, Error)> = vec![
        ("get_current_user", a.get_current_user().await.unwrap_err()),
        (
            "check_login_status",
            a.check_login_status(None).await.unwrap_err(),
        ),
        ("refresh_token", a.refresh_token().await.unwrap_err()),
        ("logout", a.logout().await.unwrap_err()),
        (
            "update_profile",
            a.update_profile(UpdateProfile::default())
                .await
                .unwrap_err(),
        ),
        (
            "update_password",
            a.update_password("n", Some("o")).await.unwrap_err(),
        ),
        (
            "update_phone",
            a.update_phone("p", "c", None, None).await.unwrap_err(),
        ),
        (
            "update_email",
            a.update_email("e", "c", None, None).await.unwrap_err(),
        ),
        ("bind_phone", a.bind_phone("p", "c").await.unwrap_err()),
        ("unbind_phone", a.unbind_phone().await.unwrap_err()),
        ("bind_email", a.bind_email("e", "c").await.unwrap_err()),
        ("unbind_email", a.unbind_email().await.unwrap_err()),
        ("udv", a.udv().await.unwrap_err()),
        ("set_udv", a.set_udv("k", 1).await.unwrap_err()),
        ("remove_udv", a.remove_udv("k").await.unwrap_err()),
    ];
    for (name, e) in results {
        assert!(matches!(e, Error::NotLoggedIn), "{name}: {e}");
        assert!(e.is_not_logged_in());
    }
    assert_eq!(c.sent().await.len(), 0);
}

#[tokio::test]
async fn blank_arguments_are_rejected_before_any_request() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    let a = &c.auth;
    for e in [
        a.login_by_username("", "pw", LoginOptions::default())
            .await
            .unwrap_err(),
        a.register_by_email("a@b.c", " ", RegisterOptions::default())
            .await
            .unwrap_err(),
        a.send_sms_code("").await.unwrap_err(),
        a.reset_password_by_email_code("a@b.c", "", "pw")
            .await
            .unwrap_err(),
        a.set_udv("", 1).await.unwrap_err(),
        a.check_login_status(Some("")).await.unwrap_err(),
        a.login_by_phone_code(
            "p",
            "c",
            LoginOptions {
                captcha_code: Some("x".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err(),
    ] {
        assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
    }
    assert_eq!(c.sent().await.len(), 0);
}

// ---------------------------------------------------------------- register

#[tokio::test]
async fn register_by_email_sends_every_option_and_keeps_the_session() {
    let held = jwt("u0", EXP);
    let c = Ctx::logged_in(&held).await;
    c.reply("registerByEmail", user("u1", None)).await;
    let options = RegisterOptions {
        profile: Some(RegisterProfile {
            nickname: Some("Ali".into()),
            given_name: Some("Alice".into()),
            udf: vec![UdfValueInput::new("nick", "al")],
            ..Default::default()
        }),
        client_ip: Some("1.2.3.4".into()),
        context: Some(json!({"source": "test"})),
        ..Default::default()
    }
    .with_custom_data("school", "ucla")
    .with_custom_data("age", 18);
    let u = c
        .auth
        .register_by_email("alice@example.com", "s3cret", options)
        .await
        .unwrap();
    assert_eq!(u.id, "u1");
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::REGISTER_BY_EMAIL,
        json!({"input": {
            "email": "alice@example.com",
            "profile": {"nickname": "Ali", "givenName": "Alice", "udf": [{"key": "nick", "value": "al"}]},
            "clientIp": "1.2.3.4",
            "params": r#"[{"key":"age","value":18},{"key":"school","value":"ucla"}]"#,
            "context": r#"{"source":"test"}"#,
        }}),
    );
    s.assert_bearer(None);
    // no token in the answer: the session held before is untouched
    assert_eq!(c.token(), Some(held));
    assert!(c.auth.current_user().is_none());
    assert!(c.events().is_empty());
}

#[tokio::test]
async fn register_by_username_with_force_login_holds_the_new_session() {
    let c = ctx().await;
    let t = jwt("u1", EXP);
    c.reply("registerByUsername", user("u1", Some(&t))).await;
    let options = RegisterOptions {
        force_login: true,
        generate_token: true,
        ..Default::default()
    };
    c.auth
        .register_by_username("alice", "s3cret", options)
        .await
        .unwrap();
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::REGISTER_BY_USERNAME,
        json!({"input": {"username": "alice", "forceLogin": true, "generateToken": true}}),
    );
    s.assert_bearer(None);
    assert_eq!(c.token(), Some(t.clone()));
    assert_eq!(c.auth.current_user().unwrap().id, "u1");
    assert_eq!(c.events(), vec![Some(t)]);
}

#[tokio::test]
async fn register_by_phone_code_with_and_without_password() {
    let c = ctx().await;
    c.reply("registerByPhoneCode", user("u1", None)).await;
    c.auth
        .register_by_phone_code("+86138", "1234", Some("pw1"), RegisterOptions::default())
        .await
        .unwrap();
    c.auth
        .register_by_phone_code("+86138", "1234", None, RegisterOptions::default())
        .await
        .unwrap();
    let mut sent = c.sent().await;
    assert_eq!(sent[0].take_password("/input/password"), "pw1");
    for s in &sent {
        s.assert_op(
            &ops::REGISTER_BY_PHONE_CODE,
            json!({"input": {"phone": "+86138", "code": "1234"}}),
        );
        s.assert_bearer(None);
    }
    assert!(c.token().is_none());
}

#[tokio::test]
async fn register_of_an_existing_user_is_2026() {
    let c = ctx().await;
    c.reply_error(2026, "用户已存在，请不要重复注册").await;
    let e = c
        .auth
        .register_by_email("a@example.com", "pw", RegisterOptions::default())
        .await
        .unwrap_err();
    assert!(e.is_user_exists(), "{e}");
    assert_eq!(e.code(), Some(2026));
}

// ---------------------------------------------------------------- login

#[tokio::test]
async fn login_by_email_holds_user_and_token() {
    let held = jwt("u0", EXP);
    let c = Ctx::logged_in(&held).await;
    let t = jwt("u1", EXP + 60);
    c.reply("loginByEmail", user("u1", Some(&t))).await;
    let u = c
        .auth
        .login_by_email("alice@example.com", "s3cret", LoginOptions::default())
        .await
        .unwrap();
    assert_eq!(u.token.as_ref().unwrap().expose(), t);
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::LOGIN_BY_EMAIL,
        json!({"input": {"email": "alice@example.com"}}),
    );
    s.assert_bearer(None);
    assert_eq!(c.token(), Some(t.clone()));
    assert_eq!(c.auth.current_user(), Some(u));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64 + 60))
    );
    assert_eq!(c.events(), vec![Some(t)]);
}

#[tokio::test]
async fn login_by_username_sends_login_options() {
    let c = ctx().await;
    c.reply("loginByUsername", user("u1", Some(&jwt("u1", EXP))))
        .await;
    let options = LoginOptions {
        auto_register: true,
        captcha_code: Some("abcd".into()),
        client_ip: Some("1.2.3.4".into()),
        ..Default::default()
    }
    .with_custom_data("k", json!({"a": 1}));
    c.auth
        .login_by_username("alice", "s3cret", options)
        .await
        .unwrap();
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "s3cret");
    s.assert_op(
        &ops::LOGIN_BY_USERNAME,
        json!({"input": {
            "username": "alice", "autoRegister": true, "captchaCode": "abcd",
            "clientIp": "1.2.3.4", "params": r#"[{"key":"k","value":{"a":1}}]"#,
        }}),
    );
    s.assert_bearer(None);
}

#[tokio::test]
async fn login_by_phone_code_and_phone_password() {
    let held = jwt("u0", EXP);
    let c = Ctx::logged_in(&held).await;
    c.reply("loginByPhoneCode", user("u1", Some(&jwt("u1", EXP))))
        .await;
    c.auth
        .login_by_phone_code("+86138", "1234", LoginOptions::default())
        .await
        .unwrap();
    let s = c.one().await;
    s.assert_op(
        &ops::LOGIN_BY_PHONE_CODE,
        json!({"input": {"phone": "+86138", "code": "1234"}}),
    );
    s.assert_bearer(None);

    let c = Ctx::logged_in(&held).await;
    c.reply("loginByPhonePassword", user("u2", Some(&jwt("u2", EXP))))
        .await;
    c.auth
        .login_by_phone_password("+86138", "pw", LoginOptions::default())
        .await
        .unwrap();
    let mut s = c.one().await;
    assert_eq!(s.take_password("/input/password"), "pw");
    s.assert_op(
        &ops::LOGIN_BY_PHONE_PASSWORD,
        json!({"input": {"phone": "+86138"}}),
    );
    s.assert_bearer(None);
    assert_eq!(c.auth.current_user().unwrap().id, "u2");
}

#[tokio::test]
async fn login_errors_keep_the_session() {
    for (code, check) in [
        (2004, Error::is_user_not_found as fn(&Error) -> bool),
        (2333, Error::is_wrong_password),
        (2006, Error::is_wrong_password),
    ] {
        let held = jwt("u0", EXP);
        let c = Ctx::logged_in(&held).await;
        c.reply_error(code, "nope").await;
        let e = c
            .auth
            .login_by_username("alice", "bad", LoginOptions::default())
            .await
            .unwrap_err();
        assert!(check(&e), "{code}: {e}");
        assert_eq!(e.code(), Some(code));
        assert_eq!(c.token(), Some(held));
        assert!(c.events().is_empty());
    }
}

#[tokio::test]
async fn login_returning_null_is_a_decode_error() {
    let c = ctx().await;
    c.reply("loginByEmail", Value::Null).await;
    let e = c
        .auth
        .login_by_email("a@example.com", "pw", LoginOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e}");
    assert!(c.token().is_none());
}

// ---------------------------------------------------------------- session calls

#[tokio::test]
async fn get_current_user_sends_the_token_and_holds_the_user() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply("user", user("u1", None)).await;
    let u = c.auth.get_current_user().await.unwrap();
    let s = c.one().await;
    s.assert_op(&ops::USER, json!({}));
    s.assert_bearer(Some(&t));
    assert_eq!(c.auth.current_user(), Some(u));
    assert_eq!(
        c.token(),
        Some(t),
        "a user without token keeps the held token"
    );
    assert!(c.events().is_empty());
}

#[tokio::test]
async fn check_login_status_sends_the_token_as_variable_only() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply(
        "checkLoginStatus",
        json!({"code": 2207, "message": "invalid", "status": false, "exp": null, "iat": null, "data": null}),
    )
    .await;
    let st = c.auth.check_login_status(None).await.unwrap();
    assert_eq!((st.code, st.status), (Some(2207), Some(false)));
    c.auth.check_login_status(Some("other")).await.unwrap();
    let sent = c.sent().await;
    sent[0].assert_op(&ops::CHECK_LOGIN_STATUS, json!({"token": t}));
    sent[1].assert_op(&ops::CHECK_LOGIN_STATUS, json!({"token": "other"}));
    for s in &sent {
        s.assert_bearer(None);
    }
    assert_eq!(
        c.token(),
        Some(t),
        "status answers do not change the session"
    );
}

#[tokio::test]
async fn refresh_token_replaces_the_token() {
    let old = jwt("u1", EXP);
    let new = jwt("u1", EXP + 1000);
    let c = ctx_with(|b| b.access_token(old.clone())).await;
    c.reply(
        "refreshToken",
        json!({"token": new, "iat": EXP, "exp": EXP + 1000}),
    )
    .await;
    let r = c.auth.refresh_token().await.unwrap();
    assert_eq!(r.exp, Some(EXP + 1000));
    let s = c.one().await;
    s.assert_op(&ops::REFRESH_TOKEN, json!({}));
    s.assert_bearer(Some(&old));
    assert_eq!(c.token(), Some(new.clone()));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64 + 1000))
    );
    assert_eq!(c.events(), vec![Some(new)]);
}

#[tokio::test]
async fn refresh_of_an_opaque_token_uses_the_exp_sent() {
    let c = Ctx::logged_in("opaque-1").await;
    c.reply(
        "refreshToken",
        json!({"token": "opaque-2", "iat": 1, "exp": 1000}),
    )
    .await;
    c.auth.refresh_token().await.unwrap();
    assert_eq!(c.token().as_deref(), Some("opaque-2"));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1000))
    );
}

#[tokio::test]
async fn logout_calls_the_endpoint_then_clears_the_session() {
    let t = jwt("u1", EXP);
    let c = ctx_with(|b| b.app_id("app1")).await;
    c.reply("loginByUsername", user("u1", Some(&t))).await;
    c.reply_rest(
        "GET",
        "/api/v2/logout",
        json!({"code": 200, "message": "ok"}),
    )
    .await;
    c.auth
        .login_by_username("alice", "pw", LoginOptions::default())
        .await
        .unwrap();
    c.auth.logout().await.unwrap();
    let sent = c.sent().await;
    assert_eq!(sent.len(), 2);
    let s = &sent[1];
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("GET", "/api/v2/logout")
    );
    assert_eq!(
        s.query_params,
        vec![("app_id".to_owned(), "app1".to_owned())]
    );
    s.assert_bearer(Some(&t));
    assert!(c.token().is_none() && c.auth.current_user().is_none());
    assert_eq!(c.events(), vec![Some(t), None]);
}

#[tokio::test]
async fn logout_with_a_rejected_token_still_clears() {
    for code in [2020, 2206, 2207] {
        let c = Ctx::logged_in("stale").await;
        c.reply_rest(
            "GET",
            "/api/v2/logout",
            json!({"code": code, "message": "x"}),
        )
        .await;
        c.auth.logout().await.unwrap();
        let s = c.one().await;
        assert!(s.query_params.is_empty(), "no app_id configured");
        assert!(c.token().is_none(), "{code}");
        assert_eq!(c.events(), vec![None]);
    }
}

#[tokio::test]
async fn logout_failing_otherwise_keeps_the_session() {
    let c = Ctx::logged_in("tok").await;
    c.reply_rest(
        "GET",
        "/api/v2/logout",
        json!({"code": 500, "message": "busy"}),
    )
    .await;
    let e = c.auth.logout().await.unwrap_err();
    assert_eq!(e.code(), Some(500));
    assert_eq!(c.token().as_deref(), Some("tok"));
}

// ---------------------------------------------------------------- codes & reset

#[tokio::test]
async fn send_sms_code_posts_the_phone_without_token() {
    let c = Ctx::logged_in("tok").await;
    c.reply_rest(
        "POST",
        "/api/v2/sms/send",
        json!({"code": 200, "message": "发送成功"}),
    )
    .await;
    let m = c.auth.send_sms_code("+86138").await.unwrap();
    assert!(m.is_ok());
    assert_eq!(m.message.as_deref(), Some("发送成功"));
    let s = c.one().await;
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("POST", "/api/v2/sms/send")
    );
    assert_eq!(s.body, json!({"phone": "+86138"}));
    s.assert_bearer(None);
}

#[tokio::test]
async fn send_sms_code_envelope_errors_are_api_errors() {
    let c = ctx().await;
    c.reply_rest(
        "POST",
        "/api/v2/sms/send",
        json!({"code": 2100, "message": "发送过于频繁", "data": null}),
    )
    .await;
    let e = c.auth.send_sms_code("+86138").await.unwrap_err();
    let api = e.as_api().expect("api error");
    assert_eq!((api.code, api.message.as_str()), (2100, "发送过于频繁"));

    let c = ctx().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&c.server)
        .await;
    let e = c.auth.send_sms_code("+86138").await.unwrap_err();
    assert_eq!(e.http_status(), Some(502));
}

#[tokio::test]
async fn send_email_sends_the_scene() {
    let c = Ctx::logged_in("tok").await;
    c.reply("sendEmail", json!({"message": "ok", "code": 200}))
        .await;
    let m = c
        .auth
        .send_email("a@example.com", EmailScene::ResetPassword)
        .await
        .unwrap();
    assert!(m.is_ok());
    let s = c.one().await;
    s.assert_op(
        &ops::SEND_EMAIL,
        json!({"email": "a@example.com", "scene": "RESET_PASSWORD"}),
    );
    s.assert_bearer(None);
}

#[tokio::test]
async fn check_password_strength_sends_plain_text_without_token() {
    let c = Ctx::logged_in("tok").await;
    c.reply(
        "checkPasswordStrength",
        json!({"valid": false, "message": "too short"}),
    )
    .await;
    let r = c.auth.check_password_strength("abc").await.unwrap();
    assert!(!r.valid);
    assert_eq!(r.message.as_deref(), Some("too short"));
    let s = c.one().await;
    s.assert_op(&ops::CHECK_PASSWORD_STRENGTH, json!({"password": "abc"}));
    s.assert_bearer(None);
}

#[tokio::test]
async fn reset_password_by_phone_and_email_code() {
    let c = Ctx::logged_in("tok").await;
    c.reply("resetPassword", json!({"message": "ok", "code": 200}))
        .await;
    c.auth
        .reset_password_by_phone_code("+86138", "1234", "new-pw")
        .await
        .unwrap();
    c.auth
        .reset_password_by_email_code("a@example.com", "5678", "new-pw2")
        .await
        .unwrap();
    let mut sent = c.sent().await;
    assert_eq!(sent[0].take_password("/newPassword"), "new-pw");
    sent[0].assert_op(
        &ops::RESET_PASSWORD,
        json!({"phone": "+86138", "code": "1234"}),
    );
    assert_eq!(sent[1].take_password("/newPassword"), "new-pw2");
    sent[1].assert_op(
        &ops::RESET_PASSWORD,
        json!({"email": "a@example.com", "code": "5678"}),
    );
    for s in &sent {
        s.assert_bearer(None);
    }
    assert_eq!(c.token().as_deref(), Some("tok"));
}

// ---------------------------------------------------------------- profile & account

#[tokio::test]
async fn update_profile_sends_the_user_id_and_only_set_fields() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    let mut returned = user("u1", None);
    returned["nickname"] = json!("Nick");
    c.reply("updateUser", returned).await;
    let u = c
        .auth
        .update_profile(UpdateProfile {
            nickname: Some("Nick".into()),
            postal_code: Some("100000".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(u.nickname.as_deref(), Some("Nick"));
    let s = c.one().await;
    s.assert_op(
        &ops::UPDATE_USER,
        json!({"id": "u1", "input": {"nickname": "Nick", "postalCode": "100000"}}),
    );
    s.assert_bearer(Some(&t));
    assert_eq!(
        c.auth.current_user().unwrap().nickname.as_deref(),
        Some("Nick")
    );
    assert_eq!(c.token(), Some(t));
}

#[tokio::test]
async fn update_password_encrypts_both_passwords() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply("updatePassword", user("u1", None)).await;
    c.auth
        .update_password("new-pw", Some("old-pw"))
        .await
        .unwrap();
    c.auth.update_password("first-pw", None).await.unwrap();
    let mut sent = c.sent().await;
    assert_eq!(sent[0].take_password("/newPassword"), "new-pw");
    assert_eq!(sent[0].take_password("/oldPassword"), "old-pw");
    assert_eq!(sent[1].take_password("/newPassword"), "first-pw");
    for s in &sent {
        s.assert_op(&ops::UPDATE_PASSWORD, json!({}));
        s.assert_bearer(Some(&t));
    }
}

#[tokio::test]
async fn update_phone_and_update_email_send_their_own_documents() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply_raw(
        json!({"data": {"updatePhone": user("u1", None), "updateEmail": user("u1", None)}}),
    )
    .await;
    c.auth
        .update_phone("+86139", "1111", Some("+86138"), Some("2222"))
        .await
        .unwrap();
    c.auth
        .update_email("new@example.com", "3333", None, None)
        .await
        .unwrap();
    let sent = c.sent().await;
    sent[0].assert_op(
        &ops::UPDATE_PHONE,
        json!({"phone": "+86139", "phoneCode": "1111", "oldPhone": "+86138", "oldPhoneCode": "2222"}),
    );
    // The seed Python SDK sent the updatePhone document here; we send updateEmail.
    sent[1].assert_op(
        &ops::UPDATE_EMAIL,
        json!({"email": "new@example.com", "emailCode": "3333"}),
    );
    assert!(
        ops::UPDATE_EMAIL
            .document
            .starts_with("mutation updateEmail(")
    );
    for s in &sent {
        s.assert_bearer(Some(&t));
    }
}

#[tokio::test]
async fn bind_and_unbind_phone_and_email() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply_raw(json!({"data": {
        "bindPhone": user("u1", None), "unbindPhone": user("u1", None),
        "bindEmail": user("u1", None), "unbindEmail": user("u1", None),
    }}))
    .await;
    c.auth.bind_phone("+86138", "1234").await.unwrap();
    c.auth.unbind_phone().await.unwrap();
    c.auth.bind_email("a@example.com", "5678").await.unwrap();
    c.auth.unbind_email().await.unwrap();
    let sent = c.sent().await;
    sent[0].assert_op(
        &ops::BIND_PHONE,
        json!({"phone": "+86138", "phoneCode": "1234"}),
    );
    sent[1].assert_op(&ops::UNBIND_PHONE, json!({}));
    sent[2].assert_op(
        &ops::BIND_EMAIL,
        json!({"email": "a@example.com", "emailCode": "5678"}),
    );
    sent[3].assert_op(&ops::UNBIND_EMAIL, json!({}));
    for s in &sent {
        s.assert_bearer(Some(&t));
    }
    assert_eq!(c.auth.current_user().unwrap().id, "u1");
}

#[tokio::test]
async fn invalid_token_on_a_user_call_is_2207_and_keeps_the_session() {
    let c = Ctx::logged_in("revoked").await;
    c.reply_error(2207, "登录信息无效").await;
    let e = c
        .auth
        .update_profile(UpdateProfile::default())
        .await
        .unwrap_err();
    assert!(e.is_token_invalid(), "{e}");
    assert_eq!(c.token().as_deref(), Some("revoked"));
}

#[tokio::test]
async fn a_user_answer_for_a_replaced_token_is_not_adopted() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"user": user("u1", None)}}))
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let pending = tokio::spawn(async move { auth.get_current_user().await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    c.auth.set_token(jwt("u2", EXP)).unwrap();
    pending.await.unwrap().unwrap();
    assert!(
        c.auth.current_user().is_none(),
        "u1 must not become u2's user"
    );
    assert_eq!(c.token(), Some(jwt("u2", EXP)));
}

// ---------------------------------------------------------------- custom data

fn udv_list() -> Value {
    json!([
        {"key": "school", "dataType": "STRING", "value": "ucla", "label": "School"},
        {"key": "age", "dataType": "NUMBER", "value": "18", "label": null},
        {"key": "vip", "dataType": "BOOLEAN", "value": "true"},
        {"key": "prefs", "dataType": "OBJECT", "value": "{\"color\":\"red\"}"},
        {"key": "born", "dataType": "DATETIME", "value": "1602756997950"},
    ])
}

#[tokio::test]
async fn udv_uses_the_token_user_id_and_decodes_values() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply("udv", udv_list()).await;
    let values = c.auth.udv().await.unwrap();
    let s = c.one().await;
    s.assert_op(&ops::UDV, json!({"targetType": "USER", "targetId": "u1"}));
    s.assert_bearer(Some(&t));
    let got: Vec<(&str, Value)> = values
        .iter()
        .map(|v| (v.key.as_str(), v.value.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("school", json!("ucla")),
            ("age", json!(18)),
            ("vip", json!(true)),
            ("prefs", json!({"color": "red"})),
            ("born", json!(1_602_756_997_950_i64)),
        ]
    );
    assert_eq!(values[0].label.as_deref(), Some("School"));
    assert_eq!(values[1].data_type, UdfDataType::Number);
    assert_eq!(values[1].raw, "18");
}

#[tokio::test]
async fn udv_with_an_opaque_token_asks_for_the_user_first() {
    let c = Ctx::logged_in("opaque").await;
    c.reply_raw(json!({"data": {"user": user("u9", None), "udv": []}}))
        .await;
    assert!(c.auth.udv().await.unwrap().is_empty());
    let sent = c.sent().await;
    assert_eq!(sent.len(), 2);
    sent[0].assert_op(&ops::USER, json!({}));
    sent[1].assert_op(&ops::UDV, json!({"targetType": "USER", "targetId": "u9"}));
    // the user is now held: no further lookup
    c.auth.udv().await.unwrap();
    assert_eq!(c.sent().await.len(), 3);
}

#[tokio::test]
async fn set_udv_sends_json_text_and_remove_udv_the_key() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply_raw(json!({"data": {"setUdv": udv_list(), "removeUdv": null}}))
        .await;
    let after = c.auth.set_udv("school", "ucla").await.unwrap();
    assert_eq!(after.len(), 5);
    c.auth.set_udv("age", 18).await.unwrap();
    c.auth
        .set_udv("prefs", json!({"color": "red"}))
        .await
        .unwrap();
    assert!(c.auth.remove_udv("school").await.unwrap().is_empty());
    let sent = c.sent().await;
    let set = |key: &str, value: &str| json!({"targetType": "USER", "targetId": "u1", "key": key, "value": value});
    sent[0].assert_op(&ops::SET_UDV, set("school", "\"ucla\""));
    sent[1].assert_op(&ops::SET_UDV, set("age", "18"));
    sent[2].assert_op(&ops::SET_UDV, set("prefs", r#"{"color":"red"}"#));
    sent[3].assert_op(
        &ops::REMOVE_UDV,
        json!({"targetType": "USER", "targetId": "u1", "key": "school"}),
    );
    for s in &sent {
        s.assert_bearer(Some(&t));
    }
}

// ---------------------------------------------------------------- misc

#[tokio::test]
async fn the_token_hook_sees_every_change_in_order() {
    let c = ctx().await;
    c.reply_raw(json!({"data": {
        "loginByEmail": user("u1", Some("t1")),
        "refreshToken": {"token": "t2", "iat": 1, "exp": 2},
    }}))
    .await;
    c.reply_rest(
        "GET",
        "/api/v2/logout",
        json!({"code": 200, "message": "ok"}),
    )
    .await;
    c.auth
        .login_by_email("a@example.com", "pw", LoginOptions::default())
        .await
        .unwrap();
    c.auth.refresh_token().await.unwrap();
    assert_eq!(
        c.auth.current_user().unwrap().token.unwrap().expose(),
        "t2",
        "the held user carries the new token"
    );
    c.auth.logout().await.unwrap();
    assert_eq!(c.events(), vec![Some("t1".into()), Some("t2".into()), None]);
}

#[tokio::test]
async fn headers_identify_the_pool_and_sdk() {
    let c = ctx_with(|b| b.app_id("app1")).await;
    c.reply("checkPasswordStrength", json!({"valid": true}))
        .await;
    c.auth.check_password_strength("Str0ng!pass").await.unwrap();
    let r = &c.server.received_requests().await.unwrap()[0];
    assert_eq!(r.headers.get("x-authing-userpool-id").unwrap(), "pool1");
    assert_eq!(r.headers.get("x-authing-app-id").unwrap(), "app1");
    assert_eq!(r.headers.get("x-authing-request-from").unwrap(), "sdk");
}

// ---------------------------------------------------------------- review fixes

#[test]
fn debug_of_options_and_custom_data_hides_secret_values() {
    let login = LoginOptions {
        captcha_code: Some("CAPTCHA-4711".into()),
        context: Some(json!({"ctx": "CONTEXT-SECRET"})),
        ..Default::default()
    }
    .with_custom_data("school", "CUSTOM-SECRET")
    .with_custom_data("age", 18);
    let d = format!("{login:?}");
    for secret in ["CAPTCHA-4711", "CONTEXT-SECRET", "CUSTOM-SECRET", "school"] {
        assert!(!d.contains(secret), "{secret} in {d}");
    }
    assert!(d.contains("captcha_code: Some([redacted])"), "{d}");
    assert!(d.contains("[2 keys redacted]"), "{d}");
    assert!(d.contains("context: Some([redacted])"), "{d}");
    let d = format!("{:?}", LoginOptions::default());
    assert!(
        d.contains("captcha_code: None") && d.contains("context: None"),
        "{d}"
    );

    let profile = RegisterProfile {
        nickname: Some("PROFILE-NICK".into()),
        oauth: Some("OAUTH-SECRET".into()),
        udf: vec![UdfValueInput::new("nick", "UDF-SECRET")],
        ..Default::default()
    };
    let register = RegisterOptions {
        profile: Some(profile.clone()),
        context: Some(json!("CONTEXT-SECRET")),
        ..Default::default()
    }
    .with_custom_data("k", "CUSTOM-SECRET");
    let d = format!("{register:?}");
    for secret in [
        "PROFILE-NICK",
        "OAUTH-SECRET",
        "UDF-SECRET",
        "CONTEXT-SECRET",
        "CUSTOM-SECRET",
    ] {
        assert!(!d.contains(secret), "{secret} in {d}");
    }
    assert!(d.contains("profile: Some([redacted])"), "{d}");
    assert!(d.contains("[1 keys redacted]"), "{d}");

    let d = format!("{profile:?}");
    assert!(
        !d.contains("OAUTH-SECRET") && !d.contains("UDF-SECRET"),
        "{d}"
    );
    assert!(d.contains("PROFILE-NICK") && d.contains("\"nick\""), "{d}");
}

#[tokio::test]
async fn debug_of_custom_data_values_hides_the_values() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply(
        "udv",
        json!([{"key": "ssn", "dataType": "STRING", "value": "UDV-SECRET", "label": "SSN"}]),
    )
    .await;
    let values = c.auth.udv().await.unwrap();
    assert_eq!(values[0].value, json!("UDV-SECRET"));
    let d = format!("{values:?}");
    assert!(!d.contains("UDV-SECRET"), "{d}");
    assert!(d.contains("\"ssn\"") && d.contains("SSN"), "{d}");
}

type Events = Arc<Mutex<Vec<Option<String>>>>;

/// A context whose token hook records the events (in the returned list) and then
/// runs `then` with the client and the token, from inside the hook. The client is
/// reached through a slot filled after `build`.
async fn ctx_with_hook(
    then: impl Fn(&AuthenticationClient, Option<&str>) + Send + Sync + 'static,
) -> (Ctx, Events) {
    let slot: Arc<Mutex<Option<AuthenticationClient>>> = Arc::default();
    let events: Events = Arc::default();
    let (hook_slot, hook_events) = (slot.clone(), events.clone());
    let c = ctx_with(move |b| {
        b.on_token_change(move |t| {
            hook_events.lock().unwrap().push(t.map(str::to_owned));
            let client = hook_slot.lock().unwrap().clone();
            if let Some(client) = client {
                then(&client, t);
            }
        })
    })
    .await;
    *slot.lock().unwrap() = Some(c.auth.clone());
    (c, events)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_hook_may_clear_the_session() {
    let t = jwt("u1", EXP);
    let (c, events) = ctx_with_hook(|client, token| {
        if token.is_some() {
            client.clear_session();
        }
    })
    .await;
    c.reply("loginByEmail", user("u1", Some(&t))).await;
    let auth = c.auth.clone();
    let login = tokio::spawn(async move {
        auth.login_by_email("a@example.com", "pw", LoginOptions::default())
            .await
    });
    tokio::time::timeout(Duration::from_secs(10), login)
        .await
        .expect("no deadlock")
        .unwrap()
        .unwrap();
    assert_eq!(*events.lock().unwrap(), vec![Some(t), None]);
    assert!(c.token().is_none() && c.auth.current_user().is_none());

    // also from set_token, synchronously on this thread
    c.auth.set_token("t2").unwrap();
    assert_eq!(events.lock().unwrap()[2..], [Some("t2".into()), None]);
    assert!(c.token().is_none());
}

#[test]
fn a_slow_token_hook_does_not_block_other_changes_and_gets_the_latest_token() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (entered_tx, entered_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let gate = Mutex::new(Some((entered_tx, release_rx)));
    let (c, events) = rt.block_on(ctx_with_hook(move |_, token| {
        if token == Some("t1") {
            if let Some((entered, release)) = gate.lock().unwrap().take() {
                entered.send(()).unwrap();
                release.recv().unwrap();
            }
        }
    }));
    let auth = c.auth.clone();
    let slow = std::thread::spawn(move || auth.set_token("t1").unwrap());
    entered_rx.recv().unwrap();
    // The hook is running (and blocked) on the other thread: changes still go through.
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let auth = c.auth.clone();
    std::thread::spawn(move || {
        auth.set_token("t2").unwrap();
        auth.set_token("t3").unwrap();
        done_tx.send(()).unwrap();
    });
    done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("set_token is not blocked by a running hook");
    assert_eq!(c.token().as_deref(), Some("t3"));
    release_tx.send(()).unwrap();
    slow.join().unwrap();
    // t2 was superseded before it could be delivered: never delivered after t3
    assert_eq!(
        *events.lock().unwrap(),
        vec![Some("t1".into()), Some("t3".into())]
    );
}

#[tokio::test]
async fn update_profile_with_an_opaque_token_fetches_the_user_id_first() {
    let c = Ctx::logged_in("opaque").await;
    c.reply_raw(json!({"data": {"user": user("u9", None), "updateUser": user("u9", None)}}))
        .await;
    c.auth
        .update_profile(UpdateProfile {
            company: Some("ACME".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let sent = c.sent().await;
    assert_eq!(sent.len(), 2);
    sent[0].assert_op(&ops::USER, json!({}));
    sent[1].assert_op(
        &ops::UPDATE_USER,
        json!({"id": "u9", "input": {"company": "ACME"}}),
    );
    for s in &sent {
        s.assert_bearer(Some("opaque"));
    }
    assert!(
        ops::UPDATE_USER
            .document
            .contains("updateUser(id: $id, input: $input)")
    );
}

#[tokio::test]
async fn a_login_answer_without_a_token_is_an_error_and_keeps_the_session() {
    let held = jwt("u0", EXP);
    for token in [Value::Null, json!("")] {
        let c = Ctx::logged_in(&held).await;
        let mut answer = user("u1", None);
        answer["token"] = token.clone();
        c.reply_raw(json!({"data": {
            "loginByEmail": answer, "loginByUsername": answer,
            "loginByPhoneCode": answer, "loginByPhonePassword": answer,
        }}))
        .await;
        let a = &c.auth;
        let o = LoginOptions::default;
        for e in [
            a.login_by_email("a@example.com", "pw", o())
                .await
                .unwrap_err(),
            a.login_by_username("alice", "pw", o()).await.unwrap_err(),
            a.login_by_phone_code("+86138", "1234", o())
                .await
                .unwrap_err(),
            a.login_by_phone_password("+86138", "pw", o())
                .await
                .unwrap_err(),
        ] {
            match &e {
                Error::Decode { status, reason, .. } => {
                    assert_eq!(*status, 200);
                    assert!(reason.contains("without a token"), "{reason}");
                }
                other => panic!("{token}: {other}"),
            }
        }
        assert_eq!(c.sent().await.len(), 4);
        assert_eq!(c.token(), Some(held.clone()));
        assert!(c.auth.current_user().is_none(), "u1 is not adopted");
        assert!(c.events().is_empty());
    }
}

#[tokio::test]
async fn tokens_are_trimmed_and_inner_whitespace_or_controls_rejected() {
    let t = jwt("u1", EXP);
    let c = ctx_with(|b| b.access_token(format!("  {t}\n"))).await;
    assert_eq!(c.token(), Some(t.clone()));
    assert_eq!(
        c.auth.token_expires_at(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(EXP as u64))
    );
    let c = ctx_with(|b| b.access_token(" \t ")).await;
    assert!(c.token().is_none(), "blank means no token");

    for bad in ["ab cd", "ab\ncd", "ab\u{0}cd", "ab\u{7f}cd", "ab\u{a0}cd"] {
        let e = AuthenticationClient::builder()
            .user_pool_id("pool1")
            .access_token(bad)
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{bad:?}: {e}");
        assert!(!e.to_string().contains(bad), "{e}");
    }

    let c = Ctx::logged_in("tok").await;
    c.auth.set_token(format!("\t{t} ")).unwrap();
    assert_eq!(c.token(), Some(t.clone()));
    c.auth.set_token(format!(" {t}")).unwrap();
    assert_eq!(c.events(), vec![Some(t.clone())], "same token: no change");
    for bad in ["ab cd", "ab\rcd", "ab\u{1b}cd"] {
        let e = c.auth.set_token(bad).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{bad:?}: {e}");
        assert!(!e.to_string().contains(bad), "{e}");
    }
    assert_eq!(c.token(), Some(t), "a rejected token leaves the session");
    c.auth.set_token("  ").unwrap();
    assert!(c.token().is_none());
    assert_eq!(c.sent().await.len(), 0);
}

#[tokio::test]
async fn common_message_codes_other_than_200_are_api_errors() {
    let c = ctx().await;
    c.reply_raw(json!({"data": {
        "sendEmail": {"message": "发送过于频繁", "code": 2100},
        "resetPassword": {"message": "验证码错误", "code": 2001},
    }}))
    .await;
    let e = c
        .auth
        .send_email("a@example.com", EmailScene::VerifyEmail)
        .await
        .unwrap_err();
    let api = e.as_api().expect("api error");
    assert_eq!((api.code, api.message.as_str()), (2100, "发送过于频繁"));
    assert_eq!(e.http_status(), Some(200));
    for e in [
        c.auth
            .reset_password_by_phone_code("+86138", "1234", "pw")
            .await
            .unwrap_err(),
        c.auth
            .reset_password_by_email_code("a@example.com", "1234", "pw")
            .await
            .unwrap_err(),
    ] {
        assert_eq!(e.code(), Some(2001), "{e}");
    }
}

#[tokio::test]
async fn common_message_null_or_without_code_is_a_success() {
    let c = ctx().await;
    c.reply_raw(json!({"data": {
        "resetPassword": null,
        "sendEmail": {"message": "ok", "code": null},
    }}))
    .await;
    let m = c
        .auth
        .reset_password_by_email_code("a@example.com", "1234", "pw")
        .await
        .unwrap();
    assert_eq!((m.code, m.message), (None, None));
    let m = c
        .auth
        .send_email("a@example.com", EmailScene::VerifyCode)
        .await
        .unwrap();
    assert_eq!(m.message.as_deref(), Some("ok"));

    // `sendEmail` is `CommonMessage!`: null is a broken answer
    let c = ctx().await;
    c.reply("sendEmail", Value::Null).await;
    let e = c
        .auth
        .send_email("a@example.com", EmailScene::VerifyCode)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e}");
}

#[tokio::test]
async fn update_password_rejects_a_blank_old_password_before_any_request() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply("updatePassword", user("u1", None)).await;
    for old in ["", "  "] {
        let e = c
            .auth
            .update_password("new-pw", Some(old))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
        assert!(e.to_string().contains("old_password"), "{e}");
    }
    assert_eq!(c.sent().await.len(), 0);
}

#[tokio::test]
async fn shared_models_and_core_types_are_reexported() {
    use authing_authentication::models::{Identity, UserDefinedData};
    use authing_authentication::{ApiError, Operation as ReexportedOperation, serde_json as sj};
    let op: &ReexportedOperation = &ops::USER;
    assert_eq!(op.root_field, "user");
    let _: Option<Identity> = None;
    let _: Option<UserDefinedData> = None;
    let _: Option<&ApiError> = None;
    let v: sj::Value = sj::json!({"a": 1});
    let c = ctx().await;
    c.reply("loginByEmail", user("u1", Some("t1"))).await;
    let u = c
        .auth
        .login_by_email(
            "a@example.com",
            "pw",
            LoginOptions::default().with_custom_data("a", v),
        )
        .await
        .unwrap();
    let identities: Option<Vec<Option<Identity>>> = u.identities;
    assert!(identities.is_none());
}

#[tokio::test]
async fn logout_racing_with_refresh_still_clears_the_session() {
    let c = Ctx::logged_in("t1").await;
    c.reply("refreshToken", json!({"token": "t2", "iat": 1, "exp": 2}))
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/logout"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "message": "ok"}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let logout = tokio::spawn(async move { auth.logout().await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    c.auth.refresh_token().await.unwrap();
    assert_eq!(c.token().as_deref(), Some("t2"));
    logout.await.unwrap().unwrap();
    assert!(
        c.token().is_none(),
        "the refreshed session is logged out too"
    );
    assert!(c.auth.current_user().is_none());
    assert_eq!(c.events(), vec![Some("t2".into()), None]);
    let sent = c.sent().await;
    let logout_req = sent.iter().find(|s| s.method == "GET").unwrap();
    logout_req.assert_bearer(Some("t1"));
}

#[tokio::test]
async fn logout_does_not_end_a_session_started_meanwhile() {
    let c = Ctx::logged_in("t1").await;
    let t = jwt("u2", EXP);
    c.reply("loginByUsername", user("u2", Some(&t))).await;
    Mock::given(method("GET"))
        .and(path("/api/v2/logout"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "message": "ok"}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let logout = tokio::spawn(async move { auth.logout().await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    c.auth
        .login_by_username("bob", "pw", LoginOptions::default())
        .await
        .unwrap();
    logout.await.unwrap().unwrap();
    assert_eq!(c.token(), Some(t.clone()), "the new login is kept");
    assert_eq!(c.auth.current_user().unwrap().id, "u2");

    // and a set_token meanwhile (even back to the same token) is a new session too
    let c = Ctx::logged_in("t1").await;
    Mock::given(method("GET"))
        .and(path("/api/v2/logout"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 200, "message": "ok"}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let logout = tokio::spawn(async move { auth.logout().await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    c.auth.set_token("t3").unwrap();
    logout.await.unwrap().unwrap();
    assert_eq!(c.token().as_deref(), Some("t3"));
}
