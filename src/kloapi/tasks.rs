//! `Tasks`: the group tasks of an administration group, read through a task iterator
//! (`ResetTasksIterator`, `GetNextTask` until it returns no data, `ReleaseTasksIterator`;
//! KSC Open API reference, class `Tasks`).

use time::OffsetDateTime;

use super::client::KscClient;
use super::error::KscError;
use super::read::{join, opt_bool, opt_datetime, opt_i32, opt_str};
use crate::wire::{DecodeError, Params, Value};

/// Attributes of a task that live inside `TASK_INFO_PARAMS`.
const INFO: &str = "TASK_INFO_PARAMS";
/// A guard against a server whose iterator never ends.
const MAX_TASKS: usize = 100_000;

/// A group task (task settings format).
#[derive(Clone, Debug, PartialEq)]
pub struct TaskInfo {
    /// `TASK_UNIQUE_ID`.
    pub id: String,
    /// `TASK_INFO_PARAMS.DisplayName`.
    pub display_name: String,
    /// `TASK_NAME`: the task type, e.g. `KLNAG_TASK_REMOTE_INSTALL`.
    pub task_type: Option<String>,
    /// `TASKID_PRODUCT_NAME`.
    pub product: Option<String>,
    /// `TASKID_VERSION`.
    pub version: Option<String>,
    /// `TASKID_COMPONENT_NAME`.
    pub component: Option<String>,
    /// `TASK_INFO_PARAMS.PRTS_TASK_GROUPID`.
    pub group_id: Option<i32>,
    /// `TASK_INFO_PARAMS.PRTS_TASK_ENABLED`.
    pub enabled: Option<bool>,
    /// `TASK_INFO_PARAMS.PRTS_TASK_CREATION_DATE`.
    pub created: Option<OffsetDateTime>,
    /// Every attribute as returned.
    pub raw: Params,
}

impl TaskInfo {
    /// Reads one task record; only `TASK_UNIQUE_ID` is required.
    pub fn from_params(p: &Params, path: &str) -> Result<Self, DecodeError> {
        let id = opt_str(p, path, "TASK_UNIQUE_ID")?.ok_or_else(|| DecodeError {
            path: join(path, "TASK_UNIQUE_ID"),
            reason: "missing".to_string(),
        })?;
        let empty = Params::new();
        let info = match p.get(INFO) {
            None | Some(Value::Null) => &empty,
            Some(Value::Params(info)) => info,
            Some(other) => {
                return Err(DecodeError {
                    path: join(path, INFO),
                    reason: format!("expected params, found {}", other.type_name()),
                });
            }
        };
        let ipath = join(path, INFO);
        Ok(Self {
            id,
            display_name: opt_str(info, &ipath, "DisplayName")?.unwrap_or_default(),
            task_type: opt_str(p, path, "TASK_NAME")?,
            product: opt_str(p, path, "TASKID_PRODUCT_NAME")?,
            version: opt_str(p, path, "TASKID_VERSION")?,
            component: opt_str(p, path, "TASKID_COMPONENT_NAME")?,
            group_id: opt_i32(info, &ipath, "PRTS_TASK_GROUPID")?,
            enabled: opt_bool(info, &ipath, "PRTS_TASK_ENABLED")?,
            created: opt_datetime(info, &ipath, "PRTS_TASK_CREATION_DATE")?,
            raw: p.clone(),
        })
    }
}

/// Arguments of `ResetTasksIterator` for the group tasks of `group` (no other filter).
pub(crate) fn reset_iterator_args(group: i32, include_super: bool) -> Vec<(&'static str, Value)> {
    vec![
        ("nGroupId", group.into()),
        ("bGroupIdSignificant", true.into()),
        ("strProductName", "".into()),
        ("strVersion", "".into()),
        ("strComponentName", "".into()),
        ("strInstanceId", "".into()),
        ("strTaskName", "".into()),
        ("bIncludeSupergroups", include_super.into()),
    ]
}

/// The `Tasks` class of one server.
#[derive(Clone, Copy, Debug)]
pub struct Tasks<'a> {
    client: &'a KscClient,
}

impl<'a> Tasks<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// The group tasks of `group`; with `include_super`, also those received from a primary.
    pub async fn group_tasks(
        &self,
        group: i32,
        include_super: bool,
    ) -> Result<Vec<TaskInfo>, KscError> {
        let iterator = self
            .client
            .call_decoded(
                "Tasks.ResetTasksIterator",
                &reset_iterator_args(group, include_super),
                |r| r.out_str("strTaskIteratorId").map(str::to_string),
            )
            .await?;
        let result = self.read_all(&iterator).await;
        let released = self
            .client
            .call(
                "Tasks.ReleaseTasksIterator",
                &[("strTaskIteratorId", iterator.as_str().into())],
            )
            .await;
        if let Err(e) = released {
            // The iterator expires on the server; the list read is still complete.
            tracing::warn!(error = %e, "releasing a task iterator failed");
        }
        result
    }

    async fn read_all(&self, iterator: &str) -> Result<Vec<TaskInfo>, KscError> {
        let mut tasks = Vec::new();
        while tasks.len() < MAX_TASKS {
            let data = self
                .client
                .call_decoded(
                    "Tasks.GetNextTask",
                    &[("strTaskIteratorId", iterator.into())],
                    |r| r.out_params("pTaskData"),
                )
                .await?;
            // No (or empty) data marks the end of the iteration.
            if data.is_empty() {
                break;
            }
            let task = TaskInfo::from_params(&data, "pTaskData").map_err(|e| {
                self.client
                    .decode_error("Tasks.GetNextTask", &e.to_string())
            })?;
            tasks.push(task);
        }
        Ok(tasks)
    }

    /// `GetTaskData`: one task's settings.
    pub async fn get_task_data(&self, id: &str) -> Result<TaskInfo, KscError> {
        self.client
            .call_decoded("Tasks.GetTaskData", &[("strTask", id.into())], |r| {
                TaskInfo::from_params(&r.retval_params()?, "PxgRetVal")
            })
            .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::client::{Body, encode_body, parse_body};

    #[test]
    fn reset_iterator_body() {
        assert_eq!(
            encode_body(&reset_iterator_args(0, false)),
            r#"{"nGroupId":0,"bGroupIdSignificant":true,"strProductName":"","strVersion":"","strComponentName":"","strInstanceId":"","strTaskName":"","bIncludeSupergroups":false}"#
        );
    }

    #[test]
    fn task_decodes_with_nested_info() {
        let body = br#"{"pTaskData":{"TASK_UNIQUE_ID":"12","TASK_NAME":"KLNAG_TASK_REMOTE_INSTALL",
            "TASKID_PRODUCT_NAME":"1093","TASKID_VERSION":"1.0.0.0",
            "TASK_INFO_PARAMS":{"type":"params","value":{"DisplayName":"Install agent",
            "PRTS_TASK_GROUPID":0,"PRTS_TASK_ENABLED":true}}}}"#;
        let Body::Reply(r) = parse_body(body).unwrap() else {
            panic!()
        };
        let t = TaskInfo::from_params(&r.out_params("pTaskData").unwrap(), "pTaskData").unwrap();
        assert_eq!(t.id, "12");
        assert_eq!(t.display_name, "Install agent");
        assert_eq!(t.group_id, Some(0));
        assert_eq!(t.task_type.as_deref(), Some("KLNAG_TASK_REMOTE_INSTALL"));
    }
}
