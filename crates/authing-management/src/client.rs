//! `ManagementClient`, its builder, and the call path shared by every sub-client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use authing_core::__private::{Endpoint, Envelope, RestRequest, Transport, check_message};
use authing_core::models::{CommonMessage, Sensitive};
use authing_core::vars::Variables;
use authing_core::{ClientOptions, ClientOptionsBuilder, Error, Operation, Result, codes};
use serde::de::DeserializeOwned;

use crate::token::TokenProvider;

/// Default of [`ManagementClientBuilder::token_refresh_margin`]: the management token is
/// refreshed when it expires within one hour (as the official Python SDK does).
pub const DEFAULT_TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(3600);

/// The management client: acts as the user pool's administrator.
///
/// Create it once and share it: it is `Clone + Send + Sync`, and clones share one
/// connection pool, one management token and one cached `jwtSecret` (no need to wrap
/// it in an `Arc`). Methods are grouped by sub-client: [`users`](Self::users),
/// [`roles`](Self::roles), [`policies`](Self::policies), [`acl`](Self::acl),
/// [`groups`](Self::groups), [`org`](Self::org) and [`userpool`](Self::userpool).
///
/// The management token is obtained with the pool secret on first use, cached, and
/// refreshed ahead of its expiry (see [`ManagementClientBuilder::token_refresh_margin`]);
/// one request fetches it however many tasks need it at once. A call rejected because
/// the token is expired or invalid (codes 2206, 2207, 2020 or HTTP 401) gets a new
/// token and is sent once more.
///
/// `Debug` never shows the secret or a token.
///
/// ```no_run
/// # async fn run() -> authing::Result<()> {
/// use authing::management::ManagementClient;
/// let client = ManagementClient::builder()
///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
///     .secret("pool-secret")
///     .build()?;
/// let page = client.users().list(&authing::management::ListOptions::new(1, 10)).await?;
/// println!("{} users", page.total_count);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ManagementClient {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    tokens: TokenProvider,
    jwt_secret: tokio::sync::Mutex<Option<CachedSecret>>,
}

/// The pool's `jwtSecret`, and when it was last fetched again after a signature
/// failure.
struct CachedSecret {
    value: Arc<Sensitive>,
    refetched: Option<std::time::Instant>,
}

/// After a signature failure the secret is fetched again, but not more often than
/// this (a flood of forged tokens must not become a flood of `userpool` queries).
const SECRET_REFETCH_INTERVAL: Duration = Duration::from_secs(10);

impl fmt::Debug for ManagementClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManagementClient")
            .field("transport", &self.inner.transport)
            .field("tokens", &self.inner.tokens)
            .field("jwt_secret", &"[redacted]")
            .finish()
    }
}

/// Builder of [`ManagementClient`]. Needs a user pool id and a secret (or a fixed
/// management token); every other option has a default.
///
/// `Debug` never shows the secret or the token.
#[derive(Debug, Clone)]
pub struct ManagementClientBuilder {
    options: ClientOptionsBuilder,
    access_token: Option<Sensitive>,
    token_refresh_margin: Duration,
}

impl Default for ManagementClientBuilder {
    fn default() -> Self {
        Self {
            options: ClientOptionsBuilder::default(),
            access_token: None,
            token_refresh_margin: DEFAULT_TOKEN_REFRESH_MARGIN,
        }
    }
}

impl ManagementClientBuilder {
    authing_core::delegate_option_setters!(
        "authing::management::ManagementClient",
        "    .secret(\"pool-secret\")\n    .build()?;"
    );

    /// The user pool secret, used to obtain management tokens. Never printed.
    ///
    /// ```
    /// # fn main() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.options = self.options.secret(secret);
        self
    }

    /// A management token to use instead of fetching one. Without a
    /// [`secret`](Self::secret) it is used as long as the service accepts it and never
    /// refreshed; with a secret, it is replaced by a fetched token when it nears its
    /// expiry (read from the JWT when possible) or is rejected. Never printed.
    ///
    /// ```
    /// # fn main() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .access_token("eyJhbGciOi...")
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Sensitive::new(token));
        self
    }

    /// How long before its expiry the management token is refreshed (default one hour,
    /// [`DEFAULT_TOKEN_REFRESH_MARGIN`]). A token living less than twice the margin is
    /// refreshed at half its life.
    ///
    /// ```
    /// # fn main() -> authing::Result<()> {
    /// use std::time::Duration;
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .token_refresh_margin(Duration::from_secs(600))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_refresh_margin = margin;
        self
    }

    /// Validates the options and builds the client. Fails with [`Error::Config`] when
    /// the user pool id is missing, when neither a secret nor an access token is set,
    /// or when an option is invalid (see [`ClientOptionsBuilder::build`]).
    ///
    /// ```
    /// # fn main() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn build(self) -> Result<ManagementClient> {
        let options = self.options.build()?;
        if options.user_pool_id().is_none() {
            return Err(Error::Config(
                "the management client needs a user_pool_id".into(),
            ));
        }
        if let Some(t) = &self.access_token {
            if t.expose().trim().is_empty() {
                return Err(Error::Config("access_token must not be empty".into()));
            }
        }
        let can_refresh = options.secret().is_some();
        if !can_refresh && self.access_token.is_none() {
            return Err(Error::Config(
                "the management client needs a secret (or an access_token)".into(),
            ));
        }
        let transport = Transport::new(options, Endpoint::Host)?;
        Ok(ManagementClient {
            inner: Arc::new(Inner {
                transport,
                tokens: TokenProvider::new(
                    self.access_token,
                    can_refresh,
                    self.token_refresh_margin,
                ),
                jwt_secret: tokio::sync::Mutex::new(None),
            }),
        })
    }
}

/// `true` when the service rejected the management token itself.
fn token_rejected(e: &Error) -> bool {
    matches!(
        e.code(),
        Some(codes::TOKEN_EXPIRED | codes::TOKEN_INVALID | codes::NOT_LOGGED_IN)
    ) || e.http_status() == Some(401)
}

impl ManagementClient {
    /// Starts a builder.
    ///
    /// ```
    /// # fn main() -> authing::Result<()> {
    /// use std::time::Duration;
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .host("https://core.authing.cn")
    ///     .timeout(Duration::from_secs(5))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn builder() -> ManagementClientBuilder {
        ManagementClientBuilder::default()
    }

    /// A builder with the options read from the environment (`AUTHING_USERPOOL_ID`,
    /// `AUTHING_SECRET`, `AUTHING_HOST`, ...; see [`ClientOptions::from_env`]).
    ///
    /// ```no_run
    /// # fn main() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::from_env().build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn from_env() -> ManagementClientBuilder {
        ManagementClientBuilder::default().options(ClientOptions::from_env())
    }

    /// The options the client was built with.
    ///
    /// ```
    /// # fn main() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// assert_eq!(client.options().user_pool_id(), Some("60b4a1c2d3e4f5a6b7c8d9e0"));
    /// # Ok(()) }
    /// ```
    pub fn options(&self) -> &ClientOptions {
        self.inner.transport.options()
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// Sends `op` with its variables struct and the management token; refreshes the
    /// token and retries once when the service rejects it.
    pub(crate) async fn graphql<V: Variables, T: DeserializeOwned>(
        &self,
        op: &Operation,
        vars: &V,
    ) -> Result<T> {
        debug_assert!(
            op.takes::<V>(),
            "{} is not declared with {}",
            op.name,
            V::NAME
        );
        let inner = &*self.inner;
        let token = inner.tokens.get(&inner.transport).await?;
        match inner
            .transport
            .graphql(op, vars, Some(token.expose()))
            .await
        {
            Err(e) if token_rejected(&e) => {
                let Some(fresh) = inner.tokens.replace(&inner.transport, &token).await? else {
                    return Err(e);
                };
                tracing::debug!(
                    operation = op.name,
                    code = e.code(),
                    "management token rejected; retrying once with a new token"
                );
                inner
                    .transport
                    .graphql(op, vars, Some(fresh.expose()))
                    .await
            }
            other => other,
        }
    }

    /// Sends a REST request with the management token (`Authorization: Bearer`);
    /// refreshes the token and retries once when the service rejects it. A `code`
    /// other than 200 in the envelope is an `Error::Api`.
    pub(crate) async fn rest_envelope<T: DeserializeOwned>(
        &self,
        req: RestRequest,
    ) -> Result<Envelope<T>> {
        let inner = &*self.inner;
        let token = inner.tokens.get(&inner.transport).await?;
        match inner
            .transport
            .rest(req.clone(), Some(token.expose()))
            .await
        {
            Err(e) if token_rejected(&e) => {
                let Some(fresh) = inner.tokens.replace(&inner.transport, &token).await? else {
                    return Err(e);
                };
                tracing::debug!(
                    path = %req.path,
                    code = e.code(),
                    "management token rejected; retrying once with a new token"
                );
                inner.transport.rest(req, Some(fresh.expose())).await
            }
            other => other,
        }
    }

    /// Sends `op`, whose root field is a non-null `CommonMessage!`, and checks its
    /// business code (see [`CommonMessage`]).
    pub(crate) async fn message<V: Variables>(
        &self,
        op: &Operation,
        vars: &V,
    ) -> Result<CommonMessage> {
        let msg: CommonMessage = self.graphql(op, vars).await?;
        check_message(Some(msg))
    }

    /// Sends `op`, whose root field is a nullable `CommonMessage`, and checks its
    /// business code (`null` is a success; see [`CommonMessage`]).
    pub(crate) async fn nullable_message<V: Variables>(
        &self,
        op: &Operation,
        vars: &V,
    ) -> Result<CommonMessage> {
        let msg: Option<CommonMessage> = self.graphql(op, vars).await?;
        check_message(msg)
    }

    /// Sends a REST request to `{host}/api/v2/...` with the management token and returns
    /// the envelope's `data` (a `code` other than 200 is an [`Error::Api`]); refreshes the
    /// token and retries once when the service rejects it, like [`graphql`](Self::graphql).
    pub(crate) async fn rest<T: DeserializeOwned>(&self, req: RestRequest) -> Result<T> {
        Ok(self.rest_envelope::<T>(req).await?.data)
    }

    /// The user pool id, percent-safe for a path segment; a missing or unusable id is
    /// an [`Error::Config`].
    pub(crate) fn pool_id(&self) -> Result<&str> {
        self.options()
            .user_pool_id()
            .filter(|id| {
                !id.is_empty()
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
            .ok_or_else(|| {
                Error::Config("this call needs the user pool id (letters, digits, - or _)".into())
            })
    }

    /// The pool's `jwtSecret`: cached after the first fetch. `rejected`: the secret a
    /// signature just failed with; it is then fetched again (once for all the calls
    /// that saw it fail, and at most every 10 s), so a rotated secret is picked up. An
    /// empty secret is refused: every token signed with it would pass.
    pub(crate) async fn jwt_secret(
        &self,
        rejected: Option<&Arc<Sensitive>>,
    ) -> Result<Arc<Sensitive>> {
        let mut cache = self.inner.jwt_secret.lock().await;
        let mut refetch = false;
        if let Some(c) = cache.as_ref() {
            let failed_with_this = rejected.is_some_and(|r| Arc::ptr_eq(r, &c.value));
            let throttled = c
                .refetched
                .is_some_and(|at| at.elapsed() < SECRET_REFETCH_INTERVAL);
            if !failed_with_this || throttled {
                return Ok(c.value.clone());
            }
            refetch = true;
        }
        let secret = self.userpool().detail().await?.jwt_secret;
        if secret.expose().trim().is_empty() {
            *cache = None;
            return Err(Error::Config(
                "the user pool's jwtSecret is empty: tokens cannot be verified locally".into(),
            ));
        }
        let value = Arc::new(secret);
        *cache = Some(CachedSecret {
            value: value.clone(),
            refetched: refetch.then(std::time::Instant::now),
        });
        Ok(value)
    }
}

/// Paging options of every list method (`list`, `list_users`, `list_policies`,
/// `list_assignments`, and their `_stream` variants): one-based `page` (default 1),
/// `limit` items per page (default 10), and the permission group (`namespace`) where
/// the API has one (a namespace given to `users().list` is an
/// [`Error::InvalidArgument`]: users have none). Both `page` and `limit` are always
/// sent; a stream starts at `page` and fetches `limit` items per request.
///
/// ```
/// use authing::management::ListOptions;
/// let o = ListOptions::default();
/// assert_eq!((o.page, o.limit), (1, 10));
/// let o = ListOptions::new(2, 50).with_namespace("books");
/// assert_eq!(o.namespace.as_deref(), Some("books"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOptions {
    /// Page number, starting at 1.
    pub page: u32,
    /// Items per page.
    pub limit: u32,
    /// Permission group code; `None` for the service's default.
    pub namespace: Option<String>,
}

impl Default for ListOptions {
    fn default() -> Self {
        Self {
            page: 1,
            limit: 10,
            namespace: None,
        }
    }
}

impl ListOptions {
    /// Page `page` of `limit` items, default namespace.
    ///
    /// ```
    /// let o = authing::management::ListOptions::new(2, 20);
    /// assert_eq!((o.page, o.limit, o.namespace), (2, 20, None));
    /// ```
    pub fn new(page: u32, limit: u32) -> Self {
        Self {
            page,
            limit,
            namespace: None,
        }
    }

    /// The same options in namespace `namespace`.
    ///
    /// ```
    /// let o = authing::management::ListOptions::default().with_namespace("books");
    /// assert_eq!(o.namespace.as_deref(), Some("books"));
    /// ```
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    pub(crate) fn paging(&self) -> Result<(i32, i32)> {
        paging(self.page, self.limit)
    }

    /// The same options at page `page`.
    pub(crate) fn at(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }
}

authing_core::variables! {
    /// Variables of `roles` and `policies`.
    pub(crate) struct PageVars<'a> {
        namespace: Option<&'a str>,
        page: i32,
        limit: i32,
    }
}

authing_core::variables! {
    /// Variables of the operations addressing one role or policy by code (`role`,
    /// `deleteRole`, `policy`, `deletePolicy`).
    pub(crate) struct CodeVars<'a> {
        code: &'a str,
        namespace: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `deleteRoles` and `deletePolicies`.
    pub(crate) struct CodeListVars<'a> {
        codeList: &'a [String],
        namespace: Option<&'a str>,
    }
}

/// Validates paging: both at least 1 and within GraphQL's `Int`.
pub(crate) fn paging(page: u32, limit: u32) -> Result<(i32, i32)> {
    let conv = |name: &str, v: u32| {
        i32::try_from(v).ok().filter(|v| *v >= 1).ok_or_else(|| {
            Error::InvalidArgument(format!("{name} must be between 1 and {}", i32::MAX))
        })
    };
    Ok((conv("page", page)?, conv("limit", limit)?))
}

/// Percent-encodes `value` for one path segment: only RFC 3986 unreserved characters
/// are kept, so an id or code can neither add a segment nor a query.
pub(crate) fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
