//! The KSC Open API value encoding, shared by the client and the simulator.
//!
//! The Open API has two levels (KSC Open API reference, "Data types"):
//! * **top level** — a method parameter, `PxgRetVal` or an out-parameter — is plain JSON: numbers,
//!   strings, booleans, `null`, plain objects for `params`, base64 strings for `binary`, and
//!   `"YYYY-MM-DDTHH:MM:SSZ"` strings for `datetime`;
//! * **inside a params container or an array** values are strongly typed: strings, booleans and
//!   32-bit ints stay plain, everything else is wrapped as `{"type": "...", "value": ...}`.
//!
//! Top-level JSON carries no type tag, so decoding it yields the closest [`Value`] (a number is an
//! `Int` or a `Long`, a string is a `String`); typed accessors such as [`Value::as_binary`] then
//! accept both the plain and the wrapped forms.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Map, Number, Value as Json, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// One KLOAPI value (paramXxx), independent of where it sits on the wire.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// JSON `null`: allowed at the top level and as an array element, never inside params.
    Null,
    /// paramString / wstring.
    String(String),
    /// paramBool / boolean.
    Bool(bool),
    /// paramInt / int: a plain JSON number everywhere.
    Int(i32),
    /// paramLong / long: wrapped as `{"type":"long"}` inside params.
    Long(i64),
    /// paramFloat.
    Float(f32),
    /// paramDouble.
    Double(f64),
    /// paramDateTime, always UTC on the wire.
    DateTime(OffsetDateTime),
    /// paramDate, `YYYY-MM-DD`.
    Date(time::Date),
    /// paramBinary: base64 on the wire.
    Binary(Vec<u8>),
    /// paramArray.
    Array(Vec<Value>),
    /// paramParams: a named container.
    Params(Params),
}

/// A KLOAPI params container: names to values, kept in a stable (sorted) order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(pub BTreeMap<String, Value>);

/// Why a JSON value could not be read as a KLOAPI value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct DecodeError {
    /// Where in the document, e.g. `PxgRetVal[2].KLSRVH_SRV_ID`.
    pub path: String,
    /// What was wrong there.
    pub reason: String,
}

impl DecodeError {
    fn new(path: &str, reason: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            reason: reason.into(),
        }
    }
}

const DATE_FMT: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]");
const DATETIME_FMT: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Formats a datetime exactly as KSC does: `YYYY-MM-DDTHH:MM:SSZ`, UTC, no fraction.
pub fn format_datetime(t: OffsetDateTime) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.format(DATETIME_FMT)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// Parses a KSC datetime; accepts any RFC 3339 form too, as third-party clients send them.
pub fn parse_datetime(s: &str) -> Option<OffsetDateTime> {
    if let Ok(p) = time::PrimitiveDateTime::parse(s, DATETIME_FMT) {
        return Some(p.assume_utc());
    }
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

fn number_json(n: f64) -> Json {
    Number::from_f64(n).map(Json::Number).unwrap_or(Json::Null)
}

fn wrapped(ty: &str, value: Json) -> Json {
    json!({ "type": ty, "value": value })
}

impl Value {
    /// Encodes the value as it stands inside a params container or an array.
    pub fn to_inner_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::String(s) => Json::String(s.clone()),
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Long(l) => wrapped("long", Json::from(*l)),
            Value::Float(f) => wrapped("float", number_json(f64::from(*f))),
            Value::Double(d) => wrapped("double", number_json(*d)),
            Value::DateTime(t) => wrapped("datetime", Json::String(format_datetime(*t))),
            Value::Date(d) => wrapped("date", Json::String(d.format(DATE_FMT).unwrap_or_default())),
            Value::Binary(b) => wrapped("binary", Json::String(B64.encode(b))),
            Value::Array(a) => Json::Array(a.iter().map(Value::to_inner_json).collect()),
            Value::Params(p) => wrapped("params", p.to_json()),
        }
    }

    /// Encodes the value as a method parameter, `PxgRetVal` or out-parameter (plain JSON).
    pub fn to_top_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::String(s) => Json::String(s.clone()),
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Long(l) => Json::from(*l),
            Value::Float(f) => number_json(f64::from(*f)),
            Value::Double(d) => number_json(*d),
            Value::DateTime(t) => Json::String(format_datetime(*t)),
            Value::Date(d) => Json::String(d.format(DATE_FMT).unwrap_or_default()),
            Value::Binary(b) => Json::String(B64.encode(b)),
            Value::Array(a) => Json::Array(a.iter().map(Value::to_inner_json).collect()),
            Value::Params(p) => p.to_json(),
        }
    }

    /// Decodes a value found inside a params container or an array.
    pub fn from_inner_json(j: &Json, path: &str) -> Result<Value, DecodeError> {
        match j {
            Json::Null => Ok(Value::Null),
            Json::Bool(b) => Ok(Value::Bool(*b)),
            Json::String(s) => Ok(Value::String(s.clone())),
            Json::Number(n) => Ok(number_value(n)),
            Json::Array(a) => decode_array(a, path),
            Json::Object(o) => {
                if let Some(v) = decode_wrapped(o, path)? {
                    Ok(v)
                } else {
                    // Some third-party clients nest plain objects; accept them as params.
                    Ok(Value::Params(Params::from_json_map(o, path)?))
                }
            }
        }
    }

    /// Decodes a top-level value (parameter, `PxgRetVal`, out-parameter).
    ///
    /// A top-level object is a plain params container; a wrapped form is rejected there, as
    /// KlAkOAPI rejects it.
    pub fn from_top_json(j: &Json, path: &str) -> Result<Value, DecodeError> {
        match j {
            Json::Null => Ok(Value::Null),
            Json::Bool(b) => Ok(Value::Bool(*b)),
            Json::String(s) => Ok(Value::String(s.clone())),
            Json::Number(n) => Ok(number_value(n)),
            Json::Array(a) => decode_array(a, path),
            Json::Object(o) => Ok(Value::Params(Params::from_json_map(o, path)?)),
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is an int or a long (a top-level number may decode as either).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(i64::from(*i)),
            Value::Long(l) => Some(*l),
            _ => None,
        }
    }

    /// The integer as `i32`, if it fits.
    pub fn as_i32(&self) -> Option<i32> {
        self.as_i64().and_then(|v| i32::try_from(v).ok())
    }

    /// The boolean; KSC servers also send 0/1 ints for some flags.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }

    /// The bytes of a binary value, wrapped or (at the top level) a plain base64 string.
    pub fn as_binary(&self) -> Option<Vec<u8>> {
        match self {
            Value::Binary(b) => Some(b.clone()),
            Value::String(s) => B64.decode(s.trim()).ok(),
            _ => None,
        }
    }

    /// The datetime, wrapped or (at the top level) a plain string.
    pub fn as_datetime(&self) -> Option<OffsetDateTime> {
        match self {
            Value::DateTime(t) => Some(*t),
            Value::String(s) => parse_datetime(s),
            _ => None,
        }
    }

    /// The params container, if this is one.
    pub fn as_params(&self) -> Option<&Params> {
        match self {
            Value::Params(p) => Some(p),
            _ => None,
        }
    }

    /// The elements, if this is an array; `null` reads as an empty array, as servers send it.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            Value::Null => Some(&[]),
            _ => None,
        }
    }

    /// A short name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::String(_) => "string",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Long(_) => "long",
            Value::Float(_) => "float",
            Value::Double(_) => "double",
            Value::DateTime(_) => "datetime",
            Value::Date(_) => "date",
            Value::Binary(_) => "binary",
            Value::Array(_) => "array",
            Value::Params(_) => "params",
        }
    }
}

fn number_value(n: &Number) -> Value {
    if let Some(i) = n.as_i64() {
        match i32::try_from(i) {
            Ok(small) => Value::Int(small),
            Err(_) => Value::Long(i),
        }
    } else if let Some(u) = n.as_u64() {
        Value::Long(i64::try_from(u).unwrap_or(i64::MAX))
    } else {
        Value::Double(n.as_f64().unwrap_or(0.0))
    }
}

fn decode_array(a: &[Json], path: &str) -> Result<Value, DecodeError> {
    a.iter()
        .enumerate()
        .map(|(i, e)| Value::from_inner_json(e, &format!("{path}[{i}]")))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// Reads `{"type": T, "value": V}`; `Ok(None)` when the object is not of that shape.
fn decode_wrapped(o: &Map<String, Json>, path: &str) -> Result<Option<Value>, DecodeError> {
    if o.len() != 2 {
        return Ok(None);
    }
    let (Some(Json::String(ty)), Some(v)) = (o.get("type"), o.get("value")) else {
        return Ok(None);
    };
    let bad = |what: &str| DecodeError::new(path, format!("{ty}: {what}"));
    let value = match ty.as_str() {
        "long" => match v {
            Json::Number(n) => Value::Long(
                n.as_i64()
                    .or_else(|| n.as_u64().and_then(|u| i64::try_from(u).ok()))
                    .ok_or_else(|| bad("not a 64-bit integer"))?,
            ),
            // Some servers send longs as strings to keep JavaScript clients exact.
            Json::String(s) => Value::Long(s.parse().map_err(|_| bad("not a 64-bit integer"))?),
            _ => return Err(bad("value must be a number")),
        },
        "float" => {
            let f = v.as_f64().ok_or_else(|| bad("value must be a number"))?;
            // Beyond f32 the cast gives infinity, which JSON cannot carry back (found by
            // fuzzing: fuzz/regressions/openapi_reply).
            let narrowed = f as f32;
            if narrowed.is_infinite() {
                return Err(bad("value out of the range of a float"));
            }
            Value::Float(narrowed)
        }
        "double" => Value::Double(v.as_f64().ok_or_else(|| bad("value must be a number"))?),
        "datetime" => {
            let s = v.as_str().ok_or_else(|| bad("value must be a string"))?;
            if s.is_empty() {
                // KlAkOAPI tolerates an empty datetime; it means "not set".
                Value::Null
            } else {
                Value::DateTime(parse_datetime(s).ok_or_else(|| bad("not YYYY-MM-DDTHH:MM:SSZ"))?)
            }
        }
        "date" => {
            let s = v.as_str().ok_or_else(|| bad("value must be a string"))?;
            if s.is_empty() {
                Value::Null
            } else {
                Value::Date(time::Date::parse(s, DATE_FMT).map_err(|_| bad("not YYYY-MM-DD"))?)
            }
        }
        "binary" => {
            let s = v
                .as_str()
                .ok_or_else(|| bad("value must be a base64 string"))?;
            Value::Binary(B64.decode(s.trim()).map_err(|_| bad("invalid base64"))?)
        }
        "params" => match v {
            Json::Object(inner) => Value::Params(Params::from_json_map(inner, path)?),
            Json::Null => Value::Params(Params::default()),
            _ => return Err(bad("value must be an object")),
        },
        _ => return Ok(None),
    };
    Ok(Some(value))
}

impl Params {
    /// An empty container.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a value, builder style.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.insert(name.into(), value.into());
        self
    }

    /// Adds (or replaces) a value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        self.0.insert(name.into(), value.into());
    }

    /// The value under `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Removes and returns the value under `name`.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.remove(name)
    }

    /// True when the container has `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Names and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// String under `name`.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// Integer (int or long) under `name`.
    pub fn get_i64(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_i64)
    }

    /// Integer under `name`, if it fits in `i32`.
    pub fn get_i32(&self, name: &str) -> Option<i32> {
        self.get(name).and_then(Value::as_i32)
    }

    /// Boolean under `name`.
    pub fn get_bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    /// Bytes under `name`.
    pub fn get_binary(&self, name: &str) -> Option<Vec<u8>> {
        self.get(name).and_then(Value::as_binary)
    }

    /// Datetime under `name`.
    pub fn get_datetime(&self, name: &str) -> Option<OffsetDateTime> {
        self.get(name).and_then(Value::as_datetime)
    }

    /// Nested params under `name`.
    pub fn get_params(&self, name: &str) -> Option<&Params> {
        self.get(name).and_then(Value::as_params)
    }

    /// Array under `name`.
    pub fn get_array(&self, name: &str) -> Option<&[Value]> {
        self.get(name).and_then(Value::as_array)
    }

    /// The container as a plain JSON object whose values use the inner (typed) encoding.
    pub fn to_json(&self) -> Json {
        Json::Object(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), v.to_inner_json()))
                .collect(),
        )
    }

    /// Reads a plain JSON object whose values use the inner encoding.
    pub fn from_json_map(o: &Map<String, Json>, path: &str) -> Result<Params, DecodeError> {
        let mut out = BTreeMap::new();
        for (k, v) in o {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            out.insert(k.clone(), Value::from_inner_json(v, &p)?);
        }
        Ok(Params(out))
    }

    /// Reads a JSON value that must be a plain object.
    pub fn from_json(j: &Json, path: &str) -> Result<Params, DecodeError> {
        match j {
            Json::Object(o) => Params::from_json_map(o, path),
            Json::Null => Ok(Params::default()),
            other => Err(DecodeError::new(
                path,
                format!("expected an object, found {}", json_kind(other)),
            )),
        }
    }
}

/// A short name of a JSON value's kind, for error messages.
pub fn json_kind(j: &Json) -> &'static str {
    match j {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_top_json())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(i)
    }
}
impl From<i64> for Value {
    fn from(l: i64) -> Self {
        Value::Long(l)
    }
}
impl From<f64> for Value {
    fn from(d: f64) -> Self {
        Value::Double(d)
    }
}
impl From<OffsetDateTime> for Value {
    fn from(t: OffsetDateTime) -> Self {
        Value::DateTime(t)
    }
}
impl From<Vec<u8>> for Value {
    fn from(b: Vec<u8>) -> Self {
        Value::Binary(b)
    }
}
impl From<Params> for Value {
    fn from(p: Params) -> Self {
        Value::Params(p)
    }
}
impl From<Vec<Value>> for Value {
    fn from(a: Vec<Value>) -> Self {
        Value::Array(a)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn sample() -> Vec<Value> {
        vec![
            Value::String("Büro «Nord» \u{1F600}".into()),
            Value::Bool(true),
            Value::Int(-1),
            Value::Int(i32::MAX),
            Value::Long(1_234_567_890_123),
            Value::Long(-5),
            Value::Float(1.5),
            Value::Double(-2.25),
            Value::DateTime(datetime!(2016-09-19 15:22:35 UTC)),
            Value::Date(date!(2016 - 09 - 19)),
            Value::Binary(b"sometext".to_vec()),
            Value::Array(vec![Value::Int(1), Value::Null, Value::String("x".into())]),
            Value::Params(
                Params::new()
                    .with("a", 1)
                    .with("nested", Params::new().with("b", Value::Long(7))),
            ),
        ]
    }

    #[test]
    fn inner_round_trip_every_type() {
        for v in sample() {
            let j = v.to_inner_json();
            let back = Value::from_inner_json(&j, "x").unwrap();
            assert_eq!(back, v, "round trip of {j}");
        }
    }

    #[test]
    fn inner_forms_match_the_reference() {
        assert_eq!(Value::Int(23).to_inner_json(), json!(23));
        assert_eq!(
            Value::Long(1234).to_inner_json(),
            json!({"type":"long","value":1234})
        );
        assert_eq!(
            Value::DateTime(datetime!(2016-09-19 15:22:35 UTC)).to_inner_json(),
            json!({"type":"datetime","value":"2016-09-19T15:22:35Z"})
        );
        assert_eq!(
            Value::Date(date!(2016 - 09 - 19)).to_inner_json(),
            json!({"type":"date","value":"2016-09-19"})
        );
        assert_eq!(
            Value::Binary(b"sometext".to_vec()).to_inner_json(),
            json!({"type":"binary","value":"c29tZXRleHQ="})
        );
        assert_eq!(
            Value::Double(1.23).to_inner_json(),
            json!({"type":"double","value":1.23})
        );
        assert_eq!(
            Value::Params(Params::new().with("x", true)).to_inner_json(),
            json!({"type":"params","value":{"x":true}})
        );
    }

    #[test]
    fn top_level_is_plain() {
        assert_eq!(
            Value::Binary(b"sometext".to_vec()).to_top_json(),
            json!("c29tZXRleHQ=")
        );
        assert_eq!(Value::Long(1234).to_top_json(), json!(1234));
        assert_eq!(
            Value::DateTime(datetime!(2016-09-19 15:22:35 UTC)).to_top_json(),
            json!("2016-09-19T15:22:35Z")
        );
        let p = Params::new()
            .with("KLSRVH_SRV_ID", 1)
            .with(
                "KLSRVH_SRV_LAST_CONNECTED",
                datetime!(2024-05-01 10:00:00 UTC),
            )
            .with("KLSRVH_SRV_PASSIVE", false);
        assert_eq!(
            Value::Params(p.clone()).to_top_json(),
            json!({"KLSRVH_SRV_ID":1,"KLSRVH_SRV_PASSIVE":false,
                   "KLSRVH_SRV_LAST_CONNECTED":{"type":"datetime","value":"2024-05-01T10:00:00Z"}})
        );
        // An array of params at the top level wraps each element.
        assert_eq!(
            Value::Array(vec![Value::Params(p)]).to_top_json()[0]["type"],
            json!("params")
        );
    }

    #[test]
    fn top_level_decoding_and_typed_accessors() {
        let v = Value::from_top_json(&json!("c29tZXRleHQ="), "PxgRetVal").unwrap();
        assert_eq!(v.as_binary().unwrap(), b"sometext");
        let v = Value::from_top_json(&json!(5_000_000_000i64), "PxgRetVal").unwrap();
        assert_eq!(v, Value::Long(5_000_000_000));
        let v = Value::from_top_json(&json!("2016-09-19T15:22:35Z"), "t").unwrap();
        assert_eq!(v.as_datetime().unwrap(), datetime!(2016-09-19 15:22:35 UTC));
        let v = Value::from_top_json(&json!(null), "a").unwrap();
        assert_eq!(v.as_array().unwrap().len(), 0);
    }

    #[test]
    fn decode_errors_name_the_place() {
        let j = json!({"KLSRVH_SRV_CERTIFICATE":{"type":"binary","value":"@@@"}});
        let e = Params::from_json(&j, "PxgRetVal").unwrap_err();
        assert_eq!(e.path, "PxgRetVal.KLSRVH_SRV_CERTIFICATE");
        assert!(e.reason.contains("base64"), "{e}");
        let e = Params::from_json(&json!([1]), "pSettings").unwrap_err();
        assert!(e.reason.contains("an array"), "{e}");
        let j = json!({"t":{"type":"datetime","value":"yesterday"}});
        assert!(Params::from_json(&j, "").is_err());
    }

    #[test]
    fn tolerated_variants() {
        // Empty datetime means "not set" (KlAkOAPI tolerates it).
        let p = Params::from_json(&json!({"t":{"type":"datetime","value":""}}), "").unwrap();
        assert_eq!(p.get("t"), Some(&Value::Null));
        // A long sent as a string.
        let p = Params::from_json(&json!({"l":{"type":"long","value":"42"}}), "").unwrap();
        assert_eq!(p.get_i64("l"), Some(42));
        // An object with "type" and "value" of an unknown type is an ordinary params.
        let p = Params::from_json(&json!({"o":{"type":"x","value":1}}), "").unwrap();
        assert!(p.get_params("o").is_some());
    }

    #[test]
    fn a_float_beyond_the_range_of_f32_is_refused_not_made_infinite() {
        let e = Value::from_inner_json(&json!({"type":"float","value":2.2e87}), "d").unwrap_err();
        assert!(e.reason.contains("out of the range"), "{e}");
        let max = Value::from_inner_json(&json!({"type":"float","value":3.4e38}), "d").unwrap();
        assert!(matches!(max, Value::Float(f) if f.is_finite()));
    }
}
