//! Glue between the hierarchy link ([`super::link`]) and the simulated server
//! ([`super::state::SharedState`], [`super::KscSim`]): the link's [`LinkStore`] for a simulated
//! server, [`spawn_sim_link`] to run the link on a state, and [`start_with_link`] to start a
//! simulated server whose SSL port serves the link.

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;

use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::api::ApiShared;
use super::link::{
    ConnectedInfo, DecryptError, Identity, LinkConfig, LinkHandle, LinkStore, LocalServerInfo,
    MasterConfig, PolicyRecord, RegisteredSecondary, RelayFuture, RelayOp, StoreError, TaskRecord,
    not_served, spawn_link,
};
use super::state::{GroupTask, Policy, SecondaryLinkUpdate, SharedState, now};
use super::{KscSim, KscSimConfig, SimError, start};
use crate::secrets::Secret;

/// A simulated server's state as the link sees it.
pub struct SimLinkStore {
    state: SharedState,
    identity: Arc<std::sync::RwLock<Identity>>,
    /// The server's Open API, which serves gateway requests relayed from the primary.
    api: Option<Arc<ApiShared>>,
}

impl SimLinkStore {
    /// The link's view of `state`, presenting the identity `identity` holds at each connection
    /// (the server's certificate and key; another after a reinstall). It serves no gateway
    /// connections: that takes the server's Open API ([`start_with_link`]).
    pub fn new(state: SharedState, identity: Arc<std::sync::RwLock<Identity>>) -> Self {
        Self {
            state,
            identity,
            api: None,
        }
    }

    /// The link's view of a running simulated server, gateway connections included.
    fn of_sim(sim: &KscSim) -> Self {
        Self {
            state: sim.state(),
            identity: sim.current_identity(),
            api: Some(sim.api_shared()),
        }
    }

    /// Applies a link update to a secondary record; a failure to save is only logged, since the
    /// link keeps running and the next update tries again.
    fn update_secondary(&self, id: i32, u: SecondaryLinkUpdate) {
        if let Err(e) = self.state.update_secondary_link(id, u) {
            tracing::warn!(target: "ksc_link::sim::link", "cannot record the link state of secondary {id}: {e}");
        }
    }
}

/// Starts the hierarchy link of a simulated server on its SSL listener.
pub fn spawn_sim_link(
    state: SharedState,
    identity: Arc<std::sync::RwLock<Identity>>,
    ssl_listener: TcpListener,
    cfg: LinkConfig,
) -> LinkHandle {
    spawn_link(
        Arc::new(SimLinkStore::new(state, identity)),
        ssl_listener,
        cfg,
    )
}

/// Starts the link of a running simulated server; its gateway sessions relay over it.
fn spawn_for_sim(sim: &KscSim, listener: TcpListener, cfg: LinkConfig) -> LinkHandle {
    let link = spawn_link(Arc::new(SimLinkStore::of_sim(sim)), listener, cfg);
    sim.set_relay(Some(link.relay()));
    link
}

/// A simulated server together with its hierarchy link on the SSL port.
pub struct LinkedSim {
    sim: KscSim,
    link_cfg: LinkConfig,
    link: Option<LinkHandle>,
    /// The SSL listener while the link is stopped.
    idle_listener: Option<TcpListener>,
}

/// Starts a simulated server ([`super::start`]) and its hierarchy link on the SSL port.
pub async fn start_with_link(
    cfg: KscSimConfig,
    link_cfg: LinkConfig,
) -> Result<LinkedSim, SimError> {
    let sim = start(cfg).await?;
    let listener = sim.take_ssl_listener().ok_or_else(|| {
        SimError::Startup("the SSL listener was already taken by another service".into())
    })?;
    let link = spawn_for_sim(&sim, listener, link_cfg.clone());
    Ok(LinkedSim {
        sim,
        link_cfg,
        link: Some(link),
        idle_listener: None,
    })
}

impl LinkedSim {
    /// The simulated server.
    pub fn sim(&self) -> &KscSim {
        &self.sim
    }

    /// Address of the SSL port the link serves.
    pub fn link_addr(&self) -> SocketAddr {
        self.sim.ssl_addr()
    }

    /// True while the link runs.
    pub fn link_running(&self) -> bool {
        self.link.is_some()
    }

    /// The server is reinstalled with `identity` ([`KscSim::reinstall`]) and restarts, so its
    /// hierarchy link connects again presenting the new certificate.
    pub async fn reinstall(&mut self, identity: crate::tls::Identity) -> Result<(), SimError> {
        self.sim.reinstall(identity)?;
        if self.link.is_some() {
            self.stop_link().await;
            self.start_link();
        }
        Ok(())
    }

    /// Stops the link (every peer is told `bye`); the SSL port stays bound but unanswered.
    pub async fn stop_link(&mut self) {
        if let Some(link) = self.link.take() {
            self.sim.set_relay(None);
            self.idle_listener = link.shutdown().await;
        }
    }

    /// Starts the link again after [`LinkedSim::stop_link`]; false when the port was lost.
    pub fn start_link(&mut self) -> bool {
        if self.link.is_some() {
            return true;
        }
        match self.idle_listener.take() {
            Some(l) => {
                self.link = Some(spawn_for_sim(&self.sim, l, self.link_cfg.clone()));
                true
            }
            None => false,
        }
    }

    /// Stops the link, then the server.
    pub async fn shutdown(mut self) {
        self.stop_link().await;
        self.sim.shutdown().await;
    }
}

impl Deref for LinkedSim {
    type Target = KscSim;

    fn deref(&self) -> &KscSim {
        &self.sim
    }
}

fn policy_record(p: Policy) -> PolicyRecord {
    PolicyRecord {
        id: p.id,
        name: p.name,
        product: p.product,
        version: p.version,
        active: p.active,
        roaming: p.roaming,
        accept_parent: p.accept_parent,
        force_distrib2children: p.force_distrib2children,
        created: p.created,
        modified: p.modified,
        settings: p.settings,
    }
}

fn task_record(t: GroupTask) -> TaskRecord {
    TaskRecord {
        id: t.id,
        display_name: t.display_name,
        task_type: t.task_type,
        product: t.product,
        version: t.version,
        component: t.component,
        schedule_type: t.schedule_type,
        enabled: t.enabled,
        created: t.created,
        settings: t.additional,
    }
}

/// An inherited policy; `store_inherited` gives it a local id and puts it in the super group.
fn inherited_policy(r: PolicyRecord) -> Policy {
    Policy {
        id: r.id,
        name: r.name,
        product: r.product,
        version: r.version,
        group_id: 0,
        active: r.active,
        roaming: r.roaming,
        accept_parent: r.accept_parent,
        force_distrib2children: r.force_distrib2children,
        hide_on_slaves: false,
        created: r.created,
        modified: r.modified,
        inherited: true,
        origin_id: Some(r.id),
        settings: r.settings,
    }
}

/// An inherited group task; `store_inherited` gives it a local id and puts it in the super group.
fn inherited_task(r: TaskRecord) -> GroupTask {
    GroupTask {
        origin_id: Some(r.id.clone()),
        id: r.id,
        display_name: r.display_name,
        task_type: r.task_type,
        product: r.product,
        version: r.version,
        component: r.component,
        group_id: 0,
        created: r.created,
        schedule_type: r.schedule_type,
        enabled: r.enabled,
        prohibited_for_subgroups: false,
        inherited: true,
        additional: r.settings,
    }
}

impl LinkStore for SimLinkStore {
    fn identity(&self) -> Identity {
        self.identity
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn server_info(&self) -> LocalServerInfo {
        let s = self.state.server();
        LocalServerInfo {
            host_name: s.hostname,
            version: s.version,
            instance_id: s.instance_id,
            host_guid: s.host_guid,
        }
    }

    fn master_section(&self) -> Option<MasterConfig> {
        self.state
            .master_srv_section()
            .map(|p| MasterConfig::from_params(&p))
    }

    fn decrypt_protected(&self, bytes: &[u8]) -> Result<Secret, DecryptError> {
        self.state
            .unprotect_password(bytes)
            .map_err(|e| DecryptError(e.to_string()))
    }

    fn registered_secondaries(&self) -> Vec<RegisteredSecondary> {
        self.state
            .secondaries()
            .into_iter()
            .map(|s| RegisteredSecondary {
                id: s.id,
                display_name: s.display_name,
                certificate: s.certificate,
                net_address: s.net_address,
            })
            .collect()
    }

    fn set_secondary_connected(&self, id: i32, info: ConnectedInfo) {
        self.update_secondary(
            id,
            SecondaryLinkUpdate {
                status: Some(1),
                version: Some(info.version),
                last_connected: Some(truncate(info.connected_at)),
                master_addr: Some(info.master_addr),
                addr: None,
                inst_id: Some(info.instance_id),
                host_guid: Some(info.host_guid),
            },
        );
    }

    fn touch_secondary(&self, id: i32, now: OffsetDateTime) {
        self.update_secondary(
            id,
            SecondaryLinkUpdate {
                last_connected: Some(truncate(now)),
                ..SecondaryLinkUpdate::default()
            },
        );
    }

    fn set_secondary_disconnected(&self, id: i32) {
        self.update_secondary(
            id,
            SecondaryLinkUpdate {
                status: Some(0),
                ..SecondaryLinkUpdate::default()
            },
        );
    }

    fn policies_to_push(&self, id: i32) -> (Vec<PolicyRecord>, Vec<TaskRecord>) {
        (
            self.state
                .policies_for_secondary(id)
                .into_iter()
                .map(policy_record)
                .collect(),
            self.state
                .tasks_for_secondary(id)
                .into_iter()
                .map(task_record)
                .collect(),
        )
    }

    fn store_inherited(
        &self,
        _primary: &str,
        policies: Vec<PolicyRecord>,
        tasks: Vec<TaskRecord>,
    ) -> Result<(), StoreError> {
        self.state
            .store_inherited(
                policies.into_iter().map(inherited_policy).collect(),
                tasks.into_iter().map(inherited_task).collect(),
            )
            .map_err(|e| StoreError(e.to_string()))
    }

    fn clear_inherited(&self) -> Result<(), StoreError> {
        self.state
            .store_inherited(Vec::new(), Vec::new())
            .map_err(|e| StoreError(e.to_string()))
    }

    fn log_event(&self, text: String) {
        if let Err(e) = self.state.log_link_event(text) {
            tracing::warn!(target: "ksc_link::sim::link", "cannot write the link event log: {e}");
        }
    }

    fn changed(&self) -> watch::Receiver<u64> {
        self.state.subscribe_hierarchy()
    }

    fn serve_relayed(&self, op: RelayOp) -> RelayFuture {
        match &self.api {
            Some(api) => api.serve_relayed(op),
            None => not_served(),
        }
    }
}

/// KSC datetimes carry whole seconds; so does the state (see [`now`]).
fn truncate(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_nanosecond(0).unwrap_or_else(|_| now())
}
