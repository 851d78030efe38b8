//! Helpers shared by the integration tests: real components started by the tests themselves.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::process::Stdio;
use std::time::Duration;

/// How long a test waits for a condition before it fails.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// A tinyproxy child process with Basic authentication, killed on drop.
pub struct Tinyproxy {
    child: tokio::process::Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Tinyproxy {
    /// Starts tinyproxy allowing CONNECT to `target_port` for `user`/`password` only.
    pub async fn start(target_port: u16, user: &str, password: &str) -> Self {
        let which = std::process::Command::new("sh")
            .args(["-c", "command -v tinyproxy"])
            .output()
            .unwrap();
        assert!(
            which.status.success(),
            "tinyproxy is not installed; install the Debian package: apt-get install tinyproxy"
        );
        // tinyproxy cannot listen on port 0: take a free port and release it.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("tinyproxy.conf");
        std::fs::write(
            &conf,
            format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 60\nMaxClients 20\nAllow 127.0.0.1\n\
                 BasicAuth {user} {password}\nConnectPort {target_port}\nLogLevel Info\n\
                 LogFile \"{}\"\n",
                dir.path().join("tinyproxy.log").display()
            ),
        )
        .unwrap();
        let child = tokio::process::Command::new("tinyproxy")
            .arg("-d")
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let end = tokio::time::Instant::now() + DEADLINE;
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                tokio::time::Instant::now() < end,
                "tinyproxy did not open port {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self {
            child,
            port,
            _dir: dir,
        }
    }

    /// Stops it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// A client signed in to a simulated server as the administrator its card names.
pub async fn sign_in(card: &ksc_link::sim::pair::ServerCard) -> ksc_link::kloapi::KscClient {
    let client = ksc_link::kloapi::KscClient::new(card.connect_options().unwrap()).unwrap();
    assert_eq!(
        client.login(&card.credentials()).await.unwrap(),
        ksc_link::kloapi::LoginOutcome::LoggedIn
    );
    client
}
