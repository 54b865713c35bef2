//! QR-code login (app scan, scene `APP_AUTH`): a browser generates a code and polls
//! its status; the user's phone app scans it (status 1) and confirms (2, with a ticket)
//! or cancels (3); a code neither confirmed nor cancelled in time expires (-1). The
//! browser exchanges the ticket, once, for the user with a token.
//!
//! Lifetimes on the emulator clock, Authing's defaults of `qrcodeLoginStrategy`: codes
//! [`QRCODE_TTL_MS`] (`qrcodeExpiresAfter` 120 s), tickets [`TICKET_TTL_MS`]
//! (`ticketExpiresAfter` 300 s). The phone is played by the emulator controls.

use super::login::{LoggedIn, complete_login};
use crate::crypto::random_hex;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::scan_login::{QrCode, QrStatus, QrTicket};
use crate::store::users::UserRecord;

/// Lifetime of a QR code: 120 s.
pub(crate) const QRCODE_TTL_MS: i64 = 120 * 1000;
/// Lifetime of the ticket of an authorized code: 300 s.
pub(crate) const TICKET_TTL_MS: i64 = 300 * 1000;

/// The scenes of Authing's QR codes; only `APP_AUTH` (the pool's own app) is emulated.
const APP_AUTH: &str = "APP_AUTH";

fn not_found() -> AuthingError {
    AuthingError::bad_request("二维码不存在 (QR code not found)")
}

/// A code's state as `check` shows it.
pub(crate) struct QrView {
    pub status: QrStatus,
    pub ticket: Option<String>,
    /// The user who scanned it (statuses 1 and 2).
    pub user: Option<UserRecord>,
}

/// `POST /api/v2/qrcode/gene`: a new code (its `random`).
pub(crate) fn gene(sh: &Shared, scene: Option<&str>) -> Result<String, AuthingError> {
    let scene = scene.unwrap_or(APP_AUTH);
    if scene != APP_AUTH {
        return Err(AuthingError::bad_request(format!(
            "不支持的二维码场景 (unsupported QR code scene {scene:?}: the emulator has APP_AUTH)"
        )));
    }
    let now = sh.clock.now_ms();
    let random = random_hex(16);
    sh.store.write().scan_login_mut().add_code(
        random.clone(),
        QrCode {
            status: QrStatus::Unused,
            user_id: None,
            ticket: None,
            expires_ms: now + QRCODE_TTL_MS,
        },
        now,
    );
    Ok(random)
}

/// Applies expiry: a code still waiting (0 or 1) past its lifetime becomes -1.
fn current(c: &mut QrCode, now_ms: i64) {
    if matches!(c.status, QrStatus::Unused | QrStatus::Scanned) && now_ms >= c.expires_ms {
        c.status = QrStatus::Expired;
    }
}

/// `GET /api/v2/qrcode/check`.
pub(crate) fn check(sh: &Shared, random: &str) -> Result<QrView, AuthingError> {
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let code = store
        .scan_login_mut()
        .code_mut(random)
        .ok_or_else(not_found)?;
    current(code, now);
    let (status, ticket, user_id) = (code.status, code.ticket.clone(), code.user_id.clone());
    let user = match status {
        QrStatus::Scanned | QrStatus::Authorized => {
            user_id.and_then(|id| store.users().get(&id).cloned())
        }
        _ => None,
    };
    Ok(QrView {
        status,
        ticket,
        user,
    })
}

/// Moves a code from one of `from` to `to` (the phone's actions); `scanned_by` sets the
/// user. Other states answer an error naming the current status.
fn transition(
    sh: &Shared,
    random: &str,
    from: &[QrStatus],
    to: QrStatus,
    scanned_by: Option<&str>,
) -> Result<QrStatus, AuthingError> {
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    if let Some(id) = scanned_by {
        let u = store
            .users()
            .get(id)
            .ok_or_else(AuthingError::user_not_found)?;
        if u.blocked == Some(true) {
            return Err(AuthingError::new(2005, "用户已被锁定 (user is blocked)"));
        }
    }
    let scan = store.scan_login_mut();
    let code = scan.code_mut(random).ok_or_else(not_found)?;
    current(code, now);
    if !from.contains(&code.status) {
        return Err(AuthingError::bad_request(format!(
            "二维码状态不允许此操作 (the QR code's status is {})",
            code.status.code()
        )));
    }
    code.status = to;
    if let Some(id) = scanned_by {
        code.user_id = Some(id.to_string());
    }
    if to == QrStatus::Authorized {
        let ticket = random_hex(24);
        code.ticket = Some(ticket.clone());
        let user_id = code.user_id.clone().ok_or_else(not_found)?;
        scan.add_qr_ticket(
            ticket,
            QrTicket {
                user_id,
                expires_ms: now + TICKET_TTL_MS,
            },
            now,
        );
    }
    Ok(to)
}

/// The phone scans the code as `user_id` (0 → 1).
pub(crate) fn scan(sh: &Shared, random: &str, user_id: &str) -> Result<QrStatus, AuthingError> {
    transition(
        sh,
        random,
        &[QrStatus::Unused],
        QrStatus::Scanned,
        Some(user_id),
    )
}

/// The user confirms on the phone (1 → 2, a ticket is issued).
pub(crate) fn confirm(sh: &Shared, random: &str) -> Result<QrStatus, AuthingError> {
    transition(sh, random, &[QrStatus::Scanned], QrStatus::Authorized, None)
}

/// The user cancels on the phone (0 or 1 → 3).
pub(crate) fn cancel(sh: &Shared, random: &str) -> Result<QrStatus, AuthingError> {
    transition(
        sh,
        random,
        &[QrStatus::Unused, QrStatus::Scanned],
        QrStatus::Cancelled,
        None,
    )
}

/// `POST /api/v2/qrcode/userinfo`: the ticket (single use) for the user with a token,
/// counted as a login.
pub(crate) fn exchange(
    sh: &Shared,
    ticket: &str,
    client_ip: Option<String>,
) -> Result<LoggedIn, AuthingError> {
    let now = sh.clock.now_ms();
    let t = sh
        .store
        .write()
        .scan_login_mut()
        .take_qr_ticket(ticket.trim(), now)
        .ok_or_else(|| {
            AuthingError::bad_request("ticket 无效或已过期 (invalid or expired ticket)")
        })?;
    let blocked = sh
        .store
        .read()
        .users()
        .get(&t.user_id)
        .map(|u| u.blocked == Some(true))
        .ok_or_else(AuthingError::user_not_found)?;
    if blocked {
        return Err(AuthingError::new(2005, "用户已被锁定 (user is blocked)"));
    }
    complete_login(sh, &t.user_id, client_ip, true)
}
