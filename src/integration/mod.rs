//! The integration domain (no GUI types): pairing KSC virtual servers or KES Cloud workspaces
//! one-to-one with Autotask accounts. [`matcher`] suggests pairs by name, [`mapping`] holds and
//! validates the mapping (stored by Autotask company id) and moves it to and from CSV and the
//! settings, [`kes_cloud`] is the KES Cloud source (typed or imported workspace lists, as KES
//! Cloud has no public API to list them), [`csv`] is the small CSV dialect they share.

pub mod csv;
pub mod kes_cloud;
pub mod mapping;
pub mod mapping_data;
pub mod matcher;
pub mod prerequisites;

pub use mapping::{
    Counts, CsvRowError, CsvRowProblem, Mapping, MappingError, MappingProblem, Row, RowFilter,
};
pub use matcher::{
    Account, CompanyIndex, MatchOptions, MatchReason, Suggestion, Target, normalise, score,
    suggest, suggest_with,
};
