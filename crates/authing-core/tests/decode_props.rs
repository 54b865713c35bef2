//! Property tests: the response decoders never panic and always return a value or a
//! typed error, whatever the bytes (bounded case count so CI stays fast; the fuzz
//! target in `fuzz/` runs longer).

use authing_core::__private::{decode_graphql, decode_graphql_careful, decode_rest};
use authing_core::Error;
use authing_core::models::{Paginated, User};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::hash_map(
                prop_oneof![
                    Just("data".to_owned()),
                    Just("errors".to_owned()),
                    Just("message".to_owned()),
                    Just("code".to_owned()),
                    Just("users".to_owned()),
                    Just("list".to_owned()),
                    Just("totalCount".to_owned()),
                    Just("id".to_owned()),
                    "[a-z]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    id: String,
    count: Option<i64>,
    ratio: Option<f64>,
    tags: Vec<String>,
    nested: Option<Box<Item>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    total_count: i64,
    list: Vec<Item>,
}

fn arb_item() -> impl Strategy<Value = Item> {
    let leaf = (
        ".{0,12}",
        any::<Option<i64>>(),
        // Any finite float comes back exactly (`float_roundtrip`).
        prop::option::of(any::<f64>().prop_filter("finite", |f| f.is_finite())),
        prop::collection::vec(".{0,8}", 0..4),
    )
        .prop_map(|(id, count, ratio, tags)| Item {
            id,
            count,
            ratio,
            tags,
            nested: None,
        });
    leaf.prop_recursive(2, 8, 1, |inner| {
        (inner.clone(), prop::option::of(inner)).prop_map(|(mut item, nested)| {
            item.nested = nested.map(Box::new);
            item
        })
    })
}

fn arb_page() -> impl Strategy<Value = Page> {
    (any::<i64>(), prop::collection::vec(arb_item(), 0..5))
        .prop_map(|(total_count, list)| Page { total_count, list })
}

/// Both decoders gave the same answer: equal values, or errors of the same kind,
/// code and status.
fn agree<T: PartialEq + std::fmt::Debug>(
    a: &Result<T, Error>,
    b: &Result<T, Error>,
) -> Result<(), String> {
    match (a, b) {
        (Ok(x), Ok(y)) if x == y => Ok(()),
        (Err(x), Err(y))
            if std::mem::discriminant(x) == std::mem::discriminant(y)
                && x.code() == y.code()
                && x.http_status() == y.http_status() =>
        {
            Ok(())
        }
        _ => Err(format!("fast path {a:?} != careful path {b:?}")),
    }
}

fn typed_error(e: &Error) -> bool {
    matches!(e, Error::Api(_) | Error::Decode { .. })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn graphql_decoder_never_panics_on_bytes(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Err(e) = decode_graphql::<Paginated<User>>(status, &body, "users", &[]) {
            prop_assert!(typed_error(&e));
            let shown = e.to_string();
            prop_assert!(shown.len() < 1024);
        }
    }

    #[test]
    fn graphql_decoder_never_panics_on_json(status in 100u16..600, v in arb_json()) {
        let body = serde_json::to_vec(&v).unwrap();
        let _ = decode_graphql::<Paginated<User>>(status, &body, "users", &[]);
        let wrapped = serde_json::to_vec(&json!({"data": {"users": v}})).unwrap();
        if let Err(e) = decode_graphql::<Paginated<User>>(status, &wrapped, "users", &[]) {
            prop_assert!(typed_error(&e));
        }
        let as_errors = serde_json::to_vec(&json!({"errors": [ {"message": v} ]})).unwrap();
        let e = decode_graphql::<Value>(status, &as_errors, "users", &[]).unwrap_err();
        prop_assert!(matches!(e, Error::Api(_)));
    }

    #[test]
    fn rest_decoder_never_panics(status in 100u16..600, v in arb_json(), body in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode_rest::<Value>(status, &body, &[]);
        let b = serde_json::to_vec(&v).unwrap();
        if let Err(e) = decode_rest::<Option<User>>(status, &b, &[]) {
            prop_assert!(typed_error(&e));
        }
    }

    /// Generated values survive the trip through a response body, whichever path
    /// decodes them; a value placed elsewhere in `data` does not disturb the root.
    #[test]
    fn generated_values_round_trip(page in arb_page(), other in arb_json(), first in any::<bool>()) {
        let body = if first {
            json!({"data": {"users": page, "other": other}})
        } else {
            json!({"extensions": other, "data": {"other": 1, "users": page}})
        };
        let bytes = serde_json::to_vec(&body).unwrap();
        let fast = decode_graphql::<Page>(200, &bytes, "users", &[]);
        prop_assert_eq!(fast.as_ref().ok(), Some(&page));
        let careful = decode_graphql_careful::<Page>(200, &bytes, "users", &[]);
        prop_assert_eq!(careful.as_ref().ok(), Some(&page));
        let as_value = decode_graphql::<Value>(200, &bytes, "users", &[]).unwrap();
        prop_assert_eq!(as_value, serde_json::to_value(&page).unwrap());
    }

    /// The single-pass fast path and the careful path give the same answer for any
    /// JSON (success or error), typed or untyped.
    #[test]
    fn fast_and_careful_paths_agree(status in 100u16..600, v in arb_json(), root in arb_json()) {
        for body in [
            v.clone(),
            json!({"data": {"users": root.clone()}}),
            json!({"data": v.clone()}),
            json!({"data": {"users": root.clone()}, "errors": v.clone()}),
            json!({"errors": [{"message": v.clone()}], "data": {"users": root.clone()}}),
        ] {
            let bytes = serde_json::to_vec(&body).unwrap();
            let r = agree(
                &decode_graphql::<Value>(status, &bytes, "users", &[]),
                &decode_graphql_careful::<Value>(status, &bytes, "users", &[]),
            );
            prop_assert!(r.is_ok(), "{}: {:?}", body, r);
            let r = agree(
                &decode_graphql::<Option<Page>>(status, &bytes, "users", &[]),
                &decode_graphql_careful::<Option<Page>>(status, &bytes, "users", &[]),
            );
            prop_assert!(r.is_ok(), "{}: {:?}", body, r);
        }
    }

    #[test]
    fn truncated_valid_responses_are_decode_errors(cut in 1usize..60) {
        let full = serde_json::to_vec(&json!({"data": {"users": {"totalCount": 1, "list": [{"id": "u1", "username": "alice"}]}}})).unwrap();
        let cut = cut.min(full.len() - 1);
        let e = decode_graphql::<Paginated<User>>(200, &full[..cut], "users", &[]).unwrap_err();
        let is_decode = matches!(e, Error::Decode { status: 200, .. });
        prop_assert!(is_decode);
    }
}
