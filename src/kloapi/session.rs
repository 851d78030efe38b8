//! `Session`: checking, sharing and ending the client's session (KSC Open API reference,
//! class `Session`). Starting a session is part of [`KscClient::login`].

use super::client::KscClient;
use super::error::KscError;
use crate::secrets::Secret;

/// The `Session` class of one server.
#[derive(Clone, Copy, Debug)]
pub struct Session<'a> {
    client: &'a KscClient,
}

impl<'a> Session<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `Ping`: checks that the session is alive (renewing it if it expired).
    pub async fn ping(&self) -> Result<(), KscError> {
        self.client.call("Session.Ping", &[]).await.map(|_| ())
    }

    /// `CreateToken`: a one-time token for a `KSCT` login (valid for a short time).
    pub async fn create_token(&self) -> Result<Secret, KscError> {
        self.client
            .call_decoded("Session.CreateToken", &[], |r| {
                r.retval_str().map(Secret::new)
            })
            .await
    }

    /// `EndSession`: logs out; same as [`KscClient::close`].
    pub async fn end_session(&self) -> Result<(), KscError> {
        self.client.close().await
    }
}
