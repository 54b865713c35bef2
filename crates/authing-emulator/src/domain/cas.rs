//! The CAS identity provider of an application (`/cas-idp/{appId}`): the hosted login
//! form (shared with the OIDC provider, and its login session cookie), service tickets
//! and their validation (CAS 1.0 `validate`, 2.0/3.0 `serviceValidate`).
//!
//! Rules (CAS protocol 3.0 §3.1.1, §2.5): a `service` must be one of the application's
//! registered redirect URIs; a ticket `ST-...` is bound to its application and service,
//! lives [`TICKET_TTL_MS`] on the emulator clock and is consumed by the first
//! validation attempt, whether it succeeds or not.

use super::oidc::INTERACTION_TTL_MS;
use super::oidc::authorize::{self, session_user};
use crate::crypto::random_hex;
use crate::shared::Shared;
use crate::store::scan_login::{CasInteraction, ServiceTicket};
use crate::store::users::UserRecord;

/// Lifetime of a service ticket: 5 minutes (the protocol's recommended maximum).
pub(crate) const TICKET_TTL_MS: i64 = 5 * 60 * 1000;

/// What `/cas-idp/{appId}` (or its login form) answers.
pub(crate) enum Outcome {
    /// The request cannot go back to a service: an error page (400).
    ErrorPage(String),
    /// The login form, posting to `action`; with an error after wrong credentials (401).
    LoginForm {
        action: String,
        app_name: String,
        error: Option<String>,
    },
    /// 302 to `location`; with a new login session cookie.
    Redirect {
        location: String,
        session: Option<String>,
    },
    /// Signed in, no service to go back to; with a new login session cookie.
    SignedIn { session: Option<String> },
}

/// A login request: the application and the service.
pub(crate) struct LoginRequest<'a> {
    pub app_id: &'a str,
    pub service: Option<&'a str>,
    /// `renew=true`: ask for credentials even with a login session.
    pub renew: bool,
    /// `gateway=true`: never show the form (back to the service without a ticket).
    pub gateway: bool,
}

fn check_service(sh: &Shared, app_id: &str, service: Option<&str>) -> Result<String, String> {
    let store = sh.store.read();
    let app = store
        .apps()
        .get(app_id)
        .ok_or_else(|| "unknown application".to_string())?;
    if let Some(s) = service {
        if !app.redirect_uris.iter().any(|u| u == s) {
            return Err("service is not registered for this application".into());
        }
    }
    Ok(app.name.clone())
}

/// `service` with `ticket` added to its query.
fn with_ticket(service: &str, ticket: &str) -> Result<String, String> {
    let mut url = url::Url::parse(service).map_err(|_| "invalid service URL".to_string())?;
    url.query_pairs_mut().append_pair("ticket", ticket);
    Ok(url.to_string())
}

fn issue(
    sh: &Shared,
    app_id: &str,
    service: Option<&str>,
    user_id: &str,
    auth_time: i64,
    new_login: bool,
    session: Option<String>,
) -> Outcome {
    let Some(service) = service else {
        return Outcome::SignedIn { session };
    };
    let now = sh.clock.now_ms();
    let ticket = format!("ST-{}", random_hex(20));
    let location = match with_ticket(service, &ticket) {
        Ok(l) => l,
        Err(m) => return Outcome::ErrorPage(m),
    };
    sh.store.write().scan_login_mut().add_ticket(
        ticket,
        ServiceTicket {
            app_id: app_id.to_string(),
            service: service.to_string(),
            user_id: user_id.to_string(),
            new_login,
            auth_time,
            expires_ms: now + TICKET_TTL_MS,
        },
        now,
    );
    Outcome::Redirect { location, session }
}

fn form(
    sh: &Shared,
    app_id: &str,
    service: Option<&str>,
    app_name: String,
    error: Option<String>,
) -> Outcome {
    let now = sh.clock.now_ms();
    let id = random_hex(16);
    sh.store.write().scan_login_mut().add_interaction(
        id.clone(),
        CasInteraction {
            app_id: app_id.to_string(),
            service: service.map(str::to_string),
            expires_ms: now + INTERACTION_TTL_MS,
        },
        now,
    );
    let app = url::form_urlencoded::byte_serialize(app_id.as_bytes()).collect::<String>();
    Outcome::LoginForm {
        action: format!("/cas-idp/{app}/interaction/{id}/login"),
        app_name,
        error,
    }
}

/// `GET /cas-idp/{appId}?service=`: a ticket at once with a login session, else the
/// form.
pub(crate) fn login_page(sh: &Shared, req: LoginRequest<'_>, cookie: Option<&str>) -> Outcome {
    let app_name = match check_service(sh, req.app_id, req.service) {
        Ok(n) => n,
        Err(m) => return Outcome::ErrorPage(m),
    };
    let session = if req.renew {
        None
    } else {
        session_user(sh, cookie)
    };
    match (session, req.service) {
        (Some(s), service) => issue(
            sh,
            req.app_id,
            service,
            &s.user_id,
            s.auth_time,
            false,
            None,
        ),
        (None, Some(service)) if req.gateway => Outcome::Redirect {
            location: service.to_string(),
            session: None,
        },
        (None, service) => form(sh, req.app_id, service, app_name, None),
    }
}

/// `POST` of the CAS login form.
pub(crate) fn login(
    sh: &Shared,
    app_id: &str,
    interaction: &str,
    account: &str,
    password: &str,
) -> Outcome {
    let now = sh.clock.now_ms();
    let pending = sh
        .store
        .write()
        .scan_login_mut()
        .take_interaction(interaction, now)
        .filter(|i| i.app_id == app_id);
    let Some(i) = pending else {
        return Outcome::ErrorPage(
            "the login form expired or was already used: start the sign-in again".into(),
        );
    };
    let app_name = match check_service(sh, &i.app_id, i.service.as_deref()) {
        Ok(n) => n,
        Err(m) => return Outcome::ErrorPage(m),
    };
    match authorize::sign_in(sh, account, password) {
        Ok(s) => issue(
            sh,
            &i.app_id,
            i.service.as_deref(),
            &s.user_id,
            s.auth_time,
            true,
            Some(s.id),
        ),
        Err(message) => form(sh, &i.app_id, i.service.as_deref(), app_name, Some(message)),
    }
}

/// A validated ticket.
pub(crate) struct Validated {
    pub user: UserRecord,
    /// Whether credentials were typed for this ticket.
    pub new_login: bool,
    /// When the user authenticated (seconds).
    pub auth_time: i64,
}

/// A refused validation: the CAS error code and a description.
pub(crate) struct Refused {
    /// `INVALID_REQUEST`, `INVALID_TICKET` or `INVALID_SERVICE`.
    pub code: &'static str,
    pub description: String,
}

fn refused(code: &'static str, description: impl Into<String>) -> Refused {
    Refused {
        code,
        description: description.into(),
    }
}

/// Validates (and consumes) a ticket for `app_id` and `service`.
pub(crate) fn validate(
    sh: &Shared,
    app_id: &str,
    service: Option<&str>,
    ticket: Option<&str>,
) -> Result<Validated, Refused> {
    let (Some(service), Some(ticket)) = (
        service.filter(|s| !s.is_empty()),
        ticket.filter(|t| !t.is_empty()),
    ) else {
        return Err(refused(
            "INVALID_REQUEST",
            "service and ticket are required",
        ));
    };
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let not_recognized = || {
        refused(
            "INVALID_TICKET",
            format!("Ticket '{ticket}' not recognized"),
        )
    };
    let t = store
        .scan_login_mut()
        .take_ticket(ticket, now)
        .ok_or_else(not_recognized)?;
    if t.app_id != app_id {
        return Err(not_recognized());
    }
    if t.service != service {
        return Err(refused(
            "INVALID_SERVICE",
            format!("Ticket '{ticket}' does not match the supplied service"),
        ));
    }
    let user = store
        .users()
        .get(&t.user_id)
        .filter(|u| u.blocked != Some(true))
        .cloned()
        .ok_or_else(not_recognized)?;
    Ok(Validated {
        user,
        new_login: t.new_login,
        auth_time: t.auth_time,
    })
}

/// The user name a CAS answer carries: the username, else the email, phone or id.
pub(crate) fn principal(u: &UserRecord) -> &str {
    u.username
        .as_deref()
        .or(u.email.as_deref())
        .or(u.phone.as_deref())
        .unwrap_or(&u.id)
}

/// The login session of a cookie and its user (`GET /cas/session`).
pub(crate) fn session(sh: &Shared, cookie: Option<&str>) -> Option<(i64, i64, UserRecord)> {
    let s = session_user(sh, cookie)?;
    let user = sh.store.read().users().get(&s.user_id).cloned()?;
    Some((s.auth_time, s.expires_ms, user))
}
