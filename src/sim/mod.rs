//! Simulated servers used by the demo mode and by every test: [`ksc`] is a KSC Administration
//! Server (Open API over HTTPS, state on disk); [`autotask`] is an Autotask PSA tenant (REST).

pub mod autotask;
pub mod ksc;
pub mod pair;
