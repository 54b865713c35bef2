//! CAS (Central Authentication Service) helpers for an application that signs its
//! users in with Authing as CAS identity provider: the login URL
//! ([`build_authorize_url`](crate::AuthenticationClient::build_authorize_url) with
//! [`Protocol::Cas`](crate::oidc::Protocol::Cas), or
//! [`build_cas_url`](crate::AuthenticationClient::build_cas_url)), ticket validation
//! (CAS 1.0 [`validate_ticket_v1`](crate::AuthenticationClient::validate_ticket_v1),
//! CAS 2.0/3.0 [`validate_ticket_v2`](crate::AuthenticationClient::validate_ticket_v2)
//! in XML or JSON), the browser's session
//! ([`track_session`](crate::AuthenticationClient::track_session)) and the logout URL
//! ([`LogoutParams::cas`](crate::oidc::LogoutParams::cas)).
//!
//! ```no_run
//! # async fn demo(ticket: &str) -> authing::authentication::Result<()> {
//! use authing::authentication::AuthenticationClient;
//! use authing::authentication::cas::{CasFormat, ServiceValidation};
//!
//! let auth = AuthenticationClient::builder()
//!     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
//!     .app_host("https://my-app.authing.cn")
//!     .build()?;
//! let service = "https://example.com/cas/callback";
//! // 1. Send the browser to auth.build_cas_url(Some(service))?;
//! // 2. On the callback, validate the `ticket` of the query (it works once):
//! match auth.validate_ticket_v2(ticket, service, CasFormat::Xml).await? {
//!     ServiceValidation::Success(p) => println!("signed in as {}", p.user),
//!     ServiceValidation::Failure(f) => println!("refused: {} {}", f.code, f.description),
//!     _ => {}
//! }
//! # Ok(()) }
//! ```

mod xml;

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use authing_core::__private::{RawRequest, RawResponse, excerpt, non_blank};
use authing_core::models::{Sensitive, User};
use authing_core::{Error, Result};

use crate::AuthenticationClient;
use crate::oidc::encode_segment;

/// The answer of CAS 1.0 validation ([`AuthenticationClient::validate_ticket_v1`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TicketValidation {
    /// `true` for `yes`.
    pub valid: bool,
    /// The user name of a valid ticket.
    pub user: Option<String>,
    /// Why the ticket was refused (`None` when valid).
    pub message: Option<String>,
}

/// The format of a CAS 2.0/3.0 answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CasFormat {
    /// `format=XML` (the CAS default; the Python SDK's default).
    #[default]
    Xml,
    /// `format=JSON` (CAS 3.0; the JS SDK's default).
    Json,
}

impl CasFormat {
    /// The query value: `XML` or `JSON`.
    ///
    /// ```
    /// use authing::authentication::cas::CasFormat;
    /// assert_eq!(CasFormat::Json.as_str(), "JSON");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CasFormat::Xml => "XML",
            CasFormat::Json => "JSON",
        }
    }
}

/// The answer of CAS 2.0/3.0 validation ([`AuthenticationClient::validate_ticket_v2`]),
/// the same for both formats.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ServiceValidation {
    /// `authenticationSuccess`.
    Success(CasPrincipal),
    /// `authenticationFailure` (e.g. `INVALID_TICKET`, `INVALID_SERVICE`).
    Failure(CasFailure),
}

impl ServiceValidation {
    /// The principal of a success.
    ///
    /// ```
    /// # fn demo(v: authing::authentication::cas::ServiceValidation) {
    /// if let Some(p) = v.principal() {
    ///     println!("{}", p.user);
    /// }
    /// # }
    /// ```
    pub fn principal(&self) -> Option<&CasPrincipal> {
        match self {
            ServiceValidation::Success(p) => Some(p),
            ServiceValidation::Failure(_) => None,
        }
    }
}

/// The user of a valid ticket.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CasPrincipal {
    /// `cas:user`.
    pub user: String,
    /// `cas:attributes`: each attribute's values in document order (CAS attributes may
    /// repeat).
    pub attributes: BTreeMap<String, Vec<String>>,
    /// `cas:proxyGrantingTicket`, when the service asked for one.
    pub proxy_granting_ticket: Option<Sensitive>,
}

impl CasPrincipal {
    /// The first value of an attribute.
    ///
    /// ```
    /// # fn demo(p: &authing::authentication::cas::CasPrincipal) {
    /// let email = p.attribute("email");
    /// # let _ = email; }
    /// ```
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }
}

/// A refused ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CasFailure {
    /// The CAS error code (`INVALID_REQUEST`, `INVALID_TICKET`, `INVALID_SERVICE`, ...).
    pub code: String,
    /// The server's description.
    pub description: String,
}

/// The browser's CAS session ([`AuthenticationClient::track_session`]).
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CasSession {
    /// The service's description of the session (its shape is not documented).
    #[serde(default)]
    pub session: Value,
    /// The signed-in user.
    #[serde(default)]
    pub user_info: Option<User>,
}

impl fmt::Debug for CasSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CasSession")
            .field("session", &self.session)
            .field("user_info", &self.user_info)
            .finish()
    }
}

/// The text of a 2xx answer, or a decode error (the ticket removed from excerpts).
fn body_text<'a>(resp: &'a RawResponse, secrets: &[&str]) -> Result<&'a str> {
    let err = |reason: String| Error::Decode {
        status: resp.status,
        reason,
        excerpt: excerpt(&resp.body, secrets),
    };
    if !(200..300).contains(&resp.status) {
        return Err(err(format!("HTTP {}", resp.status)));
    }
    std::str::from_utf8(&resp.body).map_err(|e| err(format!("not UTF-8: {e}")))
}

/// Parses a CAS 1.0 answer: `yes\n<user>\n` or `no\n`.
pub(crate) fn parse_v1(text: &str) -> std::result::Result<TicketValidation, String> {
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    match lines.next().map(str::trim) {
        Some("yes") => {
            let user = lines
                .next()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .ok_or("`yes` without a user name")?;
            Ok(TicketValidation {
                valid: true,
                user: Some(user.to_string()),
                message: None,
            })
        }
        Some("no") => Ok(TicketValidation {
            valid: false,
            user: None,
            message: Some("ticket 不合法 (invalid ticket)".into()),
        }),
        _ => Err("expected `yes` or `no` on the first line".into()),
    }
}

impl AuthenticationClient {
    fn cas_path(&self, tail: &str) -> Result<String> {
        let app = self.app()?;
        Ok(format!("/cas-idp/{}{tail}", encode_segment(app.id)))
    }

    /// Validates a service ticket with CAS 1.0: `GET
    /// {appHost}/cas-idp/{appId}/validate?service=&ticket=`, whose plain-text answer is
    /// `yes\n<user>` or `no`. A refused ticket is an answer (`valid: false`), not an
    /// error; a ticket works once.
    ///
    /// Fails before any request with [`Error::Config`] without `app_id`/`app_host`
    /// and [`Error::InvalidArgument`] for a blank ticket or service; an answer that is
    /// neither is [`Error::Decode`].
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, ticket: &str) -> authing::authentication::Result<()> {
    /// let v = auth.validate_ticket_v1(ticket, "https://example.com/cas/callback").await?;
    /// if v.valid {
    ///     println!("signed in as {:?}", v.user);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn validate_ticket_v1(
        &self,
        ticket: &str,
        service: &str,
    ) -> Result<TicketValidation> {
        non_blank("ticket", ticket)?;
        non_blank("service", service)?;
        let req = RawRequest::get(self.cas_path("/validate")?)
            .query("service", service)
            .query("ticket", ticket);
        let resp = self.transport().raw(req).await?;
        let text = body_text(&resp, &[ticket])?;
        parse_v1(text).map_err(|reason| Error::Decode {
            status: resp.status,
            reason,
            excerpt: excerpt(&resp.body, &[ticket]),
        })
    }

    /// Validates a service ticket with CAS 2.0/3.0: `GET
    /// {appHost}/cas-idp/{appId}/serviceValidate?service=&ticket=&format=XML|JSON`.
    /// Both formats give the same [`ServiceValidation`]; a refused ticket is
    /// [`ServiceValidation::Failure`] (not an error). A ticket works once.
    ///
    /// Fails before any request with [`Error::Config`] without `app_id`/`app_host`
    /// and [`Error::InvalidArgument`] for a blank ticket or service; a malformed
    /// answer is [`Error::Decode`].
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, ticket: &str) -> authing::authentication::Result<()> {
    /// use authing::authentication::cas::CasFormat;
    /// let v = auth
    ///     .validate_ticket_v2(ticket, "https://example.com/cas/callback", CasFormat::Json)
    ///     .await?;
    /// if let Some(p) = v.principal() {
    ///     println!("{} <{:?}>", p.user, p.attribute("email"));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn validate_ticket_v2(
        &self,
        ticket: &str,
        service: &str,
        format: CasFormat,
    ) -> Result<ServiceValidation> {
        non_blank("ticket", ticket)?;
        non_blank("service", service)?;
        let req = RawRequest::get(self.cas_path("/serviceValidate")?)
            .query("service", service)
            .query("ticket", ticket)
            .query("format", format.as_str());
        let resp = self.transport().raw(req).await?;
        let text = body_text(&resp, &[ticket])?;
        let parsed = match format {
            CasFormat::Xml => xml::parse_xml(text),
            CasFormat::Json => xml::parse_json(text.as_bytes()),
        };
        parsed.map_err(|reason| Error::Decode {
            status: resp.status,
            reason,
            excerpt: excerpt(&resp.body, &[ticket]),
        })
    }

    /// The browser's CAS login session: `GET {appHost}/cas/session` →
    /// `{session, userInfo}`, or `None` without a session. The service finds the
    /// session by its cookie, which a browser sends with the request; a server-side
    /// client has no such cookie and gets `None`.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// if let Some(s) = auth.track_session().await? {
    ///     println!("{:?}", s.user_info.map(|u| u.id));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn track_session(&self) -> Result<Option<CasSession>> {
        self.app_host_required()?;
        let resp = self
            .transport()
            .raw(RawRequest::get("/cas/session"))
            .await?;
        let text = body_text(&resp, &[])?;
        let err = |reason: String| Error::Decode {
            status: resp.status,
            reason,
            excerpt: excerpt(&resp.body, &[]),
        };
        if text.trim().is_empty() {
            return Ok(None);
        }
        let v: Value = serde_json::from_str(text).map_err(|e| err(format!("not JSON: {e}")))?;
        if v.is_null() {
            return Ok(None);
        }
        serde_json::from_value(v)
            .map(Some)
            .map_err(|e| err(format!("unexpected answer: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_v1;

    #[test]
    fn v1_answers() {
        let yes = parse_v1("yes\nalice\n").unwrap();
        assert!(yes.valid && yes.user.as_deref() == Some("alice") && yes.message.is_none());
        let crlf = parse_v1("yes\r\nbob\r\n").unwrap();
        assert_eq!(crlf.user.as_deref(), Some("bob"));
        let no = parse_v1("no\n\n").unwrap();
        assert!(!no.valid && no.user.is_none() && no.message.is_some());
        for bad in ["", "maybe\n", "yes\n", "yes\n\n", "{\"valid\":true}"] {
            assert!(parse_v1(bad).is_err(), "{bad:?}");
        }
    }
}
