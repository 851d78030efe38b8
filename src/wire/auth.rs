//! The `Authorization` and `WWW-Authenticate` header forms of the KSC Open API.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

/// Credentials of a `KSCBasic` login.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
    /// Windows domain, empty for none.
    pub domain: String,
    /// True for an internal KSC user, false for an OS or domain account.
    pub internal: bool,
}

impl std::fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .field("domain", &self.domain)
            .field("internal", &self.internal)
            .finish()
    }
}

/// A parsed `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub enum Authorization {
    /// `KSCBasic user="…", pass="…", domain="…", internal="…"`.
    Basic(BasicCredentials),
    /// `KSCT <token>`: a one-time token from `Session.CreateToken`.
    Token(String),
    /// `KSCWT <token>`: a web token.
    WebToken(String),
    /// `KSCGW <token>`: a gateway token.
    Gateway(String),
    /// `KSCMFA totp="<code>"`: the second factor.
    Totp(String),
    /// `NTLM <token>` (Windows servers only).
    Ntlm(String),
}

/// Names the scheme only: every value but the user of a basic login is a credential (a token,
/// a two-step code).
impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = match self {
            Self::Basic(c) => return f.debug_tuple("Basic").field(c).finish(),
            Self::Token(_) => "Token",
            Self::WebToken(_) => "WebToken",
            Self::Gateway(_) => "Gateway",
            Self::Totp(_) => "Totp",
            Self::Ntlm(_) => "Ntlm",
        };
        f.debug_tuple(scheme).field(&"<redacted>").finish()
    }
}

/// Builds the `KSCBasic` header exactly as KlAkOAPI does: user and password base64 of UTF-8,
/// the domain as is, `internal` as `"1"` or `"0"`.
pub fn basic_header(c: &BasicCredentials) -> String {
    format!(
        "KSCBasic user=\"{}\", pass=\"{}\", domain=\"{}\", internal=\"{}\"",
        B64.encode(c.user.as_bytes()),
        B64.encode(c.password.as_bytes()),
        c.domain,
        u8::from(c.internal)
    )
}

/// Builds the gateway header `KSCGW <key>` for the one-time key of
/// `GatewayConnection.PrepareGatewayConnection`, as KlAkOAPI's `CreateGateway` sends it.
pub fn gateway_header(key: &str) -> String {
    format!("KSCGW {key}")
}

/// Builds the second-factor header `KSCMFA totp="<code>"`.
pub fn totp_header(code: &str) -> String {
    format!("KSCMFA totp=\"{code}\"")
}

/// Encodes a virtual server name for `X-KSC-VServer` (base64 of UTF-8; empty for the main server).
pub fn vserver_header(name: &str) -> String {
    B64.encode(name.as_bytes())
}

/// Decodes `X-KSC-VServer`; tolerates a raw (not base64) name as some clients send it.
pub fn parse_vserver_header(v: &str) -> String {
    let v = v.trim();
    if v.is_empty() {
        return String::new();
    }
    match B64.decode(v) {
        Ok(bytes) => String::from_utf8(bytes).unwrap_or_else(|_| v.to_string()),
        Err(_) => v.to_string(),
    }
}

/// Splits `key="value", key2=value2` pairs, tolerating spaces around `=` and unquoted values.
pub fn parse_pairs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some(eq) = rest.find('=') else { break };
        let key = rest[..eq].trim().trim_start_matches(',').trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let value;
        if let Some(stripped) = rest.strip_prefix('"') {
            let end = stripped.find('"').unwrap_or(stripped.len());
            value = stripped[..end].to_string();
            rest = stripped.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        rest = rest.trim_start().trim_start_matches(',').trim_start();
        out.push((key.to_ascii_lowercase(), value));
    }
    out
}

fn b64_text(s: &str) -> Option<String> {
    B64.decode(s.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

/// Parses an `Authorization` header value in any of the documented schemes and the variants
/// third-party clients send (missing domain, unquoted `internal=true`, base64 domain).
pub fn parse_authorization(v: &str) -> Result<Authorization, String> {
    let v = v.trim();
    let (scheme, rest) = v.split_once(char::is_whitespace).unwrap_or((v, ""));
    let rest = rest.trim();
    match scheme {
        "KSCBasic" => {
            let pairs = parse_pairs(rest);
            let get = |k: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.as_str())
            };
            let user = get("user").ok_or("KSCBasic without user")?;
            let pass = get("pass").ok_or("KSCBasic without pass")?;
            let user = b64_text(user).ok_or("KSCBasic user is not base64 of UTF-8")?;
            let password = b64_text(pass).ok_or("KSCBasic pass is not base64 of UTF-8")?;
            // KlAkOAPI sends the domain as is; some clients base64 it. A plain domain name that
            // happens to be valid base64 of printable text is unlikely; prefer the decoded form
            // only when it decodes to printable ASCII.
            let domain = match get("domain") {
                None | Some("") => String::new(),
                Some(d) => match b64_text(d) {
                    Some(t)
                        if !t.is_empty()
                            && t.chars().all(|c| c.is_ascii_graphic() || c == ' ')
                            && d.len() % 4 == 0
                            && d.ends_with('=') =>
                    {
                        t
                    }
                    _ => d.to_string(),
                },
            };
            let internal = match get("internal").map(str::to_ascii_lowercase).as_deref() {
                None => false,
                Some("1" | "true" | "yes") => true,
                Some("0" | "false" | "no" | "") => false,
                Some(other) => return Err(format!("KSCBasic internal has an odd value {other:?}")),
            };
            Ok(Authorization::Basic(BasicCredentials {
                user,
                password,
                domain,
                internal,
            }))
        }
        "KSCT" => Ok(Authorization::Token(rest.to_string())),
        "KSCWT" => Ok(Authorization::WebToken(rest.to_string())),
        "KSCGW" => Ok(Authorization::Gateway(rest.to_string())),
        "KSCMFA" => {
            let pairs = parse_pairs(rest);
            pairs
                .into_iter()
                .find(|(k, _)| k == "totp")
                .map(|(_, v)| Authorization::Totp(v))
                .ok_or_else(|| "KSCMFA without totp".to_string())
        }
        "NTLM" => Ok(Authorization::Ntlm(rest.to_string())),
        other => Err(format!("unknown authorization scheme {other:?}")),
    }
}

/// What a `WWW-Authenticate: KSCMFA …` challenge asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MfaChallenge {
    /// `type="totp"`: a code from the authenticator app is needed (with the expected length).
    Totp {
        /// `lengthHint`, 6 by default.
        length: usize,
    },
    /// `type="totpreg"`: two-step verification is required but not set up for this account.
    Registration,
}

/// The challenge header for a code: `KSCMFA type="totp", lengthHint="6"`.
pub fn mfa_challenge_header(c: &MfaChallenge) -> String {
    match c {
        MfaChallenge::Totp { length } => format!("KSCMFA type=\"totp\", lengthHint=\"{length}\""),
        MfaChallenge::Registration => "KSCMFA type=\"totpreg\"".to_string(),
    }
}

/// Reads a `WWW-Authenticate` value; `None` when it is not a KSCMFA challenge.
pub fn parse_mfa_challenge(v: &str) -> Option<MfaChallenge> {
    let v = v.trim();
    let rest = v.strip_prefix("KSCMFA")?;
    let pairs = parse_pairs(rest);
    let ty = pairs
        .iter()
        .find(|(k, _)| k == "type")
        .map(|(_, v)| v.as_str())
        .unwrap_or("totp");
    match ty {
        "totpreg" => Some(MfaChallenge::Registration),
        _ => {
            let length = pairs
                .iter()
                .find(|(k, _)| k == "lengthhint")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(6);
            Some(MfaChallenge::Totp { length })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_parsed_header_never_prints_its_credential() {
        for auth in [
            Authorization::Totp("424242".into()),
            Authorization::Token("424242".into()),
            Authorization::WebToken("424242".into()),
            Authorization::Gateway("424242".into()),
            Authorization::Ntlm("424242".into()),
        ] {
            let printed = format!("{auth:?}");
            assert!(!printed.contains("424242"), "{printed}");
        }
    }

    fn creds() -> BasicCredentials {
        BasicCredentials {
            user: "Администратор".into(),
            password: "p@ss \"word\"".into(),
            domain: "CORP".into(),
            internal: true,
        }
    }

    #[test]
    fn klakoapi_header_shape() {
        let c = BasicCredentials {
            user: "admin".into(),
            password: "secret".into(),
            domain: String::new(),
            internal: true,
        };
        assert_eq!(
            basic_header(&c),
            "KSCBasic user=\"YWRtaW4=\", pass=\"c2VjcmV0\", domain=\"\", internal=\"1\""
        );
    }

    #[test]
    fn basic_round_trip_with_unicode_and_quotes() {
        let c = creds();
        assert_eq!(
            parse_authorization(&basic_header(&c)),
            Ok(Authorization::Basic(c))
        );
    }

    #[test]
    fn third_party_variants() {
        // go-ksc: unquoted internal=true, no domain.
        let a = parse_authorization("KSCBasic user=\"YWRtaW4=\", pass=\"c2VjcmV0\", internal=true")
            .unwrap();
        let Authorization::Basic(c) = a else { panic!() };
        assert!(c.internal);
        assert_eq!(c.domain, "");
        // Spaces around '=' and only user/pass.
        let a = parse_authorization("KSCBasic user = \"YWRtaW4=\" , pass = \"c2VjcmV0\"").unwrap();
        let Authorization::Basic(c) = a else { panic!() };
        assert_eq!((c.user.as_str(), c.internal), ("admin", false));
        // Base64 domain.
        let a = parse_authorization(
            "KSCBasic user=\"YWRtaW4=\", pass=\"c2VjcmV0\", domain=\"Q09SUA==\", internal=\"0\"",
        )
        .unwrap();
        let Authorization::Basic(c) = a else { panic!() };
        assert_eq!(c.domain, "CORP");
    }

    #[test]
    fn other_schemes() {
        assert_eq!(
            parse_authorization("KSCMFA totp=\"276069\""),
            Ok(Authorization::Totp("276069".into()))
        );
        assert_eq!(
            parse_authorization("KSCT abc"),
            Ok(Authorization::Token("abc".into()))
        );
        assert!(parse_authorization("Bearer x").is_err());
        assert!(parse_authorization("KSCBasic user=\"!!\", pass=\"\"").is_err());
    }

    #[test]
    fn challenges() {
        let t = MfaChallenge::Totp { length: 6 };
        assert_eq!(
            mfa_challenge_header(&t),
            "KSCMFA type=\"totp\", lengthHint=\"6\""
        );
        assert_eq!(parse_mfa_challenge(&mfa_challenge_header(&t)), Some(t));
        assert_eq!(
            parse_mfa_challenge("KSCMFA type=\"totpreg\""),
            Some(MfaChallenge::Registration)
        );
        assert_eq!(parse_mfa_challenge("Basic realm=x"), None);
    }

    #[test]
    fn vserver_header_round_trip() {
        assert_eq!(
            parse_vserver_header(&vserver_header("Клиент 1")),
            "Клиент 1"
        );
        assert_eq!(parse_vserver_header(""), "");
        assert_eq!(parse_vserver_header("x"), "x");
    }

    #[test]
    fn debug_redacts_password() {
        let s = format!("{:?}", creds());
        assert!(!s.contains("p@ss"), "{s}");
    }
}
