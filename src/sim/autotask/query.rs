//! The simulated query engine: parses a `QueryModel` with case-insensitive property, field and
//! operator names (as the real service accepts them) and evaluates its filter on records.
//!
//! String comparisons ignore case, as the tenant database's collation does; numbers compare as
//! numbers; booleans must be literal `true`/`false`; `null` values need `exist`/`notExist`.

use serde_json::{Map, Value};

/// The largest and default page size.
pub const MAX_RECORDS: usize = 500;

/// A comparison or list operator, or a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Equal.
    Eq,
    /// Not equal.
    NotEq,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Gte,
    /// Less than.
    Lt,
    /// Less than or equal.
    Lte,
    /// String prefix.
    BeginsWith,
    /// String suffix.
    EndsWith,
    /// Substring.
    Contains,
    /// Not null.
    Exist,
    /// Null.
    NotExist,
    /// In a list.
    In,
    /// Not in a list.
    NotIn,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "noteq" => Op::NotEq,
            "gt" => Op::Gt,
            "gte" => Op::Gte,
            "lt" => Op::Lt,
            "lte" => Op::Lte,
            "beginswith" => Op::BeginsWith,
            "endswith" => Op::EndsWith,
            "contains" => Op::Contains,
            "exist" => Op::Exist,
            "notexist" => Op::NotExist,
            "in" => Op::In,
            "notin" => Op::NotIn,
            _ => return None,
        })
    }
}

/// One node of a filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A condition on a field.
    Cond {
        /// The operator.
        op: Op,
        /// The field's canonical name (or the UDF's name).
        field: String,
        /// Whether it names a user-defined field.
        udf: bool,
        /// The operand.
        value: Value,
    },
    /// `and` (true) or `or` (false) over the items.
    Group {
        /// `and` when true.
        all: bool,
        /// The items.
        items: Vec<Node>,
    },
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Page size, 1–500.
    pub max_records: usize,
    /// Canonical names of the fields to return; `None` = all.
    pub include_fields: Option<Vec<String>>,
    /// Conditions, all of which must hold.
    pub filter: Vec<Node>,
}

/// Looks a property up ignoring ASCII case.
pub fn get_ci<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.get(name).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The canonical spelling of `name` among `fields`.
fn canonical<'a>(fields: &'a [String], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| f.eq_ignore_ascii_case(name))
        .map(String::as_str)
}

/// Parses a `QueryModel` body against the entity's field names (`entity` names the entity in
/// messages).
pub fn parse(body: &Value, fields: &[String], entity: &str) -> Result<Query, String> {
    let obj = body
        .as_object()
        .ok_or_else(|| "The query must be a JSON object.".to_string())?;
    let max_records = match get_ci(obj, "maxRecords") {
        None | Some(Value::Null) => MAX_RECORDS,
        Some(v) => match v.as_u64() {
            Some(n) if (1..=MAX_RECORDS as u64).contains(&n) => n as usize,
            _ => return Err(format!("MaxRecords must be between 1 and {MAX_RECORDS}.")),
        },
    };
    let include_fields = match get_ci(obj, "includeFields") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) if a.is_empty() => None,
        Some(Value::Array(a)) => {
            let mut out = Vec::new();
            for f in a {
                let name = f
                    .as_str()
                    .ok_or_else(|| "IncludeFields must list field names.".to_string())?;
                let c = canonical(fields, name).ok_or_else(|| unknown_field(name, entity))?;
                if !out.iter().any(|o: &String| o == c) {
                    out.push(c.to_string());
                }
            }
            Some(out)
        }
        Some(_) => return Err("IncludeFields must be an array.".into()),
    };
    let filter = match get_ci(obj, "filter") {
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|n| parse_node(n, fields, entity, 0))
            .collect::<Result<Vec<_>, _>>()?,
        _ => return Err("A filter is required: at least one filter condition.".into()),
    };
    Ok(Query {
        max_records,
        include_fields,
        filter,
    })
}

fn unknown_field(name: &str, entity: &str) -> String {
    format!("Unable to find {name} in the {entity} entity.")
}

fn parse_node(v: &Value, fields: &[String], entity: &str, depth: usize) -> Result<Node, String> {
    if depth > 32 {
        return Err("Filter groups are nested too deeply.".into());
    }
    let obj = v
        .as_object()
        .ok_or_else(|| "Each filter item must be an object.".to_string())?;
    let op_text = get_ci(obj, "op")
        .and_then(Value::as_str)
        .ok_or_else(|| "Each filter item needs an op.".to_string())?;
    let lower = op_text.to_ascii_lowercase();
    if lower == "and" || lower == "or" {
        let items = match get_ci(obj, "items") {
            Some(Value::Array(a)) if !a.is_empty() => a
                .iter()
                .map(|n| parse_node(n, fields, entity, depth + 1))
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err(format!("The {op_text} group needs items.")),
        };
        return Ok(Node::Group {
            all: lower == "and",
            items,
        });
    }
    let op = Op::parse(op_text).ok_or_else(|| format!("{op_text} is not a valid operator."))?;
    let field_name = get_ci(obj, "field")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("The {op_text} condition needs a field."))?;
    let udf = matches!(get_ci(obj, "udf"), Some(Value::Bool(true)));
    let field = if udf {
        field_name.to_string()
    } else {
        canonical(fields, field_name)
            .ok_or_else(|| unknown_field(field_name, entity))?
            .to_string()
    };
    let value = get_ci(obj, "value").cloned().unwrap_or(Value::Null);
    match op {
        Op::Exist | Op::NotExist => {}
        Op::In | Op::NotIn => {
            let ok = value
                .as_array()
                .is_some_and(|a| !a.is_empty() && a.iter().all(|x| x.is_string() || x.is_number()));
            if !ok {
                return Err(format!(
                    "The {op_text} condition on {field} needs a non-empty array of values."
                ));
            }
        }
        _ => {
            if value.is_null() || value.is_array() || value.is_object() {
                return Err(format!(
                    "The {op_text} condition on {field} needs a single value (use exist or notExist for null)."
                ));
            }
        }
    }
    Ok(Node::Cond {
        op,
        field,
        udf,
        value,
    })
}

/// The value of a condition's field in a record (a UDF is looked up in `userDefinedFields`).
fn field_value<'a>(record: &'a Map<String, Value>, field: &str, udf: bool) -> &'a Value {
    static NULL: Value = Value::Null;
    if udf {
        return record
            .get("userDefinedFields")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter().find(|u| {
                    u.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| n.eq_ignore_ascii_case(field))
                })
            })
            .and_then(|u| u.get("value"))
            .unwrap_or(&NULL);
    }
    record.get(field).unwrap_or(&NULL)
}

/// Orders a record's value against an operand: numbers as numbers, booleans only against
/// literal booleans, everything else as case-insensitive text.
fn compare(field: &str, have: &Value, want: &Value) -> Result<std::cmp::Ordering, String> {
    match have {
        Value::Bool(b) => match want {
            Value::Bool(w) => Ok(b.cmp(w)),
            _ => Err(format!(
                "{field} is a boolean: the value must be true or false, not {want}."
            )),
        },
        Value::Number(n) => {
            let w = match want {
                Value::Number(w) => w.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            }
            .ok_or_else(|| format!("{field} is a number: {want} is not a number."))?;
            let h = n.as_f64().unwrap_or(f64::NAN);
            h.partial_cmp(&w)
                .ok_or_else(|| format!("{field} cannot be compared with {want}."))
        }
        _ => {
            let h = text(have).to_lowercase();
            let w = text(want).to_lowercase();
            Ok(h.cmp(&w))
        }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether `record` satisfies `node`.
pub fn matches(node: &Node, record: &Map<String, Value>) -> Result<bool, String> {
    match node {
        Node::Group { all, items } => {
            for item in items {
                let m = matches(item, record)?;
                if m != *all {
                    return Ok(m);
                }
            }
            Ok(*all)
        }
        Node::Cond {
            op,
            field,
            udf,
            value,
        } => {
            let have = field_value(record, field, *udf);
            use std::cmp::Ordering::*;
            match op {
                Op::Exist => return Ok(!have.is_null()),
                Op::NotExist => return Ok(have.is_null()),
                _ => {}
            }
            if have.is_null() {
                // SQL semantics: a null is neither equal nor unequal, except that "not equal"
                // and "not in" hold for it, as users expect.
                return Ok(matches!(op, Op::NotEq | Op::NotIn));
            }
            Ok(match op {
                Op::Eq => compare(field, have, value)? == Equal,
                Op::NotEq => compare(field, have, value)? != Equal,
                Op::Gt => compare(field, have, value)? == Greater,
                Op::Gte => compare(field, have, value)? != Less,
                Op::Lt => compare(field, have, value)? == Less,
                Op::Lte => compare(field, have, value)? != Greater,
                Op::BeginsWith | Op::EndsWith | Op::Contains => {
                    let h = text(have).to_lowercase();
                    let w = text(value).to_lowercase();
                    match op {
                        Op::BeginsWith => h.starts_with(&w),
                        Op::EndsWith => h.ends_with(&w),
                        _ => h.contains(&w),
                    }
                }
                Op::In | Op::NotIn => {
                    let mut found = false;
                    for w in value.as_array().map(Vec::as_slice).unwrap_or(&[]) {
                        if compare(field, have, w)? == Equal {
                            found = true;
                            break;
                        }
                    }
                    found == (*op == Op::In)
                }
                Op::Exist | Op::NotExist => false,
            })
        }
    }
}

/// Whether `record` satisfies every condition of `query`.
pub fn matches_all(query: &Query, record: &Map<String, Value>) -> Result<bool, String> {
    for n in &query.filter {
        if !matches(n, record)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The record reduced to the included fields (`userDefinedFields` always comes back).
pub fn project(query: &Query, record: &Map<String, Value>) -> Map<String, Value> {
    match &query.include_fields {
        None => record.clone(),
        Some(fields) => {
            let mut out = Map::new();
            for f in fields {
                if let Some(v) = record.get(f) {
                    out.insert(f.clone(), v.clone());
                }
            }
            out.insert(
                "userDefinedFields".into(),
                record
                    .get("userDefinedFields")
                    .cloned()
                    .unwrap_or(Value::Array(vec![])),
            );
            out
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> Vec<String> {
        ["id", "companyName", "companyType", "isActive", "city"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn rec(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn eval(filter: Value, r: &Value) -> Result<bool, String> {
        let q = parse(&json!({ "filter": filter }), &fields(), "Company")?;
        matches_all(&q, &rec(r.clone()))
    }

    #[test]
    fn every_operator() {
        let r = json!({"id": 7, "companyName": "Customer A Ltd", "companyType": 1, "isActive": true, "city": null});
        let yes = |f: Value| assert!(eval(f.clone(), &r).unwrap(), "{f}");
        let no = |f: Value| assert!(!eval(f.clone(), &r).unwrap(), "{f}");
        yes(json!([{"op":"eq","field":"companyname","value":"customer a ltd"}]));
        no(json!([{"op":"noteq","field":"companyName","value":"CUSTOMER A LTD"}]));
        yes(json!([{"op":"gt","field":"id","value":6}]));
        no(json!([{"op":"gt","field":"id","value":7}]));
        yes(json!([{"op":"gte","field":"id","value":"7"}]));
        yes(json!([{"op":"lt","field":"id","value":8}]));
        yes(json!([{"op":"lte","field":"id","value":7}]));
        yes(json!([{"op":"beginsWith","field":"companyName","value":"cust"}]));
        yes(json!([{"op":"endswith","field":"companyName","value":"LTD"}]));
        yes(json!([{"op":"contains","field":"companyName","value":"mer a"}]));
        yes(json!([{"op":"exist","field":"companyName"}]));
        yes(json!([{"op":"notExist","field":"city"}]));
        no(json!([{"op":"eq","field":"city","value":"x"}]));
        yes(json!([{"op":"noteq","field":"city","value":"x"}]));
        yes(json!([{"op":"in","field":"companyType","value":[1,3]}]));
        no(json!([{"op":"notIn","field":"companyType","value":[1,3]}]));
        yes(json!([{"op":"eq","field":"isActive","value":true}]));
        yes(
            json!([{"op":"or","items":[{"op":"eq","field":"id","value":1},{"op":"eq","field":"id","value":7}]}]),
        );
        no(
            json!([{"op":"and","items":[{"op":"eq","field":"id","value":7},{"op":"eq","field":"isActive","value":false}]}]),
        );
        // Top-level conditions are all required.
        no(json!([{"op":"eq","field":"id","value":7},{"op":"eq","field":"companyType","value":2}]));
    }

    #[test]
    fn refusals_name_the_problem() {
        let r = json!({"id": 1, "isActive": true});
        let e = eval(json!([{"op":"eq","field":"isActive","value":"true"}]), &r).unwrap_err();
        assert!(e.contains("boolean"), "{e}");
        let e = eval(json!([{"op":"eq","field":"nope","value":1}]), &r).unwrap_err();
        assert!(e.contains("Unable to find nope"), "{e}");
        let e = eval(json!([{"op":"like","field":"id","value":1}]), &r).unwrap_err();
        assert!(e.contains("not a valid operator"), "{e}");
        let e = eval(json!([{"op":"in","field":"id","value":[]}]), &r).unwrap_err();
        assert!(e.contains("non-empty array"), "{e}");
        let e = eval(json!([{"op":"eq","field":"id"}]), &r).unwrap_err();
        assert!(e.contains("single value"), "{e}");
        assert!(parse(&json!({"filter": []}), &fields(), "Company").is_err());
        assert!(parse(&json!({}), &fields(), "Company").is_err());
        let many = json!({"filter":[{"op":"exist","field":"id"}],"MaxRecords":501});
        assert!(parse(&many, &fields(), "Company").is_err());
        let zero = json!({"filter":[{"op":"exist","field":"id"}],"maxrecords":0});
        assert!(parse(&zero, &fields(), "Company").is_err());
    }

    #[test]
    fn property_names_ignore_case_and_include_fields_project() {
        let q = parse(
            &json!({"Filter":[{"Op":"exist","Field":"ID"}],"MaxRecords":3,"IncludeFields":["COMPANYNAME","id"]}),
            &fields(),
            "Company",
        )
        .unwrap();
        assert_eq!(q.max_records, 3);
        let r = rec(json!({"id": 1, "companyName": "X", "city": "Y"}));
        assert!(matches_all(&q, &r).unwrap());
        assert_eq!(
            Value::Object(project(&q, &r)),
            json!({"companyName": "X", "id": 1, "userDefinedFields": []})
        );
    }
}
