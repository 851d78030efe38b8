//! Lookups over [`SimData`], and the edits that must keep its ids and fixed groups consistent.

use super::model::{Group, GroupKind, GroupTask, Policy, SimData, SsSection, VServer};
use super::{MAIN_SERVER, SUPER_GROUP_NAME, now};
use crate::wire::{Params, master_srv};

/// The three fixed groups of a server (main or virtual) and its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    /// [`MAIN_SERVER`] or a virtual server id.
    pub vserver: i32,
    /// "Managed devices".
    pub root: i32,
    /// "Unassigned devices".
    pub unassigned: i32,
    /// Super group.
    pub super_group: i32,
}

impl SimData {
    /// The main server's scope.
    pub fn main_scope(&self) -> Scope {
        Scope {
            vserver: MAIN_SERVER,
            root: self.server.root_group,
            unassigned: self.server.unassigned_group,
            super_group: self.server.super_group,
        }
    }

    /// The scope of a virtual server, or the main server for [`MAIN_SERVER`].
    pub fn scope_of(&self, vserver: i32) -> Option<Scope> {
        if vserver == MAIN_SERVER {
            return Some(self.main_scope());
        }
        self.vservers.get(&vserver).map(|v| Scope {
            vserver: v.id,
            root: v.root_group,
            unassigned: v.unassigned_group,
            super_group: v.super_group,
        })
    }

    /// A virtual server by its display name or its unique name (`KLVSRV_DN` / `KLVSRV_UID`).
    pub fn vserver_by_name(&self, name: &str) -> Option<&VServer> {
        self.vservers
            .values()
            .find(|v| v.name == name || v.uid == name)
            .or_else(|| {
                self.vservers
                    .values()
                    .find(|v| v.name.eq_ignore_ascii_case(name))
            })
    }

    /// A group visible in `scope` (belonging to that server).
    pub fn group_in(&self, scope: &Scope, id: i32) -> Option<&Group> {
        self.groups.get(&id).filter(|g| g.vserver == scope.vserver)
    }

    /// Direct children of a group, ordered by name.
    pub fn children(&self, id: i32) -> Vec<&Group> {
        let mut v: Vec<&Group> = self
            .groups
            .values()
            .filter(|g| g.parent == Some(id))
            .collect();
        v.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
        v
    }

    /// Ids of a group and all its ancestors, the group first.
    pub fn ancestors_and_self(&self, id: i32) -> Vec<i32> {
        let mut out = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            if out.contains(&c) {
                break;
            }
            out.push(c);
            cur = self.groups.get(&c).and_then(|g| g.parent);
        }
        out
    }

    /// True when `id` is `ancestor` or lies below it.
    pub fn is_within(&self, id: i32, ancestor: i32) -> bool {
        self.ancestors_and_self(id).contains(&ancestor)
    }

    /// Depth below the scope's root ("Managed devices" = 0); `None` outside the tree.
    pub fn level(&self, id: i32) -> Option<i32> {
        let chain = self.ancestors_and_self(id);
        let g = self.groups.get(&id)?;
        let root = self.scope_of(g.vserver)?.root;
        chain
            .iter()
            .position(|&c| c == root)
            .and_then(|p| i32::try_from(p).ok())
    }

    /// `grp_full_name`: names from the tree root down, each followed by `/`.
    pub fn full_name(&self, id: i32) -> String {
        let mut chain: Vec<&str> = self
            .ancestors_and_self(id)
            .iter()
            .filter_map(|c| self.groups.get(c))
            .filter(|g| g.kind != GroupKind::Super)
            .map(|g| g.name.as_str())
            .collect();
        chain.reverse();
        let mut s = String::new();
        for n in chain {
            s.push_str(n);
            s.push('/');
        }
        s
    }

    /// Adds a group under `parent` and returns its id; the caller checks the name.
    pub fn add_group(&mut self, parent: i32, name: &str) -> Option<i32> {
        let vserver = self.groups.get(&parent)?.vserver;
        let id = self.next.group;
        self.next.group += 1;
        let now = now();
        self.groups.insert(
            id,
            Group {
                id,
                name: name.to_string(),
                parent: Some(parent),
                vserver,
                kind: GroupKind::Regular,
                created: now,
                last_update: now,
                auto_remove_period: 0,
                notify_period: 0,
            },
        );
        if let Some(p) = self.groups.get_mut(&parent) {
            p.last_update = now;
        }
        Some(id)
    }

    /// Creates a virtual server in main-server group `parent_group` with its own fixed groups.
    pub fn add_vserver(&mut self, name: &str, parent_group: i32) -> i32 {
        let id = self.next.vserver;
        self.next.vserver += 1;
        let now = now();
        let mk = |data: &mut SimData, gname: &str, parent: Option<i32>, kind| {
            let gid = data.next.group;
            data.next.group += 1;
            data.groups.insert(
                gid,
                Group {
                    id: gid,
                    name: gname.to_string(),
                    parent,
                    vserver: id,
                    kind,
                    created: now,
                    last_update: now,
                    auto_remove_period: 0,
                    notify_period: 0,
                },
            );
            gid
        };
        let super_group = mk(self, SUPER_GROUP_NAME, None, GroupKind::Super);
        let root = mk(self, "Managed devices", Some(super_group), GroupKind::Root);
        let unassigned = mk(self, "Unassigned devices", None, GroupKind::Unassigned);
        let uid = format!("{}-{:08x}", sanitize_uid(name), id);
        self.vservers.insert(
            id,
            VServer {
                id,
                uid,
                name: name.to_string(),
                parent_group,
                root_group: root,
                unassigned_group: unassigned,
                super_group,
                enabled: true,
                lic_enabled: true,
                created: now,
                description: String::new(),
                custom_info: String::new(),
                nf_custom_url: String::new(),
                host_uid: format!("vs-{id:04}-{}", self.server.hostname),
            },
        );
        id
    }

    /// A section by its four keys.
    pub fn section(
        &self,
        stype: &str,
        product: &str,
        version: &str,
        name: &str,
    ) -> Option<&SsSection> {
        self.sections
            .iter()
            .find(|s| s.is(stype, product, version, name))
    }

    /// A section by its four keys, for changing.
    pub fn section_mut(
        &mut self,
        stype: &str,
        product: &str,
        version: &str,
        name: &str,
    ) -> Option<&mut SsSection> {
        self.sections
            .iter_mut()
            .find(|s| s.is(stype, product, version, name))
    }

    /// The `KLSRV_MASTER_SRV` section, if it exists.
    pub fn master_srv_section(&self) -> Option<&Params> {
        self.section(
            master_srv::TYPE,
            master_srv::PRODUCT,
            master_srv::VERSION,
            master_srv::SECTION,
        )
        .map(|s| &s.settings)
    }

    /// All policies (own and inherited) located in `group`.
    pub fn policies_in(&self, group: i32) -> Vec<&Policy> {
        self.all_policies()
            .filter(|p| p.group_id == group)
            .collect()
    }

    /// Own and inherited policies.
    pub fn all_policies(&self) -> impl Iterator<Item = &Policy> {
        self.policies.values().chain(self.inherited_policies.iter())
    }

    /// A policy (own or inherited) by id.
    pub fn policy(&self, id: i32) -> Option<&Policy> {
        self.all_policies().find(|p| p.id == id)
    }

    /// Own and inherited group tasks.
    pub fn all_tasks(&self) -> impl Iterator<Item = &GroupTask> {
        self.tasks.iter().chain(self.inherited_tasks.iter())
    }

    /// A task (own or inherited) by id.
    pub fn task(&self, id: &str) -> Option<&GroupTask> {
        self.all_tasks().find(|t| t.id == id)
    }

    /// Allocates a policy id.
    pub fn next_policy_id(&mut self) -> i32 {
        let id = self.next.policy;
        self.next.policy += 1;
        id
    }

    /// Allocates a task id.
    pub fn next_task_id(&mut self) -> String {
        let id = self.next.task;
        self.next.task += 1;
        id.to_string()
    }

    /// Keeps the counters above every id in use (after loading a seed or old state).
    pub fn fix_counters(&mut self) {
        let max = |it: &mut dyn Iterator<Item = i32>| it.max().map_or(1, |m| m + 1);
        self.next.group = self.next.group.max(max(&mut self.groups.keys().copied()));
        self.next.user = self
            .next
            .user
            .max(max(&mut self.users.iter().map(|u| u.id)));
        self.next.vserver = self
            .next
            .vserver
            .max(max(&mut self.vservers.keys().copied()));
        self.next.secondary = self
            .next
            .secondary
            .max(max(&mut self.secondaries.keys().copied()));
        let policy_max = max(&mut self.all_policies().map(|p| p.id));
        self.next.policy = self.next.policy.max(policy_max);
        let task_max = max(&mut self.all_tasks().filter_map(|t| t.id.parse::<i32>().ok()));
        self.next.task = self.next.task.max(task_max);
    }

    pub(super) fn hierarchy_fingerprint(&self) -> String {
        let section = self.master_srv_section().map(Params::to_json);
        serde_json::to_string(&(section, &self.secondaries)).unwrap_or_default()
    }
}

fn sanitize_uid(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "vs".to_string() } else { s }
}
