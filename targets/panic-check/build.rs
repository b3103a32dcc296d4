//! Puts the mps2-an386 memory map where the runtime's `link.x` finds it.

fn main() {
    fw_image_build::link_memory_map("mps2-an386");
}
