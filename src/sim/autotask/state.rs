//! The state of a simulated Autotask tenant: users, companies, the rolling-hour request
//! counter, open paging tokens, and a log of requests that tests read.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use super::seed::{BadCodeAnswer, Seed, SeedCompany};

/// Paging tokens kept at most; the oldest are forgotten first.
const MAX_PAGING_TOKENS: usize = 10_000;
/// Log entries kept at most.
const MAX_LOG: usize = 100_000;

/// A user of the tenant.
#[derive(Clone)]
pub struct SimUser {
    /// User name ("key").
    pub user_name: String,
    /// Secret.
    pub secret: String,
    /// API User security level.
    pub api_user: bool,
    /// Whether the security level may query companies.
    pub can_query_companies: bool,
    /// Resource id.
    pub resource_id: i64,
}

// Written by hand so the secret never reaches a log line or a Debug print.
impl std::fmt::Debug for SimUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimUser")
            .field("user_name", &self.user_name)
            .field("secret", &"<redacted>")
            .field("api_user", &self.api_user)
            .field("can_query_companies", &self.can_query_companies)
            .field("resource_id", &self.resource_id)
            .finish()
    }
}

/// One request as the simulator saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// Path as sent (no query string).
    pub path: String,
    /// Status answered.
    pub status: u16,
    /// Whether it came to the discovery listener.
    pub discovery: bool,
    /// Whether it carried a `UserName` or `Secret` header.
    pub sent_credentials: bool,
}

/// What a paging token continues.
#[derive(Clone, Debug)]
pub(crate) struct PageToken {
    /// Lower-case entity path segment.
    pub entity: String,
    /// The method of the original query; the next page must use it too.
    pub method: http::Method,
    /// The canonical query text; the next page must carry the same query.
    pub fingerprint: String,
    /// The last id of the previous page.
    pub after_id: i64,
    /// Page number of the page this token fetches (1 = the first page).
    pub page: u32,
}

/// The tenant's data.
#[derive(Debug)]
pub struct SimData {
    /// `zoneName`.
    pub zone_name: String,
    /// `ci`.
    pub ci: i64,
    /// Accepted integration codes.
    pub integration_codes: Vec<String>,
    /// Users.
    pub users: Vec<SimUser>,
    /// Companies, sorted by id, as camelCase JSON objects.
    pub companies: Vec<Map<String, Value>>,
    /// Field names of the Companies entity (canonical spelling).
    pub company_fields: Vec<String>,
    /// Answer to a wrong integration code.
    pub bad_code_answer: BadCodeAnswer,
    /// Requests allowed per window.
    pub request_limit: u32,
    /// The rolling window.
    pub window: Duration,
    requests: VecDeque<Instant>,
    pages: HashMap<String, PageToken>,
    page_order: VecDeque<String>,
    log: Vec<LoggedRequest>,
}

/// The `companyType` picklist (one tenant's values, as seen in its UI).
pub const COMPANY_TYPES: &[(i64, &str)] = &[
    (1, "Customer"),
    (2, "Lead"),
    (3, "Prospect"),
    (4, "Dead"),
    (6, "Cancellation"),
    (7, "Vendor"),
    (8, "Partner"),
];

fn company_json(c: &SeedCompany) -> Map<String, Value> {
    let slug: String = c
        .name
        .chars()
        .filter(|ch| ch.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let web = if slug.is_empty() {
        Value::Null
    } else {
        Value::String(format!("https://www.{slug}.example"))
    };
    let day = 1 + (c.id.rem_euclid(28));
    let month = 1 + (c.id.rem_euclid(12));
    let v = json!({
        "id": c.id,
        "companyName": c.name,
        "companyNumber": format!("C{:05}", c.id),
        "companyType": c.company_type,
        "isActive": c.active,
        "city": c.city,
        "countryID": 1,
        "phone": format!("+1 555 {:04}", c.id.rem_euclid(10_000)),
        "webAddress": web,
        "ownerResourceID": 29682885,
        "parentCompanyID": null,
        "classification": null,
        "marketSegmentID": null,
        "territoryID": null,
        "createDate": format!("2019-{month:02}-{day:02}T09:30:00Z"),
        "lastActivityDate": format!("2024-{month:02}-{day:02}T14:05:00Z"),
        "isClientPortalActive": false,
        "isSample": false,
        "userDefinedFields": [],
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl SimData {
    /// Builds the tenant from a seed.
    pub fn from_seed(seed: &Seed) -> Self {
        let companies: Vec<Map<String, Value>> =
            seed.all_companies().iter().map(company_json).collect();
        let company_fields = companies
            .first()
            .map(|c| c.keys().cloned().collect())
            .unwrap_or_else(|| {
                company_json(&SeedCompany {
                    id: 0,
                    name: String::new(),
                    company_type: 1,
                    active: true,
                    city: None,
                })
                .keys()
                .cloned()
                .collect()
            });
        let users = seed
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| SimUser {
                user_name: u.user_name.clone(),
                secret: u.secret.clone(),
                api_user: u.api_user,
                can_query_companies: u.can_query_companies,
                resource_id: 29_682_885 + i as i64,
            })
            .collect();
        Self {
            zone_name: seed.tenant.zone_name.clone(),
            ci: seed.tenant.ci,
            integration_codes: seed.integration_codes.clone(),
            users,
            companies,
            company_fields,
            bad_code_answer: seed.tenant.bad_integration_code,
            request_limit: seed.tenant.request_limit,
            window: Duration::from_secs(seed.tenant.window_seconds),
            requests: VecDeque::new(),
            pages: HashMap::new(),
            page_order: VecDeque::new(),
            log: Vec::new(),
        }
    }

    /// The user named `name` (ignoring case, as Autotask does).
    pub fn user(&self, name: &str) -> Option<&SimUser> {
        self.users
            .iter()
            .find(|u| u.user_name.eq_ignore_ascii_case(name))
    }

    fn prune(&mut self, now: Instant) {
        while let Some(first) = self.requests.front() {
            if now.duration_since(*first) >= self.window {
                self.requests.pop_front();
            } else {
                break;
            }
        }
    }

    /// Requests counted in the current window.
    pub fn requests_in_window(&mut self) -> u32 {
        self.prune(Instant::now());
        u32::try_from(self.requests.len()).unwrap_or(u32::MAX)
    }

    /// Counts a request, or refuses it with the time until the window has room again.
    pub(crate) fn count_request(&mut self) -> Result<u32, Duration> {
        let now = Instant::now();
        self.prune(now);
        if self.requests.len() >= self.request_limit as usize {
            let wait = self
                .requests
                .front()
                .map(|first| self.window.saturating_sub(now.duration_since(*first)))
                .unwrap_or(self.window);
            return Err(wait);
        }
        self.requests.push_back(now);
        Ok(u32::try_from(self.requests.len()).unwrap_or(u32::MAX))
    }

    /// Stores a paging token and returns its opaque value.
    pub(crate) fn add_page_token(&mut self, token: PageToken) -> String {
        let id = hex::encode(rand::random::<[u8; 16]>());
        self.pages.insert(id.clone(), token);
        self.page_order.push_back(id.clone());
        while self.page_order.len() > MAX_PAGING_TOKENS {
            if let Some(old) = self.page_order.pop_front() {
                self.pages.remove(&old);
            }
        }
        id
    }

    /// The paging token with this value.
    pub(crate) fn page_token(&self, id: &str) -> Option<PageToken> {
        self.pages.get(id).cloned()
    }

    pub(crate) fn log_request(&mut self, entry: LoggedRequest) {
        if self.log.len() < MAX_LOG {
            self.log.push(entry);
        }
    }
}

/// The tenant state shared by the listeners and the tests.
#[derive(Clone, Debug)]
pub struct SimState(Arc<Mutex<SimData>>);

impl SimState {
    /// Wraps tenant data.
    pub fn new(data: SimData) -> Self {
        Self(Arc::new(Mutex::new(data)))
    }

    /// Locks the data (a panic elsewhere does not make the state unusable).
    pub fn lock(&self) -> MutexGuard<'_, SimData> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Switches the answer to a wrong integration code.
    pub fn set_bad_code_answer(&self, answer: BadCodeAnswer) {
        self.lock().bad_code_answer = answer;
    }

    /// Sets the request budget and its rolling window, and forgets the requests counted so far.
    pub fn set_request_limit(&self, limit: u32, window: Duration) {
        let mut d = self.lock();
        d.request_limit = limit.max(1);
        d.window = window.max(Duration::from_millis(1));
        d.requests.clear();
    }

    /// Requests counted in the current window.
    pub fn requests_in_window(&self) -> u32 {
        self.lock().requests_in_window()
    }

    /// Every request served so far.
    pub fn log(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// Number of companies.
    pub fn company_count(&self) -> usize {
        self.lock().companies.len()
    }

    /// Replaces the companies, for tests that need a particular tenant.
    pub fn replace_companies(&self, companies: &[SeedCompany]) {
        let mut d = self.lock();
        let mut v: Vec<Map<String, Value>> = companies.iter().map(company_json).collect();
        v.sort_by_key(|c| c.get("id").and_then(Value::as_i64).unwrap_or(0));
        d.companies = v;
    }
}
