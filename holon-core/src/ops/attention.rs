//! Attention and amplitude amplification: holon-rs's `attend`,
//! `reflect_about_mean` and `grover_amplify`.
//!
//! holon-rs computes these in `f64`, one `tanh` a component. A component
//! of the result depends only on that component's trits (and, for the
//! reflections, on the vector's mean), so holon evaluates holon-rs's
//! formula once for each of the nine possible trit pairs and looks the
//! answers up: the same trits, at the cost of a table lookup. `attend`
//! keeps the prefix property; the two reflections do not (the mean runs
//! over all `D` components).

use crate::ops::elementwise::map_pairs;
use crate::ops::shape::count_nonzero;
use crate::ops::sign_f64;
use crate::vector::Vector;

/// How [`attend`] weighs the memory by the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum AttendMode {
    /// The memory where it equals the query, else 0
    /// ([`resonance`](crate::ops::resonance)); `strength` is ignored.
    Hard,
    /// Each memory component weighted by `(1 + tanh(strength * q̂_i m̂_i)) /
    /// 2` (unit-normalised query and memory), kept where the weighted value
    /// passes ±0.5: for `strength > 0`, the memory on the components where
    /// the query agrees with it.
    Soft,
    /// Memory components that agree with the query scaled by `1 +
    /// strength`, the rest kept as they are, then thresholded at ±0.5: for
    /// `strength > -0.5` the memory itself.
    Amplify,
}

/// Focuses `memory` on what `query` asks for, holon-rs's `attend`.
///
/// A NaN `strength` is a defined input: in `Soft` mode nothing passes the
/// threshold, in `Amplify` mode the agreeing components become 0.
///
/// ```
/// use holon_core::{ops::{attend, AttendMode}, Vector};
///
/// let query: Vector<4> = "++-0".parse().unwrap();
/// let memory: Vector<4> = "+--+".parse().unwrap();
/// assert_eq!(attend(&query, &memory, 1.0, AttendMode::Hard).to_string(), "+0-0");
/// assert_eq!(attend(&query, &memory, 1.0, AttendMode::Soft).to_string(), "+0-0");
/// assert_eq!(attend(&query, &memory, 1.0, AttendMode::Amplify), memory);
/// ```
pub fn attend<const D: usize>(
    query: &Vector<D>,
    memory: &Vector<D>,
    strength: f64,
    mode: AttendMode,
) -> Vector<D> {
    let table = match mode {
        AttendMode::Hard => return crate::ops::resonance(query, memory),
        AttendMode::Soft => soft_table(
            count_nonzero(query.as_trits()),
            count_nonzero(memory.as_trits()),
            strength,
        ),
        AttendMode::Amplify => amplify_table(strength),
    };
    map_pairs(query, memory, &table)
}

/// `+1` above 0.5, `-1` below -0.5, else 0: holon-rs's attention threshold.
fn half_threshold(x: f64) -> i8 {
    i8::from(x > 0.5) - i8::from(x < -0.5)
}

/// Soft attention's answer for each `(q, m)` trit pair.
fn soft_table(nnz_query: usize, nnz_memory: usize, strength: f64) -> [i8; 9] {
    let q_norm = libm::sqrt(nnz_query as f64);
    let m_norm = libm::sqrt(nnz_memory as f64);
    let mut table = [0i8; 9];
    // The nine arguments of `tanh` take at most three values (0 and ±c):
    // each distinct argument is evaluated once, and its bits reused.
    let mut seen = [(0u64, 0.0f64); 9];
    let mut n_seen = 0usize;
    for (k, t) in table.iter_mut().enumerate() {
        let q = (k / 3) as f64 - 1.0;
        let m = (k % 3) as f64 - 1.0;
        let q_n = if q_norm > 1e-10 { q / q_norm } else { 0.0 };
        let m_n = if m_norm > 1e-10 { m / m_norm } else { 0.0 };
        let arg = strength * (q_n * m_n);
        let known = seen
            .iter()
            .take(n_seen)
            .find(|(bits, _)| *bits == arg.to_bits());
        let tanh = match known {
            Some(&(_, value)) => value,
            None => {
                let value = libm::tanh(arg);
                if let Some(slot) = seen.get_mut(n_seen) {
                    *slot = (arg.to_bits(), value);
                    n_seen += 1;
                }
                value
            }
        };
        let weight = (1.0 + tanh) / 2.0;
        *t = half_threshold(m * weight);
    }
    table
}

/// Amplifying attention's answer for each `(q, m)` trit pair.
fn amplify_table(strength: f64) -> [i8; 9] {
    let mut table = [0i8; 9];
    for (k, t) in table.iter_mut().enumerate() {
        let q = (k / 3) as i8 - 1;
        let m = (k % 3) as i8 - 1;
        let agree = q != 0 && q == m;
        let value = if agree {
            f64::from(m) * (1.0 + strength)
        } else {
            f64::from(m)
        };
        *t = half_threshold(value);
    }
    table
}

/// The sign of `2 mean(v) - v_i`: every component reflected about the
/// vector's mean (holon-rs's `reflect_about_mean`, the diffusion step of
/// Grover's search).
///
/// ```
/// use holon_core::{ops::reflect_about_mean, Vector};
///
/// let v: Vector<4> = "+++-".parse().unwrap(); // mean 0.5
/// assert_eq!(reflect_about_mean(&v).to_string(), "000+");
/// ```
pub fn reflect_about_mean<const D: usize>(v: &Vector<D>) -> Vector<D> {
    let sum: i64 = v.as_trits().iter().map(|&t| i64::from(t)).sum();
    let mean = sum as f64 / D as f64;
    let mut table = [0i8; 3];
    for (k, t) in table.iter_mut().enumerate() {
        *t = sign_f64(2.0 * mean - (k as f64 - 1.0));
    }
    Vector::from_trit_iter(v.as_trits().iter().map(|&x| {
        table
            .get(x.wrapping_add(1) as u8 as usize)
            .copied()
            .unwrap_or(0)
    }))
}

/// Grover-style amplification of `signal` inside `background`, holon-rs's
/// `grover_amplify`: `iterations` rounds of marking (each component scaled
/// by `(1 + tanh(s_i v_i)) / 2`) and diffusion (reflection about the mean),
/// then the sign.
///
/// Computed as holon-rs does, in `f64` and component order, but with one
/// value per `(signal, background)` trit pair instead of one per component:
/// the state is nine numbers, so no `D`-sized float buffer is needed.
/// `iterations = 0` gives `background`.
///
/// ```
/// use holon_core::{atom::atom, ops::grover_amplify, Vector};
///
/// let signal: Vector<256> = atom(0, "signal");
/// let background: Vector<256> = atom(0, "background");
/// assert_eq!(grover_amplify(&signal, &background, 0), background);
/// let once = grover_amplify(&signal, &background, 1);
/// assert_eq!(once.nnz(), 256); // the mean moves every component off zero
/// ```
pub fn grover_amplify<const D: usize>(
    signal: &Vector<D>,
    background: &Vector<D>,
    iterations: usize,
) -> Vector<D> {
    // value[3 (s + 1) + (b + 1)]: the current value of every component with
    // signal trit s and background trit b.
    let mut value = [0.0f64; 9];
    for (k, v) in value.iter_mut().enumerate() {
        *v = (k % 3) as f64 - 1.0;
    }
    let class =
        |s: i8, b: i8| (s.wrapping_add(1) as u8 as usize) * 3 + (b.wrapping_add(1) as u8 as usize);
    for _ in 0..iterations {
        let mut marked = [0.0f64; 9];
        for (k, (m, &v)) in marked.iter_mut().zip(&value).enumerate() {
            let s = (k / 3) as f64 - 1.0;
            *m = v * ((1.0 + libm::tanh(s * v)) / 2.0);
        }
        // Summed in component order, as holon-rs sums its buffer.
        let mut sum = 0.0f64;
        for (&s, &b) in signal.as_trits().iter().zip(background.as_trits()) {
            sum += marked.get(class(s, b)).copied().unwrap_or(0.0);
        }
        let mean = sum / D as f64;
        let before = value;
        for (v, &m) in value.iter_mut().zip(&marked) {
            *v = 2.0 * mean - m;
        }
        // A fixed point stays fixed: stop there rather than spin through a
        // huge iteration count (holon-rs would loop on).
        if value
            .iter()
            .zip(&before)
            .all(|(v, b)| v.to_bits() == b.to_bits())
        {
            break;
        }
    }
    let mut signs = [0i8; 9];
    for (t, &v) in signs.iter_mut().zip(&value) {
        *t = sign_f64(v);
    }
    Vector::from_trit_iter(
        signal
            .as_trits()
            .iter()
            .zip(background.as_trits())
            .map(|(&s, &b)| signs.get(class(s, b)).copied().unwrap_or(0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::atom;

    /// holon-rs's loop, with a `D`-sized buffer.
    fn grover_reference<const D: usize>(s: &Vector<D>, b: &Vector<D>, n: usize) -> Vector<D> {
        let mut v = [0.0f64; D];
        for (x, &t) in v.iter_mut().zip(b.as_trits()) {
            *x = f64::from(t);
        }
        for _ in 0..n {
            for (x, &t) in v.iter_mut().zip(s.as_trits()) {
                *x *= (1.0 + libm::tanh(f64::from(t) * *x)) / 2.0;
            }
            let mean = v.iter().sum::<f64>() / D as f64;
            for x in v.iter_mut() {
                *x = 2.0 * mean - *x;
            }
        }
        Vector::from_trit_iter(v.iter().map(|&x| sign_f64(x)))
    }

    #[test]
    fn grover_tables_match_the_buffered_loop() {
        for seed in 0..8 {
            let s: Vector<300> = atom(seed, "s");
            let b: Vector<300> = atom(seed, "b");
            for n in [1, 2, 3, 7] {
                assert_eq!(grover_amplify(&s, &b, n), grover_reference(&s, &b, n));
            }
        }
    }

    /// holon-rs's formula for each trit pair, one `tanh` each.
    fn soft_table_reference(nnz_q: usize, nnz_m: usize, strength: f64) -> [i8; 9] {
        let (qn, mn) = (libm::sqrt(nnz_q as f64), libm::sqrt(nnz_m as f64));
        core::array::from_fn(|k| {
            let q = (k / 3) as f64 - 1.0;
            let m = (k % 3) as f64 - 1.0;
            let q_n = if qn > 1e-10 { q / qn } else { 0.0 };
            let m_n = if mn > 1e-10 { m / mn } else { 0.0 };
            half_threshold(m * ((1.0 + libm::tanh(strength * (q_n * m_n))) / 2.0))
        })
    }

    #[test]
    fn soft_table_is_the_formula() {
        for s in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.5,
            -3.0,
            1e-300,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            for (nq, nm) in [(0, 0), (0, 5), (1, 1), (2700, 2731), (4096, 1)] {
                assert_eq!(soft_table(nq, nm, s), soft_table_reference(nq, nm, s));
            }
        }
    }

    #[test]
    fn soft_attention_keeps_agreeing_memory() {
        let q: Vector<512> = atom(0, "q");
        let m: Vector<512> = atom(0, "m");
        let soft = attend(&q, &m, 2.0, AttendMode::Soft);
        assert_eq!(soft, attend(&q, &m, 2.0, AttendMode::Hard));
        assert!(attend(&q, &m, f64::NAN, AttendMode::Soft).is_zero());
        assert!(attend(&Vector::zero(), &m, 1.0, AttendMode::Soft).is_zero());
    }
}
