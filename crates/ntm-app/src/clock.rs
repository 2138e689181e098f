//! The one clock ntm reads: the system's, or a fixed instant (tests, a
//! replay). [`Program`](crate::Program) holds it; every "now" and "today" of
//! the services comes from it, and the core is always given the day.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

/// Vietnam's time zone (UTC+7), in which a day of the program begins.
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// Where the time comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system's clock.
    #[default]
    System,
    /// Always this instant.
    Fixed(OffsetDateTime),
}

impl Clock {
    /// Now, in UTC.
    pub fn now(self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(at) => at.to_offset(UtcOffset::UTC),
        }
    }

    /// Today in Vietnam.
    pub fn today(self) -> Date {
        self.now().to_offset(VIETNAM).date()
    }
}

/// An instant as the store keeps it: RFC 3339, UTC.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// An instant in Vietnam time, "23/11/2026 17:50".
pub fn local_time_vi(at: OffsetDateTime) -> String {
    let t = at.to_offset(VIETNAM);
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_fixed_clock_gives_its_instant_and_vietnams_day() {
        // 18:30 UTC is already the next day in Vietnam.
        let clock = Clock::Fixed(datetime!(2026-12-31 18:30 UTC));
        assert_eq!(clock.today(), time::macros::date!(2027 - 01 - 01));
        assert_eq!(rfc3339(clock.now()), "2026-12-31T18:30:00Z");
        assert_eq!(local_time_vi(clock.now()), "01/01/2027 01:30");
        let system = Clock::System.now();
        assert!(system.year() >= 2026, "{system}");
    }
}
