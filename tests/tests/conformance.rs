//! Every GraphQL document the SDK sends validates against the emulator's schema (always)
//! and against the real Authing v2 schema in `../shared/authing/schema.graphql` (when
//! present). Both the document files (with the fragments they use) and the exact text
//! each client sends (`operations::ALL` of both crates) are checked, and each operation
//! must select the root field its result is read from.
//!
//! Every operation's variables struct (`Operation::variables`) must have exactly the
//! document's `$variables`, with compatible types and nullability, and every input
//! object described field by field must match the schema's input type: a misspelled,
//! missing or mistyped variable fails here, without a server.

use std::path::{Path, PathBuf};

use apollo_compiler::executable::{Operation as GqlOperation, Selection};
use apollo_compiler::schema::ExtendedType;
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
    let auth = auth_ops::ALL.iter().map(|op| ("authentication", **op));
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
    if let Some(sdl) = shared_schema_sdl() {
        validate_operations("shared/authing/schema.graphql", &sdl);
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
    if let Some(sdl) = shared_schema_sdl() {
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
    match shared_schema_sdl() {
        Some(sdl) => validate_all("shared/authing/schema.graphql", &sdl),
        None => println!("only the emulator schema is checked"),
    }
}

#[test]
fn documents_validate_against_the_emulator_schema() {
    validate_all("emulator schema", &authing_emulator::schema_sdl());
}

// ------------------------------------------------------------------ variables

/// A GraphQL type reference, parsed from its text (`[String!]!`).
#[derive(Debug, PartialEq)]
enum Ty {
    Named(String),
    List(Box<Ty>),
    NonNull(Box<Ty>),
}

fn parse_ty(s: &str) -> Ty {
    let s = s.trim();
    if let Some(inner) = s.strip_suffix('!') {
        Ty::NonNull(Box::new(parse_ty(inner)))
    } else if let Some(inner) = s.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        Ty::List(Box::new(parse_ty(inner)))
    } else {
        Ty::Named(s.to_owned())
    }
}

/// Whether a value of the Rust field's type `rust` is always accepted where `declared`
/// is expected: same named type and list structure; a non-null declaration needs a
/// non-null Rust type (an `Option` could be left out), while a non-null Rust type fits
/// a nullable declaration.
fn compatible(rust: &Ty, declared: &Ty) -> bool {
    match (rust, declared) {
        (Ty::NonNull(r), Ty::NonNull(d)) => compatible(r, d),
        (Ty::NonNull(r), d) => compatible(r, d),
        (_, Ty::NonNull(_)) => false,
        (Ty::List(r), Ty::List(d)) => compatible(r, d),
        (Ty::Named(r), Ty::Named(d)) => r == d,
        _ => false,
    }
}

/// Checks `op`'s variables struct against its document (validated against `schema`)
/// and its input objects against the schema's input types. Returns every mismatch.
fn check_variables(schema: &Valid<Schema>, op: &Operation) -> Result<(), Vec<String>> {
    let Some(info) = op.variables else {
        return Err(vec!["declares no variables struct".into()]);
    };
    let doc = ExecutableDocument::parse_and_validate(schema, op.full_document(), op.name)
        .map_err(|e| vec![e.errors.to_string()])?;
    let gql = doc
        .operations
        .get(None)
        .map_err(|_| vec!["not one operation".into()])?;
    let declared: Vec<(String, String)> = gql
        .variables
        .iter()
        .map(|v| (v.name.to_string(), v.ty.to_string()))
        .collect();
    let fields = (info.fields)();
    let mut errors = Vec::new();
    for f in &fields {
        match declared.iter().find(|(n, _)| n == f.name) {
            None => errors.push(format!(
                "{}.{} is not a variable of the document (it declares {:?})",
                info.name,
                f.name,
                declared.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
            )),
            Some((_, ty)) if !compatible(&parse_ty(&f.ty), &parse_ty(ty)) => errors.push(format!(
                "{}.{} is `{}` in Rust but `${}: {ty}` in the document",
                info.name, f.name, f.ty, f.name
            )),
            Some(_) => {}
        }
    }
    for (name, ty) in &declared {
        if !fields.iter().any(|f| f.name == name) {
            errors.push(format!("{} has no field for `${name}: {ty}`", info.name));
        }
    }
    for input in (info.input_objects)() {
        let Some(ExtendedType::InputObject(def)) = schema.types.get(input.name) else {
            errors.push(format!("{} is not an input type of the schema", input.name));
            continue;
        };
        for f in &input.fields {
            match def.fields.get(f.name) {
                None => errors.push(format!(
                    "{}.{} is not a field of the schema",
                    input.name, f.name
                )),
                Some(d) if !compatible(&parse_ty(&f.ty), &parse_ty(&d.ty.to_string())) => errors
                    .push(format!(
                        "{}.{} is `{}` in Rust but `{}` in the schema",
                        input.name, f.name, f.ty, d.ty
                    )),
                Some(_) => {}
            }
        }
        for (name, d) in &def.fields {
            let required = d.ty.is_non_null() && d.default_value.is_none();
            if required && !input.fields.iter().any(|f| f.name == name.as_str()) {
                errors.push(format!(
                    "{} has no field for required `{name}: {}`",
                    input.name, d.ty
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The real schema's text, or `None` (printing SKIPPED) when `../shared` is absent.
/// With `CI` set, an absent schema fails the test instead of skipping it.
fn shared_schema_sdl() -> Option<String> {
    let path = workspace_root().join("../shared/authing/schema.graphql");
    shared_schema_or_skip(&path, std::env::var_os("CI").is_some())
}

fn shared_schema_or_skip(path: &std::path::Path, ci: bool) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(sdl) => Some(sdl),
        Err(e) if ci => panic!("CI is set and {} cannot be read: {e}", path.display()),
        Err(_) => {
            println!("SKIPPED: {} is absent", path.display());
            None
        }
    }
}

#[test]
fn an_absent_schema_skips_locally_and_fails_in_ci() {
    let absent = workspace_root().join("no-such-dir/schema.graphql");
    assert_eq!(shared_schema_or_skip(&absent, false), None);
    let in_ci = std::panic::catch_unwind(|| shared_schema_or_skip(&absent, true));
    assert!(in_ci.is_err(), "an absent schema must fail when CI is set");
}

fn real_schema() -> Option<Valid<Schema>> {
    let sdl = shared_schema_sdl()?;
    Some(parse_schema("shared/authing/schema.graphql", &sdl))
}

/// The real schema when present, else the emulator's (for the tests of the checker).
fn some_schema() -> Valid<Schema> {
    real_schema()
        .unwrap_or_else(|| parse_schema("emulator schema", &authing_emulator::schema_sdl()))
}

#[test]
fn variables_structs_match_the_documents() {
    let Some(schema) = real_schema() else {
        return;
    };
    let ops = operations();
    let mut failures = Vec::new();
    let mut inputs = 0;
    for (client, op) in &ops {
        if let Some(info) = op.variables {
            inputs += (info.input_objects)().len();
        }
        if let Err(errors) = check_variables(&schema, op) {
            failures.push(format!("{client} {}:\n  {}", op.name, errors.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations have variables that do not match:\n{}",
        failures.len(),
        ops.len(),
        failures.join("\n")
    );
    assert!(
        inputs >= 7,
        "the login and register inputs are described field by field"
    );
    println!("{} variables structs match their documents", ops.len());
}

authing_core::variables! {
    /// `assignRole` with `roleCode` for `$roleCodes`: the misspelling of the issue.
    struct MisspelledAssignRole<'a> {
        namespace: Option<&'a str>,
        roleCode: &'a [String],
        userIds: &'a [String],
    }
}

authing_core::variables! {
    /// `deleteRole` with `code` optional (the document says `String!`) and no
    /// `namespace`.
    struct LooseDeleteRole<'a> {
        code: Option<&'a str>,
    }
}

authing_core::variables! {
    /// `users` with `page` as a boolean.
    struct MistypedUsers {
        page: bool,
        limit: i32,
    }
}

authing_core::input_object! {
    /// `LoginByEmailInput` with `autoRegistr` and without the required `password`.
    struct BadLoginInput<'a> as "LoginByEmailInput" {
        email: &'a str,
        autoRegistr: Option<bool>,
    }
}

authing_core::variables! {
    /// Variables of `loginByEmail` around the bad input.
    struct BadLoginVars<'a> {
        input: BadLoginInput<'a>,
    }
}

/// The check fails on a deliberately wrong struct: a misspelled key, a missing
/// variable, a wrong nullability, a wrong type, a wrong input-object key and a missing
/// required input field are each reported.
#[test]
fn a_wrong_variables_struct_fails_the_check() {
    let schema = some_schema();
    // The real structs pass.
    for op in [
        &mgmt_ops::ASSIGN_ROLE,
        &mgmt_ops::DELETE_ROLE,
        &mgmt_ops::USERS,
    ] {
        check_variables(&schema, op).unwrap();
    }

    let wrong = mgmt_ops::ASSIGN_ROLE.with_variables::<MisspelledAssignRole<'static>>();
    let errors = check_variables(&schema, &wrong).unwrap_err().join("\n");
    assert!(
        errors.contains("MisspelledAssignRole.roleCode is not a variable"),
        "{errors}"
    );
    assert!(
        errors.contains("no field for `$roleCodes: [String]`"),
        "{errors}"
    );

    let wrong = mgmt_ops::DELETE_ROLE.with_variables::<LooseDeleteRole<'static>>();
    let errors = check_variables(&schema, &wrong).unwrap_err().join("\n");
    assert!(
        errors.contains("LooseDeleteRole.code is `String` in Rust but `$code: String!`"),
        "{errors}"
    );
    assert!(
        errors.contains("no field for `$namespace: String`"),
        "{errors}"
    );

    let wrong = mgmt_ops::USERS.with_variables::<MistypedUsers>();
    let errors = check_variables(&schema, &wrong).unwrap_err().join("\n");
    assert!(
        errors.contains("MistypedUsers.page is `Boolean!` in Rust but `$page: Int`"),
        "{errors}"
    );

    if real_schema().is_some() {
        let wrong = auth_ops::LOGIN_BY_EMAIL.with_variables::<BadLoginVars<'static>>();
        let errors = check_variables(&schema, &wrong).unwrap_err().join("\n");
        assert!(
            errors.contains("LoginByEmailInput.autoRegistr is not a field"),
            "{errors}"
        );
        assert!(
            errors.contains("no field for required `password: String!`"),
            "{errors}"
        );
    }

    let none = Operation::query("users", "users", mgmt_ops::USERS.document)
        .with_fragments(mgmt_ops::USERS.fragments);
    assert!(check_variables(&schema, &none).is_err());
}

/// What the variables structs send: `None` is `null` (the transport drops it), raw identifiers lose
/// their `r#`, and the names are exactly the field identifiers.
#[test]
fn variables_serialize_under_their_document_names() {
    authing_core::variables! {
        struct Sample<'a> {
            ids: &'a [String],
            r#type: Option<&'a str>,
            externalId: Option<&'a str>,
        }
    }
    let ids = ["a".to_owned()];
    let v = serde_json::to_value(Sample {
        ids: &ids,
        r#type: Some("email"),
        externalId: None,
    })
    .unwrap();
    assert_eq!(
        v,
        serde_json::json!({"ids": ["a"], "type": "email", "externalId": null})
    );
    use authing_core::vars::Variables;
    let names: Vec<_> = Sample::fields().into_iter().map(|f| f.name).collect();
    assert_eq!(names, ["ids", "type", "externalId"]);
}
