//! A simulated KSC Administration Server.

pub mod link;
