//! `client.policies()`: policies and their assignments.

use authing_core::__private::{non_blank, non_empty_list, paginate};
use authing_core::models::{CommonMessage, Paginated};
use authing_core::{Operation, Result};
use futures_util::Stream;

use crate::client::{CodeListVars, CodeVars, ListOptions, ManagementClient, PageVars};
use crate::models::{Policy, PolicyAssignment, PolicyAssignmentTargetType, PolicyStatement};

/// The `PolicyFields` fragment: every `Policy` field the client reads.
pub(crate) const POLICY_FIELDS: &[&str] = &[include_str!("policy_fields.graphql")];

/// `query policies`.
pub const POLICIES: Operation =
    Operation::query("policies", "policies", include_str!("policies.graphql"))
        .with_fragments(POLICY_FIELDS)
        .with_variables::<PageVars<'static>>();
/// `mutation createPolicy`.
pub const CREATE_POLICY: Operation = Operation::mutation(
    "createPolicy",
    "createPolicy",
    include_str!("create_policy.graphql"),
)
.with_fragments(POLICY_FIELDS)
.with_variables::<CreatePolicyVars<'static>>();
/// `query policy`.
pub const POLICY: Operation = Operation::query("policy", "policy", include_str!("policy.graphql"))
    .with_fragments(POLICY_FIELDS)
    .with_variables::<CodeVars<'static>>();
/// `mutation updatePolicy`.
pub const UPDATE_POLICY: Operation = Operation::mutation(
    "updatePolicy",
    "updatePolicy",
    include_str!("update_policy.graphql"),
)
.with_fragments(POLICY_FIELDS)
.with_variables::<UpdatePolicyVars<'static>>();
/// `mutation deletePolicy`.
pub const DELETE_POLICY: Operation = Operation::mutation(
    "deletePolicy",
    "deletePolicy",
    include_str!("delete_policy.graphql"),
)
.with_variables::<CodeVars<'static>>();
/// `mutation deletePolicies`.
pub const DELETE_POLICIES: Operation = Operation::mutation(
    "deletePolicies",
    "deletePolicies",
    include_str!("delete_policies.graphql"),
)
.with_variables::<CodeListVars<'static>>();
/// `query policyAssignments`.
pub const POLICY_ASSIGNMENTS: Operation = Operation::query(
    "policyAssignments",
    "policyAssignments",
    include_str!("policy_assignments.graphql"),
)
.with_variables::<PolicyAssignmentsVars<'static>>();
/// `mutation addPolicyAssignments`.
pub const ADD_POLICY_ASSIGNMENTS: Operation = Operation::mutation(
    "addPolicyAssignments",
    "addPolicyAssignments",
    include_str!("add_policy_assignments.graphql"),
)
.with_variables::<AddPolicyAssignmentsVars<'static>>();
/// `mutation removePolicyAssignments`.
pub const REMOVE_POLICY_ASSIGNMENTS: Operation = Operation::mutation(
    "removePolicyAssignments",
    "removePolicyAssignments",
    include_str!("remove_policy_assignments.graphql"),
)
.with_variables::<RemovePolicyAssignmentsVars<'static>>();
/// `mutation enablePolicyAssignment`.
pub const ENABLE_POLICY_ASSIGNMENT: Operation = Operation::mutation(
    "enablePolicyAssignment",
    "enablePolicyAssignment",
    include_str!("enable_policy_assignment.graphql"),
)
.with_variables::<PolicyAssignmentVars<'static>>();
/// `mutation disbalePolicyAssignment` (the API's own spelling).
pub const DISABLE_POLICY_ASSIGNMENT: Operation = Operation::mutation(
    "disbalePolicyAssignment",
    "disbalePolicyAssignment",
    include_str!("disbale_policy_assignment.graphql"),
)
.with_variables::<PolicyAssignmentVars<'static>>();

authing_core::variables! {
    /// Variables of `createPolicy`.
    pub(crate) struct CreatePolicyVars<'a> {
        namespace: Option<&'a str>,
        code: &'a str,
        description: Option<&'a str>,
        statements: &'a [PolicyStatement],
    }
}

authing_core::variables! {
    /// Variables of `updatePolicy`.
    pub(crate) struct UpdatePolicyVars<'a> {
        namespace: Option<&'a str>,
        code: &'a str,
        description: Option<&'a str>,
        statements: Option<&'a [PolicyStatement]>,
        newCode: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `policyAssignments`.
    pub(crate) struct PolicyAssignmentsVars<'a> {
        namespace: Option<&'a str>,
        code: Option<&'a str>,
        targetType: Option<PolicyAssignmentTargetType>,
        targetIdentifier: Option<&'a str>,
        page: i32,
        limit: i32,
    }
}

authing_core::variables! {
    /// Variables of `addPolicyAssignments`.
    pub(crate) struct AddPolicyAssignmentsVars<'a> {
        policies: &'a [String],
        targetType: PolicyAssignmentTargetType,
        targetIdentifiers: &'a [String],
        inheritByChildren: Option<bool>,
        namespace: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `removePolicyAssignments`.
    pub(crate) struct RemovePolicyAssignmentsVars<'a> {
        policies: &'a [String],
        targetType: PolicyAssignmentTargetType,
        targetIdentifiers: &'a [String],
        namespace: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `enablePolicyAssignment` and `disbalePolicyAssignment`.
    pub(crate) struct PolicyAssignmentVars<'a> {
        policy: &'a str,
        targetType: PolicyAssignmentTargetType,
        targetIdentifier: &'a str,
        namespace: Option<&'a str>,
    }
}

/// Options of [`PoliciesClient::create`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreatePolicyOptions {
    /// Description.
    pub description: Option<String>,
    /// Permission group code; `None` for the default one.
    pub namespace: Option<String>,
}

/// Changes made by [`PoliciesClient::update`]; `None` fields are left unchanged.
///
/// ```
/// use authing::management::{PolicyStatement, UpdatePolicyInput};
/// let input = UpdatePolicyInput {
///     statements: Some(vec![PolicyStatement::allow("books:*", ["books:read"])]),
///     ..Default::default()
/// };
/// # let _ = input;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdatePolicyInput {
    /// New statements (replace the old ones).
    pub statements: Option<Vec<PolicyStatement>>,
    /// New description.
    pub description: Option<String>,
    /// New code (renames the policy).
    pub new_code: Option<String>,
    /// Permission group of the policy; `None` for the default one.
    pub namespace: Option<String>,
}

/// Options of [`PoliciesClient::add_assignments`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentOptions {
    /// For `ORG` targets: child nodes inherit the assignment.
    pub inherit_by_children: Option<bool>,
    /// Permission group code; `None` for the default one.
    pub namespace: Option<String>,
}

/// Policies of the pool: `client.policies()`.
#[derive(Debug, Clone, Copy)]
pub struct PoliciesClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Policies of the pool.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let policies = client.policies().list(&Default::default()).await?;
    /// # let _ = policies; Ok(()) }
    /// ```
    pub fn policies(&self) -> PoliciesClient<'_> {
        PoliciesClient { client: self }
    }
}

impl<'a> PoliciesClient<'a> {
    /// Lists policies (`query policies`; the service hides built-in ones). Default
    /// paging: page 1, 10 items.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ListOptions;
    /// let page = client.policies().list(&ListOptions::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list(&self, options: &ListOptions) -> Result<Paginated<Policy>> {
        let (page, limit) = options.paging()?;
        let vars = PageVars {
            namespace: options.namespace.as_deref(),
            page,
            limit,
        };
        self.client.graphql(&POLICIES, &vars).await
    }

    /// Every policy, page after page from `options.page` (see [`list`](Self::list)).
    /// Pages are fetched lazily; stop early by dropping the stream.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.policies().list_stream(&Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_stream(&self, options: &ListOptions) -> impl Stream<Item = Result<Policy>> + 'a {
        let (policies, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { policies.list(&options).await }
        })
    }

    /// Creates a policy (`mutation createPolicy`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{CreatePolicyOptions, PolicyStatement};
    /// let policy = client
    ///     .policies()
    ///     .create(
    ///         "book-readers",
    ///         &[PolicyStatement::allow("books:*", ["books:read"])],
    ///         &CreatePolicyOptions::default(),
    ///     )
    ///     .await?;
    /// # let _ = policy; Ok(()) }
    /// ```
    pub async fn create(
        &self,
        code: &str,
        statements: &[PolicyStatement],
        options: &CreatePolicyOptions,
    ) -> Result<Policy> {
        non_blank("code", code)?;
        let vars = CreatePolicyVars {
            namespace: options.namespace.as_deref(),
            code,
            description: options.description.as_deref(),
            statements,
        };
        self.client.graphql(&CREATE_POLICY, &vars).await
    }

    /// A policy's details (`query policy`); `None` when there is no such policy.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let policy = client.policies().detail("book-readers", None).await?;
    /// # let _ = policy; Ok(()) }
    /// ```
    pub async fn detail(&self, code: &str, namespace: Option<&str>) -> Result<Option<Policy>> {
        non_blank("code", code)?;
        self.client
            .graphql(&POLICY, &CodeVars { code, namespace })
            .await
    }

    /// Updates a policy (`mutation updatePolicy`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdatePolicyInput;
    /// let policy = client
    ///     .policies()
    ///     .update("book-readers", &UpdatePolicyInput {
    ///         description: Some("Read books".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # let _ = policy; Ok(()) }
    /// ```
    pub async fn update(&self, code: &str, input: &UpdatePolicyInput) -> Result<Policy> {
        non_blank("code", code)?;
        let vars = UpdatePolicyVars {
            namespace: input.namespace.as_deref(),
            code,
            description: input.description.as_deref(),
            statements: input.statements.as_deref(),
            newCode: input.new_code.as_deref(),
        };
        self.client.graphql(&UPDATE_POLICY, &vars).await
    }

    /// Deletes a policy (`mutation deletePolicy`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.policies().delete("book-readers", None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, code: &str, namespace: Option<&str>) -> Result<CommonMessage> {
        non_blank("code", code)?;
        self.client
            .message(&DELETE_POLICY, &CodeVars { code, namespace })
            .await
    }

    /// Deletes several policies (`mutation deletePolicies`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.policies().delete_many(["book-readers", "book-writers"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_many<I, S>(
        &self,
        codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let codes = non_empty_list("codes", codes)?;
        self.client
            .message(
                &DELETE_POLICIES,
                &CodeListVars {
                    codeList: &codes,
                    namespace,
                },
            )
            .await
    }

    /// The targets a policy is assigned to (`query policyAssignments`). Default paging:
    /// page 1, 10 items.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.policies().list_assignments("book-readers", &Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_assignments(
        &self,
        code: &str,
        options: &ListOptions,
    ) -> Result<Paginated<PolicyAssignment>> {
        non_blank("code", code)?;
        let (page, limit) = options.paging()?;
        let vars = PolicyAssignmentsVars {
            namespace: options.namespace.as_deref(),
            code: Some(code),
            targetType: None,
            targetIdentifier: None,
            page,
            limit,
        };
        self.client.graphql(&POLICY_ASSIGNMENTS, &vars).await
    }

    /// Every target the policy is assigned to, page after page from `options.page`
    /// (see [`list_assignments`](Self::list_assignments)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client
    ///     .policies()
    ///     .list_assignments_stream("book-readers", &Default::default())
    ///     .try_collect()
    ///     .await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_assignments_stream(
        &self,
        code: &str,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<PolicyAssignment>> + 'a {
        let (policies, code, options) = (*self, code.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let (options, code) = (options.at(page), code.clone());
            async move { policies.list_assignments(&code, &options).await }
        })
    }

    /// Assigns policies to targets (`mutation addPolicyAssignments`): user ids, role
    /// codes, group codes or org node ids, according to `target_type`.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AssignmentOptions, PolicyAssignmentTargetType};
    /// client
    ///     .policies()
    ///     .add_assignments(
    ///         ["book-readers"],
    ///         PolicyAssignmentTargetType::Role,
    ///         ["editor"],
    ///         &AssignmentOptions::default(),
    ///     )
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_assignments<P, PS, T, TS>(
        &self,
        policies: P,
        target_type: PolicyAssignmentTargetType,
        target_identifiers: T,
        options: &AssignmentOptions,
    ) -> Result<CommonMessage>
    where
        P: IntoIterator<Item = PS>,
        PS: AsRef<str>,
        T: IntoIterator<Item = TS>,
        TS: AsRef<str>,
    {
        let policies = non_empty_list("policies", policies)?;
        let targets = non_empty_list("target_identifiers", target_identifiers)?;
        let vars = AddPolicyAssignmentsVars {
            policies: &policies,
            targetType: target_type,
            targetIdentifiers: &targets,
            inheritByChildren: options.inherit_by_children,
            namespace: options.namespace.as_deref(),
        };
        self.client.message(&ADD_POLICY_ASSIGNMENTS, &vars).await
    }

    /// Removes policies from targets (`mutation removePolicyAssignments`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::PolicyAssignmentTargetType;
    /// client
    ///     .policies()
    ///     .remove_assignments(["book-readers"], PolicyAssignmentTargetType::Role, ["editor"], None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_assignments<P, PS, T, TS>(
        &self,
        policies: P,
        target_type: PolicyAssignmentTargetType,
        target_identifiers: T,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        P: IntoIterator<Item = PS>,
        PS: AsRef<str>,
        T: IntoIterator<Item = TS>,
        TS: AsRef<str>,
    {
        let policies = non_empty_list("policies", policies)?;
        let targets = non_empty_list("target_identifiers", target_identifiers)?;
        let vars = RemovePolicyAssignmentsVars {
            policies: &policies,
            targetType: target_type,
            targetIdentifiers: &targets,
            namespace,
        };
        self.client.message(&REMOVE_POLICY_ASSIGNMENTS, &vars).await
    }

    /// Turns one assignment on (`mutation enablePolicyAssignment`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::PolicyAssignmentTargetType;
    /// client
    ///     .policies()
    ///     .enable_assignment("book-readers", PolicyAssignmentTargetType::Role, "editor", None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn enable_assignment(
        &self,
        policy: &str,
        target_type: PolicyAssignmentTargetType,
        target_identifier: &str,
        namespace: Option<&str>,
    ) -> Result<CommonMessage> {
        self.toggle(
            &ENABLE_POLICY_ASSIGNMENT,
            policy,
            target_type,
            target_identifier,
            namespace,
        )
        .await
    }

    /// Turns one assignment off (`mutation disbalePolicyAssignment`, spelt so by the
    /// API).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::PolicyAssignmentTargetType;
    /// client
    ///     .policies()
    ///     .disable_assignment("book-readers", PolicyAssignmentTargetType::Role, "editor", None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn disable_assignment(
        &self,
        policy: &str,
        target_type: PolicyAssignmentTargetType,
        target_identifier: &str,
        namespace: Option<&str>,
    ) -> Result<CommonMessage> {
        self.toggle(
            &DISABLE_POLICY_ASSIGNMENT,
            policy,
            target_type,
            target_identifier,
            namespace,
        )
        .await
    }

    async fn toggle(
        &self,
        op: &Operation,
        policy: &str,
        target_type: PolicyAssignmentTargetType,
        target_identifier: &str,
        namespace: Option<&str>,
    ) -> Result<CommonMessage> {
        non_blank("policy", policy)?;
        non_blank("target_identifier", target_identifier)?;
        let vars = PolicyAssignmentVars {
            policy,
            targetType: target_type,
            targetIdentifier: target_identifier,
            namespace,
        };
        self.client.message(op, &vars).await
    }
}

/// Adds or removes (`op`) `policies` for one target: a user (by id) or a role (by
/// code), as `users()` and `roles()` do.
pub(crate) async fn assign_to_one<I, S>(
    client: &ManagementClient,
    op: &Operation,
    id_name: &str,
    target_type: PolicyAssignmentTargetType,
    id: &str,
    policies: I,
    namespace: Option<&str>,
) -> Result<CommonMessage>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    non_blank(id_name, id)?;
    let policies = non_empty_list("policies", policies)?;
    let targets = [id.to_owned()];
    if op.takes::<AddPolicyAssignmentsVars<'_>>() {
        let vars = AddPolicyAssignmentsVars {
            policies: &policies,
            targetType: target_type,
            targetIdentifiers: &targets,
            inheritByChildren: None,
            namespace,
        };
        client.message(op, &vars).await
    } else {
        let vars = RemovePolicyAssignmentsVars {
            policies: &policies,
            targetType: target_type,
            targetIdentifiers: &targets,
            namespace,
        };
        client.message(op, &vars).await
    }
}
