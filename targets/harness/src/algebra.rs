//! holon-rs's golden algebra cases, run and checked on the device.
//!
//! The build script turns `tests/data/golden/algebra.jsonl` (68 cases that
//! watmin/holon-rs computed at D = 256) into the const table `CASES`,
//! keeping the 63 whose inputs fit a micro:bit (at most 8 vectors; the five
//! stream cases hold 45-90). Each case runs here exactly as the host
//! conformance test runs it (`tests/tests/algebra.rs`): trit outputs must
//! equal holon-rs's, numbers agree within 1e-9 relative, lists element by
//! element; `sparsify` with `0 < k < nnz`, a documented difference
//! (docs/algebra.md), is checked for the property both answers share.
//!
//! Every result (trits, the bits of every `f64`, every index) also goes
//! into a digest, folded into the workload digest, so the device must give
//! the host's very bits, not just holon-rs's to within 1e-9. The image
//! prints `ALGEBRA cases=<n> matched=<n> property=<n> digest=<hex>`.

use core::fmt::Write;

use holon_core::metric::{self, Metric};
use holon_core::ops::{self, AttendMode, Gate};
use holon_core::Vector;

use crate::digest::Fnv64;
use crate::workload::Failure;

/// The dimension of the golden cases.
pub const D: usize = 256;
/// Most vectors one case's input list holds on the device.
const MAX_VECTORS: usize = 8;
/// Relative tolerance against holon-rs's `f64` results.
const RELATIVE: f64 = 1e-9;
/// Absolute floor for results that should be zero.
const ABSOLUTE: f64 = 1e-15;

/// A vector input: one trit string or a list.
pub(crate) enum Input {
    One(&'static str),
    Many(&'static [&'static str]),
}

/// A parameter of a case.
pub(crate) enum Param {
    Number(f64),
    Text(&'static str),
    Flag(bool),
    Numbers(&'static [f64]),
}

/// What holon-rs answered.
pub(crate) enum Expect {
    Trits(&'static str),
    Number(f64),
    Numbers(&'static [f64]),
    Matches(&'static [(usize, f64)]),
    Confidence(&'static str, &'static [f64]),
}

/// One golden case.
pub(crate) struct Case {
    op: &'static str,
    inputs: &'static [(&'static str, Input)],
    params: &'static [(&'static str, Param)],
    expect: Expect,
}

include!(concat!(env!("OUT_DIR"), "/algebra_cases.rs"));

/// Counts and digest of a run.
struct Check {
    digest: Fnv64,
    matched: u32,
    property: u32,
}

fn close(got: f64, want: f64) -> bool {
    let diff = if got > want { got - want } else { want - got };
    let scale = if got.abs() > want.abs() {
        got.abs()
    } else {
        want.abs()
    };
    got == want || diff <= ABSOLUTE || diff <= RELATIVE * scale
}

impl Check {
    fn absorb_vector(&mut self, v: &Vector<D>) {
        for &t in v.as_trits() {
            self.digest.write(&t.to_le_bytes());
        }
    }

    fn absorb_number(&mut self, x: f64) {
        self.digest.write_u64(x.to_bits());
    }

    fn trits(&mut self, got: &Vector<D>, want: &str) -> Result<(), Failure> {
        self.absorb_vector(got);
        if *got == vector(want)? {
            Ok(())
        } else {
            Err("algebra: trits differ from holon-rs's")
        }
    }

    fn numbers(&mut self, got: &[f64], want: &[f64]) -> Result<(), Failure> {
        for &x in got {
            self.absorb_number(x);
        }
        if got.len() == want.len() && got.iter().zip(want).all(|(&g, &w)| close(g, w)) {
            Ok(())
        } else {
            Err("algebra: numbers differ from holon-rs's")
        }
    }

    fn matches(&mut self, got: &[(usize, f64)], want: &[(usize, f64)]) -> Result<(), Failure> {
        for &(i, s) in got {
            self.digest.write_u64(i as u64);
            self.absorb_number(s);
        }
        let same = got.len() == want.len()
            && got
                .iter()
                .zip(want)
                .all(|(g, w)| g.0 == w.0 && close(g.1, w.1));
        if same {
            Ok(())
        } else {
            Err("algebra: matches differ from holon-rs's")
        }
    }
}

fn vector(text: &str) -> Result<Vector<D>, Failure> {
    text.parse().map_err(|_| "algebra: bad trit string")
}

impl Case {
    fn input(&self, name: &str) -> Result<&'static Input, Failure> {
        self.inputs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| i)
            .ok_or("algebra: missing input")
    }

    fn one(&self, name: &str) -> Result<Vector<D>, Failure> {
        match self.input(name)? {
            Input::One(t) => vector(t),
            Input::Many(_) => Err("algebra: expected one vector"),
        }
    }

    /// The list `name`, parsed into `buf`; the filled prefix.
    fn many<'b>(
        &self,
        name: &str,
        buf: &'b mut [Vector<D>; MAX_VECTORS],
    ) -> Result<&'b [Vector<D>], Failure> {
        let Input::Many(list) = self.input(name)? else {
            return Err("algebra: expected a list");
        };
        if list.len() > MAX_VECTORS {
            return Err("algebra: list too long for the device");
        }
        for (slot, t) in buf.iter_mut().zip(list.iter()) {
            *slot = vector(t)?;
        }
        Ok(&buf[..list.len()])
    }

    fn param(&self, name: &str) -> Result<&'static Param, Failure> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| p)
            .ok_or("algebra: missing parameter")
    }

    fn number(&self, name: &str) -> Result<f64, Failure> {
        match self.param(name)? {
            Param::Number(x) => Ok(*x),
            _ => Err("algebra: expected a number"),
        }
    }

    fn count(&self, name: &str) -> Result<usize, Failure> {
        Ok(self.number(name)? as usize)
    }

    fn text(&self, name: &str) -> Result<&'static str, Failure> {
        match self.param(name)? {
            Param::Text(t) => Ok(t),
            _ => Err("algebra: expected text"),
        }
    }

    fn weights(&self) -> Result<&'static [f64; D], Failure> {
        match self.param("weights")? {
            Param::Numbers(w) => (*w).try_into().map_err(|_| "algebra: weights length"),
            _ => Err("algebra: expected weights"),
        }
    }

    fn expect_trits(&self) -> Result<&'static str, Failure> {
        match self.expect {
            Expect::Trits(t) => Ok(t),
            _ => Err("algebra: expected a trit answer"),
        }
    }

    fn expect_number(&self) -> Result<f64, Failure> {
        match self.expect {
            Expect::Number(x) => Ok(x),
            _ => Err("algebra: expected a number answer"),
        }
    }

    fn expect_matches(&self) -> Result<&'static [(usize, f64)], Failure> {
        match self.expect {
            Expect::Matches(m) => Ok(m),
            _ => Err("algebra: expected matches"),
        }
    }

    /// Runs the case; `Ok(true)` for an exact match, `Ok(false)` when only
    /// the shared property of a documented difference was checked.
    #[inline(never)]
    fn run(&self, c: &mut Check) -> Result<bool, Failure> {
        let mut buf: [Vector<D>; MAX_VECTORS] = core::array::from_fn(|_| Vector::zero());
        let trits = |c: &mut Check, v: Vector<D>| c.trits(&v, self.expect_trits()?);
        let number = |c: &mut Check, x: f64| c.numbers(&[x], &[self.expect_number()?]);
        match self.op {
            "unbind" => trits(c, ops::unbind(&self.one("bound")?, &self.one("key")?))?,
            "similarity_profile" => {
                trits(c, ops::similarity_profile(&self.one("a")?, &self.one("b")?))?
            }
            "attend" => {
                let mode = match self.text("mode")? {
                    "hard" => AttendMode::Hard,
                    "soft" => AttendMode::Soft,
                    _ => AttendMode::Amplify,
                };
                let v = ops::attend(
                    &self.one("query")?,
                    &self.one("memory")?,
                    self.number("strength")?,
                    mode,
                );
                trits(c, v)?
            }
            "analogy" => trits(
                c,
                ops::analogy(&self.one("a")?, &self.one("b")?, &self.one("c")?),
            )?,
            "project" | "reject" => {
                let ortho = matches!(self.param("orthogonalize")?, Param::Flag(true));
                let v = self.one("vec")?;
                let sub = self.many("subspace", &mut buf)?;
                let r = if self.op == "project" {
                    ops::project(&v, sub, ortho)
                } else {
                    ops::reject(&v, sub, ortho)
                };
                trits(c, r.map_err(|_| "algebra: span refused")?)?
            }
            "conditional_bind" => {
                let gate = match self.text("mode")? {
                    "positive" => Gate::Positive,
                    "negative" => Gate::Negative,
                    _ => Gate::NonZero,
                };
                trits(
                    c,
                    ops::conditional_bind(
                        &self.one("a")?,
                        &self.one("b")?,
                        &self.one("gate")?,
                        gate,
                    ),
                )?
            }
            "complexity" => number(c, ops::complexity(&self.one("vec")?))?,
            "entropy" => number(c, ops::entropy(&self.one("vec")?))?,
            "invert" | "topk_similar" | "cleanup" => {
                let want = self.expect_matches()?;
                let mut out = [(0usize, 0.0f64); MAX_VECTORS];
                let n = match self.op {
                    "invert" => {
                        let v = self.one("vec")?;
                        let k = self.count("top_k")?.min(MAX_VECTORS);
                        ops::invert(
                            &v,
                            self.many("codebook", &mut buf)?,
                            self.number("threshold")?,
                            &mut out[..k],
                        )
                    }
                    "topk_similar" => {
                        let q = self.one("query")?;
                        let k = self.count("k")?.min(MAX_VECTORS);
                        ops::topk_similar(&q, self.many("candidates", &mut buf)?, &mut out[..k])
                    }
                    _ => {
                        let noisy = self.one("noisy")?;
                        match ops::cleanup(&noisy, self.many("codebook", &mut buf)?) {
                            Some(m) => {
                                out[0] = m;
                                1
                            }
                            None => 0,
                        }
                    }
                };
                c.matches(&out[..n], want)?
            }
            "sparsify" => {
                let x = self.one("vec")?;
                let k = self.count("k")?;
                let got = ops::sparsify(&x, k);
                if k > 0 && k < x.nnz() {
                    c.absorb_vector(&got);
                    let want = vector(self.expect_trits()?)?;
                    let inside = |y: &Vector<D>| {
                        y.as_trits()
                            .iter()
                            .zip(x.as_trits())
                            .all(|(&a, &b)| a == 0 || a == b)
                    };
                    if got.nnz() != k || want.nnz() != k || !inside(&got) || !inside(&want) {
                        return Err("algebra: sparsify property fails");
                    }
                    return Ok(false);
                }
                trits(c, got)?
            }
            "centroid" => trits(c, ops::centroid(self.many("vectors", &mut buf)?))?,
            "flip" => trits(c, ops::flip(&self.one("vec")?))?,
            "similarity_matrix" => {
                let Expect::Numbers(want) = self.expect else {
                    return Err("algebra: expected numbers");
                };
                let xs = self.many("vectors", &mut buf)?;
                let mut m = [0.0f64; MAX_VECTORS * MAX_VECTORS];
                let n = xs.len() * xs.len();
                ops::similarity_matrix(xs, &mut m).map_err(|_| "algebra: matrix refused")?;
                c.numbers(&m[..n], want)?
            }
            "power" => trits(c, ops::power(&self.one("vec")?, self.number("exponent")?))?,
            "bundle_with_confidence" => {
                let Expect::Confidence(want_v, want_m) = self.expect else {
                    return Err("algebra: expected a confidence answer");
                };
                let mut margins = [0.0f64; D];
                let v = ops::bundle_with_confidence(self.many("vectors", &mut buf)?, &mut margins);
                c.trits(&v, want_v)?;
                c.numbers(&margins, want_m)?
            }
            "coherence" => number(c, ops::coherence(self.many("vectors", &mut buf)?))?,
            "reflect_about_mean" => trits(c, ops::reflect_about_mean(&self.one("vec")?))?,
            "grover_amplify" => {
                let v = ops::grover_amplify(
                    &self.one("signal")?,
                    &self.one("background")?,
                    self.count("iterations")?,
                );
                trits(c, v)?
            }
            "weighted_bundle" => {
                let Param::Numbers(w) = self.param("weights")? else {
                    return Err("algebra: expected weights");
                };
                trits(c, ops::weighted_bundle(self.many("vectors", &mut buf)?, w))?
            }
            "prototype_add" => {
                let v = ops::prototype_add(
                    &self.one("prototype")?,
                    &self.one("example")?,
                    self.count("count")?,
                );
                trits(c, v)?
            }
            "blend_weighted" => {
                let v = ops::blend_weighted(
                    &self.one("a")?,
                    &self.one("b")?,
                    self.number("w1")?,
                    self.number("w2")?,
                );
                trits(c, v)?
            }
            "metric" => {
                let m = match self.text("metric")? {
                    "cosine" => Metric::Cosine,
                    "dot" => Metric::Dot,
                    "euclidean" => Metric::Euclidean,
                    "manhattan" => Metric::Manhattan,
                    "hamming" => Metric::Hamming,
                    "overlap" => Metric::Overlap,
                    "agreement" => Metric::Agreement,
                    _ => Metric::Chebyshev,
                };
                number(c, metric::similarity(&self.one("a")?, &self.one("b")?, m))?
            }
            "minkowski" => number(
                c,
                metric::minkowski(&self.one("a")?, &self.one("b")?, self.number("p")?),
            )?,
            "weighted_cosine" => number(
                c,
                metric::weighted_cosine(&self.one("a")?, &self.one("b")?, self.weights()?),
            )?,
            "weighted_euclidean" => number(
                c,
                metric::weighted_euclidean(&self.one("a")?, &self.one("b")?, self.weights()?),
            )?,
            "significance" => number(
                c,
                metric::significance(self.number("similarity")?, self.count("dimensions")?),
            )?,
            _ => return Err("algebra: unknown op"),
        }
        Ok(true)
    }
}

/// Runs every golden case that fits the device, prints the `ALGEBRA` line
/// and folds the results' digest into `h`.
///
/// Never inlined: its buffers (about 5 KiB at D = 256) must leave the
/// stack before the next phase, or a micro:bit runs out.
#[inline(never)]
pub fn golden<W: Write>(h: &mut Fnv64, out: &mut W) -> Result<(), Failure> {
    let mut c = Check {
        digest: Fnv64::new(),
        matched: 0,
        property: 0,
    };
    for case in CASES {
        if case.run(&mut c)? {
            c.matched += 1;
        } else {
            c.property += 1;
        }
    }
    let _ = writeln!(
        out,
        "ALGEBRA cases={} matched={} property={} digest={:016x}",
        CASES.len(),
        c.matched,
        c.property,
        c.digest.finish()
    );
    h.write_u64(c.digest.finish());
    Ok(())
}
