//! The seed of a simulated Autotask tenant, in TOML: the tenant's zone and limits, the API
//! tracking identifiers it accepts, its users and its companies (a few listed by hand, the
//! rest generated deterministically so every run and every machine sees the same tenant).
//!
//! ```toml
//! [tenant]
//! zone_name = "Simulated zone"     # zoneInformation.zoneName
//! ci = 31337                       # zoneInformation.ci (customer database id)
//! request_limit = 10000            # requests per rolling window (ThresholdInformation)
//! window_seconds = 3600            # the rolling window
//! bad_integration_code = "error500" # or "empty401": the two answers reported for a bad code
//!
//! integration_codes = ["SIMULATED0INTEGRATION0CODE0"]
//!
//! [[users]]
//! user_name = "api-user@example.test"
//! secret = "s3cret"
//! api_user = true                 # false: an ordinary (UI) user, which REST refuses
//! can_query_companies = true      # false: a copied security level without Companies access
//!
//! [generate]
//! count = 300                     # generated companies, ids after the listed ones
//! seed = 20240501
//!
//! [[companies]]
//! id = 0
//! name = "Northwind IT Services"
//! type = 1                        # companyType picklist value
//! active = true
//! ```

use std::path::Path;

use serde::Deserialize;

/// The built-in demo tenant (`assets/sim/autotask.toml`).
pub const DEMO: &str = include_str!("../../../assets/sim/autotask.toml");

/// How the tenant answers a valid user and secret with a wrong integration code: third-party
/// clients report both forms, so tests can pick one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BadCodeAnswer {
    /// HTTP 500 `{"errors":["IntegrationCode is invalid."]}`.
    #[default]
    Error500,
    /// HTTP 401 with an empty body.
    Empty401,
}

/// A parsed seed.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// Zone and limits.
    #[serde(default)]
    pub tenant: SeedTenant,
    /// The API tracking identifiers the tenant accepts.
    pub integration_codes: Vec<String>,
    /// Users (resources) that may appear in the auth headers.
    pub users: Vec<SeedUser>,
    /// Companies listed by hand.
    #[serde(default)]
    pub companies: Vec<SeedCompany>,
    /// Generated companies.
    #[serde(default)]
    pub generate: Option<SeedGenerate>,
}

/// Zone and limits of the tenant.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SeedTenant {
    /// `zoneName` of the zone information.
    pub zone_name: String,
    /// `ci` of the zone information.
    pub ci: i64,
    /// Requests allowed per rolling window.
    pub request_limit: u32,
    /// Length of the rolling window in seconds.
    pub window_seconds: u64,
    /// Answer to a wrong integration code.
    pub bad_integration_code: BadCodeAnswer,
}

impl Default for SeedTenant {
    fn default() -> Self {
        Self {
            zone_name: "Simulated zone".to_string(),
            ci: 31337,
            request_limit: 10_000,
            window_seconds: 3600,
            bad_integration_code: BadCodeAnswer::Error500,
        }
    }
}

/// One user of the tenant.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// The user name ("key") sent in `UserName` and `zoneInformation?user=`.
    pub user_name: String,
    /// The secret sent in `Secret`.
    pub secret: String,
    /// Whether the security level is API User (the only level REST accepts).
    #[serde(default = "yes")]
    pub api_user: bool,
    /// Whether the security level may query companies.
    #[serde(default = "yes")]
    pub can_query_companies: bool,
}

// Written by hand so the secret never reaches a log line or a Debug print.
impl std::fmt::Debug for SeedUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeedUser")
            .field("user_name", &self.user_name)
            .field("secret", &"<redacted>")
            .field("api_user", &self.api_user)
            .field("can_query_companies", &self.can_query_companies)
            .finish()
    }
}

fn yes() -> bool {
    true
}

fn customer() -> i64 {
    1
}

/// A company listed by hand.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCompany {
    /// `id`.
    pub id: i64,
    /// `companyName`.
    pub name: String,
    /// `companyType` picklist value (1 Customer, 2 Lead, 3 Prospect, 4 Dead, 6 Cancellation,
    /// 7 Vendor, 8 Partner).
    #[serde(rename = "type", default = "customer")]
    pub company_type: i64,
    /// `isActive`.
    #[serde(default = "yes")]
    pub active: bool,
    /// `city`.
    #[serde(default)]
    pub city: Option<String>,
}

/// How many companies to generate, and from which seed.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedGenerate {
    /// Number of generated companies.
    pub count: usize,
    /// Seed of the deterministic generator.
    #[serde(default)]
    pub seed: u64,
}

/// Why a seed cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The file cannot be read.
    #[error("cannot read the Autotask seed {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML is invalid.
    #[error("the Autotask seed is not valid: {0}")]
    Parse(String),
    /// The content contradicts itself.
    #[error("the Autotask seed is not usable: {0}")]
    Invalid(String),
}

impl Seed {
    /// Parses seed text and checks it.
    pub fn parse(text: &str) -> Result<Self, SeedError> {
        let seed: Seed = toml::from_str(text).map_err(|e| SeedError::Parse(e.to_string()))?;
        seed.check()?;
        Ok(seed)
    }

    /// Reads and parses a seed file.
    pub fn load(path: &Path) -> Result<Self, SeedError> {
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    fn check(&self) -> Result<(), SeedError> {
        if self.users.is_empty() {
            return Err(SeedError::Invalid("at least one user is needed".into()));
        }
        if self.integration_codes.is_empty() {
            return Err(SeedError::Invalid(
                "at least one integration code is needed".into(),
            ));
        }
        if self.tenant.request_limit == 0 || self.tenant.window_seconds == 0 {
            return Err(SeedError::Invalid(
                "request_limit and window_seconds must be positive".into(),
            ));
        }
        let mut names: Vec<String> = self
            .users
            .iter()
            .map(|u| u.user_name.to_lowercase())
            .collect();
        names.sort();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(SeedError::Invalid(format!(
                "user {:?} is listed twice",
                w[0]
            )));
        }
        let mut ids: Vec<i64> = self.companies.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(SeedError::Invalid(format!(
                "company id {} is listed twice",
                w[0]
            )));
        }
        if ids.first().is_some_and(|id| *id < 0) {
            return Err(SeedError::Invalid("company ids are not negative".into()));
        }
        Ok(())
    }

    /// Every company of the tenant: the listed ones, then the generated ones with ids after
    /// the highest listed id.
    pub fn all_companies(&self) -> Vec<SeedCompany> {
        let mut out = self.companies.clone();
        if let Some(g) = &self.generate {
            let first = out.iter().map(|c| c.id).max().map_or(1, |m| m + 1);
            out.extend(generate_companies(g.count, g.seed, first));
        }
        out.sort_by_key(|c| c.id);
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic company names

/// splitmix64: tiny, well mixed and stable forever (a library generator may change its stream).
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SURNAMES: &[&str] = &[
    "Abbott",
    "Baker",
    "Carter",
    "Dalton",
    "Ellison",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ivanov",
    "Jensen",
    "Keller",
    "Lambert",
    "Moreau",
    "Novak",
    "Olsen",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Underwood",
    "Vargas",
    "Weber",
    "Young",
    "Zimmermann",
    "Bergström",
    "Kowalski",
    "O'Brien",
    "Müller",
    "Dubois",
];
const PLACES: &[&str] = &[
    "Northwind",
    "Riverside",
    "Lakeside",
    "Highland",
    "Harbor",
    "Summit",
    "Pinecrest",
    "Oakwood",
    "Silverline",
    "Bluewater",
    "Redstone",
    "Greenfield",
    "Eastgate",
    "Westbrook",
    "Southport",
    "Brightside",
    "Ironbridge",
    "Maple Leaf",
    "Cedar Valley",
    "Stonehill",
];
const TRADES: &[&str] = &[
    "Dental",
    "Logistics",
    "Engineering",
    "Accounting",
    "Legal",
    "Manufacturing",
    "Bakery",
    "Construction",
    "Pharmacy",
    "Architects",
    "Consulting",
    "Insurance",
    "Veterinary Clinic",
    "Printing",
    "Freight",
    "Hotels",
    "Medical Group",
    "Auto Parts",
    "Realty",
    "Textiles",
];
const SUFFIXES: &[&str] = &[
    "Ltd", "Limited", "LLC", "Inc.", "GmbH", "S.A.", "B.V.", "Pty Ltd", "plc", "AG", "& Co.", "",
    "", "",
];
const RU_NAMES: &[&str] = &[
    "Ромашка",
    "Север",
    "Вектор",
    "Гранит",
    "Меридиан",
    "Альфа-Строй",
    "Техносфера",
    "Восток",
];
const CITIES: &[&str] = &[
    "London",
    "Manchester",
    "Berlin",
    "Munich",
    "Paris",
    "Lyon",
    "Madrid",
    "Milan",
    "Amsterdam",
    "Vienna",
    "Warsaw",
    "Prague",
    "Stockholm",
    "Dublin",
    "Boston",
    "Chicago",
    "Denver",
    "Toronto",
    "Sydney",
    "Moscow",
];

/// `count` distinct, realistic company names with types and active flags.
fn generate_companies(count: usize, seed: u64, first_id: i64) -> Vec<SeedCompany> {
    let mut rng = Mix(seed ^ 0x6175_746F_7461_736B);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(count);
    let mut attempts = 0usize;
    while out.len() < count && attempts < count.saturating_mul(50).max(1000) {
        attempts += 1;
        let base = match rng.below(10) {
            0..=2 => format!("{} {}", rng.pick(PLACES), rng.pick(TRADES)),
            3..=4 => format!("{} & {}", rng.pick(SURNAMES), rng.pick(SURNAMES)),
            5..=6 => format!("{} {}", rng.pick(SURNAMES), rng.pick(TRADES)),
            7 => format!(
                "{} {} {}",
                rng.pick(PLACES),
                rng.pick(SURNAMES),
                rng.pick(TRADES)
            ),
            8 => format!("ООО «{}»", rng.pick(RU_NAMES)),
            _ => format!("{} of {}", rng.pick(TRADES), rng.pick(CITIES)),
        };
        let name = if base.starts_with("ООО") {
            base
        } else {
            let suffix = rng.pick(SUFFIXES);
            if suffix.is_empty() {
                base
            } else {
                format!("{base} {suffix}")
            }
        };
        if !seen.insert(name.to_lowercase()) {
            continue;
        }
        // Mostly active customers, as in an MSP's tenant, with the other types mixed in.
        let company_type = match rng.below(100) {
            0..=69 => 1,
            70..=76 => 2,
            77..=86 => 3,
            87..=90 => 4,
            91..=92 => 6,
            93..=97 => 7,
            _ => 8,
        };
        let active = match company_type {
            4 | 6 => rng.below(10) == 0,
            _ => rng.below(100) >= 8,
        };
        out.push(SeedCompany {
            id: first_id + out.len() as i64,
            name,
            company_type,
            active,
            city: Some(rng.pick(CITIES).to_string()),
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_a_secret() {
        let u = SeedUser {
            user_name: "api@example".into(),
            secret: "Sup3r-Secret".into(),
            api_user: true,
            can_query_companies: true,
        };
        let d = format!("{u:?}");
        assert!(
            d.contains("api@example") && !d.contains("Sup3r-Secret"),
            "{d}"
        );
    }

    #[test]
    fn demo_seed_parses_and_generates_the_same_tenant_every_time() {
        let seed = Seed::parse(DEMO).unwrap();
        let a = seed.all_companies();
        let b = Seed::parse(DEMO).unwrap().all_companies();
        assert!(a.len() >= 300, "{}", a.len());
        let names = |v: &[SeedCompany]| v.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        let mut ids: Vec<i64> = a.iter().map(|c| c.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), a.len(), "ids are unique");
        assert!(a.iter().any(|c| c.company_type != 1));
        assert!(a.iter().any(|c| !c.active));
        assert!(seed.users.iter().any(|u| !u.api_user));
    }

    #[test]
    fn contradictions_are_refused() {
        let base = "integration_codes = [\"X\"]\n";
        assert!(matches!(
            Seed::parse(base).unwrap_err(),
            SeedError::Parse(_) | SeedError::Invalid(_)
        ));
        let twice = format!(
            "{base}[[users]]\nuser_name = \"a\"\nsecret = \"b\"\n[[users]]\nuser_name = \"A\"\nsecret = \"c\"\n"
        );
        assert!(matches!(
            Seed::parse(&twice).unwrap_err(),
            SeedError::Invalid(_)
        ));
        let unknown = format!("{base}[[users]]\nuser_name = \"a\"\nsecret = \"b\"\ncolour = 1\n");
        assert!(matches!(
            Seed::parse(&unknown).unwrap_err(),
            SeedError::Parse(_)
        ));
    }
}
