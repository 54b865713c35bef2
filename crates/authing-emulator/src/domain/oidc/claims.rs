//! Claims of ID tokens, access tokens and userinfo (catalog §7.1): the standard OIDC
//! claims of a user, Authing's `data{...}` object and `userpool_id`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::clock::parse_iso;
use crate::crypto::TokenData;
use crate::shared::Shared;
use crate::store::users::UserRecord;

/// Claims of an access token (RS256 JWT).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct AccessClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub scope: String,
    pub client_id: String,
}

/// `address` claim.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// The standard claims of a user (absent values are left out).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UserClaims {
    pub sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    pub gender: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    pub address: Address,
}

/// Claims each scope releases at userinfo (`sub` always).
fn scope_claims(scope: &str) -> &'static [&'static str] {
    match scope {
        "profile" => &[
            "name",
            "nickname",
            "preferred_username",
            "picture",
            "gender",
            "updated_at",
            "given_name",
            "family_name",
            "middle_name",
            "birthdate",
            "locale",
            "zoneinfo",
            "website",
            "profile",
        ],
        "email" => &["email", "email_verified"],
        "phone" => &["phone_number", "phone_number_verified"],
        "address" => &["address"],
        // OAuth 2.0 `user`: the whole profile
        "user" => &[
            "name",
            "nickname",
            "preferred_username",
            "picture",
            "gender",
            "updated_at",
            "email",
            "email_verified",
            "phone_number",
            "phone_number_verified",
            "address",
        ],
        _ => &[],
    }
}

impl UserClaims {
    pub fn of(u: &UserRecord) -> Self {
        let name = u
            .nickname
            .clone()
            .or_else(|| u.username.clone())
            .or_else(|| u.email.clone())
            .or_else(|| u.phone.clone());
        Self {
            sub: u.id.clone(),
            name,
            nickname: u.nickname.clone(),
            preferred_username: u.username.clone(),
            picture: u.photo.clone().filter(|p| !p.is_empty()),
            gender: "U".into(),
            updated_at: u
                .updated_at
                .as_deref()
                .and_then(parse_iso)
                .map(|ms| ms / 1000),
            email: u.email.clone(),
            email_verified: u.email.as_ref().map(|_| u.email_verified == Some(true)),
            phone_number: u.phone.clone(),
            phone_number_verified: u.phone.as_ref().map(|_| u.phone_verified == Some(true)),
            address: Address {
                formatted: u.address.clone(),
                region: u.region.clone(),
                postal_code: u.postal_code.clone(),
                country: u.country.clone(),
            },
        }
    }

    /// The userinfo answer: `sub` and the claims of the granted scopes.
    pub fn filtered(&self, scopes: &[String]) -> Map<String, Value> {
        let Value::Object(all) = serde_json::to_value(self).unwrap_or_default() else {
            return Map::new();
        };
        let mut out = Map::new();
        out.insert("sub".into(), Value::String(self.sub.clone()));
        for s in scopes {
            for c in scope_claims(s) {
                if let Some(v) = all.get(*c) {
                    out.insert((*c).to_string(), v.clone());
                }
            }
        }
        out
    }
}

/// Claims of an ID token.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IdClaims {
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
    #[serde(flatten)]
    pub user: UserClaims,
    pub data: TokenData,
    pub userpool_id: String,
}

/// Authing's `data{...}` claim with the application id.
pub(crate) fn token_data(sh: &Shared, u: &UserRecord, app_id: &str) -> TokenData {
    TokenData {
        kind: "user".into(),
        id: u.id.clone(),
        user_id: Some(u.id.clone()),
        underscore_id: Some(u.id.clone()),
        user_pool_id: sh.ids.user_pool_id.clone(),
        app_id: Some(app_id.to_string()),
        arn: Some(u.arn.clone()),
        email: u.email.clone(),
        phone: u.phone.clone(),
        username: u.username.clone(),
        unionid: u.unionid.clone(),
        openid: u.openid.clone(),
        client_id: Some(app_id.to_string()),
        epoch: u.token_epoch,
        sid: None,
    }
}

/// `at_hash`: base64url of the left half of SHA-256 of the access token.
pub(crate) fn at_hash(access_token: &str) -> String {
    let d = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&d[..16])
}

/// PKCE S256: base64url(SHA-256(verifier)).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}
