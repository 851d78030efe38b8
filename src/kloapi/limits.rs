//! `Limits`: the server's limited parameters (KSC Open API reference, class `Limits`, and the
//! `LP_*` table of limited parameters).

use super::client::KscClient;
use super::error::KscError;

/// `LP_SlaveServer`: "Slave server enabled" (a boolean: 1 or 0).
pub const LP_SLAVE_SERVER: i32 = 8;

/// The `Limits` class.
pub struct Limits<'a> {
    client: &'a KscClient,
}

impl<'a> Limits<'a> {
    /// Wraps `client`.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `GetLimits(param)`: the limit of one parameter; booleans are 1 or 0.
    pub async fn get_limits(&self, param: i32) -> Result<i32, KscError> {
        self.client
            .call_decoded("Limits.GetLimits", &[("param", param.into())], |r| {
                r.retval_i32()
            })
            .await
    }

    /// Whether the server has secondary servers enabled (`LP_SlaveServer`).
    pub async fn secondary_servers_enabled(&self) -> Result<bool, KscError> {
        Ok(self.get_limits(LP_SLAVE_SERVER).await? != 0)
    }
}
