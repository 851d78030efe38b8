//! The hierarchy domain: validation of the forms, the plan and its dry run, and the operations
//! that build or change a primary/secondary hierarchy. No GUI types: the wizard, the settings
//! page and the command line all call this.

pub mod certificate;
pub mod health;
pub mod join_file;
pub mod maintain;
pub mod on_primary;
pub mod ops;
pub mod plan;
pub mod plan_file;
pub mod preflight;
pub mod run_plan;
pub mod secondary_form;
pub mod validate;
pub mod wizard;

pub use ops::{
    AddFailure, AddOptions, AddReport, OnFailure, OpError, Partial, Progress, Rollback, SaveReport,
    Stage, add_secondary, detach, make_secondary, register_only, roll_back,
};
pub use plan::{
    AddSecondaryPlan, DryRun, PlannedWrite, ProxyPlan, RegistrationPlan, SecondarySettings,
};
