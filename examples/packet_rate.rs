//! Packets per second through encode + score at D = 4096, on one thread.
//!
//! Streams the bundled packet capture, encodes every packet as a record
//! (DESIGN §6: `bind(atom(field), atom(value))` for each field, bundled;
//! `_` label keys are dropped), learns a baseline prototype (the threshold
//! of an accumulator) from the first 300 packets and scores every packet
//! after them by its cosine to that prototype. Three pipelines:
//!
//! - `holon`: [`holon_std::Holon::encode`] on the parsed JSON and
//!   [`Vector::cosine`] — the general path;
//! - `simd`: the same `holon-core` record encoder over a
//!   [`holon_std::atom_map::AtomMap`] (atoms derived with the AVX2/AVX-512
//!   keystream) and [`holon_std::simd::cosine`];
//! - `flat`: [`holon_std::flat::FlatEncoder`] on the line itself (no
//!   `serde_json`, bound leaves cached by text, SIMD bundle) and
//!   [`holon_std::simd::cosine`].
//!
//! Each runs three ways: cold (a fresh cache, every atom derived when first
//! seen), warm (every atom of the stream cached: ~30 000 of them, 121 MB at
//! D = 4096, so most reads come from L3 or memory), and bounded (the stream
//! reduced to its low-cardinality fields — protocol, flags, ICMP type — so
//! the vocabulary stays in cache). All give the same vector for every packet
//! (checked).
//!
//! Run it with `cargo run --release --example packet_rate`.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::time::Instant;

use holon_core::record::{RecordEncoder, Scalar};
use holon_core::{Accumulator, Vector};
use holon_std::atom_map::AtomMap;
use holon_std::flat::FlatEncoder;
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
            // Room for every atom of the stream (29 592 at D = 4096, 121 MB):
            // the warm column measures a full cache, not eviction.
            encoder: Box::new(RecordEncoder::new(
                0,
                AtomMap::with_capacity_bytes(256 << 20),
            )),
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

/// The flat fast path: scans the line itself, leaves cached by text,
/// summed by the SIMD bundle kernel.
struct FlatPipeline(FlatEncoder<D>);

impl Pipeline for FlatPipeline {
    fn encode_line(&mut self, line: &str) -> Vector<D> {
        self.0.encode_json(line).unwrap_or_else(|_| Vector::zero())
    }
    fn encode_line_into(&mut self, line: &str, out: &mut Vector<D>) {
        if self.0.encode_json_into(line, out).is_err() {
            *out = Vector::zero();
        }
    }
    fn score(&self, prototype: &Vector<D>, v: &Vector<D>) -> f32 {
        simd::cosine(prototype, v)
    }
    fn atoms(&mut self) -> usize {
        self.0.leaves().len()
    }
}

/// One pass over the stream: what each pipeline does per packet.
trait Pipeline {
    /// Encodes one line (parsing included).
    fn encode_line(&mut self, line: &str) -> Vector<D>;
    /// Encodes one line over `out`; the default moves `encode_line`'s result.
    fn encode_line_into(&mut self, line: &str, out: &mut Vector<D>) {
        *out = self.encode_line(line);
    }
    fn score(&self, prototype: &Vector<D>, v: &Vector<D>) -> f32;
    fn atoms(&mut self) -> usize;
}

struct HolonPipeline(Holon<D>);

impl Pipeline for HolonPipeline {
    fn encode_line(&mut self, line: &str) -> Vector<D> {
        self.0
            .encode(&parse(line))
            .unwrap_or_else(|_| Vector::zero())
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
    fn encode_line(&mut self, line: &str) -> Vector<D> {
        self.0
            .encode(&parse(line))
            .unwrap_or_else(|_| Vector::zero())
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

/// What one pass does per packet.
#[derive(Clone, Copy, PartialEq)]
enum Work {
    Encode,
    EncodeAndScore,
}

/// Streams every line through `pipeline`: the first [`WARMUP`] packets
/// learn the baseline, every later one is scored against it. Returns
/// seconds and a checksum of the scores (so no work is optimised away).
fn pass(lines: &[&str], pipeline: &mut dyn Pipeline, work: Work) -> (f64, f64) {
    let start = Instant::now();
    let mut accumulator = Box::new(Accumulator::<D>::new());
    let mut prototype = Box::new(Vector::<D>::zero());
    let mut checksum = 0f64;
    let mut v = Box::new(Vector::<D>::zero());
    for (i, line) in lines.iter().enumerate() {
        pipeline.encode_line_into(line, &mut v);
        if i < WARMUP {
            accumulator.add(&v);
            if i + 1 == WARMUP {
                *prototype = accumulator.threshold();
            }
        } else if work == Work::EncodeAndScore {
            checksum += f64::from(pipeline.score(&prototype, &v));
        } else {
            checksum += f64::from(v.as_trits()[0]);
        }
    }
    (start.elapsed().as_secs_f64(), checksum)
}

/// The stream with only its low-cardinality fields (at most
/// `MAX_VOCABULARY` distinct values over the whole stream), labels removed:
/// the bounded vocabulary a device keeps in cache.
fn bounded_vocabulary(lines: &[&str]) -> Vec<String> {
    const MAX_VOCABULARY: usize = 64;
    let mut values: HashMap<String, HashSet<String>> = HashMap::new();
    let packets: Vec<serde_json::Map<String, Value>> = lines
        .iter()
        .filter_map(|line| match parse(line) {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .collect();
    for packet in &packets {
        for (key, value) in packet {
            values
                .entry(key.clone())
                .or_default()
                .insert(value.to_string());
        }
    }
    packets
        .into_iter()
        .map(|mut packet| {
            packet.retain(|key, _| values[key].len() <= MAX_VOCABULARY);
            Value::Object(packet).to_string()
        })
        .collect()
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
    // `packet_rate [PIPELINE [hot|cold]]`: one pipeline only; `hot` runs only
    // its bounded-vocabulary passes, `cold` only its cold pass (to profile;
    // the equality check is skipped too).
    let only = std::env::args().nth(1);
    let mode = std::env::args().nth(2);
    let hot_only = mode.as_deref() == Some("hot");
    let cold_only = mode.as_deref() == Some("cold");
    let bounded = if cold_only {
        Vec::new()
    } else {
        bounded_vocabulary(&lines)
    };
    let bounded: Vec<&str> = bounded.iter().map(String::as_str).collect();
    if !cold_only {
        println!(
            "bounded vocabulary: {}",
            bounded.first().copied().unwrap_or_default()
        );
        // Every pipeline must give the same vectors.
        let mut holon = HolonPipeline(Holon::with_atom_cache_bytes(0, 256 << 20));
        let mut fast = SimdPipeline(SimdEncoder::new());
        let mut flat = make_flat();
        for line in lines.iter().step_by(97).chain(bounded.iter().step_by(97)) {
            let a = holon.encode_line(line);
            assert_eq!(a, fast.encode_line(line), "simd disagrees on {line}");
            assert_eq!(a, flat.encode_line(line), "flat disagrees on {line}");
        }
    }
    let run = |name: &str| only.as_deref().is_none_or(|o| o == name);
    println!(
        "\n{:<6} {:>11} {:>11} {:>11} {:>10} {:>9} {:>8}",
        "", "cold pkt/s", "warm pkt/s", "bounded", "encode ns", "score ns", "cached"
    );
    let pipelines: [(&str, MakePipeline); 3] = [
        ("holon", || {
            Box::new(HolonPipeline(Holon::with_atom_cache_bytes(0, 256 << 20)))
        }),
        ("simd", || Box::new(SimdPipeline(SimdEncoder::new()))),
        ("flat", make_flat),
    ];
    let best = |lines: &[&str], pipeline: &mut dyn Pipeline, work| {
        (0..3)
            .map(|_| pass(lines, pipeline, work).0)
            .fold(f64::INFINITY, f64::min)
    };
    for (name, make) in pipelines {
        if !run(name) {
            continue;
        }
        let mut pipeline = make();
        if hot_only {
            for _ in 0..20 {
                pass(&bounded, pipeline.as_mut(), Work::EncodeAndScore);
            }
            continue;
        }
        if cold_only {
            let (cold, _) = pass(&lines, pipeline.as_mut(), Work::EncodeAndScore);
            println!("{name:<6} {:>11.0}", n / cold);
            continue;
        }
        let (cold, sum_cold) = pass(&lines, pipeline.as_mut(), Work::EncodeAndScore);
        let cached = pipeline.atoms();
        let warm = best(&lines, pipeline.as_mut(), Work::EncodeAndScore);
        let (_, sum_warm) = pass(&lines, pipeline.as_mut(), Work::EncodeAndScore);
        assert_eq!(sum_cold, sum_warm, "a cached atom changed a score");
        let encode = best(&lines, pipeline.as_mut(), Work::Encode);
        // The bounded stream on a fresh cache, after one pass to fill it.
        let mut fresh = make();
        pass(&bounded, fresh.as_mut(), Work::EncodeAndScore);
        let hot = best(&bounded, fresh.as_mut(), Work::EncodeAndScore);
        println!(
            "{:<6} {:>11.0} {:>11.0} {:>11.0} {:>10.0} {:>9.0} {:>8}",
            name,
            n / cold,
            n / warm,
            n / hot,
            encode / n * 1e9,
            (warm - encode) / (n - WARMUP as f64) * 1e9,
            cached
        );
    }
    println!(
        "\n(cold: one pass with a fresh cache, warm-up included; warm: best of three passes with \
         every atom cached; bounded: the same stream with only its low-cardinality fields, \
         cached; encode/score: per packet, warm, parsing included in encode; cached: atoms, or \
         bound leaves for `flat`)"
    );
    Ok(())
}

fn make_flat() -> Box<dyn Pipeline> {
    Box::new(FlatPipeline(
        FlatEncoder::new(0).ignoring_keys_with_prefix("_"),
    ))
}
