//! [`SharedState`]: the handle the Open API, the link and tests share; it saves every change.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use time::OffsetDateTime;
use tokio::sync::watch;

use super::model::{
    GroupTask, LinkEvent, Policy, Secondary, ServerInfo, SimData, certificate_der,
    certificate_md5_hex,
};
use super::{STATE_FILE, StateError, now, private_file};
use crate::secrets::Secret;
use crate::sim::ksc::protect::{DataProtector, Kind, ProtectError};
use crate::sim::ksc::runtime::Runtime;
use crate::wire::Params;

/// Oldest link events are dropped beyond this many.
const MAX_LINK_EVENTS: usize = 1000;

/// What a link connection learned about a secondary, for [`SharedState::update_secondary_link`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SecondaryLinkUpdate {
    /// New `KLSRVH_SRV_STATUS` (0 or 1), if it changed.
    pub status: Option<i32>,
    /// New `KLSRVH_SRV_VERSION`.
    pub version: Option<String>,
    /// New `KLSRVH_SRV_LAST_CONNECTED`.
    pub last_connected: Option<OffsetDateTime>,
    /// New `KLSRVH_SRV_MASTER_ADDR`.
    pub master_addr: Option<String>,
    /// New `KLSRVH_SRV_ADDR`.
    pub addr: Option<String>,
    /// New `KLSRVH_SRV_INST_ID`.
    pub inst_id: Option<String>,
    /// New `KLSRVH_SRV_HOST_GUID`.
    pub host_guid: Option<String>,
}

struct Inner {
    dir: PathBuf,
    data: Mutex<SimData>,
    runtime: Mutex<Runtime>,
    hierarchy: watch::Sender<u64>,
    certificate_der: RwLock<Vec<u8>>,
    protector: DataProtector,
}

/// The state shared by the Open API, the link and tests (cheap to clone).
#[derive(Clone)]
pub struct SharedState {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SharedState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedState")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves consistent data (every change is applied to a clone
    // first), so a poisoned lock is still safe to use.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SharedState {
    /// Loads `<dir>/state.json`, or starts from `initial` when there is none yet, and loads (or
    /// creates) the data-protection key.
    pub fn open(
        dir: &Path,
        initial: impl FnOnce() -> Result<SimData, StateError>,
    ) -> Result<Self, StateError> {
        std::fs::create_dir_all(dir).map_err(|source| StateError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(STATE_FILE);
        let (mut data, fresh) = match std::fs::read(&path) {
            Ok(bytes) => {
                let data: SimData =
                    serde_json::from_slice(&bytes).map_err(|e| StateError::Corrupt {
                        path: path.clone(),
                        detail: e.to_string(),
                    })?;
                (data, false)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (initial()?, true),
            Err(source) => return Err(StateError::Read { path, source }),
        };
        data.fix_counters();
        let protector = DataProtector::load_or_create(dir)?;
        let state = Self {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                data: Mutex::new(data),
                runtime: Mutex::new(Runtime::default()),
                hierarchy: watch::channel(0).0,
                certificate_der: RwLock::new(Vec::new()),
                protector,
            }),
        };
        if fresh {
            let data = lock(&state.inner.data);
            state.persist(&data)?;
        }
        Ok(state)
    }

    /// The state directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// Reads the state.
    pub fn read<R>(&self, f: impl FnOnce(&SimData) -> R) -> R {
        f(&lock(&self.inner.data))
    }

    /// A copy of the whole state.
    pub fn snapshot(&self) -> SimData {
        self.read(Clone::clone)
    }

    /// Changes the state and saves it; nothing changes when saving fails.
    pub fn update<R>(&self, f: impl FnOnce(&mut SimData) -> R) -> Result<R, StateError> {
        self.try_update(|d| Ok::<R, StateError>(f(d)))
    }

    /// Changes the state if `f` succeeds, then saves it; on `Err` nothing changes.
    pub fn try_update<R, E: From<StateError>>(
        &self,
        f: impl FnOnce(&mut SimData) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut guard = lock(&self.inner.data);
        let mut next = guard.clone();
        let r = f(&mut next)?;
        if next == *guard {
            return Ok(r);
        }
        self.persist(&next)?;
        let changed = guard.hierarchy_fingerprint() != next.hierarchy_fingerprint();
        *guard = next;
        drop(guard);
        if changed {
            self.inner.hierarchy.send_modify(|v| *v = v.wrapping_add(1));
        }
        Ok(r)
    }

    fn persist(&self, data: &SimData) -> Result<(), StateError> {
        let path = self.inner.dir.join(STATE_FILE);
        let tmp = self.inner.dir.join(format!("{STATE_FILE}.tmp"));
        let bytes = serde_json::to_vec_pretty(data).map_err(|e| StateError::Corrupt {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        let werr = |source| StateError::Write {
            path: tmp.clone(),
            source,
        };
        {
            let mut f = private_file(&tmp).map_err(werr)?;
            f.write_all(&bytes).map_err(werr)?;
            f.sync_all().map_err(werr)?;
        }
        std::fs::rename(&tmp, &path).map_err(|source| StateError::Write { path, source })
    }

    /// A receiver that changes whenever `KLSRV_MASTER_SRV` or the registered secondaries change.
    pub fn subscribe_hierarchy(&self) -> watch::Receiver<u64> {
        self.inner.hierarchy.subscribe()
    }

    /// Sets the server certificate (DER) that `GetStaticInfo` reports.
    pub fn set_certificate_der(&self, der: Vec<u8>) {
        *self
            .inner
            .certificate_der
            .write()
            .unwrap_or_else(|e| e.into_inner()) = der;
    }

    /// The server certificate (DER).
    pub fn certificate_der(&self) -> Vec<u8> {
        self.inner
            .certificate_der
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Identity and version of this server.
    pub fn server(&self) -> ServerInfo {
        self.read(|d| d.server.clone())
    }

    /// This server's `KLSRV_MASTER_SRV` section (present when someone wrote it).
    pub fn master_srv_section(&self) -> Option<Params> {
        self.read(|d| d.master_srv_section().cloned())
    }

    /// All registered secondaries.
    pub fn secondaries(&self) -> Vec<Secondary> {
        self.read(|d| d.secondaries.values().cloned().collect())
    }

    /// Registers the secondaries of `spec` (see [`crate::sim::ksc::fleet`]), creating their
    /// groups; answers their ids.
    pub fn register_fleet(
        &self,
        spec: &crate::sim::ksc::fleet::FleetSpec,
    ) -> Result<Vec<i32>, StateError> {
        self.try_update(|d| {
            crate::sim::ksc::fleet::register(d, spec).map_err(|detail| StateError::Seed {
                path: PathBuf::from("<fleet>"),
                detail,
            })
        })
    }

    /// Creates the groups and virtual servers of `spec` (see [`crate::sim::ksc::estate`]);
    /// answers their ids.
    pub fn register_estate(
        &self,
        spec: &crate::sim::ksc::estate::EstateSpec,
    ) -> Result<crate::sim::ksc::estate::EstateIds, StateError> {
        self.try_update(|d| {
            crate::sim::ksc::estate::register(d, spec).map_err(|detail| StateError::Seed {
                path: PathBuf::from("<estate>"),
                detail,
            })
        })
    }

    /// A registered secondary by id.
    pub fn secondary(&self, id: i32) -> Option<Secondary> {
        self.read(|d| d.secondaries.get(&id).cloned())
    }

    /// The registered secondary whose certificate is `cert` (DER or PEM; compared as DER).
    pub fn find_secondary_by_certificate(&self, cert: &[u8]) -> Option<Secondary> {
        let der = certificate_der(cert)?;
        let hash = certificate_md5_hex(&der);
        self.read(|d| {
            d.secondaries
                .values()
                .find(|s| {
                    s.public_key_hash == hash && s.certificate_der().as_deref() == Some(&der[..])
                })
                .cloned()
        })
    }

    /// Records what a link connection learned about secondary `id`; false when there is none.
    pub fn update_secondary_link(
        &self,
        id: i32,
        u: SecondaryLinkUpdate,
    ) -> Result<bool, StateError> {
        self.update(|d| {
            let Some(s) = d.secondaries.get_mut(&id) else {
                return false;
            };
            if let Some(v) = u.status {
                s.status = v;
            }
            if let Some(v) = u.version {
                s.version = v;
            }
            if let Some(v) = u.last_connected {
                s.last_connected = Some(v);
            }
            if let Some(v) = u.master_addr {
                s.master_addr = v;
            }
            if let Some(v) = u.addr {
                s.addr = v;
            }
            if let Some(v) = u.inst_id {
                s.inst_id = v;
            }
            if let Some(v) = u.host_guid {
                s.host_guid = v;
            }
            true
        })
    }

    /// Policies the primary sends to secondary `id`: active, not hidden on secondaries, located
    /// in the secondary's group or above it (including what this server inherited itself).
    pub fn policies_for_secondary(&self, id: i32) -> Vec<Policy> {
        self.read(|d| {
            let Some(s) = d.secondaries.get(&id) else {
                return Vec::new();
            };
            let chain = d.ancestors_and_self(s.group_id);
            d.all_policies()
                .filter(|p| chain.contains(&p.group_id) && p.active && !p.hide_on_slaves)
                .cloned()
                .collect()
        })
    }

    /// Group tasks the primary sends to secondary `id`: located in the secondary's group or
    /// above it, not prohibited for subgroups.
    pub fn tasks_for_secondary(&self, id: i32) -> Vec<GroupTask> {
        self.read(|d| {
            let Some(s) = d.secondaries.get(&id) else {
                return Vec::new();
            };
            let chain = d.ancestors_and_self(s.group_id);
            d.all_tasks()
                .filter(|t| chain.contains(&t.group_id) && !t.prohibited_for_subgroups)
                .cloned()
                .collect()
        })
    }

    /// Replaces what this (secondary) server inherited from its primary. The items get local
    /// ids (stable across calls, matched by the primary's id), live in the super group and are
    /// marked inherited.
    pub fn store_inherited(
        &self,
        policies: Vec<Policy>,
        tasks: Vec<GroupTask>,
    ) -> Result<(), StateError> {
        self.update(|d| {
            let super_group = d.server.super_group;
            let old_p = std::mem::take(&mut d.inherited_policies);
            let mut new_p = Vec::with_capacity(policies.len());
            for mut p in policies {
                let origin = p.origin_id.unwrap_or(p.id);
                let id = old_p
                    .iter()
                    .find(|o| o.origin_id == Some(origin))
                    .map(|o| o.id)
                    .unwrap_or_else(|| d.next_policy_id());
                p.origin_id = Some(origin);
                p.id = id;
                p.group_id = super_group;
                p.inherited = true;
                new_p.push(p);
            }
            d.inherited_policies = new_p;
            let old_t = std::mem::take(&mut d.inherited_tasks);
            let mut new_t = Vec::with_capacity(tasks.len());
            for mut t in tasks {
                let origin = t.origin_id.clone().unwrap_or_else(|| t.id.clone());
                let id = old_t
                    .iter()
                    .find(|o| o.origin_id.as_deref() == Some(origin.as_str()))
                    .map(|o| o.id.clone())
                    .unwrap_or_else(|| d.next_task_id());
                t.origin_id = Some(origin);
                t.id = id;
                t.group_id = super_group;
                t.inherited = true;
                new_t.push(t);
            }
            d.inherited_tasks = new_t;
        })
    }

    /// Policies this server inherited from its primary.
    pub fn inherited_policies(&self) -> Vec<Policy> {
        self.read(|d| d.inherited_policies.clone())
    }

    /// Group tasks this server inherited from its primary.
    pub fn inherited_tasks(&self) -> Vec<GroupTask> {
        self.read(|d| d.inherited_tasks.clone())
    }

    /// Appends a timestamped line to the link's log.
    pub fn log_link_event(&self, text: impl Into<String>) -> Result<(), StateError> {
        let text = text.into();
        tracing::debug!(event = %text, "link event");
        self.update(|d| {
            d.link_events.push(LinkEvent { at: now(), text });
            let excess = d.link_events.len().saturating_sub(MAX_LINK_EVENTS);
            d.link_events.drain(..excess);
        })
    }

    /// The link's log, oldest first.
    pub fn link_events(&self) -> Vec<LinkEvent> {
        self.read(|d| d.link_events.clone())
    }

    /// Encrypts data with this server's data-protection key (`DataProtectionApi`).
    pub fn protect(&self, kind: Kind, plain: &[u8]) -> Result<Vec<u8>, ProtectError> {
        self.inner.protector.protect(kind, plain)
    }

    /// Decrypts data protected by this server (any `DataProtectionApi.Protect*` method).
    pub fn unprotect(&self, protected: &[u8]) -> Result<Vec<u8>, ProtectError> {
        self.inner.protector.unprotect(protected).map(|(_, b)| b)
    }

    /// Decrypts a protected password, e.g. `KLSRV_MASTER_SRV_PROXYHOST_PASSWORD` as written by
    /// `ProtectUtf8String*` or `ProtectUtf16String*`.
    pub fn unprotect_password(&self, protected: &[u8]) -> Result<Secret, ProtectError> {
        self.inner.protector.unprotect_text(protected)
    }

    pub(crate) fn runtime(&self) -> MutexGuard<'_, Runtime> {
        lock(&self.inner.runtime)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sim::ksc::state::SsSection;
    use crate::wire::{PxgError, Value, master_srv};

    fn open(dir: &Path) -> SharedState {
        SharedState::open(dir, || Ok(SimData::empty("KSC1", "host-1"))).unwrap()
    }

    #[test]
    fn changes_survive_reopen_and_params_keep_types() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        s.update(|d| {
            let g = d.add_group(0, "Berlin").unwrap();
            d.sections.push(SsSection {
                stype: "SS_SETTINGS".into(),
                product: "1093".into(),
                version: "1.0.0.0".into(),
                name: "X".into(),
                settings: Params::new()
                    .with("l", Value::Long(5))
                    .with("b", Value::Binary(vec![1, 2]))
                    .with("g", g),
            });
        })
        .unwrap();
        let before = s.snapshot();
        drop(s);
        let s = open(dir.path());
        assert_eq!(s.snapshot(), before);
        let sec = s
            .read(|d| d.section("SS_SETTINGS", "1093", "1.0.0.0", "X").cloned())
            .unwrap();
        assert_eq!(sec.settings.get("l"), Some(&Value::Long(5)));
        assert_eq!(sec.settings.get("b"), Some(&Value::Binary(vec![1, 2])));
    }

    #[test]
    fn failed_change_leaves_state_alone() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        let before = s.snapshot();
        let r: Result<(), PxgError> = s.try_update(|d| {
            d.add_group(0, "X");
            Err(PxgError::new(1, "T", "no"))
        });
        assert!(r.is_err());
        assert_eq!(s.snapshot(), before);
    }

    #[test]
    fn hierarchy_watch_fires_only_for_master_section_and_secondaries() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        let mut rx = s.subscribe_hierarchy();
        s.update(|d| d.add_group(0, "A")).unwrap();
        assert!(!rx.has_changed().unwrap());
        s.update(|d| {
            d.sections.push(SsSection {
                stype: master_srv::TYPE.into(),
                product: master_srv::PRODUCT.into(),
                version: master_srv::VERSION.into(),
                name: master_srv::SECTION.into(),
                settings: Params::new().with(master_srv::USE, false),
            })
        })
        .unwrap();
        assert!(rx.has_changed().unwrap());
        rx.borrow_and_update();
        s.log_link_event("hello").unwrap();
        assert!(!rx.has_changed().unwrap());
        assert_eq!(s.link_events()[0].text, "hello");
    }

    #[test]
    fn inherited_items_keep_local_ids() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path());
        let p = Policy {
            id: 77,
            name: "KES".into(),
            product: "KES".into(),
            version: "12.0.0.0".into(),
            group_id: 0,
            active: true,
            roaming: false,
            accept_parent: true,
            force_distrib2children: false,
            hide_on_slaves: false,
            created: now(),
            modified: now(),
            inherited: false,
            origin_id: None,
            settings: Params::new(),
        };
        s.store_inherited(vec![p.clone()], vec![]).unwrap();
        let first = s.inherited_policies();
        s.store_inherited(vec![p], vec![]).unwrap();
        let second = s.inherited_policies();
        assert_eq!(first[0].id, second[0].id);
        assert_eq!(second[0].origin_id, Some(77));
        assert_eq!(second[0].group_id, 2);
        assert!(second[0].inherited);
    }
}
