//! The management `applications` API, black box over HTTP: agreements reorder,
//! programmatic access accounts get tokens by client credentials, and applications
//! survive a restart from the data file and a reset.

mod applications_support;
mod oidc_common;

use applications_support::*;
use authing_emulator::Emulator;
use serde_json::{Value, json};

#[tokio::test]
async fn agreements_keep_the_sorted_order() {
    let o = start().await;
    let app = id(&create_app(&o, "agr").await);
    let base = format!("/api/v2/applications/{app}/agreements");
    let mut ids = Vec::new();
    for title in ["Terms", "Privacy", "Cookies"] {
        let a = data(
            &o,
            "POST",
            &base,
            Some(json!({"title": title, "required": title != "Cookies", "lang": "en-US"})),
        )
        .await;
        assert_eq!(a["title"], title);
        assert_eq!(a["appId"], app.as_str());
        ids.push(a["id"].as_i64().unwrap());
    }
    let defaults = data(&o, "POST", &base, Some(json!({"title": "默认"}))).await;
    assert_eq!(
        (defaults["required"].as_bool(), defaults["lang"].as_str()),
        (Some(true), Some("zh-CN"))
    );
    data(&o, "DELETE", &format!("{base}/{}", defaults["id"]), None).await;

    let titles = |v: &Value| {
        v["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let list = data(&o, "GET", &base, None).await;
    assert_eq!(titles(&list), ["Terms", "Privacy", "Cookies"]);
    assert_eq!(list["totalCount"], 3);

    let v = data(
        &o,
        "POST",
        &format!("{base}/sort"),
        Some(json!({"ids": [ids[2], ids[0], ids[1]]})),
    )
    .await;
    assert_eq!(v, json!(true));
    let list = data(&o, "GET", &base, None).await;
    assert_eq!(titles(&list), ["Cookies", "Terms", "Privacy"]);
    assert_eq!(list["list"][0]["order"], 0);

    let m = data(
        &o,
        "PUT",
        &format!("{base}/{}", ids[0]),
        Some(json!({"title": "Terms v2", "required": false})),
    )
    .await;
    assert_eq!(
        (
            m["title"].as_str(),
            m["required"].as_bool(),
            m["lang"].as_str()
        ),
        (Some("Terms v2"), Some(false), Some("en-US"))
    );
    data(&o, "DELETE", &format!("{base}/{}", ids[2]), None).await;
    assert_eq!(
        titles(&data(&o, "GET", &base, None).await),
        ["Terms v2", "Privacy"]
    );

    let unknown = call(
        &o,
        "POST",
        &format!("{base}/sort"),
        Some(json!({"ids": [ids[2]]})),
    )
    .await;
    assert_eq!(unknown["code"], 400, "a deleted id");
    let missing = call(&o, "DELETE", &format!("{base}/{}", ids[2]), None).await;
    assert_eq!(missing["code"], 404);
    let no_title = call(&o, "POST", &base, Some(json!({"required": true}))).await;
    assert_eq!(no_title["code"], 2231);
    let no_app = call(&o, "GET", "/api/v2/applications/nope/agreements", None).await;
    assert_eq!(no_app["code"], 2011);
}

#[tokio::test]
async fn programmatic_access_accounts_get_tokens_by_client_credentials() {
    let o = start().await;
    let app = id(&create_app(&o, "pa").await);
    let base = format!("/api/v2/applications/{app}/programmatic-access-accounts");
    let acc = data(
        &o,
        "POST",
        &base,
        Some(json!({"tokenLifetime": 120, "remarks": "ci robot"})),
    )
    .await;
    let (acc_id, secret) = (id(&acc), acc["secret"].as_str().unwrap().to_string());
    assert_eq!(
        (
            acc["tokenLifetime"].as_i64(),
            acc["enabled"].as_bool(),
            acc["remarks"].as_str()
        ),
        (Some(120), Some(true), Some("ci robot"))
    );
    assert_eq!(acc["appId"], app.as_str());
    let p4 = data(&o, "POST", &base, Some(json!({"remark": "p4 style"}))).await;
    assert_eq!(
        (p4["tokenLifetime"].as_i64(), p4["remarks"].as_str()),
        (Some(600), Some("p4 style"))
    );

    let page = data(&o, "GET", &format!("{base}?page=1&limit=10"), None).await;
    assert_eq!(page["totalCount"], 2);
    assert_eq!(page["list"][0]["id"], acc_id.as_str());

    let token = |s: String| {
        let (o, acc_id) = (&o, acc_id.clone());
        async move {
            o.token(&[
                ("grant_type", "client_credentials"),
                ("client_id", &acc_id),
                ("client_secret", &s),
            ])
            .await
        }
    };
    let (status, t) = token(secret.clone()).await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["expires_in"], 120);
    assert!(t.get("refresh_token").is_none() && t.get("id_token").is_none());
    let claims = verify_with_jwks(&o, t["access_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], acc_id.as_str());
    assert_eq!(claims["aud"], app.as_str());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
    let (status, _) = token("wrong".into()).await;
    assert_eq!(status, 401);

    let patch = "/api/v2/applications/programmatic-access-accounts";
    let off = data(
        &o,
        "PATCH",
        patch,
        Some(json!({"id": acc_id, "enabled": false})),
    )
    .await;
    assert_eq!(off["enabled"], false);
    let (status, e) = token(secret.clone()).await;
    assert_eq!((status, e["error"].as_str()), (401, Some("invalid_client")));
    data(
        &o,
        "PATCH",
        patch,
        Some(json!({"id": acc_id, "enabled": true})),
    )
    .await;
    assert_eq!(token(secret.clone()).await.0, 200);

    let chosen = data(
        &o,
        "PATCH",
        patch,
        Some(json!({"id": acc_id, "secret": "chosen-secret-1"})),
    )
    .await;
    assert_eq!(chosen["secret"], "chosen-secret-1");
    assert_eq!(token(secret.clone()).await.0, 401, "the old secret fails");
    assert_eq!(token("chosen-secret-1".into()).await.0, 200);
    let random = data(&o, "PATCH", patch, Some(json!({"id": acc_id}))).await;
    let random_secret = random["secret"].as_str().unwrap().to_string();
    assert_ne!(random_secret, "chosen-secret-1");
    assert_eq!(token(random_secret.clone()).await.0, 200);

    data(&o, "DELETE", &format!("{patch}?id={acc_id}"), None).await;
    let (status, e) = token(random_secret).await;
    assert_eq!((status, e["error"].as_str()), (401, Some("invalid_client")));
    let gone = call(&o, "DELETE", &format!("{patch}?id={acc_id}"), None).await;
    assert_eq!(gone["code"], 404);
    let bad = call(&o, "POST", &base, Some(json!({"tokenLifetime": 0}))).await;
    assert_eq!(bad["code"], 400);
}

#[tokio::test]
async fn applications_survive_a_restart_and_reset_keeps_their_configuration() {
    let path = std::env::temp_dir().join(format!("authing-emu-apps-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let (app, acc, secret) = {
        let emu = Emulator::builder()
            .app_redirect_uri(CB)
            .data_file(path.clone())
            .start()
            .await
            .unwrap();
        let t = oidc_common::common::wrap(emu);
        let admin = t.admin().await;
        let o = O {
            user_id: String::new(),
            admin,
            http: no_redirects(),
            t,
        };
        let app = id(&create_app(&o, "keep").await);
        data(
            &o,
            "POST",
            &format!("/api/v2/applications/{app}/agreements"),
            Some(json!({"title": "Terms"})),
        )
        .await;
        data(
            &o,
            "POST",
            &format!("/api/v2/applications/{app}"),
            Some(json!({"permissionStrategy": {"defaultStrategy": "DENY_ALL"}})),
        )
        .await;
        let acc = data(
            &o,
            "POST",
            &format!("/api/v2/applications/{app}/programmatic-access-accounts"),
            Some(json!({})),
        )
        .await;
        (app, id(&acc), acc["secret"].as_str().unwrap().to_string())
    };
    let emu = Emulator::builder()
        .data_file(path.clone())
        .start()
        .await
        .unwrap();
    let t = oidc_common::common::wrap(emu);
    let admin = t.admin().await;
    let o = O {
        user_id: String::new(),
        admin,
        http: no_redirects(),
        t,
    };
    for _ in 0..2 {
        let a = data(&o, "GET", &format!("/api/v2/applications/{app}"), None).await;
        assert_eq!(a["identifier"], "keep");
        assert_eq!(a["permissionStrategy"]["defaultStrategy"], "DENY_ALL");
        let list = data(
            &o,
            "GET",
            &format!("/api/v2/applications/{app}/agreements"),
            None,
        )
        .await;
        assert_eq!(list["list"][0]["title"], "Terms");
        let (status, _) = o
            .token(&[
                ("grant_type", "client_credentials"),
                ("client_id", &acc),
                ("client_secret", &secret),
            ])
            .await;
        assert_eq!(status, 200);
        let r = data(
            &o,
            "POST",
            "/api/v2/resources",
            Some(json!({"code": format!("r{}", rand_suffix()), "type": "DATA", "namespace": app})),
        )
        .await;
        assert!(r["id"].is_string(), "the app's namespace exists");
        let reset =
            o.t.http
                .post(o.url("/emulator/v1/reset"))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
        assert_eq!(reset.status(), 200);
        let users =
            o.t.ok("{ users { totalCount } }", json!({}), Some(&o.admin))
                .await;
        assert_eq!(users["users"]["totalCount"], 0);
    }
    drop(o);
    let _ = std::fs::remove_file(&path);
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}
