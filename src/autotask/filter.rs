//! Typed query filters and the `QueryModel` they are sent in.
//!
//! ```
//! use ksc_link::autotask::{Filter, Query};
//! // Active customers and prospects whose name starts with "Customer".
//! let q = Query::new([
//!     Filter::eq("isActive", true),
//!     Filter::or([Filter::eq("companyType", 1), Filter::eq("companyType", 3)]),
//!     Filter::begins_with("companyName", "Customer"),
//! ])
//! .include_fields(["id", "companyName"]);
//! assert!(q.validate().is_ok());
//! ```

use serde_json::{Map, Value, json};

/// The largest page Autotask serves (and the default).
pub const MAX_RECORDS: u16 = 500;

/// A filter operator.
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
    /// Starts with.
    BeginsWith,
    /// Ends with.
    EndsWith,
    /// Contains.
    Contains,
    /// Not null.
    Exist,
    /// Null.
    NotExist,
    /// One of a list.
    In,
    /// None of a list.
    NotIn,
}

impl Op {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::NotEq => "noteq",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::BeginsWith => "beginsWith",
            Op::EndsWith => "endsWith",
            Op::Contains => "contains",
            Op::Exist => "exist",
            Op::NotExist => "notExist",
            Op::In => "in",
            Op::NotIn => "notIn",
        }
    }
}

/// One filter condition or an `and`/`or` group.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// A condition on a field.
    Cond {
        /// The operator.
        op: Op,
        /// The field (or user-defined field) name.
        field: String,
        /// True for a user-defined field.
        udf: bool,
        /// The operand (`None` for `exist`/`notExist`).
        value: Option<Value>,
    },
    /// All items hold.
    And(Vec<Filter>),
    /// At least one item holds.
    Or(Vec<Filter>),
}

fn cond(op: Op, field: &str, value: Option<Value>) -> Filter {
    Filter::Cond {
        op,
        field: field.to_string(),
        udf: false,
        value,
    }
}

impl Filter {
    /// `field eq value`.
    pub fn eq(field: &str, value: impl Into<Value>) -> Self {
        cond(Op::Eq, field, Some(value.into()))
    }
    /// `field noteq value`.
    pub fn not_eq(field: &str, value: impl Into<Value>) -> Self {
        cond(Op::NotEq, field, Some(value.into()))
    }
    /// `field gt value`.
    pub fn gt(field: &str, value: impl Into<Value>) -> Self {
        cond(Op::Gt, field, Some(value.into()))
    }
    /// `field gte value`.
    pub fn gte(field: &str, value: impl Into<Value>) -> Self {
        cond(Op::Gte, field, Some(value.into()))
    }
    /// `field lt value`.
    pub fn lt(field: &str, value: impl Into<Value>) -> Self {
        cond(Op::Lt, field, Some(value.into()))
    }
    /// `field lte value`.
    pub fn lte(field: &str, value: impl Into<Value>) -> Self {
        cond(Op::Lte, field, Some(value.into()))
    }
    /// `field beginsWith text`.
    pub fn begins_with(field: &str, text: &str) -> Self {
        cond(Op::BeginsWith, field, Some(text.into()))
    }
    /// `field endsWith text`.
    pub fn ends_with(field: &str, text: &str) -> Self {
        cond(Op::EndsWith, field, Some(text.into()))
    }
    /// `field contains text`.
    pub fn contains(field: &str, text: &str) -> Self {
        cond(Op::Contains, field, Some(text.into()))
    }
    /// `field exist` (not null).
    pub fn exist(field: &str) -> Self {
        cond(Op::Exist, field, None)
    }
    /// `field notExist` (null).
    pub fn not_exist(field: &str) -> Self {
        cond(Op::NotExist, field, None)
    }
    /// `field in [values]`.
    pub fn in_list<V: Into<Value>>(field: &str, values: impl IntoIterator<Item = V>) -> Self {
        let v: Vec<Value> = values.into_iter().map(Into::into).collect();
        cond(Op::In, field, Some(Value::Array(v)))
    }
    /// `field notIn [values]`.
    pub fn not_in<V: Into<Value>>(field: &str, values: impl IntoIterator<Item = V>) -> Self {
        let v: Vec<Value> = values.into_iter().map(Into::into).collect();
        cond(Op::NotIn, field, Some(Value::Array(v)))
    }
    /// All of `items`.
    pub fn and(items: impl IntoIterator<Item = Filter>) -> Self {
        Filter::And(items.into_iter().collect())
    }
    /// Any of `items`.
    pub fn or(items: impl IntoIterator<Item = Filter>) -> Self {
        Filter::Or(items.into_iter().collect())
    }
    /// Marks a condition as being on a user-defined field (groups are unchanged).
    pub fn udf(mut self) -> Self {
        if let Filter::Cond { udf, .. } = &mut self {
            *udf = true;
        }
        self
    }

    /// The wire form.
    pub fn to_json(&self) -> Value {
        match self {
            Filter::Cond {
                op,
                field,
                udf,
                value,
            } => {
                let mut m = Map::new();
                m.insert("op".into(), op.as_str().into());
                m.insert("field".into(), field.clone().into());
                if *udf {
                    m.insert("udf".into(), true.into());
                }
                if let Some(v) = value {
                    m.insert("value".into(), v.clone());
                }
                Value::Object(m)
            }
            Filter::And(items) | Filter::Or(items) => {
                let op = if matches!(self, Filter::And(_)) {
                    "and"
                } else {
                    "or"
                };
                json!({ "op": op, "items": items.iter().map(Filter::to_json).collect::<Vec<_>>() })
            }
        }
    }

    fn validate(&self, depth: usize) -> Result<(), String> {
        if depth > 16 {
            return Err("filter groups are nested more than 16 deep".into());
        }
        match self {
            Filter::Cond {
                op, field, value, ..
            } => {
                if field.trim().is_empty() {
                    return Err(format!("a {} condition has no field", op.as_str()));
                }
                match (op, value) {
                    (Op::Exist | Op::NotExist, _) => Ok(()),
                    (Op::In | Op::NotIn, Some(Value::Array(a))) if !a.is_empty() => Ok(()),
                    (Op::In | Op::NotIn, _) => {
                        Err(format!("{} on {field} needs a non-empty list", op.as_str()))
                    }
                    (_, Some(Value::Null) | None) => Err(format!(
                        "{} on {field} needs a value (use exist/notExist for null)",
                        op.as_str()
                    )),
                    (_, Some(Value::Array(_) | Value::Object(_))) => {
                        Err(format!("{} on {field} needs a single value", op.as_str()))
                    }
                    _ => Ok(()),
                }
            }
            Filter::And(items) | Filter::Or(items) => {
                if items.is_empty() {
                    return Err("an and/or group has no items".into());
                }
                items.iter().try_for_each(|i| i.validate(depth + 1))
            }
        }
    }
}

/// A query: conditions that must all hold, a page size and the fields to return.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Conditions; Autotask requires at least one.
    pub filter: Vec<Filter>,
    /// Page size, 1–500 (`None` = Autotask's default of 500).
    pub max_records: Option<u16>,
    /// Fields to return (empty = all).
    pub include_fields: Vec<String>,
}

impl Query {
    /// A query with these conditions.
    pub fn new(filter: impl IntoIterator<Item = Filter>) -> Self {
        Self {
            filter: filter.into_iter().collect(),
            max_records: None,
            include_fields: Vec::new(),
        }
    }

    /// Every record (`id gte 0`, the usual way to say "all", since a filter is required).
    pub fn all() -> Self {
        Self::new([Filter::gte("id", 0)])
    }

    /// Sets the page size.
    pub fn max_records(mut self, n: u16) -> Self {
        self.max_records = Some(n);
        self
    }

    /// Sets the fields to return.
    pub fn include_fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.include_fields = fields.into_iter().map(Into::into).collect();
        self
    }

    /// Checks what Autotask would refuse: no condition, a page size outside 1–500, empty
    /// lists or groups, missing values.
    pub fn validate(&self) -> Result<(), String> {
        if self.filter.is_empty() {
            return Err("Autotask requires at least one filter condition".into());
        }
        if let Some(n) = self.max_records
            && !(1..=MAX_RECORDS).contains(&n)
        {
            return Err(format!("the page size must be 1 to {MAX_RECORDS}, not {n}"));
        }
        self.filter.iter().try_for_each(|f| f.validate(0))
    }

    /// The wire form (`QueryModel`).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "filter".into(),
            Value::Array(self.filter.iter().map(Filter::to_json).collect()),
        );
        if let Some(n) = self.max_records {
            m.insert("MaxRecords".into(), n.into());
        }
        if !self.include_fields.is_empty() {
            m.insert("IncludeFields".into(), self.include_fields.clone().into());
        }
        Value::Object(m)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_of_every_operator() {
        let q = Query::new([
            Filter::eq("a", 1),
            Filter::not_eq("a", "x"),
            Filter::gt("a", 1),
            Filter::gte("a", 1),
            Filter::lt("a", 1),
            Filter::lte("a", 1),
            Filter::begins_with("a", "x"),
            Filter::ends_with("a", "x"),
            Filter::contains("a", "x"),
            Filter::exist("a"),
            Filter::not_exist("a"),
            Filter::in_list("a", [1, 2]),
            Filter::not_in("a", ["x"]),
            Filter::and([
                Filter::eq("b", true),
                Filter::or([Filter::eq("c", 1).udf()]),
            ]),
        ])
        .max_records(25)
        .include_fields(["id"]);
        q.validate().unwrap();
        let ops: Vec<String> = q.to_json()["filter"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["op"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            ops,
            [
                "eq",
                "noteq",
                "gt",
                "gte",
                "lt",
                "lte",
                "beginsWith",
                "endsWith",
                "contains",
                "exist",
                "notExist",
                "in",
                "notIn",
                "and"
            ]
        );
        let j = q.to_json();
        assert_eq!(j["MaxRecords"], 25);
        assert_eq!(j["IncludeFields"], json!(["id"]));
        assert_eq!(
            j["filter"][13],
            json!({"op":"and","items":[{"op":"eq","field":"b","value":true},
                {"op":"or","items":[{"op":"eq","field":"c","udf":true,"value":1}]}]})
        );
        assert_eq!(j["filter"][9], json!({"op":"exist","field":"a"}));
    }

    #[test]
    fn invalid_queries_are_caught_before_sending() {
        assert!(Query::new([]).validate().is_err());
        assert!(Query::all().max_records(0).validate().is_err());
        assert!(Query::all().max_records(501).validate().is_err());
        assert!(Query::all().max_records(500).validate().is_ok());
        let empty: [i64; 0] = [];
        assert!(
            Query::new([Filter::in_list("id", empty)])
                .validate()
                .is_err()
        );
        assert!(Query::new([Filter::or([])]).validate().is_err());
        assert!(
            Query::new([Filter::eq("id", Value::Null)])
                .validate()
                .is_err()
        );
        assert!(Query::new([Filter::eq(" ", 1)]).validate().is_err());
    }
}
