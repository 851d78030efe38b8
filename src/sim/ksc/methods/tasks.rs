//! `Tasks`: group tasks, own and inherited, in the "task settings format" (`TASK_NAME`,
//! `TASKID_*`, `TASK_INFO_PARAMS`, `TASK_ADDITIONAL_PARAMS`, …).
//!
//! Tasks received from the primary live in the super group; `ResetTasksIterator` with
//! `bIncludeSupergroups` lists them (and the tasks of groups above `nGroupId`).

use super::{Args, CallCtx, Reply, not_found};
use crate::sim::ksc::state::{GroupTask, SimData};
use crate::wire::{Params, PxgError};

/// Runs a `Tasks` method; `None` when there is no such method.
pub fn call(ctx: &CallCtx<'_>, method: &str, args: &Args) -> Option<Result<Reply, PxgError>> {
    Some(match method {
        "ResetTasksIterator" => reset_tasks_iterator(ctx, args),
        "GetNextTask" => get_next_task(ctx, args),
        "ReleaseTasksIterator" => release_tasks_iterator(ctx, args),
        "GetTask" | "GetTaskData" => get_task(ctx, args),
        "GetTaskGroup" => get_task_group(ctx, args),
        _ => return None,
    })
}

/// A task in the task settings format.
pub fn task_params(t: &GroupTask) -> Params {
    let info = Params::new()
        .with("DisplayName", t.display_name.as_str())
        .with("PRTS_TASK_GROUPID", t.group_id)
        .with("PRTS_TASK_CREATION_DATE", t.created)
        .with("PRTS_TASK_ENABLED", t.enabled)
        .with(
            "PRTS_TASK_PROHIBITED_FOR_SUBGROUPS",
            t.prohibited_for_subgroups,
        )
        .with("klprts-TaskScheduleSubtype", 0);
    Params::new()
        .with("TASK_UNIQUE_ID", t.id.as_str())
        .with("TASK_NAME", t.task_type.as_str())
        .with("TASKID_PRODUCT_NAME", t.product.as_str())
        .with("TASKID_VERSION", t.version.as_str())
        .with("TASKID_COMPONENT_NAME", t.component.as_str())
        .with("TASKSCH_TYPE", t.schedule_type)
        .with("TASK_INFO_PARAMS", info)
        .with("TASK_ADDITIONAL_PARAMS", t.additional.clone())
}

fn visible<'d>(ctx: &CallCtx<'_>, d: &'d SimData, id: &str) -> Result<&'d GroupTask, PxgError> {
    let scope = ctx.scope(d)?;
    d.task(id)
        .filter(|t| d.group_in(&scope, t.group_id).is_some())
        .ok_or_else(|| not_found(format!("Task \"{id}\"")))
}

fn reset_tasks_iterator(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let group = args.i32("nGroupId")?;
    let significant = args.bool("bGroupIdSignificant")?;
    let product = args.opt_str("strProductName")?.unwrap_or_default();
    let version = args.opt_str("strVersion")?.unwrap_or_default();
    let component = args.opt_str("strComponentName")?.unwrap_or_default();
    args.opt_str("strInstanceId")?;
    let task_name = args.opt_str("strTaskName")?.unwrap_or_default();
    let supergroups = args.opt_bool("bIncludeSupergroups")?.unwrap_or(false);
    let items = ctx.state.read(|d| {
        let scope = ctx.scope(d)?;
        if significant && d.group_in(&scope, group).is_none() {
            return Err(not_found(format!("Administration group {group}")));
        }
        let groups: Vec<i32> = if !significant {
            Vec::new()
        } else if supergroups {
            d.ancestors_and_self(group)
        } else {
            vec![group]
        };
        Ok(d.all_tasks()
            .filter(|t| d.group_in(&scope, t.group_id).is_some())
            .filter(|t| !significant || groups.contains(&t.group_id))
            .filter(|t| product.is_empty() || t.product == product)
            .filter(|t| version.is_empty() || t.version == version)
            .filter(|t| component.is_empty() || t.component == component)
            .filter(|t| task_name.is_empty() || t.task_type == task_name)
            .map(task_params)
            .collect::<Vec<_>>())
    })?;
    let id = ctx.state.create_task_iterator(items);
    Ok(Reply::void().out("strTaskIteratorId", id))
}

fn get_next_task(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.str("strTaskIteratorId")?;
    let next = ctx
        .state
        .next_task(id)
        .ok_or_else(|| not_found(format!("Task iterator \"{id}\"")))?;
    // An empty pTaskData tells the caller the iteration is over.
    Ok(Reply::void().out("pTaskData", next.unwrap_or_default()))
}

fn release_tasks_iterator(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.str("strTaskIteratorId")?;
    ctx.state.release_task_iterator(id);
    Ok(Reply::void())
}

fn get_task(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.str("strTask")?;
    ctx.state
        .read(|d| visible(ctx, d, id).map(|t| Reply::ret(task_params(t))))
}

fn get_task_group(ctx: &CallCtx<'_>, args: &Args) -> Result<Reply, PxgError> {
    let id = args.str("strTaskId")?;
    ctx.state
        .read(|d| visible(ctx, d, id).map(|t| Reply::ret(t.group_id)))
}
