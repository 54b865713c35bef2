//! Issue 11, "no input drops a connection" as a property: for every argument of every
//! Query/Mutation root field of the emulator's own SDL, arbitrary values (typed to fit,
//! plus some wrongly typed ones) sent with a management token get HTTP 200/400 with a
//! well-formed JSON body (`data` or `errors`), never a dropped connection or a 5xx.
//!
//! Bounded: about 200 cases in total (at least 2 per root field), few shrink steps.

use std::sync::Arc;

use apollo_compiler::Schema;
use apollo_compiler::schema::{ExtendedType, Type};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRng, TestRunner};
use serde_json::{Map, Value, json};

const TOTAL_CASES: u32 = 200;
const RICH_CASES: u32 = 8;

struct RootField {
    op: &'static str,
    name: String,
    /// `(name, GraphQL type text)`.
    args: Vec<(String, String)>,
    /// `{ __typename }` for composite results, empty for leaves.
    selection: &'static str,
    /// Has an input-object argument (gets more cases).
    rich: bool,
    strategy: BoxedStrategy<Value>,
}

fn odd_string() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "\\PC{0,24}",
        3 => "[0-9]{4}-[0-9]{2}-[0-9é]{1,3}(T[0-9:]{0,8})?([+-][0-9]{2}:[0-9]{2}|Z)?",
        1 => "[0-9]{1,13}",
        1 => "[ -~]{0,12}",
        1 => Just(String::new()),
        1 => Just("[{\"key\": 1}]".to_string()),
        2 => Just("2021-01-0é1".to_string()),
        2 => Just("2021-01-01T00:00:00+99:99".to_string()),
    ]
    .boxed()
}

fn odd_int() -> BoxedStrategy<Value> {
    prop_oneof![
        any::<i32>().prop_map(Value::from),
        Just(Value::from(i32::MAX)),
        Just(Value::from(i32::MIN)),
        Just(Value::from(0)),
        (-3i32..1000).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
    ]
    .boxed()
}

fn wrongly_typed() -> BoxedStrategy<Value> {
    prop_oneof![
        odd_string().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(json!({"x": 1})),
        Just(json!([1, "a", null])),
    ]
    .boxed()
}

fn named_value(schema: &Schema, name: &str, depth: u32) -> BoxedStrategy<Value> {
    // inside input objects values fit their type (so that requests reach the resolvers);
    // wrongly typed values are tried at argument level only
    match name {
        "String" | "ID" => odd_string().prop_map(Value::from).boxed(),
        "Int" => odd_int(),
        "Float" => prop_oneof![
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            Just(Value::from(1e300)),
            Just(Value::from(-0.5)),
        ]
        .boxed(),
        "Boolean" => any::<bool>().prop_map(Value::from).boxed(),
        _ => match schema.types.get(name) {
            Some(ExtendedType::Enum(e)) => {
                let values: Vec<Value> = e.values.keys().map(|k| Value::from(k.as_str())).collect();
                prop_oneof![
                    4 => proptest::sample::select(values),
                    1 => odd_string().prop_map(Value::from),
                ]
                .boxed()
            }
            Some(ExtendedType::InputObject(o)) if depth < 3 => {
                let fields: Vec<(String, BoxedStrategy<Option<Value>>)> = o
                    .fields
                    .iter()
                    .map(|(fname, f)| {
                        let v = fitting_value(schema, &f.ty, depth + 1);
                        let s = if f.ty.is_non_null() {
                            v.prop_map(Some).boxed()
                        } else {
                            proptest::option::weighted(0.5, v).boxed()
                        };
                        (fname.to_string(), s)
                    })
                    .collect();
                let (names, strats): (Vec<String>, Vec<_>) = fields.into_iter().unzip();
                strats
                    .prop_map(move |vals| {
                        let mut m = Map::new();
                        for (n, v) in names.iter().zip(vals) {
                            if let Some(v) = v {
                                m.insert(n.clone(), v);
                            }
                        }
                        Value::Object(m)
                    })
                    .boxed()
            }
            // custom scalars (e.g. JSON-ish) and too-deep inputs: anything
            _ => wrongly_typed(),
        },
    }
}

fn fitting_value(schema: &Schema, ty: &Type, depth: u32) -> BoxedStrategy<Value> {
    match ty {
        Type::Named(n) | Type::NonNullNamed(n) => named_value(schema, n.as_str(), depth),
        Type::List(inner) | Type::NonNullList(inner) => {
            proptest::collection::vec(fitting_value(schema, inner, depth + 1), 0..3)
                .prop_map(Value::Array)
                .boxed()
        }
    }
}

/// An argument value: mostly fitting its type, sometimes null or wrongly typed.
fn arg_value(schema: &Schema, ty: &Type) -> BoxedStrategy<Value> {
    let fitting = fitting_value(schema, ty, 0);
    if ty.is_non_null() {
        prop_oneof![20 => fitting, 1 => wrongly_typed(), 1 => Just(Value::Null)].boxed()
    } else {
        prop_oneof![16 => fitting, 3 => Just(Value::Null), 1 => wrongly_typed()].boxed()
    }
}

fn root_fields(schema: &Schema) -> Vec<RootField> {
    let mut out = Vec::new();
    for (op, ty_name) in [("query", "Query"), ("mutation", "Mutation")] {
        let Some(ExtendedType::Object(obj)) = schema.types.get(ty_name) else {
            continue;
        };
        for (fname, f) in &obj.fields {
            if fname.as_str().starts_with("__") {
                continue;
            }
            let composite = matches!(
                schema.types.get(f.ty.inner_named_type().as_str()),
                Some(ExtendedType::Object(_) | ExtendedType::Interface(_) | ExtendedType::Union(_))
            );
            let args: Vec<(String, String)> = f
                .arguments
                .iter()
                .map(|a| (a.name.to_string(), a.ty.to_string()))
                .collect();
            let strats: Vec<(String, BoxedStrategy<Value>)> = f
                .arguments
                .iter()
                .map(|a| (a.name.to_string(), arg_value(schema, &a.ty)))
                .collect();
            let (names, strats): (Vec<String>, Vec<_>) = strats.into_iter().unzip();
            let strategy = strats
                .prop_map(move |vals| {
                    Value::Object(names.iter().cloned().zip(vals).collect::<Map<_, _>>())
                })
                .boxed();
            let rich = f.arguments.iter().any(|a| {
                matches!(
                    schema.types.get(a.ty.inner_named_type().as_str()),
                    Some(ExtendedType::InputObject(_))
                )
            });
            out.push(RootField {
                rich,
                op,
                name: fname.to_string(),
                args,
                selection: if composite { "{ __typename }" } else { "" },
                strategy,
            });
        }
    }
    out
}

fn document(f: &RootField) -> String {
    let decl: Vec<String> = f.args.iter().map(|(n, t)| format!("${n}: {t}")).collect();
    let pass: Vec<String> = f.args.iter().map(|(n, _)| format!("{n}: ${n}")).collect();
    let decl = if decl.is_empty() {
        String::new()
    } else {
        format!("({})", decl.join(", "))
    };
    let pass = if pass.is_empty() {
        String::new()
    } else {
        format!("({})", pass.join(", "))
    };
    format!("{}{decl} {{ {}{pass} {} }}", f.op, f.name, f.selection)
}

#[test]
fn every_root_field_answers_arbitrary_arguments() {
    let sdl = authing_emulator::schema_sdl();
    let schema = Schema::parse_and_validate(sdl, "emulator.graphql").expect("emulator SDL valid");
    let fields = root_fields(&schema);
    assert!(fields.len() > 20, "only {} root fields", fields.len());
    // rich fields (input objects) get RICH_CASES each, the others share the rest (>= 2)
    let rich = fields.iter().filter(|f| f.rich).count() as u32;
    let plain = fields.len() as u32 - rich;
    let plain_cases = (TOTAL_CASES.saturating_sub(rich * RICH_CASES) / plain.max(1)).max(2);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emu = rt
        .block_on(authing_emulator::Emulator::builder().start())
        .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/graphql/v2", emu.url());
    let pool = emu.user_pool_id().to_string();
    let admin: String = rt.block_on(async {
        let v: Value = http
            .post(&url)
            .header("x-authing-userpool-id", &pool)
            .json(&json!({
                "query": "query($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken } }",
                "variables": {"p": pool, "s": emu.secret()},
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["data"]["accessToken"]["accessToken"].as_str().unwrap().to_string()
    });
    let rt = Arc::new(rt);
    let reached = std::sync::atomic::AtomicU32::new(0);
    let sent = std::sync::atomic::AtomicU32::new(0);

    for f in &fields {
        let doc = document(f);
        let config = Config {
            cases: if f.rich { RICH_CASES } else { plain_cases },
            max_shrink_iters: 32,
            failure_persistence: None,
            ..Config::default()
        };
        // deterministic, so that a failure reproduces run after run
        let rng = TestRng::deterministic_rng(config.rng_algorithm);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let result = runner.run(&f.strategy, |vars| {
            let body = json!({"query": doc, "variables": vars});
            let (status, text) = rt
                .block_on(async {
                    let resp = http
                        .post(&url)
                        .header("x-authing-userpool-id", &pool)
                        .bearer_auth(&admin)
                        .json(&body)
                        .send()
                        .await?;
                    let status = resp.status().as_u16();
                    Ok::<_, reqwest::Error>((status, resp.text().await?))
                })
                .map_err(|e| TestCaseError::fail(format!("connection dropped: {e}")))?;
            prop_assert!(
                status == 200 || status == 400,
                "HTTP {status}: {}",
                &text[..text.len().min(300)]
            );
            let v: Value = serde_json::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("body not JSON ({e}): {text}")))?;
            prop_assert!(
                v.get("data").is_some() || v.get("errors").is_some(),
                "neither data nor errors: {text}"
            );
            sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            // executed: data present, or an error raised by a resolver (it has a path)
            if !v["data"].is_null() || v["errors"][0].get("path").is_some() {
                reached.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}.{}: {e}\n  document: {doc}", f.op, f.name);
        }
    }
    let (sent, reached) = (sent.into_inner(), reached.into_inner());
    println!(
        "{sent} requests over {} root fields, {reached} executed",
        fields.len()
    );
    // the generator must mostly produce requests that pass validation
    assert!(
        reached * 3 >= sent,
        "only {reached} of {sent} requests reached a resolver"
    );
    drop(emu);
}
