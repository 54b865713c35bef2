//! REST access-control endpoints: `POST /api/v2/acl/is-allowed` (the Node SDK's
//! `acl.isAllowed`), `revoke-resource`, `check-resource-permission-batch` and
//! `get-authorized-resources-of-resource-kind` (management).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{admin, err, json_body, ok, string_list};
use crate::domain;
use crate::domain::acl::GrantTarget;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::policies::TargetType;

/// `data` of `POST /api/v2/acl/is-allowed`.
#[derive(Serialize)]
struct IsAllowed {
    allowed: bool,
}

/// `POST /api/v2/acl/is-allowed` `{userId, resource, action, namespace?}` (management):
/// the same evaluation as `isActionAllowed` (DENY wins; unknown user → 2004; a missing
/// or non-string member → 2231).
pub(crate) async fn is_allowed(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let member = |key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .ok_or_else(|| AuthingError::new(2231, format!("缺少参数 {key} ({key} required)")))
        };
        let (user_id, resource, action) =
            (member("userId")?, member("resource")?, member("action")?);
        let namespace = domain::namespace(v.get("namespace").and_then(Value::as_str));
        let store = shared.store.read();
        let (allowed, _) =
            domain::policies::evaluate(&store, user_id, resource, action, &namespace)?;
        Ok(ok("获取成功", IsAllowed { allowed }))
    };
    run().unwrap_or_else(err)
}

/// A required string member of a JSON body (else 2231).
fn member<'a>(v: &'a Value, key: &str) -> Result<&'a str, AuthingError> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| AuthingError::new(2231, format!("缺少参数 {key} ({key} required)")))
}

/// The `namespace` member, `default` when absent.
fn namespace(v: &Value) -> String {
    domain::namespace(v.get("namespace").and_then(Value::as_str))
}

/// One `{code, actions}` item of the permission answers.
#[derive(Serialize)]
struct CodeActions {
    code: String,
    actions: Vec<String>,
}

fn code_actions(list: Vec<(String, Vec<String>)>) -> Vec<CodeActions> {
    list.into_iter()
        .map(|(code, actions)| CodeActions { code, actions })
        .collect()
}

/// `POST /api/v2/acl/revoke-resource` `{namespace, resource, opts: [{targetType,
/// targetIdentifier}]}`: revoking `type:1` removes that grant only; revoking the class
/// `type` also removes the grants on its instances (see `domain::acl::revoke`).
pub(crate) async fn revoke_resource(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let opts = v
            .get("opts")
            .and_then(Value::as_array)
            .ok_or_else(|| AuthingError::new(2231, "缺少参数 opts (opts required)"))?;
        let targets = opts
            .iter()
            .map(|o| {
                let tt: TargetType = o
                    .get("targetType")
                    .cloned()
                    .and_then(|t| serde_json::from_value(t).ok())
                    .ok_or_else(|| {
                        AuthingError::bad_request(
                            "targetType 必须是 USER、ROLE、GROUP 或 ORG (targetType must be USER, ROLE, GROUP or ORG)",
                        )
                    })?;
                Ok(GrantTarget::new(tt, member(o, "targetIdentifier")?))
            })
            .collect::<Result<Vec<_>, AuthingError>>()?;
        let resource = v.get("resource").and_then(Value::as_str);
        domain::acl::revoke(&shared, &namespace(&v), resource, &targets)?;
        Ok(ok("撤销授权成功", true))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/acl/check-resource-permission-batch` `{userId, namespace, resources}`:
/// `[{code, actions}]` of the requested resources the user may act on, in request order.
pub(crate) async fn check_resource_permission_batch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let user_id = member(&v, "userId")?;
        let resources = string_list(&v, "resources")
            .ok_or_else(|| AuthingError::new(2231, "缺少参数 resources (resources required)"))?;
        let store = shared.store.read();
        let list =
            domain::acl::check_permission_batch(&store, user_id, &namespace(&v), &resources)?;
        Ok(ok("获取成功", code_actions(list)))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/acl/get-authorized-resources-of-resource-kind` `{userId, namespace,
/// resource}`: `[{code, actions}]` of the user's grants of that kind.
pub(crate) async fn resources_of_kind(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let user_id = member(&v, "userId")?;
        let resource = member(&v, "resource")?;
        let store = shared.store.read();
        let list = domain::acl::resources_of_kind(&store, user_id, &namespace(&v), resource)?;
        Ok(ok("获取成功", code_actions(list)))
    };
    run().unwrap_or_else(err)
}
