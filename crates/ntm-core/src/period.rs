//! Reporting periods: a year, a quarter, a half-year or the first nine months.
//!
//! Written `2023`, `2023-Q3`, `2023-H1`, `2023-9M`. Every period has a start and
//! an end date; the hierarchy and the criteria set in force on the end date are
//! the ones a period's figures are computed on.

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

/// The kind of a reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    Year,
    Quarter(u8),
    Half(u8),
    NineMonths,
}

/// A reporting period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    kind: PeriodKind,
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "kỳ báo cáo \"{0}\" không hợp lệ: viết 2023 (năm), 2023-Q3 (quý), 2023-H1 (6 tháng) hoặc 2023-9M (9 tháng)"
)]
pub struct PeriodError(pub String);

const MIN_YEAR: i32 = 2000;
const MAX_YEAR: i32 = 2100;

/// The years a period may have, written for a message: "2000–2100".
pub const YEARS_TEXT: &str = "2000–2100";

/// Whether `year` is one a period may have (2000 to 2100): the one home
/// of that range for periods, plans, money and criteria years.
pub fn is_valid_year(year: i32) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&year)
}

impl Period {
    pub const fn year(year: i32) -> Period {
        Period {
            year,
            kind: PeriodKind::Year,
        }
    }

    pub fn new(year: i32, kind: PeriodKind) -> Result<Period, PeriodError> {
        let valid_kind = match kind {
            PeriodKind::Quarter(q) => (1..=4).contains(&q),
            PeriodKind::Half(h) => (1..=2).contains(&h),
            PeriodKind::Year | PeriodKind::NineMonths => true,
        };
        let period = Period { year, kind };
        if !valid_kind || !is_valid_year(year) {
            return Err(PeriodError(period.code()));
        }
        Ok(period)
    }

    pub fn calendar_year(self) -> i32 {
        self.year
    }

    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The first and last months covered.
    fn month_range(self) -> (u8, u8) {
        match self.kind {
            PeriodKind::Year => (1, 12),
            PeriodKind::Quarter(q) => (q * 3 - 2, q * 3),
            PeriodKind::Half(h) => (h * 6 - 5, h * 6),
            PeriodKind::NineMonths => (1, 9),
        }
    }

    pub fn start(self) -> Date {
        let (first, _) = self.month_range();
        date(self.year, first, 1)
    }

    pub fn end(self) -> Date {
        let (_, last) = self.month_range();
        let month = Month::try_from(last).unwrap_or(Month::December);
        date(self.year, last, month.length(self.year))
    }

    pub fn contains(self, day: Date) -> bool {
        self.start() <= day && day <= self.end()
    }

    /// The same period one year earlier: the comparison Vietnamese reports make
    /// ("so với cùng kỳ năm trước").
    pub fn year_earlier(self) -> Period {
        Period {
            year: self.year - 1,
            kind: self.kind,
        }
    }

    /// The period of the same kind just before this one: 2023-Q1 → 2022-Q4,
    /// 2023-H1 → 2022-H2, 2023 → 2022, 2023-9M → 2022-9M.
    pub fn preceding(self) -> Period {
        match self.kind {
            PeriodKind::Quarter(1) => Period {
                year: self.year - 1,
                kind: PeriodKind::Quarter(4),
            },
            PeriodKind::Quarter(q) => Period {
                year: self.year,
                kind: PeriodKind::Quarter(q - 1),
            },
            PeriodKind::Half(1) => Period {
                year: self.year - 1,
                kind: PeriodKind::Half(2),
            },
            PeriodKind::Half(_) => Period {
                year: self.year,
                kind: PeriodKind::Half(1),
            },
            PeriodKind::Year | PeriodKind::NineMonths => self.year_earlier(),
        }
    }

    /// A stable integer for storage and ordering: year × 100 + kind.
    pub fn key(self) -> i32 {
        let kind = match self.kind {
            PeriodKind::Year => 0,
            PeriodKind::Quarter(q) => i32::from(q),
            PeriodKind::Half(h) => 10 + i32::from(h),
            PeriodKind::NineMonths => 20,
        };
        self.year * 100 + kind
    }

    pub fn from_key(key: i32) -> Result<Period, PeriodError> {
        let year = key.div_euclid(100);
        let kind = match key.rem_euclid(100) {
            0 => PeriodKind::Year,
            q @ 1..=4 => PeriodKind::Quarter(q as u8),
            h @ 11..=12 => PeriodKind::Half((h - 10) as u8),
            20 => PeriodKind::NineMonths,
            _ => return Err(PeriodError(key.to_string())),
        };
        Period::new(year, kind)
    }

    /// The code users type: `2023`, `2023-Q3`, `2023-H1`, `2023-9M`.
    pub fn code(self) -> String {
        match self.kind {
            PeriodKind::Year => format!("{}", self.year),
            PeriodKind::Quarter(q) => format!("{}-Q{q}", self.year),
            PeriodKind::Half(h) => format!("{}-H{h}", self.year),
            PeriodKind::NineMonths => format!("{}-9M", self.year),
        }
    }

    /// The Vietnamese label: "năm 2023", "quý III năm 2023", "6 tháng đầu năm 2023".
    pub fn label_vi(self) -> String {
        match self.kind {
            PeriodKind::Year => format!("năm {}", self.year),
            PeriodKind::Quarter(q) => {
                let roman = ["I", "II", "III", "IV"][usize::from(q - 1)];
                format!("quý {roman} năm {}", self.year)
            }
            PeriodKind::Half(1) => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Half(_) => format!("6 tháng cuối năm {}", self.year),
            PeriodKind::NineMonths => format!("9 tháng năm {}", self.year),
        }
    }

    /// The time a report of this period plans for ("phương hướng nhiệm vụ
    /// năm 2024"): the next year after a year or a second half, the rest of
    /// the year after a first half or nine months, the next quarter.
    pub fn next_label_vi(self) -> String {
        match self.kind {
            PeriodKind::Year | PeriodKind::Half(2..) => format!("năm {}", self.year + 1),
            PeriodKind::Quarter(q) if q >= 4 => format!("quý I năm {}", self.year + 1),
            PeriodKind::Quarter(q) => {
                let roman = ["I", "II", "III", "IV"][usize::from(q.min(3))];
                format!("quý {roman} năm {}", self.year)
            }
            PeriodKind::Half(_) => format!("6 tháng cuối năm {}", self.year),
            PeriodKind::NineMonths => format!("3 tháng cuối năm {}", self.year),
        }
    }

    /// The year whose plan a report of this period sets out as its direction.
    pub fn next_plan_year(self) -> i32 {
        match self.kind {
            PeriodKind::Year | PeriodKind::Half(2..) => self.year + 1,
            PeriodKind::Quarter(q) if q >= 4 => self.year + 1,
            _ => self.year,
        }
    }
}

fn date(year: i32, month: u8, day: u8) -> Date {
    let month = Month::try_from(month).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || PeriodError(text.to_string());
        let s = text.trim();
        let (year_text, suffix) = match s.split_once('-') {
            Some((y, rest)) => (y, Some(rest.to_ascii_uppercase())),
            None => (s, None),
        };
        if year_text.len() != 4 || !year_text.chars().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year_text.parse().map_err(|_| err())?;
        let kind = match suffix.as_deref() {
            None => PeriodKind::Year,
            Some("9M") => PeriodKind::NineMonths,
            Some(rest) => {
                let (letter, number) = rest.split_at(1.min(rest.len()));
                let n: u8 = number.parse().map_err(|_| err())?;
                match letter {
                    "Q" => PeriodKind::Quarter(n),
                    "H" => PeriodKind::Half(n),
                    _ => return Err(err()),
                }
            }
        };
        Period::new(year, kind).map_err(|_| err())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn p(s: &str) -> Period {
        s.parse().expect(s)
    }

    #[test]
    fn a_report_plans_for_what_follows_its_period() {
        let next = |s: &str| (p(s).next_label_vi(), p(s).next_plan_year());
        assert_eq!(next("2023"), ("năm 2024".to_string(), 2024));
        assert_eq!(next("2024-Q1"), ("quý II năm 2024".to_string(), 2024));
        assert_eq!(next("2024-Q3"), ("quý IV năm 2024".to_string(), 2024));
        assert_eq!(next("2024-Q4"), ("quý I năm 2025".to_string(), 2025));
        assert_eq!(next("2024-H1"), ("6 tháng cuối năm 2024".to_string(), 2024));
        assert_eq!(next("2024-9M"), ("3 tháng cuối năm 2024".to_string(), 2024));
    }

    #[test]
    fn parses_every_kind() {
        assert_eq!(p("2023"), Period::year(2023));
        assert_eq!(p("2023-Q3").kind(), PeriodKind::Quarter(3));
        assert_eq!(p("2023-h1").kind(), PeriodKind::Half(1));
        assert_eq!(p("2023-9M").kind(), PeriodKind::NineMonths);
        for bad in [
            "23", "2023-Q5", "2023-H3", "2023-X1", "2023-", "abcd", "2023-Q", "",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn dates_cover_the_period() {
        assert_eq!(p("2023").start(), date!(2023 - 01 - 01));
        assert_eq!(p("2023").end(), date!(2023 - 12 - 31));
        assert_eq!(p("2024-Q1").end(), date!(2024 - 03 - 31));
        assert_eq!(p("2023-H2").start(), date!(2023 - 07 - 01));
        assert_eq!(p("2023-9M").end(), date!(2023 - 09 - 30));
        assert!(p("2025-H1").contains(date!(2025 - 06 - 30)));
        assert!(!p("2025-H1").contains(date!(2025 - 07 - 01)));
    }

    #[test]
    fn earlier_periods() {
        assert_eq!(p("2023-Q3").year_earlier(), p("2022-Q3"));
        assert_eq!(p("2023-Q1").preceding(), p("2022-Q4"));
        assert_eq!(p("2023-Q3").preceding(), p("2023-Q2"));
        assert_eq!(p("2023-H1").preceding(), p("2022-H2"));
        assert_eq!(p("2023").preceding(), p("2022"));
    }

    #[test]
    fn key_round_trips() {
        for s in ["2023", "2023-Q1", "2023-Q4", "2023-H1", "2023-H2", "2023-9M"] {
            assert_eq!(Period::from_key(p(s).key()), Ok(p(s)));
            assert_eq!(p(s).code(), s);
        }
    }

    #[test]
    fn vietnamese_labels() {
        assert_eq!(p("2023-Q3").label_vi(), "quý III năm 2023");
        assert_eq!(p("2023-H1").label_vi(), "6 tháng đầu năm 2023");
    }
}
