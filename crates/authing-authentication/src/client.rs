//! The client, its builder and the session it holds.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use authing_core::__private::{Endpoint, Transport, jwt, required};
use authing_core::models::{Sensitive, User};
use authing_core::vars::Variables;
use authing_core::{ClientOptionsBuilder, Error, Operation, Result};

/// The callback given to [`AuthenticationClientBuilder::on_token_change`].
pub type TokenCallback = Arc<dyn Fn(Option<&str>) + Send + Sync>;

/// Builder of [`AuthenticationClient`]: every option of
/// [`ClientOptionsBuilder`] plus a saved user token and a token hook.
///
/// ```
/// # fn main() -> authing::authentication::Result<()> {
/// use authing::authentication::AuthenticationClient;
/// let auth = AuthenticationClient::builder()
///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
///     .app_host("https://my-app.authing.cn")
///     .build()?;
/// # let _ = auth; Ok(()) }
/// ```
#[derive(Default)]
pub struct AuthenticationClientBuilder {
    options: ClientOptionsBuilder,
    access_token: Option<Sensitive>,
    on_token_change: Option<TokenCallback>,
    pub(crate) oidc: crate::oidc::OidcOptions,
}

impl fmt::Debug for AuthenticationClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthenticationClientBuilder")
            .field("options", &self.options)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[redacted]"),
            )
            .field("on_token_change", &self.on_token_change.is_some())
            .field("oidc", &self.oidc)
            .finish()
    }
}

impl AuthenticationClientBuilder {
    authing_core::delegate_option_setters!(
        "authing::authentication::AuthenticationClient",
        "    .build()?;"
    );

    /// Starts the session with a user token saved earlier (e.g. by the
    /// [`on_token_change`](Self::on_token_change) hook), so that methods needing a
    /// logged-in user work without a new login. The token hook is not called for it.
    ///
    /// Surrounding whitespace is removed and a blank token means no token;
    /// [`build`](Self::build) fails with [`Error::Config`] when the token has
    /// whitespace or control characters inside.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// # let saved_token = String::new();
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .access_token(saved_token)
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Sensitive::new(token));
        self
    }

    /// Calls `callback` whenever the client's token changes: with `Some(token)` after a
    /// login, a register that returned a token, [`refresh_token`](
    /// AuthenticationClient::refresh_token) or [`set_token`](AuthenticationClient::set_token),
    /// and with `None` after [`logout`](AuthenticationClient::logout) or
    /// [`clear_session`](AuthenticationClient::clear_session). Use it to persist the
    /// token.
    ///
    /// The callback runs after the change, outside every lock of the client, one call
    /// at a time and in the order of the changes; it never receives a value older than
    /// one it already received. When the token changes again while a call is running,
    /// the latest token is delivered once that call returns (intermediate values may
    /// be skipped), possibly on the task that was running the callback. The callback
    /// may read the client and may change its token (e.g. call
    /// [`clear_session`](AuthenticationClient::clear_session)); keep it short, as
    /// the task that runs it waits for it.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .on_token_change(|token| match token {
    ///         Some(_t) => { /* save it, e.g. in the OS keychain */ }
    ///         None => { /* forget it */ }
    ///     })
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn on_token_change<F>(mut self, callback: F) -> Self
    where
        F: Fn(Option<&str>) + Send + Sync + 'static,
    {
        self.on_token_change = Some(Arc::new(callback));
        self
    }

    /// Validates the options and builds the client. Fails with [`Error::Config`] for
    /// invalid options, when neither a user pool id nor an app id is set, or when the
    /// [`access_token`](Self::access_token) has whitespace or control characters
    /// inside.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn build(self) -> Result<AuthenticationClient> {
        let options = self.options.build()?;
        if options.user_pool_id().is_none() && options.app_id().is_none() {
            return Err(Error::Config(
                "the authentication client needs a user_pool_id or an app_id".into(),
            ));
        }
        let token = match &self.access_token {
            Some(t) => clean_token(t.expose())
                .map_err(|reason| Error::Config(format!("access_token: {reason}")))?,
            None => None,
        };
        let transport = Transport::new(options, Endpoint::AppHost)?;
        let mut session = Session::default();
        session.set_token(token);
        Ok(AuthenticationClient {
            inner: Arc::new(Inner {
                transport,
                session: RwLock::new(session),
                notifier: Notifier::default(),
                on_token_change: self.on_token_change,
                oidc: crate::oidc::OidcState::new(self.oidc),
            }),
        })
    }
}

/// A user token as given by the caller: surrounding whitespace removed, `None` when
/// blank, an error (without the token in it) when whitespace or control characters
/// remain inside.
fn clean_token(raw: &str) -> std::result::Result<Option<Sensitive>, String> {
    let token = raw.trim();
    if token.is_empty() {
        return Ok(None);
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the token must not contain whitespace or control characters".into());
    }
    Ok(Some(Sensitive::new(token)))
}

#[derive(Default)]
pub(crate) struct Session {
    token: Option<Sensitive>,
    exp: Option<i64>,
    user: Option<User>,
    /// Bumped on every token change; orders the token hook's notifications.
    token_generation: u64,
    /// Bumped when a session starts or ends (login, register with a token,
    /// `set_token`, `clear_session`, logout) but not when the token is refreshed, so
    /// that a call made with an earlier token of the same session can recognise it.
    epoch: u64,
}

impl Session {
    fn set_token(&mut self, token: Option<Sensitive>) {
        self.exp = token.as_ref().and_then(|t| jwt::exp(t.expose()));
        self.token = token;
    }

    /// Starts a new session with `token` (and `user`).
    fn start(&mut self, token: Option<Sensitive>, user: Option<User>) {
        self.set_token(token);
        self.user = user;
        self.epoch += 1;
    }

    /// Forgets the token and the user (a new, empty session).
    fn clear(&mut self) {
        self.start(None, None);
    }
}

/// Delivers token changes to the hook one at a time, in order, without holding a
/// lock while the hook runs.
#[derive(Default)]
struct Notifier {
    state: Mutex<NotifyState>,
}

#[derive(Default)]
struct NotifyState {
    /// The newest token generation queued (or delivered).
    queued: u64,
    /// The token of generation `queued`, when not delivered yet.
    pending: Option<Option<Sensitive>>,
    /// A task is running the hook and will deliver `pending` after it.
    delivering: bool,
}

impl Notifier {
    fn lock(&self) -> MutexGuard<'_, NotifyState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `token`, the token of `generation`, and delivers it unless a newer one
    /// is already queued. When another task is running the hook, that task delivers
    /// it; otherwise this task does, then whatever was queued meanwhile.
    fn notify(&self, generation: u64, token: Option<Sensitive>, hook: &TokenCallback) {
        let mut state = self.lock();
        if generation <= state.queued {
            return;
        }
        state.queued = generation;
        state.pending = Some(token);
        if state.delivering {
            return;
        }
        state.delivering = true;
        let _reset = ResetOnPanic(self);
        while let Some(token) = state.pending.take() {
            drop(state);
            hook(token.as_ref().map(Sensitive::expose));
            state = self.lock();
        }
        state.delivering = false;
    }
}

/// Lets a later change deliver again when the hook panicked.
struct ResetOnPanic<'a>(&'a Notifier);

impl Drop for ResetOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().delivering = false;
        }
    }
}

struct Inner {
    transport: Transport,
    session: RwLock<Session>,
    notifier: Notifier,
    on_token_change: Option<TokenCallback>,
    oidc: crate::oidc::OidcState,
}

/// The Authing authentication client: one end user's session.
///
/// It registers and logs in the user, then holds the user and their token and sends
/// the token (`authorization: Bearer`) on the calls that act as that user. Methods
/// that need a logged-in user fail with [`Error::NotLoggedIn`] before sending anything
/// when no token is held.
///
/// The client is `Send + Sync` and cheap to clone; clones share one session, so it can
/// be used from several tasks. Use one client per end user (on a server: per request
/// or per user session), never one client for several users.
///
/// ```no_run
/// # async fn demo() -> authing::authentication::Result<()> {
/// use authing::authentication::{AuthenticationClient, LoginOptions, UpdateProfile};
/// let auth = AuthenticationClient::builder().user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0").build()?;
/// let user = auth.login_by_username("alice", "s3cret", &LoginOptions::default()).await?;
/// auth.update_profile(&UpdateProfile { nickname: Some("Nick".into()), ..Default::default() }).await?;
/// # let _ = user; Ok(()) }
/// ```
#[derive(Clone)]
pub struct AuthenticationClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for AuthenticationClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.read();
        f.debug_struct("AuthenticationClient")
            .field("base_url", &self.inner.transport.base_url())
            .field("logged_in", &s.token.is_some())
            .field("user_id", &s.user.as_ref().map(|u| u.id.as_str()))
            .finish_non_exhaustive()
    }
}

impl AuthenticationClient {
    /// Starts a builder.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn builder() -> AuthenticationClientBuilder {
        AuthenticationClientBuilder::default()
    }

    /// A builder with the options read from the environment (`AUTHING_USERPOOL_ID`,
    /// `AUTHING_HOST`, `AUTHING_APP_ID`, `AUTHING_APP_HOST`, `AUTHING_PUBLIC_KEY`; see
    /// [`ClientOptions::from_env`](authing_core::ClientOptions::from_env)). In the
    /// browser there is no environment: every option keeps its default.
    ///
    /// ```no_run
    /// # fn main() -> authing::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::from_env().build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn from_env() -> AuthenticationClientBuilder {
        AuthenticationClientBuilder::default().options(authing_core::ClientOptions::from_env())
    }

    /// The options the client was built with.
    ///
    /// ```no_run
    /// # fn demo(auth: authing::authentication::AuthenticationClient) {
    /// println!("talking to {}", auth.options().app_base());
    /// # }
    /// ```
    pub fn options(&self) -> &authing_core::ClientOptions {
        self.inner.transport.options()
    }

    /// The token held, if any (local, no request). Persist it to restore the session
    /// later with [`AuthenticationClientBuilder::access_token`] or
    /// [`set_token`](Self::set_token).
    ///
    /// ```no_run
    /// # fn demo(auth: authing::authentication::AuthenticationClient) {
    /// if let Some(token) = auth.token() {
    ///     let _header = format!("Bearer {}", token.expose());
    /// }
    /// # }
    /// ```
    pub fn token(&self) -> Option<Sensitive> {
        self.read().token.clone()
    }

    /// When the held token expires, from the `exp` claim of the token (a JWT; its
    /// signature is not checked here), or from the `exp` the service sent with
    /// [`refresh_token`](Self::refresh_token). `None` without a token or an expiry.
    ///
    /// ```no_run
    /// # fn demo(auth: authing::authentication::AuthenticationClient) {
    /// if let Some(at) = auth.token_expires_at() {
    ///     println!("token valid until {at:?}");
    /// }
    /// # }
    /// ```
    pub fn token_expires_at(&self) -> Option<SystemTime> {
        let exp = self.read().exp?;
        u64::try_from(exp)
            .ok()
            .and_then(|secs| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)))
    }

    /// Replaces the session with `token` (e.g. one saved earlier). The user held before
    /// is forgotten; call [`get_current_user`](Self::get_current_user) to load the
    /// token's user. Surrounding whitespace is removed; a blank string clears the
    /// session. Setting the token already held changes nothing. Calls the token hook
    /// when the token changes.
    ///
    /// Fails with [`Error::InvalidArgument`], leaving the session unchanged, when the
    /// token has whitespace or control characters inside.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// # let saved = String::new();
    /// auth.set_token(saved)?;
    /// let me = auth.get_current_user().await?;
    /// # let _ = me; Ok(()) }
    /// ```
    pub fn set_token(&self, token: impl AsRef<str>) -> Result<()> {
        let token = clean_token(token.as_ref()).map_err(Error::InvalidArgument)?;
        self.change(|s| {
            if s.token != token {
                s.start(token, None);
            }
        });
        Ok(())
    }

    /// Forgets the token and the user locally, without a request (see
    /// [`logout`](Self::logout) to also end the session on the server).
    ///
    /// ```no_run
    /// # fn demo(auth: authing::authentication::AuthenticationClient) {
    /// auth.clear_session();
    /// assert!(auth.token().is_none());
    /// # }
    /// ```
    pub fn clear_session(&self) {
        self.change(Session::clear);
    }

    /// The user held by the session (local, no request): the user returned by the last
    /// login, or by the last call that returned the current user.
    ///
    /// ```no_run
    /// # fn demo(auth: authing::authentication::AuthenticationClient) {
    /// if let Some(user) = auth.current_user() {
    ///     println!("logged in as {}", user.id);
    /// }
    /// # }
    /// ```
    pub fn current_user(&self) -> Option<User> {
        self.read().user.clone()
    }

    // ---- internals shared by the method modules ----

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    pub(crate) fn oidc_state(&self) -> &crate::oidc::OidcState {
        &self.inner.oidc
    }

    fn read(&self) -> RwLockReadGuard<'_, Session> {
        self.inner
            .session
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Session> {
        self.inner
            .session
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies `f` to the session; if the token changed, calls the token hook after
    /// the session lock is released (see [`Notifier::notify`]).
    fn change(&self, f: impl FnOnce(&mut Session)) {
        let changed = {
            let mut s = self.write();
            let before = s.token.clone();
            f(&mut s);
            (s.token != before).then(|| {
                s.token_generation += 1;
                (s.token_generation, s.token.clone())
            })
        };
        if let (Some((generation, token)), Some(hook)) = (changed, &self.inner.on_token_change) {
            self.inner.notifier.notify(generation, token, hook);
        }
    }

    /// The held token, or [`Error::NotLoggedIn`].
    pub(crate) fn require_token(&self) -> Result<Sensitive> {
        self.read().token.clone().ok_or(Error::NotLoggedIn)
    }

    /// The held token and the session's epoch, or [`Error::NotLoggedIn`].
    pub(crate) fn require_session(&self) -> Result<(Sensitive, u64)> {
        let s = self.read();
        let token = s.token.clone().ok_or(Error::NotLoggedIn)?;
        Ok((token, s.epoch))
    }

    /// Takes in a user returned by the service.
    ///
    /// - `used` is the token the request carried (`None` for register/login).
    ///   If the session no longer holds it (another task logged in or out meanwhile),
    ///   nothing changes.
    /// - A user with a token answering a request without one (register, login) starts
    ///   a new session (user and token).
    /// - A user answering a request made with the held token replaces the held user
    ///   (and the token, if the answer carries another one, in the same session).
    /// - A register without a token leaves the session as it was.
    pub(crate) fn adopt_user(&self, used: Option<&Sensitive>, user: &User) {
        let new_token = user.token.clone().filter(|t| !t.expose().is_empty());
        match used {
            None => {
                if let Some(t) = new_token {
                    self.change(|s| s.start(Some(t), Some(user.clone())));
                }
            }
            Some(used) => self.change(|s| {
                if s.token.as_ref() != Some(used) {
                    return;
                }
                if let Some(t) = new_token {
                    if s.token.as_ref() != Some(&t) {
                        s.set_token(Some(t));
                    }
                }
                s.user = Some(user.clone());
            }),
        }
    }

    /// Installs a refreshed token (if the session still holds `used`).
    pub(crate) fn adopt_token(&self, used: &Sensitive, token: Sensitive, exp: Option<i64>) {
        self.change(|s| {
            if s.token.as_ref() != Some(used) {
                return;
            }
            if let Some(u) = s.user.as_mut() {
                u.token = Some(token.clone());
            }
            s.set_token(Some(token));
            if s.exp.is_none() {
                s.exp = exp;
            }
        });
    }

    /// Clears the session if it is still the one of `epoch` (the token may have been
    /// refreshed meanwhile).
    pub(crate) fn end_session(&self, epoch: u64) {
        self.change(|s| {
            if s.epoch == epoch {
                s.clear();
            }
        });
    }

    /// The id of the session's user: the held user's, else the token's `data.id` /
    /// `sub` claim, else fetched with [`get_current_user`](Self::get_current_user).
    pub(crate) async fn current_user_id(&self, token: &Sensitive) -> Result<String> {
        let held = {
            let s = self.read();
            s.user
                .as_ref()
                .filter(|_| s.token.as_ref() == Some(token))
                .map(|u| u.id.clone())
        };
        if let Some(id) = held.filter(|id| !id.is_empty()) {
            return Ok(id);
        }
        if let Some(id) = jwt::user_id(token.expose()) {
            return Ok(id);
        }
        Ok(self.get_current_user().await?.id)
    }

    /// Sends `op` with its variables struct and decodes its root field.
    pub(crate) async fn graphql<V: Variables, T: DeserializeOwned>(
        &self,
        op: &Operation,
        variables: &V,
        token: Option<&Sensitive>,
    ) -> Result<T> {
        debug_assert!(
            op.takes::<V>(),
            "{} is not declared with {}",
            op.name,
            V::NAME
        );
        self.inner
            .transport
            .graphql(op, variables, token.map(Sensitive::expose))
            .await
    }

    /// Sends `op`, whose root field is a `User` (null = a decode error), and takes the
    /// user into the session (see [`adopt_user`](Self::adopt_user)).
    pub(crate) async fn graphql_user<V: Variables>(
        &self,
        op: &Operation,
        variables: &V,
        token: Option<&Sensitive>,
    ) -> Result<User> {
        let user: Option<User> = self.graphql(op, variables, token).await?;
        let user = required(op, user)?;
        self.adopt_user(token, &user);
        Ok(user)
    }

    /// Encrypts a password with the configured public key.
    pub(crate) async fn encrypt(&self, password: &str) -> Result<String> {
        self.inner.transport.encrypt_password(password).await
    }

    /// Checks that `password` is not blank, then encrypts it.
    pub(crate) async fn encrypt_required(&self, password: &str) -> Result<String> {
        authing_core::__private::non_blank("password", password)?;
        self.encrypt(password).await
    }
}

/// `params`: the JSON text of `[{"key": ..., "value": ...}]`, or `None` when empty.
pub(crate) fn params_text(custom_data: &Map<String, Value>) -> Option<String> {
    if custom_data.is_empty() {
        return None;
    }
    let list: Vec<Value> = custom_data
        .iter()
        .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
        .collect();
    Some(Value::Array(list).to_string())
}

/// `context`: the JSON text of the context value.
pub(crate) fn context_text(context: Option<&Value>) -> Option<String> {
    context.filter(|c| !c.is_null()).map(Value::to_string)
}
