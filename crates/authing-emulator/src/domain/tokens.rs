//! Tokens and sessions: issuing, verifying and revoking management and user tokens.

use crate::clock::iso_ms;
use crate::crypto::{Claims, TokenData, TokenProblem, random_hex};
use crate::error::AuthingError;
use crate::shared::{MANAGEMENT_TOKEN_TTL_SECS, Shared};
use crate::store::Store;
use crate::store::users::UserRecord;

/// `data.type` of user tokens.
const USER: &str = "user";
/// `data.type` of management tokens.
const MANAGEMENT: &str = "userpool";

/// Who is calling.
pub(crate) enum Caller {
    /// A valid management token.
    Admin,
    /// A valid user token of this user.
    User(String),
}

/// Who may see a user's record and user-owned data (profile, custom data, identities,
/// roles, ...): a management token any user, a user token only themself (1001
/// otherwise). The one place this rule lives: every resolver that returns users or
/// user-owned data asks it.
pub(crate) fn may_read_user(caller: &Caller, user_id: &str) -> Result<(), AuthingError> {
    match caller {
        Caller::Admin => Ok(()),
        Caller::User(me) if me == user_id => Ok(()),
        Caller::User(_) => Err(AuthingError::no_permission()),
    }
}

/// A freshly issued token.
pub(crate) struct Issued {
    pub token: String,
    /// Issued at (seconds).
    pub iat: i64,
    /// Expiry (seconds).
    pub exp: i64,
}

/// Validates a token (management or user) against the pool and the emulator clock:
/// bad → 2207, expired → 2206, revoked (logout, forced logout) → 2207.
///
/// Each kind has its own key: user tokens are signed with `jwtSecret` and must say
/// `type: "user"`, management tokens with the management key and `type: "userpool"`;
/// any other combination (a re-signed or promoted token) is invalid.
pub(crate) fn check(sh: &Shared, token: &str) -> Result<(Caller, Claims), AuthingError> {
    let now = sh.clock.now_secs();
    let expired_or_invalid = |p| match p {
        TokenProblem::Expired => AuthingError::token_expired(),
        TokenProblem::Invalid => AuthingError::token_invalid(),
    };
    let (claims, kind) = match sh.jwt.verify(token, now) {
        Ok(c) => (c, USER),
        Err(TokenProblem::Invalid) => (
            sh.management_jwt
                .verify(token, now)
                .map_err(expired_or_invalid)?,
            MANAGEMENT,
        ),
        Err(p) => return Err(expired_or_invalid(p)),
    };
    if claims.data.user_pool_id != sh.ids.user_pool_id || claims.data.kind != kind {
        return Err(AuthingError::token_invalid());
    }
    if kind == MANAGEMENT {
        return Ok((Caller::Admin, claims));
    }
    let store = sh.store.read();
    let user = store
        .users()
        .get(&claims.data.id)
        .ok_or_else(AuthingError::token_invalid)?;
    let sid = claims.session_id();
    let sessions = store.sessions();
    let in_epoch =
        user.token_epoch == claims.data.epoch || sessions.kept_epoch(sid) == Some(user.token_epoch);
    if !in_epoch || sessions.is_revoked(sid) || sessions.is_revoked(&claims.jti) {
        return Err(AuthingError::token_invalid());
    }
    Ok((Caller::User(claims.data.id.clone()), claims))
}

/// A management token for the pool id and secret (unknown pool or wrong secret fail).
pub(crate) fn management_token(
    sh: &Shared,
    user_pool_id: &str,
    secret: &str,
) -> Result<Issued, AuthingError> {
    if user_pool_id != sh.ids.user_pool_id {
        return Err(AuthingError::pool_not_found());
    }
    if !crate::crypto::secrets_equal(secret, &sh.ids.secret) {
        return Err(AuthingError::new(
            1001,
            "用户池密钥错误 (wrong user pool secret)",
        ));
    }
    let iat = sh.clock.now_secs();
    let exp = iat + MANAGEMENT_TOKEN_TTL_SECS;
    let claims = Claims {
        sub: sh.ids.owner_id.clone(),
        iat,
        exp,
        jti: random_hex(8),
        iss: None,
        data: TokenData {
            kind: MANAGEMENT.into(),
            id: sh.ids.user_pool_id.clone(),
            user_pool_id: sh.ids.user_pool_id.clone(),
            ..Default::default()
        },
    };
    Ok(Issued {
        token: sh.management_jwt.sign(&claims),
        iat,
        exp,
    })
}

/// Signs a user token; `sid` is the session it belongs to (`None`: a new session whose
/// id is the token's `jti`).
fn sign_user_token(sh: &Shared, user: &UserRecord, ttl_secs: i64, sid: Option<&str>) -> Issued {
    let iat = sh.clock.now_secs();
    let exp = iat + ttl_secs;
    let jti = random_hex(8);
    let sid = sid.map_or_else(|| jti.clone(), str::to_string);
    let claims = Claims {
        sub: user.id.clone(),
        iat,
        exp,
        jti,
        iss: Some(sh.base_url.read().clone()),
        data: TokenData {
            kind: USER.into(),
            id: user.id.clone(),
            user_id: Some(user.id.clone()),
            underscore_id: Some(user.id.clone()),
            user_pool_id: sh.ids.user_pool_id.clone(),
            app_id: None,
            arn: Some(user.arn.clone()),
            email: user.email.clone(),
            phone: user.phone.clone(),
            username: user.username.clone(),
            unionid: user.unionid.clone(),
            openid: user.openid.clone(),
            client_id: Some(sh.ids.user_pool_id.clone()),
            epoch: user.token_epoch,
            sid: Some(sid),
        },
    };
    Issued {
        token: sh.jwt.sign(&claims),
        iat,
        exp,
    }
}

/// Issues a user token of a new session (pool lifetime) and records its expiry on the
/// user; `also` changes more fields in the same step (login counters). Needs the store
/// write lock.
pub(crate) fn issue_user_token<'a>(
    sh: &Shared,
    store: &'a mut Store,
    user_id: &str,
    also: impl FnOnce(&mut UserRecord),
) -> Result<(&'a UserRecord, Issued), AuthingError> {
    issue_in_session(sh, store, user_id, None, also)
}

fn issue_in_session<'a>(
    sh: &Shared,
    store: &'a mut Store,
    user_id: &str,
    sid: Option<&str>,
    also: impl FnOnce(&mut UserRecord),
) -> Result<(&'a UserRecord, Issued), AuthingError> {
    let ttl = store.settings().token_expires_after as i64;
    let user = store
        .users()
        .get(user_id)
        .ok_or_else(AuthingError::user_not_found)?;
    let issued = sign_user_token(sh, user, ttl, sid);
    let expired_at = iso_ms(issued.exp.saturating_mul(1000));
    let user = store.users_mut().touch(user_id, |u| {
        u.token_expired_at = Some(expired_at);
        also(u);
    })?;
    Ok((user, issued))
}

/// A new token for a user (`refreshToken`). `session` is the caller's session when a
/// user refreshes their own token (the new token belongs to it and ends with it); a
/// management caller starts a new session. The old token stays valid.
pub(crate) fn refresh(
    sh: &Shared,
    user_id: &str,
    session: Option<&str>,
) -> Result<Issued, AuthingError> {
    let mut store = sh.store.write();
    issue_in_session(sh, &mut store, user_id, session, |_| {}).map(|(_, i)| i)
}

/// Revokes every token of a user (tokens carry the user's epoch; bumping it makes them
/// all invalid). The one place this rule lives.
pub(crate) fn revoke_user_tokens(store: &mut Store, user_id: &str) -> Result<(), AuthingError> {
    store
        .users_mut()
        .touch(user_id, |u| u.token_epoch = u.token_epoch.wrapping_add(1))
        .map(|_| ())
}

/// Revokes every token of a user except those of session `keep` (password change:
/// the caller's own session continues).
pub(crate) fn revoke_other_sessions(
    store: &mut Store,
    user_id: &str,
    keep: &str,
) -> Result<(), AuthingError> {
    let epoch = store
        .users_mut()
        .touch(user_id, |u| u.token_epoch = u.token_epoch.wrapping_add(1))?
        .token_epoch;
    store.sessions_mut().keep(keep.to_string(), epoch);
    Ok(())
}

/// A forced logout: every token of the user revoked, and a `tokenExpiredAt` still in
/// the future brought to now, so that `GET /api/v2/users/login-status` answers
/// `isLogin: false` (unknown user → 2004).
fn end_logins(store: &mut Store, user_id: &str, now_ms: i64) -> Result<(), AuthingError> {
    revoke_user_tokens(store, user_id)?;
    store
        .users_mut()
        .touch(user_id, |u| {
            let future = u
                .token_expired_at
                .as_deref()
                .and_then(crate::clock::parse_iso)
                .is_some_and(|exp| exp > now_ms);
            if future {
                u.token_expired_at = Some(iso_ms(now_ms));
            }
        })
        .map(|_| ())
}

/// Forced logout of one user: all their tokens (unknown user → 2004).
pub(crate) fn force_logout(sh: &Shared, user_id: &str) -> Result<(), AuthingError> {
    end_logins(&mut sh.store.write(), user_id, sh.clock.now_ms())
}

/// Forced logout of several users; unknown ids are skipped.
pub(crate) fn kick(sh: &Shared, user_ids: &[String]) {
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    for id in user_ids {
        let _ = end_logins(&mut store, id, now);
    }
}

/// Logs out the session of a user token (`GET /api/v2/logout`): the token and every
/// token refreshed from the same session, and the user's login sessions of the OIDC
/// provider (its hosted page asks again). Any token problem → 2020.
pub(crate) fn logout(sh: &Shared, token: &str) -> Result<(), AuthingError> {
    let (caller, claims) = check(sh, token).map_err(|_| AuthingError::not_logged_in())?;
    if !matches!(caller, Caller::User(_)) {
        return Err(AuthingError::not_logged_in());
    }
    let mut store = sh.store.write();
    store.sessions_mut().revoke(claims.session_id().to_string());
    // the OIDC provider's login sessions of the user end too
    store.oidc_mut().end_login_sessions(&claims.data.id);
    Ok(())
}

/// Status of a user token (`checkLoginStatus`); never fails.
pub(crate) struct TokenStatus {
    pub code: i32,
    pub message: String,
    /// `(user id, iat, exp)` when logged in.
    pub valid: Option<(String, i64, i64)>,
}

pub(crate) fn status(sh: &Shared, token: Option<&str>) -> TokenStatus {
    let problem = |e: AuthingError| TokenStatus {
        code: e.code,
        message: e.message,
        valid: None,
    };
    let Some(token) = token else {
        return problem(AuthingError::not_logged_in());
    };
    match check(sh, token) {
        Ok((Caller::User(id), claims)) => TokenStatus {
            code: 200,
            message: "已登录".into(),
            valid: Some((id, claims.iat, claims.exp)),
        },
        Ok((Caller::Admin, _)) => problem(AuthingError::token_invalid()),
        Err(e) => problem(e),
    }
}
