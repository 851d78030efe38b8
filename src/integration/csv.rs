//! A tolerant CSV reader and a strict writer for the mapping and workspace files: UTF-8 with
//! or without BOM, comma, semicolon or tab separators (whichever the header line uses most,
//! as spreadsheet programs in many locales write semicolons), double-quoted fields with `""`
//! escapes and embedded separators or line breaks, CRLF or LF.

/// Why a CSV text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// A quoted field is not closed before the end of the text.
    UnclosedQuote {
        /// 1-based line where the field starts.
        line: usize,
    },
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnclosedQuote { line } => {
                f.write_str(&crate::fl!("csv-unclosed-quote", line = line.to_owned()))
            }
        }
    }
}

/// One record with the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Line number in the file (1-based), for error messages.
    pub line: usize,
    /// Fields, unquoted; surrounding spaces of unquoted fields are trimmed.
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

/// Reads every non-blank record.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = detect_separator(text);
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut was_quoted = false;
    let mut in_quotes = false;
    let mut line = 1;
    let mut record_line = 1;
    let mut quote_line = 1;
    let mut chars = text.chars().peekable();
    let finish_field = |field: &mut String, was_quoted: &mut bool, fields: &mut Vec<String>| {
        let f = std::mem::take(field);
        fields.push(if *was_quoted { f } else { f.trim().to_string() });
        *was_quoted = false;
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
                was_quoted = true;
                quote_line = line;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                finish_field(&mut field, &mut was_quoted, &mut fields);
                let rec = std::mem::take(&mut fields);
                if rec.iter().any(|f| !f.is_empty()) {
                    out.push(Record {
                        line: record_line,
                        fields: rec,
                    });
                }
                line += 1;
                record_line = line;
            }
            c if c == sep => finish_field(&mut field, &mut was_quoted, &mut fields),
            c if was_quoted && c.is_whitespace() => {}
            c => {
                // Text after a closing quote is kept, as spreadsheets do.
                field.push(c);
            }
        }
    }
    if in_quotes {
        return Err(CsvError::UnclosedQuote { line: quote_line });
    }
    finish_field(&mut field, &mut was_quoted, &mut fields);
    if fields.iter().any(|f| !f.is_empty()) {
        out.push(Record {
            line: record_line,
            fields,
        });
    }
    Ok(out)
}

/// The first characters that make a spreadsheet read a cell as a formula. A leading tab or
/// carriage return counts: spreadsheets skip it and then see the `=` behind it (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Quotes a field when needed. Text a spreadsheet would run as a formula (see
/// [`FORMULA_STARTS`]) is prefixed with `'`, so an exported company name cannot execute.
pub fn field(value: &str) -> String {
    let mut v = value.to_string();
    if v.starts_with(FORMULA_STARTS) {
        v.insert(0, '\'');
    }
    if v.contains([',', ';', '"', '\n', '\r', '\t']) || v != v.trim() {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// Undoes [`field`]'s formula guard on a value read back (`'=x` is `=x`).
pub fn unguard(value: &str) -> &str {
    value
        .strip_prefix('\'')
        .filter(|rest| rest.starts_with(FORMULA_STARTS))
        .unwrap_or(value)
}

/// Writes one line (comma-separated, CRLF-free).
pub fn line(values: &[&str]) -> String {
    let mut s = values
        .iter()
        .map(|v| field(v))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
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
}
