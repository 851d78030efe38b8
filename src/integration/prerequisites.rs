//! The Autotask integration prerequisites as a checklist (no GUI types): what must hold before
//! virtual servers are mapped to Autotask accounts — the Administration Server is reachable and
//! has virtual servers, the Autotask API user is found, authenticates (which proves the "API
//! User" security level, the only one REST accepts) and may query companies, the tenant's shared
//! request budget is not exhausted, the API user need not change its password (a manual item:
//! the API cannot tell), and there are not more virtual servers than active customer accounts
//! (the mapping is one-to-one). [`run_checks`] runs every automatic check once.

use crate::autotask::{
    AutotaskClient, AutotaskError, COMPANIES, ClientOptions, Credentials, Filter, Query,
};
use crate::fl;
use crate::integration::matcher::CUSTOMER_TYPE;
use crate::integration::{Counts, MappingProblem};
use crate::kloapi::KscClient;

/// The steps that set "Not required to change password" on the API User security level, in
/// the current language.
pub fn password_steps() -> [String; 8] {
    [
        fl!("prereq-password-step-1"),
        fl!("prereq-password-step-2"),
        fl!("prereq-password-step-3"),
        fl!("prereq-password-step-4"),
        fl!("prereq-password-step-5"),
        fl!("prereq-password-step-6"),
        fl!("prereq-password-step-7"),
        fl!("prereq-password-step-8"),
    ]
}

/// One item of the checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckId {
    /// The Administration Server answers the Open API.
    KscConnection,
    /// It has at least one virtual server.
    VirtualServers,
    /// The Autotask zone of the API user is found.
    AutotaskZone,
    /// An authenticated call succeeds (the user is an API User with the right secret and code).
    ApiUser,
    /// The API user may query companies.
    CompaniesQuery,
    /// How much of the tenant's hourly request budget is used.
    RequestBudget,
    /// The API User security level does not require a password change (confirmed by hand).
    PasswordNotRequired,
    /// Not more virtual servers than active customer accounts.
    AccountsPerVServer,
}

impl CheckId {
    /// Every item, in the order shown.
    pub const ALL: [CheckId; 8] = [
        CheckId::KscConnection,
        CheckId::VirtualServers,
        CheckId::AutotaskZone,
        CheckId::ApiUser,
        CheckId::CompaniesQuery,
        CheckId::RequestBudget,
        CheckId::PasswordNotRequired,
        CheckId::AccountsPerVServer,
    ];

    /// The item's title, in the current language.
    pub fn title(self) -> String {
        match self {
            CheckId::KscConnection => fl!("prereq-check-ksc"),
            CheckId::VirtualServers => fl!("prereq-check-vservers"),
            CheckId::AutotaskZone => fl!("prereq-check-zone"),
            CheckId::ApiUser => fl!("prereq-check-api-user"),
            CheckId::CompaniesQuery => fl!("prereq-check-companies"),
            CheckId::RequestBudget => fl!("prereq-check-budget"),
            CheckId::PasswordNotRequired => fl!("prereq-check-password"),
            CheckId::AccountsPerVServer => fl!("prereq-check-accounts"),
        }
    }

    /// Whether the administrator confirms it by hand (the API cannot check it).
    pub fn is_manual(self) -> bool {
        self == CheckId::PasswordNotRequired
    }
}

/// Where one item stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CheckState {
    /// Not run yet (or skipped because an earlier item failed).
    #[default]
    NotChecked,
    /// Running.
    Checking,
    /// Holds, with what was found.
    Ok(String),
    /// Does not hold.
    Problem {
        /// What is wrong.
        what: String,
        /// What the administrator should do about it.
        what_to_do: String,
    },
}

impl CheckState {
    fn problem(what: impl Into<String>, what_to_do: impl Into<String>) -> Self {
        CheckState::Problem {
            what: what.into(),
            what_to_do: what_to_do.into(),
        }
    }

    /// Whether it holds.
    pub fn is_ok(&self) -> bool {
        matches!(self, CheckState::Ok(_))
    }
}

/// The checklist: one state per [`CheckId`], in [`CheckId::ALL`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    items: Vec<(CheckId, CheckState)>,
}

impl Default for Checklist {
    fn default() -> Self {
        Self {
            items: CheckId::ALL
                .iter()
                .map(|&id| (id, CheckState::NotChecked))
                .collect(),
        }
    }
}

impl Checklist {
    /// Every item not checked.
    pub fn new() -> Self {
        Self::default()
    }

    /// The items in order.
    pub fn items(&self) -> &[(CheckId, CheckState)] {
        &self.items
    }

    /// One item's state.
    pub fn state(&self, id: CheckId) -> &CheckState {
        self.items
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, s)| s)
            .unwrap_or(&CheckState::NotChecked)
    }

    /// Sets one item's state.
    pub fn set(&mut self, id: CheckId, state: CheckState) {
        if let Some((_, s)) = self.items.iter_mut().find(|(i, _)| *i == id) {
            *s = state;
        }
    }

    /// Marks every automatic item as running (the manual one keeps its state).
    pub fn start_checking(&mut self) {
        for (id, s) in &mut self.items {
            if !id.is_manual() {
                *s = CheckState::Checking;
            }
        }
    }

    /// Takes the results of [`run_checks`] (the manual item keeps its state).
    pub fn apply(&mut self, results: &CheckResults) {
        for (id, s) in &results.items {
            if !id.is_manual() {
                self.set(*id, s.clone());
            }
        }
    }

    /// Records whether the administrator confirmed the manual item.
    pub fn confirm_password_setting(&mut self, confirmed: bool) {
        let s = if confirmed {
            CheckState::Ok(fl!("prereq-confirmed"))
        } else {
            CheckState::NotChecked
        };
        self.set(CheckId::PasswordNotRequired, s);
    }

    /// Whether every item holds.
    pub fn all_ok(&self) -> bool {
        self.items.iter().all(|(_, s)| s.is_ok())
    }
}

/// The outcome of one run of the automatic checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResults {
    /// One state per automatic item (the manual item is left [`CheckState::NotChecked`]).
    pub items: Vec<(CheckId, CheckState)>,
    /// The counts behind [`CheckId::AccountsPerVServer`], when both sides could be counted.
    pub counts: Option<Counts>,
}

impl CheckResults {
    /// Sets one item's state.
    pub fn set(&mut self, id: CheckId, state: CheckState) {
        if let Some((_, slot)) = self.items.iter_mut().find(|(i, _)| *i == id) {
            *slot = state;
        }
    }

    /// One item's state.
    pub fn state(&self, id: CheckId) -> &CheckState {
        self.items
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, s)| s)
            .unwrap_or(&CheckState::NotChecked)
    }
}

/// What the administrator should do about a failed Autotask call, in the current language.
pub fn what_to_do(e: &AutotaskError) -> String {
    match e {
        AutotaskError::Setup { .. } => fl!("autotask-todo-setup"),
        AutotaskError::BadCredential { field, .. } => match *field {
            "secret" => fl!("autotask-todo-credential", field = "secret"),
            "integration code" => fl!("autotask-todo-credential", field = "code"),
            _ => fl!("autotask-todo-credential", field = "user"),
        },
        AutotaskError::UnknownUser { .. } => fl!("autotask-todo-unknown-user"),
        AutotaskError::Discovery { .. } | AutotaskError::Net(_) | AutotaskError::Timeout { .. } => {
            fl!("autotask-todo-network")
        }
        AutotaskError::AuthenticationFailed { .. } => fl!("autotask-todo-authentication"),
        AutotaskError::WrongIntegrationCode => fl!("autotask-todo-integration-code"),
        AutotaskError::NoPermission { entity, .. } => {
            fl!("autotask-todo-permission", entity = entity.clone())
        }
        AutotaskError::RateLimited { retry_after } => fl!(
            "autotask-todo-rate-limited",
            seconds = retry_after.as_secs().max(1)
        ),
        AutotaskError::CertificateChanged { .. } => fl!("autotask-todo-certificate"),
        AutotaskError::NotFound { .. }
        | AutotaskError::InvalidQuery(_)
        | AutotaskError::Api { .. }
        | AutotaskError::BadResponse { .. }
        | AutotaskError::Paging { .. }
        | AutotaskError::QueryDeadline { .. } => fl!("autotask-todo-later"),
    }
}

fn from_error(e: &AutotaskError) -> CheckState {
    CheckState::problem(e.to_string(), what_to_do(e))
}

/// Runs every automatic check once: the Administration Server through `ksc` (already signed
/// in), Autotask with `opts` and `creds`. An item whose precondition failed stays
/// [`CheckState::NotChecked`]; checks go on as far as they can.
pub async fn run_checks(ksc: &KscClient, opts: ClientOptions, creds: Credentials) -> CheckResults {
    let mut out = CheckResults {
        items: CheckId::ALL
            .iter()
            .map(|&id| (id, CheckState::NotChecked))
            .collect(),
        counts: None,
    };
    let set = |out: &mut CheckResults, id: CheckId, s: CheckState| {
        if let Some((_, slot)) = out.items.iter_mut().find(|(i, _)| *i == id) {
            *slot = s;
        }
    };

    let mut vservers = None;
    match ksc.vservers().get_vservers(-1).await {
        Ok(list) => {
            set(
                &mut out,
                CheckId::KscConnection,
                CheckState::Ok(fl!("prereq-ksc-answers")),
            );
            if list.is_empty() {
                set(
                    &mut out,
                    CheckId::VirtualServers,
                    CheckState::problem(fl!("prereq-no-vservers"), fl!("prereq-no-vservers-todo")),
                );
            } else {
                set(
                    &mut out,
                    CheckId::VirtualServers,
                    CheckState::Ok(fl!("prereq-vservers-found", count = list.len())),
                );
            }
            vservers = Some(list.len());
        }
        Err(e) => set(
            &mut out,
            CheckId::KscConnection,
            CheckState::problem(e.to_string(), fl!("prereq-ksc-todo")),
        ),
    }

    let accounts = check_autotask(&mut out, opts, creds, set).await;
    count_against_accounts(&mut out, vservers, accounts);
    out
}

/// Runs the Autotask checks only, for a source other than an Administration Server (KES Cloud
/// workspaces, `targets` of them): the first two items are left [`CheckState::NotChecked`] for
/// the caller, and the last compares `targets` with the active customer accounts.
pub async fn run_autotask_checks(
    opts: ClientOptions,
    creds: Credentials,
    targets: usize,
) -> CheckResults {
    let mut out = CheckResults {
        items: CheckId::ALL
            .iter()
            .map(|&id| (id, CheckState::NotChecked))
            .collect(),
        counts: None,
    };
    let set = |out: &mut CheckResults, id: CheckId, s: CheckState| {
        if let Some((_, slot)) = out.items.iter_mut().find(|(i, _)| *i == id) {
            *slot = s;
        }
    };
    let accounts = check_autotask(&mut out, opts, creds, set).await;
    count_against_accounts(&mut out, Some(targets), accounts);
    out
}

/// The last item: not more virtual servers (or workspaces) than active customer accounts.
fn count_against_accounts(
    out: &mut CheckResults,
    vservers: Option<usize>,
    accounts: Option<usize>,
) {
    if let (Some(v), Some(a)) = (vservers, accounts) {
        let counts = Counts {
            vservers: v,
            mapped: 0,
            unmapped: v,
            active_customer_accounts: a,
        };
        let state = match counts.capacity_problem() {
            Some(p @ MappingProblem::MoreVServersThanAccounts { .. }) => {
                CheckState::problem(p.to_string(), fl!("prereq-accounts-todo"))
            }
            Some(p) => CheckState::problem(p.to_string(), fl!("prereq-mapping-todo")),
            None => CheckState::Ok(fl!("prereq-counts", vservers = v, accounts = a)),
        };
        out.set(CheckId::AccountsPerVServer, state);
        out.counts = Some(counts);
    }
}

/// The Autotask items; returns the number of active customer accounts when it could be counted.
async fn check_autotask(
    out: &mut CheckResults,
    opts: ClientOptions,
    creds: Credentials,
    set: impl Fn(&mut CheckResults, CheckId, CheckState),
) -> Option<usize> {
    let client = match AutotaskClient::new(opts, creds) {
        Ok(c) => c,
        Err(e) => {
            set(out, CheckId::AutotaskZone, from_error(&e));
            return None;
        }
    };
    match client.zone().await {
        Ok(z) => set(
            out,
            CheckId::AutotaskZone,
            CheckState::Ok(match z.zone_name {
                Some(name) => format!("{name} ({})", z.url),
                None => z.url,
            }),
        ),
        Err(e) => {
            set(out, CheckId::AutotaskZone, from_error(&e));
            return None;
        }
    }
    match client.version().await {
        Ok(v) => set(
            out,
            CheckId::ApiUser,
            CheckState::Ok(fl!(
                "prereq-signed-in",
                user = client.user_name().to_string(),
                version = format!("{}.{}", v.major_version, v.minor_version)
            )),
        ),
        Err(e) => {
            set(out, CheckId::ApiUser, from_error(&e));
            return None;
        }
    }
    let mut accounts = None;
    match client.entity_information(COMPANIES).await {
        Ok(info) if info.user_can_query() => {
            let active_customers = Query::new([
                Filter::eq("isActive", true),
                Filter::eq("companyType", CUSTOMER_TYPE),
            ]);
            match client.count(COMPANIES, &active_customers).await {
                Ok(n) => {
                    set(
                        out,
                        CheckId::CompaniesQuery,
                        CheckState::Ok(fl!("mapping-count-accounts", count = n)),
                    );
                    accounts = Some(usize::try_from(n).unwrap_or(usize::MAX));
                }
                Err(e) => set(out, CheckId::CompaniesQuery, from_error(&e)),
            }
        }
        Ok(_) => {
            let e = AutotaskError::NoPermission {
                action: "query",
                entity: COMPANIES.to_string(),
            };
            set(out, CheckId::CompaniesQuery, from_error(&e));
        }
        Err(e) => set(out, CheckId::CompaniesQuery, from_error(&e)),
    }
    match client.threshold_information().await {
        Ok(t) => {
            let detail = fl!(
                "prereq-budget",
                used = t.current_timeframe_request_count,
                limit = t.external_request_threshold,
                minutes = t.request_threshold_timeframe,
                percent = t.percent_used()
            );
            let state = if t.percent_used() >= 90 {
                CheckState::problem(detail, fl!("prereq-budget-todo"))
            } else {
                CheckState::Ok(detail)
            };
            set(out, CheckId::RequestBudget, state);
        }
        Err(e) => set(out, CheckId::RequestBudget, from_error(&e)),
    }
    accounts
}
