//! A certificate the admin chose for the other side of a hierarchy (the secondary's, in the
//! wizard; the primary's, on the "This server is secondary" page), and where it came from.

use std::path::PathBuf;

use time::OffsetDateTime;

use crate::cert::{CertWarning, CertificateDetails};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateSource {
    /// A file the admin picked.
    File(PathBuf),
    /// Presented by the server at `host:port` during a handshake.
    Fetched { host: String, port: u16 },
    /// Read from the server's current settings.
    OnServer,
    /// A file found on a removable drive.
    Drive(PathBuf),
    /// An offline join file.
    JoinFile(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChosenCertificate {
    pub details: CertificateDetails,
    pub source: CertificateSource,
    /// A fetched certificate is trusted only once the admin compared the fingerprint.
    pub confirmed: bool,
}

impl ChosenCertificate {
    pub fn new(details: CertificateDetails, source: CertificateSource) -> Self {
        Self {
            details,
            source,
            confirmed: false,
        }
    }

    /// Whether it may be used: a file was chosen deliberately, what a server presented over the
    /// network only once the admin compared its fingerprint.
    pub fn usable(&self) -> bool {
        !matches!(self.source, CertificateSource::Fetched { .. }) || self.confirmed
    }

    /// Warnings to show with it, judged now.
    pub fn warnings(&self) -> Vec<CertWarning> {
        self.details.warnings(OffsetDateTime::now_utc())
    }
}
