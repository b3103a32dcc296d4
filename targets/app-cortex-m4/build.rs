//! Puts the mps2-an386 memory map (`targets/memory/mps2-an386.x`) where the
//! runtime's `link.x` finds it as `memory.x`, and
//! the engram file the application loads into `OUT_DIR/app.engram`.
//!
//! The engram file is `HOLON_ENGRAM` if set, else the one `run-all.sh`
//! mints (`targets/target/replay/holon.engram`). Without either the image
//! still builds, and reports `RESULT FAIL` at run time.
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    // One memory map per board, shared by every image of that board.
    let memory_map = "../memory/mps2-an386.x";
    fs::copy(memory_map, out.join("memory.x")).expect("copy the board's memory map");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={memory_map}");
    println!("cargo:rerun-if-changed=build.rs");
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
    fs::write(out.join("app.engram"), bytes).expect("write app.engram");
}
