//! [`StripedSubspace`]: `S` independent subspaces over the stripes of a
//! record, holon-rs's crosstalk-free layout.
//!
//! A record's leaves are dealt to stripes by [`stripe_of`] (FNV-1a of the
//! leaf's dotted path, modulo `S`), each stripe's bindings are bundled into
//! its own vector, and each stripe learns its own subspace. The aggregate
//! residual is the root-sum-square of the stripe residuals; the profile of
//! stripe residuals says *where* a record is anomalous.

use super::{Observation, OnlineSubspace, Real, SubspaceParams};
use crate::error::Error;
use crate::fnv::Fnv64;

/// The stripe (in `0..stripes`) of a leaf at dotted `path`: FNV-1a (64-bit)
/// of its UTF-8 bytes modulo `stripes`, holon-rs's `field_stripe`; 0 when
/// `stripes` is 0.
///
/// ```
/// use holon_core::memory::stripe_of;
///
/// assert_eq!(stripe_of("", 7), (0xcbf2_9ce4_8422_2325u64 % 7) as usize);
/// assert!(stripe_of("dns.qname", 4) < 4);
/// assert_eq!(stripe_of("dns.qname", 4), stripe_of("dns.qname", 4));
/// ```
pub fn stripe_of(path: &str, stripes: usize) -> usize {
    let mut fnv = Fnv64::new();
    fnv.write(path.as_bytes());
    let hash = fnv.finish();
    // holon-rs reduces `h as usize`; on 32-bit targets that truncates first,
    // which would make the stripe depend on the target. Reduce in u64.
    u64::try_from(stripes)
        .ok()
        .and_then(|s| hash.checked_rem(s))
        .and_then(|r| usize::try_from(r).ok())
        .unwrap_or(0)
}

/// `S` independent [`OnlineSubspace`]s, one per stripe.
///
/// Memory is `S` subspaces inline; box or `static` it.
///
/// ```
/// use holon_core::{atom::atom, memory::StripedSubspace, Vector};
///
/// let mut striped: Box<StripedSubspace<128, 4, 2>> = Box::new(StripedSubspace::new(2));
/// let normal: [[Vector<128>; 2]; 2] = [
///     [atom(0, "a"), atom(0, "b")],
///     [atom(0, "c"), atom(0, "d")],
/// ];
/// for i in 0..100 {
///     striped.update(&normal[i % 2]);
/// }
/// let probe = [atom(0, "a"), atom(0, "novel")];
/// let profile = striped.residual_profile(&probe);
/// assert!(profile[1] > profile[0]); // stripe 1 holds the anomaly
/// assert!(striped.residual(&probe) > striped.threshold());
/// ```
#[derive(Clone, PartialEq, Debug)]
pub struct StripedSubspace<const D: usize, const K: usize, const S: usize, F: Real = f64> {
    stripes: [OnlineSubspace<D, K, F>; S],
}

impl<const D: usize, const K: usize, const S: usize, F: Real> StripedSubspace<D, K, S, F> {
    /// `S` fresh subspaces with holon-rs's defaults.
    pub fn new(components: usize) -> Self {
        Self {
            stripes: core::array::from_fn(|_| OnlineSubspace::new(components)),
        }
    }

    /// `S` fresh subspaces with explicit parameters (errors as
    /// [`OnlineSubspace::with_params`]).
    pub fn with_params(params: SubspaceParams) -> Result<Self, Error> {
        let first = OnlineSubspace::with_params(params)?;
        Ok(Self {
            stripes: core::array::from_fn(|_| first.clone()),
        })
    }

    /// Learns one observation per stripe; returns the root-sum-square of
    /// the residuals before learning.
    pub fn update<X: Observation<D>>(&mut self, stripes: &[X; S]) -> F {
        let mut sum = F::ZERO;
        for (sub, x) in self.stripes.iter_mut().zip(stripes) {
            let r = sub.update(x);
            sum += r * r;
        }
        sum.sqrt()
    }

    /// The residual of each stripe: where the record is anomalous.
    pub fn residual_profile<X: Observation<D>>(&self, stripes: &[X; S]) -> [F; S] {
        let mut out = [F::ZERO; S];
        for ((slot, sub), x) in out.iter_mut().zip(&self.stripes).zip(stripes) {
            *slot = sub.residual(x);
        }
        out
    }

    /// The root-sum-square of the stripe residuals.
    pub fn residual<X: Observation<D>>(&self, stripes: &[X; S]) -> F {
        let mut sum = F::ZERO;
        for r in self.residual_profile(stripes) {
            sum += r * r;
        }
        sum.sqrt()
    }

    /// The root-sum-square of the stripe thresholds; infinite while any
    /// stripe's is.
    pub fn threshold(&self) -> F {
        let mut sum = F::ZERO;
        for sub in &self.stripes {
            let t = sub.threshold();
            if !t.is_finite() {
                return F::INFINITY;
            }
            sum += t * t;
        }
        sum.sqrt()
    }

    /// Stripe `index`, or `None` past `S`.
    pub fn stripe(&self, index: usize) -> Option<&OnlineSubspace<D, K, F>> {
        self.stripes.get(index)
    }

    /// All stripes.
    pub fn stripes(&self) -> &[OnlineSubspace<D, K, F>; S] {
        &self.stripes
    }

    /// All stripes, mutably (to restore one).
    pub fn stripes_mut(&mut self) -> &mut [OnlineSubspace<D, K, F>; S] {
        &mut self.stripes
    }
}
