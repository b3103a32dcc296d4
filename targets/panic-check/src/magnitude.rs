//! `holon_core::magnitude`'s scalar encoders (linear, log, circular, time),
//! tables and table-free forms, with values and parameters the optimiser
//! cannot see (NaN, infinities and invalid scales reach the same code
//! paths). Thermometer and decoders are in [`algebra`](crate::algebra).

use core::hint::black_box;

use holon_core::magnitude::{
    circular, linear, log, time, CircularEncoder, LinearEncoder, LogEncoder, TimeEncoder,
    TimePhases,
};
use holon_core::Vector;

use crate::inputs::{SECONDS, SEED};
use crate::opaque::read;

static VALUE: f64 = 37.5;
static SCALE: f64 = 100.0;
static STEPS: i32 = -4096;
static TURNS: u32 = 0x4000_0000;

/// Every public call of the four encoders at dimension `D`.
#[inline(never)]
pub fn exercise<const D: usize>() {
    let (seed, value, scale) = (read(&SEED), read(&VALUE), read(&SCALE));
    let mut out = Vector::<D>::zero();
    if let Ok(enc) = LinearEncoder::<D>::new(seed, scale) {
        black_box((enc.scale(), enc.offset(), enc.encode(value)));
        enc.encode_into(value, &mut out);
        black_box(enc.encode_steps(read(&STEPS)));
    }
    black_box(LinearEncoder::<D>::for_range(seed, -value, scale).is_ok());
    black_box(linear::<D>(seed, value, scale));
    let log_enc = LogEncoder::<D>::new(seed);
    black_box((log_enc.decades_per_scale(), log_enc.encode(value)));
    log_enc.encode_into(value, &mut out);
    black_box(LogEncoder::<D>::with_decades(seed, scale).is_ok());
    black_box(log::<D>(seed, value));
    if let Ok(enc) = CircularEncoder::<D>::new(seed, scale) {
        black_box((
            enc.period(),
            enc.encode(value),
            enc.encode_turns(read(&TURNS)),
        ));
        enc.encode_into(value, &mut out);
    }
    black_box(circular::<D>(seed, value, scale));
    let time_enc = TimeEncoder::<D>::new(seed);
    let phases = TimePhases::from_unix(read(&SECONDS));
    black_box((
        time_enc.encode(read(&SECONDS)),
        time_enc.encode_phases(phases),
    ));
    time_enc.encode_into(read(&SECONDS), &mut out);
    black_box(time::<D>(seed, read(&SECONDS)));
    black_box(&out);
}
