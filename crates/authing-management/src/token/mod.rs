//! The management token: fetched with `accessToken(userPoolId, secret)`, cached,
//! refreshed ahead of its expiry by one request however many tasks ask at once.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authing_core::__private::{Transport, jwt};
use authing_core::models::Sensitive;
use authing_core::{Error, Operation, Result, TransportErrorKind};
use serde::Deserialize;

authing_core::variables! {
    /// Variables of `accessToken`.
    pub(crate) struct AccessTokenVars<'a> {
        userPoolId: &'a str,
        secret: &'a str,
    }
}

/// `query accessToken`: sent without an `authorization` header.
pub const ACCESS_TOKEN: Operation = Operation::query(
    "accessToken",
    "accessToken",
    include_str!("access_token.graphql"),
)
.with_variables::<AccessTokenVars<'static>>();

/// A management token and when to refresh it.
pub(crate) struct CachedToken {
    value: Sensitive,
    /// Unix seconds after which the token is refreshed before use; `None` = never
    /// (the expiry is unknown: the token is replaced only when the service rejects it).
    refresh_at: Option<i64>,
    /// Unix seconds at which the token expires, when known.
    exp: Option<i64>,
}

impl CachedToken {
    fn new(value: Sensitive, iat: Option<i64>, exp: Option<i64>, margin: Duration) -> Self {
        let (iat, exp) = match exp {
            Some(exp) => (iat, Some(exp)),
            None => jwt_times(value.expose()),
        };
        // `iat` and `exp` come from the server: every operation on them is checked or
        // saturating, so absurd values (e.g. `iat = i64::MIN`) cannot overflow.
        let refresh_at = exp.map(|exp| {
            let margin = i64::try_from(margin.as_secs()).unwrap_or(i64::MAX);
            // A token living less than twice the margin is refreshed at half its life,
            // not on every call. A lifetime too long for an `i64` keeps the margin.
            let half_life = iat
                .filter(|iat| exp > *iat)
                .and_then(|iat| exp.checked_sub(iat))
                .map(|life| life / 2);
            let margin = half_life.map_or(margin, |half| margin.min(half));
            exp.saturating_sub(margin)
        });
        Self {
            value,
            refresh_at,
            exp,
        }
    }

    pub(crate) fn expose(&self) -> &str {
        self.value.expose()
    }

    fn is_fresh(&self, now: i64) -> bool {
        self.refresh_at.is_none_or(|at| now < at)
    }

    /// Past the refresh margin but not expired: still usable while a refresh fails.
    fn is_unexpired(&self, now: i64) -> bool {
        self.exp.is_some_and(|exp| now < exp)
    }
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("value", &"[redacted]")
            .field("refresh_at", &self.refresh_at)
            .finish()
    }
}

/// Reads `iat` and `exp` from a JWT payload without verifying it (the token is ours,
/// we only need its lifetime).
fn jwt_times(token: &str) -> (Option<i64>, Option<i64>) {
    (jwt::iat(token), jwt::exp(token))
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccessTokenRes {
    access_token: Option<Sensitive>,
    exp: Option<i64>,
    iat: Option<i64>,
}

/// Holds the management token. The hot path (a fresh cached token) takes only a
/// short `std` read lock; a refresh takes an async mutex so that one request is sent
/// however many tasks need a token at the same time.
///
/// Single flight holds on failure too: every finished fetch bumps `attempts`, and a
/// task that read `attempts` before waiting for the mutex and finds it changed was
/// queued behind that fetch, so it takes its outcome (the new token, or a copy of the
/// error) instead of fetching again. A call that starts after the fetch finished sees
/// the new count and tries again.
pub(crate) struct TokenProvider {
    can_refresh: bool,
    margin: Duration,
    cache: RwLock<Option<Arc<CachedToken>>>,
    refresh: tokio::sync::Mutex<LastAttempt>,
    /// Number of finished fetches; changed only while `refresh` is held.
    attempts: AtomicU64,
}

/// The outcome of the last finished fetch, guarded by the refresh mutex.
#[derive(Default)]
struct LastAttempt {
    /// The error it failed with (`None` after a success).
    failure: Option<Error>,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("can_refresh", &self.can_refresh)
            .field("margin", &self.margin)
            .field("cached", &self.current().map(|_| "[redacted]"))
            .finish()
    }
}

impl TokenProvider {
    /// `initial`: a token given by the user; `can_refresh`: a secret is configured.
    pub(crate) fn new(initial: Option<Sensitive>, can_refresh: bool, margin: Duration) -> Self {
        let initial = initial.map(|t| Arc::new(CachedToken::new(t, None, None, margin)));
        Self {
            can_refresh,
            margin,
            cache: RwLock::new(initial),
            refresh: tokio::sync::Mutex::new(LastAttempt::default()),
            attempts: AtomicU64::new(0),
        }
    }

    fn current(&self) -> Option<Arc<CachedToken>> {
        self.cache
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn fresh(&self) -> Option<Arc<CachedToken>> {
        self.current().filter(|t| t.is_fresh(now_secs()))
    }

    /// The cached token if it has not expired yet (even past the refresh margin).
    fn unexpired(&self, failure: &Error) -> Option<Arc<CachedToken>> {
        let t = self.current().filter(|t| t.is_unexpired(now_secs()))?;
        tracing::warn!(
            error = %failure,
            "authing management token refresh failed; using the cached token until it expires"
        );
        Some(t)
    }

    fn store(&self, token: Arc<CachedToken>) {
        *self
            .cache
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(token);
    }

    /// A token to use now: the cached one while it is fresh, else a new one.
    pub(crate) async fn get(&self, transport: &Transport) -> Result<Arc<CachedToken>> {
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        if !self.can_refresh {
            // A fixed token without a secret: the service decides whether it still works.
            return self.current().ok_or_else(|| {
                Error::Config("no management token and no secret to obtain one".into())
            });
        }
        let seen = self.attempts.load(Ordering::Acquire);
        let mut last = self.refresh.lock().await;
        if let Some(t) = self.fresh() {
            return Ok(t);
        }
        if self.attempts.load(Ordering::Acquire) != seen {
            // A fetch finished while this task waited: share its outcome.
            if let Some(e) = &last.failure {
                return self.unexpired(e).ok_or_else(|| replicate(e));
            }
            if let Some(t) = self.current() {
                return Ok(t);
            }
        }
        // Past the refresh margin a failed refresh is not fatal: the cached token is
        // served until it actually expires (the next call tries to refresh again).
        match self.fetch_and_record(transport, &mut last).await {
            Ok(t) => Ok(t),
            Err(e) => self.unexpired(&e).ok_or(e),
        }
    }

    /// Called when the service rejected `rejected`: returns a new token (fetched once
    /// for all the calls that saw the same rejection), or `None` when the token cannot
    /// be refreshed (no secret).
    pub(crate) async fn replace(
        &self,
        transport: &Transport,
        rejected: &Arc<CachedToken>,
    ) -> Result<Option<Arc<CachedToken>>> {
        if !self.can_refresh {
            return Ok(None);
        }
        let seen = self.attempts.load(Ordering::Acquire);
        let mut last = self.refresh.lock().await;
        if let Some(cur) = self.current() {
            if !Arc::ptr_eq(&cur, rejected) {
                return Ok(Some(cur));
            }
        }
        if self.attempts.load(Ordering::Acquire) != seen {
            if let Some(e) = &last.failure {
                return Err(replicate(e));
            }
        }
        self.fetch_and_record(transport, &mut last).await.map(Some)
    }

    /// Fetches a token with the refresh mutex held (`last` is its content), caches it
    /// on success, and records the outcome for the tasks queued behind. A fetch that is
    /// cancelled records nothing: the next task simply tries.
    async fn fetch_and_record(
        &self,
        transport: &Transport,
        last: &mut LastAttempt,
    ) -> Result<Arc<CachedToken>> {
        let res = self.fetch(transport).await;
        match &res {
            Ok(t) => {
                self.store(t.clone());
                last.failure = None;
            }
            Err(e) => last.failure = Some(replicate(e)),
        }
        self.attempts.fetch_add(1, Ordering::Release);
        res
    }

    async fn fetch(&self, transport: &Transport) -> Result<Arc<CachedToken>> {
        let options = transport.options();
        let (Some(pool), Some(secret)) = (options.user_pool_id(), options.secret()) else {
            return Err(Error::Config(
                "user_pool_id and secret are needed to obtain a management token".into(),
            ));
        };
        let vars = AccessTokenVars {
            userPoolId: pool,
            secret,
        };
        let res: AccessTokenRes = transport.graphql(&ACCESS_TOKEN, &vars, None).await?;
        let token = res
            .access_token
            .filter(|t| !t.expose().is_empty())
            .ok_or_else(|| Error::Decode {
                status: 200,
                reason: "accessToken answered without a token".into(),
                excerpt: String::new(),
            })?;
        let t = CachedToken::new(token, res.iat, res.exp, self.margin);
        tracing::debug!(
            refresh_at = t.refresh_at,
            "authing management token obtained"
        );
        Ok(Arc::new(t))
    }
}

/// An equivalent copy of `e` (`Error` is not `Clone`): same variant, code, message
/// and data. A transport error's source cannot be copied: its text is appended to the
/// message instead. A variant unknown to this crate becomes a transport error with the
/// same text.
fn replicate(e: &Error) -> Error {
    match e {
        Error::Api(api) => Error::Api(api.clone()),
        Error::Transport {
            kind,
            message,
            source,
        } => {
            let mut message = message.clone();
            let mut next = source.as_deref().map(|s| s as &dyn std::error::Error);
            while let Some(s) = next {
                message.push_str(": ");
                message.push_str(&s.to_string());
                next = s.source();
            }
            Error::Transport {
                kind: *kind,
                message,
                source: None,
            }
        }
        Error::Decode {
            status,
            reason,
            excerpt,
        } => Error::Decode {
            status: *status,
            reason: reason.clone(),
            excerpt: excerpt.clone(),
        },
        Error::Config(m) => Error::Config(m.clone()),
        Error::InvalidArgument(m) => Error::InvalidArgument(m.clone()),
        Error::Encryption(m) => Error::Encryption(m.clone()),
        Error::NotLoggedIn => Error::NotLoggedIn,
        Error::InvalidToken { reason } => Error::InvalidToken { reason: *reason },
        Error::OAuth {
            error,
            description,
            status,
        } => Error::OAuth {
            error: error.clone(),
            description: description.clone(),
            status: *status,
        },
        other => Error::Transport {
            kind: TransportErrorKind::Other,
            message: other.to_string(),
            source: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn refresh_time_uses_margin_or_half_life() {
        let h = Duration::from_secs(3600);
        let t = CachedToken::new(Sensitive::new("x"), Some(0), Some(100_000), h);
        assert_eq!(t.refresh_at, Some(100_000 - 3600));
        let t = CachedToken::new(Sensitive::new("x"), Some(0), Some(1800), h);
        assert_eq!(t.refresh_at, Some(900));
        let t = CachedToken::new(Sensitive::new("x"), None, None, h);
        assert_eq!(t.refresh_at, None);
        assert!(t.is_fresh(i64::MAX));
    }

    #[test]
    fn absurd_server_times_do_not_overflow() {
        let h = Duration::from_secs(3600);
        let t = CachedToken::new(Sensitive::new("x"), Some(i64::MIN), Some(i64::MAX), h);
        assert_eq!(t.refresh_at, Some(i64::MAX - 3600));
        let t = CachedToken::new(Sensitive::new("x"), Some(i64::MAX), Some(i64::MIN), h);
        assert_eq!(
            t.refresh_at,
            Some(i64::MIN),
            "exp before iat: margin, saturated"
        );
        let t = CachedToken::new(Sensitive::new("x"), Some(-10), Some(i64::MIN + 5), h);
        assert_eq!(t.refresh_at, Some(i64::MIN));
        let t = CachedToken::new(Sensitive::new("x"), None, Some(i64::MIN), Duration::MAX);
        assert_eq!(t.refresh_at, Some(i64::MIN));
        let t = CachedToken::new(Sensitive::new("x"), Some(0), Some(i64::MAX), Duration::MAX);
        assert_eq!(t.refresh_at, Some(i64::MAX - i64::MAX / 2));
        let payload = URL_SAFE_NO_PAD
            .encode(format!(r#"{{"iat":{},"exp":{}}}"#, i64::MIN, i64::MAX).as_bytes());
        let jwt = format!("eyJhbGciOiJIUzI1NiJ9.{payload}.sig");
        let t = CachedToken::new(Sensitive::new(jwt), None, None, h);
        assert_eq!(t.refresh_at, Some(i64::MAX - 3600));
    }

    #[test]
    fn replicated_errors_keep_code_and_message() {
        let e = replicate(&Error::api(2224, "用户池不存在", 200));
        assert_eq!(e.code(), Some(2224));
        assert_eq!(e.to_string(), "Authing error 2224: 用户池不存在");
        let e = replicate(&Error::Transport {
            kind: TransportErrorKind::Timeout,
            message: "timed out".into(),
            source: Some("operation timed out".into()),
        });
        assert!(matches!(
            e,
            Error::Transport { kind: TransportErrorKind::Timeout, ref message, .. }
                if message == "timed out: operation timed out"
        ));
    }

    #[test]
    fn unexpired_past_the_margin() {
        let h = Duration::from_secs(3600);
        let t = CachedToken::new(Sensitive::new("x"), Some(0), Some(10_000), h);
        assert!(!t.is_fresh(9_000));
        assert!(t.is_unexpired(9_999));
        assert!(!t.is_unexpired(10_000));
        let unknown = CachedToken::new(Sensitive::new("x"), None, None, h);
        assert!(!unknown.is_unexpired(0));
    }

    #[test]
    fn reads_lifetime_from_jwt() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"iat":10,"exp":7210}"#);
        let jwt = format!("eyJhbGciOiJIUzI1NiJ9.{payload}.sig");
        let t = CachedToken::new(Sensitive::new(jwt), None, None, Duration::from_secs(3600));
        assert_eq!(t.refresh_at, Some(3610));
        assert!(!format!("{t:?}").contains("eyJ"));
    }
}
