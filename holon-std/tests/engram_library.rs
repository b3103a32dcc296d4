//! The engram library: a prefilter that uses the probe, spectrum and
//! alignment matching, slice inputs, and save/load in the byte format.

use holon_core::atom::atom;
use holon_core::memory::OnlineSubspace;
use holon_core::Vector;
use holon_std::engram_library::EngramLibrary;

const D: usize = 256;
const K: usize = 8;

/// A subspace of `span` atoms tagged `tag`.
fn train(tag: &str, span: usize) -> Box<OnlineSubspace<D, K>> {
    let mut sub = Box::new(OnlineSubspace::new(2));
    for i in 0..120 {
        sub.update(&atom::<D>(0, &format!("{tag}-{}", i % span)));
    }
    sub
}

fn library() -> EngramLibrary<D, K> {
    let mut lib = EngramLibrary::new(0);
    for (i, tag) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
        lib.add(tag, &train(tag, 2 + i % 3)).unwrap();
    }
    lib
}

#[test]
fn the_prefilter_keeps_the_engram_the_probe_belongs_to() {
    let lib = library();
    for tag in lib.names() {
        let probe: Vector<D> = atom(0, &format!("{tag}-1"));
        // One full residual only: the prefilter alone must find it.
        let top = lib.match_residual(&probe, 1, 1);
        assert_eq!(top[0].0, tag, "probe of {tag}");
        let full = lib.match_residual(&probe, 8, 8);
        assert_eq!(full[0].0, tag);
        assert!(full.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}

#[test]
fn slice_inputs_agree_with_vectors_and_check_their_length() {
    let lib = library();
    let probe: Vector<D> = atom(0, "c-0");
    let as_f64: Vec<f64> = probe.as_trits().iter().map(|&t| f64::from(t)).collect();
    let as_f32: Vec<f32> = probe.as_trits().iter().map(|&t| f32::from(t)).collect();
    let by_vector = lib.match_residual(&probe, 3, 8);
    assert_eq!(lib.match_residual_f64(&as_f64, 3, 8).unwrap(), by_vector);
    assert_eq!(lib.match_residual_f32(&as_f32, 3, 8).unwrap(), by_vector);
    assert!(lib.match_residual_f64(&as_f64[1..], 3, 8).is_err());
}

#[test]
fn spectrum_and_alignment_find_the_same_distribution() {
    let lib = library();
    let again = train("e", 2 + 4 % 3);
    let spectrum = again.eigenvalues();
    let by_spectrum = lib.match_spectrum(&spectrum[..again.active()], 8);
    assert!(by_spectrum[0].1 > 0.99, "{by_spectrum:?}");
    let by_alignment = lib.match_alignment(&*again, 3);
    assert_eq!(by_alignment[0].0, "e");
    // The top three principal angles average in the noise components too.
    assert!(
        by_alignment[0].1 > 0.95 && by_alignment[1].1 < 0.5,
        "{by_alignment:?}"
    );
    assert!(lib.match_spectrum(&[0.0; 4], 3).is_empty());
}

#[test]
fn save_load_round_trip_and_remove() {
    let mut lib = library();
    assert!(lib.remove("h"));
    assert!(!lib.remove("h"));
    let path = std::env::temp_dir().join(format!("holon-library-{}.hlng", std::process::id()));
    lib.save(&path).unwrap();
    let back: EngramLibrary<D, K> = EngramLibrary::load(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(back.names(), lib.names());
    let probe: Vector<D> = atom(0, "b-2");
    assert_eq!(
        back.match_residual(&probe, 7, 7),
        lib.match_residual(&probe, 7, 7)
    );
    let mut bytes = lib.to_bytes().unwrap();
    bytes[40] ^= 1;
    assert!(EngramLibrary::<D, K>::from_bytes(&bytes).is_err());
}
