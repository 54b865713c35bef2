//! Sign-in state of the CAS identity provider and of the QR-code (app scan) login:
//! CAS service tickets and QR codes with their status. In memory only (not in the data
//! file); `reset` clears it. Expired entries are dropped when new ones are added.

use std::collections::HashMap;

/// A CAS service ticket (`ST-...`): single use, bound to an application and a service.
#[derive(Clone)]
pub(crate) struct ServiceTicket {
    pub app_id: String,
    pub service: String,
    pub user_id: String,
    /// Whether the user typed credentials for it (CAS `isFromNewLogin`).
    pub new_login: bool,
    /// When the user authenticated (seconds).
    pub auth_time: i64,
    pub expires_ms: i64,
}

/// A CAS login form waiting for credentials (one-time id, like the OIDC interactions).
#[derive(Clone)]
pub(crate) struct CasInteraction {
    pub app_id: String,
    pub service: Option<String>,
    pub expires_ms: i64,
}

/// Status of a QR code, with Authing's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QrStatus {
    /// 0: nobody scanned it yet.
    Unused,
    /// 1: scanned by a user's app, waiting for the confirmation.
    Scanned,
    /// 2: confirmed: a ticket is ready.
    Authorized,
    /// 3: the user cancelled on the phone.
    Cancelled,
    /// -1: expired before being authorized.
    Expired,
}

impl QrStatus {
    /// The number on the wire.
    pub fn code(self) -> i32 {
        match self {
            QrStatus::Unused => 0,
            QrStatus::Scanned => 1,
            QrStatus::Authorized => 2,
            QrStatus::Cancelled => 3,
            QrStatus::Expired => -1,
        }
    }
}

/// A generated QR code.
#[derive(Clone)]
pub(crate) struct QrCode {
    pub status: QrStatus,
    /// The user whose app scanned it.
    pub user_id: Option<String>,
    /// The ticket of an authorized code (exchanged once for the user).
    pub ticket: Option<String>,
    /// Until when the code can be scanned and confirmed.
    pub expires_ms: i64,
}

/// A ticket of an authorized QR code.
#[derive(Clone)]
pub(crate) struct QrTicket {
    pub user_id: String,
    pub expires_ms: i64,
}

/// All of it.
#[derive(Default)]
pub(crate) struct ScanLogin {
    tickets: HashMap<String, ServiceTicket>,
    interactions: HashMap<String, CasInteraction>,
    codes: HashMap<String, QrCode>,
    qr_tickets: HashMap<String, QrTicket>,
}

impl std::fmt::Debug for ScanLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanLogin")
            .field("service_tickets", &self.tickets.len())
            .field("qr_codes", &self.codes.len())
            .finish_non_exhaustive()
    }
}

impl ScanLogin {
    pub fn add_ticket(&mut self, id: String, t: ServiceTicket, now_ms: i64) {
        self.tickets.retain(|_, t| t.expires_ms > now_ms);
        self.tickets.insert(id, t);
    }

    /// Removes a ticket (single use: any validation attempt consumes it) and returns
    /// it if it had not expired.
    pub fn take_ticket(&mut self, id: &str, now_ms: i64) -> Option<ServiceTicket> {
        self.tickets.remove(id).filter(|t| t.expires_ms > now_ms)
    }

    pub fn add_interaction(&mut self, id: String, i: CasInteraction, now_ms: i64) {
        self.interactions.retain(|_, i| i.expires_ms > now_ms);
        self.interactions.insert(id, i);
    }

    /// Removes and returns a pending login form (expired ones are `None`).
    pub fn take_interaction(&mut self, id: &str, now_ms: i64) -> Option<CasInteraction> {
        self.interactions
            .remove(id)
            .filter(|i| i.expires_ms > now_ms)
    }

    pub fn add_code(&mut self, random: String, c: QrCode, now_ms: i64) {
        // Codes are kept a day after expiry so that a late check still reads -1.
        self.codes
            .retain(|_, c| c.expires_ms + 24 * 3600 * 1000 > now_ms);
        self.codes.insert(random, c);
    }

    pub fn code_mut(&mut self, random: &str) -> Option<&mut QrCode> {
        self.codes.get_mut(random)
    }

    pub fn add_qr_ticket(&mut self, ticket: String, t: QrTicket, now_ms: i64) {
        self.qr_tickets.retain(|_, t| t.expires_ms > now_ms);
        self.qr_tickets.insert(ticket, t);
    }

    /// Removes a QR ticket (single use) and returns it if it had not expired.
    pub fn take_qr_ticket(&mut self, ticket: &str, now_ms: i64) -> Option<QrTicket> {
        self.qr_tickets
            .remove(ticket)
            .filter(|t| t.expires_ms > now_ms)
    }
}
