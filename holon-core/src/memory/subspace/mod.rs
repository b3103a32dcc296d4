//! [`OnlineSubspace`]: CCIPCA with holon-rs's semantics and defaults.
//!
//! The subspace keeps a running mean and `k` unnormalised eigenvector
//! estimates whose norms approximate the eigenvalues. Each update centres the
//! input, nudges every component towards it (weighted by its projection, with
//! an *amnesia* that lets old data fade) and deflates the input through the
//! component before the next one sees it, so each component captures a
//! successively smaller share of the variance. The anomaly score of an
//! observation is its residual: the norm of what is left after removing its
//! projection onto every component.

use core::fmt;

use super::alignment::principal_cosines;
use super::real::{add_scaled, dot, max, norm};
use super::{Observation, Real};
use crate::error::Error;

mod params;

pub(crate) use params::check_state;
pub use params::{SubspaceParams, SubspaceState};

/// An online PCA of a stream of `D`-component observations, at most `K`
/// components, computing in `F` (`f64` by default; see [`Real`]).
///
/// Memory is inline: `(K + 1) · D` floats plus about 100 bytes, e.g.
/// `OnlineSubspace<1024, 8>` is 73.8 KB in `f64`, `OnlineSubspace<256, 10,
/// f32>` 11.3 KB. Place a large one in a `static` ([`new`](Self::new) is
/// `const`) or a `Box`. [`update`](Self::update) and
/// [`residual`](Self::residual) also use `D` floats of stack.
///
/// Semantics are holon-rs's (`memory/subspace.rs` at c19f378): the
/// residual `update` returns is the one *before* learning the observation;
/// the threshold is infinite until two observations were seen; components
/// grow and shrink between `min_components` and `max_components`, the
/// latter capped at `K` (holon-rs grows to 64 or more, so a subspace that
/// reaches `K` diverges from it there: choose `K` above the count your data
/// needs). Inputs with components beyond about ±1e150 may overflow to
/// infinity; finite inputs below that give finite results.
///
/// ```
/// use holon_core::{atom::atom, memory::OnlineSubspace, Vector};
///
/// let mut sub: Box<OnlineSubspace<256, 16>> = Box::new(OnlineSubspace::new(4));
/// assert_eq!(sub.threshold(), f64::INFINITY);
/// // Normal: one of four atoms, so the data spans a 4-dimensional space.
/// let normal: [Vector<256>; 4] = ["a", "b", "c", "d"].map(|s| atom(0, s));
/// for i in 0..200 {
///     sub.update(&normal[i % 4]);
/// }
/// assert!(sub.residual(&normal[1]) < sub.threshold());
/// let novel: Vector<256> = atom(0, "zebra");
/// assert!(sub.residual(&novel) > sub.threshold());
/// ```
#[derive(Clone, PartialEq)]
pub struct OnlineSubspace<const D: usize, const K: usize, F: Real = f64> {
    params: SubspaceParams,
    active: usize,
    observations: u64,
    residual_mean: F,
    residual_variance: F,
    mean: [F; D],
    components: [[F; D]; K],
}

impl<const D: usize, const K: usize, F: Real> OnlineSubspace<D, K, F> {
    /// A fresh subspace with holon-rs's defaults and `components` initial
    /// components ([`SubspaceParams::new`], then
    /// [`resolved`](SubspaceParams::resolved)). `const`, so it can
    /// initialise a `static`.
    pub const fn new(components: usize) -> Self {
        Self::fresh(SubspaceParams::new(components).resolved::<D, K>())
    }

    /// A fresh subspace with explicit parameters.
    ///
    /// Errors: [`Error::NonFinite`] for a NaN or infinite parameter,
    /// [`Error::InvalidParameter`] for `ema_alpha` outside (0, 1] or a
    /// negative `sigma_mult`.
    pub fn with_params(params: SubspaceParams) -> Result<Self, Error> {
        params.check()?;
        Ok(Self::fresh(params.resolved::<D, K>()))
    }

    const fn fresh(params: SubspaceParams) -> Self {
        Self {
            params,
            active: params.components,
            observations: 0,
            residual_mean: F::ZERO,
            residual_variance: F::ZERO,
            mean: [F::ZERO; D],
            components: [[F::ZERO; D]; K],
        }
    }

    /// Forgets everything learned, in place (no second subspace on the
    /// stack), keeping the parameters.
    pub fn reset(&mut self) {
        self.active = self.params.components;
        self.observations = 0;
        self.residual_mean = F::ZERO;
        self.residual_variance = F::ZERO;
        self.mean = [F::ZERO; D];
        for row in self.components.iter_mut() {
            *row = [F::ZERO; D];
        }
    }

    /// The parameters, resolved for `D` and `K`.
    pub fn params(&self) -> &SubspaceParams {
        &self.params
    }

    /// Components currently active (holon-rs's `num_components`).
    pub fn active(&self) -> usize {
        self.active
    }

    /// Observations learned so far.
    pub fn observations(&self) -> u64 {
        self.observations
    }

    /// The running mean of the observations.
    pub fn mean(&self) -> &[F; D] {
        &self.mean
    }

    /// The active components, unnormalised (norm ≈ eigenvalue).
    pub fn components(&self) -> &[[F; D]] {
        self.components.get(..self.active).unwrap_or(&[])
    }

    /// The adaptive anomaly threshold: running mean of the residuals plus
    /// `sigma_mult` standard deviations; infinite before two observations.
    pub fn threshold(&self) -> F {
        if self.observations < 2 {
            return F::INFINITY;
        }
        let sigma = F::from_f64(self.params.sigma_mult);
        self.residual_mean + sigma * max(self.residual_variance, F::ZERO).sqrt()
    }

    /// The eigenvalue estimates (component norms) of the active components;
    /// entries past [`active`](Self::active) are zero.
    pub fn eigenvalues(&self) -> [F; K] {
        let mut out = [F::ZERO; K];
        for (slot, row) in out.iter_mut().zip(self.components()) {
            *slot = norm(row);
        }
        out
    }

    /// The share of variance the subspace explains, in [0, 1]: `1 −
    /// res_mean² / D`, estimated from recent residuals; 0 before ten
    /// observations.
    pub fn explained_ratio(&self) -> F {
        if self.observations < 10 {
            return F::ZERO;
        }
        let total = F::from_f64(D as f64);
        let unexplained = self.residual_mean * self.residual_mean;
        let ratio = F::ONE - unexplained / total;
        if ratio > F::ZERO {
            ratio
        } else {
            F::ZERO
        }
    }

    /// The residual of `x`: the norm of what is left of `x − mean` after
    /// removing its projection onto each active component in turn. Higher
    /// is more anomalous.
    pub fn residual<X: Observation<D> + ?Sized>(&self, x: &X) -> F {
        let mut centred = [F::ZERO; D];
        self.centre(x, &mut centred);
        self.deflate(&mut centred);
        norm(&centred)
    }

    /// Learns `x` and returns its residual *before* learning it (so the
    /// threshold is calibrated on the same quantity
    /// [`residual`](Self::residual) scores).
    pub fn update<X: Observation<D> + ?Sized>(&mut self, x: &X) -> F {
        let mut centred = [F::ZERO; D];
        x.write_into(&mut centred);
        let residual = if self.observations > 0 {
            self.residual(x)
        } else {
            norm(&centred)
        };

        self.observations = self.observations.saturating_add(1);
        let n = F::from_f64(self.observations as f64);
        let keep = (n - F::ONE) / n;
        let weight = F::ONE / n;
        for (m, c) in self.mean.iter_mut().zip(centred.iter_mut()) {
            *m *= keep;
            *m += weight * *c;
            *c -= *m;
        }

        if self.observations == 1 {
            if let Some(first) = self.components.first_mut() {
                *first = centred;
            }
            self.track_residual(residual);
            return residual;
        }

        let amnesia = F::from_f64(self.params.amnesia);
        let negligible = F::NEGLIGIBLE;
        let rate = (F::ONE + amnesia) / n;
        let decay = (n - F::ONE - amnesia) / n;
        for row in self.components.iter_mut().take(self.active) {
            let row_norm = norm(row);
            if row_norm < negligible {
                if norm(&centred) > negligible {
                    for (v, &c) in row.iter_mut().zip(centred.iter()) {
                        *v = c * rate;
                    }
                }
            } else {
                let grow = rate * (dot(&centred, row) / row_norm);
                for (v, &c) in row.iter_mut().zip(centred.iter()) {
                    *v = decay * *v + grow * c;
                }
            }
            let new_norm = norm(row);
            if new_norm > negligible {
                let projection = dot(&centred, row) / new_norm;
                add_scaled(&mut centred, -projection / new_norm, row);
            }
        }

        self.track_residual(residual);
        // Growth and shrinkage exclude each other: a newly grown component
        // is zero and would be shrunk at once.
        if !self.maybe_grow() {
            self.maybe_shrink();
        }
        let interval = u64::from(self.params.reorth_interval);
        if self.observations.checked_rem(interval) == Some(0) {
            self.reorthogonalize();
        }
        residual
    }

    /// The coefficients of `x − mean` on each active component (unit
    /// direction); entries past [`active`](Self::active) and for zero
    /// components are 0.
    pub fn project<X: Observation<D> + ?Sized>(&self, x: &X) -> [F; K] {
        let mut centred = [F::ZERO; D];
        self.centre(x, &mut centred);
        let negligible = F::NEGLIGIBLE;
        let mut out = [F::ZERO; K];
        for (slot, row) in out.iter_mut().zip(self.components()) {
            let row_norm = norm(row);
            if row_norm >= negligible {
                *slot = dot(&centred, row) / row_norm;
            }
        }
        out
    }

    /// Writes into `out` the reconstruction of `x` from its projection:
    /// `mean + Σ coefficient_i · unit_i`.
    pub fn reconstruct<X: Observation<D> + ?Sized>(&self, x: &X, out: &mut [F; D]) {
        let coefficients = self.project(x);
        *out = self.mean;
        let negligible = F::NEGLIGIBLE;
        for (row, &c) in self.components().iter().zip(coefficients.iter()) {
            let row_norm = norm(row);
            if row_norm >= negligible {
                add_scaled(out, c / row_norm, row);
            }
        }
    }

    /// Writes into `out` the out-of-subspace part of `x`: `x −
    /// reconstruct(x)`, the component that made it anomalous.
    pub fn anomalous_component<X: Observation<D> + ?Sized>(&self, x: &X, out: &mut [F; D]) {
        let mut input = [F::ZERO; D];
        x.write_into(&mut input);
        self.reconstruct(x, out);
        for (o, &v) in out.iter_mut().zip(input.iter()) {
            *o = v - *o;
        }
    }

    /// How well the directions of two subspaces agree, in [0, 1]: the mean
    /// of the top `top_angles` cosines of their principal angles (0 means
    /// `max(3, min(k_a, k_b) / 4)`, holon-rs's default); 0 when either has
    /// no non-zero component.
    pub fn subspace_alignment<const K2: usize>(
        &self,
        other: &OnlineSubspace<D, K2, F>,
        top_angles: usize,
    ) -> F {
        principal_cosines::<F, D, K, K2>(self.components(), other.components(), top_angles)
    }

    /// Everything but the vectors, for persistence (the mean is
    /// [`mean`](Self::mean), the components [`components`](Self::components)).
    pub fn state(&self) -> SubspaceState {
        SubspaceState {
            params: self.params,
            active: self.active,
            observations: self.observations,
            residual_mean: self.residual_mean.to_f64(),
            residual_variance: self.residual_variance.to_f64(),
        }
    }

    /// Restores a subspace exported with [`state`](Self::state),
    /// [`mean`](Self::mean) and [`components`](Self::components), in place.
    /// On error nothing changes.
    ///
    /// Errors: [`Error::InvalidParameter`] when `state` does not fit this
    /// type (parameters not resolved for `D` and `K`, `active` outside
    /// them) or `components` is not `active` rows; [`Error::NonFinite`] for
    /// a NaN or infinite value anywhere.
    ///
    /// ```
    /// use holon_core::{atom::atom, memory::OnlineSubspace, Vector};
    ///
    /// let mut a: OnlineSubspace<64, 4> = OnlineSubspace::new(2);
    /// for s in ["x", "y", "x", "z", "y"] {
    ///     a.update(&atom::<64>(0, s));
    /// }
    /// let mut b: OnlineSubspace<64, 4> = OnlineSubspace::new(2);
    /// b.restore(&a.state(), a.mean(), a.components()).unwrap();
    /// assert!(a == b);
    /// ```
    pub fn restore(
        &mut self,
        state: &SubspaceState,
        mean: &[F; D],
        components: &[[F; D]],
    ) -> Result<(), Error> {
        check_state::<D, K>(state)?;
        if components.len() != state.active {
            return Err(Error::InvalidParameter {
                what: "subspace components must be `active` rows",
            });
        }
        let all_finite = mean.iter().all(|v| v.is_finite())
            && components.iter().flatten().all(|v| v.is_finite());
        if !all_finite {
            return Err(Error::NonFinite);
        }
        self.params = state.params;
        self.active = state.active;
        self.observations = state.observations;
        self.residual_mean = F::from_f64(state.residual_mean);
        self.residual_variance = F::from_f64(state.residual_variance);
        self.mean = *mean;
        for (i, row) in self.components.iter_mut().enumerate() {
            *row = components.get(i).copied().unwrap_or([F::ZERO; D]);
        }
        Ok(())
    }

    /// Validates `state` for this type, takes it, and hands out the mean
    /// and the active rows for the engram reader to fill in place (rows past
    /// `active` are zeroed).
    pub(crate) fn restore_parts(
        &mut self,
        state: &SubspaceState,
    ) -> Result<(&mut [F; D], &mut [[F; D]]), Error> {
        check_state::<D, K>(state)?;
        self.params = state.params;
        self.active = state.active;
        self.observations = state.observations;
        self.residual_mean = F::from_f64(state.residual_mean);
        self.residual_variance = F::from_f64(state.residual_variance);
        let (active, rest) = self.components.split_at_mut(state.active.min(K));
        for row in rest.iter_mut() {
            *row = [F::ZERO; D];
        }
        Ok((&mut self.mean, active))
    }

    fn centre<X: Observation<D> + ?Sized>(&self, x: &X, out: &mut [F; D]) {
        x.write_into(out);
        for (c, &m) in out.iter_mut().zip(self.mean.iter()) {
            *c -= m;
        }
    }

    fn deflate(&self, centred: &mut [F; D]) {
        let negligible = F::NEGLIGIBLE;
        for row in self.components() {
            let row_norm = norm(row);
            if row_norm < negligible {
                continue;
            }
            let projection = dot(centred, row) / row_norm;
            add_scaled(centred, -projection / row_norm, row);
        }
    }

    fn track_residual(&mut self, residual: F) {
        let n = F::from_f64(self.observations as f64);
        let mut alpha = F::from_f64(self.params.ema_alpha);
        if n <= F::ONE / alpha {
            alpha = F::ONE / n;
        }
        let delta = residual - self.residual_mean;
        self.residual_mean += alpha * delta;
        self.residual_variance = (F::ONE - alpha) * self.residual_variance + alpha * delta * delta;
    }

    /// The last active component's norm over the first's (the first
    /// floored at 1e-10).
    fn tail_ratio(&self) -> F {
        let first = self.components.first().map_or(F::ZERO, |r| norm(r));
        let first = max(first, F::NEGLIGIBLE);
        let last = self
            .active
            .checked_sub(1)
            .and_then(|i| self.components.get(i))
            .map_or(F::ZERO, |r| norm(r));
        last / first
    }

    fn maybe_grow(&mut self) -> bool {
        if self.active >= self.params.max_components || self.active < 2 {
            return false;
        }
        if self.tail_ratio() > F::from_f64(self.params.grow_threshold) {
            if let Some(row) = self.components.get_mut(self.active) {
                *row = [F::ZERO; D];
                self.active += 1;
                return true;
            }
        }
        false
    }

    fn maybe_shrink(&mut self) {
        if self.active <= self.params.min_components || self.active < 2 {
            return;
        }
        if self.tail_ratio() < F::from_f64(self.params.shrink_threshold) {
            self.active -= 1;
            if let Some(row) = self.components.get_mut(self.active) {
                *row = [F::ZERO; D];
            }
        }
    }

    /// Modified Gram–Schmidt over the active components, each keeping its
    /// norm (its eigenvalue estimate).
    fn reorthogonalize(&mut self) {
        let negligible = F::NEGLIGIBLE;
        let norms = self.eigenvalues();
        let active = self.active.min(K);
        for i in 0..active {
            let norm_i = norms.get(i).copied().unwrap_or(F::ZERO);
            if norm_i < negligible {
                continue;
            }
            let (done, rest) = self.components.split_at_mut(i);
            let Some(row) = rest.first_mut() else {
                continue;
            };
            for (earlier, &norm_j) in done.iter().zip(norms.iter()) {
                if norm_j < negligible {
                    continue;
                }
                let mut projection = F::ZERO;
                // The unit vector is formed per component (holon-rs divides
                // the row first), so the bits match a divided copy.
                let mut lanes = [F::ZERO; 8];
                let mut row_chunks = row.chunks_exact(8);
                let mut unit_chunks = earlier.chunks_exact(8);
                for (cr, cu) in row_chunks.by_ref().zip(unit_chunks.by_ref()) {
                    for ((lane, &r), &u) in lanes.iter_mut().zip(cr).zip(cu) {
                        *lane += r * (u / norm_j);
                    }
                }
                let [p0, p1, p2, p3, p4, p5, p6, p7] = lanes;
                projection += p0 + p4;
                projection += p1 + p5;
                projection += p2 + p6;
                projection += p3 + p7;
                for (&r, &u) in row_chunks.remainder().iter().zip(unit_chunks.remainder()) {
                    projection += r * (u / norm_j);
                }
                for (r, &u) in row.iter_mut().zip(earlier.iter()) {
                    *r += -projection * (u / norm_j);
                }
            }
            let new_norm = norm(row);
            if new_norm > negligible {
                let scale = norm_i / new_norm;
                for r in row.iter_mut() {
                    *r *= scale;
                }
            }
        }
    }
}

impl<const D: usize, const K: usize, F: Real> fmt::Debug for OnlineSubspace<D, K, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnlineSubspace")
            .field("dimensions", &D)
            .field("capacity", &K)
            .field("active", &self.active)
            .field("observations", &self.observations)
            .field("threshold", &self.threshold())
            .finish()
    }
}
