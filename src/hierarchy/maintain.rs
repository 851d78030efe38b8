//! Keeping a hierarchy after it is built: renaming a secondary or moving it to another group
//! (`UpdateServer`), re-keying one whose certificate changed, and removing one on both sides.
//! Each has a plan to show before anything is written, and undoes what it wrote when a later
//! step fails. `UpdateServer` can change only the display name and the group (KSC Open API
//! reference, `ServerHierarchy.UpdateServer`): a new certificate means deleting the registration
//! and registering the server again under the same name and group. `DelServer` clears only the
//! primary's side; the secondary's `KLSRV_MASTER_SRV_USE` is cleared as Kaspersky's sample does.

use super::PlannedWrite;
use super::ops::{OpError, Replaced, Rollback, SaveReport, detach, restore_section};
use crate::cert::CertificateDetails;
use crate::kloapi::read::{opt_binary, req_i32};
use crate::kloapi::{ChildServer, KscClient, KscError, MasterSrvSection};
use crate::wire::{Params, srvh};

/// The attributes read before a change, to show it and to undo it.
const FIELDS: &[&str] = &[
    srvh::ID,
    srvh::DN,
    srvh::GROUPID,
    srvh::ADDR,
    srvh::PASSIVE,
    srvh::STATUS,
    srvh::VERSION,
    srvh::CERTIFICATE,
    srvh::PUBLIC_KEY_HASH,
];

/// A secondary as the primary records it now, with the certificate it is registered with.
#[derive(Clone, Debug, PartialEq)]
pub struct Registered {
    /// The record.
    pub child: ChildServer,
    /// Its registered certificate (DER), when the primary returned one.
    pub certificate: Option<Vec<u8>>,
}

/// Reads secondary `id` fresh from the primary.
pub async fn read_registered(primary: &KscClient, id: i32) -> Result<Registered, KscError> {
    let p = primary
        .server_hierarchy()
        .get_server_info(id, FIELDS)
        .await?;
    let decode = |e: crate::wire::DecodeError| {
        primary.decode_error("ServerHierarchy.GetServerInfo", &e.to_string())
    };
    let mut p = p;
    // Some replies leave the id out of the record they were asked for by id.
    if req_i32(&p, "PxgRetVal", srvh::ID).is_err() {
        p.insert(srvh::ID, id);
    }
    let child = ChildServer::from_params(&p, "PxgRetVal").map_err(decode)?;
    let certificate = opt_binary(&p, "PxgRetVal", srvh::CERTIFICATE).map_err(decode)?;
    Ok(Registered { child, certificate })
}

/// A change that did not complete, and what became of what it had written.
#[derive(Debug)]
pub struct MaintainFailure {
    /// Why it stopped.
    pub error: OpError,
    /// What was done about what had been written.
    pub rollback: Rollback,
}

impl std::fmt::Display for MaintainFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error.to_string())?;
        match &self.rollback {
            Rollback::NotNeeded | Rollback::Kept | Rollback::Unconfirmed => Ok(()),
            Rollback::Done(steps) => f.write_str(&crate::fl!(
                "ops-then-rolled-back",
                steps = steps.join("; ")
            )),
            Rollback::Failed(steps) => f.write_str(&crate::fl!(
                "ops-then-rollback-failed",
                steps = steps.join("; ")
            )),
        }
    }
}

impl std::error::Error for MaintainFailure {}

fn failed(error: impl Into<OpError>) -> MaintainFailure {
    MaintainFailure {
        error: error.into(),
        rollback: Rollback::NotNeeded,
    }
}

/// A new display name and/or group for a secondary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// The secondary's id on the primary.
    pub id: i32,
    /// The new display name (`None`: unchanged).
    pub display_name: Option<String>,
    /// The new group's id and name (`None`: unchanged).
    pub group: Option<(i32, String)>,
}

/// What `UpdateServer` will write: only what changes.
pub fn rename_plan(current: &ChildServer, change: &Rename) -> Vec<PlannedWrite> {
    let mut out = Vec::new();
    if let Some(name) = change
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|n| *n != current.display_name)
    {
        out.push(PlannedWrite {
            name: srvh::DN.to_string(),
            label: crate::fl!("maintain-label-name"),
            value: crate::fl!(
                "maintain-from-to",
                from = current.display_name.clone(),
                to = name.to_string()
            ),
        });
    }
    if let Some((id, name)) = change
        .group
        .as_ref()
        .filter(|(id, _)| Some(*id) != current.group_id)
    {
        out.push(PlannedWrite {
            name: srvh::GROUPID.to_string(),
            label: crate::fl!("maintain-label-group"),
            value: crate::fl!(
                "maintain-from-to",
                from = current.group_id.map(|g| g.to_string()).unwrap_or_default(),
                to = format!("{name} (id {id})")
            ),
        });
    }
    out
}

/// Renames and/or moves a secondary with `UpdateServer`, reads it back, and writes the old
/// values again when the read-back differs. Returns what changed, as lines.
pub async fn rename_or_move(
    primary: &KscClient,
    change: &Rename,
) -> Result<Vec<String>, MaintainFailure> {
    let before = read_registered(primary, change.id)
        .await
        .map_err(failed)?
        .child;
    let name = match &change.display_name {
        Some(n) => Some(
            super::validate::display_name(n)
                .map_err(|e| failed(OpError::Invalid(e.to_string())))?,
        ),
        None => None,
    };
    let new_name = name.clone().unwrap_or_else(|| before.display_name.clone());
    let new_group = change
        .group
        .as_ref()
        .map(|(id, _)| *id)
        .or(before.group_id)
        .unwrap_or(0);
    let group_name = change
        .group
        .as_ref()
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let sh = primary.server_hierarchy();
    // The display name must be free in the target group (another server's, not this one's).
    let others = sh.get_child_servers(new_group).await.map_err(failed)?;
    if others
        .iter()
        .any(|c| c.id != change.id && c.display_name.trim().eq_ignore_ascii_case(new_name.trim()))
    {
        return Err(failed(OpError::NameTaken {
            name: new_name,
            group: group_name,
        }));
    }
    let mut info = Params::new();
    if name.as_deref() != Some(before.display_name.as_str()) {
        info.insert(srvh::DN, new_name.as_str());
    }
    if Some(new_group) != before.group_id {
        info.insert(srvh::GROUPID, new_group);
    }
    if info.is_empty() {
        return Ok(Vec::new());
    }
    sh.update_server(change.id, &info).await.map_err(failed)?;
    let after = read_registered(primary, change.id).await;
    let differs = match &after {
        Ok(r) => r.child.display_name != new_name || r.child.group_id != Some(new_group),
        Err(_) => false,
    };
    if differs {
        let found = after.map(|r| r.child).ok();
        let error = OpError::ReadBack {
            name: srvh::DN.to_string(),
            expected: format!("{new_name} / {new_group}"),
            found: found
                .map(|c| format!("{} / {}", c.display_name, c.group_id.unwrap_or_default()))
                .unwrap_or_default(),
        };
        let mut undo = Params::new();
        undo.insert(srvh::DN, before.display_name.as_str());
        undo.insert(srvh::GROUPID, before.group_id.unwrap_or(0));
        let rollback = match sh.update_server(change.id, &undo).await {
            Ok(()) => Rollback::Done(vec![crate::fl!(
                "maintain-restored-name",
                name = before.display_name.clone()
            )]),
            Err(e) => Rollback::Failed(vec![e.to_string()]),
        };
        return Err(MaintainFailure { error, rollback });
    }
    let mut lines = Vec::new();
    if info.get(srvh::DN).is_some() {
        lines.push(crate::fl!(
            "maintain-renamed",
            from = before.display_name.clone(),
            to = new_name.clone()
        ));
    }
    if info.get(srvh::GROUPID).is_some() {
        lines.push(crate::fl!(
            "maintain-moved",
            name = new_name,
            group = group_name
        ));
    }
    Ok(lines)
}

/// What a re-key did.
#[derive(Clone, Debug, PartialEq)]
pub struct Rekeyed {
    /// The registration that was replaced.
    pub old_id: i32,
    /// The new registration, same name and group.
    pub new_id: i32,
    /// SHA-256 of the certificate it was registered with.
    pub old_sha256: String,
    /// SHA-256 of the certificate it is registered with now.
    pub new_sha256: String,
}

/// What a re-key will do, for the admin to read first.
pub fn rekey_plan(current: &Registered, new: &CertificateDetails) -> Vec<PlannedWrite> {
    let old = current
        .certificate
        .as_deref()
        .map(crate::cert::fingerprint)
        .unwrap_or_default();
    vec![
        PlannedWrite {
            name: "ServerHierarchy.DelServer".into(),
            label: crate::fl!("maintain-label-delete"),
            value: crate::fl!(
                "maintain-rekey-delete",
                id = current.child.id,
                fingerprint = old
            ),
        },
        PlannedWrite {
            name: "ServerHierarchy.RegisterServer".into(),
            label: crate::fl!("maintain-label-register"),
            value: crate::fl!(
                "maintain-rekey-register",
                name = current.child.display_name.clone(),
                fingerprint = new.sha256_colon()
            ),
        },
    ]
}

/// Registers secondary `id` again with `new` (the certificate it presents now, confirmed by
/// the admin), under the same name, group and DMZ address. When the new registration fails,
/// the old one is registered again as it was.
pub async fn rekey(
    primary: &KscClient,
    id: i32,
    new: &CertificateDetails,
) -> Result<Rekeyed, MaintainFailure> {
    let current = read_registered(primary, id).await.map_err(failed)?;
    let Some(old_cert) = current.certificate.clone() else {
        return Err(failed(OpError::RegistrationGone(id)));
    };
    let old_sha256 = crate::cert::fingerprint(&old_cert);
    if crate::cert::md5_hex_of(&old_cert) == new.md5_hex() {
        return Ok(Rekeyed {
            old_id: id,
            new_id: id,
            old_sha256: old_sha256.clone(),
            new_sha256: old_sha256,
        });
    }
    // A certificate can be registered only once: another registration of the new one must be
    // dealt with first.
    if let Some(other) = super::on_primary::find_on_primary(primary, &new.der)
        .await
        .map_err(failed)?
    {
        return Err(failed(OpError::AlreadyRegistered {
            name: other.display_name,
            id: other.id,
            group: other.group_id.map(|g| g.to_string()).unwrap_or_default(),
        }));
    }
    let sh = primary.server_hierarchy();
    sh.del_server(id).await.map_err(failed)?;
    let address = super::ops::registration_address(&current.child);
    match sh
        .register_server(
            &current.child.display_name,
            current.child.group_id.unwrap_or(0),
            &new.der,
            &address,
            &Params::new(),
        )
        .await
    {
        Ok(new_id) => Ok(Rekeyed {
            old_id: id,
            new_id,
            old_sha256,
            new_sha256: new.sha256_colon(),
        }),
        Err(e) => {
            let old = Replaced {
                child: current.child.clone(),
                certificate: old_cert,
            };
            let rollback = match super::ops::restore_replaced(primary, &old).await {
                Ok(again) => Rollback::Done(vec![crate::fl!(
                    "ops-restored-replaced",
                    name = current.child.display_name.clone(),
                    id = again.to_string()
                )]),
                Err(e2) => Rollback::Failed(vec![crate::fl!(
                    "maintain-restore-failed",
                    name = current.child.display_name.clone(),
                    error = e2.to_string()
                )]),
            };
            Err(MaintainFailure {
                error: OpError::Ksc(e),
                rollback,
            })
        }
    }
}

/// What removing on both sides did.
#[derive(Clone, Debug)]
pub struct Removed {
    /// The registration deleted on the primary.
    pub id: i32,
    /// Its display name.
    pub name: String,
    /// The secondary's own side: cleared (and how), left because it names another primary, or
    /// not reached (then [`Removed::admin_note`] says what its administrator must do).
    pub secondary: SecondarySide,
}

/// The secondary's side of a removal.
#[derive(Clone, Debug)]
pub enum SecondarySide {
    /// `KLSRV_MASTER_SRV_USE` cleared.
    Cleared(Box<SaveReport>),
    /// Its settings name another primary: left as they are.
    OtherPrimary(String),
    /// It could not be reached (the reason).
    NotReached(String),
}

impl Removed {
    /// What the secondary's administrator must do when the app could not: a note to hand over.
    pub fn admin_note(&self, primary: &str) -> Option<String> {
        match &self.secondary {
            SecondarySide::NotReached(why) => Some(crate::fl!(
                "maintain-admin-note",
                name = self.name.clone(),
                primary = primary.to_string(),
                why = why.clone()
            )),
            _ => None,
        }
    }
}

/// What removal will do.
pub fn remove_plan(current: &Registered, reached: bool) -> Vec<PlannedWrite> {
    let mut out = Vec::new();
    if reached {
        out.push(PlannedWrite {
            name: crate::wire::master_srv::USE.to_string(),
            label: crate::fl!("maintain-label-secondary-side"),
            value: crate::fl!("maintain-remove-secondary-side"),
        });
    }
    out.push(PlannedWrite {
        name: "ServerHierarchy.DelServer".into(),
        label: crate::fl!("maintain-label-delete"),
        value: crate::fl!(
            "maintain-remove-delete",
            name = current.child.display_name.clone(),
            id = current.child.id
        ),
    });
    out
}

/// Removes secondary `id` on both sides: first its own side through `secondary` (a session on
/// it, directly or through the primary's gateway) when its settings name this primary, then
/// the registration with `DelServer`. When `DelServer` fails after the secondary's side was
/// cleared, that side is written back.
pub async fn remove_both_sides(
    primary: &KscClient,
    id: i32,
    secondary: Result<&KscClient, String>,
) -> Result<Removed, MaintainFailure> {
    let current = read_registered(primary, id).await.map_err(failed)?;
    let client = secondary.as_ref().ok().copied();
    let primary_cert = primary
        .host_group()
        .server_certificate()
        .await
        .map_err(failed)?;
    let primary_pin = crate::tls::Pin::of_der(
        &crate::cert::parse_certificate(&primary_cert).map_or(primary_cert.clone(), |d| d.der),
    );
    let mut cleared: Option<(MasterSrvSection, SaveReport)> = None;
    let side = match secondary {
        Err(why) => SecondarySide::NotReached(why),
        Ok(client) => {
            let section = read_section(client).await;
            match section {
                Err(e) => SecondarySide::NotReached(e.to_string()),
                Ok(section) => {
                    let ours = section.use_master
                        && section.ssl_cert.as_deref().map(|c| {
                            crate::tls::Pin::of_der(
                                &crate::cert::parse_certificate(c).map_or(c.to_vec(), |d| d.der),
                            )
                        }) == Some(primary_pin);
                    if section.use_master && !ours {
                        SecondarySide::OtherPrimary(section.address.clone().unwrap_or_default())
                    } else if !section.use_master {
                        SecondarySide::OtherPrimary(String::new())
                    } else {
                        let report = detach(client).await.map_err(|e| MaintainFailure {
                            error: e,
                            rollback: Rollback::NotNeeded,
                        })?;
                        cleared = Some((section, report.clone()));
                        SecondarySide::Cleared(Box::new(report))
                    }
                }
            }
        }
    };
    if let Err(e) = primary.server_hierarchy().del_server(id).await {
        let rollback = match (&cleared, client) {
            (Some((section, _)), Some(client)) => match restore_section(client, section).await {
                Ok(_) => Rollback::Done(vec![crate::fl!("maintain-restored-secondary-side")]),
                Err(e2) => Rollback::Failed(vec![e2.to_string()]),
            },
            _ => Rollback::NotNeeded,
        };
        return Err(MaintainFailure {
            error: OpError::Ksc(e),
            rollback,
        });
    }
    Ok(Removed {
        id,
        name: current.child.display_name,
        secondary: side,
    })
}

async fn read_section(client: &KscClient) -> Result<MasterSrvSection, KscError> {
    let hg = client.host_group();
    let host = hg.server_hostname().await?;
    hg.read_master_srv(&host).await
}

/// The session on the server that holds the registration at `path` (the ids from the top-level
/// primary down): the top-level primary itself for one of its secondaries, else a gateway
/// session on the registration's own primary, opened through the hierarchy.
pub async fn primary_of(top: &KscClient, path: &[i32]) -> Result<KscClient, KscError> {
    match path.split_last() {
        Some((_, [])) | None => Ok(top.clone()),
        Some((_, parents)) => crate::kloapi::connect_through(top, parents).await,
    }
}

/// A session on the secondary at `path` itself, through the hierarchy (its Open API port need
/// not be reachable from here); the reason in words when it cannot be opened.
pub async fn reach(top: &KscClient, path: &[i32]) -> Result<KscClient, String> {
    crate::kloapi::connect_through(top, path)
        .await
        .map_err(|e| e.to_string())
}

/// Every group of a tree as (id, path of names from the root), depth first, for a picker.
pub fn group_choices(tree: &crate::kloapi::GroupNode) -> Vec<(i32, String)> {
    fn walk(node: &crate::kloapi::GroupNode, prefix: &str, out: &mut Vec<(i32, String)>) {
        let path = if prefix.is_empty() {
            node.name.clone()
        } else {
            format!("{prefix}/{}", node.name)
        };
        out.push((node.id, path.clone()));
        for child in &node.children {
            walk(child, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(tree, "", &mut out);
    out
}

/// The groups of the server that holds the registration at `path`.
pub async fn groups_of(top: &KscClient, path: &[i32]) -> Result<Vec<(i32, String)>, KscError> {
    let primary = primary_of(top, path).await?;
    let tree = primary.host_group().group_tree().await?;
    Ok(group_choices(&tree))
}

/// `HOST:PORT` of a secondary's SSL port, or why it is not one.
pub fn ssl_address(address: &str) -> Result<(String, u16), String> {
    let address = address.trim();
    let (host, port) = crate::net::split_host_port(address);
    match port.parse::<u16>() {
        Ok(port) if !host.is_empty() => Ok((host, port)),
        _ => Err(crate::fl!(
            "cli-secondary-fetch-port",
            at = address.to_string()
        )),
    }
}

/// The certificate the secondary at `path` presents now: from its SSL port at `address`
/// (`HOST:PORT`) when given, else asked through the hierarchy (which works only while it is
/// connected to its primary).
pub async fn presented_certificate(
    top: &KscClient,
    path: &[i32],
    address: &str,
) -> Result<CertificateDetails, String> {
    let address = address.trim();
    if !address.is_empty() {
        let (host, port) = ssl_address(address)?;
        let presented = crate::tls::fetch_presented_certificate(
            &host,
            port,
            None,
            std::time::Duration::from_secs(8),
        )
        .await
        .map_err(|e| format!("{address}: {e}"))?;
        return crate::cert::parse_certificate(&presented.leaf_der).map_err(|e| e.to_string());
    }
    let client = reach(top, path).await?;
    let der = client
        .host_group()
        .server_certificate()
        .await
        .map_err(|e| e.to_string());
    let _ = client.close().await;
    crate::cert::parse_certificate(&der?).map_err(|e| e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::GroupNode;

    fn child(passive: bool, address: Option<&str>) -> ChildServer {
        let mut p = Params::new();
        p.insert(srvh::ID, 7);
        p.insert(srvh::PASSIVE, passive);
        if let Some(a) = address {
            p.insert(srvh::ADDR, a);
        }
        ChildServer::from_params(&p, "PxgRetVal").unwrap()
    }

    #[test]
    fn a_dmz_secondary_is_registered_again_at_its_url_the_others_without_one() {
        use crate::hierarchy::ops::registration_address;
        // The primary reports host:port; RegisterServer wants http://host:port.
        assert_eq!(
            registration_address(&child(true, Some("10.0.0.20:13000"))),
            "http://10.0.0.20:13000"
        );
        assert_eq!(
            registration_address(&child(true, Some("http://ksc-dmz:13000"))),
            "http://ksc-dmz:13000"
        );
        assert_eq!(
            registration_address(&child(false, Some("10.0.0.20:13000"))),
            ""
        );
        assert_eq!(registration_address(&child(true, None)), "");
    }

    #[test]
    fn groups_are_offered_with_their_path_depth_first() {
        let tree = GroupNode {
            id: 0,
            name: "Managed devices".into(),
            children: vec![
                GroupNode {
                    id: 5,
                    name: "Branch offices".into(),
                    children: vec![GroupNode {
                        id: 6,
                        name: "Berlin".into(),
                        children: Vec::new(),
                    }],
                },
                GroupNode {
                    id: 9,
                    name: "Servers".into(),
                    children: Vec::new(),
                },
            ],
        };
        assert_eq!(
            group_choices(&tree),
            vec![
                (0, "Managed devices".to_string()),
                (5, "Managed devices/Branch offices".to_string()),
                (6, "Managed devices/Branch offices/Berlin".to_string()),
                (9, "Managed devices/Servers".to_string()),
            ]
        );
    }
}
