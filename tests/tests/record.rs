//! The allocation-free record encoder against DESIGN §6, computed a second
//! way with the plain algebra, plus the structural behaviour issue 4 asks for.

use holon_core::atom::{atom, position, DeriveAtoms};
use holon_core::ops::{bind, bundle};
use holon_core::record::{RecordEncoder, Scalar, SeqMode};
use holon_core::{AtomCache, Error, Vector};

const D: usize = 4096;
type Encoder = RecordEncoder<D, 6, DeriveAtoms>;

fn encoder() -> Box<Encoder> {
    Box::new(RecordEncoder::new(0, DeriveAtoms))
}

fn leaf(path: &str, value: &str) -> Vector<D> {
    bind(&atom(0, path), &atom(0, value))
}

fn flat(fields: &[(&str, &str)]) -> Vector<D> {
    let mut enc = encoder();
    for (k, v) in fields {
        enc.field(k, Scalar::Str(v)).unwrap();
    }
    enc.finish().unwrap()
}

#[test]
fn flat_record_is_the_bundle_of_its_leaves() {
    let doc = flat(&[("protocol", "UDP"), ("src_port", "53"), ("flags", "SA")]);
    let expected = bundle(&[
        leaf("protocol", "UDP"),
        leaf("src_port", "53"),
        leaf("flags", "SA"),
    ]);
    assert_eq!(doc, expected);
}

#[test]
fn nested_maps_flatten_to_dotted_paths() {
    let mut enc = encoder();
    enc.begin_map("request").unwrap();
    enc.field("method", Scalar::Str("GET")).unwrap();
    enc.begin_map("headers").unwrap();
    enc.field("content-type", Scalar::Str("application/json"))
        .unwrap();
    enc.end().unwrap();
    enc.end().unwrap();
    enc.field("status", Scalar::Uint(200)).unwrap();
    let doc = enc.finish().unwrap();
    let expected = bundle(&[
        leaf("request.method", "GET"),
        leaf("request.headers.content-type", "application/json"),
        leaf("status", "200"),
    ]);
    assert_eq!(doc, expected);
    assert!(doc.cosine(&leaf("request.headers.content-type", "application/json")) > 0.4);
}

#[test]
fn lists_in_each_mode_match_their_definition() {
    let items = ["a", "b", "c"];
    let v: Vec<Vector<D>> = items.iter().map(|t| atom(0, t)).collect();
    let p: Vec<Vector<D>> = (0..3).map(|i| position(0, i)).collect();
    let expected_filler = |mode: SeqMode| -> Vector<D> {
        match mode {
            SeqMode::Positional => {
                bundle(&[bind(&p[0], &v[0]), bind(&p[1], &v[1]), bind(&p[2], &v[2])])
            }
            SeqMode::Bundle => bundle(&v),
            SeqMode::Chained => bundle(&[v[0].clone(), bind(&v[0], &v[1]), bind(&v[1], &v[2])]),
            SeqMode::Ngram => {
                let pair = |x: &Vector<D>, y: &Vector<D>| bundle(&[bind(&p[0], x), bind(&p[1], y)]);
                let triple = bundle(&[bind(&p[0], &v[0]), bind(&p[1], &v[1]), bind(&p[2], &v[2])]);
                bundle(&[pair(&v[0], &v[1]), pair(&v[1], &v[2]), triple])
            }
        }
    };
    for mode in [
        SeqMode::Positional,
        SeqMode::Bundle,
        SeqMode::Chained,
        SeqMode::Ngram,
    ] {
        let mut enc = encoder();
        enc.begin_seq("tags", mode).unwrap();
        for t in items {
            enc.item(Scalar::Str(t)).unwrap();
        }
        enc.end().unwrap();
        let doc = enc.finish().unwrap();
        // A single leaf: bundle of one term is the term itself.
        assert_eq!(
            doc,
            bind(&atom(0, "tags"), &expected_filler(mode)),
            "{mode:?}"
        );
    }
}

fn list(items: &[&str], mode: SeqMode) -> Vector<D> {
    let mut enc = encoder();
    enc.begin_seq("xs", mode).unwrap();
    for t in items {
        enc.item(Scalar::Str(t)).unwrap();
    }
    enc.end().unwrap();
    enc.finish().unwrap()
}

fn set(items: &[&str]) -> Vector<D> {
    let mut enc = encoder();
    enc.begin_set("xs").unwrap();
    for t in items {
        enc.item(Scalar::Str(t)).unwrap();
    }
    enc.end().unwrap();
    enc.finish().unwrap()
}

#[test]
fn order_matters_only_where_the_mode_says() {
    let abc = ["a", "b", "c"];
    let cba = ["c", "b", "a"];
    assert_ne!(
        list(&abc, SeqMode::Positional),
        list(&cba, SeqMode::Positional)
    );
    assert!(list(&abc, SeqMode::Positional).cosine(&list(&cba, SeqMode::Positional)) < 0.8);
    assert_eq!(list(&abc, SeqMode::Bundle), list(&cba, SeqMode::Bundle));
    assert_eq!(set(&abc), set(&cba));
    assert!(set(&abc).cosine(&list(&abc, SeqMode::Bundle)).abs() < 0.1);
    // n-grams see local order and tolerate a shift: a shared run keeps
    // similarity where positional encoding loses it, and a reversed pair
    // shares nothing.
    let long = ["a", "b", "c", "d", "e"];
    let shifted = ["x", "a", "b", "c", "d"];
    let ngram = |xs: &[&str]| list(xs, SeqMode::Ngram);
    assert!(ngram(&long).cosine(&ngram(&shifted)) > 0.4);
    assert!(
        list(&long, SeqMode::Positional)
            .cosine(&list(&shifted, SeqMode::Positional))
            .abs()
            < 0.1
    );
    assert!(ngram(&["a", "b"]).cosine(&ngram(&["b", "a"])).abs() < 0.1);
    assert!(
        ngram(&long)
            .cosine(&ngram(&["q", "r", "s", "t", "u"]))
            .abs()
            < 0.1
    );
    let chained = |xs: &[&str]| list(xs, SeqMode::Chained);
    assert!(chained(&long).cosine(&chained(&shifted)) > 0.3);
    assert!(chained(&long).cosine(&list(&long, SeqMode::Bundle)) < 0.5);
}

#[test]
fn empty_collections_are_their_atoms_at_their_path() {
    let mut enc = encoder();
    enc.begin_map("m").unwrap();
    enc.end().unwrap();
    enc.begin_seq("l", SeqMode::Positional).unwrap();
    enc.end().unwrap();
    enc.begin_set("s").unwrap();
    enc.end().unwrap();
    let doc = enc.finish().unwrap();
    assert_eq!(
        doc,
        bundle(&[leaf("m", "{}"), leaf("l", "[]"), leaf("s", "#{}")])
    );
    assert_eq!(encoder().finish().unwrap(), atom::<D>(0, "{}"));
}

#[test]
fn maps_inside_lists_are_documents_of_their_own() {
    let mut enc = encoder();
    enc.begin_seq("hosts", SeqMode::Positional).unwrap();
    enc.begin_item_map().unwrap();
    enc.field("name", Scalar::Str("web")).unwrap();
    enc.field("port", Scalar::Uint(80)).unwrap();
    enc.end().unwrap();
    enc.item(Scalar::Null).unwrap();
    enc.end().unwrap();
    let doc = enc.finish().unwrap();
    let host = bundle(&[leaf("name", "web"), leaf("port", "80")]);
    let filler = bundle(&[
        bind(&position(0, 0), &host),
        bind(&position(0, 1), &atom(0, "null")),
    ]);
    assert_eq!(doc, bind(&atom(0, "hosts"), &filler));
}

#[test]
fn structure_decides_similarity() {
    let src = flat(&[("src_port", "53")]);
    let dst = flat(&[("dst_port", "53")]);
    assert!(src.cosine(&dst).abs() < 0.1);

    let base = [
        ("protocol", "UDP"),
        ("src_port", "53"),
        ("dst_port", "61864"),
        ("flags", "none"),
        ("ttl", "64"),
        ("payload_size", "2546"),
    ];
    let mut changed = base;
    changed[2].1 = "443";
    let c = flat(&base).cosine(&flat(&changed));
    assert!(
        (0.6..=0.9).contains(&c),
        "one of six fields changed: cos {c}"
    );
}

#[test]
fn probing_finds_present_pairs_far_above_absent_ones() {
    let fields = [
        ("protocol", "UDP"),
        ("src_port", "53"),
        ("dst_port", "61864"),
        ("payload_size", "2546"),
    ];
    let doc = flat(&fields);
    let absent: Vec<f32> = (0..300)
        .map(|i| doc.cosine(&leaf(fields[i % 4].0, &format!("absent-{i}"))))
        .collect();
    let mean = absent.iter().sum::<f32>() / absent.len() as f32;
    let var = absent.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / absent.len() as f32;
    let sd = var.sqrt();
    for (k, v) in fields {
        let z = (doc.cosine(&leaf(k, v)) - mean) / sd;
        assert!(z >= 10.0, "{k}={v}: {z:.1} standard deviations");
    }
}

#[test]
fn scalars_use_canonical_text() {
    let mut a = encoder();
    a.field("n", Scalar::Float(80.0)).unwrap();
    let mut b = encoder();
    b.field("n", Scalar::Uint(80)).unwrap();
    assert_eq!(a.finish().unwrap(), b.finish().unwrap());
    assert_eq!(
        encoder().field("n", Scalar::Float(f64::NAN)),
        Err(Error::NonFinite)
    );
    let mut c = encoder();
    c.field("n", Scalar::Int(-7)).unwrap();
    assert_eq!(c.finish().unwrap(), leaf("n", "-7"));
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let mut enc = Box::new(RecordEncoder::<64, 3, DeriveAtoms>::new(0, DeriveAtoms));
    assert_eq!(enc.end(), Err(Error::Unbalanced));
    assert_eq!(enc.item(Scalar::Null), Err(Error::NotInSequence));
    enc.begin_map("a").unwrap();
    enc.begin_seq("b", SeqMode::Bundle).unwrap();
    assert_eq!(enc.field("c", Scalar::Null), Err(Error::NotInMap));
    assert_eq!(enc.begin_item_map(), Err(Error::TooDeep { limit: 3 }));
    assert_eq!(enc.finish(), Err(Error::Unbalanced));
    enc.reset();
    enc.field("ok", Scalar::Bool(true)).unwrap();
    assert!(enc.finish().is_ok());
}

#[test]
fn a_cached_codebook_gives_the_same_vectors() {
    let mut cached = Box::new(RecordEncoder::<D, 6, AtomCache<D, 16>>::new(
        0,
        AtomCache::new(),
    ));
    for _ in 0..3 {
        cached.field("protocol", Scalar::Str("UDP")).unwrap();
        cached.begin_seq("xs", SeqMode::Ngram).unwrap();
        for t in ["a", "b", "c", "d"] {
            cached.item(Scalar::Str(t)).unwrap();
        }
        cached.end().unwrap();
        let doc = cached.finish().unwrap();
        let mut plain = encoder();
        plain.field("protocol", Scalar::Str("UDP")).unwrap();
        plain.begin_seq("xs", SeqMode::Ngram).unwrap();
        for t in ["a", "b", "c", "d"] {
            plain.item(Scalar::Str(t)).unwrap();
        }
        plain.end().unwrap();
        assert_eq!(doc, plain.finish().unwrap());
    }
    assert!(cached.codebook().stats().hits > 0);
}

#[test]
fn top_level_sequences_are_their_filler() {
    let mut enc = encoder();
    enc.start_root_sequence(SeqMode::Bundle).unwrap();
    enc.item(Scalar::Str("a")).unwrap();
    enc.item(Scalar::Str("b")).unwrap();
    assert_eq!(
        enc.finish().unwrap(),
        bundle(&[atom::<D>(0, "a"), atom(0, "b")])
    );
    enc.field("x", Scalar::Null).unwrap();
    assert_eq!(enc.start_root_set(), Err(Error::Unbalanced));
}

#[test]
fn many_terms_cross_the_narrow_lanes_exactly() {
    // 300 leaves and a 260-item list: both pass the 127-term narrow limit.
    let mut enc = encoder();
    let mut leaves = Vec::new();
    for i in 0..300 {
        let (k, v) = (format!("k{i}"), format!("v{}", i % 7));
        enc.field(&k, Scalar::Str(&v)).unwrap();
        leaves.push(leaf(&k, &v));
    }
    assert_eq!(enc.finish().unwrap(), bundle(&leaves));

    let items: Vec<String> = (0..260).map(|i| format!("i{}", i % 5)).collect();
    let mut enc = encoder();
    enc.begin_seq("xs", SeqMode::Bundle).unwrap();
    for t in &items {
        enc.item(Scalar::Str(t)).unwrap();
    }
    enc.end().unwrap();
    let filler = bundle(&items.iter().map(|t| atom::<D>(0, t)).collect::<Vec<_>>());
    assert_eq!(enc.finish().unwrap(), bind(&atom(0, "xs"), &filler));
}
