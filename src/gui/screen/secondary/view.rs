//! How the page looks: the current settings, the form, the certificate from a drive or a file,
//! and after a save what changed and what the primary sees.

use iced::widget::{Space, button, checkbox, column, container, row, space, text, text_input};
use iced::{Alignment, Element, Length};
use time::OffsetDateTime;

use super::{
    CertificateSource, Message, PrimaryCheck, Question, State, dmz_label,
    fingerprint_confirm_label, ids, proxy_label, secondary_label,
};
use crate::gui::style;
use crate::gui::widget::{cert_card, field};
use crate::hierarchy::on_primary;
use crate::hierarchy::ops::{Change, SaveReport};
use crate::hierarchy::validate::{self, Field};
use crate::kloapi::MasterSrvSection;
use crate::removable::Candidate;
use crate::secrets::Secret;

impl State {
    /// Draws the page.
    pub fn view(&self) -> Element<'_, Message> {
        let mut page = column![
            text(crate::fl!("home-this-server-is-secondary")).size(style::TITLE_SIZE),
            text(crate::fl!("secondary-intro", server = self.server.as_str()))
                .style(style::text::muted),
        ]
        .spacing(style::GAP);
        if let Some(e) = &self.load_error {
            page = page.push(text(e.clone()).style(style::text::error)).push(
                button(text(crate::fl!("wizard-try-again")))
                    .style(style::button::secondary)
                    .on_press_maybe(self.busy.is_none().then_some(Message::RetryPressed)),
            );
        }
        if let Some(current) = &self.current {
            page = page.push(current_view(current));
            if let Some(n) = &self.note {
                page = page.push(text(n.clone()).style(style::text::warning));
            }
            page = page.push(self.form_view());
        }
        if let Some(busy) = &self.busy {
            page = page.push(text(busy.clone()).style(style::text::muted));
        }
        if let Some(e) = &self.save_error {
            page = page.push(
                text(crate::fl!("secondary-not-saved", error = e.as_str()))
                    .style(style::text::error),
            );
        }
        if let Some(w) = &self.keyring_warning {
            page = page.push(text(w.clone()).style(style::text::warning));
        }
        if let Some(r) = &self.report {
            page = page.push(report_view(r, self.primary_check.as_ref()));
        }
        crate::gui::widget::page::with_footer(
            page.padding(style::PAGE_PADDING).width(Length::Fill),
            self.footer(),
        )
    }

    fn footer(&self) -> Element<'_, Message> {
        let ask = |q: String, yes: String, on_yes: Message| {
            row![
                text(q).width(Length::Fill),
                button(text(crate::fl!("wizard-keep-editing")))
                    .style(style::button::secondary)
                    .on_press(Message::KeepEditing),
                button(text(yes))
                    .style(style::button::danger)
                    .on_press(on_yes),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .into()
        };
        match self.question {
            Some(Question::Leave) => ask(
                crate::fl!("secondary-leave-question"),
                crate::fl!("secondary-discard-changes"),
                Message::DiscardConfirmed,
            ),
            Some(Question::Detach) => ask(
                crate::fl!("secondary-detach-question"),
                crate::fl!("secondary-detach"),
                Message::DetachConfirmed,
            ),
            None => row![
                button(text(crate::fl!("wizard-back")))
                    .style(style::button::secondary)
                    .on_press_maybe(self.busy.is_none().then_some(Message::BackPressed)),
                space::horizontal(),
                text(if self.has_unsaved_changes() {
                    crate::fl!("secondary-unsaved")
                } else {
                    String::new()
                })
                .style(style::text::muted),
                button(text(crate::fl!("secondary-save")))
                    .style(style::button::primary)
                    .on_press_maybe(self.can_save().then_some(Message::SavePressed)),
            ]
            .spacing(style::GAP)
            .align_y(Alignment::Center)
            .into(),
        }
    }

    fn form_view(&self) -> Element<'_, Message> {
        let f = &self.form;
        let on = f.secondary && self.busy.is_none() && self.question.is_none();
        let mut col = column![
            checkbox(f.secondary)
                .style(style::checkbox::normal)
                .label(secondary_label())
                .on_toggle_maybe(
                    (self.busy.is_none() && self.question.is_none())
                        .then_some(Message::SecondaryToggled)
                ),
            input(
                ids::PRIMARY_ADDRESS,
                crate::fl!("secondary-primary-address"),
                "ksc-hq.example.com",
                &f.primary_address,
                false,
                on,
                self.error_at(Field::PrimaryAddress),
                Message::AddressChanged,
            ),
            input(
                ids::SSL_PORT,
                crate::fl!("secondary-primary-ssl-port"),
                "13000",
                &f.ssl_port,
                false,
                on,
                self.error_at(Field::SslPort),
                Message::SslPortChanged,
            ),
            self.certificate_view(on),
            checkbox(f.dmz)
                .style(style::checkbox::normal)
                .label(dmz_label())
                .on_toggle_maybe(on.then_some(Message::DmzToggled)),
            checkbox(f.use_proxy)
                .style(style::checkbox::normal)
                .label(proxy_label())
                .on_toggle_maybe(on.then_some(Message::ProxyToggled)),
        ]
        .spacing(style::GAP);
        if f.use_proxy {
            let p = on;
            col = col
                .push(input(
                    ids::PROXY_ADDRESS,
                    crate::fl!("secondary-proxy-address"),
                    "proxy.example.com",
                    &f.proxy_address,
                    false,
                    p,
                    self.error_at(Field::ProxyAddress),
                    Message::ProxyAddressChanged,
                ))
                .push(input(
                    ids::PROXY_PORT,
                    crate::fl!("secondary-proxy-port"),
                    "3128",
                    &f.proxy_port,
                    false,
                    p,
                    self.error_at(Field::ProxyPort),
                    Message::ProxyPortChanged,
                ))
                .push(input(
                    ids::PROXY_USER,
                    crate::fl!("secondary-proxy-user"),
                    "",
                    &f.proxy_user,
                    false,
                    p,
                    None,
                    Message::ProxyUserChanged,
                ))
                .push(input(
                    ids::PROXY_PASSWORD,
                    crate::fl!("secondary-proxy-password"),
                    "",
                    f.proxy_password.expose(),
                    true,
                    p,
                    self.error_at(Field::ProxyUser),
                    |s| Message::ProxyPasswordChanged(Secret::new(s)),
                ))
                .push(
                    text(crate::fl!("secondary-proxy-password-note"))
                        .size(style::SMALL_SIZE)
                        .style(style::text::muted),
                );
        }
        col.into()
    }

    fn certificate_view(&self, on: bool) -> Element<'_, Message> {
        let mut col = column![text(crate::fl!("secondary-certificate-title"))].spacing(6);
        match &self.scan {
            None => {
                col = col.push(text(crate::fl!("secondary-scanning")).style(style::text::muted))
            }
            Some(scan) if scan.candidates.is_empty() => {
                let msg = if scan.drives.is_empty() {
                    crate::fl!("secondary-no-drive")
                } else {
                    crate::fl!(
                        "secondary-no-certificate-on-drives",
                        count = scan.drives.len(),
                        drives = scan
                            .drives
                            .iter()
                            .map(|d| d.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                col = col.push(text(msg).style(style::text::muted));
            }
            Some(scan) => {
                col = col.push(text(crate::fl!("secondary-candidates")).style(style::text::muted));
                let chosen = self.form.certificate.as_ref().map(|c| &c.source);
                for (i, c) in scan.candidates.iter().enumerate() {
                    let selected = chosen == Some(&CertificateSource::Drive(c.path.clone()));
                    col = col.push(
                        button(candidate_line(c))
                            .width(Length::Fill)
                            .style(style::button::list_item(selected))
                            .on_press_maybe(on.then_some(Message::CandidatePicked(i))),
                    );
                }
            }
        }
        if let Some(scan) = &self.scan {
            for s in &scan.skipped {
                col = col.push(
                    text(crate::fl!(
                        "secondary-not-listed",
                        path = s.path.display().to_string(),
                        reason = s.reason.as_str()
                    ))
                    .size(style::SMALL_SIZE)
                    .style(style::text::muted),
                );
            }
        }
        let enabled = on.then_some(());
        col = col.push(
            row![
                button(text(crate::fl!("secondary-browse")))
                    .style(style::button::secondary)
                    .on_press_maybe(enabled.map(|()| Message::BrowsePressed)),
                button(text(crate::fl!("secondary-look-again")))
                    .style(style::button::secondary)
                    .on_press_maybe(enabled.map(|()| Message::RescanPressed)),
                button(text(crate::fl!("secondary-import-join-file")))
                    .style(style::button::secondary)
                    .on_press_maybe(
                        (self.busy.is_none() && self.question.is_none())
                            .then_some(Message::ImportJoinPressed)
                    ),
            ]
            .spacing(style::GAP),
        );
        let typed = [
            self.certificate_path.view(
                ids::CERTIFICATE_PATH,
                crate::fl!("dialog-path-placeholder"),
                Message::CertificatePath,
            ),
            self.join_path.view(
                ids::JOIN_PATH,
                crate::fl!("dialog-path-placeholder"),
                Message::JoinPath,
            ),
        ];
        for entry in typed.into_iter().flatten() {
            col = col.push(entry);
        }
        if let Some(e) = &self.certificate_error {
            col = col.push(text(e.clone()).style(style::text::error));
        }
        if let Some(e) = &self.join_error {
            col = col.push(text(e.clone()).style(style::text::error));
        }
        if let Some(c) = &self.form.certificate {
            let source = match &c.source {
                CertificateSource::OnServer => crate::fl!("secondary-source-server"),
                CertificateSource::File(p) => {
                    crate::fl!("secondary-source-file", path = p.display().to_string())
                }
                CertificateSource::Drive(p) => {
                    crate::fl!("secondary-source-drive", path = p.display().to_string())
                }
                CertificateSource::JoinFile(p) => {
                    crate::fl!("secondary-source-join-file", path = p.display().to_string())
                }
                CertificateSource::Fetched { host, port } => crate::fl!(
                    "wizard-certificate-presented-by",
                    address = validate::host_port(host, *port)
                ),
            };
            col = col.push(text(source));
            if c.needs_confirmation() {
                // Above the card, where it is seen first: a file on a drive or in the mail proves
                // nothing about who made it, only the comparison does.
                col = col.push(
                    container(
                        column![
                            text(crate::fl!("secondary-compare-fingerprint")),
                            // 95 characters with no space: broken anywhere rather than run
                            // past the box in a narrow window.
                            text(c.details.sha256_colon())
                                .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
                            checkbox(c.confirmed)
                                .style(style::checkbox::normal)
                                .label(fingerprint_confirm_label())
                                .on_toggle_maybe(
                                    (self.busy.is_none() && self.question.is_none())
                                        .then_some(Message::FingerprintConfirmed)
                                ),
                        ]
                        .spacing(6),
                    )
                    .padding(10)
                    .width(Length::Fill)
                    .style(style::container::notice),
                );
            }
            col = col.push(cert_card::view(
                &c.details,
                &c.details.warnings(OffsetDateTime::now_utc()),
            ));
        }
        if let Some(e) = self.error_at(Field::Certificate) {
            col = col.push(text(e).style(style::text::error));
        }
        col.into()
    }
}

/// A labelled text input, disabled unless `enabled`.
#[allow(clippy::too_many_arguments)]
fn input<'a>(
    id: &'static str,
    label: String,
    placeholder: &'a str,
    value: &'a str,
    secure: bool,
    enabled: bool,
    error: Option<String>,
    on_input: impl Fn(String) -> Message + 'a,
) -> Element<'a, Message> {
    let invalid = error.is_some();
    let i = text_input(placeholder, value)
        .id(id)
        .secure(secure)
        .on_input_maybe(enabled.then_some(on_input))
        .padding(6)
        .width(Length::Fill)
        .style(if invalid {
            style::text_input::invalid
        } else {
            style::text_input::normal
        });
    field::labelled(label, i.into(), error)
}

fn candidate_line(c: &Candidate) -> Element<'_, Message> {
    column![
        text(c.display_name()),
        text(crate::fl!(
            "secondary-candidate-details",
            fingerprint = c.details.sha256_colon(),
            date = cert_card::show_date(c.details.not_after)
        ))
        .size(style::SMALL_SIZE),
    ]
    .spacing(2)
    .into()
}

/// The section as the server has it now, in words.
fn current_view(s: &MasterSrvSection) -> Element<'_, Message> {
    let mut col = column![].spacing(4);
    if !s.use_master {
        col = col.push(text(crate::fl!("secondary-now-not-secondary")));
    } else {
        let ports = s
            .ports
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        col = col.push(text(crate::fl!(
            "secondary-now-secondary",
            address = s
                .address
                .clone()
                .unwrap_or_else(|| crate::fl!("secondary-now-no-address")),
            ports = if ports.is_empty() {
                crate::fl!("secondary-now-no-port")
            } else {
                ports
            }
        )));
        let cert = match s.ssl_cert.as_deref().map(crate::cert::parse_certificate) {
            Some(Ok(d)) => crate::fl!(
                "secondary-now-certificate",
                fingerprint = d.sha256_colon(),
                date = cert_card::show_date(d.not_after)
            ),
            Some(Err(_)) => crate::fl!("secondary-now-certificate-unreadable"),
            None => crate::fl!("secondary-now-certificate-none"),
        };
        col = col.push(text(cert));
        col = col.push(text(if s.passive_slave {
            crate::fl!("secondary-now-dmz")
        } else {
            crate::fl!("secondary-now-no-dmz")
        }));
        let location = s
            .proxy_location
            .clone()
            .unwrap_or_else(|| crate::fl!("secondary-now-no-address"));
        col = col.push(text(match (s.proxy_use, s.proxy_login.as_deref()) {
            (false, _) => crate::fl!("secondary-now-no-proxy"),
            (true, None) => crate::fl!("secondary-now-proxy", location = location),
            (true, Some(user)) => {
                crate::fl!("secondary-now-proxy-user", location = location, user = user)
            }
        }));
    }
    container(col)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::card)
        .into()
}

fn change_line(c: &Change) -> Element<'_, Message> {
    let show = |v: &str| {
        if v.is_empty() {
            crate::fl!("secondary-change-empty")
        } else {
            v.to_string()
        }
    };
    text(crate::fl!(
        "secondary-change",
        setting = crate::hierarchy::ops::setting_label(&c.name),
        before = show(&c.before),
        after = show(&c.after)
    ))
    .size(style::SMALL_SIZE)
    .into()
}

/// What the primary's admin sees, when the app could not ask the primary itself.
fn primary_admin_sees() -> String {
    crate::fl!("secondary-primary-admin-sees")
}

/// The lines about the primary after a save that made this server secondary.
fn primary_lines(check: Option<&PrimaryCheck>) -> Vec<Element<'_, Message>> {
    let plain = |t: String| -> Element<'_, Message> { text(t).into() };
    match check {
        None => vec![plain(primary_admin_sees())],
        Some(PrimaryCheck::Skipped(why)) => vec![
            plain(primary_admin_sees()),
            text(why.clone()).style(style::text::muted).into(),
        ],
        Some(PrimaryCheck::Failed { primary, error }) => vec![
            plain(primary_admin_sees()),
            text(crate::fl!(
                "secondary-check-failed",
                primary = primary.as_str(),
                error = error.as_str()
            ))
            .style(style::text::warning)
            .into(),
        ],
        Some(PrimaryCheck::Running {
            primary,
            waited,
            last,
        }) => {
            let mut lines = vec![
                text(crate::fl!(
                    "secondary-check-running",
                    primary = primary.as_str(),
                    seconds = waited.as_secs()
                ))
                .style(style::text::muted)
                .into(),
            ];
            if let Some(seen) = last {
                lines.extend(
                    on_primary::describe(primary, Some(seen))
                        .into_iter()
                        .map(plain),
                );
            }
            lines
        }
        Some(PrimaryCheck::Done { primary, seen }) => {
            let mut lines: Vec<Element<'_, Message>> = on_primary::describe(primary, seen.as_ref())
                .into_iter()
                .map(plain)
                .collect();
            if seen.is_none() {
                lines[0] = text(crate::fl!(
                    "onprimary-not-registered",
                    primary = primary.as_str()
                ))
                .style(style::text::warning)
                .into();
            }
            lines
        }
    }
}

/// What the save changed, and what happens next on the primary.
fn report_view<'a>(r: &'a SaveReport, check: Option<&'a PrimaryCheck>) -> Element<'a, Message> {
    let saved = match &r.read_back_failed {
        None => text(crate::fl!(
            "secondary-saved",
            time = cert_card::show_date(r.saved_at),
            count = r.changes.len()
        ))
        .style(style::text::success),
        Some(error) => text(crate::fl!(
            "secondary-saved-not-read-back",
            time = cert_card::show_date(r.saved_at),
            error = error.as_str()
        ))
        .style(style::text::warning),
    };
    let mut col = column![saved].spacing(4);
    for c in &r.changes {
        col = col.push(change_line(c));
    }
    col = col.push(Space::new().height(6));
    if r.after.use_master {
        for line in primary_lines(check) {
            col = col.push(line);
        }
    } else {
        col = col.push(text(crate::fl!("secondary-detached")));
    }
    container(col)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::notice)
        .into()
}
