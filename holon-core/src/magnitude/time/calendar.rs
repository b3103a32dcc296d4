//! The proleptic Gregorian calendar in integer arithmetic, for the time
//! encoder: Unix seconds (UTC) to civil date, weekday and time of day.
//!
//! No time zones and no leap seconds (Unix time has none): a day is always
//! 86 400 seconds. Every function is total over `i64` seconds.

/// Seconds in a civil day.
pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// Days in a 400-year Gregorian cycle (an "era").
const DAYS_PER_ERA: i64 = 146_097;

/// Days from 0000-03-01 to 1970-01-01. Counting years from March puts the
/// leap day at the end of the year, so day-of-year arithmetic never has to
/// know whether February is long.
const EPOCH_FROM_MARCH_ZERO: i64 = 719_468;

/// A civil date-time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    /// Proleptic Gregorian year (astronomical numbering: year 0 exists).
    pub(crate) year: i64,
    /// 1 to 12.
    pub(crate) month: u32,
    /// 1 to 31.
    pub(crate) day: u32,
    /// 0 = Monday … 6 = Sunday.
    pub(crate) weekday: u32,
    /// 0 to 86 399.
    pub(crate) second_of_day: u32,
}

/// True for Gregorian leap years: divisible by 4, except centuries not
/// divisible by 400.
pub(crate) const fn is_leap_year(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// Days in `month` (1 to 12) of `year`; 0 for a month outside 1 to 12.
pub(crate) const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `(year, month, day)` of the day `days` after 1970-01-01 (negative
/// before it).
///
/// Shift the origin to 0000-03-01, split into 400-year eras (every era has
/// the same 146 097 days), find the year of the era from the day of the era
/// by removing the leap days counted so far (one each 4 years, less one
/// each 100, plus one each 400), then the month from the day of the
/// March-based year: the month lengths from March repeat the pattern
/// 31 30 31 30 31 | 31 30 31 30 31 | 31 28/29, which `(5 * d + 2) / 153`
/// inverts exactly.
pub(crate) const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // |days| <= i64::MAX / 86 400 when it comes from seconds, so no overflow;
    // for a direct caller, saturate instead of wrapping.
    let z = days.saturating_add(EPOCH_FROM_MARCH_ZERO);
    let era = z.div_euclid(DAYS_PER_ERA);
    let day_of_era = z.rem_euclid(DAYS_PER_ERA); // 0 ..= 146 096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // 0 = March … 11 = February
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = era.saturating_mul(400).saturating_add(year_of_era);
    let year = if month <= 2 {
        year.saturating_add(1)
    } else {
        year
    };
    (year, month, day)
}

/// The civil date-time of Unix time `seconds` (UTC).
pub(crate) const fn civil_from_unix(seconds: i64) -> Civil {
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY) as u32;
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday, weekday 3 when Monday is 0.
    let weekday = days.wrapping_add(3).rem_euclid(7) as u32;
    Civil {
        year,
        month,
        day,
        weekday,
        second_of_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days from 1970-01-01 to January 1st of `year`, by summing year
    /// lengths (slow and obviously right).
    fn days_to_new_year(year: i64) -> i64 {
        let length = |y: i64| if is_leap_year(y) { 366 } else { 365 };
        if year >= 1970 {
            (1970..year).map(length).sum()
        } else {
            -(year..1970).map(length).sum::<i64>()
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        for (year, leap) in [
            (2024, true),
            (2000, true),
            (1600, true),
            (2400, true),
            (1900, false),
            (2100, false),
            (2023, false),
            (0, true),
            (-4, true),
            (-100, false),
        ] {
            assert_eq!(is_leap_year(year), leap, "{year}");
        }
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2023, 13), 0);
    }

    #[test]
    fn known_dates() {
        // 2024-02-29 12:00:00 UTC was a Thursday.
        let c = civil_from_unix(1_709_208_000);
        assert_eq!((c.year, c.month, c.day, c.weekday), (2024, 2, 29, 3));
        assert_eq!(c.second_of_day, 12 * 3600);
        // One second before the epoch: 1969-12-31 23:59:59, a Wednesday.
        let c = civil_from_unix(-1);
        assert_eq!((c.year, c.month, c.day, c.weekday), (1969, 12, 31, 2));
        assert_eq!(c.second_of_day, 86_399);
        // 2000-01-01 was a Saturday; 1600-01-01 (proleptic) too.
        let c = civil_from_unix(946_684_800);
        assert_eq!((c.year, c.month, c.day, c.weekday), (2000, 1, 1, 5));
        let c = civil_from_unix(days_to_new_year(1600) * SECONDS_PER_DAY);
        assert_eq!((c.year, c.month, c.day, c.weekday), (1600, 1, 1, 5));
    }

    /// Walks every day from 1600-01-01 to 2400-12-31 with a plain
    /// day-by-day counter and compares the closed form against it.
    #[test]
    fn every_day_from_1600_to_2400_matches_a_day_by_day_walk() {
        let mut days = days_to_new_year(1600);
        // 1600-01-01 was a Saturday (weekday 5).
        let mut weekday = 5u32;
        for year in 1600..=2400i64 {
            for month in 1..=12u32 {
                let length = match month {
                    2 if year % 400 == 0 => 29,
                    2 if year % 100 == 0 => 28,
                    2 if year % 4 == 0 => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                for day in 1..=length {
                    assert_eq!(civil_from_days(days), (year, month, day), "day {days}");
                    let c = civil_from_unix(days * SECONDS_PER_DAY + 43_210);
                    assert_eq!(c.weekday, weekday, "{year}-{month}-{day}");
                    assert_eq!(c.second_of_day, 43_210);
                    days += 1;
                    weekday = (weekday + 1) % 7;
                }
            }
        }
    }

    #[test]
    fn extremes_do_not_panic() {
        for s in [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX] {
            let c = civil_from_unix(s);
            assert!((1..=12).contains(&c.month));
            assert!(c.day >= 1 && c.day <= days_in_month(c.year, c.month));
            assert!(c.weekday < 7 && c.second_of_day < 86_400);
        }
        for d in [i64::MIN, i64::MAX] {
            let (_, month, day) = civil_from_days(d);
            assert!((1..=12).contains(&month) && (1..=31).contains(&day));
        }
    }
}
