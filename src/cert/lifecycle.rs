//! How a KSC server certificate stands over its life, and what a change of certificate is
//! consistent with.
//!
//! KSC's own certificate (`klserver.cer`) is self-signed and valid for at most 397 days (five
//! years when it was made before 2020-09-01). Ninety days before it expires the server makes a
//! reserve certificate and swaps it in one day before expiry; a custom certificate is never
//! reissued. Reinstalling the server or running `klsetsrvcert` gives it a new certificate at any
//! time (docs/hierarchy-rules.md section 7; KSC 12 help 3322, KSC Linux 13 help 206479).
//!
//! Nothing here decides whether to trust a certificate: a changed certificate is always
//! confirmed again by the admin, by its fingerprint. These rules only choose what to tell them.

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::{CertificateDetails, show_date};

/// Longest validity of a certificate KSC makes (and accepts from `klsetsrvcert`) since 2020-09-01.
pub const MAX_LIFETIME_DAYS: i64 = 397;
/// Validity of the certificates KSC made before 2020-09-01, in years.
pub const LEGACY_LIFETIME_YEARS: i64 = 5;
/// KSC makes its reserve certificate this many days before the current one expires.
pub const RESERVE_DAYS: i64 = 90;
/// Within this many days of expiry the warning gets louder.
pub const URGENT_DAYS: i64 = 30;
/// KSC swaps its reserve certificate in this many days before the current one expires.
pub const SWAP_DAYS: i64 = 1;

/// Certificates made before this moment by KSC 12.2 or earlier were valid for five years.
pub const LIFETIME_RULE_SINCE: OffsetDateTime = datetime!(2020-09-01 0:00 UTC);

/// Certificate generators backdate `not_before` against clock differences (the simulator by a
/// day), and Kaspersky names no hour for the reserve: day-sized judgements get this leeway.
const LEEWAY: Duration = Duration::days(2);

/// Where a certificate is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// `not_before` is still ahead (a clock is off).
    NotYetValid,
    /// More than [`RESERVE_DAYS`] left.
    Valid,
    /// [`RESERVE_DAYS`] or fewer left: KSC has made its reserve certificate; a custom one must
    /// be replaced by hand.
    ReserveDue,
    /// [`URGENT_DAYS`] or fewer left.
    ExpiresSoon,
    /// `not_after` has passed.
    Expired,
}

/// How a certificate stands at a given moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Where it is in its life.
    pub stage: Stage,
    /// Time until `not_after` (negative once expired).
    pub remaining: Duration,
    /// Start of validity.
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// Issued before 2020-09-01, when KSC's certificates were valid for five years.
    pub legacy_lifetime: bool,
    /// Not one KSC makes itself (issued by another, or valid longer than KSC makes them):
    /// KSC never reissues it.
    pub custom: bool,
    /// Who issued it.
    pub issuer: String,
}

impl Standing {
    /// Whole days left, rounded down; 0 once expired.
    pub fn days_left(&self) -> i64 {
        self.remaining.whole_days().max(0)
    }

    /// When KSC makes its reserve certificate: 90 days before expiry.
    pub fn reserve_from(&self) -> OffsetDateTime {
        self.not_after - Duration::days(RESERVE_DAYS)
    }

    /// When KSC swaps its reserve certificate in: one day before expiry.
    pub fn swap_on(&self) -> OffsetDateTime {
        self.not_after - Duration::days(SWAP_DAYS)
    }

    /// Whether the admin should hear about it before connecting.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self.stage,
            Stage::ReserveDue | Stage::ExpiresSoon | Stage::Expired
        )
    }

    /// Whether it should be said loudly: 30 days or fewer left, or expired.
    pub fn urgent(&self) -> bool {
        matches!(self.stage, Stage::ExpiresSoon | Stage::Expired)
    }

    /// What to tell the admin about the pinned certificate of the server being connected to,
    /// when it needs attention; in the current language.
    pub fn notice(&self) -> Option<String> {
        let date = show_date(self.not_after);
        let days = self.days_left();
        let mut text = match (self.stage, self.custom) {
            (Stage::ReserveDue, false) => crate::fl!(
                "cert-life-reserve-due",
                date = date,
                days = days,
                swap = show_date(self.swap_on())
            ),
            (Stage::ExpiresSoon, false) => crate::fl!(
                "cert-life-expires-soon",
                date = date,
                days = days,
                swap = show_date(self.swap_on())
            ),
            (Stage::ReserveDue | Stage::ExpiresSoon, true) => crate::fl!(
                "cert-life-custom-due",
                date = date,
                days = days,
                issuer = self.issuer.as_str()
            ),
            (Stage::Expired, false) => crate::fl!("cert-life-expired", date = date),
            (Stage::Expired, true) => crate::fl!(
                "cert-life-custom-expired",
                date = date,
                issuer = self.issuer.as_str()
            ),
            (Stage::Valid | Stage::NotYetValid, _) => return None,
        };
        if self.legacy_lifetime {
            text.push(' ');
            text.push_str(&crate::fl!(
                "cert-life-legacy",
                date = show_date(self.not_before)
            ));
        }
        Some(text)
    }
}

/// Whether `cert` was issued before 2020-09-01, when KSC's certificates were valid five years.
pub fn issued_under_legacy_lifetime(cert: &CertificateDetails) -> bool {
    cert.not_before < LIFETIME_RULE_SINCE
}

/// Whether `cert` cannot be one KSC made itself: issued by another, or valid for longer than
/// KSC makes them (397 days; five years before 2020-09-01). A self-signed custom certificate
/// within those bounds cannot be told apart and counts as KSC's.
pub fn is_custom(cert: &CertificateDetails) -> bool {
    let longest = if issued_under_legacy_lifetime(cert) {
        Duration::days(LEGACY_LIFETIME_YEARS * 366)
    } else {
        Duration::days(MAX_LIFETIME_DAYS)
    };
    !cert.self_signed || cert.not_after - cert.not_before > longest + LEEWAY
}

/// How `cert` stands at `now`: days left, and whether its expiry is near (KSC's reserve is due
/// from 90 days before, and it is loud from 30 days before).
pub fn standing(cert: &CertificateDetails, now: OffsetDateTime) -> Standing {
    let remaining = cert.not_after - now;
    let stage = if now > cert.not_after {
        Stage::Expired
    } else if now < cert.not_before {
        Stage::NotYetValid
    } else if remaining <= Duration::days(URGENT_DAYS) {
        Stage::ExpiresSoon
    } else if remaining <= Duration::days(RESERVE_DAYS) {
        Stage::ReserveDue
    } else {
        Stage::Valid
    };
    Standing {
        stage,
        remaining,
        not_before: cert.not_before,
        not_after: cert.not_after,
        legacy_lifetime: issued_under_legacy_lifetime(cert),
        custom: is_custom(cert),
        issuer: cert.issuer.clone(),
    }
}

/// What a change from the pinned certificate to the presented one is consistent with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Both are the same certificate.
    Same,
    /// KSC's automatic swap to its reserve certificate: the trusted one was within 90 days of
    /// its expiry (or past it), and the new one was made after its reserve date, by the server
    /// itself, for the same names. Likely expected, still confirmed by fingerprint.
    ReserveSwap,
    /// Not KSC's automatic swap: the server was reinstalled or given another certificate
    /// (`klsetsrvcert`), or someone is in between. Says why it is not the swap.
    Replaced(Vec<NotASwap>),
}

/// Why a change of certificate is not KSC's automatic reserve swap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotASwap {
    /// The trusted certificate had more than 90 days left: KSC had made no reserve yet.
    OldNotDue {
        /// Its expiry.
        not_after: OffsetDateTime,
    },
    /// The trusted certificate is a custom one, which KSC never reissues.
    OldCustom {
        /// Who issued it.
        issuer: String,
    },
    /// The new certificate was issued before KSC would make the reserve.
    NewIssuedEarly {
        /// When the new one was issued.
        issued: OffsetDateTime,
        /// The trusted one's reserve date (90 days before its expiry).
        reserve_from: OffsetDateTime,
    },
    /// The new certificate is for other names.
    OtherNames {
        /// The trusted one's names.
        old: Vec<String>,
        /// The new one's names.
        new: Vec<String>,
    },
    /// The new certificate is not one KSC makes (issued by another, or valid for longer).
    NewCustom {
        /// Who issued it.
        issuer: String,
        /// Its validity in days.
        days: i64,
    },
    /// The new certificate is not valid now.
    NewNotValidNow {
        /// Start of its validity.
        not_before: OffsetDateTime,
        /// End of its validity.
        not_after: OffsetDateTime,
    },
}

impl std::fmt::Display for NotASwap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In the current language (see `crate::i18n`).
        f.write_str(&match self {
            NotASwap::OldNotDue { not_after } => {
                crate::fl!("cert-life-why-old-not-due", date = show_date(*not_after))
            }
            NotASwap::OldCustom { issuer } => {
                crate::fl!("cert-life-why-old-custom", issuer = issuer.as_str())
            }
            NotASwap::NewIssuedEarly {
                issued,
                reserve_from,
            } => crate::fl!(
                "cert-life-why-new-early",
                issued = show_date(*issued),
                reserve = show_date(*reserve_from)
            ),
            NotASwap::OtherNames { old, new } => crate::fl!(
                "cert-life-why-other-names",
                old = old.join(", "),
                new = new.join(", ")
            ),
            NotASwap::NewCustom { issuer, days } => crate::fl!(
                "cert-life-why-new-custom",
                issuer = issuer.as_str(),
                days = days.to_string()
            ),
            NotASwap::NewNotValidNow {
                not_before,
                not_after,
            } => crate::fl!(
                "cert-life-why-new-not-valid",
                from = show_date(*not_before),
                to = show_date(*not_after)
            ),
        })
    }
}

/// The names a certificate is for: its subject alternative names without their `DNS:` / `IP:`
/// prefixes, lowercased and sorted; its subject when it has none.
pub fn names(cert: &CertificateDetails) -> Vec<String> {
    let mut out: Vec<String> = cert
        .subject_alt_names
        .iter()
        .map(|n| {
            n.split_once(':')
                .map_or(n.as_str(), |(_, v)| v)
                .to_lowercase()
        })
        .collect();
    if out.is_empty() {
        out.push(cert.subject.clone());
    }
    out.sort();
    out.dedup();
    out
}

/// Judges the change from the pinned certificate `old` to the presented `new` at `now`: is it
/// consistent with KSC's automatic reserve swap, and if not, why not.
pub fn judge_change(
    old: &CertificateDetails,
    new: &CertificateDetails,
    now: OffsetDateTime,
) -> Change {
    if old.sha256 == new.sha256 {
        return Change::Same;
    }
    let was = standing(old, now);
    let mut why = Vec::new();
    if was.custom {
        why.push(NotASwap::OldCustom {
            issuer: old.issuer.clone(),
        });
    }
    if was.remaining > Duration::days(RESERVE_DAYS) + LEEWAY {
        why.push(NotASwap::OldNotDue {
            not_after: old.not_after,
        });
    }
    if new.not_before < was.reserve_from() - LEEWAY {
        why.push(NotASwap::NewIssuedEarly {
            issued: new.not_before,
            reserve_from: was.reserve_from(),
        });
    }
    let (old_names, new_names) = (names(old), names(new));
    // Distinguished names compare without regard to case (RFC 5280, caseIgnoreMatch).
    if !old.subject.eq_ignore_ascii_case(&new.subject) || old_names != new_names {
        why.push(NotASwap::OtherNames {
            old: old_names,
            new: new_names,
        });
    }
    if is_custom(new) {
        why.push(NotASwap::NewCustom {
            issuer: new.issuer.clone(),
            days: (new.not_after - new.not_before).whole_days(),
        });
    }
    if now > new.not_after || now + LEEWAY < new.not_before {
        why.push(NotASwap::NewNotValidNow {
            not_before: new.not_before,
            not_after: new.not_after,
        });
    }
    if why.is_empty() {
        Change::ReserveSwap
    } else {
        Change::Replaced(why)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::cert::Format;

    /// A fixed "now" for every judgement.
    const NOW: OffsetDateTime = datetime!(2025-06-01 12:00 UTC);

    fn cert(
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        names: &[&str],
        tag: &str,
    ) -> CertificateDetails {
        let cn = names.first().copied().unwrap_or("klserver");
        let der = format!("{tag}{not_before}{not_after}").into_bytes();
        CertificateDetails {
            sha256: crate::tls::Pin::of_der(&der).as_bytes().to_owned(),
            md5: [0; 16],
            der,
            subject: format!("CN={cn}"),
            issuer: format!("CN={cn}"),
            serial_hex: "01".into(),
            not_before,
            not_after,
            key_algorithm: "RSA".into(),
            key_bits: Some(2048),
            key_usage: Vec::new(),
            extended_key_usage: Vec::new(),
            basic_constraints: None,
            subject_alt_names: names.iter().map(|n| format!("DNS:{n}")).collect(),
            self_signed: true,
            source_format: Format::Der,
        }
    }

    /// A KSC certificate of 397 days that expires `left` after [`NOW`].
    fn expiring_in(left: Duration) -> CertificateDetails {
        let not_after = NOW + left;
        cert(
            not_after - Duration::days(MAX_LIFETIME_DAYS),
            not_after,
            &["ksc.corp.example", "127.0.0.1"],
            "old",
        )
    }

    /// The reserve KSC makes for `old` at its 90-day mark.
    fn reserve_of(old: &CertificateDetails) -> CertificateDetails {
        let made = old.not_after - Duration::days(RESERVE_DAYS);
        cert(
            made - Duration::days(1),
            made + Duration::days(MAX_LIFETIME_DAYS),
            &["KSC.corp.example", "127.0.0.1"],
            "reserve",
        )
    }

    #[test]
    fn standing_at_the_day_boundaries() {
        let at = |days: i64| standing(&expiring_in(Duration::days(days)), NOW);
        let s = at(91);
        assert_eq!((s.stage, s.days_left()), (Stage::Valid, 91));
        assert!(!s.needs_attention());
        assert_eq!(s.notice(), None);
        let s = at(90);
        assert_eq!((s.stage, s.days_left()), (Stage::ReserveDue, 90));
        assert!(s.needs_attention() && !s.urgent());
        let s = at(31);
        assert_eq!((s.stage, s.days_left()), (Stage::ReserveDue, 31));
        let s = at(30);
        assert_eq!((s.stage, s.days_left()), (Stage::ExpiresSoon, 30));
        assert!(s.urgent());
        let s = at(1);
        assert_eq!((s.stage, s.days_left()), (Stage::ExpiresSoon, 1));
        assert_eq!(s.swap_on(), NOW);
        // At the very last moment it is still valid (notAfter is inclusive), with 0 days left.
        let s = at(0);
        assert_eq!((s.stage, s.days_left()), (Stage::ExpiresSoon, 0));
        let s = standing(&expiring_in(Duration::hours(12)), NOW);
        assert_eq!((s.stage, s.days_left()), (Stage::ExpiresSoon, 0));
        // A second later it has expired.
        let s = standing(&expiring_in(-Duration::seconds(1)), NOW);
        assert_eq!((s.stage, s.days_left()), (Stage::Expired, 0));
        assert!(s.urgent());
        let s = at(-10);
        assert_eq!(s.stage, Stage::Expired);
        assert_eq!(s.remaining, Duration::days(-10));
        // Issued in the future: a clock is off.
        let c = cert(NOW + Duration::days(1), NOW + Duration::days(300), &[], "f");
        assert_eq!(standing(&c, NOW).stage, Stage::NotYetValid);
    }

    #[test]
    fn reserve_and_swap_dates_follow_the_expiry() {
        let s = standing(&expiring_in(Duration::days(40)), NOW);
        assert_eq!(s.reserve_from(), NOW - Duration::days(50));
        assert_eq!(s.swap_on(), NOW + Duration::days(39));
    }

    #[test]
    fn notices_name_the_date_and_grow_louder() {
        crate::i18n::set_language(Some("en")).unwrap();
        let c = expiring_in(Duration::days(60));
        let n = standing(&c, NOW).notice().unwrap();
        assert!(n.contains(&show_date(c.not_after)), "{n}");
        assert!(n.contains("60 days"), "{n}");
        assert!(n.contains("reserve certificate"), "{n}");
        assert!(
            n.contains(&show_date(c.not_after - Duration::days(1))),
            "{n}"
        );
        let n = standing(&expiring_in(Duration::days(20)), NOW)
            .notice()
            .unwrap();
        assert!(n.contains("20 days"), "{n}");
        let n = standing(&expiring_in(Duration::hours(3)), NOW)
            .notice()
            .unwrap();
        assert!(n.contains("less than a day"), "{n}");
        let c = expiring_in(-Duration::days(3));
        let n = standing(&c, NOW).notice().unwrap();
        assert!(n.contains("expired on"), "{n}");
        assert!(n.contains(&show_date(c.not_after)), "{n}");
        // A custom certificate is never reissued: said so, naming its issuer.
        let mut custom = expiring_in(Duration::days(60));
        custom.issuer = "CN=Corp Issuing CA".into();
        custom.self_signed = false;
        let s = standing(&custom, NOW);
        assert!(s.custom);
        let n = s.notice().unwrap();
        assert!(
            n.contains("CN=Corp Issuing CA") && n.contains("by hand"),
            "{n}"
        );
    }

    #[test]
    fn certificates_issued_before_september_2020_had_five_years() {
        let old = cert(
            datetime!(2019-03-01 0:00 UTC),
            datetime!(2024-03-01 0:00 UTC),
            &["ksc"],
            "legacy",
        );
        assert!(issued_under_legacy_lifetime(&old));
        assert!(!is_custom(&old), "five years was KSC's own lifetime then");
        let s = standing(&old, datetime!(2024-01-15 0:00 UTC));
        assert!(s.legacy_lifetime);
        assert_eq!(s.stage, Stage::ReserveDue);
        crate::i18n::set_language(Some("en")).unwrap();
        let n = s.notice().unwrap();
        assert!(n.contains("1 September 2020"), "{n}");
        // The same five years issued after the change is not one KSC makes.
        let late = cert(
            datetime!(2020-09-02 0:00 UTC),
            datetime!(2025-09-02 0:00 UTC),
            &["ksc"],
            "late",
        );
        assert!(!issued_under_legacy_lifetime(&late));
        assert!(is_custom(&late));
        // The last moment before the change still counts as before it.
        let edge = cert(
            LIFETIME_RULE_SINCE - Duration::seconds(1),
            LIFETIME_RULE_SINCE + Duration::days(5 * 365),
            &["ksc"],
            "edge",
        );
        assert!(issued_under_legacy_lifetime(&edge));
        let on = cert(
            LIFETIME_RULE_SINCE,
            LIFETIME_RULE_SINCE + Duration::days(397),
            &["ksc"],
            "on",
        );
        assert!(!issued_under_legacy_lifetime(&on) && !is_custom(&on));
    }

    #[test]
    fn a_reserve_swapped_in_near_expiry_is_recognised() {
        for left in [
            Duration::days(1),
            Duration::days(30),
            Duration::days(90),
            Duration::hours(2),
            -Duration::days(5),
        ] {
            let old = expiring_in(left);
            let new = reserve_of(&old);
            assert_eq!(judge_change(&old, &new, NOW), Change::ReserveSwap, "{left}");
        }
        let old = expiring_in(Duration::days(10));
        assert_eq!(judge_change(&old, &old, NOW), Change::Same);
    }

    #[test]
    fn a_new_certificate_far_from_expiry_is_not_the_swap() {
        let old = expiring_in(Duration::days(200));
        let new = cert(
            NOW - Duration::days(1),
            NOW + Duration::days(396),
            &["ksc.corp.example", "127.0.0.1"],
            "reinstalled",
        );
        assert_eq!(
            judge_change(&old, &new, NOW),
            Change::Replaced(vec![
                NotASwap::OldNotDue {
                    not_after: old.not_after
                },
                NotASwap::NewIssuedEarly {
                    issued: new.not_before,
                    reserve_from: old.not_after - Duration::days(RESERVE_DAYS),
                },
            ])
        );
        // 91 days left is not yet the reserve's time either, beyond the leeway of two days.
        let old = expiring_in(Duration::days(93));
        assert!(matches!(
            judge_change(&old, &new, NOW),
            Change::Replaced(why) if why.contains(&NotASwap::OldNotDue { not_after: old.not_after })
        ));
    }

    #[test]
    fn a_new_certificate_for_other_names_or_issued_early_or_custom_is_not_the_swap() {
        let old = expiring_in(Duration::days(10));
        // Another server's certificate (someone in between): other names.
        let other = cert(
            NOW - Duration::days(1),
            NOW + Duration::days(396),
            &["proxy.example"],
            "x",
        );
        let Change::Replaced(why) = judge_change(&old, &other, NOW) else {
            panic!()
        };
        assert_eq!(
            why,
            vec![NotASwap::OtherNames {
                old: vec!["127.0.0.1".into(), "ksc.corp.example".into()],
                new: vec!["proxy.example".into()],
            }]
        );
        // Issued long before the reserve could be made.
        let early = cert(
            old.not_after - Duration::days(200),
            old.not_after + Duration::days(197),
            &["ksc.corp.example", "127.0.0.1"],
            "early",
        );
        assert!(matches!(
            judge_change(&old, &early, NOW),
            Change::Replaced(why) if matches!(why.as_slice(), [NotASwap::NewIssuedEarly { .. }])
        ));
        // Issued by a CA: a custom certificate put in by hand.
        let mut by_ca = reserve_of(&old);
        by_ca.self_signed = false;
        by_ca.issuer = "CN=Corp CA".into();
        assert!(matches!(
            judge_change(&old, &by_ca, NOW),
            Change::Replaced(why) if matches!(why.as_slice(), [NotASwap::NewCustom { .. }])
        ));
        // A custom trusted certificate is never reissued by KSC.
        let mut custom_old = old.clone();
        custom_old.self_signed = false;
        custom_old.issuer = "CN=Corp CA".into();
        assert!(matches!(
            judge_change(&custom_old, &reserve_of(&old), NOW),
            Change::Replaced(why) if matches!(why.as_slice(), [NotASwap::OldCustom { .. }])
        ));
        // A new certificate that has already expired.
        let stale = cert(
            old.not_after - Duration::days(89),
            NOW - Duration::days(1),
            &["ksc.corp.example", "127.0.0.1"],
            "stale",
        );
        assert!(matches!(
            judge_change(&old, &stale, NOW),
            Change::Replaced(why) if matches!(why.as_slice(), [NotASwap::NewNotValidNow { .. }])
        ));
    }

    #[test]
    fn reasons_read_as_sentences() {
        crate::i18n::set_language(Some("en")).unwrap();
        let r = NotASwap::OtherNames {
            old: vec!["a".into(), "b".into()],
            new: vec!["c".into()],
        }
        .to_string();
        assert!(r.contains("a, b") && r.contains('c'), "{r}");
    }
}
