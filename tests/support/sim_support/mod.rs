//! Shared pieces of the simulator tests: starting a simulated server in a temporary directory
//! and a raw HTTP/1.1 client over one pinned TLS connection (to send exact bytes and to see
//! exactly what comes back).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Read as _;
use std::time::Duration;

use ksc_link::sim::ksc::{KscSim, KscSimConfig, seed, start};
use ksc_link::tls::{self, Pin};
use serde_json::Value as Json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

/// Timeout of every network step in the tests.
pub const T: Duration = Duration::from_secs(20);

/// Password of `admin` in both demo seeds.
pub const ADMIN_PASSWORD: &str = "KscAdmin-2024";

/// A running simulator and the directory it keeps its state in.
pub struct Sim {
    /// The server.
    pub sim: KscSim,
    /// Its state directory (removed on drop).
    pub dir: tempfile::TempDir,
}

/// Starts a simulator from seed text in a fresh directory.
pub async fn start_with(seed_text: &str) -> Sim {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = KscSimConfig::new(dir.path());
    cfg.seed_text = Some(seed_text.to_string());
    let sim = start(cfg).await.unwrap();
    Sim { sim, dir }
}

/// Starts the demo primary.
pub async fn primary() -> Sim {
    start_with(seed::PRIMARY).await
}

/// Starts the demo secondary.
pub async fn secondary() -> Sim {
    start_with(seed::SECONDARY).await
}

/// A reply as it came off the wire.
#[derive(Debug)]
pub struct Resp {
    /// Status code.
    pub status: u16,
    /// Headers in order, names lowercased.
    pub headers: Vec<(String, String)>,
    /// Body after de-chunking (still compressed if it was).
    pub raw_body: Vec<u8>,
}

impl Resp {
    /// First value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body, decompressed according to `Content-Encoding`.
    pub fn body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding") {
            Some("gzip") => {
                flate2::read::GzDecoder::new(&self.raw_body[..])
                    .read_to_end(&mut out)
                    .unwrap();
            }
            Some("deflate") => {
                // HTTP "deflate" is zlib-wrapped.
                flate2::read::ZlibDecoder::new(&self.raw_body[..])
                    .read_to_end(&mut out)
                    .unwrap();
            }
            Some(other) => panic!("unexpected content-encoding {other}"),
            None => out = self.raw_body.clone(),
        }
        out
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8(self.body()).unwrap()
    }

    /// The body as JSON.
    pub fn json(&self) -> Json {
        serde_json::from_slice(&self.body())
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.text()))
    }
}

/// One pinned TLS connection to a simulator, speaking HTTP/1.1 by hand.
pub struct Raw {
    r: BufReader<TlsStream<TcpStream>>,
    port: u16,
}

impl Raw {
    /// Connects to the Open API of `sim`, trusting exactly its certificate.
    pub async fn connect(sim: &KscSim) -> Raw {
        let s = tls::connect_pinned(
            "127.0.0.1",
            sim.api_port(),
            None,
            Pin::of_der(sim.cert_der()),
            None,
            T,
        )
        .await
        .unwrap();
        Raw {
            r: BufReader::new(s),
            port: sim.api_port(),
        }
    }

    /// Sends bytes as they are and reads one reply.
    pub async fn send(&mut self, bytes: &[u8]) -> Resp {
        self.r.get_mut().write_all(bytes).await.unwrap();
        self.r.get_mut().flush().await.unwrap();
        tokio::time::timeout(T, self.read_response())
            .await
            .expect("reply in time")
    }

    /// POSTs `body` to `/api/v1.0/<name>` with `Content-Type: application/json` and extra headers.
    pub async fn post(&mut self, name: &str, headers: &[(&str, &str)], body: &str) -> Resp {
        let mut req = format!(
            "POST /api/v1.0/{name} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.send(req.as_bytes()).await
    }

    /// POSTs a call and returns the JSON of a 200 reply (panics on another status).
    pub async fn call(&mut self, name: &str, body: &str) -> Json {
        let r = self.post(name, &[], body).await;
        assert_eq!(r.status, 200, "{name}: {}", r.text());
        r.json()
    }

    async fn line(&mut self) -> String {
        let mut l = String::new();
        self.r.read_line(&mut l).await.unwrap();
        l.trim_end_matches(['\r', '\n']).to_string()
    }

    async fn read_response(&mut self) -> Resp {
        let status_line = self.line().await;
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"))
            .parse()
            .unwrap();
        let mut headers = Vec::new();
        loop {
            let l = self.line().await;
            if l.is_empty() {
                break;
            }
            let (k, v) = l.split_once(':').unwrap();
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        let mut body = Vec::new();
        if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            loop {
                let size_line = self.line().await;
                let size =
                    usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16).unwrap();
                if size == 0 {
                    // Trailers, then the empty line.
                    while !self.line().await.is_empty() {}
                    break;
                }
                let mut chunk = vec![0u8; size];
                self.r.read_exact(&mut chunk).await.unwrap();
                body.extend_from_slice(&chunk);
                assert!(self.line().await.is_empty(), "chunk not followed by CRLF");
            }
        } else if let Some(len) = get("content-length") {
            let mut b = vec![0u8; len.parse().unwrap()];
            self.r.read_exact(&mut b).await.unwrap();
            body = b;
        }
        Resp {
            status,
            headers,
            raw_body: body,
        }
    }
}

/// The `KSCBasic` header for an internal user, as KlAkOAPI builds it.
pub fn basic(user: &str, password: &str) -> String {
    ksc_link::wire::auth::basic_header(&ksc_link::wire::auth::BasicCredentials {
        user: user.into(),
        password: password.into(),
        domain: String::new(),
        internal: true,
    })
}

/// A connection logged in through `/api/v1.0/login` as `admin`.
pub async fn admin(sim: &KscSim) -> Raw {
    let mut c = Raw::connect(sim).await;
    let r = c
        .post(
            "login",
            &[("Authorization", &basic("admin", ADMIN_PASSWORD))],
            "",
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    c
}

/// The current TOTP code for a base32 secret (SHA1, 6 digits, 30 s).
pub fn totp_code(secret_b32: &str) -> String {
    totp(secret_b32).generate_current().to_string()
}

/// A 6-digit code that is wrong for the secret at every step the server accepts now.
pub fn wrong_code(secret_b32: &str) -> String {
    let t = totp(secret_b32);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let valid: Vec<String> = (0..5)
        .map(|i| t.generate(now + i * 30 - 60).to_string())
        .collect();
    (0..1000)
        .map(|i| format!("{:06}", i * 1117))
        .find(|c| !valid.contains(c))
        .unwrap()
}

/// The TOTP generator for a base32 secret.
pub fn totp(secret_b32: &str) -> totp_rs::Totp {
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret_b32).unwrap())
        .build()
        .unwrap()
}

/// A reqwest client that trusts exactly the simulator's certificate (no automatic gzip).
pub fn reqwest_client(sim: &KscSim) -> reqwest::Client {
    let cfg = tls::client_config(Pin::of_der(sim.cert_der()), None).unwrap();
    reqwest::Client::builder()
        .tls_backend_preconfigured((*cfg).clone())
        .no_gzip()
        .no_proxy()
        .timeout(T)
        .build()
        .unwrap()
}
