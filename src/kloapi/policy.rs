//! `Policy`: the policies of an administration group (KSC Open API reference, class `Policy`,
//! and the `KLPOL_*` attribute list). A secondary receives its primary's policies into its
//! "Primary server" group, marked inherited.

use time::OffsetDateTime;

use super::client::KscClient;
use super::error::KscError;
use super::read::{opt_bool, opt_datetime, opt_i32, opt_str, params_list, req_i32};
use crate::wire::{DecodeError, Params};

/// A policy (`KLPOL_*`).
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyInfo {
    /// `KLPOL_ID`.
    pub id: i32,
    /// `KLPOL_DN`: display name.
    pub display_name: String,
    /// `KLPOL_PRODUCT`, e.g. `KES`.
    pub product: Option<String>,
    /// `KLPOL_VERSION`.
    pub version: Option<String>,
    /// `KLPOL_GROUP_ID`.
    pub group_id: Option<i32>,
    /// `KLPOL_ACTIVE`.
    pub active: bool,
    /// `KLPOL_ROAMING`: out-of-office policy.
    pub roaming: bool,
    /// `KLPOL_INHERITED`: comes from a parent group or the primary.
    pub inherited: bool,
    /// `KLPOL_HIDE_ON_SLAVES`: not sent to secondaries.
    pub hide_on_slaves: bool,
    /// `KLPOL_CREATED`.
    pub created: Option<OffsetDateTime>,
    /// `KLPOL_MODIFIED`.
    pub modified: Option<OffsetDateTime>,
    /// Every attribute as returned.
    pub raw: Params,
}

impl PolicyInfo {
    /// Reads one `KLPOL_*` record; only the id is required.
    pub fn from_params(p: &Params, path: &str) -> Result<Self, DecodeError> {
        Ok(Self {
            id: req_i32(p, path, "KLPOL_ID")?,
            display_name: opt_str(p, path, "KLPOL_DN")?.unwrap_or_default(),
            product: opt_str(p, path, "KLPOL_PRODUCT")?,
            version: opt_str(p, path, "KLPOL_VERSION")?,
            group_id: opt_i32(p, path, "KLPOL_GROUP_ID")?,
            active: opt_bool(p, path, "KLPOL_ACTIVE")?.unwrap_or(false),
            roaming: opt_bool(p, path, "KLPOL_ROAMING")?.unwrap_or(false),
            inherited: opt_bool(p, path, "KLPOL_INHERITED")?.unwrap_or(false),
            hide_on_slaves: opt_bool(p, path, "KLPOL_HIDE_ON_SLAVES")?.unwrap_or(false),
            created: opt_datetime(p, path, "KLPOL_CREATED")?,
            modified: opt_datetime(p, path, "KLPOL_MODIFIED")?,
            raw: p.clone(),
        })
    }
}

/// The `Policy` class of one server.
#[derive(Clone, Copy, Debug)]
pub struct Policy<'a> {
    client: &'a KscClient,
}

impl<'a> Policy<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `GetPoliciesForGroup`: the policies of `group` (including inherited ones).
    pub async fn get_policies_for_group(&self, group: i32) -> Result<Vec<PolicyInfo>, KscError> {
        self.client
            .call_decoded(
                "Policy.GetPoliciesForGroup",
                &[("nGroupId", group.into())],
                |r| params_list(r.retval_array()?, "PxgRetVal", PolicyInfo::from_params),
            )
            .await
    }

    /// `GetPolicyData`: one policy's attributes.
    pub async fn get_policy_data(&self, id: i32) -> Result<PolicyInfo, KscError> {
        self.client
            .call_decoded("Policy.GetPolicyData", &[("nPolicy", id.into())], |r| {
                PolicyInfo::from_params(&r.retval_params()?, "PxgRetVal")
            })
            .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::client::{Body, parse_body};

    #[test]
    fn policies_decode() {
        let body = br#"{"PxgRetVal":[{"type":"params","value":{"KLPOL_ID":7,"KLPOL_DN":"KES",
            "KLPOL_PRODUCT":"KES","KLPOL_VERSION":"12.0.0.0","KLPOL_GROUP_ID":0,
            "KLPOL_ACTIVE":true,"KLPOL_INHERITED":false,
            "KLPOL_CREATED":{"type":"datetime","value":"2024-01-02T03:04:05Z"}}}]}"#;
        let Body::Reply(r) = parse_body(body).unwrap() else {
            panic!()
        };
        let p = params_list(
            r.retval_array().unwrap(),
            "PxgRetVal",
            PolicyInfo::from_params,
        )
        .unwrap();
        assert_eq!(p[0].id, 7);
        assert!(p[0].active && !p[0].inherited);
        assert_eq!(p[0].product.as_deref(), Some("KES"));
    }
}
