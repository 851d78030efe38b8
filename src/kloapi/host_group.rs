//! `HostGroup`: administration groups, the server's static info (its certificate and host
//! name) and the settings storage (`SS_Read`/`SS_Write`), where a secondary server keeps its
//! primary in section `KLSRV_MASTER_SRV` (KSC Open API reference, class `HostGroup`).

use super::client::KscClient;
use super::error::KscError;
use super::read::{join, opt_binary, opt_bool, opt_i32, opt_str, params_list, req_i32};
use crate::wire::{DecodeError, Params, Value, master_srv};

/// Static info key of the server certificate (binary).
pub const SERVER_CERT: &str = "KLADMSRV_SERVER_CERT";
/// Static info key of the server's host id, used to address its settings storage.
pub const SERVER_HOSTNAME: &str = "KLADMSRV_SERVER_HOSTNAME";
/// `KLADMSRV_LINUX_EDITION`: the server is KSC for Linux.
pub const LINUX_EDITION: &str = "KLADMSRV_LINUX_EDITION";

/// One administration group and its subgroups (from `GetSubgroups`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupNode {
    /// Group id.
    pub id: i32,
    /// Display name.
    pub name: String,
    /// Subgroups, as deep as requested.
    pub children: Vec<GroupNode>,
}

impl GroupNode {
    /// Reads one group record (`id`, `name`, `groups`).
    pub fn from_params(p: &Params, path: &str) -> Result<Self, DecodeError> {
        let children = match p.get("groups") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                params_list(items, &join(path, "groups"), GroupNode::from_params)?
            }
            Some(other) => {
                return Err(DecodeError {
                    path: join(path, "groups"),
                    reason: format!("expected an array, found {}", other.type_name()),
                });
            }
        };
        Ok(Self {
            id: req_i32(p, path, "id")?,
            name: opt_str(p, path, "name")?.unwrap_or_default(),
            children,
        })
    }

    /// This group and all below it, depth first.
    pub fn iter(&self) -> impl Iterator<Item = &GroupNode> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let n = stack.pop()?;
            stack.extend(n.children.iter().rev());
            Some(n)
        })
    }
}

/// The parts of `GetStaticInfo` (default set) the application uses; everything else in `raw`.
#[derive(Clone, Debug, PartialEq)]
pub struct StaticInfo {
    /// `KLADMSRV_SERVER_HOSTNAME`: the server's host id (not necessarily a DNS name).
    pub hostname: Option<String>,
    /// `KLADMSRV_PRODUCT_NAME`.
    pub product_name: Option<String>,
    /// `KLADMSRV_PRODUCT_VERSION`.
    pub product_version: Option<String>,
    /// `KLADMSRV_PRODUCT_FULL_VERSION`.
    pub full_version: Option<String>,
    /// `KLADMSRV_IS_VIRTUAL`: logged in to a virtual server.
    pub is_virtual: bool,
    /// `KLADMSRV_LINUX_EDITION`: KSC for Linux (absent from older servers' replies).
    pub linux: Option<bool>,
    /// `KLADMSRV_B2B_CLOUD_MODE`: the Administration Server of Cloud Console.
    pub cloud_console: bool,
    /// `KLADMSRV_VSID`: the virtual server id, when virtual.
    pub vserver_id: Option<i32>,
    /// `KLADMSRV_GRP_ROOT`: "Managed devices".
    pub root_group: Option<i32>,
    /// `KLADMSRV_GRP_UNASSIGNED`: "Unassigned devices".
    pub unassigned_group: Option<i32>,
    /// `KLADMSRV_GRP_SUPER`: the group of the primary server.
    pub super_group: Option<i32>,
    /// All returned attributes.
    pub raw: Params,
}

impl StaticInfo {
    /// Reads the `GetStaticInfo` reply.
    pub fn from_params(p: &Params, path: &str) -> Result<Self, DecodeError> {
        Ok(Self {
            hostname: opt_str(p, path, SERVER_HOSTNAME)?,
            product_name: opt_str(p, path, "KLADMSRV_PRODUCT_NAME")?,
            product_version: opt_str(p, path, "KLADMSRV_PRODUCT_VERSION")?,
            full_version: opt_str(p, path, "KLADMSRV_PRODUCT_FULL_VERSION")?,
            is_virtual: opt_bool(p, path, "KLADMSRV_IS_VIRTUAL")?.unwrap_or(false),
            linux: opt_bool(p, path, LINUX_EDITION)?,
            cloud_console: opt_bool(p, path, "KLADMSRV_B2B_CLOUD_MODE")?.unwrap_or(false),
            vserver_id: opt_i32(p, path, "KLADMSRV_VSID")?,
            root_group: opt_i32(p, path, "KLADMSRV_GRP_ROOT")?,
            unassigned_group: opt_i32(p, path, "KLADMSRV_GRP_UNASSIGNED")?,
            super_group: opt_i32(p, path, "KLADMSRV_GRP_SUPER")?,
            raw: p.clone(),
        })
    }
}

/// Where a settings-storage section lives: host, storage type, product, version, section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsPath {
    /// `strHostName`: the server's `KLADMSRV_SERVER_HOSTNAME`.
    pub host: String,
    /// `strType`, e.g. `SS_SETTINGS`.
    pub storage_type: String,
    /// `strProduct`, e.g. `1093`.
    pub product: String,
    /// `strVersion`, e.g. `1.0.0.0`.
    pub version: String,
    /// `strSection`.
    pub section: String,
}

impl SsPath {
    /// Section `KLSRV_MASTER_SRV` (product 1093, version 1.0.0.0) of the server `host`.
    pub fn master_srv(host: impl Into<String>) -> Self {
        Self {
            host: host.into(),
            storage_type: master_srv::TYPE.to_string(),
            product: master_srv::PRODUCT.to_string(),
            version: master_srv::VERSION.to_string(),
            section: master_srv::SECTION.to_string(),
        }
    }

    fn args(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("strHostName", self.host.as_str().into()),
            ("strType", self.storage_type.as_str().into()),
            ("strProduct", self.product.as_str().into()),
            ("strVersion", self.version.as_str().into()),
            ("strSection", self.section.as_str().into()),
        ]
    }
}

/// `nOption` of `SS_Write`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SsWriteMode {
    /// Change existing variables only.
    Update = 1,
    /// Add variables that must not exist yet.
    Add = 2,
    /// Add or replace variables.
    Replace = 3,
    /// Delete the variables named in the settings.
    Delete = 4,
    /// Make the section exactly the given settings.
    Clear = 7,
}

/// Section `KLSRV_MASTER_SRV` of a secondary server: which primary it belongs to and how it
/// reaches it (KSC Open API reference, "Section KLSRV_MASTER_SRV").
#[derive(Clone, PartialEq)]
pub struct MasterSrvSection {
    /// `KLSRV_MASTER_SRV_USE`: this server is a secondary.
    pub use_master: bool,
    /// `KLSRV_MASTER_SRV_ADDR`: the primary's address.
    pub address: Option<String>,
    /// `KLSRV_MASTER_SRV_PORTS`: the primary's ports (usually 13000).
    pub ports: Vec<i32>,
    /// `KLSRV_MASTER_SRV_SSL_CERT`: the primary's certificate.
    pub ssl_cert: Option<Vec<u8>>,
    /// `KLSRV_MASTER_SRV_PASSIVE_SLAVE`: passive secondary in a DMZ (the primary connects).
    pub passive_slave: bool,
    /// `KLSRV_MASTER_SRV_PROXYHOST_USE`: reach the primary through a proxy.
    pub proxy_use: bool,
    /// `KLSRV_MASTER_SRV_PROXYHOST_LOCATION`: `name_or_ip:port`.
    pub proxy_location: Option<String>,
    /// `KLSRV_MASTER_SRV_PROXYHOST_LOGIN`.
    pub proxy_login: Option<String>,
    /// `KLSRV_MASTER_SRV_PROXYHOST_PASSWORD`: protected with `DataProtectionApi` for this host.
    pub proxy_password: Option<Vec<u8>>,
    /// Any other variables of the section, kept so a rewrite does not drop them.
    pub other: Params,
}

impl Default for MasterSrvSection {
    fn default() -> Self {
        Self {
            use_master: false,
            address: None,
            ports: Vec::new(),
            ssl_cert: None,
            passive_slave: false,
            proxy_use: false,
            proxy_location: None,
            proxy_login: None,
            proxy_password: None,
            other: Params::new(),
        }
    }
}

impl std::fmt::Debug for MasterSrvSection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasterSrvSection")
            .field("use_master", &self.use_master)
            .field("address", &self.address)
            .field("ports", &self.ports)
            .field("ssl_cert", &self.ssl_cert.as_ref().map(|c| c.len()))
            .field("passive_slave", &self.passive_slave)
            .field("proxy_use", &self.proxy_use)
            .field("proxy_location", &self.proxy_location)
            .field("proxy_login", &self.proxy_login)
            .field(
                "proxy_password",
                &self.proxy_password.as_ref().map(|_| "<protected>"),
            )
            .field(
                "other",
                &self.other.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish()
    }
}

const KNOWN_MASTER_KEYS: [&str; 9] = [
    master_srv::USE,
    master_srv::ADDR,
    master_srv::PORTS,
    master_srv::SSL_CERT,
    master_srv::PASSIVE_SLAVE,
    master_srv::PROXY_USE,
    master_srv::PROXY_LOCATION,
    master_srv::PROXY_LOGIN,
    master_srv::PROXY_PASSWORD,
];

impl MasterSrvSection {
    /// Reads the section from `SS_Read`'s params; missing flags read as `false`.
    pub fn from_params(p: &Params, path: &str) -> Result<Self, DecodeError> {
        let ports = match p.get(master_srv::PORTS) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_i32().ok_or_else(|| DecodeError {
                        path: format!("{}[{i}]", join(path, master_srv::PORTS)),
                        reason: format!("expected a port number, found {}", v.type_name()),
                    })
                })
                .collect::<Result<_, _>>()?,
            // A single port is sometimes stored as a plain int.
            Some(Value::Int(port)) => vec![*port],
            Some(other) => {
                return Err(DecodeError {
                    path: join(path, master_srv::PORTS),
                    reason: format!("expected an array of ports, found {}", other.type_name()),
                });
            }
        };
        let mut other = p.clone();
        for k in KNOWN_MASTER_KEYS {
            other.remove(k);
        }
        Ok(Self {
            use_master: opt_bool(p, path, master_srv::USE)?.unwrap_or(false),
            address: opt_str(p, path, master_srv::ADDR)?,
            ports,
            ssl_cert: opt_binary(p, path, master_srv::SSL_CERT)?,
            passive_slave: opt_bool(p, path, master_srv::PASSIVE_SLAVE)?.unwrap_or(false),
            proxy_use: opt_bool(p, path, master_srv::PROXY_USE)?.unwrap_or(false),
            proxy_location: opt_str(p, path, master_srv::PROXY_LOCATION)?,
            proxy_login: opt_str(p, path, master_srv::PROXY_LOGIN)?,
            proxy_password: opt_binary(p, path, master_srv::PROXY_PASSWORD)?,
            other,
        })
    }

    /// The section as `SS_Write` settings: the flags always, other values when set.
    pub fn to_params(&self) -> Params {
        let mut p = self.other.clone();
        p.insert(master_srv::USE, self.use_master);
        p.insert(master_srv::PASSIVE_SLAVE, self.passive_slave);
        p.insert(master_srv::PROXY_USE, self.proxy_use);
        if let Some(a) = &self.address {
            p.insert(master_srv::ADDR, a.as_str());
        }
        if !self.ports.is_empty() {
            p.insert(
                master_srv::PORTS,
                Value::Array(self.ports.iter().map(|&port| Value::Int(port)).collect()),
            );
        }
        if let Some(c) = &self.ssl_cert {
            p.insert(master_srv::SSL_CERT, Value::Binary(c.clone()));
        }
        if let Some(l) = &self.proxy_location {
            p.insert(master_srv::PROXY_LOCATION, l.as_str());
        }
        if let Some(l) = &self.proxy_login {
            p.insert(master_srv::PROXY_LOGIN, l.as_str());
        }
        if let Some(pw) = &self.proxy_password {
            p.insert(master_srv::PROXY_PASSWORD, Value::Binary(pw.clone()));
        }
        p
    }
}

/// Arguments of `SS_Write`.
pub(crate) fn ss_write_args(
    path: &SsPath,
    mode: SsWriteMode,
    settings: &Params,
) -> Vec<(&'static str, Value)> {
    let mut args = path.args();
    args.push(("nOption", Value::Int(mode as i32)));
    args.push(("pSettings", Value::Params(settings.clone())));
    args
}

/// Arguments of `GetStaticInfo`: `null` asks for the default set.
pub(crate) fn static_info_args(fields: Option<&[&str]>) -> Vec<(&'static str, Value)> {
    let v = match fields {
        None => Value::Null,
        Some(f) => Value::Array(f.iter().map(|s| Value::String((*s).to_string())).collect()),
    };
    vec![("pValues", v)]
}

/// The `HostGroup` class of one server.
#[derive(Clone, Copy, Debug)]
pub struct HostGroup<'a> {
    client: &'a KscClient,
}

impl<'a> HostGroup<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `GroupIdGroups`: id of "Managed devices".
    pub async fn group_id_groups(&self) -> Result<i32, KscError> {
        self.client
            .call_decoded("HostGroup.GroupIdGroups", &[], |r| r.retval_i32())
            .await
    }

    /// `GroupIdUnassigned`: id of "Unassigned devices".
    pub async fn group_id_unassigned(&self) -> Result<i32, KscError> {
        self.client
            .call_decoded("HostGroup.GroupIdUnassigned", &[], |r| r.retval_i32())
            .await
    }

    /// `GroupIdSuper`: id of the group that holds the primary server.
    pub async fn group_id_super(&self) -> Result<i32, KscError> {
        self.client
            .call_decoded("HostGroup.GroupIdSuper", &[], |r| r.retval_i32())
            .await
    }

    /// `GetSubgroups`: the subgroups of `group`, `depth` levels deep (0 = all).
    pub async fn get_subgroups(&self, group: i32, depth: i32) -> Result<Vec<GroupNode>, KscError> {
        self.client
            .call_decoded(
                "HostGroup.GetSubgroups",
                &[("nGroupId", group.into()), ("nDepth", depth.into())],
                |r| params_list(r.retval_array()?, "PxgRetVal", GroupNode::from_params),
            )
            .await
    }

    /// `GetGroupInfo`: all attributes of a group.
    pub async fn get_group_info(&self, group: i32) -> Result<Params, KscError> {
        self.client
            .call_decoded(
                "HostGroup.GetGroupInfo",
                &[("nGroupId", group.into())],
                |r| r.retval_params(),
            )
            .await
    }

    /// `GetGroupId`: the id of subgroup `name` of `parent`, `None` when there is none.
    pub async fn get_group_id(&self, parent: i32, name: &str) -> Result<Option<i32>, KscError> {
        let id = self
            .client
            .call_decoded(
                "HostGroup.GetGroupId",
                &[("nParent", parent.into()), ("strName", name.into())],
                |r| r.retval_i32(),
            )
            .await?;
        Ok((id >= 0).then_some(id))
    }

    /// `GetStaticInfo`: the named attributes, or the default set for `None`.
    pub async fn get_static_info(&self, fields: Option<&[&str]>) -> Result<Params, KscError> {
        self.client
            .call_decoded("HostGroup.GetStaticInfo", &static_info_args(fields), |r| {
                r.retval_params()
            })
            .await
    }

    /// Whether the server is KSC for Linux, asked by name because older servers leave
    /// `KLADMSRV_LINUX_EDITION` out of the default set (`None`: not stated).
    pub async fn linux_edition(&self) -> Result<Option<bool>, KscError> {
        let p = self.get_static_info(Some(&[LINUX_EDITION])).await?;
        opt_bool(&p, "PxgRetVal", LINUX_EDITION).map_err(|e| {
            self.client
                .decode_error("HostGroup.GetStaticInfo", &e.to_string())
        })
    }

    /// The whole group tree under "Managed devices", as one node named as the consoles name it
    /// (the root has no name of its own on the wire).
    pub async fn group_tree(&self) -> Result<GroupNode, KscError> {
        let root = self.group_id_groups().await?;
        let children = self.get_subgroups(root, 100).await?;
        Ok(GroupNode {
            id: root,
            name: crate::fl!("group-root-name"),
            children,
        })
    }

    /// `GetStaticInfo` default set, typed.
    pub async fn static_info(&self) -> Result<StaticInfo, KscError> {
        let p = self.get_static_info(None).await?;
        StaticInfo::from_params(&p, "PxgRetVal").map_err(|e| {
            self.client
                .decode_error("HostGroup.GetStaticInfo", &e.to_string())
        })
    }

    /// The server's host id (`KLADMSRV_SERVER_HOSTNAME`), the key of its settings storage.
    pub async fn server_hostname(&self) -> Result<String, KscError> {
        // The official sample reads it from the default set (pValues = null).
        self.static_info().await?.hostname.ok_or_else(|| {
            self.client.decode_error(
                "HostGroup.GetStaticInfo",
                "PxgRetVal.KLADMSRV_SERVER_HOSTNAME: missing",
            )
        })
    }

    /// The server's certificate (`KLADMSRV_SERVER_CERT`), as the server stores it.
    pub async fn server_certificate(&self) -> Result<Vec<u8>, KscError> {
        let p = self.get_static_info(Some(&[SERVER_CERT])).await?;
        opt_binary(&p, "PxgRetVal", SERVER_CERT)
            .and_then(|c| {
                c.ok_or_else(|| DecodeError {
                    path: join("PxgRetVal", SERVER_CERT),
                    reason: "missing".to_string(),
                })
            })
            .map_err(|e| {
                self.client
                    .decode_error("HostGroup.GetStaticInfo", &e.to_string())
            })
    }

    /// `SS_Read`: the variables of a settings-storage section.
    pub async fn ss_read(&self, path: &SsPath) -> Result<Params, KscError> {
        self.client
            .call_decoded("HostGroup.SS_Read", &path.args(), |r| r.retval_params())
            .await
    }

    /// `SS_Write`: writes variables into a section, as `mode` says.
    pub async fn ss_write(
        &self,
        path: &SsPath,
        mode: SsWriteMode,
        settings: &Params,
    ) -> Result<(), KscError> {
        self.client
            .call("HostGroup.SS_Write", &ss_write_args(path, mode, settings))
            .await
            .map(|_| ())
    }

    /// `SS_CreateSection`: creates the section (the official sample calls it before writing).
    pub async fn ss_create_section(&self, path: &SsPath) -> Result<(), KscError> {
        self.client
            .call("HostGroup.SS_CreateSection", &path.args())
            .await
            .map(|_| ())
    }

    /// Reads `KLSRV_MASTER_SRV` of the server `host`.
    pub async fn read_master_srv(&self, host: &str) -> Result<MasterSrvSection, KscError> {
        let p = self.ss_read(&SsPath::master_srv(host)).await?;
        MasterSrvSection::from_params(&p, "PxgRetVal").map_err(|e| {
            self.client
                .decode_error("HostGroup.SS_Read", &e.to_string())
        })
    }

    /// Writes `KLSRV_MASTER_SRV` of the server `host`.
    pub async fn write_master_srv(
        &self,
        host: &str,
        mode: SsWriteMode,
        section: &MasterSrvSection,
    ) -> Result<(), KscError> {
        self.ss_write(&SsPath::master_srv(host), mode, &section.to_params())
            .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::client::{Body, encode_body, parse_body};
    use serde_json::{Value as Json, json};

    #[test]
    fn ss_write_body_wraps_binary_inside_settings() {
        let section = MasterSrvSection {
            use_master: true,
            address: Some("ksc-primary.corp".into()),
            ports: vec![13000],
            ssl_cert: Some(b"sometext".to_vec()),
            ..Default::default()
        };
        let body = encode_body(&ss_write_args(
            &SsPath::master_srv("host-1"),
            SsWriteMode::Clear,
            &section.to_params(),
        ));
        assert!(body.starts_with(
            r#"{"strHostName":"host-1","strType":"SS_SETTINGS","strProduct":"1093","strVersion":"1.0.0.0","strSection":"KLSRV_MASTER_SRV","nOption":7,"pSettings":{"#
        ));
        let j: Json = serde_json::from_str(&body).unwrap();
        assert_eq!(
            j["pSettings"],
            json!({
                "KLSRV_MASTER_SRV_USE": true,
                "KLSRV_MASTER_SRV_PASSIVE_SLAVE": false,
                "KLSRV_MASTER_SRV_PROXYHOST_USE": false,
                "KLSRV_MASTER_SRV_ADDR": "ksc-primary.corp",
                "KLSRV_MASTER_SRV_PORTS": [13000],
                "KLSRV_MASTER_SRV_SSL_CERT": {"type": "binary", "value": "c29tZXRleHQ="}
            })
        );
    }

    #[test]
    fn master_section_round_trip_keeps_unknown_variables() {
        let s = MasterSrvSection {
            use_master: true,
            address: Some("10.0.0.1".into()),
            ports: vec![13000, 13001],
            ssl_cert: Some(vec![1, 2, 3]),
            passive_slave: true,
            proxy_use: true,
            proxy_location: Some("proxy:3128".into()),
            proxy_login: Some("svc".into()),
            proxy_password: Some(vec![9, 9]),
            other: Params::new().with("KLSRV_MASTER_HDS_ADDR", "hds.example"),
        };
        let back = MasterSrvSection::from_params(&s.to_params(), "").unwrap();
        assert_eq!(back, s);
        assert!(!format!("{s:?}").contains("[9, 9]"));
    }

    #[test]
    fn master_section_reports_bad_types() {
        let p = Params::new().with(master_srv::PORTS, Value::Array(vec!["x".into()]));
        let e = MasterSrvSection::from_params(&p, "PxgRetVal").unwrap_err();
        assert_eq!(e.path, "PxgRetVal.KLSRV_MASTER_SRV_PORTS[0]");
        let p = Params::new().with(master_srv::USE, "yes");
        assert!(MasterSrvSection::from_params(&p, "").is_err());
    }

    #[test]
    fn subgroups_decode_recursively() {
        let body = br#"{"PxgRetVal":[
            {"type":"params","value":{"id":1,"name":"Branches","groups":[
                {"type":"params","value":{"id":3,"name":"Berlin","groups":null}}]}},
            {"type":"params","value":{"id":2,"name":"Servers"}}]}"#;
        let Body::Reply(r) = parse_body(body).unwrap() else {
            panic!()
        };
        let groups = params_list(
            r.retval_array().unwrap(),
            "PxgRetVal",
            GroupNode::from_params,
        )
        .unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].children[0].name, "Berlin");
        let ids: Vec<i32> = groups[0].iter().map(|g| g.id).collect();
        assert_eq!(ids, vec![1, 3]);
        let bad = Params::new().with("name", "x");
        let e = GroupNode::from_params(&bad, "PxgRetVal[0]").unwrap_err();
        assert_eq!(e.path, "PxgRetVal[0].id");
    }

    #[test]
    fn static_info_args_null_or_list() {
        assert_eq!(encode_body(&static_info_args(None)), r#"{"pValues":null}"#);
        assert_eq!(
            encode_body(&static_info_args(Some(&[SERVER_CERT]))),
            r#"{"pValues":["KLADMSRV_SERVER_CERT"]}"#
        );
    }
}
