//! File dialogs and the reads after them, shared by the screens: one place for the certificate
//! filters and for reading a picked file off the UI thread. Screens ask for these through their
//! `Work`, so tests send the picked path directly instead.
//!
//! On Linux a dialog needs a file-chooser portal or zenity; with neither, rfd logs an error and
//! returns `None`, just as when the user closes the dialog, so the user would see nothing at all.
//! Whether one of the two is there is therefore asked before the dialog is opened
//! ([`available`]); when neither is, the screens offer a field to type or paste the path.

use std::path::{Path, PathBuf};

use crate::cert::CertificateDetails;

/// No file dialog can be shown here (Linux without a file-chooser portal and without zenity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoDialog;

/// What came of asking for a file: `Ok(None)` when the user closed the dialog.
pub type Picked = Result<Option<PathBuf>, NoDialog>;

/// Asks for a certificate file (`klserver.cer`, `.crt`, `.pem`, `.der`), opening at `start`
/// when given (a removable drive, say).
pub async fn pick_certificate(title: String, start: Option<PathBuf>) -> Picked {
    pick(
        title,
        start,
        &[(
            crate::fl!("dialog-filter-certificates"),
            &CERTIFICATE_EXTENSIONS,
        )],
    )
    .await
}

const CERTIFICATE_EXTENSIONS: [&str; 4] = ["cer", "crt", "pem", "der"];

/// Asks for a file to open, with `filters` (a name and its extensions) and "All files" last.
pub async fn pick(title: String, start: Option<PathBuf>, filters: &[(String, &[&str])]) -> Picked {
    if !available().await {
        tracing::warn!("no file dialog: neither a file-chooser portal nor zenity");
        return Err(NoDialog);
    }
    let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(name.as_str(), extensions);
    }
    dialog = dialog.add_filter(crate::fl!("dialog-filter-all-files"), &["*"]);
    if let Some(dir) = start {
        dialog = dialog.set_directory(dir);
    }
    Ok(dialog.pick_file().await.map(|f| f.path().to_path_buf()))
}

/// Asks where to save a file, offering `file_name`, with `filters` (a name and its extensions).
pub async fn save(
    title: String,
    file_name: &str,
    start: Option<PathBuf>,
    filters: &[(String, &[&str])],
) -> Picked {
    if !available().await {
        tracing::warn!("no file dialog: neither a file-chooser portal nor zenity");
        return Err(NoDialog);
    }
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(file_name);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(name.as_str(), extensions);
    }
    if let Some(dir) = start {
        dialog = dialog.set_directory(dir);
    }
    Ok(dialog.save_file().await.map(|f| f.path().to_path_buf()))
}

/// Whether a file dialog can be shown: on Linux, what rfd would try in turn, a file-chooser
/// portal or else zenity. Asked in advance because afterwards a failure and a closed dialog
/// look the same (`None`), and timing the dialog would take a quick Escape for a failure.
pub async fn available() -> bool {
    #[cfg(target_os = "linux")]
    {
        if on_path("zenity", std::env::var_os("PATH").as_deref()) {
            return true;
        }
        match zbus::Connection::session().await {
            Ok(bus) => portal_file_chooser(&bus).await,
            Err(e) => {
                tracing::debug!(error = %e, "no session bus to ask for a file-chooser portal");
                false
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

/// The portal's well-known name and object, where rfd sends `FileChooser.OpenFile`.
#[cfg(target_os = "linux")]
const PORTAL: (&str, &str) = (
    "org.freedesktop.portal.Desktop",
    "/org/freedesktop/portal/desktop",
);

/// How long the portal may take to answer; it is started on demand (D-Bus activation) and
/// starts its backends first, which takes a moment on a cold desktop.
#[cfg(target_os = "linux")]
const PORTAL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(8);

/// Whether `bus` has a portal that provides the file chooser. `xdg-desktop-portal` is often
/// installed without a backend that implements the file chooser (the `.deb` alone pulls in
/// none); it then does not export `org.freedesktop.portal.FileChooser`, so reading that
/// interface's `version` fails exactly when `OpenFile` would.
#[cfg(target_os = "linux")]
pub async fn portal_file_chooser(bus: &zbus::Connection) -> bool {
    let ask = async {
        let properties = zbus::fdo::PropertiesProxy::builder(bus)
            .destination(PORTAL.0)?
            .path(PORTAL.1)?
            .build()
            .await?;
        let interface = zbus::names::InterfaceName::from_static_str_unchecked(
            "org.freedesktop.portal.FileChooser",
        );
        properties
            .get(interface, "version")
            .await
            .map_err(zbus::Error::from)
    };
    match tokio::time::timeout(PORTAL_TIMEOUT, ask).await {
        Ok(Ok(_)) => true,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "no file-chooser portal");
            false
        }
        Err(_) => {
            tracing::debug!("the file-chooser portal did not answer in time");
            false
        }
    }
}

/// Whether `name` is an executable file in one of the folders of `path` (a `PATH` value).
#[cfg(target_os = "linux")]
pub fn on_path(name: &str, path: Option<&std::ffi::OsStr>) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = path else {
        return false;
    };
    std::env::split_paths(path).any(|dir| {
        std::fs::metadata(dir.join(name))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// Runs a blocking read of a file on tokio's blocking pool; its error as the text to show.
pub async fn read_file<T, E>(path: &Path, read: fn(&Path) -> Result<T, E>) -> Result<Box<T>, String>
where
    T: Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || read(&path))
        .await
        .map_err(|e| crate::fl!("file-read-interrupted", error = e.to_string()))?
        .map(Box::new)
        .map_err(|e| e.to_string())
}

/// Reads a picked certificate file: details, or why it is not a usable certificate.
pub async fn load_certificate(path: &Path) -> Result<Box<CertificateDetails>, String> {
    read_file(path, crate::cert::load_certificate_file).await
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::os::unix::fs::PermissionsExt;

    use zbus::Connection;

    use super::*;

    #[test]
    fn zenity_counts_only_as_an_executable_file_on_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(other.join("zenity")).unwrap();
        let path = std::env::join_paths([&other, &bin]).unwrap();
        assert!(!on_path("zenity", Some(&path)), "a folder named zenity");
        let zenity = bin.join("zenity");
        std::fs::write(&zenity, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(!on_path("zenity", Some(&path)), "not executable");
        std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(on_path("zenity", Some(&path)));
        assert!(!on_path("zenity", None));
        assert!(!on_path("zenity", Some(other.as_os_str())));
    }

    struct FileChooser;

    #[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
    impl FileChooser {
        // The portal's property is `version`, not zbus's default `Version`.
        #[zbus(property, name = "version")]
        fn version(&self) -> u32 {
            4
        }
    }

    /// Another portal interface, as `xdg-desktop-portal` exports with no file-chooser backend.
    struct Settings;

    #[zbus::interface(name = "org.freedesktop.portal.Settings")]
    impl Settings {
        #[zbus(property, name = "version")]
        fn version(&self) -> u32 {
            2
        }
    }

    /// A client connected peer to peer to a stand-in portal, with or without the file chooser.
    /// Returns (server, client).
    async fn portal(with_file_chooser: bool) -> (Connection, Connection) {
        let (a, b) = tokio::net::UnixStream::pair().unwrap();
        let server = zbus::connection::Builder::unix_stream(a)
            .server(zbus::Guid::generate())
            .unwrap()
            .p2p()
            .build();
        let client = zbus::connection::Builder::unix_stream(b).p2p().build();
        let (server, client) = tokio::try_join!(server, client).unwrap();
        server.object_server().at(PORTAL.1, Settings).await.unwrap();
        if with_file_chooser {
            server
                .object_server()
                .at(PORTAL.1, FileChooser)
                .await
                .unwrap();
        }
        (server, client)
    }

    #[tokio::test]
    async fn a_portal_counts_only_when_it_provides_the_file_chooser() {
        let (_server, client) = portal(true).await;
        assert!(portal_file_chooser(&client).await);
        let (_server, client) = portal(false).await;
        assert!(!portal_file_chooser(&client).await);
    }
}
