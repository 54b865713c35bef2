//! Data-file records of the archived (deleted) users and the principal
//! authentication results. Both are optional members of version 2 (older files have
//! none); archived users carry no password hash or identities (see `store::archive`).

use serde::{Deserialize, Serialize};

use super::records::UserFile;
use crate::store::Store;
use crate::store::archive::Archive;
use crate::store::principal::{PrincipalKind, PrincipalRecord, Principals};

/// `principals` of the data file.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PrincipalFile {
    id: String,
    user_id: String,
    /// `P` or `E`.
    #[serde(rename = "type")]
    kind: String,
    name: String,
    id_card: String,
    ext: String,
    authenticated_at: String,
}

/// The archived users of a store, oldest first.
pub(super) fn archived_files(store: &Store) -> Vec<UserFile> {
    let mut v: Vec<UserFile> = store.archive().iter_newest().map(Into::into).collect();
    v.reverse();
    v
}

pub(super) fn archive_from(files: Vec<UserFile>) -> Archive {
    let mut a = Archive::default();
    for f in files {
        a.push(f.into());
    }
    a
}

pub(super) fn principal_files(store: &Store) -> Vec<PrincipalFile> {
    store
        .principals()
        .iter()
        .map(|r| PrincipalFile {
            id: r.id.clone(),
            user_id: r.user_id.clone(),
            kind: r.kind.wire().to_string(),
            name: r.name.clone(),
            id_card: r.id_card.clone(),
            ext: r.ext.clone(),
            authenticated_at: r.authenticated_at.clone(),
        })
        .collect()
}

pub(super) fn principals_from(files: Vec<PrincipalFile>) -> Principals {
    let mut p = Principals::default();
    for f in files {
        let kind = match f.kind.as_str() {
            "E" => PrincipalKind::Enterprise,
            _ => PrincipalKind::Person,
        };
        p.set(PrincipalRecord {
            id: f.id,
            user_id: f.user_id,
            kind,
            name: f.name,
            id_card: f.id_card,
            ext: f.ext,
            authenticated_at: f.authenticated_at,
        });
    }
    p
}
