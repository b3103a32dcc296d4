//! Puts the mps2-an386 memory map where the runtime's `link.x` finds it, and
//! the engram file the application loads into `OUT_DIR/app.engram`
//! (`HOLON_ENGRAM`, else the one `run-all.sh` mints; without either the
//! image still builds, and reports `RESULT FAIL` at run time).

fn main() {
    fw_image_build::link_memory_map("mps2-an386");
    fw_image_build::no_device_interrupts();
    fw_image_build::embed_app_engram();
}
