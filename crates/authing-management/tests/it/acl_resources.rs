//! `client.acl()`: namespaces, resources, `authorize_resource`, `revoke_resource`,
//! authorized resources and targets.

use authing_management::operations::*;
use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

fn ns_json(id: Value) -> Value {
    json!({"id": id, "code": "books-app", "name": "Books", "description": "the books app",
           "status": 1, "appId": null, "appName": null, "userPoolId": POOL})
}

fn resource_json() -> Value {
    json!({"id": "60b4a1c2d3e4f5a6b7c8d9f0", "userPoolId": POOL, "code": "books", "type": "DATA",
           "actions": [{"name": "books:read", "description": "read"}, {"name": "books:edit", "description": null}],
           "description": "all books", "namespaceId": 1706, "apiIdentifier": null,
           "createdAt": "2021-05-10T06:18:34.592Z", "updatedAt": "2021-05-10T06:18:34.592Z"})
}

#[tokio::test]
async fn create_update_list_delete_namespaces() {
    let ns_path = format!("/api/v2/resource-namespace/{POOL}");
    let (ns, sent) = rest_call(
        "POST",
        &ns_path,
        envelope(ns_json(json!(1706))),
        |c| async move {
            c.acl()
                .create_namespace("books-app", "Books", Some("the books app"))
                .await
        },
    )
    .await;
    let ns = ns.unwrap();
    assert_eq!(
        sent.body,
        Some(json!({"code": "books-app", "name": "Books", "description": "the books app"}))
    );
    assert_eq!(
        (ns.id, ns.code.as_str(), ns.status),
        (1706, "books-app", Some(1))
    );

    let (ns, sent) = rest_call(
        "PUT",
        &format!("{ns_path}/1706"),
        envelope(ns_json(json!("1706"))),
        |c| async move {
            let input = UpdateNamespaceInput {
                name: Some("Library".into()),
                ..Default::default()
            };
            c.acl().update_namespace(1706, &input).await
        },
    )
    .await;
    assert_eq!(ns.unwrap().id, 1706, "a string id is read too");
    assert_eq!(sent.body, Some(json!({"name": "Library"})));

    let (page, sent) = rest_call(
        "GET",
        &ns_path,
        envelope(json!({"list": [ns_json(json!(1706))], "total": 7})),
        |c| async move { c.acl().list_namespaces(&ListOptions::new(2, 3)).await },
    )
    .await;
    let page = page.unwrap();
    assert_eq!((page.total_count, page.list.len()), (7, 1));
    assert_eq!(
        sent.query,
        [("page".into(), "2".into()), ("limit".into(), "3".into())]
    );

    let (ok, sent) = rest_call(
        "DELETE",
        &format!("{ns_path}/1706"),
        envelope(Value::Null),
        |c| async move { c.acl().delete_namespace(1706).await },
    )
    .await;
    ok.unwrap();
    assert_eq!(sent.body, None);
}

#[tokio::test]
async fn unknown_namespaces_are_3003_and_3005() {
    let ns_path = format!("/api/v2/resource-namespace/{POOL}");
    let (e, _) = rest_call(
        "DELETE",
        &format!("{ns_path}/9"),
        rest_error(3003, "权限分组不存在"),
        |c| async move { c.acl().delete_namespace(9).await },
    )
    .await;
    assert_eq!(e.unwrap_err().code(), Some(3003));
    let (e, _) = rest_call(
        "PUT",
        &format!("{ns_path}/9"),
        rest_error(3005, "权限分组不存在"),
        |c| async move {
            c.acl()
                .update_namespace(9, &UpdateNamespaceInput::default())
                .await
        },
    )
    .await;
    assert_eq!(e.unwrap_err().code(), Some(3005));
}

#[tokio::test]
async fn resources_crud() {
    let (r, sent) = rest_call(
        "POST",
        "/api/v2/resources",
        envelope(resource_json()),
        |c| async move {
            let input = CreateResourceInput::new("books", ResourceType::Data)
                .with_actions([
                    ResourceAction::new("books:read").with_description("read"),
                    ResourceAction::new("books:edit"),
                ])
                .with_description("all books");
            c.acl().create_resource("books-app", &input).await
        },
    )
    .await;
    assert_eq!(
        sent.body,
        Some(
            json!({"code": "books", "type": "DATA", "namespace": "books-app", "description": "all books",
                    "actions": [{"name": "books:read", "description": "read"}, {"name": "books:edit"}]})
        )
    );
    let r = r.unwrap();
    assert_eq!(
        (r.code.as_str(), r.resource_type.clone()),
        ("books", Some(ResourceType::Data))
    );
    assert_eq!(r.actions[1], ResourceAction::new("books:edit"));

    let (_, sent) = rest_call(
        "POST",
        "/api/v2/resources/books%3A1",
        envelope(resource_json()),
        |c| async move {
            let input = UpdateResourceInput {
                description: Some("d".into()),
                ..Default::default()
            };
            c.acl()
                .update_resource("books-app", "books:1", &input)
                .await
        },
    )
    .await;
    assert_eq!(
        sent.body,
        Some(json!({"namespace": "books-app", "description": "d"}))
    );

    let (page, sent) = rest_call(
        "GET",
        "/api/v2/resources",
        envelope(json!({"list": [resource_json()], "totalCount": 1})),
        |c| async move {
            let o = ListResourcesOptions {
                resource_type: Some(ResourceType::Data),
                ..Default::default()
            };
            c.acl().list_resources("books-app", &o).await
        },
    )
    .await;
    assert_eq!(page.unwrap().list[0].code, "books");
    assert_eq!(
        sent.query,
        [
            ("namespace".into(), "books-app".into()),
            ("type".into(), "DATA".into()),
            ("page".into(), "1".into()),
            ("limit".into(), "10".into())
        ]
    );

    let (ok, sent) = rest_call(
        "DELETE",
        "/api/v2/resources/books",
        envelope(Value::Null),
        |c| async move { c.acl().delete_resource("books-app", "books").await },
    )
    .await;
    ok.unwrap();
    assert_eq!(sent.query, [("namespace".into(), "books-app".into())]);

    let (r, sent) = rest_call(
        "GET",
        "/api/v2/resources/detail",
        envelope(resource_json()),
        |c| async move { c.acl().get_resource_by_id("60b4a1c2d3e4f5a6b7c8d9f0").await },
    )
    .await;
    assert!(r.unwrap().is_some());
    assert_eq!(
        sent.query,
        [("id".into(), "60b4a1c2d3e4f5a6b7c8d9f0".into())]
    );
    let (r, sent) = rest_call(
        "GET",
        "/api/v2/resources/detail",
        envelope(Value::Null),
        |c| async move { c.acl().get_resource_by_code("books-app", "ghost").await },
    )
    .await;
    assert!(r.unwrap().is_none());
    assert_eq!(
        sent.query,
        [
            ("namespace".into(), "books-app".into()),
            ("code".into(), "ghost".into())
        ]
    );
}

#[tokio::test]
async fn authorize_resource_sends_typed_grants() {
    let (msg, vars) = call(&AUTHORIZE_RESOURCE, ok_message(), |c| async move {
        c.acl()
            .authorize_resource(
                "books-app",
                "books:*",
                &[
                    AuthorizeResourceOpt::new(AuthorizeTarget::Role("editor".into()))
                        .with_actions(["books:edit"]),
                    AuthorizeResourceOpt::new(AuthorizeTarget::Group("readers".into()))
                        .with_actions(["books:read"]),
                    AuthorizeResourceOpt::new(AuthorizeTarget::Org("node-1".into())),
                    AuthorizeResourceOpt::new(AuthorizeTarget::User("u1".into()))
                        .with_actions(["books:*"]),
                ],
            )
            .await
    })
    .await;
    assert!(msg.is_ok());
    assert_eq!(
        vars,
        json!({"namespace": "books-app", "resource": "books:*", "opts": [
            {"targetType": "ROLE", "targetIdentifier": "editor", "actions": ["books:edit"]},
            {"targetType": "GROUP", "targetIdentifier": "readers", "actions": ["books:read"]},
            {"targetType": "ORG", "targetIdentifier": "node-1"},
            {"targetType": "USER", "targetIdentifier": "u1", "actions": ["books:*"]}
        ]})
    );
    let e = gql_error(
        &AUTHORIZE_RESOURCE,
        3003,
        "权限分组不存在",
        |c| async move {
            c.acl()
                .authorize_resource(
                    "ghost-ns",
                    "books",
                    &[AuthorizeResourceOpt::new(AuthorizeTarget::User(
                        "u1".into(),
                    ))],
                )
                .await
        },
    )
    .await;
    assert!(matches!(e, Error::Api(_)));
    rejected(|c| async move { c.acl().authorize_resource("ns", "books", &[]).await }).await;
    rejected(|c| async move {
        c.acl()
            .authorize_resource(
                "ns",
                "books",
                &[AuthorizeResourceOpt::new(AuthorizeTarget::Role(" ".into()))],
            )
            .await
    })
    .await;
}

#[tokio::test]
async fn revoke_resource_posts_targets() {
    let (ok, sent) = rest_call(
        "POST",
        "/api/v2/acl/revoke-resource",
        envelope(Value::Null),
        |c| async move {
            c.acl()
                .revoke_resource(
                    "books-app",
                    "books:1",
                    &[
                        AuthorizeTarget::User("u1".into()),
                        AuthorizeTarget::Org("n1".into()),
                    ],
                )
                .await
        },
    )
    .await;
    ok.unwrap();
    assert_eq!(
        sent.body,
        Some(
            json!({"namespace": "books-app", "resource": "books:1", "opts": [
            {"targetType": "USER", "targetIdentifier": "u1"}, {"targetType": "ORG", "targetIdentifier": "n1"}]})
        )
    );
    rejected(|c| async move { c.acl().revoke_resource("ns", "books", &[]).await }).await;
}

#[tokio::test]
async fn authorized_resources_and_targets() {
    let (page, vars) = call(&AUTHORIZED_RESOURCES, authorized_page(), |c| async move {
        c.acl()
            .list_authorized_resources(
                "books-app",
                &AuthorizeTarget::Group("readers".into()),
                Some(ResourceType::Menu),
            )
            .await
    })
    .await;
    assert_eq!(
        vars,
        json!({"namespace": "books-app", "targetType": "GROUP", "targetIdentifier": "readers", "resourceType": "MENU"})
    );
    assert_eq!(page.list.len(), 3);

    let (targets, vars) = call(
        &AUTHORIZED_TARGETS,
        json!({"totalCount": 2, "list": [
            {"targetType": "ROLE", "targetIdentifier": "editor", "actions": ["books:edit"]},
            null,
            {"targetType": "USER", "targetIdentifier": "u1", "actions": null}]}),
        |c| async move {
            let o = AuthorizedTargetsOptions {
                target_type: Some(PolicyAssignmentTargetType::Role),
                actions: Some(ActionsFilter::new(
                    Operator::Or,
                    ["books:edit", "books:read"],
                )),
            };
            c.acl()
                .get_authorized_targets("books-app", ResourceType::Data, "books:*", &o)
                .await
        },
    )
    .await;
    assert_eq!(
        vars,
        json!({"namespace": "books-app", "resourceType": "DATA", "resource": "books:*", "targetType": "ROLE",
               "actions": {"op": "OR", "list": ["books:edit", "books:read"]}})
    );
    assert_eq!(targets.total_count, 2);
    assert_eq!(targets.list.len(), 2, "null items are skipped");
    assert_eq!(targets.list[0].target_identifier.as_deref(), Some("editor"));
    let (none, _) = call(&AUTHORIZED_TARGETS, Value::Null, |c| async move {
        c.acl()
            .get_authorized_targets("ns", ResourceType::Api, "r", &Default::default())
            .await
    })
    .await;
    assert!(none.list.is_empty());
}

#[tokio::test]
async fn a_rejected_token_is_replaced_for_rest_calls_too() {
    let (server, client) = env().await;
    use wiremock::matchers::{header, method, path};
    wiremock::Mock::given(method("GET"))
        .and(path("/api/v2/resources/detail"))
        .and(header("authorization", "Bearer mgmt-token-1"))
        .respond_with(rest_error(2206, "登录信息已过期"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    wiremock::Mock::given(method("GET"))
        .and(path("/api/v2/resources/detail"))
        .respond_with(envelope(resource_json()))
        .mount(&server)
        .await;
    let r = client.acl().get_resource_by_id("x").await.unwrap();
    assert!(r.is_some());
    let token_requests = sent(&server, &ACCESS_TOKEN).await.len();
    assert_eq!(token_requests, 2, "the token was fetched again");
}

#[tokio::test]
async fn resource_stream_walks_rest_pages_lazily() {
    use futures::TryStreamExt;
    use wiremock::matchers::{method, path, query_param};
    let (server, client) = env().await;
    let item = |code: &str| {
        let mut r = resource_json();
        r["code"] = json!(code);
        r
    };
    for (page, list) in [("1", vec![item("a"), item("b")]), ("2", vec![item("c")])] {
        wiremock::Mock::given(method("GET"))
            .and(path("/api/v2/resources"))
            .and(query_param("page", page))
            .and(query_param("limit", "2"))
            .and(query_param("namespace", "books-app"))
            .respond_with(envelope(json!({"list": list, "totalCount": 3})))
            .mount(&server)
            .await;
    }
    let o = ListResourcesOptions {
        limit: 2,
        ..Default::default()
    };
    let all: Vec<Resource> = client
        .acl()
        .list_resources_stream("books-app", &o)
        .try_collect()
        .await
        .unwrap();
    let codes: Vec<_> = all.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["a", "b", "c"]);
    let pages = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/api/v2/resources")
        .count();
    assert_eq!(pages, 2, "stops at totalCount");
}
