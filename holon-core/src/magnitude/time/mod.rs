//! The time encoder: a moment by its place in the day, the week and the
//! year, each circular and bound to its own role atom.

mod calendar;
mod phases;

pub use phases::TimePhases;

use super::circular::{CircleTable, CIRCULAR_ATOM};
use super::wave::{circle_params, circle_trit, select_harmonic, turn_halves};
use crate::atom::AtomKey;
use crate::vector::Vector;

/// Role atom of the hour-of-day component of a [`TimeEncoder`].
pub const HOUR_ROLE: &str = "time.hour";
/// Role atom of the day-of-week component of a [`TimeEncoder`].
pub const WEEKDAY_ROLE: &str = "time.weekday";
/// Role atom of the month-of-year component of a [`TimeEncoder`].
pub const MONTH_ROLE: &str = "time.month";

/// Encodes a moment (Unix seconds, UTC) by its place in the day, the week
/// and the year.
///
/// The result is
/// `bundle([bind(hour_role, c(hour)), bind(weekday_role, c(weekday)), bind(month_role, c(month))])`
/// where `c` is the [`CircularEncoder`](super::CircularEncoder) of the same seed, the positions are
/// the [`TimePhases`], and the roles are the atoms [`HOUR_ROLE`],
/// [`WEEKDAY_ROLE`] and [`MONTH_ROLE`]. The three parts are computed in one
/// integer loop without materialising them.
///
/// So Monday 09:00 is closer to Tuesday 09:00 (same hour, next day) than to
/// Monday 21:00 (opposite hour), and one Monday 09:00 is closest to the
/// next. Roles let a probe ask about one part: binding the encoding with
/// the hour role recovers a vector similar to `c(hour)`.
///
/// - **Resolution:** the parts resolve 1/65 536 of their periods: 1.3 s of
///   the day, 9.2 s of the week, about 8 minutes of the year.
/// - **Memory:** `6 * D` bytes (the circular table and the three role
///   vectors): 24 KiB at `D = 4096`.
///
/// ```
/// use holon_core::magnitude::{time, TimeEncoder};
///
/// let enc = TimeEncoder::<4096>::new(0);
/// let monday_9 = 1_704_704_400; // 2024-01-08 09:00 UTC, a Monday
/// let (hour, day) = (3600, 86_400);
/// let at = |t: i64| enc.encode(t);
/// let base = at(monday_9);
/// assert!(base.cosine(&at(monday_9 + day)) > base.cosine(&at(monday_9 + 12 * hour)));
/// assert!(base.cosine(&at(monday_9 + 7 * day)) > base.cosine(&at(monday_9 + 2 * day)));
/// assert_eq!(time::<4096>(0, monday_9), base);
/// ```
#[derive(Clone)]
pub struct TimeEncoder<const D: usize> {
    circle: CircleTable<D>,
    hour_role: Vector<D>,
    weekday_role: Vector<D>,
    month_role: Vector<D>,
}

impl<const D: usize> TimeEncoder<D> {
    /// An encoder whose circular parameters and role atoms use `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            circle: CircleTable::new(seed),
            hour_role: AtomKey::new(seed, HOUR_ROLE).vector(),
            weekday_role: AtomKey::new(seed, WEEKDAY_ROLE).vector(),
            month_role: AtomKey::new(seed, MONTH_ROLE).vector(),
        }
    }

    /// The vector of Unix time `seconds` (UTC).
    pub fn encode(&self, seconds: i64) -> Vector<D> {
        self.encode_phases(TimePhases::from_unix(seconds))
    }

    /// [`encode`](Self::encode), written over `out`.
    pub fn encode_into(&self, seconds: i64, out: &mut Vector<D>) {
        self.fill(TimePhases::from_unix(seconds), out);
    }

    /// The vector of explicit phases, e.g. a local time the caller has
    /// already converted.
    pub fn encode_phases(&self, phases: TimePhases) -> Vector<D> {
        let mut out = Vector::zero();
        self.fill(phases, &mut out);
        out
    }

    /// The hot loop: three selects, adds and signs, three role products and
    /// a sign a component, written over every component of `out`.
    fn fill(&self, phases: TimePhases, out: &mut Vector<D>) {
        let (hour_plus, hour_minus) = turn_halves(phases.hour_of_day);
        let (week_plus, week_minus) = turn_halves(phases.day_of_week);
        let (month_plus, month_minus) = turn_halves(phases.month_of_year);
        let params = self.circle.harmonic.iter().zip(&self.circle.phase);
        let roles = self
            .hour_role
            .as_trits()
            .iter()
            .zip(self.weekday_role.as_trits())
            .zip(self.month_role.as_trits());
        for (o, ((&k, &p), ((&rh, &rw), &rm))) in
            out.trusted_trits_mut().iter_mut().zip(params.zip(roles))
        {
            // role * (±1) is the role trit, negated where the sign mask is -1.
            let part = |plus: u16, minus: u16, role: i8| {
                let mask = (select_harmonic(k, plus, minus).wrapping_add(p) as i16 >> 15) as i8;
                (role ^ mask).wrapping_sub(mask)
            };
            let sum = part(hour_plus, hour_minus, rh)
                + part(week_plus, week_minus, rw)
                + part(month_plus, month_minus, rm);
            *o = sum.signum();
        }
    }
}

/// Component of a time encoding: the bundle of the three bound parts
/// (the reference form of the loop in [`TimeEncoder::encode_phases`]).
#[inline(always)]
pub(super) fn time_trit(phases: &TimePhases, harmonic: i8, phase: u16, roles: [i8; 3]) -> i8 {
    let [rh, rw, rm] = roles;
    let part =
        |turns: u32, role: i8| i32::from(role) * i32::from(circle_trit(turns, harmonic, phase));
    let sum = part(phases.hour_of_day, rh)
        + part(phases.day_of_week, rw)
        + part(phases.month_of_year, rm);
    sum.signum() as i8
}

/// The [`TimeEncoder`] vector of Unix time `seconds`, without building the
/// tables (four atom streams are derived side by side).
pub fn time<const D: usize>(seed: u64, seconds: i64) -> Vector<D> {
    let phases = TimePhases::from_unix(seconds);
    let mut circle = AtomKey::new(seed, CIRCULAR_ATOM).stream();
    let mut hour = AtomKey::new(seed, HOUR_ROLE).stream();
    let mut weekday = AtomKey::new(seed, WEEKDAY_ROLE).stream();
    let mut month = AtomKey::new(seed, MONTH_ROLE).stream();
    let mut index = 0;
    Vector::from_fn(|_| {
        let (harmonic, phase) = circle_params(index, &mut circle);
        index += 1;
        let roles = [hour.next(), weekday.next(), month.next()].map(|t| t.unwrap_or(0));
        time_trit(&phases, harmonic, phase, roles)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::magnitude::CircularEncoder;
    use crate::ops::{bind, bundle};

    #[test]
    fn time_loop_is_bind_and_bundle() {
        let enc = TimeEncoder::<512>::new(7);
        let circ = CircularEncoder::<512>::new(7, 1.0).unwrap();
        for seconds in [0, -1, 1_709_208_000, -12_000_000_000, 9_999_999_999] {
            let p = TimePhases::from_unix(seconds);
            let expected = bundle(&[
                bind(&enc.hour_role, &circ.encode_turns(p.hour_of_day)),
                bind(&enc.weekday_role, &circ.encode_turns(p.day_of_week)),
                bind(&enc.month_role, &circ.encode_turns(p.month_of_year)),
            ]);
            assert_eq!(enc.encode(seconds), expected, "{seconds}");
            assert_eq!(time::<512>(7, seconds), expected, "{seconds}");
        }
    }
}
