//! Inputs and outputs of `client.applications()`.

use authing_core::models::Sensitive;
use authing_core::string_enum;
use serde::{Deserialize, Serialize};

use crate::acl::types::{int_or_string, null_as_empty};
use crate::models::{PolicyAssignmentTargetType, PolicyEffect};

string_enum! {
    /// Who may sign in to an application when no access policy names them
    /// (`permissionStrategy.defaultStrategy`).
    DefaultStrategy {
        /// Everyone may (the service's default).
        AllowAll = "ALLOW_ALL",
        /// Nobody may, unless an access policy allows them.
        DenyAll = "DENY_ALL",
    }
}

/// `permissionStrategy` of an application.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionStrategy {
    /// Whether access control is on.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The default strategy.
    #[serde(default)]
    pub default_strategy: Option<DefaultStrategy>,
}

/// An application of the pool (an OIDC / OAuth client). `secret` is redacted in
/// `Debug`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Application {
    /// Application id (the OIDC `client_id`).
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Identifier (unique in the pool; Authing uses it as the app's subdomain).
    #[serde(default)]
    pub identifier: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Logo URL.
    #[serde(default)]
    pub logo: Option<String>,
    /// Client secret.
    #[serde(default)]
    pub secret: Option<Sensitive>,
    /// Allowed login redirect URIs.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub redirect_uris: Vec<String>,
    /// Allowed post-logout redirect URIs.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub logout_redirect_uris: Vec<String>,
    /// User pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Access control strategy.
    #[serde(default)]
    pub permission_strategy: Option<PermissionStrategy>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A new application (`applications().create`).
///
/// ```
/// use authing::management::CreateApplicationInput;
/// let input = CreateApplicationInput::new("Books", "books", ["https://books.example.com/callback"])
///     .with_logo("https://books.example.com/logo.png");
/// assert_eq!(input.redirect_uris.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateApplicationInput {
    /// Display name.
    pub name: String,
    /// Identifier, unique in the pool.
    pub identifier: String,
    /// Allowed login redirect URIs.
    pub redirect_uris: Vec<String>,
    /// Logo URL.
    pub logo: Option<String>,
}

impl CreateApplicationInput {
    /// An application named `name` with `identifier` and its redirect URIs.
    pub fn new(
        name: impl Into<String>,
        identifier: impl Into<String>,
        redirect_uris: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            name: name.into(),
            identifier: identifier.into(),
            redirect_uris: redirect_uris.into_iter().map(Into::into).collect(),
            logo: None,
        }
    }

    /// The same input with a logo URL.
    pub fn with_logo(mut self, logo: impl Into<String>) -> Self {
        self.logo = Some(logo.into());
        self
    }
}

/// The targets of an access policy call (`allow_access_application`,
/// `deny_access_application`, `enable/disable/delete_application_access_policies`):
/// one target type (USER id, ROLE code, GROUP code, ORG node id) and its identifiers.
///
/// ```
/// use authing::management::{AccessPolicyTargets, PolicyAssignmentTargetType};
/// let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::Group, ["readers"])
///     .inherit_by_children(true);
/// assert_eq!(t.target_identifiers, vec!["readers".to_string()]);
/// assert_eq!(t.namespace, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccessPolicyTargets {
    /// USER, ROLE, GROUP or ORG.
    pub target_type: PolicyAssignmentTargetType,
    /// The targets' identifiers (user ids, role codes, group codes, node ids).
    pub target_identifiers: Vec<String>,
    /// The permission group of ROLE targets; `None` sends the application id.
    pub namespace: Option<String>,
    /// Whether ORG targets cover their child nodes.
    pub inherit_by_children: bool,
}

impl AccessPolicyTargets {
    /// Targets of one type.
    pub fn new(
        target_type: PolicyAssignmentTargetType,
        identifiers: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            target_type,
            target_identifiers: identifiers.into_iter().map(Into::into).collect(),
            namespace: None,
            inherit_by_children: false,
        }
    }

    /// The same targets in permission group `namespace`.
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// The same targets with `inheritByChildren`.
    pub fn inherit_by_children(mut self, inherit: bool) -> Self {
        self.inherit_by_children = inherit;
        self
    }
}

/// An access policy record of an application.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccessPolicy {
    /// Record id.
    #[serde(default)]
    pub id: Option<String>,
    /// Application id.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Target type.
    pub target_type: PolicyAssignmentTargetType,
    /// Target identifier.
    pub target_identifier: String,
    /// ALLOW or DENY.
    #[serde(default)]
    pub effect: Option<PolicyEffect>,
    /// Whether the record counts.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Permission group of a ROLE target.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Whether an ORG target covers its child nodes.
    #[serde(default)]
    pub inherit_by_children: Option<bool>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// An agreement an application shows at sign-in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Agreement {
    /// Agreement id (a number; a numeric string is read too).
    #[serde(deserialize_with = "int_or_string")]
    pub id: i64,
    /// Application id.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Title (may hold HTML links).
    pub title: String,
    /// Whether the user must accept it.
    #[serde(default)]
    pub required: Option<bool>,
    /// Language (`zh-CN`, `en-US`).
    #[serde(default)]
    pub lang: Option<String>,
    /// Position in the display order.
    #[serde(default)]
    pub order: Option<i64>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A new agreement: `required` defaults to `true` and `lang` to `zh-CN`, as in the
/// Python SDK.
///
/// ```
/// use authing::management::CreateAgreementInput;
/// let a = CreateAgreementInput::new("Terms").with_required(false).with_lang("en-US");
/// assert_eq!((a.required, a.lang.as_str()), (false, "en-US"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CreateAgreementInput {
    /// Title.
    pub title: String,
    /// Whether the user must accept it.
    pub required: bool,
    /// Language.
    pub lang: String,
}

impl CreateAgreementInput {
    /// A required `zh-CN` agreement titled `title`.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            required: true,
            lang: "zh-CN".into(),
        }
    }

    /// The same agreement, required or not.
    pub fn with_required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    /// The same agreement in language `lang`.
    pub fn with_lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = lang.into();
        self
    }
}

optional_input! {
    /// Changes to an agreement (`modify_agreement`); `None` fields are not sent.
    ///
    /// ```
    /// let m = authing::management::ModifyAgreementInput { title: Some("Terms v2".into()), ..Default::default() };
    /// assert_eq!(m.required, None);
    /// ```
    ModifyAgreementInput {
        /// New title.
        title: String,
        /// Whether the user must accept it.
        required: bool,
        /// Language.
        lang: String,
    }
}

/// A programmatic access account: client credentials of an application (`id` is the
/// `client_id`, `secret` the `client_secret` of the `client_credentials` grant).
/// `secret` is redacted in `Debug`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProgrammaticAccessAccount {
    /// Account id.
    pub id: String,
    /// Application id.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Secret.
    #[serde(default)]
    pub secret: Option<Sensitive>,
    /// Lifetime of its access tokens, in seconds.
    #[serde(default)]
    pub token_lifetime: Option<i64>,
    /// Whether it may obtain tokens.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Remarks.
    #[serde(default)]
    pub remarks: Option<String>,
    /// The user it acts for, if any.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
}
