//! A GraphQL operation: its document, root field, kind and variables struct.

/// Whether a GraphQL operation is a query (idempotent, may be retried) or a mutation
/// (never repeated automatically).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// A `query`: read-only, retried on transient failures.
    Query,
    /// A `mutation`: sent at most once per call.
    Mutation,
}

/// A GraphQL operation: its document (kept in a `.graphql` file next to the module that
/// uses it) and the root field whose value is the result.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Operation name, used for tracing (e.g. `users`).
    pub name: &'static str,
    /// The root field read from `data` (e.g. `users`).
    pub root_field: &'static str,
    /// Query or mutation.
    pub kind: OperationKind,
    /// The GraphQL document text.
    pub document: &'static str,
    /// Fragment definitions appended to the document when it is sent (e.g.
    /// [`USER_FIELDS`](crate::models::USER_FIELDS)).
    pub fragments: &'static [&'static str],
    /// The struct of its variables (see [`vars`](crate::vars)); set by
    /// [`with_variables`](Self::with_variables). The clients send an operation only
    /// with this struct, and the conformance test checks it against the document.
    pub variables: Option<crate::vars::VariablesInfo>,
}

impl Operation {
    /// A query whose result is `data.<root_field>`.
    pub const fn query(
        name: &'static str,
        root_field: &'static str,
        document: &'static str,
    ) -> Self {
        Self {
            name,
            root_field,
            kind: OperationKind::Query,
            document,
            fragments: &[],
            variables: None,
        }
    }

    /// A mutation whose result is `data.<root_field>`.
    pub const fn mutation(
        name: &'static str,
        root_field: &'static str,
        document: &'static str,
    ) -> Self {
        Self {
            name,
            root_field,
            kind: OperationKind::Mutation,
            document,
            fragments: &[],
            variables: None,
        }
    }

    /// The same operation with these fragment definitions appended when sent.
    pub const fn with_fragments(mut self, fragments: &'static [&'static str]) -> Self {
        self.fragments = fragments;
        self
    }

    /// The same operation, sent with variables of type `V`.
    pub const fn with_variables<V: crate::vars::Variables>(mut self) -> Self {
        self.variables = Some(crate::vars::VariablesInfo::of::<V>());
        self
    }

    /// `true` when `V` is the variables struct this operation is declared with.
    pub fn takes<V: crate::vars::Variables>(&self) -> bool {
        self.variables.is_some_and(|v| v.name == V::NAME)
    }

    /// The full text sent as `query`: the document followed by its fragments.
    pub fn full_document(&self) -> std::borrow::Cow<'static, str> {
        if self.fragments.is_empty() {
            std::borrow::Cow::Borrowed(self.document)
        } else {
            let mut s = String::with_capacity(
                self.document.len() + self.fragments.iter().map(|f| f.len() + 1).sum::<usize>(),
            );
            s.push_str(self.document);
            for f in self.fragments {
                s.push('\n');
                s.push_str(f);
            }
            std::borrow::Cow::Owned(s)
        }
    }
}
