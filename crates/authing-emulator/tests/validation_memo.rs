//! A request that passed every validation rule is revalidated with the fast mode when
//! sent again; any change (variables, operation, text) is validated in full again, and
//! an invalid request stays invalid however often it is sent.

mod common;

use serde_json::json;

#[tokio::test]
async fn repeated_requests_are_validated_like_the_first() {
    let t = common::start().await;
    let admin = t.admin().await;
    let q = "query($l: Int, $p: Int) { users(page: $p, limit: $l) { totalCount } }";
    for _ in 0..3 {
        let ok = t.ok(q, json!({"l": 5, "p": 1}), Some(&admin)).await;
        assert_eq!(ok["users"]["totalCount"], 0, "{ok}");
    }
    // The same text with a variable of the wrong type: rejected every time.
    for _ in 0..2 {
        let bad = t.gql(q, json!({"l": "five", "p": 1}), Some(&admin)).await;
        assert!(bad["errors"][0]["message"].is_string(), "{bad}");
        assert!(bad["data"].is_null(), "{bad}");
    }
    // An invalid document (unknown field, unused variable) sent twice: rejected twice.
    let invalid = "query($x: Int) { users { totalCount nope } }";
    for _ in 0..2 {
        let bad = t.gql(invalid, json!({"x": 1}), Some(&admin)).await;
        let msg = bad["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(msg.contains("nope") || msg.contains("\"x\""), "{bad}");
    }
}
