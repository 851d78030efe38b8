//! Autotask PSA over REST (API v1.0), without any GUI types: zone discovery, the three auth
//! headers, `Version`, `ThresholdInformation`, entity information with picklists, company
//! queries with typed filters and paging, and errors that say what the user must do.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ksc_link::autotask::AutotaskError> {
//! use ksc_link::autotask::{AutotaskClient, ClientOptions, Credentials, Filter, Query};
//! use ksc_link::secrets::Secret;
//! let client = AutotaskClient::new(
//!     ClientOptions::autotask(),
//!     Credentials {
//!         user_name: "abc123@example.com".into(),
//!         secret: Secret::new("from the keyring"),
//!         integration_code: Secret::new("from the keyring"),
//!     },
//! )?;
//! client.version().await?; // proves user, secret, code and the API User level
//! let customers = client
//!     .query_companies(&Query::new([
//!         Filter::eq("isActive", true),
//!         Filter::eq("companyType", 1),
//!     ]))
//!     .await?;
//! # let _ = customers; Ok(()) }
//! ```

pub mod client;
pub mod error;
pub mod filter;
pub mod model;

pub use client::{
    AutotaskClient, BackOff, COMPANIES, ClientOptions, Credentials, DEFAULT_DISCOVERY_URL,
    MAX_RETRY_AFTER, Pages, Trust, clear_zone_cache,
};
pub use error::AutotaskError;
pub use filter::{Filter, MAX_RECORDS, Op, Query};
pub use model::{
    ApiVersion, Company, EntityInformation, FieldInfo, PageDetails, PicklistValue,
    ThresholdInformation, UserAccess, ZoneInformation,
};
