//! The server's clock against this computer's, for two-step verification.
//!
//! A TOTP code is made from the time, so an Administration Server whose clock differs from the
//! authenticator's refuses correct codes. Kaspersky asks for the server and the device with the
//! authenticator to be synchronised to UTC by external time sources (docs/hierarchy-rules.md,
//! section 6). The difference is measured from the HTTP `Date` header of the server's replies
//! to the login ([`ClockOffset::from_date_header`]); the window and the command line word it the
//! same way ([`ClockOffset::warning`]) and count down the current code by the server's clock
//! ([`code_changes_in`]).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;

/// Seconds one TOTP code lasts: RFC 6238's step, the one KSC's authenticators use.
pub const TOTP_STEP_SECONDS: u64 = 30;

/// A difference between the clocks beyond this is worth a warning: one code step, which the
/// server's tolerance may or may not absorb.
pub const WARN_BEYOND: Duration = Duration::from_secs(30);

/// A `Date` header names a whole second: the server's clock was somewhere in it.
const DATE_RESOLUTION_MS: i64 = 1000;

/// How far the server's clock is from this computer's, as measured from one reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockOffset {
    /// The server's clock minus this computer's, in milliseconds.
    offset_ms: i64,
    /// How far the true offset may be from `offset_ms` either way: half the round trip, and
    /// half a second for the header's resolution.
    uncertainty_ms: i64,
}

/// A difference between the clocks in whole hours, minutes and seconds, for the warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Whole hours.
    pub hours: u64,
    /// Minutes past the hours (0–59).
    pub minutes: u64,
    /// Seconds past the minutes (0–59).
    pub seconds: u64,
    /// The server's clock is ahead of this computer's (else behind).
    pub server_ahead: bool,
}

/// Milliseconds since the Unix epoch, negative before it (a clock set far back).
fn unix_ms(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

impl ClockOffset {
    /// No difference, exactly (what a test or a server without a `Date` header stands for).
    pub const ZERO: ClockOffset = ClockOffset {
        offset_ms: 0,
        uncertainty_ms: 0,
    };

    /// The offset shown by a reply dated `server_date` to a request sent at `sent` and answered
    /// at `received` (both by this computer's clock). The server dated the reply somewhere
    /// between the two, so it is compared with their midpoint: a slow reply widens the
    /// uncertainty instead of counting as a difference.
    pub fn measure(server_date: OffsetDateTime, sent: SystemTime, received: SystemTime) -> Self {
        let (sent, received) = (unix_ms(sent), unix_ms(received));
        let (sent, received) = (sent.min(received), sent.max(received));
        let midpoint = sent + (received - sent) / 2;
        let server_ms = i64::try_from(server_date.unix_timestamp_nanos() / 1_000_000)
            .unwrap_or(i64::MAX)
            // The header drops the fraction of the second: the middle of it is the best guess.
            .saturating_add(DATE_RESOLUTION_MS / 2);
        Self {
            offset_ms: server_ms.saturating_sub(midpoint),
            uncertainty_ms: (received - sent) / 2 + DATE_RESOLUTION_MS / 2,
        }
    }

    /// The offset shown by a reply with the `Date` header `value`; `None` when it is no date.
    pub fn from_date_header(value: &str, sent: SystemTime, received: SystemTime) -> Option<Self> {
        crate::wire::http_date::parse(value).map(|d| Self::measure(d, sent, received))
    }

    /// An offset known exactly, in seconds (positive: the server is ahead).
    pub fn from_seconds(seconds: i64) -> Self {
        Self {
            offset_ms: seconds.saturating_mul(1000),
            uncertainty_ms: 0,
        }
    }

    /// The server's clock minus this computer's, in milliseconds.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms
    }

    /// How far the true offset may be from [`Self::offset_ms`] either way, in milliseconds.
    pub fn uncertainty_ms(&self) -> i64 {
        self.uncertainty_ms
    }

    /// Whether the clocks surely differ by more than [`WARN_BEYOND`], even at the edge of the
    /// measurement's uncertainty.
    pub fn is_worth_warning(&self) -> bool {
        let beyond = i64::try_from(WARN_BEYOND.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms
            .saturating_abs()
            .saturating_sub(self.uncertainty_ms)
            > beyond
    }

    /// The difference in whole seconds, rounded, split for reading.
    pub fn difference(&self) -> Difference {
        let total = (self.offset_ms.unsigned_abs() + 500) / 1000;
        Difference {
            hours: total / 3600,
            minutes: total % 3600 / 60,
            seconds: total % 60,
            server_ahead: self.offset_ms > 0,
        }
    }

    /// The server's time when this computer's clock shows `local`.
    pub fn server_time(&self, local: SystemTime) -> SystemTime {
        let shift = Duration::from_millis(self.offset_ms.unsigned_abs());
        let shifted = if self.offset_ms >= 0 {
            local.checked_add(shift)
        } else {
            local.checked_sub(shift)
        };
        shifted.unwrap_or(local)
    }

    /// The warning for `server` when the clocks differ by more than [`WARN_BEYOND`].
    pub fn warning(&self, server: &str) -> Option<String> {
        if !self.is_worth_warning() {
            return None;
        }
        let difference = self.difference().to_string();
        let server = server.to_string();
        Some(if self.offset_ms > 0 {
            crate::fl!(
                "clock-server-ahead",
                server = server,
                difference = difference
            )
        } else {
            crate::fl!(
                "clock-server-behind",
                server = server,
                difference = difference
            )
        })
    }
}

/// "2 min 5 s", "1 h 0 min 3 s", "45 s": the leading parts that are zero are left out.
impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if self.hours > 0 {
            parts.push(crate::fl!("clock-hours", n = self.hours));
        }
        if self.hours > 0 || self.minutes > 0 {
            parts.push(crate::fl!("clock-minutes", n = self.minutes));
        }
        parts.push(crate::fl!("clock-seconds", n = self.seconds));
        f.write_str(&parts.join(" "))
    }
}

/// Whole seconds until the code valid at `server_now` gives way to the next one (1 to
/// [`TOTP_STEP_SECONDS`]), as an authenticator counts them.
pub fn seconds_left(server_now: SystemTime) -> u64 {
    let second = unix_ms(server_now).div_euclid(1000);
    let step = TOTP_STEP_SECONDS as i64;
    // Between 1 and the step, so the conversion cannot fail.
    u64::try_from(step - second.rem_euclid(step)).unwrap_or(TOTP_STEP_SECONDS)
}

/// Seconds until the server's current code changes, when this computer's clock shows `local`;
/// by this computer's clock when the server's was not measured.
pub fn code_changes_in(offset: Option<ClockOffset>, local: SystemTime) -> u64 {
    seconds_left(offset.unwrap_or(ClockOffset::ZERO).server_time(local))
}

/// The countdown line shown under the code field.
pub fn countdown_text(offset: Option<ClockOffset>, local: SystemTime) -> String {
    crate::fl!(
        "two-step-code-changes-in",
        seconds = code_changes_in(offset, local)
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn at(unix_ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(unix_ms)
    }

    /// 2024-05-01 12:00:00 UTC.
    const NOON_MS: u64 = 1_714_564_800_000;

    #[test]
    fn an_instant_reply_from_a_clock_in_step_shows_no_difference() {
        let sent = at(NOON_MS + 200);
        let received = at(NOON_MS + 400);
        let o =
            ClockOffset::from_date_header("Wed, 01 May 2024 12:00:00 GMT", sent, received).unwrap();
        // The middle of the dated second against the middle of the exchange.
        assert_eq!(o.offset_ms(), 200);
        assert_eq!(o.uncertainty_ms(), 600);
        assert!(!o.is_worth_warning());
    }

    #[test]
    fn a_slow_reply_is_measured_from_the_midpoint_and_does_not_count_as_a_difference() {
        // The server's clock is right; its reply took 70 s. Against the moment of the answer it
        // would look 35 s behind; against the midpoint it is in step.
        let sent = at(NOON_MS - 35_000);
        let received = at(NOON_MS + 35_000);
        let o = ClockOffset::measure(datetime!(2024-05-01 12:00:00 UTC), sent, received);
        assert_eq!(o.offset_ms(), 500);
        assert_eq!(o.uncertainty_ms(), 35_500);
        assert!(!o.is_worth_warning());
        // A difference of 60 s measured over a 70 s round trip could be as small as 25 s: no
        // warning on a guess.
        let o = ClockOffset::measure(datetime!(2024-05-01 12:01:00 UTC), sent, received);
        assert!(!o.is_worth_warning());
        // Reversed timestamps (a clock stepped back meanwhile) still give a sane measure.
        let o = ClockOffset::measure(datetime!(2024-05-01 12:00:00 UTC), received, sent);
        assert_eq!(o.offset_ms(), 500);
    }

    #[test]
    fn a_server_five_minutes_ahead_is_measured_and_warned_about() {
        let sent = at(NOON_MS);
        let received = at(NOON_MS + 120);
        let o =
            ClockOffset::from_date_header("Wed, 01 May 2024 12:05:00 GMT", sent, received).unwrap();
        assert_eq!(o.offset_ms(), 300_440);
        assert!(o.is_worth_warning());
        assert_eq!(
            o.difference(),
            Difference {
                hours: 0,
                minutes: 5,
                seconds: 0,
                server_ahead: true
            }
        );
        let behind = ClockOffset::measure(datetime!(2024-05-01 11:57:55 UTC), sent, received);
        assert_eq!(
            behind.difference(),
            Difference {
                hours: 0,
                minutes: 2,
                seconds: 5,
                server_ahead: false
            }
        );
    }

    #[test]
    fn the_warning_starts_beyond_thirty_seconds() {
        assert!(!ClockOffset::from_seconds(0).is_worth_warning());
        assert!(!ClockOffset::from_seconds(30).is_worth_warning());
        assert!(!ClockOffset::from_seconds(-30).is_worth_warning());
        assert!(ClockOffset::from_seconds(31).is_worth_warning());
        assert!(ClockOffset::from_seconds(-31).is_worth_warning());
        // 31 s measured with half a second either way is still surely beyond 30 s.
        let sent = at(NOON_MS);
        let o = ClockOffset::measure(datetime!(2024-05-01 12:00:31 UTC), sent, sent);
        assert!(o.is_worth_warning());
        // 30 s measured so is not.
        let o = ClockOffset::measure(datetime!(2024-05-01 12:00:30 UTC), sent, sent);
        assert!(!o.is_worth_warning());
    }

    #[test]
    fn the_warning_names_the_server_the_difference_and_the_direction() {
        crate::i18n::set_language(Some("en")).unwrap();
        let ahead = ClockOffset::from_seconds(125).warning("ksc-hq").unwrap();
        assert!(ahead.contains("ksc-hq"), "{ahead}");
        assert!(ahead.contains("2 min 5 s ahead"), "{ahead}");
        assert!(ahead.contains("UTC"), "{ahead}");
        let behind = ClockOffset::from_seconds(-3603).warning("ksc-hq").unwrap();
        assert!(behind.contains("1 h 0 min 3 s behind"), "{behind}");
        assert_eq!(ClockOffset::from_seconds(12).warning("ksc-hq"), None);
        assert_eq!(
            ClockOffset::from_seconds(45).difference().to_string(),
            "45 s"
        );
    }

    #[test]
    fn the_countdown_follows_thirty_second_steps() {
        let noon = at(NOON_MS); // a whole multiple of 30 s: a new code starts
        assert_eq!(seconds_left(noon), 30);
        assert_eq!(seconds_left(at(NOON_MS + 999)), 30);
        assert_eq!(seconds_left(at(NOON_MS + 1_000)), 29);
        assert_eq!(seconds_left(at(NOON_MS + 18_400)), 12);
        assert_eq!(seconds_left(at(NOON_MS + 29_999)), 1);
        assert_eq!(seconds_left(at(NOON_MS + 30_000)), 30);
        // Before 1970 (a clock set far back) the steps go on the same way.
        assert_eq!(seconds_left(UNIX_EPOCH - Duration::from_secs(1)), 1);
    }

    #[test]
    fn the_countdown_runs_on_the_servers_clock() {
        let local = at(NOON_MS + 18_400);
        assert_eq!(code_changes_in(None, local), 12);
        assert_eq!(
            code_changes_in(Some(ClockOffset::from_seconds(0)), local),
            12
        );
        // Ten seconds ahead: the server is at 28.4 s into the step.
        assert_eq!(
            code_changes_in(Some(ClockOffset::from_seconds(10)), local),
            2
        );
        // Twenty seconds behind: at 28.4 s of the previous step.
        assert_eq!(
            code_changes_in(Some(ClockOffset::from_seconds(-20)), local),
            2
        );
        assert_eq!(
            code_changes_in(Some(ClockOffset::from_seconds(300)), local),
            12
        );
        crate::i18n::set_language(Some("en")).unwrap();
        assert_eq!(
            countdown_text(None, local),
            "The current code changes in 12 s"
        );
    }
}
