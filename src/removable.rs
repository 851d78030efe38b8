//! Certificate files on mounted removable drives: the primary's `klserver.cer` usually reaches a
//! branch office on a flash drive, so the settings page lists what it finds there instead of
//! making a non-expert browse for it.
//!
//! Only the top two levels of each drive are looked at (the drive's root and its folders), so a
//! scan stays quick on a large disk. Anything that cannot be read, is not a regular file or is
//! not a certificate is skipped without failing the scan; files that look like certificates by
//! name but are not are reported in [`Scan::skipped`] so the page can say why they are not listed.
//! Symbolic links are followed only where they lead to somewhere on the same drive.
//!
//! Where drives are mounted: on Linux, UDisks2 (see [`udisks`]) says which mounted filesystems
//! are on removable drives, wherever they are mounted, and tells when one comes or goes. Without
//! it the folders drives are usually mounted in are looked at: `/media/<user>/<label>` (Debian,
//! Ubuntu), `/run/media/<user>/<label>` (Fedora, openSUSE), and `/mnt/<name>` where admins mount
//! by hand. On Windows a removable drive is a drive letter whose type is "removable".
//! The settings' `usb_scan_roots` replace all of these (each root holds one folder per drive),
//! which is how the demo and tests point the scan at a folder they create.

#[cfg(target_os = "linux")]
pub mod udisks;

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures::stream::{self, BoxStream, Stream, StreamExt};

use crate::cert::{CertificateDetails, MAX_CERT_FILE_BYTES, load_certificate_file};

/// The name KSC gives its server certificate file.
pub const KLSERVER_CER: &str = "klserver.cer";

/// File extensions (lower case) that may hold a certificate.
pub const CERT_EXTENSIONS: [&str; 3] = ["cer", "crt", "pem"];

/// Entries looked at per folder at most: a drive full of files must not stall the page.
const MAX_ENTRIES_PER_FOLDER: usize = 4096;

/// Where a Linux KSC server keeps its own certificate.
pub const LINUX_SERVER_CERT: &str = "/var/opt/kaspersky/klnagent_srv/1093/cert/klserver.cer";

/// Where a Windows KSC server keeps its own certificate, below `%ALLUSERSPROFILE%`.
pub const WINDOWS_SERVER_CERT: &str = r"KasperskyLab\adminkit\1093\cert\klserver.cer";

/// A certificate file found on a drive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The file.
    pub path: PathBuf,
    /// The drive (mount point or drive letter root) it is on.
    pub drive: PathBuf,
    /// What the certificate says (fingerprint, expiry, ...).
    pub details: CertificateDetails,
}

impl Candidate {
    /// Whether the file has KSC's own name for the server certificate.
    pub fn is_klserver(&self) -> bool {
        self.path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.eq_ignore_ascii_case(KLSERVER_CER))
    }

    /// The path as shown: relative to the drive, after the drive's name.
    pub fn display_name(&self) -> String {
        let drive = self
            .drive
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.drive.display().to_string());
        match self.path.strip_prefix(&self.drive) {
            Ok(rel) => format!("{drive}: {}", rel.display()),
            Err(_) => self.path.display().to_string(),
        }
    }
}

/// A file named like a certificate that is not listed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why it is not a usable certificate.
    pub reason: String,
}

/// What a scan found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The mounted drives looked at.
    pub drives: Vec<PathBuf>,
    /// Certificates found: `klserver.cer` files first, then by path.
    pub candidates: Vec<Candidate>,
    /// Files named like certificates that are not usable.
    pub skipped: Vec<Skipped>,
}

impl Scan {
    /// The certificate to pick without asking: the only candidate, if there is exactly one.
    pub fn only_candidate(&self) -> Option<&Candidate> {
        match self.candidates.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// Where a file dialog should open: the drive of the first candidate, else the first drive.
    pub fn dialog_directory(&self) -> Option<&Path> {
        self.candidates
            .first()
            .map(|c| c.drive.as_path())
            .or_else(|| self.drives.first().map(PathBuf::as_path))
    }
}

/// Whether `name` may be a certificate file by its name.
pub fn is_certificate_name(name: &str) -> bool {
    if name.eq_ignore_ascii_case(KLSERVER_CER) {
        return true;
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            CERT_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
        }
        _ => false,
    }
}

/// The folders holding one folder per mounted drive, on this platform (Windows has none: its
/// drives are letters, see [`platform_drives`]).
pub fn default_roots() -> Vec<PathBuf> {
    if cfg!(windows) {
        return Vec::new();
    }
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty() && !u.contains('/'));
    let mut roots = Vec::new();
    for base in ["/media", "/run/media"] {
        match &user {
            Some(u) => roots.push(Path::new(base).join(u)),
            // Without a user name every user's folder is a root.
            None => roots.extend(subfolders(Path::new(base))),
        }
    }
    roots.push(PathBuf::from("/mnt"));
    roots
}

/// The drives under `roots`: each root's folders, in name order; missing roots are ignored.
pub fn drives_under(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in roots {
        for d in subfolders(root) {
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

/// The drives to scan when no roots are configured: removable drive letters on Windows, the
/// folders under [`default_roots`] elsewhere.
pub fn platform_drives() -> Vec<PathBuf> {
    #[cfg(windows)]
    {
        win::removable_drive_letters()
    }
    #[cfg(not(windows))]
    {
        drives_under(&default_roots())
    }
}

/// Scans the drives under the configured `roots`, or the platform's removable drives when
/// `roots` is empty. Blocking: call it off the UI thread.
pub fn scan(roots: &[PathBuf]) -> Scan {
    let drives = if roots.is_empty() {
        platform_drives()
    } else {
        drives_under(roots)
    };
    scan_drives(drives)
}

/// How long UDisks2 has to answer before the folders are looked at instead: a hung system bus
/// must not keep the page waiting.
#[cfg(target_os = "linux")]
const UDISKS_TIMEOUT: Duration = Duration::from_secs(3);

/// The mounted removable filesystems UDisks2 on the system bus knows; `None` when it cannot
/// be asked.
#[cfg(target_os = "linux")]
async fn udisks_mounts() -> Option<Vec<PathBuf>> {
    let ask = async {
        let conn = zbus::Connection::system().await?;
        udisks::removable_mounts(&conn).await
    };
    match tokio::time::timeout(UDISKS_TIMEOUT, ask).await {
        Ok(Ok(mounts)) => Some(mounts),
        Ok(Err(e)) => {
            tracing::debug!("UDisks2 not asked for removable drives: {e}");
            None
        }
        Err(_) => {
            tracing::debug!("UDisks2 did not answer in time; looking at folders instead");
            None
        }
    }
}

/// The drives to scan: those under the configured `roots`; with none configured, the mounted
/// removable filesystems UDisks2 knows, or [`platform_drives`] where it cannot be asked (no
/// system bus, no UDisks2, not Linux).
pub async fn mounted_drives(roots: Vec<PathBuf>) -> Vec<PathBuf> {
    #[cfg(target_os = "linux")]
    if roots.is_empty()
        && let Some(mounts) = udisks_mounts().await
    {
        return mounts;
    }
    tokio::task::spawn_blocking(move || {
        if roots.is_empty() {
            platform_drives()
        } else {
            drives_under(&roots)
        }
    })
    .await
    .unwrap_or_default()
}

/// [`scan`], of the drives [`mounted_drives`] finds; the blocking part runs off the caller's
/// thread.
pub async fn scan_mounted(roots: Vec<PathBuf>) -> Scan {
    let drives = mounted_drives(roots).await;
    tokio::task::spawn_blocking(move || scan_drives(drives))
        .await
        .unwrap_or_default()
}

/// Why the drives are to be looked at again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// UDisks2 said a filesystem came or went, or was mounted or unmounted.
    Changed,
    /// Time to look again: changes cannot be heard.
    Tick,
}

/// When to look at the drives again while no roots are configured: at each change UDisks2
/// reports, or every `every` where changes cannot be heard (no system bus, no UDisks2, not
/// Linux), and from the moment UDisks2 leaves the bus.
pub fn watch(every: Duration) -> impl Stream<Item = Look> + Send + 'static {
    stream::once(heard_changes()).flat_map(move |heard| looks(heard, every))
}

/// UDisks2's changes, heard on the system bus; `None` when they cannot be.
async fn heard_changes() -> Option<BoxStream<'static, ()>> {
    #[cfg(target_os = "linux")]
    {
        let listen = async {
            let conn = zbus::Connection::system().await?;
            udisks::changes(&conn).await
        };
        match tokio::time::timeout(UDISKS_TIMEOUT, listen).await {
            Ok(Ok(changes)) => return Some(changes),
            Ok(Err(e)) => tracing::info!("UDisks2 cannot be heard ({e}); drives are polled"),
            Err(_) => tracing::info!("UDisks2 did not answer in time; drives are polled"),
        }
    }
    None
}

/// Changes as they are heard, then ticks once they no longer can be.
fn looks(heard: Option<BoxStream<'static, ()>>, every: Duration) -> BoxStream<'static, Look> {
    let ticks = stream::unfold((), move |()| async move {
        tokio::time::sleep(every).await;
        Some((Look::Tick, ()))
    });
    match heard {
        Some(heard) => heard.map(|()| Look::Changed).chain(ticks).boxed(),
        None => ticks.boxed(),
    }
}

/// Scans each drive's root and first-level folders for certificate files.
pub fn scan_drives(drives: Vec<PathBuf>) -> Scan {
    let mut scan = Scan::default();
    for drive in &drives {
        // Links are followed only while they stay on the drive: a stick must not make the app
        // read, and offer, files from this machine.
        let Ok(real_drive) = std::fs::canonicalize(drive) else {
            continue;
        };
        look_in(drive, drive, &real_drive, &mut scan);
        for folder in subfolders(drive) {
            if on_drive(&folder, &real_drive).is_some() {
                look_in(&folder, drive, &real_drive, &mut scan);
            }
        }
    }
    scan.candidates.sort_by(|a, b| {
        b.is_klserver()
            .cmp(&a.is_klserver())
            .then_with(|| a.path.cmp(&b.path))
    });
    scan.drives = drives;
    scan
}

/// Sub-folders of `dir` in name order (symbolic links to folders included, hidden ones not);
/// an unreadable `dir` has none.
fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .take(MAX_ENTRIES_PER_FOLDER)
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Where `path` really is, when that is on the drive whose real root is `real_drive`.
fn on_drive(path: &Path, real_drive: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path)
        .ok()
        .filter(|real| real.starts_with(real_drive))
}

/// Adds the certificate files directly in `dir` to `scan`.
fn look_in(dir: &Path, drive: &Path, real_drive: &Path, scan: &mut Scan) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .take(MAX_ENTRIES_PER_FOLDER)
        .filter_map(Result::ok)
        .filter(|e| is_certificate_name(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files {
        // A link off the drive or a dangling one, a folder, a device or a pipe (whose open
        // would block) is not a certificate file of the drive and is passed over. The file is
        // read where the link was found to lead, not through the link again.
        let Some(real) = on_drive(&path, real_drive) else {
            continue;
        };
        let Ok(meta) = std::fs::metadata(&real) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_CERT_FILE_BYTES {
            scan.skipped.push(Skipped {
                path,
                reason: crate::fl!("removable-too-large"),
            });
            continue;
        }
        match load_certificate_file(&real) {
            Ok(details) => scan.candidates.push(Candidate {
                path,
                drive: drive.to_path_buf(),
                details,
            }),
            // Unreadable (permissions, a drive pulled out mid-scan): not worth a message.
            Err(crate::cert::CertError::Io { .. }) => {}
            Err(e) => scan.skipped.push(Skipped {
                path,
                reason: e.to_string(),
            }),
        }
    }
}

/// Where this machine's own KSC server certificate would be, if it is a KSC server.
pub fn local_server_certificate_path() -> Option<PathBuf> {
    if cfg!(windows) {
        std::env::var_os("ALLUSERSPROFILE").map(|p| PathBuf::from(p).join(WINDOWS_SERVER_CERT))
    } else {
        Some(PathBuf::from(LINUX_SERVER_CERT))
    }
}

/// This machine's own KSC server certificate, offered for export, when the file is present
/// and is a certificate.
pub fn local_server_certificate() -> Option<Candidate> {
    local_server_certificate_path().and_then(|p| certificate_at(&p))
}

/// The certificate at `path` as a candidate (its folder standing for the drive), if it is one.
pub fn certificate_at(path: &Path) -> Option<Candidate> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let details = load_certificate_file(path).ok()?;
    Some(Candidate {
        path: path.to_path_buf(),
        drive: path.parent().unwrap_or(path).to_path_buf(),
        details,
    })
}

/// Where Windows PowerShell is, from `%SystemRoot%`: a bare `powershell.exe` would be looked up
/// in the current folder and along `PATH` first, where anyone able to drop a file could plant
/// another one. A missing or relative `SystemRoot` falls back to Windows' default folder.
#[cfg_attr(not(windows), allow(dead_code))]
fn powershell_path(system_root: Option<&std::ffi::OsStr>) -> PathBuf {
    let root = system_root
        .and_then(|r| r.to_str())
        .map(|r| r.trim_end_matches(['\\', '/']))
        .filter(|r| matches!(r.as_bytes(), [drive, b':', ..] if drive.is_ascii_alphabetic()))
        .unwrap_or(r"C:\Windows");
    PathBuf::from(format!(
        r"{root}\System32\WindowsPowerShell\v1.0\powershell.exe"
    ))
}

#[cfg(windows)]
mod win {
    //! Removable drive letters, asked of Windows through its management interface: the
    //! crate forbids `unsafe`, which a direct `GetDriveTypeW` call would need.

    use std::io::Read;
    use std::os::windows::process::CommandExt;
    use std::path::PathBuf;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// Keeps a console window from flashing up.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;

    /// A hung WMI service must not stall the drive scan forever.
    const POWERSHELL_TIMEOUT: Duration = Duration::from_secs(15);

    /// Roots (`E:\`) of the drives whose type is removable (`DriveType = 2`); none on error.
    pub fn removable_drive_letters() -> Vec<PathBuf> {
        let exe = super::powershell_path(std::env::var_os("SystemRoot").as_deref());
        let child = Command::new(exe)
            .args([
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "Get-CimInstance Win32_LogicalDisk -Filter 'DriveType=2' | \
                 ForEach-Object { $_.DeviceID }",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .creation_flags(CREATE_NO_WINDOW)
            .spawn();
        let Ok(mut child) = child else {
            return Vec::new();
        };
        // Read on another thread so a full pipe cannot block the child while we wait for it.
        let reader = child.stdout.take().map(|mut out| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = out.read_to_end(&mut bytes);
                bytes
            })
        });
        let deadline = Instant::now() + POWERSHELL_TIMEOUT;
        let succeeded = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status.success(),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => {
                    tracing::warn!(
                        "powershell did not list the removable drives in time, or could not be waited for"
                    );
                    let _ = child.kill();
                    let _ = child.wait();
                    // The reader is left to end with the pipe; joining it could hang again.
                    return Vec::new();
                }
            }
        };
        let stdout = match reader.map(std::thread::JoinHandle::join) {
            Some(Ok(bytes)) if succeeded => bytes,
            _ => return Vec::new(),
        };
        String::from_utf8_lossy(&stdout)
            .lines()
            .map(str::trim)
            .filter(|l| {
                l.len() == 2 && l.ends_with(':') && l.starts_with(|c: char| c.is_ascii_alphabetic())
            })
            .map(|l| PathBuf::from(format!("{l}\\")))
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn certificate_names() {
        for yes in ["klserver.cer", "KLSERVER.CER", "hq.crt", "a.PEM", "x.y.cer"] {
            assert!(is_certificate_name(yes), "{yes}");
        }
        for no in ["klserver.cer.txt", ".pem", "cer", "key.der", "readme"] {
            assert!(!is_certificate_name(no), "{no}");
        }
    }

    #[test]
    fn missing_roots_have_no_drives() {
        let scan = scan(&[PathBuf::from("/nonexistent/ksc-link/media")]);
        assert_eq!(scan, Scan::default());
        assert!(scan.only_candidate().is_none());
        assert!(scan.dialog_directory().is_none());
    }

    #[tokio::test]
    async fn configured_roots_are_scanned_as_folders() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["STICK_B", "STICK_A"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        let roots = vec![dir.path().to_path_buf()];
        assert_eq!(
            mounted_drives(roots.clone()).await,
            vec![dir.path().join("STICK_A"), dir.path().join("STICK_B")]
        );
        assert_eq!(scan_mounted(roots.clone()).await, scan(&roots));
    }

    #[tokio::test]
    async fn heard_changes_come_at_once() {
        let heard = stream::iter([(), ()]).chain(stream::pending()).boxed();
        let mut l = looks(Some(heard), Duration::from_secs(3600));
        for _ in 0..2 {
            let next = tokio::time::timeout(Duration::from_secs(5), l.next()).await;
            assert_eq!(next.unwrap(), Some(Look::Changed));
        }
        let next = tokio::time::timeout(Duration::from_millis(100), l.next()).await;
        assert!(next.is_err(), "{next:?}");
    }

    #[tokio::test]
    async fn drives_are_polled_when_changes_cannot_be_heard_or_stop() {
        let every = Duration::from_millis(20);
        let wait = Duration::from_secs(5);
        let mut l = looks(None, every);
        for _ in 0..2 {
            assert_eq!(
                tokio::time::timeout(wait, l.next()).await.unwrap(),
                Some(Look::Tick)
            );
        }
        let mut l = looks(Some(stream::iter([()]).boxed()), every);
        assert_eq!(
            tokio::time::timeout(wait, l.next()).await.unwrap(),
            Some(Look::Changed)
        );
        for _ in 0..2 {
            assert_eq!(
                tokio::time::timeout(wait, l.next()).await.unwrap(),
                Some(Look::Tick)
            );
        }
    }

    #[test]
    fn powershell_is_started_by_its_full_path() {
        let exe = |root: Option<&str>| {
            powershell_path(root.map(std::ffi::OsStr::new))
                .to_string_lossy()
                .into_owned()
        };
        let full = r"D:\WINDOWS\System32\WindowsPowerShell\v1.0\powershell.exe";
        assert_eq!(exe(Some(r"D:\WINDOWS")), full);
        assert_eq!(exe(Some(r"D:\WINDOWS\")), full);
        let default = r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe";
        for unusable in [None, Some(""), Some("Windows"), Some(r".\planted")] {
            assert_eq!(exe(unusable), default, "{unusable:?}");
        }
    }

    #[test]
    fn local_certificate_path_is_the_documented_one() {
        #[cfg(not(windows))]
        assert_eq!(
            local_server_certificate_path().unwrap(),
            PathBuf::from(LINUX_SERVER_CERT)
        );
        assert!(certificate_at(Path::new("/nonexistent/klserver.cer")).is_none());
    }
}
