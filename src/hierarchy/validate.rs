//! Validation of what an admin types when building a hierarchy: one function per field, each
//! returning a specific message, shared by the wizard, the settings page and the command line.

use std::fmt;

/// A field's value is not acceptable; the message says why and what to type instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Which field.
    pub field: Field,
    /// What is wrong.
    pub problem: Problem,
}

/// The fields of the hierarchy forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Secondary server display name.
    DisplayName,
    /// Secondary server address.
    SecondaryAddress,
    /// Primary server address as the secondary dials it.
    PrimaryAddress,
    /// Administration Server SSL port.
    SslPort,
    /// Administration Server Open API port.
    ApiPort,
    /// Proxy address.
    ProxyAddress,
    /// Proxy port.
    ProxyPort,
    /// Proxy user.
    ProxyUser,
    /// User name on a server.
    User,
    /// Two-step verification code.
    Code,
    /// A certificate.
    Certificate,
    /// Administration group.
    Group,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was typed but the field is needed.
    Required,
    /// Longer than the server accepts.
    TooLong {
        /// The limit in characters.
        max: usize,
    },
    /// A character the server refuses.
    BadCharacter(char),
    /// Not a port number 1–65535.
    BadPort,
    /// Not a host name or an IP address.
    BadHost(HostProblem),
    /// Required because DMZ mode is on.
    RequiredForDmz,
    /// The display name is already used in that group.
    NameTaken,
    /// A two-step code must be digits of a given length.
    BadCode {
        /// Expected length.
        length: usize,
    },
}

/// Why a host name is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostProblem {
    /// `https://ksc` instead of `ksc`.
    Scheme,
    /// `ksc:13000`: the port goes in its own field.
    Port,
    /// Longer than 253 characters.
    TooLong,
    /// `a..b`.
    EmptyLabel,
    /// A label longer than 63 characters.
    LabelTooLong(String),
    /// A label that starts or ends with '-'.
    LabelHyphen(String),
}

// The texts are the current language's (see `crate::i18n`); the variants stay typed for tests.
impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Field::DisplayName => crate::fl!("field-display-name"),
            Field::SecondaryAddress => crate::fl!("field-secondary-address"),
            Field::PrimaryAddress => crate::fl!("field-primary-address"),
            Field::SslPort => crate::fl!("field-ssl-port"),
            Field::ApiPort => crate::fl!("field-api-port"),
            Field::ProxyAddress => crate::fl!("field-proxy-address"),
            Field::ProxyPort => crate::fl!("field-proxy-port"),
            Field::ProxyUser => crate::fl!("field-proxy-user"),
            Field::User => crate::fl!("field-user"),
            Field::Code => crate::fl!("field-code"),
            Field::Certificate => crate::fl!("field-certificate"),
            Field::Group => crate::fl!("field-group"),
        })
    }
}

impl fmt::Display for HostProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            HostProblem::Scheme => crate::fl!("host-problem-scheme"),
            HostProblem::Port => crate::fl!("host-problem-port"),
            HostProblem::TooLong => crate::fl!("host-problem-too-long"),
            HostProblem::EmptyLabel => crate::fl!("host-problem-empty-label"),
            HostProblem::LabelTooLong(label) => {
                crate::fl!("host-problem-label-too-long", label = label.as_str())
            }
            HostProblem::LabelHyphen(label) => {
                crate::fl!("host-problem-label-hyphen", label = label.as_str())
            }
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Problem::Required => crate::fl!("problem-required"),
            &Problem::TooLong { max } => crate::fl!("problem-too-long", max = max),
            Problem::BadCharacter(c) => {
                crate::fl!("problem-bad-character", character = format!("{c:?}"))
            }
            Problem::BadPort => crate::fl!("problem-bad-port"),
            Problem::BadHost(why) => crate::fl!("problem-bad-host", why = why.to_string()),
            Problem::RequiredForDmz => crate::fl!("problem-required-for-dmz"),
            Problem::NameTaken => crate::fl!("problem-name-taken"),
            &Problem::BadCode { length } => crate::fl!("problem-bad-code", length = length),
        })
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::fl!(
            "field-error",
            field = self.field.to_string(),
            problem = self.problem.to_string()
        ))
    }
}

impl std::error::Error for FieldError {}

fn err(field: Field, problem: Problem) -> FieldError {
    FieldError { field, problem }
}

/// Longest display name KSC accepts for a secondary server.
pub const MAX_DISPLAY_NAME: usize = 255;

/// A display name: trimmed, non-empty, at most 255 characters, no control characters.
pub fn display_name(input: &str) -> Result<String, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(err(Field::DisplayName, Problem::Required));
    }
    if s.chars().count() > MAX_DISPLAY_NAME {
        return Err(err(
            Field::DisplayName,
            Problem::TooLong {
                max: MAX_DISPLAY_NAME,
            },
        ));
    }
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        return Err(err(Field::DisplayName, Problem::BadCharacter(c)));
    }
    Ok(s.to_string())
}

/// A port typed as text: 1–65535.
pub fn port(field: Field, input: &str) -> Result<u16, FieldError> {
    match input.trim().parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(err(field, Problem::BadPort)),
    }
}

/// A host: a DNS name, an IPv4 address or an IPv6 address (optionally in brackets).
///
/// A `scheme://` prefix or a `:port` suffix is refused here, because the port has its own field.
pub fn host(field: Field, input: &str) -> Result<String, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(err(field, Problem::Required));
    }
    if s.contains("://") {
        return Err(err(field, Problem::BadHost(HostProblem::Scheme)));
    }
    let bare = s.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<std::net::IpAddr>().is_ok() {
        return Ok(bare.to_string());
    }
    if s.contains(':') {
        return Err(err(field, Problem::BadHost(HostProblem::Port)));
    }
    if s.len() > 253 {
        return Err(err(field, Problem::BadHost(HostProblem::TooLong)));
    }
    for label in s.trim_end_matches('.').split('.') {
        if label.is_empty() {
            return Err(err(field, Problem::BadHost(HostProblem::EmptyLabel)));
        }
        if label.len() > 63 {
            return Err(err(
                field,
                Problem::BadHost(HostProblem::LabelTooLong(label.to_string())),
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(err(field, Problem::BadCharacter(c)));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(err(
                field,
                Problem::BadHost(HostProblem::LabelHyphen(label.to_string())),
            ));
        }
    }
    Ok(s.to_string())
}

/// An optional host: empty is `None`.
pub fn optional_host(field: Field, input: &str) -> Result<Option<String>, FieldError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        host(field, input).map(Some)
    }
}

/// A two-step verification code of `length` digits (spaces are ignored, as apps show "123 456").
pub fn totp_code(input: &str, length: usize) -> Result<String, FieldError> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() == length && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(s)
    } else {
        Err(err(Field::Code, Problem::BadCode { length }))
    }
}

/// A user name: non-empty after trimming.
pub fn user(field: Field, input: &str) -> Result<String, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        Err(err(field, Problem::Required))
    } else {
        Ok(s.to_string())
    }
}

pub use crate::net::{host_port, split_host_port};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn display_names() {
        assert_eq!(display_name("  Berlin office ").unwrap(), "Berlin office");
        assert_eq!(display_name("Филиал №2").unwrap(), "Филиал №2");
        assert_eq!(display_name("   ").unwrap_err().problem, Problem::Required);
        assert!(matches!(
            display_name(&"x".repeat(256)).unwrap_err().problem,
            Problem::TooLong { max: 255 }
        ));
        assert_eq!(
            display_name("a\tb").unwrap_err().problem,
            Problem::BadCharacter('\t')
        );
    }

    #[test]
    fn ports() {
        assert_eq!(port(Field::SslPort, " 13000 ").unwrap(), 13000);
        for bad in ["0", "65536", "-1", "13 000", "", "abc"] {
            assert_eq!(
                port(Field::SslPort, bad).unwrap_err().problem,
                Problem::BadPort,
                "{bad}"
            );
        }
    }

    #[test]
    fn hosts() {
        for good in [
            "ksc",
            "ksc-2.corp.example.com",
            "10.0.0.5",
            "::1",
            "[fe80::1]",
            "xn--80a.ru",
            "сервер.рф",
        ] {
            assert!(host(Field::SecondaryAddress, good).is_ok(), "{good}");
        }
        assert_eq!(host(Field::PrimaryAddress, "[::1]").unwrap(), "::1");
        let e = host(Field::PrimaryAddress, "https://ksc").unwrap_err();
        assert!(e.to_string().contains("without http://"), "{e}");
        let e = host(Field::PrimaryAddress, "ksc:13000").unwrap_err();
        assert!(e.to_string().contains("port in its own field"), "{e}");
        assert!(host(Field::PrimaryAddress, "a..b").is_err());
        assert!(host(Field::PrimaryAddress, "-a.b").is_err());
        assert!(host(Field::PrimaryAddress, "a b").is_err());
        assert_eq!(optional_host(Field::SecondaryAddress, " ").unwrap(), None);
    }

    #[test]
    fn codes() {
        assert_eq!(totp_code("123 456", 6).unwrap(), "123456");
        assert!(totp_code("12345", 6).is_err());
        assert!(totp_code("12345a", 6).is_err());
        assert_eq!(
            totp_code("", 6).unwrap_err().to_string(),
            "Security code: enter the 6-digit code"
        );
    }

    #[test]
    fn host_port_brackets_ipv6() {
        assert_eq!(host_port("::1", 13000), "[::1]:13000");
        assert_eq!(host_port("ksc", 13000), "ksc:13000");
        assert_eq!(host_port("[::1]", 13000), "[::1]:13000");
        for (host, port) in [("proxy", 3128), ("::1", 8080), ("10.0.0.1", 1)] {
            let (h, p) = split_host_port(&host_port(host, port));
            assert_eq!((h.as_str(), p.parse::<u16>().unwrap()), (host, port));
        }
        assert_eq!(split_host_port("proxy"), ("proxy".into(), String::new()));
    }
}
