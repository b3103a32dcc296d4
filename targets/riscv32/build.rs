//! Puts the riscv-virt memory map where the runtime's `link.x` finds it.

fn main() {
    fw_image_build::link_memory_map("riscv-virt");
}
