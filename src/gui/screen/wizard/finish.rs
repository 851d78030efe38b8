//! Step 7: the run: register on the primary, configure the secondary, wait for the link. On
//! failure every input is kept; the admin retries, rolls back a half-built hierarchy, or keeps it.

use std::sync::Arc;

use iced::Element;
use iced::widget::{button, column, container, row, text};

use super::{Action, Message as WizardMessage, State, Work};
use crate::gui::style;
use crate::hierarchy::wizard::Step;
use crate::hierarchy::{AddFailure, AddReport, Partial, Progress, Rollback, Stage};

/// What happened on this step.
// Messages and actions are moved once per event; boxing the large answers would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Message {
    /// The run reports progress.
    Progress(Progress),
    /// The run ended.
    Done(Arc<Result<AddReport, AddFailure>>),
    /// "Retry" was pressed.
    RetryPressed,
    /// "Roll back" was pressed.
    RollBackPressed,
    /// "Keep what was written" was pressed.
    KeepPressed,
    /// "Change settings" was pressed.
    ChangeSettingsPressed,
    /// The rollback ended: the steps done (or those that failed), and what is left.
    RolledBack(Result<Vec<String>, Vec<String>>, Partial),
}

/// Starts (or resumes) the run.
pub fn start(state: &mut State, resume: Option<Partial>) -> Action {
    match state.add_work(resume) {
        Some(work) => {
            state.run.progress.clear();
            state.run.failure = None;
            state.run.rollback_note = None;
            state.run.kept = false;
            state.run.running = true;
            Action::Run(work)
        }
        None => {
            state.run.failure = Some(
                "The settings are incomplete or the secondary is not logged in; go back and check them."
                    .into(),
            );
            Action::None
        }
    }
}

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    match message {
        Message::Progress(p) => {
            if state.run.running {
                state.run.progress.push(p);
            }
            Action::None
        }
        Message::Done(r) => {
            state.run.running = false;
            match Arc::try_unwrap(r) {
                Ok(Ok(report)) => done(state, report),
                Err(shared) => match shared.as_ref() {
                    Ok(report) => done(state, report.clone()),
                    Err(f) => {
                        failed(state, f);
                        Action::None
                    }
                },
                Ok(Err(f)) => {
                    failed(state, &f);
                    Action::None
                }
            }
        }
        Message::RetryPressed => {
            let resume = state
                .run
                .partial
                .clone()
                .filter(|_| state.run.something_written());
            start(state, resume)
        }
        Message::RollBackPressed => {
            let (Some(partial), Some(secondary)) =
                (state.run.partial.clone(), state.secondary.clone())
            else {
                return Action::None;
            };
            state.run.rolling_back = true;
            Action::Run(Work::RollBack {
                primary: state.primary.clone(),
                secondary,
                partial,
            })
        }
        Message::KeepPressed => {
            state.run.kept = true;
            Action::None
        }
        Message::ChangeSettingsPressed => {
            if !state.run.running && (!state.run.something_written() || state.run.kept) {
                state.wizard.go_to(Step::Summary);
            }
            Action::None
        }
        Message::RolledBack(r, partial) => {
            state.run.rolling_back = false;
            state.run.partial = Some(partial);
            state.run.rollback_note = Some(match r {
                Ok(done) => (true, format!("Rolled back: {}.", done.join("; "))),
                Err(failed) => (
                    false,
                    format!("The rollback failed: {}.", failed.join("; ")),
                ),
            });
            Action::None
        }
    }
}

fn done(state: &mut State, report: AddReport) -> Action {
    let group_id = state.wizard.form.group_id.unwrap_or_default();
    let id = report.secondary_id;
    state.run.report = Some(report);
    state.run.partial = None;
    state.wizard.finished();
    Action::Run(Work::ReadResult {
        primary: state.primary.clone(),
        group_id,
        id,
    })
}

fn failed(state: &mut State, f: &AddFailure) {
    state.run.failure = Some(f.to_string());
    state.run.partial = Some(f.partial.clone());
    state.run.kept = false;
    if let Rollback::Done(steps) = &f.rollback {
        state.run.rollback_note = Some((true, format!("Rolled back: {}.", steps.join("; "))));
    }
}

fn stage_line(stage: Stage, progress: &[Progress]) -> (String, Option<bool>) {
    let finished = progress.iter().find_map(|p| match p {
        Progress::Finished(s, what) if *s == stage => Some(what.clone()),
        _ => None,
    });
    let started = progress
        .iter()
        .any(|p| matches!(p, Progress::Started(s) if *s == stage));
    let waited = progress.iter().rev().find_map(|p| match p {
        Progress::Waiting { elapsed, status } if stage == Stage::WaitForLink => Some(format!(
            " ({} s, status {})",
            elapsed.as_secs(),
            match status {
                Some(crate::kloapi::ServerStatus::Active) => "Active",
                Some(crate::kloapi::ServerStatus::Inactive) => "Inactive",
                _ => "unknown",
            }
        )),
        _ => None,
    });
    let name = capitalised(&stage.to_string());
    match finished {
        Some(what) => (format!("Done: {name}: {what}"), Some(true)),
        None if started => (format!("{name}…{}", waited.unwrap_or_default()), None),
        None => (format!("Pending: {name}"), Some(false)),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    let run = &state.run;
    let mut col = column![].spacing(style::GAP);
    for stage in [
        Stage::Check,
        Stage::Register,
        Stage::ConfigureSecondary,
        Stage::WaitForLink,
    ] {
        let (line, done) = stage_line(stage, &run.progress);
        let t = text(line);
        col = col.push(match done {
            Some(true) => t.style(style::text::success),
            Some(false) => t.style(style::text::muted),
            None => t,
        });
    }
    if let Some(f) = &run.failure {
        let mut block = column![
            text("The hierarchy was not created").size(style::HEADING_SIZE),
            text(f.clone()),
        ]
        .spacing(style::GAP);
        if run.something_written() && !run.kept {
            let p = run.partial.clone().unwrap_or_default();
            let mut what = Vec::new();
            if let Some(id) = p.registered_id {
                what.push(format!(
                    "the registration of the secondary on the primary (id {id})"
                ));
            }
            if p.section_written {
                what.push("the primary server settings on the secondary".to_string());
            }
            let mut note = String::new();
            if !what.is_empty() {
                note.push_str(&format!("Written so far: {}. ", what.join(" and ")));
            }
            if p.section_write_attempted && !p.section_written {
                note.push_str(
                    "The secondary did not confirm the primary server settings: a write it \
                     refused leaves its settings as they were, and Roll back restores them \
                     anyway in case the write landed. ",
                );
            }
            note.push_str(
                "Retry to finish the hierarchy, roll back to remove what was written, or keep it \
                 as it is.",
            );
            block = block.push(text(note));
        } else {
            block = block.push(text(
                "Everything you typed is kept: retry, or change the settings.",
            ));
        }
        if let Some((ok, note)) = &run.rollback_note {
            block = block.push(text(note.clone()).style(if *ok {
                style::text::success
            } else {
                style::text::error
            }));
        }
        let busy = run.running || run.rolling_back;
        let mut buttons = row![
            button("Retry")
                .style(style::button::primary)
                .on_press_maybe((!busy).then_some(WizardMessage::Finish(Message::RetryPressed))),
        ]
        .spacing(style::GAP);
        if run.something_written() && !run.kept {
            buttons = buttons
                .push(
                    button("Roll back")
                        .style(style::button::danger)
                        .on_press_maybe(
                            (!busy).then_some(WizardMessage::Finish(Message::RollBackPressed)),
                        ),
                )
                .push(
                    button("Keep what was written")
                        .style(style::button::secondary)
                        .on_press_maybe(
                            (!busy).then_some(WizardMessage::Finish(Message::KeepPressed)),
                        ),
                );
        } else {
            buttons = buttons.push(
                button("Change settings")
                    .style(style::button::secondary)
                    .on_press_maybe(
                        (!busy).then_some(WizardMessage::Finish(Message::ChangeSettingsPressed)),
                    ),
            );
        }
        block = block.push(buttons);
        col = col.push(container(block).padding(12).style(style::container::alarm));
    } else if run.running {
        col = col.push(
            text("Working… the window stays usable; nothing needs to be done meanwhile.")
                .style(style::text::muted),
        );
    }
    col.into()
}
