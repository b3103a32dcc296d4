//! Attack variant detection by analogy (after holon-rs's
//! `examples/attack_variant_detection.rs`): learn normal traffic and ONE
//! attack (DNS reflection), then infer the unseen variants (NTP, SSDP,
//! CHARGEN amplification) with `analogy` and detect them.
//!
//! The inference is "the DNS attack is to the DNS source port as the NTP
//! source port is to ?": `analogy(dns_port, dns_attack, ntp_port) =
//! ntp_port + (dns_attack - dns_port)`, i.e. the DNS attack with its port
//! swapped for NTP's.

use holon_core::ops::{analogy, prototype};
use holon_core::Vector;
use holon_std::Holon;

use crate::rng::SplitMix;

/// Dimension of the example.
pub const D: usize = 4096;

/// A simulated packet.
#[derive(Debug, Clone)]
pub struct Packet {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// "TCP" or "UDP".
    pub protocol: &'static str,
    /// Payload bytes.
    pub payload_size: usize,
}

/// Normal traffic: HTTPS (50%), HTTP (30%), other TCP (20%).
pub fn normal_traffic(count: usize, seed: u64) -> Vec<Packet> {
    let mut rng = SplitMix::new(seed);
    (0..count)
        .map(|_| {
            let r = rng.unit();
            let src_port = rng.range(49152, 65535) as u16;
            let (dst_port, max_size) = if r < 0.5 {
                (443, 500.0)
            } else if r < 0.8 {
                (80, 800.0)
            } else {
                (rng.range(1024, 49151) as u16, 300.0)
            };
            Packet {
                src_port,
                dst_port,
                protocol: "TCP",
                payload_size: (rng.unit() * max_size) as usize,
            }
        })
        .collect()
}

/// A UDP amplification attack from a well-known source port.
pub fn amplification(src_port: u16, max_size: f64, count: usize, seed: u64) -> Vec<Packet> {
    let mut rng = SplitMix::new(seed);
    (0..count)
        .map(|_| Packet {
            src_port,
            dst_port: rng.range(49152, 65535) as u16,
            protocol: "UDP",
            payload_size: (rng.unit() * max_size) as usize,
        })
        .collect()
}

/// The name a source port goes by in the encoding.
fn port_name(port: u16) -> &'static str {
    match port {
        53 => "dns",
        123 => "ntp",
        1900 => "ssdp",
        19 => "chargen",
        p if p >= 49152 => "ephemeral",
        _ => "other",
    }
}

/// The packet as a record of categorical fields (holon-rs's feature set).
pub fn encode(holon: &mut Holon<D>, p: &Packet) -> Vector<D> {
    let size = if p.payload_size < 500 {
        "small"
    } else if p.payload_size < 2000 {
        "medium"
    } else {
        "large"
    };
    let amplification =
        p.src_port < 1024 && p.dst_port >= 49152 && p.protocol == "UDP" && p.payload_size > 1000;
    let doc = serde_json::json!({
        "src_port_name": port_name(p.src_port),
        "src_port_class": if p.src_port < 1024 { "wellknown" } else { "ephemeral" },
        "dst_port_class": if p.dst_port >= 49152 { "ephemeral" } else { "other" },
        "protocol": p.protocol,
        "size_class": size,
        "pattern": if amplification { "amplification" } else { "normal" },
    });
    holon.encode(&doc).unwrap_or_else(|_| Vector::zero())
}

/// One row of the combined detection table.
#[derive(Debug, Clone)]
pub struct Detection {
    /// Traffic kind.
    pub name: &'static str,
    /// Whether the kind was in training.
    pub seen: bool,
    /// Packets flagged.
    pub detected: usize,
    /// Packets.
    pub total: usize,
    /// Mean cosine with the normal prototype.
    pub baseline: f64,
    /// Mean of the best cosine with an inferred variant.
    pub variant: f64,
}

/// Everything the example prints.
#[derive(Debug, Clone)]
pub struct Report {
    /// (variant, mean cosine of its packets with its inferred prototype,
    /// standard deviation, mean cosine of normal packets with it).
    pub inferred: Vec<(&'static str, f64, f64, f64)>,
    /// The combined detection table.
    pub detections: Vec<Detection>,
}

fn mean_std(xs: &[f64]) -> (f64, f64) {
    let n = xs.len().max(1) as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// Runs the scenario: learn, infer, detect.
pub fn run() -> Report {
    let mut holon = Holon::<D>::new(0);
    let enc = |ps: &[Packet], h: &mut Holon<D>| ps.iter().map(|p| encode(h, p)).collect::<Vec<_>>();

    // Phase 1: normal traffic and the DNS reflection attack only.
    let normal = enc(&normal_traffic(500, 1), &mut holon);
    let dns = enc(&amplification(53, 4000.0, 100, 2), &mut holon);
    let normal_proto = prototype(&normal, 0.5);
    let dns_proto = prototype(&dns, 0.5);
    let port = |h: &mut Holon<D>, name: &str| {
        h.encode(&serde_json::json!({ "src_port_name": name }))
            .unwrap_or_else(|_| Vector::zero())
    };
    let dns_port = port(&mut holon, "dns");

    // Phase 2: test traffic, three kinds never seen.
    let normal_test = enc(&normal_traffic(50, 10), &mut holon);
    let dns_test = enc(&amplification(53, 4000.0, 50, 20), &mut holon);
    let unseen = [
        ("NTP", 123u16, 5000.0, 30u64),
        ("SSDP", 1900, 3000.0, 40),
        ("CHARGEN", 19, 6000.0, 50),
    ];

    // Phase 3: infer each variant from the DNS attack by analogy.
    let mut inferred = Vec::new();
    let mut variant_protos = Vec::new();
    let mut variant_tests = Vec::new();
    for (name, src, size, seed) in unseen {
        let name_port = port(&mut holon, port_name(src));
        let guess = analogy(&dns_port, &dns_proto, &name_port);
        let test = enc(&amplification(src, size, 50, seed), &mut holon);
        let sims: Vec<f64> = test
            .iter()
            .map(|v| holon_core::metric::cosine(v, &guess))
            .collect();
        let (mean, std) = mean_std(&sims);
        let normal_sims: Vec<f64> = normal_test
            .iter()
            .map(|v| holon_core::metric::cosine(v, &guess))
            .collect();
        inferred.push((name, mean, std, mean_std(&normal_sims).0));
        variant_protos.push(guess);
        variant_tests.push((name, test));
    }

    // Phase 4: combined detection: unlike normal, or like an inferred variant.
    let mut detections = Vec::new();
    let mut judge = |name: &'static str, seen: bool, vs: &[Vector<D>]| {
        let mut detected = 0;
        let (mut base, mut var) = (Vec::new(), Vec::new());
        for v in vs {
            let b = holon_core::metric::cosine(v, &normal_proto);
            let m = variant_protos
                .iter()
                .map(|p| holon_core::metric::cosine(v, p))
                .fold(f64::MIN, f64::max);
            detected += usize::from(b < 0.5 || m > 0.6);
            base.push(b);
            var.push(m);
        }
        detections.push(Detection {
            name,
            seen,
            detected,
            total: vs.len(),
            baseline: mean_std(&base).0,
            variant: mean_std(&var).0,
        });
    };
    judge("Normal", true, &normal_test);
    judge("DNS reflection", true, &dns_test);
    for (name, test) in &variant_tests {
        judge(name, false, test);
    }
    Report {
        inferred,
        detections,
    }
}
