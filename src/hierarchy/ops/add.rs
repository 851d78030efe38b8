//! "Add secondary": check, register on the primary, configure the secondary, wait for the link;
//! on failure, roll back or keep what was written so the run can resume.

use std::time::{Duration, Instant};

use super::{
    AddFailure, AddReport, Adopted, OnFailure, OpError, Partial, Progress, RegisterFailed,
    Rollback, Stage, Wanted, after_register_failed, find_child, look_for_registration, name_taken,
    protect_proxy_password, registered_in_group, section_for, update_registration, write_section,
};
use crate::hierarchy::plan::AddSecondaryPlan;
use crate::kloapi::host_group::{MasterSrvSection, SsWriteMode};
use crate::kloapi::server_hierarchy::{ChildServer, ServerStatus};
use crate::kloapi::{KscClient, KscError};
use crate::wire::Params;
use crate::wire::error::codes;

/// Options of [`add_secondary`].
#[derive(Clone, Debug)]
pub struct AddOptions {
    /// What to do on failure after the registration.
    pub on_failure: OnFailure,
    /// How long to wait for the secondary to become Active.
    pub link_timeout: Duration,
    /// How often to ask the primary meanwhile.
    pub poll_interval: Duration,
    /// The registration of the secondary's certificate the admin chose to replace (by id, as
    /// [`OpError::replaceable`] named it): deleted, then the secondary is registered as planned.
    pub replace: Option<i32>,
}

impl Default for AddOptions {
    fn default() -> Self {
        Self {
            on_failure: OnFailure::Keep,
            link_timeout: Duration::from_secs(60),
            poll_interval: Duration::from_millis(500),
            replace: None,
        }
    }
}

/// The first wait between two looks at the primary; it doubles up to the caller's interval.
/// A secondary on the same network connects within a fraction of a second of its section's
/// write, so the first looks come quickly; one that takes longer is asked at the interval.
const FIRST_POLL: Duration = Duration::from_millis(50);

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
    let mut wait = FIRST_POLL.min(poll);
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
        tokio::time::sleep(wait.min(timeout.saturating_sub(elapsed))).await;
        wait = (wait * 2).min(poll);
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
    if partial.registered_id.is_none()
        && let Some(der) = partial.unconfirmed_registration.clone()
    {
        match crate::hierarchy::on_primary::find_on_primary(primary, &der).await {
            Ok(Some(c)) => {
                partial.registered_id = Some(c.id);
                partial.unconfirmed_registration = None;
            }
            Ok(None) => {
                partial.unconfirmed_registration = None;
                done.push(crate::fl!("ops-unconfirmed-not-registered"));
            }
            Err(e) => failed.push(crate::fl!("ops-lookup-failed", error = e.to_string())),
        }
    }
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
    if partial.registered_id.is_none()
        && partial.unconfirmed_registration.is_none()
        && let Some(old) = partial.replaced.clone()
    {
        match restore_replaced(primary, &old).await {
            Ok(id) => {
                partial.replaced = None;
                done.push(crate::fl!(
                    "ops-restored-replaced",
                    id = id.to_string(),
                    name = format!("{:?}", old.child.display_name)
                ));
            }
            Err(e) => failed.push(crate::fl!(
                "ops-restore-replaced-failed",
                name = format!("{:?}", old.child.display_name),
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

/// `RegisterServer`'s `wstrNetAddress` for registering `child` again: `http://host:port` for a
/// passive (DMZ) secondary, empty otherwise. The primary reports `KLSRVH_SRV_ADDR` as `host:port`,
/// while `RegisterServer` takes the URL form (KSC Open API reference, `RegisterServer`).
pub fn registration_address(child: &ChildServer) -> String {
    if !child.passive {
        return String::new();
    }
    let address = child.address.clone().unwrap_or_default();
    let address = address.trim();
    if address.is_empty() || address.contains("://") {
        address.to_string()
    } else {
        format!("http://{address}")
    }
}

/// Registers a replaced registration again with its name, group and DMZ address (or finds it
/// registered already).
pub async fn restore_replaced(primary: &KscClient, old: &super::Replaced) -> Result<i32, KscError> {
    if let Some(c) =
        crate::hierarchy::on_primary::find_on_primary(primary, &old.certificate).await?
    {
        return Ok(c.id);
    }
    let address = registration_address(&old.child);
    primary
        .server_hierarchy()
        .register_server(
            &old.child.display_name,
            old.child.group_id.unwrap_or(0),
            &old.certificate,
            &address,
            &Params::new(),
        )
        .await
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

    // Check: the secondary's host id and current section; whether the primary holds a
    // registration of its certificate already; the name is free on the primary.
    progress(Progress::Started(Stage::Check));
    let mut adopted: Option<Adopted> = None;
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
        let net_address = plan.net_address();
        let wanted = Wanted {
            der: &plan.secondary_certificate.der,
            group_id: plan.group_id,
            name: &plan.display_name,
            net_address: &net_address,
            replace: options.replace,
        };
        let mut listed = None;
        adopted = look_for_registration(primary, &wanted, &mut partial, &mut listed).await?;
        let children = registered_in_group(primary, listed, plan.group_id).await?;
        if name_taken(&children, &plan.display_name, partial.registered_id) {
            return Err(OpError::NameTaken {
                name: plan.display_name.clone(),
                group: plan.group_name.clone(),
            });
        }
        Ok(())
    }
    .await;
    if let Err(error) = checked {
        let rollback = if partial.registered_id.is_some()
            || partial.section_touched()
            || partial.replaced.is_some()
        {
            Rollback::Kept
        } else if partial.unconfirmed_registration.is_some() {
            Rollback::Unconfirmed
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
    let mut registered_note = None;
    let id = match partial.registered_id {
        Some(id) => {
            if adopted.as_ref().is_some_and(|a| a.needs_update)
                && let Err(e) =
                    update_registration(primary, id, plan.group_id, &plan.display_name).await
            {
                return Err(fail(
                    primary,
                    secondary,
                    options,
                    Stage::Register,
                    e.into(),
                    partial,
                )
                .await);
            }
            if let Some(a) = &adopted {
                registered_note = Some(crate::fl!(
                    "ops-adopted",
                    id = a.child.id.to_string(),
                    name = format!("{:?}", plan.display_name),
                    group = plan.group_name.clone()
                ));
            }
            id
        }
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
                Err(e) => match after_register_failed(primary, &plan.secondary_certificate.der, &e)
                    .await
                {
                    RegisterFailed::Registered(id) => {
                        registered_note = Some(crate::fl!(
                            "ops-registered-answer-lost",
                            id = id.to_string(),
                            group = plan.group_name.clone()
                        ));
                        id
                    }
                    RegisterFailed::NothingWritten if partial.replaced.is_some() => {
                        // The replaced registration is gone: roll back registers it again.
                        return Err(fail(
                            primary,
                            secondary,
                            options,
                            Stage::Register,
                            e.into(),
                            partial,
                        )
                        .await);
                    }
                    RegisterFailed::NothingWritten => {
                        return Err(AddFailure {
                            stage: Stage::Register,
                            error: e.into(),
                            partial,
                            rollback: Rollback::NotNeeded,
                        });
                    }
                    RegisterFailed::Unknown => {
                        partial.unconfirmed_registration =
                            Some(plan.secondary_certificate.der.clone());
                        return Err(AddFailure {
                            stage: Stage::Register,
                            error: e.into(),
                            partial,
                            rollback: Rollback::Unconfirmed,
                        });
                    }
                },
            }
        }
    };
    partial.registered_id = Some(id);
    partial.unconfirmed_registration = None;
    if registered_note.is_none()
        && let Some(old) = &partial.replaced
    {
        registered_note = Some(crate::fl!(
            "ops-replaced",
            old = old.child.id.to_string(),
            id = id.to_string(),
            group = plan.group_name.clone()
        ));
    }
    progress(Progress::Finished(
        Stage::Register,
        registered_note.unwrap_or_else(|| {
            crate::fl!(
                "ops-registered-as",
                id = id.to_string(),
                group = plan.group_name.clone()
            )
        }),
    ));

    // Configure the secondary.
    progress(Progress::Started(Stage::ConfigureSecondary));
    let host = partial.secondary_host.clone().unwrap_or_default();
    let configured: Result<(MasterSrvSection, Option<String>), OpError> = async {
        let protected = protect_proxy_password(secondary, &host, &plan.secondary_settings).await?;
        let section = section_for(&plan.secondary_settings, protected);
        write_section(secondary, &host, &section, &mut partial).await
    }
    .await;
    let (section, read_back_failed) = match configured {
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
    let primary_at = crate::hierarchy::validate::host_port(
        &plan.secondary_settings.primary_address,
        plan.secondary_settings.primary_ssl_port,
    );
    progress(Progress::Finished(
        Stage::ConfigureSecondary,
        match read_back_failed {
            None => crate::fl!("ops-secondary-points-at", primary = primary_at),
            Some(error) => crate::fl!(
                "ops-secondary-points-at-not-read-back",
                primary = primary_at,
                error = error
            ),
        },
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
