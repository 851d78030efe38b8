//! The answers of the Autotask REST API that the app reads (camelCase on the wire).

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// Reads a string, number or boolean as text (the spec says string; tolerate the others).
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// `zoneInformation?user=`: where the user's tenant lives.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneInformation {
    /// Zone name.
    #[serde(default)]
    pub zone_name: Option<String>,
    /// REST base of the zone (normalised to end in `/`), e.g.
    /// `https://webservices5.autotask.net/ATServicesRest/`.
    pub url: String,
    /// UI base.
    #[serde(default)]
    pub web_url: Option<String>,
    /// Id of the customer database.
    #[serde(default)]
    pub ci: Option<i64>,
}

/// `GET /V1.0/Version`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiVersion {
    /// Major version.
    #[serde(deserialize_with = "lenient_string")]
    pub major_version: String,
    /// Minor version.
    #[serde(deserialize_with = "lenient_string")]
    pub minor_version: String,
    /// Build.
    #[serde(deserialize_with = "lenient_string")]
    pub build: String,
    /// Customer type.
    #[serde(deserialize_with = "lenient_string")]
    pub customer_type: String,
}

/// `GET /V1.0/ThresholdInformation`: the tenant's request budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdInformation {
    /// Requests allowed per timeframe (10,000 in production tenants).
    pub external_request_threshold: u32,
    /// The timeframe in minutes (60).
    pub request_threshold_timeframe: u32,
    /// Requests counted in the current timeframe, including this one.
    pub current_timeframe_request_count: u32,
}

impl ThresholdInformation {
    /// The share of the budget used, 0–100 (rounded down).
    pub fn percent_used(&self) -> u32 {
        if self.external_request_threshold == 0 {
            return 100;
        }
        let p = u64::from(self.current_timeframe_request_count) * 100
            / u64::from(self.external_request_threshold);
        u32::try_from(p.min(100)).unwrap_or(100)
    }
}

/// A security level's access to an operation on an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserAccess {
    /// 0: none.
    None,
    /// 1: all records.
    All,
    /// 2: restricted by the security level.
    Restricted,
    /// A value the documentation does not list.
    Other(i64),
}

impl<'de> Deserialize<'de> for UserAccess {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let n = v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
        Ok(match n {
            Some(0) => UserAccess::None,
            Some(1) => UserAccess::All,
            Some(2) => UserAccess::Restricted,
            Some(other) => UserAccess::Other(other),
            None => UserAccess::Other(-1),
        })
    }
}

impl UserAccess {
    /// Whether any access is granted.
    pub fn allows(self) -> bool {
        matches!(self, UserAccess::All | UserAccess::Restricted)
    }
}

fn no_access() -> UserAccess {
    UserAccess::None
}

/// `GET /V1.0/{Entity}/entityInformation`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityInformation {
    /// Entity name (e.g. "Company").
    #[serde(default)]
    pub name: String,
    /// Whether the entity supports queries at all.
    #[serde(default)]
    pub can_query: bool,
    /// Whether it supports creation.
    #[serde(default)]
    pub can_create: bool,
    /// Whether it supports updates.
    #[serde(default)]
    pub can_update: bool,
    /// Whether it supports deletion.
    #[serde(default)]
    pub can_delete: bool,
    /// This user's access to queries.
    #[serde(default = "no_access")]
    pub user_access_for_query: UserAccess,
    /// This user's access to creation.
    #[serde(default = "no_access")]
    pub user_access_for_create: UserAccess,
    /// This user's access to updates.
    #[serde(default = "no_access")]
    pub user_access_for_update: UserAccess,
    /// This user's access to deletion.
    #[serde(default = "no_access")]
    pub user_access_for_delete: UserAccess,
    /// Whether the entity has user-defined fields.
    #[serde(default)]
    pub has_user_defined_fields: bool,
}

impl EntityInformation {
    /// Whether this user may query the entity.
    pub fn user_can_query(&self) -> bool {
        self.can_query && self.user_access_for_query.allows()
    }
}

/// One value of a picklist field.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PicklistValue {
    /// The stored value (text on the wire, e.g. "1").
    #[serde(deserialize_with = "lenient_string")]
    pub value: String,
    /// What the UI shows.
    #[serde(default)]
    pub label: String,
    /// Whether it is the default.
    #[serde(default)]
    pub is_default_value: bool,
    /// Display order.
    #[serde(default)]
    pub sort_order: i64,
    /// Whether it can still be chosen.
    #[serde(default = "yes")]
    pub is_active: bool,
    /// Whether Autotask defines it.
    #[serde(default)]
    pub is_system: bool,
}

fn yes() -> bool {
    true
}

impl PicklistValue {
    /// The value as a number, for integer picklists such as `companyType`.
    pub fn as_i64(&self) -> Option<i64> {
        self.value.trim().parse().ok()
    }
}

/// One field of `GET /V1.0/{Entity}/entityInformation/fields`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    /// Field name.
    pub name: String,
    /// Data type ("string", "integer", "boolean", "dateTime", …).
    #[serde(default)]
    pub data_type: String,
    /// Maximum length of text fields.
    #[serde(default)]
    pub length: i64,
    /// Whether it is required on create.
    #[serde(default)]
    pub is_required: bool,
    /// Whether it is read-only.
    #[serde(default)]
    pub is_read_only: bool,
    /// Whether it can be used in filters.
    #[serde(default)]
    pub is_queryable: bool,
    /// Whether it references another entity.
    #[serde(default)]
    pub is_reference: bool,
    /// The referenced entity.
    #[serde(default)]
    pub reference_entity_type: Option<String>,
    /// Whether it is a picklist.
    #[serde(default)]
    pub is_pick_list: bool,
    /// The picklist's values.
    #[serde(default)]
    pub picklist_values: Option<Vec<PicklistValue>>,
}

/// A company (Autotask "account"). Only `id` is always present: with `IncludeFields` the other
/// fields may be missing; fields this type does not name are kept in `other`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    /// Id (0 is normally the MSP's own company).
    pub id: i64,
    /// Name.
    #[serde(default)]
    pub company_name: Option<String>,
    /// Number.
    #[serde(default)]
    pub company_number: Option<String>,
    /// `companyType` picklist value (1 is "Customer" in most tenants).
    #[serde(default)]
    pub company_type: Option<i64>,
    /// Whether it is active.
    #[serde(default)]
    pub is_active: Option<bool>,
    /// Parent company.
    #[serde(default, rename = "parentCompanyID")]
    pub parent_company_id: Option<i64>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Web address.
    #[serde(default)]
    pub web_address: Option<String>,
    /// Every other field as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `pageDetails` of a query answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PageDetails {
    /// Items in this page.
    pub count: u64,
    /// Page size asked for.
    pub request_count: u64,
    /// Previous page.
    pub prev_page_url: Option<String>,
    /// Next page (`None` on the last one).
    pub next_page_url: Option<String>,
}

/// A query answer.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QueryPage<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub page_details: PageDetails,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tolerant_reading() {
        let v: ApiVersion =
            serde_json::from_value(json!({"majorVersion": 1, "minorVersion": "0"})).unwrap();
        assert_eq!((v.major_version.as_str(), v.build.as_str()), ("1", ""));
        let c: Company = serde_json::from_value(
            json!({"id": 5, "companyName": "X", "parentCompanyID": 3, "phone": "1"}),
        )
        .unwrap();
        assert_eq!(c.parent_company_id, Some(3));
        assert_eq!(c.other["phone"], "1");
        assert!(serde_json::from_value::<Company>(json!({"companyName": "no id"})).is_err());
        let e: EntityInformation =
            serde_json::from_value(json!({"canQuery": true, "userAccessForQuery": 2})).unwrap();
        assert!(e.user_can_query());
        let e: EntityInformation =
            serde_json::from_value(json!({"canQuery": true, "userAccessForQuery": 0})).unwrap();
        assert!(!e.user_can_query());
        let t = ThresholdInformation {
            external_request_threshold: 10_000,
            request_threshold_timeframe: 60,
            current_timeframe_request_count: 124,
        };
        assert_eq!(t.percent_used(), 1);
    }
}
