//! Wire types shared by the KSC Open API client and the simulator: one definition of the value
//! encoding, the error object, the header forms and the documented names.

pub mod auth;
pub mod error;
pub mod http_date;
pub mod value;

pub use error::PxgError;
pub use value::{DecodeError, Params, Value};

/// Path prefix of every Open API call.
pub const API_PREFIX: &str = "/api/v1.0/";
/// The connection-bound login path used by KlAkOAPI.
pub const LOGIN_PATH: &str = "/api/v1.0/login";
/// Default Open API port.
pub const DEFAULT_API_PORT: u16 = 13299;
/// Default Administration Server SSL port (Network Agents and secondary servers).
pub const DEFAULT_SSL_PORT: u16 = 13000;

/// HTTP header names of the protocol.
pub mod header {
    /// Session id from `Session.StartSession`.
    pub const SESSION: &str = "X-KSC-Session";
    /// Virtual server to log in to (base64 of its name).
    pub const VSERVER: &str = "X-KSC-VServer";
    /// Request tracing id.
    pub const REQUEST_ID: &str = "X-KSC-RequestId";
    /// Error detail on a failed login (KSC 16).
    pub const ERROR_MSG: &str = "X-KSC-ErrorMsg";
}

/// Names of the settings storage used for the hierarchy (section `KLSRV_MASTER_SRV`).
pub mod master_srv {
    /// Storage type.
    pub const TYPE: &str = "SS_SETTINGS";
    /// Product id of the Administration Server.
    pub const PRODUCT: &str = "1093";
    /// Product version of the section.
    pub const VERSION: &str = "1.0.0.0";
    /// Section name.
    pub const SECTION: &str = "KLSRV_MASTER_SRV";
    /// "This Administration Server is secondary" (bool).
    pub const USE: &str = "KLSRV_MASTER_SRV_USE";
    /// Primary's address, `name_or_ip` (string).
    pub const ADDR: &str = "KLSRV_MASTER_SRV_ADDR";
    /// Primary's ports (array of int).
    pub const PORTS: &str = "KLSRV_MASTER_SRV_PORTS";
    /// Primary's certificate (binary).
    pub const SSL_CERT: &str = "KLSRV_MASTER_SRV_SSL_CERT";
    /// Passive secondary in DMZ: the primary connects to it (bool).
    pub const PASSIVE_SLAVE: &str = "KLSRV_MASTER_SRV_PASSIVE_SLAVE";
    /// Use a proxy to reach the primary (bool).
    pub const PROXY_USE: &str = "KLSRV_MASTER_SRV_PROXYHOST_USE";
    /// Proxy `name_or_ip:port` (string).
    pub const PROXY_LOCATION: &str = "KLSRV_MASTER_SRV_PROXYHOST_LOCATION";
    /// Proxy user (string).
    pub const PROXY_LOGIN: &str = "KLSRV_MASTER_SRV_PROXYHOST_LOGIN";
    /// Proxy password, protected (binary).
    pub const PROXY_PASSWORD: &str = "KLSRV_MASTER_SRV_PROXYHOST_PASSWORD";
}

/// Attribute names of a secondary server record on the primary (`KLSRVH_*`).
pub mod srvh {
    /// Secondary id (int).
    pub const ID: &str = "KLSRVH_SRV_ID";
    /// Instance id (string).
    pub const INST_ID: &str = "KLSRVH_SRV_INST_ID";
    /// Address and port (string).
    pub const ADDR: &str = "KLSRVH_SRV_ADDR";
    /// Display name (string).
    pub const DN: &str = "KLSRVH_SRV_DN";
    /// Administration group id (int).
    pub const GROUPID: &str = "KLSRVH_SRV_GROUPID";
    /// Certificate (binary).
    pub const CERTIFICATE: &str = "KLSRVH_SRV_CERTIFICATE";
    /// MD5 of the certificate (string).
    pub const PUBLIC_KEY_HASH: &str = "KLSRVH_SRV_PUBLIC_KEY_HASH";
    /// 0 = Inactive, 1 = Active (int).
    pub const STATUS: &str = "KLSRVH_SRV_STATUS";
    /// Version (string).
    pub const VERSION: &str = "KLSRVH_SRV_VERSION";
    /// Passive (DMZ) secondary (bool).
    pub const PASSIVE: &str = "KLSRVH_SRV_PASSIVE";
    /// Last time it was connected (datetime).
    pub const LAST_CONNECTED: &str = "KLSRVH_SRV_LAST_CONNECTED";
    /// Address it uses to reach the primary (string).
    pub const MASTER_ADDR: &str = "KLSRVH_SRV_MASTER_ADDR";
    /// Host identity (string).
    pub const HOST_GUID: &str = "KLSRVH_SRV_HOST_GUID";
}

/// Names of the gateway connection: a session on a secondary through its primary (KSC Open API,
/// classes `CgwHelper` and `GatewayConnection`).
pub mod gateway {
    /// `CgwHelper.GetSlaveServerLocation(nSlaveServerId)` → params, opaque to the caller.
    pub const GET_SLAVE_SERVER_LOCATION: &str = "CgwHelper.GetSlaveServerLocation";
    /// Its parameter: the secondary's `KLSRVH_SRV_ID` on the server asked.
    pub const SLAVE_SERVER_ID: &str = "nSlaveServerId";
    /// `GatewayConnection.PrepareGatewayConnection(pLocations, [out] wstrAuthKey)`.
    pub const PREPARE_GATEWAY_CONNECTION: &str = "GatewayConnection.PrepareGatewayConnection";
    /// Its parameter: the locations, one per hop, top-down.
    pub const LOCATIONS: &str = "pLocations";
    /// Its out-parameter: the one-time key for a `KSCGW` login.
    pub const AUTH_KEY: &str = "wstrAuthKey";
    /// Seconds a key stays valid ("Valid only for 60 seconds").
    pub const KEY_LIFETIME_SECS: u64 = 60;
}
