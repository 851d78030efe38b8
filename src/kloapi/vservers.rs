//! `VServers`: the virtual Administration Servers of a server (KSC Open API reference, class
//! `VServers`, and the `KLVSRV_*` attribute list).

use time::OffsetDateTime;

use super::client::KscClient;
use super::error::KscError;
use super::read::{opt_bool, opt_datetime, opt_i32, opt_str, params_list, req_i32};
use crate::wire::{DecodeError, Params, Value};

/// A virtual server (`KLVSRV_*`).
#[derive(Clone, Debug, PartialEq)]
pub struct VServerInfo {
    /// `KLVSRV_ID`.
    pub id: i32,
    /// `KLVSRV_DN`: display name (also the name to log in to it).
    pub display_name: String,
    /// `KLVSRV_UID`: globally unique name.
    pub uid: Option<String>,
    /// `KLVSRV_GRP`: the group it sits in.
    pub parent_group: Option<i32>,
    /// `KLVSRV_GROUPS`: its "Managed devices" group.
    pub groups: Option<i32>,
    /// `KLVSRV_SUPER`: its "Primary server" group.
    pub super_group: Option<i32>,
    /// `KLVSRV_UNASSIGNED`: its "Unassigned devices" group.
    pub unassigned: Option<i32>,
    /// `KLVSRV_ENABLED`.
    pub enabled: Option<bool>,
    /// `KLVSRV_LIC_ENABLED`.
    pub license_enabled: Option<bool>,
    /// `KLVSRV_HST_UID`: the host id of the virtual server.
    pub host_uid: Option<String>,
    /// `KLVSRV_CREATED`.
    pub created: Option<OffsetDateTime>,
    /// `KLVSRV_VS_DESCR`.
    pub description: Option<String>,
}

impl VServerInfo {
    /// Reads one `KLVSRV_*` record; only the id is required.
    pub fn from_params(p: &Params, path: &str) -> Result<Self, DecodeError> {
        Ok(Self {
            id: req_i32(p, path, "KLVSRV_ID")?,
            display_name: opt_str(p, path, "KLVSRV_DN")?.unwrap_or_default(),
            uid: opt_str(p, path, "KLVSRV_UID")?,
            parent_group: opt_i32(p, path, "KLVSRV_GRP")?,
            groups: opt_i32(p, path, "KLVSRV_GROUPS")?,
            super_group: opt_i32(p, path, "KLVSRV_SUPER")?,
            unassigned: opt_i32(p, path, "KLVSRV_UNASSIGNED")?,
            enabled: opt_bool(p, path, "KLVSRV_ENABLED")?,
            license_enabled: opt_bool(p, path, "KLVSRV_LIC_ENABLED")?,
            host_uid: opt_str(p, path, "KLVSRV_HST_UID")?,
            created: opt_datetime(p, path, "KLVSRV_CREATED")?,
            description: opt_str(p, path, "KLVSRV_VS_DESCR")?,
        })
    }
}

/// The `VServers` class of one server.
#[derive(Clone, Copy, Debug)]
pub struct VServers<'a> {
    client: &'a KscClient,
}

impl<'a> VServers<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `GetVServers`: the virtual servers under `parent_group` (-1 = all groups).
    pub async fn get_vservers(&self, parent_group: i32) -> Result<Vec<VServerInfo>, KscError> {
        self.client
            .call_decoded(
                "VServers.GetVServers",
                &[("lParentGroup", parent_group.into())],
                |r| params_list(r.retval_array()?, "PxgRetVal", VServerInfo::from_params),
            )
            .await
    }

    /// `GetVServerInfo`: the requested `KLVSRV_*` attributes of virtual server `id`.
    pub async fn get_vserver_info(&self, id: i32, fields: &[&str]) -> Result<Params, KscError> {
        let fields = Value::Array(
            fields
                .iter()
                .map(|f| Value::String((*f).to_string()))
                .collect(),
        );
        self.client
            .call_decoded(
                "VServers.GetVServerInfo",
                &[("lVServer", id.into()), ("pFields2Return", fields)],
                |r| r.retval_params(),
            )
            .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::client::{Body, parse_body};

    #[test]
    fn vservers_decode() {
        let body =
            br#"{"PxgRetVal":[{"type":"params","value":{"KLVSRV_ID":5,"KLVSRV_DN":"Client A",
            "KLVSRV_GRP":0,"KLVSRV_GROUPS":12,"KLVSRV_ENABLED":true,
            "KLVSRV_CREATED":{"type":"datetime","value":"2024-01-02T03:04:05Z"}}}]}"#;
        let Body::Reply(r) = parse_body(body).unwrap() else {
            panic!()
        };
        let v = params_list(
            r.retval_array().unwrap(),
            "PxgRetVal",
            VServerInfo::from_params,
        )
        .unwrap();
        assert_eq!(v[0].id, 5);
        assert_eq!(v[0].display_name, "Client A");
        assert_eq!(v[0].groups, Some(12));
        assert_eq!(v[0].enabled, Some(true));
        assert!(v[0].created.is_some());
    }
}
