//! Every GraphQL document the SDK sends validates against the emulator's schema (always)
//! and against the real Authing v2 schema in `../shared/authing/schema.graphql` (when
//! present).

use std::path::{Path, PathBuf};

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
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
        collect(&workspace_root().join("crates").join(krate).join("src"), &mut files);
    }
    files.sort();
    assert!(files.len() >= 40, "expected the SDK's documents, found {}", files.len());
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

fn validate_all(schema_name: &str, sdl: &str) {
    let schema = match Schema::parse(sdl, schema_name) {
        Ok(s) => s,
        Err(with_errors) => with_errors.partial,
    };
    let schema = Valid::assume_valid(schema);
    let mut failures = Vec::new();
    let docs = documents();
    for (path, text) in &docs {
        if let Err(e) = ExecutableDocument::parse_and_validate(&schema, text, path.display().to_string()) {
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
