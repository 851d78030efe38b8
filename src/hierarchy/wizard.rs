//! The "Add secondary Administration Server" wizard without any GUI: the form as typed (nothing
//! is lost when moving between steps or after a failure), the steps, what blocks each step, and
//! the plan the form stands for. The GUI draws this; tests drive it directly.
//!
//! Steps follow the KSC Web Console wizard (Kaspersky Security Center help, "Adding secondary
//! Administration Server"): group, secondary server, its certificate, connection settings,
//! credentials; then a summary (dry run), the run itself and the result read back.

use std::collections::HashSet;

pub use super::certificate::{CertificateSource, ChosenCertificate};
use super::plan::{AddSecondaryPlan, ProxyPlan, RegistrationPlan, SecondarySettings};
use super::validate::{self, Field, FieldError, Problem};
use crate::cert::CertificateDetails;
use crate::kloapi::GroupNode;
use crate::secrets::{Secret, SecretKey};
use crate::settings::ProxySettings;
use crate::wire::auth::BasicCredentials;
use crate::wire::{DEFAULT_API_PORT, DEFAULT_SSL_PORT};

/// Digits of a two-step verification code when the server does not say.
pub const DEFAULT_CODE_LENGTH: usize = 6;

/// The wizard's pages, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Administration group on the primary where the secondary will appear.
    Group,
    /// DMZ, display name, address and ports of the secondary.
    Server,
    /// The secondary's certificate, fetched or from a file.
    Certificate,
    /// How the secondary reaches the primary (address, proxy).
    Connection,
    /// A user on the secondary, checked by logging in.
    Credentials,
    /// What will be written where; nothing is written yet.
    Summary,
    /// The run, with progress, failure, retry and rollback.
    Finish,
    /// The secondary as the primary reports it.
    Result,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 8] = [
        Step::Group,
        Step::Server,
        Step::Certificate,
        Step::Connection,
        Step::Credentials,
        Step::Summary,
        Step::Finish,
        Step::Result,
    ];

    /// The step's title, as in the Web Console where it has one.
    pub fn title(self) -> String {
        match self {
            Step::Group => crate::fl!("wizard-step-group"),
            Step::Server => crate::fl!("wizard-step-server"),
            Step::Certificate => crate::fl!("wizard-step-certificate"),
            Step::Connection => crate::fl!("wizard-step-connection"),
            Step::Credentials => crate::fl!("wizard-step-credentials"),
            Step::Summary => crate::fl!("wizard-step-summary"),
            Step::Finish => crate::fl!("wizard-step-finish"),
            Step::Result => crate::fl!("wizard-step-result"),
        }
    }

    /// 1-based position, for "Step 2 of 8".
    pub fn number(self) -> usize {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i + 1)
    }
}

/// An input of the wizard, for inline messages next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    /// The group choice.
    Group,
    /// Secondary display name.
    DisplayName,
    /// Secondary address.
    SecondaryAddress,
    /// Secondary SSL port.
    SslPort,
    /// Secondary Open API port.
    ApiPort,
    /// The certificate choice.
    Certificate,
    /// Primary address as the secondary dials it.
    PrimaryAddress,
    /// Primary SSL port as the secondary dials it.
    PrimarySslPort,
    /// Proxy address.
    ProxyAddress,
    /// Proxy port.
    ProxyPort,
    /// Proxy user.
    ProxyUser,
    /// User on the secondary.
    User,
    /// Two-step verification code.
    Code,
    /// The login check as a whole.
    Login,
}

/// Something that keeps a step from being complete, shown next to `input`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Where to show it.
    pub input: Input,
    /// What is wrong, in words (without the field's name, which the form shows already).
    pub message: String,
}

impl Issue {
    fn new(input: Input, message: impl Into<String>) -> Self {
        Self {
            input,
            message: message.into(),
        }
    }

    fn field(input: Input, e: FieldError) -> Self {
        Self::new(input, capitalised(&e.problem.to_string()))
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Where the check of the secondary's credentials stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LoginCheck {
    /// Not tried with the current inputs.
    #[default]
    NotChecked,
    /// A login is on its way.
    Checking,
    /// The secondary asks for a two-step verification code.
    CodeRequired {
        /// Digits expected.
        length: usize,
    },
    /// The code was refused; another is needed.
    WrongCode {
        /// Digits expected.
        length: usize,
    },
    /// The account must use two-step verification but has not set it up.
    TwoFactorNotConfigured,
    /// The login failed; the message names the step that failed.
    Failed(String),
    /// Logged in: the credentials work.
    Verified,
}

/// What the wizard knows of the primary it runs on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrimaryContext {
    /// The primary's address as the admin connected to it (prefills the connection step).
    pub address: String,
    /// The primary's certificate (DER), written to the secondary.
    pub certificate: Vec<u8>,
    /// The primary's group tree (the root "Managed devices" first).
    pub groups: Vec<GroupNode>,
}

impl PrimaryContext {
    /// Reads what the wizard needs from the primary: its group tree and its certificate.
    pub async fn load(
        client: &crate::kloapi::KscClient,
        address: &str,
    ) -> Result<Self, crate::kloapi::KscError> {
        let hg = client.host_group();
        let tree = hg.group_tree().await?;
        let certificate = hg.server_certificate().await?;
        Ok(Self {
            address: address.to_string(),
            certificate,
            groups: vec![tree],
        })
    }
}

/// A secondary whose address, ports and credentials are known before the wizard opens (the
/// demo's simulated secondary): the wizard prefills them, and the admin can still change them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownSecondary {
    /// Address the primary and the app reach it at.
    pub address: String,
    /// Administration Server SSL port.
    pub ssl_port: u16,
    /// Open API port.
    pub api_port: u16,
    /// A user with rights on it.
    pub user: String,
    /// That user's password.
    pub password: Secret,
    /// An internal KSC user rather than an OS or domain account.
    pub internal: bool,
}

/// The form as typed: every field is text, so nothing the admin typed is ever lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WizardForm {
    /// Chosen group id.
    pub group_id: Option<i32>,
    /// Search text over the group tree.
    pub group_filter: String,
    /// "Connect primary Administration Server to secondary Administration Server in DMZ".
    pub dmz: bool,
    /// Secondary display name.
    pub display_name: String,
    /// Secondary address.
    pub secondary_address: String,
    /// Secondary SSL port.
    pub ssl_port: String,
    /// Secondary Open API port.
    pub api_port: String,
    /// The secondary's certificate.
    pub certificate: Option<ChosenCertificate>,
    /// Primary address as the secondary dials it.
    pub primary_address: String,
    /// Primary SSL port as the secondary dials it.
    pub primary_ssl_port: String,
    /// "Use proxy server".
    pub use_proxy: bool,
    /// Proxy address.
    pub proxy_address: String,
    /// Proxy port.
    pub proxy_port: String,
    /// Proxy user (empty for none).
    pub proxy_user: String,
    /// Proxy password.
    pub proxy_password: Secret,
    /// User on the secondary.
    pub user: String,
    /// Password on the secondary.
    pub password: Secret,
    /// Windows domain of the user (for a domain account).
    pub domain: String,
    /// An internal KSC user rather than an OS or domain account.
    pub internal: bool,
    /// Two-step verification code; a [`Secret`] so that no `Debug` of the form shows it.
    pub code: Secret,
}

impl WizardForm {
    /// A fresh form with the documented default ports and the primary's address prefilled.
    pub fn new(primary_address: &str) -> Self {
        Self {
            group_id: None,
            group_filter: String::new(),
            dmz: false,
            display_name: String::new(),
            secondary_address: String::new(),
            ssl_port: DEFAULT_SSL_PORT.to_string(),
            api_port: DEFAULT_API_PORT.to_string(),
            certificate: None,
            primary_address: primary_address.to_string(),
            primary_ssl_port: DEFAULT_SSL_PORT.to_string(),
            use_proxy: false,
            proxy_address: String::new(),
            proxy_port: crate::settings::DEFAULT_PROXY_PORT.to_string(),
            proxy_user: String::new(),
            proxy_password: Secret::default(),
            user: String::new(),
            password: Secret::default(),
            domain: String::new(),
            internal: true,
            code: Secret::default(),
        }
    }
}

/// The wizard: form, position, what was learnt from the servers, and which inputs were touched.
#[derive(Clone, Debug)]
pub struct Wizard {
    /// What was typed.
    pub form: WizardForm,
    /// The primary.
    pub primary: PrimaryContext,
    /// The current step.
    step: Step,
    /// Display names already used in the chosen group (read from the primary), lowercased.
    taken_names: Option<Vec<String>>,
    /// Where the credentials check stands.
    pub login: LoginCheck,
    /// The secondary asked for a two-step code during the current credentials' check.
    pub code_asked: bool,
    /// Inputs the admin has edited: only their messages show, so a fresh page is not all red.
    touched: HashSet<Input>,
    /// Form as it was at the start, to ask before cancelling only when something was typed.
    pristine: WizardForm,
    /// "Register on this server only": the summary, Finish and Result cover the primary's half.
    register_only: bool,
    /// The group tree as the search reads it, made once: lowercasing ten thousand names on every
    /// keystroke would cost more than the whole frame may.
    group_index: GroupIndex,
}

/// The group tree flattened in tree order (depth first, as [`GroupNode::iter`] walks it).
#[derive(Clone, Debug, Default)]
struct GroupIndex {
    entries: Vec<IndexEntry>,
}

#[derive(Clone, Debug)]
struct IndexEntry {
    depth: usize,
    /// The parent's place in the index (none for a root).
    parent: Option<usize>,
    /// The name, lowercased.
    lower: String,
}

impl GroupIndex {
    fn new(roots: &[GroupNode]) -> Self {
        fn walk(node: &GroupNode, depth: usize, parent: Option<usize>, out: &mut Vec<IndexEntry>) {
            let at = out.len();
            out.push(IndexEntry {
                depth,
                parent,
                lower: node.name.to_lowercase(),
            });
            for child in &node.children {
                walk(child, depth + 1, Some(at), out);
            }
        }
        let mut entries = Vec::new();
        for root in roots {
            walk(root, 0, None, &mut entries);
        }
        Self { entries }
    }
}

impl Wizard {
    /// A wizard on `primary`, at the first step.
    pub fn new(primary: PrimaryContext) -> Self {
        let form = WizardForm::new(&primary.address);
        Self {
            pristine: form.clone(),
            form,
            step: Step::Group,
            taken_names: None,
            login: LoginCheck::NotChecked,
            code_asked: false,
            touched: HashSet::new(),
            register_only: false,
            group_index: GroupIndex::new(&primary.groups),
            primary,
        }
    }

    /// The current step.
    pub fn step(&self) -> Step {
        self.step
    }

    /// True when anything differs from the fresh form (Cancel asks first then).
    pub fn is_dirty(&self) -> bool {
        self.form != self.pristine
    }

    /// Prefills the proxy with the one used last time (left unticked: the admin decides). What
    /// is prefilled does not count as typed, so Cancel does not ask because of it.
    pub fn prefill_proxy(&mut self, saved: &ProxySettings) {
        for form in [&mut self.form, &mut self.pristine] {
            form.proxy_address = saved.address.clone();
            form.proxy_port = saved.port.to_string();
            form.proxy_user = saved.user.clone();
        }
    }

    /// Prefills the primary's address and SSL port as the secondary dials them. Prefilled values
    /// do not count as typed.
    pub fn prefill_primary(&mut self, address: &str, ssl_port: u16) {
        for form in [&mut self.form, &mut self.pristine] {
            form.primary_address = address.to_string();
            form.primary_ssl_port = ssl_port.to_string();
        }
    }

    /// Prefills the secondary's address, ports and credentials (the display name is left to the
    /// admin). Prefilled values do not count as typed; the login must still be checked.
    pub fn prefill_secondary(&mut self, known: &KnownSecondary) {
        for form in [&mut self.form, &mut self.pristine] {
            form.secondary_address = known.address.clone();
            form.ssl_port = known.ssl_port.to_string();
            form.api_port = known.api_port.to_string();
            form.user = known.user.clone();
            form.password = known.password.clone();
            form.internal = known.internal;
        }
        self.credentials_changed();
    }

    /// Fills the proxy password kept in the keyring for `key`, unless the proxy fields no longer
    /// name that key or a password was typed meanwhile; true when it was filled.
    pub fn prefill_proxy_password(&mut self, key: &SecretKey, password: Secret) -> bool {
        if self.proxy_password_key().as_ref() != Some(key) || !self.form.proxy_password.is_empty() {
            return false;
        }
        self.pristine.proxy_password = password.clone();
        self.form.proxy_password = password;
        true
    }

    /// Where the proxy password as typed is kept in the keyring: a proxy with a valid address,
    /// port and a user.
    pub fn proxy_password_key(&self) -> Option<SecretKey> {
        let f = &self.form;
        let host = validate::host(Field::ProxyAddress, &f.proxy_address).ok()?;
        let port = validate::port(Field::ProxyPort, &f.proxy_port).ok()?;
        let user = f.proxy_user.trim();
        (!user.is_empty()).then(|| SecretKey::proxy(&host, port, user))
    }

    /// The proxy as typed without its password (for the settings file), when it is used and
    /// valid.
    pub fn proxy_settings(&self) -> Option<ProxySettings> {
        let f = &self.form;
        if !f.use_proxy {
            return None;
        }
        Some(ProxySettings {
            address: validate::host(Field::ProxyAddress, &f.proxy_address).ok()?,
            port: validate::port(Field::ProxyPort, &f.proxy_port).ok()?,
            user: f.proxy_user.trim().to_string(),
        })
    }

    /// Marks `input` as edited, so its message shows.
    pub fn touch(&mut self, input: Input) {
        self.touched.insert(input);
    }

    /// Whether `input` was edited.
    pub fn is_touched(&self, input: Input) -> bool {
        self.touched.contains(&input)
    }

    /// Chooses the group and forgets the names known from the previous one.
    pub fn choose_group(&mut self, id: i32) {
        if self.form.group_id != Some(id) {
            self.taken_names = None;
        }
        self.form.group_id = Some(id);
        self.touch(Input::Group);
    }

    /// The plan file standing for the wizard as filled in, for "Save as plan file…" on its
    /// summary: `None` until the plan is complete. Passwords are named by source: the primary's
    /// and the proxy's from the keyring (where the app keeps them when asked to remember), the
    /// secondary's from standard input (the app does not keep it).
    pub fn to_plan_file(
        &self,
        primary: &crate::hierarchy::plan_file::PrimaryConnection,
    ) -> Option<crate::hierarchy::plan_file::PlanFile> {
        use crate::hierarchy::plan_file::{
            Account, CertificateChoice, PlanFile, ProxyRef, SecretSource,
        };
        let registration = if self.register_only {
            self.to_registration().ok()?
        } else {
            self.to_plan().ok()?.registration()
        };
        let chosen = self.form.certificate.as_ref()?;
        let certificate = match &chosen.source {
            CertificateSource::Fetched { .. } | CertificateSource::OnServer => {
                CertificateChoice::Fetch
            }
            CertificateSource::File(p)
            | CertificateSource::Drive(p)
            | CertificateSource::JoinFile(p) => CertificateChoice::File(p.clone()),
        };
        let f = &self.form;
        let secondary_account = (!f.user.trim().is_empty()).then(|| Account {
            user: f.user.trim().to_string(),
            internal: f.internal,
            domain: f.domain.trim().to_string(),
            password: SecretSource::Stdin,
        });
        let proxy = if f.use_proxy {
            Some(ProxyRef {
                address: validate::host(Field::ProxyAddress, &f.proxy_address).ok()?,
                port: validate::port(Field::ProxyPort, &f.proxy_port).ok()?,
                user: f.proxy_user.trim().to_string(),
                password: SecretSource::Keyring,
            })
        } else {
            None
        };
        Some(PlanFile {
            primary_address: primary.address.clone(),
            primary_api_port: primary.api_port,
            primary_pin: primary.pin,
            primary_account: Account {
                user: primary.user.clone(),
                internal: primary.internal,
                domain: primary.domain.clone(),
                password: SecretSource::Keyring,
            },
            group: self.group_path()?,
            display_name: registration.display_name,
            secondary_address: registration.secondary_address.unwrap_or_default(),
            secondary_ssl_port: registration.secondary_ssl_port,
            secondary_api_port: validate::port(Field::ApiPort, &f.api_port).ok()?,
            dmz: registration.dmz,
            certificate,
            certificate_pin: chosen.details.pin(),
            secondary_account,
            register_only: self.register_only,
            primary_address_for_secondary: registration.primary_address,
            primary_ssl_port: registration.primary_ssl_port,
            proxy,
        })
    }

    /// The names from below the root down to the chosen group.
    fn group_path(&self) -> Option<Vec<String>> {
        fn walk(node: &GroupNode, id: i32, path: &mut Vec<String>) -> bool {
            if node.id == id {
                return true;
            }
            for child in &node.children {
                path.push(child.name.clone());
                if walk(child, id, path) {
                    return true;
                }
                path.pop();
            }
            false
        }
        let id = self.form.group_id?;
        let mut path = Vec::new();
        self.primary
            .groups
            .iter()
            .any(|root| walk(root, id, &mut path))
            .then_some(path)
    }

    /// The chosen group, found in the tree.
    pub fn group(&self) -> Option<&GroupNode> {
        let id = self.form.group_id?;
        self.primary
            .groups
            .iter()
            .flat_map(GroupNode::iter)
            .find(|g| g.id == id)
    }

    /// The groups matching the search text (case-insensitive, on the name), with their depth;
    /// a parent of a match is listed too, so the tree stays readable.
    pub fn visible_groups(&self) -> Vec<(usize, &GroupNode)> {
        let nodes: Vec<&GroupNode> = self
            .primary
            .groups
            .iter()
            .flat_map(GroupNode::iter)
            .collect();
        // `primary` is public: a tree changed after the wizard was made gets a fresh index.
        let fresh;
        let index = if self.group_index.entries.len() == nodes.len() {
            &self.group_index
        } else {
            fresh = GroupIndex::new(&self.primary.groups);
            &fresh
        };
        let needle = self.form.group_filter.trim().to_lowercase();
        let mut shown = vec![needle.is_empty(); nodes.len()];
        if !needle.is_empty() {
            // Children come after their parent, so walking backwards settles every subtree
            // before its parent is looked at.
            for (i, e) in index.entries.iter().enumerate().rev() {
                if shown[i] || e.lower.contains(&needle) {
                    shown[i] = true;
                    if let Some(p) = e.parent {
                        shown[p] = true;
                    }
                }
            }
        }
        index
            .entries
            .iter()
            .zip(nodes)
            .zip(shown)
            .filter_map(|((e, node), shown)| shown.then_some((e.depth, node)))
            .collect()
    }

    /// The first group in tree order whose own name holds the search text (Enter in the
    /// search chooses it); none while the search is empty.
    pub fn first_match(&self) -> Option<i32> {
        let needle = self.form.group_filter.trim().to_lowercase();
        if needle.is_empty() {
            return None;
        }
        self.visible_groups()
            .into_iter()
            .find(|(_, g)| g.name.to_lowercase().contains(&needle))
            .map(|(_, g)| g.id)
    }

    /// Records the display names already used in the chosen group (from the primary).
    pub fn set_taken_names(&mut self, group_id: i32, names: Vec<String>) {
        if self.form.group_id == Some(group_id) {
            self.taken_names = Some(names.iter().map(|n| n.trim().to_lowercase()).collect());
        }
    }

    /// True once the names of the chosen group are known.
    pub fn names_known(&self) -> bool {
        self.taken_names.is_some()
    }

    /// Sets the certificate (unconfirmed); the login must be checked again.
    pub fn set_certificate(&mut self, details: CertificateDetails, source: CertificateSource) {
        self.form.certificate = Some(ChosenCertificate::new(details, source));
        self.touch(Input::Certificate);
        self.credentials_changed();
    }

    /// "I compared the fingerprint".
    pub fn confirm_certificate(&mut self, confirmed: bool) {
        if let Some(c) = &mut self.form.certificate {
            c.confirmed = confirmed;
        }
    }

    /// Anything the login depends on changed: it must be checked again.
    pub fn credentials_changed(&mut self) {
        self.login = LoginCheck::NotChecked;
        self.code_asked = false;
        self.form.code = Secret::default();
    }

    /// How the secondary was logged in to, for the pre-flight check's two-step finding.
    pub fn secondary_login(&self) -> super::preflight::SecondaryLogin {
        use super::preflight::SecondaryLogin;
        match &self.login {
            LoginCheck::TwoFactorNotConfigured => SecondaryLogin::TwoStepNotSetUp,
            _ if self.register_only => SecondaryLogin::NotLoggedIn,
            LoginCheck::Verified if self.code_asked => SecondaryLogin::WithCode,
            LoginCheck::Verified => SecondaryLogin::Password,
            _ => SecondaryLogin::NotLoggedIn,
        }
    }

    /// Whether "Get from secondary Administration Server" can be used: a valid address and port.
    pub fn can_fetch_certificate(&self) -> bool {
        self.fetch_target().is_some()
    }

    /// Where to fetch the secondary's certificate: its address and SSL port.
    pub fn fetch_target(&self) -> Option<(String, u16)> {
        let host = validate::optional_host(Field::SecondaryAddress, &self.form.secondary_address)
            .ok()??;
        let port = validate::port(Field::SslPort, &self.form.ssl_port).ok()?;
        Some((host, port))
    }

    /// Where to log in to the secondary: its address and Open API port, pinned to the certificate.
    pub fn login_target(&self) -> Option<(String, u16, crate::tls::Pin)> {
        let host = validate::optional_host(Field::SecondaryAddress, &self.form.secondary_address)
            .ok()??;
        let port = validate::port(Field::ApiPort, &self.form.api_port).ok()?;
        let cert = self.form.certificate.as_ref().filter(|c| trusted(c))?;
        Some((host, port, cert.details.pin()))
    }

    /// The credentials as typed, for the login check and the plan.
    pub fn credentials(&self) -> BasicCredentials {
        BasicCredentials {
            user: self.form.user.trim().to_string(),
            password: self.form.password.expose().to_string(),
            domain: if self.form.internal {
                String::new()
            } else {
                self.form.domain.trim().to_string()
            },
            internal: self.form.internal,
        }
    }

    /// The code length the secondary asked for, when it asks for one.
    pub fn code_length(&self) -> Option<usize> {
        match self.login {
            LoginCheck::CodeRequired { length } | LoginCheck::WrongCode { length } => Some(length),
            _ => None,
        }
    }

    /// Everything that keeps `step` from being complete.
    pub fn errors_for(&self, step: Step) -> Vec<Issue> {
        let f = &self.form;
        let mut out = Vec::new();
        match step {
            Step::Group => {
                if self.group().is_none() {
                    out.push(Issue::new(
                        Input::Group,
                        crate::fl!("wizard-issue-choose-group"),
                    ));
                }
            }
            Step::Server => {
                let name = validate::display_name(&f.display_name).and_then(|n| {
                    let taken = self
                        .taken_names
                        .as_ref()
                        .is_some_and(|t| t.contains(&n.to_lowercase()));
                    if taken {
                        Err(FieldError {
                            field: Field::DisplayName,
                            problem: Problem::NameTaken,
                        })
                    } else {
                        Ok(n)
                    }
                });
                check(&mut out, Input::DisplayName, name.map(drop));
                let address = if f.dmz {
                    if f.secondary_address.trim().is_empty() {
                        Err(FieldError {
                            field: Field::SecondaryAddress,
                            problem: Problem::RequiredForDmz,
                        })
                    } else {
                        validate::host(Field::SecondaryAddress, &f.secondary_address).map(drop)
                    }
                } else {
                    validate::optional_host(Field::SecondaryAddress, &f.secondary_address).map(drop)
                };
                check(&mut out, Input::SecondaryAddress, address);
                check(
                    &mut out,
                    Input::SslPort,
                    validate::port(Field::SslPort, &f.ssl_port).map(drop),
                );
                check(
                    &mut out,
                    Input::ApiPort,
                    validate::port(Field::ApiPort, &f.api_port).map(drop),
                );
                if self.form.group_id.is_some() && !self.names_known() {
                    out.push(Issue::new(
                        Input::DisplayName,
                        crate::fl!("wizard-issue-reading-names"),
                    ));
                }
            }
            Step::Certificate => match &f.certificate {
                None => out.push(Issue::new(
                    Input::Certificate,
                    crate::fl!("wizard-issue-get-certificate"),
                )),
                Some(c) if !trusted(c) => out.push(Issue::new(
                    Input::Certificate,
                    crate::fl!("wizard-issue-confirm-certificate"),
                )),
                Some(_) => {}
            },
            Step::Connection => {
                check(
                    &mut out,
                    Input::PrimaryAddress,
                    validate::host(Field::PrimaryAddress, &f.primary_address).map(drop),
                );
                check(
                    &mut out,
                    Input::PrimarySslPort,
                    validate::port(Field::SslPort, &f.primary_ssl_port).map(drop),
                );
                if f.use_proxy {
                    check(
                        &mut out,
                        Input::ProxyAddress,
                        validate::host(Field::ProxyAddress, &f.proxy_address).map(drop),
                    );
                    check(
                        &mut out,
                        Input::ProxyPort,
                        validate::port(Field::ProxyPort, &f.proxy_port).map(drop),
                    );
                    if f.proxy_user.trim().is_empty() && !f.proxy_password.is_empty() {
                        out.push(Issue::new(
                            Input::ProxyUser,
                            crate::fl!("wizard-issue-proxy-user"),
                        ));
                    }
                }
            }
            Step::Credentials => {
                if f.secondary_address.trim().is_empty() {
                    out.push(Issue::new(
                        Input::Login,
                        crate::fl!("wizard-issue-secondary-address-needed"),
                    ));
                }
                check(
                    &mut out,
                    Input::User,
                    validate::user(Field::User, &f.user).map(drop),
                );
                // Right after a refusal the empty field stands for the refusal, which says more
                // than "enter the code".
                let just_refused =
                    matches!(self.login, LoginCheck::WrongCode { .. }) && f.code.is_empty();
                if let Some(length) = self.code_length().filter(|_| !just_refused) {
                    check(
                        &mut out,
                        Input::Code,
                        validate::totp_code(f.code.expose(), length).map(drop),
                    );
                }
                match &self.login {
                    LoginCheck::Verified => {}
                    LoginCheck::Checking => out.push(Issue::new(
                        Input::Login,
                        crate::fl!("wizard-issue-logging-in"),
                    )),
                    LoginCheck::Failed(why) => out.push(Issue::new(Input::Login, why.clone())),
                    LoginCheck::TwoFactorNotConfigured => out.push(Issue::new(
                        Input::Login,
                        crate::fl!("wizard-issue-two-step-not-set-up"),
                    )),
                    LoginCheck::WrongCode { .. } => out.push(Issue::new(
                        Input::Code,
                        crate::fl!("wizard-issue-wrong-code"),
                    )),
                    LoginCheck::CodeRequired { .. } | LoginCheck::NotChecked => out.push(
                        Issue::new(Input::Login, crate::fl!("wizard-issue-check-credentials")),
                    ),
                }
            }
            Step::Summary if self.register_only => {
                if let Err(errors) = self.to_registration() {
                    out.extend(errors);
                }
            }
            Step::Summary => {
                if let Err(errors) = self.to_plan() {
                    out.extend(errors);
                }
            }
            Step::Finish | Step::Result => {}
        }
        out
    }

    /// The issues of `step` worth showing now: those of touched inputs, and step-wide ones.
    pub fn visible_errors(&self, step: Step) -> Vec<Issue> {
        self.errors_for(step)
            .into_iter()
            .filter(|i| {
                matches!(i.input, Input::Login | Input::Code) || self.touched.contains(&i.input)
            })
            .collect()
    }

    /// The first visible message for `input` on the current step.
    pub fn error_at(&self, input: Input) -> Option<String> {
        self.visible_errors(self.step)
            .into_iter()
            .find(|i| i.input == input)
            .map(|i| i.message)
    }

    /// Whether Next (or Finish on the summary) may be pressed.
    pub fn can_advance(&self) -> bool {
        match self.step {
            Step::Finish | Step::Result => false,
            s => self.errors_for(s).is_empty(),
        }
    }

    /// Whether Back may be pressed.
    pub fn can_go_back(&self) -> bool {
        self.step > Step::Group && self.step <= Step::Summary
    }

    /// Whether the wizard is in "register on this server only" mode: the primary registers the
    /// secondary and nothing is written on the secondary.
    pub fn is_register_only(&self) -> bool {
        self.register_only
    }

    /// Whether "Register on this server only" is offered: on the credentials step, with the
    /// steps before it complete, when the secondary cannot be logged in to (no address given,
    /// the login failed or could not reach it, or two-step verification is required but not set
    /// up).
    pub fn can_register_only(&self) -> bool {
        let cannot_log_in = self.form.secondary_address.trim().is_empty()
            || matches!(
                self.login,
                LoginCheck::Failed(_) | LoginCheck::TwoFactorNotConfigured
            );
        self.step == Step::Credentials && cannot_log_in && self.registration_issues().is_empty()
    }

    /// Whether "Register on this server only" waits for the admin to compare the certificate's
    /// fingerprint. A file picked on the certificate step is otherwise checked by the login to
    /// the secondary, which presents it; registering without that login, nothing else would
    /// check it, and the primary would trust whoever holds its key.
    pub fn register_only_needs_confirmation(&self) -> bool {
        self.register_only_unverified_certificate()
            && self.form.certificate.as_ref().is_some_and(|c| !c.usable())
    }

    /// Whether the certificate would be registered without anything having checked it against
    /// the secondary. A login that ended at "two-step verification not set up" got past the
    /// handshake with the certificate pinned, so the secondary did present it.
    pub fn register_only_unverified_certificate(&self) -> bool {
        self.form
            .certificate
            .as_ref()
            .is_some_and(|c| c.source != CertificateSource::OnServer)
            && !matches!(self.login, LoginCheck::TwoFactorNotConfigured)
    }

    /// Switches to "register on this server only" and goes to the summary; returns whether it
    /// did (see [`Wizard::can_register_only`] and [`Wizard::register_only_needs_confirmation`]).
    pub fn choose_register_only(&mut self) -> bool {
        if !self.can_register_only() || self.register_only_needs_confirmation() {
            return false;
        }
        self.register_only = true;
        self.step = Step::Summary;
        true
    }

    /// Goes to the next step when the current one is complete; returns whether it moved.
    // The wizard's own vocabulary (Next / Back); it is not an iterator.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> bool {
        if !self.can_advance() {
            // Show every message of this step, since the admin tried to go on.
            for issue in self.errors_for(self.step) {
                self.touched.insert(issue.input);
            }
            return false;
        }
        match self.step.following() {
            Some(s) => {
                self.step = s;
                true
            }
            None => false,
        }
    }

    /// Goes one step back (nothing typed is lost); returns whether it moved.
    pub fn back(&mut self) -> bool {
        if !self.can_go_back() {
            return false;
        }
        match self.step.preceding() {
            Some(s) => {
                self.step = s;
                self.leave_register_only_before_summary();
                true
            }
            None => false,
        }
    }

    /// Back on the credentials step or earlier, the normal path applies again: "register only"
    /// is chosen anew from the credentials step when still wanted.
    fn leave_register_only_before_summary(&mut self) {
        if self.step < Step::Summary {
            self.register_only = false;
        }
    }

    /// Returns to an earlier step to change something (from a failed Finish, or the summary).
    pub fn go_to(&mut self, step: Step) -> bool {
        if step <= Step::Summary && step <= self.step {
            self.step = step;
            self.leave_register_only_before_summary();
            true
        } else {
            false
        }
    }

    /// The run succeeded: show the result.
    pub fn finished(&mut self) {
        if self.step == Step::Finish {
            self.step = Step::Result;
        }
    }

    /// The plan the form stands for, or every issue of the steps before the summary.
    pub fn to_plan(&self) -> Result<AddSecondaryPlan, Vec<Issue>> {
        let issues: Vec<Issue> = [
            Step::Group,
            Step::Server,
            Step::Certificate,
            Step::Connection,
        ]
        .into_iter()
        .flat_map(|s| self.errors_for(s))
        .chain(
            self.errors_for(Step::Credentials)
                .into_iter()
                .filter(|i| i.input != Input::Login),
        )
        .collect();
        let f = &self.form;
        let built = (|| -> Result<AddSecondaryPlan, FieldError> {
            let (group, certificate) = self.group_and_certificate()?;
            let proxy = if f.use_proxy {
                Some(ProxyPlan {
                    host: validate::host(Field::ProxyAddress, &f.proxy_address)?,
                    port: validate::port(Field::ProxyPort, &f.proxy_port)?,
                    user: f.proxy_user.trim().to_string(),
                    password: f.proxy_password.clone(),
                })
            } else {
                None
            };
            Ok(AddSecondaryPlan {
                group_id: group.id,
                group_name: group.name.clone(),
                display_name: validate::display_name(&f.display_name)?,
                secondary_address: validate::optional_host(
                    Field::SecondaryAddress,
                    &f.secondary_address,
                )?,
                secondary_ssl_port: validate::port(Field::SslPort, &f.ssl_port)?,
                secondary_api_port: validate::port(Field::ApiPort, &f.api_port)?,
                secondary_certificate: certificate.details.clone(),
                secondary_credentials: self.credentials(),
                secondary_settings: SecondarySettings {
                    primary_address: validate::host(Field::PrimaryAddress, &f.primary_address)?,
                    primary_ssl_port: validate::port(Field::SslPort, &f.primary_ssl_port)?,
                    primary_certificate: self.primary.certificate.clone(),
                    dmz: f.dmz,
                    proxy,
                },
            })
        })();
        match (built, issues.is_empty()) {
            (Ok(plan), true) => Ok(plan),
            (Ok(_), false) => Err(issues),
            (Err(e), true) => Err(vec![Issue::field(input_of(e.field), e)]),
            (Err(_), false) => Err(issues),
        }
    }
}

impl Wizard {
    /// Issues of the steps "register only" needs (group, server, certificate, connection).
    fn registration_issues(&self) -> Vec<Issue> {
        [
            Step::Group,
            Step::Server,
            Step::Certificate,
            Step::Connection,
        ]
        .into_iter()
        .flat_map(|s| self.errors_for(s))
        .collect()
    }

    /// The chosen group and a usable certificate, which every plan needs.
    fn group_and_certificate(&self) -> Result<(&GroupNode, &ChosenCertificate), FieldError> {
        let group = self.group().ok_or(FieldError {
            field: Field::Group,
            problem: Problem::Required,
        })?;
        let certificate = self
            .form
            .certificate
            .as_ref()
            .filter(|c| {
                trusted(c) && !(self.register_only && self.register_only_needs_confirmation())
            })
            .ok_or(FieldError {
                field: Field::Certificate,
                problem: Problem::Required,
            })?;
        Ok((group, certificate))
    }

    /// The plan the pre-flight check judges: the whole plan, or in "register on this server
    /// only" the registration.
    pub fn preflight_plan(&self) -> Option<AddSecondaryPlan> {
        if self.register_only {
            self.to_registration().ok().map(|r| r.as_add_plan())
        } else {
            self.to_plan().ok()
        }
    }

    /// The "register only" plan the form stands for (no credentials needed), or every issue of
    /// the steps it depends on.
    pub fn to_registration(&self) -> Result<RegistrationPlan, Vec<Issue>> {
        let issues = self.registration_issues();
        if !issues.is_empty() {
            return Err(issues);
        }
        let f = &self.form;
        let built = (|| -> Result<RegistrationPlan, FieldError> {
            let (group, certificate) = self.group_and_certificate()?;
            Ok(RegistrationPlan {
                group_id: group.id,
                group_name: group.name.clone(),
                display_name: validate::display_name(&f.display_name)?,
                secondary_address: validate::optional_host(
                    Field::SecondaryAddress,
                    &f.secondary_address,
                )?,
                secondary_ssl_port: validate::port(Field::SslPort, &f.ssl_port)?,
                secondary_certificate: certificate.details.clone(),
                dmz: f.dmz,
                primary_address: validate::host(Field::PrimaryAddress, &f.primary_address)?,
                primary_ssl_port: validate::port(Field::SslPort, &f.primary_ssl_port)?,
                primary_certificate: self.primary.certificate.clone(),
            })
        })();
        built.map_err(|e| vec![Issue::field(input_of(e.field), e)])
    }
}

/// Adds the error of a field check, if any.
fn check(out: &mut Vec<Issue>, input: Input, r: Result<(), FieldError>) {
    if let Err(e) = r {
        out.push(Issue::field(input, e));
    }
}

/// The wizard input a validation field belongs to.
fn input_of(field: Field) -> Input {
    match field {
        Field::DisplayName => Input::DisplayName,
        Field::SecondaryAddress => Input::SecondaryAddress,
        Field::PrimaryAddress => Input::PrimaryAddress,
        Field::SslPort => Input::SslPort,
        Field::ApiPort => Input::ApiPort,
        Field::ProxyAddress => Input::ProxyAddress,
        Field::ProxyPort => Input::ProxyPort,
        Field::ProxyUser => Input::ProxyUser,
        Field::User => Input::User,
        Field::Code => Input::Code,
        Field::Certificate => Input::Certificate,
        Field::Group => Input::Group,
    }
}

impl Step {
    fn following(self) -> Option<Step> {
        Step::ALL.get(self.number()).copied()
    }

    fn preceding(self) -> Option<Step> {
        self.number()
            .checked_sub(2)
            .and_then(|i| Step::ALL.get(i))
            .copied()
    }
}

/// Whether the wizard may use the secondary's certificate. A file the admin picked is used as
/// it is, as the wizard always did: the admin of the primary chose it for a secondary they are
/// about to log in to, pinned to it. What the secondary presented over the network counts only
/// once its fingerprint was compared. (On the secondary's own page every source but the server's
/// stored certificate needs the comparison: see [`ChosenCertificate::usable`].)
fn trusted(c: &ChosenCertificate) -> bool {
    c.usable() || matches!(c.source, CertificateSource::File(_))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn groups() -> Vec<GroupNode> {
        let g = |id, name: &str, children| GroupNode {
            id,
            name: name.into(),
            children,
        };
        vec![g(
            0,
            "Managed devices",
            vec![
                g(
                    5,
                    "Branches",
                    vec![g(6, "Berlin", vec![]), g(7, "Paris", vec![])],
                ),
                g(8, "Servers", vec![]),
            ],
        )]
    }

    fn cert() -> CertificateDetails {
        let (details, _, _) =
            crate::cert::generate_server_identity(&["ksc-berlin".to_string()], 365).unwrap();
        details
    }

    fn wizard() -> Wizard {
        Wizard::new(PrimaryContext {
            address: "ksc-hq.corp".into(),
            certificate: vec![0x30, 1, 2],
            groups: groups(),
        })
    }

    /// A wizard filled up to the credentials step, logged in.
    fn filled() -> Wizard {
        let mut w = wizard();
        w.choose_group(6);
        w.set_taken_names(6, vec!["Old Berlin".into()]);
        assert!(w.next());
        w.form.display_name = "Berlin office".into();
        w.form.secondary_address = "ksc-berlin.corp".into();
        assert!(w.next());
        w.set_certificate(
            cert(),
            CertificateSource::File(PathBuf::from("/tmp/klserver.cer")),
        );
        assert!(w.next());
        assert!(w.next());
        w.form.user = "admin".into();
        w.form.password = "pw".into();
        w.login = LoginCheck::Verified;
        assert!(w.next());
        assert_eq!(w.step(), Step::Summary);
        w
    }

    #[test]
    fn starts_with_defaults_and_walks_every_step() {
        let w = wizard();
        assert_eq!(w.step(), Step::Group);
        assert_eq!(w.form.ssl_port, "13000");
        assert_eq!(w.form.api_port, "13299");
        assert_eq!(w.form.primary_address, "ksc-hq.corp");
        assert!(!w.can_advance() && !w.can_go_back() && !w.is_dirty());
        let w = filled();
        assert!(w.can_advance());
        assert!(w.is_dirty());
    }

    #[test]
    fn next_is_refused_until_the_step_is_valid_and_then_shows_messages() {
        let mut w = wizard();
        assert!(w.visible_errors(Step::Group).is_empty());
        assert!(!w.next());
        assert_eq!(w.step(), Step::Group);
        assert_eq!(
            w.error_at(Input::Group).as_deref(),
            Some("Choose the group where the secondary server will appear")
        );
        w.choose_group(8);
        assert_eq!(w.group().unwrap().name, "Servers");
        // The names of the group are not known yet: the server step waits for them.
        assert!(w.next());
        w.form.display_name = "X".into();
        assert!(!w.can_advance());
        w.set_taken_names(8, vec![]);
        assert!(w.can_advance());
    }

    #[test]
    fn display_name_must_be_unique_in_the_group() {
        let mut w = wizard();
        w.choose_group(6);
        w.set_taken_names(6, vec!["Old Berlin".into()]);
        w.next();
        w.form.display_name = "  old berlin ".into();
        w.touch(Input::DisplayName);
        assert_eq!(
            w.error_at(Input::DisplayName).as_deref(),
            Some("A secondary server with this name already exists in the group")
        );
        // Names of another group do not count, and a stale answer is ignored.
        w.go_to(Step::Group);
        w.choose_group(7);
        w.set_taken_names(6, vec!["Other".into()]);
        assert!(!w.names_known());
        w.set_taken_names(7, vec![]);
        w.next();
        assert!(w.error_at(Input::DisplayName).is_none());
    }

    #[test]
    fn dmz_makes_the_address_required() {
        let mut w = wizard();
        w.choose_group(6);
        w.set_taken_names(6, vec![]);
        w.next();
        w.form.display_name = "Berlin".into();
        assert!(w.can_advance(), "the address is optional without DMZ");
        w.form.dmz = true;
        w.touch(Input::SecondaryAddress);
        assert!(!w.can_advance());
        assert!(w.error_at(Input::SecondaryAddress).unwrap().contains("DMZ"),);
        w.form.secondary_address = "https://x".into();
        assert!(
            w.error_at(Input::SecondaryAddress)
                .unwrap()
                .contains("without http://")
        );
        w.form.secondary_address = "10.0.0.9".into();
        w.form.ssl_port = "70000".into();
        w.touch(Input::SslPort);
        assert_eq!(
            w.error_at(Input::SslPort).as_deref(),
            Some("Enter a port number from 1 to 65535")
        );
        w.form.ssl_port = "13000".into();
        assert!(w.can_advance());
        assert_eq!(w.fetch_target(), Some(("10.0.0.9".into(), 13000)));
    }

    #[test]
    fn fetched_certificate_needs_confirmation() {
        let mut w = wizard();
        w.choose_group(6);
        w.set_taken_names(6, vec![]);
        w.next();
        w.form.display_name = "Berlin".into();
        w.next();
        assert_eq!(w.step(), Step::Certificate);
        assert!(!w.can_advance());
        w.set_certificate(
            cert(),
            CertificateSource::Fetched {
                host: "ksc-berlin".into(),
                port: 13000,
            },
        );
        assert!(!w.can_advance());
        assert!(w.error_at(Input::Certificate).unwrap().contains("confirm"));
        w.confirm_certificate(true);
        assert!(w.can_advance());
    }

    #[test]
    fn a_remembered_proxy_is_prefilled_and_its_password_only_for_the_same_key() {
        let mut w = wizard();
        assert_eq!(w.proxy_password_key(), None);
        w.prefill_proxy(&ProxySettings {
            address: "proxy.corp".into(),
            port: 8080,
            user: "branch".into(),
        });
        assert!(!w.is_dirty(), "prefilled is not typed");
        assert!(!w.form.use_proxy);
        assert_eq!(w.proxy_settings(), None, "not used until ticked");
        let key = w.proxy_password_key().unwrap();
        assert_eq!(key, SecretKey::proxy("proxy.corp", 8080, "branch"));
        // An answer for another proxy (the user was changed meanwhile) is ignored.
        let other = SecretKey::proxy("proxy.corp", 8080, "someone-else");
        assert!(!w.prefill_proxy_password(&other, Secret::new("x")));
        assert!(w.prefill_proxy_password(&key, Secret::new("kept")));
        assert_eq!(w.form.proxy_password.expose(), "kept");
        assert!(!w.is_dirty());
        // A password typed meanwhile wins.
        w.form.proxy_password = Secret::new("typed");
        assert!(!w.prefill_proxy_password(&key, Secret::new("kept")));
        assert_eq!(w.form.proxy_password.expose(), "typed");
        w.form.use_proxy = true;
        assert_eq!(
            w.proxy_settings(),
            Some(ProxySettings {
                address: "proxy.corp".into(),
                port: 8080,
                user: "branch".into(),
            })
        );
    }

    #[test]
    fn proxy_fields_are_checked_only_when_used() {
        let mut w = filled();
        w.go_to(Step::Connection);
        assert!(w.can_advance());
        w.form.use_proxy = true;
        w.form.proxy_address = "proxy corp".into();
        w.touch(Input::ProxyAddress);
        assert!(!w.can_advance());
        assert!(w.error_at(Input::ProxyAddress).is_some());
        w.form.proxy_address = "proxy.corp".into();
        w.form.proxy_password = "p".into();
        assert!(w.errors_for(Step::Connection)[0].input == Input::ProxyUser);
        w.form.proxy_user = "branch".into();
        assert!(w.can_advance());
        let plan = w.to_plan().unwrap();
        let proxy = plan.secondary_settings.proxy.unwrap();
        assert_eq!(proxy.location(), "proxy.corp:3128");
        assert_eq!(proxy.password.expose(), "p");
    }

    #[test]
    fn credentials_need_a_login_and_a_code_when_asked() {
        let mut w = filled();
        w.go_to(Step::Credentials);
        w.form.password = "other".into();
        w.credentials_changed();
        assert!(!w.can_advance());
        w.login = LoginCheck::CodeRequired { length: 6 };
        w.form.code = "12345".into();
        assert!(
            w.errors_for(Step::Credentials)
                .iter()
                .any(|i| i.input == Input::Code && i.message == "Enter the 6-digit code")
        );
        // A refused code: the emptied field says so, not merely "enter the code"; Next stays
        // disabled.
        w.login = LoginCheck::WrongCode { length: 6 };
        w.form.code = Secret::default();
        assert_eq!(
            w.error_at(Input::Code).as_deref(),
            Some("The secondary refused the last code; type the current one")
        );
        assert!(!w.can_advance());
        w.form.code = "12345".into();
        assert_eq!(
            w.error_at(Input::Code).as_deref(),
            Some("Enter the 6-digit code")
        );
        w.login = LoginCheck::TwoFactorNotConfigured;
        assert!(w.error_at(Input::Login).unwrap().contains("not set up"));
        w.login = LoginCheck::Verified;
        assert!(w.can_advance());
        // Without an address there is nothing to log in to.
        w.form.secondary_address.clear();
        assert!(w.error_at(Input::Login).unwrap().contains("address"));
        assert_eq!(w.login_target(), None);
    }

    #[test]
    fn the_plan_carries_what_was_typed() {
        let mut w = filled();
        w.form.internal = false;
        w.form.domain = " CORP ".into();
        let plan = w.to_plan().unwrap();
        assert_eq!(plan.group_id, 6);
        assert_eq!(plan.group_name, "Berlin");
        assert_eq!(plan.display_name, "Berlin office");
        assert_eq!(plan.secondary_address.as_deref(), Some("ksc-berlin.corp"));
        assert_eq!(
            (plan.secondary_ssl_port, plan.secondary_api_port),
            (13000, 13299)
        );
        assert_eq!(plan.secondary_credentials.domain, "CORP");
        assert!(!plan.secondary_credentials.internal);
        assert_eq!(plan.secondary_settings.primary_address, "ksc-hq.corp");
        assert_eq!(
            plan.secondary_settings.primary_certificate,
            vec![0x30, 1, 2]
        );
        assert!(plan.net_address().is_empty());
        let dry = plan.dry_run();
        assert!(dry.on_primary.iter().any(|p| p.value == "Berlin office"));
    }

    /// A wizard at the credentials step with the steps before it complete, not logged in.
    fn at_credentials(address: &str, dmz: bool) -> Wizard {
        let mut w = wizard();
        w.choose_group(6);
        w.set_taken_names(6, vec![]);
        assert!(w.next());
        w.form.display_name = "Berlin office".into();
        w.form.secondary_address = address.into();
        w.form.dmz = dmz;
        assert!(w.next());
        w.set_certificate(
            cert(),
            CertificateSource::File(PathBuf::from("/media/a/KSC/klserver.cer")),
        );
        assert!(w.next());
        w.form.primary_ssl_port = "13001".into();
        assert!(w.next());
        assert_eq!(w.step(), Step::Credentials);
        w
    }

    #[test]
    fn register_only_is_offered_only_when_the_secondary_cannot_be_logged_in_to() {
        // With an address, not checked yet or logged in: the normal path only.
        let mut w = at_credentials("ksc-berlin.corp", false);
        assert!(!w.can_register_only());
        w.login = LoginCheck::Checking;
        assert!(!w.can_register_only());
        w.login = LoginCheck::CodeRequired { length: 6 };
        assert!(!w.can_register_only());
        w.login = LoginCheck::Verified;
        assert!(!w.can_register_only());
        assert!(!w.choose_register_only());
        assert_eq!(w.step(), Step::Credentials);
        // Unreachable, or two-step verification required but not set up: offered.
        w.login = LoginCheck::Failed("connection refused".into());
        assert!(w.can_register_only());
        w.login = LoginCheck::TwoFactorNotConfigured;
        assert!(w.can_register_only());
        // No address given: offered without any login.
        let w = at_credentials("", false);
        assert_eq!(w.login, LoginCheck::NotChecked);
        assert!(w.can_register_only());
        // Not on another step, nor with an earlier step incomplete.
        let mut w = at_credentials("", false);
        w.go_to(Step::Connection);
        assert!(!w.can_register_only());
        let mut w = at_credentials("", false);
        w.form.primary_address.clear();
        assert!(!w.can_register_only());
    }

    #[test]
    fn register_only_walks_summary_finish_result_and_back_leaves_it() {
        let mut w = at_credentials("", false);
        assert!(!w.can_advance(), "the normal path needs a login");
        // A certificate from a file, checked by no login: compared first.
        assert!(w.register_only_needs_confirmation());
        assert!(!w.choose_register_only());
        w.confirm_certificate(true);
        assert!(w.choose_register_only());
        assert!(w.is_register_only());
        assert_eq!(w.step(), Step::Summary);
        assert!(w.can_advance(), "no credentials needed");
        assert!(w.can_go_back());
        // Back returns to the credentials step on the normal path.
        assert!(w.back());
        assert_eq!(w.step(), Step::Credentials);
        assert!(!w.is_register_only());
        assert!(!w.can_advance());
        // A later login that works leads to the normal summary.
        w.form.secondary_address = "ksc-berlin.corp".into();
        w.form.user = "admin".into();
        w.login = LoginCheck::Verified;
        assert!(!w.can_register_only());
        assert!(w.next());
        assert_eq!(w.step(), Step::Summary);
        assert!(!w.is_register_only());
        // "Change" on the summary to an earlier step leaves register-only too.
        let mut w = at_credentials("", false);
        w.confirm_certificate(true);
        assert!(w.choose_register_only());
        assert!(w.go_to(Step::Server));
        assert!(!w.is_register_only());
        // Finish and Result, with nothing to go back to.
        let mut w = at_credentials("", false);
        w.confirm_certificate(true);
        assert!(w.choose_register_only());
        assert!(w.next());
        assert_eq!(w.step(), Step::Finish);
        assert!(w.is_register_only());
        assert!(!w.can_go_back() && !w.can_advance());
        // A failed run may return to the summary, still registering only.
        assert!(w.go_to(Step::Summary));
        assert!(w.is_register_only());
        assert!(w.next());
        w.finished();
        assert_eq!(w.step(), Step::Result);
        assert!(w.is_register_only());
    }

    #[test]
    fn the_registration_plan_holds_the_primary_half_and_the_secondary_admins_steps() {
        let mut w = at_credentials("", false);
        assert!(w.to_plan().is_err(), "no user for the full plan");
        w.confirm_certificate(true);
        assert!(w.choose_register_only());
        let plan = w.to_registration().unwrap();
        assert_eq!(plan.group_id, 6);
        assert_eq!(plan.group_name, "Berlin");
        assert_eq!(plan.display_name, "Berlin office");
        assert_eq!(plan.secondary_address, None);
        assert!(!plan.dmz);
        assert_eq!(plan.net_address(), "");
        assert_eq!(
            (plan.primary_address.as_str(), plan.primary_ssl_port),
            ("ksc-hq.corp", 13001)
        );
        let writes = plan.on_primary();
        let names: Vec<_> = writes.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "wstrDisplName",
                "nGroupId",
                "pCertificate",
                "wstrNetAddress"
            ]
        );
        assert_eq!(writes[2].value, cert_of(&w).sha256_colon());
        let steps = plan.secondary_admin_steps();
        assert_eq!(steps.len(), 4);
        assert!(steps[0].contains("secondary in the hierarchy"), "{steps:?}");
        assert!(steps[1].contains("ksc-hq.corp") && steps[1].contains("13001"));
        let primary_fp = crate::tls::Pin::of_der(&[0x30, 1, 2]).colon_hex();
        assert!(steps[2].contains(&primary_fp), "{steps:?}");
        assert!(steps[3].starts_with("Save."));
        // The same registration as the full plan's primary half.
        w.form.user = "admin".into();
        w.form.secondary_address = "ksc-berlin.corp".into();
        w.login = LoginCheck::Verified;
        let full = w.to_plan().unwrap();
        assert_eq!(full.dry_run().on_primary, plan.on_primary());
    }

    #[test]
    fn a_dmz_registration_carries_the_net_address_and_asks_for_the_dmz_box() {
        let mut w = at_credentials("10.0.0.9", true);
        w.login = LoginCheck::TwoFactorNotConfigured;
        assert!(w.choose_register_only());
        let plan = w.to_registration().unwrap();
        assert!(plan.dmz);
        assert_eq!(plan.net_address(), "http://10.0.0.9:13000");
        assert!(
            plan.on_primary()
                .iter()
                .any(|p| p.value == "http://10.0.0.9:13000")
        );
        let steps = plan.secondary_admin_steps();
        assert_eq!(steps.len(), 5);
        assert!(steps[3].contains("DMZ"), "{steps:?}");
        assert!(steps[4].contains("This server then connects"), "{steps:?}");
        // An incomplete form is reported, not planned.
        w.form.display_name.clear();
        assert!(!w.can_advance());
        assert!(w.to_registration().is_err());
    }

    fn cert_of(w: &Wizard) -> CertificateDetails {
        w.form.certificate.as_ref().unwrap().details.clone()
    }

    #[test]
    fn back_keeps_everything_and_stops_at_the_ends() {
        let mut w = filled();
        let form = w.form.clone();
        while w.back() {}
        assert_eq!(w.step(), Step::Group);
        assert_eq!(w.form, form);
        for _ in 0..5 {
            assert!(w.next());
        }
        assert_eq!(w.step(), Step::Summary);
        assert!(w.next());
        assert_eq!(w.step(), Step::Finish);
        assert!(!w.can_go_back() && !w.next());
        w.finished();
        assert_eq!(w.step(), Step::Result);
    }

    #[test]
    fn group_search_keeps_the_path_to_matches() {
        let mut w = wizard();
        w.form.group_filter = "ber".into();
        let names: Vec<_> = w
            .visible_groups()
            .iter()
            .map(|(d, g)| format!("{d}{}", g.name))
            .collect();
        assert_eq!(names, ["0Managed devices", "1Branches", "2Berlin"]);
        w.form.group_filter.clear();
        assert_eq!(w.visible_groups().len(), 5);
        w.form.group_filter = "nothing".into();
        assert!(w.visible_groups().is_empty());
    }

    #[test]
    fn step_numbers_and_neighbours() {
        assert_eq!(Step::Group.number(), 1);
        assert_eq!(Step::Result.number(), 8);
        assert_eq!(Step::Group.preceding(), None);
        assert_eq!(Step::Server.preceding(), Some(Step::Group));
        assert_eq!(Step::Result.following(), None);
    }

    #[test]
    fn a_known_secondary_and_primary_port_are_prefilled_not_typed_and_editable() {
        let mut w = wizard();
        w.prefill_primary("127.0.0.1", 40100);
        w.prefill_secondary(&KnownSecondary {
            address: "127.0.0.1".into(),
            ssl_port: 40200,
            api_port: 40201,
            user: "admin".into(),
            password: Secret::new("pw".to_string()),
            internal: true,
        });
        let f = &w.form;
        assert_eq!(
            (
                f.secondary_address.as_str(),
                f.ssl_port.as_str(),
                f.api_port.as_str(),
                f.user.as_str(),
                f.password.expose(),
                f.primary_address.as_str(),
                f.primary_ssl_port.as_str(),
            ),
            (
                "127.0.0.1",
                "40200",
                "40201",
                "admin",
                "pw",
                "127.0.0.1",
                "40100"
            )
        );
        assert!(f.display_name.is_empty(), "the name is the admin's choice");
        assert!(!w.is_dirty(), "prefilled is not typed");
        assert_eq!(w.fetch_target(), Some(("127.0.0.1".to_string(), 40200)));
        assert_eq!(w.login, LoginCheck::NotChecked);
        w.form.api_port = "13299".into();
        assert!(w.is_dirty(), "a change of a prefilled value is typed");
    }
}
