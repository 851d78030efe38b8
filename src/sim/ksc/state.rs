//! The simulated Administration Server's state: administration groups, users, virtual servers,
//! registered secondaries, settings-storage sections, policies and group tasks, plus what the
//! server-to-server link keeps (inherited policies and tasks, a log of link events).
//!
//! [`SimData`] is the persisted part: it lives in `<state dir>/state.json` and is rewritten
//! atomically (temporary file, then rename) after every change, so a restart loses nothing.
//! [`SharedState`] wraps it for concurrent use and adds what is not persisted (sessions, tokens,
//! result-set accessors: see [`super::runtime`]).
//!
//! # For the server-to-server link
//! The link programs against these methods of [`SharedState`]:
//! * [`SharedState::master_srv_section`] — this server's `KLSRV_MASTER_SRV` section (secondary side);
//! * [`SharedState::subscribe_hierarchy`] — a `watch` receiver that changes whenever that section or
//!   the registered secondaries change;
//! * [`SharedState::find_secondary_by_certificate`], [`SharedState::update_secondary_link`] — the
//!   primary side: find the record of a connecting secondary, set its status, version, last
//!   connection time and addresses;
//! * [`SharedState::policies_for_secondary`], [`SharedState::tasks_for_secondary`] — what the primary
//!   sends down;
//! * [`SharedState::store_inherited`] — what the secondary keeps of it;
//! * [`SharedState::log_link_event`] / [`SharedState::link_events`] — a timestamped log;
//! * [`SharedState::unprotect_password`] — decrypts `KLSRV_MASTER_SRV_PROXYHOST_PASSWORD`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use md5::{Digest as _, Md5};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::sync::watch;

use super::protect::{DataProtector, Kind, ProtectError};
use super::runtime::Runtime;
use crate::secrets::Secret;
use crate::wire::error::codes;
use crate::wire::{Params, PxgError, master_srv};

/// Name of the state file inside the state directory.
pub const STATE_FILE: &str = "state.json";

/// Oldest link events are dropped beyond this many.
const MAX_LINK_EVENTS: usize = 1000;

/// Name of the super group (`GroupIdSuper`), which holds what is inherited from a primary.
pub const SUPER_GROUP_NAME: &str = "Primary server";

/// Id of the main server in [`Group::vserver`] and scopes (virtual servers have ids from 1).
pub const MAIN_SERVER: i32 = 0;

/// Why the state could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Reading a file failed.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Writing a file failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The state file exists but cannot be understood.
    #[error("state file {path} is not valid: {detail}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The seed file is not valid.
    #[error("seed {path}: {detail}")]
    Seed {
        /// The seed file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The data-protection key could not be loaded or created.
    #[error("data protection key: {0}")]
    Protect(#[from] ProtectError),
}

impl From<StateError> for PxgError {
    fn from(e: StateError) -> Self {
        PxgError::new(
            codes::GENERAL,
            "KLSTD",
            format!("Server storage error: {e}"),
        )
    }
}

/// Serde helpers: a [`Params`] stored in the wire's own inner encoding, so every type survives.
pub mod params_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::wire::Params;

    /// Serialises params as a JSON object of inner-encoded values.
    pub fn serialize<S: Serializer>(p: &Params, s: S) -> Result<S::Ok, S::Error> {
        p.to_json().serialize(s)
    }

    /// Reads params written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Params, D::Error> {
        let j = serde_json::Value::deserialize(d)?;
        Params::from_json(&j, "").map_err(serde::de::Error::custom)
    }
}

/// Serde helpers: bytes as a base64 string.
pub mod b64_serde {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as B64;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes bytes as base64.
    pub fn serialize<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&B64.encode(b))
    }

    /// Reads base64 into bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        B64.decode(s.trim()).map_err(serde::de::Error::custom)
    }
}

/// Identity and version of the simulated server.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ServerInfo {
    /// `KLADMSRV_SERVER_HOSTNAME`: the server's KSC host name (a GUID-like id on real servers);
    /// `strHostName` of the settings-storage calls must equal it.
    pub hostname: String,
    /// Human name of the server machine (`KLADMSRV_SERVER_ADDRESSSES`, logs).
    pub display_name: String,
    /// `KLADMSRV_PRODUCT_FULL_VERSION`, e.g. `14.2.0.26967`.
    pub version: String,
    /// Instance id (`KLSRVH_SRV_INST_ID` as a primary sees this server).
    pub instance_id: String,
    /// Host identity (`KLSRVH_SRV_HOST_GUID` as a primary sees this server).
    pub host_guid: String,
    /// Id of the main server's "Managed devices" group.
    pub root_group: i32,
    /// Id of the main server's "Unassigned devices" group.
    pub unassigned_group: i32,
    /// Id of the main server's super group (holds what is inherited from a primary).
    pub super_group: i32,
}

/// The role of a group in a server's tree.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// An ordinary administration group.
    Regular,
    /// "Managed devices" (`GroupIdGroups`).
    Root,
    /// "Unassigned devices" (`GroupIdUnassigned`).
    Unassigned,
    /// The super group (`GroupIdSuper`), parent of "Managed devices".
    Super,
}

/// An administration group.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Group {
    /// `id`.
    pub id: i32,
    /// `name`.
    pub name: String,
    /// `parentId`; `None` for tree roots.
    pub parent: Option<i32>,
    /// The server the group belongs to: [`MAIN_SERVER`] or a virtual server id.
    pub vserver: i32,
    /// Role in the tree.
    pub kind: GroupKind,
    /// `creationDate`.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// `lastUpdate`.
    #[serde(with = "time::serde::rfc3339")]
    pub last_update: OffsetDateTime,
    /// `autoRemovePeriod` in days (0 = never).
    #[serde(default)]
    pub auto_remove_period: i32,
    /// `notifyPeriod` in days (0 = never).
    #[serde(default)]
    pub notify_period: i32,
}

/// A user that may log in to the Open API.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct User {
    /// Trustee id (`KLADMSRV_USERID`).
    pub id: i32,
    /// Login name.
    pub name: String,
    /// Password (kept in plain text: this is a simulator).
    pub password: String,
    /// True for an internal KSC user, false for a domain/OS account.
    pub internal: bool,
    /// Windows domain of a domain account; empty for internal users.
    #[serde(default)]
    pub domain: String,
    /// Base32 TOTP secret of a user with two-step verification set up.
    #[serde(default)]
    pub totp_secret: Option<String>,
    /// Two-step verification required; with no secret the login answers `totpreg`.
    #[serde(default)]
    pub require_2fa: bool,
    /// Restricts the user to one virtual server (by name); `None` = main server (and every
    /// virtual server, as main-server administrators can).
    #[serde(default)]
    pub vserver: Option<String>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("password", &"<redacted>")
            .field("internal", &self.internal)
            .field("domain", &self.domain)
            .field(
                "totp_secret",
                &self.totp_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("require_2fa", &self.require_2fa)
            .field("vserver", &self.vserver)
            .finish()
    }
}

/// A virtual server (`KLVSRV_*`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct VServer {
    /// `KLVSRV_ID`.
    pub id: i32,
    /// `KLVSRV_UID`: globally unique name.
    pub uid: String,
    /// `KLVSRV_DN`: display name.
    pub name: String,
    /// `KLVSRV_GRP`: the main-server group that holds it.
    pub parent_group: i32,
    /// `KLVSRV_GROUPS`: its "Managed devices".
    pub root_group: i32,
    /// `KLVSRV_UNASSIGNED`.
    pub unassigned_group: i32,
    /// `KLVSRV_SUPER`.
    pub super_group: i32,
    /// `KLVSRV_ENABLED`.
    pub enabled: bool,
    /// `KLVSRV_LIC_ENABLED`.
    pub lic_enabled: bool,
    /// `KLVSRV_CREATED`.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// `KLVSRV_VS_DESCR`.
    #[serde(default)]
    pub description: String,
    /// `KLVSRV_CUSTOM_INFO`.
    #[serde(default)]
    pub custom_info: String,
    /// `KLVSRV_NF_CUSTOM_URL`.
    #[serde(default)]
    pub nf_custom_url: String,
    /// `KLVSRV_HST_UID`.
    #[serde(default)]
    pub host_uid: String,
}

/// A secondary server registered on this (primary) server (`KLSRVH_SRV_*`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Secondary {
    /// `KLSRVH_SRV_ID`.
    pub id: i32,
    /// `KLSRVH_SRV_INST_ID` (learned when the secondary connects).
    #[serde(default)]
    pub inst_id: String,
    /// `KLSRVH_SRV_ADDR`: address and port of the secondary.
    #[serde(default)]
    pub addr: String,
    /// `KLSRVH_SRV_DN`.
    pub display_name: String,
    /// `KLSRVH_SRV_GROUPID`.
    pub group_id: i32,
    /// `KLSRVH_SRV_CERTIFICATE`, as given to `RegisterServer` (DER or PEM bytes).
    #[serde(with = "b64_serde")]
    pub certificate: Vec<u8>,
    /// `KLSRVH_SRV_PUBLIC_KEY_HASH`: MD5 of the certificate's DER, lowercase hex.
    pub public_key_hash: String,
    /// `KLSRVH_SRV_STATUS`: 0 inactive, 1 active.
    #[serde(default)]
    pub status: i32,
    /// `KLSRVH_SRV_VERSION`.
    #[serde(default)]
    pub version: String,
    /// `KLSRVH_SRV_PASSIVE`.
    #[serde(default)]
    pub passive: bool,
    /// `KLSRVH_SRV_LAST_CONNECTED`.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_connected: Option<OffsetDateTime>,
    /// `KLSRVH_SRV_MASTER_ADDR`: the address the secondary uses to reach this server.
    #[serde(default)]
    pub master_addr: String,
    /// `KLSRVH_SRV_HOST_GUID`.
    #[serde(default)]
    pub host_guid: String,
    /// `wstrNetAddress` given at registration (`http(s)://host:port` of a passive secondary).
    #[serde(default)]
    pub net_address: String,
    /// `KLHST_WKS_CREATED`: when it was registered.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
}

impl Secondary {
    /// The registered certificate as DER (it may have been given as PEM).
    pub fn certificate_der(&self) -> Option<Vec<u8>> {
        certificate_der(&self.certificate)
    }
}

/// One settings-storage section, keyed by type, product, version and name.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SsSection {
    /// Storage type, e.g. `SS_SETTINGS`.
    pub stype: String,
    /// Product, e.g. `1093`.
    pub product: String,
    /// Version, e.g. `1.0.0.0`.
    pub version: String,
    /// Section name, e.g. `KLSRV_MASTER_SRV`.
    pub name: String,
    /// The section's variables.
    #[serde(with = "params_serde")]
    pub settings: Params,
}

impl SsSection {
    /// True when this is the section with these four keys.
    pub fn is(&self, stype: &str, product: &str, version: &str, name: &str) -> bool {
        self.stype == stype
            && self.product == product
            && self.version == version
            && self.name == name
    }
}

/// A policy (`KLPOL_*`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Policy {
    /// `KLPOL_ID`.
    pub id: i32,
    /// `KLPOL_DN`.
    pub name: String,
    /// `KLPOL_PRODUCT`, e.g. `KES`.
    pub product: String,
    /// `KLPOL_VERSION`, e.g. `12.0.0.0`.
    pub version: String,
    /// `KLPOL_GROUP_ID`.
    pub group_id: i32,
    /// `KLPOL_ACTIVE`.
    #[serde(default = "yes")]
    pub active: bool,
    /// `KLPOL_ROAMING`.
    #[serde(default)]
    pub roaming: bool,
    /// `KLPOL_ACCEPT_PARENT`.
    #[serde(default = "yes")]
    pub accept_parent: bool,
    /// `KLPOL_FORCE_DISTRIB2CHILDREN`.
    #[serde(default)]
    pub force_distrib2children: bool,
    /// `KLPOL_HIDE_ON_SLAVES`: not sent to secondaries.
    #[serde(default)]
    pub hide_on_slaves: bool,
    /// `KLPOL_CREATED`.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// `KLPOL_MODIFIED`.
    #[serde(with = "time::serde::rfc3339")]
    pub modified: OffsetDateTime,
    /// Received from the primary (stored in the super group; `KLPOL_INHERITED` true).
    #[serde(default)]
    pub inherited: bool,
    /// Id of the policy on the primary, for an inherited policy.
    #[serde(default)]
    pub origin_id: Option<i32>,
    /// Settings (free form).
    #[serde(default, with = "params_serde")]
    pub settings: Params,
}

fn yes() -> bool {
    true
}

/// A group task (task settings format: `TASK_NAME`, `TASKID_*`, `TASK_INFO_PARAMS`, …).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct GroupTask {
    /// Task id (`TASK_UNIQUE_ID`), a string.
    pub id: String,
    /// `TASK_INFO_PARAMS.DisplayName`.
    pub display_name: String,
    /// `TASK_NAME`: the task type, e.g. `KLNAG_TASK_REMOTE_INSTALL`.
    pub task_type: String,
    /// `TASKID_PRODUCT_NAME`.
    pub product: String,
    /// `TASKID_VERSION`.
    pub version: String,
    /// `TASKID_COMPONENT_NAME`.
    #[serde(default)]
    pub component: String,
    /// `TASK_INFO_PARAMS.PRTS_TASK_GROUPID`.
    pub group_id: i32,
    /// `TASK_INFO_PARAMS.PRTS_TASK_CREATION_DATE`.
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    /// `TASKSCH_TYPE` (0 = manual).
    #[serde(default)]
    pub schedule_type: i32,
    /// `TASK_INFO_PARAMS.PRTS_TASK_ENABLED`.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// `TASK_INFO_PARAMS.PRTS_TASK_PROHIBITED_FOR_SUBGROUPS`: not inherited by subgroups and
    /// not sent to secondaries.
    #[serde(default)]
    pub prohibited_for_subgroups: bool,
    /// Received from the primary (stored in the super group).
    #[serde(default)]
    pub inherited: bool,
    /// Id of the task on the primary, for an inherited task.
    #[serde(default)]
    pub origin_id: Option<String>,
    /// `TASK_ADDITIONAL_PARAMS`.
    #[serde(default, with = "params_serde")]
    pub additional: Params,
}

/// One entry of the link's log.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LinkEvent {
    /// When it happened (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What happened, in words.
    pub text: String,
}

/// Next free ids.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct NextIds {
    /// Next group id.
    pub group: i32,
    /// Next user id.
    pub user: i32,
    /// Next virtual server id.
    pub vserver: i32,
    /// Next registered-secondary id.
    pub secondary: i32,
    /// Next policy id.
    pub policy: i32,
    /// Next task id (as a number; task ids are its decimal string).
    pub task: i32,
}

impl Default for NextIds {
    fn default() -> Self {
        Self {
            group: 3,
            user: 1,
            vserver: 1,
            secondary: 1,
            policy: 1,
            task: 1,
        }
    }
}

/// Everything the simulated server keeps on disk.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SimData {
    /// Identity and version.
    pub server: ServerInfo,
    /// Id counters.
    #[serde(default)]
    pub next: NextIds,
    /// Administration groups by id (main server and virtual servers).
    pub groups: BTreeMap<i32, Group>,
    /// Users.
    pub users: Vec<User>,
    /// Virtual servers by id.
    #[serde(default)]
    pub vservers: BTreeMap<i32, VServer>,
    /// Registered secondaries by id.
    #[serde(default)]
    pub secondaries: BTreeMap<i32, Secondary>,
    /// Settings-storage sections.
    #[serde(default)]
    pub sections: Vec<SsSection>,
    /// Own policies by id.
    #[serde(default)]
    pub policies: BTreeMap<i32, Policy>,
    /// Own group tasks.
    #[serde(default)]
    pub tasks: Vec<GroupTask>,
    /// Policies received from the primary (secondary side).
    #[serde(default)]
    pub inherited_policies: Vec<Policy>,
    /// Group tasks received from the primary (secondary side).
    #[serde(default)]
    pub inherited_tasks: Vec<GroupTask>,
    /// The link's log, oldest first.
    #[serde(default)]
    pub link_events: Vec<LinkEvent>,
}

/// The three fixed groups of a server (main or virtual) and its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    /// [`MAIN_SERVER`] or a virtual server id.
    pub vserver: i32,
    /// "Managed devices".
    pub root: i32,
    /// "Unassigned devices".
    pub unassigned: i32,
    /// Super group.
    pub super_group: i32,
}

/// What a link connection learned about a secondary, for [`SharedState::update_secondary_link`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SecondaryLinkUpdate {
    /// New `KLSRVH_SRV_STATUS` (0 or 1), if it changed.
    pub status: Option<i32>,
    /// New `KLSRVH_SRV_VERSION`.
    pub version: Option<String>,
    /// New `KLSRVH_SRV_LAST_CONNECTED`.
    pub last_connected: Option<OffsetDateTime>,
    /// New `KLSRVH_SRV_MASTER_ADDR`.
    pub master_addr: Option<String>,
    /// New `KLSRVH_SRV_ADDR`.
    pub addr: Option<String>,
    /// New `KLSRVH_SRV_INST_ID`.
    pub inst_id: Option<String>,
    /// New `KLSRVH_SRV_HOST_GUID`.
    pub host_guid: Option<String>,
}

/// Returns the DER of a certificate given as DER or PEM bytes, if it parses as X.509.
pub fn certificate_der(bytes: &[u8]) -> Option<Vec<u8>> {
    crate::cert::parse_certificate(bytes).ok().map(|d| d.der)
}

/// MD5 of a DER certificate as lowercase hex (`KLSRVH_SRV_PUBLIC_KEY_HASH`).
pub fn certificate_md5_hex(der: &[u8]) -> String {
    hex::encode(Md5::digest(der))
}

impl SimData {
    /// An empty server: the main server's three fixed groups and nothing else.
    pub fn empty(server_name: &str, hostname: &str) -> Self {
        let now = now();
        let mut groups = BTreeMap::new();
        let fixed = [
            (0, "Managed devices", Some(2), GroupKind::Root),
            (1, "Unassigned devices", None, GroupKind::Unassigned),
            (2, SUPER_GROUP_NAME, None, GroupKind::Super),
        ];
        for (id, name, parent, kind) in fixed {
            groups.insert(
                id,
                Group {
                    id,
                    name: name.to_string(),
                    parent,
                    vserver: MAIN_SERVER,
                    kind,
                    created: now,
                    last_update: now,
                    auto_remove_period: 0,
                    notify_period: 0,
                },
            );
        }
        Self {
            server: ServerInfo {
                hostname: hostname.to_string(),
                display_name: server_name.to_string(),
                version: "14.2.0.26967".to_string(),
                instance_id: String::new(),
                host_guid: String::new(),
                root_group: 0,
                unassigned_group: 1,
                super_group: 2,
            },
            next: NextIds::default(),
            groups,
            users: Vec::new(),
            vservers: BTreeMap::new(),
            secondaries: BTreeMap::new(),
            sections: Vec::new(),
            policies: BTreeMap::new(),
            tasks: Vec::new(),
            inherited_policies: Vec::new(),
            inherited_tasks: Vec::new(),
            link_events: Vec::new(),
        }
    }

    /// The main server's scope.
    pub fn main_scope(&self) -> Scope {
        Scope {
            vserver: MAIN_SERVER,
            root: self.server.root_group,
            unassigned: self.server.unassigned_group,
            super_group: self.server.super_group,
        }
    }

    /// The scope of a virtual server, or the main server for [`MAIN_SERVER`].
    pub fn scope_of(&self, vserver: i32) -> Option<Scope> {
        if vserver == MAIN_SERVER {
            return Some(self.main_scope());
        }
        self.vservers.get(&vserver).map(|v| Scope {
            vserver: v.id,
            root: v.root_group,
            unassigned: v.unassigned_group,
            super_group: v.super_group,
        })
    }

    /// A virtual server by its display name or its unique name (`KLVSRV_DN` / `KLVSRV_UID`).
    pub fn vserver_by_name(&self, name: &str) -> Option<&VServer> {
        self.vservers
            .values()
            .find(|v| v.name == name || v.uid == name)
            .or_else(|| {
                self.vservers
                    .values()
                    .find(|v| v.name.eq_ignore_ascii_case(name))
            })
    }

    /// A group visible in `scope` (belonging to that server).
    pub fn group_in(&self, scope: &Scope, id: i32) -> Option<&Group> {
        self.groups.get(&id).filter(|g| g.vserver == scope.vserver)
    }

    /// Direct children of a group, ordered by name.
    pub fn children(&self, id: i32) -> Vec<&Group> {
        let mut v: Vec<&Group> = self
            .groups
            .values()
            .filter(|g| g.parent == Some(id))
            .collect();
        v.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
        v
    }

    /// Ids of a group and all its ancestors, the group first.
    pub fn ancestors_and_self(&self, id: i32) -> Vec<i32> {
        let mut out = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            if out.contains(&c) {
                break;
            }
            out.push(c);
            cur = self.groups.get(&c).and_then(|g| g.parent);
        }
        out
    }

    /// True when `id` is `ancestor` or lies below it.
    pub fn is_within(&self, id: i32, ancestor: i32) -> bool {
        self.ancestors_and_self(id).contains(&ancestor)
    }

    /// Depth below the scope's root ("Managed devices" = 0); `None` outside the tree.
    pub fn level(&self, id: i32) -> Option<i32> {
        let chain = self.ancestors_and_self(id);
        let g = self.groups.get(&id)?;
        let root = self.scope_of(g.vserver)?.root;
        chain
            .iter()
            .position(|&c| c == root)
            .and_then(|p| i32::try_from(p).ok())
    }

    /// `grp_full_name`: names from the tree root down, each followed by `/`.
    pub fn full_name(&self, id: i32) -> String {
        let mut chain: Vec<&str> = self
            .ancestors_and_self(id)
            .iter()
            .filter_map(|c| self.groups.get(c))
            .filter(|g| g.kind != GroupKind::Super)
            .map(|g| g.name.as_str())
            .collect();
        chain.reverse();
        let mut s = String::new();
        for n in chain {
            s.push_str(n);
            s.push('/');
        }
        s
    }

    /// Adds a group under `parent` and returns its id; the caller checks the name.
    pub fn add_group(&mut self, parent: i32, name: &str) -> Option<i32> {
        let vserver = self.groups.get(&parent)?.vserver;
        let id = self.next.group;
        self.next.group += 1;
        let now = now();
        self.groups.insert(
            id,
            Group {
                id,
                name: name.to_string(),
                parent: Some(parent),
                vserver,
                kind: GroupKind::Regular,
                created: now,
                last_update: now,
                auto_remove_period: 0,
                notify_period: 0,
            },
        );
        if let Some(p) = self.groups.get_mut(&parent) {
            p.last_update = now;
        }
        Some(id)
    }

    /// Creates a virtual server in main-server group `parent_group` with its own fixed groups.
    pub fn add_vserver(&mut self, name: &str, parent_group: i32) -> i32 {
        let id = self.next.vserver;
        self.next.vserver += 1;
        let now = now();
        let mk = |data: &mut SimData, gname: &str, parent: Option<i32>, kind| {
            let gid = data.next.group;
            data.next.group += 1;
            data.groups.insert(
                gid,
                Group {
                    id: gid,
                    name: gname.to_string(),
                    parent,
                    vserver: id,
                    kind,
                    created: now,
                    last_update: now,
                    auto_remove_period: 0,
                    notify_period: 0,
                },
            );
            gid
        };
        let super_group = mk(self, SUPER_GROUP_NAME, None, GroupKind::Super);
        let root = mk(self, "Managed devices", Some(super_group), GroupKind::Root);
        let unassigned = mk(self, "Unassigned devices", None, GroupKind::Unassigned);
        let uid = format!("{}-{:08x}", sanitize_uid(name), id);
        self.vservers.insert(
            id,
            VServer {
                id,
                uid,
                name: name.to_string(),
                parent_group,
                root_group: root,
                unassigned_group: unassigned,
                super_group,
                enabled: true,
                lic_enabled: true,
                created: now,
                description: String::new(),
                custom_info: String::new(),
                nf_custom_url: String::new(),
                host_uid: format!("vs-{id:04}-{}", self.server.hostname),
            },
        );
        id
    }

    /// A section by its four keys.
    pub fn section(
        &self,
        stype: &str,
        product: &str,
        version: &str,
        name: &str,
    ) -> Option<&SsSection> {
        self.sections
            .iter()
            .find(|s| s.is(stype, product, version, name))
    }

    /// A section by its four keys, for changing.
    pub fn section_mut(
        &mut self,
        stype: &str,
        product: &str,
        version: &str,
        name: &str,
    ) -> Option<&mut SsSection> {
        self.sections
            .iter_mut()
            .find(|s| s.is(stype, product, version, name))
    }

    /// The `KLSRV_MASTER_SRV` section, if it exists.
    pub fn master_srv_section(&self) -> Option<&Params> {
        self.section(
            master_srv::TYPE,
            master_srv::PRODUCT,
            master_srv::VERSION,
            master_srv::SECTION,
        )
        .map(|s| &s.settings)
    }

    /// All policies (own and inherited) located in `group`.
    pub fn policies_in(&self, group: i32) -> Vec<&Policy> {
        self.all_policies()
            .filter(|p| p.group_id == group)
            .collect()
    }

    /// Own and inherited policies.
    pub fn all_policies(&self) -> impl Iterator<Item = &Policy> {
        self.policies.values().chain(self.inherited_policies.iter())
    }

    /// A policy (own or inherited) by id.
    pub fn policy(&self, id: i32) -> Option<&Policy> {
        self.all_policies().find(|p| p.id == id)
    }

    /// Own and inherited group tasks.
    pub fn all_tasks(&self) -> impl Iterator<Item = &GroupTask> {
        self.tasks.iter().chain(self.inherited_tasks.iter())
    }

    /// A task (own or inherited) by id.
    pub fn task(&self, id: &str) -> Option<&GroupTask> {
        self.all_tasks().find(|t| t.id == id)
    }

    /// Allocates a policy id.
    pub fn next_policy_id(&mut self) -> i32 {
        let id = self.next.policy;
        self.next.policy += 1;
        id
    }

    /// Allocates a task id.
    pub fn next_task_id(&mut self) -> String {
        let id = self.next.task;
        self.next.task += 1;
        id.to_string()
    }

    /// Keeps the counters above every id in use (after loading a seed or old state).
    pub fn fix_counters(&mut self) {
        let max = |it: &mut dyn Iterator<Item = i32>| it.max().map_or(1, |m| m + 1);
        self.next.group = self.next.group.max(max(&mut self.groups.keys().copied()));
        self.next.user = self
            .next
            .user
            .max(max(&mut self.users.iter().map(|u| u.id)));
        self.next.vserver = self
            .next
            .vserver
            .max(max(&mut self.vservers.keys().copied()));
        self.next.secondary = self
            .next
            .secondary
            .max(max(&mut self.secondaries.keys().copied()));
        let policy_max = max(&mut self.all_policies().map(|p| p.id));
        self.next.policy = self.next.policy.max(policy_max);
        let task_max = max(&mut self.all_tasks().filter_map(|t| t.id.parse::<i32>().ok()));
        self.next.task = self.next.task.max(task_max);
    }

    fn hierarchy_fingerprint(&self) -> String {
        let section = self.master_srv_section().map(Params::to_json);
        serde_json::to_string(&(section, &self.secondaries)).unwrap_or_default()
    }
}

fn sanitize_uid(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "vs".to_string() } else { s }
}

/// The current time, to the second (KSC datetimes carry no fraction).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

struct Inner {
    dir: PathBuf,
    data: Mutex<SimData>,
    runtime: Mutex<Runtime>,
    hierarchy: watch::Sender<u64>,
    certificate_der: RwLock<Vec<u8>>,
    protector: DataProtector,
}

/// The state shared by the Open API, the link and tests (cheap to clone).
#[derive(Clone)]
pub struct SharedState {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SharedState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedState")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves consistent data (every change is applied to a clone
    // first), so a poisoned lock is still safe to use.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SharedState {
    /// Loads `<dir>/state.json`, or starts from `initial` when there is none yet, and loads (or
    /// creates) the data-protection key.
    pub fn open(
        dir: &Path,
        initial: impl FnOnce() -> Result<SimData, StateError>,
    ) -> Result<Self, StateError> {
        std::fs::create_dir_all(dir).map_err(|source| StateError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(STATE_FILE);
        let (mut data, fresh) = match std::fs::read(&path) {
            Ok(bytes) => {
                let data: SimData =
                    serde_json::from_slice(&bytes).map_err(|e| StateError::Corrupt {
                        path: path.clone(),
                        detail: e.to_string(),
                    })?;
                (data, false)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (initial()?, true),
            Err(source) => return Err(StateError::Read { path, source }),
        };
        data.fix_counters();
        let protector = DataProtector::load_or_create(dir)?;
        let state = Self {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                data: Mutex::new(data),
                runtime: Mutex::new(Runtime::default()),
                hierarchy: watch::channel(0).0,
                certificate_der: RwLock::new(Vec::new()),
                protector,
            }),
        };
        if fresh {
            let data = lock(&state.inner.data);
            state.persist(&data)?;
        }
        Ok(state)
    }

    /// The state directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// Reads the state.
    pub fn read<R>(&self, f: impl FnOnce(&SimData) -> R) -> R {
        f(&lock(&self.inner.data))
    }

    /// A copy of the whole state.
    pub fn snapshot(&self) -> SimData {
        self.read(Clone::clone)
    }

    /// Changes the state and saves it; nothing changes when saving fails.
    pub fn update<R>(&self, f: impl FnOnce(&mut SimData) -> R) -> Result<R, StateError> {
        self.try_update(|d| Ok::<R, StateError>(f(d)))
    }

    /// Changes the state if `f` succeeds, then saves it; on `Err` nothing changes.
    pub fn try_update<R, E: From<StateError>>(
        &self,
        f: impl FnOnce(&mut SimData) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut guard = lock(&self.inner.data);
        let mut next = guard.clone();
        let r = f(&mut next)?;
        if next == *guard {
            return Ok(r);
        }
        self.persist(&next)?;
        let changed = guard.hierarchy_fingerprint() != next.hierarchy_fingerprint();
        *guard = next;
        drop(guard);
        if changed {
            self.inner.hierarchy.send_modify(|v| *v = v.wrapping_add(1));
        }
        Ok(r)
    }

    fn persist(&self, data: &SimData) -> Result<(), StateError> {
        let path = self.inner.dir.join(STATE_FILE);
        let tmp = self.inner.dir.join(format!("{STATE_FILE}.tmp"));
        let bytes = serde_json::to_vec_pretty(data).map_err(|e| StateError::Corrupt {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        let werr = |source| StateError::Write {
            path: tmp.clone(),
            source,
        };
        {
            let mut f = private_file(&tmp).map_err(werr)?;
            f.write_all(&bytes).map_err(werr)?;
            f.sync_all().map_err(werr)?;
        }
        std::fs::rename(&tmp, &path).map_err(|source| StateError::Write { path, source })
    }

    /// A receiver that changes whenever `KLSRV_MASTER_SRV` or the registered secondaries change.
    pub fn subscribe_hierarchy(&self) -> watch::Receiver<u64> {
        self.inner.hierarchy.subscribe()
    }

    /// Sets the server certificate (DER) that `GetStaticInfo` reports.
    pub fn set_certificate_der(&self, der: Vec<u8>) {
        *self
            .inner
            .certificate_der
            .write()
            .unwrap_or_else(|e| e.into_inner()) = der;
    }

    /// The server certificate (DER).
    pub fn certificate_der(&self) -> Vec<u8> {
        self.inner
            .certificate_der
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Identity and version of this server.
    pub fn server(&self) -> ServerInfo {
        self.read(|d| d.server.clone())
    }

    /// This server's `KLSRV_MASTER_SRV` section (present when someone wrote it).
    pub fn master_srv_section(&self) -> Option<Params> {
        self.read(|d| d.master_srv_section().cloned())
    }

    /// All registered secondaries.
    pub fn secondaries(&self) -> Vec<Secondary> {
        self.read(|d| d.secondaries.values().cloned().collect())
    }

    /// A registered secondary by id.
    pub fn secondary(&self, id: i32) -> Option<Secondary> {
        self.read(|d| d.secondaries.get(&id).cloned())
    }

    /// The registered secondary whose certificate is `cert` (DER or PEM; compared as DER).
    pub fn find_secondary_by_certificate(&self, cert: &[u8]) -> Option<Secondary> {
        let der = certificate_der(cert)?;
        let hash = certificate_md5_hex(&der);
        self.read(|d| {
            d.secondaries
                .values()
                .find(|s| {
                    s.public_key_hash == hash && s.certificate_der().as_deref() == Some(&der[..])
                })
                .cloned()
        })
    }

    /// Records what a link connection learned about secondary `id`; false when there is none.
    pub fn update_secondary_link(
        &self,
        id: i32,
        u: SecondaryLinkUpdate,
    ) -> Result<bool, StateError> {
        self.update(|d| {
            let Some(s) = d.secondaries.get_mut(&id) else {
                return false;
            };
            if let Some(v) = u.status {
                s.status = v;
            }
            if let Some(v) = u.version {
                s.version = v;
            }
            if let Some(v) = u.last_connected {
                s.last_connected = Some(v);
            }
            if let Some(v) = u.master_addr {
                s.master_addr = v;
            }
            if let Some(v) = u.addr {
                s.addr = v;
            }
            if let Some(v) = u.inst_id {
                s.inst_id = v;
            }
            if let Some(v) = u.host_guid {
                s.host_guid = v;
            }
            true
        })
    }

    /// Policies the primary sends to secondary `id`: active, not hidden on secondaries, located
    /// in the secondary's group or above it (including what this server inherited itself).
    pub fn policies_for_secondary(&self, id: i32) -> Vec<Policy> {
        self.read(|d| {
            let Some(s) = d.secondaries.get(&id) else {
                return Vec::new();
            };
            let chain = d.ancestors_and_self(s.group_id);
            d.all_policies()
                .filter(|p| chain.contains(&p.group_id) && p.active && !p.hide_on_slaves)
                .cloned()
                .collect()
        })
    }

    /// Group tasks the primary sends to secondary `id`: located in the secondary's group or
    /// above it, not prohibited for subgroups.
    pub fn tasks_for_secondary(&self, id: i32) -> Vec<GroupTask> {
        self.read(|d| {
            let Some(s) = d.secondaries.get(&id) else {
                return Vec::new();
            };
            let chain = d.ancestors_and_self(s.group_id);
            d.all_tasks()
                .filter(|t| chain.contains(&t.group_id) && !t.prohibited_for_subgroups)
                .cloned()
                .collect()
        })
    }

    /// Replaces what this (secondary) server inherited from its primary. The items get local
    /// ids (stable across calls, matched by the primary's id), live in the super group and are
    /// marked inherited.
    pub fn store_inherited(
        &self,
        policies: Vec<Policy>,
        tasks: Vec<GroupTask>,
    ) -> Result<(), StateError> {
        self.update(|d| {
            let super_group = d.server.super_group;
            let old_p = std::mem::take(&mut d.inherited_policies);
            let mut new_p = Vec::with_capacity(policies.len());
            for mut p in policies {
                let origin = p.origin_id.unwrap_or(p.id);
                let id = old_p
                    .iter()
                    .find(|o| o.origin_id == Some(origin))
                    .map(|o| o.id)
                    .unwrap_or_else(|| d.next_policy_id());
                p.origin_id = Some(origin);
                p.id = id;
                p.group_id = super_group;
                p.inherited = true;
                new_p.push(p);
            }
            d.inherited_policies = new_p;
            let old_t = std::mem::take(&mut d.inherited_tasks);
            let mut new_t = Vec::with_capacity(tasks.len());
            for mut t in tasks {
                let origin = t.origin_id.clone().unwrap_or_else(|| t.id.clone());
                let id = old_t
                    .iter()
                    .find(|o| o.origin_id.as_deref() == Some(origin.as_str()))
                    .map(|o| o.id.clone())
                    .unwrap_or_else(|| d.next_task_id());
                t.origin_id = Some(origin);
                t.id = id;
                t.group_id = super_group;
                t.inherited = true;
                new_t.push(t);
            }
            d.inherited_tasks = new_t;
        })
    }

    /// Policies this server inherited from its primary.
    pub fn inherited_policies(&self) -> Vec<Policy> {
        self.read(|d| d.inherited_policies.clone())
    }

    /// Group tasks this server inherited from its primary.
    pub fn inherited_tasks(&self) -> Vec<GroupTask> {
        self.read(|d| d.inherited_tasks.clone())
    }

    /// Appends a timestamped line to the link's log.
    pub fn log_link_event(&self, text: impl Into<String>) -> Result<(), StateError> {
        let text = text.into();
        tracing::debug!(event = %text, "link event");
        self.update(|d| {
            d.link_events.push(LinkEvent { at: now(), text });
            let excess = d.link_events.len().saturating_sub(MAX_LINK_EVENTS);
            d.link_events.drain(..excess);
        })
    }

    /// The link's log, oldest first.
    pub fn link_events(&self) -> Vec<LinkEvent> {
        self.read(|d| d.link_events.clone())
    }

    /// Encrypts data with this server's data-protection key (`DataProtectionApi`).
    pub fn protect(&self, kind: Kind, plain: &[u8]) -> Result<Vec<u8>, ProtectError> {
        self.inner.protector.protect(kind, plain)
    }

    /// Decrypts data protected by this server (any `DataProtectionApi.Protect*` method).
    pub fn unprotect(&self, protected: &[u8]) -> Result<Vec<u8>, ProtectError> {
        self.inner.protector.unprotect(protected).map(|(_, b)| b)
    }

    /// Decrypts a protected password, e.g. `KLSRV_MASTER_SRV_PROXYHOST_PASSWORD` as written by
    /// `ProtectUtf8String*` or `ProtectUtf16String*`.
    pub fn unprotect_password(&self, protected: &[u8]) -> Result<Secret, ProtectError> {
        self.inner.protector.unprotect_text(protected)
    }

    pub(crate) fn runtime(&self) -> MutexGuard<'_, Runtime> {
        lock(&self.inner.runtime)
    }
}

/// Creates (truncating) a file readable by the owner only.
pub(crate) fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        o.mode(0o600);
    }
    o.open(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wire::Value;

    fn open(dir: &Path) -> SharedState {
        SharedState::open(dir, || Ok(SimData::empty("KSC1", "host-1"))).unwrap()
    }

    #[test]
    fn changes_survive_reopen_and_params_keep_types() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        s.update(|d| {
            let g = d.add_group(0, "Berlin").unwrap();
            d.sections.push(SsSection {
                stype: "SS_SETTINGS".into(),
                product: "1093".into(),
                version: "1.0.0.0".into(),
                name: "X".into(),
                settings: Params::new()
                    .with("l", Value::Long(5))
                    .with("b", Value::Binary(vec![1, 2]))
                    .with("g", g),
            });
        })
        .unwrap();
        let before = s.snapshot();
        drop(s);
        let s = open(dir.path());
        assert_eq!(s.snapshot(), before);
        let sec = s
            .read(|d| d.section("SS_SETTINGS", "1093", "1.0.0.0", "X").cloned())
            .unwrap();
        assert_eq!(sec.settings.get("l"), Some(&Value::Long(5)));
        assert_eq!(sec.settings.get("b"), Some(&Value::Binary(vec![1, 2])));
    }

    #[test]
    fn failed_change_leaves_state_alone() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        let before = s.snapshot();
        let r: Result<(), PxgError> = s.try_update(|d| {
            d.add_group(0, "X");
            Err(PxgError::new(1, "T", "no"))
        });
        assert!(r.is_err());
        assert_eq!(s.snapshot(), before);
    }

    #[test]
    fn hierarchy_watch_fires_only_for_master_section_and_secondaries() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        let mut rx = s.subscribe_hierarchy();
        s.update(|d| d.add_group(0, "A")).unwrap();
        assert!(!rx.has_changed().unwrap());
        s.update(|d| {
            d.sections.push(SsSection {
                stype: master_srv::TYPE.into(),
                product: master_srv::PRODUCT.into(),
                version: master_srv::VERSION.into(),
                name: master_srv::SECTION.into(),
                settings: Params::new().with(master_srv::USE, false),
            })
        })
        .unwrap();
        assert!(rx.has_changed().unwrap());
        rx.borrow_and_update();
        s.log_link_event("hello").unwrap();
        assert!(!rx.has_changed().unwrap());
        assert_eq!(s.link_events()[0].text, "hello");
    }

    #[test]
    fn inherited_items_keep_local_ids() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        let p = Policy {
            id: 77,
            name: "KES".into(),
            product: "KES".into(),
            version: "12.0.0.0".into(),
            group_id: 0,
            active: true,
            roaming: false,
            accept_parent: true,
            force_distrib2children: false,
            hide_on_slaves: false,
            created: now(),
            modified: now(),
            inherited: false,
            origin_id: None,
            settings: Params::new(),
        };
        s.store_inherited(vec![p.clone()], vec![]).unwrap();
        let first = s.inherited_policies();
        s.store_inherited(vec![p], vec![]).unwrap();
        let second = s.inherited_policies();
        assert_eq!(first[0].id, second[0].id);
        assert_eq!(second[0].origin_id, Some(77));
        assert_eq!(second[0].group_id, 2);
        assert!(second[0].inherited);
    }
}
