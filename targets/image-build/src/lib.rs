//! The build-script steps the firmware images share, so each `build.rs`
//! names its board and what it embeds instead of repeating the steps.
//!
//! Build scripts report problems by panicking (cargo prints the message and
//! fails the build); a missing engram file is only a warning, because the
//! image still builds and reports `RESULT FAIL` when run.
use std::{env, fs, path::PathBuf};

/// `OUT_DIR`, where generated files go.
fn out_dir() -> PathBuf {
    PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"))
}

/// Copies `targets/memory/<board>.x` to `OUT_DIR/memory.x`, the file the
/// runtime's `link.x` includes, and puts `OUT_DIR` on the link path: one
/// memory map a board, so the images of one board cannot disagree on it.
pub fn link_memory_map(board: &str) {
    let out = out_dir();
    let map = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"))
        .join("../memory")
        .join(format!("{board}.x"));
    fs::copy(&map, out.join("memory.x"))
        .unwrap_or_else(|e| panic!("copying the memory map {}: {e}", map.display()));
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={}", map.display());
    println!("cargo:rerun-if-changed=build.rs");
}

/// Copies the engram file a minimal application loads to
/// `OUT_DIR/app.engram`: `HOLON_ENGRAM` if set, else the one `run-all.sh`
/// mints (`targets/target/replay/holon.engram`). Without either, an empty
/// file and a cargo warning.
pub fn embed_app_engram() {
    println!("cargo:rerun-if-env-changed=HOLON_ENGRAM");
    let engram = env::var_os("HOLON_ENGRAM")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../target/replay/holon.engram"));
    println!("cargo:rerun-if-changed={}", engram.display());
    let bytes = fs::read(&engram).unwrap_or_else(|_| {
        println!(
            "cargo:warning=no engram file at {} (run scripts/run-all.sh or set HOLON_ENGRAM): the image will fail",
            engram.display()
        );
        Vec::new()
    });
    fs::write(out_dir().join("app.engram"), bytes).expect("write app.engram");
}

/// Writes the empty `OUT_DIR/device.x` that cortex-m-rt's `link.x`
/// includes when its `device` feature is on, for an image whose interrupt
/// table is `fw_harness::hw::__INTERRUPTS` (feature `no-device-interrupts`):
/// with no device interrupt there is no handler name to provide. Call after
/// [`link_memory_map`], which puts `OUT_DIR` on the link path.
pub fn no_device_interrupts() {
    fs::write(
        out_dir().join("device.x"),
        "/* No device interrupts: fw_harness::hw::__INTERRUPTS has one entry, DefaultHandler. */\n",
    )
    .expect("write device.x");
}
