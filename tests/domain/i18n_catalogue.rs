//! Every language has exactly the messages English has, with the same attributes and the same
//! arguments, and every file parses cleanly: a missing or extra message fails here, not in front
//! of an administrator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

type Catalogue = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

fn variables_in_pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, out);
        }
    }
}

fn variables_in_expression(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            variables_in_inline(selector, out);
            for v in variants {
                variables_in_pattern(&v.value, out);
            }
        }
        Expression::Inline(i) => variables_in_inline(i, out),
    }
}

fn variables_in_inline(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                variables_in_inline(a, out);
            }
            for a in &arguments.named {
                variables_in_inline(&a.value, out);
            }
        }
        InlineExpression::Placeable { expression } => variables_in_expression(expression, out),
        _ => {}
    }
}

/// Message (and term) ids with their attribute names and the variables they use.
fn catalogue(lang: &str) -> Catalogue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("i18n/{lang}/ksc-link.ftl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}: syntax errors: {errors:?}", path.display()),
    };
    let mut out = Catalogue::new();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
            Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            Entry::Junk { content } => panic!("{}: cannot parse {content:?}", path.display()),
            _ => continue,
        };
        let mut vars = BTreeSet::new();
        if let Some(v) = value {
            variables_in_pattern(v, &mut vars);
        }
        let mut attrs = BTreeSet::new();
        for a in attributes {
            attrs.insert(a.id.name.to_string());
            variables_in_pattern(&a.value, &mut vars);
        }
        assert!(
            out.insert(id.clone(), (attrs, vars)).is_none(),
            "{}: {id} is defined twice",
            path.display()
        );
    }
    out
}

#[test]
fn every_language_has_exactly_the_english_messages() {
    let english = catalogue("en");
    assert!(english.len() > 3, "the English catalogue is nearly empty");
    let mut problems = Vec::new();
    for (lang, _) in ksc_link::i18n::LANGUAGES.iter().filter(|(t, _)| *t != "en") {
        let other = catalogue(lang);
        for (id, (attrs, vars)) in &english {
            match other.get(id) {
                None => problems.push(format!("{lang}: missing {id}")),
                Some((a, v)) => {
                    if a != attrs {
                        problems.push(format!(
                            "{lang}: {id} has attributes {a:?}, English {attrs:?}"
                        ));
                    }
                    if v != vars {
                        problems.push(format!("{lang}: {id} uses {v:?}, English uses {vars:?}"));
                    }
                }
            }
        }
        for id in other.keys().filter(|id| !english.contains_key(*id)) {
            problems.push(format!("{lang}: {id} is not in English"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_language_folder_is_one_the_app_speaks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    let known: BTreeSet<&str> = ksc_link::i18n::LANGUAGES.iter().map(|(t, _)| *t).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            known.contains(name.as_str()),
            "i18n/{name} is not in i18n::LANGUAGES"
        );
    }
    for tag in &known {
        assert!(
            dir.join(tag).join("ksc-link.ftl").is_file(),
            "i18n/{tag}/ksc-link.ftl is missing"
        );
    }
}
