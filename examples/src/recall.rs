//! Compositional recall over an incident memory (after holon-rs's
//! `examples/compositional_recall.rs`): 16 incidents in 4 service layers,
//! one probe, and one algebraic operation per query — negate, amplify,
//! analogy, attend — on the same encoded library.
//!
//! holon-rs's last query ranks layers by the residual of the probe against
//! an `OnlineSubspace` per layer (its memory layer). Here the layer fit is
//! the algebra's own: how much of the probe survives [`project`]ion onto
//! the span of the layer's incidents (orthogonalised), as a residual `1 -
//! cos(probe, projection)` (lower = better fit).

use holon_core::metric::cosine;
use holon_core::ops::{
    amplify, analogy, attend, negate, project, prototype, AttendMode, NegateMode,
};
use holon_core::Vector;
use holon_std::Holon;

/// Dimension of the example.
pub const D: usize = 4096;

/// One incident record.
#[derive(Debug, Clone, Copy)]
pub struct Incident {
    /// Ticket id.
    pub id: &'static str,
    /// Service.
    pub service: &'static str,
    /// Service layer.
    pub layer: &'static str,
    /// Severity.
    pub severity: &'static str,
    /// Kind of incident.
    pub kind: &'static str,
    /// Environment.
    pub env: &'static str,
    /// Owning team.
    pub team: &'static str,
    /// Closed yet?
    pub resolved: bool,
}

#[allow(clippy::too_many_arguments)] // one row of the table
const fn inc(
    id: &'static str,
    service: &'static str,
    layer: &'static str,
    severity: &'static str,
    kind: &'static str,
    env: &'static str,
    team: &'static str,
    resolved: bool,
) -> Incident {
    Incident {
        id,
        service,
        layer,
        severity,
        kind,
        env,
        team,
        resolved,
    }
}

/// The incident library (holon-rs's 16 incidents).
pub const INCIDENTS: [Incident; 16] = [
    inc(
        "INC-001", "frontend", "web", "high", "latency", "prod", "ui", true,
    ),
    inc(
        "INC-002", "frontend", "web", "medium", "crash", "prod", "ui", true,
    ),
    inc(
        "INC-003", "frontend", "web", "low", "latency", "staging", "ui", true,
    ),
    inc(
        "INC-004", "frontend", "web", "critical", "outage", "prod", "ui", false,
    ),
    inc(
        "INC-005", "api", "backend", "high", "latency", "prod", "platform", true,
    ),
    inc(
        "INC-006", "api", "backend", "medium", "crash", "prod", "platform", true,
    ),
    inc(
        "INC-007", "api", "backend", "critical", "outage", "prod", "platform", false,
    ),
    inc(
        "INC-008", "api", "backend", "low", "latency", "staging", "platform", true,
    ),
    inc(
        "INC-009", "postgres", "database", "critical", "outage", "prod", "infra", false,
    ),
    inc(
        "INC-010", "postgres", "database", "high", "latency", "prod", "infra", true,
    ),
    inc(
        "INC-011", "redis", "database", "medium", "crash", "prod", "infra", true,
    ),
    inc(
        "INC-012", "postgres", "database", "low", "latency", "staging", "infra", true,
    ),
    inc(
        "INC-013",
        "auth",
        "security",
        "critical",
        "intrusion",
        "prod",
        "security",
        false,
    ),
    inc(
        "INC-014",
        "auth",
        "security",
        "high",
        "intrusion",
        "prod",
        "security",
        true,
    ),
    inc(
        "INC-015",
        "api",
        "security",
        "critical",
        "intrusion",
        "prod",
        "security",
        false,
    ),
    inc(
        "INC-016", "auth", "security", "medium", "crash", "staging", "security", true,
    ),
];

/// The probe: high-severity latency in backend/prod, unresolved.
pub const PROBE: Incident = inc(
    "PROBE", "api", "backend", "high", "latency", "prod", "platform", false,
);

/// The incident as a record vector.
pub fn encode(holon: &mut Holon<D>, i: &Incident) -> Vector<D> {
    let doc = serde_json::json!({
        "id": i.id, "service": i.service, "layer": i.layer, "severity": i.severity,
        "type": i.kind, "env": i.env, "team": i.team, "resolved": i.resolved,
    });
    holon.encode(&doc).unwrap_or_else(|_| Vector::zero())
}

/// One query and its ranked answers (index into [`INCIDENTS`], cosine).
#[derive(Debug, Clone)]
pub struct Query {
    /// What the query asks.
    pub label: &'static str,
    /// The top four incidents.
    pub top: Vec<(usize, f64)>,
}

/// Everything the example prints.
#[derive(Debug, Clone)]
pub struct Report {
    /// The five algebraic queries, in order.
    pub queries: Vec<Query>,
    /// Layers by residual against their incidents' span, best first.
    pub layers: Vec<(&'static str, f64)>,
}

fn ranked(query: &Vector<D>, library: &[Vector<D>]) -> Vec<(usize, f64)> {
    let mut sims: Vec<(usize, f64)> = library
        .iter()
        .map(|v| cosine(query, v))
        .enumerate()
        .collect();
    sims.sort_by(|a, b| b.1.total_cmp(&a.1));
    sims.truncate(4);
    sims
}

/// Runs every query.
pub fn run() -> Report {
    let mut holon = Holon::<D>::new(42);
    let library: Vec<Vector<D>> = INCIDENTS.iter().map(|i| encode(&mut holon, i)).collect();
    let members = |f: &dyn Fn(&Incident) -> bool| -> Vec<Vector<D>> {
        library
            .iter()
            .zip(&INCIDENTS)
            .filter(|(_, i)| f(i))
            .map(|(v, _)| v.clone())
            .collect()
    };
    let layer = |name: &'static str| members(&move |i: &Incident| i.layer == name);
    let db_proto = prototype(&layer("database"), 0.5);
    let backend_proto = prototype(&layer("backend"), 0.5);
    let security_proto = prototype(&layer("security"), 0.5);
    let prod_proto = prototype(&members(&|i: &Incident| i.env == "prod"), 0.5);
    let probe = encode(&mut holon, &PROBE);

    let queries = vec![
        Query {
            label: "Basic recall (cosine similarity)",
            top: ranked(&probe, &library),
        },
        Query {
            label: "negate(probe, db_proto) — exclude database incidents",
            top: ranked(&negate(&probe, &db_proto, NegateMode::Subtract), &library),
        },
        Query {
            label: "amplify(probe, prod_proto) — prioritise production impact",
            top: ranked(&amplify(&probe, &prod_proto, 1.5), &library),
        },
        Query {
            label: "analogy(backend→security, probe) — transfer pattern to security layer",
            top: ranked(&analogy(&backend_proto, &security_proto, &probe), &library),
        },
        Query {
            label: "attend(probe, security_proto) — surface security-resonant signal",
            top: ranked(
                &attend(&probe, &security_proto, 2.0, AttendMode::Soft),
                &library,
            ),
        },
    ];

    let mut layers: Vec<(&'static str, f64)> = ["database", "web", "backend", "security"]
        .into_iter()
        .map(|name| {
            let span = layer(name);
            let fit = project(&probe, &span, true).map_or(0.0, |p| cosine(&probe, &p));
            (name, 1.0 - fit)
        })
        .collect();
    layers.sort_by(|a, b| a.1.total_cmp(&b.1));
    Report { queries, layers }
}
