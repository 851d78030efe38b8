//! The "This server is secondary" form: what the admin typed and chose for the server's
//! `KLSRV_MASTER_SRV` section, read from the section, compared with what is saved, and turned into
//! the settings to write. The settings page and the command line both use it.

use super::certificate::{CertificateSource, ChosenCertificate};
use super::validate::{self, Field};
use super::{ProxyPlan, SecondarySettings};
use crate::kloapi::MasterSrvSection;
use crate::secrets::{Secret, SecretKey};
use crate::wire::DEFAULT_SSL_PORT;

/// What the admin typed and chose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Form {
    /// "This Administration Server is secondary in the hierarchy".
    pub secondary: bool,
    /// Primary's address.
    pub primary_address: String,
    /// Primary's SSL port, as typed.
    pub ssl_port: String,
    /// Primary's certificate.
    pub certificate: Option<ChosenCertificate>,
    /// DMZ: the primary connects to this server.
    pub dmz: bool,
    /// "Use proxy server".
    pub use_proxy: bool,
    /// Proxy address.
    pub proxy_address: String,
    /// Proxy port, as typed.
    pub proxy_port: String,
    /// Proxy user.
    pub proxy_user: String,
    /// Proxy password (kept in the OS keyring, written to the server protected).
    pub proxy_password: Secret,
}

impl Form {
    /// The form showing `section`, with a note when its certificate cannot be read.
    pub fn from_section(section: &MasterSrvSection) -> (Self, Option<String>) {
        let mut note = None;
        let certificate =
            section
                .ssl_cert
                .as_deref()
                .and_then(|der| match crate::cert::parse_certificate(der) {
                    Ok(details) => {
                        Some(ChosenCertificate::new(details, CertificateSource::OnServer))
                    }
                    Err(e) => {
                        note = Some(crate::fl!(
                            "secondary-stored-certificate-unreadable",
                            error = e.to_string()
                        ));
                        None
                    }
                });
        let (proxy_address, proxy_port) = section
            .proxy_location
            .as_deref()
            .map(validate::split_host_port)
            .unwrap_or_default();
        let form = Self {
            secondary: section.use_master,
            primary_address: section.address.clone().unwrap_or_default(),
            ssl_port: section
                .ports
                .first()
                .map_or(DEFAULT_SSL_PORT.to_string(), |p| p.to_string()),
            certificate,
            dmz: section.passive_slave,
            use_proxy: section.proxy_use,
            proxy_address,
            proxy_port: if proxy_port.is_empty() && section.proxy_use {
                crate::settings::DEFAULT_PROXY_PORT.to_string()
            } else {
                proxy_port
            },
            proxy_user: section.proxy_login.clone().unwrap_or_default(),
            proxy_password: Secret::default(),
        };
        (form, note)
    }

    /// Whether saving this form would change what `saved` stands for. Nothing below an unticked
    /// box is written, and the certificate counts by its content, not where it came from.
    pub fn differs_from(&self, saved: &Form) -> bool {
        if !self.secondary && !saved.secondary {
            return false;
        }
        let der = |f: &Form| f.certificate.as_ref().map(|c| c.details.der.clone());
        let proxy = |f: &Form| {
            f.use_proxy.then(|| {
                (
                    f.proxy_address.trim().to_string(),
                    f.proxy_port.trim().to_string(),
                    f.proxy_user.trim().to_string(),
                    f.proxy_password.clone(),
                )
            })
        };
        self.secondary != saved.secondary
            || self.primary_address.trim() != saved.primary_address.trim()
            || self.ssl_port.trim() != saved.ssl_port.trim()
            || der(self) != der(saved)
            || self.dmz != saved.dmz
            || proxy(self) != proxy(saved)
    }

    /// The settings to write, or each field's problem.
    pub fn settings(&self) -> Result<SecondarySettings, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        fn check<T>(
            errors: &mut Vec<(Field, String)>,
            r: Result<T, validate::FieldError>,
        ) -> Option<T> {
            r.map_err(|e| errors.push((e.field, e.problem.to_string())))
                .ok()
        }
        let address = check(
            &mut errors,
            validate::host(Field::PrimaryAddress, &self.primary_address),
        );
        let port = check(&mut errors, validate::port(Field::SslPort, &self.ssl_port));
        let proxy = if self.use_proxy {
            let host = check(
                &mut errors,
                validate::host(Field::ProxyAddress, &self.proxy_address),
            );
            let port = check(
                &mut errors,
                validate::port(Field::ProxyPort, &self.proxy_port),
            );
            let user = self.proxy_user.trim().to_string();
            if !user.is_empty() && self.proxy_password.is_empty() {
                errors.push((
                    Field::ProxyUser,
                    crate::fl!("secondary-problem-proxy-password"),
                ));
            }
            Some((host, port, user))
        } else {
            None
        };
        match &self.certificate {
            None => errors.push((
                Field::Certificate,
                crate::fl!("secondary-problem-certificate"),
            )),
            Some(c) if !c.usable() => errors.push((
                Field::Certificate,
                crate::fl!("secondary-problem-certificate-unconfirmed"),
            )),
            Some(_) => {}
        }
        match (address, port, &self.certificate, errors.is_empty()) {
            (Some(primary_address), Some(primary_ssl_port), Some(c), true) => {
                Ok(SecondarySettings {
                    primary_address,
                    primary_ssl_port,
                    primary_certificate: c.details.der.clone(),
                    dmz: self.dmz,
                    proxy: match proxy {
                        Some((Some(host), Some(port), user)) => Some(ProxyPlan {
                            host,
                            port,
                            user,
                            password: self.proxy_password.clone(),
                        }),
                        _ => None,
                    },
                })
            }
            _ => Err(errors),
        }
    }

    /// The keyring entry of the proxy password, when there is one to keep.
    pub fn proxy_key(&self) -> Option<SecretKey> {
        let port = self.proxy_port.trim().parse().ok()?;
        let user = self.proxy_user.trim();
        (self.use_proxy && !user.is_empty() && !self.proxy_address.trim().is_empty())
            .then(|| SecretKey::proxy(self.proxy_address.trim(), port, user))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn locations_split() {
        assert_eq!(
            validate::split_host_port("proxy:3128"),
            ("proxy".into(), "3128".into())
        );
        assert_eq!(
            validate::split_host_port("[::1]:8080"),
            ("::1".into(), "8080".into())
        );
        assert_eq!(
            validate::split_host_port("proxy"),
            ("proxy".into(), String::new())
        );
    }

    #[test]
    fn unticked_forms_do_not_differ_and_certificate_source_does_not_count() {
        let mut a = Form::default();
        let mut b = Form {
            primary_address: "x".into(),
            ..Form::default()
        };
        assert!(!b.differs_from(&a));
        b.secondary = true;
        assert!(b.differs_from(&a));
        a = b.clone();
        assert!(!b.differs_from(&a));
        b.use_proxy = true;
        assert!(b.differs_from(&a));
    }

    #[test]
    fn settings_name_each_problem() {
        let f = Form {
            secondary: true,
            primary_address: "bad host!".into(),
            ssl_port: "0".into(),
            use_proxy: true,
            proxy_user: "u".into(),
            ..Form::default()
        };
        let errors: Vec<Field> = f.settings().unwrap_err().into_iter().map(|e| e.0).collect();
        for want in [
            Field::PrimaryAddress,
            Field::SslPort,
            Field::ProxyAddress,
            Field::ProxyPort,
            Field::ProxyUser,
            Field::Certificate,
        ] {
            assert!(errors.contains(&want), "{want:?} in {errors:?}");
        }
    }

    #[test]
    fn a_certificate_from_a_drive_file_or_join_file_is_refused_until_compared() {
        let (details, _, _) =
            crate::cert::generate_server_identity(&["ksc-hq".to_string()], 30).unwrap();
        let path = std::path::PathBuf::from("/media/alice/KINGSTON/klserver.cer");
        for source in [
            CertificateSource::Drive(path.clone()),
            CertificateSource::File(path.clone()),
            CertificateSource::JoinFile(path.clone()),
        ] {
            let mut f = Form {
                secondary: true,
                primary_address: "ksc-hq.corp".into(),
                ssl_port: "13000".into(),
                certificate: Some(ChosenCertificate::new(details.clone(), source.clone())),
                ..Form::default()
            };
            let errors = f.settings().unwrap_err();
            assert_eq!(
                errors,
                vec![(
                    Field::Certificate,
                    crate::fl!("secondary-problem-certificate-unconfirmed")
                )],
                "{source:?}"
            );
            if let Some(c) = &mut f.certificate {
                c.confirmed = true;
            }
            let settings = f.settings().unwrap();
            assert_eq!(settings.primary_certificate, details.der);
        }
        // The certificate the server already has was never in anyone's hands: nothing to compare.
        let f = Form {
            secondary: true,
            primary_address: "ksc-hq.corp".into(),
            ssl_port: "13000".into(),
            certificate: Some(ChosenCertificate::new(details, CertificateSource::OnServer)),
            ..Form::default()
        };
        assert!(f.settings().is_ok());
    }
}
