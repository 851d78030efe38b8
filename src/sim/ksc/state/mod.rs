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
//!
//! `model` holds the persisted types, `queries` what is asked of [`SimData`] and the edits that
//! keep its ids and fixed groups consistent, `shared` the [`SharedState`] handle.

mod model;
mod queries;
mod shared;

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::protect::ProtectError;
use crate::wire::PxgError;
use crate::wire::error::codes;

pub use model::{
    Group, GroupKind, GroupTask, LinkEvent, NextIds, Policy, Secondary, ServerInfo, SimData,
    SsSection, User, VServer, b64_serde, certificate_der, certificate_md5_hex, params_serde,
};
pub use queries::Scope;
pub use shared::{SecondaryLinkUpdate, SharedState};

/// Name of the state file inside the state directory.
pub const STATE_FILE: &str = "state.json";

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

/// The current time, to the second (KSC datetimes carry no fraction).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
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
