//! The Open API classes of the simulated server, one module per class, and what they share:
//! the call context, argument readers that name a missing or mistyped parameter, the reply
//! shape and the dispatch on exact-case `Class.Method`.

pub mod cgw_helper;
pub mod chunk_accessor;
pub mod data_protection;
pub mod host_group;
pub mod limits;
pub mod policy;
pub mod server_hierarchy;
pub mod session;
pub mod tasks;
pub mod vservers;

use serde_json::{Map, Value as Json};

use super::runtime::Principal;
use super::state::{Scope, SharedState, SimData};
use crate::wire::error::codes;
use crate::wire::value::json_kind;
use crate::wire::{Params, PxgError, Value};

/// Who calls, on which server, through which session.
pub struct CallCtx<'a> {
    /// The server's state.
    pub state: &'a SharedState,
    /// The logged-in user and the (virtual) server of the login.
    pub principal: &'a Principal,
    /// The session of the call (`X-KSC-Session`, or the one a connection login created).
    pub session_id: Option<&'a str>,
    /// Port of the Open API.
    pub api_port: u16,
    /// Port of the server-to-server (SSL) listener.
    pub ssl_port: u16,
}

impl CallCtx<'_> {
    /// The scope (fixed groups) of the server the caller logged in to.
    pub fn scope(&self, d: &SimData) -> Result<Scope, PxgError> {
        d.scope_of(self.principal.vserver).ok_or_else(|| {
            error(
                codes::NOT_FOUND,
                "KLSRV",
                "The virtual server of this session no longer exists",
            )
        })
    }
}

/// A successful reply: `PxgRetVal` (absent for void methods) and out-parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reply {
    /// The return value.
    pub retval: Option<Value>,
    /// Out-parameters, named as in the signature.
    pub outs: Vec<(&'static str, Value)>,
}

impl Reply {
    /// A void method's reply, `{}`.
    pub fn void() -> Self {
        Self::default()
    }

    /// A reply with a return value.
    pub fn ret(v: impl Into<Value>) -> Self {
        Self {
            retval: Some(v.into()),
            outs: Vec::new(),
        }
    }

    /// Adds an out-parameter.
    pub fn out(mut self, name: &'static str, v: impl Into<Value>) -> Self {
        self.outs.push((name, v.into()));
        self
    }

    /// The body: top-level values in the plain encoding.
    pub fn to_json(&self) -> Json {
        let mut o = Map::new();
        if let Some(v) = &self.retval {
            o.insert("PxgRetVal".into(), v.to_top_json());
        }
        for (k, v) in &self.outs {
            o.insert((*k).to_string(), v.to_top_json());
        }
        Json::Object(o)
    }
}

/// A `PxgError` whose `file` and `line` name the simulator source that raised it, as a real
/// server names its own.
#[track_caller]
pub fn error(code: i64, module: &str, message: impl Into<String>) -> PxgError {
    let at = std::panic::Location::caller();
    let mut e = PxgError::new(code, module, message);
    e.file = at.file().replace('\\', "/");
    e.line = i64::from(at.line());
    e
}

/// Error for a missing required parameter (`KLSTD::STDE_BADPARAM`).
#[track_caller]
pub fn missing(name: &str) -> PxgError {
    error(
        codes::BAD_PARAM,
        "KLSTD",
        format!("Required parameter '{name}' is missing"),
    )
    .with_locdata("Required parameter '%1' is missing", &[name])
}

/// Error for a parameter of the wrong type or value (`KLSTD::STDE_BADPARAM`).
#[track_caller]
pub fn bad_param(name: &str, why: impl Into<String>) -> PxgError {
    let why = why.into();
    error(
        codes::BAD_PARAM,
        "KLSTD",
        format!("Invalid parameter '{name}': {why}"),
    )
    .with_locdata("Invalid parameter '%1': %2", &[name, &why])
}

/// Error for an object that does not exist (`KLSTD::STDE_NOENT`).
#[track_caller]
pub fn not_found(what: impl Into<String>) -> PxgError {
    let what = what.into();
    error(codes::NOT_FOUND, "KLSTD", format!("{what} not found"))
        .with_locdata("%1 not found", &[&what])
}

/// Error for an object that exists already (`KLSTD::STDE_EXIST`).
#[track_caller]
pub fn exists(what: impl Into<String>) -> PxgError {
    let what = what.into();
    error(codes::EXISTS, "KLSTD", format!("{what} already exists"))
        .with_locdata("%1 already exists", &[&what])
}

/// The decoded parameters of a call.
#[derive(Clone, Debug, Default)]
pub struct Args(Params);

impl Args {
    /// Decodes a body object: each member is a top-level value.
    pub fn from_body(o: &Map<String, Json>) -> Result<Args, PxgError> {
        let mut p = Params::new();
        for (k, v) in o {
            let value = Value::from_top_json(v, k).map_err(|e| bad_param(k, e.reason))?;
            p.insert(k.clone(), value);
        }
        Ok(Args(p))
    }

    /// Wraps already decoded parameters.
    pub fn new(p: Params) -> Args {
        Args(p)
    }

    fn present(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !matches!(v, Value::Null))
    }

    fn wrong(name: &str, expected: &str, got: &Value) -> PxgError {
        bad_param(
            name,
            format!("expected {expected}, got {}", got.type_name()),
        )
    }

    /// A required integer.
    pub fn i64(&self, name: &str) -> Result<i64, PxgError> {
        let v = self.present(name).ok_or_else(|| missing(name))?;
        v.as_i64().ok_or_else(|| Self::wrong(name, "an integer", v))
    }

    /// A required 32-bit integer.
    pub fn i32(&self, name: &str) -> Result<i32, PxgError> {
        let n = self.i64(name)?;
        i32::try_from(n).map_err(|_| bad_param(name, format!("{n} does not fit in int")))
    }

    /// An optional integer.
    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, PxgError> {
        match self.present(name) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| Self::wrong(name, "an integer", v)),
        }
    }

    /// A required string (`null` reads as empty, as KlAkOAPI sends `None`).
    pub fn str(&self, name: &str) -> Result<&str, PxgError> {
        match self.0.get(name) {
            None => Err(missing(name)),
            Some(Value::Null) => Ok(""),
            Some(Value::String(s)) => Ok(s),
            Some(v) => Err(Self::wrong(name, "a string", v)),
        }
    }

    /// An optional string.
    pub fn opt_str(&self, name: &str) -> Result<Option<&str>, PxgError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(_) => self.str(name).map(Some),
        }
    }

    /// A required boolean.
    pub fn bool(&self, name: &str) -> Result<bool, PxgError> {
        let v = self.present(name).ok_or_else(|| missing(name))?;
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            other => Err(Self::wrong(name, "a boolean", other)),
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, PxgError> {
        match self.present(name) {
            None => Ok(None),
            Some(_) => self.bool(name).map(Some),
        }
    }

    /// Required binary (a base64 string at the top level).
    pub fn binary(&self, name: &str) -> Result<Vec<u8>, PxgError> {
        let v = self.present(name).ok_or_else(|| missing(name))?;
        match v {
            Value::String(_) | Value::Binary(_) => v
                .as_binary()
                .ok_or_else(|| bad_param(name, "not valid base64")),
            other => Err(Self::wrong(name, "binary (a base64 string)", other)),
        }
    }

    /// Params that must be present (`null` reads as empty).
    pub fn params(&self, name: &str) -> Result<Params, PxgError> {
        match self.0.get(name) {
            None => Err(missing(name)),
            Some(Value::Null) => Ok(Params::new()),
            Some(Value::Params(p)) => Ok(p.clone()),
            Some(v) => Err(Self::wrong(name, "params (an object)", v)),
        }
    }

    /// Optional params (absent or `null` read as empty).
    pub fn opt_params(&self, name: &str) -> Result<Params, PxgError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(Params::new()),
            Some(Value::Params(p)) => Ok(p.clone()),
            Some(v) => Err(Self::wrong(name, "params (an object)", v)),
        }
    }

    /// An optional array; `None` when absent or `null`.
    pub fn opt_array(&self, name: &str) -> Result<Option<Vec<Value>>, PxgError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a.clone())),
            Some(v) => Err(Self::wrong(name, "an array", v)),
        }
    }

    /// An optional array of strings; `None` when absent or `null`.
    pub fn opt_str_array(&self, name: &str) -> Result<Option<Vec<String>>, PxgError> {
        let Some(a) = self.opt_array(name)? else {
            return Ok(None);
        };
        a.iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| Self::wrong(&format!("{name}[{i}]"), "a string", v))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

/// Sort order of a `Find*` call: `[{"type":"params","value":{"Name":…,"Asc":…}}]`.
pub fn sort_spec(args: &Args, name: &str) -> Result<Vec<(String, bool)>, PxgError> {
    let Some(a) = args.opt_array(name)? else {
        return Ok(Vec::new());
    };
    a.iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Params(p) => {
                let field = p
                    .get_str("Name")
                    .ok_or_else(|| bad_param(&format!("{name}[{i}]"), "has no string 'Name'"))?;
                Ok((field.to_string(), p.get_bool("Asc").unwrap_or(true)))
            }
            Value::String(s) => Ok((s.clone(), true)),
            other => Err(bad_param(
                &format!("{name}[{i}]"),
                format!("expected params, got {}", other.type_name()),
            )),
        })
        .collect()
}

fn cmp_values(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i.cmp(&j),
            _ => match (x, y) {
                (Value::String(s), Value::String(t)) => s.to_lowercase().cmp(&t.to_lowercase()),
                (Value::Bool(s), Value::Bool(t)) => s.cmp(t),
                (Value::DateTime(s), Value::DateTime(t)) => s.cmp(t),
                _ => x
                    .to_top_json()
                    .to_string()
                    .cmp(&y.to_top_json().to_string()),
            },
        },
    }
}

/// Sorts records by a sort spec (stable).
pub fn sort_records(recs: &mut [Params], spec: &[(String, bool)]) {
    recs.sort_by(|a, b| {
        for (field, asc) in spec {
            let o = cmp_values(a.get(field), b.get(field));
            let o = if *asc { o } else { o.reverse() };
            if o != std::cmp::Ordering::Equal {
                return o;
            }
        }
        std::cmp::Ordering::Equal
    });
}

/// Keeps only `fields` of a record (all of them when `fields` is empty).
pub fn project(rec: &Params, fields: &[String]) -> Params {
    if fields.is_empty() {
        return rec.clone();
    }
    let mut out = Params::new();
    for f in fields {
        if let Some(v) = rec.get(f) {
            out.insert(f.clone(), v.clone());
        }
    }
    out
}

/// The error for an unknown class or method (`KLSTD::STDE_NOTIMPL`).
#[track_caller]
pub fn not_implemented(name: &str) -> PxgError {
    error(
        codes::NOT_IMPLEMENTED,
        "KLSTD",
        format!("Method '{name}' is not implemented"),
    )
    .with_locdata("Method '%1' is not implemented", &[name])
}

/// Runs `Class.Method` (exact case) with `args`.
pub fn dispatch(
    ctx: &CallCtx<'_>,
    class: &str,
    method: &str,
    args: &Args,
) -> Result<Reply, PxgError> {
    let full = format!("{class}.{method}");
    if let Some(e) = ctx.state.take_fault(&full) {
        return Err(e);
    }
    let r = match class {
        "HostGroup" => host_group::call(ctx, method, args),
        "ChunkAccessor" => chunk_accessor::call(ctx, method, args),
        "CgwHelper" => cgw_helper::call(ctx, method, args),
        "ServerHierarchy" => server_hierarchy::call(ctx, method, args),
        "VServers" => vservers::call(ctx, method, args),
        "Session" => session::call(ctx, method, args),
        "Policy" => policy::call(ctx, method, args),
        "Tasks" => tasks::call(ctx, method, args),
        "DataProtectionApi" => data_protection::call(ctx, method, args),
        "Limits" => limits::call(ctx, method, args),
        _ => None,
    };
    r.unwrap_or_else(|| Err(not_implemented(&full)))
}

/// Describes a JSON body that is not an object, for the bad-parameter error.
#[track_caller]
pub fn body_not_object(j: &Json) -> PxgError {
    bad_param(
        "body",
        format!("expected a JSON object, got {}", json_kind(j)),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn args_name_missing_and_mistyped_parameters() {
        let j = json!({"n": 5, "s": "x", "b": true, "bin": "c29tZQ==", "p": {}, "a": null,
                       "big": 5_000_000_000i64, "nul": null});
        let Json::Object(o) = j else { unreachable!() };
        let a = Args::from_body(&o).unwrap();
        assert_eq!(a.i32("n").unwrap(), 5);
        assert_eq!(a.str("s").unwrap(), "x");
        assert_eq!(a.str("nul").unwrap(), "");
        assert!(a.bool("b").unwrap());
        assert_eq!(a.binary("bin").unwrap(), b"some");
        assert!(a.params("p").unwrap().is_empty());
        assert_eq!(a.opt_array("a").unwrap(), None);
        let e = a.i32("missing").unwrap_err();
        assert_eq!(e.code, codes::BAD_PARAM);
        assert!(e.message.contains("'missing'"), "{}", e.message);
        let e = a.i32("s").unwrap_err();
        assert!(
            e.message.contains("'s'") && e.message.contains("string"),
            "{}",
            e.message
        );
        assert!(a.i32("big").unwrap_err().message.contains("'big'"));
        assert!(a.binary("s").unwrap_err().message.contains("base64"));
    }

    #[test]
    fn reply_shapes() {
        assert_eq!(Reply::void().to_json(), json!({}));
        let r = Reply::ret(Value::Array(vec![Value::Params(
            Params::new().with("id", 1),
        )]))
        .out("strAccessor", "x");
        assert_eq!(
            r.to_json(),
            json!({"PxgRetVal":[{"type":"params","value":{"id":1}}],"strAccessor":"x"})
        );
    }

    #[test]
    fn sorting_and_projection() {
        let mut recs = vec![
            Params::new().with("n", "b").with("i", 2),
            Params::new().with("n", "A").with("i", 3),
            Params::new().with("n", "c").with("i", 1),
        ];
        sort_records(&mut recs, &[("n".into(), true)]);
        assert_eq!(recs[0].get_str("n"), Some("A"));
        sort_records(&mut recs, &[("i".into(), false)]);
        assert_eq!(recs[0].get_i64("i"), Some(3));
        let p = project(&recs[0], &["i".into(), "zz".into()]);
        assert_eq!(p.len(), 1);
    }
}
