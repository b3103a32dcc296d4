//! holon-rs's extended element-wise algebra: unbinding, gated binding,
//! analogy, negation, powers and the weighted two-vector updates.
//!
//! Component `i` of every result depends only on component `i` of the
//! inputs, so all of these keep the prefix property. The integer ones are
//! exact; the weighted ones compute in `f64` with holon-rs's formula, so
//! their trits are holon-rs's.

use crate::kernel::trit_product;
use crate::ops::{bind, bind_into, sign_f64, zip_with};
use crate::vector::Vector;

/// Recovers the filler from `bound = bind(key, filler)`: `bound_i *
/// key_i`, the same as [`bind`] (bind is self-inverse where the key is
/// non-zero; where it is zero the filler is lost and the result is 0).
///
/// ```
/// use holon_core::{atom::atom, ops::{bind, unbind}, Vector};
///
/// let key: Vector<1024> = atom(0, "role");
/// let filler: Vector<1024> = atom(0, "value");
/// assert!(unbind(&bind(&key, &filler), &key).cosine(&filler) > 0.8);
/// ```
pub fn unbind<const D: usize>(bound: &Vector<D>, key: &Vector<D>) -> Vector<D> {
    bind(bound, key)
}

/// [`unbind`] written over `out`.
pub fn unbind_into<const D: usize>(bound: &Vector<D>, key: &Vector<D>, out: &mut Vector<D>) {
    bind_into(bound, key, out);
}

/// Where two vectors agree (`+1`), disagree (`-1`) or either is silent
/// (`0`): `a_i * b_i`. Its non-zero count minus twice its `-1` count is
/// the dot product.
///
/// ```
/// use holon_core::{ops::similarity_profile, Vector};
///
/// let a: Vector<4> = "++-0".parse().unwrap();
/// let b: Vector<4> = "+--+".parse().unwrap();
/// assert_eq!(similarity_profile(&a, &b).to_string(), "+-+0");
/// ```
pub fn similarity_profile<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
    bind(a, b)
}

/// Which components of the gate let [`conditional_bind`] bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Gate {
    /// Where `gate_i > 0`.
    Positive,
    /// Where `gate_i < 0`.
    Negative,
    /// Where `gate_i != 0`.
    NonZero,
}

/// `a_i * b_i` where the gate is open, else 0.
///
/// ```
/// use holon_core::{ops::{conditional_bind, Gate}, Vector};
///
/// let a: Vector<4> = "++++".parse().unwrap();
/// let b: Vector<4> = "+-+-".parse().unwrap();
/// let g: Vector<4> = "+-0+".parse().unwrap();
/// assert_eq!(conditional_bind(&a, &b, &g, Gate::Positive).to_string(), "+00-");
/// assert_eq!(conditional_bind(&a, &b, &g, Gate::Negative).to_string(), "0-00");
/// assert_eq!(conditional_bind(&a, &b, &g, Gate::NonZero).to_string(), "+-0-");
/// ```
pub fn conditional_bind<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    gate: &Vector<D>,
    mode: Gate,
) -> Vector<D> {
    let mut out = bind(a, b);
    for (o, &g) in out.trusted_trits_mut().iter_mut().zip(gate.as_trits()) {
        let open = match mode {
            Gate::Positive => g > 0,
            Gate::Negative => g < 0,
            Gate::NonZero => g != 0,
        };
        *o *= i8::from(open);
    }
    out
}

/// "`a` is to `b` as `c` is to ?": `clamp(c_i + clamp(b_i - a_i, -1, 1),
/// -1, 1)`, holon-rs's `analogy` (the change from `a` to `b`, applied to
/// `c`).
///
/// ```
/// use holon_core::{ops::analogy, Vector};
///
/// let a: Vector<4> = "+0-0".parse().unwrap();
/// let b: Vector<4> = "0+-0".parse().unwrap();
/// let c: Vector<4> = "++00".parse().unwrap();
/// assert_eq!(analogy(&a, &b, &c).to_string(), "0+00");
/// ```
pub fn analogy<const D: usize>(a: &Vector<D>, b: &Vector<D>, c: &Vector<D>) -> Vector<D> {
    let delta = crate::ops::difference(a, b);
    zip_with(c, &delta, |x, d| x.wrapping_add(d).clamp(-1, 1))
}

/// `-v_i`: the vector pointing the other way (cosine -1 with `v`).
///
/// ```
/// use holon_core::{ops::flip, Vector};
///
/// let v: Vector<3> = "+-0".parse().unwrap();
/// assert_eq!(flip(&v).to_string(), "-+0");
/// ```
pub fn flip<const D: usize>(v: &Vector<D>) -> Vector<D> {
    let mut out = v.clone();
    for t in out.trusted_trits_mut().iter_mut() {
        *t = t.wrapping_neg();
    }
    out
}

/// `v_i ^ exponent` for trits, holon-rs's `power`: exponent 0 gives the
/// zero vector, an even integer exponent `|v_i|`, any other positive
/// exponent `v` itself (integers within `1e-10` count as integers, as in
/// holon-rs).
///
/// holon-rs panics on a negative exponent. Here a negative exponent acts
/// as its magnitude (`(±1)^-n = (±1)^n`; a 0 component stays 0), and NaN
/// gives the zero vector.
///
/// ```
/// use holon_core::{ops::power, Vector};
///
/// let v: Vector<3> = "+-0".parse().unwrap();
/// assert_eq!(power(&v, 2.0).to_string(), "++0");
/// assert_eq!(power(&v, 3.0), v);
/// assert_eq!(power(&v, 0.5), v);
/// assert_eq!(power(&v, -2.0).to_string(), "++0");
/// assert!(power(&v, 0.0).is_zero() && power(&v, f64::NAN).is_zero());
/// ```
pub fn power<const D: usize>(v: &Vector<D>, exponent: f64) -> Vector<D> {
    let e = if exponent < 0.0 { -exponent } else { exponent };
    if e.is_nan() || e == 0.0 {
        return Vector::zero();
    }
    if libm::fabs(e - 1.0) < 1e-10 {
        return v.clone();
    }
    // Saturating float-to-int cast, as holon-rs's `exponent as u64`.
    let whole = e as u64;
    if libm::fabs(e - whole as f64) < 1e-10 && whole >= 2 && whole.is_multiple_of(2) {
        let mut out = v.clone();
        for t in out.trusted_trits_mut().iter_mut() {
            *t &= 1;
        }
        return out;
    }
    // Odd integers and fractions: `sign(v_i * e)` is `v_i` for `e > 0`.
    v.clone()
}

/// Moves a running prototype towards a new example, holon-rs's
/// `prototype_add`: the sign of `p_i (1 - w) + e_i w` with `w = 1 /
/// (count + 1)`, in `f64`. `count` is how many examples the prototype
/// already holds; at `count = 0` the example wins outright, and for
/// `count >= 1` the prototype wins wherever both are non-zero.
///
/// ```
/// use holon_core::{ops::prototype_add, Vector};
///
/// let p: Vector<4> = "++00".parse().unwrap();
/// let e: Vector<4> = "-0+0".parse().unwrap();
/// assert_eq!(prototype_add(&p, &e, 0).to_string(), "-0+0");
/// assert_eq!(prototype_add(&p, &e, 5).to_string(), "+++0");
/// ```
pub fn prototype_add<const D: usize>(
    prototype: &Vector<D>,
    example: &Vector<D>,
    count: usize,
) -> Vector<D> {
    let w = 1.0 / (count as f64 + 1.0);
    blend_weighted(prototype, example, 1.0 - w, w)
}

/// The sign of `w1 a_i + w2 b_i`, in `f64` (holon-rs's `blend_weighted`;
/// [`blend`](crate::ops::blend) is the `f32` form with `w1 = 1 - w2`). A
/// NaN weight, or `inf - inf`, gives 0 on the affected components.
///
/// ```
/// use holon_core::{ops::blend_weighted, Vector};
///
/// let a: Vector<3> = "++0".parse().unwrap();
/// let b: Vector<3> = "-+-".parse().unwrap();
/// assert_eq!(blend_weighted(&a, &b, 0.3, 0.9).to_string(), "-+-");
/// assert_eq!(blend_weighted(&a, &b, 1.0, 1.0).to_string(), "0+-");
/// ```
pub fn blend_weighted<const D: usize>(a: &Vector<D>, b: &Vector<D>, w1: f64, w2: f64) -> Vector<D> {
    // Nine possible (a_i, b_i) pairs: compute each once.
    let mut table = [0i8; 9];
    for (k, t) in table.iter_mut().enumerate() {
        let x = (k / 3) as f64 - 1.0;
        let y = (k % 3) as f64 - 1.0;
        *t = sign_f64(x * w1 + y * w2);
    }
    map_pairs(a, b, &table)
}

/// `lookup(table, a_i, b_i)` for every component, as fast as the table's
/// shape allows: the same trits as the plain lookup, which is the fallback.
///
/// Every table this crate builds is *odd*, `t(-x, -y) = -t(x, y)` (a sign,
/// or a threshold symmetric about 0, of a formula that is odd in the trits:
/// IEEE negation is exact), and an odd table is fixed by four entries. With
/// `s` the first non-zero of `(x, y)` (0 if both are 0), `t(x, y) = s h`,
/// where `h` is `t(1, 0)`, `t(0, 1)`, `t(1, 1)` or `t(1, -1)` according as
/// `y` is 0, `x` is 0, `x = y` or `x = -y`: selects and bit operations
/// that vectorise, where a 9-entry lookup per component does not. The table
/// is checked to be odd, not assumed.
pub(crate) fn map_pairs<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    table: &[i8; 9],
) -> Vector<D> {
    let Some(entries) = odd_table_entries(table) else {
        return zip_with(a, b, |x, y| lookup(table, x, y));
    };
    if let Some(v) = map_odd_special(a, b, entries) {
        return v;
    }
    // `-t` may be one of the special shapes: then that, negated.
    if let Some(mut v) = map_odd_special(a, b, entries.map(i8::wrapping_neg)) {
        for t in v.trusted_trits_mut().iter_mut() {
            *t = t.wrapping_neg();
        }
        return v;
    }
    let [t10, t01, t11, t1m] = entries;
    zip_with(a, b, |x, y| {
        let s = if x == 0 { y } else { x };
        let h = if x == 0 {
            t01
        } else if y == 0 {
            t10
        } else if x == y {
            t11
        } else {
            t1m
        };
        trit_product(s, h)
    })
}

/// The odd tables the crate's callers build most (attention at the usual
/// strengths, blends of two positive weights), each a loop of two or three
/// vector operations. `entries` as [`odd_table_entries`] gives them; the
/// closures agree with `s h` on trits.
fn map_odd_special<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    entries: [i8; 4],
) -> Option<Vector<D>> {
    Some(match entries {
        [0, 0, 0, 0] => Vector::zero(),
        // y, x.
        [0, 1, 1, -1] => b.clone(),
        [1, 0, 1, 1] => a.clone(),
        // x where x = y (resonance), y where x = -y.
        [0, 0, 1, 0] => zip_with(a, b, |x, y| if x == y { x } else { 0 }),
        [0, 0, 0, -1] => zip_with(a, b, |x, y| if x == y.wrapping_neg() { y } else { 0 }),
        // y except where x = y: there 0, or -y.
        [0, 1, 0, -1] => zip_with(a, b, |x, y| if x == y { 0 } else { y }),
        [0, 1, -1, -1] => zip_with(a, b, |x, y| if x == y { y.wrapping_neg() } else { y }),
        // The first non-zero of (x, y), of (y, x); their clamped sum.
        [1, 1, 1, 1] => zip_with(a, b, |x, y| if x == 0 { y } else { x }),
        [1, 1, 1, -1] => zip_with(a, b, |x, y| if y == 0 { x } else { y }),
        [1, 1, 1, 0] => zip_with(a, b, |x, y| x.wrapping_add(y).clamp(-1, 1)),
        _ => return None,
    })
}

/// `[t(1, 0), t(0, 1), t(1, 1), t(1, -1)]` if `table` is odd with trit
/// entries, else `None`.
fn odd_table_entries(table: &[i8; 9]) -> Option<[i8; 4]> {
    let t = |x: i8, y: i8| lookup(table, x, y);
    for x in -1i8..=1 {
        for y in -1i8..=1 {
            let v = t(x, y);
            if !(-1..=1).contains(&v) || t(-x, -y) != -v {
                return None;
            }
        }
    }
    Some([t(1, 0), t(0, 1), t(1, 1), t(1, -1)])
}

/// `table[3 (x + 1) + (y + 1)]` for trits `x`, `y`; 0 for anything else.
#[inline(always)]
pub(crate) fn lookup(table: &[i8; 9], x: i8, y: i8) -> i8 {
    let index = (x.wrapping_add(1) as u8 as usize) * 3 + (y.wrapping_add(1) as u8 as usize);
    table.get(index).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::atom;

    #[test]
    fn analogy_maps_a_to_b_onto_c() {
        let a: Vector<64> = atom(0, "a");
        let b: Vector<64> = atom(0, "b");
        // a : b :: a : b wherever the clamp does not saturate.
        let r = analogy(&a, &b, &a);
        for ((&x, &y), &z) in a.as_trits().iter().zip(b.as_trits()).zip(r.as_trits()) {
            assert_eq!(z, (x + (y - x).clamp(-1, 1)).clamp(-1, 1));
        }
    }

    #[test]
    fn map_pairs_is_the_lookup_for_every_table() {
        // Every trit pair occurs, at both ends of the vector.
        let a: Vector<64> = Vector::from_fn(|i| [-1, 0, 1][i % 3]);
        let b: Vector<64> = Vector::from_fn(|i| [-1, 0, 1][(i / 3) % 3]);
        // All 3^9 tables (odd or not) would be many; take all 81 odd ones
        // plus a spread of others.
        let mut checked = 0;
        for code in 0..3usize.pow(9) {
            let mut table = [0i8; 9];
            let mut c = code;
            for t in table.iter_mut() {
                *t = (c % 3) as i8 - 1;
                c /= 3;
            }
            let odd = odd_table_entries(&table).is_some();
            if !odd && code % 97 != 0 {
                continue;
            }
            checked += 1;
            let want = zip_with(&a, &b, |x, y| lookup(&table, x, y));
            assert_eq!(map_pairs(&a, &b, &table), want, "{table:?}");
        }
        assert!(checked > 81);
    }

    #[test]
    fn blend_weighted_matches_the_formula() {
        let a: Vector<256> = atom(1, "a");
        let b: Vector<256> = atom(1, "b");
        for (w1, w2) in [
            (0.3, 0.9),
            (1.0, -1.0),
            (f64::NAN, 1.0),
            (f64::INFINITY, 1.0),
        ] {
            let got = blend_weighted(&a, &b, w1, w2);
            let want = Vector::<256>::from_fn(|i| {
                sign_f64(f64::from(a.as_trits()[i]) * w1 + f64::from(b.as_trits()[i]) * w2)
            });
            assert_eq!(got, want);
        }
    }
}
