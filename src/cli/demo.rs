//! `ksc-link demo`: the GUI on a simulated primary, secondary and Autotask tenant started in this
//! process. What the GUI is told about them (presets, prefills) is made here, so the simulators
//! know nothing of the GUI.

use super::DemoArgs;
use crate::gui::screen::prerequisites::DemoAutotask;
use crate::gui::{DemoServers, GuiOptions, PendingDemo, PresetServer};
use crate::sim::pair::{Role, SimPair, demo_secondary, prepare_demo_usb};
use crate::tls::Pin;

/// The pair as the GUI's preset servers: trusted by pin (this process started them).
pub fn presets(pair: &SimPair) -> Vec<PresetServer> {
    pair.cards()
        .into_iter()
        .filter_map(|c| {
            let pin = Pin::from_hex(&c.sha256).ok()?;
            let label = match c.role {
                Role::Primary => "Simulated primary (ksc-hq)",
                Role::Secondary => "Simulated secondary (ksc-branch)",
            };
            Some(PresetServer {
                label: label.to_string(),
                address: "127.0.0.1".to_string(),
                api_port: c.api_port,
                ssl_port: Some(c.ssl_port),
                user: c.user,
                password: crate::secrets::Secret::new(c.password),
                internal: true,
                pin,
                certificate: Some(match c.role {
                    Role::Primary => pair.primary.sim().current_cert_der(),
                    Role::Secondary => pair.secondary.sim().current_cert_der(),
                }),
            })
        })
        .collect()
}

/// How the GUI opens on the pair: marked as the demo, both servers as presets, the secondary
/// prefilled in the wizard, and the user's settings file left alone.
pub fn gui_options(pair: &SimPair) -> GuiOptions {
    GuiOptions {
        demo: true,
        presets: presets(pair),
        read_only_settings: true,
        demo_secondary: Some(demo_secondary(pair)),
        ..GuiOptions::default()
    }
}

/// The simulated Autotask tenant as the prerequisites page prefills it.
pub fn autotask(sim: &crate::sim::autotask::AutotaskSim) -> DemoAutotask {
    DemoAutotask {
        url: sim.base_url(),
        pin: Pin::of_der(sim.cert_der()),
        user: sim.user().to_string(),
        secret: sim.secret().clone(),
        integration_code: sim.integration_code().clone(),
    }
}

/// The demo's servers, started: the pair, the tenant, and what the GUI is told of them.
struct Started {
    pair: SimPair,
    tenant: crate::sim::autotask::AutotaskSim,
    servers: DemoServers,
}

async fn start_servers(base: std::path::PathBuf) -> Result<Started, String> {
    let pair = crate::sim::pair::start_pair(&base, crate::sim::pair::interactive_link_config())
        .await
        .map_err(|e| format!("cannot start the simulated servers: {e}"))?;
    let tenant = match crate::sim::autotask::start(crate::sim::autotask::AutotaskSimConfig::new(
        base.join("autotask"),
    ))
    .await
    {
        Ok(t) => t,
        Err(e) => {
            pair.shutdown().await;
            return Err(format!("cannot start the simulated Autotask tenant: {e}"));
        }
    };
    let usb_scan_roots = match prepare_demo_usb(&base, &pair) {
        Ok(root) => Some(vec![root]),
        // The demo still runs; only the stand-in flash drive is missing.
        Err(e) => {
            tracing::warn!(error = %e, "cannot create the demo's stand-in flash drive");
            None
        }
    };
    let servers = DemoServers {
        presets: presets(&pair),
        secondary: Some(demo_secondary(&pair)),
        autotask: Some(autotask(&tenant)),
        usb_scan_roots,
    };
    Ok(Started {
        pair,
        tenant,
        servers,
    })
}

/// Runs the demo: the window opens at once, while the simulators start on their own runtime
/// (making their keys takes longer than the window's first frame) and appear on the connect
/// screen when they answer.
pub fn run(args: DemoArgs, lang: Option<String>) -> anyhow::Result<()> {
    // Before the simulators start: without a desktop they would only be started to be stopped.
    crate::gui::desktop::check()?;
    let rt = super::runtime()?;
    let (base, temp) = match args.state {
        Some(dir) => (dir, None),
        None => {
            let t = super::sim::temp_state().map_err(|e| {
                anyhow::anyhow!("cannot create a temporary folder for the simulated servers: {e}")
            })?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    let (tx, pending) = PendingDemo::channel();
    let starting = rt.spawn(async move {
        match start_servers(base).await {
            Ok(started) => {
                // The window may be closed already; the servers are stopped below either way.
                let _ = tx.send(Ok(started.servers.clone()));
                Some(started)
            }
            Err(e) => {
                tracing::error!(error = %e, "the demo's servers did not start");
                let _ = tx.send(Err(e));
                None
            }
        }
    });
    let options = GuiOptions {
        demo: true,
        read_only_settings: true,
        pending_demo: Some(pending),
        lang,
        ..GuiOptions::default()
    };
    let result = super::gui(options);
    if let Ok(Some(started)) = rt.block_on(starting) {
        rt.block_on(started.tenant.shutdown());
        rt.block_on(started.pair.shutdown());
    }
    drop(temp);
    result
}
