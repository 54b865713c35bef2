//! The phone of the QR-code login: `POST /emulator/v1/qrcode/{random}/scan`
//! `{"userId"}`, `/confirm` and `/cancel` (`{}`), and their handle twins
//! [`Emulator::qrcode_scan`], [`Emulator::qrcode_confirm`], [`Emulator::qrcode_cancel`].
//! Data `{random, status}` with the new status (1, 2 or 3); a code in another state,
//! an unknown code or user answer 400 with the reason.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::{bad, ok};
use crate::domain::qrcode;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::scan_login::QrStatus;
use crate::{Emulator, EmulatorError};

/// `data` of the controls.
#[derive(Serialize)]
struct Moved {
    random: String,
    status: i32,
}

fn answer(random: String, r: Result<QrStatus, AuthingError>) -> Response {
    match r {
        Ok(s) => ok(Some(Moved {
            random,
            status: s.code(),
        })),
        Err(e) => bad(format!("{} ({})", e.message, e.code)),
    }
}

/// `POST /emulator/v1/qrcode/{random}/scan` `{"userId"}`.
pub(super) async fn scan(
    State(sh): State<Arc<Shared>>,
    Path(random): Path<String>,
    body: Bytes,
) -> Response {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Scan {
        user_id: String,
    }
    match serde_json::from_slice::<Scan>(&body) {
        Ok(s) => {
            let r = qrcode::scan(&sh, &random, &s.user_id);
            answer(random, r)
        }
        Err(e) => bad(format!("expected {{\"userId\": \"...\"}}: {e}")),
    }
}

/// `POST /emulator/v1/qrcode/{random}/confirm`.
pub(super) async fn confirm(State(sh): State<Arc<Shared>>, Path(random): Path<String>) -> Response {
    let r = qrcode::confirm(&sh, &random);
    answer(random, r)
}

/// `POST /emulator/v1/qrcode/{random}/cancel`.
pub(super) async fn cancel(State(sh): State<Arc<Shared>>, Path(random): Path<String>) -> Response {
    let r = qrcode::cancel(&sh, &random);
    answer(random, r)
}

fn control_error(e: AuthingError) -> EmulatorError {
    EmulatorError::Control(format!("{} ({})", e.message, e.code))
}

impl Emulator {
    /// The user's phone app scans the QR code `random` (status 0 → 1); the twin of
    /// `POST /emulator/v1/qrcode/{random}/scan`. Fails for an unknown code or user, a
    /// blocked user, or a code that is not waiting to be scanned (e.g. expired).
    ///
    /// ```no_run
    /// # fn demo(emu: &authing_emulator::Emulator, random: &str, user_id: &str) -> Result<(), authing_emulator::EmulatorError> {
    /// emu.qrcode_scan(random, user_id)?;
    /// emu.qrcode_confirm(random)?; // the browser's check now answers status 2 and a ticket
    /// # Ok(()) }
    /// ```
    pub fn qrcode_scan(&self, random: &str, user_id: &str) -> Result<(), EmulatorError> {
        qrcode::scan(&self.shared, random, user_id)
            .map(drop)
            .map_err(control_error)
    }

    /// The user confirms the login on the phone (status 1 → 2, a ticket is issued);
    /// the twin of `POST /emulator/v1/qrcode/{random}/confirm`.
    pub fn qrcode_confirm(&self, random: &str) -> Result<(), EmulatorError> {
        qrcode::confirm(&self.shared, random)
            .map(drop)
            .map_err(control_error)
    }

    /// The user cancels on the phone (status 0 or 1 → 3); the twin of
    /// `POST /emulator/v1/qrcode/{random}/cancel`.
    pub fn qrcode_cancel(&self, random: &str) -> Result<(), EmulatorError> {
        qrcode::cancel(&self.shared, random)
            .map(drop)
            .map_err(control_error)
    }
}
