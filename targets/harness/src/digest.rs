//! Digests the host compares: the workload digest, 64-bit FNV-1a over the
//! bytes the workload feeds it ([`Fnv64`]), and the replay's verdict digest,
//! which is holon-core's [`VerdictDigest`] (the one `holon score` prints).

pub use holon_core::detect::VerdictDigest;
pub use holon_core::fnv::Fnv64;
