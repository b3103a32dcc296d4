//! Puts the riscv-virt memory map (`targets/memory/riscv-virt.x`) where the
//! runtime's `link.x` finds it as `memory.x`.
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    // One memory map per board, shared by every image of that board.
    let memory_map = "../memory/riscv-virt.x";
    fs::copy(memory_map, out.join("memory.x")).expect("copy the board's memory map");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={memory_map}");
    println!("cargo:rerun-if-changed=build.rs");
}
