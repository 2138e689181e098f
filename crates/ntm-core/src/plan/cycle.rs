//! The reporting cycle: when each period's report is due, the life of a
//! submission (submitted → accepted or returned → approved), and the locks
//! that approval puts on a unit's period, with narrow, dated exceptions.

use time::{Date, Month};

use crate::agency::AgencyId;
use crate::period::{Period, PeriodKind};
use crate::unit::UnitId;

/// When reports of one kind of period are due: on `day` of the period's
/// last month shifted by `month_shift` months. The program's default is the
/// 15th of the last month ("gửi trước ngày 15 tháng cuối cùng trong quý").
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeadlineRule {
    /// `quarter`, `half`, `nine_months` or `year`.
    pub kind: String,
    pub day: u8,
    #[serde(default)]
    pub month_shift: i8,
}

/// The period kinds a deadline rule may name, as their keys.
pub const DEADLINE_KINDS: [&str; 4] = ["quarter", "half", "nine_months", "year"];

/// A deadline rule that cannot be kept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "hạn báo cáo \"{kind}\" ngày {day}: loại kỳ là quarter, half, nine_months hoặc year; ngày từ 1 đến 31"
)]
pub struct BadDeadlineRule {
    pub kind: String,
    pub day: u8,
}

impl DeadlineRule {
    /// A known kind of period and a day of a month (a day past the month's
    /// end is its last day).
    pub fn check(&self) -> Result<(), BadDeadlineRule> {
        if DEADLINE_KINDS.contains(&self.kind.as_str()) && (1..=31).contains(&self.day) {
            Ok(())
        } else {
            Err(BadDeadlineRule {
                kind: self.kind.clone(),
                day: self.day,
            })
        }
    }
}

pub fn kind_key(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Quarter(_) => "quarter",
        PeriodKind::Half(_) => "half",
        PeriodKind::NineMonths => "nine_months",
        PeriodKind::Year => "year",
    }
}

pub fn default_deadline_rules() -> Vec<DeadlineRule> {
    DEADLINE_KINDS
        .into_iter()
        .map(|kind| DeadlineRule {
            kind: kind.into(),
            day: 15,
            month_shift: 0,
        })
        .collect()
}

/// The day a period's reports are due under `rules` (the default rule for a
/// kind the rules do not name). Reports are on time when submitted before it.
pub fn deadline(period: Period, rules: &[DeadlineRule]) -> Date {
    let key = kind_key(period.kind());
    let rule = rules
        .iter()
        .find(|r| r.kind == key)
        .cloned()
        .unwrap_or(DeadlineRule {
            kind: key.into(),
            day: 15,
            month_shift: 0,
        });
    let end = period.end();
    let months = end.year() * 12 + i32::from(u8::from(end.month())) - 1 + i32::from(rule.month_shift);
    let (year, month) = (months.div_euclid(12), (months.rem_euclid(12) + 1) as u8);
    let month = Month::try_from(month).unwrap_or(Month::December);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, rule.day.clamp(1, last)).unwrap_or(end)
}

/// Where a submission is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionState {
    Submitted,
    /// Sent back by the reviewing agency, with a comment.
    Returned,
    Accepted,
    Approved,
}

impl SubmissionState {
    pub fn name_vi(self) -> &'static str {
        match self {
            SubmissionState::Submitted => "đã gửi, chờ xem xét",
            SubmissionState::Returned => "bị trả lại",
            SubmissionState::Accepted => "đã chấp nhận, chờ phê duyệt",
            SubmissionState::Approved => "đã phê duyệt",
        }
    }

    /// Sent and not sent back: there is nothing to send again.
    pub fn is_sent(self) -> bool {
        self != SubmissionState::Returned
    }

    /// Sent and waiting for its review (accept or return).
    pub fn awaits_review(self) -> bool {
        self == SubmissionState::Submitted
    }

    /// Sent, not yet approved, and not sent back: it may be approved now.
    pub fn awaits_approval(self) -> bool {
        matches!(self, SubmissionState::Submitted | SubmissionState::Accepted)
    }
}

/// A unit's report for a period (or an agency's, for what it owns there).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Submission {
    pub unit: UnitId,
    pub period: Period,
    #[serde(default)]
    pub agency: Option<AgencyId>,
    pub state: SubmissionState,
    /// The first time it was sent (for timeliness), and the last.
    pub first_submitted_on: Date,
    pub submitted_by: String,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// The reviewer's comment (required when returned).
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub approved_on: Option<Date>,
}

/// On time, or late by how many days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", content = "days", rename_all = "snake_case")]
pub enum Timeliness {
    OnTime,
    Late(i64),
    /// Not submitted; the deadline not passed yet.
    Pending,
    /// Not submitted and past the deadline by this many days.
    Overdue(i64),
}

impl Timeliness {
    pub fn text_vi(self) -> String {
        match self {
            Timeliness::OnTime => "đúng hạn".into(),
            Timeliness::Late(d) => format!("chậm {d} ngày"),
            Timeliness::Pending => "chưa gửi (chưa đến hạn)".into(),
            Timeliness::Overdue(d) => format!("quá hạn {d} ngày, chưa gửi"),
        }
    }
}

/// Timeliness of a report due on `due`, first sent on `submitted` (if ever), seen on `today`.
pub fn timeliness(due: Date, submitted: Option<Date>, today: Date) -> Timeliness {
    match submitted {
        Some(day) if day < due => Timeliness::OnTime,
        Some(day) => Timeliness::Late((day - due).whole_days() + 1),
        None if today < due => Timeliness::Pending,
        None => Timeliness::Overdue((today - due).whole_days() + 1),
    }
}

/// An approved unit's period: no value or assessment of it (or of its
/// villages) may change.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PeriodLock {
    pub unit: UnitId,
    pub period: Period,
    pub locked_by: String,
    /// RFC 3339.
    pub locked_at: String,
}

/// What a reopening opens.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "scope", content = "code", rename_all = "snake_case")]
pub enum LockScope {
    /// The whole unit-period.
    Unit,
    Criterion(String),
    Indicator(String),
}

impl LockScope {
    pub fn text_vi(&self) -> String {
        match self {
            LockScope::Unit => "toàn bộ số liệu".into(),
            LockScope::Criterion(c) => format!("tiêu chí {c}"),
            LockScope::Indicator(i) => format!("chỉ tiêu {i}"),
        }
    }
}

/// A narrow reopening of a locked period, until a date.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LockException {
    pub unit: UnitId,
    pub period: Period,
    pub scope: LockScope,
    pub reason: String,
    /// The last day it is open.
    pub until: Date,
    pub opened_by: String,
}

/// Whether a value (criterion, indicator) of a unit in a period is locked on
/// `today`. `units` are the unit and the units above it (a village's commune):
/// a lock on any of them applies; an exception on any of them opens.
pub fn is_locked(
    locks: &[PeriodLock],
    exceptions: &[LockException],
    units: &[UnitId],
    period: Period,
    criterion: &str,
    indicator: Option<&str>,
    today: Date,
) -> Option<PeriodLock> {
    let lock = locks
        .iter()
        .find(|l| l.period == period && units.contains(&l.unit))?;
    let open = exceptions.iter().any(|e| {
        e.period == period
            && units.contains(&e.unit)
            && today <= e.until
            && match &e.scope {
                LockScope::Unit => true,
                LockScope::Criterion(c) => c == criterion,
                LockScope::Indicator(i) => Some(i.as_str()) == indicator,
            }
    });
    (!open).then(|| lock.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn p(s: &str) -> Period {
        s.parse().expect("period")
    }

    #[test]
    fn a_report_moves_through_its_states_one_way() {
        use SubmissionState as S;
        let states = [S::Submitted, S::Returned, S::Accepted, S::Approved];
        let sent: Vec<_> = states.iter().map(|s| s.is_sent()).collect();
        assert_eq!(
            sent,
            [true, false, true, true],
            "only a returned report is sent again"
        );
        let review: Vec<_> = states.iter().map(|s| s.awaits_review()).collect();
        assert_eq!(review, [true, false, false, false]);
        let approve: Vec<_> = states.iter().map(|s| s.awaits_approval()).collect();
        assert_eq!(approve, [true, false, true, false]);
    }

    #[test]
    fn a_deadline_rule_names_a_known_period_kind_and_a_day_of_a_month() {
        let rule = |kind: &str, day| DeadlineRule {
            kind: kind.into(),
            day,
            month_shift: 1,
        };
        assert!(default_deadline_rules().iter().all(|r| r.check().is_ok()));
        assert_eq!(rule("half", 31).check(), Ok(()));
        let month = rule("month", 10).check().expect_err("no such kind");
        assert!(
            month.to_string().starts_with("hạn báo cáo \"month\" ngày 10:"),
            "{month}"
        );
        assert!(rule("year", 0).check().is_err());
        assert!(rule("year", 32).check().is_err());
    }

    #[test]
    fn deadlines_fall_on_the_15th_of_the_last_month_unless_configured() {
        let rules = default_deadline_rules();
        assert_eq!(deadline(p("2024-Q1"), &rules), date!(2024 - 03 - 15));
        assert_eq!(deadline(p("2024-Q4"), &rules), date!(2024 - 12 - 15));
        assert_eq!(deadline(p("2024-H1"), &rules), date!(2024 - 06 - 15));
        assert_eq!(deadline(p("2024-9M"), &rules), date!(2024 - 09 - 15));
        assert_eq!(deadline(p("2024"), &rules), date!(2024 - 12 - 15));
        // A province whose year reports are due on 10 January of the next year.
        let province = vec![DeadlineRule {
            kind: "year".into(),
            day: 10,
            month_shift: 1,
        }];
        assert_eq!(deadline(p("2024"), &province), date!(2025 - 01 - 10));
        assert_eq!(
            deadline(p("2024-Q2"), &province),
            date!(2024 - 06 - 15),
            "other kinds: default"
        );
        let end_of_month = vec![DeadlineRule {
            kind: "quarter".into(),
            day: 31,
            month_shift: -1,
        }];
        assert_eq!(
            deadline(p("2024-Q1"), &end_of_month),
            date!(2024 - 02 - 29),
            "clamped to the month"
        );
    }

    #[test]
    fn timeliness_counts_days() {
        let due = date!(2024 - 03 - 15);
        assert_eq!(
            timeliness(due, Some(date!(2024 - 03 - 14)), due),
            Timeliness::OnTime
        );
        assert_eq!(
            timeliness(due, Some(date!(2024 - 03 - 15)), due),
            Timeliness::Late(1)
        );
        assert_eq!(
            timeliness(due, Some(date!(2024 - 03 - 20)), due),
            Timeliness::Late(6)
        );
        assert_eq!(timeliness(due, None, date!(2024 - 03 - 01)), Timeliness::Pending);
        assert_eq!(
            timeliness(due, None, date!(2024 - 03 - 18)),
            Timeliness::Overdue(4)
        );
    }

    #[test]
    fn exceptions_open_only_what_they_name_until_their_date() {
        let (commune, village) = (UnitId(1), UnitId(2));
        let period = p("2024-Q1");
        let locks = vec![PeriodLock {
            unit: commune,
            period,
            locked_by: "VPĐP".into(),
            locked_at: "2024-03-20T00:00:00Z".into(),
        }];
        let exceptions = vec![LockException {
            unit: commune,
            period,
            scope: LockScope::Indicator("2.2".into()),
            reason: "sửa số km".into(),
            until: date!(2024 - 04 - 30),
            opened_by: "VPĐP".into(),
        }];
        let today = date!(2024 - 04 - 01);
        let locked = |units: &[UnitId], c: &str, i: Option<&str>, day| {
            is_locked(&locks, &exceptions, units, period, c, i, day)
        };
        assert!(locked(&[commune], "2", Some("2.1"), today).is_some());
        assert!(locked(&[commune], "2", Some("2.2"), today).is_none());
        assert!(
            locked(&[commune], "2", Some("2.2"), date!(2024 - 05 - 01)).is_some(),
            "expired"
        );
        assert!(
            locked(&[village, commune], "5", None, today).is_some(),
            "a village under a locked commune"
        );
        assert!(is_locked(&locks, &exceptions, &[commune], p("2024-Q2"), "2", None, today).is_none());
    }
}
