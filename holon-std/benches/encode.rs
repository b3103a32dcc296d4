//! Document encoding at D = 4096 with a warm atom cache: the packet record
//! of issue 4, through JSON and through `Walkable`, and the pieces the time
//! goes to, and the same packet through the flat fast path. Run with `cargo bench -p holon-std --bench encode`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use holon_core::record::Scalar;
use holon_core::AtomKey;
use holon_std::flat::FlatEncoder;
use holon_std::walkable::{Slot, Walkable, Walker};
use holon_std::{EncodeError, Holon};

const D: usize = 4096;
const PACKET: &str = r#"{"protocol":"UDP","src_port":53,"dst_port":61864,"payload_size":2546}"#;

struct Packet {
    protocol: &'static str,
    src_port: u16,
    dst_port: u16,
    payload_size: u32,
}

impl Walkable for Packet {
    fn walk(&self, w: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        w.begin_map(slot)?;
        w.scalar(Slot::Field("protocol"), Scalar::Str(self.protocol))?;
        w.scalar(Slot::Field("src_port"), Scalar::Uint(self.src_port.into()))?;
        w.scalar(Slot::Field("dst_port"), Scalar::Uint(self.dst_port.into()))?;
        w.scalar(
            Slot::Field("payload_size"),
            Scalar::Uint(self.payload_size.into()),
        )?;
        w.end()
    }
}

fn encode(c: &mut Criterion) {
    let mut holon = Holon::<D>::new(0);
    holon.encode_json(PACKET).unwrap();
    let packet = Packet {
        protocol: "UDP",
        src_port: 53,
        dst_port: 61864,
        payload_size: 2546,
    };
    c.bench_function("encode_json_packet_warm_4096", |b| {
        b.iter(|| holon.encode_json(black_box(PACKET)).unwrap().as_trits()[0])
    });
    c.bench_function("walkable_packet_warm_4096", |b| {
        b.iter(|| holon.encode(black_box(&packet)).unwrap().as_trits()[0])
    });
    let mut flat = FlatEncoder::<D>::new(0);
    flat.encode_json(PACKET).unwrap();
    c.bench_function("flat_packet_warm_4096", |b| {
        b.iter(|| flat.encode_json(black_box(PACKET)).unwrap().as_trits()[0])
    });
    c.bench_function("part_serde_json_parse_packet", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(PACKET)).unwrap())
    });
    c.bench_function("part_8_atom_keys_sha256", |b| {
        b.iter(|| {
            for t in [
                "protocol",
                "UDP",
                "src_port",
                "53",
                "dst_port",
                "61864",
                "payload_size",
                "2546",
            ] {
                black_box(AtomKey::new(0, black_box(t)));
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = encode
}
criterion_main!(benches);
