//! `client.applications()` against wiremock: every method's exact REST request
//! (method, path, query, JSON body, bearer) and the decoding of its answer.

use authing_management::*;
use serde_json::{Value, json};

use crate::common::*;

const APP: &str = "60b4a1c2d3e4f5a6b7c8d9e0";
const ACC: &str = "60b4a1c2d3e4f5a6b7c8d9f1";

fn app_json() -> Value {
    json!({"id": APP, "userPoolId": POOL, "name": "Books", "identifier": "books",
           "description": null, "logo": "https://example.com/logo.png",
           "secret": "app-secret-5d1e", "redirectUris": ["https://books.example.com/cb"],
           "logoutRedirectUris": null, "tokenEndpointAuthMethod": "client_secret_post",
           "permissionStrategy": {"enabled": true, "defaultStrategy": "DENY_ALL"},
           "createdAt": "2021-05-10T06:18:34.592Z", "updatedAt": "2021-05-10T06:18:34.592Z",
           "somethingNew": {"x": 1}})
}

fn account_json() -> Value {
    json!({"id": ACC, "appId": APP, "secret": "acc-secret-9c3b", "tokenLifetime": 600,
           "enabled": true, "remarks": "ci robot", "userId": null,
           "createdAt": "2021-05-10T06:18:34.592Z", "updatedAt": "2021-05-10T06:18:34.592Z"})
}

fn agreement_json(id: Value, title: &str) -> Value {
    json!({"id": id, "appId": APP, "title": title, "required": true, "lang": "zh-CN", "order": 0,
           "createdAt": "2021-05-10T06:18:34.592Z", "updatedAt": "2021-05-10T06:18:34.592Z"})
}

fn query(sent: &RestSent) -> Vec<(&str, &str)> {
    sent.query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn list_and_find_and_create_and_delete() {
    let (page, sent) = rest_call(
        "GET",
        "/api/v2/applications",
        envelope(json!({"totalCount": 3, "list": [app_json()]})),
        |c| async move { c.applications().list(&ListOptions::new(2, 1)).await },
    )
    .await;
    let page = page.unwrap();
    assert_eq!(query(&sent), [("page", "2"), ("limit", "1")]);
    assert_eq!(sent.body, None);
    assert_eq!(page.total_count, 3);
    let app = &page.list[0];
    assert_eq!(app.id, APP);
    assert_eq!(app.secret.as_ref().unwrap().expose(), "app-secret-5d1e");
    assert!(app.logout_redirect_uris.is_empty(), "null reads as empty");
    assert_eq!(
        app.permission_strategy.as_ref().unwrap().default_strategy,
        Some(DefaultStrategy::DenyAll)
    );
    let debug = format!("{app:?}");
    assert!(!debug.contains("app-secret-5d1e"), "{debug}");

    let (app, sent) = rest_call(
        "POST",
        "/api/v2/applications",
        envelope(app_json()),
        |c| async move {
            let input =
                CreateApplicationInput::new("Books", "books", ["https://books.example.com/cb"])
                    .with_logo("https://example.com/logo.png");
            c.applications().create(&input).await
        },
    )
    .await;
    assert_eq!(app.unwrap().identifier.as_deref(), Some("books"));
    assert_eq!(
        sent.body,
        Some(json!({"name": "Books", "identifier": "books",
                    "redirectUris": ["https://books.example.com/cb"],
                    "logo": "https://example.com/logo.png"}))
    );

    let (found, _) = rest_call(
        "GET",
        &format!("/api/v2/applications/{APP}"),
        envelope(app_json()),
        |c| async move { c.applications().find_by_id(APP).await },
    )
    .await;
    assert_eq!(found.unwrap().unwrap().name.as_deref(), Some("Books"));
    let (none, _) = rest_call(
        "GET",
        &format!("/api/v2/applications/{APP}"),
        envelope(Value::Null),
        |c| async move { c.applications().find_by_id(APP).await },
    )
    .await;
    assert!(none.unwrap().is_none());
    let (none, _) = rest_call(
        "GET",
        &format!("/api/v2/applications/{APP}"),
        rest_error(2011, "应用不存在"),
        |c| async move { c.applications().find_by_id(APP).await },
    )
    .await;
    assert!(none.unwrap().is_none(), "2011 is not found");

    let (done, sent) = rest_call(
        "DELETE",
        &format!("/api/v2/applications/{APP}"),
        envelope(json!(true)),
        |c| async move { c.applications().delete(APP).await },
    )
    .await;
    done.unwrap();
    assert_eq!(sent.body, None);
    let (e, _) = rest_call(
        "DELETE",
        &format!("/api/v2/applications/{APP}"),
        rest_error(2011, "应用不存在"),
        |c| async move { c.applications().delete(APP).await },
    )
    .await;
    assert_eq!(e.unwrap_err().code(), Some(2011));
}

#[tokio::test]
async fn refresh_secret_and_active_users() {
    let (app, sent) = rest_call(
        "PATCH",
        &format!("/api/v2/application/{APP}/refresh-secret"),
        envelope(app_json()),
        |c| async move { c.applications().refresh_application_secret(APP).await },
    )
    .await;
    assert_eq!(app.unwrap().secret.unwrap().expose(), "app-secret-5d1e");
    assert_eq!(sent.body, None);

    let (users, sent) = rest_call(
        "GET",
        &format!("/api/v2/applications/{APP}/active-users"),
        envelope(json!({"totalCount": 1, "list": [readme_user()]})),
        |c| async move {
            c.applications()
                .active_users(APP, &ListOptions::new(1, 20))
                .await
        },
    )
    .await;
    assert_eq!(query(&sent), [("page", "1"), ("limit", "20")]);
    let users = users.unwrap();
    assert_eq!(users.total_count, 1);
    assert_eq!(users.list[0].id, readme_user()["id"].as_str().unwrap());
}

#[tokio::test]
async fn resources_use_the_app_id_as_namespace() {
    let resource = json!({"id": "r1", "userPoolId": POOL, "code": "books", "type": "DATA",
        "actions": [{"name": "books:read", "description": null}], "description": null,
        "namespaceId": 3, "apiIdentifier": null, "createdAt": null, "updatedAt": null});
    let r = resource.clone();
    let (res, sent) = rest_call("POST", "/api/v2/resources", envelope(r), |c| async move {
        let input = CreateResourceInput::new("books", ResourceType::Data)
            .with_actions([ResourceAction::new("books:read")]);
        c.applications().create_resource(APP, &input).await
    })
    .await;
    assert_eq!(res.unwrap().code, "books");
    assert_eq!(sent.body.as_ref().unwrap()["namespace"], APP);
    assert_eq!(sent.body.as_ref().unwrap()["type"], "DATA");

    let (page, sent) = rest_call(
        "GET",
        "/api/v2/resources",
        envelope(json!({"totalCount": 1, "list": [resource.clone()]})),
        |c| async move {
            c.applications()
                .list_resources(APP, &Default::default())
                .await
        },
    )
    .await;
    assert_eq!(page.unwrap().total_count, 1);
    assert_eq!(
        query(&sent),
        [("namespace", APP), ("page", "1"), ("limit", "10")]
    );

    let (res, sent) = rest_call(
        "POST",
        "/api/v2/resources/books",
        envelope(resource),
        |c| async move {
            let input = UpdateResourceInput {
                description: Some("All books".into()),
                ..Default::default()
            };
            c.applications().update_resource(APP, "books", &input).await
        },
    )
    .await;
    res.unwrap();
    assert_eq!(
        sent.body,
        Some(json!({"namespace": APP, "description": "All books"}))
    );

    let (done, sent) = rest_call(
        "DELETE",
        "/api/v2/resources/books",
        envelope(json!(true)),
        |c| async move { c.applications().delete_resource(APP, "books").await },
    )
    .await;
    done.unwrap();
    assert_eq!(query(&sent), [("namespace", APP)]);
}

#[tokio::test]
async fn access_policies() {
    let record = json!({"id": "p1", "appId": APP, "targetType": "USER", "targetIdentifier": "u1",
        "effect": "DENY", "enabled": true, "namespace": APP, "inheritByChildren": false,
        "createdAt": null, "updatedAt": null});
    let (page, sent) = rest_call(
        "GET",
        &format!("/api/v2/applications/{APP}/authorization/records"),
        envelope(json!({"totalCount": 1, "list": [record]})),
        |c| async move {
            c.applications()
                .get_access_policies(APP, &Default::default())
                .await
        },
    )
    .await;
    assert_eq!(query(&sent), [("page", "1"), ("limit", "10")]);
    let p = &page.unwrap().list[0];
    assert_eq!(p.target_type, PolicyAssignmentTargetType::User);
    assert_eq!(p.effect, Some(PolicyEffect::Deny));
    assert_eq!(p.target_identifier, "u1");

    type Call = for<'a> fn(
        &'a ApplicationsClient<'a>,
        &'a AccessPolicyTargets,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = authing_management::Result<()>> + 'a>,
    >;
    let cases: [(&str, Call); 5] = [
        ("allow", |a, t| Box::pin(a.allow_access_application(APP, t))),
        ("deny", |a, t| Box::pin(a.deny_access_application(APP, t))),
        ("enable-effect", |a, t| {
            Box::pin(a.enable_application_access_policies(APP, t))
        }),
        ("disable-effect", |a, t| {
            Box::pin(a.disable_application_access_policies(APP, t))
        }),
        ("revoke", |a, t| {
            Box::pin(a.delete_application_access_policies(APP, t))
        }),
    ];
    for (action, f) in cases {
        let (out, sent) = rest_call(
            "POST",
            &format!("/api/v2/applications/{APP}/authorization/{action}"),
            envelope(json!(true)),
            |c| async move {
                let t = AccessPolicyTargets::new(
                    PolicyAssignmentTargetType::Group,
                    ["readers", "staff"],
                )
                .inherit_by_children(true);
                f(&c.applications(), &t).await
            },
        )
        .await;
        out.unwrap();
        assert_eq!(
            sent.body,
            Some(
                json!({"targetType": "GROUP", "targetIdentifiers": ["readers", "staff"],
                        "namespace": APP, "inheritByChildren": true})
            ),
            "{action}"
        );
    }
    let (out, sent) = rest_call(
        "POST",
        &format!("/api/v2/applications/{APP}/authorization/allow"),
        envelope(json!(true)),
        |c| async move {
            let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::Role, ["editor"])
                .with_namespace("books-ns");
            c.applications().allow_access_application(APP, &t).await
        },
    )
    .await;
    out.unwrap();
    assert_eq!(sent.body.unwrap()["namespace"], "books-ns");

    let (app, sent) = rest_call(
        "POST",
        &format!("/api/v2/applications/{APP}"),
        envelope(app_json()),
        |c| async move {
            c.applications()
                .update_default_application_access_policy(APP, DefaultStrategy::DenyAll)
                .await
        },
    )
    .await;
    app.unwrap();
    assert_eq!(
        sent.body,
        Some(json!({"permissionStrategy": {"defaultStrategy": "DENY_ALL"}}))
    );
    let (e, _) = rest_call(
        "POST",
        &format!("/api/v2/applications/{APP}/authorization/deny"),
        rest_error(2011, "应用不存在"),
        |c| async move {
            let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::User, ["u1"]);
            c.applications().deny_access_application(APP, &t).await
        },
    )
    .await;
    assert_eq!(e.unwrap_err().code(), Some(2011));
}

#[tokio::test]
async fn agreements() {
    let base = format!("/api/v2/applications/{APP}/agreements");
    let (a, sent) = rest_call(
        "POST",
        &base,
        envelope(agreement_json(json!(12), "Terms")),
        |c| async move {
            c.applications()
                .create_agreement(APP, &CreateAgreementInput::new("Terms"))
                .await
        },
    )
    .await;
    assert_eq!(a.unwrap().id, 12);
    assert_eq!(
        sent.body,
        Some(json!({"title": "Terms", "required": true, "lang": "zh-CN"}))
    );
    let (_, sent) = rest_call(
        "POST",
        &base,
        envelope(agreement_json(json!("13"), "Cookies")),
        |c| async move {
            let input = CreateAgreementInput::new("Cookies")
                .with_required(false)
                .with_lang("en-US");
            c.applications().create_agreement(APP, &input).await
        },
    )
    .await;
    assert_eq!(
        sent.body,
        Some(json!({"title": "Cookies", "required": false, "lang": "en-US"}))
    );

    let (list, sent) = rest_call(
        "GET",
        &base,
        envelope(json!({"totalCount": 2, "list": [agreement_json(json!(13), "Cookies"), agreement_json(json!("12"), "Terms")]})),
        |c| async move { c.applications().list_agreement(APP).await },
    )
    .await;
    let list = list.unwrap();
    assert_eq!(
        list.iter()
            .map(|a| (a.id, a.title.as_str()))
            .collect::<Vec<_>>(),
        [(13, "Cookies"), (12, "Terms")]
    );
    assert!(sent.query.is_empty());
    let (bare, _) = rest_call(
        "GET",
        &base,
        envelope(json!([agreement_json(json!(12), "Terms")])),
        |c| async move { c.applications().list_agreement(APP).await },
    )
    .await;
    assert_eq!(bare.unwrap().len(), 1, "a bare list is read too");

    let (m, sent) = rest_call(
        "PUT",
        &format!("{base}/12"),
        envelope(agreement_json(json!(12), "Terms v2")),
        |c| async move {
            let input = ModifyAgreementInput {
                title: Some("Terms v2".into()),
                ..Default::default()
            };
            c.applications().modify_agreement(APP, 12, &input).await
        },
    )
    .await;
    assert_eq!(m.unwrap().title, "Terms v2");
    assert_eq!(sent.body, Some(json!({"title": "Terms v2"})));

    let (done, sent) = rest_call(
        "POST",
        &format!("{base}/sort"),
        envelope(json!(true)),
        |c| async move { c.applications().sort_agreement(APP, &[13, 12]).await },
    )
    .await;
    done.unwrap();
    assert_eq!(sent.body, Some(json!({"ids": [13, 12]})));

    let (done, sent) = rest_call(
        "DELETE",
        &format!("{base}/12"),
        envelope(json!(true)),
        |c| async move { c.applications().delete_agreement(APP, 12).await },
    )
    .await;
    done.unwrap();
    assert_eq!(sent.body, None);
}

#[tokio::test]
async fn programmatic_access_accounts() {
    let base = format!("/api/v2/applications/{APP}/programmatic-access-accounts");
    let (page, sent) = rest_call(
        "GET",
        &base,
        envelope(json!({"totalCount": 1, "list": [account_json()]})),
        |c| async move {
            c.applications()
                .programmatic_access_account_list(APP, &ListOptions::new(1, 5))
                .await
        },
    )
    .await;
    assert_eq!(query(&sent), [("page", "1"), ("limit", "5")]);
    let acc = &page.unwrap().list[0];
    assert_eq!(acc.secret.as_ref().unwrap().expose(), "acc-secret-9c3b");
    assert_eq!((acc.token_lifetime, acc.enabled), (Some(600), Some(true)));
    assert!(!format!("{acc:?}").contains("acc-secret-9c3b"));

    let (acc, sent) = rest_call("POST", &base, envelope(account_json()), |c| async move {
        c.applications()
            .create_programmatic_access_account(APP, Some("ci robot"), None)
            .await
    })
    .await;
    assert_eq!(acc.unwrap().id, ACC);
    assert_eq!(
        sent.body,
        Some(json!({"tokenLifetime": 600, "remarks": "ci robot"}))
    );
    let (_, sent) = rest_call("POST", &base, envelope(account_json()), |c| async move {
        c.applications()
            .create_programmatic_access_account(APP, None, Some(120))
            .await
    })
    .await;
    assert_eq!(sent.body, Some(json!({"tokenLifetime": 120})));

    let path = "/api/v2/applications/programmatic-access-accounts";
    let (_, sent) = rest_call("PATCH", path, envelope(account_json()), |c| async move {
        c.applications()
            .disable_programmatic_access_account(ACC)
            .await
    })
    .await;
    assert_eq!(sent.body, Some(json!({"id": ACC, "enabled": false})));
    let (_, sent) = rest_call("PATCH", path, envelope(account_json()), |c| async move {
        c.applications()
            .enable_programmatic_access_account(ACC)
            .await
    })
    .await;
    assert_eq!(sent.body, Some(json!({"id": ACC, "enabled": true})));
    let (acc, sent) = rest_call("PATCH", path, envelope(account_json()), |c| async move {
        c.applications()
            .refresh_programmatic_access_account_secret(ACC, Some("chosen-secret"))
            .await
    })
    .await;
    acc.unwrap();
    assert_eq!(
        sent.body,
        Some(json!({"id": ACC, "secret": "chosen-secret"}))
    );
    let (_, sent) = rest_call("PATCH", path, envelope(account_json()), |c| async move {
        c.applications()
            .refresh_programmatic_access_account_secret(ACC, None)
            .await
    })
    .await;
    assert_eq!(sent.body, Some(json!({"id": ACC})), "the service picks one");

    let (done, sent) = rest_call("DELETE", path, envelope(json!(true)), |c| async move {
        c.applications()
            .delete_programmatic_access_account(ACC)
            .await
    })
    .await;
    done.unwrap();
    assert_eq!(query(&sent), [("id", ACC)]);
    let (e, _) = rest_call(
        "DELETE",
        path,
        rest_error(404, "not found"),
        |c| async move {
            c.applications()
                .delete_programmatic_access_account(ACC)
                .await
        },
    )
    .await;
    assert_eq!(e.unwrap_err().code(), Some(404));
}

#[tokio::test]
async fn bad_arguments_send_nothing() {
    rejected(|c| async move { c.applications().find_by_id(" ").await }).await;
    rejected(|c| async move { c.applications().delete("").await }).await;
    rejected(|c| async move {
        c.applications()
            .create(&CreateApplicationInput::new(
                "",
                "books",
                ["https://x.example/cb"],
            ))
            .await
    })
    .await;
    rejected(|c| async move {
        c.applications()
            .create(&CreateApplicationInput::new(
                "Books",
                " ",
                Vec::<String>::new(),
            ))
            .await
    })
    .await;
    rejected(|c| async move {
        let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::User, Vec::<String>::new());
        c.applications().allow_access_application(APP, &t).await
    })
    .await;
    rejected(|c| async move {
        let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::AkSk, ["k"]);
        c.applications().deny_access_application(APP, &t).await
    })
    .await;
    rejected(|c| async move {
        c.applications()
            .update_default_application_access_policy(APP, "SOMETIMES".parse().unwrap())
            .await
    })
    .await;
    rejected(|c| async move {
        c.applications()
            .create_agreement(APP, &CreateAgreementInput::new(" "))
            .await
    })
    .await;
    rejected(|c| async move { c.applications().sort_agreement(APP, &[]).await }).await;
    rejected(|c| async move {
        c.applications()
            .create_programmatic_access_account(APP, None, Some(0))
            .await
    })
    .await;
    rejected(|c| async move {
        c.applications()
            .refresh_programmatic_access_account_secret(ACC, Some(""))
            .await
    })
    .await;
    rejected(|c| async move {
        c.applications()
            .list_resources("", &Default::default())
            .await
    })
    .await;
    rejected(|c| async move { c.applications().list(&ListOptions::new(0, 10)).await }).await;
}

#[tokio::test]
async fn list_stream_pages_lazily() {
    use futures_util::TryStreamExt;
    let (server, client) = env().await;
    for (page, list) in [("1", vec![app_json(), app_json()]), ("2", vec![app_json()])] {
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path("/api/v2/applications"))
            .and(wiremock::matchers::query_param("page", page))
            .respond_with(envelope(json!({"totalCount": 3, "list": list})))
            .mount(&server)
            .await;
    }
    let all: Vec<Application> = client
        .applications()
        .list_stream(&ListOptions::new(1, 2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}
