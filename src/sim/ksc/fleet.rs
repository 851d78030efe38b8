//! Many registered secondaries in mixed states at once, as a primary that has run for a while
//! holds them: some Inactive for hours or days (`KLSRVH_SRV_LAST_CONNECTED` in the past), some
//! never connected (registered only: no version, no instance id yet), older and newer versions,
//! passive (DMZ) ones with their address, and registered certificates that end within 90 or 30
//! days or have ended. Only the records exist: no server answers behind them, so a gateway
//! connection to one fails with `KLSTD::STDE_UNAVAIL` as for any secondary that is not
//! connected, and their DMZ addresses (`127.0.9.x:13000`, loopback) refuse connections.
//!
//! Everything is a function of the entry's number and [`FleetSpec::now`], so two fleets of the
//! same spec show the same states, names, groups, versions and dates; only the certificates'
//! keys (and so their fingerprints) differ. Used by tests (`SharedState::register_fleet`) and
//! by the seed's `[fleet]` table.

use time::{Duration, OffsetDateTime};

use super::state::{Secondary, SimData, certificate_md5_hex};

/// What to register.
#[derive(Clone, Debug)]
pub struct FleetSpec {
    /// How many secondaries.
    pub count: usize,
    /// The moment their states are relative to (last connections, certificate ends).
    pub now: OffsetDateTime,
    /// Group paths below "Managed devices" they are spread over (created when missing); none
    /// puts them all in "Managed devices".
    pub groups: Vec<String>,
    /// Display names are this prefix and a three-digit number.
    pub name_prefix: String,
    /// `KLSRVH_SRV_MASTER_ADDR` of the active (non-DMZ) ones.
    pub master_address: String,
}

impl FleetSpec {
    /// `count` secondaries named `branch-001`… relative to `now`, over four regional groups.
    pub fn new(count: usize, now: OffsetDateTime) -> Self {
        Self {
            count,
            now,
            groups: (1..=4)
                .map(|r| format!("Branch offices/Region {r}"))
                .collect(),
            name_prefix: "branch-".into(),
            master_address: "ksc-hq.sim.local".into(),
        }
    }
}

/// One secondary of a fleet, before registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FleetEntry {
    /// `KLSRVH_SRV_DN`.
    pub name: String,
    /// Group path below "Managed devices" ("" for it).
    pub group: String,
    /// `KLSRVH_SRV_STATUS`.
    pub active: bool,
    /// `KLSRVH_SRV_VERSION` ("" when never connected).
    pub version: String,
    /// `KLSRVH_SRV_PASSIVE`, with `KLSRVH_SRV_ADDR` `host:port`.
    pub passive: Option<String>,
    /// `KLSRVH_SRV_LAST_CONNECTED` (none when never connected).
    pub last_connected: Option<OffsetDateTime>,
    /// The end of the registered certificate's validity.
    pub not_after: OffsetDateTime,
    /// A number, for instance ids and host GUIDs.
    pub number: usize,
}

/// Versions older by a minor (its major's first release), older by a major and newer than
/// `primary` (`14.2.0.26967`).
fn versions(primary: &str) -> (String, String, String) {
    let mut parts = primary.split('.').map(|p| p.trim().parse::<u32>().ok());
    let major = parts.next().flatten().unwrap_or(14);
    let minor = parts.next().flatten().unwrap_or(0);
    let older_minor = if minor > 0 {
        format!("{major}.0.0.10902")
    } else {
        primary.to_string()
    };
    (
        older_minor,
        format!("{}.2.0.1511", major.saturating_sub(1)),
        format!("{}.0.0.4207", major + 1),
    )
}

/// The entries of `spec`, for a primary of version `primary_version`.
pub fn entries(spec: &FleetSpec, primary_version: &str) -> Vec<FleetEntry> {
    let (older_minor, older_major, newer) = versions(primary_version);
    (1..=spec.count)
        .map(|n| {
            let never = n % 25 == 0;
            let active = n % 5 != 0;
            let last_connected = if never {
                None
            } else if active {
                Some(spec.now - Duration::minutes((n % 10) as i64))
            } else if n % 10 == 0 {
                Some(spec.now - Duration::days(((n / 10) % 30 + 1) as i64) - Duration::hours(3))
            } else {
                Some(spec.now - Duration::hours((n % 20 + 1) as i64))
            };
            let version = if never {
                String::new()
            } else if n % 13 == 0 {
                newer.clone()
            } else if n % 11 == 0 {
                older_major.clone()
            } else if n % 7 == 0 {
                older_minor.clone()
            } else {
                primary_version.to_string()
            };
            let days_left = if n % 23 == 0 {
                -4
            } else if n % 17 == 0 {
                20
            } else if n % 19 == 0 {
                75
            } else {
                97 + (n % 290) as i64
            };
            let group = if spec.groups.is_empty() {
                String::new()
            } else {
                spec.groups[n % spec.groups.len()].clone()
            };
            FleetEntry {
                name: format!("{}{n:03}", spec.name_prefix),
                group,
                active,
                version,
                passive: (n % 9 == 0).then(|| format!("127.0.9.{}:13000", n % 250 + 1)),
                last_connected,
                not_after: spec.now + Duration::days(days_left) + Duration::hours(6),
                number: n,
            }
        })
        .collect()
}

/// A registered certificate for `entry` (ECDSA P-256, so hundreds are made in a moment; the
/// primary compares certificates, not key types).
fn certificate(entry: &FleetEntry) -> Result<Vec<u8>, String> {
    let err = |e: rcgen::Error| format!("certificate of {}: {e}", entry.name);
    let key = rcgen::KeyPair::generate().map_err(err)?;
    let mut params =
        rcgen::CertificateParams::new(vec![format!("{}.sim.local", entry.name)]).map_err(err)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, entry.name.clone());
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.not_before = entry.not_after - Duration::days(397);
    params.not_after = entry.not_after;
    Ok(params.self_signed(&key).map_err(err)?.der().to_vec())
}

/// Registers the entries of `spec` in `d`, creating their groups; answers their ids.
pub fn register(d: &mut SimData, spec: &FleetSpec) -> Result<Vec<i32>, String> {
    let version = d.server.version.clone();
    let root = d.server.root_group;
    let mut ids = Vec::with_capacity(spec.count);
    for e in entries(spec, &version) {
        let group_id = super::seed::ensure_path(d, root, &e.group)?;
        let certificate = certificate(&e)?;
        let id = d.next.secondary;
        d.next.secondary += 1;
        let connected = e.last_connected.is_some();
        let guid = |kind: u32| format!("{kind:08x}-0000-4000-8000-{:012x}", e.number);
        d.secondaries.insert(
            id,
            Secondary {
                id,
                inst_id: if connected { guid(1) } else { String::new() },
                addr: e.passive.clone().unwrap_or_default(),
                display_name: e.name.clone(),
                group_id,
                public_key_hash: certificate_md5_hex(&certificate),
                certificate,
                status: i32::from(e.active),
                version: e.version.clone(),
                passive: e.passive.is_some(),
                last_connected: e.last_connected,
                master_addr: if connected && e.passive.is_none() {
                    spec.master_address.clone()
                } else {
                    String::new()
                },
                host_guid: if connected { guid(2) } else { String::new() },
                net_address: e
                    .passive
                    .as_ref()
                    .map(|a| format!("http://{a}"))
                    .unwrap_or_default(),
                created: spec.now - Duration::days(400) + Duration::minutes(e.number as i64),
            },
        );
        ids.push(id);
    }
    Ok(ids)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_fleet_has_every_state_and_is_the_same_each_time() {
        let spec = FleetSpec::new(300, datetime!(2025-06-01 12:00 UTC));
        let a = entries(&spec, "14.2.0.26967");
        assert_eq!(a, entries(&spec, "14.2.0.26967"));
        assert_eq!(a.len(), 300);
        let count = |f: &dyn Fn(&FleetEntry) -> bool| a.iter().filter(|e| f(e)).count();
        assert_eq!(count(&|e| !e.active), 60);
        assert_eq!(count(&|e| e.last_connected.is_none()), 12);
        assert!(count(&|e| e.passive.is_some()) >= 30);
        assert!(count(&|e| e.version == "14.0.0.10902") > 0);
        assert!(count(&|e| e.version == "13.2.0.1511") > 0);
        assert!(count(&|e| e.version == "15.0.0.4207") > 0);
        let days = |e: &FleetEntry| (e.not_after - spec.now).whole_days();
        assert!(count(&|e| days(e) < 0) > 0);
        assert!(count(&|e| (0..=30).contains(&days(e))) > 0);
        assert!(count(&|e| (31..=90).contains(&days(e))) > 0);
        assert_eq!(a[0].name, "branch-001");
        assert_eq!(a[8].passive.as_deref(), Some("127.0.9.10:13000"));
    }

    #[test]
    fn registering_makes_groups_and_unique_certificates() {
        let mut d = SimData::empty("KSC", "host");
        let spec = FleetSpec::new(40, datetime!(2025-06-01 12:00 UTC));
        let ids = register(&mut d, &spec).unwrap();
        assert_eq!(ids.len(), 40);
        let hashes: std::collections::HashSet<_> = d
            .secondaries
            .values()
            .map(|s| s.public_key_hash.clone())
            .collect();
        assert_eq!(hashes.len(), 40);
        let s = &d.secondaries[&ids[24]];
        assert_eq!((s.status, s.version.as_str()), (0, ""), "never connected");
        assert!(s.inst_id.is_empty() && s.last_connected.is_none());
        let dmz = &d.secondaries[&ids[8]];
        assert!(dmz.passive);
        assert_eq!(dmz.net_address, "http://127.0.9.10:13000");
        assert!(
            d.groups.values().any(|g| g.name == "Region 3"),
            "groups are created"
        );
    }
}
