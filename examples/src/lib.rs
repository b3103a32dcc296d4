//! Examples live beside this crate as `[[example]]` targets; the scenarios
//! of the holon-rs ports live here, so tests can check what they claim.

pub mod attack_variants;
pub mod changepoint;
pub mod config_drift;
pub mod forensics;
pub mod recall;
pub mod rng;
pub mod stack;
