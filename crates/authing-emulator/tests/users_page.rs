//! The users of a page (`users`, `searchUser`, `Role.users`) are resolved by a faster
//! path than a single `user`; both must answer exactly the same objects for any
//! selection: the SDK's `UserFields`, aliases, `__typename`, fragments, fields selected
//! twice, fields with arguments, directives.

mod common;

use serde_json::{Value, json};

const USER_FIELDS: &str = include_str!("../../authing-core/src/graphql/user_fields.graphql");

/// A selection exercising every way of selecting fields of a `User`.
const SELECTION: &str = r#"
    ...UserFields
    __typename
    kind: __typename
    login: username
    ... on User { email phone nick: nickname }
    ... { status }
    customData { key }
    customData { value label }
    cd: customData {
        __typename k: key ... on UserCustomData { dataType } ... { value }
        label @include(if: $yes) key @skip(if: $yes) key
    }
    identities { __typename openid provider isSocial type userId }
    roles { totalCount list { code } }
    ns: roles(namespace: "default") { totalCount }
    authorizedResources { totalCount list { code } }
    groups { totalCount }
    skipped: email @skip(if: $yes)
    included: email @include(if: $yes)
    phoneCountryCode mainDepartmentId mainDepartmentCode
"#;

#[tokio::test]
async fn a_page_answers_the_same_users_as_single_user_queries() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = t
        .create_user(
            &admin,
            json!({"username": "ann", "email": "Ann@Example.com", "phone": "13800000001",
                   "nickname": "A", "company": "C", "gender": "F"}),
        )
        .await;
    t.create_user(&admin, json!({"username": "bob"})).await;
    t.create_user(&admin, json!({"email": "cy@example.com"}))
        .await;
    t.ok(
        r#"mutation { setUdf(targetType: USER, key: "plan", dataType: STRING, label: "Plan") { key } }"#,
        json!({}),
        Some(&admin),
    )
    .await;
    t.ok(
        r#"mutation($id: String!) { setUdv(targetType: USER, targetId: $id, key: "plan", value: "\"gold\"") { key } }"#,
        json!({"id": a}),
        Some(&admin),
    )
    .await;
    t.ok(
        r#"mutation { createRole(code: "reader") { code } }"#,
        json!({}),
        Some(&admin),
    )
    .await;
    t.ok(
        r#"mutation($id: String!) { assignRole(roleCode: "reader", userIds: [$id]) { code } }"#,
        json!({"id": a}),
        Some(&admin),
    )
    .await;

    let page = t
        .ok(
            &format!(
                "query($yes: Boolean!) {{ users(page: 1, limit: 10) {{ totalCount list {{ {SELECTION} }} }} }}\n{USER_FIELDS}"
            ),
            json!({"yes": true}),
            Some(&admin),
        )
        .await;
    let list = page["users"]["list"].as_array().expect("list").clone();
    assert_eq!(list.len(), 3, "{page}");
    let ann = list.iter().find(|u| u["id"] == a.as_str()).expect("ann");
    assert_eq!(
        ann["customData"],
        json!([{"key": "plan", "value": "gold", "label": "Plan", "dataType": "STRING"}])
    );
    assert_eq!(
        ann["cd"],
        json!([{"__typename": "UserCustomData", "k": "plan", "dataType": "STRING",
                "value": "gold", "label": "Plan", "key": "plan"}])
    );
    assert_eq!(ann["roles"]["list"], json!([{"code": "reader"}]));
    assert_eq!(ann["kind"], "User");
    assert_eq!(ann["included"], "ann@example.com");
    assert!(ann.get("skipped").is_none(), "{ann}");
    for user in &list {
        let single = t
            .ok(
                &format!("query($id: String, $yes: Boolean!) {{ user(id: $id) {{ {SELECTION} }} }}\n{USER_FIELDS}"),
                json!({"id": user["id"], "yes": true}),
                Some(&admin),
            )
            .await;
        assert_eq!(&single["user"], user);
    }

    // The same through `searchUser` and `Role.users`, keys in the same order.
    let raw = |query: String, vars: Value| {
        let t = &t;
        let admin = admin.clone();
        async move {
            t.http
                .post(t.url("/graphql/v2"))
                .header("x-authing-userpool-id", t.emu.user_pool_id())
                .bearer_auth(admin)
                .json(&json!({"query": query, "variables": vars}))
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body")
        }
    };
    let single = raw(
        format!("query($id: String, $yes: Boolean!) {{ user(id: $id) {{ {SELECTION} }} }}\n{USER_FIELDS}"),
        json!({"id": a, "yes": true}),
    )
    .await;
    let single = single
        .strip_prefix(r#"{"data":{"user":"#)
        .and_then(|s| s.strip_suffix("}}"))
        .expect("single answer")
        .to_owned();
    let search = raw(
        format!("query($yes: Boolean!) {{ searchUser(query: \"ann\") {{ list {{ {SELECTION} }} }} }}\n{USER_FIELDS}"),
        json!({"yes": true}),
    )
    .await;
    assert_eq!(
        search,
        format!(r#"{{"data":{{"searchUser":{{"list":[{single}]}}}}}}"#)
    );
    let role = raw(
        format!("query($yes: Boolean!) {{ role(code: \"reader\") {{ users {{ list {{ {SELECTION} }} }} }} }}\n{USER_FIELDS}"),
        json!({"yes": true}),
    )
    .await;
    assert_eq!(
        role,
        format!(r#"{{"data":{{"role":{{"users":{{"list":[{single}]}}}}}}}}"#)
    );
}
