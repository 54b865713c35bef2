//! `client.whitelist()`: the registration whitelists (usernames, emails, phones).
//! While a whitelist is enabled, only the listed values may register with that kind
//! of account; accounts created by the management API are not restricted.

use authing_core::__private::non_empty_list;
use authing_core::{Error, Operation, Result};
use serde::{Deserialize, Serialize};

use crate::client::ManagementClient;
use crate::models::UserPool;
use crate::userpool::{RegisterWhiteListConfigInput, UpdateUserpoolInput};

authing_core::string_enum! {
    /// `WhitelistType`: the kind of account a whitelist restricts.
    WhitelistType {
        /// Usernames (`registerByUsername`).
        Username = "USERNAME",
        /// Emails (`registerByEmail`; stored lower-cased).
        Email = "EMAIL",
        /// Phone numbers (`registerByPhoneCode`).
        Phone = "PHONE",
    }
}

authing_core::gql_named!(WhitelistType => "WhitelistType");

authing_core::variables! {
    /// Variables of `whitelist`.
    pub(crate) struct WhitelistVars<'a> {
        r#type: &'a WhitelistType,
    }
}

authing_core::variables! {
    /// Variables of `addWhitelist` and `removeWhitelist`.
    pub(crate) struct WhitelistListVars<'a> {
        r#type: &'a WhitelistType,
        list: Vec<String>,
    }
}

/// `query whitelist`.
pub const WHITELIST: Operation =
    Operation::query("whitelist", "whitelist", include_str!("whitelist.graphql"))
        .with_variables::<WhitelistVars<'static>>();
/// `mutation addWhitelist`.
pub const ADD_WHITELIST: Operation = Operation::mutation(
    "addWhitelist",
    "addWhitelist",
    include_str!("add_whitelist.graphql"),
)
.with_variables::<WhitelistListVars<'static>>();
/// `mutation removeWhitelist`.
pub const REMOVE_WHITELIST: Operation = Operation::mutation(
    "removeWhitelist",
    "removeWhitelist",
    include_str!("remove_whitelist.graphql"),
)
.with_variables::<WhitelistListVars<'static>>();

/// `WhiteList`: one whitelisted value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WhiteList {
    /// The username, email (lower-cased) or phone number.
    pub value: String,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// Registration whitelists: `client.whitelist()`.
#[derive(Debug, Clone, Copy)]
pub struct WhitelistClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Registration whitelists (Python SDK: `management.whiteList`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::WhitelistType;
    /// client.whitelist().add(WhitelistType::Email, ["alice@example.com"]).await?;
    /// client.whitelist().enable(WhitelistType::Email).await?;
    /// # Ok(()) }
    /// ```
    pub fn whitelist(&self) -> WhitelistClient<'_> {
        WhitelistClient { client: self }
    }
}

fn known(t: &WhitelistType) -> Result<()> {
    match t {
        WhitelistType::Unknown(v) => Err(Error::InvalidArgument(format!(
            "unsupported whitelist type {v:?} (USERNAME, EMAIL or PHONE)"
        ))),
        _ => Ok(()),
    }
}

fn switch(t: &WhitelistType, on: bool) -> Result<RegisterWhiteListConfigInput> {
    known(t)?;
    let mut w = RegisterWhiteListConfigInput::default();
    match t {
        WhitelistType::Username => w.username_enabled = Some(on),
        WhitelistType::Email => w.email_enabled = Some(on),
        _ => w.phone_enabled = Some(on),
    }
    Ok(w)
}

impl WhitelistClient<'_> {
    /// The values of one whitelist (`query whitelist`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::WhitelistType;
    /// for w in client.whitelist().list(WhitelistType::Phone).await? {
    ///     println!("{}", w.value);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, whitelist_type: WhitelistType) -> Result<Vec<WhiteList>> {
        known(&whitelist_type)?;
        let vars = WhitelistVars {
            r#type: &whitelist_type,
        };
        self.client.graphql(&WHITELIST, &vars).await
    }

    /// Adds values to a whitelist (`mutation addWhitelist`); emails are stored
    /// lower-cased. Returns the values added.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::WhitelistType;
    /// client.whitelist().add(WhitelistType::Username, ["alice", "bob"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add<I, S>(&self, whitelist_type: WhitelistType, list: I) -> Result<Vec<WhiteList>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change(&ADD_WHITELIST, whitelist_type, list).await
    }

    /// Removes values from a whitelist (`mutation removeWhitelist`). Returns the
    /// values removed.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::WhitelistType;
    /// client.whitelist().remove(WhitelistType::Username, ["bob"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove<I, S>(
        &self,
        whitelist_type: WhitelistType,
        list: I,
    ) -> Result<Vec<WhiteList>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.change(&REMOVE_WHITELIST, whitelist_type, list).await
    }

    async fn change<I, S>(
        &self,
        op: &Operation,
        whitelist_type: WhitelistType,
        list: I,
    ) -> Result<Vec<WhiteList>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        known(&whitelist_type)?;
        let list = non_empty_list("list", list)?;
        let vars = WhitelistListVars {
            r#type: &whitelist_type,
            list,
        };
        let items: Vec<Option<WhiteList>> = self.client.graphql(op, &vars).await?;
        Ok(items.into_iter().flatten().collect())
    }

    /// Turns a whitelist on (`mutation updateUserpool` with
    /// `{whitelist: {<type>Enabled: true}}`). Returns the pool after the change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::WhitelistType;
    /// let pool = client.whitelist().enable(WhitelistType::Email).await?;
    /// # let _ = pool; Ok(()) }
    /// ```
    pub async fn enable(&self, whitelist_type: WhitelistType) -> Result<UserPool> {
        self.set_enabled(&whitelist_type, true).await
    }

    /// Turns a whitelist off (`mutation updateUserpool`). Returns the pool after the
    /// change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::WhitelistType;
    /// client.whitelist().disable(WhitelistType::Email).await?;
    /// # Ok(()) }
    /// ```
    pub async fn disable(&self, whitelist_type: WhitelistType) -> Result<UserPool> {
        self.set_enabled(&whitelist_type, false).await
    }

    async fn set_enabled(&self, whitelist_type: &WhitelistType, on: bool) -> Result<UserPool> {
        let input = UpdateUserpoolInput {
            whitelist: Some(switch(whitelist_type, on)?),
            ..Default::default()
        };
        self.client.userpool().update(&input).await
    }
}
