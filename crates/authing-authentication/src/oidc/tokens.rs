//! The token, userinfo, introspection, revocation and validate_token endpoints.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use authing_core::__private::{RawRequest, RawResponse, excerpt, non_blank, redact};
use authing_core::models::Sensitive;
use authing_core::{Error, Result};

use super::claims::{
    AccessTokenClaims, IdTokenClaims, Introspection, UserInfo, ValidateTokenInput, ValidatedToken,
    lenient,
};
use super::options::{AuthMethod, Protocol};
use crate::AuthenticationClient;

/// The answer of the token endpoint (RFC 6749 §5.1). Tokens are [`Sensitive`]
/// (never printed by `Debug`); unknown members are ignored.
///
/// ```no_run
/// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
/// let tokens = auth.get_access_token_by_code("the-code", Some("the-verifier")).await?;
/// let bearer = format!("Bearer {}", tokens.access_token.expose());
/// # let _ = bearer; Ok(()) }
/// ```
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenSet {
    /// `access_token`.
    pub access_token: Sensitive,
    /// `id_token` (OIDC with the `openid` scope).
    #[serde(default)]
    pub id_token: Option<Sensitive>,
    /// `refresh_token` (with `offline_access`, or OAuth).
    #[serde(default)]
    pub refresh_token: Option<Sensitive>,
    /// `expires_in`: lifetime of the access token in seconds.
    #[serde(default, deserialize_with = "lenient::uint")]
    pub expires_in: Option<u64>,
    /// `token_type` (`Bearer`).
    #[serde(default)]
    pub token_type: String,
    /// `scope` granted.
    #[serde(default, deserialize_with = "lenient::string")]
    pub scope: Option<String>,
}

/// An OAuth error body (RFC 6749 §5.2).
#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<Value>,
}

/// Decodes a raw answer: an `{error, error_description}` body is [`Error::OAuth`], a
/// `{code, message}` body with a code other than 200 is [`Error::Api`], another
/// non-2xx answer is [`Error::Decode`]; otherwise the body as `T`.
pub(crate) fn decode_raw<T: DeserializeOwned>(resp: &RawResponse, secrets: &[&str]) -> Result<T> {
    let status = resp.status;
    let decode_err = |reason: String| Error::Decode {
        status,
        reason,
        excerpt: excerpt(&resp.body, secrets),
    };
    let value: Value = match serde_json::from_slice(&resp.body) {
        Ok(v) => v,
        Err(e) if (200..300).contains(&status) => {
            return Err(decode_err(format!("not JSON: {e}")));
        }
        Err(_) => return Err(decode_err(format!("HTTP {status}"))),
    };
    if let Some(err) = value.get("error").filter(|e| e.is_string()) {
        let body: OAuthErrorBody = serde_json::from_value(value.clone())
            .map_err(|e| decode_err(format!("bad OAuth error body: {e}")))?;
        let _ = err;
        let description = body.error_description.and_then(|d| match d {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => Some(other.to_string()),
        });
        return Err(Error::OAuth {
            error: redact(&body.error, secrets),
            description: description.map(|d| redact(&d, secrets)),
            status,
        });
    }
    if let Some(code) = value.get("code").and_then(Value::as_i64) {
        if code != 200 && value.get("message").is_some() {
            let message = value
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default();
            return Err(Error::api(code, redact(message, secrets), status));
        }
    }
    if !(200..300).contains(&status) {
        return Err(decode_err(format!("HTTP {status}")));
    }
    serde_json::from_value(value).map_err(|e| decode_err(format!("unexpected answer: {e}")))
}

/// `application/x-www-form-urlencoded` encoding of one value (RFC 6749 §2.3.1).
fn form_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl AuthenticationClient {
    /// `{appHost}/{oidc|oauth}{path}`, the app id and the secret (when the method needs
    /// one), or a configuration error before any request.
    fn protocol_request(
        &self,
        path: &str,
        method: AuthMethod,
        mut form: Vec<(String, String)>,
    ) -> Result<RawRequest> {
        let app = self.app()?;
        let opts = self.oidc_options();
        let secret = || {
            opts.app_secret
                .as_ref()
                .filter(|s| !s.expose().is_empty())
                .ok_or_else(|| {
                    Error::Config(
                        "client_secret_post and client_secret_basic need the app_secret option"
                            .into(),
                    )
                })
        };
        let path = format!("{}{path}", self.token_prefix()?);
        Ok(match method {
            AuthMethod::ClientSecretPost => {
                form.push(("client_id".into(), app.id.into()));
                form.push(("client_secret".into(), secret()?.expose().into()));
                RawRequest::post_form(path, form)
            }
            AuthMethod::ClientSecretBasic => {
                let pair = format!(
                    "{}:{}",
                    form_encode(app.id),
                    form_encode(secret()?.expose())
                );
                RawRequest::post_form(path, form)
                    .authorization(format!("Basic {}", STANDARD.encode(pair)))
            }
            AuthMethod::None => {
                form.push(("client_id".into(), app.id.into()));
                RawRequest::post_form(path, form)
            }
        })
    }

    /// Sends a protocol request and decodes its answer, removing `extra_secrets` and
    /// the app secret from any error text.
    async fn protocol_call<T: DeserializeOwned>(
        &self,
        req: RawRequest,
        extra_secrets: &[&str],
    ) -> Result<T> {
        let resp = self.transport().raw(req).await?;
        let mut secrets: Vec<&str> = extra_secrets.to_vec();
        if let Some(s) = &self.oidc_options().app_secret {
            secrets.push(s.expose());
        }
        decode_raw(&resp, &secrets)
    }

    /// Exchanges an authorization code for tokens:
    /// `POST {appHost}/{oidc|oauth}/token` with `grant_type=authorization_code`,
    /// `code`, `redirect_uri` (the client's option), `code_verifier` (PKCE) and the
    /// client authentication of
    /// [`token_endpoint_auth_method`](crate::AuthenticationClientBuilder::token_endpoint_auth_method).
    ///
    /// A refused code (used, expired, wrong verifier) is [`Error::OAuth`] with
    /// `error == "invalid_grant"`. Fails before any request with [`Error::Config`]
    /// without `app_id`/`app_host` (or `app_secret` when the method needs it) and
    /// with [`Error::InvalidArgument`] for a blank code or without a `redirect_uri`.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, code: &str, verifier: &str) -> authing::authentication::Result<()> {
    /// let tokens = auth.get_access_token_by_code(code, Some(verifier)).await?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn get_access_token_by_code(
        &self,
        code: &str,
        code_verifier: Option<&str>,
    ) -> Result<TokenSet> {
        non_blank("code", code)?;
        let redirect_uri = self
            .oidc_options()
            .redirect_uri
            .clone()
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| {
                Error::InvalidArgument(
                    "get_access_token_by_code needs the redirect_uri option (the one of the \
                     authorize URL)"
                        .into(),
                )
            })?;
        let mut form = vec![
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), code.into()),
            ("redirect_uri".into(), redirect_uri),
        ];
        if let Some(v) = code_verifier {
            non_blank("code_verifier", v)?;
            form.push(("code_verifier".into(), v.into()));
        }
        let req = self.protocol_request("/token", self.oidc_options().token_auth, form)?;
        self.protocol_call(req, &[code, code_verifier.unwrap_or("")])
            .await
    }

    /// Gets a token for a programmatic access account (machine to machine):
    /// `POST {appHost}/{oidc|oauth}/token` with `grant_type=client_credentials`,
    /// `scope`, and `client_id`/`client_secret` = `access_key`/`access_secret` in the
    /// form.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let tokens = auth
    ///     .get_access_token_by_client_credentials("book:read", "the-key", "the-secret")
    ///     .await?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn get_access_token_by_client_credentials(
        &self,
        scope: &str,
        access_key: &str,
        access_secret: &str,
    ) -> Result<TokenSet> {
        non_blank("scope", scope)?;
        non_blank("access_key", access_key)?;
        non_blank("access_secret", access_secret)?;
        self.app_host_required()?;
        let path = format!("{}/token", self.token_prefix()?);
        let form = vec![
            ("client_id".into(), access_key.into()),
            ("client_secret".into(), access_secret.into()),
            ("grant_type".into(), "client_credentials".into()),
            ("scope".into(), scope.into()),
        ];
        self.protocol_call(RawRequest::post_form(path, form), &[access_secret])
            .await
    }

    /// Gets new tokens with a refresh token: `POST {appHost}/{oidc|oauth}/token` with
    /// `grant_type=refresh_token`, `refresh_token` and the client authentication.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, refresh: &str) -> authing::authentication::Result<()> {
    /// let tokens = auth.get_new_access_token_by_refresh_token(refresh).await?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn get_new_access_token_by_refresh_token(
        &self,
        refresh_token: &str,
    ) -> Result<TokenSet> {
        non_blank("refresh_token", refresh_token)?;
        let form = vec![
            ("grant_type".into(), "refresh_token".into()),
            ("refresh_token".into(), refresh_token.into()),
        ];
        let req = self.protocol_request("/token", self.oidc_options().token_auth, form)?;
        self.protocol_call(req, &[refresh_token]).await
    }

    /// The user's claims: `GET {appHost}/{oidc|oauth}/me` with
    /// `authorization: Bearer <access_token>`.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, at: &str) -> authing::authentication::Result<()> {
    /// let me = auth.get_user_info_by_access_token(at).await?;
    /// println!("{:?}", me.sub);
    /// # Ok(()) }
    /// ```
    pub async fn get_user_info_by_access_token(&self, access_token: &str) -> Result<UserInfo> {
        non_blank("access_token", access_token)?;
        self.app_host_required()?;
        let path = format!("{}/me", self.token_prefix()?);
        let req = RawRequest::get(path).authorization(format!("Bearer {}", access_token.trim()));
        self.protocol_call(req, &[access_token]).await
    }

    /// Asks the service about a token (RFC 7662):
    /// `POST {appHost}/{oidc|oauth}/token/introspection` with `token` and the client
    /// authentication of
    /// [`introspection_endpoint_auth_method`](crate::AuthenticationClientBuilder::introspection_endpoint_auth_method).
    /// An invalid token is `Ok` with `active: false`.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, at: &str) -> authing::authentication::Result<()> {
    /// if auth.introspect_token(at).await?.active { /* ... */ }
    /// # Ok(()) }
    /// ```
    pub async fn introspect_token(&self, token: &str) -> Result<Introspection> {
        non_blank("token", token)?;
        let form = vec![("token".into(), token.into())];
        let method = self.oidc_options().introspection_auth;
        let req = self.protocol_request("/token/introspection", method, form)?;
        self.protocol_call(req, &[token]).await
    }

    /// Revokes an access or refresh token (RFC 7009):
    /// `POST {appHost}/{oidc|oauth}/token/revocation` with `token` and the client
    /// authentication of
    /// [`revocation_endpoint_auth_method`](crate::AuthenticationClientBuilder::revocation_endpoint_auth_method)
    /// (`client_secret_basic` is refused for OAuth with [`Error::Config`]).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, rt: &str) -> authing::authentication::Result<()> {
    /// auth.revoke_token(rt).await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_token(&self, token: &str) -> Result<()> {
        non_blank("token", token)?;
        let opts = self.oidc_options();
        if opts.protocol == Protocol::Oauth && opts.revocation_auth == AuthMethod::ClientSecretBasic
        {
            return Err(Error::Config(
                "OAuth token revocation does not support client_secret_basic".into(),
            ));
        }
        let form = vec![("token".into(), token.into())];
        let req = self.protocol_request("/token/revocation", opts.revocation_auth, form)?;
        let resp = self.transport().raw(req).await?;
        // RFC 7009: a 200 is success, whatever the body (often empty), unless it is
        // an error object.
        let is_json = serde_json::from_slice::<Value>(&resp.body).is_ok();
        if (200..300).contains(&resp.status) && !is_json {
            return Ok(());
        }
        let secret = opts.app_secret.as_ref().map_or("", Sensitive::expose);
        decode_raw::<Value>(&resp, &[token, secret]).map(|_| ())
    }

    /// Asks the service to validate a token:
    /// `GET {appHost}/api/v2/oidc/validate_token?id_token=` (or `?access_token=`).
    /// A refused token is [`Error::Api`] (the service answers `{"code": 400, ...}`).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, id_token: &str) -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::ValidateTokenInput;
    /// let claims = auth.validate_token(ValidateTokenInput::IdToken(id_token)).await?;
    /// println!("user {:?}", claims.sub());
    /// # Ok(()) }
    /// ```
    pub async fn validate_token(&self, input: ValidateTokenInput<'_>) -> Result<ValidatedToken> {
        self.app_host_required()?;
        let (name, token) = match input {
            ValidateTokenInput::IdToken(t) => ("id_token", t),
            ValidateTokenInput::AccessToken(t) => ("access_token", t),
        };
        non_blank(name, token)?;
        let req = RawRequest::get("/api/v2/oidc/validate_token").query(name, token.trim());
        Ok(match input {
            ValidateTokenInput::IdToken(_) => ValidatedToken::IdToken(Box::new(
                self.protocol_call::<IdTokenClaims>(req, &[token]).await?,
            )),
            ValidateTokenInput::AccessToken(_) => ValidatedToken::AccessToken(Box::new(
                self.protocol_call::<AccessTokenClaims>(req, &[token])
                    .await?,
            )),
        })
    }
}
