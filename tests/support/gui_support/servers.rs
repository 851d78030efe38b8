//! The simulated servers behind the Autotask pages: a primary and a secondary Administration
//! Server, an Autotask tenant, and a client signed in to the primary, on a runtime of their own.

use ksc_link::kloapi::{KscClient, LoginOutcome};
use ksc_link::sim::autotask::{AutotaskSim, AutotaskSimConfig, start};
use ksc_link::sim::ksc::link::LinkConfig;
use ksc_link::sim::pair::{SimPair, start_pair};

pub struct Servers {
    pub rt: tokio::runtime::Runtime,
    pub pair: Option<SimPair>,
    pub autotask: Option<AutotaskSim>,
    /// Signed in to the primary as its administrator.
    pub ksc: KscClient,
    pub dir: tempfile::TempDir,
}

impl Servers {
    pub fn start() -> Self {
        let rt = super::runtime();
        let dir = tempfile::tempdir().unwrap();
        let pair = rt
            .block_on(start_pair(&dir.path().join("ksc"), LinkConfig::fast()))
            .unwrap();
        let [primary, _] = pair.cards();
        let ksc = KscClient::new(primary.connect_options().unwrap()).unwrap();
        assert_eq!(
            rt.block_on(ksc.login(&primary.credentials())).unwrap(),
            LoginOutcome::LoggedIn
        );
        let autotask = rt
            .block_on(start(AutotaskSimConfig::new(dir.path().join("autotask"))))
            .unwrap();
        Self {
            rt,
            pair: Some(pair),
            autotask: Some(autotask),
            ksc,
            dir,
        }
    }

    /// The Autotask tenant.
    pub fn at(&self) -> &AutotaskSim {
        self.autotask.as_ref().unwrap()
    }

    pub fn pair(&self) -> &SimPair {
        self.pair.as_ref().unwrap()
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        if let Some(a) = self.autotask.take() {
            self.rt.block_on(a.shutdown());
        }
        if let Some(p) = self.pair.take() {
            self.rt.block_on(p.shutdown());
        }
    }
}
