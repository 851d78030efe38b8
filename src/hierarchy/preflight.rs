//! The pre-flight check of "add secondary": what this machine can honestly observe before
//! anything is written — who dials whom and whether that port presents the expected
//! certificate, the primary's address as the secondary will use it, the secondary's certificate
//! now, loops, an existing primary, server roles and the documented size — each with a verdict,
//! the server, port and direction it concerns, and what to do. Errors stop the run; warnings do
//! not; what cannot be observed from here says so rather than guessing. The documented rules it
//! relies on are in `docs/hierarchy-rules.md`.

use std::net::IpAddr;
use std::time::Duration;

use super::plan::AddSecondaryPlan;
use crate::kloapi::KscClient;
use crate::kloapi::host_group::{MasterSrvSection, StaticInfo};
use crate::tls::Pin;

/// How one check came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It holds.
    Pass,
    /// Something to look at; the run may go on.
    Warning,
    /// The hierarchy would not work (or would do harm): the run stops before writing.
    Error,
    /// This machine cannot observe it.
    CouldNotCheck,
}

impl Verdict {
    /// The word for it, in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warning => "warning",
            Verdict::Error => "error",
            Verdict::CouldNotCheck => "could-not-check",
        }
    }

    /// The mark shown in text.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Pass => "✓",
            Verdict::Warning => "!",
            Verdict::Error => "✗",
            Verdict::CouldNotCheck => "?",
        }
    }
}

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What was checked.
    pub check: String,
    /// How it came out.
    pub verdict: Verdict,
    /// Why, naming the server, port and direction.
    pub reason: String,
    /// What to do (empty when nothing).
    pub todo: String,
}

/// The whole check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// In the order checked.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether a finding stops the run.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.verdict == Verdict::Error)
    }

    /// The report as text, a line per check (and its remedy).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&format!("{} {}: {}\n", f.verdict.mark(), f.check, f.reason));
            if !f.todo.is_empty() {
                out.push_str(&format!("    {}\n", f.todo));
            }
        }
        out
    }
}

/// What a certificate fetch from this machine found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presented {
    /// The port answered TLS with this certificate.
    Certificate(Pin),
    /// It did not answer (the error's words).
    Unreachable(String),
}

/// Everything observed, gathered by [`observe`] (or given by a test).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observations {
    /// The primary's own certificate.
    pub primary_pin: Option<Pin>,
    /// What the primary's address and SSL port, as the secondary will dial them, present here.
    pub primary_port: Option<Presented>,
    /// What the secondary's address and SSL port present here.
    pub secondary_port: Option<Presented>,
    /// What the primary's address resolves to here (`None`: it does not resolve).
    pub primary_address_ips: Option<Vec<IpAddr>>,
    /// What the secondary's address resolves to here.
    pub secondary_address_ips: Option<Vec<IpAddr>>,
    /// The primary's own `KLSRV_MASTER_SRV` (it may be secondary of another server).
    pub primary_section: Option<MasterSrvSection>,
    /// The secondary's `KLSRV_MASTER_SRV`, when logged in to it.
    pub secondary_section: Option<MasterSrvSection>,
    /// The primary's static information.
    pub primary_info: Option<StaticInfo>,
    /// The secondary's, when logged in to it.
    pub secondary_info: Option<StaticInfo>,
    /// How many secondaries the primary has now.
    pub secondaries_now: Option<usize>,
}

/// The most secondaries per primary the documentation states (KSC 12; no later figure is
/// published: `docs/hierarchy-rules.md`).
pub const DOCUMENTED_MAX_SECONDARIES: usize = 500;

async fn presented(host: &str, port: u16) -> Presented {
    match crate::tls::fetch_presented_certificate(host, port, None, Duration::from_secs(8)).await {
        Ok(p) => Presented::Certificate(Pin::of_der(&p.leaf_der)),
        Err(e) => Presented::Unreachable(e.to_string()),
    }
}

async fn resolve(host: &str, port: u16) -> Option<Vec<IpAddr>> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Some(vec![ip]);
    }
    tokio::net::lookup_host((bare, port))
        .await
        .ok()
        .map(|a| a.map(|s| s.ip()).collect::<Vec<_>>())
        .filter(|v| !v.is_empty())
}

/// Observes what the check needs, from this machine, through the primary and (when logged in)
/// the secondary. Nothing is written.
pub async fn observe(
    primary: &KscClient,
    secondary: Option<&KscClient>,
    plan: &AddSecondaryPlan,
) -> Observations {
    let s = &plan.secondary_settings;
    let secondary_address = plan.secondary_address.clone().unwrap_or_default();
    let mut o = Observations {
        primary_pin: Some(Pin::of_der(&s.primary_certificate)),
        primary_port: Some(presented(&s.primary_address, s.primary_ssl_port).await),
        primary_address_ips: resolve(&s.primary_address, s.primary_ssl_port).await,
        ..Observations::default()
    };
    if !secondary_address.is_empty() {
        o.secondary_port = Some(presented(&secondary_address, plan.secondary_ssl_port).await);
        o.secondary_address_ips = resolve(&secondary_address, plan.secondary_ssl_port).await;
    }
    let hg = primary.host_group();
    if let Ok(info) = hg.static_info().await {
        if let Some(host) = &info.hostname {
            o.primary_section = hg.read_master_srv(host).await.ok();
        }
        o.primary_info = Some(info);
    }
    o.secondaries_now = primary
        .server_hierarchy()
        .get_child_servers(-1)
        .await
        .ok()
        .map(|c| c.len());
    if let Some(secondary) = secondary {
        let hg = secondary.host_group();
        if let Ok(info) = hg.static_info().await {
            if let Some(host) = &info.hostname {
                o.secondary_section = hg.read_master_srv(host).await.ok();
            }
            o.secondary_info = Some(info);
        }
    }
    o
}

fn local(ips: &[IpAddr]) -> bool {
    !ips.is_empty()
        && ips.iter().all(|ip| match ip {
            IpAddr::V4(v4) => v4.is_loopback() || v4.is_link_local(),
            IpAddr::V6(v6) => v6.is_loopback() || v6.is_unicast_link_local(),
        })
}

/// Judges `plan` by what was observed.
pub fn evaluate(plan: &AddSecondaryPlan, o: &Observations) -> Report {
    use crate::fl;
    let s = &plan.secondary_settings;
    let chosen = plan.secondary_certificate.pin();
    let primary_at = crate::net::host_port(&s.primary_address, s.primary_ssl_port);
    let secondary_at = plan
        .secondary_address
        .as_deref()
        .map(|a| crate::net::host_port(a, plan.secondary_ssl_port));
    let mut findings = Vec::new();
    let mut add = |check: String, verdict: Verdict, reason: String, todo: String| {
        findings.push(Finding {
            check,
            verdict,
            reason,
            todo,
        });
    };

    // Who dials whom, and whether that port presents the expected certificate.
    let dial = fl!("preflight-dial");
    if s.dmz {
        match (&secondary_at, &o.secondary_port) {
            (Some(at), Some(Presented::Certificate(p))) if *p == chosen => add(
                dial,
                Verdict::Pass,
                fl!("preflight-dmz-ok", at = at.clone()),
                String::new(),
            ),
            (Some(at), Some(Presented::Certificate(p))) => add(
                dial,
                Verdict::Error,
                fl!(
                    "preflight-dmz-other",
                    at = at.clone(),
                    found = p.colon_hex()
                ),
                fl!("preflight-dmz-other-todo"),
            ),
            (Some(at), Some(Presented::Unreachable(e))) => add(
                dial,
                Verdict::Warning,
                fl!(
                    "preflight-dmz-unreachable",
                    at = at.clone(),
                    error = e.clone()
                ),
                fl!("preflight-dmz-unreachable-todo", at = at.clone()),
            ),
            _ => add(
                dial,
                Verdict::Error,
                fl!("preflight-dmz-no-address"),
                fl!("preflight-dmz-no-address-todo"),
            ),
        }
    } else {
        match (&o.primary_port, o.primary_pin) {
            (Some(Presented::Certificate(p)), Some(primary)) if *p == primary => add(
                dial,
                Verdict::Pass,
                fl!("preflight-normal-ok", at = primary_at.clone()),
                String::new(),
            ),
            (Some(Presented::Certificate(p)), _) => add(
                dial,
                Verdict::Error,
                fl!(
                    "preflight-normal-other",
                    at = primary_at.clone(),
                    found = p.colon_hex()
                ),
                fl!("preflight-normal-other-todo"),
            ),
            (Some(Presented::Unreachable(e)), _) => add(
                dial,
                Verdict::CouldNotCheck,
                fl!(
                    "preflight-normal-unreachable",
                    at = primary_at.clone(),
                    error = e.clone()
                ),
                fl!("preflight-normal-unreachable-todo", at = primary_at.clone()),
            ),
            (None, _) => {}
        }
    }

    // The primary's address as the secondary will use it.
    let address = fl!("preflight-address");
    match &o.primary_address_ips {
        None => add(
            address,
            Verdict::Warning,
            fl!(
                "preflight-address-unresolved",
                address = s.primary_address.clone()
            ),
            fl!("preflight-address-unresolved-todo"),
        ),
        Some(ips) if local(ips) && !o.secondary_address_ips.as_deref().is_some_and(local) => {
            add(
                address,
                Verdict::Error,
                fl!(
                    "preflight-address-local",
                    address = s.primary_address.clone()
                ),
                fl!("preflight-address-local-todo"),
            );
        }
        Some(_) => add(
            address,
            Verdict::Pass,
            fl!("preflight-address-ok", address = s.primary_address.clone()),
            String::new(),
        ),
    }

    // The chosen certificate is the one the secondary presents now (DMZ checked it above).
    if !s.dmz {
        let check = fl!("preflight-certificate");
        match (&secondary_at, &o.secondary_port) {
            (Some(at), Some(Presented::Certificate(p))) if *p == chosen => add(
                check,
                Verdict::Pass,
                fl!("preflight-certificate-ok", at = at.clone()),
                String::new(),
            ),
            (Some(at), Some(Presented::Certificate(p))) => add(
                check,
                Verdict::Error,
                fl!(
                    "preflight-certificate-other",
                    at = at.clone(),
                    found = p.colon_hex(),
                    chosen = chosen.colon_hex()
                ),
                fl!("preflight-certificate-other-todo"),
            ),
            (Some(at), Some(Presented::Unreachable(e))) => add(
                check,
                Verdict::CouldNotCheck,
                fl!(
                    "preflight-certificate-unreachable",
                    at = at.clone(),
                    error = e.clone()
                ),
                String::new(),
            ),
            _ => add(
                check,
                Verdict::CouldNotCheck,
                fl!("preflight-certificate-no-address"),
                String::new(),
            ),
        }
    }

    // No cycle, no silent move.
    let cycle = fl!("preflight-cycle");
    if o.primary_pin == Some(chosen) {
        add(
            cycle,
            Verdict::Error,
            fl!("preflight-cycle-itself"),
            fl!("preflight-cycle-itself-todo"),
        );
    } else if let Some(section) = o.primary_section.as_ref().filter(|p| p.use_master)
        && section.ssl_cert.as_deref().map(Pin::of_der) == Some(chosen)
    {
        add(
            cycle,
            Verdict::Error,
            fl!("preflight-cycle-loop"),
            fl!("preflight-cycle-loop-todo"),
        );
    } else {
        add(
            cycle,
            Verdict::Pass,
            fl!("preflight-cycle-ok"),
            String::new(),
        );
    }
    if let Some(section) = o.secondary_section.as_ref().filter(|p| p.use_master) {
        let same_primary = section.ssl_cert.as_deref().map(Pin::of_der) == o.primary_pin;
        if !same_primary {
            add(
                fl!("preflight-existing"),
                Verdict::Warning,
                fl!(
                    "preflight-existing-other",
                    address = section.address.clone().unwrap_or_default()
                ),
                fl!("preflight-existing-other-todo"),
            );
        }
    }

    // Server roles.
    let roles = fl!("preflight-roles");
    let virtual_side = [
        (o.primary_info.as_ref(), fl!("preflight-side-primary")),
        (o.secondary_info.as_ref(), fl!("preflight-side-secondary")),
    ]
    .into_iter()
    .find_map(|(info, side)| info.filter(|i| i.is_virtual).map(|_| side));
    if let Some(side) = virtual_side {
        add(
            roles,
            Verdict::Error,
            fl!("preflight-roles-virtual", side = side),
            fl!("preflight-roles-virtual-todo"),
        );
    } else {
        let version = |i: Option<&StaticInfo>| {
            i.and_then(|i| i.product_version.clone())
                .unwrap_or_else(|| fl!("preflight-version-unknown"))
        };
        add(
            roles,
            Verdict::Pass,
            fl!(
                "preflight-roles-ok",
                primary = version(o.primary_info.as_ref()),
                secondary = version(o.secondary_info.as_ref())
            ),
            String::new(),
        );
    }

    // Size.
    if let Some(now) = o.secondaries_now {
        let (verdict, todo) = if now >= DOCUMENTED_MAX_SECONDARIES {
            (Verdict::Warning, fl!("preflight-size-todo"))
        } else {
            (Verdict::Pass, String::new())
        };
        add(
            fl!("preflight-size"),
            verdict,
            fl!(
                "preflight-size-reason",
                now = now,
                max = DOCUMENTED_MAX_SECONDARIES
            ),
            todo,
        );
    }
    Report { findings }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::hierarchy::plan::SecondarySettings;
    use crate::wire::auth::BasicCredentials;

    fn cert(name: &str) -> crate::cert::CertificateDetails {
        crate::cert::generate_server_identity(&[name.to_string()], 30)
            .unwrap()
            .0
    }

    fn plan(dmz: bool, primary: &crate::cert::CertificateDetails) -> AddSecondaryPlan {
        AddSecondaryPlan {
            group_id: 1,
            group_name: "Servers".into(),
            display_name: "Berlin".into(),
            secondary_address: Some("10.0.0.20".into()),
            secondary_ssl_port: 13000,
            secondary_api_port: 13299,
            secondary_certificate: cert("ksc-berlin"),
            secondary_credentials: BasicCredentials {
                user: "admin".into(),
                password: String::new(),
                domain: String::new(),
                internal: true,
            },
            secondary_settings: SecondarySettings {
                primary_address: "ksc-hq.corp.example".into(),
                primary_ssl_port: 13000,
                primary_certificate: primary.der.clone(),
                dmz,
                proxy: None,
            },
        }
    }

    fn verdict(r: &Report, check: &str) -> Verdict {
        r.findings
            .iter()
            .find(|f| f.check == check)
            .unwrap_or_else(|| panic!("{check} in {r:?}"))
            .verdict
    }

    fn good(p: &AddSecondaryPlan, primary: &crate::cert::CertificateDetails) -> Observations {
        Observations {
            primary_pin: Some(primary.pin()),
            primary_port: Some(Presented::Certificate(primary.pin())),
            secondary_port: Some(Presented::Certificate(p.secondary_certificate.pin())),
            primary_address_ips: Some(vec!["10.0.0.10".parse().unwrap()]),
            secondary_address_ips: Some(vec!["10.0.0.20".parse().unwrap()]),
            secondaries_now: Some(3),
            ..Observations::default()
        }
    }

    #[test]
    fn a_sound_plan_passes_and_each_fault_has_its_verdict() {
        crate::i18n::set_language(Some("en")).unwrap();
        let primary = cert("ksc-hq");
        let p = plan(false, &primary);
        let o = good(&p, &primary);
        let r = evaluate(&p, &o);
        assert!(!r.has_errors(), "{}", r.to_text());
        assert!(
            r.findings.iter().all(|f| f.verdict == Verdict::Pass),
            "{}",
            r.to_text()
        );

        // A reinstalled secondary presents another certificate: an error naming both.
        let other = cert("reinstalled");
        let mut bad = o.clone();
        bad.secondary_port = Some(Presented::Certificate(other.pin()));
        let r = evaluate(&p, &bad);
        assert!(r.has_errors());
        assert!(
            r.to_text().contains(&other.sha256_colon()),
            "{}",
            r.to_text()
        );

        // The primary's SSL port closed from here: could not check, not an error.
        let mut closed = o.clone();
        closed.primary_port = Some(Presented::Unreachable("connection refused".into()));
        let r = evaluate(&p, &closed);
        assert_eq!(verdict(&r, "Who dials whom"), Verdict::CouldNotCheck);
        assert!(!r.has_errors());

        // A primary address that is this machine's loopback while the secondary is another host.
        let mut loopback = o.clone();
        loopback.primary_address_ips = Some(vec!["127.0.0.1".parse().unwrap()]);
        assert!(evaluate(&p, &loopback).has_errors());

        // The secondary is the primary itself; the primary's own primary (a loop).
        let mut same = p.clone();
        same.secondary_certificate = primary.clone();
        assert!(evaluate(&same, &o).has_errors());
        let mut looped = o.clone();
        looped.primary_section = Some(MasterSrvSection {
            use_master: true,
            ssl_cert: Some(p.secondary_certificate.der.clone()),
            ..MasterSrvSection::default()
        });
        assert!(evaluate(&p, &looped).has_errors());

        // Already secondary of another primary: a warning with that primary's address.
        let mut moved = o.clone();
        moved.secondary_section = Some(MasterSrvSection {
            use_master: true,
            address: Some("ksc-old.corp.example".into()),
            ssl_cert: Some(cert("ksc-old").der),
            ..MasterSrvSection::default()
        });
        let r = evaluate(&p, &moved);
        assert!(!r.has_errors());
        assert!(
            r.to_text().contains("ksc-old.corp.example"),
            "{}",
            r.to_text()
        );

        // A virtual Administration Server on either side.
        let mut virt = o.clone();
        virt.secondary_info = Some(StaticInfo {
            hostname: None,
            product_name: None,
            product_version: None,
            full_version: None,
            is_virtual: true,
            vserver_id: Some(2),
            root_group: None,
            unassigned_group: None,
            super_group: None,
            raw: crate::wire::Params::new(),
        });
        assert!(evaluate(&p, &virt).has_errors());

        // The documented size.
        let mut big = o.clone();
        big.secondaries_now = Some(DOCUMENTED_MAX_SECONDARIES);
        let r = evaluate(&p, &big);
        assert_eq!(verdict(&r, "Number of secondary servers"), Verdict::Warning);
    }

    #[test]
    fn in_dmz_mode_the_secondarys_port_must_present_its_certificate() {
        crate::i18n::set_language(Some("en")).unwrap();
        let primary = cert("ksc-hq");
        let p = plan(true, &primary);
        let mut o = good(&p, &primary);
        assert!(!evaluate(&p, &o).has_errors());
        o.secondary_port = Some(Presented::Certificate(primary.pin()));
        assert!(evaluate(&p, &o).has_errors());
        o.secondary_port = Some(Presented::Unreachable("timed out".into()));
        let r = evaluate(&p, &o);
        assert_eq!(verdict(&r, "Who dials whom"), Verdict::Warning);
    }
}
