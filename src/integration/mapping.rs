//! The one-to-one mapping of virtual servers (or workspaces) to Autotask accounts, stored by
//! Autotask company id so renaming a company does not break it: editing with the "taken"
//! rule enforced, validation against what the servers and the tenant hold now (and which of it
//! one server's page judges), the counts and the "never more virtual servers than accounts"
//! prerequisite, the screen's row filters and open suggestions, CSV export and all-or-nothing
//! import (merged with other servers' pairs), and conversion to and from
//! `Settings.vserver_mapping`.
//!
//! CSV columns (header required, any order, names case-insensitive, separator `,` `;` or tab):
//! `vserver_uid` (required: [`Target::key`]), `company_id` (required; empty = not mapped),
//! `vserver_name` and `company_name` (informative, ignored on import). An imported file is the
//! whole mapping: virtual servers it does not list end up unmapped.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::csv;
use super::matcher::{Account, CompanyIndex, MatchOptions, Suggestion, Target};
use crate::fl;

/// Column of the virtual server key.
pub const COL_VSERVER_UID: &str = "vserver_uid";
/// Column of the virtual server name.
pub const COL_VSERVER_NAME: &str = "vserver_name";
/// Column of the Autotask company id.
pub const COL_COMPANY_ID: &str = "company_id";
/// Column of the Autotask company name.
pub const COL_COMPANY_NAME: &str = "company_name";

/// An edit the one-to-one rule refuses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// The company is already mapped to another virtual server.
    CompanyTaken {
        /// The company id.
        company: i64,
        /// The virtual server holding it.
        by: String,
    },
}

/// Something wrong with a mapping as it stands against the servers and the tenant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MappingProblem {
    /// The mapped company id is not in the tenant (deleted, or another tenant's id).
    UnknownCompany {
        /// The virtual server key.
        vserver: String,
        /// The company id.
        company: i64,
    },
    /// One company is mapped to several virtual servers.
    CompanyMappedTwice {
        /// The company id.
        company: i64,
        /// The virtual servers, sorted.
        vservers: Vec<String>,
    },
    /// The virtual server is no longer on the Administration Server.
    VServerGone {
        /// The virtual server key.
        vserver: String,
        /// The company id it was mapped to.
        company: i64,
    },
    /// The prerequisite "never more virtual servers than accounts" is broken.
    MoreVServersThanAccounts {
        /// Virtual servers (or workspaces).
        vservers: usize,
        /// Active customer accounts.
        accounts: usize,
    },
}

/// The numbers shown above the mapping table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Virtual servers (or workspaces).
    pub vservers: usize,
    /// Of those, mapped.
    pub mapped: usize,
    /// Of those, not mapped.
    pub unmapped: usize,
    /// Active customer accounts in the tenant.
    pub active_customer_accounts: usize,
}

impl Counts {
    /// The prerequisite problem, if there are more virtual servers than active customer accounts.
    pub fn capacity_problem(&self) -> Option<MappingProblem> {
        (self.vservers > self.active_customer_accounts).then_some(
            MappingProblem::MoreVServersThanAccounts {
                vservers: self.vservers,
                accounts: self.active_customer_accounts,
            },
        )
    }
}

/// Which rows the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RowFilter {
    /// Every virtual server.
    #[default]
    All,
    /// Unmapped ones with a suggestion.
    Suggested,
    /// Unmapped ones.
    Unmapped,
    /// Mapped ones.
    Mapped,
}

/// One row of the mapping table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<'a> {
    /// The virtual server.
    pub target: &'a Target,
    /// Its mapped company.
    pub company: Option<i64>,
    /// A suggestion for it (only when unmapped).
    pub suggestion: Option<&'a Suggestion>,
}

/// What is wrong with one row of an imported CSV file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvRowProblem {
    /// The text is not CSV.
    Unreadable(String),
    /// The header lacks a required column.
    MissingColumn(&'static str),
    /// The virtual server cell is empty.
    NoVServer,
    /// The virtual server is not on the Administration Server.
    UnknownVServer(String),
    /// The virtual server is listed again.
    DuplicateVServer {
        /// The key.
        uid: String,
        /// Where it was first listed.
        first_row: usize,
    },
    /// The company id is not a number.
    BadCompanyId(String),
    /// The company id is not in the tenant.
    UnknownCompany(i64),
    /// The company is already used on another row (one-to-one).
    CompanyAlreadyUsed {
        /// The company id.
        company: i64,
        /// Where it was first used.
        first_row: usize,
    },
}

/// A problem on a numbered row (1-based line of the file; the header is row 1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct CsvRowError {
    /// Line in the file.
    pub row: usize,
    /// What is wrong.
    pub problem: CsvRowProblem,
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::CompanyTaken { company, by } => f.write_str(&fl!(
                "mapping-error-company-taken",
                company = company.to_string(),
                vserver = by.clone()
            )),
        }
    }
}

impl std::fmt::Display for MappingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::UnknownCompany { vserver, company } => fl!(
                "mapping-problem-unknown-company",
                vserver = vserver.clone(),
                company = company.to_string()
            ),
            Self::CompanyMappedTwice { company, vservers } => fl!(
                "mapping-problem-company-twice",
                company = company.to_string(),
                vservers = vservers.join(", ")
            ),
            Self::VServerGone { vserver, company } => fl!(
                "mapping-problem-vserver-gone",
                vserver = vserver.clone(),
                company = company.to_string()
            ),
            Self::MoreVServersThanAccounts { vservers, accounts } => fl!(
                "mapping-problem-too-few-accounts",
                vservers = vservers.to_owned(),
                accounts = accounts.to_owned()
            ),
        })
    }
}

impl std::fmt::Display for CsvRowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Unreadable(detail) => detail.clone(),
            Self::MissingColumn(column) => fl!("csv-missing-column", column = column.to_owned()),
            Self::NoVServer => fl!("csv-no-vserver"),
            Self::UnknownVServer(uid) => fl!("csv-unknown-vserver", uid = uid.clone()),
            Self::DuplicateVServer { uid, first_row } => fl!(
                "csv-duplicate-vserver",
                uid = uid.clone(),
                first_row = first_row.to_owned()
            ),
            Self::BadCompanyId(id) => fl!("csv-bad-company-id", id = id.clone()),
            Self::UnknownCompany(id) => fl!("csv-unknown-company", id = id.to_string()),
            Self::CompanyAlreadyUsed { company, first_row } => fl!(
                "csv-company-used",
                company = company.to_string(),
                first_row = first_row.to_owned()
            ),
        })
    }
}

impl std::fmt::Display for CsvRowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&fl!(
            "csv-row-error",
            row = self.row,
            problem = self.problem.to_string()
        ))
    }
}

/// Virtual server key → Autotask company id, one-to-one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    by_vserver: BTreeMap<String, i64>,
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the saved mapping as is (a hand-edited file may break the rules: see [`Self::validate`]).
    pub fn from_settings(saved: &BTreeMap<String, i64>) -> Self {
        Self {
            by_vserver: saved.clone(),
        }
    }

    /// The mapping as `Settings.vserver_mapping` stores it.
    pub fn to_settings(&self) -> BTreeMap<String, i64> {
        self.by_vserver.clone()
    }

    /// Maps a virtual server, replacing its previous company (returned). Refused when another
    /// virtual server holds the company.
    pub fn map(&mut self, vserver: &str, company: i64) -> Result<Option<i64>, MappingError> {
        if let Some(by) = self.vserver_of(company)
            && by != vserver
        {
            return Err(MappingError::CompanyTaken {
                company,
                by: by.to_string(),
            });
        }
        Ok(self.by_vserver.insert(vserver.to_string(), company))
    }

    /// Removes a virtual server's mapping, returning its company.
    pub fn unmap(&mut self, vserver: &str) -> Option<i64> {
        self.by_vserver.remove(vserver)
    }

    /// The company of a virtual server.
    pub fn company_of(&self, vserver: &str) -> Option<i64> {
        self.by_vserver.get(vserver).copied()
    }

    /// The (first) virtual server holding a company.
    pub fn vserver_of(&self, company: i64) -> Option<&str> {
        self.by_vserver
            .iter()
            .find(|(_, c)| **c == company)
            .map(|(v, _)| v.as_str())
    }

    /// Whether a company is mapped to some virtual server (shown as taken in the picker).
    pub fn is_taken(&self, company: i64) -> bool {
        self.by_vserver.values().any(|c| *c == company)
    }

    /// The ids of all mapped companies.
    pub fn taken(&self) -> HashSet<i64> {
        self.by_vserver.values().copied().collect()
    }

    /// Number of mapped virtual servers.
    pub fn len(&self) -> usize {
        self.by_vserver.len()
    }

    /// Whether nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.by_vserver.is_empty()
    }

    /// Pairs in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, i64)> {
        self.by_vserver.iter().map(|(v, c)| (v.as_str(), *c))
    }

    /// Every problem against the current virtual servers and companies, in a stable order.
    pub fn validate(&self, vservers: &[Target], accounts: &[Account]) -> Vec<MappingProblem> {
        let keys: HashSet<&str> = vservers.iter().map(|t| t.key.as_str()).collect();
        let ids: HashSet<i64> = accounts.iter().map(|a| a.id).collect();
        let mut out = Vec::new();
        let mut by_company: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (v, c) in &self.by_vserver {
            if !keys.contains(v.as_str()) {
                out.push(MappingProblem::VServerGone {
                    vserver: v.clone(),
                    company: *c,
                });
            }
            if !ids.contains(c) {
                out.push(MappingProblem::UnknownCompany {
                    vserver: v.clone(),
                    company: *c,
                });
            }
            by_company.entry(*c).or_default().push(v.clone());
        }
        for (company, vservers) in by_company {
            if vservers.len() > 1 {
                out.push(MappingProblem::CompanyMappedTwice { company, vservers });
            }
        }
        out
    }

    /// The problems the page of these virtual servers shows. The saved mapping also holds the
    /// pairs of other Administration Servers' virtual servers: they are kept but not judged
    /// here, so neither "no longer on the server" nor an unknown company of theirs is reported;
    /// a company mapped twice is, as it blocks mapping it here too.
    pub fn problems_for(&self, vservers: &[Target], accounts: &[Account]) -> Vec<MappingProblem> {
        let keys: HashSet<&str> = vservers.iter().map(|t| t.key.as_str()).collect();
        self.validate(vservers, accounts)
            .into_iter()
            .filter(|p| match p {
                MappingProblem::VServerGone { .. } => false,
                MappingProblem::UnknownCompany { vserver, .. } => keys.contains(vserver.as_str()),
                MappingProblem::CompanyMappedTwice { .. }
                | MappingProblem::MoreVServersThanAccounts { .. } => true,
            })
            .collect()
    }

    /// This mapping with a CSV file's mapping of these virtual servers imported (see
    /// [`Self::from_csv`]): the file decides every pair of these virtual servers, and the
    /// pairs of other servers' virtual servers stay unless the file gave their account to
    /// one of these.
    pub fn with_imported(&self, imported: Mapping, vservers: &[Target]) -> Mapping {
        let keys: HashSet<&str> = vservers.iter().map(|t| t.key.as_str()).collect();
        let used = imported.taken();
        let mut next = imported;
        for (v, c) in self.iter() {
            if !keys.contains(v) && !used.contains(&c) {
                // A hand-edited saved mapping may give one company to two other servers'
                // virtual servers: the one-to-one rule keeps the first.
                let _ = next.map(v, c);
            }
        }
        next
    }

    /// The suggestions still open: for unmapped virtual servers, with companies nobody holds.
    pub fn open_suggestions(&self, suggestions: &[Suggestion]) -> Vec<Suggestion> {
        let taken = self.taken();
        suggestions
            .iter()
            .filter(|s| self.company_of(&s.vserver).is_none() && !taken.contains(&s.company_id))
            .cloned()
            .collect()
    }

    /// The counts for these virtual servers (mappings of vanished ones are not counted).
    pub fn counts(&self, vservers: &[Target], accounts: &[Account], customer_type: i64) -> Counts {
        let mapped = vservers
            .iter()
            .filter(|t| self.by_vserver.contains_key(&t.key))
            .count();
        Counts {
            vservers: vservers.len(),
            mapped,
            unmapped: vservers.len() - mapped,
            active_customer_accounts: accounts
                .iter()
                .filter(|a| a.is_active_customer(customer_type))
                .count(),
        }
    }

    /// Suggestions for the unmapped virtual servers among the companies not yet taken.
    pub fn suggest(
        &self,
        vservers: &[Target],
        accounts: &[Account],
        opts: &MatchOptions,
    ) -> Vec<Suggestion> {
        let taken = self.taken();
        let free: Vec<Account> = accounts
            .iter()
            .filter(|a| !taken.contains(&a.id))
            .cloned()
            .collect();
        let open: Vec<Target> = vservers
            .iter()
            .filter(|t| !self.by_vserver.contains_key(&t.key))
            .cloned()
            .collect();
        CompanyIndex::new(&free).suggest(&open, opts)
    }

    /// Confirms suggestions (all at once or a chosen few); each one the rule refuses is
    /// reported and skipped.
    pub fn accept(&mut self, suggestions: &[Suggestion]) -> Vec<MappingError> {
        suggestions
            .iter()
            .filter_map(|s| self.map(&s.vserver, s.company_id).err())
            .collect()
    }

    /// The table rows that pass `filter`, in the order of `vservers`.
    pub fn rows<'a>(
        &self,
        vservers: &'a [Target],
        suggestions: &'a [Suggestion],
        filter: RowFilter,
    ) -> Vec<Row<'a>> {
        let by_key: HashMap<&str, &Suggestion> = suggestions
            .iter()
            .map(|s| (s.vserver.as_str(), s))
            .collect();
        vservers
            .iter()
            .map(|t| {
                let company = self.company_of(&t.key);
                let suggestion = if company.is_none() {
                    by_key.get(t.key.as_str()).copied()
                } else {
                    None
                };
                Row {
                    target: t,
                    company,
                    suggestion,
                }
            })
            .filter(|r| match filter {
                RowFilter::All => true,
                RowFilter::Suggested => r.suggestion.is_some(),
                RowFilter::Unmapped => r.company.is_none(),
                RowFilter::Mapped => r.company.is_some(),
            })
            .collect()
    }

    /// The whole table as CSV (see the module documentation for the columns): every virtual
    /// server, mapped or not, then mappings of virtual servers that no longer exist.
    pub fn to_csv(&self, vservers: &[Target], accounts: &[Account]) -> String {
        let names: HashMap<i64, &str> = accounts.iter().map(|a| (a.id, a.name.as_str())).collect();
        let mut out = csv::line(&[
            COL_VSERVER_UID,
            COL_VSERVER_NAME,
            COL_COMPANY_ID,
            COL_COMPANY_NAME,
        ]);
        let mut row = |key: &str, name: &str, company: Option<i64>| {
            let id = company.map(|c| c.to_string()).unwrap_or_default();
            let cname = company.and_then(|c| names.get(&c).copied()).unwrap_or("");
            out.push_str(&csv::line(&[key, name, &id, cname]));
        };
        for t in vservers {
            row(&t.key, &t.name, self.company_of(&t.key));
        }
        let keys: HashSet<&str> = vservers.iter().map(|t| t.key.as_str()).collect();
        for (v, c) in &self.by_vserver {
            if !keys.contains(v.as_str()) {
                row(v, "", Some(*c));
            }
        }
        out
    }

    /// Reads a CSV mapping and checks every row; the new mapping is returned only when no row
    /// has a problem (nothing is applied otherwise). The caller replaces its mapping with it.
    pub fn from_csv(
        text: &str,
        vservers: &[Target],
        accounts: &[Account],
    ) -> Result<Mapping, Vec<CsvRowError>> {
        let records = csv::parse(text).map_err(|e| {
            vec![CsvRowError {
                row: e.line(),
                problem: CsvRowProblem::Unreadable(e.to_string()),
            }]
        })?;
        let Some((header, rows)) = records.split_first() else {
            return Err(vec![CsvRowError {
                row: 1,
                problem: CsvRowProblem::MissingColumn(COL_VSERVER_UID),
            }]);
        };
        let col = |name: &'static str| {
            header
                .fields
                .iter()
                .position(|f| f.trim().eq_ignore_ascii_case(name))
                .ok_or(CsvRowError {
                    row: header.line,
                    problem: CsvRowProblem::MissingColumn(name),
                })
        };
        let (uid_col, id_col) = match (col(COL_VSERVER_UID), col(COL_COMPANY_ID)) {
            (Ok(u), Ok(c)) => (u, c),
            (u, c) => return Err([u.err(), c.err()].into_iter().flatten().collect()),
        };
        let keys: HashSet<&str> = vservers.iter().map(|t| t.key.as_str()).collect();
        let ids: HashSet<i64> = accounts.iter().map(|a| a.id).collect();
        let mut errors = Vec::new();
        let mut seen_vserver: HashMap<String, usize> = HashMap::new();
        let mut seen_company: HashMap<i64, usize> = HashMap::new();
        let mut out = Mapping::new();
        for r in rows {
            let cell = |i: usize| r.fields.get(i).map(|s| s.trim()).unwrap_or("");
            let mut fail = |problem| {
                errors.push(CsvRowError {
                    row: r.line,
                    problem,
                })
            };
            let uid = csv::unguard(cell(uid_col));
            if uid.is_empty() {
                fail(CsvRowProblem::NoVServer);
                continue;
            }
            if let Some(first_row) = seen_vserver.get(uid) {
                fail(CsvRowProblem::DuplicateVServer {
                    uid: uid.to_string(),
                    first_row: *first_row,
                });
                continue;
            }
            seen_vserver.insert(uid.to_string(), r.line);
            if !keys.contains(uid) {
                fail(CsvRowProblem::UnknownVServer(uid.to_string()));
                continue;
            }
            let id_text = cell(id_col);
            if id_text.is_empty() {
                continue;
            }
            let Ok(company) = id_text.parse::<i64>() else {
                fail(CsvRowProblem::BadCompanyId(id_text.to_string()));
                continue;
            };
            if !ids.contains(&company) {
                fail(CsvRowProblem::UnknownCompany(company));
                continue;
            }
            if let Some(first_row) = seen_company.get(&company) {
                fail(CsvRowProblem::CompanyAlreadyUsed {
                    company,
                    first_row: *first_row,
                });
                continue;
            }
            seen_company.insert(company, r.line);
            out.by_vserver.insert(uid.to_string(), company);
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::integration::matcher::CUSTOMER_TYPE;

    fn targets() -> Vec<Target> {
        vec![
            Target::new("uid-a", "Customer A"),
            Target::new("uid-b", "Customer B"),
            Target::new("uid-lab", "Lab"),
        ]
    }

    fn accounts() -> Vec<Account> {
        let a = |id, name: &str, t, active| Account {
            id,
            name: name.to_string(),
            company_type: Some(t),
            active,
        };
        vec![
            a(1, "Customer A Ltd", 1, true),
            a(2, "CUSTOMER A LIMITED", 4, false),
            a(3, "Customer B, LLC", 1, true),
            a(5, "The Lab", 1, true),
            a(7, "=cmd|' /C calc'!A0", 1, true),
        ]
    }

    #[test]
    fn one_to_one_editing() {
        let mut m = Mapping::new();
        assert_eq!(m.map("uid-a", 1), Ok(None));
        assert!(m.is_taken(1));
        assert_eq!(
            m.map("uid-b", 1),
            Err(MappingError::CompanyTaken {
                company: 1,
                by: "uid-a".into()
            })
        );
        // Re-mapping the same pair is fine; changing the company frees the old one.
        assert_eq!(m.map("uid-a", 1), Ok(Some(1)));
        assert_eq!(m.map("uid-a", 3), Ok(Some(1)));
        assert!(!m.is_taken(1));
        assert_eq!(m.map("uid-b", 1), Ok(None));
        assert_eq!(m.unmap("uid-a"), Some(3));
        assert_eq!(m.unmap("uid-a"), None);
        assert_eq!(m.len(), 1);
        let back = Mapping::from_settings(&m.to_settings());
        assert_eq!(back, m);
    }

    #[test]
    fn validation_against_servers_and_tenant() {
        let saved = BTreeMap::from([
            ("uid-a".to_string(), 1),
            ("uid-b".to_string(), 1),
            ("uid-lab".to_string(), 99),
            ("uid-gone".to_string(), 3),
        ]);
        let m = Mapping::from_settings(&saved);
        let p = m.validate(&targets(), &accounts());
        assert_eq!(
            p,
            vec![
                MappingProblem::VServerGone {
                    vserver: "uid-gone".into(),
                    company: 3
                },
                MappingProblem::UnknownCompany {
                    vserver: "uid-lab".into(),
                    company: 99
                },
                MappingProblem::CompanyMappedTwice {
                    company: 1,
                    vservers: vec!["uid-a".into(), "uid-b".into()]
                },
            ]
        );
        assert!(Mapping::new().validate(&targets(), &accounts()).is_empty());
    }

    #[test]
    fn counts_and_capacity() {
        let mut m = Mapping::new();
        m.map("uid-a", 1).unwrap();
        m.map("uid-gone", 3).unwrap();
        let c = m.counts(&targets(), &accounts(), CUSTOMER_TYPE);
        assert_eq!(
            c,
            Counts {
                vservers: 3,
                mapped: 1,
                unmapped: 2,
                active_customer_accounts: 4
            }
        );
        assert_eq!(c.capacity_problem(), None);
        let few = &accounts()[..2];
        let c = m.counts(&targets(), few, CUSTOMER_TYPE);
        assert_eq!(
            c.capacity_problem(),
            Some(MappingProblem::MoreVServersThanAccounts {
                vservers: 3,
                accounts: 1
            })
        );
    }

    #[test]
    fn suggestions_filters_and_acceptance() {
        let t = targets();
        let acc = accounts();
        let mut m = Mapping::new();
        m.map("uid-b", 5).unwrap();
        let s = m.suggest(&t, &acc, &MatchOptions::default());
        // uid-b is mapped, "The Lab" is taken: only Customer A gets a suggestion.
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!((s[0].vserver.as_str(), s[0].company_id), ("uid-a", 1));
        let keys = |f| {
            m.rows(&t, &s, f)
                .iter()
                .map(|r| r.target.key.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(RowFilter::All), ["uid-a", "uid-b", "uid-lab"]);
        assert_eq!(keys(RowFilter::Suggested), ["uid-a"]);
        assert_eq!(keys(RowFilter::Unmapped), ["uid-a", "uid-lab"]);
        assert_eq!(keys(RowFilter::Mapped), ["uid-b"]);
        let stale = Suggestion {
            vserver: "uid-lab".into(),
            company_id: 5,
            score: 1.0,
            reason: crate::integration::MatchReason::SameName,
        };
        let errs = m.accept(&[s[0].clone(), stale]);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(m.company_of("uid-a"), Some(1));
        assert_eq!(m.company_of("uid-lab"), None);
    }

    #[test]
    fn problems_of_other_servers_virtual_servers_are_not_judged_here() {
        let saved = BTreeMap::from([
            ("other-x".to_string(), 404),
            ("other-y".to_string(), 3),
            ("uid-a".to_string(), 1),
            ("uid-b".to_string(), 3),
            ("uid-lab".to_string(), 99),
        ]);
        let m = Mapping::from_settings(&saved);
        assert_eq!(
            m.problems_for(&targets(), &accounts()),
            vec![
                MappingProblem::UnknownCompany {
                    vserver: "uid-lab".into(),
                    company: 99
                },
                MappingProblem::CompanyMappedTwice {
                    company: 3,
                    vservers: vec!["other-y".into(), "uid-b".into()]
                },
            ]
        );
        // Without virtual servers of its own the page judges only the company mapped twice.
        assert_eq!(m.problems_for(&[], &accounts()).len(), 1);
    }

    #[test]
    fn an_import_decides_these_virtual_servers_and_keeps_the_others() {
        let current = Mapping::from_settings(&BTreeMap::from([
            ("uid-a".to_string(), 1),
            ("other-x".to_string(), 3),
            ("other-y".to_string(), 5),
            ("other-z".to_string(), 5),
        ]));
        let imported = Mapping::from_csv(
            "vserver_uid,company_id\nuid-b,3\nuid-lab,\n",
            &targets(),
            &accounts(),
        )
        .unwrap();
        let next = current.with_imported(imported, &targets());
        // uid-a is not in the file, so it ends up unmapped; other-x lost its company to uid-b;
        // of the two holding company 5 (a hand-edited file) the first stays.
        assert_eq!(
            next.to_settings(),
            BTreeMap::from([("other-y".to_string(), 5), ("uid-b".to_string(), 3)])
        );
        assert!(
            next.validate(&targets(), &accounts())
                .iter()
                .all(|p| matches!(p, MappingProblem::VServerGone { .. }))
        );
    }

    #[test]
    fn open_suggestions_skip_mapped_rows_and_taken_companies() {
        let s = |vserver: &str, company_id| Suggestion {
            vserver: vserver.into(),
            company_id,
            score: 0.9,
            reason: crate::integration::MatchReason::Similar,
        };
        let all = [s("uid-a", 1), s("uid-b", 3), s("uid-lab", 5)];
        let mut m = Mapping::new();
        assert_eq!(m.open_suggestions(&all), all);
        m.map("uid-a", 7).unwrap();
        m.map("other-x", 3).unwrap();
        assert_eq!(m.open_suggestions(&all), [s("uid-lab", 5)]);
    }

    #[test]
    fn csv_round_trip() {
        let mut m = Mapping::new();
        m.map("uid-a", 1).unwrap();
        m.map("uid-lab", 7).unwrap();
        m.map("=sum(1)", 3).unwrap();
        let mut t = targets();
        t.push(Target::new("=sum(1)", "@workspace"));
        let text = m.to_csv(&t, &accounts());
        assert!(text.starts_with("vserver_uid,vserver_name,company_id,company_name\n"));
        assert!(text.contains("uid-b,Customer B,,\n"), "{text}");
        // A formula-looking company name is defused.
        assert!(text.contains(",7,'=cmd"), "{text}");
        assert!(text.contains("'=sum(1),'@workspace,3,"), "{text}");
        let back = Mapping::from_csv(&text, &t, &accounts()).unwrap();
        assert_eq!(back, m);
        // Semicolons, BOM, other column order and case.
        let text = "\u{feff}Company_ID;VSERVER_UID\r\n3;uid-b\r\n;uid-a\r\n";
        let back = Mapping::from_csv(text, &targets(), &accounts()).unwrap();
        assert_eq!(back.to_settings(), BTreeMap::from([("uid-b".into(), 3)]));
    }

    #[test]
    fn csv_import_reports_every_bad_row_and_applies_nothing() {
        let text = "vserver_uid,company_id\n\
                    uid-a,1\n\
                    uid-x,3\n\
                    uid-a,3\n\
                    uid-b,1\n\
                    uid-lab,abc\n\
                    ,5\n";
        let errs = Mapping::from_csv(text, &targets(), &accounts()).unwrap_err();
        let got: Vec<(usize, CsvRowProblem)> =
            errs.iter().map(|e| (e.row, e.problem.clone())).collect();
        assert_eq!(
            got,
            vec![
                (3, CsvRowProblem::UnknownVServer("uid-x".into())),
                (
                    4,
                    CsvRowProblem::DuplicateVServer {
                        uid: "uid-a".into(),
                        first_row: 2
                    }
                ),
                (
                    5,
                    CsvRowProblem::CompanyAlreadyUsed {
                        company: 1,
                        first_row: 2
                    }
                ),
                (6, CsvRowProblem::BadCompanyId("abc".into())),
                (7, CsvRowProblem::NoVServer),
            ]
        );
        assert_eq!(
            errs[0].to_string(),
            "row 3: unknown virtual server \"uid-x\""
        );
        let errs = Mapping::from_csv(
            "vserver_uid,company_id\nuid-a,404\n",
            &targets(),
            &accounts(),
        )
        .unwrap_err();
        assert_eq!(errs[0].problem, CsvRowProblem::UnknownCompany(404));
        let errs =
            Mapping::from_csv("uid,company\nuid-a,1\n", &targets(), &accounts()).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(
            errs[0].problem,
            CsvRowProblem::MissingColumn(COL_VSERVER_UID)
        );
        let errs = Mapping::from_csv("", &targets(), &accounts()).unwrap_err();
        assert_eq!(errs[0].row, 1);
        let errs = Mapping::from_csv(
            "vserver_uid,company_id\n\"uid-a,1\n",
            &targets(),
            &accounts(),
        )
        .unwrap_err();
        assert!(matches!(errs[0].problem, CsvRowProblem::Unreadable(_)));
    }
}
