//! Keeping a hierarchy, against linked simulators: rename and move with `UpdateServer`, re-key a
//! secondary that was reinstalled (it goes Inactive, and Active again under the same name and
//! group), remove on both sides through the primary's gateway, and what each does when a step
//! fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ksc_link::hierarchy::Rollback;
use ksc_link::hierarchy::maintain::{
    Rename, SecondarySide, read_registered, rekey, rekey_plan, remove_both_sides, remove_plan,
    rename_or_move, rename_plan,
};
use ksc_link::kloapi::server_hierarchy::ServerStatus;
use ksc_link::kloapi::{MasterSrvSection, connect_through};
use ksc_link::sim::ksc::seed;
use ksc_link::wire::PxgError;

use crate::hierarchy_support::{Node, pair};

async fn section_of(node: &Node) -> MasterSrvSection {
    let hg = node.client.host_group();
    let host = hg.server_hostname().await.unwrap();
    hg.read_master_srv(&host).await.unwrap()
}

async fn group(node: &Node, name: &str) -> i32 {
    let hg = node.client.host_group();
    let root = hg.group_id_groups().await.unwrap();
    hg.get_group_id(root, name).await.unwrap().unwrap()
}

#[tokio::test]
async fn rename_and_move_show_their_plan_then_update_the_registration() {
    let (top, _branch, id) = pair().await;
    let servers = group(&top, "Servers").await;
    let current = read_registered(&top.client, id).await.unwrap();
    let change = Rename {
        id,
        display_name: Some("Berlin office".into()),
        group: Some((servers, "Servers".into())),
    };
    let plan = rename_plan(&current.child, &change);
    assert_eq!(
        plan.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(),
        ["KLSRVH_SRV_DN", "KLSRVH_SRV_GROUPID"]
    );
    assert!(plan[0].value.contains("branch → Berlin office"), "{plan:?}");

    let lines = rename_or_move(&top.client, &change).await.unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let after = read_registered(&top.client, id).await.unwrap().child;
    assert_eq!(after.display_name, "Berlin office");
    assert_eq!(after.group_id, Some(servers));
    // Unchanged: nothing to write.
    assert!(rename_plan(&after, &change).is_empty());
    assert!(
        rename_or_move(&top.client, &change)
            .await
            .unwrap()
            .is_empty()
    );

    // Another server's name in the target group is refused before anything is written.
    let other = Node::start(seed::SECONDARY, "localhost").await;
    let other_id = top.attach(&other, "Hamburg").await;
    let clash = Rename {
        id: other_id,
        display_name: Some("BERLIN office".into()),
        group: Some((servers, "Servers".into())),
    };
    let e = rename_or_move(&top.client, &clash).await.unwrap_err();
    assert!(e.to_string().contains("BERLIN office"), "{e}");
    assert!(matches!(e.rollback, Rollback::NotNeeded));
    assert_eq!(
        read_registered(&top.client, other_id)
            .await
            .unwrap()
            .child
            .display_name,
        "Hamburg"
    );
    // A name the form would refuse is refused here too.
    let empty = Rename {
        id,
        display_name: Some("   ".into()),
        group: None,
    };
    assert!(rename_or_move(&top.client, &empty).await.is_err());
}

#[tokio::test]
async fn a_reinstalled_secondary_is_rekeyed_under_the_same_name_and_group_and_is_active_again() {
    let (top, mut branch, id) = pair().await;
    let before = read_registered(&top.client, id).await.unwrap();
    let (new_cert, identity, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 397).unwrap();
    branch.sim.reinstall(identity).await.unwrap();
    // The primary refuses the certificate it does not hold: the secondary goes Inactive.
    top.wait_status(id, ServerStatus::Inactive).await;

    let plan = rekey_plan(&before, &new_cert);
    assert_eq!(plan.len(), 2);
    assert!(plan[1].value.contains(&new_cert.sha256_colon()), "{plan:?}");
    let done = rekey(&top.client, id, &new_cert).await.unwrap();
    assert_ne!(done.new_id, id);
    assert_eq!(done.new_sha256, new_cert.sha256_colon());
    let after = read_registered(&top.client, done.new_id).await.unwrap();
    assert_eq!(after.child.display_name, before.child.display_name);
    assert_eq!(after.child.group_id, before.child.group_id);
    assert_eq!(after.certificate.as_deref(), Some(&new_cert.der[..]));
    assert!(
        read_registered(&top.client, id).await.is_err(),
        "the old one is gone"
    );
    top.wait_status(done.new_id, ServerStatus::Active).await;

    // Re-keying with the certificate it already has changes nothing.
    let same = rekey(&top.client, done.new_id, &new_cert).await.unwrap();
    assert_eq!(same.new_id, done.new_id);
}

#[tokio::test]
async fn a_failed_new_registration_registers_the_old_one_again() {
    let (top, _branch, id) = pair().await;
    let before = read_registered(&top.client, id).await.unwrap();
    let (new_cert, _, _) =
        ksc_link::cert::generate_server_identity(&["127.0.0.1".to_string()], 397).unwrap();
    top.sim.sim().state().inject_fault(
        "ServerHierarchy.RegisterServer",
        PxgError::new(5, "KLSTD", "Access denied"),
    );
    let e = rekey(&top.client, id, &new_cert).await.unwrap_err();
    assert!(matches!(e.rollback, Rollback::Done(_)), "{e}");
    let children = top
        .client
        .server_hierarchy()
        .get_child_servers(-1)
        .await
        .unwrap();
    assert_eq!(children.len(), 1);
    let again = read_registered(&top.client, children[0].id).await.unwrap();
    assert_eq!(again.child.display_name, before.child.display_name);
    assert_eq!(again.certificate, before.certificate);
    top.wait_status(children[0].id, ServerStatus::Active).await;
}

#[tokio::test]
async fn removal_clears_both_sides_through_the_gateway() {
    let (top, branch, id) = pair().await;
    let current = read_registered(&top.client, id).await.unwrap();
    let gw = connect_through(&top.client, &[id]).await.unwrap();
    let plan = remove_plan(&current, true);
    assert_eq!(
        plan.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(),
        ["KLSRV_MASTER_SRV_USE", "ServerHierarchy.DelServer"]
    );
    let removed = remove_both_sides(&top.client, id, Ok(&gw)).await.unwrap();
    assert!(matches!(removed.secondary, SecondarySide::Cleared(_)));
    assert!(removed.admin_note("ksc-hq").is_none());
    assert!(
        top.client
            .server_hierarchy()
            .get_child_servers(-1)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(!section_of(&branch).await.use_master);
}

#[tokio::test]
async fn an_unreachable_secondary_is_removed_on_the_primary_with_a_note_for_its_admin() {
    let (top, mut branch, id) = pair().await;
    branch.sim.stop_link().await;
    top.wait_status(id, ServerStatus::Inactive).await;
    let why = match connect_through(&top.client, &[id]).await {
        Ok(_) => panic!("reached a secondary whose link is down"),
        Err(e) => e.to_string(),
    };
    let removed = remove_both_sides(&top.client, id, Err(why.clone()))
        .await
        .unwrap();
    let note = removed.admin_note("ksc-hq.corp.example").unwrap();
    assert!(note.contains("\"branch\""), "{note}");
    assert!(note.contains("ksc-hq.corp.example"), "{note}");
    assert!(note.contains(&why), "{note}");
    assert!(
        section_of(&branch).await.use_master,
        "its side is untouched"
    );
}

#[tokio::test]
async fn a_failed_delete_writes_the_secondarys_side_back() {
    let (top, branch, id) = pair().await;
    let before = section_of(&branch).await;
    top.sim.sim().state().inject_fault(
        "ServerHierarchy.DelServer",
        PxgError::new(5, "KLSTD", "Access denied"),
    );
    // Reached directly: its side is written back.
    let e = remove_both_sides(&top.client, id, Ok(&branch.client))
        .await
        .unwrap_err();
    assert!(matches!(e.rollback, Rollback::Done(_)), "{e}");
    let after = section_of(&branch).await;
    assert!(after.use_master);
    assert_eq!(after.ssl_cert, before.ssl_cert);
    assert_eq!(after.address, before.address);
    top.wait_status(id, ServerStatus::Active).await;

    // Reached through the gateway: once its side is cleared it leaves the link, and the
    // gateway with it, so writing it back fails; the failure says so rather than pretend.
    let gw = connect_through(&top.client, &[id]).await.unwrap();
    top.sim.sim().state().inject_fault(
        "ServerHierarchy.DelServer",
        PxgError::new(5, "KLSTD", "Access denied"),
    );
    let e = remove_both_sides(&top.client, id, Ok(&gw))
        .await
        .unwrap_err();
    assert!(matches!(e.rollback, Rollback::Failed(_)), "{e}");
    assert!(e.to_string().contains("Access denied"), "{e}");
    assert!(!section_of(&branch).await.use_master);
}

#[tokio::test]
async fn a_secondary_that_names_another_primary_is_left_alone() {
    let (top, branch, id) = pair().await;
    let other = Node::start(seed::PRIMARY, "localhost").await;
    // The branch was moved to another primary meanwhile; this primary's record is stale.
    let hg = branch.client.host_group();
    let host = hg.server_hostname().await.unwrap();
    let mut section = hg.read_master_srv(&host).await.unwrap();
    section.ssl_cert = Some(other.sim.cert_der().to_vec());
    section.address = Some("ksc-other.corp.example".into());
    hg.write_master_srv(&host, ksc_link::kloapi::SsWriteMode::Clear, &section)
        .await
        .unwrap();
    let removed = remove_both_sides(&top.client, id, Ok(&branch.client))
        .await
        .unwrap();
    assert!(
        matches!(&removed.secondary, SecondarySide::OtherPrimary(a) if a == "ksc-other.corp.example"),
        "{:?}",
        removed.secondary
    );
    assert!(section_of(&branch).await.use_master);
}
