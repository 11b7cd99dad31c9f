//! A calendar month, and its days as day numbers (days since 1970-01-01).

use std::fmt;
use std::str::FromStr;

use crate::status::StatusError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// The first and last day of the month, as day numbers.
    pub fn days(self) -> (i64, i64) {
        let first = days_from_civil(self.year, self.month, 1);
        let next = if self.month == 12 {
            days_from_civil(self.year + 1, 1, 1)
        } else {
            days_from_civil(self.year, self.month + 1, 1)
        };
        (first, next - 1)
    }
}

impl FromStr for Month {
    type Err = StatusError;

    fn from_str(s: &str) -> Result<Self, StatusError> {
        let bad = || StatusError::BadMonth(s.chars().take(20).collect());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_span_their_days() {
        let nov: Month = "2026-11".parse().unwrap();
        assert_eq!(nov.to_string(), "2026-11");
        let (first, last) = nov.days();
        // 2026-11-01 is day 20_758: a year of days after 2025-11-01.
        assert_eq!(first, 1_761_955_200_000 / 86_400_000 + 365);
        assert_eq!(last - first + 1, 30);
        let feb: Month = "2028-02".parse().unwrap();
        assert_eq!(feb.days().1 - feb.days().0 + 1, 29);
        let dec: Month = "2026-12".parse().unwrap();
        assert_eq!(dec.days().1 - dec.days().0 + 1, 31);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        for bad in ["2026-13", "2026", "x-01", "2026-00", "<b>-1"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }
}
