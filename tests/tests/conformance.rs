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

/// The `.graphql` files of both client crates and of authing-core.
fn graphql_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for krate in [
        "authing-core",
        "authing-management",
        "authing-authentication",
    ] {
        collect(
            &workspace_root().join("crates").join(krate).join("src"),
            &mut files,
        );
    }
    files.sort();
    files
}

fn is_fragment(text: &str) -> bool {
    text.trim_start().starts_with("fragment ")
}

/// `(name, definition)` of every fragment file.
fn fragments() -> Vec<(String, String)> {
    graphql_files()
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = text
                .trim_start()
                .strip_prefix("fragment ")?
                .split_whitespace()
                .next()?
                .to_owned();
            Some((name, text))
        })
        .collect()
}

/// All operation documents, each with the fragments it spreads appended (fragments
/// may spread others, so this repeats until nothing is missing).
fn documents() -> Vec<(PathBuf, String)> {
    let frags = fragments();
    let docs: Vec<(PathBuf, String)> = graphql_files()
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .filter(|(_, t)| !is_fragment(t))
        .map(|(p, mut text)| {
            loop {
                let missing: Vec<&String> = frags
                    .iter()
                    .filter(|(n, _)| {
                        text.contains(&format!("...{n}"))
                            && !text.contains(&format!("fragment {n} "))
                    })
                    .map(|(_, d)| d)
                    .collect();
                if missing.is_empty() {
                    break;
                }
                for d in missing {
                    text.push('\n');
                    text.push_str(d);
                }
            }
            (p, text)
        })
        .collect();
    assert!(
        docs.len() >= 60,
        "expected the SDK's documents, found {}",
        docs.len()
    );
    docs
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

/// Every `.graphql` file is the document or a fragment of some sent operation (no
/// dead documents that would be validated but never used).
#[test]
fn every_document_file_is_sent() {
    let ops = operations();
    let unused: Vec<String> = graphql_files()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            !ops.iter()
                .any(|(_, op)| op.document == text || op.fragments.contains(&text.as_str()))
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        unused.is_empty(),
        "documents no operation sends: {unused:?}"
    );
}

/// The validation used above really rejects what the real API does not accept.
#[test]
fn the_validation_rejects_wrong_documents() {
    let mut schemas = vec![("emulator schema".to_owned(), authing_emulator::schema_sdl())];
    if let Ok(sdl) =
        std::fs::read_to_string(workspace_root().join("../shared/authing/schema.graphql"))
    {
        schemas.push(("shared schema".to_owned(), sdl));
    }
    let wrong = [
        // The seed Python SDK's mistake: `customData` selected as a leaf.
        "query user($id: String) { user(id: $id) { id customData } }",
        // An argument the field does not have.
        "mutation updateEmail($email: String!) { updatePhone(phone: $email) { id } }",
        // A field that does not exist.
        "query users { users { totalCount nope } }",
        // A variable of the wrong type.
        "query users($page: String) { users(page: $page) { totalCount } }",
    ];
    for (name, sdl) in &schemas {
        let schema = parse_schema(name, sdl);
        for doc in wrong {
            assert!(
                ExecutableDocument::parse_and_validate(&schema, doc, "wrong.graphql").is_err(),
                "{name} accepted: {doc}"
            );
        }
    }
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
