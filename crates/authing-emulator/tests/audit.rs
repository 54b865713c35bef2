//! The audit log (`GET /api/v2/analysis/audit`), the user actions
//! (`GET /api/v2/analysis/user-action`) and the user lifecycle of the management API
//! (`archivedUsers`, `sendFirstLoginVerifyEmail`, login status after a forced logout),
//! black box over HTTP.

mod common;

use serde_json::{Value, json};

use common::*;

impl T {
    /// A GraphQL call with a client IP and an app id header.
    async fn gql_from(
        &self,
        query: &str,
        variables: Value,
        token: Option<&str>,
        ip: &str,
    ) -> Value {
        let mut req = self
            .http
            .post(self.url("/graphql/v2"))
            .header("x-authing-userpool-id", self.emu.user_pool_id())
            .header("x-forwarded-for", format!("{ip}, 10.9.9.9"))
            .header("x-authing-app-id", self.emu.app_id())
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap().json().await.unwrap()
    }

    async fn analysis(&self, path: &str, admin: &str, query: &[(&str, &str)]) -> Value {
        let v: Value = self
            .http
            .get(self.url(path))
            .query(query)
            .bearer_auth(admin)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["code"], 200, "{v}");
        v["data"].clone()
    }
}

fn names(page: &Value) -> Vec<String> {
    page["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["operation_name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn admin_operations_are_in_the_audit_log_with_ip_app_and_operator() {
    let t = start().await;
    let admin = t.admin().await;
    let v = t
        .gql_from(
            "mutation($u: CreateUserInput!) { made: createUser(userInfo: $u) { id } }",
            json!({"u": {"username": "alice", "password": t.enc("passw0rd!")}}),
            Some(&admin),
            "203.0.113.7",
        )
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    // a failing operation is not recorded
    let v = t
        .gql_from(
            "mutation { deleteUser(id: \"000000000000000000000000\") { code } }",
            json!({}),
            Some(&admin),
            "203.0.113.7",
        )
        .await;
    assert!(v.get("errors").is_some(), "{v}");

    let page = t.analysis("/api/v2/analysis/audit", &admin, &[]).await;
    assert_eq!(names(&page), ["createUser"], "{page}");
    assert_eq!(page["totalCount"], 1);
    let e = &page["list"][0];
    assert_eq!(e["client_ip"], "203.0.113.7");
    assert_eq!(e["geoip"]["ip"], "203.0.113.7");
    assert_eq!(e["app_id"], t.emu.app_id());
    assert_eq!(e["operator_type"], "admin");
    assert!(
        e["operator_arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:cn:authing:user:")
    );
    assert_eq!(e["userpool_id"], t.emu.user_pool_id());
    assert!(e["timestamp"].as_str().unwrap().contains('T'));
    // nothing of the request body (the encrypted password, the username) is kept
    assert!(!page.to_string().contains("alice"), "{page}");

    // the log reads themselves are not recorded; REST admin routes are
    let uid = t.create_user(&admin, json!({"username": "bob"})).await;
    let kicked = t
        .rest_post(
            "/api/v2/users/kick",
            json!({"userIds": [uid]}),
            Some(&admin),
        )
        .await;
    assert_eq!(kicked["code"], 200);
    let page = t.analysis("/api/v2/analysis/audit", &admin, &[]).await;
    assert_eq!(
        names(&page),
        ["POST /api/v2/users/kick", "createUser", "createUser"],
        "newest first: {page}"
    );
}

#[tokio::test]
async fn audit_filters_and_pages() {
    let t = start().await;
    let admin = t.admin().await;
    for (i, ip) in ["198.51.100.1", "198.51.100.2", "198.51.100.1"]
        .iter()
        .enumerate()
    {
        let v = t
            .gql_from(
                "mutation($u: CreateUserInput!) { createUser(userInfo: $u) { id } }",
                json!({"u": {"username": format!("u{i}")}}),
                Some(&admin),
                ip,
            )
            .await;
        assert!(v.get("errors").is_none(), "{v}");
    }
    t.ok("{ users { totalCount } }", json!({}), Some(&admin))
        .await;

    let by_ip = t
        .analysis(
            "/api/v2/analysis/audit",
            &admin,
            &[("clientip", "198.51.100.1")],
        )
        .await;
    assert_eq!(by_ip["totalCount"], 2);
    let by_op = t
        .analysis(
            "/api/v2/analysis/audit",
            &admin,
            &[("operation_name", "users")],
        )
        .await;
    assert_eq!(names(&by_op), ["users"]);
    let two_ops = t
        .analysis(
            "/api/v2/analysis/audit",
            &admin,
            &[
                ("operation_name", "users"),
                ("operation_name", "createUser"),
            ],
        )
        .await;
    assert_eq!(two_ops["totalCount"], 4);
    let page2 = t
        .analysis(
            "/api/v2/analysis/audit",
            &admin,
            &[("page", "2"), ("limit", "3")],
        )
        .await;
    assert_eq!(page2["totalCount"], 4);
    assert_eq!(names(&page2), ["createUser"]);
    let other_app = t
        .analysis(
            "/api/v2/analysis/audit",
            &admin,
            &[("app_id", "not-an-app")],
        )
        .await;
    assert_eq!(other_app["totalCount"], 0);
    let arn = other_app.to_string();
    let _ = arn;
    let by_operator = t
        .analysis(
            "/api/v2/analysis/audit",
            &admin,
            &[("operator_arn", "arn:cn:authing:user:nobody")],
        )
        .await;
    assert_eq!(by_operator["totalCount"], 0);
    let bad = t
        .rest_get("/api/v2/analysis/audit?page=x", Some(&admin))
        .await;
    assert_eq!(bad["code"], 400, "{bad}");
}

#[tokio::test]
async fn the_logs_are_for_administrators_only() {
    let t = start().await;
    let (_, user_token) = t.register("carol", "passw0rd!").await;
    for path in ["/api/v2/analysis/audit", "/api/v2/analysis/user-action"] {
        let v = t.rest_get(path, Some(&user_token)).await;
        assert_eq!(v["code"], 1001, "{v}");
        let v = t.rest_get(path, None).await;
        assert_eq!(v["code"], 2020, "{v}");
    }
}

#[tokio::test]
async fn user_actions_record_register_login_password_change_and_logout() {
    let t = start().await;
    let admin = t.admin().await;
    let v = t
        .gql_from(
            "mutation($i: RegisterByUsernameInput!) { registerByUsername(input: $i) { id } }",
            json!({"i": {"username": "dave", "password": t.enc("passw0rd!")}}),
            None,
            "192.0.2.10",
        )
        .await;
    let id = v["data"]["registerByUsername"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // login selecting only the token: the user is read from it
    let v = t
        .gql_from(
            "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { token } }",
            json!({"i": {"username": "dave", "password": t.enc("passw0rd!")}}),
            None,
            "192.0.2.11",
        )
        .await;
    let token = v["data"]["loginByUsername"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    // a failed login is not an action
    let v = t
        .gql_from(
            "mutation($i: LoginByUsernameInput!) { loginByUsername(input: $i) { token } }",
            json!({"i": {"username": "dave", "password": t.enc("wrong-one")}}),
            None,
            "192.0.2.12",
        )
        .await;
    assert!(v.get("errors").is_some());
    let v = t
        .gql_from(
            "mutation($n: String!, $o: String) { updatePassword(newPassword: $n, oldPassword: $o) { id } }",
            json!({"n": t.enc("n3w-passw0rd"), "o": t.enc("passw0rd!")}),
            Some(&token),
            "192.0.2.13",
        )
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    // a user's query is not an action
    t.ok("{ user { id } }", json!({}), Some(&token)).await;
    let out = t.rest_get("/api/v2/logout", Some(&token)).await;
    assert_eq!(out["code"], 200, "{out}");

    let page = t
        .analysis("/api/v2/analysis/user-action", &admin, &[])
        .await;
    assert_eq!(
        names(&page),
        [
            "GET /api/v2/logout",
            "updatePassword",
            "loginByUsername",
            "registerByUsername"
        ],
        "{page}"
    );
    let login = &page["list"][2];
    assert_eq!(login["user"]["id"], id.as_str());
    assert_eq!(login["user"]["displayName"], "dave");
    assert_eq!(login["client_ip"], "192.0.2.11");
    assert_eq!(
        login["operator_arn"],
        format!("arn:cn:authing:{}:user:{id}", t.emu.user_pool_id())
    );
    // no password, token or body in the log
    let text = page.to_string();
    assert!(
        !text.contains("passw0rd") && !text.contains(&token),
        "{text}"
    );

    let arn = format!("arn:cn:authing:{}:user:{id}", t.emu.user_pool_id());
    let mine = t
        .analysis(
            "/api/v2/analysis/user-action",
            &admin,
            &[
                ("operator_arn", arn.as_str()),
                ("operation_name", "loginByUsername,registerByUsername"),
            ],
        )
        .await;
    assert_eq!(names(&mine), ["loginByUsername", "registerByUsername"]);
    let with_app = t
        .analysis(
            "/api/v2/analysis/user-action",
            &admin,
            &[("exclude_non_app_records", "1")],
        )
        .await;
    assert_eq!(
        with_app["totalCount"], 3,
        "the REST logout carried no app id: {with_app}"
    );
    let future = t
        .analysis(
            "/api/v2/analysis/user-action",
            &admin,
            &[("start", "99999999999999")],
        )
        .await;
    assert_eq!(future["totalCount"], 0);
    // the administrator's own operations are not user actions
    assert!(!names(&page).iter().any(|n| n == "accessToken"));
}

#[tokio::test]
async fn reset_clears_the_logs() {
    let t = start().await;
    let admin = t.admin().await;
    t.ok("{ users { totalCount } }", json!({}), Some(&admin))
        .await;
    t.emu.reset();
    let admin = t.admin().await;
    let page = t.analysis("/api/v2/analysis/audit", &admin, &[]).await;
    assert_eq!(page["totalCount"], 0, "{page}");
}

#[tokio::test]
async fn deleted_users_are_archived_without_secrets() {
    let t = start().await;
    let admin = t.admin().await;
    let a = t
        .create_user(
            &admin,
            json!({"username": "erin", "password": t.enc("passw0rd!")}),
        )
        .await;
    let b = t
        .create_user(&admin, json!({"email": "frank@example.com"}))
        .await;
    let q = "query($p: Int, $l: Int) { archivedUsers(page: $p, limit: $l) { totalCount list { id username email password isDeleted } } }";
    let empty = t.ok(q, json!({}), Some(&admin)).await;
    assert_eq!(empty["archivedUsers"]["totalCount"], 0);
    t.ok(
        "mutation($id: String!) { deleteUser(id: $id) { code } }",
        json!({"id": a}),
        Some(&admin),
    )
    .await;
    t.ok(
        "mutation($ids: [String!]!) { deleteUsers(ids: $ids) { code } }",
        json!({"ids": [b]}),
        Some(&admin),
    )
    .await;
    let d = t.ok(q, json!({"p": 1, "l": 10}), Some(&admin)).await;
    let page = &d["archivedUsers"];
    assert_eq!(page["totalCount"], 2);
    assert_eq!(page["list"][0]["id"], b.as_str(), "most recent first");
    assert_eq!(page["list"][1]["username"], "erin");
    assert_eq!(page["list"][1]["password"], Value::Null);
    assert_eq!(page["list"][1]["isDeleted"], true);
    let d = t.ok(q, json!({"p": 2, "l": 1}), Some(&admin)).await;
    assert_eq!(d["archivedUsers"]["list"][0]["id"], a.as_str());
    // the deleted user is gone from the live list
    let live = t
        .ok("{ users { totalCount } }", json!({}), Some(&admin))
        .await;
    assert_eq!(live["users"]["totalCount"], 0);
    // management only
    let (_, user_token) = t.register("gina", "passw0rd!").await;
    assert_eq!(t.code(q, json!({}), Some(&user_token)).await, 1001);
}

#[tokio::test]
async fn kick_and_force_logout_end_the_login_status() {
    let t = start().await;
    let admin = t.admin().await;
    for (name, how) in [("hank", "kick"), ("ivy", "logout")] {
        let (id, token) = t.register(name, "passw0rd!").await;
        let status = t
            .rest_get(
                &format!("/api/v2/users/login-status?userId={id}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status["data"]["isLogin"], true, "{status}");
        let v = match how {
            "kick" => {
                t.rest_post("/api/v2/users/kick", json!({"userIds": [id]}), Some(&admin))
                    .await
            }
            _ => {
                t.rest_get(
                    &format!("/logout?userId={id}&appId={}", t.emu.app_id()),
                    Some(&admin),
                )
                .await
            }
        };
        assert_eq!(v["code"], 200, "{v}");
        let status = t
            .rest_get(
                &format!("/api/v2/users/login-status?userId={id}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status["data"]["isLogin"], false, "{how}: {status}");
        assert_eq!(
            t.code("{ user { id } }", json!({}), Some(&token)).await,
            2207,
            "{how}"
        );
        // a new login is a new session
        let fresh = t.login(name, "passw0rd!").await;
        let status = t
            .rest_get(
                &format!("/api/v2/users/login-status?userId={id}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status["data"]["isLogin"], true, "{status}");
        t.ok("{ user { id } }", json!({}), Some(&fresh)).await;
    }
    let unknown = t
        .rest_get(
            "/api/v2/users/login-status?userId=000000000000000000000000",
            Some(&admin),
        )
        .await;
    assert_eq!(unknown["code"], 2004);
}

#[tokio::test]
async fn send_first_login_verify_email_mails_the_user() {
    let t = start().await;
    let admin = t.admin().await;
    let id = t
        .create_user(&admin, json!({"email": "jack@example.com"}))
        .await;
    let no_mail = t.create_user(&admin, json!({"username": "kim"})).await;
    let m = "mutation($u: String!, $a: String!) { sendFirstLoginVerifyEmail(userId: $u, appId: $a) { code message } }";
    let app = t.emu.app_id().to_string();
    let d = t.ok(m, json!({"u": id, "a": app}), Some(&admin)).await;
    assert_eq!(
        d["sendFirstLoginVerifyEmail"],
        json!({"code": 200, "message": "发送成功"})
    );
    assert!(t.emu.latest_code("jack@example.com").is_some());
    assert_eq!(
        t.code(m, json!({"u": no_mail, "a": app}), Some(&admin))
            .await,
        2028
    );
    assert_eq!(
        t.code(
            m,
            json!({"u": "000000000000000000000000", "a": app}),
            Some(&admin)
        )
        .await,
        2004
    );
    assert_eq!(
        t.code(m, json!({"u": id, "a": "no-such-app"}), Some(&admin))
            .await,
        2011
    );
    let (_, user_token) = t.register("lee", "passw0rd!").await;
    assert_eq!(
        t.code(m, json!({"u": id, "a": app}), Some(&user_token))
            .await,
        1001
    );
}

#[tokio::test]
async fn named_operations_are_recorded_with_or_without_operation_name() {
    let t = start().await;
    let admin = t.admin().await;
    // the SDKs send named documents, usually without `operationName`
    t.ok(
        "query listUsers { users { totalCount } }",
        json!({}),
        Some(&admin),
    )
    .await;
    let v: Value = t
        .http
        .post(t.url("/graphql/v2"))
        .bearer_auth(&admin)
        .json(&json!({
            "query": "query a { users { totalCount } } query b { alias: isUserExists(username: \"x\") }",
            "operationName": "b",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v.get("errors").is_none(), "{v}");
    let page = t.analysis("/api/v2/analysis/audit", &admin, &[]).await;
    assert_eq!(names(&page), ["isUserExists", "users"], "{page}");
}
