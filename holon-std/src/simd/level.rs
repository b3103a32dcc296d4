//! The instruction-set levels the SIMD kernels run at, and the one run-time
//! detection that picks the best level this CPU has (capped by the
//! `HOLON_SIMD` environment variable for comparisons).

use std::sync::OnceLock;

/// An instruction-set level the kernels can run at.
///
/// The derived order is the declaration order; capability is compared only
/// within one architecture ([`Level::is_available`], [`Level::effective`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The portable `holon-core` code (auto-vectorised for the baseline).
    Scalar,
    /// AVX2 (256-bit integer vectors).
    Avx2,
    /// AVX-512 with BW, VL, VNNI and VBMI (512-bit vectors, byte dot
    /// products, byte permutes).
    Avx512,
    /// AArch64 Advanced SIMD (128-bit vectors; part of the AArch64
    /// baseline).
    Neon,
}

impl Level {
    /// Every level: the portable one, then each architecture's, slowest
    /// first.
    pub const ALL: [Level; 4] = [Level::Scalar, Level::Avx2, Level::Avx512, Level::Neon];

    /// The best level this CPU supports, detected once and cached.
    pub fn detected() -> Level {
        static DETECTED: OnceLock<Level> = OnceLock::new();
        *DETECTED.get_or_init(detect)
    }

    /// True when this CPU can run the level.
    pub fn is_available(self) -> bool {
        let detected = Level::detected();
        self == Level::Scalar || (self.isa() == detected.isa() && self.rank() <= detected.rank())
    }

    /// The level actually used when `self` is asked for: `self`, or the best
    /// available level below it (of the same architecture; a level of
    /// another architecture gives [`Level::Scalar`]).
    pub fn effective(self) -> Level {
        let detected = Level::detected();
        if self.is_available() {
            self
        } else if self.isa() == detected.isa() {
            detected
        } else {
            Level::Scalar
        }
    }

    /// A short name: `scalar`, `avx2`, `avx512`, `neon`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Scalar => "scalar",
            Level::Avx2 => "avx2",
            Level::Avx512 => "avx512",
            Level::Neon => "neon",
        }
    }

    /// The instruction-set family: 0 portable, 1 x86-64, 2 AArch64.
    fn isa(self) -> u8 {
        match self {
            Level::Scalar => 0,
            Level::Avx2 | Level::Avx512 => 1,
            Level::Neon => 2,
        }
    }

    /// The position within the family, slowest first.
    fn rank(self) -> u8 {
        match self {
            Level::Scalar => 0,
            Level::Avx2 | Level::Neon => 1,
            Level::Avx512 => 2,
        }
    }
}

#[cfg(all(feature = "simd", target_arch = "x86_64"))]
fn detect() -> Level {
    if std::env::var_os("HOLON_SIMD").is_some_and(|v| v == "scalar") {
        return Level::Scalar;
    }
    let avx512 = is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("avx512vnni")
        && is_x86_feature_detected!("avx512vbmi");
    let avx2 = is_x86_feature_detected!("avx2");
    if std::env::var_os("HOLON_SIMD").is_some_and(|v| v == "avx2") && avx2 {
        return Level::Avx2;
    }
    match (avx512 && avx2, avx2) {
        (true, _) => Level::Avx512,
        (false, true) => Level::Avx2,
        _ => Level::Scalar,
    }
}

#[cfg(all(feature = "simd", target_arch = "aarch64"))]
fn detect() -> Level {
    // NEON is part of the AArch64 baseline (every aarch64 Rust target
    // enables it), so there is nothing to detect.
    if std::env::var_os("HOLON_SIMD").is_some_and(|v| v == "scalar") {
        return Level::Scalar;
    }
    Level::Neon
}

#[cfg(not(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64"))))]
fn detect() -> Level {
    Level::Scalar
}

/// The level the plain functions of this module use: [`Level::detected`].
/// Setting the environment variable `HOLON_SIMD` to `scalar` (or, on
/// x86-64, `avx2`) before the first call caps it (for comparisons).
pub fn level() -> Level {
    Level::detected()
}
