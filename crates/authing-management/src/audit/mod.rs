//! `client.audit_logs()` (`GET /api/v2/analysis/audit`) and the filter and entry
//! types of [`UsersClient::list_user_actions`](crate::UsersClient::list_user_actions)
//! (`GET /api/v2/analysis/user-action`).

use authing_core::__private::RestRequest;
use authing_core::models::Paginated;
use authing_core::{Error, Result};
use serde::{Deserialize, Deserializer};

use crate::client::{ManagementClient, paging};

/// The audit log of the pool's administrators: `client.audit_logs()`.
#[derive(Debug, Clone, Copy)]
pub struct AuditLogsClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// The audit log (what administrators did).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let page = client.audit_logs().list(&Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub fn audit_logs(&self) -> AuditLogsClient<'_> {
        AuditLogsClient { client: self }
    }
}

impl AuditLogsClient<'_> {
    /// Lists audit log entries, newest first (`GET /api/v2/analysis/audit` with
    /// `clientip`, `operation_name`, `operator_arn`, `app_id`, `page`, `limit`; a list
    /// filter sends one parameter per value).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::AuditLogFilter;
    /// let filter = AuditLogFilter {
    ///     operation_names: vec!["createUser".into()],
    ///     ..Default::default()
    /// };
    /// for entry in client.audit_logs().list(&filter).await?.list {
    ///     println!("{:?} at {:?}", entry.operation_name, entry.timestamp);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, filter: &AuditLogFilter) -> Result<Paginated<AuditLogEntry>> {
        let (page, limit) = paging(filter.page, filter.limit)?;
        let mut req = RestRequest::get("/api/v2/analysis/audit");
        req = common_query(
            req,
            filter.client_ip.as_deref(),
            &filter.operation_names,
            &filter.app_ids,
        )?;
        for id in &filter.user_ids {
            req = req.query(
                "operator_arn",
                format!("arn:cn:authing:user:{}", checked("user_ids", id)?),
            );
        }
        let req = req
            .query("page", page.to_string())
            .query("limit", limit.to_string());
        let answer: Option<Paginated<AuditLogEntry>> = self.client.rest(req).await?;
        Ok(answer.unwrap_or_else(Paginated::empty))
    }
}

fn checked<'s>(name: &str, v: &'s str) -> Result<&'s str> {
    let t = v.trim();
    if t.is_empty() {
        return Err(Error::InvalidArgument(format!(
            "{name} must not contain an empty value"
        )));
    }
    Ok(t)
}

fn common_query(
    mut req: RestRequest,
    client_ip: Option<&str>,
    operation_names: &[String],
    app_ids: &[String],
) -> Result<RestRequest> {
    if let Some(ip) = client_ip {
        req = req.query("clientip", checked("client_ip", ip)?);
    }
    for name in operation_names {
        req = req.query("operation_name", checked("operation_names", name)?);
    }
    for app in app_ids {
        req = req.query("app_id", checked("app_ids", app)?);
    }
    Ok(req)
}

/// Filters of [`AuditLogsClient::list`]; empty lists and `None` filter nothing.
/// `Default`: page 1, 10 entries.
///
/// ```
/// let f = authing::management::AuditLogFilter { client_ip: Some("10.0.0.1".into()), ..Default::default() };
/// assert_eq!((f.page, f.limit), (1, 10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLogFilter {
    /// Only entries from this client IP (`clientip`).
    pub client_ip: Option<String>,
    /// Only these operations (`operation_name`), e.g. `createUser`.
    pub operation_names: Vec<String>,
    /// Only these administrators (`operator_arn` = `arn:cn:authing:user:{id}`).
    pub user_ids: Vec<String>,
    /// Only these applications (`app_id`).
    pub app_ids: Vec<String>,
    /// Page, from 1.
    pub page: u32,
    /// Entries per page.
    pub limit: u32,
}

impl Default for AuditLogFilter {
    fn default() -> Self {
        Self {
            client_ip: None,
            operation_names: Vec::new(),
            user_ids: Vec::new(),
            app_ids: Vec::new(),
            page: 1,
            limit: 10,
        }
    }
}

/// Filters of [`UsersClient::list_user_actions`](crate::UsersClient::list_user_actions);
/// empty lists and `None` filter nothing. `Default`: page 1, 10 entries.
///
/// ```
/// let f = authing::management::UserActionFilter { user_ids: vec!["u1".into()], ..Default::default() };
/// assert_eq!((f.page, f.limit), (1, 10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserActionFilter {
    /// Only actions from this client IP (`clientip`).
    pub client_ip: Option<String>,
    /// Only these operations (`operation_name`), e.g. `loginByEmail`.
    pub operation_names: Vec<String>,
    /// Only these users (`operator_arn` = `arn:cn:authing:{userPoolId}:user:{id}`;
    /// needs the client's user pool id).
    pub user_ids: Vec<String>,
    /// Only these applications (`app_id`).
    pub app_ids: Vec<String>,
    /// Leave out actions outside any application (`exclude_non_app_records=1`).
    pub exclude_non_app_records: bool,
    /// Only actions at or after this time, epoch milliseconds (`start`).
    pub start: Option<i64>,
    /// Only actions at or before this time, epoch milliseconds (`end`).
    pub end: Option<i64>,
    /// Page, from 1.
    pub page: u32,
    /// Entries per page.
    pub limit: u32,
}

impl Default for UserActionFilter {
    fn default() -> Self {
        Self {
            client_ip: None,
            operation_names: Vec::new(),
            user_ids: Vec::new(),
            app_ids: Vec::new(),
            exclude_non_app_records: false,
            start: None,
            end: None,
            page: 1,
            limit: 10,
        }
    }
}

impl UserActionFilter {
    pub(crate) fn request(&self, client: &ManagementClient) -> Result<RestRequest> {
        let (page, limit) = paging(self.page, self.limit)?;
        let mut req = RestRequest::get("/api/v2/analysis/user-action");
        req = common_query(
            req,
            self.client_ip.as_deref(),
            &self.operation_names,
            &self.app_ids,
        )?;
        if !self.user_ids.is_empty() {
            let pool = client.pool_id()?;
            for id in &self.user_ids {
                req = req.query(
                    "operator_arn",
                    format!("arn:cn:authing:{pool}:user:{}", checked("user_ids", id)?),
                );
            }
        }
        if self.exclude_non_app_records {
            req = req.query("exclude_non_app_records", "1");
        }
        if let (Some(s), Some(e)) = (self.start, self.end) {
            if s > e {
                return Err(Error::InvalidArgument("start must not be after end".into()));
            }
        }
        if let Some(s) = self.start {
            req = req.query("start", s.to_string());
        }
        if let Some(e) = self.end {
            req = req.query("end", e.to_string());
        }
        Ok(req
            .query("page", page.to_string())
            .query("limit", limit.to_string()))
    }
}

/// Who an entry is about (`operator_detail` of an audit entry, `user` of a user
/// action).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct AuditActor {
    /// The administrator's or user's id.
    #[serde(default)]
    pub id: Option<String>,
    /// Their display name (username, email, phone, nickname).
    #[serde(default, rename = "displayName")]
    pub display_name: Option<String>,
}

/// Where a request came from (`geoip`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct GeoIp {
    /// Client IP.
    #[serde(default)]
    pub ip: Option<String>,
    /// City, when the service located it.
    #[serde(default)]
    pub city_name: Option<String>,
    /// Region, when the service located it.
    #[serde(default)]
    pub region_name: Option<String>,
}

/// An application named by a user action (`app`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct AuditApp {
    /// App id.
    #[serde(default)]
    pub id: Option<String>,
    /// App name.
    #[serde(default)]
    pub name: Option<String>,
}

/// One audit log entry. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct AuditLogEntry {
    /// Pool id (`userpool_id`).
    #[serde(default)]
    pub userpool_id: Option<String>,
    /// Kind of operator (`operator_type`).
    #[serde(default)]
    pub operator_type: Option<String>,
    /// Operator's ARN (`operator_arn`).
    #[serde(default)]
    pub operator_arn: Option<String>,
    /// The operator (`operator_detail`).
    #[serde(default)]
    pub operator_detail: Option<AuditActor>,
    /// The operation, e.g. a GraphQL root field (`operation_name`).
    #[serde(default)]
    pub operation_name: Option<String>,
    /// Client IP (`client_ip`).
    #[serde(default)]
    pub client_ip: Option<String>,
    /// Client location (`geoip`).
    #[serde(default)]
    pub geoip: Option<GeoIp>,
    /// Application (`app_id`).
    #[serde(default)]
    pub app_id: Option<String>,
    /// Kind of resource changed (`resource_type`).
    #[serde(default)]
    pub resource_type: Option<String>,
    /// Description of it (`resource_desc`).
    #[serde(default)]
    pub resource_desc: Option<String>,
    /// Its ARN (`resource_arn`).
    #[serde(default)]
    pub resource_arn: Option<String>,
    /// When (ISO-8601 text, or epoch milliseconds as text when sent as a number).
    #[serde(default, deserialize_with = "text")]
    pub timestamp: Option<String>,
}

impl AuditLogEntry {
    /// The client IP: `client_ip`, else `geoip.ip`.
    pub fn ip(&self) -> Option<&str> {
        self.client_ip
            .as_deref()
            .or_else(|| self.geoip.as_ref()?.ip.as_deref())
    }
}

/// One end-user action. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct UserAction {
    /// Pool id (`userpool_id`).
    #[serde(default)]
    pub userpool_id: Option<String>,
    /// The user's ARN (`operator_arn`).
    #[serde(default)]
    pub operator_arn: Option<String>,
    /// The user (`user`).
    #[serde(default)]
    pub user: Option<AuditActor>,
    /// The action, e.g. `loginByEmail` (`operation_name`).
    #[serde(default)]
    pub operation_name: Option<String>,
    /// Its description (`operation_desc`).
    #[serde(default)]
    pub operation_desc: Option<String>,
    /// Client IP (`client_ip`).
    #[serde(default)]
    pub client_ip: Option<String>,
    /// Client location (`geoip`).
    #[serde(default)]
    pub geoip: Option<GeoIp>,
    /// Application (`app_id`).
    #[serde(default)]
    pub app_id: Option<String>,
    /// Application details (`app`).
    #[serde(default)]
    pub app: Option<AuditApp>,
    /// When (ISO-8601 text, or epoch milliseconds as text when sent as a number).
    #[serde(default, deserialize_with = "text")]
    pub timestamp: Option<String>,
}

impl UserAction {
    /// The client IP: `client_ip`, else `geoip.ip`.
    pub fn ip(&self) -> Option<&str> {
        self.client_ip
            .as_deref()
            .or_else(|| self.geoip.as_ref()?.ip.as_deref())
    }
}

/// A string or a number, as text.
fn text<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}
