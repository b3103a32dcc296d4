//! Bit-exactness with the reference holon-rs 0.1: every golden atom is
//! reproduced by the library, at its own dimension and as a prefix.

use holon_conformance::golden_atoms;
use holon_core::atom::{atom, position};
use holon_core::{AtomCache, AtomKey, AtomStream, Vector};

fn to_text<const D: usize>(v: &Vector<D>) -> String {
    v.to_string()
}

#[test]
fn golden_file_is_complete() {
    let golden = golden_atoms();
    assert_eq!(golden.len(), 96);
    assert!(golden.iter().any(|g| g.seed == 42));
    assert!(golden.iter().any(|g| g.position.is_some()));
    assert!(golden.iter().all(|g| g.trits.len() == g.dims));
}

#[test]
fn every_golden_atom_is_reproduced_by_the_stream() {
    for g in golden_atoms() {
        let derived: String = AtomStream::new(g.seed, &g.text)
            .take(g.dims)
            .map(holon_core::vector::trit_char)
            .collect();
        assert_eq!(derived, g.trits, "seed {} atom {:?}", g.seed, g.text);
    }
}

#[test]
fn every_golden_atom_is_reproduced_as_a_vector() {
    for g in golden_atoms() {
        let derived = match (g.dims, g.position) {
            (1024, None) => to_text(&atom::<1024>(g.seed, &g.text)),
            (4096, None) => to_text(&atom::<4096>(g.seed, &g.text)),
            (1024, Some(i)) => to_text(&position::<1024>(g.seed, i)),
            (4096, Some(i)) => to_text(&position::<4096>(g.seed, i)),
            (d, _) => panic!("unexpected golden dimension {d}"),
        };
        assert_eq!(derived, g.trits, "seed {} atom {:?}", g.seed, g.text);
    }
}

#[test]
fn cached_atoms_equal_golden_atoms() {
    let mut cache: Box<AtomCache<4096, 8>> = Box::new(AtomCache::new());
    for _ in 0..2 {
        for g in golden_atoms().iter().filter(|g| g.dims == 4096) {
            let v = cache.get(AtomKey::new(g.seed, &g.text));
            assert_eq!(to_text(v), g.trits, "seed {} atom {:?}", g.seed, g.text);
        }
    }
    assert!(
        cache.stats().evictions > 0,
        "the small cache must have evicted"
    );
}

#[test]
fn prefix_property_holds_for_every_golden_atom() {
    let golden = golden_atoms();
    let mut compared = 0;
    for short in golden.iter().filter(|g| g.dims == 1024) {
        let long = golden
            .iter()
            .find(|g| g.dims == 4096 && g.seed == short.seed && g.text == short.text);
        if let Some(long) = long {
            assert_eq!(&long.trits[..1024], short.trits, "atom {:?}", short.text);
            let server: Vector<4096> = atom(short.seed, &short.text);
            let device: Vector<1024> = atom(short.seed, &short.text);
            assert_eq!(server.truncate::<1024>(), device);
            compared += 1;
        }
    }
    assert_eq!(compared, 46);
}
