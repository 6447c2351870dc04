//! Timestamps as the database keeps them: UTC text that sorts as it reads,
//! `2026-12-03T10:04:05.123Z` (or without the milliseconds for the columns
//! that never had them). Made here rather than in SQL, so SQLite and
//! PostgreSQL store the same text and compare it the same way.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `now` moved by `offset` seconds (negative: in the past).
pub fn shifted(offset_secs: i64) -> SystemTime {
    let now = SystemTime::now();
    let by = Duration::from_secs(offset_secs.unsigned_abs());
    if offset_secs >= 0 {
        now + by
    } else {
        now.checked_sub(by).unwrap_or(UNIX_EPOCH)
    }
}

/// With milliseconds: `2026-12-03T10:04:05.123Z`.
pub fn millis(at: SystemTime) -> String {
    let (date, ms) = parts(at);
    format!("{date}.{ms:03}Z")
}

/// Whole seconds: `2026-12-03T10:04:05Z`.
pub fn seconds(at: SystemTime) -> String {
    format!("{}Z", parts(at).0)
}

pub fn now_millis() -> String {
    millis(SystemTime::now())
}

pub fn now_seconds() -> String {
    seconds(SystemTime::now())
}

/// `YYYY-MM-DDTHH:MM:SS` and the milliseconds, for a time after 1970.
fn parts(at: SystemTime) -> (String, u32) {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_date(days as i64);
    let text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    );
    (text, since.subsec_millis())
}

/// The proleptic Gregorian date `days` after 1970-01-01: the year is split
/// into 400-year eras of 146,097 days, each counted from 1 March so the
/// leap day falls at the end of a year.
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(ms)
    }

    #[test]
    fn dates_match_known_calendar_days() {
        assert_eq!(millis(at(0, 0)), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 (a leap day in a year divisible by 400).
        assert_eq!(seconds(at(951_782_400, 0)), "2000-02-29T00:00:00Z");
        // 2024-12-31T23:59:59.999, the last moment of a leap year.
        assert_eq!(millis(at(1_735_689_599, 999)), "2024-12-31T23:59:59.999Z");
        assert_eq!(seconds(at(1_735_689_600, 0)), "2025-01-01T00:00:00Z");
        // 2100-03-01 (2100 is not a leap year).
        assert_eq!(seconds(at(4_107_542_400, 0)), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn text_order_is_time_order() {
        let times: Vec<String> = [0, 59_999, 86_399_001, 951_782_399_500, 951_782_400_000]
            .iter()
            .map(|ms| millis(UNIX_EPOCH + Duration::from_millis(*ms)))
            .collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(times, sorted);
    }

    #[test]
    fn shifting_moves_by_whole_seconds() {
        let ahead = shifted(90).duration_since(SystemTime::now()).unwrap();
        assert!((89..=90).contains(&ahead.as_secs()), "{ahead:?}");
        assert!(shifted(-90) < SystemTime::now());
    }
}
