//! Running a plan file against the servers (`ksc-link add-secondary --plan`): the same path as
//! the wizard — the primary's context, the certificate compared with the confirmed fingerprint,
//! the login to the secondary, then [`add_secondary`] or [`register_only`] — never a copy.
//! Secrets and two-step codes come from the caller, which knows the keyring, the environment
//! and the terminal.

use std::path::PathBuf;
use std::time::Duration;

use super::plan::{AddSecondaryPlan, DryRun, ProxyPlan, SecondarySettings};
use super::plan_file::{Account, CertificateChoice, PlanFile, SecretSource};
use super::preflight::SecondaryLogin;
use super::{AddFailure, AddOptions, AddReport, OnFailure, Progress, add_secondary, register_only};
use crate::cert::CertificateDetails;
use crate::kloapi::{ConnectOptions, GroupNode, KscClient, KscError, LoginOutcome};
use crate::secrets::{Secret, SecretKey};
use crate::tls::Pin;
use crate::wire::auth::BasicCredentials;

/// How a run ended badly, by what the admin has to fix; each has its exit code.
#[derive(Debug, thiserror::Error)]
pub enum PlanRunError {
    /// The plan, a file it names or a secret it needs is wrong or missing (exit code 2).
    #[error("{0}")]
    BadInput(String),
    /// A server could not be reached, or presented another certificate (exit code 3).
    #[error("{0}")]
    Connection(String),
    /// A login was refused: password, two-step code, account (exit code 4).
    #[error("{0}")]
    Authentication(String),
    /// The servers were reached but building the hierarchy failed (exit code 1); what was
    /// written was rolled back or is described.
    #[error("{0}")]
    Failed(Box<AddFailure>),
    /// Another failure of a call (exit code 1).
    #[error("{0}")]
    Other(String),
    /// The pre-flight check found errors; nothing was written (exit code 1).
    #[error("{}\n{}", crate::fl!("preflight-stopped"), .0.to_text().trim_end())]
    Preflight(Box<super::preflight::Report>),
}

impl PlanRunError {
    /// The process exit code this failure stands for (documented in the README).
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::BadInput(_) => 2,
            Self::Connection(_) => 3,
            Self::Authentication(_) => 4,
            Self::Failed(_) | Self::Other(_) | Self::Preflight(_) => 1,
        }
    }

    /// A failed call, by what the admin has to fix.
    pub fn from_ksc(e: KscError) -> Self {
        match &e {
            KscError::Net(_) | KscError::Timeout { .. } | KscError::CertificateChanged { .. } => {
                Self::Connection(e.to_string())
            }
            _ if e.needs_login() => Self::Authentication(e.to_string()),
            _ => Self::Other(e.to_string()),
        }
    }
}

/// What the caller provides: passwords by their source, two-step codes when a server asks.
pub trait Asker {
    /// The password `source` names; `key` is where the app keeps it in the keyring, `what`
    /// says whose it is (for a prompt).
    fn password(
        &mut self,
        source: &SecretSource,
        key: &SecretKey,
        what: &str,
    ) -> Result<Secret, String>;
    /// A two-step verification code of `length` digits for the user on `server`; `totp` is
    /// where a service account's TOTP secret would be kept.
    fn code(&mut self, server: &str, totp: &SecretKey, length: usize) -> Result<String, String>;
}

/// What a run did.
#[derive(Debug)]
pub enum PlanOutcome {
    /// `--dry-run`: what would be written where; nothing was.
    DryRun {
        /// The writes.
        dry_run: DryRun,
        /// In register-only mode, what the secondary's administrator then does.
        secondary_steps: Vec<String>,
        /// The pre-flight check.
        preflight: super::preflight::Report,
    },
    /// The hierarchy was built (or the secondary registered on the primary only).
    Done {
        /// The report, as the wizard's result step shows it.
        report: Box<AddReport>,
        /// In register-only mode, what the secondary's administrator does next.
        secondary_steps: Vec<String>,
        /// The pre-flight check (it found no error, or the run would not have written).
        preflight: super::preflight::Report,
    },
}

/// Options of a run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Write nothing: check everything and show what would be written.
    pub dry_run: bool,
    /// Keep what was written when a late stage fails (default: roll it back).
    pub keep_on_failure: bool,
    /// How long to wait for the secondary to become Active.
    pub link_timeout: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            keep_on_failure: false,
            link_timeout: Duration::from_secs(120),
        }
    }
}

fn credentials(account: &Account, password: &Secret) -> BasicCredentials {
    BasicCredentials {
        user: account.user.clone(),
        password: password.expose().to_string(),
        domain: account.domain.clone(),
        internal: account.internal,
    }
}

/// Logs in, asking for a two-step code when the server wants one; true when a code was asked
/// (and accepted).
pub async fn log_in(
    client: &KscClient,
    creds: &BasicCredentials,
    asker: &mut dyn Asker,
) -> Result<bool, PlanRunError> {
    let server = client.endpoint().to_string();
    let mut outcome = client.login(creds).await.map_err(PlanRunError::from_ksc)?;
    let mut code_asked = false;
    loop {
        match outcome {
            LoginOutcome::LoggedIn => return Ok(code_asked),
            LoginOutcome::CodeRequired { length } => {
                code_asked = true;
                let at = client.endpoint();
                let totp = SecretKey::ksc_totp(&at.host, at.port, &creds.user);
                let code = asker
                    .code(&server, &totp, length)
                    .map_err(PlanRunError::BadInput)?;
                outcome = client
                    .submit_code(&code)
                    .await
                    .map_err(PlanRunError::from_ksc)?;
            }
            LoginOutcome::WrongCode { .. } => {
                let mut why = crate::fl!("run-plan-wrong-code", server = server);
                // A code made on time is refused by a server whose clock is off.
                if let Some(warning) = client
                    .clock_offset()
                    .and_then(|c| c.warning(&client.endpoint().host))
                {
                    why = format!("{why}. {warning}");
                }
                return Err(PlanRunError::Authentication(why));
            }
            LoginOutcome::TwoFactorNotConfigured => {
                return Err(PlanRunError::Authentication(crate::fl!(
                    "run-plan-two-step-not-set-up",
                    server = server,
                    user = creds.user.clone()
                )));
            }
        }
    }
}

/// The group the plan names, by its path below the root; a name not found is reported with the
/// names there are at that level.
pub fn find_group(root: &GroupNode, path: &[String]) -> Result<(i32, String), String> {
    let mut at = root;
    for name in path {
        let next = at
            .children
            .iter()
            .find(|g| g.name.trim().to_lowercase() == name.trim().to_lowercase());
        match next {
            Some(g) => at = g,
            None => {
                let there: Vec<String> = at
                    .children
                    .iter()
                    .map(|g| format!("{:?}", g.name))
                    .collect();
                return Err(crate::fl!(
                    "run-plan-no-group",
                    name = format!("{name:?}"),
                    parent = format!("{:?}", at.name),
                    there = if there.is_empty() {
                        crate::fl!("run-plan-no-subgroups")
                    } else {
                        there.join(", ")
                    }
                ));
            }
        }
    }
    Ok((at.id, at.name.clone()))
}

/// The secondary's certificate as the plan says where to get it, checked against the
/// fingerprint its administrator confirmed.
async fn secondary_certificate(plan: &PlanFile) -> Result<CertificateDetails, PlanRunError> {
    let (details, from) = match &plan.certificate {
        CertificateChoice::Fetch => {
            let presented = crate::tls::fetch_presented_certificate(
                &plan.secondary_address,
                plan.secondary_ssl_port,
                None,
                Duration::from_secs(15),
            )
            .await
            .map_err(|e| PlanRunError::Connection(e.to_string()))?;
            let details = crate::cert::parse_certificate(&presented.leaf_der)
                .map_err(|e| PlanRunError::Connection(e.to_string()))?;
            (
                details,
                crate::net::host_port(&plan.secondary_address, plan.secondary_ssl_port),
            )
        }
        CertificateChoice::File(path) => {
            let p: PathBuf = path.clone();
            let details =
                tokio::task::spawn_blocking(move || crate::cert::load_certificate_file(&p))
                    .await
                    .map_err(|e| PlanRunError::Other(e.to_string()))?
                    .map_err(|e| PlanRunError::BadInput(e.to_string()))?;
            (details, path.display().to_string())
        }
    };
    if details.pin() != plan.certificate_pin {
        return Err(PlanRunError::Connection(crate::fl!(
            "run-plan-certificate-mismatch",
            from = from,
            found = details.sha256_colon(),
            expected = plan.certificate_pin.colon_hex()
        )));
    }
    Ok(details)
}

/// The plan's proxy, with its password from where the plan says.
fn proxy_plan(plan: &PlanFile, asker: &mut dyn Asker) -> Result<Option<ProxyPlan>, PlanRunError> {
    let Some(p) = &plan.proxy else {
        return Ok(None);
    };
    let password = if p.user.is_empty() {
        Secret::default()
    } else {
        asker
            .password(
                &p.password,
                &SecretKey::proxy(&p.address, p.port, &p.user),
                &crate::fl!(
                    "run-plan-whose-password",
                    user = p.user.clone(),
                    server = crate::net::host_port(&p.address, p.port)
                ),
            )
            .map_err(PlanRunError::BadInput)?
    };
    Ok(Some(ProxyPlan {
        host: p.address.clone(),
        port: p.port,
        user: p.user.clone(),
        password,
    }))
}

fn connect(address: &str, port: u16, pin: Pin) -> Result<KscClient, PlanRunError> {
    let mut opts = ConnectOptions::new(address, pin);
    opts.port = port;
    KscClient::new(opts).map_err(PlanRunError::from_ksc)
}

/// Runs `plan`: checks everything first (secrets, the primary, the group, the secondary's
/// certificate and login), then writes — or, with `dry_run`, shows what it would write.
pub async fn run_plan(
    plan: &PlanFile,
    options: &RunOptions,
    asker: &mut dyn Asker,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<PlanOutcome, PlanRunError> {
    // Every secret first, so a missing one stops the run before any server is asked.
    let primary_password = asker
        .password(
            &plan.primary_account.password,
            &plan.primary_secret_key(),
            &crate::fl!(
                "run-plan-whose-password",
                user = plan.primary_account.user.clone(),
                server = crate::net::host_port(&plan.primary_address, plan.primary_api_port)
            ),
        )
        .map_err(PlanRunError::BadInput)?;
    let secondary_password = match (&plan.secondary_account, plan.secondary_secret_key()) {
        (Some(a), Some(key)) if !plan.register_only => Some(
            asker
                .password(
                    &a.password,
                    &key,
                    &crate::fl!(
                        "run-plan-whose-password",
                        user = a.user.clone(),
                        server =
                            crate::net::host_port(&plan.secondary_address, plan.secondary_api_port)
                    ),
                )
                .map_err(PlanRunError::BadInput)?,
        ),
        _ => None,
    };
    let proxy = proxy_plan(plan, asker)?;

    let primary = connect(
        &plan.primary_address,
        plan.primary_api_port,
        plan.primary_pin,
    )?;
    log_in(
        &primary,
        &credentials(&plan.primary_account, &primary_password),
        asker,
    )
    .await?;
    let context = super::wizard::PrimaryContext::load(&primary, &plan.primary_address)
        .await
        .map_err(PlanRunError::from_ksc)?;
    let root = context
        .groups
        .first()
        .ok_or_else(|| PlanRunError::Other(crate::fl!("run-plan-no-groups")))?;
    let (group_id, group_name) = find_group(root, &plan.group).map_err(PlanRunError::BadInput)?;
    let certificate = secondary_certificate(plan).await?;
    let settings = SecondarySettings {
        primary_address: plan.primary_address_for_secondary.clone(),
        primary_ssl_port: plan.primary_ssl_port,
        primary_certificate: context.certificate.clone(),
        dmz: plan.dmz,
        proxy,
    };
    let secondary_address =
        (!plan.secondary_address.is_empty()).then(|| plan.secondary_address.clone());
    let account = plan.secondary_account.clone();
    let add = AddSecondaryPlan {
        group_id,
        group_name,
        display_name: plan.display_name.clone(),
        secondary_address,
        secondary_ssl_port: plan.secondary_ssl_port,
        secondary_api_port: plan.secondary_api_port,
        secondary_certificate: certificate,
        secondary_credentials: match (&account, &secondary_password) {
            (Some(a), Some(p)) => credentials(a, p),
            _ => BasicCredentials {
                user: String::new(),
                password: String::new(),
                domain: String::new(),
                internal: true,
            },
        },
        secondary_settings: settings,
    };

    if plan.register_only {
        let registration = add.registration();
        let steps = registration.secondary_admin_steps();
        let observed =
            super::preflight::observe(&primary, None, &add, SecondaryLogin::NotLoggedIn).await;
        let preflight = super::preflight::evaluate(&add, &observed);
        if options.dry_run {
            return Ok(PlanOutcome::DryRun {
                dry_run: DryRun {
                    on_primary: registration.on_primary(),
                    on_secondary: Vec::new(),
                },
                secondary_steps: steps,
                preflight,
            });
        }
        if preflight.has_errors() {
            return Err(PlanRunError::Preflight(Box::new(preflight)));
        }
        let report = register_only(&primary, &registration, None, progress)
            .await
            .map_err(|f| PlanRunError::Failed(Box::new(f)))?;
        return Ok(PlanOutcome::Done {
            report: Box::new(report),
            secondary_steps: steps,
            preflight,
        });
    }

    let secondary = connect(
        &plan.secondary_address,
        plan.secondary_api_port,
        plan.certificate_pin,
    )?;
    let login = if log_in(&secondary, &add.secondary_credentials, asker).await? {
        SecondaryLogin::WithCode
    } else {
        SecondaryLogin::Password
    };
    let observed = super::preflight::observe(&primary, Some(&secondary), &add, login).await;
    let preflight = super::preflight::evaluate(&add, &observed);
    if options.dry_run {
        let _ = secondary.close().await;
        return Ok(PlanOutcome::DryRun {
            dry_run: add.dry_run(),
            secondary_steps: Vec::new(),
            preflight,
        });
    }
    if preflight.has_errors() {
        let _ = secondary.close().await;
        return Err(PlanRunError::Preflight(Box::new(preflight)));
    }
    let run_options = AddOptions {
        on_failure: if options.keep_on_failure {
            OnFailure::Keep
        } else {
            OnFailure::RollBack
        },
        link_timeout: options.link_timeout,
        ..AddOptions::default()
    };
    let result = add_secondary(&primary, &secondary, &add, &run_options, None, progress).await;
    let _ = secondary.close().await;
    let _ = primary.close().await;
    let report = result.map_err(|f| PlanRunError::Failed(Box::new(f)))?;
    Ok(PlanOutcome::Done {
        report: Box::new(report),
        secondary_steps: Vec::new(),
        preflight,
    })
}

/// What `set-primary` did.
#[derive(Debug)]
pub enum SetPrimaryOutcome {
    /// `--dry-run`: what would be written on the secondary; nothing was.
    DryRun(Vec<super::plan::PlannedWrite>),
    /// The secondary's section was written.
    Done(Box<super::SaveReport>),
}

/// Runs the secondary's half of `plan` on the secondary (the "This server is secondary" page):
/// the primary's certificate comes from `primary_certificate` (a file) or from the primary's
/// SSL port as the secondary dials it, and must have the plan's fingerprint of the primary.
pub async fn run_set_primary(
    plan: &PlanFile,
    primary_certificate: Option<&std::path::Path>,
    dry_run: bool,
    asker: &mut dyn Asker,
) -> Result<SetPrimaryOutcome, PlanRunError> {
    let account = plan
        .secondary_account
        .as_ref()
        .ok_or_else(|| PlanRunError::BadInput(crate::fl!("run-plan-secondary-user")))?;
    let key = plan
        .secondary_secret_key()
        .ok_or_else(|| PlanRunError::BadInput(crate::fl!("run-plan-secondary-user")))?;
    let password = asker
        .password(
            &account.password,
            &key,
            &crate::fl!(
                "run-plan-whose-password",
                user = account.user.clone(),
                server = crate::net::host_port(&plan.secondary_address, plan.secondary_api_port)
            ),
        )
        .map_err(PlanRunError::BadInput)?;
    let proxy = proxy_plan(plan, asker)?;
    let (certificate, from) = match primary_certificate {
        Some(path) => {
            let p = path.to_path_buf();
            let details =
                tokio::task::spawn_blocking(move || crate::cert::load_certificate_file(&p))
                    .await
                    .map_err(|e| PlanRunError::Other(e.to_string()))?
                    .map_err(|e| PlanRunError::BadInput(e.to_string()))?;
            (details, path.display().to_string())
        }
        None => {
            let at =
                crate::net::host_port(&plan.primary_address_for_secondary, plan.primary_ssl_port);
            let presented = crate::tls::fetch_presented_certificate(
                &plan.primary_address_for_secondary,
                plan.primary_ssl_port,
                None,
                Duration::from_secs(15),
            )
            .await
            .map_err(|e| {
                PlanRunError::Connection(crate::fl!(
                    "run-plan-primary-certificate-unreachable",
                    at = at.clone(),
                    error = e.to_string()
                ))
            })?;
            let details = crate::cert::parse_certificate(&presented.leaf_der)
                .map_err(|e| PlanRunError::Connection(e.to_string()))?;
            (details, at)
        }
    };
    if certificate.pin() != plan.primary_pin {
        return Err(PlanRunError::Connection(crate::fl!(
            "run-plan-certificate-mismatch",
            from = from,
            found = certificate.sha256_colon(),
            expected = plan.primary_pin.colon_hex()
        )));
    }
    let settings = SecondarySettings {
        primary_address: plan.primary_address_for_secondary.clone(),
        primary_ssl_port: plan.primary_ssl_port,
        primary_certificate: certificate.der.clone(),
        dmz: plan.dmz,
        proxy,
    };
    let secondary = connect(
        &plan.secondary_address,
        plan.secondary_api_port,
        plan.certificate_pin,
    )?;
    log_in(&secondary, &credentials(account, &password), asker).await?;
    if dry_run {
        let _ = secondary.close().await;
        return Ok(SetPrimaryOutcome::DryRun(settings.planned_writes()));
    }
    let r = super::make_secondary(&secondary, &settings).await;
    let _ = secondary.close().await;
    r.map(|report| SetPrimaryOutcome::Done(Box::new(report)))
        .map_err(|e| PlanRunError::Other(e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn g(id: i32, name: &str, children: Vec<GroupNode>) -> GroupNode {
        GroupNode {
            id,
            name: name.into(),
            children,
        }
    }

    #[test]
    fn groups_are_found_by_path_and_a_wrong_name_lists_the_names_there() {
        let root = g(
            0,
            "Managed devices",
            vec![g(1, "Servers", vec![g(2, "Secondary servers", vec![])])],
        );
        assert_eq!(find_group(&root, &[]).unwrap().0, 0);
        let path = ["servers".to_string(), "Secondary Servers".to_string()];
        assert_eq!(
            find_group(&root, &path).unwrap(),
            (2, "Secondary servers".into())
        );
        let e = find_group(&root, &["Severs".to_string()]).unwrap_err();
        assert!(e.contains("\"Severs\"") && e.contains("\"Servers\""), "{e}");
    }
}
