//! What the emulator served: administrator operations (the audit log) and end-user
//! actions, each bounded to the last [`LOG_CAP`] entries (the oldest dropped). In
//! memory only; `reset` clears them. Entries hold no secret, token, password or
//! request body: who, which operation, when, from which IP, for which app.

use std::collections::VecDeque;

/// Most entries kept in each log.
pub(crate) const LOG_CAP: usize = 10_000;

/// One served operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogEntry {
    /// The administrator's or the user's id.
    pub operator_id: String,
    /// `arn:cn:authing:user:{id}` (administrator) or `arn:cn:authing:{pool}:user:{id}` (user).
    pub operator_arn: String,
    /// Username, email, phone or nickname of a user; the administrator's label.
    pub display_name: Option<String>,
    /// GraphQL root field (`createUser`) or REST route (`POST /api/v2/users/kick`).
    pub operation_name: String,
    pub client_ip: Option<String>,
    /// `x-authing-app-id` of the request.
    pub app_id: Option<String>,
    /// Emulator clock, milliseconds.
    pub at_ms: i64,
}

/// A bounded log, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Log {
    entries: VecDeque<LogEntry>,
}

impl Log {
    pub fn push(&mut self, e: LogEntry) {
        if self.entries.len() >= LOG_CAP {
            self.entries.pop_front();
        }
        self.entries.push_back(e);
    }

    /// Newest first.
    pub fn iter_newest(&self) -> impl Iterator<Item = &LogEntry> {
        self.entries.iter().rev()
    }
}

/// Both logs.
#[derive(Debug, Default)]
pub(crate) struct AuditLogs {
    /// Administrator operations.
    pub audit: Log,
    /// End-user actions.
    pub user_actions: Log,
}
