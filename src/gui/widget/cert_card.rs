//! The certificate card: what an admin compares before trusting a certificate.

use iced::widget::{column, container, row, text};
use iced::{Element, Length};
use time::OffsetDateTime;

use crate::cert::{CertWarning, CertificateDetails};
use crate::gui::style;
use crate::tls::Pin;

/// A date as `2025-03-01 12:00 UTC`.
pub fn show_date(t: OffsetDateTime) -> String {
    crate::cert::show_date(t)
}

fn line<'a, M: 'a>(label: String, value: String) -> Element<'a, M> {
    row![
        text(label).width(160).style(style::text::muted),
        // Fingerprints are one long word: break them rather than cut them off.
        text(value)
            .width(Length::Fill)
            .wrapping(iced::widget::text::Wrapping::WordOrGlyph)
    ]
    .spacing(style::GAP)
    .into()
}

/// The card: subject, issuer, validity, key, SHA-256 and MD5 fingerprints, and `warnings`.
pub fn view<'a, M: 'a>(
    details: &'a CertificateDetails,
    warnings: &[CertWarning],
) -> Element<'a, M> {
    let key = match details.key_bits {
        Some(bits) => crate::fl!(
            "cert-card-key-bits",
            algorithm = details.key_algorithm.as_str(),
            bits = bits
        ),
        None => details.key_algorithm.clone(),
    };
    let mut body = column![
        line(crate::fl!("cert-card-subject"), details.subject.clone()),
        line(
            crate::fl!("cert-card-issuer"),
            if details.self_signed {
                crate::fl!("cert-card-self-signed", issuer = details.issuer.as_str())
            } else {
                details.issuer.clone()
            }
        ),
        line(
            crate::fl!("cert-card-valid"),
            crate::fl!(
                "cert-card-validity",
                from = show_date(details.not_before),
                to = show_date(details.not_after)
            )
        ),
        line(crate::fl!("cert-card-key"), key),
        line("SHA-256".to_string(), details.sha256_colon()),
        line("MD5".to_string(), details.md5_hex()),
    ]
    .spacing(4);
    for w in warnings {
        body = body.push(
            text(crate::fl!("cert-card-warning", warning = w.to_string()))
                .style(style::text::warning),
        );
    }
    container(body)
        .padding(12)
        .width(Length::Fill)
        .style(style::container::card)
        .into()
}

/// One side of [`compare`]: a heading, the validity and the SHA-256 fingerprint.
fn side<'a, M: 'a>(heading: String, validity: String, sha256: String) -> Element<'a, M> {
    let item = |label: String, value: String| {
        column![
            text(label)
                .size(style::SMALL_SIZE)
                .style(style::text::muted),
            text(value)
                .width(Length::Fill)
                .wrapping(iced::widget::text::Wrapping::WordOrGlyph),
        ]
        .spacing(2)
    };
    container(
        column![
            text(heading),
            item(crate::fl!("cert-card-valid"), validity),
            item("SHA-256".to_string(), sha256),
        ]
        .spacing(6),
    )
    .padding(10)
    .width(Length::Fill)
    .style(style::container::card)
    .into()
}

/// The trusted certificate and the one presented now side by side, by validity and SHA-256:
/// what an admin compares when a server's certificate changed. `old` is `None` when only the
/// trusted fingerprint was kept.
pub fn compare<'a, M: 'a>(
    old_pin: Pin,
    old: Option<&CertificateDetails>,
    new: &CertificateDetails,
) -> Element<'a, M> {
    let validity = |d: &CertificateDetails| {
        crate::fl!(
            "cert-card-validity",
            from = show_date(d.not_before),
            to = show_date(d.not_after)
        )
    };
    row![
        side(
            crate::fl!("cert-life-trusted"),
            old.map_or_else(|| crate::fl!("cert-life-validity-unknown"), validity),
            old_pin.colon_hex(),
        ),
        side(
            crate::fl!("cert-life-presented"),
            validity(new),
            new.sha256_colon(),
        ),
    ]
    .spacing(style::GAP)
    .into()
}
