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
    /// "Replace the registration" was pressed after a registration stood in the way.
    ReplacePressed,
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
            state.run.replaceable = None;
            Action::Run(work)
        }
        None => {
            state.run.failure = Some(crate::fl!("wizard-finish-incomplete"));
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
            let resume = state.run.partial.clone().filter(Partial::anything_written);
            start(state, resume)
        }
        Message::ReplacePressed => {
            let Some(id) = state.run.replaceable else {
                return Action::None;
            };
            state.options.replace = Some(id);
            let resume = state.run.partial.clone().filter(Partial::anything_written);
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
                // A choice to replace was made for the plan as it was.
                state.options.replace = None;
                state.wizard.go_to(Step::Summary);
            }
            Action::None
        }
        Message::RolledBack(r, partial) => {
            state.run.rolling_back = false;
            state.run.partial = Some(partial);
            state.run.rollback_note = Some(match r {
                Ok(done) => (
                    true,
                    crate::fl!("wizard-finish-rolled-back", steps = done.join("; ")),
                ),
                Err(failed) => (
                    false,
                    crate::fl!("wizard-finish-rollback-failed", steps = failed.join("; ")),
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
    state.run.replaceable = f.error.replaceable();
    state.run.partial = Some(f.partial.clone());
    state.run.kept = false;
    if let Rollback::Done(steps) = &f.rollback {
        state.run.rollback_note = Some((
            true,
            crate::fl!("wizard-finish-rolled-back", steps = steps.join("; ")),
        ));
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
        Progress::Waiting { elapsed, status } if stage == Stage::WaitForLink => Some(crate::fl!(
            "wizard-finish-waiting",
            seconds = elapsed.as_secs(),
            status = super::result::status_text(*status)
        )),
        _ => None,
    });
    let name = capitalised(&stage.to_string());
    match finished {
        Some(what) => (
            crate::fl!("wizard-finish-stage-done", stage = name, detail = what),
            Some(true),
        ),
        None if started => (
            crate::fl!(
                "wizard-finish-stage-running",
                stage = name,
                waited = waited.unwrap_or_default()
            ),
            None,
        ),
        None => (
            crate::fl!("wizard-finish-stage-pending", stage = name),
            Some(false),
        ),
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
    let stages: &[Stage] = if state.wizard.is_register_only() {
        &[Stage::Register]
    } else {
        &[
            Stage::Check,
            Stage::Register,
            Stage::ConfigureSecondary,
            Stage::WaitForLink,
        ]
    };
    for &stage in stages {
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
            text(crate::fl!("wizard-finish-not-created")).size(style::HEADING_SIZE),
            text(f.clone()),
        ]
        .spacing(style::GAP);
        if run.something_written() && !run.kept {
            let p = run.partial.clone().unwrap_or_default();
            let mut what = Vec::new();
            if let Some(id) = p.registered_id {
                what.push(crate::fl!(
                    "wizard-finish-written-registration",
                    id = id.to_string()
                ));
            }
            if p.unconfirmed_registration.is_some() {
                what.push(crate::fl!("wizard-finish-written-unconfirmed"));
            }
            if p.section_written {
                what.push(crate::fl!("wizard-finish-written-section"));
            }
            let mut note = String::new();
            match what.as_slice() {
                [] => {}
                [one] => note.push_str(&crate::fl!(
                    "wizard-finish-written-so-far",
                    what = one.as_str()
                )),
                [first, second, ..] => note.push_str(&crate::fl!(
                    "wizard-finish-written-so-far-both",
                    first = first.as_str(),
                    second = second.as_str()
                )),
            }
            if !note.is_empty() {
                note.push(' ');
            }
            if p.section_write_attempted && !p.section_written {
                note.push_str(&crate::fl!("wizard-finish-section-unconfirmed"));
                note.push(' ');
            }
            note.push_str(&crate::fl!("wizard-finish-choices"));
            block = block.push(text(note));
        } else {
            block = block.push(text(crate::fl!("wizard-finish-kept")));
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
            button(text(crate::fl!("wizard-finish-retry")))
                .style(style::button::primary)
                .on_press_maybe((!busy).then_some(WizardMessage::Finish(Message::RetryPressed))),
        ]
        .spacing(style::GAP);
        if let Some(id) = run.replaceable {
            buttons = buttons.push(
                button(text(crate::fl!(
                    "wizard-finish-replace",
                    id = id.to_string()
                )))
                .style(style::button::danger)
                .on_press_maybe((!busy).then_some(WizardMessage::Finish(Message::ReplacePressed))),
            );
        }
        if run.something_written() && !run.kept {
            buttons = buttons
                .push(
                    button(text(crate::fl!("wizard-finish-roll-back")))
                        .style(style::button::danger)
                        .on_press_maybe(
                            (!busy).then_some(WizardMessage::Finish(Message::RollBackPressed)),
                        ),
                )
                .push(
                    button(text(crate::fl!("wizard-finish-keep")))
                        .style(style::button::secondary)
                        .on_press_maybe(
                            (!busy).then_some(WizardMessage::Finish(Message::KeepPressed)),
                        ),
                );
        } else {
            buttons = buttons.push(
                button(text(crate::fl!("wizard-finish-change-settings")))
                    .style(style::button::secondary)
                    .on_press_maybe(
                        (!busy).then_some(WizardMessage::Finish(Message::ChangeSettingsPressed)),
                    ),
            );
        }
        block = block.push(buttons);
        col = col.push(container(block).padding(12).style(style::container::alarm));
    } else if run.running {
        col = col.push(text(crate::fl!("wizard-finish-working")).style(style::text::muted));
    }
    col.into()
}
