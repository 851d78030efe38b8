//! The log file: `tracing` events written to a daily-rotated file in the platform's local data
//! folder, so an admin can send what happened without reproducing it.
//!
//! Only this crate's events are logged at info (debug with `--verbose`); other crates only from
//! warnings up, because transport crates at debug level can print header values. `RUST_LOG` is
//! deliberately not honoured for the same reason: no setting may let a credential reach the file.
//! Call sites log hosts, ports, user names, method names and outcomes; never passwords, secrets,
//! two-step codes or session ids (`tests/app/log_secrets.rs` greps a full run's log for them).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use tracing_appender::rolling::{RollingFileAppender, Rotation};

/// Environment variable that overrides the log folder (tests point it at a temporary folder).
pub const LOG_DIR_ENV: &str = "KSC_LINK_LOG_DIR";

/// Log file names are `ksc-link.<date>.log`.
pub const FILE_PREFIX: &str = "ksc-link";

/// Extension of the log files.
pub const FILE_SUFFIX: &str = "log";

/// How many daily files are kept (about a week); older ones are deleted when a new one opens.
pub const KEEP_FILES: usize = 7;

/// How often a new file is started.
pub const ROTATION: Rotation = Rotation::DAILY;

/// Why logging could not be set up (the app then runs without a log file).
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The platform reports no home folder, so there is no data folder either.
    #[error("there is no folder for the log file (no home folder); set {LOG_DIR_ENV}")]
    NoDataDir,
    /// The log folder could not be created.
    #[error("cannot create the log folder {}: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The log file could not be opened (or old files could not be listed).
    #[error("cannot open a log file in {}: {source}", path.display())]
    Open {
        /// The folder.
        path: PathBuf,
        /// What the appender reported.
        source: tracing_appender::rolling::InitError,
    },
    /// The level filter did not parse (a programming error caught by the unit tests).
    #[error("the log level filter {directives:?} is invalid: {source}")]
    Filter {
        /// The filter text.
        directives: &'static str,
        /// The parser's complaint.
        source: tracing_subscriber::filter::ParseError,
    },
    /// Another subscriber was installed first in this process.
    #[error("logging was already set up in this process")]
    AlreadySet,
}

/// The log folder: `$KSC_LINK_LOG_DIR` if set, else `logs` in the platform's local data folder
/// (`$XDG_DATA_HOME/ksc-link/logs`, i.e. `~/.local/share/ksc-link/logs`, on Linux;
/// `%LOCALAPPDATA%\ksc-link\data\logs` on Windows).
pub fn log_dir() -> Result<PathBuf, LogError> {
    log_dir_from(std::env::var_os(LOG_DIR_ENV))
}

fn log_dir_from(env_dir: Option<OsString>) -> Result<PathBuf, LogError> {
    match env_dir {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "ksc-link")
            .map(|dirs| dirs.data_local_dir().join("logs"))
            .ok_or(LogError::NoDataDir),
    }
}

/// The level filter: this crate at info (debug when `verbose`), everything else at warn.
pub fn filter_directives(verbose: bool) -> &'static str {
    if verbose {
        "warn,ksc_link=debug"
    } else {
        "warn,ksc_link=info"
    }
}

/// Opens today's log file in `dir` (created if missing, private on Unix), deleting the oldest
/// files beyond [`KEEP_FILES`].
pub fn appender(dir: &Path) -> Result<RollingFileAppender, LogError> {
    crate::settings::create_private_dir_all(dir).map_err(|source| LogError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let appender = RollingFileAppender::builder()
        .rotation(ROTATION)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix(FILE_SUFFIX)
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|source| LogError::Open {
            path: dir.to_path_buf(),
            source,
        })?;
    restrict_log_files(dir);
    Ok(appender)
}

/// The appender opens its files with the default mode (readable by everyone under the usual
/// umask) and has no option for another; the log names servers and users, so this process's
/// log files are made the user's alone. A file the appender starts at a later midnight keeps
/// the default mode, but sits in a folder created 0700.
#[cfg(unix)]
fn restrict_log_files(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(&format!("{FILE_PREFIX}."))
            && name.ends_with(&format!(".{FILE_SUFFIX}"));
        // Not through a symlink: only plain files this folder holds.
        let plain = entry.file_type().is_ok_and(|t| t.is_file());
        if ours && plain {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600));
        }
    }
}

#[cfg(not(unix))]
fn restrict_log_files(_dir: &Path) {}

/// Sends this process's `tracing` events (and `log` records) to the log file; returns its folder.
/// Writes go straight to the file (no background thread), so nothing is lost when the process
/// exits or is interrupted.
pub fn init(verbose: bool) -> Result<PathBuf, LogError> {
    let dir = log_dir()?;
    init_in(&dir, verbose)?;
    Ok(dir)
}

/// [`init`] with the log folder given (tests, and callers that chose their own folder).
pub fn init_in(dir: &Path, verbose: bool) -> Result<(), LogError> {
    let writer = appender(dir)?;
    let directives = filter_directives(verbose);
    let filter = tracing_subscriber::EnvFilter::try_new(directives)
        .map_err(|source| LogError::Filter { directives, source })?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|_| LogError::AlreadySet)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn log_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("ksc-link.") && n.ends_with(".log"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_env_override_wins_and_an_empty_one_is_ignored() {
        assert_eq!(
            log_dir_from(Some("/tmp/x".into())).unwrap(),
            PathBuf::from("/tmp/x")
        );
        if let Ok(dir) = log_dir_from(Some(OsString::new())) {
            assert!(dir.ends_with("logs"), "{}", dir.display());
            assert!(dir.to_string_lossy().contains("ksc-link"));
        }
    }

    #[test]
    fn both_filters_parse_and_verbose_only_widens_this_crate() {
        for verbose in [false, true] {
            let d = filter_directives(verbose);
            tracing_subscriber::EnvFilter::try_new(d).unwrap();
            assert!(d.starts_with("warn,"), "{d}");
        }
        assert!(filter_directives(true).contains("ksc_link=debug"));
        assert!(filter_directives(false).contains("ksc_link=info"));
    }

    #[test]
    fn rotation_is_daily_and_keeps_a_week_of_files() {
        assert_eq!(ROTATION, Rotation::DAILY);
        assert_eq!(KEEP_FILES, 7);
        let dir = tempfile::tempdir().unwrap();
        // Ten older daily files, plus files that are not logs and must survive.
        for day in 1..=10 {
            std::fs::write(
                dir.path().join(format!("ksc-link.2020-01-{day:02}.log")),
                "old\n",
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "keep").unwrap();
        std::fs::write(dir.path().join("ksc-link.toml"), "keep").unwrap();
        let _appender = appender(dir.path()).unwrap();
        let files = log_files(dir.path());
        assert_eq!(files.len(), KEEP_FILES, "{files:?}");
        let today = time::OffsetDateTime::now_utc().date();
        let today = format!(
            "ksc-link.{:04}-{:02}-{:02}.log",
            today.year(),
            u8::from(today.month()),
            today.day()
        );
        assert!(files.contains(&today), "no {today} in {files:?}");
        assert!(dir.path().join("notes.txt").is_file());
        assert!(dir.path().join("ksc-link.toml").is_file());
    }

    #[test]
    fn the_folder_is_created_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b/logs");
        let _appender = appender(&nested).unwrap();
        assert_eq!(log_files(&nested).len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_log_folder_and_its_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("ksc-link/logs");
        let _appender = appender(&logs).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("ksc-link")), 0o700);
        assert_eq!(mode(&logs), 0o700);
        let files = log_files(&logs);
        assert_eq!(files.len(), 1);
        assert_eq!(mode(&logs.join(&files[0])), 0o600);
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("logs");
        std::fs::write(&blocker, "not a folder").unwrap();
        let err = appender(&blocker).unwrap_err();
        assert!(matches!(err, LogError::CreateDir { .. }), "{err}");
        assert!(err.to_string().contains("logs"), "{err}");
    }
}
