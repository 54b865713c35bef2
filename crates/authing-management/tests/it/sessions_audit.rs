//! Sessions, lifecycle, audit logs and principal authentication: `users().kick`,
//! `logout`, `check_login_status`, `list_archived_users`, `send_first_login_verify_email`,
//! `list_user_actions`, `audit_logs().list`, `principal_authentication()`, and the
//! top-level `send_email` / `is_password_valid`.

use authing_management::operations::{ARCHIVED_USERS, SEND_EMAIL, SEND_FIRST_LOGIN_VERIFY_EMAIL};
use authing_management::{
    AuditLogFilter, EmailScene, ListOptions, PrincipalInput, UserActionFilter,
};
use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::ResponseTemplate;

use crate::common::*;

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn kick_posts_the_user_ids() {
    let answer =
        ResponseTemplate::new(200).set_body_json(json!({"code": 200, "message": "强制下线成功"}));
    let (out, sent) = rest_call("POST", "/api/v2/users/kick", answer, |c| async move {
        c.users().kick(["u1", "u2"]).await
    })
    .await;
    let msg = out.unwrap();
    assert_eq!(
        (msg.code, msg.message.as_deref()),
        (Some(200), Some("强制下线成功"))
    );
    assert_eq!(sent.body, Some(json!({"userIds": ["u1", "u2"]})));
}

#[tokio::test]
async fn kick_refuses_an_empty_list_and_reports_service_errors() {
    rejected(|c| async move { c.users().kick(Vec::<String>::new()).await }).await;
    rejected(|c| async move { c.users().kick(["u1", " "]).await }).await;
    let (out, _) = rest_call(
        "POST",
        "/api/v2/users/kick",
        rest_error(1001, "没有权限"),
        |c| async move { c.users().kick(["u1"]).await },
    )
    .await;
    assert_eq!(out.unwrap_err().code(), Some(1001));
}

#[tokio::test]
async fn logout_sends_user_and_optional_app() {
    let ok = || {
        ResponseTemplate::new(200)
            .set_body_json(json!({"code": 200, "message": "强制下线成功", "data": null}))
    };
    let (out, sent) = rest_call("GET", "/logout", ok(), |c| async move {
        c.users().logout("u1", None).await
    })
    .await;
    assert_eq!(out.unwrap().code, Some(200));
    assert_eq!(sent.query, q(&[("userId", "u1")]));
    assert_eq!(sent.body, None);
    let (_, sent) = rest_call("GET", "/logout", ok(), |c| async move {
        c.users().logout("u1", Some("app1")).await
    })
    .await;
    assert_eq!(sent.query, q(&[("userId", "u1"), ("appId", "app1")]));
    rejected(|c| async move { c.users().logout("", None).await }).await;
    rejected(|c| async move { c.users().logout("u1", Some(" ")).await }).await;
    let (out, _) = rest_call(
        "GET",
        "/logout",
        rest_error(2004, "用户不存在"),
        |c| async move { c.users().logout("nobody", None).await },
    )
    .await;
    assert!(out.unwrap_err().is_user_not_found());
}

#[tokio::test]
async fn check_login_status_reads_the_typed_answer() {
    let answer = envelope(
        json!({"isLogin": true, "user": readme_user(), "application": [{"appId": "a1"}], "extra": 1}),
    );
    let (out, sent) = rest_call(
        "GET",
        "/api/v2/users/login-status",
        answer,
        |c| async move {
            c.users()
                .check_login_status("u1", Some("a1"), Some("d1"))
                .await
        },
    )
    .await;
    let status = out.unwrap();
    assert!(status.is_login);
    assert!(status.user.is_some());
    assert_eq!(status.application, vec![json!({"appId": "a1"})]);
    assert_eq!(
        sent.query,
        q(&[("userId", "u1"), ("appId", "a1"), ("deviceId", "d1")])
    );

    let (out, sent) = rest_call(
        "GET",
        "/api/v2/users/login-status",
        envelope(json!({"isLogin": false, "user": null})),
        |c| async move { c.users().check_login_status("u1", None, None).await },
    )
    .await;
    assert!(!out.unwrap().is_login);
    assert_eq!(sent.query, q(&[("userId", "u1")]));
}

#[tokio::test]
async fn check_login_status_of_an_unknown_user_is_2004() {
    let (out, _) = rest_call(
        "GET",
        "/api/v2/users/login-status",
        rest_error(2004, "用户不存在"),
        |c| async move { c.users().check_login_status("nobody", None, None).await },
    )
    .await;
    assert!(out.unwrap_err().is_user_not_found());
    // a `null` answer: the SDK raises 2004 itself
    let (out, _) = rest_call(
        "GET",
        "/api/v2/users/login-status",
        envelope(json!(null)),
        |c| async move { c.users().check_login_status("nobody", None, None).await },
    )
    .await;
    assert!(out.unwrap_err().is_user_not_found());
    rejected(|c| async move { c.users().check_login_status(" ", None, None).await }).await;
}

#[tokio::test]
async fn list_archived_users_sends_paging() {
    let (page, vars) = call(
        &ARCHIVED_USERS,
        json!({"totalCount": 1, "list": [readme_user()]}),
        |c| async move { c.users().list_archived_users(&ListOptions::new(2, 5)).await },
    )
    .await;
    assert_eq!(vars, json!({"page": 2, "limit": 5}));
    assert_eq!((page.total_count, page.list.len()), (1, 1));
    rejected(|c| async move {
        c.users()
            .list_archived_users(&ListOptions::default().with_namespace("x"))
            .await
    })
    .await;
    rejected(|c| async move {
        c.users()
            .list_archived_users(&ListOptions::new(0, 10))
            .await
    })
    .await;
}

#[tokio::test]
async fn list_archived_users_stream_walks_pages() {
    let (server, client) = env().await;
    gql_mock(&ARCHIVED_USERS)
        .respond_with(data(
            &ARCHIVED_USERS,
            json!({"totalCount": 1, "list": [readme_user()]}),
        ))
        .mount(&server)
        .await;
    let all: Vec<_> = client
        .users()
        .list_archived_users_stream(&ListOptions::new(1, 10))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(sent(&server, &ARCHIVED_USERS).await.len(), 1);
}

#[tokio::test]
async fn send_first_login_verify_email_sends_both_ids() {
    let (msg, vars) = call(
        &SEND_FIRST_LOGIN_VERIFY_EMAIL,
        json!({"code": 200, "message": "发送成功"}),
        |c| async move { c.users().send_first_login_verify_email("app1", "u1").await },
    )
    .await;
    assert_eq!(vars, json!({"userId": "u1", "appId": "app1"}));
    assert_eq!(msg.message.as_deref(), Some("发送成功"));
    rejected(|c| async move { c.users().send_first_login_verify_email("", "u1").await }).await;
    let e = gql_error(
        &SEND_FIRST_LOGIN_VERIFY_EMAIL,
        2004,
        "用户不存在",
        |c| async move {
            c.users()
                .send_first_login_verify_email("app1", "nobody")
                .await
        },
    )
    .await;
    assert!(e.is_user_not_found());
}

#[tokio::test]
async fn send_email_sends_email_and_scene() {
    let (msg, vars) = call(
        &SEND_EMAIL,
        json!({"code": 200, "message": "发送成功"}),
        |c| async move {
            c.send_email("alice@example.com", EmailScene::VerifyEmail)
                .await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"email": "alice@example.com", "scene": "VERIFY_EMAIL"})
    );
    assert_eq!(msg.code, Some(200));
    rejected(|c| async move { c.send_email(" ", EmailScene::ResetPassword).await }).await;
    // a business code other than 200 is an error
    let (server, client) = env().await;
    gql_mock(&SEND_EMAIL)
        .respond_with(data(
            &SEND_EMAIL,
            json!({"code": 2003, "message": "邮箱格式不正确"}),
        ))
        .mount(&server)
        .await;
    let e = client
        .send_email("x@y", EmailScene::VerifyCode)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(2003));
}

#[tokio::test]
async fn is_password_valid_posts_the_password_and_reads_the_verdict() {
    let answer = envelope(json!({"valid": false, "message": "密码长度不能少于 6 位"}));
    let (out, sent) = rest_call("POST", "/api/v2/password/check", answer, |c| async move {
        c.is_password_valid("abc").await
    })
    .await;
    let v = out.unwrap();
    assert!(!v.valid);
    assert_eq!(v.message.as_deref(), Some("密码长度不能少于 6 位"));
    // clear text, as every official SDK sends it (catalog §2)
    assert_eq!(sent.body, Some(json!({"password": "abc"})));
}

#[tokio::test]
async fn audit_logs_list_sends_every_filter_as_its_own_parameter() {
    let item = json!({
        "userpool_id": POOL, "operator_type": "admin", "operator_arn": "arn:cn:authing:user:o1",
        "operator_detail": {"id": "o1", "displayName": "administrator"},
        "operation_name": "createUser", "geoip": {"ip": "10.0.0.1", "city_name": "Beijing"},
        "app_id": "a1", "timestamp": "2026-12-04T10:00:00.000Z", "unknown": true
    });
    let answer = envelope(json!({"list": [item], "totalCount": 21}));
    let filter = AuditLogFilter {
        client_ip: Some("10.0.0.1".into()),
        operation_names: vec!["createUser".into(), "deleteUser".into()],
        user_ids: vec!["o1".into()],
        app_ids: vec!["a1".into()],
        page: 3,
        limit: 5,
    };
    let (out, sent) = rest_call("GET", "/api/v2/analysis/audit", answer, |c| async move {
        c.audit_logs().list(&filter).await
    })
    .await;
    assert_eq!(
        sent.query,
        q(&[
            ("clientip", "10.0.0.1"),
            ("operation_name", "createUser"),
            ("operation_name", "deleteUser"),
            ("app_id", "a1"),
            ("operator_arn", "arn:cn:authing:user:o1"),
            ("page", "3"),
            ("limit", "5"),
        ])
    );
    let page = out.unwrap();
    assert_eq!(page.total_count, 21);
    let e = &page.list[0];
    assert_eq!(e.operation_name.as_deref(), Some("createUser"));
    assert_eq!(e.ip(), Some("10.0.0.1"));
    assert_eq!(
        e.operator_detail.as_ref().unwrap().display_name.as_deref(),
        Some("administrator")
    );
    assert_eq!(
        e.geoip.as_ref().unwrap().city_name.as_deref(),
        Some("Beijing")
    );
}

#[tokio::test]
async fn audit_logs_default_filter_sends_only_paging() {
    let (out, sent) = rest_call(
        "GET",
        "/api/v2/analysis/audit",
        envelope(json!({"list": [], "totalCount": 0})),
        |c| async move { c.audit_logs().list(&AuditLogFilter::default()).await },
    )
    .await;
    assert_eq!(sent.query, q(&[("page", "1"), ("limit", "10")]));
    assert!(out.unwrap().list.is_empty());
    rejected(|c| async move {
        c.audit_logs()
            .list(&AuditLogFilter {
                limit: 0,
                ..Default::default()
            })
            .await
    })
    .await;
    rejected(|c| async move {
        c.audit_logs()
            .list(&AuditLogFilter {
                operation_names: vec!["".into()],
                ..Default::default()
            })
            .await
    })
    .await;
}

#[tokio::test]
async fn list_user_actions_builds_the_user_arn_and_reads_numeric_timestamps() {
    let item = json!({
        "userpool_id": POOL, "operator_arn": format!("arn:cn:authing:{POOL}:user:u1"),
        "user": {"id": "u1", "displayName": "alice"}, "operation_name": "loginByEmail",
        "operation_desc": "登录", "client_ip": "10.0.0.2", "app_id": "a1",
        "app": {"name": "Portal"}, "timestamp": 1764842400000_i64
    });
    let filter = UserActionFilter {
        user_ids: vec!["u1".into()],
        operation_names: vec!["loginByEmail".into()],
        exclude_non_app_records: true,
        start: Some(1),
        end: Some(2),
        ..Default::default()
    };
    let (out, sent) = rest_call(
        "GET",
        "/api/v2/analysis/user-action",
        envelope(json!({"list": [item], "totalCount": 1})),
        |c| async move { c.users().list_user_actions(&filter).await },
    )
    .await;
    let arn = format!("arn:cn:authing:{POOL}:user:u1");
    assert_eq!(
        sent.query,
        q(&[
            ("operation_name", "loginByEmail"),
            ("operator_arn", &arn),
            ("exclude_non_app_records", "1"),
            ("start", "1"),
            ("end", "2"),
            ("page", "1"),
            ("limit", "10"),
        ])
    );
    let a = &out.unwrap().list[0];
    assert_eq!(a.user.as_ref().unwrap().id.as_deref(), Some("u1"));
    assert_eq!(a.ip(), Some("10.0.0.2"));
    assert_eq!(a.app.as_ref().unwrap().name.as_deref(), Some("Portal"));
    assert_eq!(a.timestamp.as_deref(), Some("1764842400000"));
    rejected(|c| async move {
        c.users()
            .list_user_actions(&UserActionFilter {
                start: Some(5),
                end: Some(1),
                ..Default::default()
            })
            .await
    })
    .await;
}

const PRINCIPAL_PATH: &str = "/api/v2/users/u1/management/principal_authentication";

#[tokio::test]
async fn principal_detail_reads_the_record_or_none() {
    let rec = json!({"id": "p1", "userId": "u1", "type": "P", "name": "张三",
                     "idCard": "**************002X", "ext": "************1111",
                     "authenticated": true, "createdAt": "2026-12-04T10:00:00.000Z"});
    let (out, sent) = rest_call("GET", PRINCIPAL_PATH, envelope(rec), |c| async move {
        c.principal_authentication().detail("u1").await
    })
    .await;
    let p = out.unwrap().unwrap();
    assert_eq!(p.kind.as_deref(), Some("P"));
    assert_eq!(p.id_card.as_deref(), Some("**************002X"));
    assert!(sent.query.is_empty());
    let (out, _) = rest_call(
        "GET",
        PRINCIPAL_PATH,
        envelope(json!(null)),
        |c| async move { c.principal_authentication().detail("u1").await },
    )
    .await;
    assert_eq!(out.unwrap(), None);
    rejected(|c| async move { c.principal_authentication().detail("").await }).await;
}

#[tokio::test]
async fn principal_authenticate_sends_the_js_body_not_query_parameters() {
    let rec =
        json!({"id": "p1", "userId": "u1", "type": "E", "name": "Acme", "authenticated": true});
    let input = PrincipalInput::Enterprise {
        enterprise_name: "Acme".into(),
        enterprise_code: "91350100M000100Y43".into(),
        legal_person_name: "李四".into(),
    };
    let (out, sent) = rest_call("POST", PRINCIPAL_PATH, envelope(rec), |c| async move {
        c.principal_authentication()
            .authenticate("u1", &input)
            .await
    })
    .await;
    assert_eq!(out.unwrap().kind.as_deref(), Some("E"));
    assert!(sent.query.is_empty());
    assert_eq!(
        sent.body,
        Some(json!({"type": "E", "name": "Acme", "idCard": "91350100M000100Y43", "ext": "李四"}))
    );

    let person = PrincipalInput::Person {
        name: "张三".into(),
        id_card: "11010519491231002X".into(),
        bank_card: "4111111111111111".into(),
    };
    let (out, sent) = rest_call(
        "POST",
        PRINCIPAL_PATH,
        rest_error(400, "身份证号格式不正确"),
        |c| async move {
            c.principal_authentication()
                .authenticate("u1", &person)
                .await
        },
    )
    .await;
    assert_eq!(out.unwrap_err().code(), Some(400));
    assert_eq!(
        sent.body,
        Some(
            json!({"type": "P", "name": "张三", "idCard": "11010519491231002X", "ext": "4111111111111111"})
        )
    );
    let blank = PrincipalInput::Person {
        name: "张三".into(),
        id_card: " ".into(),
        bank_card: "1".into(),
    };
    rejected(|c| async move {
        c.principal_authentication()
            .authenticate("u1", &blank)
            .await
    })
    .await;
}
