//! `PxgError`: the error object a KSC server returns for a failed call.

use serde_json::{Value as Json, json};

use super::value::{Params, Value};

/// Localisation data of a [`PxgError`] (`locdata`): a format string with `%1`, `%2`… and its args.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LocData {
    /// `format-id`.
    pub format_id: i64,
    /// `format`, e.g. `"Group '%1' not found"`.
    pub format: String,
    /// `locmodule`.
    pub locmodule: String,
    /// `args`.
    pub args: Vec<String>,
}

/// A decoded `PxgError`, with every documented field kept.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PxgError {
    /// `code`: the error code (e.g. 1 = general error, 2 = not found, 5 = access denied).
    pub code: i64,
    /// `subcode` (KSC 12.2+), when present.
    pub subcode: Option<i64>,
    /// `module`: the module that raised it, e.g. `KLSTD`.
    pub module: String,
    /// `file`: the server's source file.
    pub file: String,
    /// `line`: the server's source line.
    pub line: i64,
    /// `message`: the non-localised text.
    pub message: String,
    /// `locdata`, when present.
    pub locdata: Option<LocData>,
}

impl PxgError {
    /// A new error with a code, module and message; file and line left empty.
    pub fn new(code: i64, module: &str, message: impl Into<String>) -> Self {
        Self {
            code,
            module: module.to_string(),
            message: message.into(),
            ..Default::default()
        }
    }

    /// Adds localisation data.
    pub fn with_locdata(mut self, format: &str, args: &[&str]) -> Self {
        self.locdata = Some(LocData {
            format_id: self.code,
            format: format.to_string(),
            locmodule: self.module.clone(),
            args: args.iter().map(|a| a.to_string()).collect(),
        });
        self
    }

    /// The localised message with `%1`… replaced, or the plain message.
    pub fn display_message(&self) -> String {
        match &self.locdata {
            Some(l) if !l.format.is_empty() => {
                let mut s = l.format.clone();
                // Replace higher numbers first so %10 is not eaten by %1.
                for (i, a) in l.args.iter().enumerate().rev() {
                    s = s.replace(&format!("%{}", i + 1), a);
                }
                s
            }
            _ => self.message.clone(),
        }
    }

    /// The body `{"PxgError": {...}}` as a server sends it (locdata wrapped as params).
    pub fn to_body(&self) -> Json {
        let mut o = serde_json::Map::new();
        o.insert("code".into(), json!(self.code));
        if let Some(s) = self.subcode {
            o.insert("subcode".into(), json!(s));
        }
        o.insert("module".into(), json!(self.module));
        o.insert("file".into(), json!(self.file));
        o.insert("line".into(), json!(self.line));
        o.insert("message".into(), json!(self.message));
        if let Some(l) = &self.locdata {
            let p = Params::new()
                .with(
                    "format-id",
                    Value::Int(i32::try_from(l.format_id).unwrap_or(0)),
                )
                .with("format", l.format.as_str())
                .with("locmodule", l.locmodule.as_str())
                .with(
                    "args",
                    Value::Array(l.args.iter().map(|a| Value::String(a.clone())).collect()),
                );
            o.insert("locdata".into(), Value::Params(p).to_inner_json());
        }
        json!({ "PxgError": Json::Object(o) })
    }

    /// Reads the object under `PxgError`; tolerant of missing fields and of plain or wrapped locdata.
    pub fn from_json(j: &Json) -> Self {
        let s = |k: &str| {
            j.get(k)
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let n = |k: &str| j.get(k).and_then(Json::as_i64);
        let locdata = j.get("locdata").and_then(|l| {
            let p = match Value::from_inner_json(l, "locdata") {
                Ok(Value::Params(p)) => p,
                _ => return None,
            };
            Some(LocData {
                format_id: p.get_i64("format-id").unwrap_or(0),
                format: p.get_str("format").unwrap_or_default().to_string(),
                locmodule: p.get_str("locmodule").unwrap_or_default().to_string(),
                args: p
                    .get_array("args")
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|a| a.as_str().map(str::to_string))
                    .collect(),
            })
        });
        Self {
            code: n("code").unwrap_or(0),
            subcode: n("subcode"),
            module: s("module"),
            file: s("file"),
            line: n("line").unwrap_or(0),
            message: s("message"),
            locdata,
        }
    }
}

impl std::fmt::Display for PxgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (code {}", self.display_message(), self.code)?;
        if let Some(s) = self.subcode {
            write!(f, ", subcode {s}")?;
        }
        if !self.module.is_empty() {
            write!(f, ", module {}", self.module)?;
        }
        write!(f, ")")
    }
}

impl std::error::Error for PxgError {}

/// Well-known error codes the simulator raises and the client recognises.
pub mod codes {
    /// General error (`KLSTD::STDE_GENERAL`).
    pub const GENERAL: i64 = 1;
    /// Object not found (`KLSTD::STDE_NOENT`).
    pub const NOT_FOUND: i64 = 2;

    /// Whether `code` says the object is not there (either form).
    pub fn not_found(code: Option<i64>) -> bool {
        matches!(code, Some(NOT_FOUND | STDE_NOTFOUND))
    }
    /// Not found as real servers answer a deleted object (`KLSTD::STDE_NOTFOUND`, as the
    /// reference's "Some error definitions" lists it); the simulator answers [`NOT_FOUND`].
    pub const STDE_NOTFOUND: i64 = 1186;
    /// Object already exists (`KLSTD::STDE_EXIST`).
    pub const EXISTS: i64 = 3;
    /// Invalid argument (`KLSTD::STDE_BADPARAM`).
    pub const BAD_PARAM: i64 = 4;
    /// Access denied (`KLSTD::STDE_NOACCESS`).
    pub const NO_ACCESS: i64 = 5;
    /// Not implemented / unknown method (`KLSTD::STDE_NOTIMPL`).
    pub const NOT_IMPLEMENTED: i64 = 9;
    /// Operation not permitted (`KLSTD::STDE_NOTPERM`).
    pub const NOT_PERMITTED: i64 = 1258;
    /// Resource (temporarily) unavailable (`KLSTD::STDE_UNAVAIL`, 1195 in the reference's
    /// "Some error definitions"): a secondary that is not connected to its primary.
    pub const UNAVAILABLE: i64 = 1195;
    /// Wrong type of a parameter (`KLPAR::PARAM_WRONG_TYPE`).
    pub const WRONG_TYPE: i64 = 1205;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn documented_example_decodes() {
        let body: Json = serde_json::from_str(
            r#"{"PxgError": {"code": 1681, "module": "KLFT", "file":
            "kca/ft/filetransferimp.cpp", "line": 1234, "message": "File not found. ..."}}"#,
        )
        .unwrap();
        let e = PxgError::from_json(&body["PxgError"]);
        assert_eq!(e.code, 1681);
        assert_eq!(e.module, "KLFT");
        assert_eq!(e.file, "kca/ft/filetransferimp.cpp");
        assert_eq!(e.line, 1234);
        assert!(e.locdata.is_none());
    }

    #[test]
    fn locdata_round_trip_and_display() {
        let mut e = PxgError::new(codes::NOT_FOUND, "KLSRV", "Group not found")
            .with_locdata("Group '%1' not found on '%2'", &["Branches", "ksc1"]);
        e.subcode = Some(7);
        let body = e.to_body();
        assert_eq!(body["PxgError"]["locdata"]["type"], "params");
        let back = PxgError::from_json(&body["PxgError"]);
        assert_eq!(back, e);
        assert_eq!(
            back.display_message(),
            "Group 'Branches' not found on 'ksc1'"
        );
        assert!(back.to_string().contains("code 2, subcode 7, module KLSRV"));
    }
}
