//! Grants to organization nodes (`targetType: ORG`) and roles given to nodes reach the
//! members of the node and of its sub-nodes in permission checks; `Node.authorizedResources`
//! lists them; deleting a node takes its grants with it.

mod acl_support;
mod common;

use acl_support::*;
use serde_json::{Value, json};

const CREATE_ORG: &str =
    "mutation($n: String!, $c: String) { createOrg(name: $n, code: $c) { id rootNode { id } } }";
const ADD_NODE: &str = "mutation($o: String!, $p: String, $n: String!, $c: String) { addNodeV2(orgId: $o, parentNodeId: $p, name: $n, code: $c) { id } }";
const ADD_MEMBER: &str =
    "mutation($n: String, $u: [String!]!) { addMember(nodeId: $n, userIds: $u) { id } }";
const DELETE_NODE: &str =
    "mutation($o: String!, $n: String!) { deleteNode(orgId: $o, nodeId: $n) { code } }";
const NODE_RESOURCES: &str = "query($id: String!, $ns: String) { nodeById(id: $id) { authorizedResources(namespace: $ns) { totalCount list { code actions } } } }";

fn org_target(node: &str, actions: &[&str]) -> Value {
    json!({"targetType": "ORG", "targetIdentifier": node, "actions": actions})
}

#[tokio::test]
async fn department_grants_and_node_roles_reach_members_of_sub_teams() {
    let t = common::start().await;
    let admin = t.admin().await;
    let a = admin.as_str();
    let (in_team, _) = t.register("in-team", "p").await;
    let (outside, _) = t.register("outside", "p").await;

    let org = t
        .ok(CREATE_ORG, json!({"n": "Acme", "c": "acme"}), Some(a))
        .await;
    let org_id = org["createOrg"]["id"].as_str().unwrap().to_string();
    let root = org["createOrg"]["rootNode"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let eng = t
        .ok(
            ADD_NODE,
            json!({"o": org_id, "p": root, "n": "Engineering", "c": "eng"}),
            Some(a),
        )
        .await["addNodeV2"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let team = t
        .ok(
            ADD_NODE,
            json!({"o": org_id, "p": eng, "n": "Platform", "c": "platform"}),
            Some(a),
        )
        .await["addNodeV2"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.ok(ADD_MEMBER, json!({"n": team, "u": [in_team]}), Some(a))
        .await;

    // A grant to the department reaches the member of its sub-team, not others.
    authorize(
        &t,
        a,
        "default",
        "repos:*",
        json!([org_target(&eng, &["repos:read"])]),
    )
    .await;
    assert!(allowed(&t, a, "repos:7", "repos:read", &in_team, None).await);
    assert!(!allowed(&t, a, "repos:7", "repos:write", &in_team, None).await);
    assert!(!allowed(&t, a, "repos:7", "repos:read", &outside, None).await);
    let listed = t
        .ok(NODE_RESOURCES, json!({"id": eng, "ns": "default"}), Some(a))
        .await;
    assert_eq!(
        listed["nodeById"]["authorizedResources"]["totalCount"], 1,
        "{listed}"
    );
    assert_eq!(
        listed["nodeById"]["authorizedResources"]["list"][0]["code"],
        "repos:*"
    );

    // A role given to the department: its grants reach the sub-team's member too.
    t.ok(
        "mutation { createRole(code: \"deployer\") { code } }",
        json!({}),
        Some(a),
    )
    .await;
    t.ok(
        "mutation($n: [String!]) { assignRole(roleCodes: [\"deployer\"], nodeCodes: $n) { code } }",
        json!({"n": [eng]}),
        Some(a),
    )
    .await;
    authorize(
        &t,
        a,
        "default",
        "deploys",
        json!([{"targetType": "ROLE", "targetIdentifier": "deployer", "actions": ["deploys:run"]}]),
    )
    .await;
    assert!(allowed(&t, a, "deploys:1", "deploys:run", &in_team, None).await);
    assert!(!allowed(&t, a, "deploys:1", "deploys:run", &outside, None).await);

    assert!(listed_targets(&t, a).await.contains(&eng));

    // Deleting the department (with its sub-team) takes its grants and links along.
    t.ok(DELETE_NODE, json!({"o": org_id, "n": eng}), Some(a))
        .await;
    assert!(!allowed(&t, a, "repos:7", "repos:read", &in_team, None).await);
    assert!(!allowed(&t, a, "deploys:1", "deploys:run", &in_team, None).await);
    let gone = listed_targets(&t, a).await;
    assert!(
        !gone.contains(&eng),
        "no ORG grant is left on a deleted node: {gone:?}"
    );
}

/// Identifiers of every target holding `repos:*` in `default`.
async fn listed_targets(t: &common::T, a: &str) -> Vec<String> {
    let v = t
        .ok(
            "query { authorizedTargets(namespace: \"default\", resourceType: DATA, resource: \"repos:*\") { totalCount list { targetIdentifier } } }",
            json!({}),
            Some(a),
        )
        .await;
    v["authorizedTargets"]["list"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["targetIdentifier"].as_str().map(str::to_owned))
        .collect()
}
