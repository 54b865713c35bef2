//! Secrets never leak: with a TRACE-level subscriber capturing every span and event
//! (the SDK's and its dependencies'), every method of both clients runs against
//! wiremock twice (success answers, then error answers), and none of the pool secret,
//! the management token, the user token, the JWT secret, the passwords or the
//! verification codes appears in the captured output, nor in the `Debug`/`Display` of
//! any result or error.

#![cfg(all(feature = "management", feature = "authentication"))]

use std::io::Write;
use std::sync::{Arc, Mutex};

use authing::authentication::{
    AuthenticationClient, EmailScene, LoginOptions, RegisterOptions, UpdateProfile,
};
use authing::management::{
    AllowOptions, AssignmentOptions, CreatePolicyOptions, CreateRoleOptions, CreateUserInput,
    CreateUserOptions, ListOptions, ManagementClient, PolicyAssignmentTargetType, PolicyStatement,
    SearchUserOptions, UpdatePolicyInput, UpdateRoleInput, UpdateUserInput, UserLookup,
    UserQueryField,
};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const POOL_SECRET: &str = "pool-secret-SENTINEL-a1b2";
const MGMT_TOKEN: &str = "mgmt-token-SENTINEL-c3d4";
const USER_TOKEN: &str = "user-token-SENTINEL-e5f6";
const JWT_SECRET: &str = "jwt-secret-SENTINEL-g7h8";
const PASSWORD: &str = "password-SENTINEL-i9j0";
const NEW_PASSWORD: &str = "new-password-SENTINEL-k1l2";
const CODE: &str = "code-SENTINEL-m3n4";
const SECRETS: &[&str] = &[
    POOL_SECRET,
    MGMT_TOKEN,
    USER_TOKEN,
    JWT_SECRET,
    PASSWORD,
    NEW_PASSWORD,
    CODE,
];

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first field of the operation's selection: `query x($a: T) { root(...) {...} }`.
fn root_field(query: &str) -> String {
    let body = &query[query.find('{').map_or(0, |i| i + 1)..];
    body.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn user() -> Value {
    json!({"id": "u1", "arn": "arn:u1", "userPoolId": "p1", "username": "alice",
           "token": USER_TOKEN, "password": null,
           "roles": {"totalCount": 0, "list": []}})
}

fn success(root: &str) -> Value {
    let role = json!({"id": "r1", "namespace": "default", "code": "r1", "arn": "arn:r1",
                      "users": {"totalCount": 0, "list": []}});
    let policy = json!({"namespace": "default", "code": "p1", "isDefault": false,
                        "statements": [], "assignmentsCount": 0});
    let page = json!({"totalCount": 0, "list": []});
    let msg = json!({"code": 200, "message": "ok"});
    let v = match root {
        "accessToken" => json!({"accessToken": MGMT_TOKEN, "iat": 1, "exp": 4_000_000_000_i64}),
        "userpool" => json!({"id": "p1", "name": "pool", "domain": "d", "secret": POOL_SECRET,
                             "jwtSecret": JWT_SECRET, "logo": "", "emailVerifiedDefault": false,
                             "sendWelcomeEmail": false, "registerDisabled": false,
                             "appSsoEnabled": false}),
        "isActionAllowed" | "isActionDenied" | "isUserExists" => json!(true),
        "udv" | "setUdv" | "removeUdv" | "userBatch" => json!([]),
        "users" | "searchUser" | "roles" | "policies" | "policyAssignments" => page,
        "role" | "createRole" | "updateRole" => role,
        "policy" | "createPolicy" | "updatePolicy" => policy,
        "refreshToken" => json!({"token": USER_TOKEN, "iat": 1, "exp": 2}),
        "checkLoginStatus" => json!({"code": 200, "message": "ok", "status": true}),
        "checkPasswordStrength" => json!({"valid": true, "message": "ok"}),
        r if r.starts_with("delete")
            || r.starts_with("assign")
            || r.starts_with("revoke")
            || r.ends_with("PolicyAssignments")
            || r.ends_with("PolicyAssignment")
            || r == "allow"
            || r == "sendEmail"
            || r == "resetPassword" =>
        {
            msg
        }
        _ => user(),
    };
    json!({ "data": { root: v } })
}

fn respond(req: &Request, fail: bool) -> ResponseTemplate {
    let path = req.url.path().to_owned();
    if path.starts_with("/api/v2") {
        return ResponseTemplate::new(200).set_body_json(if fail {
            json!({"code": 2020, "message": "not logged in"})
        } else {
            json!({"code": 200, "message": "ok", "data": user()})
        });
    }
    let body: Value = serde_json::from_slice(&req.body).unwrap_or_default();
    let root = root_field(body["query"].as_str().unwrap_or(""));
    if fail && root != "accessToken" && root != "userpool" {
        return ResponseTemplate::new(200).set_body_json(json!({
            "data": null,
            "errors": [{"message": {"code": 2004, "message": "用户不存在", "data": null}}]
        }));
    }
    ResponseTemplate::new(200).set_body_json(success(&root))
}

/// Records the `Debug` and `Display` text of every result. In the success pass every
/// call must succeed, so that the `Debug` of each result holding a secret (a user
/// with its token, the pool with its secrets) is really checked.
#[derive(Default)]
struct Seen {
    shown: Vec<String>,
    expect_ok: bool,
    unexpected_errors: Vec<String>,
}

impl Seen {
    #[track_caller]
    fn add<T: std::fmt::Debug>(&mut self, r: authing::Result<T>) {
        match r {
            Ok(v) => self.shown.push(format!("{v:?}")),
            Err(e) => {
                if self.expect_ok {
                    let at = std::panic::Location::caller();
                    self.unexpected_errors
                        .push(format!("line {}: {e}", at.line()));
                }
                self.shown.push(format!("{e} {e:?}"))
            }
        }
    }
}

async fn run_everything(url: &str, seen: &mut Seen) {
    let mgmt = ManagementClient::builder()
        .host(url)
        .user_pool_id("p1")
        .secret(POOL_SECRET)
        .public_key(authing_core::testing::TEST_PUBLIC_KEY_PEM)
        .build()
        .unwrap();
    seen.shown.push(format!("{mgmt:?}"));
    let l = ListOptions::default();
    let u = mgmt.users();
    let input = CreateUserInput {
        username: Some("bob".into()),
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    seen.shown.push(format!("{input:?}"));
    seen.add(u.list(&ListOptions::new(1, 10)).await);
    seen.add(u.create(&input, &CreateUserOptions::default()).await);
    let update = UpdateUserInput {
        password: Some(NEW_PASSWORD.into()),
        ..Default::default()
    };
    seen.add(u.update("u1", &update).await);
    seen.add(u.detail("u1").await);
    seen.add(u.search("bob", &SearchUserOptions::default()).await);
    seen.add(u.batch(["u1"]).await);
    seen.add(u.batch_get(["bob"], UserQueryField::Username).await);
    seen.add(u.delete("u1").await);
    seen.add(u.delete_many(["u1"]).await);
    seen.add(u.list_roles("u1", None).await);
    seen.add(u.add_roles("u1", ["r1"], None).await);
    seen.add(u.remove_roles("u1", ["r1"], None).await);
    seen.add(u.refresh_token("u1").await);
    seen.add(u.list_policies("u1", &l).await);
    seen.add(u.add_policies("u1", ["p1"], None).await);
    seen.add(u.remove_policies("u1", ["p1"], None).await);
    seen.add(u.exists(&UserLookup::username("bob")).await);
    seen.add(u.find(&UserLookup::username("bob")).await);
    let r = mgmt.roles();
    seen.add(r.list(&l).await);
    seen.add(r.create("r1", &CreateRoleOptions::default()).await);
    seen.add(r.detail("r1", None).await);
    seen.add(r.update("r1", &UpdateRoleInput::default()).await);
    seen.add(r.delete("r1", None).await);
    seen.add(r.delete_many(["r1"], None).await);
    seen.add(r.list_users("r1", &l).await);
    seen.add(r.add_users("r1", ["u1"], None).await);
    seen.add(r.remove_users("r1", ["u1"], None).await);
    seen.add(r.list_policies("r1", &l).await);
    seen.add(r.add_policies("r1", ["p1"], None).await);
    seen.add(r.remove_policies("r1", ["p1"], None).await);
    let p = mgmt.policies();
    let st = [PolicyStatement::allow("books:*", ["books:read"])];
    seen.add(p.list(&l).await);
    seen.add(p.create("p1", &st, &CreatePolicyOptions::default()).await);
    seen.add(p.detail("p1", None).await);
    seen.add(p.update("p1", &UpdatePolicyInput::default()).await);
    seen.add(p.delete("p1", None).await);
    seen.add(p.delete_many(["p1"], None).await);
    seen.add(p.list_assignments("p1", &l).await);
    let target = PolicyAssignmentTargetType::User;
    seen.add(
        p.add_assignments(
            ["p1"],
            target.clone(),
            ["u1"],
            &AssignmentOptions::default(),
        )
        .await,
    );
    seen.add(
        p.remove_assignments(["p1"], target.clone(), ["u1"], None)
            .await,
    );
    seen.add(p.enable_assignment("p1", target.clone(), "u1", None).await);
    seen.add(p.disable_assignment("p1", target, "u1", None).await);
    let a = mgmt.acl();
    seen.add(
        a.allow("books:1", "books:read", &AllowOptions::user("u1"))
            .await,
    );
    seen.add(a.is_allowed("u1", "books:read", "books:1", None).await);
    seen.add(a.is_denied("u1", "books:read", "books:1", None).await);
    seen.add(mgmt.userpool().detail().await);
    seen.add(mgmt.check_login_status(USER_TOKEN, true).await);

    let auth = AuthenticationClient::builder()
        .host(url)
        .user_pool_id("p1")
        .public_key(authing_core::testing::TEST_PUBLIC_KEY_PEM)
        .build()
        .unwrap();
    seen.add(
        auth.register_by_email("a@example.com", PASSWORD, &RegisterOptions::default())
            .await,
    );
    seen.add(
        auth.register_by_username("alice", PASSWORD, &RegisterOptions::default())
            .await,
    );
    seen.add(
        auth.register_by_phone_code(
            "13800000000",
            CODE,
            Some(PASSWORD),
            &RegisterOptions::default(),
        )
        .await,
    );
    seen.add(
        auth.login_by_email("a@example.com", PASSWORD, &LoginOptions::default())
            .await,
    );
    seen.add(
        auth.login_by_phone_code("13800000000", CODE, &LoginOptions::default())
            .await,
    );
    seen.add(
        auth.login_by_phone_password("13800000000", PASSWORD, &LoginOptions::default())
            .await,
    );
    seen.add(
        auth.login_by_username("alice", PASSWORD, &LoginOptions::default())
            .await,
    );
    // From here on the session needs a token even when the logins above failed.
    auth.set_token(USER_TOKEN).unwrap();
    seen.shown.push(format!("{auth:?} {:?}", auth.token()));
    seen.add(auth.get_current_user().await);
    seen.add(
        auth.send_email("a@example.com", EmailScene::ResetPassword)
            .await,
    );
    seen.add(auth.send_sms_code("13800000000").await);
    seen.add(auth.check_login_status(None).await);
    seen.add(
        auth.reset_password_by_phone_code("13800000000", CODE, NEW_PASSWORD)
            .await,
    );
    seen.add(
        auth.reset_password_by_email_code("a@example.com", CODE, NEW_PASSWORD)
            .await,
    );
    seen.add(
        auth.update_profile(&UpdateProfile {
            nickname: Some("Nick".into()),
            ..Default::default()
        })
        .await,
    );
    seen.add(auth.update_password(NEW_PASSWORD, Some(PASSWORD)).await);
    seen.add(auth.update_phone("13900000000", CODE, None, None).await);
    seen.add(auth.update_email("b@example.com", CODE, None, None).await);
    seen.add(auth.refresh_token().await);
    seen.add(auth.bind_phone("13800000000", CODE).await);
    seen.add(auth.unbind_phone().await);
    seen.add(auth.bind_email("a@example.com", CODE).await);
    seen.add(auth.unbind_email().await);
    seen.add(auth.set_udv("school", "ucla").await);
    seen.add(auth.udv().await);
    seen.add(auth.remove_udv("school").await);
    seen.add(auth.check_password_strength(PASSWORD).await);
    seen.add(mgmt.is_password_valid(PASSWORD).await);
    let principal = authing::management::PrincipalInput::Person {
        name: "n".into(),
        id_card: PASSWORD.into(),
        bank_card: NEW_PASSWORD.into(),
    };
    seen.shown.push(format!("{principal:?}"));
    seen.add(
        mgmt.principal_authentication()
            .authenticate("u1", &principal)
            .await,
    );
    seen.add(auth.logout().await);
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_in_traces_debug_display_or_errors() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut seen = Seen::default();
    for fail in [false, true] {
        seen.expect_ok = !fail;
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(move |req: &Request| respond(req, fail))
            .mount(&server)
            .await;
        run_everything(&server.uri(), &mut seen).await;
        assert!(
            seen.unexpected_errors.is_empty(),
            "calls failed in the success pass: {:#?}",
            seen.unexpected_errors
        );
        // The run really exercised the wire: every method sent at least one request.
        assert!(server.received_requests().await.unwrap().len() >= 70);
    }

    let traced = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    assert!(traced.contains("authing.graphql"), "no SDK spans captured");
    assert!(
        traced.contains("operation=loginByUsername")
            || traced.contains("operation=\"loginByUsername\"")
    );
    // One span per call, named after the operation, with the HTTP status recorded.
    assert!(
        traced.contains("otel.name=\"createUser\"") || traced.contains("otel.name=createUser"),
        "span names missing"
    );
    assert!(traced.contains("status=200"), "status not recorded");
    let shown = seen.shown.join("\n");
    assert!(seen.shown.len() > 150, "{}", seen.shown.len());
    // Values holding secrets were printed, redacted.
    assert!(shown.contains("[redacted]"));
    for s in SECRETS {
        assert!(!traced.contains(s), "{s} appears in the trace output");
        assert!(
            !shown.contains(s),
            "{s} appears in Debug/Display output:\n{shown}"
        );
    }
}
