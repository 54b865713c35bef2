//! Raw calls for the standard protocol endpoints (`/oidc/*`, `/oauth/*`,
//! `/api/v2/oidc/validate_token`): form bodies, any `authorization` value, and the body
//! returned as sent (no `{code, message, data}` envelope).

use std::fmt;

use tracing::Instrument as _;

use crate::error::{Error, Result};
use crate::transport::{Method, Transport, sensitive_header};

const FORM: &str = "application/x-www-form-urlencoded";

/// A request to `{base}{path}` whose answer is returned raw.
///
/// `Debug` names the method, the path and the *names* of the query and form fields,
/// never their values (they carry codes, tokens and client secrets).
#[derive(Clone)]
pub struct RawRequest {
    /// HTTP method. Only `GET` is retried (connect errors, 429, 502-504).
    pub method: Method,
    /// Path below the base URL, starting with `/`.
    pub path: String,
    /// Query parameters.
    pub query: Vec<(String, String)>,
    /// Form fields, sent as `application/x-www-form-urlencoded`.
    pub form: Option<Vec<(String, String)>>,
    /// The whole `authorization` header value (`Basic ...`, `Bearer ...`).
    pub authorization: Option<String>,
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |v: &[(String, String)]| v.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &names(&self.query))
            .field("form", &self.form.as_deref().map(names))
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

impl RawRequest {
    /// A `GET` of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            form: None,
            authorization: None,
        }
    }

    /// A `POST` of the form `fields` to `path`.
    pub fn post_form(path: impl Into<String>, fields: Vec<(String, String)>) -> Self {
        Self {
            method: Method::Post,
            path: path.into(),
            query: Vec::new(),
            form: Some(fields),
            authorization: None,
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Sets the `authorization` header value.
    pub fn authorization(mut self, value: impl Into<String>) -> Self {
        self.authorization = Some(value.into());
        self
    }
}

/// The status and body of a raw answer (body size capped like every answer).
#[derive(Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The body as received.
    pub body: Vec<u8>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body may hold tokens.
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Transport {
    /// Sends `req` with the client's headers, timeouts, deadline and size cap, in a
    /// `tracing` span `authing.raw` naming only the method and path; returns the
    /// answer whatever its status (redirects are refused as everywhere).
    pub async fn raw(&self, req: RawRequest) -> Result<RawResponse> {
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
        };
        let body = req.form.as_ref().map(|fields| {
            let mut s = form_urlencoded::Serializer::new(String::new());
            for (k, v) in fields {
                s.append_pair(k, v);
            }
            bytes::Bytes::from(s.finish())
        });
        let auth = sensitive_header("authorization", req.authorization)?;
        let url = format!("{}{}", self.base_url(), req.path);
        let span = tracing::debug_span!(
            "authing.raw",
            otel.name = %req.path,
            operation = %req.path,
            method = %method,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let idempotent = req.method == Method::Get;
        async {
            let (status, body) = self
                .send(method, &url, &req.query, body, FORM, auth, idempotent)
                .await?;
            Ok::<_, Error>(RawResponse { status, body })
        }
        .instrument(span)
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_names_fields_without_values() {
        let r = RawRequest::post_form(
            "/oidc/token",
            vec![("client_secret".into(), "very-secret".into())],
        )
        .query("id_token", "eyJ.tok.en")
        .authorization("Basic c2VjcmV0");
        let d = format!("{r:?}");
        assert!(d.contains("client_secret") && d.contains("id_token"), "{d}");
        for secret in ["very-secret", "eyJ.tok.en", "c2VjcmV0"] {
            assert!(!d.contains(secret), "{d}");
        }
        let resp = RawResponse {
            status: 200,
            body: b"{\"access_token\":\"at\"}".to_vec(),
        };
        assert!(!format!("{resp:?}").contains("access_token"));
    }
}
