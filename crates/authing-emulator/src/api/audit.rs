//! Recording what the emulator serves, in two places only: [`GraphqlAudit`] (used by
//! the GraphQL handler around one execution) and [`rest_layer`] (a route layer over
//! the REST routes). Each records who (the caller of the request), which operation
//! (the GraphQL root field or the REST route), the client IP and the app id; never a
//! body, token, password or secret. Only operations that succeeded are recorded.
//!
//! - management token → the audit log (every operation but the log reads themselves);
//! - user token → the user actions (GraphQL mutations; REST calls other than `GET`, and
//!   `GET /api/v2/logout`);
//! - `loginBy*` / `registerBy*` → a user action of the user signed in or registered
//!   (read from the answer's `id`, else from its `token`).

use std::sync::Arc;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{PathSegment, Value};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;

use crate::domain::audit::{self, Actor};
use crate::domain::tokens::{self, Caller};
use crate::shared::Shared;

/// The client IP of a request (`x-forwarded-for`'s first address, `x-real-ip`).
pub(crate) fn client_ip(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-forwarded-for")
        .or_else(|| headers.get("x-real-ip"))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().chars().take(64).collect::<String>())
        .filter(|v| !v.is_empty())
}

fn app_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-authing-app-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().chars().take(64).collect::<String>())
        .filter(|v| !v.is_empty())
}

fn actor_of(sh: &Shared, bearer: Option<&str>) -> Option<Actor> {
    match tokens::check(sh, bearer?).ok()?.0 {
        Caller::Admin => Some(Actor::Admin),
        Caller::User(id) => Some(Actor::User(id)),
    }
}

fn signs_in(field: &str) -> bool {
    field.starts_with("loginBy") || field.starts_with("registerBy")
}

/// One GraphQL request's recording: the caller before execution, the root fields of
/// the executed operation, then [`finish`](Self::finish) with the response.
pub(crate) struct GraphqlAudit {
    actor: Option<Actor>,
    client_ip: Option<String>,
    app_id: Option<String>,
    mutation: bool,
    /// (response key, field name)
    roots: Vec<(String, String)>,
}

impl GraphqlAudit {
    pub(crate) fn before(sh: &Shared, headers: &HeaderMap, bearer: Option<&str>) -> Self {
        Self {
            actor: actor_of(sh, bearer),
            client_ip: client_ip(headers),
            app_id: app_id(headers),
            mutation: false,
            roots: Vec::new(),
        }
    }

    /// Notes the root fields of the operation `operation_name` of `doc`.
    pub(crate) fn operation(&mut self, doc: &ExecutableDocument, operation_name: Option<&str>) {
        let op = match (&doc.operations, operation_name) {
            (DocumentOperations::Single(op), _) => op,
            (DocumentOperations::Multiple(ops), Some(name)) => match ops.get(name) {
                Some(op) => op,
                None => return,
            },
            // named operations: the only one runs without `operationName`
            (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
                match ops.values().next() {
                    Some(op) => op,
                    None => return,
                }
            }
            (DocumentOperations::Multiple(_), None) => return,
        };
        self.mutation = op.node.ty == OperationType::Mutation;
        collect(doc, &op.node.selection_set.node, &mut self.roots, 0);
    }

    /// Records the root fields that succeeded.
    pub(crate) fn finish(self, sh: &Shared, response: &async_graphql::Response) {
        if self.roots.is_empty() || response.errors.iter().any(|e| e.path.is_empty()) {
            return;
        }
        let failed = |key: &str| {
            response
                .errors
                .iter()
                .any(|e| matches!(e.path.first(), Some(PathSegment::Field(f)) if f == key))
        };
        let data = match &response.data {
            Value::Object(m) => Some(m),
            _ => None,
        };
        for (key, field) in &self.roots {
            if field.starts_with("__") || failed(key) {
                continue;
            }
            let answer = data.and_then(|m| m.get(key.as_str()));
            if answer.is_none_or(|v| matches!(v, Value::Null))
                && !matches!(self.actor, Some(Actor::Admin))
            {
                continue;
            }
            let actor = if self.mutation && signs_in(field) {
                answer.and_then(|v| signed_in_user(sh, v)).map(Actor::User)
            } else {
                match &self.actor {
                    Some(Actor::Admin) => Some(Actor::Admin),
                    Some(Actor::User(id)) if self.mutation => Some(Actor::User(id.clone())),
                    _ => None,
                }
            };
            if let Some(actor) = actor {
                audit::record(
                    sh,
                    &actor,
                    field,
                    self.client_ip.as_deref(),
                    self.app_id.as_deref(),
                );
            }
        }
    }
}

/// The user of a `loginBy*` / `registerBy*` answer: its `id`, else its token's user.
fn signed_in_user(sh: &Shared, v: &Value) -> Option<String> {
    let Value::Object(m) = v else { return None };
    if let Some(Value::String(id)) = m.get("id") {
        return Some(id.clone());
    }
    match m.get("token") {
        Some(Value::String(t)) => match tokens::check(sh, t).ok()?.0 {
            Caller::User(id) => Some(id),
            Caller::Admin => None,
        },
        _ => None,
    }
}

fn collect(
    doc: &ExecutableDocument,
    set: &SelectionSet,
    out: &mut Vec<(String, String)>,
    depth: u8,
) {
    if depth > 8 {
        return;
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                let name = f.node.name.node.to_string();
                let key = f
                    .node
                    .alias
                    .as_ref()
                    .map_or_else(|| name.clone(), |a| a.node.to_string());
                out.push((key, name));
            }
            Selection::InlineFragment(f) => {
                collect(doc, &f.node.selection_set.node, out, depth + 1);
            }
            Selection::FragmentSpread(s) => {
                if let Some(frag) = doc.fragments.get(&s.node.fragment_name.node) {
                    collect(doc, &frag.node.selection_set.node, out, depth + 1);
                }
            }
        }
    }
}

/// Whether a REST route is recorded (the log reads and discovery are not).
fn recorded(route: &str) -> bool {
    (route.starts_with("/api/v2/") || route == "/logout")
        && !route.starts_with("/api/v2/analysis/")
        && route != "/api/v2/.well-known"
}

/// Route layer: records the REST calls that succeeded (see the module docs).
pub(crate) async fn rest_layer(
    State(sh): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(route) = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .filter(|r| recorded(r))
    else {
        return next.run(req).await;
    };
    let method = req.method().clone();
    let headers = req.headers();
    let bearer = super::rest::bearer(headers);
    let actor = actor_of(&sh, bearer.as_deref());
    let (ip, app) = (client_ip(headers), app_id(headers));
    let resp = next.run(req).await;
    let Some(actor) = actor else { return resp };
    if !resp.status().is_success() || super::rest::is_business_error(&resp) {
        return resp;
    }
    let user_action = method != Method::GET || route == "/api/v2/logout";
    if matches!(actor, Actor::Admin) || user_action {
        let name = format!("{method} {route}");
        audit::record(&sh, &actor, &name, ip.as_deref(), app.as_deref());
    }
    resp
}
