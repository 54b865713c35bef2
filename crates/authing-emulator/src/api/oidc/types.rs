//! Explicit serde answers of the provider's endpoints (raw JSON, no envelope).

use serde::Serialize;

use crate::domain::oidc::grants::TokenSet;
use crate::domain::oidc::keys::SigningKeys;
use crate::domain::oidc::{OAUTH_SCOPES, OIDC_SCOPES};

/// `/.well-known/openid-configuration`.
#[derive(Serialize)]
pub(crate) struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    userinfo_endpoint: String,
    jwks_uri: String,
    end_session_endpoint: String,
    introspection_endpoint: String,
    revocation_endpoint: String,
    scopes_supported: Vec<&'static str>,
    response_types_supported: [&'static str; 4],
    response_modes_supported: [&'static str; 3],
    grant_types_supported: [&'static str; 3],
    subject_types_supported: [&'static str; 1],
    id_token_signing_alg_values_supported: [&'static str; 1],
    token_endpoint_auth_methods_supported: [&'static str; 3],
    introspection_endpoint_auth_methods_supported: [&'static str; 3],
    revocation_endpoint_auth_methods_supported: [&'static str; 3],
    code_challenge_methods_supported: [&'static str; 2],
    claims_supported: [&'static str; 15],
    prompt_values_supported: [&'static str; 3],
}

const AUTH_METHODS: [&str; 3] = ["client_secret_post", "client_secret_basic", "none"];

impl Discovery {
    pub fn new(issuer: String) -> Self {
        let scopes = OIDC_SCOPES.iter().chain(OAUTH_SCOPES).copied().collect();
        Self {
            authorization_endpoint: format!("{issuer}/auth"),
            token_endpoint: format!("{issuer}/token"),
            userinfo_endpoint: format!("{issuer}/me"),
            jwks_uri: format!("{issuer}/.well-known/jwks.json"),
            end_session_endpoint: format!("{issuer}/session/end"),
            introspection_endpoint: format!("{issuer}/token/introspection"),
            revocation_endpoint: format!("{issuer}/token/revocation"),
            issuer,
            scopes_supported: scopes,
            response_types_supported: ["code", "id_token", "token", "id_token token"],
            response_modes_supported: ["query", "fragment", "form_post"],
            grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
            subject_types_supported: ["public"],
            id_token_signing_alg_values_supported: ["RS256"],
            token_endpoint_auth_methods_supported: AUTH_METHODS,
            introspection_endpoint_auth_methods_supported: AUTH_METHODS,
            revocation_endpoint_auth_methods_supported: AUTH_METHODS,
            code_challenge_methods_supported: ["S256", "plain"],
            claims_supported: [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "nonce",
                "at_hash",
                "name",
                "nickname",
                "preferred_username",
                "picture",
                "email",
                "phone_number",
                "address",
            ],
            prompt_values_supported: ["none", "login", "consent"],
        }
    }
}

/// One JWK.
#[derive(Serialize)]
struct Jwk {
    kty: &'static str,
    #[serde(rename = "use")]
    use_: &'static str,
    alg: &'static str,
    kid: String,
    n: String,
    e: String,
}

/// `/.well-known/jwks.json`: every signing key, the current one first.
#[derive(Serialize)]
pub(crate) struct Jwks {
    keys: Vec<Jwk>,
}

impl From<&SigningKeys> for Jwks {
    fn from(k: &SigningKeys) -> Self {
        Self {
            keys: k
                .all()
                .iter()
                .rev()
                .map(|k| Jwk {
                    kty: "RSA",
                    use_: "sig",
                    alg: "RS256",
                    kid: k.kid.clone(),
                    n: k.n.clone(),
                    e: k.e.clone(),
                })
                .collect(),
        }
    }
}

/// The token endpoint's answer.
#[derive(Serialize)]
pub(crate) struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: i64,
    scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
}

impl From<TokenSet> for TokenResponse {
    fn from(t: TokenSet) -> Self {
        Self {
            access_token: t.access_token.unwrap_or_default(),
            token_type: "Bearer",
            expires_in: t.expires_in,
            scope: t.scope,
            id_token: t.id_token,
            refresh_token: t.refresh_token,
        }
    }
}

/// `{error, error_description}`.
#[derive(Serialize)]
pub(crate) struct ErrorBody<'a> {
    pub error: &'a str,
    pub error_description: &'a str,
}

/// `validate_token`'s failure: `{code: 400, message}`.
#[derive(Serialize)]
pub(crate) struct InvalidToken {
    pub code: u16,
    pub message: String,
}
