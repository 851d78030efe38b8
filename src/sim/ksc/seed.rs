//! Seed files: the initial content of a simulated server, in TOML. A seed is read only when the
//! state directory holds no state yet; afterwards the state file is the truth.
//!
//! ```toml
//! [server]
//! display_name = "ksc-primary.corp.example"  # name of the machine
//! version = "14.2.0.26967"                    # KLADMSRV_PRODUCT_FULL_VERSION
//! # hostname, instance_id and host_guid are optional: when absent each new state gets fresh
//! # GUID-like values, so two servers seeded from one file stay distinct.
//! # hostname = "2d4c0a5e-..."                 # KLADMSRV_SERVER_HOSTNAME (a GUID-like host id)
//! # linux = true                              # KLADMSRV_LINUX_EDITION: KSC for Linux
//! # cloud_console = true                      # KLADMSRV_B2B_CLOUD_MODE: Cloud Console's server
//! # secondary_servers_enabled = false         # Limits.GetLimits(LP_SlaveServer) answers 0
//!
//! [[users]]
//! name = "admin"
//! password = "secret"
//! internal = true              # internal KSC user (default); false = OS/domain account
//! # domain = "CORP"            # for domain accounts
//! # totp_secret = "BASE32..."  # two-step verification set up (SHA1, 6 digits, 30 s)
//! # require_2fa = true         # required; without a secret the login answers `totpreg`
//! # vserver = "Customer A"     # user of that virtual server only
//!
//! [[groups]]
//! path = "Branch offices/Berlin"  # below "Managed devices"; missing parents are created
//!
//! [[vservers]]
//! name = "Customer A"
//! group = "Branch offices"        # main-server group holding it ("" = Managed devices)
//! groups = ["Office"]             # groups inside the virtual server
//!
//! [[policies]]
//! name = "Kaspersky Endpoint Security for Windows (12.x)"
//! product = "KES"
//! version = "11.0.0.0"
//! group = ""                      # "" = Managed devices
//! # active, roaming, accept_parent, force_distrib2children, hide_on_slaves: booleans
//!
//! [[tasks]]
//! name = "Update"                 # display name
//! type = "Updater"                # TASK_NAME
//! product = "KES"
//! version = "11.0.0.0"
//! component = "Connector"
//! group = ""
//!
//! [fleet]                         # registered secondaries in mixed states (sim::ksc::fleet)
//! count = 300                     # relative to the time the state is made
//! # groups = ["Branch offices"]   # group paths they are spread over
//!
//! [estate]                        # a large estate (sim::ksc::estate); each key optional
//! groups = 10000                  # groups below "Managed devices", in a tree…
//! depth = 6                       # …this many levels deep (at most 6)
//! vservers = 2000                 # virtual servers in "Managed devices"
//!
//! [[sections]]                    # settings-storage sections (values in the Open API's
//! type = "SS_SETTINGS"            # inner encoding: {type = "long", value = 5} etc.)
//! product = "1093"
//! version = "1.0.0.0"
//! name = "KLSRV_MASTER_SRV"
//! settings = { KLSRV_MASTER_SRV_USE = false }
//! ```
//!
//! Group paths use `/` between names; names themselves therefore cannot contain `/` in a seed.

use std::path::Path;

use serde::Deserialize;

use super::state::{GroupTask, Policy, SimData, SsSection, StateError, User, now};
use crate::wire::Params;

/// The seed of the demo primary server (`assets/sim/primary.toml`).
pub const PRIMARY: &str = include_str!("../../../assets/sim/primary.toml");
/// The seed of the demo secondary server (`assets/sim/secondary.toml`).
pub const SECONDARY: &str = include_str!("../../../assets/sim/secondary.toml");

/// A parsed seed file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// Server identity.
    #[serde(default)]
    pub server: SeedServer,
    /// Users.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// Groups below "Managed devices".
    #[serde(default)]
    pub groups: Vec<SeedGroup>,
    /// Virtual servers.
    #[serde(default)]
    pub vservers: Vec<SeedVServer>,
    /// Policies.
    #[serde(default)]
    pub policies: Vec<SeedPolicy>,
    /// Group tasks.
    #[serde(default)]
    pub tasks: Vec<SeedTask>,
    /// Initial settings-storage sections.
    #[serde(default)]
    pub sections: Vec<SeedSection>,
    /// Many registered secondaries in mixed states (see [`super::fleet`]).
    pub fleet: Option<SeedFleet>,
    /// A large estate of groups and virtual servers (see [`super::estate`]).
    pub estate: Option<SeedEstate>,
}

/// `[estate]`: thousands of groups in a deep tree and thousands of virtual servers; a key left
/// out takes its value from [`super::estate::EstateSpec::large`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEstate {
    /// Groups below "Managed devices".
    pub groups: Option<usize>,
    /// Levels of groups.
    pub depth: Option<usize>,
    /// Virtual servers.
    pub vservers: Option<usize>,
}

impl SeedEstate {
    /// The spec this table stands for.
    pub fn spec(&self) -> super::estate::EstateSpec {
        let large = super::estate::EstateSpec::large();
        super::estate::EstateSpec {
            groups: self.groups.unwrap_or(large.groups),
            depth: self.depth.unwrap_or(large.depth),
            vservers: self.vservers.unwrap_or(large.vservers),
        }
    }
}

/// `[fleet]`: registered secondaries in mixed states, relative to the time the state is made.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFleet {
    /// How many.
    pub count: usize,
    /// Group paths they are spread over (four regional groups when absent).
    pub groups: Option<Vec<String>>,
}

/// `[server]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedServer {
    /// `KLADMSRV_SERVER_HOSTNAME`; generated when absent.
    pub hostname: Option<String>,
    /// Machine name.
    pub display_name: Option<String>,
    /// Product version.
    pub version: Option<String>,
    /// Instance id; generated when absent.
    pub instance_id: Option<String>,
    /// Host GUID; generated when absent.
    pub host_guid: Option<String>,
    /// Kaspersky Security Center for Linux (`KLADMSRV_LINUX_EDITION`).
    #[serde(default)]
    pub linux: bool,
    /// The Administration Server of Cloud Console (`KLADMSRV_B2B_CLOUD_MODE`).
    #[serde(default)]
    pub cloud_console: bool,
    /// `Limits.GetLimits(LP_SlaveServer)`; true when absent.
    pub secondary_servers_enabled: Option<bool>,
}

/// `[[users]]`.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// Login name.
    pub name: String,
    /// Password.
    pub password: String,
    /// Internal KSC user.
    #[serde(default = "yes")]
    pub internal: bool,
    /// Domain of a domain account.
    #[serde(default)]
    pub domain: String,
    /// Base32 TOTP secret.
    pub totp_secret: Option<String>,
    /// Two-step verification required.
    #[serde(default)]
    pub require_2fa: bool,
    /// Virtual server the user belongs to.
    pub vserver: Option<String>,
}

impl std::fmt::Debug for SeedUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeedUser")
            .field("name", &self.name)
            .field("internal", &self.internal)
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

fn yes() -> bool {
    true
}

/// `[[groups]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedGroup {
    /// Path below "Managed devices".
    pub path: String,
}

/// `[[vservers]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedVServer {
    /// Display name.
    pub name: String,
    /// Main-server group path holding it.
    #[serde(default)]
    pub group: String,
    /// Groups inside it (paths below its "Managed devices").
    #[serde(default)]
    pub groups: Vec<String>,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Enabled.
    #[serde(default = "yes")]
    pub enabled: bool,
}

/// `[[policies]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPolicy {
    /// Display name.
    pub name: String,
    /// Product.
    pub product: String,
    /// Product version.
    pub version: String,
    /// Group path.
    #[serde(default)]
    pub group: String,
    /// Active.
    #[serde(default = "yes")]
    pub active: bool,
    /// Roaming.
    #[serde(default)]
    pub roaming: bool,
    /// Accepts the parent policy.
    #[serde(default = "yes")]
    pub accept_parent: bool,
    /// Forces child policies.
    #[serde(default)]
    pub force_distrib2children: bool,
    /// Not sent to secondaries.
    #[serde(default)]
    pub hide_on_slaves: bool,
    /// Settings (inner encoding).
    #[serde(default)]
    pub settings: Option<toml::Table>,
}

/// `[[tasks]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTask {
    /// Display name.
    pub name: String,
    /// Task type (`TASK_NAME`).
    #[serde(rename = "type")]
    pub task_type: String,
    /// Product.
    pub product: String,
    /// Product version.
    pub version: String,
    /// Component.
    #[serde(default)]
    pub component: String,
    /// Group path.
    #[serde(default)]
    pub group: String,
    /// Schedule type (`TASKSCH_TYPE`).
    #[serde(default)]
    pub schedule_type: i32,
    /// Not inherited by subgroups or secondaries.
    #[serde(default)]
    pub prohibited_for_subgroups: bool,
}

/// `[[sections]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSection {
    /// Storage type.
    #[serde(rename = "type")]
    pub stype: String,
    /// Product.
    pub product: String,
    /// Version.
    pub version: String,
    /// Section name.
    pub name: String,
    /// Variables (inner encoding).
    #[serde(default)]
    pub settings: toml::Table,
}

/// A GUID-like random id (`8-4-4-4-12` lowercase hex).
pub fn random_guid() -> String {
    let b: [u8; 16] = rand::random();
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn table_to_params(t: &toml::Table, what: &str) -> Result<Params, String> {
    let j = serde_json::to_value(t).map_err(|e| format!("{what}: {e}"))?;
    Params::from_json(&j, what).map_err(|e| e.to_string())
}

impl Seed {
    /// Parses seed text.
    pub fn parse(text: &str) -> Result<Seed, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Reads and parses a seed file.
    pub fn load(path: &Path) -> Result<Seed, StateError> {
        let text = std::fs::read_to_string(path).map_err(|source| StateError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text).map_err(|detail| StateError::Seed {
            path: path.to_path_buf(),
            detail,
        })
    }

    /// Builds the initial state; `machine_name` is used when the seed names no machine.
    pub fn build(&self, machine_name: &str) -> Result<SimData, String> {
        let display = self
            .server
            .display_name
            .clone()
            .unwrap_or_else(|| machine_name.to_string());
        let hostname = self.server.hostname.clone().unwrap_or_else(random_guid);
        let mut d = SimData::empty(&display, &hostname);
        if let Some(v) = &self.server.version {
            d.server.version = v.clone();
        }
        d.server.instance_id = self.server.instance_id.clone().unwrap_or_else(random_guid);
        d.server.host_guid = self.server.host_guid.clone().unwrap_or_else(random_guid);
        d.server.linux = self.server.linux;
        d.server.cloud_console = self.server.cloud_console;
        d.server.secondary_servers_enabled = self.server.secondary_servers_enabled.unwrap_or(true);

        let main_root = d.server.root_group;
        for g in &self.groups {
            ensure_path(&mut d, main_root, &g.path)?;
        }
        for v in &self.vservers {
            let parent = ensure_path(&mut d, main_root, &v.group)?;
            if d.vserver_by_name(&v.name).is_some() {
                return Err(format!("virtual server {:?} is listed twice", v.name));
            }
            let id = d.add_vserver(&v.name, parent);
            let root = d
                .vservers
                .get_mut(&id)
                .map(|vs| {
                    vs.description = v.description.clone();
                    vs.enabled = v.enabled;
                    vs.root_group
                })
                .ok_or("virtual server vanished")?;
            for path in &v.groups {
                ensure_path(&mut d, root, path)?;
            }
        }
        for (i, u) in self.users.iter().enumerate() {
            if let Some(vs) = &u.vserver
                && d.vserver_by_name(vs).is_none()
            {
                return Err(format!("user {:?}: no virtual server {vs:?}", u.name));
            }
            if let Some(secret) = &u.totp_secret {
                totp_rs::Secret::try_from_base32(secret)
                    .map_err(|_| format!("user {:?}: totp_secret is not base32", u.name))?;
            }
            d.users.push(User {
                id: i32::try_from(i).map_err(|_| "too many users")? + 1,
                name: u.name.clone(),
                password: u.password.clone(),
                internal: u.internal,
                domain: u.domain.clone(),
                totp_secret: u.totp_secret.clone(),
                require_2fa: u.require_2fa,
                vserver: u.vserver.clone(),
            });
        }
        let t = now();
        for p in &self.policies {
            let group_id = find_path(&d, d.server.root_group, &p.group)
                .ok_or_else(|| format!("policy {:?}: no group {:?}", p.name, p.group))?;
            let settings = match &p.settings {
                Some(s) => table_to_params(s, &format!("policy {:?} settings", p.name))?,
                None => Params::new(),
            };
            let id = d.next_policy_id();
            d.policies.insert(
                id,
                Policy {
                    id,
                    name: p.name.clone(),
                    product: p.product.clone(),
                    version: p.version.clone(),
                    group_id,
                    active: p.active,
                    roaming: p.roaming,
                    accept_parent: p.accept_parent,
                    force_distrib2children: p.force_distrib2children,
                    hide_on_slaves: p.hide_on_slaves,
                    created: t,
                    modified: t,
                    inherited: false,
                    origin_id: None,
                    settings,
                },
            );
        }
        for task in &self.tasks {
            let group_id = find_path(&d, d.server.root_group, &task.group)
                .ok_or_else(|| format!("task {:?}: no group {:?}", task.name, task.group))?;
            let id = d.next_task_id();
            d.tasks.push(GroupTask {
                id,
                display_name: task.name.clone(),
                task_type: task.task_type.clone(),
                product: task.product.clone(),
                version: task.version.clone(),
                component: task.component.clone(),
                group_id,
                created: t,
                schedule_type: task.schedule_type,
                enabled: true,
                prohibited_for_subgroups: task.prohibited_for_subgroups,
                inherited: false,
                origin_id: None,
                additional: Params::new(),
            });
        }
        for s in &self.sections {
            if d.section(&s.stype, &s.product, &s.version, &s.name)
                .is_some()
            {
                return Err(format!("section {:?} is listed twice", s.name));
            }
            d.sections.push(SsSection {
                stype: s.stype.clone(),
                product: s.product.clone(),
                version: s.version.clone(),
                name: s.name.clone(),
                settings: table_to_params(&s.settings, &format!("section {:?}", s.name))?,
            });
        }
        if let Some(e) = &self.estate {
            d.fix_counters();
            super::estate::register(&mut d, &e.spec())?;
        }
        if let Some(f) = &self.fleet {
            let mut spec = super::fleet::FleetSpec::new(f.count, t);
            if let Some(groups) = &f.groups {
                spec.groups = groups.clone();
            }
            d.fix_counters();
            super::fleet::register(&mut d, &spec)?;
        }
        d.fix_counters();
        Ok(d)
    }
}

fn split_path(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').map(str::trim).filter(|s| !s.is_empty())
}

fn find_path(d: &SimData, root: i32, path: &str) -> Option<i32> {
    let mut cur = root;
    for name in split_path(path) {
        cur = d.children(cur).iter().find(|g| g.name == name)?.id;
    }
    Some(cur)
}

pub(crate) fn ensure_path(d: &mut SimData, root: i32, path: &str) -> Result<i32, String> {
    let mut cur = root;
    for name in split_path(path) {
        let existing = d
            .children(cur)
            .iter()
            .find(|g| g.name == name)
            .map(|g| g.id);
        cur = match existing {
            Some(id) => id,
            None => d
                .add_group(cur, name)
                .ok_or_else(|| format!("group path {path:?}: parent vanished"))?,
        };
    }
    Ok(cur)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wire::master_srv;

    #[test]
    fn shipped_seeds_build() {
        for text in [PRIMARY, SECONDARY] {
            let d = Seed::parse(text).unwrap().build("machine").unwrap();
            assert!(d.users.iter().any(|u| u.name == "admin"));
            assert!(!d.policies.is_empty());
        }
        let p = Seed::parse(PRIMARY).unwrap().build("m").unwrap();
        assert!(p.vservers.len() >= 2);
        let berlin = p.groups.values().find(|g| g.name == "Berlin").unwrap();
        assert_eq!(
            p.full_name(berlin.id),
            "Managed devices/Branch offices/Berlin/"
        );
        assert!(p.users.iter().any(|u| u.totp_secret.is_some()));
        assert!(
            p.users
                .iter()
                .any(|u| u.require_2fa && u.totp_secret.is_none())
        );
        assert!(p.users.iter().any(|u| !u.internal && !u.domain.is_empty()));
        let s = Seed::parse(SECONDARY).unwrap().build("m").unwrap();
        assert_eq!(
            s.master_srv_section().unwrap().get_bool(master_srv::USE),
            Some(false)
        );
    }

    #[test]
    fn generated_ids_differ_per_build_and_errors_are_named() {
        let seed = Seed::parse(PRIMARY).unwrap();
        let a = seed.build("m").unwrap();
        let b = seed.build("m").unwrap();
        assert_ne!(a.server.hostname, b.server.hostname);
        let e = Seed::parse("[[policies]]\nname='x'\nproduct='p'\nversion='1'\ngroup='Nowhere'")
            .unwrap()
            .build("m")
            .unwrap_err();
        assert!(e.contains("Nowhere"), "{e}");
        assert!(Seed::parse("[server]\ncolour='red'").is_err());
        let e = Seed::parse("[[users]]\nname='a'\npassword='b'\ntotp_secret='1!'")
            .unwrap()
            .build("m")
            .unwrap_err();
        assert!(e.contains("base32"), "{e}");
    }

    #[test]
    fn typed_section_values() {
        let d = Seed::parse(
            "[[sections]]\ntype='SS_SETTINGS'\nproduct='1093'\nversion='1.0.0.0'\nname='S'\n\
             settings = { a = 1, l = { type = 'long', value = 5 }, p = [80, 443] }",
        )
        .unwrap()
        .build("m")
        .unwrap();
        let s = d.section("SS_SETTINGS", "1093", "1.0.0.0", "S").unwrap();
        assert_eq!(s.settings.get_i64("l"), Some(5));
        assert_eq!(s.settings.get_array("p").unwrap().len(), 2);
    }
}
