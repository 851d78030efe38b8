//! `DataProtectionApi`: encrypting secrets for a server, e.g. the proxy password a secondary
//! stores in `KLSRV_MASTER_SRV_PROXYHOST_PASSWORD` (KSC Open API reference, class
//! `DataProtectionApi`, and "How sensitive data must be protected").

use super::client::KscClient;
use super::error::KscError;
use crate::secrets::Secret;

/// The `DataProtectionApi` class of one server.
#[derive(Clone, Copy, Debug)]
pub struct DataProtectionApi<'a> {
    client: &'a KscClient,
}

impl<'a> DataProtectionApi<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `ProtectUtf8StringForHost`: `plain` encrypted for the host `host_id` (its
    /// `KLADMSRV_SERVER_HOSTNAME` for the server itself), to store in its settings.
    pub async fn protect_utf8_for_host(
        &self,
        host_id: &str,
        plain: &Secret,
    ) -> Result<Vec<u8>, KscError> {
        self.client
            .call_decoded(
                "DataProtectionApi.ProtectUtf8StringForHost",
                &[
                    ("szwHostId", host_id.into()),
                    ("szwPlainText", plain.expose().into()),
                ],
                |r| r.retval_binary(),
            )
            .await
    }
}
