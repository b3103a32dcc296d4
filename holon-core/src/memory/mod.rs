//! The memory layer: what normal data looks like, learned online and scored
//! without allocation (DESIGN §8, holon-rs `memory/`).
//!
//! - [`OnlineSubspace`]: CCIPCA (Weng et al. 2003), an incremental PCA that
//!   tracks the top principal components of a stream in `K · D` floats and
//!   scores a new observation by its *residual*, its distance to the learned
//!   subspace, against an adaptive threshold.
//! - [`StripedSubspace`]: `S` independent subspaces, one per stripe of a
//!   record's leaves ([`stripe_of`] is holon-rs's leaf-to-stripe rule), with a
//!   root-sum-square residual and a per-stripe profile for attribution.
//! - [`DiscreteReckoner`] and [`ContinuousReckoner`]: holon-rs's reckoner,
//!   a label (with conviction and self-calibrated accuracy) or a scalar
//!   learned from labelled observations.
//! - [`Real`]: the float a subspace computes in, `f64` (agreement with
//!   holon-rs to 1e-6) or `f32` (half the memory, for a Cortex-M0).
//! - [`Observation`]: what a subspace accepts: a [`Vector`](crate::Vector), or
//!   a `[f64; D]` / `[f32; D]` array.
//!
//! Everything here is `no_std`, allocation-free and panic-free; all float
//! math goes through `libm`, so the same inputs give the same bits on
//! x86-64, Cortex-M and RISC-V.

mod alignment;
mod observation;
mod real;
mod reckoner;
mod striped;
mod subspace;

pub use observation::Observation;
pub use real::Real;
pub use reckoner::{
    AccuracyCurve, ContinuousParams, ContinuousReckoner, Curve, CurveParams, DiscreteReckoner,
    Prediction, HISTORY,
};
pub use striped::{stripe_of, StripedSubspace};
pub(crate) use subspace::check_state;
pub use subspace::{OnlineSubspace, SubspaceParams, SubspaceState};
