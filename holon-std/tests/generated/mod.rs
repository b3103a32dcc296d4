//! The generated packet streams the detector tests share (holon-std's
//! `detect.rs` and `detect_subspace.rs`, holon-cli's `cli_subspace.rs`
//! through `#[path]`): traffic of a different network than the bundled
//! stream's, with other field names, services and attacks, so a detector
//! tuned to the bundled stream's names would fail here.

use serde_json::{json, Value};

/// SplitMix64: the generator of these streams, unrelated to the bundled one.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Traffic of a different network: other field names (`proto`, `sport`,
/// `dport`, `len`, `ttl`, `tcp_flags`, `icmp`), other services (SMTP, IMAPS,
/// MySQL, HTTPS, DNS, NTP, mDNS), Linux ephemeral ports.
fn normal_packet(rng: &mut Rng) -> Value {
    let ttl = *rng.pick(&[64u64, 128]) - rng.range(0, 12);
    match rng.range(0, 99) {
        0..=69 => {
            let (dport, flags) = *rng.pick(&[
                (443, "PA"),
                (443, "A"),
                (25, "PA"),
                (993, "PA"),
                (3306, "PA"),
                (443, "S"),
            ]);
            let len = if flags == "S" {
                60
            } else {
                rng.range(52, 1460)
            };
            json!({"proto": "tcp", "sport": rng.range(32_768, 60_999), "dport": dport,
                   "tcp_flags": flags, "len": len, "ttl": ttl})
        }
        70..=93 => {
            let (dns_len, mdns_len) = (rng.range(40, 120), rng.range(60, 300));
            let (dport, len) = *rng.pick(&[(53, dns_len), (123, 48), (5353, mdns_len)]);
            json!({"proto": "udp", "sport": rng.range(32_768, 60_999), "dport": dport, "len": len, "ttl": ttl})
        }
        _ => json!({"proto": "icmp", "icmp": *rng.pick(&["echo-request", "echo-reply"]),
                    "len": rng.range(64, 98), "ttl": ttl}),
    }
}

fn attack_packet(kind: &str, rng: &mut Rng) -> Value {
    match kind {
        // Amplification from another service: SSDP replies to a victim.
        "ssdp" => json!({"proto": "udp", "sport": 1900, "dport": rng.range(1024, 65_535),
                         "len": rng.range(300, 1400), "ttl": rng.range(40, 60)}),
        // ICMP flood: oversized echo requests.
        "icmp" => json!({"proto": "icmp", "icmp": "echo-request", "len": rng.range(1000, 1472),
                         "ttl": rng.range(40, 250)}),
        // ACK flood: bare ACKs to random ports.
        _ => {
            json!({"proto": "tcp", "sport": rng.range(1024, 65_535), "dport": rng.range(1, 65_535),
                    "tcp_flags": "A", "len": 40, "ttl": rng.range(40, 250)})
        }
    }
}

/// Warm-up, then phases: calm, attack (with 5% normal traffic mixed in), ...
pub fn generated_stream(seed: u64) -> Vec<Value> {
    let mut rng = Rng(seed);
    let mut records = Vec::new();
    let mut push = |phase: &str, attack: Option<&str>, n: usize, rng: &mut Rng| {
        for _ in 0..n {
            let (mut r, is_attack) = match attack {
                Some(kind) if !rng.chance(0.05) => (attack_packet(kind, rng), true),
                _ => (normal_packet(rng), false),
            };
            r["_phase"] = json!(phase);
            r["_attack"] = json!(is_attack);
            records.push(r);
        }
    };
    push("warmup", None, 300, &mut rng);
    push("calm-1", None, 400, &mut rng);
    push("SSDP amplification", Some("ssdp"), 3000, &mut rng);
    push("calm-2", None, 400, &mut rng);
    push("ICMP flood", Some("icmp"), 3000, &mut rng);
    push("calm-3", None, 400, &mut rng);
    push("ACK flood", Some("ack"), 3000, &mut rng);
    push("calm-4", None, 400, &mut rng);
    records
}
