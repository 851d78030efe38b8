//! The screens: each owns its state and messages, answers `update` with an `Action` (work to run
//! or a change of screen) and draws itself in `view`. I/O is described as `Work`, whose `run`
//! the app shell executes in a task and tests execute directly.

pub mod connect;
pub mod export;
pub mod home;
pub mod mapping;
pub mod prerequisites;
pub mod secondary;
pub mod servers;
pub mod wizard;
