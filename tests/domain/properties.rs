//! Properties of the Open API value encoding and of the form validators, over generated inputs:
//! every value the client or the simulator can hold comes back unchanged from the wire (also as
//! JSON text), no JSON a peer sends makes decoding panic, and no string an admin types makes a
//! validator panic; what a validator accepts is what the rest of the app assumes (a port in
//! 1..=65535, a host that survives `host:port` and back). Case counts are kept small so the
//! binary stays quick; proptest prints a minimal failing input when a property breaks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ksc_link::hierarchy::validate::{self, Field};
use ksc_link::wire::{Params, Value};
use proptest::prelude::*;
use serde_json::Value as Json;
use time::OffsetDateTime;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Regression files would land in the source tree; a failure prints its input instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Names of params members, weighted towards the ones the wrapped form uses itself, so a
/// container that looks like `{"type": …, "value": …}` is tried often.
fn member_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("type".to_string()),
        3 => Just("value".to_string()),
        2 => "KLSRV_[A-Z_]{1,12}",
        2 => any::<String>(),
    ]
}

/// Datetimes as KSC writes them: UTC, whole seconds, years 1 to 9999.
fn datetime() -> impl Strategy<Value = OffsetDateTime> {
    (-62_135_596_800_i64..=253_402_300_799)
        .prop_map(|s| OffsetDateTime::from_unix_timestamp(s).unwrap())
}

fn date() -> impl Strategy<Value = time::Date> {
    let first = time::Date::from_calendar_date(1, time::Month::January, 1)
        .unwrap()
        .to_julian_day();
    let last = time::Date::from_calendar_date(9999, time::Month::December, 31)
        .unwrap()
        .to_julian_day();
    (first..=last).prop_map(|d| time::Date::from_julian_day(d).unwrap())
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::Int),
        any::<i64>().prop_map(Value::Long),
        any::<f32>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::Float),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::Double),
        any::<String>().prop_map(Value::String),
        datetime().prop_map(Value::DateTime),
        date().prop_map(Value::Date),
        proptest::collection::vec(any::<u8>(), 0..48).prop_map(Value::Binary),
    ]
}

fn params_of(inner: impl Strategy<Value = Value>) -> impl Strategy<Value = Params> {
    proptest::collection::btree_map(member_name(), inner, 0..5).prop_map(Params)
}

/// Any value: leaves, and arrays and params containers nested a few levels.
fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            params_of(inner).prop_map(Value::Params),
        ]
    })
}

fn params() -> impl Strategy<Value = Params> {
    params_of(value())
}

/// Through JSON text, as the bytes on the wire.
fn via_text(j: &Json) -> Json {
    serde_json::from_str(&serde_json::to_string(j).unwrap()).unwrap()
}

/// Any JSON, with objects shaped like the wrapped form (every type name KSC uses, and values of
/// every kind) mixed in, so decoding is tried on near misses as well as on noise.
fn json() -> impl Strategy<Value = Json> {
    let number = prop_oneof![
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)),
    ];
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number,
        any::<String>().prop_map(Json::String),
        "[0-9T:Z+.-]{0,30}".prop_map(Json::String),
        "[A-Za-z0-9+/=]{0,24}".prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        let type_name = prop_oneof![
            Just("long"),
            Just("float"),
            Just("double"),
            Just("datetime"),
            Just("date"),
            Just("binary"),
            Just("params"),
            Just("string"),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            proptest::collection::btree_map(member_name(), inner.clone(), 0..5)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
            (type_name, inner).prop_map(|(t, v)| serde_json::json!({ "type": t, "value": v })),
        ]
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// Inside a params container or an array every value keeps its type and content.
    #[test]
    fn inner_encoding_round_trips(v in value()) {
        let j = v.to_inner_json();
        prop_assert_eq!(&Value::from_inner_json(&j, "v").unwrap(), &v);
        prop_assert_eq!(&Value::from_inner_json(&via_text(&j), "v").unwrap(), &v);
    }

    /// A params container at the top level (a method's parameters, a `PxgRetVal`) round-trips,
    /// its members typed by the inner encoding.
    #[test]
    fn top_level_params_round_trip(p in params()) {
        let v = Value::Params(p.clone());
        let j = v.to_top_json();
        prop_assert_eq!(&Value::from_top_json(&j, "").unwrap(), &v);
        prop_assert_eq!(&Value::from_top_json(&via_text(&j), "").unwrap(), &v);
        prop_assert_eq!(&Params::from_json(&via_text(&p.to_json()), "").unwrap(), &p);
    }

    /// What a peer sends is decoded or refused with an error, never a panic.
    #[test]
    fn decoding_any_json_never_panics(j in json()) {
        let _ = Value::from_inner_json(&j, "x");
        let _ = Value::from_top_json(&j, "x");
        let _ = Params::from_json(&j, "x");
    }

    /// The same from raw bytes, as they come off the socket.
    #[test]
    fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(j) = serde_json::from_slice::<Json>(&bytes) {
            let _ = Value::from_inner_json(&j, "x");
            let _ = Value::from_top_json(&j, "x");
        }
    }
}

/// Text an admin might type: anything, or near-valid hosts, ports and codes.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t]{0,2}[a-z0-9-]{0,10}(\\.[a-z0-9_-]{0,10}){0,3}\\.?[ \t]{0,2}",
        "\\[?[0-9a-f:.]{0,20}\\]?(:[0-9]{0,6})?",
        "[a-z]{1,5}://[a-z.]{0,10}",
        "[ ]?[0-9 ]{0,8}[ ]?",
        "-?[0-9]{1,6}",
    ]
}

fn ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| IpAddr::V4(Ipv4Addr::from(o))),
        any::<[u8; 16]>().prop_map(|o| IpAddr::V6(Ipv6Addr::from(o))),
    ]
}

/// DNS names the host rule accepts (letters, digits, inner hyphens and underscores).
fn dns_name() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-z0-9_]([a-z0-9_-]{0,20}[a-z0-9_])?", 1..5)
        .prop_map(|labels| labels.join("."))
}

proptest! {
    #![proptest_config(config(512))]

    /// A port is accepted exactly when the trimmed text is a number in 1..=65535.
    #[test]
    fn ports_accepted_are_1_to_65535_and_parse(input in typed()) {
        match validate::port(Field::SslPort, &input) {
            Ok(p) => {
                prop_assert!(p >= 1);
                prop_assert_eq!(input.trim().parse::<u16>().ok(), Some(p));
            }
            Err(_) => prop_assert!(!matches!(input.trim().parse::<u16>(), Ok(p) if p > 0)),
        }
    }

    #[test]
    fn every_port_number_is_accepted_as_text(p in 1_u16..=u16::MAX) {
        prop_assert_eq!(validate::port(Field::ApiPort, &format!(" {p} ")).unwrap(), p);
    }

    /// An accepted host is accepted again unchanged, carries no scheme, and survives `host:port`
    /// and back (as the proxy location is stored in the secondary's section).
    #[test]
    fn hosts_accepted_survive_host_port_and_back(input in typed(), port in any::<u16>()) {
        if let Ok(h) = validate::host(Field::SecondaryAddress, &input) {
            prop_assert_eq!(validate::host(Field::SecondaryAddress, &h).unwrap(), h.clone());
            prop_assert!(!h.is_empty() && !h.contains("://"));
            let location = validate::host_port(&h, port);
            prop_assert_eq!(
                validate::split_host_port(&location),
                (h.clone(), port.to_string())
            );
        }
        let _ = validate::optional_host(Field::ProxyAddress, &input);
        let _ = validate::split_host_port(&input);
    }

    /// Every IP address and every well-formed DNS name is accepted as itself.
    #[test]
    fn addresses_and_dns_names_are_accepted(ip in ip(), name in dns_name(), port in any::<u16>()) {
        let text = ip.to_string();
        prop_assert_eq!(validate::host(Field::PrimaryAddress, &text).unwrap(), text.clone());
        if ip.is_ipv6() {
            prop_assert_eq!(
                validate::host(Field::PrimaryAddress, &format!("[{text}]")).unwrap(),
                text.clone()
            );
        }
        prop_assert_eq!(
            validate::split_host_port(&validate::host_port(&text, port)),
            (text, port.to_string())
        );
        if name.len() <= 253 {
            prop_assert_eq!(validate::host(Field::ProxyAddress, &name).unwrap(), name);
        }
    }

    /// A display name accepted is trimmed, within KSC's limit, free of control characters, and
    /// accepted again unchanged.
    #[test]
    fn display_names_accepted_are_clean(input in any::<String>()) {
        if let Ok(n) = validate::display_name(&input) {
            prop_assert_eq!(n.as_str(), input.trim());
            prop_assert!(!n.is_empty());
            prop_assert!(n.chars().count() <= validate::MAX_DISPLAY_NAME);
            prop_assert!(!n.chars().any(char::is_control));
            prop_assert_eq!(validate::display_name(&n).unwrap(), n);
        }
    }

    /// A code accepted is the digits typed, spaces left out, exactly `length` of them.
    #[test]
    fn codes_accepted_are_the_digits_typed(input in typed(), length in 0_usize..10) {
        if let Ok(c) = validate::totp_code(&input, length) {
            prop_assert_eq!(c.len(), length);
            prop_assert!(c.chars().all(|ch| ch.is_ascii_digit()));
            let digits: String = input.chars().filter(|ch| !ch.is_whitespace()).collect();
            prop_assert_eq!(c, digits);
        }
    }

    /// A user name accepted is the trimmed text, never empty.
    #[test]
    fn user_names_accepted_are_trimmed(input in any::<String>()) {
        match validate::user(Field::User, &input) {
            Ok(u) => prop_assert_eq!(u.as_str(), input.trim()),
            Err(_) => prop_assert!(input.trim().is_empty()),
        }
    }
}

#[test]
fn the_generators_reach_every_kind_of_value() {
    // A property over a generator that never produced, say, a Long or a nested params would pass
    // without testing it: sample and check every kind appears.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut kinds = BTreeMap::new();
    fn walk(v: &Value, depth: usize, kinds: &mut BTreeMap<String, usize>) {
        *kinds.entry(v.type_name().to_string()).or_default() += 1;
        match v {
            Value::Array(a) => a.iter().for_each(|e| walk(e, depth + 1, kinds)),
            Value::Params(p) => {
                if depth > 0 {
                    *kinds.entry("nested params".into()).or_default() += 1;
                }
                p.iter().for_each(|(_, e)| walk(e, depth + 1, kinds));
            }
            _ => {}
        }
    }
    for _ in 0..400 {
        let v = value().new_tree(&mut runner).unwrap().current();
        walk(&v, 0, &mut kinds);
    }
    for kind in [
        "null",
        "bool",
        "int",
        "long",
        "float",
        "double",
        "string",
        "datetime",
        "date",
        "binary",
        "array",
        "params",
        "nested params",
    ] {
        assert!(kinds.contains_key(kind), "no {kind} in {kinds:?}");
    }
}
