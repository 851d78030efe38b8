//! "Register only": the primary's half of a hierarchy on its own, for when this app cannot log
//! in to the secondary.

use super::{
    AddFailure, AddReport, OpError, Partial, Progress, RegisterFailed, Rollback, Stage, Wanted,
    after_register_failed, find_child, look_for_registration, name_taken, registered_in_group,
};
use crate::hierarchy::plan::RegistrationPlan;
use crate::kloapi::KscClient;
use crate::kloapi::host_group::MasterSrvSection;
use crate::kloapi::server_hierarchy::{ChildServer, ServerStatus};
use crate::wire::Params;

/// Runs "register only": the primary registers the secondary (`RegisterServer` with its name,
/// group, certificate and, in DMZ mode, its address); nothing is written on the secondary, whose
/// administrator finishes there. The report lists the secondary as the primary reads it back
/// (Inactive until the secondary connects). Only [`Stage::Register`] is reported.
pub async fn register_only(
    primary: &KscClient,
    plan: &RegistrationPlan,
    replace: Option<i32>,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<AddReport, AddFailure> {
    tracing::info!(
        primary = %primary.endpoint(),
        name = %plan.display_name,
        group = %plan.group_name,
        "registering a secondary server on the primary only"
    );
    progress(Progress::Started(Stage::Register));
    let mut partial = Partial::default();
    let mut unconfirmed = false;
    let registered: Result<(i32, Option<ChildServer>), OpError> = async {
        let der = &plan.secondary_certificate.der;
        // A registration of this certificate with the same name and group (a retry after a
        // lost answer) is used as it is; any other is reported, never doubled.
        let net_address = plan.net_address();
        let wanted = Wanted {
            der,
            group_id: plan.group_id,
            name: &plan.display_name,
            net_address: &net_address,
            replace,
        };
        let mut listed = None;
        if let Some(a) = look_for_registration(primary, &wanted, &mut partial, &mut listed).await? {
            return Ok((a.child.id, Some(a.child)));
        }
        let hierarchy = primary.server_hierarchy();
        let children = registered_in_group(primary, listed, plan.group_id).await?;
        if name_taken(&children, &plan.display_name, None) {
            return Err(OpError::NameTaken {
                name: plan.display_name.clone(),
                group: plan.group_name.clone(),
            });
        }
        let registered = hierarchy
            .register_server(
                &plan.display_name,
                plan.group_id,
                der,
                &plan.net_address(),
                &Params::new(),
            )
            .await;
        let id = match registered {
            Ok(id) => id,
            Err(e) => match after_register_failed(primary, der, &e).await {
                RegisterFailed::Registered(id) => id,
                RegisterFailed::NothingWritten => return Err(e.into()),
                RegisterFailed::Unknown => {
                    unconfirmed = true;
                    return Err(e.into());
                }
            },
        };
        // Read back for the report; the registration stands even when this read fails.
        let child = find_child(primary, plan.group_id, id).await.ok().flatten();
        Ok((id, child))
    }
    .await;
    match registered {
        Ok((id, child)) => {
            tracing::info!(id, name = %plan.display_name, "the secondary server was registered");
            let note = match &partial.replaced {
                Some(old) => crate::fl!(
                    "ops-replaced",
                    old = old.child.id.to_string(),
                    id = id.to_string(),
                    group = plan.group_name.clone()
                ),
                None => crate::fl!(
                    "ops-registered-as",
                    id = id.to_string(),
                    group = plan.group_name.clone()
                ),
            };
            progress(Progress::Finished(Stage::Register, note));
            let child = child.unwrap_or_else(|| ChildServer {
                id,
                display_name: plan.display_name.clone(),
                group_id: Some(plan.group_id),
                address: None,
                instance_id: None,
                status: Some(ServerStatus::Inactive),
                version: None,
                last_connected: None,
                passive: plan.dmz,
                master_address: None,
                host_guid: None,
                certificate: None,
                public_key_hash: None,
            });
            Ok(AddReport {
                secondary_id: id,
                on_primary: plan.on_primary(),
                on_secondary: Vec::new(),
                child,
                section: MasterSrvSection::default(),
            })
        }
        Err(error) => {
            tracing::error!(%error, "registering the secondary server failed");
            let rollback = if unconfirmed {
                partial.unconfirmed_registration = Some(plan.secondary_certificate.der.clone());
                Rollback::Unconfirmed
            } else if partial.replaced.is_some() {
                Rollback::Kept
            } else {
                Rollback::NotNeeded
            };
            Err(AddFailure {
                stage: Stage::Register,
                error,
                partial,
                rollback,
            })
        }
    }
}
