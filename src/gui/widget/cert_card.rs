//! The certificate card: what an admin compares before trusting a certificate.

use iced::widget::{column, container, row, text};
use iced::{Element, Length};
use time::OffsetDateTime;

use crate::cert::{CertWarning, CertificateDetails};
use crate::gui::style;

/// A date as `2025-03-01 12:00 UTC`.
pub fn show_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
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
