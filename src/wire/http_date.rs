//! HTTP dates (RFC 9110, section 5.6.7), as in the `Date` header of every reply: the client reads
//! the server's clock from them, the simulator writes them from its own (possibly wrong) clock.

use std::time::SystemTime;

use time::format_description::well_known::Rfc2822;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Reads an HTTP date: the IMF-fixdate every server sends today, and the obsolete RFC 850 and
/// asctime forms a recipient must still accept.
pub fn parse(value: &str) -> Option<OffsetDateTime> {
    let value = value.trim();
    if let Ok(t) = OffsetDateTime::parse(value, &Rfc2822) {
        return Some(t);
    }
    let asctime = format_description!(
        "[weekday repr:short] [month repr:short] [day padding:space] [hour]:[minute]:[second] [year]"
    );
    if let Ok(t) = PrimitiveDateTime::parse(value, &asctime) {
        return Some(t.assume_utc());
    }
    parse_rfc850(value)
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`: a two-digit year more than 50 years ahead is in the past
/// century.
fn parse_rfc850(value: &str) -> Option<OffsetDateTime> {
    let (_weekday, rest) = value.split_once(", ")?;
    let rest = rest.strip_suffix(" GMT")?;
    let (date, clock) = rest.split_once(' ')?;
    let mut parts = date.split('-');
    let (day, month, yy) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || yy.len() != 2 {
        return None;
    }
    let yy: i32 = yy.parse().ok()?;
    let this_year = OffsetDateTime::now_utc().year();
    let mut year = this_year - this_year.rem_euclid(100) + yy;
    if year > this_year + 50 {
        year -= 100;
    }
    let full = format!("{day} {month} {year} {clock}");
    let form = format_description!("[day] [month repr:short] [year] [hour]:[minute]:[second]");
    PrimitiveDateTime::parse(&full, &form)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// `t` as an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`; `None` for a time the form
/// cannot hold (before year 1 or after 9999).
pub fn format(t: SystemTime) -> Option<String> {
    let form = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let t = OffsetDateTime::from(t);
    if !(1..=9999).contains(&t.year()) {
        return None;
    }
    t.format(&form).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};
    use time::macros::datetime;

    #[test]
    fn all_three_forms_are_read() {
        let t = datetime!(1994-11-06 08:49:37 UTC);
        assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
        assert_eq!(parse(" Sun, 06 Nov 1994 08:49:37 GMT "), Some(t));
        assert_eq!(parse("Sun Nov  6 08:49:37 1994"), Some(t));
        assert_eq!(parse("Sunday, 06-Nov-94 08:49:37 GMT"), Some(t));
        assert_eq!(
            parse("Wed, 01 May 2024 12:00:00 GMT"),
            Some(datetime!(2024-05-01 12:00:00 UTC))
        );
        for bad in [
            "",
            "yesterday",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "1714564800",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn written_as_imf_fixdate_and_read_back() {
        let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(format(t).unwrap(), "Sun, 06 Nov 1994 08:49:37 GMT");
        let now = SystemTime::now();
        let back = parse(&format(now).unwrap()).unwrap();
        let now_s = now.duration_since(UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(back.unix_timestamp(), i64::try_from(now_s).unwrap());
    }
}
