//! What the simulated server keeps in memory only: sessions (`X-KSC-Session` and connection
//! logins), one-time tokens (`Session.CreateToken`) and gateway keys
//! (`GatewayConnection.PrepareGatewayConnection`), result sets (`ChunkAccessor`) and task
//! iterators. A restart forgets all of it, as a real server does.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use super::link::Hop;
use super::state::SharedState;
use crate::wire::Params;

/// Lifetime of a `Session.CreateToken` token ("3 minutes by default").
pub const TOKEN_TTL: Duration = Duration::from_secs(180);
/// Longest result-set lifetime a `Find*` call may ask for, in seconds.
pub const MAX_ACCESSOR_LIFETIME: i64 = 7200;
/// Wrong second-factor codes allowed before a half-created session is ended.
pub const MAX_WRONG_CODES: u32 = 5;
/// Default idle lifetime of a session.
pub const DEFAULT_SESSION_TTL: Duration = Duration::from_secs(30 * 60);
/// Lifetime of a gateway key ("Valid only for 60 seconds", `PrepareGatewayConnection`).
pub const GATEWAY_KEY_TTL: Duration = Duration::from_secs(crate::wire::gateway::KEY_LIFETIME_SECS);

/// Who is logged in, and to which server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// Trustee id.
    pub user_id: i32,
    /// User name.
    pub user_name: String,
    /// [`super::state::MAIN_SERVER`] or a virtual server id.
    pub vserver: i32,
}

/// A session, created by `Session.StartSession` or by a login on a connection.
#[derive(Clone, Debug)]
pub struct Session {
    /// Who.
    pub principal: Principal,
    /// True while the second factor is still awaited.
    pub pending_totp: bool,
    /// Wrong codes given so far.
    pub wrong_codes: u32,
    /// Last use, for idle expiry.
    pub last_used: Instant,
    /// For a gateway session: where its calls run.
    pub gateway: Option<GatewayRoute>,
}

/// Where the calls of a gateway session run: a secondary down `path`, in its session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayRoute {
    /// The hops from this server down to the target, top-down.
    pub path: Vec<Hop>,
    /// The session the target opened for this connection.
    pub target_session: String,
}

/// A one-time gateway key of `PrepareGatewayConnection`.
#[derive(Clone, Debug)]
pub struct GatewayGrant {
    /// Who asked for it.
    pub principal: Principal,
    /// The route it opens.
    pub route: GatewayRoute,
    /// When it stops working.
    pub expires: Instant,
}

/// A result set of a `Find*` call.
#[derive(Clone, Debug)]
pub struct Accessor {
    /// The records.
    pub items: Vec<Params>,
    /// Idle lifetime.
    pub lifetime: Duration,
    /// Last access.
    pub last_used: Instant,
}

/// A task iterator of `Tasks.ResetTasksIterator`.
#[derive(Clone, Debug)]
pub struct TaskIterator {
    /// Task data, in order.
    pub items: Vec<Params>,
    /// Next position.
    pub pos: usize,
}

/// A one-time login token.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    /// Whom it logs in.
    pub principal: Principal,
    /// When it stops working.
    pub expires: Instant,
}

/// The in-memory part of the server.
#[derive(Debug)]
pub struct Runtime {
    /// Sessions by id.
    pub sessions: HashMap<String, Session>,
    /// Tokens by value.
    pub tokens: HashMap<String, TokenGrant>,
    /// Gateway keys by value.
    pub gateway_keys: HashMap<String, GatewayGrant>,
    /// Lifetime of gateway keys.
    pub gateway_key_ttl: Duration,
    /// Result sets by id.
    pub accessors: HashMap<String, Accessor>,
    /// Task iterators by id.
    pub task_iterators: HashMap<String, TaskIterator>,
    /// Idle lifetime of sessions.
    pub session_ttl: Duration,
    /// Failures to answer instead of running a method, by `Class.Method` (see
    /// [`super::faults`]).
    pub faults: HashMap<String, Vec<crate::wire::PxgError>>,
    /// What the network does to the next calls, by `Class.Method` (see [`super::faults`]).
    pub transport_faults: HashMap<String, Vec<super::faults::TransportFault>>,
    /// How far this server's clock is off, in seconds (positive: ahead of the true time).
    pub clock_offset_seconds: i64,
    /// Requests answered on the Open API port, by call (`Class.Method`, or `login`): what a
    /// client's sequence of calls costs in round trips.
    pub requests: std::collections::BTreeMap<String, u64>,
}

impl Default for Runtime {
    fn default() -> Self {
        Self {
            sessions: HashMap::new(),
            tokens: HashMap::new(),
            gateway_keys: HashMap::new(),
            gateway_key_ttl: GATEWAY_KEY_TTL,
            accessors: HashMap::new(),
            task_iterators: HashMap::new(),
            session_ttl: DEFAULT_SESSION_TTL,
            faults: HashMap::new(),
            transport_faults: HashMap::new(),
            clock_offset_seconds: 0,
            requests: std::collections::BTreeMap::new(),
        }
    }
}

/// Why a session id was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionRefusal {
    /// Unknown, ended or expired.
    Gone,
}

/// A fresh random id: `n` + base64 of 16 random bytes, the shape KSC session ids have.
pub fn new_session_id() -> String {
    format!("n{}", B64.encode(rand::random::<[u8; 16]>()))
}

fn new_hex_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

impl SharedState {
    /// Sets the idle lifetime of sessions.
    pub fn set_session_ttl(&self, ttl: Duration) {
        self.runtime().session_ttl = ttl;
    }

    /// Sets this server's clock `seconds` off the true time (positive: ahead), as a server without
    /// time synchronisation drifts: its replies' `Date` header and the time it checks two-step
    /// codes against both follow it.
    pub fn set_clock_offset(&self, seconds: i64) {
        self.runtime().clock_offset_seconds = seconds;
    }

    /// How far this server's clock is off, in seconds.
    pub fn clock_offset(&self) -> i64 {
        self.runtime().clock_offset_seconds
    }

    /// The time by this server's clock.
    pub fn server_now(&self) -> SystemTime {
        let offset = self.clock_offset();
        let now = SystemTime::now();
        let shift = Duration::from_secs(offset.unsigned_abs());
        let shifted = if offset >= 0 {
            now.checked_add(shift)
        } else {
            now.checked_sub(shift)
        };
        shifted.unwrap_or(now)
    }

    /// Creates a session; `pending_totp` when the second factor is still awaited.
    pub fn create_session(&self, principal: Principal, pending_totp: bool) -> String {
        self.insert_session(principal, pending_totp, None)
    }

    /// Creates a gateway session: its calls run on the secondary `route` leads to.
    pub fn create_gateway_session(&self, principal: Principal, route: GatewayRoute) -> String {
        self.insert_session(principal, false, Some(route))
    }

    fn insert_session(
        &self,
        principal: Principal,
        pending_totp: bool,
        gateway: Option<GatewayRoute>,
    ) -> String {
        let id = new_session_id();
        self.runtime().sessions.insert(
            id.clone(),
            Session {
                principal,
                pending_totp,
                wrong_codes: 0,
                last_used: Instant::now(),
                gateway,
            },
        );
        id
    }

    /// Looks a session up and marks it used; expired sessions are removed.
    pub fn touch_session(&self, id: &str) -> Result<Session, SessionRefusal> {
        let mut rt = self.runtime();
        let ttl = rt.session_ttl;
        let now = Instant::now();
        match rt.sessions.get_mut(id) {
            Some(s) if now.duration_since(s.last_used) <= ttl => {
                s.last_used = now;
                Ok(s.clone())
            }
            Some(_) => {
                rt.sessions.remove(id);
                Err(SessionRefusal::Gone)
            }
            None => Err(SessionRefusal::Gone),
        }
    }

    /// Marks the second factor of a session as given.
    pub fn complete_session(&self, id: &str) {
        if let Some(s) = self.runtime().sessions.get_mut(id) {
            s.pending_totp = false;
            s.wrong_codes = 0;
        }
    }

    /// Counts a wrong code; ends the session after [`MAX_WRONG_CODES`]. Returns true while it lives.
    pub fn record_wrong_code(&self, id: &str) -> bool {
        let mut rt = self.runtime();
        let alive = match rt.sessions.get_mut(id) {
            Some(s) => {
                s.wrong_codes += 1;
                s.wrong_codes < MAX_WRONG_CODES
            }
            None => false,
        };
        if !alive {
            rt.sessions.remove(id);
        }
        alive
    }

    /// Ends a session (`Session.EndSession`); later requests with its id get 403.
    pub fn end_session(&self, id: &str) {
        self.runtime().sessions.remove(id);
    }

    /// Ends every session at once, as if all had been idle too long.
    pub fn expire_all_sessions(&self) {
        self.runtime().sessions.clear();
    }

    /// Number of live sessions (ended ones are gone).
    pub fn session_count(&self) -> usize {
        self.runtime().sessions.len()
    }

    /// Creates a one-time token for `KSCT` logins.
    pub fn create_token(&self, principal: Principal) -> String {
        let token = B64.encode(rand::random::<[u8; 32]>());
        let mut rt = self.runtime();
        let now = Instant::now();
        rt.tokens.retain(|_, t| t.expires > now);
        rt.tokens.insert(
            token.clone(),
            TokenGrant {
                principal,
                expires: now + TOKEN_TTL,
            },
        );
        token
    }

    /// Uses up a token; `None` when unknown, used or expired.
    pub fn take_token(&self, token: &str) -> Option<Principal> {
        let grant = self.runtime().tokens.remove(token)?;
        (grant.expires > Instant::now()).then_some(grant.principal)
    }

    /// Sets the lifetime of gateway keys issued from now on (tests shorten it).
    pub fn set_gateway_key_ttl(&self, ttl: Duration) {
        self.runtime().gateway_key_ttl = ttl;
    }

    /// Issues a one-time key for a `KSCGW` login that opens `route`.
    pub fn create_gateway_key(&self, principal: Principal, route: GatewayRoute) -> String {
        let key = B64.encode(rand::random::<[u8; 32]>());
        let mut rt = self.runtime();
        let now = Instant::now();
        rt.gateway_keys.retain(|_, g| g.expires > now);
        let expires = now + rt.gateway_key_ttl;
        rt.gateway_keys.insert(
            key.clone(),
            GatewayGrant {
                principal,
                route,
                expires,
            },
        );
        key
    }

    /// Uses up a gateway key; `None` when unknown, used or expired.
    pub fn take_gateway_key(&self, key: &str) -> Option<(Principal, GatewayRoute)> {
        let grant = self.runtime().gateway_keys.remove(key)?;
        (grant.expires > Instant::now()).then_some((grant.principal, grant.route))
    }

    /// Stores a result set; `lifetime_secs` is clamped to 1..=[`MAX_ACCESSOR_LIFETIME`].
    pub fn create_accessor(&self, items: Vec<Params>, lifetime_secs: i64) -> String {
        let secs = lifetime_secs.clamp(1, MAX_ACCESSOR_LIFETIME);
        let id = new_hex_id();
        let mut rt = self.runtime();
        let now = Instant::now();
        rt.accessors
            .retain(|_, a| now.duration_since(a.last_used) <= a.lifetime);
        rt.accessors.insert(
            id.clone(),
            Accessor {
                items,
                lifetime: Duration::from_secs(secs.unsigned_abs()),
                last_used: now,
            },
        );
        id
    }

    /// Reads a result set (marking it used) through `f`; `None` when unknown or expired.
    pub fn with_accessor<R>(&self, id: &str, f: impl FnOnce(&[Params]) -> R) -> Option<R> {
        let mut rt = self.runtime();
        let now = Instant::now();
        let alive = match rt.accessors.get_mut(id) {
            Some(a) if now.duration_since(a.last_used) <= a.lifetime => {
                a.last_used = now;
                true
            }
            Some(_) => false,
            None => return None,
        };
        if !alive {
            rt.accessors.remove(id);
            return None;
        }
        rt.accessors.get(id).map(|a| f(&a.items))
    }

    /// Frees a result set; false when it did not exist.
    pub fn release_accessor(&self, id: &str) -> bool {
        self.runtime().accessors.remove(id).is_some()
    }

    /// Stores a task iterator.
    pub fn create_task_iterator(&self, items: Vec<Params>) -> String {
        let id = new_hex_id();
        self.runtime()
            .task_iterators
            .insert(id.clone(), TaskIterator { items, pos: 0 });
        id
    }

    /// The next task of an iterator: `Some(None)` at the end, `None` for an unknown iterator.
    pub fn next_task(&self, id: &str) -> Option<Option<Params>> {
        let mut rt = self.runtime();
        let it = rt.task_iterators.get_mut(id)?;
        let item = it.items.get(it.pos).cloned();
        if item.is_some() {
            it.pos += 1;
        }
        Some(item)
    }

    /// Frees a task iterator; false when it did not exist.
    pub fn release_task_iterator(&self, id: &str) -> bool {
        self.runtime().task_iterators.remove(id).is_some()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sim::ksc::state::SimData;

    fn state() -> (tempfile::TempDir, SharedState) {
        let dir = tempfile::tempdir().unwrap();
        let s = SharedState::open(dir.path(), || Ok(SimData::empty("K", "h"))).unwrap();
        (dir, s)
    }

    fn who() -> Principal {
        Principal {
            user_id: 1,
            user_name: "admin".into(),
            vserver: 0,
        }
    }

    #[test]
    fn sessions_end_expire_and_count_wrong_codes() {
        let (_d, s) = state();
        let id = s.create_session(who(), true);
        assert!(id.starts_with('n') && id.len() == 25, "{id}");
        assert!(s.touch_session(&id).unwrap().pending_totp);
        for _ in 0..MAX_WRONG_CODES - 1 {
            assert!(s.record_wrong_code(&id));
        }
        assert!(!s.record_wrong_code(&id));
        assert_eq!(s.touch_session(&id).unwrap_err(), SessionRefusal::Gone);

        let id = s.create_session(who(), false);
        s.set_session_ttl(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(5));
        assert!(s.touch_session(&id).is_err());
        s.set_session_ttl(DEFAULT_SESSION_TTL);
        let id = s.create_session(who(), false);
        s.expire_all_sessions();
        assert!(s.touch_session(&id).is_err());
    }

    #[test]
    fn tokens_are_one_time() {
        let (_d, s) = state();
        let t = s.create_token(who());
        assert_eq!(s.take_token(&t), Some(who()));
        assert_eq!(s.take_token(&t), None);
    }

    #[test]
    fn gateway_keys_are_one_time_and_expire() {
        let (_d, s) = state();
        let route = GatewayRoute {
            path: vec![Hop {
                id: 3,
                issuer: "i".into(),
            }],
            target_session: "t".into(),
        };
        let k = s.create_gateway_key(who(), route.clone());
        assert_eq!(s.take_gateway_key(&k), Some((who(), route.clone())));
        assert_eq!(s.take_gateway_key(&k), None);
        s.set_gateway_key_ttl(Duration::ZERO);
        let k = s.create_gateway_key(who(), route.clone());
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(s.take_gateway_key(&k), None);
        let id = s.create_gateway_session(who(), route.clone());
        assert_eq!(s.touch_session(&id).unwrap().gateway, Some(route));
    }

    #[test]
    fn accessors_and_task_iterators() {
        let (_d, s) = state();
        let a = s.create_accessor(vec![Params::new(), Params::new()], 99_999);
        assert_eq!(s.with_accessor(&a, |i| i.len()), Some(2));
        assert!(s.release_accessor(&a));
        assert_eq!(s.with_accessor(&a, |i| i.len()), None);
        let it = s.create_task_iterator(vec![Params::new().with("a", 1)]);
        assert!(s.next_task(&it).unwrap().is_some());
        assert_eq!(s.next_task(&it), Some(None));
        assert!(s.release_task_iterator(&it));
        assert_eq!(s.next_task(&it), None);
    }
}
