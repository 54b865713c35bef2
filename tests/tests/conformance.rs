//! Every GraphQL document the SDK sends validates against the emulator's schema (always)
//! and against the real Authing v2 schema in `../shared/authing/schema.graphql` (when
//! present). Both the document files (with the fragments they use) and the exact text
//! each client sends (`operations::ALL` of both crates) are checked, and each operation
//! must select the root field its result is read from.

use std::path::{Path, PathBuf};

use apollo_compiler::executable::{Operation as GqlOperation, Selection};
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use authing::authentication::operations as auth_ops;
use authing::management::operations as mgmt_ops;
use authing_core::{Operation, OperationKind};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "graphql") {
            out.push(p);
        }
    }
}

/// All operation documents of the client crates, with the fragments they use appended.
fn documents() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for krate in ["authing-management", "authing-authentication"] {
        collect(
            &workspace_root().join("crates").join(krate).join("src"),
            &mut files,
        );
    }
    files.sort();
    assert!(
        files.len() >= 40,
        "expected the SDK's documents, found {}",
        files.len()
    );
    files
        .into_iter()
        .map(|p| {
            let mut text = std::fs::read_to_string(&p).unwrap();
            if text.contains("...UserFields") {
                text.push('\n');
                text.push_str(authing_core::models::USER_FIELDS);
            }
            (p, text)
        })
        .collect()
}

fn parse_schema(schema_name: &str, sdl: &str) -> Valid<Schema> {
    let schema = match Schema::parse(sdl, schema_name) {
        Ok(s) => s,
        Err(with_errors) => with_errors.partial,
    };
    Valid::assume_valid(schema)
}

fn validate_all(schema_name: &str, sdl: &str) {
    let schema = parse_schema(schema_name, sdl);
    let mut failures = Vec::new();
    let docs = documents();
    for (path, text) in &docs {
        if let Err(e) =
            ExecutableDocument::parse_and_validate(&schema, text, path.display().to_string())
        {
            failures.push(format!("{}:\n{}", path.display(), e.errors));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} documents do not validate against {schema_name}:\n{}",
        failures.len(),
        docs.len(),
        failures.join("\n")
    );
    println!("{} documents validate against {schema_name}", docs.len());
}

/// Every operation either client sends, in the form it is sent.
fn operations() -> Vec<(&'static str, Operation)> {
    let mgmt = mgmt_ops::ALL.iter().map(|op| ("management", **op));
    let auth = auth_ops::ALL.iter().map(|op| ("authentication", *op));
    mgmt.chain(auth).collect()
}

/// Validates the sent text of every operation, and checks that it holds one operation
/// of the declared kind and name whose selection includes the declared root field.
fn validate_operations(schema_name: &str, sdl: &str) {
    let schema = parse_schema(schema_name, sdl);
    let ops = operations();
    assert!(
        ops.len() >= 60,
        "expected both clients' operations, found {}",
        ops.len()
    );
    let mut failures = Vec::new();
    for (client, op) in &ops {
        let label = format!("{client} {}", op.name);
        let doc = match ExecutableDocument::parse_and_validate(&schema, op.full_document(), &label)
        {
            Ok(doc) => doc,
            Err(e) => {
                failures.push(format!("{label}:\n{}", e.errors));
                continue;
            }
        };
        let Ok(gql) = doc.operations.get(None) else {
            failures.push(format!("{label}: not exactly one operation"));
            continue;
        };
        if let Err(why) = check_shape(gql, op) {
            failures.push(format!("{label}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations are wrong against {schema_name}:\n{}",
        failures.len(),
        ops.len(),
        failures.join("\n")
    );
    println!(
        "{} sent operations validate against {schema_name}",
        ops.len()
    );
}

fn check_shape(gql: &GqlOperation, op: &Operation) -> Result<(), String> {
    let kind_ok = match op.kind {
        OperationKind::Query => gql.is_query(),
        OperationKind::Mutation => gql.is_mutation(),
    };
    if !kind_ok {
        return Err(format!(
            "declared {:?}, document is {:?}",
            op.kind, gql.operation_type
        ));
    }
    if gql.name.as_ref().map(|n| n.as_str()) != Some(op.name) {
        return Err(format!("document names the operation {:?}", gql.name));
    }
    let roots: Vec<&str> = gql
        .selection_set
        .selections
        .iter()
        .filter_map(|s| match s {
            Selection::Field(f) => Some(f.response_key().as_str()),
            _ => None,
        })
        .collect();
    if !roots.contains(&op.root_field) {
        return Err(format!(
            "result read from `{}`, document selects {roots:?}",
            op.root_field
        ));
    }
    Ok(())
}

#[test]
fn sent_operations_validate_against_the_emulator_schema() {
    validate_operations("emulator schema", &authing_emulator::schema_sdl());
}

#[test]
fn sent_operations_validate_against_the_real_schema() {
    let path = workspace_root().join("../shared/authing/schema.graphql");
    match std::fs::read_to_string(&path) {
        Ok(sdl) => validate_operations("shared/authing/schema.graphql", &sdl),
        Err(_) => println!("SKIPPED: {} is absent", path.display()),
    }
}

/// Every `.graphql` file of both crates is the document of some sent operation (no
/// dead documents that would be validated but never used).
#[test]
fn every_document_file_is_sent() {
    let ops = operations();
    let unused: Vec<String> = documents()
        .into_iter()
        .filter(|(path, _)| {
            let text = std::fs::read_to_string(path).unwrap();
            !ops.iter().any(|(_, op)| op.document == text)
        })
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        unused.is_empty(),
        "documents no operation sends: {unused:?}"
    );
}

#[test]
fn documents_validate_against_the_real_schema() {
    let path = workspace_root().join("../shared/authing/schema.graphql");
    match std::fs::read_to_string(&path) {
        Ok(sdl) => validate_all("shared/authing/schema.graphql", &sdl),
        Err(_) => println!(
            "SKIPPED: {} is absent; only the emulator schema is checked",
            path.display()
        ),
    }
}

#[test]
fn documents_validate_against_the_emulator_schema() {
    validate_all("emulator schema", &authing_emulator::schema_sdl());
}
