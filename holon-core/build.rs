//! Tells the packed counting kernels which Arm instruction set their
//! assembly is for, from the target's name: stable rustc does not expose
//! the `thumb-mode` and `thumb2` target features to `cfg`, so without this
//! a firmware built with a rustup target would take the portable loops (the
//! same results, more instructions) where a `-Zbuild-std` build takes the
//! assembly.
//!
//! - `holon_thumb1`: ARMv6-M and ARMv8-M Baseline (`thumbv6m-*`,
//!   `thumbv8m.base-*`): Thumb-1, eight low registers.
//! - `holon_thumb2`: every other `thumbv*` target (`thumbv7m`, `thumbv7em`,
//!   `thumbv8m.main`, `thumbv7a`, `thumbv7neon`): Thumb-2.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(holon_thumb1)");
    println!("cargo::rustc-check-cfg=cfg(holon_thumb2)");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("thumbv6m") || target.starts_with("thumbv8m.base") {
        println!("cargo::rustc-cfg=holon_thumb1");
    } else if target.starts_with("thumbv") {
        println!("cargo::rustc-cfg=holon_thumb2");
    }
}
