//! Every method answering a `CommonMessage`: only code 200 is a success, and the
//! schema's nullability of the root field is honoured (`null` is a success where the
//! schema allows it, a decode error where it does not).

use std::future::Future;
use std::pin::Pin;

use apollo_compiler::Schema;
use authing_core::OperationKind;
use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

type Call = fn(ManagementClient) -> Pin<Box<dyn Future<Output = Result<CommonMessage>> + Send>>;

struct Case {
    name: &'static str,
    op: &'static Operation,
    call: Call,
}

macro_rules! case {
    ($name:literal, $op:ident, |$c:ident| $body:expr) => {
        Case {
            name: $name,
            op: &$op,
            call: |$c| Box::pin(async move { $body.await }),
        }
    };
}

/// Every public method returning a `CommonMessage`. Which operations answer one, and
/// whether `null` is allowed, come from the schema (see
/// `every_message_method_is_covered`).
fn cases() -> Vec<Case> {
    vec![
        case!("users.delete", DELETE_USER, |c| c.users().delete("u1")),
        case!("users.delete_many", DELETE_USERS, |c| c
            .users()
            .delete_many(["u1"])),
        case!("users.add_roles", ASSIGN_ROLE, |c| c.users().add_roles(
            "u1",
            ["r1"],
            None
        )),
        case!("users.remove_roles", REVOKE_ROLE, |c| c
            .users()
            .remove_roles("u1", ["r1"], None)),
        case!("users.add_policies", ADD_POLICY_ASSIGNMENTS, |c| c
            .users()
            .add_policies("u1", ["p1"], None)),
        case!("users.remove_policies", REMOVE_POLICY_ASSIGNMENTS, |c| c
            .users()
            .remove_policies("u1", ["p1"], None)),
        case!("roles.delete", DELETE_ROLE, |c| c
            .roles()
            .delete("r1", None)),
        case!("roles.delete_many", DELETE_ROLES, |c| c
            .roles()
            .delete_many(["r1"], None)),
        case!("roles.add_users", ASSIGN_ROLE, |c| c.roles().add_users(
            "r1",
            ["u1"],
            None
        )),
        case!("roles.remove_users", REVOKE_ROLE, |c| c
            .roles()
            .remove_users("r1", ["u1"], None)),
        case!("roles.add_policies", ADD_POLICY_ASSIGNMENTS, |c| c
            .roles()
            .add_policies("r1", ["p1"], None)),
        case!("roles.remove_policies", REMOVE_POLICY_ASSIGNMENTS, |c| c
            .roles()
            .remove_policies("r1", ["p1"], None)),
        case!("policies.delete", DELETE_POLICY, |c| c
            .policies()
            .delete("p1", None)),
        case!("policies.delete_many", DELETE_POLICIES, |c| c
            .policies()
            .delete_many(["p1"], None)),
        case!("policies.add_assignments", ADD_POLICY_ASSIGNMENTS, |c| c
            .policies()
            .add_assignments(
                ["p1"],
                PolicyAssignmentTargetType::Role,
                ["r1"],
                &AssignmentOptions::default(),
            )),
        case!(
            "policies.remove_assignments",
            REMOVE_POLICY_ASSIGNMENTS,
            |c| c.policies().remove_assignments(
                ["p1"],
                PolicyAssignmentTargetType::Role,
                ["r1"],
                None
            )
        ),
        case!(
            "policies.enable_assignment",
            ENABLE_POLICY_ASSIGNMENT,
            |c| c
                .policies()
                .enable_assignment("p1", PolicyAssignmentTargetType::Role, "r1", None)
        ),
        case!(
            "policies.disable_assignment",
            DISABLE_POLICY_ASSIGNMENT,
            |c| c
                .policies()
                .disable_assignment("p1", PolicyAssignmentTargetType::Role, "r1", None)
        ),
        case!("acl.allow", ALLOW, |c| c.acl().allow(
            "books:1",
            "books:read",
            &AllowOptions::user("u1")
        )),
        case!("acl.authorize_resource", AUTHORIZE_RESOURCE, |c| c
            .acl()
            .authorize_resource(
                "ns",
                "books:1",
                &[AuthorizeResourceOpt::new(AuthorizeTarget::User(
                    "u1".into()
                ))]
            )),
        case!("groups.delete", DELETE_GROUPS, |c| c.groups().delete("g1")),
        case!("groups.delete_many", DELETE_GROUPS, |c| c
            .groups()
            .delete_many(["g1"])),
        case!("groups.add_users", ADD_USER_TO_GROUP, |c| c
            .groups()
            .add_users("g1", ["u1"])),
        case!("groups.remove_users", REMOVE_USER_FROM_GROUP, |c| c
            .groups()
            .remove_users("g1", ["u1"])),
        case!("users.add_group", ADD_USER_TO_GROUP, |c| c
            .users()
            .add_group("u1", "g1")),
        case!("users.remove_group", REMOVE_USER_FROM_GROUP, |c| c
            .users()
            .remove_group("u1", "g1")),
        case!("org.delete_by_id", DELETE_ORG, |c| c
            .org()
            .delete_by_id("o1")),
        case!("org.delete_node", DELETE_NODE, |c| c
            .org()
            .delete_node("o1", "n1")),
        case!("org.move_members", MOVE_MEMBERS, |c| c.org().move_members(
            ["u1"],
            "n2",
            "n1"
        )),
        case!("org.set_main_department", SET_MAIN_DEPARTMENT, |c| c
            .org()
            .set_main_department("u1", Some("n1"))),
        case!("org.add_roles", ASSIGN_ROLE, |c| c.org().add_roles(
            "n1",
            ["r1"],
            None
        )),
        case!("org.remove_roles", REVOKE_ROLE, |c| c.org().remove_roles(
            "n1",
            ["r1"],
            None
        )),
        case!("udf.remove", REMOVE_UDF, |c| c
            .udf()
            .remove(UdfTargetType::User, "age")),
        case!("users.set_udf_value_batch", SET_UDF_VALUE_BATCH, |c| c
            .users()
            .set_udf_value_batch([("u1", [("age", 18)])])),
        case!("roles.set_udf_value_batch", SET_UDF_VALUE_BATCH, |c| c
            .roles()
            .set_udf_value_batch([("r1", [("level", 3)])])),
        case!("send_email", SEND_EMAIL, |c| c
            .send_email("a@example.com", EmailScene::VerifyEmail)),
        case!(
            "users.send_first_login_verify_email",
            SEND_FIRST_LOGIN_VERIFY_EMAIL,
            |c| c.users().send_first_login_verify_email("app1", "u1")
        ),
    ]
}

/// Runs `case` against a server answering its operation with `{"data": {root: body}}`;
/// returns the result and the number of requests of that operation.
async fn run(case: &Case, body: Value) -> (Result<CommonMessage>, usize) {
    let (server, client) = env().await;
    gql_mock(case.op)
        .respond_with(data(case.op, body))
        .mount(&server)
        .await;
    let out = (case.call)(client).await;
    (out, sent(&server, case.op).await.len())
}

/// The schema the SDK is written against: the real one in `../shared` when present
/// (required when `CI` is set), else the emulator's, a checked subset of it.
fn schema() -> Schema {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/authing/schema.graphql");
    let sdl = match std::fs::read_to_string(&path) {
        Ok(sdl) => sdl,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI is set and {} cannot be read: {e}", path.display())
        }
        Err(_) => {
            println!("{} is absent: using the emulator schema", path.display());
            authing_emulator::schema_sdl()
        }
    };
    match Schema::parse(&sdl, "schema.graphql") {
        Ok(s) => s,
        Err(with_errors) => with_errors.partial,
    }
}

/// `Some(nullable)` when `op`'s root field is a `CommonMessage` in the schema.
fn message_root(schema: &Schema, op: &Operation) -> Option<bool> {
    let parent = match op.kind {
        OperationKind::Query => "Query",
        OperationKind::Mutation => "Mutation",
    };
    let field = schema
        .type_field(parent, op.root_field)
        .unwrap_or_else(|_| panic!("{}: no {parent}.{} in the schema", op.name, op.root_field));
    (!field.ty.is_list() && field.ty.inner_named_type() == "CommonMessage")
        .then(|| !field.ty.is_non_null())
}

/// Every operation of `operations::ALL` whose root is a `CommonMessage` in the schema
/// has a case, and every case is such an operation.
#[test]
fn every_message_method_is_covered() {
    let schema = schema();
    let cases = cases();
    let mut message_ops = Vec::new();
    for op in ALL {
        if message_root(&schema, op).is_some() {
            message_ops.push(op.name);
            assert!(
                cases.iter().any(|c| c.op.name == op.name),
                "{} answers a CommonMessage but no method of it is in cases()",
                op.name
            );
        }
    }
    for c in &cases {
        assert!(
            message_ops.contains(&c.op.name),
            "{}: {} does not answer a CommonMessage",
            c.name,
            c.op.name
        );
    }
    assert!(!message_ops.is_empty());
}

#[tokio::test]
async fn a_code_other_than_200_is_an_api_error() {
    for case in cases() {
        let body = json!({"code": 1001, "message": "没有权限"});
        let (out, n) = run(&case, body).await;
        let e = out.expect_err(case.name);
        let api = e.as_api().unwrap_or_else(|| panic!("{}: {e:?}", case.name));
        assert_eq!(api.code, 1001, "{}", case.name);
        assert_eq!(api.message, "没有权限", "{}", case.name);
        assert_eq!(api.http_status, 200, "{}", case.name);
        assert_eq!(n, 1, "{}: not retried", case.name);
    }
}

#[tokio::test]
async fn code_200_or_no_code_is_a_success() {
    for case in cases() {
        let (out, _) = run(&case, json!({"code": 200, "message": "ok"})).await;
        let msg = out.unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert!(msg.is_ok(), "{}", case.name);
        assert_eq!(msg.message.as_deref(), Some("ok"), "{}", case.name);
        let (out, _) = run(&case, json!({"message": "done"})).await;
        let msg = out.unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(msg.code, None, "{}", case.name);
    }
}

#[tokio::test]
async fn null_is_a_success_only_where_the_schema_allows_it() {
    let schema = schema();
    for case in cases() {
        let nullable = message_root(&schema, case.op).expect("a CommonMessage operation");
        let (out, n) = run(&case, Value::Null).await;
        assert_eq!(n, 1, "{}", case.name);
        if nullable {
            let msg = out.unwrap_or_else(|e| panic!("{}: {e}", case.name));
            assert_eq!(msg, CommonMessage::new(200, ""), "{}", case.name);
        } else {
            let e = out.expect_err(case.name);
            assert!(matches!(e, Error::Decode { .. }), "{}: {e:?}", case.name);
        }
    }
}
