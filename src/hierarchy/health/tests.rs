use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::load::ssl_endpoint;
use super::*;

const NOW: OffsetDateTime = datetime!(2025-06-01 12:00:00 UTC);

fn row(id: i32) -> Row {
    Row {
        path: vec![id],
        name: format!("branch-{id:03}"),
        group_id: Some(5),
        group: "Managed devices/Branch offices".into(),
        status: Some(ServerStatus::Active),
        version: Some("14.2.0.26967".into()),
        primary_version: Some("14.2.0.26967".into()),
        passive: false,
        address: None,
        master_address: Some("ksc-hq.corp.example".into()),
        instance_id: None,
        last_connected: Some(NOW - Duration::minutes(1)),
        registered: Registered::Read {
            not_after: NOW + Duration::days(300),
            md5: "00112233445566778899aabbccddeeff".into(),
        },
        public_key_hash: Some("00112233445566778899AABBCCDDEEFF".into()),
        presented: Presented::Matches(Via::Gateway),
        nested: Nested::Found(0),
    }
}

fn inactive(mut r: Row, ago: Option<Duration>) -> Row {
    r.status = Some(ServerStatus::Inactive);
    r.last_connected = ago.map(|d| NOW - d);
    r
}

#[test]
fn inactive_for_days_hours_or_never() {
    assert_eq!(inactivity(&row(1), NOW), Inactivity::Active);
    let r = inactive(row(1), Some(Duration::days(12) + Duration::hours(5)));
    assert_eq!(
        inactivity(&r, NOW),
        Inactivity::For(Duration::days(12) + Duration::hours(5))
    );
    assert_eq!(inactivity(&r, NOW).to_string(), "12 days");
    let r = inactive(row(1), Some(Duration::hours(1)));
    assert_eq!(inactivity(&r, NOW).to_string(), "1 hour");
    let r = inactive(row(1), Some(Duration::hours(23) + Duration::minutes(59)));
    assert_eq!(inactivity(&r, NOW).to_string(), "23 hours");
    let r = inactive(row(1), Some(Duration::minutes(10)));
    assert_eq!(inactivity(&r, NOW).to_string(), "less than an hour");
    assert_eq!(inactivity(&inactive(row(1), None), NOW), Inactivity::Never);
    // A last connection "in the future" (clocks apart) is just now, never negative.
    let r = inactive(row(1), Some(-Duration::hours(3)));
    assert_eq!(inactivity(&r, NOW), Inactivity::For(Duration::ZERO));
    let mut r = row(1);
    r.status = Some(ServerStatus::Other(7));
    assert_eq!(inactivity(&r, NOW), Inactivity::Unknown);
    // A pure function of the row and now: the same answer later for the same now.
    let r = inactive(row(1), Some(Duration::days(3)));
    assert_eq!(inactivity(&r, NOW), inactivity(&r.clone(), NOW));
    assert_eq!(
        inactivity(&r, NOW + Duration::days(1)),
        Inactivity::For(Duration::days(4))
    );
}

#[test]
fn drift_by_major_and_minor() {
    let d = |v: &str, p: &str| drift(Some(v), Some(p));
    assert_eq!(d("14.2.0.26967", "14.2.0.30000"), Drift::Same);
    assert_eq!(d("14.0.0.10902", "14.2.0.26967"), Drift::OlderMinor);
    assert_eq!(d("13.2.0.1511", "14.2.0.26967"), Drift::OlderMajor);
    assert_eq!(d("13.2.0.1511", "14.0.0.1"), Drift::OlderMajor);
    assert_eq!(d("15.1.0.20748", "14.2.0.26967"), Drift::Newer);
    assert_eq!(d("14.10", "14.9"), Drift::Newer, "numbers, not text");
    assert_eq!(d("15", "15.0.0.1"), Drift::Same);
    assert_eq!(drift(None, Some("14.2")), Drift::Unknown);
    assert_eq!(drift(Some("14.2"), None), Drift::Unknown);
    assert_eq!(drift(Some("beta"), Some("14.2")), Drift::Unknown);
}

#[test]
fn expiry_flags_ninety_thirty_and_expired() {
    let at = |days: i64| Registered::Read {
        not_after: NOW + Duration::days(days) + Duration::hours(1),
        md5: String::new(),
    };
    assert_eq!(expiry(&at(300), NOW), Expiry::Valid { days: 300 });
    assert_eq!(expiry(&at(91), NOW), Expiry::Valid { days: 91 });
    assert_eq!(expiry(&at(90), NOW), Expiry::Soon { days: 90 });
    assert_eq!(expiry(&at(31), NOW), Expiry::Soon { days: 31 });
    assert_eq!(expiry(&at(30), NOW), Expiry::Urgent { days: 30 });
    assert_eq!(expiry(&at(0), NOW), Expiry::Urgent { days: 0 });
    let ended = Registered::Read {
        not_after: NOW - Duration::days(4),
        md5: String::new(),
    };
    assert_eq!(expiry(&ended, NOW), Expiry::Expired { days: 4 });
    let edge = Registered::Read {
        not_after: NOW,
        md5: String::new(),
    };
    assert_eq!(expiry(&edge, NOW), Expiry::Expired { days: 0 });
    assert_eq!(expiry(&Registered::Missing, NOW), Expiry::Unknown);
    assert_eq!(
        expiry(&Registered::Unreadable("junk".into()), NOW),
        Expiry::Unknown
    );
}

#[test]
fn a_registered_certificate_is_read_for_its_end_and_md5() {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["branch.example".into()]).unwrap();
    params.not_before = NOW - Duration::days(10);
    params.not_after = NOW + Duration::days(20);
    let der = params.self_signed(&key).unwrap().der().to_vec();
    let r = Registered::from_bytes(Some(&der));
    let Registered::Read { not_after, md5 } = &r else {
        panic!("{r:?}")
    };
    assert_eq!(*not_after, NOW + Duration::days(20));
    assert_eq!(*md5, crate::cert::md5_hex_of(&der));
    let pem = pem::encode(&pem::Pem::new("CERTIFICATE", der.clone()));
    assert_eq!(Registered::from_bytes(Some(pem.as_bytes())), r);
    assert_eq!(Registered::from_bytes(None), Registered::Missing);
    assert_eq!(Registered::from_bytes(Some(&[])), Registered::Missing);
    assert!(matches!(
        Registered::from_bytes(Some(b"not a certificate")),
        Registered::Unreadable(_)
    ));
}

#[test]
fn attention_names_every_reason() {
    assert!(attention(&row(1), NOW).is_empty(), "a healthy secondary");
    let mut r = inactive(row(1), Some(Duration::days(12)));
    r.presented = Presented::Differs {
        md5: "ff".into(),
        via: Via::Address("10.0.0.1:13000".into()),
    };
    r.registered = Registered::Read {
        not_after: NOW + Duration::days(20),
        md5: String::new(),
    };
    r.version = Some("13.2.0.1511".into());
    let reasons = attention(&r, NOW);
    assert_eq!(
        reasons,
        vec![
            Reason::Inactive(Inactivity::For(Duration::days(12))),
            Reason::CertificateChanged,
            Reason::CertificateExpiring {
                days: 20,
                urgent: true
            },
            Reason::VersionDrift(Drift::OlderMajor),
        ]
    );
    let text: Vec<String> = reasons.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "inactive for 12 days",
            "presents another certificate than the registered one",
            "the registered certificate expires in 20 days",
            "older major version than its primary",
        ]
    );
    let mut r = row(2);
    r.registered = Registered::Read {
        not_after: NOW - Duration::days(3),
        md5: String::new(),
    };
    r.version = Some("15.1.0.1".into());
    assert_eq!(
        attention(&r, NOW),
        vec![
            Reason::CertificateExpired { days: 3 },
            Reason::VersionDrift(Drift::Newer)
        ]
    );
    r.registered = Registered::Unreadable("junk".into());
    r.version = Some("14.2.0.1".into());
    assert_eq!(attention(&r, NOW), vec![Reason::CertificateUnreadable]);
    // "Could not check" and "never looked at" say nothing either way.
    let mut r = row(3);
    r.presented = Presented::CouldNotCheck("refused".into());
    r.registered = Registered::Missing;
    r.version = None;
    assert!(attention(&r, NOW).is_empty());
    let r = inactive(row(4), None);
    assert_eq!(
        attention(&r, NOW),
        vec![Reason::Inactive(Inactivity::Never)]
    );
    assert_eq!(
        attention(&r, NOW)[0].to_string(),
        "inactive, never connected"
    );
}

#[test]
fn expected_md5_prefers_the_registered_hash() {
    let mut r = row(1);
    assert_eq!(
        r.expected_md5().as_deref(),
        Some("00112233445566778899aabbccddeeff")
    );
    r.public_key_hash = None;
    r.registered = Registered::Read {
        not_after: NOW,
        md5: "abc".into(),
    };
    assert_eq!(r.expected_md5().as_deref(), Some("abc"));
    r.registered = Registered::Missing;
    assert_eq!(r.expected_md5(), None);
}

#[test]
fn the_filter_matches_name_address_group_and_version() {
    let mut r = row(7);
    r.address = Some("dmz-7.Branch.example:13000".into());
    let f = |text: &str| Filter {
        text: text.into(),
        attention_only: false,
    };
    assert!(f("").matches(&r, NOW));
    assert!(f("  ").matches(&r, NOW));
    assert!(f("BRANCH-007").matches(&r, NOW), "name, any case");
    assert!(f("dmz-7.branch").matches(&r, NOW), "address");
    assert!(f("branch offices").matches(&r, NOW), "group path");
    assert!(f("14.2.0").matches(&r, NOW), "version");
    assert!(!f("berlin").matches(&r, NOW));
    assert!(!f("ksc-hq").matches(&r, NOW), "not the primary's address");
    let mut ru = row(8);
    ru.group = "Управляемые устройства/Филиал Берлин".into();
    assert!(f("филиал").matches(&ru, NOW), "Unicode case folding");
    let attention_only = Filter {
        text: String::new(),
        attention_only: true,
    };
    assert!(!attention_only.matches(&r, NOW));
    let sick = inactive(row(9), Some(Duration::days(2)));
    assert!(attention_only.matches(&sick, NOW));
    let both = Filter {
        text: "branch-009".into(),
        attention_only: true,
    };
    assert!(both.matches(&sick, NOW));
    assert!(!both.matches(&r, NOW));
}

fn fleet() -> Fleet {
    let mut f = Fleet {
        primary_version: Some("14.2.0.26967".into()),
        rows: vec![row(1), inactive(row(2), Some(Duration::hours(5))), row(3)],
    };
    f.rows[0].nested = Nested::Pending;
    f
}

#[test]
fn nested_rows_go_right_below_their_parent() {
    let mut f = fleet();
    let child = |path: Vec<i32>, name: &str| Row {
        path,
        name: name.into(),
        ..row(0)
    };
    f.apply(CheckEvent::Nested {
        parent: vec![1],
        result: Ok(vec![child(vec![1, 4], "a"), child(vec![1, 5], "b")]),
    });
    let keys: Vec<String> = f.rows.iter().map(Row::key).collect();
    assert_eq!(keys, ["1", "1/4", "1/5", "2", "3"]);
    assert_eq!(f.rows[0].nested, Nested::Found(2));
    assert_eq!(f.rows[1].depth(), 1);
    assert_eq!(f.parent_name(&f.rows[1]), Some("branch-001"));
    assert_eq!(f.parent_name(&f.rows[0]), None);
    f.apply(CheckEvent::Nested {
        parent: vec![1, 4],
        result: Ok(vec![child(vec![1, 4, 9], "deep")]),
    });
    let keys: Vec<String> = f.rows.iter().map(Row::key).collect();
    assert_eq!(keys, ["1", "1/4", "1/4/9", "1/5", "2", "3"]);
    // Listed again: the subtree is replaced, not doubled.
    f.apply(CheckEvent::Nested {
        parent: vec![1],
        result: Ok(vec![child(vec![1, 5], "b")]),
    });
    let keys: Vec<String> = f.rows.iter().map(Row::key).collect();
    assert_eq!(keys, ["1", "1/5", "2", "3"]);
    f.apply(CheckEvent::Nested {
        parent: vec![3],
        result: Err("unreachable".into()),
    });
    assert_eq!(f.rows[3].nested, Nested::Failed("unreachable".into()));
    f.apply(CheckEvent::Presented {
        path: vec![1, 5],
        presented: Presented::CouldNotCheck("x".into()),
    });
    assert_eq!(f.rows[1].presented, Presented::CouldNotCheck("x".into()));
    // Findings for rows that are gone change nothing.
    let before = f.clone();
    f.apply(CheckEvent::Presented {
        path: vec![42],
        presented: Presented::Pending,
    });
    f.apply(CheckEvent::Nested {
        parent: vec![42],
        result: Ok(vec![row(43)]),
    });
    assert_eq!(f, before);
}

#[test]
fn counts_and_visible_rows() {
    let f = fleet();
    assert_eq!(
        f.counts(NOW),
        Counts {
            total: 3,
            active: 2,
            inactive: 1,
            attention: 1
        }
    );
    assert_eq!(f.visible(&Filter::default(), NOW), vec![0, 1, 2]);
    let only = Filter {
        text: String::new(),
        attention_only: true,
    };
    assert_eq!(f.visible(&only, NOW), vec![1]);
    assert!(!f.checks_done(), "row 1 is still being looked at");
}

#[test]
fn csv_has_one_line_per_secondary_with_the_findings() {
    let mut f = fleet();
    f.rows[1].name = "=HYPERLINK(\"x\")".into();
    f.rows[1].address = Some("10.0.0.2:13000".into());
    f.rows[1].passive = true;
    f.rows[2].presented = Presented::Differs {
        md5: "ffee".into(),
        via: Via::Address("10.0.0.3:13000".into()),
    };
    f.rows[2].version = Some("14.0.0.1".into());
    f.apply(CheckEvent::Nested {
        parent: vec![1],
        result: Ok(vec![Row {
            path: vec![1, 4],
            name: "nested, \"quoted\"".into(),
            ..row(0)
        }]),
    });
    let text = f.to_csv(&f.all(), NOW);
    let records = crate::integration::csv::parse(&text).unwrap();
    assert_eq!(records.len(), 5, "{text}");
    assert_eq!(records[0].fields, export::COLUMNS);
    let col = |name: &str| export::COLUMNS.iter().position(|c| *c == name).unwrap();
    let get = |r: usize, name: &str| records[r].fields[col(name)].clone();
    assert_eq!(get(1, "path"), "1");
    assert_eq!(get(2, "path"), "1/4");
    assert_eq!(get(2, "name"), "nested, \"quoted\"");
    assert_eq!(get(2, "primary"), "branch-001");
    assert_eq!(get(1, "own_secondaries"), "1");
    assert_eq!(get(3, "name"), "'=HYPERLINK(\"x\")", "formulas are defused");
    assert_eq!(get(3, "status"), "inactive");
    assert_eq!(get(3, "inactive_hours"), "5");
    assert_eq!(get(3, "dmz"), "yes");
    assert_eq!(get(3, "needs_attention"), "yes");
    assert_eq!(get(3, "reasons"), "inactive for 5 hours");
    assert_eq!(get(1, "needs_attention"), "no");
    assert_eq!(get(1, "certificate_days_left"), "300");
    assert_eq!(get(1, "certificate_expires"), "2026-03-28T12:00:00Z");
    assert_eq!(get(1, "presented_now"), "matches");
    assert_eq!(get(1, "presented_detail"), "gateway");
    assert_eq!(get(4, "presented_now"), "differs");
    assert_eq!(get(4, "presented_detail"), "10.0.0.3:13000 md5 ffee");
    assert_eq!(get(4, "version_drift"), "older-minor");
    assert_eq!(
        get(4, "reasons"),
        "presents another certificate than the registered one; older minor version than its primary"
    );
    assert_eq!(get(1, "last_connected"), "2025-06-01T11:59:00Z");
    // Only the rows asked for.
    let one = f.to_csv(&[2], NOW);
    assert_eq!(crate::integration::csv::parse(&one).unwrap().len(), 2);
}

#[test]
fn ssl_endpoints_from_registered_addresses() {
    assert_eq!(
        ssl_endpoint("branch.example:13000").unwrap(),
        ("branch.example".into(), 13000)
    );
    assert_eq!(
        ssl_endpoint("http://dmz.example:13001/").unwrap(),
        ("dmz.example".into(), 13001)
    );
    assert_eq!(
        ssl_endpoint("HTTPS://[2001:db8::1]:13000").unwrap(),
        ("2001:db8::1".into(), 13000)
    );
    assert_eq!(
        ssl_endpoint("10.1.2.3").unwrap(),
        ("10.1.2.3".into(), 13000)
    );
    for bad in ["", ":13000", "host:0", "host:99999", "host:port"] {
        assert!(ssl_endpoint(bad).is_err(), "{bad}");
    }
}
