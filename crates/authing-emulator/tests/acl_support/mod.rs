//! Helpers of the resource-authorization tests: documents and plain HTTP calls.
#![allow(dead_code)]

use serde_json::{Value, json};

pub const AUTHORIZE: &str = "mutation($ns: String, $r: String, $rt: ResourceType, $o: [AuthorizeResourceOpt]) { authorizeResource(namespace: $ns, resource: $r, resourceType: $rt, opts: $o) { code message } }";
pub const LIST: &str = "query($tt: PolicyAssignmentTargetType, $ti: String, $ns: String, $rt: String) { authorizedResources(targetType: $tt, targetIdentifier: $ti, namespace: $ns, resourceType: $rt) { totalCount list { code type actions apiIdentifier } } }";
pub const TARGETS: &str = "query($ns: String!, $rt: ResourceType!, $r: String!, $tt: PolicyAssignmentTargetType, $a: AuthorizedTargetsActionsInput) { authorizedTargets(namespace: $ns, resourceType: $rt, resource: $r, targetType: $tt, actions: $a) { totalCount list { targetType targetIdentifier actions } } }";
pub const ALLOWED: &str = "query($r: String!, $a: String!, $u: String!, $ns: String) { isActionAllowed(resource: $r, action: $a, userId: $u, namespace: $ns) }";
pub const DENIED: &str = "query($r: String!, $a: String!, $u: String!, $ns: String) { isActionDenied(resource: $r, action: $a, userId: $u, namespace: $ns) }";
pub const USER_RES: &str = "query($id: String, $ns: String, $rt: String) { user(id: $id) { authorizedResources(namespace: $ns, resourceType: $rt) { totalCount list { code type actions } } } }";

pub async fn rest(
    t: &crate::common::T,
    method: &str,
    path: &str,
    body: Value,
    token: Option<&str>,
) -> Value {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = t.http.request(m, t.url(path)).json(&body);
    if let Some(tok) = token {
        req = req.bearer_auth(tok);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200, "{method} {path}");
    resp.json().await.unwrap()
}

pub fn user(id: &str, actions: &[&str]) -> Value {
    json!({"targetType": "USER", "targetIdentifier": id, "actions": actions})
}

pub async fn authorize(t: &crate::common::T, a: &str, ns: &str, resource: &str, opts: Value) {
    let d = t
        .ok(
            AUTHORIZE,
            json!({"ns": ns, "r": resource, "o": opts}),
            Some(a),
        )
        .await;
    assert_eq!(d["authorizeResource"]["code"], 200);
}

pub async fn listed(t: &crate::common::T, a: &str, tt: &str, ti: &str, ns: Option<&str>) -> Value {
    t.ok(LIST, json!({"tt": tt, "ti": ti, "ns": ns}), Some(a))
        .await["authorizedResources"]
        .clone()
}

pub async fn revoke(
    t: &crate::common::T,
    a: &str,
    ns: &str,
    resource: &str,
    ids: &[&str],
) -> Value {
    let opts: Vec<Value> = ids
        .iter()
        .map(|i| json!({"targetType": "USER", "targetIdentifier": i}))
        .collect();
    t.rest_post(
        "/api/v2/acl/revoke-resource",
        json!({"namespace": ns, "resource": resource, "opts": opts}),
        Some(a),
    )
    .await
}

pub async fn batch(t: &crate::common::T, a: &str, uid: &str, resources: &[&str]) -> Value {
    let v = t
        .rest_post(
            "/api/v2/acl/check-resource-permission-batch",
            json!({"userId": uid, "namespace": "default", "resources": resources}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    v["data"].clone()
}

pub async fn of_kind(t: &crate::common::T, a: &str, uid: &str, resource: &str) -> Value {
    let v = t
        .rest_post(
            "/api/v2/acl/get-authorized-resources-of-resource-kind",
            json!({"userId": uid, "namespace": "default", "resource": resource}),
            Some(a),
        )
        .await;
    assert_eq!(v["code"], 200, "{v}");
    v["data"].clone()
}

pub async fn allowed(
    t: &crate::common::T,
    a: &str,
    r: &str,
    act: &str,
    uid: &str,
    ns: Option<&str>,
) -> bool {
    t.ok(
        ALLOWED,
        json!({"r": r, "a": act, "u": uid, "ns": ns}),
        Some(a),
    )
    .await["isActionAllowed"]
        .as_bool()
        .unwrap()
}
