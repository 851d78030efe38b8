//! What an "add secondary" or "make this server secondary" run will write, before anything is
//! written: the wizard's summary page and the command line's dry run show exactly this.

use crate::cert::CertificateDetails;
use crate::secrets::Secret;
use crate::wire::auth::BasicCredentials;

/// A proxy the secondary uses to reach the primary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyPlan {
    /// Proxy host.
    pub host: String,
    /// Proxy port.
    pub port: u16,
    /// Proxy user; empty for none.
    pub user: String,
    /// Proxy password (written to the server protected, kept in the OS keyring by the app).
    pub password: Secret,
}

impl ProxyPlan {
    /// `host:port` as `KLSRV_MASTER_SRV_PROXYHOST_LOCATION` wants it.
    pub fn location(&self) -> String {
        super::validate::host_port(&self.host, self.port)
    }
}

/// The secondary side of a hierarchy: what goes into its `KLSRV_MASTER_SRV` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecondarySettings {
    /// Primary's address as the secondary dials it.
    pub primary_address: String,
    /// Primary's SSL port (13000).
    pub primary_ssl_port: u16,
    /// Primary's certificate (DER).
    pub primary_certificate: Vec<u8>,
    /// DMZ: the primary connects to the secondary instead.
    pub dmz: bool,
    /// Proxy, when the secondary reaches the primary through one.
    pub proxy: Option<ProxyPlan>,
}

/// Everything "add secondary" needs, validated (see [`super::validate`]).
#[derive(Clone, Debug)]
pub struct AddSecondaryPlan {
    /// Group on the primary where the secondary appears.
    pub group_id: i32,
    /// That group's name, for messages.
    pub group_name: String,
    /// Display name of the secondary on the primary.
    pub display_name: String,
    /// Secondary's address (required in DMZ mode).
    pub secondary_address: Option<String>,
    /// Secondary's SSL port (13000).
    pub secondary_ssl_port: u16,
    /// Secondary's Open API port (13299).
    pub secondary_api_port: u16,
    /// The secondary's certificate the admin confirmed.
    pub secondary_certificate: CertificateDetails,
    /// Credentials of a user on the secondary.
    pub secondary_credentials: BasicCredentials,
    /// What is written on the secondary.
    pub secondary_settings: SecondarySettings,
}

/// One line of a dry run: a setting and the value that will be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedWrite {
    /// The API name (e.g. `KLSRV_MASTER_SRV_ADDR`) or parameter name.
    pub name: String,
    /// What it means to an admin.
    pub label: String,
    /// The value, as shown (certificates by fingerprint, passwords hidden).
    pub value: String,
}

/// What will be written where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DryRun {
    /// On the primary (`ServerHierarchy.RegisterServer`).
    pub on_primary: Vec<PlannedWrite>,
    /// On the secondary (`HostGroup.SS_Write` of `KLSRV_MASTER_SRV`).
    pub on_secondary: Vec<PlannedWrite>,
}

fn w(name: &str, label: &str, value: impl Into<String>) -> PlannedWrite {
    PlannedWrite {
        name: name.to_string(),
        label: label.to_string(),
        value: value.into(),
    }
}

/// "Register only": the primary's half of a hierarchy, for a secondary the app cannot log in to.
/// Only `ServerHierarchy.RegisterServer` runs on the primary; the secondary's administrator
/// finishes on the secondary with the primary's address and certificate (or a join file).
#[derive(Clone, Debug)]
pub struct RegistrationPlan {
    /// Group on the primary where the secondary appears.
    pub group_id: i32,
    /// That group's name, for messages.
    pub group_name: String,
    /// Display name of the secondary on the primary.
    pub display_name: String,
    /// Secondary's address (required in DMZ mode).
    pub secondary_address: Option<String>,
    /// Secondary's SSL port (13000).
    pub secondary_ssl_port: u16,
    /// The secondary's certificate the admin chose.
    pub secondary_certificate: CertificateDetails,
    /// DMZ: the primary connects to the secondary.
    pub dmz: bool,
    /// Primary's address as the secondary must dial it.
    pub primary_address: String,
    /// Primary's SSL port as the secondary must dial it.
    pub primary_ssl_port: u16,
    /// Primary's certificate (DER), which the secondary's administrator must choose.
    pub primary_certificate: Vec<u8>,
}

impl RegistrationPlan {
    /// The same registration as a plan with no account on the secondary (nothing is written
    /// there), for what judges a plan: the pre-flight check.
    pub fn as_add_plan(&self) -> AddSecondaryPlan {
        AddSecondaryPlan {
            group_id: self.group_id,
            group_name: self.group_name.clone(),
            display_name: self.display_name.clone(),
            secondary_address: self.secondary_address.clone(),
            secondary_ssl_port: self.secondary_ssl_port,
            secondary_api_port: 0,
            secondary_certificate: self.secondary_certificate.clone(),
            secondary_credentials: BasicCredentials {
                user: String::new(),
                password: String::new(),
                domain: String::new(),
                internal: true,
            },
            secondary_settings: SecondarySettings {
                primary_address: self.primary_address.clone(),
                primary_ssl_port: self.primary_ssl_port,
                primary_certificate: self.primary_certificate.clone(),
                dmz: self.dmz,
                proxy: None,
            },
        }
    }

    /// `wstrNetAddress` of `RegisterServer`: `http://addr:port` for a DMZ secondary, else empty
    /// (KSC Open API, `ServerHierarchy.RegisterServer`).
    pub fn net_address(&self) -> String {
        match (self.dmz, &self.secondary_address) {
            (true, Some(a)) => format!(
                "http://{}",
                super::validate::host_port(a, self.secondary_ssl_port)
            ),
            _ => String::new(),
        }
    }

    /// What `RegisterServer` writes on the primary, as the dry run shows it.
    pub fn on_primary(&self) -> Vec<PlannedWrite> {
        let mut on_primary = vec![
            w(
                "wstrDisplName",
                &crate::fl!("plan-display-name"),
                self.display_name.clone(),
            ),
            w(
                "nGroupId",
                &crate::fl!("plan-group"),
                crate::fl!(
                    "plan-group-value",
                    name = self.group_name.as_str(),
                    id = self.group_id.to_string()
                ),
            ),
            w(
                "pCertificate",
                &crate::fl!("plan-secondary-certificate"),
                self.secondary_certificate.sha256_colon(),
            ),
        ];
        let net = self.net_address();
        on_primary.push(w(
            "wstrNetAddress",
            &crate::fl!("plan-net-address"),
            if net.is_empty() {
                crate::fl!("plan-net-address-none")
            } else {
                net
            },
        ));
        on_primary
    }

    /// What the secondary's administrator must do on the secondary to finish, in order.
    pub fn secondary_admin_steps(&self) -> Vec<String> {
        let mut steps = vec![
            crate::fl!("wizard-register-step-open"),
            crate::fl!(
                "wizard-register-step-address",
                address = self.primary_address.as_str(),
                port = self.primary_ssl_port.to_string()
            ),
            crate::fl!(
                "wizard-register-step-certificate",
                fingerprint = crate::cert::fingerprint(&self.primary_certificate)
            ),
        ];
        if self.dmz {
            steps.push(crate::fl!("wizard-register-step-dmz"));
            steps.push(crate::fl!("wizard-register-step-save-dmz"));
        } else {
            steps.push(crate::fl!("wizard-register-step-save"));
        }
        steps
    }
}

impl AddSecondaryPlan {
    /// The primary's half of this plan (what "register only" would do).
    pub fn registration(&self) -> RegistrationPlan {
        RegistrationPlan {
            group_id: self.group_id,
            group_name: self.group_name.clone(),
            display_name: self.display_name.clone(),
            secondary_address: self.secondary_address.clone(),
            secondary_ssl_port: self.secondary_ssl_port,
            secondary_certificate: self.secondary_certificate.clone(),
            dmz: self.secondary_settings.dmz,
            primary_address: self.secondary_settings.primary_address.clone(),
            primary_ssl_port: self.secondary_settings.primary_ssl_port,
            primary_certificate: self.secondary_settings.primary_certificate.clone(),
        }
    }

    /// `wstrNetAddress` of `RegisterServer`: `http://addr:port` for a DMZ secondary, else empty
    /// (KSC Open API, `ServerHierarchy.RegisterServer`).
    pub fn net_address(&self) -> String {
        self.registration().net_address()
    }

    /// The dry run shown before Finish.
    pub fn dry_run(&self) -> DryRun {
        DryRun {
            on_primary: self.registration().on_primary(),
            on_secondary: self.secondary_settings.planned_writes(),
        }
    }
}

impl SecondarySettings {
    /// The `KLSRV_MASTER_SRV` values as shown in a dry run.
    pub fn planned_writes(&self) -> Vec<PlannedWrite> {
        use crate::wire::master_srv as m;
        let fp = crate::cert::fingerprint(&self.primary_certificate);
        let mut v = vec![
            w(
                m::USE,
                &crate::fl!("plan-use-master"),
                crate::fl!("plan-yes"),
            ),
            w(
                m::ADDR,
                &crate::fl!("plan-primary-address"),
                self.primary_address.clone(),
            ),
            w(
                m::PORTS,
                &crate::fl!("plan-primary-ssl-port"),
                self.primary_ssl_port.to_string(),
            ),
            w(m::SSL_CERT, &crate::fl!("plan-primary-certificate"), fp),
            w(
                m::PASSIVE_SLAVE,
                &crate::fl!("plan-passive"),
                yes_no(self.dmz),
            ),
        ];
        match &self.proxy {
            None => v.push(w(
                m::PROXY_USE,
                &crate::fl!("plan-use-proxy"),
                crate::fl!("plan-no"),
            )),
            Some(p) => {
                v.push(w(
                    m::PROXY_USE,
                    &crate::fl!("plan-use-proxy"),
                    crate::fl!("plan-yes"),
                ));
                v.push(w(
                    m::PROXY_LOCATION,
                    &crate::fl!("plan-proxy"),
                    p.location(),
                ));
                if !p.user.is_empty() {
                    v.push(w(
                        m::PROXY_LOGIN,
                        &crate::fl!("plan-proxy-user"),
                        p.user.clone(),
                    ));
                    v.push(w(
                        m::PROXY_PASSWORD,
                        &crate::fl!("plan-proxy-password"),
                        if p.password.is_empty() {
                            crate::fl!("plan-proxy-password-empty")
                        } else {
                            crate::fl!("plan-proxy-password-set")
                        },
                    ));
                }
            }
        }
        v
    }
}

/// A yes/no value as the summary and the save report show it, in the current language.
pub(crate) fn yes_no(b: bool) -> String {
    if b {
        crate::fl!("plan-yes")
    } else {
        crate::fl!("plan-no")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A certificate read from a PEM file is shown by the fingerprint of its DER, as everywhere
    /// else (the steps, the save report), not by a hash of the file's text.
    #[test]
    fn the_certificate_is_shown_by_its_fingerprint_whatever_its_encoding() {
        let der = include_bytes!("../../tests/fixtures/primary-klserver.cer").to_vec();
        let details = crate::cert::parse_certificate(&der).unwrap();
        let shown = |certificate: Vec<u8>| {
            let settings = SecondarySettings {
                primary_address: "ksc-hq".into(),
                primary_ssl_port: 13000,
                primary_certificate: certificate,
                dmz: false,
                proxy: None,
            };
            settings
                .planned_writes()
                .into_iter()
                .find(|w| w.name == crate::wire::master_srv::SSL_CERT)
                .unwrap()
                .value
        };
        let from_der = shown(der.clone());
        assert!(from_der.contains(&details.sha256_colon()), "{from_der}");
        assert_eq!(shown(details.to_pem().into_bytes()), from_der);
    }
}
