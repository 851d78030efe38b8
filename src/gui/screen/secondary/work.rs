//! The page's I/O: reading the section, scanning drives, file dialogs, saving, and the check on
//! the primary after a save, each performed by [`Work::into_stream`] in a task of the shell.

use std::path::PathBuf;
use std::time::Duration;

use futures::StreamExt;
use futures::stream::BoxStream;

use super::{Form, Loaded, Message, PRIMARY_POLL_EVERY};
use crate::gui::dialog::{self, NoDialog};
use crate::gui::widget::path_entry;
use crate::hierarchy::SecondarySettings;
use crate::hierarchy::join_file::JoinFile;
use crate::hierarchy::on_primary::{self, PrimaryLogin, SeenOnPrimary};
use crate::kloapi::{KscClient, MasterSrvSection};
use crate::secrets::{Secret, SecretKey};
use crate::wire::error::codes;

/// I/O of the page; [`Work::run`] performs it.
#[derive(Debug)]
pub enum Work {
    /// Read the server's section (and the proxy password from the keyring).
    Load {
        /// The server.
        client: KscClient,
    },
    /// Look for certificate files on removable drives.
    Scan {
        /// The configured roots (empty: the platform's).
        roots: Vec<PathBuf>,
    },
    /// Ask for a certificate file.
    PickCertificateFile {
        /// Where the dialog opens (a removable drive, when one is mounted).
        start: Option<PathBuf>,
    },
    /// Read a certificate file.
    LoadCertificateFile(PathBuf),
    /// Ask for a join file.
    PickJoinFile {
        /// Where the dialog opens.
        start: Option<PathBuf>,
    },
    /// Read a join file.
    LoadJoinFile(PathBuf),
    /// Make the server secondary with these settings.
    Save {
        /// The server.
        client: KscClient,
        /// What to write.
        settings: Box<SecondarySettings>,
        /// The proxy password to keep in the keyring after a successful save.
        remember: Option<(SecretKey, Secret)>,
    },
    /// Detach the server from its primary.
    Detach {
        /// The server.
        client: KscClient,
    },
    /// After a save: read this server's certificate, sign in to the primary and watch it until
    /// it reports this server Active or `timeout` passes.
    CheckOnPrimary {
        /// Which check this is (older checks' messages are ignored).
        check: u64,
        /// This (secondary) server.
        secondary: KscClient,
        login: Box<PrimaryLogin>,
        timeout: Duration,
    },
}

/// Reads the host id, the section (absent reads as empty) and the proxy password in the keyring.
pub async fn load(client: &KscClient) -> Result<Loaded, String> {
    let hg = client.host_group();
    let host = hg
        .server_hostname()
        .await
        .map_err(|e| crate::fl!("secondary-host-name-failed", error = e.to_string()))?;
    let section = match hg.read_master_srv(&host).await {
        Ok(s) => s,
        Err(e) if e.api_code() == Some(codes::NOT_FOUND) => MasterSrvSection::default(),
        Err(e) => return Err(crate::fl!("secondary-read-failed", error = e.to_string())),
    };
    let (form, _) = Form::from_section(&section);
    // A locked or missing keyring only means the password must be typed again.
    let proxy_password = match form.proxy_key() {
        Some(key) => crate::secrets::load(&key).await.ok().flatten(),
        None => None,
    };
    Ok(Loaded {
        host,
        section,
        proxy_password,
    })
}

impl Work {
    /// Performs the work: one message, or for the check on the primary one per look and a
    /// last one when it ends.
    pub fn into_stream(self) -> BoxStream<'static, Message> {
        match self {
            Work::CheckOnPrimary {
                check,
                secondary,
                login,
                timeout,
            } => check_on_primary(check, secondary, *login, timeout),
            other => futures::stream::once(other.run()).boxed(),
        }
    }

    async fn run(self) -> Message {
        match self {
            Work::Load { client } => Message::Loaded(load(&client).await.map(Box::new)),
            Work::Scan { roots } => Message::Scanned(crate::removable::scan_mounted(roots).await),
            Work::PickCertificateFile { start } => {
                let title = crate::fl!("secondary-certificate-title");
                match dialog::pick_certificate(title, start).await {
                    Ok(picked) => Message::FileChosen(picked),
                    Err(NoDialog) => Message::CertificatePath(path_entry::Message::NoDialog),
                }
            }
            Work::LoadCertificateFile(path) => {
                let r = dialog::load_certificate(&path).await;
                Message::FileLoaded(path, r)
            }
            Work::PickJoinFile { start } => {
                let filter = (crate::fl!("export-filter-join-files"), &["toml"][..]);
                let title = crate::fl!("secondary-join-file-title");
                match dialog::pick(title, start, &[filter]).await {
                    Ok(picked) => Message::JoinFileChosen(picked),
                    Err(NoDialog) => Message::JoinPath(path_entry::Message::NoDialog),
                }
            }
            Work::LoadJoinFile(path) => {
                let r = dialog::read_file(&path, JoinFile::read).await;
                Message::JoinFileLoaded(path, r)
            }
            Work::Save {
                client,
                settings,
                remember,
            } => {
                let r = crate::hierarchy::make_secondary(&client, &settings)
                    .await
                    .map_err(|e| e.to_string());
                let keyring = match (&r, remember) {
                    (Ok(_), Some((key, password))) => {
                        crate::secrets::store(&key, &password).await.err().map(|e| {
                            crate::fl!("secondary-proxy-password-not-kept", error = e.to_string())
                        })
                    }
                    _ => None,
                };
                Message::Saved(Box::new(r), keyring)
            }
            Work::CheckOnPrimary {
                check,
                secondary,
                login,
                timeout,
            } => {
                // To its end: the stream always closes with the check's outcome.
                check_on_primary(check, secondary, *login, timeout)
                    .fold(Message::PrimaryChecked(check, Ok(None)), |_, m| async { m })
                    .await
            }
            Work::Detach { client } => Message::Saved(
                Box::new(
                    crate::hierarchy::detach(&client)
                        .await
                        .map_err(|e| e.to_string()),
                ),
                None,
            ),
        }
    }
}

/// The check after a save as one stream: sign in to the primary, then
/// [`on_primary::watch_on_primary`] with a message per look, and a last message when it ends.
fn check_on_primary(
    check: u64,
    secondary: KscClient,
    login: PrimaryLogin,
    timeout: Duration,
) -> BoxStream<'static, Message> {
    let (tx, rx) = futures::channel::mpsc::unbounded();
    let driver = async move {
        let progress_tx = tx.clone();
        let mut on_look = move |waited: Duration, seen: Option<&SeenOnPrimary>| {
            // A closed receiver means the page is gone; the stream ends with it.
            let _ = progress_tx.unbounded_send(Message::PrimaryLooked(
                check,
                waited,
                seen.cloned().map(Box::new),
            ));
        };
        let result = async {
            let cert = secondary
                .host_group()
                .server_certificate()
                .await
                .map_err(|e| {
                    crate::fl!("secondary-own-certificate-failed", error = e.to_string())
                })?;
            let primary = on_primary::login_primary(&login).await.map_err(|e| {
                crate::fl!("secondary-primary-sign-in-failed", error = e.to_string())
            })?;
            let seen = on_primary::watch_on_primary(
                &primary,
                &cert,
                timeout,
                PRIMARY_POLL_EVERY,
                &mut on_look,
            )
            .await;
            // Only a courtesy to the primary: an unclosed session expires there anyway.
            let _ = primary.close().await;
            seen.map_err(|e| e.to_string())
        }
        .await;
        let _ = tx.unbounded_send(Message::PrimaryChecked(
            check,
            result.map(|s| s.map(Box::new)),
        ));
    };
    // The driver ends by sending the last message and dropping the sender, which ends `rx`.
    futures::stream::select(
        futures::stream::once(driver).filter_map(|()| async { None }),
        rx,
    )
    .boxed()
}
