//! ksc-link: a desktop tool for Kaspersky Security Center administrators.
//!
//! The crate is layered: [`wire`] holds the Open API encoding shared by the client ([`kloapi`])
//! and the simulator ([`sim`]); [`hierarchy`] is the domain (no GUI types); `gui` sits on top.

pub mod autotask;
pub mod cert;
#[cfg(feature = "gui")]
pub mod cli;
pub mod clock;
#[doc(hidden)]
pub mod fuzz;
#[cfg(feature = "gui")]
pub mod gui;
pub mod hierarchy;
pub mod i18n;
pub mod integration;
pub mod kloapi;
pub mod logging;
pub mod net;
pub mod removable;
pub mod secrets;
pub mod settings;
pub mod sim;
pub mod tls;
pub mod wire;
