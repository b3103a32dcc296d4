//! The x86-64 kernels: AVX2 ([`avx2`]) and AVX-512 ([`avx512`]) over trit
//! slices, the multi-block ChaCha8 keystream ([`chacha`]) and the packed-trit
//! bundle ([`packed`]). The dispatch in `simd/mod.rs` calls them only at a
//! level whose CPU features `is_x86_feature_detected!` confirmed; each kernel
//! equals the `holon-core` function that dispatch uses at `Level::Scalar`.

pub(crate) mod avx2;
pub(crate) mod avx512;
pub(crate) mod chacha;
pub(crate) mod packed;
pub(crate) mod weighted;
