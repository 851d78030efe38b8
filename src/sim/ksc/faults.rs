//! Injected failures, so that the app's error handling, rollback and idempotence can be
//! exercised for real, by a test or by hand (`ksc-link sim --fault …`).
//!
//! Two kinds: a method answering a given `PxgError` instead of running, as a real server does
//! when an account lacks a right or a disk is full; and what a real network does to a call at
//! the transport — the reply lost after the method committed, the connection dropped before it
//! ran, a reply slower than the client waits, an HTTP 500 from a gateway, the session expired,
//! the certificate replaced between two calls.

use std::time::Duration;

use super::state::SharedState;
use crate::wire::PxgError;

/// What the network does to the next call of a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportFault {
    /// The method runs (and commits), then the connection is dropped without an answer.
    ReplyLost,
    /// The request arrives whole, then the connection is dropped before the method runs.
    DropMidRequest,
    /// The method runs, and its answer is sent only after this long.
    SlowReply(Duration),
    /// `500 Internal Server Error` in plain text, as a gateway answers; the method does not run.
    Http500,
    /// Every session expires just before the call is checked, so it is answered 403.
    SessionExpired,
    /// The method runs and answers, the connection closes, and from then on the Open API
    /// presents a new certificate: the certificate changed between two calls.
    CertificateReplaced,
}

/// How long [`TransportFault::SlowReply`] waits when the spec names no time: longer than the
/// client's default request timeout (60 s).
const DEFAULT_SLOW: Duration = Duration::from_secs(90);

impl std::str::FromStr for TransportFault {
    type Err = String;

    /// `reply-lost`, `drop`, `http-500`, `session-expired`, `slow` or `slow:<n>s` / `slow:<n>ms`.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        Ok(match s {
            "reply-lost" => Self::ReplyLost,
            "drop" => Self::DropMidRequest,
            "http-500" => Self::Http500,
            "session-expired" => Self::SessionExpired,
            "cert-changed" => Self::CertificateReplaced,
            "slow" => Self::SlowReply(DEFAULT_SLOW),
            _ => match s.strip_prefix("slow:") {
                Some(t) => Self::SlowReply(parse_duration(t)?),
                None => {
                    return Err(format!(
                        "unknown fault {s:?}: expected reply-lost, drop, http-500, \
                         session-expired, cert-changed, slow or slow:<n>s"
                    ));
                }
            },
        })
    }
}

fn parse_duration(t: &str) -> Result<Duration, String> {
    let bad = || format!("{t:?} is not a time such as 90s or 500ms");
    let (n, unit) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1000)
    } else {
        return Err(bad());
    };
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    Ok(Duration::from_millis(n.saturating_mul(unit)))
}

/// Which simulated server of a pair a `--fault` is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultTarget {
    /// The (future) primary; the default.
    Primary,
    /// The (future) secondary.
    Secondary,
}

/// One `--fault` option: `[primary:|secondary:]Class.Method=fault`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultSpec {
    /// The server it applies to.
    pub target: FaultTarget,
    /// `Class.Method`.
    pub method: String,
    /// What happens to the method's next call.
    pub fault: TransportFault,
}

impl std::str::FromStr for FaultSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (call, fault) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?}: expected [secondary:]Class.Method=fault"))?;
        let call = call.trim();
        let (target, method) = if let Some(m) = call.strip_prefix("secondary:") {
            (FaultTarget::Secondary, m)
        } else {
            (
                FaultTarget::Primary,
                call.strip_prefix("primary:").unwrap_or(call),
            )
        };
        let well_formed = method
            .split_once('.')
            .is_some_and(|(c, m)| !c.is_empty() && !m.is_empty() && !m.contains('.'));
        if !well_formed {
            return Err(format!("{method:?} is not a Class.Method name"));
        }
        Ok(Self {
            target,
            method: method.to_string(),
            fault: fault.parse()?,
        })
    }
}

/// One `--clock-offset-seconds` option: `[primary:|secondary:]SECONDS`, how far that server's
/// clock is off (positive: ahead), as on a server without time synchronisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockOffsetSpec {
    /// The server it applies to.
    pub target: FaultTarget,
    /// Seconds off the true time.
    pub seconds: i64,
}

impl std::str::FromStr for ClockOffsetSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (target, n) = split_target(s);
        let seconds = n.trim().trim_start_matches('+').parse().map_err(|_| {
            format!("{s:?}: expected [secondary:]SECONDS, e.g. 300 or secondary:-90")
        })?;
        Ok(Self { target, seconds })
    }
}

/// `secondary:REST` or `primary:REST` or `REST` (meant for the primary).
fn split_target(s: &str) -> (FaultTarget, &str) {
    if let Some(n) = s.strip_prefix("secondary:") {
        (FaultTarget::Secondary, n)
    } else {
        (
            FaultTarget::Primary,
            s.strip_prefix("primary:").unwrap_or(s),
        )
    }
}

/// One `--cert-expires-in-days` option: `[primary:|secondary:]DAYS`, a server whose certificate
/// expires that many days from now (negative: expired that long ago).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertExpirySpec {
    /// The server it applies to.
    pub target: FaultTarget,
    /// Days until its certificate expires.
    pub days: i64,
}

impl std::str::FromStr for CertExpirySpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (target, n) = split_target(s);
        let days = n
            .trim()
            .trim_start_matches('+')
            .parse()
            .map_err(|_| format!("{s:?}: expected [secondary:]DAYS, e.g. 20 or secondary:1"))?;
        Ok(Self { target, days })
    }
}

/// One `--reserve-swap-after` option: `[primary:|secondary:]TIME` (`<n>s`, `<n>ms`, or plain
/// seconds), when that server swaps in the reserve certificate it made at start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReserveSwapSpec {
    /// The server it applies to.
    pub target: FaultTarget,
    /// How long after the start.
    pub after: Duration,
}

impl std::str::FromStr for ReserveSwapSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (target, t) = split_target(s);
        let t = t.trim();
        let after = match t.parse::<u64>() {
            Ok(seconds) => Duration::from_secs(seconds),
            Err(_) => parse_duration(t).map_err(|_| {
                format!("{s:?}: expected [secondary:]TIME, e.g. 60s or secondary:90")
            })?,
        };
        Ok(Self { target, after })
    }
}

impl SharedState {
    /// The next call of `method` (`Class.Method`) answers `error` instead of running; several
    /// injections for one method are answered in order.
    pub fn inject_fault(&self, method: &str, error: PxgError) {
        self.runtime()
            .faults
            .entry(method.to_string())
            .or_default()
            .push(error);
    }

    /// Takes the next injected failure of `method`, if any.
    pub fn take_fault(&self, method: &str) -> Option<PxgError> {
        take_next(&mut self.runtime().faults, method)
    }

    /// The next call of `method` (`Class.Method`) meets `fault` on its way; several injections
    /// for one method are met by its next calls in order.
    pub fn inject_transport_fault(&self, method: &str, fault: TransportFault) {
        self.runtime()
            .transport_faults
            .entry(method.to_string())
            .or_default()
            .push(fault);
    }

    /// Counts one request for `call` (see [`SharedState::requests`]).
    pub(crate) fn count_request(&self, call: &str) {
        *self.runtime().requests.entry(call.to_string()).or_default() += 1;
    }

    /// The requests answered on the Open API port so far, by call (`Class.Method`, or `login`).
    pub fn requests(&self) -> std::collections::BTreeMap<String, u64> {
        self.runtime().requests.clone()
    }

    /// The requests answered since `before` (an earlier [`Self::requests`]), by call; calls
    /// not asked since are left out.
    pub fn requests_since(
        &self,
        before: &std::collections::BTreeMap<String, u64>,
    ) -> std::collections::BTreeMap<String, u64> {
        self.requests()
            .into_iter()
            .filter_map(|(call, n)| {
                let since = n.saturating_sub(before.get(&call).copied().unwrap_or(0));
                (since > 0).then_some((call, since))
            })
            .collect()
    }

    /// Takes the next transport fault of `method`, if any.
    pub fn take_transport_fault(&self, method: &str) -> Option<TransportFault> {
        take_next(&mut self.runtime().transport_faults, method)
    }
}

fn take_next<T>(queues: &mut std::collections::HashMap<String, Vec<T>>, method: &str) -> Option<T> {
    let queue = queues.get_mut(method)?;
    let e = if queue.is_empty() {
        None
    } else {
        Some(queue.remove(0))
    };
    if queue.is_empty() {
        queues.remove(method);
    }
    e
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn clock_offsets_parse_with_their_target() {
        let p = |s: &str| s.parse::<ClockOffsetSpec>();
        assert_eq!(
            p("300").unwrap(),
            ClockOffsetSpec {
                target: FaultTarget::Primary,
                seconds: 300
            }
        );
        assert_eq!(p("+45").unwrap().seconds, 45);
        assert_eq!(
            p("secondary:-90").unwrap(),
            ClockOffsetSpec {
                target: FaultTarget::Secondary,
                seconds: -90
            }
        );
        assert_eq!(p("primary:0").unwrap().target, FaultTarget::Primary);
        for bad in ["", "five", "secondary:", "tertiary:5", "1.5"] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn certificate_specs_parse_with_their_target() {
        let e = |s: &str| s.parse::<CertExpirySpec>();
        assert_eq!(
            e("20").unwrap(),
            CertExpirySpec {
                target: FaultTarget::Primary,
                days: 20
            }
        );
        assert_eq!(
            e("secondary:-3").unwrap(),
            CertExpirySpec {
                target: FaultTarget::Secondary,
                days: -3
            }
        );
        for bad in ["", "soon", "secondary:", "1.5"] {
            assert!(e(bad).is_err(), "{bad}");
        }
        let r = |s: &str| s.parse::<ReserveSwapSpec>();
        assert_eq!(r("60").unwrap().after, Duration::from_secs(60));
        assert_eq!(r("primary:90s").unwrap().after, Duration::from_secs(90));
        let s = r("secondary:500ms").unwrap();
        assert_eq!(
            (s.target, s.after),
            (FaultTarget::Secondary, Duration::from_millis(500))
        );
        for bad in ["", "later", "secondary:", "-5"] {
            assert!(r(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fault_specs_parse_with_their_target() {
        let s: FaultSpec = "ServerHierarchy.RegisterServer=reply-lost".parse().unwrap();
        assert_eq!(s.target, FaultTarget::Primary);
        assert_eq!(s.method, "ServerHierarchy.RegisterServer");
        assert_eq!(s.fault, TransportFault::ReplyLost);
        let s: FaultSpec = "secondary:HostGroup.SS_Write=slow:250ms".parse().unwrap();
        assert_eq!(s.target, FaultTarget::Secondary);
        assert_eq!(
            s.fault,
            TransportFault::SlowReply(Duration::from_millis(250))
        );
        let s: FaultSpec = "primary:Session.StartSession=http-500".parse().unwrap();
        assert_eq!(
            (s.target, s.fault),
            (FaultTarget::Primary, TransportFault::Http500)
        );
        assert_eq!(
            "secondary:HostGroup.GetStaticInfo=cert-changed"
                .parse::<FaultSpec>()
                .unwrap()
                .fault,
            TransportFault::CertificateReplaced
        );
        assert_eq!(
            "X.Y=slow".parse::<FaultSpec>().unwrap().fault,
            TransportFault::SlowReply(DEFAULT_SLOW)
        );
        assert_eq!(
            "X.Y=slow:2s".parse::<FaultSpec>().unwrap().fault,
            TransportFault::SlowReply(Duration::from_secs(2))
        );
        for bad in [
            "ServerHierarchy.RegisterServer",
            "RegisterServer=drop",
            "A.B.C=drop",
            "A.B=explode",
            "A.B=slow:fast",
            "A.B=slow:5",
        ] {
            assert!(bad.parse::<FaultSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn faults_are_met_once_each_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let state = SharedState::open(dir.path(), || {
            Ok(super::super::state::SimData::empty("K", "h"))
        })
        .unwrap();
        state.inject_transport_fault("A.B", TransportFault::Http500);
        state.inject_transport_fault("A.B", TransportFault::DropMidRequest);
        assert_eq!(state.take_transport_fault("A.C"), None);
        assert_eq!(
            state.take_transport_fault("A.B"),
            Some(TransportFault::Http500)
        );
        assert_eq!(
            state.take_transport_fault("A.B"),
            Some(TransportFault::DropMidRequest)
        );
        assert_eq!(state.take_transport_fault("A.B"), None);
    }
}
