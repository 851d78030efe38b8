//! A primary with a hierarchy behind it (for the "Secondary servers" page, the gateway and the
//! hierarchy's upkeep): simulated servers with their links running, made secondaries the
//! documented way (`RegisterServer` on the primary, `KLSRV_MASTER_SRV` on the secondary), and
//! many more registered secondaries in mixed states ([`ksc_link::sim::ksc::fleet`]).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ksc_link::kloapi::server_hierarchy::ServerStatus;
use ksc_link::kloapi::{KscClient, LoginOutcome, MasterSrvSection, SsPath, SsWriteMode};
use ksc_link::sim::ksc::fleet::FleetSpec;
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::ksc::link_store::{LinkedSim, start_with_link};
use ksc_link::sim::ksc::{KscSimConfig, seed};
use ksc_link::sim::pair::{Role, card};
use ksc_link::wire::Params;
use time::OffsetDateTime;

/// How long a test waits for a link to come up.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// A simulated server with its link, and its administrator signed in directly.
pub struct Node {
    pub sim: LinkedSim,
    pub client: KscClient,
    _dir: tempfile::TempDir,
}

impl Node {
    pub async fn start(seed_text: &str, hostname: &str) -> Node {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = KscSimConfig::new(dir.path());
        cfg.seed_text = Some(seed_text.to_string());
        cfg.hostname = hostname.to_string();
        let sim = start_with_link(cfg, LinkConfig::fast()).await.unwrap();
        let c = card(Role::Primary, &sim);
        let client = KscClient::new(c.connect_options().unwrap()).unwrap();
        assert_eq!(
            client.login(&c.credentials()).await.unwrap(),
            LoginOutcome::LoggedIn
        );
        Node {
            sim,
            client,
            _dir: dir,
        }
    }

    /// `KLADMSRV_SERVER_HOSTNAME` as the server's own state has it.
    pub fn hostname(&self) -> String {
        self.sim.state().server().hostname
    }

    pub async fn status_of(&self, id: i32) -> Option<ServerStatus> {
        self.client
            .server_hierarchy()
            .get_child_servers(-1)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.id == id)
            .and_then(|c| c.status)
    }

    pub async fn wait_status(&self, id: i32, want: ServerStatus) {
        let end = tokio::time::Instant::now() + DEADLINE;
        while self.status_of(id).await != Some(want) {
            assert!(
                tokio::time::Instant::now() < end,
                "secondary {id} did not become {want:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Makes `child` an active secondary of this server and waits until it is Active; answers
    /// its id here.
    pub async fn attach(&self, child: &Node, name: &str) -> i32 {
        let root = self.client.host_group().group_id_groups().await.unwrap();
        let id = self
            .client
            .server_hierarchy()
            .register_server(name, root, child.sim.cert_der(), "", &Params::new())
            .await
            .unwrap();
        let host = child.sim.state().server().hostname;
        let hg = child.client.host_group();
        hg.ss_create_section(&SsPath::master_srv(&host))
            .await
            .unwrap();
        let section = MasterSrvSection {
            use_master: true,
            address: Some("127.0.0.1".into()),
            ports: vec![i32::from(self.sim.ssl_port())],
            ssl_cert: Some(self.sim.cert_der().to_vec()),
            ..MasterSrvSection::default()
        };
        hg.write_master_srv(&host, SsWriteMode::Clear, &section)
            .await
            .unwrap();
        self.wait_status(id, ServerStatus::Active).await;
        id
    }

    /// Registers `child` here as a passive (DMZ) secondary at its SSL port, with the
    /// certificate it has now; nothing is written on `child`, so it stays registered only
    /// (Inactive). Answers its id.
    pub async fn register_passive(&self, child: &Node, name: &str) -> i32 {
        let root = self.client.host_group().group_id_groups().await.unwrap();
        self.client
            .server_hierarchy()
            .register_server(
                name,
                root,
                child.sim.cert_der(),
                &format!("http://127.0.0.1:{}", child.sim.ssl_port()),
                &Params::new(),
            )
            .await
            .unwrap()
    }

    pub async fn shutdown(self) {
        self.sim.shutdown().await;
    }
}

/// A primary with one Active secondary; answers the secondary's id on the primary.
pub async fn pair() -> (Node, Node, i32) {
    let top = Node::start(seed::PRIMARY, "localhost").await;
    let branch = Node::start(seed::SECONDARY, "localhost").await;
    let id = top.attach(&branch, "branch").await;
    (top, branch, id)
}

/// A primary with `fleet` registered secondaries in mixed states (relative to `now`), an
/// active secondary (`west-region`) that has an active secondary of its own (`west-office`),
/// and a DMZ secondary (`zone-dmz`) registered at its SSL port.
pub struct Hierarchy {
    pub top: Node,
    pub mid: Node,
    pub leaf: Node,
    pub dmz: Node,
    pub mid_id: i32,
    pub leaf_id: i32,
    pub dmz_id: i32,
}

impl Hierarchy {
    pub async fn start(fleet: usize, now: OffsetDateTime) -> Hierarchy {
        let top = Node::start(seed::PRIMARY, "ksc-hq.sim.local").await;
        if fleet > 0 {
            top.sim
                .state()
                .register_fleet(&FleetSpec::new(fleet, now))
                .unwrap();
        }
        let mid = Node::start(seed::SECONDARY, "ksc-west.sim.local").await;
        let leaf = Node::start(seed::SECONDARY, "ksc-west-office.sim.local").await;
        let dmz = Node::start(seed::SECONDARY, "ksc-dmz.sim.local").await;
        let mid_id = top.attach(&mid, "west-region").await;
        let leaf_id = mid.attach(&leaf, "west-office").await;
        let dmz_id = top.register_passive(&dmz, "zone-dmz").await;
        Hierarchy {
            top,
            mid,
            leaf,
            dmz,
            mid_id,
            leaf_id,
            dmz_id,
        }
    }

    /// The DMZ secondary is reinstalled: from now on it presents a new certificate, while the
    /// primary still holds the one it was registered with.
    pub fn reinstall_dmz(&self) {
        let (_, identity, _) =
            ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 397).unwrap();
        self.dmz.sim.sim().reinstall(identity).unwrap();
    }

    pub async fn shutdown(self) {
        self.dmz.shutdown().await;
        self.leaf.shutdown().await;
        self.mid.shutdown().await;
        self.top.shutdown().await;
    }
}
