//! The AArch64 kernels: NEON over trit slices ([`neon`]), the multi-block
//! ChaCha8 keystream ([`chacha`]) and the packed-trit leaf sums
//! ([`packed`]). NEON (Advanced SIMD) is part of the AArch64 baseline, so
//! these are safe functions with no run-time check; each equals the
//! `holon-core` function the dispatch in `simd/mod.rs` uses at
//! `Level::Scalar`, bit for bit.
//!
//! The optional extensions were weighed and left out: `sdot` (FEAT_DotProd)
//! sums four byte products into an `i32` lane, but for trits `mla` into `i8`
//! lanes already takes one instruction per 16 products (with a widening
//! every 127 steps), so it would save no instructions; SVE has no stable
//! Rust intrinsics.

pub(crate) mod chacha;
pub(crate) mod neon;
pub(crate) mod packed;
