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
    /// The admin compared its fingerprint with the one the other side's administrator gave (or
    /// showed). Only a certificate already on the server needs no comparison.
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

    /// Whether it may be used: the one already on the server as it is; any other only once the
    /// admin compared its fingerprint. A file is no proof of origin: a swapped `klserver.cer` on a
    /// flash drive, or a join file edited and its checksum recomputed, looks just like the real
    /// one, and trusting it would attach the server to someone else's primary.
    pub fn usable(&self) -> bool {
        self.source == CertificateSource::OnServer || self.confirmed
    }

    /// Whether the admin has to compare its fingerprint before it is used.
    pub fn needs_confirmation(&self) -> bool {
        self.source != CertificateSource::OnServer
    }

    /// Warnings to show with it, judged now.
    pub fn warnings(&self) -> Vec<CertWarning> {
        self.details.warnings(OffsetDateTime::now_utc())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn only_the_certificate_on_the_server_needs_no_comparison() {
        let (details, _, _) =
            crate::cert::generate_server_identity(&["ksc-hq".to_string()], 30).unwrap();
        let path = PathBuf::from("/media/alice/KINGSTON/klserver.cer");
        let sources = [
            CertificateSource::File(path.clone()),
            CertificateSource::Drive(path.clone()),
            CertificateSource::JoinFile(path),
            CertificateSource::Fetched {
                host: "ksc-hq".into(),
                port: 13000,
            },
        ];
        for source in sources {
            let mut c = ChosenCertificate::new(details.clone(), source.clone());
            assert!(c.needs_confirmation() && !c.usable(), "{source:?}");
            c.confirmed = true;
            assert!(c.usable(), "{source:?}");
        }
        let on_server = ChosenCertificate::new(details, CertificateSource::OnServer);
        assert!(!on_server.needs_confirmation() && on_server.usable());
    }
}
