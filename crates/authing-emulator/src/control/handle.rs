//! The library handle's twins of the HTTP controls.

use crate::{Emulator, EmulatorError};

use super::{Fault, PoolPatch, faults};

impl Emulator {
    /// Changes pool settings (the twin of `POST /emulator/v1/pool`); unset fields of
    /// the patch stay as they are. An invalid value changes nothing.
    pub fn update_pool(&self, patch: PoolPatch) -> Result<(), EmulatorError> {
        patch
            .apply(self.shared.store.write().settings_mut())
            .map_err(EmulatorError::Control)?;
        self.shared.mark_dirty();
        Ok(())
    }

    /// Queues a fault for the next matching Authing API requests (the twin of
    /// `POST /emulator/v1/faults`).
    pub fn inject_fault(&self, fault: Fault) -> Result<(), EmulatorError> {
        faults::inject(&self.shared, fault).map_err(EmulatorError::Control)
    }

    /// Drops every pending fault (the twin of `DELETE /emulator/v1/faults`).
    pub fn clear_faults(&self) {
        self.shared.faults.lock().clear();
    }

    /// The token `/emulator/v1/*` requests must carry in `x-emulator-control-token`,
    /// if any (set by [`EmulatorBuilder::control_token`](crate::EmulatorBuilder::control_token),
    /// or generated when bound to a non-loopback address).
    pub fn control_token(&self) -> Option<&str> {
        self.shared.control.token.as_deref()
    }
}
