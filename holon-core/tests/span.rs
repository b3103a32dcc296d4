//! `project` and `reject` against holon-rs's algorithm written out on `f64`
//! buffers, and the orthogonalisation limit.

use holon_core::atom::atom;
use holon_core::ops::{bundle, project, reject, MAX_ORTHOGONAL_SPAN};
use holon_core::Vector;

/// The sign holon-rs takes of a float component.
fn sign_f64(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// holon-rs's algorithm on f64 buffers.
fn reference<const D: usize>(
    v: &Vector<D>,
    sub: &[Vector<D>],
    ortho: bool,
    residual: bool,
) -> Vector<D> {
    let f = |x: &Vector<D>| {
        x.as_trits()
            .iter()
            .map(|&t| f64::from(t))
            .collect::<Vec<_>>()
    };
    let vv = f(v);
    let mut basis: Vec<Vec<f64>> = sub.iter().map(f).collect();
    if ortho && basis.len() > 1 {
        let mut ob: Vec<Vec<f64>> = Vec::new();
        for u in &basis {
            let mut un = u.clone();
            for prev in &ob {
                let pn: f64 = prev.iter().map(|x| x * x).sum();
                if pn > 1e-10 {
                    let dot: f64 = un.iter().zip(prev).map(|(a, b)| a * b).sum();
                    let c = dot / pn;
                    for (i, p) in prev.iter().enumerate() {
                        un[i] -= c * p;
                    }
                }
            }
            if un.iter().map(|x| x * x).sum::<f64>().sqrt() > 1e-10 {
                ob.push(un);
            }
        }
        basis = ob;
    }
    let mut proj = vec![0.0; D];
    for u in &basis {
        let n: f64 = u.iter().map(|x| x * x).sum();
        if n > 1e-10 {
            let dot: f64 = vv.iter().zip(u).map(|(a, b)| a * b).sum();
            for (i, &x) in u.iter().enumerate() {
                proj[i] += dot / n * x;
            }
        }
    }
    Vector::from_trit_iter(
        (0..D).map(|i| sign_f64(if residual { vv[i] - proj[i] } else { proj[i] })),
    )
}

#[test]
fn matches_holon_rs_buffers() {
    for seed in 0..4u64 {
        let v: Vector<200> = atom(seed, "v");
        let mut sub: Vec<Vector<200>> = (0..5).map(|k| atom(seed, &format!("u{k}"))).collect();
        // A dependent vector and a zero vector exercise the drops.
        sub.push(sub[0].clone());
        sub.push(Vector::zero());
        sub.push(bundle(&sub[1..4]));
        for ortho in [false, true] {
            for residual in [false, true] {
                let got = if residual {
                    reject(&v, &sub, ortho)
                } else {
                    project(&v, &sub, ortho)
                }
                .unwrap();
                assert_eq!(
                    got,
                    reference(&v, &sub, ortho, residual),
                    "{seed} {ortho} {residual}"
                );
            }
        }
    }
}

#[test]
fn too_many_to_orthogonalise_is_an_error() {
    let sub: Vec<Vector<8>> = (0..=MAX_ORTHOGONAL_SPAN)
        .map(|k| atom(0, &format!("{k}")))
        .collect();
    let v: Vector<8> = atom(0, "v");
    assert!(project(&v, &sub, true).is_err());
    assert!(project(&v, &sub, false).is_ok());
}
