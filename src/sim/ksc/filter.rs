//! Search filters of the `Find*` methods: the LDAP/RFC-2254 style the KSC Open API uses, e.g.
//! `(&(KLSRVH_SRV_GROUPID=5)(KLSRVH_SRV_DN="Berlin*"))`.
//!
//! Supported: `&`, `|`, `!`; comparisons `=`, `<>` (and `!=`), `<`, `<=`, `>`, `>=`; values quoted
//! (`"…"`, with `\"` escapes, optionally prefixed `T` for datetimes as in `T"2024-01-01T00:00:00Z"`)
//! or bare; `*` wildcards in string equality. A single comparison may stand without parentheses
//! (`KLHST_WKS_DN = "WIN*"`, as some scripts send). An empty filter matches everything.

use crate::wire::value::parse_datetime;
use crate::wire::{Params, Value};

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `=` (with `*` wildcards for strings).
    Eq,
    /// `<>` or `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// A parsed filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Matches everything.
    All,
    /// Every sub-filter matches.
    And(Vec<Filter>),
    /// Any sub-filter matches.
    Or(Vec<Filter>),
    /// The sub-filter does not match.
    Not(Box<Filter>),
    /// `attr op value`.
    Cmp {
        /// Attribute name.
        attr: String,
        /// Operator.
        op: Op,
        /// Value as written (unquoted).
        value: String,
    },
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn err(&self, what: &str) -> String {
        format!("filter syntax error at position {}: {what}", self.pos)
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(&format!("expected '{}'", c as char)))
        }
    }

    fn filter(&mut self) -> Result<Filter, String> {
        self.ws();
        if self.peek() == Some(b'(') {
            self.pos += 1;
            let f = self.inner()?;
            self.expect(b')')?;
            Ok(f)
        } else {
            self.comparison()
        }
    }

    fn list(&mut self) -> Result<Vec<Filter>, String> {
        let mut v = Vec::new();
        loop {
            self.ws();
            if self.peek() != Some(b'(') {
                break;
            }
            v.push(self.filter()?);
        }
        if v.is_empty() {
            return Err(self.err("expected at least one '(…)' operand"));
        }
        Ok(v)
    }

    fn inner(&mut self) -> Result<Filter, String> {
        self.ws();
        match self.peek() {
            Some(b'&') => {
                self.pos += 1;
                Ok(Filter::And(self.list()?))
            }
            Some(b'|') => {
                self.pos += 1;
                Ok(Filter::Or(self.list()?))
            }
            Some(b'!') if self.s.get(self.pos + 1) != Some(&b'=') => {
                self.pos += 1;
                Ok(Filter::Not(Box::new(self.filter()?)))
            }
            _ => self.comparison(),
        }
    }

    fn comparison(&mut self) -> Result<Filter, String> {
        self.ws();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' {
                self.pos += 1;
            } else if c == b' ' && self.text[start..self.pos].ends_with("KLGRP_HlfInherited") {
                // The attribute "KLGRP_HlfInherited " has a trailing space in its name.
                self.pos += 1;
            } else {
                break;
            }
        }
        let attr = self.text[start..self.pos].to_string();
        if attr.is_empty() {
            return Err(self.err("expected an attribute name"));
        }
        self.ws();
        let rest = &self.s[self.pos..];
        let (op, len) = if rest.starts_with(b"<>") || rest.starts_with(b"!=") {
            (Op::Ne, 2)
        } else if rest.starts_with(b"<=") {
            (Op::Le, 2)
        } else if rest.starts_with(b">=") {
            (Op::Ge, 2)
        } else if rest.starts_with(b"<") {
            (Op::Lt, 1)
        } else if rest.starts_with(b">") {
            (Op::Gt, 1)
        } else if rest.starts_with(b"=") {
            (Op::Eq, 1)
        } else {
            return Err(self.err(&format!("expected a comparison after {attr:?}")));
        };
        self.pos += len;
        self.ws();
        let value = self.value()?;
        Ok(Filter::Cmp { attr, op, value })
    }

    fn value(&mut self) -> Result<String, String> {
        if self.peek() == Some(b'T') && self.s.get(self.pos + 1) == Some(&b'"') {
            self.pos += 1;
        }
        if self.peek() == Some(b'"') {
            self.pos += 1;
            let mut out = String::new();
            let mut chars = self.text[self.pos..].char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        self.pos += i + 1;
                        return Ok(out);
                    }
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            out.push(n);
                        }
                    }
                    c => out.push(c),
                }
            }
            Err(self.err("unterminated quoted value"))
        } else {
            let start = self.pos;
            while let Some(c) = self.peek() {
                if c == b')' {
                    break;
                }
                self.pos += 1;
            }
            Ok(self.text[start..self.pos].trim().to_string())
        }
    }
}

/// Parses a filter; an empty or blank text matches everything.
pub fn parse(text: &str) -> Result<Filter, String> {
    if text.trim().is_empty() {
        return Ok(Filter::All);
    }
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
    };
    let f = p.filter()?;
    p.ws();
    if p.pos != p.s.len() {
        return Err(p.err("unexpected text after the filter"));
    }
    Ok(f)
}

/// Glob match with `*` (any run) and case-insensitive comparison, as KSC compares names.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn ordering(v: &Value, want: &str) -> Option<std::cmp::Ordering> {
    match v {
        Value::Int(_) | Value::Long(_) => {
            let n = want.trim().parse::<i64>().ok()?;
            v.as_i64().map(|x| x.cmp(&n))
        }
        Value::Float(_) | Value::Double(_) => {
            let n = want.trim().parse::<f64>().ok()?;
            let x = match v {
                Value::Float(f) => f64::from(*f),
                Value::Double(d) => *d,
                _ => return None,
            };
            x.partial_cmp(&n)
        }
        Value::Bool(b) => {
            let w = match want.trim().to_ascii_lowercase().as_str() {
                "1" | "true" => true,
                "0" | "false" => false,
                _ => return None,
            };
            Some(b.cmp(&w))
        }
        Value::DateTime(t) => parse_datetime(want.trim()).map(|w| t.cmp(&w)),
        Value::String(s) => Some(s.to_lowercase().cmp(&want.to_lowercase())),
        _ => None,
    }
}

impl Filter {
    /// True when the record matches. A comparison on a missing attribute is false (and so
    /// its negation true).
    pub fn matches(&self, rec: &Params) -> bool {
        self.matches_with(rec, &|_, _, _| None)
    }

    /// Like [`Filter::matches`], but `hook(attr, op, value)` may decide a comparison itself
    /// (for computed attributes such as a set of ancestor groups).
    pub fn matches_with(
        &self,
        rec: &Params,
        hook: &dyn Fn(&str, Op, &str) -> Option<bool>,
    ) -> bool {
        match self {
            Filter::All => true,
            Filter::And(v) => v.iter().all(|f| f.matches_with(rec, hook)),
            Filter::Or(v) => v.iter().any(|f| f.matches_with(rec, hook)),
            Filter::Not(f) => !f.matches_with(rec, hook),
            Filter::Cmp { attr, op, value } => {
                if let Some(decided) = hook(attr, *op, value) {
                    return decided;
                }
                let Some(v) = rec.get(attr) else {
                    return false;
                };
                if let (Value::String(s), Op::Eq | Op::Ne) = (v, op) {
                    let eq = glob(value, s);
                    return if *op == Op::Eq { eq } else { !eq };
                }
                let Some(o) = ordering(v, value) else {
                    return false;
                };
                use std::cmp::Ordering::*;
                match op {
                    Op::Eq => o == Equal,
                    Op::Ne => o != Equal,
                    Op::Lt => o == Less,
                    Op::Le => o != Greater,
                    Op::Gt => o == Greater,
                    Op::Ge => o != Less,
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn rec() -> Params {
        Params::new()
            .with("id", 5)
            .with("name", "Berlin")
            .with("KLSRVH_SRV_STATUS", 1)
            .with("flag", true)
    }

    #[test]
    fn documented_forms() {
        let r = rec();
        for (f, want) in [
            ("", true),
            ("(name=\"Berlin\")", true),
            ("(name=berlin)", true),
            ("(name=\"Ber*\")", true),
            ("(name=\"*lin\")", true),
            ("(name=\"M*\")", false),
            ("(id=5)", true),
            ("(id>4)", true),
            ("(id<=4)", false),
            ("(&(id=5)(name=\"B*\"))", true),
            ("(&(id=5)(name=\"X\"))", false),
            ("(|(id=6)(name=\"Berlin\"))", true),
            ("(!(id=5))", false),
            ("(id<>5)", false),
            ("(flag=1)", true),
            ("(missing=1)", false),
            ("name = \"B*\"", true),
            ("(  & ( id = 5 ) ( KLSRVH_SRV_STATUS = 1 ) )", true),
        ] {
            assert_eq!(parse(f).unwrap().matches(&r), want, "{f}");
        }
    }

    #[test]
    fn syntax_errors_say_where() {
        for bad in [
            "(",
            "(id=5",
            "(&)",
            "(=5)",
            "(id 5)",
            "(id=5))",
            "(name=\"x)",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains("position"), "{bad}: {e}");
        }
    }

    #[test]
    fn hook_decides_computed_attributes() {
        let f = parse("(&(GP=3)(name=\"x\"))").unwrap();
        let r = Params::new().with("name", "x");
        assert!(!f.matches(&r));
        let hook = |a: &str, op: Op, v: &str| (a == "GP").then(|| op == Op::Eq && v == "3");
        assert!(f.matches_with(&r, &hook));
    }
}
