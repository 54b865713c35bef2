//! Every GraphQL document of the crate validates against the real Authing schema
//! (`../shared/authing/schema.graphql`, skipped with a message when absent), and every
//! document file is used by exactly one operation.

use std::path::{Path, PathBuf};

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use authing_authentication::operations;
use authing_core::models::USER_FIELDS;

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/authing/schema.graphql"
);

fn graphql_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            graphql_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "graphql") {
            out.push(p);
        }
    }
}

fn documents() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    graphql_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

#[test]
fn documents_validate_against_the_authing_schema() {
    let Ok(sdl) = std::fs::read_to_string(SCHEMA_PATH) else {
        println!("skipped: {SCHEMA_PATH} is not present");
        return;
    };
    let schema = Schema::parse(sdl, "schema.graphql").expect("schema parses");
    let schema = Valid::assume_valid(schema);
    let docs = documents();
    assert_eq!(docs.len(), operations::ALL.len());
    let mut failures = Vec::new();
    for (path, text) in docs {
        let mut full = text.clone();
        if text.contains("...UserFields") {
            full.push('\n');
            full.push_str(USER_FIELDS);
        }
        if let Err(e) = ExecutableDocument::parse_and_validate(&schema, full, &path) {
            failures.push(format!("{}:\n{}", path.display(), e.errors));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_document_is_one_named_operation_used_once() {
    let docs = documents();
    for (path, text) in &docs {
        let uses: Vec<_> = operations::ALL
            .iter()
            .filter(|op| op.document == text)
            .collect();
        assert_eq!(
            uses.len(),
            1,
            "{} used {} times",
            path.display(),
            uses.len()
        );
        let op = uses[0];
        let head = format!(
            "{} {}",
            match op.kind {
                authing_core::OperationKind::Query => "query",
                authing_core::OperationKind::Mutation => "mutation",
            },
            op.name
        );
        assert!(
            text.starts_with(&head),
            "{}: must start with {head:?}",
            path.display()
        );
        assert_eq!(
            text.matches("query ").count() + text.matches("mutation ").count(),
            1
        );
        assert!(text.contains(&format!("  {}", op.root_field)));
        assert_eq!(
            text.contains("...UserFields"),
            op.fragments == [USER_FIELDS],
            "{}: fragments",
            path.display()
        );
    }
}

#[test]
fn the_check_rejects_a_wrong_document() {
    let Ok(sdl) = std::fs::read_to_string(SCHEMA_PATH) else {
        println!("skipped: {SCHEMA_PATH} is not present");
        return;
    };
    let schema = Valid::assume_valid(Schema::parse(sdl, "schema.graphql").unwrap());
    // The seed Python SDK's mistake: `customData` selected as a leaf.
    let bad = "query user($id: String) { user(id: $id) { id customData } }";
    assert!(ExecutableDocument::parse_and_validate(&schema, bad, "bad.graphql").is_err());
    let bad = "mutation updateEmail($email: String!) { updatePhone(phone: $email) { id } }";
    assert!(ExecutableDocument::parse_and_validate(&schema, bad, "bad.graphql").is_err());
}
