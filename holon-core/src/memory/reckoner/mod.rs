//! The reckoner (holon-rs `memory/reckoner.rs`): one accumulation
//! mechanism, two readouts.
//!
//! - [`DiscreteReckoner`]: `L` labels (indices), discriminants re-calibrated
//!   every interval, a prediction with conviction and a self-calibrated
//!   accuracy ([`AccuracyCurve`]).
//! - [`ContinuousReckoner`]: bucketed nearest-neighbour regression to a
//!   scalar, with decay and a range that follows the data.
//!
//! holon-rs has one `Reckoner` with a runtime mode, string labels and
//! `Vec`s; here each mode is its own fixed-size type, so a wrong-mode call
//! cannot be written (holon-rs panics on one).

mod continuous;
mod curve;
mod discrete;

pub use continuous::{ContinuousParams, ContinuousReckoner};
pub use curve::{AccuracyCurve, Curve, CurveParams, HISTORY};
pub use discrete::{DiscreteReckoner, Prediction};
