//! The settings of an [`OnlineSubspace`](super::OnlineSubspace): its
//! learning parameters (holon-rs's defaults, resolved for a dimension and a
//! capacity) and the exported state a saved subspace is restored from, with
//! the one rule that says whether a state fits a subspace type.

use crate::error::Error;

/// The learning parameters of an [`OnlineSubspace`](super::OnlineSubspace),
/// holon-rs's defaults from [`SubspaceParams::new`].
///
/// ```
/// use holon_core::memory::SubspaceParams;
///
/// let p = SubspaceParams::new(8);
/// assert_eq!((p.amnesia, p.ema_alpha, p.sigma_mult), (2.0, 0.01, 3.5));
/// assert_eq!((p.reorth_interval, p.min_components, p.max_components), (500, 8, 64));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SubspaceParams {
    /// Components active at the start (holon-rs's `k`).
    pub components: usize,
    /// Forgetting exponent: above 0, old data fades faster (default 2.0).
    pub amnesia: f64,
    /// Weight of a new residual in the threshold's running mean and variance
    /// (default 0.01; the first `1 / ema_alpha` residuals are averaged
    /// plainly).
    pub ema_alpha: f64,
    /// Standard deviations above the running mean the threshold sits
    /// (default 3.5).
    pub sigma_mult: f64,
    /// Re-orthogonalise the components every this many updates, 0 never
    /// (default 500).
    pub reorth_interval: u32,
    /// Never shrink below this many components (default `components`).
    pub min_components: usize,
    /// Never grow above this many (default `max(64, 8 · components)`, then
    /// capped at the type's capacity `K`).
    pub max_components: usize,
    /// Grow by one when the last eigenvalue exceeds this fraction of the
    /// first (default 0.05).
    pub grow_threshold: f64,
    /// Shrink by one when the last eigenvalue falls below this fraction of
    /// the first (default 0.01).
    pub shrink_threshold: f64,
}

impl SubspaceParams {
    /// holon-rs's defaults for `components` initial components.
    pub const fn new(components: usize) -> Self {
        let eight = components.saturating_mul(8);
        Self {
            components,
            amnesia: 2.0,
            ema_alpha: 0.01,
            sigma_mult: 3.5,
            reorth_interval: 500,
            min_components: components,
            max_components: if eight > 64 { eight } else { 64 },
            grow_threshold: 0.05,
            shrink_threshold: 0.01,
        }
    }

    /// The parameters a subspace of capacity `K` at dimension `D` runs
    /// with: `max_components` capped at `K` (and `D`), `min_components` at
    /// `max_components`, and `components` clamped between them (holon-rs's
    /// `k.min(dim).max(min).min(max)`).
    pub const fn resolved<const D: usize, const K: usize>(self) -> Self {
        let mut max_c = self.max_components;
        if max_c > K {
            max_c = K;
        }
        if max_c > D {
            max_c = D;
        }
        let mut min_c = self.min_components;
        if min_c > max_c {
            min_c = max_c;
        }
        let mut k = self.components;
        if k > D {
            k = D;
        }
        if k < min_c {
            k = min_c;
        }
        if k > max_c {
            k = max_c;
        }
        Self {
            components: k,
            min_components: min_c,
            max_components: max_c,
            ..self
        }
    }

    pub(super) fn check(&self) -> Result<(), Error> {
        let finite = [
            self.amnesia,
            self.ema_alpha,
            self.sigma_mult,
            self.grow_threshold,
            self.shrink_threshold,
        ];
        if finite.iter().any(|v| !v.is_finite()) {
            return Err(Error::NonFinite);
        }
        if !(self.ema_alpha > 0.0 && self.ema_alpha <= 1.0) {
            return Err(Error::InvalidParameter {
                what: "ema_alpha must be in (0, 1]",
            });
        }
        if self.sigma_mult < 0.0 {
            return Err(Error::InvalidParameter {
                what: "sigma_mult must not be negative",
            });
        }
        Ok(())
    }
}

/// Everything but the vectors of an [`OnlineSubspace`](super::OnlineSubspace):
/// what [`state`](super::OnlineSubspace::state) exports and
/// [`restore`](super::OnlineSubspace::restore) takes back (with the mean and
/// the active components).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SubspaceState {
    /// The parameters, resolved for the subspace's `D` and `K`.
    pub params: SubspaceParams,
    /// Components currently active (after reflexive growth and shrinkage).
    pub active: usize,
    /// Observations learned.
    pub observations: u64,
    /// Running mean of the residuals (holon-rs's `res_ema`).
    pub residual_mean: f64,
    /// Running variance of the residuals (holon-rs's `res_var_ema`).
    pub residual_variance: f64,
}

/// Whether `state` can be restored into an `OnlineSubspace<D, K, _>`.
pub(crate) fn check_state<const D: usize, const K: usize>(
    state: &SubspaceState,
) -> Result<(), Error> {
    state.params.check()?;
    if state.params.resolved::<D, K>() != state.params {
        return Err(Error::InvalidParameter {
            what: "subspace parameters do not fit this dimension and capacity",
        });
    }
    if state.active > state.params.max_components || state.active > K {
        return Err(Error::InvalidParameter {
            what: "more active subspace components than its capacity",
        });
    }
    if !(state.residual_mean.is_finite() && state.residual_variance.is_finite()) {
        return Err(Error::NonFinite);
    }
    Ok(())
}
