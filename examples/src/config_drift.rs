//! Config drift remediation: the scenario of holon-rs's
//! `examples/config_drift_remediation.rs`. A golden config manifold is
//! learned from 20 stable configs seen 10 times each; five drifted configs
//! are detected by residual, the drift attributed to fields by reverting
//! one field at a time and watching the residual drop (residual swap), and
//! remediated with `difference` + `amplify` toward the golden prototype.
//! No schema: the subspace only ever sees record vectors. Our record
//! vectors are not holon-rs's, so the numbers differ; the claims must not.

use holon_core::memory::{OnlineSubspace, SubspaceParams};
use holon_core::ops;
use holon_core::Vector;
use holon_std::engram_library::EngramLibrary;
use holon_std::Holon;
use serde_json::{json, Map, Value};

use crate::rng::SplitMix;

/// Dimensions (holon-rs's).
pub const D: usize = 4096;
/// Component capacity (holon-rs's k = 32).
pub const K: usize = 32;
/// Residual drop a reverted field must cause to count as a cause (holon-rs:
/// 0.5).
pub const MIN_DROP: f64 = 0.5;

/// A config: dotted field name to value, as holon-rs walks it.
pub type Config = Map<String, Value>;

/// The fields, in holon-rs's order.
pub const FIELDS: [&str; 12] = [
    "db.host",
    "db.port",
    "db.pool_size",
    "db.ssl",
    "redis.host",
    "redis.port",
    "redis.ttl",
    "api.rate_limit",
    "api.timeout",
    "features.dark_mode",
    "features.analytics",
    "features.beta",
];

/// A stable config: host, pool size and rate limit vary within their
/// known-good values, everything else is fixed.
pub fn stable_config(rng: &mut SplitMix) -> Config {
    let mut pick = |xs: &[Value]| xs[rng.range(0, xs.len() as u64) as usize].clone();
    let values = [
        pick(&[json!("db-primary.internal"), json!("db-replica.internal")]),
        json!(5432),
        pick(&[json!(10), json!(12), json!(15)]),
        json!(true),
        json!("redis.internal"),
        json!(6379),
        json!(3600),
        pick(&[json!(1000), json!(1200), json!(1500)]),
        json!(60),
        json!(true),
        json!(true),
        json!(false),
    ];
    FIELDS
        .iter()
        .zip(values)
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// One drift: a label, an optional note, and the fields it overwrites.
pub struct Drift {
    /// What happened.
    pub label: &'static str,
    /// Why it matters.
    pub note: Option<&'static str>,
    /// (field, new value) pairs.
    pub changes: fn() -> Vec<(&'static str, Value)>,
}

/// holon-rs's five drift scenarios.
pub const DRIFTS: [Drift; 5] = [
    Drift {
        label: "Single field: db.host -> external",
        note: None,
        changes: || vec![("db.host", json!("db.evil.com"))],
    },
    Drift {
        label: "Subtle drift: pool_size 15 -> 8 (still 'valid', just wrong)",
        note: Some("8 is a positive integer — any schema validator passes this"),
        changes: || vec![("db.pool_size", json!(8))],
    },
    Drift {
        label: "Multi-field: db compromised + rate limit blown",
        note: Some("Two simultaneous changes — cascading attribution finds both"),
        changes: || {
            vec![
                ("db.host", json!("db.evil.com")),
                ("api.rate_limit", json!(999_999)),
            ]
        },
    },
    Drift {
        label: "Feature flag poisoning: analytics disabled",
        note: None,
        changes: || vec![("features.analytics", json!(false))],
    },
    Drift {
        label: "Multi-field: redis external + TTL zeroed",
        note: Some("TTL=0 looks like a valid cache-disable — structure catches it"),
        changes: || {
            vec![
                ("redis.host", json!("redis.evil.com")),
                ("redis.ttl", json!(0)),
            ]
        },
    },
];

/// One scenario's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The drift's label.
    pub label: &'static str,
    /// The drift's note.
    pub note: Option<&'static str>,
    /// The fields the drift changed.
    pub drifted_fields: Vec<&'static str>,
    /// Residual of the drifted config.
    pub residual: f64,
    /// Above the threshold.
    pub detected: bool,
    /// Fields whose reversion drops the residual by more than [`MIN_DROP`],
    /// with the drop, largest first.
    pub causes: Vec<(&'static str, f64)>,
    /// Residual of `amplify(golden, difference(golden, drifted), 0.5)`.
    pub remediated: f64,
    /// Residual of the config before it drifted.
    pub correct: f64,
    /// The config with its attributed causes reverted to the golden
    /// reference, and its residual: the remediation in field space.
    pub repaired: f64,
}

/// What the run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// The golden subspace's threshold.
    pub threshold: f64,
    /// Mean and largest residual of the training configs.
    pub train_mean: f64,
    /// See `train_mean`.
    pub train_max: f64,
    /// One outcome per [`DRIFTS`] entry.
    pub outcomes: Vec<Outcome>,
}

fn encode(holon: &mut Holon<D>, c: &Config) -> Vector<D> {
    holon
        .encode(&Value::Object(c.clone()))
        .unwrap_or_else(|_| Vector::zero())
}

/// Residual swap: for each field, revert it to the golden reference's value
/// and keep those whose reversion drops the residual by more than
/// [`MIN_DROP`], largest drop first.
fn attribute(
    holon: &mut Holon<D>,
    subspace: &OnlineSubspace<D, K>,
    drifted: &Config,
    golden: &Config,
) -> Vec<(&'static str, f64)> {
    let base = subspace.residual(&encode(holon, drifted));
    let mut causes: Vec<(&'static str, f64)> = FIELDS
        .iter()
        .filter_map(|&field| {
            let mut candidate = drifted.clone();
            candidate.insert(field.to_string(), golden[field].clone());
            let drop = base - subspace.residual(&encode(holon, &candidate));
            (drop > MIN_DROP).then_some((field, drop))
        })
        .collect();
    causes.sort_by(|a, b| b.1.total_cmp(&a.1));
    causes
}

/// Runs the scenario (needs a large stack in debug builds, see
/// [`crate::stack::with_big_stack`]).
pub fn run() -> Report {
    let mut holon = Holon::<D>::new(42);
    let mut rng = SplitMix::new(42);
    let stable: Vec<Config> = (0..20).map(|_| stable_config(&mut rng)).collect();
    let stable_vecs: Vec<Vector<D>> = stable.iter().map(|c| encode(&mut holon, c)).collect();
    let golden_proto = ops::prototype(&stable_vecs, 0.5);
    let golden = stable[0].clone();

    // holon-rs: sigma multiplier 3.0, ten passes over the stable configs.
    let params = SubspaceParams {
        sigma_mult: 3.0,
        ..SubspaceParams::new(K)
    };
    let mut subspace: Box<OnlineSubspace<D, K>> =
        Box::new(OnlineSubspace::with_params(params).expect("valid parameters"));
    for _ in 0..10 {
        for v in &stable_vecs {
            subspace.update(v);
        }
    }
    let mut library: EngramLibrary<D, K> = EngramLibrary::new(42);
    library.add("golden_config", &subspace).expect("short name");
    let train: Vec<f64> = stable_vecs.iter().map(|v| subspace.residual(v)).collect();
    let threshold = subspace.threshold();

    let outcomes = DRIFTS
        .iter()
        .map(|drift| {
            // A fresh base config for each scenario, unseen in training.
            let base = stable_config(&mut rng);
            let mut drifted = base.clone();
            let changes = (drift.changes)();
            for (field, value) in &changes {
                drifted.insert(field.to_string(), value.clone());
            }
            let drifted_vec = encode(&mut holon, &drifted);
            let residual = subspace.residual(&drifted_vec);
            let causes = attribute(&mut holon, &subspace, &drifted, &golden);
            let delta = ops::difference(&golden_proto, &drifted_vec);
            let remediation = ops::amplify(&golden_proto, &delta, 0.5);
            let mut repaired = drifted.clone();
            for (field, _) in &causes {
                repaired.insert(field.to_string(), golden[*field].clone());
            }
            Outcome {
                label: drift.label,
                note: drift.note,
                drifted_fields: changes.iter().map(|c| c.0).collect(),
                residual,
                detected: residual > threshold,
                causes,
                remediated: subspace.residual(&remediation),
                correct: subspace.residual(&encode(&mut holon, &base)),
                repaired: subspace.residual(&encode(&mut holon, &repaired)),
            }
        })
        .collect();

    Report {
        threshold,
        train_mean: train.iter().sum::<f64>() / train.len() as f64,
        train_max: train.iter().copied().fold(0.0, f64::max),
        outcomes,
    }
}
