//! Entry points for the fuzz targets (`fuzz/`, run by `packaging/fuzz.sh`) and for the test that
//! replays their corpora on every CI run (`tests/domain/fuzz_corpus.rs`). Each one hands
//! arbitrary bytes to a reader of untrusted input, the way the app does, and checks what must
//! hold whatever the bytes are: no panic, and what the app writes back reads back the same. A
//! broken expectation panics, which is what the fuzzer reports.

use time::OffsetDateTime;

use crate::wire::{Params, Value};

/// One fuzz target: bytes in, a panic when an expectation breaks.
pub type Target = fn(&[u8]);

/// The targets, by the names of their corpus folders.
pub const TARGETS: &[(&str, Target)] = &[
    ("certificate", certificate),
    ("openapi_reply", openapi_reply),
    ("join_file", join_file),
    ("settings", settings),
    ("autotask_reply", autotask_reply),
    ("csv_import", csv_import),
];

/// A certificate file (DER or PEM) as picked, fetched or read off a drive.
pub fn certificate(data: &[u8]) {
    let shown = crate::cert::fingerprint(data);
    let Ok(details) = crate::cert::parse_certificate(data) else {
        return;
    };
    let _ = details.md5_hex();
    let _ = details.common_name();
    for warning in details.warnings(OffsetDateTime::now_utc()) {
        let _ = warning.to_string();
    }
    // The PEM the app writes (join files, saved certificates) is the same certificate.
    match crate::cert::parse_certificate(details.to_pem().as_bytes()) {
        Ok(again) => assert_eq!(again.sha256_colon(), details.sha256_colon()),
        Err(e) => panic!("the PEM written for a certificate does not read back: {e}"),
    }
    assert_eq!(shown, details.sha256_colon());
}

/// An Open API response body: a reply or a `PxgError`, and the records the app reads out of
/// replies (groups, server info, the `KLSRV_MASTER_SRV` section, virtual servers, secondaries,
/// tasks, policies).
pub fn openapi_reply(data: &[u8]) {
    let reply = match crate::kloapi::client::parse_body(data) {
        Ok(crate::kloapi::client::Body::Reply(reply)) => reply,
        Ok(crate::kloapi::client::Body::Error(e)) => {
            let _ = e.display_message();
            // What the simulator sends for an error reads back as that error.
            let again = serde_json::to_vec(&e.to_body()).unwrap_or_default();
            match crate::kloapi::client::parse_body(&again) {
                Ok(crate::kloapi::client::Body::Error(back)) => assert_eq!(back, e),
                other => panic!("an error body does not read back as the error: {other:?}"),
            }
            return;
        }
        Ok(crate::kloapi::client::Body::NotJson) | Err(_) => return,
    };
    let _ = reply.retval_i32();
    let _ = reply.retval_i64();
    let _ = reply.retval_str();
    let _ = reply.retval_binary();
    let _ = reply.retval_array();
    let mut values = vec![&reply.retval];
    values.extend(reply.out.iter().map(|(_, v)| v));
    for value in values {
        // Encoding is the inverse of decoding: what the client sends of a value it read is
        // that value.
        let json = value.to_top_json();
        match Value::from_top_json(&json, "(again)") {
            Ok(back) => assert_eq!(&back, value),
            Err(e) => panic!("a decoded value does not encode back: {e}"),
        }
        let _ = value.as_datetime();
        let _ = value.as_binary();
        records(value, 0);
    }
}

fn records(value: &Value, depth: usize) {
    // Deep enough for the group tree the app asks for, bounded for the fuzzer's sake.
    if depth > 8 {
        return;
    }
    match value {
        Value::Params(p) => {
            read_records(p);
            for (_, v) in p.iter() {
                records(v, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                records(item, depth + 1);
            }
        }
        _ => {}
    }
}

fn read_records(p: &Params) {
    use crate::kloapi::{
        ChildServer, GroupNode, MasterSrvSection, PolicyInfo, StaticInfo, TaskInfo, VServerInfo,
    };
    let _ = GroupNode::from_params(p, "g");
    let _ = StaticInfo::from_params(p, "s");
    if let Ok(section) = MasterSrvSection::from_params(p, "m") {
        let _ = crate::hierarchy::secondary_form::Form::from_section(&section);
    }
    let _ = ChildServer::from_params(p, "c");
    let _ = VServerInfo::from_params(p, "v");
    let _ = TaskInfo::from_params(p, "t");
    let _ = PolicyInfo::from_params(p, "p");
}

/// A join file as brought from the primary on a stick or by mail.
pub fn join_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(file) = crate::hierarchy::join_file::JoinFile::parse(&text) else {
        return;
    };
    let _ = file.secondary_settings();
    let _ = file.suggested_file_name();
    // A file the app accepted, written again, is accepted again with the same content.
    match crate::hierarchy::join_file::JoinFile::parse(&file.to_text()) {
        Ok(again) => assert_eq!(again, file),
        Err(e) => panic!("a join file written again does not read back: {e}"),
    }
}

/// The settings file, as left by an earlier version, an editor or a damaged disk.
pub fn settings(data: &[u8]) {
    let Ok((settings, _problems)) = crate::settings::parse(data) else {
        return;
    };
    let mut clean = settings;
    let _ = clean.sanitize();
    // What the app saves reads back as what it saved, with nothing to complain about.
    let text = match toml::to_string_pretty(&clean) {
        Ok(text) => text,
        Err(e) => panic!("sanitised settings do not serialise: {e}"),
    };
    match crate::settings::parse(text.as_bytes()) {
        Ok((back, problems)) => {
            assert!(
                problems.is_empty(),
                "saved settings read back with {problems:?}"
            );
            assert_eq!(back, clean);
        }
        Err(e) => panic!("saved settings do not read back: {e}"),
    }
}

/// An Autotask answer: zone information, version, thresholds, entity information and fields,
/// a company, a count, a page of companies, an error body and a `Retry-After` header.
pub fn autotask_reply(data: &[u8]) {
    use crate::autotask::client::{error_messages, parse as decode_reply, retry_after_text};
    use crate::autotask::model::{
        ApiVersion, Company, EntityInformation, FieldInfo, QueryPage, ThresholdInformation,
        ZoneInformation,
    };
    let _ = decode_reply::<ZoneInformation>(data, "zone");
    let _ = decode_reply::<ApiVersion>(data, "version");
    let _ = decode_reply::<ThresholdInformation>(data, "thresholds");
    let _ = decode_reply::<serde_json::Map<String, serde_json::Value>>(data, "object");
    let _ = decode_reply::<InfoWrap>(data, "info").map(|w| w.info);
    let _ = decode_reply::<FieldsWrap>(data, "fields").map(|w| w.fields);
    let _ = decode_reply::<ItemWrap>(data, "item").map(|w| w.item);
    if let Ok(page) = decode_reply::<QueryPage<Company>>(data, "page") {
        for company in &page.items {
            let account = crate::integration::matcher::Account::from(company);
            let _ = account.is_active_customer(1);
        }
    }
    let _ = error_messages(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = retry_after_text(text);
    }

    #[derive(serde::Deserialize)]
    struct InfoWrap {
        info: EntityInformation,
    }
    #[derive(serde::Deserialize)]
    struct FieldsWrap {
        fields: Vec<FieldInfo>,
    }
    #[derive(serde::Deserialize)]
    struct ItemWrap {
        item: Option<Company>,
    }
}

/// A CSV file picked for import: a mapping (virtual server → Autotask account) or a list of
/// KES Cloud workspaces, decoded as the app decodes them.
pub fn csv_import(data: &[u8]) {
    use crate::integration::matcher::{Account, Target};
    let lossy = String::from_utf8_lossy(data);
    let _ = crate::integration::kes_cloud::import_csv(&lossy);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let targets = [
        Target::new("uid-1", "Branch office"),
        Target::new("uid-2", "Filiale Nord"),
        Target::new("id:3", "Филиал"),
    ];
    let accounts = [
        Account {
            id: 1,
            name: "Branch office".into(),
            company_type: Some(1),
            active: true,
        },
        Account {
            id: 2,
            name: "Nord GmbH".into(),
            company_type: Some(1),
            active: true,
        },
    ];
    let empty = crate::integration::mapping::Mapping::new();
    if let Ok(imported) = crate::integration::mapping::Mapping::from_csv(text, &targets, &accounts)
    {
        let merged = empty.with_imported(imported, &targets);
        // The export of an accepted import imports again to the same mapping.
        let csv = merged.to_csv(&targets, &accounts);
        match crate::integration::mapping::Mapping::from_csv(&csv, &targets, &accounts) {
            Ok(back) => assert_eq!(empty.with_imported(back, &targets), merged),
            Err(e) => panic!("an exported mapping does not import again: {e:?}"),
        }
    }
    if let Ok(records) = crate::integration::csv::parse(text) {
        use crate::integration::csv::{line, parse, unguard};
        for field in records.iter().flat_map(|r| &r.fields) {
            // A value the app writes reads back as that value, up to the formula guard.
            let written = format!("a,b\n{}", line(&[field.as_str(), "x"]));
            let back = match parse(&written) {
                Ok(back) => back,
                Err(e) => panic!("a written line does not read back: {e}"),
            };
            let read = back
                .get(1)
                .and_then(|r| r.fields.first())
                .map(String::as_str);
            assert_eq!(read.map(unguard), Some(unguard(field)), "{written:?}");
        }
    }
}
