//! The CSV dialect of the mapping and workspace files, on the `csv` crate: UTF-8 with or
//! without BOM, comma, semicolon or tab separators (whichever the header line uses most, as
//! spreadsheet programs in many locales write semicolons), double-quoted fields with `""`
//! escapes and embedded separators or line breaks, CRLF, LF or CR line ends. Written files are
//! comma-separated with LF line ends, quoted where RFC 4180 needs it.

use crate::fl;

/// Why a CSV text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// A quoted field is not closed before the end of the text.
    UnclosedQuote {
        /// 1-based line where the field starts.
        line: usize,
    },
    /// The `csv` crate refused a record.
    Malformed {
        /// 1-based line of the record.
        line: usize,
        /// The crate's words.
        detail: String,
    },
}

impl CsvError {
    /// The 1-based line the problem is on.
    pub fn line(&self) -> usize {
        match self {
            Self::UnclosedQuote { line } | Self::Malformed { line, .. } => *line,
        }
    }
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::UnclosedQuote { line } => fl!("csv-unclosed-quote", line = line.to_owned()),
            Self::Malformed { line, detail } => fl!(
                "csv-malformed",
                line = line.to_owned(),
                detail = detail.clone()
            ),
        })
    }
}

/// One record with the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Line number in the file (1-based), for error messages.
    pub line: usize,
    /// Fields, unquoted, without surrounding spaces.
    pub fields: Vec<String>,
}

/// Picks the separator the first line uses most (outside quotes); comma when none.
pub fn detect_separator(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in first.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(e) = counts.iter_mut().find(|(s, _)| *s == c) {
            e.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(',', |(s, _)| *s)
}

/// Where [`prepare`] is within a field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    FieldStart,
    Plain,
    Quoted,
    AfterQuote,
}

/// What the `csv` crate does not do for hand-edited and spreadsheet files: it opens a quoted
/// field only at the field's very first byte (so `1, "a,b"` would split inside the quotes), it
/// takes a quote left open as running to the end of the text (which must be reported, not
/// swallow the rest of the file), and it ends records at a lone CR without counting a line.
/// So this pass drops the spaces in front of an opening quote, turns lone CRs outside quotes
/// into LFs and finds a quote left open; the parsing itself is the crate's.
fn prepare(text: &str, sep: char) -> Result<String, CsvError> {
    let mut out = String::with_capacity(text.len());
    let mut at = At::FieldStart;
    let mut field_start = 0;
    let (mut line, mut quote_line) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(mut c) = chars.next() {
        if c == '\r' && at != At::Quoted && chars.peek() != Some(&'\n') {
            c = '\n';
        }
        if c == '\n' {
            line += 1;
        }
        at = match at {
            At::Quoted if c == '"' => At::AfterQuote,
            At::Quoted => At::Quoted,
            _ if c == sep || c == '\n' || c == '\r' => {
                out.push(c);
                field_start = out.len();
                at = At::FieldStart;
                continue;
            }
            At::FieldStart if c == '"' => {
                out.truncate(field_start);
                quote_line = line;
                At::Quoted
            }
            At::FieldStart if c.is_whitespace() => At::FieldStart,
            At::AfterQuote if c == '"' => At::Quoted,
            _ => At::Plain,
        };
        out.push(c);
    }
    if at == At::Quoted {
        return Err(CsvError::UnclosedQuote { line: quote_line });
    }
    Ok(out)
}

/// Reads every non-blank record.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = detect_separator(text);
    let text = prepare(text, sep)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(u8::try_from(sep).unwrap_or(b','))
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvError::Malformed {
            line: e.position().map_or(1, |p| start_line(&text, p)),
            detail: e.to_string(),
        })?;
        if record.iter().any(|f| !f.is_empty()) {
            out.push(Record {
                line: record.position().map_or(1, |p| start_line(&text, p)),
                fields: record.iter().map(str::to_string).collect(),
            });
        }
    }
    Ok(out)
}

/// The line a record starts on: the crate places a record that follows blank lines (or the
/// LF of a CRLF) at the first of them.
fn start_line(text: &str, at: &csv::Position) -> usize {
    let skipped = usize::try_from(at.byte())
        .ok()
        .and_then(|b| text.get(b..))
        .map_or(0, |rest| {
            rest.chars()
                .take_while(|c| matches!(c, '\r' | '\n'))
                .filter(|c| *c == '\n')
                .count()
        });
    usize::try_from(at.line())
        .unwrap_or(usize::MAX)
        .saturating_add(skipped)
}

/// The first characters that make a spreadsheet read a cell as a formula. A leading tab or
/// carriage return counts: spreadsheets skip it and then see the `=` behind it (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text a spreadsheet would run as a formula (see [`FORMULA_STARTS`]) is prefixed with `'`, so
/// an exported company name cannot execute.
fn guard(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(FORMULA_STARTS) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// One value as the crate writes it: quoted where RFC 4180 needs it, and also where a reader
/// that guesses the separator, or trims, would take it apart (a `;` or a tab, blanks at either
/// end), as the hand-written writer before it did.
fn write_one(value: &str) -> String {
    let always = value.contains([';', '\t']) || value != value.trim();
    let mut w = csv::WriterBuilder::new()
        .quote_style(if always {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail, and the bytes are UTF-8 as the value is.
    if w.write_record([value.as_bytes()]).is_err() {
        return String::new();
    }
    let mut s = w
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    s.pop();
    s
}

/// One field as written: defused if it looks like a formula, quoted when needed.
pub fn field(value: &str) -> String {
    let v = guard(value);
    if v.is_empty() {
        // The crate quotes a lone empty field, to tell it from a blank line.
        return String::new();
    }
    write_one(&v)
}

/// Undoes [`field`]'s formula guard on a value read back (`'=x` is `=x`).
pub fn unguard(value: &str) -> &str {
    value
        .strip_prefix('\'')
        .filter(|rest| rest.starts_with(FORMULA_STARTS))
        .unwrap_or(value)
}

/// Writes one line: comma-separated, ended by LF, each value as [`field`] writes it.
pub fn line(values: &[&str]) -> String {
    let mut l = values
        .iter()
        .map(|v| field(v))
        .collect::<Vec<_>>()
        .join(",");
    if values.len() == 1 && l.is_empty() {
        // A lone empty value must not read back as a blank line.
        l.push_str("\"\"");
    }
    l.push('\n');
    l
}

/// The largest file an import reads: far above any real export (tens of thousands of rows),
/// small enough that a wrong pick (`/dev/zero`, a disk image) cannot fill the memory.
pub const MAX_IMPORT_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file picked for import was not read.
#[derive(Debug, thiserror::Error)]
pub enum ImportReadError {
    #[error("{}", fl!("csv-not-a-file", path = path.display().to_string()))]
    NotAFile { path: std::path::PathBuf },
    #[error("{}", fl!("csv-too-large", path = path.display().to_string(), limit = limit.div_euclid(1024 * 1024)))]
    TooLarge {
        path: std::path::PathBuf,
        limit: u64,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// Reads a file picked for import, at most [`MAX_IMPORT_BYTES`]. Only a regular file is opened:
/// a FIFO would block the read until someone writes to it, a device may never end. Blocking: run
/// it off the UI thread.
pub fn read_import(path: &std::path::Path) -> Result<Vec<u8>, ImportReadError> {
    read_at_most(path, MAX_IMPORT_BYTES)
}

fn read_at_most(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ImportReadError> {
    use std::io::Read as _;
    let io = |source| ImportReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(ImportReadError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(ImportReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse(text).unwrap().into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn dialects() {
        assert_eq!(
            fields("\u{feff}a;b\r\n1; \"x;y\" \r\n\r\n\"q\"\"t\";\"multi\nline\"\n3;4"),
            vec![
                vec!["a", "b"],
                vec!["1", "x;y"],
                vec!["q\"t", "multi\nline"],
                vec!["3", "4"]
            ]
        );
        let recs = parse("a,b\n\"1\n2\",3\n4,5").unwrap();
        assert_eq!(recs[2].line, 4);
        assert_eq!(
            fields("name\tx\n1\t2"),
            vec![vec!["name", "x"], vec!["1", "2"]]
        );
        assert_eq!(
            parse("a,\"b\nc").unwrap_err(),
            CsvError::UnclosedQuote { line: 1 }
        );
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn lines_are_counted_as_an_editor_shows_them() {
        let lines = |text: &str| {
            parse(text)
                .unwrap()
                .iter()
                .map(|r| r.line)
                .collect::<Vec<_>>()
        };
        assert_eq!(lines("a,b\r\n\r\n1,2\r\n \r\n3,4\r\n"), [1, 3, 5]);
        assert_eq!(lines("a,b\n\n\n1,2\n,\n3,4"), [1, 4, 6]);
        // Old Mac line ends.
        assert_eq!(
            fields("a,b\r1,\"x\ry\"\r3,4"),
            [["a", "b"], ["1", "x\ry"], ["3", "4"]]
        );
        assert_eq!(lines("a,b\r1,2\r\r3,4"), [1, 2, 4]);
        // The quote left open is reported where it opens, not where its record starts.
        assert_eq!(
            parse("a,b\n\"1\n2\",\n  \"3\n").unwrap_err(),
            CsvError::UnclosedQuote { line: 4 }
        );
    }

    #[test]
    fn spaces_around_quotes_and_fields() {
        assert_eq!(
            fields("a , b\n \"x, y\" ,\t\"\"\"q\"\"\"\n\"\"\"\"x,5\" screen"),
            [
                vec!["a", "b"],
                vec!["x, y", "\"q\""],
                vec!["\"x", "5\" screen"]
            ]
        );
        assert_eq!(detect_separator("\"a;b\",c"), ',');
        assert_eq!(detect_separator("\n\nname"), ',');
    }

    #[test]
    fn writing_quotes_what_needs_it() {
        assert_eq!(field(""), "");
        assert_eq!(field("plain text"), "plain text");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@x,y"), "\"'@x,y\"");
        assert_eq!(line(&["", "", ""]), ",,\n");
        let l = line(&["Müller; Söhne", "ООО «Лаб»", "tab\there", "cr\rx"]);
        assert_eq!(
            fields(&format!("a,b,c,d\n{l}"))[1],
            ["Müller; Söhne", "ООО «Лаб»", "tab\there", "cr\rx"]
        );
    }

    #[test]
    fn writing_round_trips_and_defuses_formulas() {
        let l = line(&["a,b", "say \"hi\"", "=1+1", "plain"]);
        assert_eq!(l, "\"a,b\",\"say \"\"hi\"\"\",'=1+1,plain\n");
        assert_eq!(
            fields(&l),
            vec![vec!["a,b", "say \"hi\"", "'=1+1", "plain"]]
        );
        assert_eq!(unguard("'=1+1"), "=1+1");
        assert_eq!(unguard("'quoted"), "'quoted");
    }

    #[test]
    fn a_leading_tab_or_carriage_return_is_defused_too() {
        for value in ["\t=cmd|'/c calc'!A1", "\r=1+1", "\t@SUM(1)"] {
            let l = line(&[value]);
            assert!(l.starts_with("\"'"), "{value:?} written as {l:?}");
            let read = fields(&l);
            assert_eq!(unguard(&read[0][0]), value);
        }
    }

    #[test]
    fn imports_read_only_regular_files_and_only_so_much() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("accounts.csv");
        std::fs::write(&file, "a,b\n1,2\n").unwrap();
        assert_eq!(read_import(&file).unwrap(), b"a,b\n1,2\n");
        // A file just over the limit is refused whole, one at the limit is read.
        assert!(matches!(
            read_at_most(&file, 7),
            Err(ImportReadError::TooLarge { limit: 7, .. })
        ));
        assert_eq!(read_at_most(&file, 8).unwrap().len(), 8);
        // A folder, and on Unix a device that never ends and a FIFO nobody writes to: refused
        // at once, never read.
        assert!(matches!(
            read_import(dir.path()),
            Err(ImportReadError::NotAFile { .. })
        ));
        #[cfg(unix)]
        {
            assert!(matches!(
                read_import(std::path::Path::new("/dev/zero")),
                Err(ImportReadError::NotAFile { .. })
            ));
            let fifo = dir.path().join("pipe.csv");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert!(matches!(
                    read_import(&fifo),
                    Err(ImportReadError::NotAFile { .. })
                ));
            }
        }
        let error = read_import(&dir.path().join("missing.csv")).unwrap_err();
        assert!(error.to_string().contains("missing.csv"), "{error}");
    }
}
