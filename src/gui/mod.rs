//! The desktop interface (iced): an app shell that routes between screens, each screen a
//! component with its own state, messages and I/O described as work that the shell runs in tasks.
//!
//! Nothing here blocks the UI thread: network, files, the keyring and the settings file are only
//! touched from tasks. Everything worth testing is reachable without a window (see `tests/gui/`).

pub mod app;
pub mod desktop;
pub mod dialog;
pub mod font;
pub mod icon;
pub mod screen;
pub mod style;
pub mod widget;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::hierarchy::on_primary::PrimaryLogin;
use crate::hierarchy::wizard::KnownSecondary;
use crate::secrets::Secret;
use crate::tls::Pin;

pub use app::App;

/// A server offered ready to connect (the demo's simulated servers), with its trusted certificate.
#[derive(Clone, Debug)]
pub struct PresetServer {
    /// What the list shows, e.g. "Simulated primary (HQ)".
    pub label: String,
    /// Host name or address.
    pub address: String,
    /// Open API port.
    pub api_port: u16,
    /// Administration Server SSL port, when known (the wizard prefills it as the primary's).
    pub ssl_port: Option<u16>,
    /// User name.
    pub user: String,
    /// Password, filled in when the server is picked.
    pub password: Secret,
    /// An internal KSC user rather than an OS or domain account.
    pub internal: bool,
    /// The certificate the server presents, trusted without asking (the app started the server).
    pub pin: Pin,
    /// That certificate itself (DER), when known: its expiry is shown and a change explained.
    pub certificate: Option<Vec<u8>>,
}

impl PresetServer {
    /// How the app signs in to this server without asking (e.g. to check a primary after a save).
    pub fn login(&self) -> PrimaryLogin {
        PrimaryLogin {
            address: self.address.clone(),
            api_port: self.api_port,
            user: self.user.clone(),
            domain: String::new(),
            internal: self.internal,
            pin: self.pin,
            password: Some(self.password.clone()),
        }
    }
}

/// What the demo's simulated servers tell the GUI once they run: presets, prefills and the
/// stand-in flash drive.
#[derive(Clone, Debug, Default)]
pub struct DemoServers {
    /// Both simulated Administration Servers, as preset servers.
    pub presets: Vec<PresetServer>,
    /// The simulated secondary, prefilled in the wizard.
    pub secondary: Option<KnownSecondary>,
    /// The simulated Autotask tenant, prefilled on the prerequisites page.
    pub autotask: Option<screen::prerequisites::DemoAutotask>,
    /// The stand-in flash drive's folder.
    pub usb_scan_roots: Option<Vec<PathBuf>>,
}

/// What the demo's servers send once started: their presets, or why they could not start.
pub type DemoStarted = Result<DemoServers, String>;

/// The demo's servers while they start: the window opens at once and the servers appear on the
/// connect screen when they answer (their keys take a while to make), so `ksc-link demo`
/// shows its first frame as soon as the plain app does.
#[derive(Clone, Default)]
pub struct PendingDemo(Arc<Mutex<Option<tokio::sync::oneshot::Receiver<DemoStarted>>>>);

impl PendingDemo {
    /// The pending servers and the sender their starter answers on.
    pub fn channel() -> (tokio::sync::oneshot::Sender<DemoStarted>, Self) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        (tx, Self(Arc::new(Mutex::new(Some(rx)))))
    }

    /// The answer to wait for; only the first caller gets it.
    pub(crate) fn take(&self) -> Option<tokio::sync::oneshot::Receiver<DemoStarted>> {
        self.0.lock().ok().and_then(|mut rx| rx.take())
    }
}

impl std::fmt::Debug for PendingDemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PendingDemo")
    }
}

/// How the GUI starts.
#[derive(Clone, Debug, Default)]
pub struct GuiOptions {
    /// Settings file to use instead of the platform's default (`settings::settings_path`).
    pub settings_path: Option<PathBuf>,
    /// `ksc-link demo`: every screen and the title say the servers are simulated.
    pub demo: bool,
    /// Servers listed first on the connect screen, with their pins (the demo's simulators).
    pub presets: Vec<PresetServer>,
    /// Do not write the settings file (the demo must not touch the user's recent servers).
    pub read_only_settings: bool,
    /// The demo's simulated secondary: the wizard on a preset server prefills it.
    pub demo_secondary: Option<KnownSecondary>,
    /// The demo's simulated Autotask tenant: the prerequisites page prefills it.
    pub demo_autotask: Option<screen::prerequisites::DemoAutotask>,
    /// Folders standing for removable drives, replacing the settings' `usb_scan_roots` (the
    /// demo's stand-in for a flash drive).
    pub usb_scan_roots: Option<Vec<PathBuf>>,
    /// The demo's servers, still starting: they arrive as [`DemoServers`] (`ksc-link demo`).
    pub pending_demo: Option<PendingDemo>,
    /// The language `--lang` chose for this session (already applied); the language saved in
    /// the settings file does not override it.
    pub lang: Option<String>,
}

/// The window title.
pub const TITLE: &str = "ksc-link";

/// The application id: the Wayland app id and X11 `WM_CLASS`, equal to the `.desktop` file's
/// name and `StartupWMClass` and to the AppStream id, so desktops match the window to its launcher.
pub const APP_ID: &str = "io.github.ksc_link.KscLink";

/// The main window: its size, centred, with the app icon and application id.
pub fn window_settings() -> iced::window::Settings {
    iced::window::Settings {
        size: iced::Size::new(980.0, 760.0),
        position: iced::window::Position::Centered,
        icon: icon::window_icon(),
        // The close button is the app's to answer: a page with unsaved changes asks first, and
        // the wizard never leaves a half-built hierarchy (see `App::close_requested`).
        exit_on_close_request: false,
        #[cfg(target_os = "linux")]
        platform_specific: iced::window::settings::PlatformSpecific {
            application_id: APP_ID.to_string(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Runs the GUI until its window is closed.
pub fn run(options: GuiOptions) -> iced::Result {
    font::load_bundled();
    iced::application(move || App::new(options.clone()), App::update, App::view)
        .default_font(font::DEFAULT)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .window(window_settings())
        .run()
}
