//! Addresses and certificates as the settings store holds them, normalised for dialling and
//! pinning.

use std::fmt;

/// A host and port to dial.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// Host name or IP address, without brackets.
    pub host: String,
    /// TCP port.
    pub port: u16,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// Why an address from the settings cannot be dialled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Nothing but white space.
    #[error("the address is empty")]
    Empty,
    /// A scheme other than `http://` or `https://`.
    #[error("address '{0}': only http:// and https:// prefixes are understood")]
    Scheme(String),
    /// No host before the port.
    #[error("address '{0}' has no host name")]
    NoHost(String),
    /// A port that is not a number from 1 to 65535.
    #[error("address '{text}': '{port}' is not a port number (1-65535)")]
    Port {
        /// The whole address.
        text: String,
        /// The offending port text.
        port: String,
    },
    /// An opening `[` without its `]`.
    #[error("address '{0}': unbalanced '[' in an IPv6 address")]
    Bracket(String),
    /// A character that no host name or address contains.
    #[error("address '{0}' contains characters that are not allowed in a host name")]
    BadHost(String),
}

fn parse_port(text: &str, port: &str) -> Result<u16, AddressError> {
    match port.parse::<u16>() {
        Ok(p) if p != 0 => Ok(p),
        _ => Err(AddressError::Port {
            text: text.to_string(),
            port: port.to_string(),
        }),
    }
}

/// Parses `name_or_ip`, `name_or_ip:port`, `[v6]:port`, a bare IPv6 address, or
/// `http(s)://host[:port][/...]`; an explicit port wins over `default_port`.
pub fn parse_endpoint(text: &str, default_port: u16) -> Result<Endpoint, AddressError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AddressError::Empty);
    }
    let rest = match t.find("://") {
        Some(i) => {
            let scheme = &t[..i];
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return Err(AddressError::Scheme(t.to_string()));
            }
            &t[i + 3..]
        }
        None => t,
    };
    // Anything after the authority (a path, a query) is irrelevant for dialling.
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let close = inner
            .find(']')
            .ok_or_else(|| AddressError::Bracket(t.to_string()))?;
        let host = &inner[..close];
        let after = &inner[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => parse_port(t, p)?,
            None if after.is_empty() => default_port,
            None => return Err(AddressError::BadHost(t.to_string())),
        };
        (host, port)
    } else {
        match authority.matches(':').count() {
            0 => (authority, default_port),
            1 => {
                let (h, p) = authority.split_once(':').unwrap_or((authority, ""));
                (h, parse_port(t, p)?)
            }
            // Several colons and no brackets: a bare IPv6 address without a port.
            _ => (authority, default_port),
        }
    };
    if host.is_empty() {
        return Err(AddressError::NoHost(t.to_string()));
    }
    if host
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '@' | '[' | ']' | '\\'))
    {
        return Err(AddressError::BadHost(t.to_string()));
    }
    Ok(Endpoint {
        host: host.to_string(),
        port,
    })
}

/// Why stored certificate bytes cannot be pinned.
#[derive(Debug, thiserror::Error)]
pub enum PinnedCertError {
    /// No bytes at all.
    #[error("no certificate is set")]
    Empty,
    /// Bytes that are not a certificate in DER or PEM.
    #[error("not a usable certificate: {0}")]
    Invalid(#[source] crate::cert::CertError),
}

/// Normalises a certificate given as DER or PEM bytes to DER (the first certificate of a PEM
/// bundle), checking that it parses.
pub fn cert_to_der(bytes: &[u8]) -> Result<Vec<u8>, PinnedCertError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PinnedCertError::Empty);
    }
    crate::cert::parse_certificate(bytes)
        .map(|d| d.der)
        .map_err(PinnedCertError::Invalid)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ep(h: &str, p: u16) -> Endpoint {
        Endpoint {
            host: h.into(),
            port: p,
        }
    }

    #[test]
    fn address_forms() {
        assert_eq!(parse_endpoint("ksc1", 13000).unwrap(), ep("ksc1", 13000));
        assert_eq!(
            parse_endpoint(" ksc1:14000 ", 13000).unwrap(),
            ep("ksc1", 14000)
        );
        assert_eq!(
            parse_endpoint("https://ksc-master.example.com:13001", 13000).unwrap(),
            ep("ksc-master.example.com", 13001)
        );
        assert_eq!(
            parse_endpoint("HTTP://10.0.0.1/", 13000).unwrap(),
            ep("10.0.0.1", 13000)
        );
        assert_eq!(
            parse_endpoint("[::1]:13005", 13000).unwrap(),
            ep("::1", 13005)
        );
        assert_eq!(
            parse_endpoint("fe80::1", 13000).unwrap(),
            ep("fe80::1", 13000)
        );
        assert_eq!(parse_endpoint("[::1]", 13000).unwrap(), ep("::1", 13000));
        assert_eq!(ep("::1", 1).to_string(), "[::1]:1");
    }

    #[test]
    fn bad_addresses() {
        assert_eq!(parse_endpoint("  ", 1), Err(AddressError::Empty));
        assert!(matches!(
            parse_endpoint("ftp://x", 1),
            Err(AddressError::Scheme(_))
        ));
        assert!(matches!(
            parse_endpoint("x:0", 1),
            Err(AddressError::Port { .. })
        ));
        assert!(matches!(
            parse_endpoint("x:99999", 1),
            Err(AddressError::Port { .. })
        ));
        assert!(matches!(
            parse_endpoint("x:", 1),
            Err(AddressError::Port { .. })
        ));
        assert!(matches!(
            parse_endpoint(":13000", 1),
            Err(AddressError::NoHost(_))
        ));
        assert!(matches!(
            parse_endpoint("[::1", 1),
            Err(AddressError::Bracket(_))
        ));
        assert!(matches!(
            parse_endpoint("us er@h", 1),
            Err(AddressError::BadHost(_))
        ));
    }

    #[test]
    fn certificates_normalise_to_der() {
        let (details, _, _) =
            crate::cert::generate_server_identity(&["ksc1".to_string()], 30).unwrap();
        let der = details.der.clone();
        assert_eq!(cert_to_der(&der).unwrap(), der);
        let pem_text = details.to_pem();
        assert_eq!(cert_to_der(pem_text.as_bytes()).unwrap(), der);
        assert!(matches!(cert_to_der(b" \n"), Err(PinnedCertError::Empty)));
        assert!(matches!(
            cert_to_der(b"hello"),
            Err(PinnedCertError::Invalid(_))
        ));
    }
}
