//! Judging one indicator value against its threshold.

use crate::criteria::{Indicator, ResolvedThreshold, Target};
use crate::provenance::Provenance;
use crate::quantity::{Quantity, SCALE};
use crate::value::IndicatorValue;

/// The outcome for one indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorStatus {
    Met,
    NotMet,
    /// Nothing reported.
    NoValue,
    /// A value exists, but the sources give no threshold to judge it by.
    NoThreshold,
    /// "Không áp dụng" for an optional indicator: counts as met.
    NotApplicable,
}

impl IndicatorStatus {
    pub fn name_vi(self) -> &'static str {
        match self {
            IndicatorStatus::Met => "đạt",
            IndicatorStatus::NotMet => "chưa đạt",
            IndicatorStatus::NoValue => super::NO_DATA,
            IndicatorStatus::NoThreshold => "chưa có ngưỡng để đánh giá",
            IndicatorStatus::NotApplicable => "không áp dụng",
        }
    }

    /// Whether the indicator counts towards its criterion.
    pub fn is_satisfied(self) -> bool {
        matches!(self, IndicatorStatus::Met | IndicatorStatus::NotApplicable)
    }
}

/// What is missing to reach the threshold, in the indicator's own terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// More of the measured quantity is needed ("còn thiếu 91,55 km").
    Shortfall(Quantity),
    /// Less of the measured quantity is allowed ("cần giảm 12 hộ").
    Excess(Quantity),
    /// Percentage points still missing (percent reported without counts).
    PercentPointsShort(Quantity),
    /// Percentage points above a ceiling.
    PercentPointsOver(Quantity),
    /// Levels still to climb.
    Levels(u8),
}

/// An indicator judged for one unit and period.
#[derive(Clone, Debug)]
pub struct IndicatorResult<'a> {
    pub indicator: &'a Indicator,
    pub value: Option<IndicatorValue>,
    /// True when the value came from another set's indicator (`values_from`).
    pub borrowed: bool,
    /// Where the value came from (entered, when there is none).
    pub provenance: Provenance,
    pub threshold: ResolvedThreshold<'a>,
    pub status: IndicatorStatus,
    pub gap: Option<Gap>,
}

/// `achieved / total × 100` compared with `percent`, exactly.
fn ratio_cmp(achieved: Quantity, total: Quantity, percent: Quantity) -> std::cmp::Ordering {
    let left = i128::from(achieved.raw()) * 100 * i128::from(SCALE);
    let right = i128::from(percent.raw()) * i128::from(total.raw());
    left.cmp(&right)
}

/// Judges a value against a target: the status and, when unmet, the gap.
pub fn judge(value: Option<IndicatorValue>, target: Target) -> (IndicatorStatus, Option<Gap>) {
    use IndicatorStatus::*;
    let Some(value) = value else {
        return (NoValue, None);
    };
    if value == IndicatorValue::NotApplicable {
        return (NotApplicable, None);
    }
    let diff = |a: Quantity, b: Quantity| a.checked_sub(b).unwrap_or(Quantity::ZERO);
    match (value, target) {
        (_, Target::Unknown) => (NoThreshold, None),
        (IndicatorValue::YesNo(true), Target::Yes) => (Met, None),
        (IndicatorValue::YesNo(false), Target::Yes) => (NotMet, None),
        // 0/0 is no ratio: never met (entry refuses it; an optional
        // indicator without a subject is "không áp dụng" instead).
        (IndicatorValue::Ratio { total, .. }, Target::AtLeast(_) | Target::AtMost(_))
            if total == Quantity::ZERO =>
        {
            (NoValue, None)
        }
        (IndicatorValue::Ratio { achieved, total }, Target::AtLeast(p)) => {
            if ratio_cmp(achieved, total, p).is_ge() {
                (Met, None)
            } else {
                let needed = Quantity::share_of_rounded_up(total, p);
                (NotMet, Some(Gap::Shortfall(diff(needed, achieved))))
            }
        }
        (IndicatorValue::Ratio { achieved, total }, Target::AtMost(p)) => {
            if ratio_cmp(achieved, total, p).is_le() {
                (Met, None)
            } else {
                // The largest achieved amount still within the ceiling.
                let mut allowed = Quantity::share_of_rounded_up(total, p);
                if ratio_cmp(allowed, total, p).is_gt() {
                    allowed = allowed
                        .checked_sub(Quantity::from_raw(1))
                        .unwrap_or(Quantity::ZERO);
                }
                (NotMet, Some(Gap::Excess(diff(achieved, allowed))))
            }
        }
        (IndicatorValue::Percent(v), Target::AtLeast(p)) => {
            if v >= p {
                (Met, None)
            } else {
                (NotMet, Some(Gap::PercentPointsShort(diff(p, v))))
            }
        }
        (IndicatorValue::Percent(v), Target::AtMost(p)) => {
            if v <= p {
                (Met, None)
            } else {
                (NotMet, Some(Gap::PercentPointsOver(diff(v, p))))
            }
        }
        (IndicatorValue::Number(v), Target::AtLeast(t)) => {
            if v >= t {
                (Met, None)
            } else {
                (NotMet, Some(Gap::Shortfall(diff(t, v))))
            }
        }
        (IndicatorValue::Number(v), Target::AtMost(t)) => {
            if v <= t {
                (Met, None)
            } else {
                (NotMet, Some(Gap::Excess(diff(v, t))))
            }
        }
        (IndicatorValue::Level(l), Target::LevelAtLeast(t)) => {
            if l >= t {
                (Met, None)
            } else {
                (NotMet, Some(Gap::Levels(t - l)))
            }
        }
        // A value of the wrong kind cannot be judged: stored values are checked
        // on entry, so this only happens when a set changes an indicator's kind.
        _ => (NoThreshold, None),
    }
}
