//! Validity intervals: the dates from which and until which a unit, a parent
//! link, an ownership or a criteria set holds. Both ends are inclusive; an open
//! end means "always" on that side.

use time::Date;

use crate::period::Period;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Validity {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Validity {
    pub const ALWAYS: Validity = Validity { from: None, to: None };

    pub fn new(from: Option<Date>, to: Option<Date>) -> Validity {
        Validity { from, to }
    }

    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }

    /// Whether the interval shares at least one day with the period.
    pub fn overlaps(&self, period: Period) -> bool {
        self.from.is_none_or(|f| f <= period.end()) && self.to.is_none_or(|t| period.start() <= t)
    }

    /// Whether the end is before the start.
    pub fn is_inverted(&self) -> bool {
        matches!((self.from, self.to), (Some(f), Some(t)) if t < f)
    }

    /// The last day of the period on which this interval still holds.
    pub fn last_day_within(&self, period: Period) -> Option<Date> {
        if !self.overlaps(period) {
            return None;
        }
        Some(match self.to {
            Some(t) if t < period.end() => t,
            _ => period.end(),
        })
    }

    /// "từ 01/07/2025", "đến 30/06/2025", "01/01/2022 – 30/06/2025" or "".
    pub fn label_vi(&self) -> String {
        match (self.from, self.to) {
            (None, None) => String::new(),
            (Some(f), None) => format!("từ {}", format_date_vi(f)),
            (None, Some(t)) => format!("đến {}", format_date_vi(t)),
            (Some(f), Some(t)) => format!("{} – {}", format_date_vi(f), format_date_vi(t)),
        }
    }
}

/// `2025-07-01` → `"01/07/2025"`, the way Vietnamese documents write dates.
pub fn format_date_vi(day: Date) -> String {
    format!("{:02}/{:02}/{}", day.day(), u8::from(day.month()), day.year())
}

/// Parses `2025-07-01` (ISO) or `01/07/2025` (Vietnamese day/month/year).
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let (y, m, d) = if let Some((d, rest)) = t.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (y, m, d)
    } else {
        let mut parts = t.splitn(3, '-');
        (parts.next()?, parts.next()?, parts.next()?)
    };
    let year: i32 = y.parse().ok()?;
    let month: u8 = m.parse().ok()?;
    let day: u8 = d.parse().ok()?;
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn contains_and_overlaps() {
        let old = Validity::new(None, Some(date!(2025 - 06 - 30)));
        let new = Validity::new(Some(date!(2025 - 07 - 01)), None);
        let y2025: Period = "2025".parse().expect("period");
        assert!(old.overlaps(y2025) && new.overlaps(y2025));
        assert!(!old.contains(date!(2025 - 07 - 01)));
        assert_eq!(old.last_day_within(y2025), Some(date!(2025 - 06 - 30)));
        assert_eq!(new.last_day_within(y2025), Some(date!(2025 - 12 - 31)));
        assert!(!new.overlaps("2024".parse().expect("period")));
    }

    #[test]
    fn parses_both_date_forms() {
        assert_eq!(parse_date("2025-07-01"), Some(date!(2025 - 07 - 01)));
        assert_eq!(parse_date("28/8/2017"), Some(date!(2017 - 08 - 28)));
        assert_eq!(parse_date("31/02/2023"), None);
        assert_eq!(parse_date("hôm qua"), None);
        assert_eq!(format_date_vi(date!(2017 - 08 - 28)), "28/08/2017");
    }
}

/// Serde for optional dates as ISO 8601 text (`"2026-02-15"` or `null`), the
/// way JSON readers expect them: `#[serde(with = "ntm_core::validity::iso_date")]`.
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(day: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(t) if t.trim().is_empty() => Ok(None),
            Some(t) => super::parse_date(&t).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!("ngày \"{t}\" không hợp lệ (viết 2026-02-15)"))
            }),
        }
    }
}
