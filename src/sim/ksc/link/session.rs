//! One link after the TLS handshake, in the secondary's or the primary's role.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, WriteHalf};
use tokio::sync::{mpsc, oneshot};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{Instant, MissedTickBehavior};

use super::proto::{FrameError, Message, PROTOCOL_VERSION, encode_frame, read_frame, write_frame};
use super::relay::{RelayFailure, RelayOutcome};
use super::runtime::{Inner, StopRx, wait_shutdown, wait_stop, wait_stop_opt};
use super::{ConnectedInfo, PolicyRecord, TaskRecord};
use crate::tls::{Pin, describe_tls_error, find_rustls_error};

/// Evaluates a `Result<T, End>`, returning the `End` from the enclosing block on error.
macro_rules! or_end {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(end) => return end,
        }
    };
}

/// How long a `bye` and the TLS close may take before the connection is simply dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Frames in both directions over one TLS stream; a task reads so that waiting for a frame can
/// be cancelled without losing part of one.
struct Channel<S> {
    rx: mpsc::Receiver<Result<Message, FrameError>>,
    wr: WriteHalf<S>,
    reader: JoinHandle<()>,
    write_timeout: Duration,
}

impl<S: AsyncRead + AsyncWrite + Send + 'static> Channel<S> {
    fn new(stream: S, write_timeout: Duration) -> Self {
        let (mut rd, wr) = tokio::io::split(stream);
        let (tx, rx) = mpsc::channel(16);
        let reader = tokio::spawn(async move {
            loop {
                let r = read_frame(&mut rd).await;
                let end = r.is_err();
                if tx.send(r).await.is_err() || end {
                    break;
                }
            }
        });
        Self {
            rx,
            wr,
            reader,
            write_timeout,
        }
    }

    async fn send(&mut self, m: &Message) -> Result<(), End> {
        match tokio::time::timeout(self.write_timeout, write_frame(&mut self.wr, m)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(End::lost(describe_frame_error(&e))),
            Err(_) => Err(End::lost(format!(
                "sending a '{}' message took longer than {} s",
                m.kind(),
                self.write_timeout.as_secs_f32()
            ))),
        }
    }

    /// The next frame, or why there is none.
    async fn recv(&mut self) -> Result<Message, FrameError> {
        self.rx.recv().await.unwrap_or(Err(FrameError::Closed))
    }

    async fn close(mut self, bye: Option<String>) {
        let wr = &mut self.wr;
        let _ = tokio::time::timeout(CLOSE_GRACE, async move {
            if let Some(reason) = bye {
                let _ = write_frame(wr, &Message::Bye { reason }).await;
            }
            let _ = wr.shutdown().await;
        })
        .await;
    }
}

impl<S> Drop for Channel<S> {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

/// A read or write failure in words; TLS alerts are explained.
fn describe_frame_error(e: &FrameError) -> String {
    match e {
        FrameError::Read(io) | FrameError::Write(io) if find_rustls_error(io).is_some() => {
            describe_tls_error(io)
        }
        other => other.to_string(),
    }
}

/// How a link ends on a frame that could not be read: a malformed frame is answered with
/// `bye` (the transport still works), a failed transport is not.
fn frame_end(e: &FrameError) -> End {
    match e {
        FrameError::TooLarge(_) | FrameError::Empty | FrameError::Json(_) => {
            End::protocol(describe_frame_error(e))
        }
        FrameError::Closed | FrameError::Read(_) | FrameError::Write(_) => {
            End::lost(describe_frame_error(e))
        }
    }
}

/// Why a link ended.
struct End {
    /// For the event log.
    reason: String,
    /// Sent to the peer as `bye`, when the link is still usable.
    bye: Option<String>,
    /// A problem (warn) rather than an orderly end (info).
    problem: bool,
}

impl End {
    /// The connection failed; nothing can be sent.
    fn lost(reason: String) -> Self {
        Self {
            reason,
            bye: None,
            problem: true,
        }
    }

    /// This side ends the link and tells the peer why.
    fn stopped(reason: String) -> Self {
        Self {
            bye: Some(reason.clone()),
            reason,
            problem: false,
        }
    }

    /// The peer broke the protocol; tell it and close.
    fn protocol(reason: String) -> Self {
        Self {
            bye: Some(reason.clone()),
            reason,
            problem: true,
        }
    }

    /// The peer said `bye`.
    fn peer_bye(reason: String) -> Self {
        Self {
            reason,
            bye: None,
            problem: false,
        }
    }
}

/// The secondary's side of a link.
pub(super) struct UpCtx {
    /// "the primary at host:port", for log lines.
    pub label: String,
    /// The address dialled, sent in `hello`; empty when the primary dialled.
    pub primary_addr: String,
    /// The primary's certificate as presented.
    pub pin: Pin,
}

/// Runs the link as the secondary; true when it reached `welcome`.
pub(super) async fn run_secondary<S>(
    inner: &Arc<Inner>,
    stream: S,
    ctx: UpCtx,
    mut dialer_stop: Option<StopRx>,
) -> bool
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let cfg = inner.cfg.clone();
    let (token, mut stop) = inner.register_up();
    let mut ch = Channel::new(stream, cfg.heartbeat * 3);
    let mut shutdown = inner.shutdown_rx();
    let mut established = false;

    let end = async {
        // The settings may have changed between the handshake and now.
        if inner.primary_pin() != Some(ctx.pin) {
            return End::stopped("the section KLSRV_MASTER_SRV changed".into());
        }
        let me = inner.store.server_info();
        or_end!(
            ch.send(&Message::Hello {
                protocol: PROTOCOL_VERSION,
                instance_id: me.instance_id,
                host_guid: me.host_guid,
                host_name: me.host_name,
                version: me.version,
                primary_addr: ctx.primary_addr.clone(),
            })
            .await
        );
        let first = tokio::select! {
            r = tokio::time::timeout(cfg.connect_timeout, ch.recv()) => r,
            r = wait_stop(&mut stop) => return End::stopped(r),
            r = wait_stop_opt(&mut dialer_stop) => return End::stopped(r),
            _ = wait_shutdown(&mut shutdown) => {
                return End::stopped("the server is shutting down".into());
            }
        };
        let primary_host = match first {
            Err(_) => {
                return End::lost(format!(
                    "no welcome within {} s",
                    cfg.connect_timeout.as_secs_f32()
                ));
            }
            Ok(Err(e)) => {
                return End::lost(format!(
                    "refused before welcome: {}",
                    describe_frame_error(&e)
                ));
            }
            Ok(Ok(Message::Welcome {
                protocol,
                secondary_id,
                host_name,
                version,
            })) => {
                if protocol != PROTOCOL_VERSION {
                    return End::protocol(format!(
                        "unsupported link protocol version {protocol}; this secondary speaks \
                         {PROTOCOL_VERSION}"
                    ));
                }
                inner.info(format!(
                    "linked to {}: primary '{host_name}' (version {version}) knows this server \
                     as secondary {secondary_id}",
                    ctx.label
                ));
                host_name
            }
            Ok(Ok(Message::Bye { reason })) => {
                return End::peer_bye(format!("the primary refused the link: {reason}"));
            }
            Ok(Ok(other)) => {
                return End::protocol(format!("expected 'welcome', received '{}'", other.kind()));
            }
        };
        established = true;

        let idle = cfg.heartbeat * 3;
        let mut deadline = Instant::now() + idle;
        let mut beat = tokio::time::interval_at(Instant::now() + cfg.heartbeat, cfg.heartbeat);
        beat.set_missed_tick_behavior(MissedTickBehavior::Delay);
        // Gateway requests being served; dropped (and so cancelled) with the link.
        let mut relays: JoinSet<(u64, RelayOutcome)> = JoinSet::new();
        loop {
            tokio::select! {
                m = ch.recv() => {
                    deadline = Instant::now() + idle;
                    match m {
                        Ok(Message::Heartbeat) => {}
                        Ok(Message::Relay { req, path, op }) => {
                            let inner = inner.clone();
                            relays.spawn(async move {
                                let outcome = if path.is_empty() {
                                    inner.store.serve_relayed(op).await
                                } else {
                                    inner.relay(&path, op).await
                                };
                                (req, outcome)
                            });
                        }
                        Ok(Message::Sync { revision, policies, tasks }) => {
                            let (np, nt) = (policies.len(), tasks.len());
                            match inner.store.store_inherited(&primary_host, policies, tasks) {
                                Ok(()) => {
                                    inner.info(format!(
                                        "inherited {np} policies and {nt} tasks from primary \
                                         '{primary_host}' (revision {revision})"
                                    ));
                                    or_end!(ch.send(&Message::SyncAck { revision }).await);
                                }
                                // No ack: the primary's next change sends the full set again.
                                Err(e) => inner.warn(format!(
                                    "cannot store the policies and tasks of revision \
                                     {revision} from primary '{primary_host}': {e}"
                                )),
                            }
                        }
                        Ok(Message::Bye { reason }) => {
                            return End::peer_bye(format!("the primary closed the link: {reason}"));
                        }
                        Ok(other) => {
                            return End::protocol(format!(
                                "unexpected '{}' message from the primary",
                                other.kind()
                            ));
                        }
                        Err(e) => return frame_end(&e),
                    }
                }
                Some(done) = relays.join_next(), if !relays.is_empty() => {
                    if let Ok((req, outcome)) = done {
                        or_end!(ch.send(&fitting_reply(req, outcome)).await);
                    }
                }
                _ = beat.tick() => or_end!(ch.send(&Message::Heartbeat).await),
                _ = tokio::time::sleep_until(deadline) => {
                    return End::protocol(format!(
                        "the primary was silent for {} s (3 heartbeat intervals)",
                        idle.as_secs_f32()
                    ));
                }
                // A settings change closes the link, often one a relayed call just made (the
                // secondary's side cleared through the gateway): that call is answered first,
                // as a server finishes a request before its link restarts.
                r = wait_stop(&mut stop) => {
                    answer_pending(&mut ch, &mut relays).await;
                    return End::stopped(r);
                }
                r = wait_stop_opt(&mut dialer_stop) => {
                    answer_pending(&mut ch, &mut relays).await;
                    return End::stopped(r);
                }
                _ = wait_shutdown(&mut shutdown) => {
                    return End::stopped("the server is shutting down".into());
                }
            }
        }
    };
    let end = end.await;
    inner.unregister_up(token);
    let text = if established {
        format!("link to {} ended: {}", ctx.label, end.reason)
    } else {
        format!("link to {} failed: {}", ctx.label, end.reason)
    };
    if end.problem {
        inner.warn(text);
    } else {
        inner.info(text);
    }
    ch.close(end.bye).await;
    established
}

/// Sends the answers of the relayed calls still running, for at most [`RELAY_TIMEOUT`].
async fn answer_pending<S: AsyncRead + AsyncWrite + Send + 'static>(
    ch: &mut Channel<S>,
    relays: &mut JoinSet<(u64, RelayOutcome)>,
) {
    let end = Instant::now() + super::relay::RELAY_TIMEOUT;
    while !relays.is_empty() {
        match tokio::time::timeout_at(end, relays.join_next()).await {
            Ok(Some(Ok((req, outcome)))) => {
                if ch.send(&fitting_reply(req, outcome)).await.is_err() {
                    return;
                }
            }
            Ok(Some(Err(_))) => {}
            Ok(None) | Err(_) => return,
        }
    }
}

/// The answer to relayed request `req`; an answer too large for a frame becomes the error a
/// server gives for it, so the link itself stays up.
fn fitting_reply(req: u64, outcome: RelayOutcome) -> Message {
    let msg = Message::RelayReply { req, outcome };
    if encode_frame(&msg).is_ok() {
        return msg;
    }
    let error = crate::wire::PxgError::new(
        crate::wire::error::codes::GENERAL,
        "KLSTD",
        "The answer is too large to pass back through the primary",
    );
    Message::RelayReply {
        req,
        outcome: RelayOutcome::Reply {
            body: error.to_body(),
        },
    }
}

/// Sends `sync` when the set for secondary `id` differs from what was pushed last.
async fn resync<S: AsyncRead + AsyncWrite + Send + 'static>(
    inner: &Inner,
    id: i32,
    ch: &mut Channel<S>,
    pushed: &mut (Vec<PolicyRecord>, Vec<TaskRecord>),
    revision: &mut u64,
) -> Result<(), End> {
    let now = inner.store.policies_to_push(id);
    if now == *pushed {
        return Ok(());
    }
    *revision += 1;
    *pushed = now;
    ch.send(&Message::Sync {
        revision: *revision,
        policies: pushed.0.clone(),
        tasks: pushed.1.clone(),
    })
    .await
}

/// The primary's side of a link.
pub(super) struct DownCtx {
    /// The secondary's id on this primary.
    pub id: i32,
    /// The secondary's certificate as presented.
    pub pin: Pin,
    /// "secondary 3 from 10.0.0.5:51234", for log lines.
    pub label: String,
    /// The secondary's address as seen from here.
    pub remote: String,
    /// True when this primary dialled.
    pub passive: bool,
}

/// Runs the link as the primary; true when it reached `welcome`.
pub(super) async fn run_primary<S>(
    inner: &Arc<Inner>,
    stream: S,
    ctx: DownCtx,
    mut dialer_stop: Option<StopRx>,
) -> bool
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let cfg = inner.cfg.clone();
    let id = ctx.id;
    let mut ch = Channel::new(stream, cfg.heartbeat * 3);
    let mut shutdown = inner.shutdown_rx();
    let mut registered: Option<u64> = None;

    let end = async {
        let first = tokio::select! {
            r = tokio::time::timeout(cfg.connect_timeout, ch.recv()) => r,
            r = wait_stop_opt(&mut dialer_stop) => return End::stopped(r),
            _ = wait_shutdown(&mut shutdown) => {
                return End::stopped("the server is shutting down".into());
            }
        };
        let hello = match first {
            Err(_) => {
                return End::lost(format!(
                    "no hello within {} s",
                    cfg.connect_timeout.as_secs_f32()
                ));
            }
            Ok(Err(e)) => return frame_end(&e),
            Ok(Ok(Message::Bye { reason })) => {
                return End::peer_bye(format!("the secondary refused the link: {reason}"));
            }
            Ok(Ok(Message::Hello {
                protocol,
                instance_id,
                host_guid,
                host_name,
                version,
                primary_addr,
            })) => {
                if protocol != PROTOCOL_VERSION {
                    return End::protocol(format!(
                        "unsupported link protocol version {protocol}; this primary speaks \
                         {PROTOCOL_VERSION}"
                    ));
                }
                ConnectedInfo {
                    instance_id,
                    host_guid,
                    host_name,
                    version,
                    master_addr: primary_addr,
                    remote_addr: ctx.remote.clone(),
                    passive: ctx.passive,
                    connected_at: OffsetDateTime::now_utc(),
                }
            }
            Ok(Ok(other)) => {
                return End::protocol(format!("expected 'hello', received '{}'", other.kind()));
            }
        };
        let (token, mut stop, mut jobs) = inner.register_down(id, ctx.pin);
        registered = Some(token);
        // The registration may have changed between the handshake and now.
        if inner.registered_pin(id) != Some(ctx.pin) {
            return End::stopped(format!(
                "secondary {id} is no longer registered with this certificate"
            ));
        }
        let (host, version) = (hello.host_name.clone(), hello.version.clone());
        let master_addr = hello.master_addr.clone();
        inner.store.set_secondary_connected(id, hello);
        let via = if master_addr.is_empty() {
            String::new()
        } else {
            format!(", reached this primary as {master_addr}")
        };
        inner.info(format!(
            "{} is Active: '{host}', version {version}{via}",
            ctx.label
        ));
        let me = inner.store.server_info();
        or_end!(
            ch.send(&Message::Welcome {
                protocol: PROTOCOL_VERSION,
                secondary_id: id,
                host_name: me.host_name,
                version: me.version,
            })
            .await
        );
        let mut revision = 1u64;
        let mut pushed: (Vec<PolicyRecord>, Vec<TaskRecord>) = inner.store.policies_to_push(id);
        or_end!(
            ch.send(&Message::Sync {
                revision,
                policies: pushed.0.clone(),
                tasks: pushed.1.clone(),
            })
            .await
        );

        let mut changed = inner.store.changed();
        let mut changes_open = true;
        // Gateway requests sent down and waiting for their answer; dropping them (the link
        // ended) tells each requester the link was lost.
        let mut pending: HashMap<u64, oneshot::Sender<RelayOutcome>> = HashMap::new();
        let mut next_req = 0u64;
        let idle = cfg.heartbeat * 3;
        let mut deadline = Instant::now() + idle;
        let mut beat = tokio::time::interval_at(Instant::now() + cfg.heartbeat, cfg.heartbeat);
        beat.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                m = ch.recv() => {
                    deadline = Instant::now() + idle;
                    match m {
                        Ok(Message::Heartbeat) => {
                            inner.store.touch_secondary(id, OffsetDateTime::now_utc());
                        }
                        Ok(Message::RelayReply { req, outcome }) => {
                            if let Some(reply) = pending.remove(&req) {
                                let _ = reply.send(outcome.one_hop_up());
                            }
                        }
                        Ok(Message::SyncAck { revision: r }) => {
                            tracing::debug!(
                                target: "ksc_link::sim::link",
                                "secondary {id} stored sync revision {r}"
                            );
                        }
                        Ok(Message::Bye { reason }) => {
                            return End::peer_bye(format!("the secondary closed the link: {reason}"));
                        }
                        Ok(other) => {
                            return End::protocol(format!(
                                "unexpected '{}' message from the secondary",
                                other.kind()
                            ));
                        }
                        Err(e) => return frame_end(&e),
                    }
                }
                Some(job) = jobs.recv() => {
                    next_req += 1;
                    let msg = Message::Relay { req: next_req, path: job.path, op: job.op };
                    if encode_frame(&msg).is_err() {
                        let _ = job.reply.send(RelayOutcome::failed(id, RelayFailure::TooLarge));
                        continue;
                    }
                    pending.insert(next_req, job.reply);
                    or_end!(ch.send(&msg).await);
                }
                r = changed.changed(), if changes_open => {
                    if r.is_err() {
                        changes_open = false;
                        continue;
                    }
                    or_end!(resync(inner, id, &mut ch, &mut pushed, &mut revision).await);
                }
                _ = beat.tick() => {
                    // Policy edits need not notify; a heartbeat catches them at the latest.
                    or_end!(resync(inner, id, &mut ch, &mut pushed, &mut revision).await);
                    or_end!(ch.send(&Message::Heartbeat).await);
                }
                _ = tokio::time::sleep_until(deadline) => {
                    return End::protocol(format!(
                        "the secondary was silent for {} s (3 heartbeat intervals)",
                        idle.as_secs_f32()
                    ));
                }
                r = wait_stop(&mut stop) => return End::stopped(r),
                r = wait_stop_opt(&mut dialer_stop) => return End::stopped(r),
                _ = wait_shutdown(&mut shutdown) => {
                    return End::stopped("the server is shutting down".into());
                }
            }
        }
    };
    let end = end.await;
    let established = registered.is_some();
    if let Some(token) = registered
        && inner.unregister_down(id, token)
    {
        inner.store.set_secondary_disconnected(id);
    }
    let text = if established {
        format!("link to {} ended (now Inactive): {}", ctx.label, end.reason)
    } else {
        format!("link to {} failed: {}", ctx.label, end.reason)
    };
    if end.problem {
        inner.warn(text);
    } else {
        inner.info(text);
    }
    ch.close(end.bye).await;
    established
}
