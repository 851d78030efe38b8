//! The "Secondary servers" page without its window: every secondary of a primary (and, found
//! through gateway sessions, their own secondaries), with what needs an administrator's look.
//!
//! Everything here is judged against a `now` the caller passes, so the same rows give the same
//! verdicts in the app, the CSV export and the tests. [`load`] reads the primary,
//! [`check`] looks at each secondary from this machine and through the primary, [`Fleet`]
//! keeps the rows in the order shown (each secondary's own secondaries right after it), and
//! [`Filter`] and [`Fleet::to_csv`] are the page's filter and export.
//!
//! The Open API reference documents `ServerHierarchy.FindSlaveServers`'s `pParams` as reserved
//! ("use empty paramParams container"), and no attribute of a secondary names its parent, so a
//! primary cannot be asked for its secondaries' secondaries: they are read on a gateway session
//! to each Active secondary (`KLSRVH_SLAVE_REC_DEPTH` is documented for `HostGroup.FindGroups`
//! and the host searches only).

mod export;
mod load;

use std::fmt;

use time::OffsetDateTime;

pub use load::{CheckEvent, CheckOptions, Level, LoadOptions, check, load, load_level};

use crate::fl;
use crate::kloapi::ServerStatus;

/// A registered certificate expiring within this many days needs a look: KSC makes the reserve
/// certificate then and swaps it in a day before expiry, after which the primary holds the old
/// one (KSC 13 help 3322).
pub const EXPIRY_WARNING_DAYS: i64 = 90;
/// Within this many days the swap is close.
pub const EXPIRY_URGENT_DAYS: i64 = 30;

/// The certificate the primary registered for a secondary (`KLSRVH_SRV_CERTIFICATE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Registered {
    /// Read: the end of its validity and the MD5 of its DER (lowercase hex).
    Read {
        /// `notAfter`.
        not_after: OffsetDateTime,
        /// MD5 of the DER, as `KLSRVH_SRV_PUBLIC_KEY_HASH` holds it.
        md5: String,
    },
    /// The primary answered none.
    Missing,
    /// It is not a certificate this app can read; why.
    Unreadable(String),
}

impl Registered {
    /// Reads `KLSRVH_SRV_CERTIFICATE` (DER or PEM bytes).
    pub fn from_bytes(bytes: Option<&[u8]>) -> Self {
        match bytes {
            None | Some([]) => Registered::Missing,
            Some(b) => match crate::cert::parse_certificate(b) {
                Ok(d) => Registered::Read {
                    not_after: d.not_after,
                    md5: d.md5_hex(),
                },
                Err(e) => Registered::Unreadable(e.to_string()),
            },
        }
    }
}

/// How far the registered certificate is from its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// More than [`EXPIRY_WARNING_DAYS`] days left.
    Valid {
        /// Whole days left.
        days: i64,
    },
    /// At most [`EXPIRY_WARNING_DAYS`] days left.
    Soon {
        /// Whole days left.
        days: i64,
    },
    /// At most [`EXPIRY_URGENT_DAYS`] days left.
    Urgent {
        /// Whole days left.
        days: i64,
    },
    /// Past its end.
    Expired {
        /// Whole days since.
        days: i64,
    },
    /// No certificate could be read.
    Unknown,
}

/// The expiry of `registered` at `now`.
pub fn expiry(registered: &Registered, now: OffsetDateTime) -> Expiry {
    let Registered::Read { not_after, .. } = registered else {
        return Expiry::Unknown;
    };
    if *not_after <= now {
        return Expiry::Expired {
            days: (now - *not_after).whole_days(),
        };
    }
    let days = (*not_after - now).whole_days();
    if days <= EXPIRY_URGENT_DAYS {
        Expiry::Urgent { days }
    } else if days <= EXPIRY_WARNING_DAYS {
        Expiry::Soon { days }
    } else {
        Expiry::Valid { days }
    }
}

/// How the certificate presented now was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// Its SSL port at this address, from this machine.
    Address(String),
    /// `HostGroup.GetStaticInfo` (`KLADMSRV_SERVER_CERT`) on a gateway session through the
    /// primary.
    Gateway,
}

/// Whether the certificate the secondary presents now is the one its primary registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presented {
    /// Not looked at yet.
    Pending,
    /// The same certificate.
    Matches(Via),
    /// Another certificate (a reinstall, `klsetsrvcert`, or the reserve certificate swapped
    /// in): the MD5 of the one presented.
    Differs {
        /// MD5 of the presented certificate's DER.
        md5: String,
        /// How it was reached.
        via: Via,
    },
    /// Neither its address nor a gateway session showed a certificate; why.
    CouldNotCheck(String),
}

/// The secondary's own secondaries, as far as they were looked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Nested {
    /// Not looked for: only an Active secondary can be reached through its primary.
    NotAsked,
    /// Being looked for.
    Pending,
    /// Listed: how many.
    Found(usize),
    /// They could not be listed; why.
    Failed(String),
}

/// One secondary server, as its primary records it and as it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The `KLSRVH_SRV_ID`s from the top-level primary down to this server: one id for a
    /// secondary of the primary, two for a secondary's secondary, and so on.
    pub path: Vec<i32>,
    /// `KLSRVH_SRV_DN`.
    pub name: String,
    /// `KLSRVH_SRV_GROUPID` on its primary.
    pub group_id: Option<i32>,
    /// The group's path of names on its primary (`Managed devices/Branch offices`).
    pub group: String,
    /// `KLSRVH_SRV_STATUS`.
    pub status: Option<ServerStatus>,
    /// `KLSRVH_SRV_VERSION`.
    pub version: Option<String>,
    /// The version of the server it is registered on (its primary).
    pub primary_version: Option<String>,
    /// `KLSRVH_SRV_PASSIVE`: DMZ mode, the primary connects to it.
    pub passive: bool,
    /// `KLSRVH_SRV_ADDR`.
    pub address: Option<String>,
    /// `KLSRVH_SRV_MASTER_ADDR`: the address it uses to reach its primary.
    pub master_address: Option<String>,
    /// `KLSRVH_SRV_INST_ID`.
    pub instance_id: Option<String>,
    /// `KLSRVH_SRV_LAST_CONNECTED`.
    pub last_connected: Option<OffsetDateTime>,
    /// `KLSRVH_SRV_CERTIFICATE`.
    pub registered: Registered,
    /// `KLSRVH_SRV_PUBLIC_KEY_HASH`.
    pub public_key_hash: Option<String>,
    /// The certificate it presents now.
    pub presented: Presented,
    /// Its own secondaries.
    pub nested: Nested,
}

impl Row {
    /// How deep it is: 0 for a secondary of the primary.
    pub fn depth(&self) -> usize {
        self.path.len().saturating_sub(1)
    }

    /// The path as text, `3` or `3/7`: a stable key for the row.
    pub fn key(&self) -> String {
        key_of(&self.path)
    }

    /// `KLSRVH_SRV_ID` on its own primary.
    pub fn id(&self) -> i32 {
        self.path.last().copied().unwrap_or_default()
    }

    /// Whether its primary reports it Active.
    pub fn is_active(&self) -> bool {
        self.status == Some(ServerStatus::Active)
    }

    /// The MD5 the presented certificate must have: `KLSRVH_SRV_PUBLIC_KEY_HASH`, else that of
    /// the registered certificate.
    pub fn expected_md5(&self) -> Option<String> {
        self.public_key_hash
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_ascii_lowercase)
            .or_else(|| match &self.registered {
                Registered::Read { md5, .. } => Some(md5.clone()),
                _ => None,
            })
    }
}

/// A row's path as text: `3/7`.
pub fn key_of(path: &[i32]) -> String {
    path.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

/// How long a secondary has not been connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inactivity {
    /// Connected now.
    Active,
    /// Inactive, last connected this long ago.
    For(time::Duration),
    /// Inactive and never connected (registered only).
    Never,
    /// A status the reference does not list.
    Unknown,
}

/// How long `row` has been inactive at `now`, from `KLSRVH_SRV_LAST_CONNECTED`. A time after
/// `now` (clocks apart) counts as just now.
pub fn inactivity(row: &Row, now: OffsetDateTime) -> Inactivity {
    match row.status {
        Some(ServerStatus::Active) => Inactivity::Active,
        Some(ServerStatus::Inactive) => match row.last_connected {
            Some(t) => Inactivity::For((now - t).max(time::Duration::ZERO)),
            None => Inactivity::Never,
        },
        _ => Inactivity::Unknown,
    }
}

impl fmt::Display for Inactivity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Inactivity::Active | Inactivity::Unknown => String::new(),
            Inactivity::Never => fl!("servers-inactive-never"),
            Inactivity::For(d) if d.whole_days() >= 1 => {
                fl!("servers-inactive-days", days = d.whole_days())
            }
            Inactivity::For(d) if d.whole_hours() >= 1 => {
                fl!("servers-inactive-hours", hours = d.whole_hours())
            }
            Inactivity::For(_) => fl!("servers-inactive-minutes"),
        })
    }
}

/// A secondary's version against its primary's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drift {
    /// The same major and minor version.
    Same,
    /// The same major version, an older minor one.
    OlderMinor,
    /// An older major version.
    OlderMajor,
    /// Newer than its primary.
    Newer,
    /// One of the versions is not known.
    Unknown,
}

impl Drift {
    /// The value the CSV export writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Drift::Same => "same",
            Drift::OlderMinor => "older-minor",
            Drift::OlderMajor => "older-major",
            Drift::Newer => "newer",
            Drift::Unknown => "",
        }
    }
}

/// How `version` stands against `primary` (major and minor only: builds come and go with
/// patches).
pub fn drift(version: Option<&str>, primary: Option<&str>) -> Drift {
    let of = |v: Option<&str>| v.and_then(crate::hierarchy::preflight::version_of);
    match (of(version), of(primary)) {
        (Some(v), Some(p)) if v == p => Drift::Same,
        (Some(v), Some(p)) if v > p => Drift::Newer,
        (Some(v), Some(p)) if v.0 < p.0 => Drift::OlderMajor,
        (Some(_), Some(_)) => Drift::OlderMinor,
        _ => Drift::Unknown,
    }
}

/// Why a secondary needs an administrator's look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Its primary reports it Inactive.
    Inactive(Inactivity),
    /// It presents another certificate than the one registered: the link to its primary fails
    /// until it is registered again.
    CertificateChanged,
    /// The registered certificate ends within [`EXPIRY_WARNING_DAYS`].
    CertificateExpiring {
        /// Whole days left.
        days: i64,
        /// Within [`EXPIRY_URGENT_DAYS`].
        urgent: bool,
    },
    /// The registered certificate has ended.
    CertificateExpired {
        /// Whole days since.
        days: i64,
    },
    /// The registered certificate cannot be read.
    CertificateUnreadable,
    /// Its version differs from its primary's.
    VersionDrift(Drift),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Reason::Inactive(i @ Inactivity::For(_)) => {
                fl!("servers-reason-inactive-for", since = i.to_string())
            }
            Reason::Inactive(Inactivity::Never) => fl!("servers-reason-inactive-never"),
            Reason::Inactive(_) => fl!("servers-reason-inactive"),
            Reason::CertificateChanged => fl!("servers-reason-certificate-changed"),
            &Reason::CertificateExpiring { days, .. } => {
                fl!("servers-reason-certificate-expiring", days = days)
            }
            &Reason::CertificateExpired { days } => {
                fl!("servers-reason-certificate-expired", days = days)
            }
            Reason::CertificateUnreadable => fl!("servers-reason-certificate-unreadable"),
            Reason::VersionDrift(d) => fl!("servers-reason-version-drift", drift = d.as_str()),
        })
    }
}

/// Everything about `row` that needs a look at `now`: inactive, another certificate presented,
/// the registered certificate ending within [`EXPIRY_WARNING_DAYS`] (or ended, or unreadable),
/// a version other than its primary's. "Could not check" is not a reason: nothing is known.
pub fn attention(row: &Row, now: OffsetDateTime) -> Vec<Reason> {
    let mut out = Vec::new();
    match inactivity(row, now) {
        Inactivity::Active => {}
        i => out.push(Reason::Inactive(i)),
    }
    if matches!(row.presented, Presented::Differs { .. }) {
        out.push(Reason::CertificateChanged);
    }
    match expiry(&row.registered, now) {
        Expiry::Soon { days } => out.push(Reason::CertificateExpiring {
            days,
            urgent: false,
        }),
        Expiry::Urgent { days } => out.push(Reason::CertificateExpiring { days, urgent: true }),
        Expiry::Expired { days } => out.push(Reason::CertificateExpired { days }),
        Expiry::Valid { .. } => {}
        Expiry::Unknown => {
            if matches!(row.registered, Registered::Unreadable(_)) {
                out.push(Reason::CertificateUnreadable);
            }
        }
    }
    match drift(row.version.as_deref(), row.primary_version.as_deref()) {
        Drift::Same | Drift::Unknown => {}
        d => out.push(Reason::VersionDrift(d)),
    }
    out
}

/// The page's filter: text over name, address, group and version, and "needs attention only".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Typed text; blank shows every row.
    pub text: String,
    /// Only the rows with a [`Reason`].
    pub attention_only: bool,
}

impl Filter {
    /// Whether `row` is shown at `now`. The text matches case-insensitively anywhere in the
    /// name, the address, the group path or the version.
    pub fn matches(&self, row: &Row, now: OffsetDateTime) -> bool {
        if self.attention_only && attention(row, now).is_empty() {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        if needle.is_empty() {
            return true;
        }
        [
            Some(row.name.as_str()),
            row.address.as_deref(),
            Some(row.group.as_str()),
            row.version.as_deref(),
        ]
        .into_iter()
        .flatten()
        .any(|hay| hay.to_lowercase().contains(&needle))
    }
}

/// The numbers above the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Every row.
    pub total: usize,
    /// Active.
    pub active: usize,
    /// Not active.
    pub inactive: usize,
    /// With a [`Reason`].
    pub attention: usize,
}

/// Every secondary found, in the order shown: each one's own secondaries right after it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fleet {
    /// The top-level primary's version (`GetStaticInfo`).
    pub primary_version: Option<String>,
    /// The rows.
    pub rows: Vec<Row>,
}

impl Fleet {
    /// The row at `path`.
    pub fn row(&self, path: &[i32]) -> Option<&Row> {
        self.rows.iter().find(|r| r.path == path)
    }

    fn row_mut(&mut self, path: &[i32]) -> Option<&mut Row> {
        self.rows.iter_mut().find(|r| r.path == path)
    }

    /// Applies what [`check`] found.
    pub fn apply(&mut self, event: CheckEvent) {
        match event {
            CheckEvent::Presented { path, presented } => {
                if let Some(r) = self.row_mut(&path) {
                    r.presented = presented;
                }
            }
            CheckEvent::Nested { parent, result } => match result {
                Ok(children) => self.insert_children(&parent, children),
                Err(e) => {
                    if let Some(r) = self.row_mut(&parent) {
                        r.nested = Nested::Failed(e);
                    }
                }
            },
        }
    }

    /// Puts `children` right after `parent` and what is already below it, replacing any
    /// earlier rows of those children.
    pub fn insert_children(&mut self, parent: &[i32], children: Vec<Row>) {
        let Some(at) = self.rows.iter().position(|r| r.path == parent) else {
            return;
        };
        let below = |r: &Row| r.path.len() > parent.len() && r.path.starts_with(parent);
        let end = at + 1 + self.rows[at + 1..].iter().take_while(|r| below(r)).count();
        let count = children.len();
        // A second listing replaces the first one, with everything found under it.
        self.rows.splice(at + 1..end, children);
        self.rows[at].nested = Nested::Found(count);
    }

    /// Indices of the rows `filter` shows at `now`, in order.
    pub fn visible(&self, filter: &Filter, now: OffsetDateTime) -> Vec<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| filter.matches(r, now))
            .map(|(i, _)| i)
            .collect()
    }

    /// The numbers at `now`.
    pub fn counts(&self, now: OffsetDateTime) -> Counts {
        let mut c = Counts {
            total: self.rows.len(),
            ..Counts::default()
        };
        for r in &self.rows {
            if r.is_active() {
                c.active += 1;
            } else {
                c.inactive += 1;
            }
            if !attention(r, now).is_empty() {
                c.attention += 1;
            }
        }
        c
    }

    /// Whether every look of [`check`] has come back.
    pub fn checks_done(&self) -> bool {
        self.rows
            .iter()
            .all(|r| r.presented != Presented::Pending && r.nested != Nested::Pending)
    }

    /// The name of the primary `row` is registered on, for a nested row.
    pub fn parent_name(&self, row: &Row) -> Option<&str> {
        let parent = row.path.split_last()?.1;
        if parent.is_empty() {
            return None;
        }
        self.row(parent).map(|p| p.name.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
