//! REST user endpoints: `GET /api/v2/users/me`, `GET /api/v2/users/{id}`,
//! `POST /api/v2/users/batch`, `GET /api/v2/users/{id}/has-role`,
//! `POST /api/v2/users/kick`, `GET /api/v2/users/login-status`, `GET /logout?userId=`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{admin, bearer, check_pool, err, json_body, ok, string_list, truthy};
use crate::domain::tokens::{self, Caller};
use crate::domain::users::{UserKey, check_batch_size, find_by};
use crate::domain::{self, custom::UdvItem};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::custom::UdfTargetType;
use crate::store::users::{Identity, UserRecord, UserStatus};

/// An external identity in REST answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IdentityJson {
    openid: Option<String>,
    user_id_in_idp: Option<String>,
    user_id: Option<String>,
    ext_idp_id: Option<String>,
    is_social: Option<bool>,
    provider: Option<String>,
    user_pool_id: Option<String>,
    refresh_token: Option<String>,
    access_token: Option<String>,
    connection_id: Option<String>,
    r#type: Option<String>,
}

impl From<&Identity> for IdentityJson {
    fn from(i: &Identity) -> Self {
        IdentityJson {
            openid: i.openid.clone(),
            user_id_in_idp: i.user_id_in_idp.clone(),
            user_id: i.user_id.clone(),
            ext_idp_id: i.ext_idp_id.clone(),
            is_social: i.is_social,
            provider: i.provider.clone(),
            user_pool_id: i.user_pool_id.clone(),
            refresh_token: i.refresh_token.clone(),
            access_token: i.access_token.clone(),
            connection_id: i.connection_id.clone(),
            r#type: i.r#type.clone(),
        }
    }
}

/// A custom value in REST answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomDataJson {
    key: String,
    value: String,
    data_type: &'static str,
    label: Option<String>,
}

impl From<UdvItem> for CustomDataJson {
    fn from(d: UdvItem) -> Self {
        CustomDataJson {
            key: d.key,
            value: d.value,
            data_type: d.data_type.name(),
            label: d.label,
        }
    }
}

/// A user in REST answers: the public fields (same names as GraphQL), `password`
/// always null, and `customData` when asked for. Nothing else of the stored record.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserJson {
    id: String,
    arn: String,
    status: Option<UserStatus>,
    user_pool_id: String,
    username: Option<String>,
    email: Option<String>,
    email_verified: Option<bool>,
    phone: Option<String>,
    phone_verified: Option<bool>,
    unionid: Option<String>,
    openid: Option<String>,
    nickname: Option<String>,
    register_source: Option<Vec<String>>,
    photo: Option<String>,
    oauth: Option<String>,
    token: Option<String>,
    token_expired_at: Option<String>,
    logins_count: Option<i32>,
    last_login: Option<String>,
    #[serde(rename = "lastIP")]
    last_ip: Option<String>,
    signed_up: Option<String>,
    blocked: Option<bool>,
    is_deleted: Option<bool>,
    device: Option<String>,
    browser: Option<String>,
    company: Option<String>,
    name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    middle_name: Option<String>,
    profile: Option<String>,
    preferred_username: Option<String>,
    website: Option<String>,
    gender: Option<String>,
    birthdate: Option<String>,
    zoneinfo: Option<String>,
    locale: Option<String>,
    address: Option<String>,
    formatted: Option<String>,
    street_address: Option<String>,
    locality: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    province: Option<String>,
    country: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    external_id: Option<String>,
    phone_country_code: Option<String>,
    main_department_id: Option<String>,
    main_department_code: Option<String>,
    identities: Vec<IdentityJson>,
    password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_data: Option<Vec<CustomDataJson>>,
}

impl UserJson {
    /// This user with the token a login issued.
    pub(crate) fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    /// The REST form of a stored user (custom data read from `store` when asked for).
    /// Sets `token` (answers of a login).
    pub(crate) fn set_token(&mut self, token: Option<String>) {
        self.token = token;
    }

    pub(crate) fn new(store: &Store, u: &UserRecord, with_custom_data: bool) -> Self {
        let token: Option<&str> = None;
        UserJson {
            id: u.id.clone(),
            arn: u.arn.clone(),
            status: u.status,
            user_pool_id: u.user_pool_id.clone(),
            username: u.username.clone(),
            email: u.email.clone(),
            email_verified: u.email_verified,
            phone: u.phone.clone(),
            phone_verified: u.phone_verified,
            unionid: u.unionid.clone(),
            openid: u.openid.clone(),
            nickname: u.nickname.clone(),
            register_source: u.register_source.clone(),
            photo: u.photo.clone(),
            oauth: u.oauth.clone(),
            token: token.map(str::to_string),
            token_expired_at: u.token_expired_at.clone(),
            logins_count: u.logins_count,
            last_login: u.last_login.clone(),
            last_ip: u.last_ip.clone(),
            signed_up: u.signed_up.clone(),
            blocked: u.blocked,
            is_deleted: u.is_deleted,
            device: u.device.clone(),
            browser: u.browser.clone(),
            company: u.company.clone(),
            name: u.name.clone(),
            given_name: u.given_name.clone(),
            family_name: u.family_name.clone(),
            middle_name: u.middle_name.clone(),
            profile: u.profile.clone(),
            preferred_username: u.preferred_username.clone(),
            website: u.website.clone(),
            gender: u.gender.clone(),
            birthdate: u.birthdate.clone(),
            zoneinfo: u.zoneinfo.clone(),
            locale: u.locale.clone(),
            address: u.address.clone(),
            formatted: u.formatted.clone(),
            street_address: u.street_address.clone(),
            locality: u.locality.clone(),
            region: u.region.clone(),
            postal_code: u.postal_code.clone(),
            city: u.city.clone(),
            province: u.province.clone(),
            country: u.country.clone(),
            created_at: u.created_at.clone(),
            updated_at: u.updated_at.clone(),
            external_id: u.external_id.clone(),
            phone_country_code: u.phone_country_code.clone(),
            main_department_id: u.main_department_id.clone(),
            main_department_code: u.main_department_code.clone(),
            identities: u.identities_list.iter().map(Into::into).collect(),
            password: None,
            custom_data: with_custom_data.then(|| {
                domain::custom::values(store, UdfTargetType::User, &u.id)
                    .into_iter()
                    .map(Into::into)
                    .collect()
            }),
        }
    }
}

/// `GET /api/v2/users/me` with a user token: the user with `token` = the caller's
/// token; a missing or bad token → 2020.
pub(crate) async fn users_me(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let token = bearer(&headers).ok_or_else(AuthingError::not_logged_in)?;
        // any token problem (malformed, wrong signature, expired, revoked) → 2020
        let Ok((Caller::User(id), _)) = tokens::check(&shared, &token) else {
            return Err(AuthingError::not_logged_in());
        };
        let store = shared.store.read();
        let u = store
            .users()
            .get(&id)
            .ok_or_else(AuthingError::user_not_found)?;
        let mut json = UserJson::new(&store, u, truthy(&q, "with_custom_data"));
        json.token = Some(token);
        Ok(ok("获取成功", json))
    };
    run().unwrap_or_else(err)
}

/// `GET /logout?userId=` (management force logout): revokes every token of the user.
pub(crate) async fn force_logout(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let id = q
            .get("userId")
            .ok_or_else(|| AuthingError::new(2231, "userId required"))?;
        tokens::force_logout(&shared, id)?;
        Ok(ok("强制下线成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/users/kick` `{userIds}` (management); unknown ids are skipped.
pub(crate) async fn kick(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let ids = string_list(&v, "userIds").unwrap_or_default();
        tokens::kick(&shared, &ids);
        Ok(ok("强制下线成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/users/{id}` (management): data is the user or `null`.
pub(crate) async fn user_detail(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let store = shared.store.read();
        let u = store
            .users()
            .get(&id)
            .map(|u| UserJson::new(&store, u, truthy(&q, "with_custom_data")));
        Ok(ok("获取成功", u))
    };
    run().unwrap_or_else(err)
}

/// `data` of `GET /api/v2/users/login-status`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoginStatusJson {
    is_login: bool,
    user: UserJson,
    /// Per-application sessions: the emulator keeps none.
    application: Vec<Value>,
}

/// `GET /api/v2/users/login-status?userId=&appId=&deviceId=` (management): whether the
/// user's latest token is still unexpired (`tokenExpiredAt` in the future), unknown
/// user → 2004 (`用户不存在`), no `userId` → 2231.
pub(crate) async fn login_status(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let id = q
            .get("userId")
            .filter(|id| !id.is_empty())
            .ok_or_else(|| AuthingError::new(2231, "缺少参数 userId (userId required)"))?;
        let now = shared.clock.now_ms();
        let store = shared.store.read();
        let u = store
            .users()
            .get(id)
            .ok_or_else(AuthingError::user_not_found)?;
        let is_login = u
            .token_expired_at
            .as_deref()
            .and_then(crate::clock::parse_iso)
            .is_some_and(|exp| exp > now);
        Ok(ok(
            "获取成功",
            LoginStatusJson {
                is_login,
                user: UserJson::new(&store, u, false),
                application: Vec::new(),
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/users/{id}/has-role?code=&namespace=` (management).
pub(crate) async fn has_role(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let code = q
            .get("code")
            .ok_or_else(|| AuthingError::new(2231, "code required"))?;
        let ns = q.get("namespace").map(String::as_str).unwrap_or("default");
        let has = domain::roles::has_role(&shared.store.read(), &id, code, ns)?;
        Ok(ok("获取成功", Value::Bool(has)))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/users/batch` `{ids, type, withCustomData}` (management).
pub(crate) async fn users_batch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let ids = string_list(&v, "ids").ok_or_else(|| AuthingError::new(2231, "ids required"))?;
        check_batch_size(ids.len(), "查询")?;
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("id");
        let key = UserKey::parse(kind).unwrap_or(UserKey::Id);
        let with_cd = v
            .get("withCustomData")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let store = shared.store.read();
        let list: Vec<UserJson> = ids
            .iter()
            .filter_map(|i| find_by(&store, key, i))
            .map(|u| UserJson::new(&store, u, with_cd))
            .collect();
        Ok(ok("获取成功", list))
    };
    run().unwrap_or_else(err)
}
