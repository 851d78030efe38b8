//! What the mapping of virtual servers (or KES Cloud workspaces) to Autotask companies is made
//! of: the targets, every company of the tenant and its zone, loaded for the mapping page and for
//! `ksc-link autotask mapping`.

use crate::autotask::{AutotaskClient, ClientOptions, Credentials, Query};
use crate::fl;
use crate::integration::matcher::{Account, Target};
use crate::kloapi::KscClient;
use crate::secrets::{AutotaskField, SecretKey};

/// What is mapped.
#[derive(Clone, Debug)]
pub enum Source {
    /// The virtual servers of this Administration Server.
    Ksc(KscClient),
    /// KES Cloud workspaces, as listed on the prerequisites page.
    Workspaces(Vec<Target>),
}

/// Where the Autotask credentials come from.
#[derive(Clone, Debug)]
pub enum CredentialSource {
    /// Entered on the prerequisites page.
    Given(Credentials),
    /// Remembered: the user name from the settings, the secrets from the keyring.
    Keyring {
        /// The API user name.
        user_name: String,
    },
}

/// What the page loads when it opens.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The virtual servers or workspaces.
    pub targets: Vec<Target>,
    /// Every company of the tenant.
    pub accounts: Vec<Account>,
    /// The zone's web services URL (for the settings).
    pub zone_url: String,
}

/// Loads the targets and every company (the page's "Loading…", the command's first step).
pub async fn load(
    source: Source,
    opts: ClientOptions,
    creds: CredentialSource,
) -> Result<Loaded, String> {
    let creds = match creds {
        CredentialSource::Given(c) => c,
        CredentialSource::Keyring { user_name } => {
            let get = |field| {
                let key = SecretKey::autotask(&user_name, field);
                async move { crate::secrets::load(&key).await.map_err(|e| e.to_string()) }
            };
            match (
                get(AutotaskField::Secret).await?,
                get(AutotaskField::IntegrationCode).await?,
            ) {
                (Some(secret), Some(integration_code)) => Credentials {
                    user_name,
                    secret,
                    integration_code,
                },
                _ => return Err(fl!("mapping-no-credentials", user = user_name)),
            }
        }
    };
    let targets = match source {
        Source::Ksc(ksc) => ksc
            .vservers()
            .get_vservers(-1)
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .map(Target::from)
            .collect(),
        Source::Workspaces(w) => w,
    };
    let client = AutotaskClient::new(opts, creds).map_err(|e| e.to_string())?;
    let zone = client.zone().await.map_err(|e| e.to_string())?;
    let companies = client
        .query_companies(&Query::all().include_fields([
            "id",
            "companyName",
            "companyType",
            "isActive",
        ]))
        .await
        .map_err(|e| e.to_string())?;
    Ok(Loaded {
        targets,
        accounts: companies.iter().map(Account::from).collect(),
        zone_url: zone.url,
    })
}
