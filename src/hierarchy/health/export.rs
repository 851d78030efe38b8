//! The page's CSV export: one line per secondary, in the order shown, with the findings judged
//! at the `now` the page shows. Column names and their values are fixed English words, so a
//! script reads any export whatever the app's language; only `reasons` is in the app's
//! language, for the person reading the sheet.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Expiry, Fleet, Inactivity, Nested, Presented, Registered, Row, Via};
use crate::integration::csv;
use crate::kloapi::ServerStatus;

/// The header line's column names, in order.
pub const COLUMNS: &[&str] = &[
    "path",
    "id",
    "name",
    "primary",
    "group",
    "status",
    "inactive_hours",
    "last_connected",
    "version",
    "primary_version",
    "version_drift",
    "dmz",
    "address",
    "master_address",
    "certificate_expires",
    "certificate_days_left",
    "presented_now",
    "presented_detail",
    "own_secondaries",
    "needs_attention",
    "reasons",
];

fn when(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn line(fleet: &Fleet, row: &Row, now: OffsetDateTime) -> String {
    let status = match row.status {
        Some(ServerStatus::Active) => "active",
        Some(ServerStatus::Inactive) => "inactive",
        _ => "unknown",
    };
    let inactive_hours = match super::inactivity(row, now) {
        Inactivity::For(d) => d.whole_hours().to_string(),
        _ => String::new(),
    };
    let (expires, days_left) = match (&row.registered, super::expiry(&row.registered, now)) {
        (Registered::Read { not_after, .. }, e) => (
            when(*not_after),
            match e {
                Expiry::Valid { days } | Expiry::Soon { days } | Expiry::Urgent { days } => {
                    days.to_string()
                }
                Expiry::Expired { days } => (-days).to_string(),
                Expiry::Unknown => String::new(),
            },
        ),
        (Registered::Missing, _) => (String::new(), String::new()),
        (Registered::Unreadable(why), _) => (why.clone(), String::new()),
    };
    let via = |v: &Via| match v {
        Via::Address(a) => a.clone(),
        Via::Gateway => "gateway".to_string(),
    };
    let (presented, detail) = match &row.presented {
        Presented::Pending => ("pending", String::new()),
        Presented::Matches(v) => ("matches", via(v)),
        Presented::Differs { md5, via: v } => ("differs", format!("{} md5 {md5}", via(v))),
        Presented::CouldNotCheck(why) => ("could-not-check", why.clone()),
    };
    let own = match &row.nested {
        Nested::Found(n) => n.to_string(),
        Nested::Failed(why) => why.clone(),
        Nested::NotAsked | Nested::Pending => String::new(),
    };
    let reasons = super::attention(row, now);
    let reasons_text = reasons
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    let drift = super::drift(row.version.as_deref(), row.primary_version.as_deref());
    csv::line(&[
        &row.key(),
        &row.id().to_string(),
        &row.name,
        fleet.parent_name(row).unwrap_or(""),
        &row.group,
        status,
        &inactive_hours,
        &row.last_connected.map(when).unwrap_or_default(),
        row.version.as_deref().unwrap_or(""),
        row.primary_version.as_deref().unwrap_or(""),
        drift.as_str(),
        if row.passive { "yes" } else { "no" },
        row.address.as_deref().unwrap_or(""),
        row.master_address.as_deref().unwrap_or(""),
        &expires,
        &days_left,
        presented,
        &detail,
        &own,
        if reasons.is_empty() { "no" } else { "yes" },
        &reasons_text,
    ])
}

impl Fleet {
    /// The CSV export of the rows at `indices` (all of them: [`Fleet::all`]), judged at `now`.
    pub fn to_csv(&self, indices: &[usize], now: OffsetDateTime) -> String {
        let mut out = csv::line(COLUMNS);
        for row in indices.iter().filter_map(|i| self.rows.get(*i)) {
            out.push_str(&line(self, row, now));
        }
        out
    }

    /// Every row's index, for [`Fleet::to_csv`].
    pub fn all(&self) -> Vec<usize> {
        (0..self.rows.len()).collect()
    }
}
