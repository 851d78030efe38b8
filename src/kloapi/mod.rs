//! Client of the KSC Open API (KLOAPI) of a Kaspersky Security Center Administration Server.
//!
//! [`KscClient`] owns the transport and the session (login, two-step verification, renewal of
//! an expired session) and offers raw access through [`KscClient::call`]. Each Open API class
//! the application uses has a thin typed wrapper borrowed from the client, e.g.
//! `client.host_group().get_subgroups(root, 0)`, with models for the records it returns.
//! All encoding and decoding goes through [`crate::wire`].

pub mod chunk_accessor;
pub mod client;
pub mod data_protection;
pub mod error;
pub mod gateway;
pub mod host_group;
pub mod limits;
pub mod policy;
pub mod server_hierarchy;
pub mod session;
pub mod tasks;
pub mod vservers;

pub use crate::wire::auth::BasicCredentials;
pub use chunk_accessor::ChunkAccessor;
pub use client::{ConnectOptions, KscClient, LoginOutcome, Reply, encode_body};
pub use data_protection::DataProtectionApi;
pub use error::{Endpoint, KscError};
pub use gateway::{CgwHelper, GatewayConnection, SlaveLocation, connect_through};
pub use host_group::{GroupNode, HostGroup, MasterSrvSection, SsPath, SsWriteMode, StaticInfo};
pub use limits::Limits;
pub use policy::{Policy, PolicyInfo};
pub use server_hierarchy::{ChildServer, ServerHierarchy, ServerStatus, SortField};
pub use session::Session;
pub use tasks::{TaskInfo, Tasks};
pub use vservers::{VServerInfo, VServers};

impl KscClient {
    /// The `HostGroup` class: groups, server static info, settings storage.
    pub fn host_group(&self) -> HostGroup<'_> {
        HostGroup::new(self)
    }

    /// The `ServerHierarchy` class (called on a primary server).
    pub fn server_hierarchy(&self) -> ServerHierarchy<'_> {
        ServerHierarchy::new(self)
    }

    /// The `Limits` class: the server's limited parameters.
    pub fn limits(&self) -> Limits<'_> {
        Limits::new(self)
    }

    /// The `VServers` class.
    pub fn vservers(&self) -> VServers<'_> {
        VServers::new(self)
    }

    /// The `ChunkAccessor` class: paging through result sets.
    pub fn chunk_accessor(&self) -> ChunkAccessor<'_> {
        ChunkAccessor::new(self)
    }

    /// The `Session` class.
    pub fn session(&self) -> Session<'_> {
        Session::new(self)
    }

    /// The `Policy` class.
    pub fn policy(&self) -> Policy<'_> {
        Policy::new(self)
    }

    /// The `Tasks` class.
    pub fn tasks(&self) -> Tasks<'_> {
        Tasks::new(self)
    }

    /// The `DataProtectionApi` class.
    pub fn data_protection(&self) -> DataProtectionApi<'_> {
        DataProtectionApi::new(self)
    }
}

/// Helpers shared by the models: typed reads from a params container that report the path.
pub(crate) mod read {
    use crate::wire::{DecodeError, Params, Value};
    use time::OffsetDateTime;

    fn err(path: &str, name: &str, reason: impl Into<String>) -> DecodeError {
        DecodeError {
            path: join(path, name),
            reason: reason.into(),
        }
    }

    /// `path.name`, or `name` alone at the top.
    pub(crate) fn join(path: &str, name: &str) -> String {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    }

    fn typed<T>(
        p: &Params,
        path: &str,
        name: &str,
        what: &str,
        f: impl FnOnce(&Value) -> Option<T>,
    ) -> Result<Option<T>, DecodeError> {
        match p.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => f(v).map(Some).ok_or_else(|| {
                err(
                    path,
                    name,
                    format!("expected {what}, found {}", v.type_name()),
                )
            }),
        }
    }

    /// An optional int.
    pub(crate) fn opt_i32(p: &Params, path: &str, name: &str) -> Result<Option<i32>, DecodeError> {
        typed(p, path, name, "a 32-bit integer", Value::as_i32)
    }

    /// A required int.
    pub(crate) fn req_i32(p: &Params, path: &str, name: &str) -> Result<i32, DecodeError> {
        opt_i32(p, path, name)?.ok_or_else(|| err(path, name, "missing"))
    }

    /// An optional string.
    pub(crate) fn opt_str(
        p: &Params,
        path: &str,
        name: &str,
    ) -> Result<Option<String>, DecodeError> {
        typed(p, path, name, "a string", |v| {
            v.as_str().map(str::to_string)
        })
    }

    /// An optional bool (0/1 ints accepted).
    pub(crate) fn opt_bool(
        p: &Params,
        path: &str,
        name: &str,
    ) -> Result<Option<bool>, DecodeError> {
        typed(p, path, name, "a boolean", Value::as_bool)
    }

    /// Optional bytes.
    pub(crate) fn opt_binary(
        p: &Params,
        path: &str,
        name: &str,
    ) -> Result<Option<Vec<u8>>, DecodeError> {
        typed(p, path, name, "binary", Value::as_binary)
    }

    /// An optional datetime.
    pub(crate) fn opt_datetime(
        p: &Params,
        path: &str,
        name: &str,
    ) -> Result<Option<OffsetDateTime>, DecodeError> {
        typed(p, path, name, "a datetime", Value::as_datetime)
    }

    /// An array of params, each element decoded with `f`; `null` or missing read as empty.
    pub(crate) fn params_list<T>(
        items: &[Value],
        path: &str,
        mut f: impl FnMut(&Params, &str) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let here = format!("{path}[{i}]");
                match v {
                    Value::Params(p) => f(p, &here),
                    other => Err(DecodeError {
                        path: here,
                        reason: format!("expected params, found {}", other.type_name()),
                    }),
                }
            })
            .collect()
    }
}
