//! Every document the client sends validates against the real schema
//! (`../shared/authing/schema.graphql`), and every `.graphql` file is used.

use std::path::{Path, PathBuf};

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use authing_management::operations;

const SCHEMA: &str = concat!(
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

#[test]
fn documents_validate_against_schema() {
    let Ok(sdl) = std::fs::read_to_string(SCHEMA) else {
        println!("skipped: {SCHEMA} not found");
        return;
    };
    let schema = Schema::parse(sdl, "schema.graphql").unwrap_or_else(|e| panic!("{e}"));
    let schema = Valid::assume_valid(schema);
    // The check is not vacuous: an unknown field or argument fails.
    assert!(ExecutableDocument::parse_and_validate(&schema, "query q { nope }", "q").is_err());
    assert!(
        ExecutableDocument::parse_and_validate(
            &schema,
            "query q { role(codes: \"x\") { code } }",
            "q"
        )
        .is_err()
    );
    let mut failures = Vec::new();
    for op in operations::ALL {
        let doc = op.full_document();
        let name = format!("{}.graphql", op.name);
        match ExecutableDocument::parse_and_validate(&schema, doc.as_ref(), name) {
            Ok(d) => {
                let defined = d
                    .operations
                    .named
                    .keys()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>();
                assert_eq!(
                    defined,
                    vec![op.name],
                    "one operation named like the official document"
                );
            }
            Err(e) => failures.push(format!("{}: {}", op.name, e.errors)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_graphql_file_is_an_operation() {
    let mut files = Vec::new();
    graphql_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(!files.is_empty());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            operations::ALL.iter().any(|op| op.document == text),
            "{} is not used by any operation",
            f.display()
        );
    }
    let mut names: Vec<_> = operations::ALL.iter().map(|o| o.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        operations::ALL.len(),
        "operation names are unique"
    );
}
