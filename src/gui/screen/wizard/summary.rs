//! Step 6: the dry run: exactly what Finish will write on the primary and on the secondary.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

use std::path::PathBuf;

use super::{Action, Message as WizardMessage, State, Work};
use crate::gui::style;
use crate::gui::widget::path_entry;
use crate::hierarchy::PlannedWrite;
use crate::hierarchy::wizard::{Issue, Step};

/// What happened on this step.
#[derive(Clone, Debug)]
pub enum Message {
    /// "Change" next to a part of the summary: go back to that step.
    Edit(Step),
    /// "Save as plan file…".
    SavePlanPressed,
    /// Where to save the plan, typed where no save dialog could be shown.
    PlanTypedPath(path_entry::Message),
    /// The plan file was written (or not; `None`: the dialog was closed).
    PlanSaved(Result<Option<PathBuf>, String>),
    /// "Check again": the pre-flight check (it runs by itself when the summary opens).
    PreflightPressed,
    /// Pre-flight check number `.0` ended.
    PreflightDone(u64, Box<crate::hierarchy::preflight::Report>),
    /// "Copy report".
    CopyReportPressed,
    /// "Save report…".
    SaveReportPressed,
    /// Where to save the report, typed where no save dialog could be shown.
    ReportTypedPath(path_entry::Message),
    /// The report was written (or not; `None`: the dialog was closed).
    ReportSaved(Result<Option<PathBuf>, String>),
}

/// The input of the report's path (shown when no save dialog could be shown).
pub const REPORT_PATH_ID: &str = "wizard-report-path";

/// Starts a pre-flight check of the plan as it stands; an answer to an earlier check that
/// arrives later is dropped.
pub fn start_preflight(state: &mut State) -> Action {
    let Some(plan) = state.wizard.preflight_plan() else {
        return Action::None;
    };
    state.preflight_generation += 1;
    state.preflight_running = true;
    state.preflight = None;
    state.report_note = None;
    Action::Run(Work::Preflight {
        primary: state.primary.clone(),
        secondary: state.secondary.clone(),
        plan: Box::new(plan),
        login: state.wizard.secondary_login(),
        generation: state.preflight_generation,
    })
}

/// The report's text, headed by what it is about, for the clipboard and the text file.
fn report_text(state: &State, report: &crate::hierarchy::preflight::Report) -> String {
    format!(
        "{}: {}\n{}",
        crate::fl!("preflight-title"),
        state.wizard.form.display_name.trim(),
        report.to_text()
    )
}

/// The input of the plan file's path (shown when no save dialog could be shown).
pub const PLAN_PATH_ID: &str = "wizard-plan-path";

/// The plan file's text for the wizard as filled in.
pub fn plan_text(state: &State) -> Option<String> {
    let at = state.primary.endpoint();
    let (user, internal, domain) = state.primary.account().unwrap_or_default();
    let connection = crate::hierarchy::plan_file::PrimaryConnection {
        address: at.host.clone(),
        api_port: at.port,
        pin: state.primary.pin(),
        user,
        internal,
        domain,
    };
    state.wizard.to_plan_file(&connection).map(|p| p.to_text())
}

/// Handles a message of this step.
pub fn update(state: &mut State, message: Message) -> Action {
    match message {
        Message::Edit(step) => {
            state.wizard.go_to(step);
            state.leave_summary();
        }
        Message::PreflightPressed => return start_preflight(state),
        Message::PreflightDone(generation, report) => {
            if generation == state.preflight_generation
                && state.preflight_running
                && state.wizard.step() == Step::Summary
            {
                state.preflight_running = false;
                state.preflight = Some(*report);
            }
        }
        Message::CopyReportPressed => {
            if let Some(report) = &state.preflight {
                let text = report_text(state, report);
                state.report_note = Some((true, crate::fl!("wizard-report-copied")));
                return Action::CopyToClipboard(text);
            }
        }
        Message::SaveReportPressed => {
            if let Some(report) = &state.preflight {
                return Action::Run(Work::SaveReport {
                    text: report_text(state, report),
                    json: report_json(report),
                });
            }
        }
        Message::ReportTypedPath(m) => {
            if let Some(path) = state.report_path.update(m)
                && let Some(report) = &state.preflight
            {
                return Action::Run(Work::WriteReport {
                    path,
                    text: report_text(state, report),
                    json: report_json(report),
                });
            }
        }
        Message::ReportSaved(r) => {
            state.report_note = match r {
                Ok(None) => None,
                Ok(Some(path)) => Some((
                    true,
                    crate::fl!("wizard-report-saved", path = path.display().to_string()),
                )),
                Err(e) => Some((false, e)),
            };
        }
        Message::SavePlanPressed => {
            if let Some(text) = plan_text(state) {
                return Action::Run(Work::SavePlanFile { text });
            }
        }
        Message::PlanTypedPath(m) => {
            if let Some(path) = state.plan_path.update(m)
                && let Some(text) = plan_text(state)
            {
                return Action::Run(Work::WritePlanFile { path, text });
            }
        }
        Message::PlanSaved(r) => {
            state.plan_note = match r {
                Ok(None) => None,
                Ok(Some(path)) => Some((
                    true,
                    crate::fl!(
                        "wizard-summary-plan-saved",
                        path = path.display().to_string()
                    ),
                )),
                Err(e) => Some((false, e)),
            };
        }
    }
    Action::None
}

/// The JSON file's text: the same shape as the command line's `preflight`.
fn report_json(report: &crate::hierarchy::preflight::Report) -> String {
    let mut text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
    text.push('\n');
    text
}

/// The pre-flight check: what this machine can observe before Finish; an error disables
/// Finish.
fn preflight_block(state: &State) -> Element<'_, WizardMessage> {
    use crate::hierarchy::preflight::Verdict;
    let idle = !state.preflight_running;
    let has_report = state.preflight.is_some();
    let mut col = column![
        row![
            text(crate::fl!("preflight-title"))
                .size(style::HEADING_SIZE)
                .width(Length::Fill),
            button(text(crate::fl!("wizard-report-copy")))
                .style(style::button::secondary)
                .on_press_maybe(
                    has_report.then_some(WizardMessage::Summary(Message::CopyReportPressed))
                ),
            button(text(crate::fl!("wizard-report-save")))
                .style(style::button::secondary)
                .on_press_maybe(
                    has_report.then_some(WizardMessage::Summary(Message::SaveReportPressed))
                ),
            button(text(crate::fl!("wizard-preflight-again")))
                .style(style::button::secondary)
                .on_press_maybe(idle.then_some(WizardMessage::Summary(Message::PreflightPressed))),
        ]
        .spacing(style::GAP)
        .align_y(iced::Alignment::Center),
    ]
    .spacing(4);
    if state.preflight_running {
        col = col.push(text(crate::fl!("wizard-preflight-running")).style(style::text::muted));
    } else if let Some(report) = &state.preflight {
        for f in &report.findings {
            let look = match f.verdict {
                Verdict::Pass => style::text::success,
                Verdict::Warning => style::text::warning,
                Verdict::Error => style::text::error,
                Verdict::CouldNotCheck => style::text::muted,
            };
            col = col.push(
                text(format!("{} {}: {}", f.verdict.mark(), f.check, f.reason))
                    .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
                    .style(look),
            );
            if !f.todo.is_empty() {
                col = col.push(text(format!("    {}", f.todo)).style(style::text::muted));
            }
        }
        if report.has_errors() {
            col = col.push(text(crate::fl!("wizard-preflight-blocks")).style(style::text::error));
        }
    } else {
        col = col.push(text(crate::fl!("wizard-preflight-hint")).style(style::text::muted));
    }
    if let Some(field) =
        state
            .report_path
            .view(REPORT_PATH_ID, "ksc-link-preflight.txt".into(), |m| {
                WizardMessage::Summary(Message::ReportTypedPath(m))
            })
    {
        col = col.push(field);
    }
    if let Some((ok, note)) = &state.report_note {
        col = col.push(text(note.clone()).style(if *ok {
            style::text::success
        } else {
            style::text::error
        }));
    }
    container(col)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::card)
        .into()
}

/// "Save as plan file…", its path field when no dialog could be shown, and what came of it.
fn plan_file_block(state: &State) -> Element<'_, WizardMessage> {
    let mut col = column![
        row![
            button(text(crate::fl!("wizard-summary-save-plan")))
                .style(style::button::secondary)
                .on_press(WizardMessage::Summary(Message::SavePlanPressed)),
            text(crate::fl!("wizard-summary-save-plan-hint"))
                .style(style::text::muted)
                .width(Length::Fill),
        ]
        .spacing(style::GAP)
        .align_y(iced::Alignment::Center),
    ]
    .spacing(style::GAP);
    if let Some(field) = state
        .plan_path
        .view(PLAN_PATH_ID, "ksc-link-plan.toml".into(), |m| {
            WizardMessage::Summary(Message::PlanTypedPath(m))
        })
    {
        col = col.push(field);
    }
    if let Some((ok, note)) = &state.plan_note {
        col = col.push(text(note.clone()).style(if *ok {
            style::text::success
        } else {
            style::text::error
        }));
    }
    col.into()
}

fn writes<'a>(title: String, edit: Step, list: Vec<PlannedWrite>) -> Element<'a, WizardMessage> {
    let mut col = column![
        row![
            text(title).size(style::HEADING_SIZE).width(Length::Fill),
            button(text(crate::fl!("wizard-summary-change")))
                .style(style::button::secondary)
                .on_press(WizardMessage::Summary(Message::Edit(edit))),
        ]
        .spacing(style::GAP)
    ]
    .spacing(4);
    for w in list {
        col = col.push(
            row![
                text(w.label).width(style::LABEL_WIDTH),
                column![
                    // Fingerprints are one long word: break them rather than cut them off.
                    text(w.value).wrapping(iced::widget::text::Wrapping::WordOrGlyph),
                    text(w.name)
                        .size(style::SMALL_SIZE)
                        .style(style::text::muted)
                ]
                .width(Length::Fill),
            ]
            .spacing(style::GAP),
        );
    }
    container(col)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::card)
        .into()
}

/// The summary of "register only": the registration on the primary, and what the secondary's
/// administrator must do to finish.
fn register_only_view(state: &State) -> Element<'_, WizardMessage> {
    match state.wizard.to_registration() {
        Ok(plan) => {
            let mut steps = column![
                text(crate::fl!("wizard-summary-secondary-admin")).size(style::HEADING_SIZE)
            ]
            .spacing(4);
            for (i, step) in plan.secondary_admin_steps().into_iter().enumerate() {
                steps = steps.push(
                    row![
                        text(format!("{}.", i + 1)).width(24),
                        // The fingerprint is one long word: break it rather than cut it off.
                        text(step)
                            .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
                            .width(Length::Fill),
                    ]
                    .spacing(4),
                );
            }
            column![
                text(crate::fl!("wizard-summary-register-only-intro")).style(style::text::muted),
                preflight_block(state),
                writes(
                    crate::fl!("wizard-summary-on-primary"),
                    Step::Server,
                    plan.on_primary()
                ),
                container(steps)
                    .padding(12)
                    .width(Length::Fill)
                    .style(style::container::card),
                plan_file_block(state),
            ]
            .spacing(style::SECTION)
            .into()
        }
        Err(issues) => attention(issues),
    }
}

fn attention<'a>(issues: Vec<Issue>) -> Element<'a, WizardMessage> {
    let mut col = column![text(crate::fl!("wizard-summary-attention"))].spacing(4);
    for i in issues {
        col = col.push(text(i.message).style(style::text::error));
    }
    col.into()
}

/// Draws this step.
pub fn view(state: &State) -> Element<'_, WizardMessage> {
    if state.wizard.is_register_only() {
        return register_only_view(state);
    }
    match state.wizard.to_plan() {
        Ok(plan) => {
            let dry = plan.dry_run();
            column![
                text(crate::fl!("wizard-summary-intro")).style(style::text::muted),
                preflight_block(state),
                writes(
                    crate::fl!("wizard-summary-on-primary"),
                    Step::Server,
                    dry.on_primary
                ),
                writes(
                    crate::fl!("wizard-summary-on-secondary"),
                    Step::Connection,
                    dry.on_secondary
                ),
                plan_file_block(state),
            ]
            .spacing(style::SECTION)
            .into()
        }
        Err(issues) => attention(issues),
    }
}
