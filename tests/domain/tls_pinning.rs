//! Real TLS handshakes on 127.0.0.1: pinning, mutual TLS, certificate fetching and error steps.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io;
use std::sync::Arc;
use std::time::Duration;

use ksc_link::net::{HttpProxy, Step};
use ksc_link::tls::{
    self, ClientCertCheck, Identity, Pin, connect_pinned, fetch_presented_certificate,
    find_client_cert_refused, find_pin_mismatch,
};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

const T: Duration = Duration::from_secs(10);

/// A fresh self-signed ECDSA identity (fast to generate) and its certificate DER.
fn identity(name: &str) -> (Identity, Vec<u8>) {
    let ck = rcgen::generate_simple_self_signed(vec![name.to_string()]).unwrap();
    let der = ck.cert.der().to_vec();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ck.signing_key.serialize_der()));
    (
        Identity {
            cert_chain: vec![CertificateDer::from(der.clone())],
            key,
        },
        der,
    )
}

/// What the server saw on one connection.
#[derive(Debug)]
struct Seen {
    sni: Option<String>,
    alpn: Option<Vec<u8>>,
    client_cert: Option<Vec<u8>>,
    line: String,
}

/// Serves one TLS connection: reads a line, answers `echo: <line>`.
async fn serve_one(config: Arc<rustls::ServerConfig>) -> (u16, JoinHandle<io::Result<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let h = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await?;
        let tls = acceptor.accept(tcp).await?;
        let (_, conn) = tls.get_ref();
        let sni = conn.server_name().map(str::to_string);
        let alpn = conn.alpn_protocol().map(<[u8]>::to_vec);
        let client_cert = conn
            .peer_certificates()
            .and_then(|c| c.first())
            .map(|c| c.to_vec());
        let mut reader = BufReader::new(tls);
        let mut line = String::new();
        reader.read_line(&mut line).await?;
        let mut tls = reader.into_inner();
        tls.write_all(format!("echo: {line}").as_bytes()).await?;
        tls.shutdown().await?;
        Ok(Seen {
            sni,
            alpn,
            client_cert,
            line,
        })
    });
    (port, h)
}

/// Sends `ping` and returns the answer line.
async fn ping<S: AsyncRead + AsyncWrite + Unpin>(s: S) -> io::Result<String> {
    let mut reader = BufReader::new(s);
    reader.get_mut().write_all(b"ping\n").await?;
    reader.get_mut().flush().await?;
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    Ok(line)
}

#[tokio::test]
async fn pinned_client_exchanges_a_line() {
    let (id, der) = identity("ksc.test");
    let (port, server) = serve_one(tls::server_config(id, None).unwrap()).await;
    let stream = connect_pinned("127.0.0.1", port, None, Pin::of_der(&der), None, T)
        .await
        .unwrap();
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    assert_eq!(ping(stream).await.unwrap(), "echo: ping\n");
    let seen = server.await.unwrap().unwrap();
    assert_eq!(seen.line, "ping\n");
    assert_eq!(seen.alpn.as_deref(), Some(&b"http/1.1"[..]));
    // An IP address is never sent as SNI.
    assert_eq!(seen.sni, None);
    assert_eq!(seen.client_cert, None);
}

#[tokio::test]
async fn dns_names_are_sent_as_sni() {
    let (id, der) = identity("ksc.test");
    let (port, server) = serve_one(tls::server_config(id, None).unwrap()).await;
    // "localhost" may resolve to ::1 first; net::connect_tcp then falls back to 127.0.0.1.
    let stream = connect_pinned("localhost", port, None, Pin::of_der(&der), None, T)
        .await
        .unwrap();
    assert_eq!(ping(stream).await.unwrap(), "echo: ping\n");
    let seen = server.await.unwrap().unwrap();
    assert_eq!(seen.sni.as_deref(), Some("localhost"));
}

#[tokio::test]
async fn rsa_server_identity_from_cert_module_works() {
    let (details, id, _key_pem) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 397).unwrap();
    let (port, server) = serve_one(tls::server_config(id, None).unwrap()).await;
    let stream = connect_pinned("127.0.0.1", port, None, details.pin(), None, T)
        .await
        .unwrap();
    assert_eq!(ping(stream).await.unwrap(), "echo: ping\n");
    server.await.unwrap().unwrap();
}

#[tokio::test]
async fn wrong_pin_is_refused_and_names_both_fingerprints() {
    let (id, der) = identity("ksc.test");
    let (_, other_der) = identity("other.test");
    let expected = Pin::of_der(&other_der);
    let presented = Pin::of_der(&der);

    // Through connect_pinned: a NetError at the TLS step that names both fingerprints.
    let (port, server) = serve_one(tls::server_config(id.clone(), None).unwrap()).await;
    let err = connect_pinned("127.0.0.1", port, None, expected, None, T)
        .await
        .unwrap_err();
    assert_eq!(err.step, Step::Tls);
    assert_eq!(err.port, port);
    assert!(err.detail.contains(&presented.colon_hex()), "{err}");
    assert!(err.detail.contains(&expected.colon_hex()), "{err}");
    assert!(
        server.await.unwrap().is_err(),
        "the server must not complete"
    );

    // Through a bare connector: the typed mismatch is found in the io::Error chain.
    let (port, server) = serve_one(tls::server_config(id, None).unwrap()).await;
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let connector = tokio_rustls::TlsConnector::from(tls::client_config(expected, None).unwrap());
    let io_err = connector
        .connect(tls::server_name_for("127.0.0.1"), tcp)
        .await
        .unwrap_err();
    let m = find_pin_mismatch(&io_err).expect("pin mismatch in the chain");
    assert_eq!(m.expected, expected);
    assert_eq!(m.presented, presented);
    assert_eq!(m.presented_der, der);
    let text = m.to_string();
    assert!(text.contains(&presented.colon_hex()) && text.contains(&expected.colon_hex()));
    assert!(server.await.unwrap().is_err());
}

fn allow_only(der: Vec<u8>) -> ClientCertCheck {
    Arc::new(move |presented: &[u8]| presented == der.as_slice())
}

#[tokio::test]
async fn mutual_tls_accepts_the_allowed_client() {
    let (server_id, server_der) = identity("primary.test");
    let (client_id, client_der) = identity("secondary.test");
    let config = tls::server_config(server_id, Some(allow_only(client_der.clone()))).unwrap();
    let (port, server) = serve_one(config).await;
    let stream = connect_pinned(
        "127.0.0.1",
        port,
        None,
        Pin::of_der(&server_der),
        Some(client_id),
        T,
    )
    .await
    .unwrap();
    assert_eq!(ping(stream).await.unwrap(), "echo: ping\n");
    let seen = server.await.unwrap().unwrap();
    assert_eq!(seen.client_cert, Some(client_der));
}

/// Collects formatted log output.
#[derive(Clone, Default)]
struct LogBuf(Arc<std::sync::Mutex<Vec<u8>>>);

impl io::Write for LogBuf {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// A current-thread runtime, so the server task logs to this thread's subscriber.
#[tokio::test(flavor = "current_thread")]
async fn mutual_tls_refuses_another_client_certificate() {
    let logs = LogBuf::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let (server_id, server_der) = identity("primary.test");
    let (_, allowed_der) = identity("secondary.test");
    let (intruder_id, intruder_der) = identity("intruder.test");
    let config = tls::server_config(server_id, Some(allow_only(allowed_der))).unwrap();
    let (port, server) = serve_one(config).await;
    // With TLS 1.3 the client may finish its side of the handshake before the server decides,
    // so the refusal shows at the handshake or at the first read.
    let exchanged = match connect_pinned(
        "127.0.0.1",
        port,
        None,
        Pin::of_der(&server_der),
        Some(intruder_id),
        T,
    )
    .await
    {
        Err(e) => {
            assert_eq!(e.step, Step::Tls);
            None
        }
        Ok(stream) => ping(stream).await.ok(),
    };
    assert!(
        exchanged.as_deref().is_none_or(|l| !l.starts_with("echo")),
        "{exchanged:?}"
    );
    let server_err = server.await.unwrap().unwrap_err();
    let refused = find_client_cert_refused(&server_err).expect("refusal in the server error");
    assert_eq!(refused.presented, Pin::of_der(&intruder_der));
    assert!(refused.to_string().contains(&refused.presented.colon_hex()));
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("WARN"), "{logged}");
    assert!(logged.contains(&refused.presented.colon_hex()), "{logged}");
}

#[tokio::test]
async fn mutual_tls_refuses_a_client_without_certificate() {
    let (server_id, server_der) = identity("primary.test");
    let (_, allowed_der) = identity("secondary.test");
    let config = tls::server_config(server_id, Some(allow_only(allowed_der))).unwrap();
    let (port, server) = serve_one(config).await;
    let exchanged =
        match connect_pinned("127.0.0.1", port, None, Pin::of_der(&server_der), None, T).await {
            Err(e) => {
                assert_eq!(e.step, Step::Tls);
                None
            }
            Ok(stream) => ping(stream).await.ok(),
        };
    assert!(
        exchanged.as_deref().is_none_or(|l| !l.starts_with("echo")),
        "{exchanged:?}"
    );
    let server_err = server.await.unwrap().unwrap_err();
    let rerr = tls::find_rustls_error(&server_err).expect("a rustls error");
    assert_eq!(rerr, rustls::Error::NoCertificatesPresented);
}

#[tokio::test]
async fn fetch_returns_the_presented_certificate_and_sends_no_data() {
    let (id, der) = identity("ksc.test");
    let config = tls::server_config(id, None).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        match acceptor.accept(tcp).await {
            // Any application data would be readable only after a completed handshake.
            Ok(mut tls) => {
                let mut buf = Vec::new();
                let _ = tls.read_to_end(&mut buf).await;
                Err(buf)
            }
            Err(e) => Ok(e),
        }
    });
    let presented = fetch_presented_certificate("127.0.0.1", port, None, T)
        .await
        .unwrap();
    assert_eq!(presented.leaf_der, der);
    assert_eq!(presented.chain, vec![der.clone()]);
    assert_eq!(presented.pin(), Pin::of_der(&der));
    let server_side = server.await.unwrap();
    assert!(
        server_side.is_ok(),
        "the handshake must never complete: {server_side:?}"
    );
}

/// A TCP server that answers like a plain HTTP server and closes.
async fn plain_http_server() -> (u16, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let h = tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = tcp.read(&mut buf).await;
        let _ = tcp
            .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            .await;
        let _ = tcp.shutdown().await;
    });
    (port, h)
}

#[tokio::test]
async fn non_tls_server_is_a_tls_step_error() {
    let (port, server) = plain_http_server().await;
    let err = fetch_presented_certificate("127.0.0.1", port, None, T)
        .await
        .unwrap_err();
    assert_eq!(err.step, Step::Tls);
    assert!(
        err.detail
            .contains("the server did not present a certificate; is this the SSL port?"),
        "{err}"
    );
    server.await.unwrap();

    let (port, server) = plain_http_server().await;
    let err = connect_pinned("127.0.0.1", port, None, Pin::of_der(b"x"), None, T)
        .await
        .unwrap_err();
    assert_eq!(err.step, Step::Tls);
    assert!(err.detail.contains("is this the SSL port?"), "{err}");
    server.await.unwrap();
}

#[tokio::test]
async fn server_closing_at_once_is_a_tls_step_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        drop(tcp);
    });
    let err = fetch_presented_certificate("127.0.0.1", port, None, T)
        .await
        .unwrap_err();
    assert_eq!(err.step, Step::Tls);
    assert!(
        err.detail.contains("did not present a certificate"),
        "{err}"
    );
    server.await.unwrap();
}

#[tokio::test]
async fn closed_port_is_a_tcp_step_error() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    let err = fetch_presented_certificate("127.0.0.1", port, None, T)
        .await
        .unwrap_err();
    assert_eq!(err.step, Step::Tcp);
    let err = connect_pinned("127.0.0.1", port, None, Pin::of_der(b"x"), None, T)
        .await
        .unwrap_err();
    assert_eq!(err.step, Step::Tcp);
}

/// A minimal HTTP CONNECT proxy for `n` tunnels; returns its port and the targets it was asked for.
async fn connect_proxy(n: usize) -> (u16, JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let h = tokio::spawn(async move {
        let mut targets = Vec::new();
        for _ in 0..n {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut reader = BufReader::new(tcp);
            let mut request = String::new();
            reader.read_line(&mut request).await.unwrap();
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).await.unwrap();
                if header == "\r\n" || header.is_empty() {
                    break;
                }
            }
            let target = request.split_whitespace().nth(1).unwrap().to_string();
            targets.push(target.clone());
            let mut client = reader.into_inner();
            let mut upstream = tokio::net::TcpStream::connect(&target).await.unwrap();
            client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await
                .unwrap();
            tokio::spawn(async move {
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
        targets
    });
    (port, h)
}

#[tokio::test]
async fn fetch_and_connect_through_an_http_connect_proxy() {
    let (id, der) = identity("ksc.test");
    let config = tls::server_config(id, None).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let server = tokio::spawn(async move {
        // First connection: the fetch, which never completes a handshake.
        let (tcp, _) = listener.accept().await.unwrap();
        assert!(acceptor.accept(tcp).await.is_err());
        // Second: a pinned connection exchanging a line.
        let (tcp, _) = listener.accept().await.unwrap();
        let tls = acceptor.accept(tcp).await.unwrap();
        let mut reader = BufReader::new(tls);
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        reader.get_mut().write_all(b"echo: ping\n").await.unwrap();
        reader.get_mut().shutdown().await.unwrap();
        line
    });
    let (proxy_port, proxy) = connect_proxy(2).await;
    let p = HttpProxy {
        host: "127.0.0.1".into(),
        port: proxy_port,
        user: None,
        password: None,
    };
    let presented = fetch_presented_certificate("127.0.0.1", port, Some(&p), T)
        .await
        .unwrap();
    assert_eq!(presented.leaf_der, der);
    let stream = connect_pinned("127.0.0.1", port, Some(&p), presented.pin(), None, T)
        .await
        .unwrap();
    assert_eq!(ping(stream).await.unwrap(), "echo: ping\n");
    assert_eq!(server.await.unwrap(), "ping\n");
    let target = format!("127.0.0.1:{port}");
    assert_eq!(proxy.await.unwrap(), vec![target.clone(), target]);
}

/// Serves one HTTPS request with a fixed `200 ok` answer.
async fn serve_https_once(config: Arc<rustls::ServerConfig>) -> (u16, JoinHandle<io::Result<()>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let h = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await?;
        let tls = acceptor.accept(tcp).await?;
        let mut reader = BufReader::new(tls);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await? == 0 || line == "\r\n" {
                break;
            }
        }
        let mut tls = reader.into_inner();
        tls.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            .await?;
        tls.shutdown().await?;
        Ok(())
    });
    (port, h)
}

fn reqwest_client(pin: Pin) -> reqwest::Client {
    // reqwest takes the rustls config by value.
    let config = (*tls::client_config(pin, None).unwrap()).clone();
    reqwest::Client::builder()
        .tls_backend_preconfigured(config)
        .build()
        .unwrap()
}

#[tokio::test]
async fn reqwest_with_the_pinned_config_succeeds_or_reports_the_mismatch() {
    let (id, der) = identity("ksc.test");
    let config = tls::server_config(id, None).unwrap();

    let (port, server) = serve_https_once(config.clone()).await;
    let body = reqwest_client(Pin::of_der(&der))
        .get(format!("https://127.0.0.1:{port}/api/v1.0/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "ok");
    server.await.unwrap().unwrap();

    let (port, server) = serve_https_once(config).await;
    let wrong = Pin::of_der(b"another certificate");
    let err = reqwest_client(wrong)
        .get(format!("https://127.0.0.1:{port}/"))
        .send()
        .await
        .unwrap_err();
    let m = find_pin_mismatch(&err).expect("the mismatch is found through reqwest's error chain");
    assert_eq!(m.expected, wrong);
    assert_eq!(m.presented, Pin::of_der(&der));
    assert!(server.await.unwrap().is_err());
}

/// Presents a fixed certificate with a signing key that may not belong to it.
#[derive(Debug)]
struct FixedCert(Arc<rustls::sign::CertifiedKey>);

impl rustls::server::ResolvesServerCert for FixedCert {
    fn resolve(
        &self,
        _hello: rustls::server::ClientHello<'_>,
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        Some(self.0.clone())
    }
}

#[tokio::test]
async fn pinned_certificate_without_its_key_is_refused() {
    // An impostor replays the genuine certificate (public) but signs with its own key.
    let (_, genuine_der) = identity("ksc.test");
    let (impostor, _) = identity("impostor.test");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let key = provider
        .key_provider
        .load_private_key(impostor.key.clone_key())
        .unwrap();
    let certified = rustls::sign::CertifiedKey::new(vec![genuine_der.clone().into()], key);
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(FixedCert(Arc::new(certified))));
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let (port, server) = serve_one(Arc::new(config)).await;
    let err = connect_pinned("127.0.0.1", port, None, Pin::of_der(&genuine_der), None, T)
        .await
        .unwrap_err();
    assert_eq!(err.step, Step::Tls);
    // The pin matched; the handshake signature did not.
    assert!(!err.detail.contains("expected"), "{err}");
    assert!(server.await.unwrap().is_err());
}
