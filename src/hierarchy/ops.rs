//! The hierarchy operations, run against logged-in Open API clients: "add secondary" (what the
//! wizard's Finish does), "make this server secondary" (the settings page's Save) and detaching.
//!
//! Order and calls follow Kaspersky's own procedure (KSC Open API, "Administration Server
//! hierarchy", and KlAkOAPI's primary/secondary sample): `ServerHierarchy.RegisterServer` on the
//! primary, then `HostGroup.SS_CreateSection` + `SS_Write` of `KLSRV_MASTER_SRV` on the secondary.
//! A failure after the registration never leaves a silent orphan: the registration is rolled back
//! (and the secondary's previous section restored), or kept and reported so the run can resume.

use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::plan::{AddSecondaryPlan, PlannedWrite, RegistrationPlan, SecondarySettings, yes_no};
use crate::kloapi::host_group::{MasterSrvSection, SsPath, SsWriteMode};
use crate::kloapi::server_hierarchy::{ChildServer, ServerStatus};
use crate::kloapi::{KscClient, KscError};
use crate::wire::Params;
use crate::wire::error::codes;

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

/// Options of [`add_secondary`].
#[derive(Clone, Debug)]
pub struct AddOptions {
    /// What to do on failure after the registration.
    pub on_failure: OnFailure,
    /// How long to wait for the secondary to become Active.
    pub link_timeout: Duration,
    /// How often to ask the primary meanwhile.
    pub poll_interval: Duration,
}

impl Default for AddOptions {
    fn default() -> Self {
        Self {
            on_failure: OnFailure::Keep,
            link_timeout: Duration::from_secs(60),
            poll_interval: Duration::from_millis(500),
        }
    }
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
}

impl Partial {
    /// Whether the secondary's section may differ from before the run (written, or a write
    /// whose outcome was not confirmed), so that a rollback must restore it.
    pub fn section_touched(&self) -> bool {
        self.section_written || self.section_write_attempted
    }
}

/// Why a stage failed.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// An Open API call failed.
    #[error(transparent)]
    Ksc(#[from] KscError),
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
                .map(cert_fingerprint)
                .unwrap_or_default(),
            read.ssl_cert
                .as_deref()
                .map(cert_fingerprint)
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

/// SHA-256 of a certificate given as DER or PEM bytes, for comparisons and messages.
pub fn cert_fingerprint(bytes: &[u8]) -> String {
    match crate::cert::parse_certificate(bytes) {
        Ok(d) => d.sha256_colon(),
        Err(_) => crate::tls::Pin::of_der(bytes).colon_hex(),
    }
}

/// Writes the secondary's section and reads it back; `partial` records that the write was sent,
/// then that the secondary confirmed it.
async fn write_section(
    secondary: &KscClient,
    host: &str,
    section: &MasterSrvSection,
    partial: &mut Partial,
) -> Result<MasterSrvSection, OpError> {
    ensure_section(secondary, host).await?;
    let hg = secondary.host_group();
    partial.section_write_attempted = true;
    hg.write_master_srv(host, SsWriteMode::Clear, section)
        .await?;
    partial.section_written = true;
    let read = hg.read_master_srv(host).await?;
    check_read_back(section, &read)?;
    Ok(read)
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

/// Polls the primary until the secondary `id` is Active or the timeout passes.
pub async fn wait_for_link(
    primary: &KscClient,
    group: i32,
    id: i32,
    timeout: Duration,
    poll: Duration,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<ChildServer, (OpError, Option<ServerStatus>)> {
    let start = Instant::now();
    let mut last = None;
    loop {
        match find_child(primary, group, id).await {
            Err(e) => return Err((e.into(), last)),
            Ok(None) => return Err((OpError::RegistrationGone(id), last)),
            Ok(Some(c)) => {
                last = c.status;
                if c.status == Some(ServerStatus::Active) {
                    return Ok(c);
                }
            }
        }
        let elapsed = start.elapsed();
        progress(Progress::Waiting {
            elapsed,
            status: last,
        });
        if elapsed >= timeout {
            let status = match last {
                Some(ServerStatus::Active) => "Active",
                Some(ServerStatus::Inactive) => "Inactive",
                _ => "unknown",
            };
            return Err((
                OpError::LinkTimeout {
                    waited: elapsed,
                    status: status.to_string(),
                    port: 0,
                    dialer_target: String::new(),
                    proxy_hint: String::new(),
                },
                last,
            ));
        }
        tokio::time::sleep(poll.min(timeout.saturating_sub(elapsed))).await;
    }
}

/// Undoes what `partial` says was written: deletes the registration on the primary and restores
/// the secondary's previous section. Returns the steps done, or the steps that failed.
pub async fn roll_back(
    primary: &KscClient,
    secondary: &KscClient,
    partial: &mut Partial,
) -> Result<Vec<String>, Vec<String>> {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    if partial.section_touched()
        && let Some(host) = partial.secondary_host.clone()
    {
        let previous = partial.previous_section.clone().unwrap_or_default();
        match secondary
            .host_group()
            .write_master_srv(&host, SsWriteMode::Clear, &previous)
            .await
        {
            Ok(()) => {
                partial.section_written = false;
                partial.section_write_attempted = false;
                done.push(crate::fl!("ops-restored-section"));
            }
            Err(e) => failed.push(crate::fl!("ops-restore-failed", error = e.to_string())),
        }
    }
    if let Some(id) = partial.registered_id {
        match primary.server_hierarchy().del_server(id).await {
            Ok(()) => {
                partial.registered_id = None;
                done.push(crate::fl!("ops-deleted-registration", id = id.to_string()));
            }
            Err(e) if e.api_code() == Some(codes::NOT_FOUND) => {
                partial.registered_id = None;
                done.push(crate::fl!(
                    "ops-registration-already-gone",
                    id = id.to_string()
                ));
            }
            Err(e) => failed.push(crate::fl!(
                "ops-delete-failed",
                id = id.to_string(),
                error = e.to_string()
            )),
        }
    }
    if failed.is_empty() {
        Ok(done)
    } else {
        Err(failed)
    }
}

/// Runs "add secondary": check, register on the primary, configure the secondary, wait for the
/// link. `resume` continues a run that failed with [`OnFailure::Keep`].
pub async fn add_secondary(
    primary: &KscClient,
    secondary: &KscClient,
    plan: &AddSecondaryPlan,
    options: &AddOptions,
    resume: Option<Partial>,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<AddReport, AddFailure> {
    tracing::info!(
        primary = %primary.endpoint(),
        secondary = %secondary.endpoint(),
        name = %plan.display_name,
        group = %plan.group_name,
        resume = resume.is_some(),
        "adding a secondary server"
    );
    // Every stage goes to the log as well as to the caller; the texts name servers, groups and
    // ports, never a credential.
    let mut logged = |p: Progress| {
        match &p {
            Progress::Started(stage) => tracing::info!(%stage, "stage started"),
            Progress::Finished(stage, what) => tracing::info!(%stage, %what, "stage finished"),
            Progress::Waiting { elapsed, status } => tracing::debug!(
                elapsed_s = elapsed.as_secs(),
                status = ?status,
                "waiting for the link"
            ),
        }
        progress(p);
    };
    let result = add_secondary_steps(primary, secondary, plan, options, resume, &mut logged).await;
    match &result {
        Ok(report) => tracing::info!(
            id = report.secondary_id,
            name = %plan.display_name,
            "the secondary server was added"
        ),
        Err(failure) => tracing::error!(
            stage = %failure.stage,
            error = %failure.error,
            rollback = ?failure.rollback,
            "adding the secondary server failed"
        ),
    }
    result
}

async fn add_secondary_steps(
    primary: &KscClient,
    secondary: &KscClient,
    plan: &AddSecondaryPlan,
    options: &AddOptions,
    resume: Option<Partial>,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<AddReport, AddFailure> {
    let mut partial = resume.unwrap_or_default();
    let dry = plan.dry_run();

    // Check: the secondary's host id and current section; the name is free on the primary.
    progress(Progress::Started(Stage::Check));
    let checked: Result<(), OpError> = async {
        let host = secondary.host_group().server_hostname().await?;
        if partial.previous_section.is_none() {
            let current = secondary.host_group().read_master_srv(&host).await;
            partial.previous_section = match current {
                Ok(s) => Some(s),
                Err(e) if e.api_code() == Some(codes::NOT_FOUND) => {
                    Some(MasterSrvSection::default())
                }
                Err(e) => return Err(e.into()),
            };
        }
        partial.secondary_host = Some(host);
        let children = primary
            .server_hierarchy()
            .get_child_servers(plan.group_id)
            .await?;
        if name_taken(&children, &plan.display_name, partial.registered_id) {
            return Err(OpError::NameTaken {
                name: plan.display_name.clone(),
                group: plan.group_name.clone(),
            });
        }
        if let Some(id) = partial.registered_id
            && !children.iter().any(|c| c.id == id)
        {
            // The kept registration was deleted meanwhile: register again.
            partial.registered_id = None;
        }
        Ok(())
    }
    .await;
    if let Err(error) = checked {
        let rollback = if partial.registered_id.is_some() || partial.section_touched() {
            Rollback::Kept
        } else {
            Rollback::NotNeeded
        };
        return Err(AddFailure {
            stage: Stage::Check,
            error,
            partial,
            rollback,
        });
    }
    progress(Progress::Finished(
        Stage::Check,
        crate::fl!(
            "ops-name-free",
            name = format!("{:?}", plan.display_name),
            group = plan.group_name.clone()
        ),
    ));

    // Register on the primary.
    progress(Progress::Started(Stage::Register));
    let id = match partial.registered_id {
        Some(id) => id,
        None => {
            let r = primary
                .server_hierarchy()
                .register_server(
                    &plan.display_name,
                    plan.group_id,
                    &plan.secondary_certificate.der,
                    &plan.net_address(),
                    &Params::new(),
                )
                .await;
            match r {
                Ok(id) => id,
                Err(e) => {
                    return Err(AddFailure {
                        stage: Stage::Register,
                        error: e.into(),
                        partial,
                        rollback: Rollback::NotNeeded,
                    });
                }
            }
        }
    };
    partial.registered_id = Some(id);
    progress(Progress::Finished(
        Stage::Register,
        crate::fl!(
            "ops-registered-as",
            id = id.to_string(),
            group = plan.group_name.clone()
        ),
    ));

    // Configure the secondary.
    progress(Progress::Started(Stage::ConfigureSecondary));
    let host = partial.secondary_host.clone().unwrap_or_default();
    let configured: Result<MasterSrvSection, OpError> = async {
        let protected = protect_proxy_password(secondary, &host, &plan.secondary_settings).await?;
        let section = section_for(&plan.secondary_settings, protected);
        write_section(secondary, &host, &section, &mut partial).await
    }
    .await;
    let section = match configured {
        Ok(s) => s,
        Err(error) => {
            return Err(fail(
                primary,
                secondary,
                options,
                Stage::ConfigureSecondary,
                error,
                partial,
            )
            .await);
        }
    };
    progress(Progress::Finished(
        Stage::ConfigureSecondary,
        format!(
            "the secondary now points at {}",
            super::validate::host_port(
                &plan.secondary_settings.primary_address,
                plan.secondary_settings.primary_ssl_port
            )
        ),
    ));

    // Wait for the link.
    progress(Progress::Started(Stage::WaitForLink));
    match wait_for_link(
        primary,
        plan.group_id,
        id,
        options.link_timeout,
        options.poll_interval,
        progress,
    )
    .await
    {
        Ok(child) => {
            progress(Progress::Finished(
                Stage::WaitForLink,
                format!(
                    "Active{}",
                    child
                        .version
                        .as_deref()
                        .map(|v| format!(", version {v}"))
                        .unwrap_or_default()
                ),
            ));
            Ok(AddReport {
                secondary_id: id,
                on_primary: dry.on_primary,
                on_secondary: dry.on_secondary,
                child,
                section,
            })
        }
        Err((mut error, _)) => {
            if let OpError::LinkTimeout {
                port,
                dialer_target,
                proxy_hint,
                ..
            } = &mut error
            {
                let s = &plan.secondary_settings;
                if s.dmz {
                    *port = plan.secondary_ssl_port;
                    *dialer_target = crate::fl!("ops-target-secondary-dmz");
                } else {
                    *port = s.primary_ssl_port;
                    *dialer_target = crate::fl!("ops-target-primary");
                }
                if let Some(p) = &s.proxy {
                    *proxy_hint = crate::fl!("ops-proxy-hint", proxy = p.location().to_string());
                }
            }
            Err(fail(
                primary,
                secondary,
                options,
                Stage::WaitForLink,
                error,
                partial,
            )
            .await)
        }
    }
}

/// Runs "register only": the primary registers the secondary (`RegisterServer` with its name,
/// group, certificate and, in DMZ mode, its address); nothing is written on the secondary, whose
/// administrator finishes there. The report lists the secondary as the primary reads it back
/// (Inactive until the secondary connects). Only [`Stage::Register`] is reported.
pub async fn register_only(
    primary: &KscClient,
    plan: &RegistrationPlan,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<AddReport, AddFailure> {
    tracing::info!(
        primary = %primary.endpoint(),
        name = %plan.display_name,
        group = %plan.group_name,
        "registering a secondary server on the primary only"
    );
    progress(Progress::Started(Stage::Register));
    let failure = |error: OpError| AddFailure {
        stage: Stage::Register,
        error,
        partial: Partial::default(),
        rollback: Rollback::NotNeeded,
    };
    let registered: Result<(i32, Option<ChildServer>), OpError> = async {
        let hierarchy = primary.server_hierarchy();
        let children = hierarchy.get_child_servers(plan.group_id).await?;
        if name_taken(&children, &plan.display_name, None) {
            return Err(OpError::NameTaken {
                name: plan.display_name.clone(),
                group: plan.group_name.clone(),
            });
        }
        let id = hierarchy
            .register_server(
                &plan.display_name,
                plan.group_id,
                &plan.secondary_certificate.der,
                &plan.net_address(),
                &Params::new(),
            )
            .await?;
        // Read back for the report; the registration stands even when this read fails.
        let child = find_child(primary, plan.group_id, id).await.ok().flatten();
        Ok((id, child))
    }
    .await;
    match registered {
        Ok((id, child)) => {
            tracing::info!(id, name = %plan.display_name, "the secondary server was registered");
            progress(Progress::Finished(
                Stage::Register,
                crate::fl!(
                    "ops-registered-as",
                    id = id.to_string(),
                    group = plan.group_name.clone()
                ),
            ));
            let child = child.unwrap_or_else(|| ChildServer {
                id,
                display_name: plan.display_name.clone(),
                group_id: Some(plan.group_id),
                address: None,
                instance_id: None,
                status: Some(ServerStatus::Inactive),
                version: None,
                last_connected: None,
                passive: plan.dmz,
                master_address: None,
                host_guid: None,
                certificate: None,
                public_key_hash: None,
            });
            Ok(AddReport {
                secondary_id: id,
                on_primary: plan.on_primary(),
                on_secondary: Vec::new(),
                child,
                section: MasterSrvSection::default(),
            })
        }
        Err(error) => {
            tracing::error!(%error, "registering the secondary server failed");
            Err(failure(error))
        }
    }
}

async fn fail(
    primary: &KscClient,
    secondary: &KscClient,
    options: &AddOptions,
    stage: Stage,
    error: OpError,
    mut partial: Partial,
) -> AddFailure {
    let rollback = match options.on_failure {
        OnFailure::Keep => Rollback::Kept,
        OnFailure::RollBack => match roll_back(primary, secondary, &mut partial).await {
            Ok(done) => Rollback::Done(done),
            Err(failed) => Rollback::Failed(failed),
        },
    };
    AddFailure {
        stage,
        error,
        partial,
        rollback,
    }
}

/// One setting that a save changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The API name.
    pub name: String,
    /// Value before, as shown.
    pub before: String,
    /// Value after, as shown.
    pub after: String,
}

/// What "make this server secondary" (or detach) wrote.
#[derive(Clone, Debug)]
pub struct SaveReport {
    /// The section before the save.
    pub before: MasterSrvSection,
    /// The section as read back after the save.
    pub after: MasterSrvSection,
    /// The differences, setting by setting.
    pub changes: Vec<Change>,
    /// When it was saved.
    pub saved_at: OffsetDateTime,
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

fn shown(s: &MasterSrvSection) -> Vec<(&'static str, String)> {
    use crate::wire::master_srv as m;
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        (m::USE, yes_no(s.use_master)),
        (m::ADDR, opt(&s.address)),
        (
            m::PORTS,
            s.ports
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            m::SSL_CERT,
            s.ssl_cert
                .as_deref()
                .map(cert_fingerprint)
                .unwrap_or_default(),
        ),
        (m::PASSIVE_SLAVE, yes_no(s.passive_slave)),
        (m::PROXY_USE, yes_no(s.proxy_use)),
        (m::PROXY_LOCATION, opt(&s.proxy_location)),
        (m::PROXY_LOGIN, opt(&s.proxy_login)),
        (
            m::PROXY_PASSWORD,
            if s.proxy_password.is_some() {
                crate::fl!("secondary-value-set")
            } else {
                String::new()
            },
        ),
    ]
}

/// The differences between two sections, setting by setting (passwords only as set/unset).
pub fn diff_sections(before: &MasterSrvSection, after: &MasterSrvSection) -> Vec<Change> {
    shown(before)
        .into_iter()
        .zip(shown(after))
        .filter(|((_, b), (_, a))| a != b)
        .map(|((name, b), (_, a))| Change {
            name: name.to_string(),
            before: b,
            after: a,
        })
        .collect()
}

/// The server's host id and its section before a save.
async fn read_before(server: &KscClient) -> Result<(String, MasterSrvSection), OpError> {
    let host = server.host_group().server_hostname().await?;
    let before = match server.host_group().read_master_srv(&host).await {
        Ok(s) => s,
        Err(e) if e.api_code() == Some(codes::NOT_FOUND) => MasterSrvSection::default(),
        Err(e) => return Err(e.into()),
    };
    Ok((host, before))
}

async fn save_section(
    server: &KscClient,
    host: &str,
    before: MasterSrvSection,
    section: &MasterSrvSection,
) -> Result<SaveReport, OpError> {
    // A save of its own: nothing to roll back, so what was written is not tracked.
    let after = write_section(server, host, section, &mut Partial::default()).await?;
    Ok(SaveReport {
        changes: diff_sections(&before, &after),
        before,
        after,
        saved_at: OffsetDateTime::now_utc(),
    })
}

/// "This server is secondary": writes `KLSRV_MASTER_SRV` on the server the client is logged in
/// to, reads it back and reports the differences.
pub async fn make_secondary(
    server: &KscClient,
    settings: &SecondarySettings,
) -> Result<SaveReport, OpError> {
    tracing::info!(
        server = %server.endpoint(),
        primary = %super::validate::host_port(&settings.primary_address, settings.primary_ssl_port),
        dmz = settings.dmz,
        proxy = settings.proxy.is_some(),
        "making this server secondary"
    );
    let result = async {
        let (host, before) = read_before(server).await?;
        let protected = protect_proxy_password(server, &host, settings).await?;
        save_section(server, &host, before, &section_for(settings, protected)).await
    }
    .await;
    log_save("making this server secondary", &result);
    result
}

fn log_save(what: &str, result: &Result<SaveReport, OpError>) {
    match result {
        Ok(_) => tracing::info!("{what}: saved and read back"),
        Err(e) => tracing::error!(error = %e, "{what} failed"),
    }
}

/// Detaches a secondary from its primary on the secondary's side (`KLSRV_MASTER_SRV_USE=false`),
/// as KlAkOAPI's sample does; the registration on the primary is separate (`DelServer`).
pub async fn detach(server: &KscClient) -> Result<SaveReport, OpError> {
    tracing::info!(server = %server.endpoint(), "detaching this server from its primary");
    let result = async {
        let (host, before) = read_before(server).await?;
        save_section(server, &host, before, &MasterSrvSection::default()).await
    }
    .await;
    log_save("detaching from the primary", &result);
    result
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
