//! `ServerHierarchy`: the secondary servers registered on a primary (KSC Open API reference,
//! class `ServerHierarchy`, and "List of secondary server attributes").

use time::OffsetDateTime;

use super::chunk_accessor::{ChunkAccessor, DEFAULT_PAGE_SIZE};
use super::client::KscClient;
use super::error::KscError;
use super::read::{opt_binary, opt_bool, opt_datetime, opt_i32, opt_str, params_list, req_i32};
use crate::wire::{DecodeError, Params, Value, srvh};

/// `KLSRVH_SRV_STATUS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerStatus {
    /// 0: the secondary is not connected.
    Inactive,
    /// 1: the secondary is connected.
    Active,
    /// A value the reference does not list.
    Other(i32),
}

impl From<i32> for ServerStatus {
    fn from(v: i32) -> Self {
        match v {
            0 => ServerStatus::Inactive,
            1 => ServerStatus::Active,
            other => ServerStatus::Other(other),
        }
    }
}

/// A secondary server as its primary records it (`KLSRVH_*`).
#[derive(Clone, Debug, PartialEq)]
pub struct ChildServer {
    /// `KLSRVH_SRV_ID`.
    pub id: i32,
    /// `KLSRVH_SRV_DN`: display name.
    pub display_name: String,
    /// `KLSRVH_SRV_GROUPID`: the administration group holding it.
    pub group_id: Option<i32>,
    /// `KLSRVH_SRV_ADDR`: its address and port.
    pub address: Option<String>,
    /// `KLSRVH_SRV_INST_ID`.
    pub instance_id: Option<String>,
    /// `KLSRVH_SRV_STATUS`.
    pub status: Option<ServerStatus>,
    /// `KLSRVH_SRV_VERSION`.
    pub version: Option<String>,
    /// `KLSRVH_SRV_LAST_CONNECTED`.
    pub last_connected: Option<OffsetDateTime>,
    /// `KLSRVH_SRV_PASSIVE`: passive (DMZ) secondary.
    pub passive: bool,
    /// `KLSRVH_SRV_MASTER_ADDR`: the address it uses to reach the primary.
    pub master_address: Option<String>,
    /// `KLSRVH_SRV_HOST_GUID`.
    pub host_guid: Option<String>,
    /// `KLSRVH_SRV_CERTIFICATE`, when requested.
    pub certificate: Option<Vec<u8>>,
    /// `KLSRVH_SRV_PUBLIC_KEY_HASH` (MD5 of the certificate), when requested.
    pub public_key_hash: Option<String>,
}

impl ChildServer {
    /// Reads one `KLSRVH_*` record; only the id is required.
    pub fn from_params(p: &Params, path: &str) -> Result<Self, DecodeError> {
        Ok(Self {
            id: req_i32(p, path, srvh::ID)?,
            display_name: opt_str(p, path, srvh::DN)?.unwrap_or_default(),
            group_id: opt_i32(p, path, srvh::GROUPID)?,
            address: opt_str(p, path, srvh::ADDR)?,
            instance_id: opt_str(p, path, srvh::INST_ID)?,
            status: opt_i32(p, path, srvh::STATUS)?.map(ServerStatus::from),
            version: opt_str(p, path, srvh::VERSION)?,
            last_connected: opt_datetime(p, path, srvh::LAST_CONNECTED)?,
            passive: opt_bool(p, path, srvh::PASSIVE)?.unwrap_or(false),
            master_address: opt_str(p, path, srvh::MASTER_ADDR)?,
            host_guid: opt_str(p, path, srvh::HOST_GUID)?,
            certificate: opt_binary(p, path, srvh::CERTIFICATE)?,
            public_key_hash: opt_str(p, path, srvh::PUBLIC_KEY_HASH)?,
        })
    }
}

/// One sort key of a `Find*` call: `{"Name": …, "Asc": …}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortField {
    /// Attribute name; must also be among the fields to return.
    pub name: String,
    /// Ascending order.
    pub ascending: bool,
}

impl SortField {
    /// Ascending by `name`.
    pub fn asc(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ascending: true,
        }
    }

    fn to_value(&self) -> Value {
        Value::Params(
            Params::new()
                .with("Name", self.name.as_str())
                .with("Asc", self.ascending),
        )
    }
}

fn string_array(items: &[&str]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|s| Value::String((*s).to_string()))
            .collect(),
    )
}

/// Arguments of `RegisterServer`, in the reference's order.
pub(crate) fn register_server_args(
    display_name: &str,
    group: i32,
    certificate: &[u8],
    net_address: &str,
    additional: &Params,
) -> Vec<(&'static str, Value)> {
    vec![
        ("wstrDisplName", display_name.into()),
        ("nGroupId", group.into()),
        ("pCertificate", Value::Binary(certificate.to_vec())),
        ("wstrNetAddress", net_address.into()),
        ("pAdditionalInfo", Value::Params(additional.clone())),
    ]
}

/// Arguments of `FindSlaveServers`.
pub(crate) fn find_slave_servers_args(
    filter: &str,
    fields: &[&str],
    order: &[SortField],
    max_lifetime: i32,
) -> Vec<(&'static str, Value)> {
    vec![
        ("wstrFilter", filter.into()),
        ("pFieldsToReturn", string_array(fields)),
        (
            "pFieldsToOrder",
            Value::Array(order.iter().map(SortField::to_value).collect()),
        ),
        // Reserved by the reference; always an empty container.
        ("pParams", Value::Params(Params::new())),
        ("lMaxLifeTime", max_lifetime.into()),
    ]
}

/// The `ServerHierarchy` class of one (primary) server.
#[derive(Clone, Copy, Debug)]
pub struct ServerHierarchy<'a> {
    client: &'a KscClient,
}

impl<'a> ServerHierarchy<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `GetChildServers`: the secondaries in `group` (-1 = all groups).
    pub async fn get_child_servers(&self, group: i32) -> Result<Vec<ChildServer>, KscError> {
        self.client
            .call_decoded(
                "ServerHierarchy.GetChildServers",
                &[("nGroupId", group.into())],
                |r| params_list(r.retval_array()?, "PxgRetVal", ChildServer::from_params),
            )
            .await
    }

    /// `GetServerInfo`: the requested `KLSRVH_*` attributes of secondary `id`.
    pub async fn get_server_info(&self, id: i32, fields: &[&str]) -> Result<Params, KscError> {
        self.client
            .call_decoded(
                "ServerHierarchy.GetServerInfo",
                &[("lServer", id.into()), ("pFields", string_array(fields))],
                |r| r.retval_params(),
            )
            .await
    }

    /// `RegisterServer`: registers a secondary by its certificate; returns its new id.
    /// `net_address` is `http://addr:13000` for a passive (DMZ) secondary, else empty.
    pub async fn register_server(
        &self,
        display_name: &str,
        group: i32,
        certificate: &[u8],
        net_address: &str,
        additional: &Params,
    ) -> Result<i32, KscError> {
        self.client
            .call_decoded(
                "ServerHierarchy.RegisterServer",
                &register_server_args(display_name, group, certificate, net_address, additional),
                |r| r.retval_i32(),
            )
            .await
    }

    /// `DelServer`: removes the registration of secondary `id` (on the primary only).
    pub async fn del_server(&self, id: i32) -> Result<(), KscError> {
        self.client
            .call("ServerHierarchy.DelServer", &[("lServer", id.into())])
            .await
            .map(|_| ())
    }

    /// `UpdateServer`: changes `KLSRVH_SRV_DN` and/or `KLSRVH_SRV_GROUPID` of secondary `id`.
    pub async fn update_server(&self, id: i32, info: &Params) -> Result<(), KscError> {
        self.client
            .call(
                "ServerHierarchy.UpdateServer",
                &[
                    ("lServer", id.into()),
                    ("pInfo", Value::Params(info.clone())),
                ],
            )
            .await
            .map(|_| ())
    }

    /// `FindSlaveServers`, then every record of the result set (pages of 100).
    pub async fn find_slave_servers(
        &self,
        filter: &str,
        fields: &[&str],
        order: &[SortField],
        max_lifetime: i32,
    ) -> Result<Vec<Params>, KscError> {
        self.find_slave_servers_paged(filter, fields, order, max_lifetime, DEFAULT_PAGE_SIZE)
            .await
    }

    /// `FindSlaveServers`, reading the result set `page_size` records at a time.
    pub async fn find_slave_servers_paged(
        &self,
        filter: &str,
        fields: &[&str],
        order: &[SortField],
        max_lifetime: i32,
        page_size: i32,
    ) -> Result<Vec<Params>, KscError> {
        let accessor = self
            .client
            .call_decoded(
                "ServerHierarchy.FindSlaveServers",
                &find_slave_servers_args(filter, fields, order, max_lifetime),
                |r| r.out_str("wstrIterator").map(str::to_string),
            )
            .await?;
        ChunkAccessor::new(self.client)
            .fetch_all(&accessor, page_size)
            .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::client::{Body, encode_body, parse_body};
    use time::macros::datetime;

    #[test]
    fn register_server_body_is_exactly_klakoapi_s() {
        let body = encode_body(&register_server_args(
            "test_slave",
            0,
            b"sometext",
            "",
            &Params::new(),
        ));
        assert_eq!(
            body,
            r#"{"wstrDisplName":"test_slave","nGroupId":0,"pCertificate":"c29tZXRleHQ=","wstrNetAddress":"","pAdditionalInfo":{}}"#
        );
    }

    #[test]
    fn find_slave_servers_body() {
        let body = encode_body(&find_slave_servers_args(
            "(KLSRVH_SRV_STATUS=1)",
            &[srvh::ID, srvh::DN],
            &[SortField::asc(srvh::DN)],
            600,
        ));
        assert_eq!(
            body,
            r#"{"wstrFilter":"(KLSRVH_SRV_STATUS=1)","pFieldsToReturn":["KLSRVH_SRV_ID","KLSRVH_SRV_DN"],"pFieldsToOrder":[{"type":"params","value":{"Asc":true,"Name":"KLSRVH_SRV_DN"}}],"pParams":{},"lMaxLifeTime":600}"#
        );
    }

    #[test]
    fn child_servers_decode_from_a_real_shaped_reply() {
        let body = br#"{"PxgRetVal":[{"type":"params","value":{"KLSRVH_SRV_ID":1,
            "KLSRVH_SRV_DN":"sec1","KLSRVH_SRV_GROUPID":0,"KLSRVH_SRV_STATUS":1,
            "KLSRVH_SRV_PASSIVE":false,"KLSRVH_SRV_ADDR":"sec1.corp:13000",
            "KLSRVH_SRV_LAST_CONNECTED":{"type":"datetime","value":"2024-05-01T10:00:00Z"}}},
            {"type":"params","value":{"KLSRVH_SRV_ID":2,"KLSRVH_SRV_DN":"dmz","KLSRVH_SRV_STATUS":0,
            "KLSRVH_SRV_PASSIVE":true}}]}"#;
        let Body::Reply(r) = parse_body(body).unwrap() else {
            panic!()
        };
        let servers = params_list(
            r.retval_array().unwrap(),
            "PxgRetVal",
            ChildServer::from_params,
        )
        .unwrap();
        assert_eq!(servers.len(), 2);
        let s = &servers[0];
        assert_eq!((s.id, s.display_name.as_str()), (1, "sec1"));
        assert_eq!(s.status, Some(ServerStatus::Active));
        assert_eq!(s.group_id, Some(0));
        assert_eq!(s.address.as_deref(), Some("sec1.corp:13000"));
        assert_eq!(s.last_connected, Some(datetime!(2024-05-01 10:00:00 UTC)));
        assert!(!s.passive);
        assert!(servers[1].passive);
        assert_eq!(servers[1].status, Some(ServerStatus::Inactive));
        assert_eq!(servers[1].last_connected, None);
    }

    #[test]
    fn child_server_errors_name_the_field() {
        let p = Params::new().with(srvh::ID, 1).with(srvh::STATUS, "on");
        let e = ChildServer::from_params(&p, "PxgRetVal[3]").unwrap_err();
        assert_eq!(e.path, "PxgRetVal[3].KLSRVH_SRV_STATUS");
        let e = ChildServer::from_params(&Params::new(), "PxgRetVal[0]").unwrap_err();
        assert_eq!(e.path, "PxgRetVal[0].KLSRVH_SRV_ID");
    }
}
