//! Feeds arbitrary bytes to the GraphQL and REST response decoders: they must return
//! a value or a typed error, never panic.
#![no_main]

use authing_core::models::{Paginated, User};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = authing_core::__private::decode_graphql::<Paginated<User>>(200, data, "users", &["secret"]);
    let _ = authing_core::__private::decode_graphql::<Option<User>>(502, data, "user", &[]);
    let _ = authing_core::__private::decode_rest::<serde_json::Value>(200, data, &[]);
});
