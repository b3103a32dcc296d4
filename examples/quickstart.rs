//! A first tour of holon: atoms, binding, bundling, probing and the prefix
//! property, printed as you go.
//!
//! Run it with `cargo run --release --example quickstart`.

use holon_core::atom::atom;
use holon_core::ops::{bind, bundle};
use holon_core::{Accumulator, AtomKey, Vector};

const D: usize = 4096;

fn main() {
    println!("holon quickstart — D = {D}\n");

    // 1. Atoms come from a hash: every node derives the same vector.
    let hello: Vector<D> = atom(0, "hello");
    let first: String = hello.to_string().chars().take(32).collect();
    println!("atom \"hello\" (seed 0), first 32 of {D} components:");
    println!("  {first}…");
    println!(
        "  key {:#018x}; non-zero components: {}\n",
        AtomKey::new(0, "hello").raw(),
        hello.nnz()
    );

    // 2. Unrelated atoms are near-orthogonal.
    let world: Vector<D> = atom(0, "world");
    println!(
        "cos(hello, world)            = {:+.4}",
        hello.cosine(&world)
    );

    // 3. A record is a bundle of role-filler bindings.
    let fields = [
        ("protocol", "UDP"),
        ("src_port", "53"),
        ("dst_port", "61864"),
    ];
    let pairs: Vec<Vector<D>> = fields
        .iter()
        .map(|(role, filler)| bind(&atom(0, role), &atom(0, filler)))
        .collect();
    let record = bundle(&pairs);
    let present = bind(&atom(0, "src_port"), &atom(0, "53"));
    let absent = bind(&atom(0, "src_port"), &atom(0, "443"));
    println!(
        "probe record with src_port=53  = {:+.4}",
        record.cosine(&present)
    );
    println!(
        "probe record with src_port=443 = {:+.4}",
        record.cosine(&absent)
    );

    // 4. Unbinding the role recovers the filler.
    let recovered = bind(&record, &atom(0, "protocol"));
    println!(
        "unbind protocol: cos with UDP = {:+.4}, with TCP = {:+.4}",
        recovered.cosine(&atom(0, "UDP")),
        recovered.cosine(&atom(0, "TCP"))
    );

    // 5. An accumulator remembers frequency; a bundle votes once per input.
    let common: Vector<D> = atom(0, "GET /index.html");
    let rare: Vector<D> = atom(0, "DELETE /admin");
    let mut acc = Accumulator::<D>::new();
    for _ in 0..100 {
        acc.add(&common);
    }
    acc.add(&rare);
    let vote = bundle(&[&common, &rare]);
    println!("\n100 x common + 1 x rare:");
    println!(
        "  accumulator cos(common) = {:+.4}, cos(rare) = {:+.4}",
        acc.cosine(&common),
        acc.cosine(&rare)
    );
    println!(
        "  bundle      cos(common) = {:+.4}, cos(rare) = {:+.4}",
        vote.cosine(&common),
        vote.cosine(&rare)
    );

    // 6. The prefix property: a 1024-dim device sees the server's prefix.
    let device: Vector<1024> = atom(0, "hello");
    println!(
        "\nprefix property: atom at D=1024 == first 1024 of atom at D=4096: {}",
        hello.truncate::<1024>() == device
    );
}
