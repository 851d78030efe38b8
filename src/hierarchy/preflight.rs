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

    /// The report as JSON: an array of `{check, verdict, reason, what_to_do}`, the shape
    /// `docs/cli-json.schema.json` gives `preflight`.
    pub fn to_json(&self) -> serde_json::Value {
        self.findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "check": f.check,
                    "verdict": f.verdict.key(),
                    "reason": f.reason,
                    "what_to_do": f.todo,
                })
            })
            .collect()
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
    /// The primary's `Limits.GetLimits(LP_SlaveServer)`.
    pub secondaries_enabled: Option<bool>,
    /// MD5 of the certificates of the secondary's own secondaries (lowercase hex), when
    /// logged in to it.
    pub secondary_children_md5: Option<Vec<String>>,
    /// Whether another registration in the chosen group has the display name.
    pub name_taken: Option<bool>,
    /// How the secondary was logged in to.
    pub login: SecondaryLogin,
}

/// How the secondary was logged in to, for the two-step verification check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SecondaryLogin {
    /// Not logged in (registration on the primary only).
    #[default]
    NotLoggedIn,
    /// With a password; no code was asked.
    Password,
    /// A code was asked and accepted: the account has an authenticator.
    WithCode,
    /// The account must use two-step verification but has not set it up.
    TwoStepNotSetUp,
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
    login: SecondaryLogin,
) -> Observations {
    let s = &plan.secondary_settings;
    let secondary_address = plan.secondary_address.clone().unwrap_or_default();
    // The network probes and the two servers' questions are independent: ask them together,
    // so the check takes as long as its slowest part, not the sum.
    let probes = async {
        let primary_port = presented(&s.primary_address, s.primary_ssl_port).await;
        let primary_ips = resolve(&s.primary_address, s.primary_ssl_port).await;
        let (secondary_port, secondary_ips) = if secondary_address.is_empty() {
            (None, None)
        } else {
            (
                Some(presented(&secondary_address, plan.secondary_ssl_port).await),
                resolve(&secondary_address, plan.secondary_ssl_port).await,
            )
        };
        (primary_port, primary_ips, secondary_port, secondary_ips)
    };
    let on_primary = observe_server(primary);
    let primary_side = async {
        let hierarchy = primary.server_hierarchy();
        let now = hierarchy.get_child_servers(-1).await.ok().map(|c| c.len());
        let enabled = primary.limits().secondary_servers_enabled().await.ok();
        let taken = name_taken(primary, plan).await;
        (now, enabled, taken)
    };
    let on_secondary = async {
        match secondary {
            Some(c) => {
                let (info, section) = observe_server(c).await;
                (info, section, children_md5(c).await)
            }
            None => (None, None, None),
        }
    };
    let (
        (primary_port, primary_ips, secondary_port, secondary_ips),
        (primary_info, primary_section),
        (secondaries_now, secondaries_enabled, name_taken),
        (secondary_info, secondary_section, secondary_children_md5),
    ) = tokio::join!(probes, on_primary, primary_side, on_secondary);
    Observations {
        primary_pin: Some(Pin::of_der(&s.primary_certificate)),
        primary_port: Some(primary_port),
        secondary_port,
        primary_address_ips: primary_ips,
        secondary_address_ips: secondary_ips,
        primary_section,
        secondary_section,
        primary_info,
        secondary_info,
        secondaries_now,
        secondaries_enabled,
        secondary_children_md5,
        name_taken,
        login,
    }
}

/// A server's static information (its platform asked by name when the default set leaves it
/// out) and its own `KLSRV_MASTER_SRV` section.
async fn observe_server(c: &KscClient) -> (Option<StaticInfo>, Option<MasterSrvSection>) {
    let hg = c.host_group();
    let Ok(mut info) = hg.static_info().await else {
        return (None, None);
    };
    if info.linux.is_none() {
        info.linux = hg.linux_edition().await.ok().flatten();
    }
    let section = match &info.hostname {
        Some(host) => hg.read_master_srv(host).await.ok(),
        None => None,
    };
    (Some(info), section)
}

/// The MD5 of each certificate the server holds for its own secondaries. `FindSlaveServers`
/// documents no such field, so each is asked for with `GetServerInfo`.
async fn children_md5(c: &KscClient) -> Option<Vec<String>> {
    use crate::wire::srvh;
    let hierarchy = c.server_hierarchy();
    let children = hierarchy.get_child_servers(-1).await.ok()?;
    let mut out = Vec::with_capacity(children.len());
    for child in children {
        let info = hierarchy
            .get_server_info(child.id, &[srvh::PUBLIC_KEY_HASH])
            .await
            .ok()?;
        if let Some(hash) = info.get(srvh::PUBLIC_KEY_HASH).and_then(|v| v.as_str()) {
            out.push(hash.to_lowercase());
        }
    }
    Some(out)
}

/// Whether another registration (another certificate) in the plan's group has its name.
async fn name_taken(primary: &KscClient, plan: &AddSecondaryPlan) -> Option<bool> {
    use crate::wire::srvh;
    let hierarchy = primary.server_hierarchy();
    let children = hierarchy.get_child_servers(plan.group_id).await.ok()?;
    let want = plan.display_name.trim().to_lowercase();
    let ours = plan.secondary_certificate.md5_hex();
    for child in children
        .iter()
        .filter(|c| c.display_name.trim().to_lowercase() == want)
    {
        let hash = hierarchy
            .get_server_info(child.id, &[srvh::PUBLIC_KEY_HASH])
            .await
            .ok()
            .and_then(|p| {
                p.get(srvh::PUBLIC_KEY_HASH)?
                    .as_str()
                    .map(str::to_lowercase)
            });
        if hash.as_deref() != Some(ours.as_str()) {
            return Some(true);
        }
    }
    Some(false)
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
        // Loopback is right only when the secondary runs on this machine too: an error when
        // its address says it does not, a warning when no address says either way.
        Some(ips) if local(ips) => match o.secondary_address_ips.as_deref() {
            Some(theirs) if local(theirs) => add(
                address,
                Verdict::Pass,
                fl!("preflight-address-ok", address = s.primary_address.clone()),
                String::new(),
            ),
            Some(_) => add(
                address,
                Verdict::Error,
                fl!(
                    "preflight-address-local",
                    address = s.primary_address.clone()
                ),
                fl!("preflight-address-local-todo"),
            ),
            None => add(
                address,
                Verdict::Warning,
                fl!(
                    "preflight-address-local-maybe",
                    address = s.primary_address.clone()
                ),
                fl!("preflight-address-local-todo"),
            ),
        },
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

    // No cycle, no silent move. The primary's own primary is the one ancestor this machine can
    // see (its section); the secondary's own secondaries are seen when logged in to it.
    let cycle = fl!("preflight-cycle");
    let primary_md5 = o
        .primary_pin
        .map(|_| crate::cert::md5_hex_of(&s.primary_certificate));
    let grand = o.primary_section.as_ref().filter(|p| p.use_master);
    if o.primary_pin == Some(chosen) {
        add(
            cycle,
            Verdict::Error,
            fl!("preflight-cycle-itself"),
            fl!("preflight-cycle-itself-todo"),
        );
    } else if let Some(section) = grand
        && section.ssl_cert.as_deref().map(Pin::of_der) == Some(chosen)
    {
        add(
            cycle,
            Verdict::Error,
            fl!("preflight-cycle-loop"),
            fl!("preflight-cycle-loop-todo"),
        );
    } else if let (Some(children), Some(md5)) = (&o.secondary_children_md5, &primary_md5)
        && children.iter().any(|c| c == md5)
    {
        add(
            cycle,
            Verdict::Error,
            fl!("preflight-cycle-child"),
            fl!("preflight-cycle-loop-todo"),
        );
    } else {
        let reason = match grand {
            Some(section) => fl!(
                "preflight-cycle-ok-above",
                address = section.address.clone().unwrap_or_default()
            ),
            None => fl!("preflight-cycle-ok"),
        };
        add(cycle, Verdict::Pass, reason, String::new());
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

    // Server roles (docs/hierarchy-rules.md, sections 1 and 2).
    let roles = fl!("preflight-roles");
    let virtual_side = [
        (o.primary_info.as_ref(), fl!("preflight-side-primary")),
        (o.secondary_info.as_ref(), fl!("preflight-side-secondary")),
    ]
    .into_iter()
    .find_map(|(info, side)| info.filter(|i| i.is_virtual).map(|_| side));
    let primary_version = o
        .primary_info
        .as_ref()
        .and_then(|i| i.product_version.as_deref())
        .and_then(version_of);
    if let Some(side) = virtual_side {
        add(
            roles,
            Verdict::Error,
            fl!("preflight-roles-virtual", side = side),
            fl!("preflight-roles-virtual-todo"),
        );
    } else if o.secondary_info.as_ref().is_some_and(|i| i.cloud_console) {
        add(
            roles,
            Verdict::Error,
            fl!("preflight-roles-cloud-secondary"),
            fl!("preflight-roles-cloud-secondary-todo"),
        );
    } else if o.primary_info.as_ref().and_then(|i| i.linux) == Some(true)
        && primary_version.is_some_and(|v| v < (14, 2))
    {
        add(
            roles,
            Verdict::Error,
            fl!(
                "preflight-roles-linux-primary",
                version = describe(o.primary_info.as_ref())
            ),
            fl!("preflight-roles-linux-primary-todo"),
        );
    } else {
        add(
            roles,
            Verdict::Pass,
            fl!("preflight-roles-ok"),
            String::new(),
        );
    }

    // Versions and platforms: the documented mixed-version rule, and what each side runs.
    let versions = fl!("preflight-versions");
    let secondary_version = o
        .secondary_info
        .as_ref()
        .and_then(|i| i.product_version.as_deref())
        .and_then(version_of);
    let both = fl!(
        "preflight-versions-both",
        primary = describe(o.primary_info.as_ref()),
        secondary = describe(o.secondary_info.as_ref())
    );
    match (primary_version, secondary_version) {
        (Some(p), Some(v)) if p >= (15, 4) && v < (15, 4) => add(
            versions,
            Verdict::Warning,
            fl!("preflight-versions-install", both = both),
            fl!("preflight-versions-install-todo"),
        ),
        (Some(_), Some(_)) => add(versions, Verdict::Pass, both, String::new()),
        _ => add(
            versions,
            Verdict::CouldNotCheck,
            both,
            fl!("preflight-versions-unknown-todo"),
        ),
    }

    // The primary's limit on secondary servers (LP_SlaveServer).
    let limit = fl!("preflight-limit");
    match o.secondaries_enabled {
        Some(true) => add(
            limit,
            Verdict::Pass,
            fl!("preflight-limit-ok"),
            String::new(),
        ),
        Some(false) => add(
            limit,
            Verdict::Warning,
            fl!("preflight-limit-off"),
            fl!("preflight-limit-off-todo"),
        ),
        None => add(
            limit,
            Verdict::CouldNotCheck,
            fl!("preflight-limit-unknown"),
            String::new(),
        ),
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

    // The display name in the chosen group.
    let name = fl!("preflight-name");
    match o.name_taken {
        Some(true) => add(
            name,
            Verdict::Error,
            fl!(
                "preflight-name-taken",
                name = plan.display_name.clone(),
                group = plan.group_name.clone()
            ),
            fl!("preflight-name-taken-todo"),
        ),
        Some(false) => add(
            name,
            Verdict::Pass,
            fl!(
                "preflight-name-free",
                name = plan.display_name.clone(),
                group = plan.group_name.clone()
            ),
            String::new(),
        ),
        None => {}
    }

    // Two-step verification of the account on the secondary.
    let two_step = fl!("preflight-two-step");
    let user = plan.secondary_credentials.user.clone();
    match o.login {
        SecondaryLogin::Password => add(
            two_step,
            Verdict::Pass,
            fl!("preflight-two-step-none", user = user),
            String::new(),
        ),
        SecondaryLogin::WithCode => add(
            two_step,
            Verdict::Pass,
            fl!("preflight-two-step-code", user = user),
            String::new(),
        ),
        SecondaryLogin::TwoStepNotSetUp => add(
            two_step,
            Verdict::Warning,
            fl!("preflight-two-step-not-set-up", user = user),
            fl!("preflight-two-step-not-set-up-todo"),
        ),
        SecondaryLogin::NotLoggedIn => add(
            two_step,
            Verdict::CouldNotCheck,
            fl!("preflight-two-step-not-logged-in"),
            String::new(),
        ),
    }
    Report { findings }
}

/// Major and minor of a product version ("15.4.0.1234" → (15, 4)).
pub fn version_of(v: &str) -> Option<(u32, u32)> {
    let mut parts = v.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}

/// "KSC 15.4.0.1234 for Linux", as far as the server said.
fn describe(info: Option<&StaticInfo>) -> String {
    use crate::fl;
    let Some(info) = info else {
        return fl!("preflight-version-unknown");
    };
    let version = info
        .full_version
        .clone()
        .or_else(|| info.product_version.clone())
        .unwrap_or_else(|| fl!("preflight-version-unknown"));
    let platform = if info.cloud_console {
        "cloud"
    } else {
        match info.linux {
            Some(true) => "linux",
            Some(false) => "windows",
            None => "unstated",
        }
    };
    fl!("preflight-server", version = version, platform = platform)
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

    fn info(version: &str, linux: Option<bool>) -> StaticInfo {
        StaticInfo {
            hostname: None,
            product_name: Some("1093".into()),
            product_version: Some(version.into()),
            full_version: Some(version.into()),
            is_virtual: false,
            linux,
            cloud_console: false,
            vserver_id: None,
            root_group: None,
            unassigned_group: None,
            super_group: None,
            raw: crate::wire::Params::new(),
        }
    }

    fn good(p: &AddSecondaryPlan, primary: &crate::cert::CertificateDetails) -> Observations {
        Observations {
            primary_pin: Some(primary.pin()),
            primary_port: Some(Presented::Certificate(primary.pin())),
            secondary_port: Some(Presented::Certificate(p.secondary_certificate.pin())),
            primary_address_ips: Some(vec!["10.0.0.10".parse().unwrap()]),
            secondary_address_ips: Some(vec!["10.0.0.20".parse().unwrap()]),
            secondaries_now: Some(3),
            primary_info: Some(info("15.1.0.100", Some(false))),
            secondary_info: Some(info("14.2.0.26967", Some(true))),
            secondaries_enabled: Some(true),
            secondary_children_md5: Some(Vec::new()),
            name_taken: Some(false),
            login: SecondaryLogin::Password,
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

        // A primary address that is this machine's loopback while the secondary is another host:
        // an error; with no address of the secondary, a warning; both on this machine: fine.
        let mut loopback = o.clone();
        loopback.primary_address_ips = Some(vec!["127.0.0.1".parse().unwrap()]);
        assert!(evaluate(&p, &loopback).has_errors());
        loopback.secondary_address_ips = None;
        let r = evaluate(&p, &loopback);
        assert_eq!(
            verdict(&r, "The primary's address as the secondary uses it"),
            Verdict::Warning
        );
        loopback.secondary_address_ips = Some(vec!["::1".parse().unwrap()]);
        assert!(!evaluate(&p, &loopback).has_errors());

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
            is_virtual: true,
            vserver_id: Some(2),
            ..info("15.1.0.100", Some(false))
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

    #[test]
    fn roles_versions_limit_name_and_two_step_each_have_their_verdict() {
        crate::i18n::set_language(Some("en")).unwrap();
        let primary = cert("ksc-hq");
        let p = plan(false, &primary);
        let o = good(&p, &primary);
        let r = evaluate(&p, &o);
        assert_eq!(verdict(&r, "Versions and platforms"), Verdict::Pass);
        assert!(
            r.to_text()
                .contains("KSC 15.1.0.100 for Windows; secondary: KSC 14.2.0.26967 for Linux"),
            "{}",
            r.to_text()
        );

        // Cloud Console's server can only be a primary.
        let mut cloud = o.clone();
        cloud.secondary_info = Some(StaticInfo {
            cloud_console: true,
            ..info("15.0.0.1", None)
        });
        let r = evaluate(&p, &cloud);
        assert_eq!(verdict(&r, "Server roles"), Verdict::Error);

        // KSC for Linux 13 can only be a secondary; 14.2 may be a primary.
        let mut linux13 = o.clone();
        linux13.primary_info = Some(info("13.0.0.500", Some(true)));
        assert_eq!(
            verdict(&evaluate(&p, &linux13), "Server roles"),
            Verdict::Error
        );
        linux13.primary_info = Some(info("14.2.0.100", Some(true)));
        assert_eq!(
            verdict(&evaluate(&p, &linux13), "Server roles"),
            Verdict::Pass
        );
        // A platform not stated is not taken for Linux.
        linux13.primary_info = Some(info("13.0.0.500", None));
        assert_eq!(
            verdict(&evaluate(&p, &linux13), "Server roles"),
            Verdict::Pass
        );

        // The documented mixed-version rule of 15.4.
        let mut old = o.clone();
        old.primary_info = Some(info("15.4.0.10", Some(false)));
        old.secondary_info = Some(info("14.2.0.26967", Some(false)));
        assert_eq!(
            verdict(&evaluate(&p, &old), "Versions and platforms"),
            Verdict::Warning
        );
        // Not logged in to the secondary: its version cannot be checked.
        let mut unknown = o.clone();
        unknown.secondary_info = None;
        assert_eq!(
            verdict(&evaluate(&p, &unknown), "Versions and platforms"),
            Verdict::CouldNotCheck
        );

        // LP_SlaveServer.
        let mut off = o.clone();
        off.secondaries_enabled = Some(false);
        let r = evaluate(&p, &off);
        assert_eq!(
            verdict(&r, "Secondary servers allowed on the primary"),
            Verdict::Warning
        );
        assert!(!r.has_errors());
        off.secondaries_enabled = None;
        assert_eq!(
            verdict(
                &evaluate(&p, &off),
                "Secondary servers allowed on the primary"
            ),
            Verdict::CouldNotCheck
        );

        // The display name taken in the group by another registration.
        let mut taken = o.clone();
        taken.name_taken = Some(true);
        let r = evaluate(&p, &taken);
        assert_eq!(verdict(&r, "Display name"), Verdict::Error);
        assert!(r.to_text().contains("\"Berlin\""), "{}", r.to_text());

        // Two-step verification.
        let mut code = o.clone();
        code.login = SecondaryLogin::WithCode;
        let two_step = "Two-step verification on the secondary";
        assert_eq!(verdict(&evaluate(&p, &code), two_step), Verdict::Pass);
        code.login = SecondaryLogin::TwoStepNotSetUp;
        let r = evaluate(&p, &code);
        assert_eq!(verdict(&r, two_step), Verdict::Warning);
        assert!(
            r.to_text().contains("Register on this server only"),
            "{}",
            r.to_text()
        );
        code.login = SecondaryLogin::NotLoggedIn;
        assert_eq!(
            verdict(&evaluate(&p, &code), two_step),
            Verdict::CouldNotCheck
        );
    }

    #[test]
    fn the_primary_among_the_secondarys_own_secondaries_is_a_loop() {
        crate::i18n::set_language(Some("en")).unwrap();
        let primary = cert("ksc-hq");
        let p = plan(false, &primary);
        let mut o = good(&p, &primary);
        o.secondary_children_md5 = Some(vec![cert("other").md5_hex(), primary.md5_hex()]);
        let r = evaluate(&p, &o);
        assert_eq!(verdict(&r, "No loop"), Verdict::Error);

        // The primary's own primary is named when it is not the secondary.
        let mut above = good(&p, &primary);
        above.primary_section = Some(MasterSrvSection {
            use_master: true,
            address: Some("ksc-top.corp.example".into()),
            ssl_cert: Some(cert("ksc-top").der),
            ..MasterSrvSection::default()
        });
        let r = evaluate(&p, &above);
        assert_eq!(verdict(&r, "No loop"), Verdict::Pass);
        assert!(
            r.to_text().contains("ksc-top.corp.example"),
            "{}",
            r.to_text()
        );
    }

    #[test]
    fn versions_read_as_major_and_minor() {
        assert_eq!(version_of("15.4.0.1234"), Some((15, 4)));
        assert_eq!(version_of("14"), Some((14, 0)));
        assert_eq!(version_of("x.1"), None);
        assert!(version_of("13.2.0.1").unwrap() < (14, 2));
    }

    #[test]
    fn the_json_report_names_each_check_with_its_verdict() {
        crate::i18n::set_language(Some("en")).unwrap();
        let primary = cert("ksc-hq");
        let p = plan(false, &primary);
        let r = evaluate(&p, &good(&p, &primary));
        let j = r.to_json();
        let items = j.as_array().unwrap();
        assert_eq!(items.len(), r.findings.len());
        for item in items {
            let keys: Vec<_> = item.as_object().unwrap().keys().cloned().collect();
            assert_eq!(keys, ["check", "reason", "verdict", "what_to_do"]);
            assert!(
                ["pass", "warning", "error", "could-not-check"]
                    .contains(&item["verdict"].as_str().unwrap())
            );
        }
    }
}
