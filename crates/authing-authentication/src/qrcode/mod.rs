//! QR-code login (app scan, scene `APP_AUTH`): a browser shows a QR code, the user's
//! phone app scans it and confirms, the browser gets a ticket and exchanges it for the
//! user with a token.
//!
//! [`gene_code`](crate::AuthenticationClient::gene_code) creates the code,
//! [`check_status`](crate::AuthenticationClient::check_status) reads its
//! [`QrStatus`] once, [`poll_qrcode`](crate::AuthenticationClient::poll_qrcode)
//! polls it as a `Stream` of status changes that ends at success, cancel or expiry,
//! and [`exchange_user_info`](crate::AuthenticationClient::exchange_user_info) turns
//! the ticket into a session.
//!
//! ```no_run
//! # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
//! use std::time::Duration;
//! use authing::authentication::qrcode::{GeneCodeOptions, QrStatus};
//! use authing::futures_util::StreamExt as _;
//!
//! let code = auth.gene_code(&GeneCodeOptions::default()).await?;
//! println!("show a QR code of {}", code.url);
//! let mut statuses = std::pin::pin!(auth.poll_qrcode(&code.random, Duration::from_millis(800)));
//! while let Some(status) = statuses.next().await {
//!     match status? {
//!         QrStatus::Scanned { .. } => println!("scanned: confirm on the phone"),
//!         QrStatus::Authorized { ticket, .. } => {
//!             let user = auth.exchange_user_info(ticket.expose()).await?;
//!             println!("signed in as {}", user.id);
//!         }
//!         QrStatus::Cancelled | QrStatus::Expired => println!("start again"),
//!         _ => {}
//!     }
//! }
//! # Ok(()) }
//! ```

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use authing_core::__private::{RestRequest, clock, non_blank};
use authing_core::futures_util::Stream;
use authing_core::futures_util::stream;
use authing_core::models::{Sensitive, User};
use authing_core::{Error, Result};

use crate::AuthenticationClient;

/// The scene of the app-scan QR code.
const SCENE: &str = "APP_AUTH";

/// Options of [`AuthenticationClient::gene_code`].
///
/// ```
/// use authing::authentication::qrcode::GeneCodeOptions;
/// let mut opts = GeneCodeOptions::default();
/// opts.context = Some(authing::serde_json::json!({"source": "web"}));
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GeneCodeOptions {
    /// `context`: sent to the pool's pipeline.
    pub context: Option<Value>,
    /// `params`: custom data to store on the user.
    pub custom_data: Map<String, Value>,
    /// `extIdpConnId`: the identity source connection.
    pub ext_idp_conn_id: Option<String>,
    /// `withCustomData`: the ticket's user carries custom data.
    pub with_custom_data: bool,
}

/// A generated QR code ([`AuthenticationClient::gene_code`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QrCode {
    /// The code's id, for [`check_status`](AuthenticationClient::check_status).
    pub random: String,
    /// What to show as a QR code.
    #[serde(default)]
    pub url: String,
    /// The pool's logo for the QR code's centre.
    #[serde(default)]
    pub custom_logo: Option<String>,
}

/// What the browser learns about the user who scanned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct QrUserInfo {
    /// Nickname.
    #[serde(default)]
    pub nickname: Option<String>,
    /// Avatar URL.
    #[serde(default)]
    pub photo: Option<String>,
}

/// The status of a QR code (`status` of `check`: 0, 1, 2, 3, -1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QrStatus {
    /// 0: not scanned yet.
    NotScanned,
    /// 1: scanned, waiting for the user's confirmation on the phone.
    Scanned {
        /// The user who scanned, when the service says.
        user_info: Option<QrUserInfo>,
    },
    /// 2: confirmed: exchange the ticket with
    /// [`exchange_user_info`](AuthenticationClient::exchange_user_info).
    Authorized {
        /// The single-use ticket (never printed by `Debug`).
        ticket: Sensitive,
        /// The user who confirmed.
        user_info: Option<QrUserInfo>,
    },
    /// 3: the user cancelled.
    Cancelled,
    /// -1: expired.
    Expired,
    /// A status this SDK does not know.
    Other {
        /// The number the service sent.
        status: i64,
    },
}

impl QrStatus {
    /// The service's number: 0, 1, 2, 3, -1 (or the unknown one).
    ///
    /// ```
    /// use authing::authentication::qrcode::QrStatus;
    /// assert_eq!(QrStatus::Expired.code(), -1);
    /// ```
    pub fn code(&self) -> i64 {
        match self {
            QrStatus::NotScanned => 0,
            QrStatus::Scanned { .. } => 1,
            QrStatus::Authorized { .. } => 2,
            QrStatus::Cancelled => 3,
            QrStatus::Expired => -1,
            QrStatus::Other { status } => *status,
        }
    }

    /// Whether the code is done: authorized, cancelled or expired.
    ///
    /// ```
    /// use authing::authentication::qrcode::QrStatus;
    /// assert!(QrStatus::Cancelled.is_final());
    /// assert!(!QrStatus::NotScanned.is_final());
    /// ```
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            QrStatus::Authorized { .. } | QrStatus::Cancelled | QrStatus::Expired
        )
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckData {
    status: i64,
    #[serde(default)]
    ticket: Option<Sensitive>,
    #[serde(default)]
    user_info: Option<QrUserInfo>,
}

fn decode_err(reason: impl Into<String>) -> Error {
    Error::Decode {
        status: 200,
        reason: reason.into(),
        excerpt: String::new(),
    }
}

impl TryFrom<CheckData> for QrStatus {
    type Error = Error;

    fn try_from(d: CheckData) -> Result<Self> {
        Ok(match d.status {
            0 => QrStatus::NotScanned,
            1 => QrStatus::Scanned {
                user_info: d.user_info,
            },
            2 => QrStatus::Authorized {
                ticket: d
                    .ticket
                    .filter(|t| !t.expose().is_empty())
                    .ok_or_else(|| decode_err("status 2 (authorized) without a ticket"))?,
                user_info: d.user_info,
            },
            3 => QrStatus::Cancelled,
            -1 => QrStatus::Expired,
            status => QrStatus::Other { status },
        })
    }
}

impl AuthenticationClient {
    /// Creates an app-scan QR code: `POST {appHost}/api/v2/qrcode/gene` with
    /// `{autoMergeQrCode: false, scene: "APP_AUTH", context, params, extIdpConnId,
    /// withCustomData}` (unset options are left out).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::qrcode::GeneCodeOptions;
    /// let code = auth.gene_code(&GeneCodeOptions::default()).await?;
    /// println!("{} {}", code.random, code.url);
    /// # Ok(()) }
    /// ```
    pub async fn gene_code(&self, options: &GeneCodeOptions) -> Result<QrCode> {
        let body = json!({
            "autoMergeQrCode": false,
            "scene": SCENE,
            "context": options.context.clone().filter(|c| !c.is_null()),
            "params": (!options.custom_data.is_empty()).then(|| options.custom_data.clone()),
            "extIdpConnId": options.ext_idp_conn_id.as_deref().filter(|s| !s.trim().is_empty()),
            "withCustomData": options.with_custom_data.then_some(true),
        });
        let env = self
            .transport()
            .rest::<Option<QrCode>>(RestRequest::post("/api/v2/qrcode/gene", body), None)
            .await?;
        let code = env
            .data
            .ok_or_else(|| decode_err("qrcode/gene answered no data"))?;
        if code.random.is_empty() {
            return Err(decode_err("qrcode/gene answered no random"));
        }
        Ok(code)
    }

    /// Reads the status of a QR code once: `GET {appHost}/api/v2/qrcode/check?random=`.
    /// Status 2 carries the ticket (a status 2 without one is [`Error::Decode`]).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, random: &str) -> authing::authentication::Result<()> {
    /// use authing::authentication::qrcode::QrStatus;
    /// if let QrStatus::Authorized { ticket, .. } = auth.check_status(random).await? {
    ///     auth.exchange_user_info(ticket.expose()).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_status(&self, random: &str) -> Result<QrStatus> {
        non_blank("random", random)?;
        let req = RestRequest::get("/api/v2/qrcode/check").query("random", random);
        let env = self
            .transport()
            .rest::<Option<CheckData>>(req, None)
            .await?;
        env.data
            .ok_or_else(|| decode_err("qrcode/check answered no data"))?
            .try_into()
    }

    /// Exchanges the ticket of an authorized code for the user with a token:
    /// `POST {appHost}/api/v2/qrcode/userinfo` `{ticket}`. The client then holds the
    /// user and token, as after a login (the token hook is called); an answer
    /// without a token is [`Error::Decode`] and leaves the session as it was. A ticket
    /// works once.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, ticket: &str) -> authing::authentication::Result<()> {
    /// let user = auth.exchange_user_info(ticket).await?;
    /// assert!(auth.token().is_some());
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn exchange_user_info(&self, ticket: &str) -> Result<User> {
        non_blank("ticket", ticket)?;
        let env = self
            .transport()
            .rest::<Option<User>>(
                RestRequest::post("/api/v2/qrcode/userinfo", json!({ "ticket": ticket })),
                None,
            )
            .await?;
        let user = env
            .data
            .ok_or_else(|| decode_err("qrcode/userinfo answered no user"))?;
        if user.token.as_ref().is_none_or(|t| t.expose().is_empty()) {
            return Err(decode_err(
                "qrcode/userinfo returned a user without a token",
            ));
        }
        self.adopt_user(None, &user);
        Ok(user)
    }

    /// Polls a QR code every `interval` (the JS SDK uses 800 ms) and yields each
    /// status **change**, starting with the first status read. The stream ends after
    /// yielding [`QrStatus::Authorized`], [`QrStatus::Cancelled`] or
    /// [`QrStatus::Expired`], and after yielding an error (once). Dropping it stops the
    /// polling. Runtime-agnostic: it sleeps with the platform's timer (tokio natively,
    /// `setTimeout` in the browser). An `interval` of zero polls back to back.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, random: &str) -> authing::authentication::Result<()> {
    /// use std::time::Duration;
    /// use authing::futures_util::StreamExt as _;
    /// let statuses: Vec<_> = auth.poll_qrcode(random, Duration::from_millis(800)).collect().await;
    /// # let _ = statuses; Ok(()) }
    /// ```
    pub fn poll_qrcode<'a>(
        &'a self,
        random: &'a str,
        interval: Duration,
    ) -> impl Stream<Item = Result<QrStatus>> + 'a {
        struct State {
            last: Option<i64>,
            first: bool,
            done: bool,
        }
        let start = State {
            last: None,
            first: true,
            done: false,
        };
        stream::unfold(start, move |mut s| async move {
            loop {
                if s.done {
                    return None;
                }
                if !s.first {
                    clock::sleep(interval).await;
                }
                s.first = false;
                match self.check_status(random).await {
                    Err(e) => {
                        s.done = true;
                        return Some((Err(e), s));
                    }
                    Ok(status) => {
                        if s.last == Some(status.code()) {
                            continue;
                        }
                        s.last = Some(status.code());
                        s.done = status.is_final();
                        return Some((Ok(status), s));
                    }
                }
            }
        })
    }
}
