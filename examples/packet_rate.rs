//! Packets per second through encode + score at D = 4096, on one thread.
//!
//! Streams the bundled packet capture, encodes every packet as a record
//! (DESIGN §6: `bind(atom(field), atom(value))` for each field, bundled;
//! `_` label keys are dropped), learns a baseline prototype (the threshold
//! of an accumulator) from the first 300 packets and scores every packet
//! after them by its cosine to that prototype. Two pipelines, each with a
//! fresh atom cache (cold: every atom derived when first seen) and then
//! with every atom cached (warm):
//!
//! - `holon`: [`holon_std::Holon::encode`] on the parsed JSON and
//!   [`Vector::cosine`] — the library as it is;
//! - `simd`: the same `holon-core` record encoder over a
//!   [`holon_std::cache::AtomMap`] (atoms derived with the AVX2/AVX-512
//!   keystream) and [`holon_std::simd::cosine`].
//!
//! - `direct`: what the same encoding costs if `holon-core`'s record
//!   encoder borrowed atoms from its codebook instead of copying each 4 KiB
//!   atom into scratch, and summed bound pairs with an AVX2 kernel
//!   (`simd::accumulate_bind`); role keys hashed once per field name.
//!
//! All three give the same vector for every packet (checked). The time split
//! (parse / encode / score) comes from timing the warm stream three ways:
//! parse only, parse + encode, parse + encode + score.
//!
//! Run it with `cargo run --release --example packet_rate`.

use std::io::Read;
use std::time::Instant;

use holon_core::record::{RecordEncoder, Scalar};
use holon_core::{Accumulator, Vector};
use holon_std::cache::AtomMap;
use holon_std::simd;
use holon_std::Holon;
use serde_json::Value;

const D: usize = 4096;
const WARMUP: usize = 300;

/// Parses one line and drops its `_` labels.
fn parse(line: &str) -> Value {
    let mut value: Value = serde_json::from_str(line).unwrap_or(Value::Null);
    if let Some(map) = value.as_object_mut() {
        map.retain(|k, _| !k.starts_with('_'));
    }
    value
}

/// The record encoder over the SIMD atom cache, driven from a parsed
/// document (maps and scalars: what packets hold).
struct SimdEncoder {
    encoder: Box<RecordEncoder<D, 4, AtomMap<D>>>,
}

impl SimdEncoder {
    fn new() -> Self {
        Self {
            encoder: Box::new(RecordEncoder::new(0, AtomMap::new())),
        }
    }

    fn fields(&mut self, map: &serde_json::Map<String, Value>) -> Result<(), holon_core::Error> {
        for (key, value) in map {
            let scalar = match value {
                Value::String(s) => Scalar::Str(s),
                Value::Bool(b) => Scalar::Bool(*b),
                Value::Null => Scalar::Null,
                Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                    (Some(u), _, _) => Scalar::Uint(u),
                    (_, Some(i), _) => Scalar::Int(i),
                    (_, _, Some(f)) => Scalar::Float(f),
                    _ => return Err(holon_core::Error::NonFinite),
                },
                Value::Object(inner) => {
                    self.encoder.begin_map(key)?;
                    self.fields(inner)?;
                    self.encoder.end()?;
                    continue;
                }
                Value::Array(_) => {
                    return Err(holon_core::Error::Unsupported {
                        what: "lists in packet_rate's encoder",
                    })
                }
            };
            self.encoder.field(key, scalar)?;
        }
        Ok(())
    }

    fn encode(&mut self, packet: &Value) -> Result<Vector<D>, holon_core::Error> {
        self.encoder.reset();
        if let Value::Object(map) = packet {
            self.fields(map)?;
        }
        self.encoder.finish()
    }
}

/// The scalar of a JSON leaf, or `None` for a collection.
fn scalar(value: &Value) -> Option<Scalar<'_>> {
    Some(match value {
        Value::String(s) => Scalar::Str(s),
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Null => Scalar::Null,
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Scalar::Uint(u),
            (_, Some(i), _) => Scalar::Int(i),
            (_, _, Some(f)) => Scalar::Float(f),
            _ => return None,
        },
        Value::Object(_) | Value::Array(_) => return None,
    })
}

/// What the record encoder could do with two changes in `holon-core`: borrow atoms from the codebook
/// instead of copying them, and take the bound pair's sum kernel from
/// `holon-std` (AVX2). Role keys are also hashed once per field name. For a
/// flat record of fewer than 128 fields the document is the sign of the
/// narrow sums of `bind(role, filler)`: the same vector (checked).
struct DirectPipeline {
    atoms: AtomMap<D>,
    roles: std::collections::HashMap<String, holon_core::AtomKey>,
    sums: Box<[i8; D]>,
    fallback: SimdEncoder,
}

impl DirectPipeline {
    fn new() -> Self {
        Self {
            atoms: AtomMap::new(),
            roles: std::collections::HashMap::new(),
            sums: Box::new([0; D]),
            fallback: SimdEncoder::new(),
        }
    }

    fn flat(&mut self, map: &serde_json::Map<String, Value>) -> Option<Vector<D>> {
        if map.is_empty() || map.len() > 127 {
            return None;
        }
        self.sums.fill(0);
        for (key, value) in map {
            let filler = scalar(value)?.key(0).ok()?;
            let role = match self.roles.get(key.as_str()) {
                Some(&role) => role,
                None => {
                    let role = holon_core::AtomKey::new(0, key);
                    self.roles.insert(key.clone(), role);
                    role
                }
            };
            self.atoms.get(role);
            self.atoms.get(filler);
            let (role, filler) = (self.atoms.peek(role)?, self.atoms.peek(filler)?);
            simd::accumulate_bind(
                simd::level(),
                &mut self.sums,
                role.as_trits(),
                filler.as_trits(),
            );
        }
        Some(simd::sign_vector(simd::level(), &self.sums))
    }
}

impl Pipeline for DirectPipeline {
    fn encode(&mut self, packet: &Value) -> Vector<D> {
        let direct = packet.as_object().and_then(|map| self.flat(map));
        direct.unwrap_or_else(|| {
            self.fallback
                .encode(packet)
                .unwrap_or_else(|_| Vector::zero())
        })
    }
    fn score(&self, prototype: &Vector<D>, v: &Vector<D>) -> f32 {
        simd::cosine(prototype, v)
    }
    fn atoms(&mut self) -> usize {
        self.atoms.len()
    }
}

/// One pass over the stream: what each pipeline does per packet.
trait Pipeline {
    fn encode(&mut self, packet: &Value) -> Vector<D>;
    fn score(&self, prototype: &Vector<D>, v: &Vector<D>) -> f32;
    fn atoms(&mut self) -> usize;
}

struct HolonPipeline(Holon<D>);

impl Pipeline for HolonPipeline {
    fn encode(&mut self, packet: &Value) -> Vector<D> {
        self.0.encode(packet).unwrap_or_else(|_| Vector::zero())
    }
    fn score(&self, prototype: &Vector<D>, v: &Vector<D>) -> f32 {
        prototype.cosine(v)
    }
    fn atoms(&mut self) -> usize {
        self.0.atoms().len()
    }
}

struct SimdPipeline(SimdEncoder);

impl Pipeline for SimdPipeline {
    fn encode(&mut self, packet: &Value) -> Vector<D> {
        self.0.encode(packet).unwrap_or_else(|_| Vector::zero())
    }
    fn score(&self, prototype: &Vector<D>, v: &Vector<D>) -> f32 {
        simd::cosine(prototype, v)
    }
    fn atoms(&mut self) -> usize {
        self.0.encoder.codebook().len()
    }
}

/// Builds a pipeline with a fresh atom cache.
type MakePipeline = fn() -> Box<dyn Pipeline>;

/// What one pass does beyond parsing.
#[derive(Clone, Copy, PartialEq)]
enum Work {
    ParseOnly,
    Encode,
    EncodeAndScore,
    /// Scores each packet 17 times: the extra 16 time scoring alone.
    EncodeAndScore17,
}

/// Streams every line through `pipeline`; returns seconds and a checksum
/// of the scores (so no work is optimised away).
fn pass(lines: &[&str], pipeline: &mut dyn Pipeline, work: Work) -> (f64, f64) {
    let start = Instant::now();
    let mut accumulator = Box::new(Accumulator::<D>::new());
    let mut prototype = Box::new(Vector::<D>::zero());
    let mut checksum = 0f64;
    for (i, line) in lines.iter().enumerate() {
        let packet = parse(line);
        if work == Work::ParseOnly {
            checksum += packet.as_object().map_or(0, |m| m.len()) as f64;
            continue;
        }
        let v = pipeline.encode(&packet);
        if i < WARMUP {
            accumulator.add(&v);
            if i + 1 == WARMUP {
                *prototype = accumulator.threshold();
            }
        } else if work == Work::EncodeAndScore {
            checksum += f64::from(pipeline.score(&prototype, &v));
        } else if work == Work::EncodeAndScore17 {
            for _ in 0..17 {
                checksum += f64::from(pipeline.score(std::hint::black_box(&prototype), &v));
            }
        } else {
            checksum += f64::from(v.as_trits()[0]);
        }
    }
    (start.elapsed().as_secs_f64(), checksum)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/packets/zero_hardcode_packets.jsonl.gz"
    );
    let start = Instant::now();
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut text)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let n = lines.len() as f64;
    println!(
        "{} packets, D = {D}, SIMD level {}, gunzip {:.1} ms (not counted below)",
        lines.len(),
        simd::level().name(),
        start.elapsed().as_secs_f64() * 1e3
    );

    // Both pipelines must give the same vectors (and scores).
    {
        let mut holon = HolonPipeline(Holon::new(0));
        let mut fast = SimdPipeline(SimdEncoder::new());
        let mut direct = DirectPipeline::new();
        for line in lines.iter().step_by(97) {
            let packet = parse(line);
            let a = holon.encode(&packet);
            assert_eq!(a, fast.encode(&packet), "simd disagrees on {line}");
            assert_eq!(a, direct.encode(&packet), "direct disagrees on {line}");
        }
    }

    // `packet_rate [PIPELINE [hot]]`: one pipeline only; `hot` runs only its
    // hot passes (for profiling).
    let only = std::env::args().nth(1);
    let hot_only = std::env::args().nth(2).is_some_and(|a| a == "hot");
    let run = |name: &str| only.as_deref().is_none_or(|o| o == name);
    // The hot stream: the warm-up packets, then the first 200 packets over
    // and over (their few hundred atoms, ~2 MB, stay in cache).
    let hot_lines: Vec<&str> = lines[..WARMUP]
        .iter()
        .chain(lines[..200].iter().cycle().take(lines.len() - WARMUP))
        .copied()
        .collect();
    println!(
        "\n{:<7} {:>11} {:>11} {:>11} {:>9} {:>9} {:>9} {:>8}",
        "", "cold pkt/s", "warm pkt/s", "hot pkt/s", "parse ns", "encode ns", "score ns", "atoms"
    );
    let pipelines: [(&str, MakePipeline); 3] = [
        ("holon", || Box::new(HolonPipeline(Holon::new(0)))),
        ("simd", || Box::new(SimdPipeline(SimdEncoder::new()))),
        ("direct", || Box::new(DirectPipeline::new())),
    ];
    for (name, make) in pipelines {
        if !run(name) {
            continue;
        }
        let mut pipeline = make();
        if hot_only {
            for _ in 0..10 {
                pass(&hot_lines, pipeline.as_mut(), Work::EncodeAndScore);
            }
            continue;
        }
        let (cold, sum_cold) = pass(&lines, pipeline.as_mut(), Work::EncodeAndScore);
        let atoms = pipeline.atoms();
        // Warm: best of three, each phase.
        let best = |pipeline: &mut dyn Pipeline, work| {
            (0..3)
                .map(|_| pass(&lines, pipeline, work).0)
                .fold(f64::INFINITY, f64::min)
        };
        let warm = best(pipeline.as_mut(), Work::EncodeAndScore);
        let (_, sum_warm) = pass(&lines, pipeline.as_mut(), Work::EncodeAndScore);
        assert_eq!(sum_cold, sum_warm, "a cached atom changed a score");
        let parse_only = best(pipeline.as_mut(), Work::ParseOnly);
        let encode = best(pipeline.as_mut(), Work::Encode);
        let score17 = best(pipeline.as_mut(), Work::EncodeAndScore17);
        let hot = (0..3)
            .map(|_| pass(&hot_lines, pipeline.as_mut(), Work::EncodeAndScore).0)
            .fold(f64::INFINITY, f64::min);
        println!(
            "{:<7} {:>11.0} {:>11.0} {:>11.0} {:>9.0} {:>9.0} {:>9.0} {:>8}",
            name,
            n / cold,
            n / warm,
            hot_lines.len() as f64 / hot,
            parse_only / n * 1e9,
            (encode - parse_only) / n * 1e9,
            (score17 - warm) / 16.0 / (n - WARMUP as f64) * 1e9,
            atoms
        );
    }
    println!(
        "\n(cold: one pass with a fresh cache, warm-up included; warm: best of three passes with \
         every atom cached; hot: the same with the stream cut to its first 300 packets and then \
         200 of them repeated, so the few hundred atoms (~2 MB) stay in cache; parse/encode/score: per packet, from the warm passes)"
    );
    Ok(())
}
