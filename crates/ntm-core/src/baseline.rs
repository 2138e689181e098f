//! A unit formed by a merge has no record of its own before it existed. Its
//! baseline comes from the units it succeeded: where an indicator adds up
//! (achieved/total, quantities that add), the new unit's value is the exact
//! sum of its predecessors' parts (130/150 + 45/50 → 175/200); where it cannot
//! (yes/no, levels, percentages without counts, criterion assessments), each
//! predecessor's value is shown side by side and an assessment decides.
//! Every value made here is derived, never entered, and says so.

use crate::criteria::{CriteriaSet, CriterionKey, Indicator, IndicatorKey, IndicatorKind};
use crate::hierarchy::Hierarchy;
use crate::period::Period;
use crate::unit::{Unit, UnitId};
use crate::value::{IndicatorValue, PeriodValues, Provenance, UnitObservations};

/// How a derived value was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// The exact sum of the predecessors' parts.
    Sum,
    /// The one predecessor's value, taken over whole.
    Carried,
    /// The values cannot be combined; they are shown side by side.
    SideBySide,
    /// A predecessor has no value (or was split): no sum can be made.
    Incomplete,
}

impl Derivation {
    pub fn name_vi(self) -> &'static str {
        match self {
            Derivation::Sum => "suy ra: cộng các xã cũ",
            Derivation::Carried => "suy ra: lấy từ xã cũ",
            Derivation::SideBySide => "không cộng được: cần đánh giá",
            Derivation::Incomplete => "thiếu số liệu của xã cũ: chưa suy ra được",
        }
    }
}

/// A predecessor as the baseline uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub unit: UnitId,
    /// The predecessor went wholly into this unit (not split between several).
    pub whole: bool,
}

/// One indicator of the baseline: each predecessor's value and the derived one.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorBaseline {
    pub key: IndicatorKey,
    pub code: String,
    /// In the order of [`Baseline::parts`].
    pub parts: Vec<Option<IndicatorValue>>,
    pub derived: Option<IndicatorValue>,
    pub how: Derivation,
}

/// One criterion's assessments, side by side (an assessment never adds up).
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionBaseline {
    pub key: CriterionKey,
    pub code: String,
    pub parts: Vec<Option<bool>>,
    /// Carried only from a single whole predecessor.
    pub derived: Option<bool>,
}

/// The baseline of a unit for a period, from its predecessors.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub unit: UnitId,
    pub period: Period,
    pub parts: Vec<Part>,
    pub indicators: Vec<IndicatorBaseline>,
    pub criteria: Vec<CriterionBaseline>,
    /// The derived values and carried assessments, as evaluation reads them.
    pub observations: UnitObservations,
}

impl Baseline {
    /// Whether anything was derived at all.
    pub fn is_empty(&self) -> bool {
        self.observations.is_empty()
    }
}

/// The predecessors of `unit` valid in `period`, each marked whole when it
/// became this unit alone.
pub fn parts_of(hierarchy: &Hierarchy, unit: &Unit, period: Period) -> Vec<Part> {
    hierarchy
        .predecessors(unit.id)
        .into_iter()
        .filter(|(u, _)| u.validity.overlaps(period))
        .map(|(u, _)| Part {
            unit: u.id,
            whole: hierarchy.successors(u.id).len() == 1,
        })
        .collect()
}

/// The baseline of `unit` in `period` under `set`, from the values of its
/// predecessors in the same period. `None` when the unit succeeded no unit
/// valid in the period.
pub fn baseline(
    hierarchy: &Hierarchy,
    unit: &Unit,
    period: Period,
    set: &CriteriaSet,
    values: &PeriodValues,
) -> Option<Baseline> {
    let parts = parts_of(hierarchy, unit, period);
    if parts.is_empty() {
        return None;
    }
    let observed: Vec<Option<&UnitObservations>> = parts.iter().map(|p| values.unit(p.unit)).collect();
    let mut observations = UnitObservations::default();
    let mut indicators = Vec::new();
    for (_, indicator) in set.indicators() {
        let read = |o: Option<&UnitObservations>| {
            o.and_then(|o| {
                o.value(indicator.key)
                    .or_else(|| indicator.fallback.and_then(|k| o.value(k)))
            })
        };
        let part_values: Vec<Option<IndicatorValue>> = observed.iter().map(|o| read(*o)).collect();
        if part_values.iter().all(Option::is_none) {
            continue;
        }
        let (derived, how) = combine(indicator, &parts, &part_values);
        if let Some(v) = derived {
            observations.set_value_from(indicator.key, v, Provenance::Derived);
        }
        indicators.push(IndicatorBaseline {
            key: indicator.key,
            code: indicator.code.clone(),
            parts: part_values,
            derived,
            how,
        });
    }
    let mut criteria = Vec::new();
    for criterion in &set.criteria {
        let part_values: Vec<Option<bool>> = observed
            .iter()
            .map(|o| o.and_then(|o| o.assessment(criterion.key)))
            .collect();
        if part_values.iter().all(Option::is_none) {
            continue;
        }
        let derived = match (parts.as_slice(), part_values.as_slice()) {
            ([p], [v]) if p.whole => *v,
            _ => None,
        };
        if let Some(met) = derived {
            observations.set_assessment_from(criterion.key, met, Provenance::Derived);
        }
        criteria.push(CriterionBaseline {
            key: criterion.key,
            code: criterion.code.clone(),
            parts: part_values,
            derived,
        });
    }
    Some(Baseline {
        unit: unit.id,
        period,
        parts,
        indicators,
        criteria,
        observations,
    })
}

/// Combines the predecessors' values of one indicator.
fn combine(
    indicator: &Indicator,
    parts: &[Part],
    values: &[Option<IndicatorValue>],
) -> (Option<IndicatorValue>, Derivation) {
    if let ([p], [v]) = (parts, values) {
        return if p.whole {
            (*v, Derivation::Carried)
        } else {
            (None, Derivation::Incomplete)
        };
    }
    let adds = match indicator.kind {
        IndicatorKind::Ratio => true,
        IndicatorKind::Number => indicator.additive,
        IndicatorKind::YesNo | IndicatorKind::Level => false,
    };
    if !adds {
        return (None, Derivation::SideBySide);
    }
    if parts.iter().any(|p| !p.whole) || values.iter().any(Option::is_none) {
        return (None, Derivation::Incomplete);
    }
    let mut sum: Option<IndicatorValue> = None;
    for v in values.iter().flatten() {
        let next = match (*v, sum) {
            (IndicatorValue::NotApplicable, s) => s,
            (IndicatorValue::Ratio { achieved, total }, None) => {
                Some(IndicatorValue::Ratio { achieved, total })
            }
            (
                IndicatorValue::Ratio { achieved, total },
                Some(IndicatorValue::Ratio {
                    achieved: a,
                    total: t,
                }),
            ) => match (a.checked_add(achieved), t.checked_add(total)) {
                (Some(achieved), Some(total)) => Some(IndicatorValue::Ratio { achieved, total }),
                _ => return (None, Derivation::Incomplete),
            },
            (IndicatorValue::Number(n), None) => Some(IndicatorValue::Number(n)),
            (IndicatorValue::Number(n), Some(IndicatorValue::Number(m))) => match m.checked_add(n) {
                Some(total) => Some(IndicatorValue::Number(total)),
                None => return (None, Derivation::Incomplete),
            },
            // A percentage without its counts, or parts of different kinds, do not add.
            _ => return (None, Derivation::SideBySide),
        };
        sum = next;
    }
    let all_not_applicable = values.iter().all(|v| *v == Some(IndicatorValue::NotApplicable));
    if all_not_applicable {
        return (Some(IndicatorValue::NotApplicable), Derivation::Sum);
    }
    (sum, Derivation::Sum)
}
