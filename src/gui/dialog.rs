//! File dialogs and the reads after them, shared by the screens: one place for the certificate
//! filters and for reading a picked file off the UI thread. Screens ask for these through their
//! `Work`, so tests send the picked path directly instead.

use std::path::{Path, PathBuf};

use crate::cert::CertificateDetails;

/// Asks for a certificate file (`klserver.cer`, `.crt`, `.pem`, `.der`), opening at `start`
/// when given (a removable drive, say). `None`: the dialog was closed.
pub async fn pick_certificate(title: String, start: Option<PathBuf>) -> Option<PathBuf> {
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
pub async fn pick(
    title: String,
    start: Option<PathBuf>,
    filters: &[(String, &[&str])],
) -> Option<PathBuf> {
    let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(name.as_str(), extensions);
    }
    dialog = dialog.add_filter(crate::fl!("dialog-filter-all-files"), &["*"]);
    if let Some(dir) = start {
        dialog = dialog.set_directory(dir);
    }
    dialog.pick_file().await.map(|f| f.path().to_path_buf())
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
