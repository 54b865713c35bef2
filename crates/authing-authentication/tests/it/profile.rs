//! The current user and profile updates.

use crate::common::*;

#[tokio::test]
async fn get_current_user_sends_the_token_and_holds_the_user() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    c.reply("user", user("u1", None)).await;
    let u = c.auth.get_current_user().await.unwrap();
    let s = c.one().await;
    s.assert_op(&ops::USER, json!({}));
    s.assert_bearer(Some(&t));
    assert_eq!(c.auth.current_user(), Some(u));
    assert_eq!(
        c.token(),
        Some(t),
        "a user without token keeps the held token"
    );
    assert!(c.events().is_empty());
}

#[tokio::test]
async fn update_profile_sends_the_user_id_and_only_set_fields() {
    let t = jwt("u1", EXP);
    let c = Ctx::logged_in(&t).await;
    let mut returned = user("u1", None);
    returned["nickname"] = json!("Nick");
    c.reply("updateUser", returned).await;
    let u = c
        .auth
        .update_profile(&UpdateProfile {
            nickname: Some("Nick".into()),
            postal_code: Some("100000".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(u.nickname.as_deref(), Some("Nick"));
    let s = c.one().await;
    s.assert_op(
        &ops::UPDATE_USER,
        json!({"id": "u1", "input": {"nickname": "Nick", "postalCode": "100000"}}),
    );
    s.assert_bearer(Some(&t));
    assert_eq!(
        c.auth.current_user().unwrap().nickname.as_deref(),
        Some("Nick")
    );
    assert_eq!(c.token(), Some(t));
}

#[tokio::test]
async fn invalid_token_on_a_user_call_is_2207_and_keeps_the_session() {
    let c = Ctx::logged_in("revoked").await;
    c.reply_error(2207, "登录信息无效").await;
    let e = c
        .auth
        .update_profile(&UpdateProfile::default())
        .await
        .unwrap_err();
    assert!(e.is_token_invalid(), "{e}");
    assert_eq!(c.token().as_deref(), Some("revoked"));
}

#[tokio::test]
async fn a_user_answer_for_a_replaced_token_is_not_adopted() {
    let gate = crate::gate::Gate::start("/graphql/v2").await;
    let c = Ctx::logged_in_via(&gate, &jwt("u1", EXP)).await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"user": user("u1", None)}})),
        )
        .mount(&c.server)
        .await;
    let auth = c.auth.clone();
    let pending = tokio::spawn(async move { auth.get_current_user().await });
    gate.arrived().await; // the request is at the server, its answer held
    c.auth.set_token(jwt("u2", EXP)).unwrap();
    gate.release();
    pending.await.unwrap().unwrap();
    assert!(
        c.auth.current_user().is_none(),
        "u1 must not become u2's user"
    );
    assert_eq!(c.token(), Some(jwt("u2", EXP)));
}

#[tokio::test]
async fn update_profile_with_an_opaque_token_fetches_the_user_id_first() {
    let c = Ctx::logged_in("opaque").await;
    c.reply_raw(json!({"data": {"user": user("u9", None), "updateUser": user("u9", None)}}))
        .await;
    c.auth
        .update_profile(&UpdateProfile {
            company: Some("ACME".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let sent = c.sent().await;
    assert_eq!(sent.len(), 2);
    sent[0].assert_op(&ops::USER, json!({}));
    sent[1].assert_op(
        &ops::UPDATE_USER,
        json!({"id": "u9", "input": {"company": "ACME"}}),
    );
    for s in &sent {
        s.assert_bearer(Some("opaque"));
    }
    assert!(
        ops::UPDATE_USER
            .document
            .contains("updateUser(id: $id, input: $input)")
    );
}
