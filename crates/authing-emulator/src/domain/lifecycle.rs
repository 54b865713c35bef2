//! User lifecycle on the management side: archived (deleted) users and the first-login
//! verification email.

use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::codes::Channel;
use crate::store::users::UserRecord;

/// A page of archived users, most recently deleted first, and their number.
pub(crate) fn archived(
    store: &Store,
    page: Option<i32>,
    limit: Option<i32>,
) -> (usize, Vec<&UserRecord>) {
    let (skip, take) = super::page_window(page, limit);
    let a = store.archive();
    (a.len(), a.iter_newest().skip(skip).take(take).collect())
}

/// `sendFirstLoginVerifyEmail`: a verification email (scene
/// `FIRST_EMAIL_LOGIN_VERIFY`, into the outbox) to the user's email. Unknown app →
/// 2011, unknown user → 2004, a user without an email → 2028.
pub(crate) fn send_first_login_verify_email(
    sh: &Shared,
    user_id: &str,
    app_id: &str,
) -> Result<(), AuthingError> {
    let email = {
        let store = sh.store.read();
        if app_id != sh.ids.app_id && store.apps().get(app_id).is_none() {
            return Err(AuthingError::new(
                2011,
                "应用不存在 (application not found)",
            ));
        }
        let u = store
            .users()
            .get(user_id)
            .ok_or_else(AuthingError::user_not_found)?;
        u.email.clone().filter(|e| !e.is_empty()).ok_or_else(|| {
            AuthingError::new(2028, "用户未绑定邮箱 (the user has no email address)")
        })?
    };
    super::codes::send(
        sh,
        Channel::Email,
        &email,
        Some("FIRST_EMAIL_LOGIN_VERIFY".into()),
    )?;
    Ok(())
}
