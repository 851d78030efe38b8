//! After "This server is secondary" is saved: what the primary now sees of this server.
//!
//! The primary knows a secondary only by the certificate it was registered with, so the record
//! is found by comparing certificates (`KLSRVH_SRV_CERTIFICATE`, or `KLSRVH_SRV_PUBLIC_KEY_HASH`,
//! the MD5 of its DER) with this server's own, never by name or address (both may differ on
//! the primary). The settings page uses these steps one at a time to show progress; the
//! command line can use [`watch_on_primary`].

use std::time::{Duration, Instant};

use md5::{Digest, Md5};

use crate::kloapi::server_hierarchy::{ChildServer, ServerStatus};
use crate::kloapi::{ConnectOptions, KscClient, KscError, LoginOutcome};
use crate::secrets::{Secret, SecretKey};
use crate::tls::Pin;
use crate::wire::auth::BasicCredentials;
use crate::wire::srvh;

/// How the app can sign in to a primary it knows: a preset server or a remembered recent one.
#[derive(Clone, Debug)]
pub struct PrimaryLogin {
    /// Host name or address, as the app connects to it.
    pub address: String,
    /// Open API port.
    pub api_port: u16,
    /// User name.
    pub user: String,
    /// Windows domain, empty for none.
    pub domain: String,
    /// An internal KSC user rather than an OS or domain account.
    pub internal: bool,
    /// The pinned certificate of its Open API port.
    pub pin: Pin,
    /// The password when known (a preset); `None`: read it from the OS keyring.
    pub password: Option<Secret>,
}

/// The login for the primary at `address` whose certificate is `primary_cert` (DER), if any:
/// the address must match as typed and the pin must be that certificate, so the check talks to
/// the very server this one was told to trust.
pub fn pick_login<'a>(
    logins: &'a [PrimaryLogin],
    address: &str,
    primary_cert: &[u8],
) -> Option<&'a PrimaryLogin> {
    let pin = Pin::of_der(primary_cert);
    logins
        .iter()
        .find(|l| l.pin == pin && l.address.trim().eq_ignore_ascii_case(address.trim()))
}

/// Why the primary could not be asked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// No password for the primary in the OS keyring (or the keyring could not be read).
    #[error("{}", no_password_text(address, user, detail))]
    NoPassword {
        /// The primary.
        address: String,
        /// The user.
        user: String,
        /// What the keyring said, if it failed (empty: it has no such password).
        detail: String,
    },
    /// The primary asks for a two-step verification code, which a background check cannot type.
    #[error("{}", crate::fl!("onprimary-needs-code", address = address.as_str()))]
    NeedsCode {
        /// The primary.
        address: String,
    },
    /// An Open API call (or the connection) failed.
    #[error(transparent)]
    Ksc(#[from] KscError),
}

fn no_password_text(address: &str, user: &str, detail: &str) -> String {
    if detail.is_empty() {
        crate::fl!("onprimary-no-password", user = user, address = address)
    } else {
        crate::fl!(
            "onprimary-no-password-error",
            user = user,
            address = address,
            error = detail
        )
    }
}

/// Signs in to the primary described by `login`, pinned to its certificate.
pub async fn login_primary(login: &PrimaryLogin) -> Result<KscClient, CheckError> {
    let password = match &login.password {
        Some(p) => p.clone(),
        None => {
            let key = SecretKey::ksc_user(&login.address, login.api_port, &login.user);
            let no_password = |detail: String| CheckError::NoPassword {
                address: login.address.clone(),
                user: login.user.clone(),
                detail,
            };
            match crate::secrets::load(&key).await {
                Ok(Some(p)) => p,
                Ok(None) => return Err(no_password(String::new())),
                Err(e) => return Err(no_password(e.to_string())),
            }
        }
    };
    let mut opts = ConnectOptions::new(login.address.trim(), login.pin);
    opts.port = login.api_port;
    let client = KscClient::new(opts)?;
    let credentials = BasicCredentials {
        user: login.user.clone(),
        password: password.expose().to_string(),
        domain: login.domain.clone(),
        internal: login.internal,
    };
    match client.login(&credentials).await? {
        LoginOutcome::LoggedIn => Ok(client),
        _ => Err(CheckError::NeedsCode {
            address: login.address.clone(),
        }),
    }
}

/// Whether the record's certificate (or its MD5) is `der`.
fn same_certificate(record: &ChildServer, der: &[u8], md5_hex: &str) -> bool {
    let by_cert = record.certificate.as_deref().is_some_and(|c| {
        crate::cert::parse_certificate(c).map_or_else(|_| c == der, |d| d.der == der)
    });
    let by_hash = record
        .public_key_hash
        .as_deref()
        .is_some_and(|h| h.trim().eq_ignore_ascii_case(md5_hex));
    by_cert || by_hash
}

/// `GetServerInfo` calls in flight at once while looking for a certificate (one session serves
/// them over pooled connections, as on the Secondary servers page).
const LOOKUPS_AT_ONCE: usize = 8;

/// The primary's record of the secondary whose certificate is `this_cert` (DER or PEM), with
/// its certificate and hash filled in; `None` when the primary has not registered it.
pub async fn find_on_primary(
    primary: &KscClient,
    this_cert: &[u8],
) -> Result<Option<ChildServer>, KscError> {
    Ok(find_registration(primary, this_cert).await?.found)
}

/// What [`find_registration`] saw: the record of the certificate, and every secondary of the
/// primary as `GetChildServers(-1)` listed them (so a caller needs no second list).
#[derive(Clone, Debug, Default)]
pub struct Registrations {
    /// The record of the certificate looked for.
    pub found: Option<ChildServer>,
    /// All secondaries of the primary, in every group.
    pub all: Vec<ChildServer>,
}

impl Registrations {
    /// The secondaries registered in `group`, when every record names its group.
    pub fn in_group(&self, group: i32) -> Option<Vec<ChildServer>> {
        self.all
            .iter()
            .map(|c| c.group_id.map(|g| (g, c)))
            .collect::<Option<Vec<_>>>()
            .map(|all| {
                all.into_iter()
                    .filter(|(g, _)| *g == group)
                    .map(|(_, c)| c.clone())
                    .collect()
            })
    }
}

/// [`find_on_primary`], keeping the list of all secondaries. `GetChildServers` does not return
/// certificates, so each record's `GetServerInfo` is asked, several at once, until one matches.
pub async fn find_registration(
    primary: &KscClient,
    this_cert: &[u8],
) -> Result<Registrations, KscError> {
    use futures::StreamExt as _;

    let der =
        crate::cert::parse_certificate(this_cert).map_or_else(|_| this_cert.to_vec(), |d| d.der);
    let md5_hex = hex::encode(Md5::digest(&der));
    let sh = primary.server_hierarchy();
    let all = sh.get_child_servers(-1).await?;
    let mut looks = futures::stream::iter(all.iter().cloned())
        .map(|mut child| {
            let sh = &sh;
            async move {
                let info = match sh
                    .get_server_info(child.id, &[srvh::CERTIFICATE, srvh::PUBLIC_KEY_HASH])
                    .await
                {
                    Ok(info) => info,
                    // Deleted between the list and this call: not a registration any more.
                    Err(e) if crate::wire::error::codes::not_found(e.api_code()) => {
                        return Ok(None);
                    }
                    Err(e) => return Err(e),
                };
                let decode = |e: crate::wire::DecodeError| {
                    primary.decode_error("ServerHierarchy.GetServerInfo", &e.to_string())
                };
                child.certificate =
                    crate::kloapi::read::opt_binary(&info, "PxgRetVal", srvh::CERTIFICATE)
                        .map_err(decode)?;
                child.public_key_hash =
                    crate::kloapi::read::opt_str(&info, "PxgRetVal", srvh::PUBLIC_KEY_HASH)
                        .map_err(decode)?;
                Ok(Some(child))
            }
        })
        .buffered(LOOKUPS_AT_ONCE);
    while let Some(looked) = looks.next().await {
        if let Some(child) = looked?
            && same_certificate(&child, &der, &md5_hex)
        {
            drop(looks);
            return Ok(Registrations {
                found: Some(child),
                all,
            });
        }
    }
    drop(looks);
    Ok(Registrations { found: None, all })
}

/// This server as the primary records it, with the name of its administration group.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenOnPrimary {
    /// The primary's record.
    pub server: ChildServer,
    /// The group's name (`HostGroup.GetGroupInfo`), when it could be read.
    pub group_name: Option<String>,
}

/// The name of administration group `group` on the primary.
pub async fn group_name(primary: &KscClient, group: i32) -> Result<Option<String>, KscError> {
    let info = primary.host_group().get_group_info(group).await?;
    Ok(info.get("name").and_then(|v| match v {
        crate::wire::Value::String(s) => Some(s.clone()),
        _ => None,
    }))
}

/// One look at the primary: the record of `this_cert` and its group's name.
pub async fn look_on_primary(
    primary: &KscClient,
    this_cert: &[u8],
) -> Result<Option<SeenOnPrimary>, KscError> {
    let Some(server) = find_on_primary(primary, this_cert).await? else {
        return Ok(None);
    };
    let group_name = match server.group_id {
        Some(g) => group_name(primary, g).await?,
        None => None,
    };
    Ok(Some(SeenOnPrimary { server, group_name }))
}

/// Looks at the primary every `poll` until it reports this server Active or `timeout` passes;
/// `progress` gets the time waited and the last look. Returns the last look.
pub async fn watch_on_primary(
    primary: &KscClient,
    this_cert: &[u8],
    timeout: Duration,
    poll: Duration,
    progress: &mut (dyn FnMut(Duration, Option<&SeenOnPrimary>) + Send),
) -> Result<Option<SeenOnPrimary>, KscError> {
    let start = Instant::now();
    loop {
        let seen = look_on_primary(primary, this_cert).await?;
        let elapsed = start.elapsed();
        progress(elapsed, seen.as_ref());
        if is_active(seen.as_ref()) || elapsed >= timeout {
            return Ok(seen);
        }
        tokio::time::sleep(poll.min(timeout.saturating_sub(elapsed))).await;
    }
}

/// Whether the look found this server connected.
pub fn is_active(seen: Option<&SeenOnPrimary>) -> bool {
    seen.is_some_and(|s| s.server.status == Some(ServerStatus::Active))
}

/// The status as KSC's console names it.
pub fn status_name(status: Option<ServerStatus>) -> String {
    match status {
        Some(ServerStatus::Active) => crate::fl!("status-active"),
        Some(ServerStatus::Inactive) => crate::fl!("status-inactive"),
        Some(ServerStatus::Other(n)) => crate::fl!("onprimary-status-other", code = n),
        None => crate::fl!("onprimary-unknown"),
    }
}

/// A time as the page shows dates: `YYYY-MM-DD HH:MM UTC`.
fn show_time(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// What to tell the admin about a look at `primary` (as typed): one line per fact, the first
/// a headline.
pub fn describe(primary: &str, seen: Option<&SeenOnPrimary>) -> Vec<String> {
    let Some(s) = seen else {
        return vec![
            crate::fl!("onprimary-not-registered", primary = primary),
            crate::fl!("onprimary-register-hint"),
        ];
    };
    let r = &s.server;
    let group = match (&s.group_name, r.group_id) {
        (Some(n), _) => n.clone(),
        (None, Some(id)) => crate::fl!("onprimary-group-id", id = id),
        (None, None) => crate::fl!("onprimary-unknown"),
    };
    let mut lines = vec![
        crate::fl!(
            "onprimary-sees-as",
            primary = primary,
            name = r.display_name.as_str()
        ),
        crate::fl!("onprimary-status", status = status_name(r.status)),
        crate::fl!("onprimary-group", group = group),
        crate::fl!(
            "onprimary-last-connected",
            time = r
                .last_connected
                .map_or_else(|| crate::fl!("onprimary-never"), show_time)
        ),
    ];
    if r.status != Some(ServerStatus::Active) {
        lines.push(crate::fl!("onprimary-inactive-hint"));
    }
    lines
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn child(status: Option<ServerStatus>) -> SeenOnPrimary {
        SeenOnPrimary {
            server: ChildServer {
                id: 7,
                display_name: "Moscow".into(),
                group_id: Some(12),
                address: None,
                instance_id: None,
                status,
                version: None,
                last_connected: None,
                passive: false,
                master_address: None,
                host_guid: None,
                certificate: None,
                public_key_hash: Some("ABCDEF".into()),
            },
            group_name: Some("Branch offices".into()),
        }
    }

    #[test]
    fn descriptions_name_status_group_or_what_is_missing() {
        let status = |s: &str| crate::fl!("onprimary-status", status = s);
        let lines = describe("ksc-hq", Some(&child(Some(ServerStatus::Active))));
        assert!(
            lines.contains(&status(&crate::fl!("status-active"))),
            "{lines:?}"
        );
        assert!(lines.contains(&crate::fl!("onprimary-group", group = "Branch offices")));
        assert!(lines.contains(&crate::fl!(
            "onprimary-last-connected",
            time = crate::fl!("onprimary-never")
        )));
        let lines = describe("ksc-hq", Some(&child(Some(ServerStatus::Inactive))));
        assert!(lines.contains(&status(&crate::fl!("status-inactive"))));
        assert!(lines.len() == 5, "the hint about connecting");
        let lines = describe("ksc-hq", None);
        assert_eq!(
            lines[0],
            crate::fl!("onprimary-not-registered", primary = "ksc-hq")
        );
        assert!(lines[1].contains("klserver.cer"));
    }

    #[test]
    fn records_match_by_hash_case_insensitively() {
        let c = child(None).server;
        assert!(same_certificate(&c, b"x", "abcdef"));
        assert!(!same_certificate(&c, b"x", "abcde0"));
    }

    #[test]
    fn logins_need_the_address_and_the_pin_of_the_chosen_certificate() {
        let login = PrimaryLogin {
            address: "ksc-hq.corp".into(),
            api_port: 13299,
            user: "admin".into(),
            domain: String::new(),
            internal: true,
            pin: Pin::of_der(b"cert"),
            password: None,
        };
        let logins = [login];
        assert!(pick_login(&logins, " KSC-HQ.corp ", b"cert").is_some());
        assert!(pick_login(&logins, "ksc-hq.corp", b"other").is_none());
        assert!(pick_login(&logins, "10.0.0.1", b"cert").is_none());
    }
}
