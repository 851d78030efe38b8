//! The persisted part of the simulated server, as `state.json` holds it.

use std::collections::BTreeMap;

use md5::{Digest as _, Md5};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{MAIN_SERVER, SUPER_GROUP_NAME, now};
use crate::wire::Params;

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
    /// `KLADMSRV_LINUX_EDITION`: Kaspersky Security Center for Linux.
    #[serde(default)]
    pub linux: bool,
    /// `KLADMSRV_B2B_CLOUD_MODE`: the Administration Server of Cloud Console.
    #[serde(default)]
    pub cloud_console: bool,
    /// `Limits.GetLimits(LP_SlaveServer)`: whether secondary servers are enabled.
    #[serde(default = "enabled")]
    pub secondary_servers_enabled: bool,
}

fn enabled() -> bool {
    true
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
                linux: false,
                cloud_console: false,
                secondary_servers_enabled: true,
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
}
