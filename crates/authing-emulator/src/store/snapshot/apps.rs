//! Serde record of an application in the data file (`applications`, version 2, optional).

use serde::{Deserialize, Serialize};

use crate::store::apps::{AppRecord, AuthMethod};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AppFile {
    id: String,
    #[serde(default)]
    name: String,
    secret: String,
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    logout_redirect_uris: Vec<String>,
    #[serde(default)]
    token_endpoint_auth_method: AuthMethod,
    #[serde(default)]
    created_at: String,
}

impl From<AppFile> for AppRecord {
    fn from(a: AppFile) -> Self {
        AppRecord {
            id: a.id,
            name: a.name,
            secret: a.secret,
            redirect_uris: a.redirect_uris,
            logout_redirect_uris: a.logout_redirect_uris,
            token_endpoint_auth_method: a.token_endpoint_auth_method,
            created_at: a.created_at,
        }
    }
}

impl From<&AppRecord> for AppFile {
    fn from(a: &AppRecord) -> Self {
        AppFile {
            id: a.id.clone(),
            name: a.name.clone(),
            secret: a.secret.clone(),
            redirect_uris: a.redirect_uris.clone(),
            logout_redirect_uris: a.logout_redirect_uris.clone(),
            token_endpoint_auth_method: a.token_endpoint_auth_method,
            created_at: a.created_at.clone(),
        }
    }
}
