//! The emulator schema is a compatible subset of Authing's v2 schema: every type, field,
//! argument and enum value it exposes exists in `shared/authing/schema.graphql` with the
//! same type and nullability.

use apollo_compiler::Schema;
use apollo_compiler::schema::ExtendedType;

const REAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/authing/schema.graphql"
);

fn parse(src: String, name: &str) -> Schema {
    match Schema::parse(src, name) {
        Ok(s) => s,
        Err(e) => e.partial,
    }
}

#[test]
fn emulator_sdl_is_valid_graphql() {
    let sdl = authing_emulator::schema_sdl();
    if let Err(e) = Schema::parse_and_validate(sdl, "emulator.graphql") {
        panic!("emulator SDL does not validate: {}", e.errors);
    }
}

#[test]
fn emulator_schema_is_compatible_with_authing() {
    let Ok(real_src) = std::fs::read_to_string(REAL) else {
        // CI has the reference schema beside the checkout: there a missing file is a
        // broken set-up, not a reason to pass.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but the reference schema {REAL} is absent"
        );
        println!("SKIPPED: the schema compatibility check: {REAL} is absent");
        return;
    };
    let real = parse(real_src, "schema.graphql");
    let emu = parse(authing_emulator::schema_sdl(), "emulator.graphql");
    let mut problems = Vec::new();
    let mut checked = 0usize;
    for (name, ty) in &emu.types {
        if ty.is_built_in() || name.starts_with("__") {
            continue;
        }
        let Some(rty) = real.types.get(name) else {
            problems.push(format!("type {name} does not exist in Authing's schema"));
            continue;
        };
        match (ty, rty) {
            (ExtendedType::Object(o), ExtendedType::Object(r)) => {
                for (fname, f) in &o.fields {
                    checked += 1;
                    let Some(rf) = r.fields.get(fname) else {
                        problems.push(format!("{name}.{fname} does not exist"));
                        continue;
                    };
                    if f.ty != rf.ty {
                        problems.push(format!("{name}.{fname}: {} vs Authing {}", f.ty, rf.ty));
                    }
                    for a in &f.arguments {
                        match rf.arguments.iter().find(|x| x.name == a.name) {
                            None => {
                                problems.push(format!("{name}.{fname}({}) does not exist", a.name))
                            }
                            Some(ra) if ra.ty != a.ty => problems.push(format!(
                                "{name}.{fname}({}): {} vs Authing {}",
                                a.name, a.ty, ra.ty
                            )),
                            _ => {}
                        }
                    }
                    for ra in &rf.arguments {
                        if ra.ty.is_non_null()
                            && ra.default_value.is_none()
                            && !f.arguments.iter().any(|a| a.name == ra.name)
                        {
                            problems.push(format!(
                                "{name}.{fname} lacks required argument {}",
                                ra.name
                            ));
                        }
                    }
                }
            }
            (ExtendedType::InputObject(o), ExtendedType::InputObject(r)) => {
                for (fname, f) in &o.fields {
                    checked += 1;
                    match r.fields.get(fname) {
                        None => problems.push(format!("input {name}.{fname} does not exist")),
                        Some(rf) if rf.ty != f.ty => problems.push(format!(
                            "input {name}.{fname}: {} vs Authing {}",
                            f.ty, rf.ty
                        )),
                        _ => {}
                    }
                }
                for (fname, rf) in &r.fields {
                    if rf.ty.is_non_null()
                        && rf.default_value.is_none()
                        && !o.fields.contains_key(fname)
                    {
                        problems.push(format!("input {name} lacks required field {fname}"));
                    }
                }
            }
            (ExtendedType::Enum(o), ExtendedType::Enum(r)) => {
                for v in o.values.keys() {
                    checked += 1;
                    if !r.values.contains_key(v) {
                        problems.push(format!("enum {name} value {v} does not exist"));
                    }
                }
            }
            (ExtendedType::Scalar(_), ExtendedType::Scalar(_)) => {}
            _ => problems.push(format!("type {name} has a different kind")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} incompatibilities:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 300, "checked only {checked} members");
    println!("schema compatible: {checked} fields/arguments/values checked");
}
