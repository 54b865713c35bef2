//! The emulator clock (system time plus an offset that tests can move forward) and
//! ISO-8601 formatting/parsing of timestamps.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// Longest single clock step: 100 years (of 365.25 days).
pub(crate) const MAX_STEP_MS: i64 = 100 * 36_525 * 86_400 * 10;
/// Latest emulator time: 9999-12-31T23:59:59.999Z.
const MAX_TIME_MS: i64 = 253_402_300_799_999;

/// Wall clock plus a test-controlled offset, in milliseconds.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// Current emulator time in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        Self::system_ms().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    fn system_ms() -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }

    /// Current emulator time in seconds since the Unix epoch.
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock by `ms` (negative: back). Refused (clock unchanged) when the
    /// step is longer than [`MAX_STEP_MS`] or the result would leave years 1970..=9999.
    /// Returns the new offset.
    pub fn try_advance_ms(&self, ms: i64) -> Result<i64, String> {
        if ms.checked_abs().is_none_or(|a| a > MAX_STEP_MS) {
            return Err(format!(
                "a clock step is at most {MAX_STEP_MS} ms (100 years)"
            ));
        }
        let sys = Self::system_ms();
        self.offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |off| {
                let new = off.checked_add(ms)?;
                let t = sys.checked_add(new)?;
                (0..=MAX_TIME_MS).contains(&t).then_some(new)
            })
            .map(|old| old + ms)
            .map_err(|_| "the emulator clock would leave years 1970..=9999".to_string())
    }

    /// The current offset (for persistence and the control API).
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    pub fn set_offset_ms(&self, ms: i64) {
        self.offset_ms.store(ms, Ordering::Relaxed);
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, as JavaScript's `Date.prototype.toISOString`.
const ISO_MS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ` (clamped to the years
/// 0000..=9999).
pub(crate) fn iso_ms(ms: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .filter(|t| (0..=9999).contains(&t.year()))
        .unwrap_or_else(|| {
            let edge = if ms < 0 {
                time::macros::datetime!(0000-01-01 00:00:00.000)
            } else {
                time::macros::datetime!(9999-12-31 23:59:59.999)
            };
            edge.assume_utc()
        });
    t.format(ISO_MS)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_string())
}

/// Parses an ISO-8601 / RFC 3339 date (`YYYY-MM-DD`) or date-time
/// (`YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`, a space instead of `T` is accepted, no zone
/// means UTC) into epoch milliseconds. Only the extended format with a four-digit year
/// is accepted: numeric strings such as `1602756997950` are rejected.
pub(crate) fn parse_iso(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let owned;
    let s = if s.get(10..11) == Some(" ") {
        owned = format!("{}T{}", &s[..10], &s[11..]);
        owned.as_str()
    } else {
        s
    };
    let t = OffsetDateTime::parse(s, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(s, &Iso8601::DEFAULT))
        .or_else(|_| PrimitiveDateTime::parse(s, &Iso8601::DEFAULT).map(|t| t.assume_utc()))
        .or_else(|_| Date::parse(s, &Iso8601::DEFAULT).map(|d| d.midnight().assume_utc()))
        .ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let ms = 1_615_467_170_123;
        let s = iso_ms(ms);
        assert_eq!(s, "2021-03-11T12:52:50.123Z");
        assert_eq!(parse_iso(&s), Some(ms));
        assert_eq!(
            parse_iso("2021-03-11T20:52:50+08:00"),
            Some(1_615_467_170_000)
        );
        assert_eq!(parse_iso("2021-03-11"), Some(1_615_420_800_000));
        assert_eq!(parse_iso("1602756997950"), None);
        assert_eq!(parse_iso("0"), None);
        assert_eq!(iso_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            parse_iso("2021-03-11 20:52:50+08:00"),
            Some(1_615_467_170_000)
        );
        assert_eq!(parse_iso("2021-03-11T12:52:50"), Some(1_615_467_170_000));
        assert_eq!(parse_iso("2021-03-11T12:52Z"), Some(1_615_467_120_000));
        assert_eq!(parse_iso("2021-03-11T12:52:50.5Z"), Some(1_615_467_170_500));
        assert_eq!(iso_ms(i64::MAX), "9999-12-31T23:59:59.999Z");
        assert_eq!(iso_ms(i64::MIN), "0000-01-01T00:00:00.000Z");
    }

    #[test]
    fn odd_dates_are_rejected() {
        for s in [
            "2021-01-0é1",
            "é021-01-01T00:00:00Z",
            "2021-01-01T00:00:00+99:99",
            "2021-01-01T00:00:00-99:99",
            "2021-13-45T25:61:61Z",
            "+275760-09-13T00:00:00.001Z",
            "9999999999-01-01",
            "2021-01-01T00:00:00.ééZ",
            "2021-01-01Té",
            "2021-01-01 é",
            "",
            "20210311",
        ] {
            assert_eq!(parse_iso(s), None, "{s:?}");
        }
    }

    #[test]
    fn steps_are_checked() {
        let c = Clock::default();
        assert_eq!(c.try_advance_ms(100_000), Ok(100_000));
        assert_eq!(c.try_advance_ms(-40_000), Ok(60_000));
        assert!(c.try_advance_ms(i64::MIN).is_err());
        assert!(c.try_advance_ms(i64::MAX).is_err());
        assert!(c.try_advance_ms(MAX_STEP_MS + 1).is_err());
        assert!(c.try_advance_ms(-MAX_STEP_MS).is_err(), "before 1970");
        assert_eq!(c.offset_ms(), 60_000);
    }
}
