//! The audit log and the user actions: recording what the emulator served (from the
//! GraphQL handler and the REST middleware only, never from a resolver) and the
//! filtered, paginated reads of `GET /api/v2/analysis/{audit,user-action}`.

use crate::shared::Shared;
use crate::store::audit::{Log, LogEntry};

/// Who called, as the recorders see it.
pub(crate) enum Actor {
    /// A management token: the pool's administrator.
    Admin,
    /// A user token (or the user a login/registration just signed in).
    User(String),
}

/// The administrator's ARN in the audit log (`arn:cn:authing:user:{id}`, as the JS
/// SDK builds it for `listAuditLogs`).
pub(crate) fn admin_arn(sh: &Shared) -> String {
    format!("arn:cn:authing:user:{}", sh.ids.owner_id)
}

/// Records one served operation: an administrator's into the audit log, a user's
/// into the user actions. `operation` is a GraphQL root field or a REST route name.
pub(crate) fn record(
    sh: &Shared,
    actor: &Actor,
    operation: &str,
    client_ip: Option<&str>,
    app_id: Option<&str>,
) {
    let at_ms = sh.clock.now_ms();
    let (entry, is_admin) = match actor {
        Actor::Admin => (
            LogEntry {
                operator_id: sh.ids.owner_id.clone(),
                operator_arn: admin_arn(sh),
                display_name: Some("administrator".into()),
                operation_name: operation.to_string(),
                client_ip: client_ip.map(str::to_string),
                app_id: app_id.map(str::to_string),
                at_ms,
            },
            true,
        ),
        Actor::User(id) => {
            let display_name = sh.store.read().users().get(id).and_then(|u| {
                u.username
                    .clone()
                    .or_else(|| u.email.clone())
                    .or_else(|| u.phone.clone())
                    .or_else(|| u.nickname.clone())
            });
            (
                LogEntry {
                    operator_id: id.clone(),
                    operator_arn: sh.arn_user(id),
                    display_name,
                    operation_name: operation.to_string(),
                    client_ip: client_ip.map(str::to_string),
                    app_id: app_id.map(str::to_string),
                    at_ms,
                },
                false,
            )
        }
    };
    let mut logs = sh.audit.lock();
    if is_admin {
        logs.audit.push(entry);
    } else {
        logs.user_actions.push(entry);
    }
}

/// Filters of both reads; an empty list matches everything.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    pub client_ip: Option<String>,
    pub operation_names: Vec<String>,
    pub operator_arns: Vec<String>,
    pub app_ids: Vec<String>,
    /// Only entries with an app id (`exclude_non_app_records=1`).
    pub exclude_non_app: bool,
    /// Inclusive bounds, epoch milliseconds.
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
}

impl Filter {
    fn matches(&self, e: &LogEntry) -> bool {
        let any = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
        self.client_ip
            .as_deref()
            .is_none_or(|ip| e.client_ip.as_deref() == Some(ip))
            && any(&self.operation_names, &e.operation_name)
            && any(&self.operator_arns, &e.operator_arn)
            && (self.app_ids.is_empty()
                || e.app_id.as_deref().is_some_and(|a| any(&self.app_ids, a)))
            && (!self.exclude_non_app || e.app_id.is_some())
            && self.start_ms.is_none_or(|s| e.at_ms >= s)
            && self.end_ms.is_none_or(|s| e.at_ms <= s)
    }
}

/// Which log to read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which {
    Audit,
    UserActions,
}

/// One page of matching entries, newest first, and how many match in all.
pub(crate) fn query(
    sh: &Shared,
    which: Which,
    filter: &Filter,
    page: Option<i32>,
    limit: Option<i32>,
) -> (usize, Vec<LogEntry>) {
    let (skip, take) = super::page_window(page, limit);
    let logs = sh.audit.lock();
    let log: &Log = match which {
        Which::Audit => &logs.audit,
        Which::UserActions => &logs.user_actions,
    };
    let mut total = 0usize;
    let mut list = Vec::new();
    for e in log.iter_newest().filter(|e| filter.matches(e)) {
        if total >= skip && list.len() < take {
            list.push(e.clone());
        }
        total += 1;
    }
    (total, list)
}
