//! Simulators used by the demo mode and by the tests.

pub mod ksc;
