//! Management operations on users, over plain GraphQL/REST.

mod common;

use serde_json::json;

const CREATE: &str = "mutation($u: CreateUserInput!, $p: String) { createUser(userInfo: $u, params: $p) { id arn userPoolId username email phone password token status registerSource loginsCount createdAt signedUp identities { provider } customData { key value dataType label } } }";

#[tokio::test]
async fn access_token_errors_and_auth_codes() {
    let t = common::start().await;
    let q = "query($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken exp iat } }";
    assert_eq!(
        t.code(q, json!({"p": "nope", "s": t.emu.secret()}), None)
            .await,
        2224
    );
    assert_eq!(
        t.code(q, json!({"p": t.emu.user_pool_id(), "s": "wrong"}), None)
            .await,
        1001
    );
    let d = t
        .ok(
            q,
            json!({"p": t.emu.user_pool_id(), "s": t.emu.secret()}),
            None,
        )
        .await;
    let exp = d["accessToken"]["exp"].as_i64().unwrap();
    let iat = d["accessToken"]["iat"].as_i64().unwrap();
    assert!(
        exp - iat >= 7 * 24 * 3600,
        "management tokens live at least 7 days"
    );

    let users = "{ users { totalCount } }";
    assert_eq!(t.code(users, json!({}), None).await, 2020, "no token");
    assert_eq!(
        t.code(users, json!({}), Some("garbage")).await,
        2207,
        "bad token"
    );
    let (_, user_token) = t.register("alice", "pw123456").await;
    assert_eq!(
        t.code(users, json!({}), Some(&user_token)).await,
        1001,
        "user token on a management call"
    );
    let admin = t.admin().await;
    assert_eq!(
        t.ok(users, json!({}), Some(&admin)).await["users"]["totalCount"],
        1
    );

    // management token expires by the emulator clock
    t.emu
        .advance_clock(std::time::Duration::from_secs(8 * 24 * 3600));
    assert_eq!(t.code(users, json!({}), Some(&admin)).await, 2206);
}

#[tokio::test]
async fn create_get_find_search_delete() {
    let t = common::start().await;
    let admin = t.admin().await;
    let d = t
        .ok(CREATE, json!({"u": {"username": "bob", "email": "Bob@Example.com", "password": t.enc("secret1"), "phone": "13800000001"}}), Some(&admin))
        .await;
    let u = &d["createUser"];
    let id = u["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 24);
    assert_eq!(
        u["arn"],
        format!("arn:cn:authing:{}:user:{}", t.emu.user_pool_id(), id)
    );
    assert_eq!(u["email"], "bob@example.com", "email stored lower-case");
    assert_eq!(u["password"], json!(null), "password never returned");
    assert_eq!(u["token"], json!(null));
    assert_eq!(u["status"], "Activated");
    assert_eq!(u["loginsCount"], 0);
    assert_eq!(u["identities"], json!([]));

    // duplicates: same username, email in other case, same phone
    for dup in [
        json!({"username": "bob"}),
        json!({"email": "BOB@example.COM"}),
        json!({"phone": "13800000001"}),
    ] {
        assert_eq!(t.code(CREATE, json!({"u": dup}), Some(&admin)).await, 2026);
    }
    // no identifier
    assert_eq!(
        t.code(CREATE, json!({"u": {"password": t.enc("x")}}), Some(&admin))
            .await,
        2028
    );
    // numeric lastLogin rejected, ISO accepted and round-trips
    assert_eq!(
        t.code(
            CREATE,
            json!({"u": {"username": "c1", "lastLogin": "1602756997950"}}),
            Some(&admin)
        )
        .await,
        400
    );
    let d = t
        .ok(
            CREATE,
            json!({"u": {"username": "c2", "signedUp": "2020-10-15T10:16:37.950Z"}}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["createUser"]["signedUp"], "2020-10-15T10:16:37.950Z");
    // undecryptable password
    assert_eq!(
        t.code(
            CREATE,
            json!({"u": {"username": "c3", "password": "not-encrypted"}}),
            Some(&admin)
        )
        .await,
        2016
    );

    // user(id)
    let q = "query($id: String) { user(id: $id) { id username email } }";
    assert_eq!(
        t.ok(q, json!({"id": id}), Some(&admin)).await["user"]["username"],
        "bob"
    );
    assert_eq!(
        t.ok(q, json!({"id": "000000000000000000000000"}), Some(&admin))
            .await["user"],
        json!(null)
    );

    // findUser exact, email case-insensitive, username case-sensitive
    let f = "query($e: String, $u: String) { findUser(email: $e, username: $u) { id } }";
    assert_eq!(
        t.ok(f, json!({"e": "BOB@EXAMPLE.COM"}), Some(&admin)).await["findUser"]["id"],
        id
    );
    assert_eq!(
        t.ok(f, json!({"u": "BOB"}), Some(&admin)).await["findUser"],
        json!(null)
    );
    // isUserExists
    let e = "query($u: String, $p: String) { isUserExists(username: $u, phone: $p) }";
    assert_eq!(
        t.ok(e, json!({"u": "bob"}), None).await["isUserExists"],
        true
    );
    assert_eq!(
        t.ok(e, json!({"p": "1"}), None).await["isUserExists"],
        false
    );
    // searchUser fuzzy
    let s = "query($q: String!) { searchUser(query: $q, page: 1, limit: 10) { totalCount list { username } } }";
    assert_eq!(
        t.ok(s, json!({"q": "BO"}), Some(&admin)).await["searchUser"]["totalCount"],
        1
    );
    assert_eq!(
        t.ok(s, json!({"q": "zzz"}), Some(&admin)).await["searchUser"]["totalCount"],
        0
    );

    // userBatch
    let b = "query($ids: [String!]!, $t: String) { userBatch(ids: $ids, type: $t) { id } }";
    assert_eq!(
        t.ok(b, json!({"ids": [id.clone(), "nope"]}), Some(&admin))
            .await["userBatch"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        t.ok(b, json!({"ids": ["bob"], "t": "username"}), Some(&admin))
            .await["userBatch"][0]["id"],
        id
    );
    let many: Vec<String> = (0..81).map(|i| format!("id{i}")).collect();
    assert_eq!(t.code(b, json!({"ids": many}), Some(&admin)).await, 2030);

    // REST detail
    let r = t
        .rest_get(
            &format!("/api/v2/users/{id}?with_custom_data=1"),
            Some(&admin),
        )
        .await;
    assert_eq!(r["code"], 200);
    assert_eq!(r["data"]["username"], "bob");
    assert_eq!(r["data"]["password"], json!(null));
    assert!(
        r["data"].get("passwordHash").is_none(),
        "no internal fields"
    );
    let r = t
        .rest_get("/api/v2/users/000000000000000000000000", Some(&admin))
        .await;
    assert_eq!(r["data"], json!(null));
    let r = t.rest_get(&format!("/api/v2/users/{id}"), None).await;
    assert_eq!(r["code"], 2020);

    // delete
    let del = "mutation($id: String!) { deleteUser(id: $id) { code message } }";
    assert_eq!(
        t.ok(del, json!({"id": id}), Some(&admin)).await["deleteUser"]["code"],
        200
    );
    assert_eq!(t.code(del, json!({"id": id}), Some(&admin)).await, 2004);
    assert_eq!(
        t.ok(q, json!({"id": id}), Some(&admin)).await["user"],
        json!(null)
    );
    let dels = "mutation($ids: [String!]!) { deleteUsers(ids: $ids) { code } }";
    assert_eq!(
        t.code(dels, json!({"ids": ["nope"]}), Some(&admin)).await,
        2004
    );
}

#[tokio::test]
async fn list_paging_and_sorting() {
    let t = common::start().await;
    let admin = t.admin().await;
    for i in 0..25 {
        t.ok(
            CREATE,
            json!({"u": {"username": format!("u{i:02}")}}),
            Some(&admin),
        )
        .await;
    }
    let q = "query($p: Int, $l: Int, $s: SortByEnum) { users(page: $p, limit: $l, sortBy: $s) { totalCount list { username } } }";
    let d = t.ok(q, json!({"p": 1, "l": 10}), Some(&admin)).await;
    assert_eq!(d["users"]["totalCount"], 25);
    assert_eq!(
        d["users"]["list"][0]["username"], "u24",
        "default CREATEDAT_DESC"
    );
    let d = t
        .ok(
            q,
            json!({"p": 3, "l": 10, "s": "CREATEDAT_ASC"}),
            Some(&admin),
        )
        .await;
    let list = d["users"]["list"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert_eq!(list[0]["username"], "u20");
    let d = t.ok(q, json!({"p": 9, "l": 10}), Some(&admin)).await;
    assert_eq!(d["users"]["list"], json!([]));
}

#[tokio::test]
async fn admin_update_user_and_custom_data_inline() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = t
        .ok(
            CREATE,
            json!({"u": {"username": "a", "email": "a@x.io"}}),
            Some(&admin),
        )
        .await["createUser"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.ok(
        CREATE,
        json!({"u": {"username": "b", "email": "b@x.io", "phone": "139"}}),
        Some(&admin),
    )
    .await;
    let upd = "mutation($id: String, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id username email phone nickname } }";
    let d = t
        .ok(
            upd,
            json!({"id": a, "i": {"email": "A2@x.io", "phone": "137", "nickname": "Ann"}}),
            Some(&admin),
        )
        .await;
    assert_eq!(d["updateUser"]["email"], "a2@x.io");
    assert_eq!(d["updateUser"]["phone"], "137");
    assert_eq!(d["updateUser"]["nickname"], "Ann");
    assert_eq!(
        t.code(upd, json!({"id": a, "i": {"username": "b"}}), Some(&admin))
            .await,
        2034
    );
    assert_eq!(
        t.code(
            upd,
            json!({"id": a, "i": {"email": "b@x.io"}}),
            Some(&admin)
        )
        .await,
        2200
    );
    assert_eq!(
        t.code(upd, json!({"id": a, "i": {"phone": "139"}}), Some(&admin))
            .await,
        2035
    );
    assert_eq!(
        t.code(
            upd,
            json!({"id": "nope", "i": {"nickname": "x"}}),
            Some(&admin)
        )
        .await,
        2004
    );

    // params set custom data at creation (field must be defined first)
    let setudf = "mutation { setUdf(targetType: USER, key: \"school\", dataType: STRING, label: \"School\") { key dataType label } }";
    t.ok(setudf, json!({}), Some(&admin)).await;
    let d = t
        .ok(
            CREATE,
            json!({"u": {"username": "c"}, "p": "[{\"key\":\"school\",\"value\":\"ucla\"}]"}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        d["createUser"]["customData"],
        json!([{"key": "school", "value": "ucla", "dataType": "STRING", "label": "School"}])
    );
    assert_eq!(
        t.code(
            CREATE,
            json!({"u": {"username": "d"}, "p": "[{\"key\":\"undefined\",\"value\":1}]"}),
            Some(&admin)
        )
        .await,
        404
    );
}
