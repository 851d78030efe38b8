//! The secondary's own side: "this server is secondary" and detach, each reported as a diff of
//! its `KLSRV_MASTER_SRV` section.

use time::OffsetDateTime;

use super::{OpError, Partial, check_read_back, protect_proxy_password, section_for, send_section};
use crate::hierarchy::plan::{SecondarySettings, yes_no};
use crate::kloapi::KscClient;
use crate::kloapi::host_group::MasterSrvSection;
use crate::wire::error::codes;

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
    /// The section as read back after the save; what was written when the read-back failed.
    pub after: MasterSrvSection,
    /// Why reading the section back failed, after the server had confirmed the write: the save
    /// stands, but `after` and `changes` are what was written, not what the server reports.
    pub read_back_failed: Option<String>,
    /// The differences, setting by setting.
    pub changes: Vec<Change>,
    /// When it was saved.
    pub saved_at: OffsetDateTime,
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
                .map(crate::cert::fingerprint)
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
    // A save of its own: nothing to roll back, so what was written is not tracked; the section
    // before only lends the variables the app does not model, kept on the rewrite.
    let mut partial = Partial {
        previous_section: Some(before.clone()),
        ..Partial::default()
    };
    let written = send_section(server, host, section, &mut partial).await?;
    // The server confirmed the write: a failed read-back must not call the save failed, or
    // the admin would redo (or undo) a change that is in place.
    let (after, read_back_failed) = match server.host_group().read_master_srv(host).await {
        Ok(read) => {
            check_read_back(&written, &read)?;
            (read, None)
        }
        Err(e) => (written, Some(e.to_string())),
    };
    Ok(SaveReport {
        changes: diff_sections(&before, &after),
        before,
        after,
        read_back_failed,
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
        primary = %crate::hierarchy::validate::host_port(&settings.primary_address, settings.primary_ssl_port),
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
        Ok(SaveReport {
            read_back_failed: Some(e),
            ..
        }) => tracing::warn!(error = %e, "{what}: saved, but reading it back failed"),
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

/// Writes `section` back on the server as it was before a change the app made there (a
/// rollback), read back like any save.
pub async fn restore_section(
    server: &KscClient,
    section: &MasterSrvSection,
) -> Result<SaveReport, OpError> {
    let (host, before) = read_before(server).await?;
    save_section(server, &host, before, section).await
}
