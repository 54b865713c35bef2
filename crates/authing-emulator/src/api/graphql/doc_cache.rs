//! A cache of parsed GraphQL documents, keyed by the exact query text.
//!
//! Clients (the SDK first of all) send the same few documents again and again; parsing
//! a long one (a `users` page with the `UserFields` fragment) cost more than executing
//! it. Only *parsing* is cached: async-graphql still runs, for every request, the
//! recursive-depth and directive limits on the document, the validation rules with the
//! request's variables (variable types and values, complexity, depth) and the execution
//! (argument coercion). A text that does not parse is not cached, so its error comes
//! from async-graphql exactly as without the cache.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use async_graphql::parser::{parse_query, types::ExecutableDocument};
use parking_lot::Mutex;

/// Documents longer than this are parsed per request and never kept.
const MAX_QUERY_LEN: usize = 16 * 1024;
/// Entries kept at most; the cache is emptied when it is full (bounded memory whatever
/// clients send).
const MAX_ENTRIES: usize = 128;

type Cache = Mutex<HashMap<Box<str>, Arc<ExecutableDocument>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// The parsed document of `query`, from the cache or parsed now (then cached).
/// `None` when the text does not parse (or is too long to cache): async-graphql parses
/// it itself then.
pub(crate) fn parsed(query: &str) -> Option<ExecutableDocument> {
    if query.len() > MAX_QUERY_LEN {
        return None;
    }
    let hit = cache().lock().get(query).cloned();
    if let Some(doc) = hit {
        return Some(ExecutableDocument::clone(&doc));
    }
    let doc = Arc::new(parse_query(query).ok()?);
    let mut map = cache().lock();
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(query.into(), doc.clone());
    drop(map);
    Some(ExecutableDocument::clone(&doc))
}

/// Requests (query text, operation name, variables) that passed every validation rule.
type Validated = Mutex<HashSet<Box<str>>>;

fn validated() -> &'static Validated {
    static VALIDATED: OnceLock<Validated> = OnceLock::new();
    VALIDATED.get_or_init(Validated::default)
}

/// The key of a request for [`passed_validation`] / [`mark_validated`]: everything the
/// validation rules read from the request (the schema is fixed). `None` when too long
/// to keep.
pub(crate) fn validation_key(request: &async_graphql::Request) -> Option<String> {
    if request.query.len() > MAX_QUERY_LEN {
        return None;
    }
    let variables = serde_json::to_string(&request.variables).ok()?;
    if variables.len() > MAX_QUERY_LEN {
        return None;
    }
    let op = request.operation_name.as_deref().unwrap_or("");
    Some(format!("{op}\0{variables}\0{}", request.query))
}

/// Whether the exact same request already passed all the validation rules. Validation
/// is a pure function of the key, so such a request only needs the checks that the
/// fast validation mode still runs (complexity, depth, fragment cycles): the result is
/// the same.
pub(crate) fn passed_validation(key: &str) -> bool {
    validated().lock().contains(key)
}

/// Records that the request of `key` passed validation (it was answered without errors).
pub(crate) fn mark_validated(key: String) {
    let mut set = validated().lock();
    if set.len() >= MAX_ENTRIES {
        set.clear();
    }
    set.insert(key.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_same_document_and_parse_errors_are_not_cached() {
        let q = "query q($id: String) { user(id: $id) { id ...F } } fragment F on User { email }";
        let a = parsed(q).expect("parses");
        let b = parsed(q).expect("cached");
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_eq!(a.fragments.len(), 1);
        assert!(parsed("{ user(id: ").is_none());
        assert!(!cache().lock().contains_key("{ user(id: "));
        assert!(parsed(&"#".repeat(MAX_QUERY_LEN + 1)).is_none());
    }
}
