//! `client.principal_authentication()`: principal (real-name) authentication of users
//! (`/api/v2/users/{id}/management/principal_authentication`).

use authing_core::__private::{RestRequest, non_blank};
use authing_core::Result;
use serde::Deserialize;
use serde_json::json;

use crate::client::{ManagementClient, path_segment};

/// Principal (real-name) authentication: `client.principal_authentication()`.
#[derive(Debug, Clone, Copy)]
pub struct PrincipalAuthenticationClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Principal (real-name) authentication of users.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let done = client.principal_authentication().detail("60b4a1c2d3e4f5a6b7c8d9e1").await?;
    /// println!("authenticated: {}", done.is_some());
    /// # Ok(()) }
    /// ```
    pub fn principal_authentication(&self) -> PrincipalAuthenticationClient<'_> {
        PrincipalAuthenticationClient { client: self }
    }
}

/// What is submitted to [`PrincipalAuthenticationClient::authenticate`].
///
/// `Debug` does not print the numbers.
///
/// ```
/// use authing::management::PrincipalInput;
/// let person = PrincipalInput::Person {
///     name: "张三".into(),
///     id_card: "11010519491231002X".into(),
///     bank_card: "4111111111111111".into(),
/// };
/// assert!(!format!("{person:?}").contains("1111"));
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrincipalInput {
    /// A person (`type: "P"`): name, resident ID number, bank card number.
    Person {
        /// Real name.
        name: String,
        /// 18-character resident ID number.
        id_card: String,
        /// Bank card number (sent as `ext`).
        bank_card: String,
    },
    /// An enterprise (`type: "E"`): name, unified social credit code, legal person.
    Enterprise {
        /// Enterprise name (sent as `name`).
        enterprise_name: String,
        /// Unified social credit code (sent as `idCard`).
        enterprise_code: String,
        /// Legal person's name (sent as `ext`).
        legal_person_name: String,
    },
}

impl std::fmt::Debug for PrincipalInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Person { .. } => f.write_str("PrincipalInput::Person { .. }"),
            Self::Enterprise {
                enterprise_name, ..
            } => f
                .debug_struct("PrincipalInput::Enterprise")
                .field("enterprise_name", enterprise_name)
                .finish_non_exhaustive(),
        }
    }
}

impl PrincipalInput {
    /// The JS SDK's body: `{type, name, idCard, ext}`.
    fn body(&self) -> Result<serde_json::Value> {
        let (kind, fields) = match self {
            Self::Person {
                name,
                id_card,
                bank_card,
            } => (
                "P",
                [
                    ("name", name),
                    ("id_card", id_card),
                    ("bank_card", bank_card),
                ],
            ),
            Self::Enterprise {
                enterprise_name,
                enterprise_code,
                legal_person_name,
            } => (
                "E",
                [
                    ("enterprise_name", enterprise_name),
                    ("enterprise_code", enterprise_code),
                    ("legal_person_name", legal_person_name),
                ],
            ),
        };
        for (n, v) in &fields {
            non_blank(n, v)?;
        }
        Ok(json!({
            "type": kind,
            "name": fields[0].1.trim(),
            "idCard": fields[1].1.trim(),
            "ext": fields[2].1.trim(),
        }))
    }
}

/// A user's principal authentication as the service answers it (numbers masked by
/// the service). Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PrincipalAuthentication {
    /// Record id.
    #[serde(default)]
    pub id: Option<String>,
    /// The user.
    #[serde(default)]
    pub user_id: Option<String>,
    /// `P` (person) or `E` (enterprise).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Person's or enterprise's name.
    #[serde(default)]
    pub name: Option<String>,
    /// ID number or credit code, masked.
    #[serde(default)]
    pub id_card: Option<String>,
    /// Bank card (masked) or legal person's name.
    #[serde(default)]
    pub ext: Option<String>,
    /// Whether the authentication was accepted.
    #[serde(default)]
    pub authenticated: Option<bool>,
    /// When (ISO-8601).
    #[serde(default)]
    pub created_at: Option<String>,
}

impl PrincipalAuthenticationClient<'_> {
    fn path(user_id: &str) -> String {
        format!(
            "/api/v2/users/{}/management/principal_authentication",
            path_segment(user_id)
        )
    }

    /// The user's principal authentication, `None` when there is none
    /// (`GET /api/v2/users/{id}/management/principal_authentication`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// if let Some(p) = client.principal_authentication().detail("60b4a1c2d3e4f5a6b7c8d9e1").await? {
    ///     println!("{:?} {:?}", p.kind, p.id_card);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn detail(&self, user_id: &str) -> Result<Option<PrincipalAuthentication>> {
        non_blank("user_id", user_id)?;
        self.client
            .rest(RestRequest::get(Self::path(user_id)))
            .await
    }

    /// Submits a principal authentication for a user (`POST` of the JS SDK's body
    /// `{type, name, idCard, ext}`, not the Python SDK's query parameters). Blank
    /// fields are an [`Error::InvalidArgument`](crate::Error::InvalidArgument) before
    /// any request; the service checks the numbers.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::PrincipalInput;
    /// let input = PrincipalInput::Person {
    ///     name: "张三".into(),
    ///     id_card: "11010519491231002X".into(),
    ///     bank_card: "4111111111111111".into(),
    /// };
    /// client.principal_authentication().authenticate("60b4a1c2d3e4f5a6b7c8d9e1", &input).await?;
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        user_id: &str,
        input: &PrincipalInput,
    ) -> Result<PrincipalAuthentication> {
        non_blank("user_id", user_id)?;
        let req = RestRequest::post(Self::path(user_id), input.body()?);
        let answer: Option<PrincipalAuthentication> = self.client.rest(req).await?;
        Ok(answer.unwrap_or_default())
    }
}
