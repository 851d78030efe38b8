//! The Kaspersky Endpoint Security Cloud source. KES Cloud documents no public API that lists
//! workspaces, so none is invented here: the admin types the workspace names, or imports the
//! CSV the cloud console exports, and the account e-mail is only checked for its format (the
//! password goes to the keyring and cannot be verified online by this app).

use std::collections::HashMap;

use super::csv;
use super::matcher::Target;
use crate::fl;

/// What the screens say about this source, plainly, in the current language.
pub fn not_verifiable() -> String {
    fl!("kes-not-verifiable")
}

/// Header names accepted for the workspace name column (case-insensitive).
pub const NAME_COLUMNS: &[&str] = &[
    "name",
    "workspace",
    "workspace name",
    "company",
    "company name",
];

/// A KES Cloud workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    /// Its name as the console shows it.
    pub name: String,
}

impl Workspace {
    /// The workspace as a mapping target: its name is its key (workspaces have no other id here).
    pub fn target(&self) -> Target {
        Target::new(self.name.clone(), self.name.clone())
    }
}

/// Why a workspace list cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkspaceError {
    /// The text is not CSV.
    Unreadable(String),
    /// No column header names the workspace.
    NoNameColumn {
        /// The header line.
        line: usize,
    },
    /// A workspace is listed twice (names compared without case).
    Duplicate {
        /// The name.
        name: String,
        /// Where it is repeated.
        line: usize,
        /// Where it first appears.
        first_line: usize,
    },
    /// The list is empty.
    Empty,
}

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Unreadable(detail) => fl!("kes-error-unreadable", detail = detail.clone()),
            Self::NoNameColumn { line } => fl!(
                "kes-error-no-name-column",
                line = line.to_owned(),
                expected = NAME_COLUMNS.join(" / ")
            ),
            Self::Duplicate {
                name,
                line,
                first_line,
            } => fl!(
                "kes-error-duplicate",
                name = name.clone(),
                line = line.to_owned(),
                first_line = first_line.to_owned()
            ),
            Self::Empty => fl!("kes-error-empty"),
        })
    }
}

/// Why an e-mail address is not acceptable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing entered.
    Empty,
    /// Not `local@domain.tld`.
    Malformed(String),
}

impl std::fmt::Display for EmailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Empty => fl!("kes-error-email-empty"),
            Self::Malformed(text) => fl!("kes-error-email-malformed", email = text.clone()),
        })
    }
}

/// Checks the format of the account e-mail (`local@domain.tld`, no spaces, one `@`, a dotted
/// domain of letters, digits and hyphens). Returns it trimmed.
pub fn check_email(text: &str) -> Result<String, EmailError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(EmailError::Empty);
    }
    let bad = || EmailError::Malformed(t.to_string());
    let (local, domain) = t.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
    if local_ok && domain_ok {
        Ok(t.to_string())
    } else {
        Err(bad())
    }
}

fn dedup(items: Vec<(usize, String)>) -> Result<Vec<Workspace>, WorkspaceError> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (line, name) in items {
        let key = name.to_lowercase();
        if let Some(first_line) = first.get(&key) {
            return Err(WorkspaceError::Duplicate {
                name,
                line,
                first_line: *first_line,
            });
        }
        first.insert(key, line);
        out.push(Workspace { name });
    }
    if out.is_empty() {
        return Err(WorkspaceError::Empty);
    }
    Ok(out)
}

/// A list typed by the admin: one workspace per line, blank lines ignored.
pub fn parse_typed(text: &str) -> Result<Vec<Workspace>, WorkspaceError> {
    let items = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    dedup(items)
}

/// A CSV exported from the cloud console: the header names the workspace column (see
/// [`NAME_COLUMNS`]); a file of one column without such a header is read as names only.
pub fn import_csv(text: &str) -> Result<Vec<Workspace>, WorkspaceError> {
    let records = csv::parse(text).map_err(|e| WorkspaceError::Unreadable(e.to_string()))?;
    let Some((header, rows)) = records.split_first() else {
        return Err(WorkspaceError::Empty);
    };
    let col = header.fields.iter().position(|f| {
        NAME_COLUMNS
            .iter()
            .any(|n| f.trim().eq_ignore_ascii_case(n))
    });
    let (col, rows) = match col {
        Some(c) => (c, rows),
        None if records.iter().all(|r| r.fields.len() == 1) => (0, &records[..]),
        None => return Err(WorkspaceError::NoNameColumn { line: header.line }),
    };
    let items = rows
        .iter()
        .filter_map(|r| {
            let name = csv::unguard(r.fields.get(col)?.trim());
            (!name.is_empty()).then(|| (r.line, name.to_string()))
        })
        .collect();
    dedup(items)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn names(w: &[Workspace]) -> Vec<&str> {
        w.iter().map(|w| w.name.as_str()).collect()
    }

    #[test]
    fn typed_list() {
        let w = parse_typed("  Customer A \n\n Lab\r\n").unwrap();
        assert_eq!(names(&w), ["Customer A", "Lab"]);
        assert_eq!(w[1].target(), Target::new("Lab", "Lab"));
        assert_eq!(
            parse_typed("Lab\nX\nLAB").unwrap_err(),
            WorkspaceError::Duplicate {
                name: "LAB".into(),
                line: 3,
                first_line: 1
            }
        );
        assert_eq!(parse_typed(" \n").unwrap_err(), WorkspaceError::Empty);
    }

    #[test]
    fn csv_exports_in_several_dialects() {
        let w = import_csv(
            "\u{feff}\"Workspace name\";\"Devices\"\r\n\"Customer A\";12\r\n\"Lab; test\";3\r\n",
        )
        .unwrap();
        assert_eq!(names(&w), ["Customer A", "Lab; test"]);
        let w = import_csv("id,Name\n1,\"Smith, Jones & Co\"\n2,ООО «Лаб»\n3,\n").unwrap();
        assert_eq!(names(&w), ["Smith, Jones & Co", "ООО «Лаб»"]);
        let w = import_csv("Customer A\nCustomer B\n").unwrap();
        assert_eq!(names(&w), ["Customer A", "Customer B"]);
        assert_eq!(
            import_csv("id,devices\n1,2\n").unwrap_err(),
            WorkspaceError::NoNameColumn { line: 1 }
        );
        assert!(matches!(
            import_csv("name\n\"open").unwrap_err(),
            WorkspaceError::Unreadable(_)
        ));
        assert_eq!(import_csv("name\n").unwrap_err(), WorkspaceError::Empty);
        assert!(matches!(
            import_csv("name\nA\na\n").unwrap_err(),
            WorkspaceError::Duplicate { line: 3, .. }
        ));
    }

    #[test]
    fn email_format() {
        for ok in [
            "admin@msp.example",
            " a.b+c@sub.example.co.uk ",
            "иван@пример.рф",
        ] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        assert_eq!(check_email(" x@y.io ").unwrap(), "x@y.io");
        assert_eq!(check_email("  ").unwrap_err(), EmailError::Empty);
        for bad in [
            "admin",
            "@msp.example",
            "admin@",
            "admin@msp",
            "a@@msp.example",
            "a b@msp.example",
            "a..b@msp.example",
            ".a@msp.example",
            "a@-msp.example",
            "a@msp..example",
            "a@msp.e",
        ] {
            assert!(
                matches!(check_email(bad), Err(EmailError::Malformed(_))),
                "{bad}"
            );
        }
    }
}
