//! The hierarchy operations, run against logged-in Open API clients: "add secondary" (what the
//! wizard's Finish does), "make this server secondary" (the settings page's Save) and detaching.
//!
//! Order and calls follow Kaspersky's own procedure (KSC Open API, "Administration Server
//! hierarchy", and KlAkOAPI's primary/secondary sample): `ServerHierarchy.RegisterServer` on the
//! primary, then `HostGroup.SS_Write` of `KLSRV_MASTER_SRV` on the secondary (`SS_CreateSection`
//! first only when the write says the section is missing).
//! A failure after the registration never leaves a silent orphan: the registration is rolled back
//! (and the secondary's previous section restored), or kept and reported so the run can resume.
//!
//! `add` holds "add secondary" with its rollback, `register` the primary-only registration and
//! `save` the secondary's own save and detach; what more than one of them needs stays here.

mod add;
mod register;
mod save;

use std::time::Duration;

use super::plan::{PlannedWrite, SecondarySettings};
use crate::kloapi::host_group::{MasterSrvSection, SsPath, SsWriteMode};
use crate::kloapi::server_hierarchy::{ChildServer, ServerStatus};
use crate::kloapi::{KscClient, KscError};
use crate::wire::error::codes;

pub use add::{
    AddOptions, add_secondary, registration_address, restore_replaced, roll_back, wait_for_link,
};
pub use register::register_only;
pub use save::{Change, SaveReport, detach, diff_sections, make_secondary, restore_section};

/// The stages of "add secondary", in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Read the secondary's identity and current settings; check the name is free on the primary.
    Check,
    /// `RegisterServer` on the primary.
    Register,
    /// `SS_Write` of `KLSRV_MASTER_SRV` on the secondary, read back.
    ConfigureSecondary,
    /// Wait until the primary reports the secondary Active.
    WaitForLink,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In the current language (see `crate::i18n`).
        f.write_str(&match self {
            Stage::Check => crate::fl!("stage-check"),
            Stage::Register => crate::fl!("stage-register"),
            Stage::ConfigureSecondary => crate::fl!("stage-configure-secondary"),
            Stage::WaitForLink => crate::fl!("stage-wait-for-link"),
        })
    }
}

/// A progress event, for a progress list in the UI or lines on a terminal.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// A stage began.
    Started(Stage),
    /// A stage ended well, with a short description of what it did.
    Finished(Stage, String),
    /// Still waiting for the link; the primary's last known status.
    Waiting {
        /// Time waited so far.
        elapsed: Duration,
        /// Status the primary reports now.
        status: Option<ServerStatus>,
    },
}

/// What to do with a half-built hierarchy when a later stage fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnFailure {
    /// Delete the registration on the primary and restore the secondary's previous section.
    RollBack,
    /// Keep what was written and report it, so the run can be resumed or rolled back later.
    Keep,
}

/// What a run has written so far: enough to resume it or to roll it back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Partial {
    /// The secondary's host id (`KLADMSRV_SERVER_HOSTNAME`), once read.
    pub secondary_host: Option<String>,
    /// The secondary's `KLSRV_MASTER_SRV` before the run, to restore on rollback.
    pub previous_section: Option<MasterSrvSection>,
    /// The id the primary gave the secondary, once registered.
    pub registered_id: Option<i32>,
    /// True once a write of the secondary's section was sent, whatever came of it: the
    /// rollback then restores the previous section, in case a write that failed still landed.
    pub section_write_attempted: bool,
    /// True once the secondary confirmed the write of its section. A write it refused leaves
    /// the section unchanged (Settings Storage writes are atomic), so this stays false then.
    pub section_written: bool,
    /// The certificate (DER) of a `RegisterServer` whose answer was lost and whose outcome the
    /// primary could not be asked about: it may hold a registration with no id known here, so
    /// a retry or a rollback looks for it by certificate first.
    pub unconfirmed_registration: Option<Vec<u8>>,
    /// The registration this run deleted to replace it, at the admin's choice.
    pub replaced: Option<Box<Replaced>>,
}

impl Partial {
    /// Whether the secondary's section may differ from before the run (written, or a write
    /// whose outcome was not confirmed), so that a rollback must restore it.
    pub fn section_touched(&self) -> bool {
        self.section_written || self.section_write_attempted
    }

    /// Whether the primary or the secondary may hold something this run wrote.
    pub fn anything_written(&self) -> bool {
        self.registered_id.is_some()
            || self.section_touched()
            || self.unconfirmed_registration.is_some()
            || self.replaced.is_some()
    }
}

/// Why a stage failed.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// An Open API call failed.
    #[error(transparent)]
    Ksc(#[from] KscError),
    /// An input of the change is not valid (the words say which and why).
    #[error("{0}")]
    Invalid(String),
    /// The display name is used in that group already.
    #[error("{}", crate::fl!(
        "ops-name-taken",
        name = format!("{name:?}"),
        group = format!("{group:?}")
    ))]
    NameTaken {
        /// The name.
        name: String,
        /// The group's name.
        group: String,
    },
    /// A setting read back differs from what was written.
    #[error("{}", crate::fl!(
        "secondary-read-back-differs",
        setting = setting_label(name),
        name = name.as_str(),
        found = format!("{found:?}"),
        expected = format!("{expected:?}")
    ))]
    ReadBack {
        /// The setting.
        name: String,
        /// What was written.
        expected: String,
        /// What the server returned.
        found: String,
    },
    /// The secondary did not become Active in time.
    #[error("{}", crate::fl!(
        "ops-link-timeout",
        seconds = waited.as_secs().to_string(),
        status = status.clone(),
        port = port.to_string(),
        target = dialer_target.clone(),
        proxy_hint = proxy_hint.clone()
    ))]
    LinkTimeout {
        /// How long it waited.
        waited: Duration,
        /// The primary's last status for it, in words.
        status: String,
        /// The SSL port concerned.
        port: u16,
        /// Which server must accept the connection ("primary" or "secondary (DMZ)").
        dialer_target: String,
        /// A hint about the proxy, when one is used.
        proxy_hint: String,
    },
    /// The registration vanished from the primary while waiting.
    #[error("{}", crate::fl!("ops-registration-gone", id = .0.to_string()))]
    RegistrationGone(i32),
    /// The primary holds a registration of this certificate that this run did not make and
    /// that differs from the plan; a certificate can be registered only once.
    #[error("{}", crate::fl!(
        "ops-already-registered",
        name = format!("{name:?}"),
        id = id.to_string(),
        group = group.clone()
    ))]
    AlreadyRegistered {
        /// Its display name.
        name: String,
        /// Its id on the primary.
        id: i32,
        /// Its group, by name when it could be read.
        group: String,
    },
    /// A registration kept from an earlier run is of another certificate than the plan's.
    #[error("{}", crate::fl!("ops-kept-other-certificate", id = .0.to_string()))]
    KeptOtherCertificate(i32),
    /// The primary holds a registration of this certificate under the plan's name and group,
    /// made before this run, for another mode or DMZ address than the plan's; `UpdateServer`
    /// cannot change those, only replacing the registration can.
    #[error("{}", crate::fl!(
        "ops-registered-otherwise",
        name = format!("{name:?}"),
        id = id.to_string(),
        registered = registered.clone(),
        planned = planned.clone()
    ))]
    RegisteredOtherwise {
        /// Its display name.
        name: String,
        /// Its id on the primary.
        id: i32,
        /// How it is registered: its DMZ address, or the words for "not in DMZ mode".
        registered: String,
        /// How the plan registers it, in the same words.
        planned: String,
    },
}

impl OpError {
    /// The id of a registration of the secondary's certificate that stands in the way, which the
    /// admin may choose to replace (`AddOptions::replace`).
    pub fn replaceable(&self) -> Option<i32> {
        match self {
            OpError::AlreadyRegistered { id, .. } | OpError::RegisteredOtherwise { id, .. } => {
                Some(*id)
            }
            _ => None,
        }
    }
}

/// A registration of the certificate that the admin chose to replace: deleted before the new
/// one was made, and registered again as it was by a rollback.
#[derive(Clone, Debug, PartialEq)]
pub struct Replaced {
    /// As the primary recorded it.
    pub child: ChildServer,
    /// The certificate it was registered with (DER).
    pub certificate: Vec<u8>,
}

/// What happened to a half-built hierarchy.
#[derive(Debug)]
pub enum Rollback {
    /// Nothing had been written.
    NotNeeded,
    /// The registration was deleted and the secondary's previous section restored.
    Done(Vec<String>),
    /// Kept as it is, on request.
    Kept,
    /// The rollback itself failed; what is left is in [`AddFailure::partial`].
    Failed(Vec<String>),
    /// The answer to `RegisterServer` was lost and the primary could not be asked whether it
    /// registered the secondary (see [`Partial::unconfirmed_registration`]).
    Unconfirmed,
}

/// A failed "add secondary".
#[derive(Debug)]
pub struct AddFailure {
    /// The stage that failed.
    pub stage: Stage,
    /// Why.
    pub error: OpError,
    /// What is written now (after any rollback).
    pub partial: Partial,
    /// What was done about it.
    pub rollback: Rollback,
}

impl std::fmt::Display for AddFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::fl!(
            "ops-failed-while",
            stage = self.stage.to_string(),
            error = self.error.to_string()
        ))?;
        match &self.rollback {
            Rollback::NotNeeded => Ok(()),
            Rollback::Done(steps) => f.write_str(&crate::fl!(
                "ops-then-rolled-back",
                steps = steps.join("; ")
            )),
            Rollback::Kept => f.write_str(&match self.partial.registered_id {
                Some(id) => crate::fl!("ops-then-kept", id = id.to_string()),
                None => crate::fl!("ops-then-kept-nothing"),
            }),
            Rollback::Failed(steps) => f.write_str(&crate::fl!(
                "ops-then-rollback-failed",
                steps = steps.join("; ")
            )),
            Rollback::Unconfirmed => f.write_str(&crate::fl!("ops-then-unconfirmed")),
        }
    }
}

impl std::error::Error for AddFailure {}

/// A finished "add secondary".
#[derive(Clone, Debug)]
pub struct AddReport {
    /// The secondary's id on the primary.
    pub secondary_id: i32,
    /// What was written on the primary.
    pub on_primary: Vec<PlannedWrite>,
    /// What was written on the secondary.
    pub on_secondary: Vec<PlannedWrite>,
    /// The secondary as the primary reports it now (status, version, last connected).
    pub child: ChildServer,
    /// The secondary's section as read back.
    pub section: MasterSrvSection,
}

/// The section a [`SecondarySettings`] stands for; the proxy password must be protected first.
pub fn section_for(
    settings: &SecondarySettings,
    protected_password: Option<Vec<u8>>,
) -> MasterSrvSection {
    let mut s = MasterSrvSection {
        use_master: true,
        address: Some(settings.primary_address.clone()),
        ports: vec![i32::from(settings.primary_ssl_port)],
        ssl_cert: Some(settings.primary_certificate.clone()),
        passive_slave: settings.dmz,
        ..MasterSrvSection::default()
    };
    if let Some(p) = &settings.proxy {
        s.proxy_use = true;
        s.proxy_location = Some(p.location());
        if !p.user.is_empty() {
            s.proxy_login = Some(p.user.clone());
            s.proxy_password = protected_password;
        }
    }
    s
}

/// Protects the proxy password (if any) for the secondary's host, as the section requires.
async fn protect_proxy_password(
    secondary: &KscClient,
    host: &str,
    settings: &SecondarySettings,
) -> Result<Option<Vec<u8>>, KscError> {
    match &settings.proxy {
        Some(p) if !p.user.is_empty() && !p.password.is_empty() => Ok(Some(
            secondary
                .data_protection()
                .protect_utf8_for_host(host, &p.password)
                .await?,
        )),
        _ => Ok(None),
    }
}

/// Creates the section if needed; "already exists" is fine.
async fn ensure_section(secondary: &KscClient, host: &str) -> Result<(), KscError> {
    match secondary
        .host_group()
        .ss_create_section(&SsPath::master_srv(host))
        .await
    {
        Ok(()) => Ok(()),
        Err(e) if e.api_code() == Some(codes::EXISTS) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Compares what was written with what was read back; the first difference is an error.
fn check_read_back(written: &MasterSrvSection, read: &MasterSrvSection) -> Result<(), OpError> {
    let pairs: [(&str, String, String); 6] = [
        (
            crate::wire::master_srv::USE,
            written.use_master.to_string(),
            read.use_master.to_string(),
        ),
        (
            crate::wire::master_srv::ADDR,
            format!("{:?}", written.address),
            format!("{:?}", read.address),
        ),
        (
            crate::wire::master_srv::PORTS,
            format!("{:?}", written.ports),
            format!("{:?}", read.ports),
        ),
        (
            crate::wire::master_srv::SSL_CERT,
            written
                .ssl_cert
                .as_deref()
                .map(crate::cert::fingerprint)
                .unwrap_or_default(),
            read.ssl_cert
                .as_deref()
                .map(crate::cert::fingerprint)
                .unwrap_or_default(),
        ),
        (
            crate::wire::master_srv::PASSIVE_SLAVE,
            written.passive_slave.to_string(),
            read.passive_slave.to_string(),
        ),
        (
            crate::wire::master_srv::PROXY_USE,
            written.proxy_use.to_string(),
            read.proxy_use.to_string(),
        ),
    ];
    for (name, expected, found) in pairs {
        if expected != found {
            return Err(OpError::ReadBack {
                name: name.to_string(),
                expected,
                found,
            });
        }
    }
    Ok(())
}

/// `section` with the variables of `previous` that the app does not model (a hosted primary's
/// `KLSRV_MASTER_HDS_*`, settings of later KSC versions) put back: the section is written
/// whole (`Clear`), and a rewrite must not drop what the admin or KSC put there.
fn keeping_unmodelled(
    section: &MasterSrvSection,
    previous: Option<&MasterSrvSection>,
) -> MasterSrvSection {
    let mut out = section.clone();
    for (name, value) in previous.map(|p| p.other.iter()).into_iter().flatten() {
        if !out.other.contains(name) {
            out.other.insert(name.clone(), value.clone());
        }
    }
    out
}

/// Writes the secondary's section, keeping the unmodelled variables of
/// `partial.previous_section`, and returns what was written; `partial` records that the write
/// was sent, then that the secondary confirmed it.
async fn send_section(
    secondary: &KscClient,
    host: &str,
    section: &MasterSrvSection,
    partial: &mut Partial,
) -> Result<MasterSrvSection, OpError> {
    let section = keeping_unmodelled(section, partial.previous_section.as_ref());
    partial.section_write_attempted = true;
    let hg = secondary.host_group();
    // The section is there on every server that has been a secondary, or was read above; only
    // when the write says it is missing is it created (one round trip less than creating it
    // first each time, as the official sample does). A refused write changed nothing.
    match hg
        .write_master_srv(host, SsWriteMode::Clear, &section)
        .await
    {
        Err(e) if codes::not_found(e.api_code()) => {
            ensure_section(secondary, host).await?;
            hg.write_master_srv(host, SsWriteMode::Clear, &section)
                .await?;
        }
        r => r?,
    }
    partial.section_written = true;
    Ok(section)
}

/// [`send_section`], then reads the section back and checks it.
async fn write_section(
    secondary: &KscClient,
    host: &str,
    section: &MasterSrvSection,
    partial: &mut Partial,
) -> Result<(MasterSrvSection, Option<String>), OpError> {
    let written = send_section(secondary, host, section, partial).await?;
    match secondary.host_group().read_master_srv(host).await {
        Ok(read) => {
            check_read_back(&written, &read)?;
            Ok((read, None))
        }
        // The server confirmed the write: a read that fails afterwards does not undo it (the
        // link, next, shows whether it took), so it is a note, not a failure to roll back.
        Err(e) => Ok((written, Some(e.to_string()))),
    }
}

/// A registration of the plan's certificate found on the primary, to use instead of a new one.
struct Adopted {
    child: ChildServer,
    /// Its name or group differ from the plan's: `UpdateServer` must set them.
    needs_update: bool,
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// How a registration is made, for comparing one on the primary with the plan: passive (DMZ)
/// with the address the primary dials, or not. `RegisterServer` takes `http://host:port`; the
/// primary may record it without the scheme.
fn registration_mode(passive: bool, address: &str) -> Option<String> {
    passive.then(|| {
        let a = address.trim().trim_end_matches('/').to_ascii_lowercase();
        ["http://", "https://"]
            .iter()
            .find_map(|scheme| a.strip_prefix(scheme).map(str::to_string))
            .unwrap_or(a)
    })
}

fn mode_words(mode: &Option<String>) -> String {
    match mode {
        Some(address) => crate::fl!("ops-mode-dmz", address = address.clone()),
        None => crate::fl!("ops-mode-normal"),
    }
}

/// What [`look_for_registration`] compares a registration with.
struct Wanted<'a> {
    der: &'a [u8],
    group_id: i32,
    name: &'a str,
    /// `wstrNetAddress`: empty unless DMZ.
    net_address: &'a str,
    /// The registration the admin chose to replace, by id.
    replace: Option<i32>,
}

/// Looks on the primary for a registration of `der` before registering, so that a run never
/// creates a second one: a registration this run made (kept, or whose answer was lost) is
/// adopted, and renamed or moved if the plan changed since, or made again if its mode or DMZ
/// address changed; one that matches the plan's name, group and mode is adopted; the one the
/// admin chose to replace is deleted; any other is reported. Updates `partial` to what was
/// found.
async fn look_for_registration(
    primary: &KscClient,
    wanted: &Wanted<'_>,
    partial: &mut Partial,
    listed: &mut Option<crate::hierarchy::on_primary::Registrations>,
) -> Result<Option<Adopted>, OpError> {
    let (der, group_id, name) = (wanted.der, wanted.group_id, wanted.name);
    // Something this run wrote for another certificate (the plan's changed after a Keep)
    // cannot be adopted, and deleting it is the admin's choice.
    if let Some(old) = partial.unconfirmed_registration.clone()
        && old != der
    {
        match crate::hierarchy::on_primary::find_on_primary(primary, &old).await? {
            Some(c) => return Err(OpError::KeptOtherCertificate(c.id)),
            None => partial.unconfirmed_registration = None,
        }
    }
    let registrations = crate::hierarchy::on_primary::find_registration(primary, der).await?;
    let found = registrations.found.clone();
    if let Some(kept) = partial.registered_id
        && found.as_ref().map(|c| c.id) != Some(kept)
    {
        if registrations.all.iter().any(|c| c.id == kept) {
            return Err(OpError::KeptOtherCertificate(kept));
        }
        // The kept registration was deleted meanwhile.
        partial.registered_id = None;
    }
    // The list stays true unless a registration is deleted below.
    *listed = Some(registrations);
    let Some(child) = found else {
        partial.unconfirmed_registration = None;
        return Ok(None);
    };
    let ours =
        partial.registered_id == Some(child.id) || partial.unconfirmed_registration.is_some();
    let registered_mode = registration_mode(child.passive, child.address.as_deref().unwrap_or(""));
    let planned_mode = registration_mode(!wanted.net_address.is_empty(), wanted.net_address);
    let replace = if wanted.replace == Some(child.id) {
        if partial.replaced.is_none() {
            partial.replaced = Some(Box::new(Replaced {
                child: child.clone(),
                certificate: der.to_vec(),
            }));
        }
        true
    } else {
        // Made by this run for a plan changed since (Keep, then Change settings): made again.
        ours && registered_mode != planned_mode
    };
    if replace {
        *listed = None;
        match primary.server_hierarchy().del_server(child.id).await {
            Ok(()) => {}
            Err(e) if e.api_code() == Some(codes::NOT_FOUND) => {}
            Err(e) => return Err(e.into()),
        }
        partial.registered_id = None;
        partial.unconfirmed_registration = None;
        return Ok(None);
    }
    let same_place = child.group_id == Some(group_id) && same_name(&child.display_name, name);
    if same_place && !ours && registered_mode != planned_mode {
        return Err(OpError::RegisteredOtherwise {
            name: child.display_name.clone(),
            id: child.id,
            registered: mode_words(&registered_mode),
            planned: mode_words(&planned_mode),
        });
    }
    if !(same_place || ours) {
        let group = match child.group_id {
            Some(g) => crate::hierarchy::on_primary::group_name(primary, g)
                .await
                .ok()
                .flatten()
                .unwrap_or_else(|| g.to_string()),
            None => String::new(),
        };
        return Err(OpError::AlreadyRegistered {
            name: child.display_name.clone(),
            id: child.id,
            group,
        });
    }
    partial.registered_id = Some(child.id);
    partial.unconfirmed_registration = None;
    Ok(Some(Adopted {
        child,
        needs_update: !same_place,
    }))
}

/// The secondaries registered in `group`: from the list [`look_for_registration`] read, unless
/// it went stale (or does not name groups), else asked again.
async fn registered_in_group(
    primary: &KscClient,
    listed: Option<crate::hierarchy::on_primary::Registrations>,
    group: i32,
) -> Result<Vec<ChildServer>, KscError> {
    match listed.and_then(|l| l.in_group(group)) {
        Some(children) => Ok(children),
        None => primary.server_hierarchy().get_child_servers(group).await,
    }
}

/// Sets the adopted registration's name and group to the plan's.
async fn update_registration(
    primary: &KscClient,
    id: i32,
    group_id: i32,
    name: &str,
) -> Result<(), KscError> {
    let info = crate::wire::Params::new()
        .with(crate::wire::srvh::DN, name)
        .with(crate::wire::srvh::GROUPID, group_id);
    primary.server_hierarchy().update_server(id, &info).await
}

/// What came of a `RegisterServer` that failed.
enum RegisterFailed {
    /// The primary refused it, or was asked afterwards and holds no registration.
    NothingWritten,
    /// The answer was lost but the primary holds the registration, with this id.
    Registered(i32),
    /// The answer was lost and the primary could not be asked.
    Unknown,
}

/// After `RegisterServer` failed with `error`: when it may have run, asks the primary whether
/// it holds a registration of `der`.
async fn after_register_failed(
    primary: &KscClient,
    der: &[u8],
    error: &KscError,
) -> RegisterFailed {
    if !error.outcome_unknown() {
        return RegisterFailed::NothingWritten;
    }
    tracing::warn!(%error, "the answer to RegisterServer was lost; looking for the registration");
    match crate::hierarchy::on_primary::find_on_primary(primary, der).await {
        Ok(Some(child)) => {
            tracing::info!(id = child.id, "the primary had registered the secondary");
            RegisterFailed::Registered(child.id)
        }
        Ok(None) => RegisterFailed::NothingWritten,
        Err(e) => {
            tracing::warn!(error = %e, "could not ask the primary whether it registered the secondary");
            RegisterFailed::Unknown
        }
    }
}

/// Finds the secondary `id` on the primary.
async fn find_child(
    primary: &KscClient,
    group: i32,
    id: i32,
) -> Result<Option<ChildServer>, KscError> {
    let list = primary.server_hierarchy().get_child_servers(group).await?;
    Ok(list.into_iter().find(|c| c.id == id))
}

/// The setting named `name` (`KLSRV_MASTER_SRV_…`) as the save report shows it to the admin;
/// an unknown name is shown as it is.
pub fn setting_label(name: &str) -> String {
    use crate::wire::master_srv as m;
    match name {
        m::USE => crate::fl!("secondary-setting-use-master"),
        m::ADDR => crate::fl!("secondary-setting-primary-address"),
        m::PORTS => crate::fl!("secondary-setting-primary-ports"),
        m::SSL_CERT => crate::fl!("secondary-setting-primary-certificate"),
        m::PASSIVE_SLAVE => crate::fl!("secondary-setting-dmz"),
        m::PROXY_USE => crate::fl!("secondary-setting-use-proxy"),
        m::PROXY_LOCATION => crate::fl!("secondary-setting-proxy"),
        m::PROXY_LOGIN => crate::fl!("secondary-setting-proxy-user"),
        m::PROXY_PASSWORD => crate::fl!("secondary-setting-proxy-password"),
        other => other.to_string(),
    }
}

/// Whether a secondary other than `except` is named `name` (KSC compares display names without
/// case and surrounding spaces).
fn name_taken(children: &[ChildServer], name: &str, except: Option<i32>) -> bool {
    let wanted = name.trim().to_lowercase();
    children
        .iter()
        .any(|c| Some(c.id) != except && c.display_name.trim().to_lowercase() == wanted)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::hierarchy::plan::ProxyPlan;

    fn settings() -> SecondarySettings {
        SecondarySettings {
            primary_address: "ksc-hq.corp".into(),
            primary_ssl_port: 13000,
            primary_certificate: vec![1, 2, 3],
            dmz: false,
            proxy: Some(ProxyPlan {
                host: "proxy.corp".into(),
                port: 3128,
                user: "branch".into(),
                password: "pw".into(),
            }),
        }
    }

    #[test]
    fn section_from_settings() {
        let s = section_for(&settings(), Some(vec![9]));
        assert!(s.use_master && s.proxy_use && !s.passive_slave);
        assert_eq!(s.address.as_deref(), Some("ksc-hq.corp"));
        assert_eq!(s.ports, vec![13000]);
        assert_eq!(s.proxy_location.as_deref(), Some("proxy.corp:3128"));
        assert_eq!(s.proxy_login.as_deref(), Some("branch"));
        assert_eq!(s.proxy_password, Some(vec![9]));
    }

    #[test]
    fn diff_names_each_change_and_hides_passwords() {
        let before = MasterSrvSection::default();
        let after = section_for(&settings(), Some(vec![9]));
        let d = diff_sections(&before, &after);
        let names: Vec<_> = d.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"KLSRV_MASTER_SRV_USE"));
        assert!(names.contains(&"KLSRV_MASTER_SRV_PROXYHOST_PASSWORD"));
        let pw = d
            .iter()
            .find(|c| c.name == "KLSRV_MASTER_SRV_PROXYHOST_PASSWORD")
            .unwrap();
        assert_eq!(pw.after, crate::fl!("secondary-value-set"));
        assert_eq!(
            setting_label(&pw.name),
            crate::fl!("secondary-setting-proxy-password")
        );
        assert!(diff_sections(&after, &after).is_empty());
    }

    #[test]
    fn read_back_mismatch_is_reported() {
        let written = section_for(&settings(), None);
        let mut read = written.clone();
        read.ports = vec![14000];
        let e = check_read_back(&written, &read).unwrap_err();
        assert!(e.to_string().contains("KLSRV_MASTER_SRV_PORTS"), "{e}");
        assert!(check_read_back(&written, &written).is_ok());
    }
}
