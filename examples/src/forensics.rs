//! Explainable anomaly forensics (after holon-rs's
//! `examples/explainable_forensics.rs`): a stream of web events with three
//! attack phases, investigated with the extended primitives — `segment`
//! (when), `complexity` (how mixed), `invert` (what), `similarity_profile`
//! (where), `attend`, `project`, `analogy` and `conditional_bind`.

use core::ops::Range;

use holon_core::metric::cosine;
use holon_core::ops::{self, AttendMode, Gate, SegmentMethod};
use holon_core::Vector;
use holon_std::{algebra, Holon};

use crate::rng::SplitMix;

/// Dimension of the example.
pub const D: usize = 4096;

/// Ground truth of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Ordinary traffic.
    Normal,
    /// A scanner probing for admin paths.
    ScanProbe,
    /// Credential stuffing against the login.
    CredentialStuff,
    /// Data exfiltration from a compromised host.
    Exfil,
}

/// One web event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Source address.
    pub source_ip: String,
    /// Destination port.
    pub dest_port: u16,
    /// HTTP method.
    pub method: &'static str,
    /// First path segment.
    pub path_prefix: &'static str,
    /// Status class.
    pub status_class: &'static str,
    /// Response size class.
    pub bytes_class: &'static str,
    /// Client kind.
    pub agent_type: &'static str,
    /// Ground truth (never encoded).
    pub kind: Kind,
}

fn events(kind: Kind, count: usize, seed: u64) -> Vec<Event> {
    let mut rng = SplitMix::new(seed);
    (0..count)
        .map(|_| {
            let r = rng.next_u64() as usize;
            let pick = |xs: &[&'static str]| xs[r % xs.len()];
            match kind {
                Kind::Normal => Event {
                    source_ip: pick(&["10.0.1.50", "10.0.1.51", "10.0.2.100"]).to_string(),
                    dest_port: 443,
                    method: if r.is_multiple_of(3) { "POST" } else { "GET" },
                    path_prefix: pick(&["api", "health", "metrics", "users"]),
                    status_class: "2xx",
                    bytes_class: "medium",
                    agent_type: "browser",
                    kind,
                },
                Kind::ScanProbe => Event {
                    source_ip: "45.33.32.156".to_string(),
                    dest_port: [80, 443, 8080][r % 3],
                    method: "GET",
                    path_prefix: pick(&["git", "env", "admin", "wp-admin", "phpMyAdmin"]),
                    status_class: "4xx",
                    bytes_class: "small",
                    agent_type: "script",
                    kind,
                },
                Kind::CredentialStuff => Event {
                    source_ip: format!("192.168.{}.{}", r % 255, (r / 255) % 255),
                    dest_port: 443,
                    method: "POST",
                    path_prefix: "auth",
                    status_class: "4xx",
                    bytes_class: "small",
                    agent_type: "script",
                    kind,
                },
                Kind::Exfil => Event {
                    source_ip: "10.0.1.50".to_string(),
                    dest_port: 443,
                    method: "POST",
                    path_prefix: if r.is_multiple_of(2) {
                        "export"
                    } else {
                        "backup"
                    },
                    status_class: "2xx",
                    bytes_class: "large",
                    agent_type: "script",
                    kind,
                },
            }
        })
        .collect()
}

/// The phases of the stream: (range, name, kind).
pub const PHASES: [(Range<usize>, &str, Kind); 7] = [
    (0..100, "Normal baseline", Kind::Normal),
    (100..150, "Scan probe", Kind::ScanProbe),
    (150..200, "Normal recovery", Kind::Normal),
    (200..300, "Credential stuffing", Kind::CredentialStuff),
    (300..320, "Brief normal", Kind::Normal),
    (320..370, "Data exfiltration", Kind::Exfil),
    (370..450, "Final recovery", Kind::Normal),
];

/// The event stream, phase by phase.
pub fn stream() -> Vec<Event> {
    PHASES
        .iter()
        .enumerate()
        .flat_map(|(k, (range, _, kind))| events(*kind, range.len(), 42 + 1000 * k as u64))
        .collect()
}

/// The event as a record vector (every field a string, as in holon-rs).
pub fn encode(holon: &mut Holon<D>, e: &Event) -> Vector<D> {
    let doc = serde_json::json!({
        "source_ip": e.source_ip, "dest_port": e.dest_port.to_string(), "method": e.method,
        "path_prefix": e.path_prefix, "status_class": e.status_class,
        "bytes_class": e.bytes_class, "agent_type": e.agent_type,
    });
    holon.encode(&doc).unwrap_or_else(|_| Vector::zero())
}

/// Names of the [`Report::attributions`] codebook.
pub const CODEBOOK: [&str; 4] = [
    "normal",
    "scan_probe",
    "credential_stuffing",
    "exfiltration",
];

/// (sample, its ground truth, `invert`'s matches into [`CODEBOOK`]).
pub type Attribution = (usize, Kind, Vec<(usize, f64)>);

/// Everything the example prints.
#[derive(Debug, Clone)]
pub struct Report {
    /// The stream's ground truth.
    pub events: Vec<Event>,
    /// `segment` breakpoints (diff method).
    pub breakpoints: Vec<usize>,
    /// Mean complexity of the four main phases.
    pub complexity: Vec<(&'static str, f64)>,
    /// Which known pattern explains each of three samples.
    pub attributions: Vec<Attribution>,
    /// (comparison, agreeing, disagreeing components of the profile).
    pub profiles: Vec<(&'static str, usize, usize)>,
    /// (mode, complexity after attending sample 340 with the scan prototype);
    /// the first row is the original.
    pub attention: Vec<(&'static str, f64)>,
    /// (sample, name, norm, norm of the projection onto the attack span,
    /// cosine of sample and projection).
    pub projections: Vec<(usize, &'static str, f64, f64, f64)>,
    /// Cosine of the predicted and the actual port-443 exfiltration.
    pub analogy: f64,
    /// (complexity, non-zero components) of the full and the gated binding.
    pub gated: [(f64, usize); 2],
}

/// Runs the investigation.
pub fn run() -> Report {
    let mut holon = Holon::<D>::new(0);
    let events = stream();
    let vectors: Vec<Vector<D>> = events.iter().map(|e| encode(&mut holon, e)).collect();

    let breakpoints = algebra::segment(&vectors, 20, 0.4, SegmentMethod::Diff);

    let complexity = [0usize, 1, 3, 5]
        .iter()
        .map(|&k| {
            let (range, name, _) = &PHASES[k];
            let xs = &vectors[range.clone()];
            (
                *name,
                xs.iter().map(ops::complexity).sum::<f64>() / xs.len() as f64,
            )
        })
        .collect();

    let proto = |r: Range<usize>| ops::prototype(&vectors[r], 0.5);
    let normal = proto(0..50);
    let scan = proto(100..130);
    let cred = proto(200..250);
    let exfil = proto(320..350);
    let codebook = [normal.clone(), scan.clone(), cred.clone(), exfil.clone()];
    let attributions = [115usize, 250, 340]
        .iter()
        .map(|&i| {
            (
                i,
                events[i].kind,
                algebra::invert(&vectors[i], &codebook, 3, 0.1),
            )
        })
        .collect();

    let profiles = [
        ("Scan vs Normal", &scan),
        ("Cred vs Normal", &cred),
        ("Exfil vs Normal", &exfil),
    ]
    .iter()
    .map(|(name, p)| {
        let profile = ops::similarity_profile(p, &normal);
        let agree = profile.as_trits().iter().filter(|&&t| t > 0).count();
        let disagree = profile.as_trits().iter().filter(|&&t| t < 0).count();
        (*name, agree, disagree)
    })
    .collect();

    let suspicious = &vectors[340];
    let attention = vec![
        ("Original", ops::complexity(suspicious)),
        (
            "hard",
            ops::complexity(&ops::attend(&scan, suspicious, 1.0, AttendMode::Hard)),
        ),
        (
            "soft",
            ops::complexity(&ops::attend(&scan, suspicious, 1.0, AttendMode::Soft)),
        ),
        (
            "amplify",
            ops::complexity(&ops::attend(&scan, suspicious, 1.0, AttendMode::Amplify)),
        ),
    ];

    let attack_span = [&scan, &cred, &exfil];
    let projections = [
        (25usize, "Normal baseline"),
        (115, "Scan probe"),
        (250, "Credential stuffing"),
        (340, "Exfiltration"),
    ]
    .iter()
    .map(|&(i, name)| {
        let v = &vectors[i];
        let p = ops::project(v, &attack_span, true).unwrap_or_else(|_| Vector::zero());
        (
            i,
            name,
            (v.nnz() as f64).sqrt(),
            (p.nnz() as f64).sqrt(),
            cosine(v, &p),
        )
    })
    .collect();

    let mut json = |s: &str| holon.encode_json(s).unwrap_or_else(|_| Vector::zero());
    let scan_80 =
        json(r#"{"dest_port":"80","method":"GET","path_prefix":"admin","status_class":"4xx"}"#);
    let scan_443 =
        json(r#"{"dest_port":"443","method":"GET","path_prefix":"admin","status_class":"4xx"}"#);
    let exfil_80 = json(
        r#"{"dest_port":"80","method":"POST","path_prefix":"export","status_class":"2xx","bytes_class":"large"}"#,
    );
    let exfil_443 = json(
        r#"{"dest_port":"443","method":"POST","path_prefix":"export","status_class":"2xx","bytes_class":"large"}"#,
    );
    let analogy = cosine(&ops::analogy(&scan_80, &scan_443, &exfil_80), &exfil_443);

    let ip = holon.atom("45.33.32.156");
    let behaviour = holon.atom("GET_admin");
    let gate = holon.atom("4xx");
    let full = ops::bind(&ip, &behaviour);
    let gated_v = ops::conditional_bind(&ip, &behaviour, &gate, Gate::Positive);
    let gated = [
        (ops::complexity(&full), full.nnz()),
        (ops::complexity(&gated_v), gated_v.nnz()),
    ];

    Report {
        events,
        breakpoints,
        complexity,
        attributions,
        profiles,
        attention,
        projections,
        analogy,
        gated,
    }
}
