//! The emulator clock (system time plus an offset that tests can move forward) and
//! ISO-8601 formatting/parsing of timestamps.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

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

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub(crate) fn iso_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let h = rem / 3_600_000;
    let mi = (rem / 60_000) % 60;
    let s = (rem / 1000) % 60;
    let milli = rem % 1000;
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses an ISO-8601 date (`YYYY-MM-DD`) or date-time
/// (`YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`, a space instead of `T` is accepted) into epoch
/// milliseconds. Numeric strings such as `1602756997950` are rejected.
pub(crate) fn parse_iso(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() < 10 {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let mut dp = date.split('-');
    let y = num(dp.next()?)?;
    let mo = num(dp.next()?)?;
    let d = num(dp.next()?)?;
    if dp.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let day_ms = days_from_civil(y, mo, d) * 86_400_000;
    if rest.is_empty() {
        return Some(day_ms);
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    // split off the zone
    let (time, zone_ms) = if let Some(t) = rest.strip_suffix('Z') {
        (t, 0)
    } else if let Some(pos) = rest.rfind(['+', '-']) {
        let (t, z) = rest.split_at(pos);
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let z = &z[1..];
        let (zh, zm) = match z.split_once(':') {
            Some((a, b)) => (num(a)?, num(b)?),
            None if z.len() == 4 => (num(&z[..2])?, num(&z[2..])?),
            None => (num(z)?, 0),
        };
        (t, sign * (zh * 3_600_000 + zm * 60_000))
    } else {
        (rest, 0)
    };
    let mut tp = time.split(':');
    let h = num(tp.next()?)?;
    let mi = num(tp.next()?)?;
    let (sec, milli) = match tp.next() {
        None => (0, 0),
        Some(sf) => match sf.split_once('.') {
            Some((a, b)) => {
                let frac: String = b.chars().take(3).collect();
                let scale = 10_i64.pow(3 - frac.len() as u32);
                (num(a)?, num(&frac)? * scale)
            }
            None => (num(sf)?, 0),
        },
    };
    if tp.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(day_ms + h * 3_600_000 + mi * 60_000 + sec * 1000 + milli - zone_ms)
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
