//! A simulated Kaspersky Security Center Administration Server.

pub mod filter;
pub mod link;
pub mod link_store;
pub mod methods;
pub mod protect;
pub mod runtime;
pub mod seed;
pub mod state;
