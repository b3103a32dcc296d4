use holon_std::detect::{Detector, DetectorConfig};
use std::io::BufRead;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let f = std::fs::File::open(path).unwrap();
    let out = std::process::Command::new("zcat")
        .arg(std::env::args().nth(1).unwrap())
        .output()
        .unwrap();
    let _ = f;
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    let mut cfg = DetectorConfig::default();
    if let Some(t) = std::env::args().nth(2) {
        cfg.anomaly_threshold = t.parse().unwrap();
    }
    if let Some(t) = std::env::args().nth(3) {
        cfg.cluster_similarity = t.parse().unwrap();
    }
    if let Some(t) = std::env::args().nth(4) {
        cfg.decades_per_scale = t.parse().unwrap();
    }
    if let Some(t) = std::env::args().nth(5) {
        cfg.number_offset = t.parse().unwrap();
    }
    let mut d = Detector::<1024>::new(0, cfg);
    for r in &rows[..300] {
        d.learn(r);
    }
    eprintln!("size {:?}", d.size());
    let (mut tp, mut fn_, mut fp, mut tn) = (0, 0, 0, 0);
    let mut fps = Vec::new();
    let mut fns = Vec::new();
    let mut min_normal = 1.0f32;
    let mut max_attack = 0.0f32;
    for r in &rows[300..] {
        let v = d.score(r);
        let attack = r["_attack"].as_bool().unwrap();
        if attack {
            max_attack = max_attack.max(v.score);
        } else {
            min_normal = min_normal.min(v.score);
        }
        match (attack, v.anomaly) {
            (true, true) => tp += 1,
            (true, false) => {
                fn_ += 1;
                if fns.len() < 5 {
                    fns.push((r.clone(), v.score))
                }
            }
            (false, true) => {
                fp += 1;
                if fps.len() < 8 {
                    fps.push((r.clone(), v.explanation.clone()))
                }
            }
            (false, false) => tn += 1,
        }
    }
    println!("recall {:.4} fpr {:.4} tp {tp} fn {fn_} fp {fp} tn {tn} min_normal {min_normal} max_attack {max_attack}", tp as f64/(tp+fn_) as f64, fp as f64/(fp+tn) as f64);
    for f in fps {
        println!("FP {} {:?}", f.0, f.1);
    }
    for f in fns {
        println!("FN {} {}", f.0, f.1);
    }
}
