//! The helpers both clients share: argument checks, the `CommonMessage` rule, null
//! results, and pagination as a stream. One helper each, one behaviour.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::Stream;

use crate::error::{Error, Result, codes};
use crate::models::{CommonMessage, Paginated};
use crate::operation::Operation;

/// Fails with [`Error::InvalidArgument`] (`"<name> must not be empty"`) when a required
/// argument is empty or only whitespace. Every method checks its required string
/// arguments with this before sending anything.
pub fn non_blank(name: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::InvalidArgument(format!("{name} must not be empty")))
    } else {
        Ok(())
    }
}

/// Collects a list argument into owned strings; an empty list
/// (`"<name> must not be empty"`) or a blank item (`"<name> must not contain empty
/// strings"`) is an [`Error::InvalidArgument`].
pub fn non_empty_list<I, S>(name: &str, items: I) -> Result<Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let v: Vec<String> = items.into_iter().map(|s| s.as_ref().to_owned()).collect();
    if v.is_empty() {
        return Err(Error::InvalidArgument(format!("{name} must not be empty")));
    }
    if v.iter().any(|s| s.trim().is_empty()) {
        return Err(Error::InvalidArgument(format!(
            "{name} must not contain empty strings"
        )));
    }
    Ok(v)
}

/// The result of an operation answering a `CommonMessage` (both clients, every such
/// method): only `code == 200` is a success, so a message whose `code` is present and
/// different is an [`Error::Api`] with that code and message. A message without a
/// code is a success. A `null` answer (where the schema allows one, e.g.
/// `deleteUser`, `assignRole`, `resetPassword`) is a success too and becomes
/// `CommonMessage::new(200, "")`, so an `Ok` message always has code 200 or none.
pub fn check_message(msg: Option<CommonMessage>) -> Result<CommonMessage> {
    let msg = msg.unwrap_or_else(|| CommonMessage::new(codes::OK, ""));
    match msg.code {
        Some(code) if code != codes::OK => {
            Err(Error::api(code, msg.message.unwrap_or_default(), 200))
        }
        _ => Ok(msg),
    }
}

/// A root field the schema lets be `null` but that the method needs: `null` is an
/// [`Error::Decode`] (reason: the root field "returned null").
pub fn required<T>(op: &Operation, value: Option<T>) -> Result<T> {
    value.ok_or_else(|| Error::Decode {
        status: 200,
        reason: format!("`{}` returned null", op.root_field),
        excerpt: String::new(),
    })
}

/// Walks a paginated list item by item, fetching page `first`, `first + 1`, ... of
/// `limit` items lazily (`fetch(page)` is called only when the items already fetched
/// are used up). It ends after a page that is short (fewer than `limit` items) or
/// empty, or that reaches `totalCount` (counting the pages before `first` as full),
/// and after the first error (which is yielded). Dropping the stream stops it: no
/// further page is requested. Runtime-agnostic (works on `wasm32`).
pub fn paginate<'a, T, F, Fut>(
    first: u32,
    limit: u32,
    fetch: F,
) -> impl Stream<Item = Result<T>> + 'a
where
    T: 'a,
    F: FnMut(u32) -> Fut + 'a,
    Fut: Future<Output = Result<Paginated<T>>> + 'a,
{
    struct State<T, F> {
        fetch: F,
        next: Option<u32>,
        buffer: VecDeque<T>,
    }
    let state = State {
        fetch,
        next: Some(first),
        buffer: VecDeque::new(),
    };
    futures_util::stream::unfold(state, move |mut s| async move {
        loop {
            if let Some(item) = s.buffer.pop_front() {
                return Some((Ok(item), s));
            }
            let page = s.next.take()?;
            match (s.fetch)(page).await {
                Err(e) => return Some((Err(e), s)),
                Ok(p) => {
                    let n = p.list.len() as u64;
                    let through = u64::from(page.saturating_sub(1)) * u64::from(limit) + n;
                    let total = u64::try_from(p.total_count).unwrap_or(0);
                    if n > 0 && n >= u64::from(limit) && through < total {
                        s.next = page.checked_add(1);
                    }
                    s.buffer.extend(p.list);
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_rule() {
        let ok = check_message(None).unwrap();
        assert_eq!((ok.code, ok.message.as_deref()), (Some(200), Some("")));
        let e = check_message(Some(CommonMessage::new(2004, "nope"))).unwrap_err();
        assert_eq!(e.code(), Some(2004));
        let no_code = CommonMessage::default();
        assert_eq!(check_message(Some(no_code.clone())).unwrap(), no_code);
    }

    #[test]
    fn blank_and_lists() {
        assert!(non_blank("id", " ").is_err());
        assert!(non_blank("id", "x").is_ok());
        assert!(non_empty_list("ids", Vec::<String>::new()).is_err());
        assert!(non_empty_list("ids", ["a", " "]).is_err());
        assert_eq!(non_empty_list("ids", ["a"]).unwrap(), ["a"]);
    }
}
