//! The Open API client, the hierarchy operations and the Autotask client against the simulators
//! over real TLS on loopback, and the simulators against independent clients.
//!
//! One test binary for the group: every binary links the whole app (iced, rustls, tokio), so the
//! tests are modules of a few binaries rather than a binary each. nextest still runs each test in
//! its own process, so process-wide state (the keyring store, the language) never leaks.

#[path = "../support/common/mod.rs"]
mod common;
#[path = "../support/hierarchy_support/mod.rs"]
mod hierarchy_support;
#[path = "../support/sim_support/mod.rs"]
mod sim_support;

mod api;
mod autotask_client;
mod autotask_independent;
mod autotask_retry_after;
mod cert_rollover;
mod client_sim;
mod clock_offset;
mod estate;
mod gateway;
mod health;
mod hierarchy_e2e;
mod klakoapi_replay;
mod link;
mod maintain;
mod mapping_sim;
mod master_srv_keep;
mod on_primary_sim;
mod prerequisites_sim;
mod save_read_back;
mod transport_faults;
