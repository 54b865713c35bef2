//! Property tests: the response decoders never panic and always return a value or a
//! typed error, whatever the bytes (bounded case count so CI stays fast; the fuzz
//! target in `fuzz/` runs longer).

use authing_core::__private::{decode_graphql, decode_rest};
use authing_core::Error;
use authing_core::models::{Paginated, User};
use proptest::prelude::*;
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

    #[test]
    fn truncated_valid_responses_are_decode_errors(cut in 1usize..60) {
        let full = serde_json::to_vec(&json!({"data": {"users": {"totalCount": 1, "list": [{"id": "u1", "username": "alice"}]}}})).unwrap();
        let cut = cut.min(full.len() - 1);
        let e = decode_graphql::<Paginated<User>>(200, &full[..cut], "users", &[]).unwrap_err();
        let is_decode = matches!(e, Error::Decode { status: 200, .. });
        prop_assert!(is_decode);
    }
}
