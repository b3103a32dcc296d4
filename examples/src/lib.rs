//! Examples live beside this crate as `[[example]]` targets; the scenarios
//! of the holon-rs ports live here, so tests can check what they claim.

pub mod attack_variants;
pub mod forensics;
pub mod recall;
pub mod rng;
