//! Namespaces and resource definitions over REST, and the data file of every
//! resource-authorization record.

mod acl_support;
mod common;

use acl_support::*;
use authing_emulator::Emulator;
use serde_json::{Value, json};

#[tokio::test]
async fn namespaces_over_rest() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let pool = t.emu.user_pool_id().to_string();
    let base = format!("/api/v2/resource-namespace/{pool}");

    let v = rest(
        &t,
        "POST",
        &base,
        json!({"code": "shop", "name": "Shop", "description": "d"}),
        a,
    )
    .await;
    assert_eq!(v["code"], 200, "{v}");
    let id = v["data"]["id"].as_i64().expect("integer id");
    assert_eq!(
        v["data"],
        json!({"id": id, "code": "shop", "name": "Shop", "description": "d", "status": 1, "appId": null, "appName": null})
    );
    assert_eq!(
        rest(&t, "POST", &base, json!({"code": "shop", "name": "x"}), a).await["code"],
        409
    );
    assert_eq!(
        rest(&t, "POST", &base, json!({"code": "x"}), a).await["code"],
        2231
    );
    rest(
        &t,
        "POST",
        &base,
        json!({"code": "blog", "name": "Blog"}),
        a,
    )
    .await;

    // list: `default` always exists and comes first; `total` and `totalCount`
    let v = t.rest_get(&format!("{base}?page=1&limit=10"), a).await;
    assert_eq!(v["data"]["total"], 3);
    assert_eq!(v["data"]["totalCount"], 3);
    let list: Vec<&str> = v["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert_eq!(list, ["default", "shop", "blog"]);
    let v = t.rest_get(&format!("{base}?page=2&limit=2"), a).await;
    assert_eq!(v["data"]["list"][0]["code"], "blog");

    // update by id (P4) and by code (JS); unknown → 3005
    let v = rest(
        &t,
        "PUT",
        &format!("{base}/{id}"),
        json!({"name": "Shop 2"}),
        a,
    )
    .await;
    assert_eq!(v["data"]["name"], "Shop 2");
    assert_eq!(v["data"]["code"], "shop");
    let v = rest(
        &t,
        "PUT",
        &format!("{base}/code/shop"),
        json!({"description": "dd", "code": "store"}),
        a,
    )
    .await;
    assert_eq!(v["data"]["code"], "store");
    assert_eq!(v["data"]["description"], "dd");
    assert_eq!(v["data"]["id"], id);
    assert_eq!(
        rest(&t, "PUT", &format!("{base}/0"), json!({"name": "x"}), a).await["code"],
        3005
    );
    assert_eq!(
        rest(&t, "PUT", &format!("{base}/abc"), json!({"name": "x"}), a).await["code"],
        3005
    );
    assert_eq!(
        rest(
            &t,
            "PUT",
            &format!("{base}/code/shop"),
            json!({"name": "x"}),
            a
        )
        .await["code"],
        3005
    );
    assert_eq!(
        rest(
            &t,
            "PUT",
            &format!("{base}/code/store"),
            json!({"code": "blog"}),
            a
        )
        .await["code"],
        409
    );
    assert_eq!(
        rest(
            &t,
            "PUT",
            &format!("{base}/code/default"),
            json!({"code": "d2"}),
            a
        )
        .await["code"],
        400
    );

    // delete: unknown → 3003, `default` → 400, by id and by code
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/0"), json!({}), a).await["code"],
        3003
    );
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/code/nope"), json!({}), a).await["code"],
        3003
    );
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/code/default"), json!({}), a).await["code"],
        400
    );
    let v = rest(&t, "DELETE", &format!("{base}/{id}"), json!({}), a).await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/{id}"), json!({}), a).await["code"],
        3003
    );
    assert_eq!(
        rest(&t, "DELETE", &format!("{base}/code/blog"), json!({}), a).await["code"],
        200
    );
    assert_eq!(t.rest_get(&base, a).await["data"]["totalCount"], 1);

    // another pool id → 2224; a user token → 1001; none → 2020
    let v = rest(
        &t,
        "POST",
        "/api/v2/resource-namespace/other-pool",
        json!({"code": "c", "name": "n"}),
        a,
    )
    .await;
    assert_eq!(v["code"], 2224);
    let (_, token) = t.register("u", "p").await;
    assert_eq!(
        rest(
            &t,
            "POST",
            &base,
            json!({"code": "c", "name": "n"}),
            Some(&token)
        )
        .await["code"],
        1001
    );
    assert_eq!(t.rest_get(&base, None).await["code"], 2020);
}

#[tokio::test]
async fn resources_over_rest() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = Some(admin.as_str());
    let pool = t.emu.user_pool_id().to_string();
    let ns = rest(
        &t,
        "POST",
        &format!("/api/v2/resource-namespace/{pool}"),
        json!({"code": "shop", "name": "Shop"}),
        a,
    )
    .await;
    let ns_id = ns["data"]["id"].as_i64().unwrap();

    let body = json!({"code": "books", "type": "DATA", "namespace": "shop", "description": "Books",
        "actions": [{"name": "books:read", "description": "read"}], "apiIdentifier": "https://api/books"});
    let v = t.rest_post("/api/v2/resources", body.clone(), a).await;
    assert_eq!(v["code"], 200, "{v}");
    let r = &v["data"];
    let rid = r["id"].as_str().unwrap().to_string();
    assert_eq!(r["userPoolId"], pool.as_str());
    assert_eq!(r["code"], "books");
    assert_eq!(r["type"], "DATA");
    assert_eq!(
        r["actions"],
        json!([{"name": "books:read", "description": "read"}])
    );
    assert_eq!(r["description"], "Books");
    assert_eq!(r["namespaceId"], ns_id);
    assert_eq!(r["apiIdentifier"], "https://api/books");
    assert!(r["createdAt"].is_string() && r["updatedAt"].is_string());
    assert_eq!(t.rest_post("/api/v2/resources", body, a).await["code"], 409);
    let bad = json!({"code": "x", "type": "TABLE", "namespace": "shop"});
    assert_eq!(t.rest_post("/api/v2/resources", bad, a).await["code"], 400);
    let unknown_ns = json!({"code": "x", "type": "DATA", "namespace": "nope"});
    assert_eq!(
        t.rest_post("/api/v2/resources", unknown_ns, a).await["code"],
        3003
    );
    assert_eq!(
        t.rest_post("/api/v2/resources", json!({"type": "DATA"}), a)
            .await["code"],
        2231
    );
    let menu = json!({"code": "nav", "type": "MENU", "namespace": "shop", "actions": []});
    assert_eq!(
        t.rest_post("/api/v2/resources", menu, a).await["data"]["type"],
        "MENU"
    );
    // in `default` when no namespace is given
    let v = t
        .rest_post(
            "/api/v2/resources",
            json!({"code": "orders", "type": "API"}),
            a,
        )
        .await;
    assert_eq!(v["data"]["namespaceId"], 1);

    // update
    let v = t
        .rest_post("/api/v2/resources/books", json!({"namespace": "shop", "description": "new", "actions": [{"name": "name", "description": "description"}]}), a)
        .await;
    assert_eq!(v["data"]["description"], "new");
    assert_eq!(
        v["data"]["actions"],
        json!([{"name": "name", "description": "description"}])
    );
    assert_eq!(v["data"]["type"], "DATA");
    assert_eq!(
        t.rest_post("/api/v2/resources/nope", json!({"namespace": "shop"}), a)
            .await["code"],
        404
    );

    // list, filtered by namespace and type
    let v = t
        .rest_get("/api/v2/resources?namespace=shop&page=1&limit=10", a)
        .await;
    assert_eq!(v["data"]["totalCount"], 2);
    assert_eq!(v["data"]["list"][0]["code"], "books");
    let v = t
        .rest_get("/api/v2/resources?namespace=shop&type=MENU", a)
        .await;
    assert_eq!(v["data"]["totalCount"], 1);
    assert_eq!(v["data"]["list"][0]["code"], "nav");
    let v = t
        .rest_get("/api/v2/resources?namespaceCode=shop&type=BUTTON", a)
        .await;
    assert_eq!(v["data"], json!({"list": [], "totalCount": 0}));
    assert_eq!(
        t.rest_get("/api/v2/resources", a).await["data"]["totalCount"],
        3
    );

    // detail by id and by namespace + code; null when absent
    let v = t
        .rest_get(&format!("/api/v2/resources/detail?id={rid}"), a)
        .await;
    assert_eq!(v["data"]["code"], "books");
    let v = t
        .rest_get("/api/v2/resources/detail?namespace=shop&code=nav", a)
        .await;
    assert_eq!(v["data"]["type"], "MENU");
    let v = t
        .rest_get("/api/v2/resources/detail?namespace=shop&code=nope", a)
        .await;
    assert_eq!(v["code"], 200);
    assert_eq!(v["data"], Value::Null);
    assert_eq!(
        t.rest_get("/api/v2/resources/detail", a).await["code"],
        2231
    );

    // delete
    let v = rest(
        &t,
        "DELETE",
        "/api/v2/resources/nav?namespace=shop",
        json!({}),
        a,
    )
    .await;
    assert_eq!(v["code"], 200, "{v}");
    assert_eq!(
        rest(
            &t,
            "DELETE",
            "/api/v2/resources/nav?namespace=shop",
            json!({}),
            a
        )
        .await["code"],
        404
    );
    assert_eq!(
        t.rest_get("/api/v2/resources?namespace=shop", a).await["data"]["totalCount"],
        1
    );

    // a user token → 1001
    let (_, token) = t.register("u", "p").await;
    assert_eq!(
        t.rest_get("/api/v2/resources", Some(&token)).await["code"],
        1001
    );
    assert_eq!(
        t.rest_post("/api/v2/resources", json!({"code": "y"}), Some(&token))
            .await["code"],
        1001
    );
}

#[tokio::test]
async fn acl_records_survive_a_restart() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = std::env::temp_dir().join(format!(
        "authing-emu-acl-{}-{nanos}.json",
        std::process::id()
    ));
    let uid = {
        let t = common::wrap(
            Emulator::builder()
                .data_file(path.clone())
                .start()
                .await
                .unwrap(),
        );
        let admin = t.admin().await;
        let a = admin.as_str();
        let pool = t.emu.user_pool_id().to_string();
        let (uid, _) = t.register("keep", "p").await;
        rest(
            &t,
            "POST",
            &format!("/api/v2/resource-namespace/{pool}"),
            json!({"code": "shop", "name": "Shop", "description": "d"}),
            Some(a),
        )
        .await;
        let r = json!({"code": "nav", "type": "MENU", "namespace": "shop", "actions": [{"name": "open", "description": "o"}], "apiIdentifier": "/nav"});
        assert_eq!(
            t.rest_post("/api/v2/resources", r, Some(a)).await["code"],
            200
        );
        authorize(&t, a, "shop", "nav:home", json!([user(&uid, &["open"])])).await;
        authorize(&t, a, "default", "btn", json!([user(&uid, &[])])).await;
        let d = t
            .ok(
                AUTHORIZE,
                json!({"r": "ui:1", "rt": "UI", "o": [user(&uid, &["see"])]}),
                Some(a),
            )
            .await;
        assert_eq!(d["authorizeResource"]["code"], 200);
        uid
    };
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(snap["namespaces"][1]["code"], "shop");
    assert_eq!(snap["resources"][0]["type"], "MENU");
    assert_eq!(snap["grants"].as_array().unwrap().len(), 3);

    let t = common::wrap(
        Emulator::builder()
            .data_file(path.clone())
            .start()
            .await
            .unwrap(),
    );
    let admin = t.admin().await;
    let a = admin.as_str();
    let pool = t.emu.user_pool_id().to_string();
    let v = t
        .rest_get(&format!("/api/v2/resource-namespace/{pool}"), Some(a))
        .await;
    assert_eq!(v["data"]["list"][1]["code"], "shop");
    assert_eq!(v["data"]["list"][1]["description"], "d");
    let v = t
        .rest_get("/api/v2/resources/detail?namespace=shop&code=nav", Some(a))
        .await;
    assert_eq!(
        v["data"]["actions"],
        json!([{"name": "open", "description": "o"}])
    );
    assert_eq!(v["data"]["apiIdentifier"], "/nav");
    let l = listed(&t, a, "USER", &uid, None).await;
    assert_eq!(
        l["list"],
        json!([
            {"code": "btn", "type": "DATA", "actions": [], "apiIdentifier": null},
            {"code": "ui:1", "type": "UI", "actions": ["see"], "apiIdentifier": null},
            {"code": "nav:home", "type": "MENU", "actions": ["open"], "apiIdentifier": "/nav"},
        ])
    );
    // a new namespace gets a fresh id after the restart
    let v = rest(
        &t,
        "POST",
        &format!("/api/v2/resource-namespace/{pool}"),
        json!({"code": "blog", "name": "Blog"}),
        Some(a),
    )
    .await;
    assert_eq!(v["data"]["id"], 3);
    drop(t);
    let _ = std::fs::remove_file(&path);
}
