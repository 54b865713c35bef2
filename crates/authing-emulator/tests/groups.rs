//! Groups over plain GraphQL: CRUD, members, nested fields, errors, cascades, and the
//! data file.

mod common;

use authing_emulator::Emulator;
use serde_json::{Value, json};

const CREATE: &str = "mutation($c: String!, $n: String!, $d: String) { createGroup(code: $c, name: $n, description: $d) { code name description createdAt updatedAt } }";
const GROUP: &str = "query($c: String!) { group(code: $c) { code name description } }";
const GROUPS: &str = "query($u: String, $p: Int, $l: Int, $s: SortByEnum) { groups(userId: $u, page: $p, limit: $l, sortBy: $s) { totalCount list { code } } }";
const UPDATE: &str = "mutation($c: String!, $n: String, $d: String, $nc: String) { updateGroup(code: $c, name: $n, description: $d, newCode: $nc) { code name description updatedAt } }";
const DELETE: &str = "mutation($l: [String!]!) { deleteGroups(codeList: $l) { code message } }";
const ADD: &str = "mutation($u: [String!]!, $c: String) { addUserToGroup(userIds: $u, code: $c) { code message } }";
const REMOVE: &str = "mutation($u: [String!]!, $c: String) { removeUserFromGroup(userIds: $u, code: $c) { code message } }";
const MEMBERS: &str = "query($c: String!, $p: Int, $l: Int) { group(code: $c) { users(page: $p, limit: $l) { totalCount list { id username } } } }";
const USER_GROUPS: &str =
    "query($id: String) { user(id: $id) { groups { totalCount list { code name } } } }";

fn codes(v: &Value) -> Vec<String> {
    v["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn group_crud() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());

    let d = t
        .ok(
            CREATE,
            json!({"c": "dev", "n": "Developers", "d": "devs"}),
            a,
        )
        .await;
    let g = &d["createGroup"];
    assert_eq!(g["code"], "dev");
    assert_eq!(g["name"], "Developers");
    assert_eq!(g["description"], "devs");
    assert!(g["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(g["updatedAt"].is_string());
    assert_eq!(t.code(CREATE, json!({"c": "dev", "n": "x"}), a).await, 409);
    assert_eq!(t.code(CREATE, json!({"c": " ", "n": "x"}), a).await, 400);
    t.ok(CREATE, json!({"c": "ops", "n": "Ops"}), a).await;
    t.ok(CREATE, json!({"c": "qa", "n": "QA"}), a).await;

    // list: newest first by default, paged; ascending on request
    let d = t.ok(GROUPS, json!({}), a).await;
    assert_eq!(d["groups"]["totalCount"], 3);
    assert_eq!(codes(&d["groups"]), ["qa", "ops", "dev"]);
    let d = t
        .ok(GROUPS, json!({"p": 2, "l": 2, "s": "CREATEDAT_ASC"}), a)
        .await;
    assert_eq!(d["groups"]["totalCount"], 3);
    assert_eq!(codes(&d["groups"]), ["qa"]);

    // detail
    let d = t.ok(GROUP, json!({"c": "dev"}), a).await;
    assert_eq!(
        d["group"],
        json!({"code": "dev", "name": "Developers", "description": "devs"})
    );
    assert_eq!(
        t.ok(GROUP, json!({"c": "nope"}), a).await["group"],
        Value::Null
    );

    // update and rename: the old code is unknown afterwards
    let d = t
        .ok(UPDATE, json!({"c": "dev", "n": "Devs", "nc": "devs"}), a)
        .await;
    assert_eq!(d["updateGroup"]["code"], "devs");
    assert_eq!(d["updateGroup"]["name"], "Devs");
    assert_eq!(d["updateGroup"]["description"], "devs");
    assert_eq!(
        t.ok(GROUP, json!({"c": "dev"}), a).await["group"],
        Value::Null
    );
    assert_eq!(
        t.ok(GROUP, json!({"c": "devs"}), a).await["group"]["name"],
        "Devs"
    );
    assert_eq!(t.code(UPDATE, json!({"c": "dev", "n": "x"}), a).await, 404);
    assert_eq!(
        t.code(UPDATE, json!({"c": "devs", "nc": "ops"}), a).await,
        409
    );

    // delete: an unknown code fails and deletes nothing
    assert_eq!(t.code(DELETE, json!({"l": ["ops", "nope"]}), a).await, 404);
    assert_eq!(t.ok(GROUPS, json!({}), a).await["groups"]["totalCount"], 3);
    let d = t.ok(DELETE, json!({"l": ["ops", "qa"]}), a).await;
    assert_eq!(d["deleteGroups"]["code"], 200);
    assert_eq!(codes(&t.ok(GROUPS, json!({}), a).await["groups"]), ["devs"]);
    assert_eq!(t.code(DELETE, json!({"l": ["ops"]}), a).await, 404);
}

#[tokio::test]
async fn members_and_user_groups() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (u1, _) = t.register("alice", "p").await;
    let (u2, _) = t.register("bob", "p").await;
    t.ok(CREATE, json!({"c": "g1", "n": "G1"}), a).await;
    t.ok(CREATE, json!({"c": "g2", "n": "G2"}), a).await;

    let d = t.ok(ADD, json!({"u": [u1, u2], "c": "g1"}), a).await;
    assert_eq!(d["addUserToGroup"]["code"], 200);
    t.ok(ADD, json!({"u": [u1], "c": "g1"}), a).await; // already a member: no duplicate
    t.ok(ADD, json!({"u": [u1], "c": "g2"}), a).await;

    // errors: unknown user, unknown group, missing code; nothing changes
    assert_eq!(
        t.code(ADD, json!({"u": [u2, "nope"], "c": "g2"}), a).await,
        2004
    );
    assert_eq!(t.code(ADD, json!({"u": [u2], "c": "nope"}), a).await, 404);
    assert_eq!(t.code(ADD, json!({"u": [u2]}), a).await, 2231);
    assert_eq!(
        t.code(REMOVE, json!({"u": ["nope"], "c": "g1"}), a).await,
        2004
    );

    let d = t.ok(MEMBERS, json!({"c": "g1"}), a).await;
    assert_eq!(d["group"]["users"]["totalCount"], 2);
    assert_eq!(d["group"]["users"]["list"][0]["username"], "alice");
    assert_eq!(d["group"]["users"]["list"][1]["username"], "bob");
    let d = t.ok(MEMBERS, json!({"c": "g1", "p": 2, "l": 1}), a).await;
    assert_eq!(
        d["group"]["users"]["list"],
        json!([{"id": u2, "username": "bob"}])
    );
    assert_eq!(
        t.ok(MEMBERS, json!({"c": "g2"}), a).await["group"]["users"]["totalCount"],
        1
    );

    // users.list_groups and groups(userId)
    let d = t.ok(USER_GROUPS, json!({"id": u1}), a).await;
    assert_eq!(
        d["user"]["groups"],
        json!({"totalCount": 2, "list": [{"code": "g1", "name": "G1"}, {"code": "g2", "name": "G2"}]})
    );
    let d = t.ok(GROUPS, json!({"u": u2}), a).await;
    assert_eq!(codes(&d["groups"]), ["g1"]);
    assert_eq!(t.code(GROUPS, json!({"u": "nope"}), a).await, 2004);

    // remove
    let d = t.ok(REMOVE, json!({"u": [u1], "c": "g1"}), a).await;
    assert_eq!(d["removeUserFromGroup"]["code"], 200);
    let d = t.ok(MEMBERS, json!({"c": "g1"}), a).await;
    assert_eq!(
        d["group"]["users"]["list"],
        json!([{"id": u2, "username": "bob"}])
    );
    assert_eq!(
        codes(&t.ok(USER_GROUPS, json!({"id": u1}), a).await["user"]["groups"]),
        ["g2"]
    );

    // a rename keeps the members
    t.ok(UPDATE, json!({"c": "g2", "nc": "g2b"}), a).await;
    assert_eq!(
        codes(&t.ok(USER_GROUPS, json!({"id": u1}), a).await["user"]["groups"]),
        ["g2b"]
    );
}

#[tokio::test]
async fn management_token_required() {
    let t = common::start().await;
    let admin = t.admin().await;
    let (uid, token) = t.register("u", "p").await;
    t.ok(CREATE, json!({"c": "g", "n": "G"}), Some(&admin))
        .await;
    let u = Some(token.as_str());
    assert_eq!(t.code(GROUPS, json!({}), u).await, 1001);
    assert_eq!(t.code(GROUP, json!({"c": "g"}), u).await, 1001);
    assert_eq!(t.code(CREATE, json!({"c": "x", "n": "X"}), u).await, 1001);
    assert_eq!(t.code(UPDATE, json!({"c": "g", "n": "X"}), u).await, 1001);
    assert_eq!(t.code(DELETE, json!({"l": ["g"]}), u).await, 1001);
    assert_eq!(t.code(ADD, json!({"u": [uid], "c": "g"}), u).await, 1001);
    assert_eq!(t.code(REMOVE, json!({"u": [uid], "c": "g"}), u).await, 1001);
    assert_eq!(t.code(GROUPS, json!({}), None).await, 2020);
    // nothing changed
    let d = t.ok(MEMBERS, json!({"c": "g"}), Some(&admin)).await;
    assert_eq!(d["group"]["users"]["totalCount"], 0);
    // a user sees their own groups, but not the other members through them
    t.ok(ADD, json!({"u": [uid], "c": "g"}), Some(&admin)).await;
    let d = t.ok(USER_GROUPS, json!({}), u).await;
    assert_eq!(codes(&d["user"]["groups"]), ["g"]);
    let q = "{ user { groups { list { users { totalCount } } } } }";
    assert_eq!(t.code(q, json!({}), u).await, 1001);
}

#[tokio::test]
async fn deletions_cascade() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let (u1, _) = t.register("a1", "p").await;
    let (u2, _) = t.register("a2", "p").await;
    t.ok(CREATE, json!({"c": "g", "n": "G"}), a).await;
    t.ok(ADD, json!({"u": [u1, u2], "c": "g"}), a).await;

    // a deleted user leaves the group
    t.ok(
        "mutation($id: String!) { deleteUser(id: $id) { code } }",
        json!({"id": u1}),
        a,
    )
    .await;
    let d = t.ok(MEMBERS, json!({"c": "g"}), a).await;
    assert_eq!(
        d["group"]["users"]["list"],
        json!([{"id": u2, "username": "a2"}])
    );

    // a deleted group: gone from its users, and a new group of that code is empty
    t.ok(DELETE, json!({"l": ["g"]}), a).await;
    assert_eq!(
        t.ok(USER_GROUPS, json!({"id": u2}), a).await["user"]["groups"]["totalCount"],
        0
    );
    t.ok(CREATE, json!({"c": "g", "n": "G"}), a).await;
    assert_eq!(
        t.ok(MEMBERS, json!({"c": "g"}), a).await["group"]["users"]["totalCount"],
        0
    );
}

fn temp_file(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "authing-emu-{name}-{}-{nanos}.json",
        std::process::id()
    ))
}

#[tokio::test]
async fn groups_survive_a_restart() {
    let path = temp_file("groups");
    let uid = {
        let emu = Emulator::builder()
            .data_file(path.clone())
            .start()
            .await
            .unwrap();
        let t = common::wrap(emu);
        let admin = t.admin().await;
        let a = Some(admin.as_str());
        let (uid, _) = t.register("keep", "p").await;
        t.ok(CREATE, json!({"c": "g", "n": "G", "d": "D"}), a).await;
        t.ok(ADD, json!({"u": [uid], "c": "g"}), a).await;
        uid
    };
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(snap["groups"][0]["code"], "g");
    assert_eq!(snap["groups"][0]["members"], json!([uid]));

    let emu = Emulator::builder()
        .data_file(path.clone())
        .start()
        .await
        .unwrap();
    let t = common::wrap(emu);
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let d = t.ok(GROUP, json!({"c": "g"}), a).await;
    assert_eq!(
        d["group"],
        json!({"code": "g", "name": "G", "description": "D"})
    );
    assert_eq!(
        codes(&t.ok(USER_GROUPS, json!({"id": uid}), a).await["user"]["groups"]),
        ["g"]
    );
    drop(t);
    let _ = std::fs::remove_file(&path);
}
