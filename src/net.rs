//! Connection set-up with errors that say which host, port and step failed.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::secrets::Secret;

/// The step of a connection or call that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Resolving the host name.
    Dns,
    /// Opening the TCP connection.
    Tcp,
    /// Talking to the HTTP proxy (CONNECT).
    Proxy,
    /// The TLS handshake (including certificate pinning).
    Tls,
    /// The HTTP exchange (status, headers, body).
    Http,
    /// The server answered with an Open API error.
    Api,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Step::Dns => crate::fl!("net-step-dns"),
            Step::Tcp => crate::fl!("net-step-tcp"),
            Step::Proxy => crate::fl!("net-step-proxy"),
            Step::Tls => crate::fl!("net-step-tls"),
            Step::Http => crate::fl!("net-step-http"),
            Step::Api => crate::fl!("net-step-api"),
        })
    }
}

/// A failure to reach `host:port`, with the step it failed at.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::fl!(
    "net-failed",
    step = .step.to_string(),
    host = .host.clone(),
    port = .port.to_string(),
    detail = .detail.clone()
))]
pub struct NetError {
    /// Host as the user gave it.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Where it failed.
    pub step: Step,
    /// What happened, in words.
    pub detail: String,
}

impl NetError {
    /// A new error.
    pub fn new(host: &str, port: u16, step: Step, detail: impl Into<String>) -> Self {
        Self {
            host: host.to_string(),
            port,
            step,
            detail: detail.into(),
        }
    }
}

/// Resolves `host` (a name, an IPv4 or a bracketed/unbracketed IPv6 address).
pub async fn resolve(
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<Vec<SocketAddr>, NetError> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let lookup = tokio::net::lookup_host((bare, port));
    match tokio::time::timeout(timeout, lookup).await {
        Err(_) => Err(NetError::new(host, port, Step::Dns, "timed out")),
        Ok(Err(e)) => Err(NetError::new(host, port, Step::Dns, e.to_string())),
        Ok(Ok(addrs)) => {
            let v: Vec<_> = addrs.collect();
            if v.is_empty() {
                Err(NetError::new(host, port, Step::Dns, "no addresses found"))
            } else {
                Ok(v)
            }
        }
    }
}

/// Opens a TCP connection, trying each resolved address in turn, within `timeout` each.
pub async fn connect_tcp(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, NetError> {
    let addrs = resolve(host, port, timeout).await?;
    let mut last = String::new();
    for a in addrs {
        match tokio::time::timeout(timeout, TcpStream::connect(a)).await {
            Ok(Ok(s)) => {
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            Ok(Err(e)) => last = format!("{a}: {e}"),
            Err(_) => last = format!("{a}: timed out after {} s", timeout.as_secs_f32()),
        }
    }
    Err(NetError::new(host, port, Step::Tcp, last))
}

/// An HTTP proxy that supports CONNECT, with optional Basic credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpProxy {
    /// Proxy host.
    pub host: String,
    /// Proxy port.
    pub port: u16,
    /// User name, if the proxy asks for one.
    pub user: Option<String>,
    /// Password for `user`.
    pub password: Option<Secret>,
}

/// `host:port` as KSC settings, HTTP and messages write it: an IPv6 literal needs brackets to keep
/// the port apart.
pub fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The inverse of [`host_port`], as `KLSRV_MASTER_SRV_PROXYHOST_LOCATION` holds it: the host and
/// the port as text (empty when the location has none), so a form can show what was stored.
pub fn split_host_port(location: &str) -> (String, String) {
    let l = location.trim();
    if let Some(rest) = l.strip_prefix('[')
        && let Some((host, port)) = rest.split_once("]:")
    {
        return (host.to_string(), port.to_string());
    }
    match l.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h.to_string(), p.to_string()),
        _ => (l.to_string(), String::new()),
    }
}

/// The most a proxy's reply to CONNECT (status line and headers) may hold: a proxy, or whatever
/// answers on its port, must not make the app buffer without end.
pub const MAX_CONNECT_REPLY_BYTES: usize = 8 * 1024;
/// The most lines (status line included) a proxy's reply to CONNECT may have.
pub const MAX_CONNECT_REPLY_LINES: usize = 100;

/// Reads a CONNECT reply's status line and headers up to the blank line, within
/// [`MAX_CONNECT_REPLY_BYTES`] and [`MAX_CONNECT_REPLY_LINES`]; returns the status line, empty
/// when the proxy closed the connection first.
async fn read_reply_head<R: AsyncBufRead + Unpin>(reader: &mut R) -> Result<String, String> {
    let too_long = || {
        format!(
            "the proxy's reply to CONNECT is longer than {} KiB before its end of headers",
            MAX_CONNECT_REPLY_BYTES / 1024
        )
    };
    let mut status = String::new();
    let mut total = 0usize;
    for index in 0..MAX_CONNECT_REPLY_LINES {
        let budget = MAX_CONNECT_REPLY_BYTES.saturating_sub(total);
        if budget == 0 {
            return Err(too_long());
        }
        let mut line = Vec::new();
        let n = (&mut *reader)
            .take(budget as u64)
            .read_until(b'\n', &mut line)
            .await
            .map_err(|e| e.to_string())?;
        total += n;
        let complete = line.ends_with(b"\n");
        if !complete && n == budget {
            return Err(too_long());
        }
        if index == 0 {
            status = String::from_utf8_lossy(&line).into_owned();
        }
        // The end of the headers, or the proxy closed the connection (n == 0 or a cut line).
        if !complete || (index > 0 && (line == b"\r\n" || line == b"\n")) {
            return Ok(status);
        }
    }
    Err(format!(
        "the proxy's reply to CONNECT has more than {MAX_CONNECT_REPLY_LINES} header lines"
    ))
}

/// Opens a tunnel to `host:port` through an HTTP proxy (`CONNECT`, RFC 9110 §9.3.6).
pub async fn connect_via_proxy(
    proxy: &HttpProxy,
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<TcpStream, NetError> {
    let mut s = connect_tcp(&proxy.host, proxy.port, timeout).await?;
    let authority = host_port(host, port);
    let mut req = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(user) = &proxy.user {
        let pass = proxy.password.as_ref().map(Secret::expose).unwrap_or("");
        let token = B64.encode(format!("{user}:{pass}"));
        req.push_str(&format!("Proxy-Authorization: Basic {token}\r\n"));
    }
    req.push_str("\r\n");
    let perr = |d: String| NetError::new(&proxy.host, proxy.port, Step::Proxy, d);
    let exchange = async {
        s.write_all(req.as_bytes())
            .await
            .map_err(|e| perr(e.to_string()))?;
        let mut reader = BufReader::new(&mut s);
        let status = read_reply_head(&mut reader).await.map_err(perr)?;
        // A refusal may carry a body (an HTML page); only a 200 must be followed by nothing.
        Ok((status, !reader.buffer().is_empty()))
    };
    let (status, early_data) = match tokio::time::timeout(timeout, exchange).await {
        Err(_) => return Err(perr("no answer to CONNECT".into())),
        Ok(r) => r?,
    };
    let code = status.split_whitespace().nth(1).unwrap_or("");
    match code {
        "200" if early_data => Err(perr("proxy sent data before the tunnel was open".into())),
        "200" => Ok(s),
        // tinyproxy answers wrong credentials with 401, missing ones with 407.
        "401" | "407" => Err(perr(format!(
            "the proxy asks for credentials, or refused the ones given ({code})"
        ))),
        "" => Err(perr("the proxy closed the connection".into())),
        _ => Err(perr(format!(
            "the proxy refused the tunnel to {authority}: {}",
            status.trim()
        ))),
    }
}

/// Opens a TCP stream to `host:port`, through `proxy` when given.
pub async fn connect(
    host: &str,
    port: u16,
    proxy: Option<&HttpProxy>,
    timeout: Duration,
) -> Result<TcpStream, NetError> {
    match proxy {
        Some(p) => connect_via_proxy(p, host, port, timeout).await,
        None => connect_tcp(host, port, timeout).await,
    }
}

/// Visits an error and its causes, looking inside `io::Error`s (whose `source` skips the
/// wrapped error, where TLS failures live).
pub fn walk_error_chain<'a>(
    e: &'a (dyn std::error::Error + 'static),
    f: &mut dyn FnMut(&'a (dyn std::error::Error + 'static)),
) {
    let mut cur = Some(e);
    while let Some(err) = cur {
        f(err);
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
        {
            let inner: &(dyn std::error::Error + 'static) = inner;
            walk_error_chain(inner, f);
            return;
        }
        cur = err.source();
    }
}

/// The causes of a reqwest error, without reqwest's outer "error sending request for url (…)".
pub fn reqwest_error_text(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    walk_error_chain(e, &mut |err| {
        if err.downcast_ref::<reqwest::Error>().is_some() {
            return;
        }
        let s = err.to_string();
        if s.starts_with("client error (") || parts.last() == Some(&s) {
            return;
        }
        parts.push(s);
    });
    if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn refused_port_names_tcp_step() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        let e = connect_tcp("127.0.0.1", port, Duration::from_secs(2))
            .await
            .unwrap_err();
        assert_eq!(e.step, Step::Tcp);
        assert_eq!(e.port, port);
        assert!(e.to_string().starts_with("TCP connection to 127.0.0.1:"));
    }

    #[tokio::test]
    async fn bad_name_is_dns_step() {
        let e = connect_tcp("no-such-host.invalid", 1, Duration::from_secs(5))
            .await
            .unwrap_err();
        assert_eq!(e.step, Step::Dns);
    }

    #[tokio::test]
    async fn proxy_refusal_is_reported() {
        use tokio::io::AsyncReadExt;
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = l.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut c, _) = l.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            let _ = c.read(&mut buf).await;
            let _ = c
                .write_all(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 9\r\n\r\nlog in!\r\n",
                )
                .await;
        });
        let p = HttpProxy {
            host: "127.0.0.1".into(),
            port,
            user: None,
            password: None,
        };
        let e = connect_via_proxy(&p, "example.test", 13000, Duration::from_secs(2))
            .await
            .unwrap_err();
        assert_eq!(e.step, Step::Proxy);
        assert!(e.detail.contains("407"));
    }

    /// A fake proxy on loopback that reads the CONNECT request, then sends `head` and `endless`
    /// over and over (1 MiB of it, far past any cap), and holds the connection open.
    async fn fake_proxy(head: &'static [u8], endless: &'static [u8]) -> HttpProxy {
        use tokio::io::AsyncReadExt;
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = l.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut c, _) = l.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            let _ = c.read(&mut buf).await;
            if c.write_all(head).await.is_err() {
                return;
            }
            let mut sent = 0;
            while !endless.is_empty() && sent < 1 << 20 && c.write_all(endless).await.is_ok() {
                sent += endless.len();
            }
            let _ = c.read(&mut buf).await;
        });
        HttpProxy {
            host: "127.0.0.1".into(),
            port,
            user: None,
            password: None,
        }
    }

    #[tokio::test]
    async fn an_endless_proxy_reply_is_cut_off_with_its_own_message() {
        // The cap, not the clock, ends the read.
        let timeout = Duration::from_secs(5);
        let p = fake_proxy(b"HTTP/1.1 200 OK\r\n", b"X-Filler: 0123456789\r\n").await;
        let e = connect_via_proxy(&p, "example.test", 13000, timeout)
            .await
            .unwrap_err();
        assert_eq!(e.step, Step::Proxy);
        assert!(e.detail.contains("more than 100 header lines"), "{e}");

        let p = fake_proxy(b"HTTP/1.1 200 OK\r\nX-Filler: ", b"0123456789abcdef").await;
        let e = connect_via_proxy(&p, "example.test", 13000, timeout)
            .await
            .unwrap_err();
        assert_eq!(e.step, Step::Proxy);
        assert!(e.detail.contains("longer than 8 KiB"), "{e}");

        let p = fake_proxy(b"HTTP/1.1 200 OK\r\nVia: 1.1 squid\r\n\r\n", b"").await;
        connect_via_proxy(&p, "example.test", 13000, timeout)
            .await
            .unwrap();
    }
}
