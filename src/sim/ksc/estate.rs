//! A large estate on one primary, as a multinational or an MSP runs it: thousands of
//! administration groups in a deep tree (regions, countries, cities, offices, departments,
//! device teams) and thousands of virtual servers (one per customer). With the registered
//! secondaries of [`super::fleet`] it is what the screens must stay fast with; the tests and the
//! `estate` benchmark seed it through [`SharedState::register_estate`](super::state::SharedState)
//! or the seed's `[estate]` table.
//!
//! Everything is a function of the spec, so two estates of one spec hold the same names in the
//! same places; only the ids depend on what the server held before.

use super::state::SimData;

/// What to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EstateSpec {
    /// Administration groups below "Managed devices", in all.
    pub groups: usize,
    /// Levels of groups below "Managed devices" (at most [`MAX_DEPTH`]).
    pub depth: usize,
    /// Virtual servers, all in "Managed devices".
    pub vservers: usize,
}

/// The deepest tree the generator builds: region, country, city, office, department, devices.
pub const MAX_DEPTH: usize = 6;

impl EstateSpec {
    /// The estate the performance goals are set for: 10,000 groups six deep, 2,000 virtual
    /// servers.
    pub fn large() -> Self {
        Self {
            groups: 10_000,
            depth: MAX_DEPTH,
            vservers: 2_000,
        }
    }
}

const REGIONS: &[&str] = &[
    "EMEA",
    "North America",
    "Asia Pacific",
    "Latin America",
    "Middle East",
];

/// Four countries of each region, in [`REGIONS`]' order; further regions reuse them.
const COUNTRIES: &[&str] = &[
    "Germany",
    "France",
    "United Kingdom",
    "Finland",
    "United States",
    "Canada",
    "Mexico",
    "Puerto Rico",
    "Japan",
    "Australia",
    "Singapore",
    "India",
    "Brazil",
    "Argentina",
    "Chile",
    "Colombia",
    "United Arab Emirates",
    "Saudi Arabia",
    "Qatar",
    "Oman",
];

/// Five cities of each country, in [`COUNTRIES`]' order.
const CITIES: &[&str] = &[
    "Berlin",
    "Munich",
    "Hamburg",
    "Frankfurt",
    "Cologne", //
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Lille", //
    "London",
    "Manchester",
    "Birmingham",
    "Leeds",
    "Glasgow", //
    "Helsinki",
    "Espoo",
    "Tampere",
    "Oulu",
    "Turku", //
    "New York",
    "Chicago",
    "Houston",
    "Seattle",
    "Atlanta", //
    "Toronto",
    "Montreal",
    "Vancouver",
    "Calgary",
    "Ottawa", //
    "Mexico City",
    "Guadalajara",
    "Monterrey",
    "Puebla",
    "Tijuana", //
    "San Juan",
    "Ponce",
    "Mayaguez",
    "Bayamon",
    "Carolina", //
    "Tokyo",
    "Osaka",
    "Nagoya",
    "Sapporo",
    "Fukuoka", //
    "Sydney",
    "Melbourne",
    "Brisbane",
    "Perth",
    "Adelaide", //
    "Jurong",
    "Tampines",
    "Woodlands",
    "Changi",
    "Bedok", //
    "Mumbai",
    "Bengaluru",
    "Delhi",
    "Chennai",
    "Pune", //
    "Sao Paulo",
    "Rio de Janeiro",
    "Curitiba",
    "Recife",
    "Porto Alegre", //
    "Buenos Aires",
    "Cordoba",
    "Rosario",
    "Mendoza",
    "La Plata", //
    "Santiago",
    "Valparaiso",
    "Concepcion",
    "Antofagasta",
    "Temuco", //
    "Bogota",
    "Medellin",
    "Cali",
    "Barranquilla",
    "Cartagena", //
    "Dubai",
    "Abu Dhabi",
    "Sharjah",
    "Ajman",
    "Al Ain", //
    "Riyadh",
    "Jeddah",
    "Dammam",
    "Mecca",
    "Medina", //
    "Doha",
    "Al Wakrah",
    "Al Khor",
    "Lusail",
    "Dukhan", //
    "Muscat",
    "Salalah",
    "Sohar",
    "Nizwa",
    "Sur",
];

const OFFICES: &[&str] = &["Head office", "Branch North", "Branch South", "Warehouse"];

const DEPARTMENTS: &[&str] = &[
    "Finance",
    "Human Resources",
    "IT",
    "Sales",
    "Marketing",
    "Legal",
    "Operations",
    "Support",
];

/// The device groups of a department; their names carry a site number, as asset tags do, so
/// each is unique in the estate and can be searched for.
const DEVICES: &[&str] = &["Workstations", "Laptops", "Servers", "Kiosks"];

/// Children of each node on the levels above the last; the last level takes what is left.
const FAN_OUT: [usize; MAX_DEPTH - 1] = [5, 4, 5, 4, 8];

/// Name parts of the customers an MSP runs a virtual server for.
const CUSTOMER_FIRST: &[&str] = &[
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adventure",
    "Blue Yonder",
    "Coho",
    "Alpine",
    "Wingtip",
    "Proseware",
    "Lucerne",
    "Margie's",
    "Trey",
    "Woodgrove",
    "Humongous",
    "Fourth Coffee",
    "Graphic",
    "Consolidated",
    "Wide World",
];
const CUSTOMER_SECOND: &[&str] = &[
    "Traders",
    "Logistics",
    "Dental",
    "Legal",
    "Bakery",
    "Engineering",
    "Clinic",
    "Motors",
    "Insurance",
    "Hotels",
    "Farms",
    "Foods",
    "Pharmacy",
    "Architects",
    "Accounting",
    "Textiles",
    "Plumbing",
    "Printing",
    "Realty",
    "Security",
    "Airlines",
    "Brewery",
    "Studios",
    "Schools",
    "Shipping",
];

/// The name of the `i`-th node of `level` (1-based) whose parent is the `parent`-th node of the
/// level above, `sibling` being its place among its parent's children.
fn name(level: usize, parent: usize, sibling: usize, i: usize) -> String {
    match level {
        1 => pick(REGIONS, i, "Region"),
        2 => pick(COUNTRIES, parent * FAN_OUT[1] + sibling, "Country"),
        3 => pick(CITIES, parent * FAN_OUT[2] + sibling, "City"),
        4 => pick(OFFICES, sibling, "Site"),
        5 => pick(DEPARTMENTS, sibling, "Department"),
        _ => format!("{} {:05}", DEVICES[sibling % DEVICES.len()], i + 1),
    }
}

/// `list[i]`, or a numbered name past its end (so any size of spec gets unique siblings).
fn pick(list: &[&str], i: usize, fallback: &str) -> String {
    match list.get(i) {
        Some(n) => (*n).to_string(),
        None => format!("{fallback} {}", i + 1),
    }
}

/// The name of the `i`-th virtual server: a customer's name, numbered when the parts run out.
pub fn vserver_name(i: usize) -> String {
    let a = CUSTOMER_FIRST[i % CUSTOMER_FIRST.len()];
    let b = CUSTOMER_SECOND[(i / CUSTOMER_FIRST.len()) % CUSTOMER_SECOND.len()];
    let round = i / (CUSTOMER_FIRST.len() * CUSTOMER_SECOND.len());
    if round == 0 {
        format!("{a} {b}")
    } else {
        format!("{a} {b} {}", round + 1)
    }
}

/// What [`register`] created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EstateIds {
    /// The groups, level by level (the first level first).
    pub groups: Vec<i32>,
    /// The virtual servers.
    pub vservers: Vec<i32>,
}

/// Creates the estate below "Managed devices" of the main server: `spec.groups` groups filled
/// level by level (each level's fan-out from [`FAN_OUT`], the last level taking what is left,
/// spread evenly over its parents), then the virtual servers.
pub fn register(d: &mut SimData, spec: &EstateSpec) -> Result<EstateIds, String> {
    if spec.depth == 0 && spec.groups > 0 {
        return Err("an estate with groups needs a depth of at least 1".into());
    }
    if spec.depth > MAX_DEPTH {
        return Err(format!("an estate is at most {MAX_DEPTH} levels deep"));
    }
    let root = d.server.root_group;
    let mut ids = EstateIds::default();
    let mut parents = vec![root];
    for level in 1..=spec.depth {
        let left = spec.groups - ids.groups.len();
        if left == 0 || parents.is_empty() {
            break;
        }
        let per_parent = if level == spec.depth {
            // The last level: what is left, spread over every parent.
            left.div_ceil(parents.len())
        } else {
            FAN_OUT[level - 1]
        };
        let mut this_level = Vec::new();
        // Round-robin over the parents so that a level cut short still spreads evenly.
        'fill: for sibling in 0..per_parent {
            for (p, parent) in parents.iter().enumerate() {
                if ids.groups.len() == spec.groups {
                    break 'fill;
                }
                let n = name(level, p, sibling, ids.groups.len());
                let id = d
                    .add_group(*parent, &n)
                    .ok_or_else(|| format!("group {n:?}: parent {parent} vanished"))?;
                ids.groups.push(id);
                this_level.push(id);
            }
        }
        parents = this_level;
    }
    if ids.groups.len() < spec.groups {
        return Err(format!(
            "{} groups do not fit in {} levels",
            spec.groups, spec.depth
        ));
    }
    for i in 0..spec.vservers {
        let n = vserver_name(i);
        if d.vserver_by_name(&n).is_some() {
            return Err(format!("virtual server {n:?} exists already"));
        }
        ids.vservers.push(d.add_vserver(&n, root));
    }
    Ok(ids)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_small_estate_fills_every_level_and_names_siblings_apart() {
        let mut d = SimData::empty("KSC", "host");
        let spec = EstateSpec {
            groups: 200,
            depth: 6,
            vservers: 3,
        };
        let ids = register(&mut d, &spec).unwrap();
        assert_eq!(ids.groups.len(), 200);
        assert_eq!(ids.vservers.len(), 3);
        let root = d.server.root_group;
        let regions = d.children(root);
        assert_eq!(regions.len(), 5);
        assert!(regions.iter().any(|g| g.name == "EMEA"));
        for g in d.groups.values().filter(|g| g.vserver == 0) {
            let kids = d.children(g.id);
            let names: std::collections::HashSet<_> = kids.iter().map(|k| &k.name).collect();
            assert_eq!(names.len(), kids.len(), "siblings of {}", g.name);
        }
        assert!(d.vserver_by_name("Contoso Traders").is_some());
    }
}
