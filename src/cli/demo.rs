//! `ksc-link demo`: the GUI on a simulated primary, secondary and Autotask tenant started in this
//! process. What the GUI is told about them (presets, prefills) is made here, so the simulators
//! know nothing of the GUI.

use super::DemoArgs;
use crate::gui::screen::prerequisites::DemoAutotask;
use crate::gui::{GuiOptions, PresetServer};
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

/// Runs the demo: the simulators on their own runtime while the GUI owns the main thread.
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
    let pair = rt
        .block_on(crate::sim::pair::start_pair(
            &base,
            crate::sim::pair::interactive_link_config(),
        ))
        .map_err(|e| anyhow::anyhow!("cannot start the simulated servers: {e}"))?;
    let tenant = rt
        .block_on(crate::sim::autotask::start(
            crate::sim::autotask::AutotaskSimConfig::new(base.join("autotask")),
        ))
        .map_err(|e| anyhow::anyhow!("cannot start the simulated Autotask tenant: {e}"));
    let tenant = match tenant {
        Ok(a) => a,
        Err(e) => {
            rt.block_on(pair.shutdown());
            return Err(e);
        }
    };
    let mut options = gui_options(&pair);
    match prepare_demo_usb(&base, &pair) {
        Ok(root) => options.usb_scan_roots = Some(vec![root]),
        // The demo still runs; only the stand-in flash drive is missing.
        Err(e) => tracing::warn!(error = %e, "cannot create the demo's stand-in flash drive"),
    }
    options.lang = lang;
    options.demo_autotask = Some(autotask(&tenant));
    let result = super::gui(options);
    rt.block_on(tenant.shutdown());
    rt.block_on(pair.shutdown());
    drop(temp);
    result
}
