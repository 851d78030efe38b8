//! Messages and framing of the hierarchy link; the protocol itself is described in the parent
//! module.

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::relay::{Hop, RelayOp, RelayOutcome};
use super::{PolicyRecord, TaskRecord};

/// Version carried in `hello` and `welcome`; a peer speaking another version is refused.
pub const PROTOCOL_VERSION: u32 = 1;

/// Largest frame body accepted or sent (1 MiB).
pub const MAX_FRAME_LEN: usize = 1024 * 1024;

/// One message of the link, encoded as a JSON object tagged by `"type"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// Secondary → primary, first message on every link.
    Hello {
        /// Must equal [`PROTOCOL_VERSION`].
        protocol: u32,
        /// The secondary's instance id (`KLSRVH_SRV_INST_ID` on the primary).
        instance_id: String,
        /// The secondary's host identity (`KLSRVH_SRV_HOST_GUID` on the primary).
        #[serde(default)]
        host_guid: String,
        /// The secondary's host name.
        host_name: String,
        /// The secondary's version (`KLSRVH_SRV_VERSION`).
        version: String,
        /// The address the secondary dialled (`KLSRVH_SRV_MASTER_ADDR`); empty when passive.
        primary_addr: String,
    },
    /// Primary → secondary, the answer to `hello`.
    Welcome {
        /// Must equal [`PROTOCOL_VERSION`].
        protocol: u32,
        /// The id the primary gave this secondary (`KLSRVH_SRV_ID`).
        secondary_id: i32,
        /// The primary's host name.
        host_name: String,
        /// The primary's version.
        version: String,
    },
    /// Primary → secondary: the complete set of policies and tasks the secondary inherits.
    Sync {
        /// Increases with every `sync` on one link, starting at 1.
        revision: u64,
        /// Policies to inherit.
        policies: Vec<PolicyRecord>,
        /// Group tasks to inherit.
        tasks: Vec<TaskRecord>,
    },
    /// Secondary → primary: the `sync` of that revision is stored.
    SyncAck {
        /// The revision stored.
        revision: u64,
    },
    /// Primary → secondary: a request of a gateway connection, for this secondary (empty
    /// `path`) or, passed on hop by hop, for a secondary below it.
    Relay {
        /// Numbers the request on this link; the answer carries it back.
        req: u64,
        /// The hops still to go below the receiver, top-down.
        #[serde(default)]
        path: Vec<Hop>,
        /// What to do on the target.
        op: RelayOp,
    },
    /// Secondary → primary: the answer to `relay` number `req`.
    RelayReply {
        /// The request answered.
        req: u64,
        /// The target's answer, or why the request did not get there.
        outcome: RelayOutcome,
    },
    /// Either direction, every heartbeat interval.
    Heartbeat,
    /// Either direction, just before an orderly close.
    Bye {
        /// Why the sender closes the link, for the peer's event log.
        reason: String,
    },
}

impl Message {
    /// The `type` tag, for log lines about unexpected messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Hello { .. } => "hello",
            Message::Welcome { .. } => "welcome",
            Message::Sync { .. } => "sync",
            Message::SyncAck { .. } => "sync_ack",
            Message::Relay { .. } => "relay",
            Message::RelayReply { .. } => "relay_reply",
            Message::Heartbeat => "heartbeat",
            Message::Bye { .. } => "bye",
        }
    }
}

/// Why a frame could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The peer closed the connection (at or inside a frame).
    #[error("the peer closed the connection")]
    Closed,
    /// The transport failed while reading.
    #[error("reading from the peer failed: {0}")]
    Read(#[source] std::io::Error),
    /// The transport failed while writing.
    #[error("writing to the peer failed: {0}")]
    Write(#[source] std::io::Error),
    /// A frame body above [`MAX_FRAME_LEN`] (announced by the peer, or about to be sent).
    #[error("a frame of {0} bytes exceeds the limit of {MAX_FRAME_LEN} bytes")]
    TooLarge(usize),
    /// A zero length prefix.
    #[error("the peer sent an empty frame")]
    Empty,
    /// The body is not a message of this protocol.
    #[error("the peer sent a frame that is not a link message: {0}")]
    Json(#[source] serde_json::Error),
}

/// Reads one frame: a u32 big-endian body length, then that many bytes of JSON.
pub async fn read_frame<R: AsyncRead + Unpin>(r: &mut R) -> Result<Message, FrameError> {
    let len = match r.read_u32().await {
        Ok(n) => n as usize,
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(FrameError::Read(e)),
    };
    if len == 0 {
        return Err(FrameError::Empty);
    }
    if len > MAX_FRAME_LEN {
        return Err(FrameError::TooLarge(len));
    }
    let mut body = vec![0u8; len];
    match r.read_exact(&mut body).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(FrameError::Read(e)),
    }
    serde_json::from_slice(&body).map_err(FrameError::Json)
}

/// Encodes one message as a frame; refuses bodies above [`MAX_FRAME_LEN`].
pub fn encode_frame(msg: &Message) -> Result<Vec<u8>, FrameError> {
    let body = serde_json::to_vec(msg).map_err(FrameError::Json)?;
    if body.len() > MAX_FRAME_LEN {
        return Err(FrameError::TooLarge(body.len()));
    }
    let len = u32::try_from(body.len()).map_err(|_| FrameError::TooLarge(body.len()))?;
    let mut out = Vec::with_capacity(4 + body.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Writes one message as a frame and flushes it.
pub async fn write_frame<W: AsyncWrite + Unpin>(
    w: &mut W,
    msg: &Message,
) -> Result<(), FrameError> {
    let frame = encode_frame(msg)?;
    w.write_all(&frame).await.map_err(FrameError::Write)?;
    w.flush().await.map_err(FrameError::Write)
}

/// Serde adapter: a [`crate::wire::Params`] travels as a JSON object in the Open API's inner
/// (typed) encoding, so binaries, longs and datetimes survive the trip.
pub mod params_json {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::wire::Params;

    /// Writes the params as a typed JSON object.
    pub fn serialize<S: Serializer>(p: &Params, s: S) -> Result<S::Ok, S::Error> {
        p.to_json().serialize(s)
    }

    /// Reads a typed JSON object into params.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Params, D::Error> {
        let j = serde_json::Value::deserialize(d)?;
        Params::from_json(&j, "").map_err(D::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::wire::Params;

    #[tokio::test]
    async fn frames_round_trip() {
        let msgs = vec![
            Message::Hello {
                protocol: 1,
                instance_id: "i".into(),
                host_guid: "g".into(),
                host_name: "h".into(),
                version: "15.1".into(),
                primary_addr: "p:13000".into(),
            },
            Message::Sync {
                revision: 3,
                policies: vec![PolicyRecord {
                    id: 7,
                    name: "Endpoint".into(),
                    product: "KES".into(),
                    version: "12.0.0.0".into(),
                    active: true,
                    roaming: false,
                    accept_parent: true,
                    force_distrib2children: false,
                    created: time::macros::datetime!(2024-05-01 10:00:00.5 UTC),
                    modified: time::macros::datetime!(2024-05-02 10:00:00 UTC),
                    settings: Params::new().with("blob", vec![1u8, 2, 3]).with("n", 5i64),
                }],
                tasks: vec![TaskRecord {
                    id: "12".into(),
                    display_name: "Update".into(),
                    task_type: "KLNAG_TASK_UPDATE".into(),
                    product: "KES".into(),
                    version: "12.0.0.0".into(),
                    component: String::new(),
                    schedule_type: 0,
                    enabled: true,
                    created: time::macros::datetime!(2024-05-01 10:00:00 UTC),
                    settings: Params::new(),
                }],
            },
            Message::Relay {
                req: 4,
                path: vec![Hop {
                    id: 7,
                    issuer: "inst-mid".into(),
                }],
                op: RelayOp::Call {
                    session: "n1".into(),
                    method: "HostGroup.GetStaticInfo".into(),
                    body: r#"{"pValues": null}"#.into(),
                },
            },
            Message::RelayReply {
                req: 4,
                outcome: RelayOutcome::Reply {
                    body: serde_json::json!({"PxgRetVal": {"KLADMSRV_SERVER_HOSTNAME": "h"}}),
                },
            },
            Message::RelayReply {
                req: 5,
                outcome: RelayOutcome::Failed {
                    hop: 1,
                    secondary_id: 7,
                    reason: crate::sim::ksc::link::RelayFailure::NotConnected,
                },
            },
            Message::Heartbeat,
            Message::Bye { reason: "r".into() },
        ];
        let mut buf = Vec::new();
        for m in &msgs {
            write_frame(&mut buf, m).await.unwrap();
        }
        let mut r = buf.as_slice();
        for m in &msgs {
            assert_eq!(&read_frame(&mut r).await.unwrap(), m);
        }
        assert!(matches!(read_frame(&mut r).await, Err(FrameError::Closed)));
    }

    #[test]
    fn relay_wire_form() {
        let f = encode_frame(&Message::Relay {
            req: 1,
            path: Vec::new(),
            op: RelayOp::Close {
                session: "n1".into(),
            },
        })
        .unwrap();
        assert_eq!(
            &f[4..],
            br#"{"type":"relay","req":1,"path":[],"op":{"op":"close","session":"n1"}}"#
        );
        let f = encode_frame(&Message::RelayReply {
            req: 1,
            outcome: RelayOutcome::SessionGone,
        })
        .unwrap();
        assert_eq!(
            &f[4..],
            br#"{"type":"relay_reply","req":1,"outcome":{"outcome":"session_gone"}}"#
        );
    }

    #[test]
    fn heartbeat_wire_form() {
        let f = encode_frame(&Message::Heartbeat).unwrap();
        assert_eq!(&f[..4], &[0, 0, 0, 20]);
        assert_eq!(&f[4..], br#"{"type":"heartbeat"}"#);
    }

    #[tokio::test]
    async fn oversized_and_empty_frames_are_refused() {
        let big = ((MAX_FRAME_LEN + 1) as u32).to_be_bytes();
        assert!(matches!(
            read_frame(&mut big.as_slice()).await,
            Err(FrameError::TooLarge(n)) if n == MAX_FRAME_LEN + 1
        ));
        let zero = 0u32.to_be_bytes();
        assert!(matches!(
            read_frame(&mut zero.as_slice()).await,
            Err(FrameError::Empty)
        ));
        let mut junk = 3u32.to_be_bytes().to_vec();
        junk.extend_from_slice(b"{x}");
        assert!(matches!(
            read_frame(&mut junk.as_slice()).await,
            Err(FrameError::Json(_))
        ));
        let mut unknown = Vec::new();
        let body = br#"{"type":"launch"}"#;
        unknown.extend_from_slice(&(body.len() as u32).to_be_bytes());
        unknown.extend_from_slice(body);
        assert!(matches!(
            read_frame(&mut unknown.as_slice()).await,
            Err(FrameError::Json(_))
        ));
    }
}
