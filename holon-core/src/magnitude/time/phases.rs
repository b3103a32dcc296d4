//! The three circular positions of a moment (hour of day, day of week,
//! month of year), from Unix time through the calendar.

use super::calendar;

/// The three circular positions of a moment, in `2^-32` turns of their
/// periods, as the [`TimeEncoder`](super::TimeEncoder) uses them. All integer: each is
/// `floor(elapsed * 2^32 / period)` with elapsed time and period in seconds.
///
/// ```
/// use holon_core::magnitude::TimePhases;
///
/// // 2024-02-29 12:00:00 UTC, a Thursday.
/// let p = TimePhases::from_unix(1_709_208_000);
/// assert_eq!(p.hour_of_day, 1 << 31); // noon: half a day
/// assert_eq!(p.day_of_week, 1 << 31); // Thursday noon: half a week
/// // February (month index 1) plus 28.5 of its 29 days: (1 + 28.5/29) / 12.
/// assert_eq!(p.month_of_year, ((115u64 << 32) / 696) as u32);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TimePhases {
    /// Seconds since midnight over 86 400.
    pub hour_of_day: u32,
    /// Time since Monday 00:00 over a week (1970-01-01 was a Thursday).
    pub day_of_week: u32,
    /// `(month - 1 + time since the 1st / length of the month) / 12`: every
    /// month is a twelfth of the circle, whatever its length.
    pub month_of_year: u32,
}

impl TimePhases {
    /// The phases of Unix time `seconds` (UTC, proleptic Gregorian calendar,
    /// no leap seconds). Total over `i64`: negative times are before 1970.
    pub fn from_unix(seconds: i64) -> Self {
        let c = calendar::civil_from_unix(seconds);
        let second_of_day = u64::from(c.second_of_day);
        let day = calendar::SECONDS_PER_DAY as u64;
        let turns = |elapsed: u64, period: u64| ((elapsed << 32) / period.max(1)) as u32;
        let month_length = u64::from(calendar::days_in_month(c.year, c.month));
        let into_month = u64::from(c.day.saturating_sub(1)) * day + second_of_day;
        let month_index = u64::from(c.month.saturating_sub(1));
        Self {
            hour_of_day: turns(second_of_day, day),
            day_of_week: turns(u64::from(c.weekday) * day + second_of_day, 7 * day),
            // At most 12 * 31 * 86 400 < 2^25 before the shift: no overflow.
            month_of_year: turns(
                month_index * month_length * day + into_month,
                12 * month_length * day,
            ),
        }
    }
}
