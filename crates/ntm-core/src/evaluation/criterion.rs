//! Combining indicator results into a criterion result, with the criterion-level
//! assessment the districts report.

use crate::criteria::{Criterion, CriterionRule};
use crate::evaluation::indicator::{IndicatorResult, IndicatorStatus};
use crate::provenance::Provenance;

/// Whether a criterion is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    Met,
    NotMet,
    /// Neither the values nor an assessment decide it.
    NoData,
}

impl CriterionStatus {
    pub fn name_vi(self) -> &'static str {
        match self {
            CriterionStatus::Met => "đạt",
            CriterionStatus::NotMet => "chưa đạt",
            CriterionStatus::NoData => super::NO_DATA,
        }
    }
}

/// What decided a criterion's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The indicator values decided it.
    Indicators,
    /// The values could not decide it; the recorded assessment did.
    Assessment,
    /// Nothing decided it.
    Nothing,
}

/// A criterion judged for one unit and period.
#[derive(Clone, Debug)]
pub struct CriterionResult<'a> {
    pub criterion: &'a Criterion,
    pub status: CriterionStatus,
    pub basis: Basis,
    /// What the values alone say, when they decide.
    pub derived: Option<bool>,
    /// The recorded assessment, if any.
    pub assessment: Option<bool>,
    /// Where the assessment came from (entered, when there is none).
    pub assessment_provenance: Provenance,
    pub indicators: Vec<IndicatorResult<'a>>,
}

impl CriterionResult<'_> {
    /// The assessment says one thing and the values another.
    pub fn is_conflict(&self) -> bool {
        matches!((self.derived, self.assessment), (Some(d), Some(a)) if d != a)
    }

    /// The strongest mark (estimated before derived) of what decided the
    /// status: the indicator values when they did, else the assessment.
    pub fn mark(&self) -> Option<Provenance> {
        let sources = self
            .indicators
            .iter()
            .filter(|r| r.value.is_some())
            .map(|r| r.provenance);
        decided_mark(self.basis, sources, self.assessment_provenance)
    }
}

/// The mark a criterion's status carries, given what decided it.
pub(crate) fn decided_mark(
    basis: Basis,
    values: impl Iterator<Item = Provenance>,
    assessment: Provenance,
) -> Option<Provenance> {
    match basis {
        Basis::Indicators => strongest_mark(values),
        Basis::Assessment => strongest_mark(std::iter::once(assessment)),
        Basis::Nothing => None,
    }
}

/// Estimated before derived; `None` when nothing is marked.
fn strongest_mark(sources: impl Iterator<Item = Provenance>) -> Option<Provenance> {
    sources
        .filter(|p| p.is_marked())
        .max_by_key(|p| u8::from(*p == Provenance::Estimated))
}

/// Decides a criterion from its indicators' statuses and its assessment.
///
/// Values decide when they can: under the default rule one unmet indicator
/// makes the criterion unmet, and all indicators met (with the set listing
/// every indicator) make it met. Otherwise the assessment decides; failing
/// that, the criterion has no data.
pub fn combine(
    criterion: &Criterion,
    statuses: impl Iterator<Item = IndicatorStatus>,
    assessment: Option<bool>,
) -> (CriterionStatus, Basis, Option<bool>) {
    let (mut satisfied, mut unmet, mut undecided, mut count) = (0u32, 0u32, 0u32, 0u32);
    for s in statuses {
        count += 1;
        match s {
            s if s.is_satisfied() => satisfied += 1,
            IndicatorStatus::NotMet => unmet += 1,
            _ => undecided += 1,
        }
    }
    let derived = if count == 0 {
        None
    } else {
        match criterion.rule {
            CriterionRule::AllIndicators => {
                if unmet > 0 {
                    Some(false)
                } else if undecided == 0 && criterion.indicators_complete {
                    Some(true)
                } else {
                    None
                }
            }
            CriterionRule::AtLeast(n) => {
                if satisfied >= n {
                    Some(true)
                } else if satisfied + undecided < n && criterion.indicators_complete {
                    Some(false)
                } else {
                    None
                }
            }
        }
    };
    let (status, basis) = match (derived, assessment) {
        (Some(d), _) => (
            if d {
                CriterionStatus::Met
            } else {
                CriterionStatus::NotMet
            },
            Basis::Indicators,
        ),
        (None, Some(a)) => (
            if a {
                CriterionStatus::Met
            } else {
                CriterionStatus::NotMet
            },
            Basis::Assessment,
        ),
        (None, None) => (CriterionStatus::NoData, Basis::Nothing),
    };
    (status, basis, derived)
}
