//! Wiremock tests of the logged-in user's own view: roles, departments, authorized
//! resources (`user(id)` queries with the session's user id), orgs, applications and
//! security level (REST `/api/v2/users/me/*` with the bearer).

#[path = "it/common.rs"]
mod common;
#[path = "it/gate.rs"]
mod gate;

use authing_authentication::OrgPathStep;
use authing_core::futures_util::TryStreamExt;
use common::*;

fn role(code: &str) -> Value {
    json!({"id": format!("r-{code}"), "code": code, "namespace": "default",
           "arn": format!("arn:cn:authing:pool1:role:r-{code}"), "description": null,
           "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z",
           "parent": null})
}

#[tokio::test]
async fn list_roles_asks_for_the_token_s_user() {
    let token = jwt("u1", EXP);
    let c = Ctx::logged_in(&token).await;
    c.reply(
        "user",
        json!({"roles": {"totalCount": 2, "list": [role("editor"), role("viewer")]}}),
    )
    .await;
    let roles = c.auth.list_roles(Some("default")).await.unwrap();
    assert_eq!(roles.total_count, 2);
    assert_eq!(roles.list[0].code, "editor");
    assert_eq!(roles.list[1].namespace.as_deref(), Some("default"));
    let s = c.one().await;
    s.assert_op(
        &ops::GET_USER_ROLES,
        json!({"id": "u1", "namespace": "default"}),
    );
    s.assert_bearer(Some(&token));
}

#[tokio::test]
async fn has_role_checks_the_codes_client_side() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply(
        "user",
        json!({"roles": {"totalCount": 1, "list": [role("editor")]}}),
    )
    .await;
    assert!(c.auth.has_role("editor", None).await.unwrap());
    assert!(!c.auth.has_role("admin", None).await.unwrap());
    let sent = c.sent().await;
    assert_eq!(sent.len(), 2);
    sent[0].assert_op(&ops::GET_USER_ROLES, json!({"id": "u1"}));
    let e = c.auth.has_role(" ", None).await.unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn own_view_needs_a_token_and_a_user() {
    let c = ctx().await;
    for e in [
        c.auth.list_roles(None).await.unwrap_err(),
        c.auth.list_departments().await.unwrap_err(),
        c.auth
            .list_authorized_resources("default", None)
            .await
            .unwrap_err(),
        c.auth.list_orgs().await.unwrap_err(),
        c.auth.list_applications(1, 10).await.unwrap_err(),
        c.auth.get_security_level().await.unwrap_err(),
    ] {
        assert!(matches!(e, Error::NotLoggedIn), "{e:?}");
    }
    assert!(c.sent().await.is_empty());

    let c = Ctx::logged_in(&jwt("gone", EXP)).await;
    c.reply("user", Value::Null).await;
    let e = c.auth.list_roles(None).await.unwrap_err();
    assert!(e.is_user_not_found(), "{e:?}");
}

#[tokio::test]
async fn a_service_error_is_an_api_error() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply_error(2207, "登录信息无效").await;
    let e = c.auth.list_departments().await.unwrap_err();
    assert!(e.is_token_invalid());
}

#[tokio::test]
async fn list_departments_reads_the_department_nodes() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply(
        "user",
        json!({"departments": {"totalCount": 1, "list": [{
            "department": {"id": "n1", "orgId": "o1", "name": "Engineering", "nameI18n": null,
                           "description": null, "descriptionI18n": null, "order": 0, "code": "eng",
                           "root": false, "depth": 1, "createdAt": "2026-01-01T00:00:00.000Z",
                           "updatedAt": "2026-01-01T00:00:00.000Z", "children": []},
            "isMainDepartment": true, "joinedAt": "2026-01-02T00:00:00.000Z"}]}}),
    )
    .await;
    let d = c.auth.list_departments().await.unwrap();
    assert_eq!(d.total_count, 1);
    let dep = &d.list[0];
    assert!(dep.is_main_department);
    assert_eq!(dep.department.name, "Engineering");
    assert_eq!(dep.department.code.as_deref(), Some("eng"));
    c.one()
        .await
        .assert_op(&ops::GET_USER_DEPARTMENTS, json!({"id": "u1"}));
}

#[tokio::test]
async fn list_authorized_resources_sends_namespace_and_type() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply(
        "user",
        json!({"authorizedResources": {"totalCount": 1, "list": [
            {"code": "books:1", "type": "DATA", "actions": ["books:read"], "apiIdentifier": null}]}}),
    )
    .await;
    let r = c
        .auth
        .list_authorized_resources("library", Some("DATA"))
        .await
        .unwrap();
    assert_eq!(r.list[0].code, "books:1");
    assert_eq!(r.list[0].resource_type.as_deref(), Some("DATA"));
    assert_eq!(r.list[0].actions, Some(vec!["books:read".to_string()]));
    c.one().await.assert_op(
        &ops::LIST_USER_AUTHORIZED_RESOURCES,
        json!({"id": "u1", "namespace": "library", "resourceType": "DATA"}),
    );
    let e = c
        .auth
        .list_authorized_resources("", None)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn list_orgs_reads_typed_paths() {
    let token = jwt("u1", EXP);
    let c = Ctx::logged_in(&token).await;
    c.reply_rest(
        "GET",
        "/api/v2/users/me/orgs",
        json!({"code": 200, "message": "获取成功", "data": [[
            {"type": "org", "id": "o1", "rootNodeId": "n0", "logo": null, "userPoolId": "pool1",
             "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z"},
            {"type": "node", "id": "n0", "orgId": "o1", "name": "Acme", "code": "acme", "userPoolId": "pool1"},
            {"type": "node", "id": "n1", "orgId": "o1", "name": "Engineering", "code": "eng"},
            {"type": "robot", "id": "x"}
        ]]}),
    )
    .await;
    let paths = c.auth.list_orgs().await.unwrap();
    assert_eq!(paths.len(), 1);
    let p = &paths[0];
    assert!(matches!(&p[0], OrgPathStep::Org(o) if o.root_node_id.as_deref() == Some("n0")));
    assert_eq!(p[2].as_node().map(|n| n.name.as_str()), Some("Engineering"));
    assert_eq!(p[3], OrgPathStep::Other);
    let s = c.one().await;
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("GET", "/api/v2/users/me/orgs")
    );
    s.assert_bearer(Some(&token));
}

#[tokio::test]
async fn me_endpoints_envelope_errors() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    c.reply_rest(
        "GET",
        "/api/v2/users/me/security-level",
        json!({"code": 2020, "message": "尚未登录，无权限访问此请求", "data": null}),
    )
    .await;
    let e = c.auth.get_security_level().await.unwrap_err();
    assert!(e.is_not_logged_in());
}

#[tokio::test]
async fn get_security_level_decodes_the_data() {
    let token = jwt("u1", EXP);
    let c = Ctx::logged_in(&token).await;
    c.reply_rest(
        "GET",
        "/api/v2/users/me/security-level",
        json!({"code": 200, "message": "获取成功", "data": {"score": 80, "email": true,
               "phone": true, "password": true, "passwordSecurityLevel": 3, "mfa": false}}),
    )
    .await;
    let l = c.auth.get_security_level().await.unwrap();
    assert_eq!(l.score, Some(80));
    assert_eq!(l.password_security_level, Some(3));
    assert_eq!(l.mfa, Some(false));
    c.one().await.assert_bearer(Some(&token));
}

fn app(id: &str) -> Value {
    json!({"id": id, "name": format!("app {id}"), "logo": null, "domain": "my-app",
           "description": null, "createdAt": "2026-01-01T00:00:00.000Z",
           "updatedAt": "2026-01-01T00:00:00.000Z", "protocol": "oidc"})
}

#[tokio::test]
async fn list_applications_sends_page_and_limit() {
    let token = jwt("u1", EXP);
    let c = Ctx::logged_in(&token).await;
    c.reply_rest(
        "GET",
        "/api/v2/users/me/applications/allowed",
        json!({"code": 200, "message": "获取成功", "data": {"list": [app("a1")], "totalCount": 3}}),
    )
    .await;
    let page = c.auth.list_applications(2, 1).await.unwrap();
    assert_eq!(page.total_count, 3);
    assert_eq!(page.list[0].protocol.as_deref(), Some("oidc"));
    let s = c.one().await;
    assert_eq!(s.path, "/api/v2/users/me/applications/allowed");
    assert_eq!(
        s.query_params,
        vec![("page".into(), "2".into()), ("limit".into(), "1".into())]
    );
    s.assert_bearer(Some(&token));
    let e = c.auth.list_applications(0, 10).await.unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
}

#[tokio::test]
async fn list_applications_stream_fetches_pages_until_the_total() {
    let c = Ctx::logged_in(&jwt("u1", EXP)).await;
    for (page, ids) in [("1", vec!["a1", "a2"]), ("2", vec!["a3"])] {
        Mock::given(method("GET"))
            .and(path("/api/v2/users/me/applications/allowed"))
            .and(wiremock::matchers::query_param("page", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "code": 200, "message": "ok",
                "data": {"list": ids.iter().map(|i| app(i)).collect::<Vec<_>>(), "totalCount": 3}
            })))
            .mount(&c.server)
            .await;
    }
    let all: Vec<_> = c
        .auth
        .list_applications_stream(2)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "a3"]);
    assert_eq!(c.sent().await.len(), 2);
}
