//! Judging a whole unit under a set: the detailed evaluation for pages and
//! explanations, and a compact summary for aggregates over many units. Both
//! come from the same per-indicator and per-criterion functions. Thresholds are
//! resolved once per context ([`CriteriaSet::resolve_thresholds`]), so that an
//! aggregate over thousands of units in a few contexts resolves them a few times.

use crate::criteria::{CriteriaSet, Indicator, ResolvedThreshold, ThresholdContext};
use crate::evaluation::criterion::{Basis, CriterionResult, CriterionStatus, combine, decided_mark};
use crate::evaluation::indicator::{IndicatorResult, IndicatorStatus, judge};
use crate::period::Period;
use crate::provenance::Provenance;
use crate::quantity::Quantity;
use crate::unit::UnitId;
use crate::value::{IndicatorValue, UnitObservations, ValueCursor};

impl CriteriaSet {
    /// The threshold of every indicator for one context, in set order
    /// (criteria in order, their indicators in order).
    pub fn resolve_thresholds(&self, ctx: &ThresholdContext) -> Vec<ResolvedThreshold<'_>> {
        self.indicators()
            .map(|(_, i)| i.threshold_for(self, ctx))
            .collect()
    }
}

/// Judges one indicator for a unit against an already resolved threshold.
fn judge_indicator<'a>(
    indicator: &'a Indicator,
    threshold: ResolvedThreshold<'a>,
    observations: Option<&UnitObservations>,
    cursor: Option<&mut ValueCursor<'_>>,
) -> IndicatorResult<'a> {
    let own = cursor.and_then(|c| c.get(indicator.key));
    let borrowed = match (own, indicator.fallback) {
        (None, Some(key)) => observations.and_then(|o| o.value(key)).map(|v| (key, v)),
        _ => None,
    };
    let value = own.or(borrowed.map(|(_, v)| v));
    let provenance = match (observations, own, borrowed) {
        (Some(o), Some(_), _) => o.value_provenance(indicator.key),
        (Some(o), None, Some((key, _))) => o.value_provenance(key),
        _ => Provenance::Entered,
    };
    let (status, gap) = match value {
        // A stored 0/0 of an optional indicator means it has no subject.
        Some(IndicatorValue::Ratio { total, .. }) if total == Quantity::ZERO && indicator.optional => {
            (IndicatorStatus::NotApplicable, None)
        }
        _ => judge(value, threshold.target()),
    };
    IndicatorResult {
        indicator,
        value,
        borrowed: borrowed.is_some(),
        provenance,
        threshold,
        status,
        gap,
    }
}

/// A unit judged under a set, with every criterion and indicator.
#[derive(Clone, Debug)]
pub struct UnitEvaluation<'a> {
    pub set: &'a CriteriaSet,
    pub unit: UnitId,
    pub period: Period,
    pub context: ThresholdContext,
    pub criteria: Vec<CriterionResult<'a>>,
}

impl UnitEvaluation<'_> {
    pub fn met_count(&self) -> u32 {
        self.criteria
            .iter()
            .filter(|c| c.status == CriterionStatus::Met)
            .count() as u32
    }

    pub fn no_data_count(&self) -> u32 {
        self.criteria
            .iter()
            .filter(|c| c.status == CriterionStatus::NoData)
            .count() as u32
    }

    pub fn standard_met(&self) -> bool {
        self.met_count() >= self.set.standard_threshold()
    }

    pub fn summary(&self) -> UnitSummary {
        let mut s = UnitSummary {
            unit: self.unit,
            ..UnitSummary::default()
        };
        for (i, c) in self.criteria.iter().enumerate() {
            let flags = JudgementFlags {
                unconfirmed: c.indicators.iter().any(is_unconfirmed_judgement),
                unjudged: c
                    .indicators
                    .iter()
                    .any(|r| r.status == IndicatorStatus::NoThreshold),
                mark: c.mark(),
            };
            s.has_data |= c.assessment.is_some() || c.indicators.iter().any(|r| r.value.is_some());
            s.record(i, c.status, c.is_conflict(), c.basis, flags);
        }
        s
    }
}

/// Evaluates a unit in detail.
pub fn evaluate_unit<'a>(
    set: &'a CriteriaSet,
    unit: UnitId,
    period: Period,
    context: ThresholdContext,
    observations: Option<&UnitObservations>,
) -> UnitEvaluation<'a> {
    let mut thresholds = set.resolve_thresholds(&context).into_iter();
    let mut cursor = observations.map(UnitObservations::cursor);
    let criteria = set
        .criteria
        .iter()
        .map(|criterion| {
            let indicators: Vec<IndicatorResult> = criterion
                .indicators
                .iter()
                .zip(thresholds.by_ref())
                .map(|(i, t)| judge_indicator(i, t, observations, cursor.as_mut()))
                .collect();
            let assessment = observations.and_then(|o| o.assessment(criterion.key));
            let assessment_provenance =
                observations.map_or(Provenance::Entered, |o| o.assessment_provenance(criterion.key));
            let (status, basis, derived) =
                combine(criterion, indicators.iter().map(|r| r.status), assessment);
            CriterionResult {
                criterion,
                status,
                basis,
                derived,
                assessment,
                assessment_provenance,
                indicators,
            }
        })
        .collect();
    UnitEvaluation {
        set,
        unit,
        period,
        context,
        criteria,
    }
}

/// The compact result of a unit, one bit per criterion (sets have at most 64).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitSummary {
    pub unit: UnitId,
    pub met: u64,
    pub not_met: u64,
    /// Criteria whose assessment contradicts their values.
    pub conflicts: u64,
    /// Criteria decided by the recorded assessment rather than by values.
    pub by_assessment: u64,
    /// Criteria judged against at least one threshold no source confirms.
    pub unconfirmed: u64,
    /// Criteria with a value that cannot be judged: its threshold is unknown.
    pub unjudged: u64,
    /// Criteria whose status rests on an estimated (filled-in) value or assessment.
    pub estimated: u64,
    /// Criteria whose status rests on a derived value or assessment (and no estimated one).
    pub derived: u64,
    /// At least one value or assessment the set reads (its own indicators and
    /// criteria, and values read through `values_from`).
    pub has_data: bool,
}

/// Notes about how a criterion's indicators were judged.
#[derive(Clone, Copy, Debug, Default)]
struct JudgementFlags {
    unconfirmed: bool,
    unjudged: bool,
    mark: Option<Provenance>,
}

impl UnitSummary {
    fn record(
        &mut self,
        index: usize,
        status: CriterionStatus,
        conflict: bool,
        basis: Basis,
        flags: JudgementFlags,
    ) {
        let bit = 1u64 << index;
        match status {
            CriterionStatus::Met => self.met |= bit,
            CriterionStatus::NotMet => self.not_met |= bit,
            CriterionStatus::NoData => {}
        }
        if conflict {
            self.conflicts |= bit;
        }
        if basis == Basis::Assessment {
            self.by_assessment |= bit;
        }
        if flags.unconfirmed && basis == Basis::Indicators {
            self.unconfirmed |= bit;
        }
        if flags.unjudged {
            self.unjudged |= bit;
        }
        match flags.mark {
            Some(Provenance::Estimated) => self.estimated |= bit,
            Some(_) => self.derived |= bit,
            None => {}
        }
    }

    /// Whether criterion `i`'s status rests on an estimated or derived input.
    pub fn is_marked(&self, criterion: usize) -> bool {
        (self.estimated | self.derived) & (1 << criterion) != 0
    }

    pub fn met_count(&self) -> u32 {
        self.met.count_ones()
    }

    /// Whether at least one criterion is decided (met or not met). A unit
    /// with values that decide nothing (every threshold it would be judged
    /// by is unknown, or its values are too few) is "chưa xác định": it has
    /// data, but no count or average may read it as zero criteria met.
    pub fn is_judged(&self) -> bool {
        self.met | self.not_met != 0
    }

    /// Criteria (indices) with a value but no threshold to judge it by, and
    /// no status from anything else.
    pub fn is_unjudged(&self, criterion: usize) -> bool {
        self.status(criterion) == CriterionStatus::NoData && self.unjudged & (1 << criterion) != 0
    }

    pub fn is_met(&self, criterion: usize) -> bool {
        self.met & (1 << criterion) != 0
    }

    pub fn status(&self, criterion: usize) -> CriterionStatus {
        let bit = 1u64 << criterion;
        if self.met & bit != 0 {
            CriterionStatus::Met
        } else if self.not_met & bit != 0 {
            CriterionStatus::NotMet
        } else {
            CriterionStatus::NoData
        }
    }

    /// Criteria (indices) with neither values nor an assessment that decide them.
    pub fn no_data(&self, criteria: usize) -> impl Iterator<Item = usize> + '_ {
        (0..criteria).filter(move |i| self.status(*i) == CriterionStatus::NoData)
    }
}

/// Summarizes a unit without keeping the per-indicator detail.
pub fn summarize_unit(
    set: &CriteriaSet,
    unit: UnitId,
    context: &ThresholdContext,
    observations: Option<&UnitObservations>,
) -> UnitSummary {
    summarize_with(set, unit, &set.resolve_thresholds(context), observations)
}

/// Summarizes a unit with thresholds already resolved for its context.
pub fn summarize_with(
    set: &CriteriaSet,
    unit: UnitId,
    thresholds: &[ResolvedThreshold<'_>],
    observations: Option<&UnitObservations>,
) -> UnitSummary {
    let mut summary = UnitSummary {
        unit,
        ..UnitSummary::default()
    };
    let Some(observations) = observations else {
        return summary;
    };
    let mut thresholds = thresholds.iter();
    let mut cursor = observations.cursor();
    for (i, criterion) in set.criteria.iter().enumerate() {
        let mut flags = JudgementFlags::default();
        // The strongest mark of the values read, and whether any was read.
        let mut value_mark: Option<Provenance> = None;
        let mut any_value = false;
        let statuses = criterion
            .indicators
            .iter()
            .zip(thresholds.by_ref())
            .map(|(ind, t)| {
                let r = judge_indicator(ind, *t, Some(observations), Some(&mut cursor));

                flags.unconfirmed |= is_unconfirmed_judgement(&r);
                flags.unjudged |= r.status == IndicatorStatus::NoThreshold;
                if r.value.is_some() {
                    any_value = true;
                    if r.provenance.is_marked() && value_mark != Some(Provenance::Estimated) {
                        value_mark = Some(r.provenance);
                    }
                }
                r.status
            });
        let assessment = observations.assessment(criterion.key);
        let (status, basis, derived) = combine(criterion, statuses, assessment);
        let conflict = matches!((derived, assessment), (Some(d), Some(a)) if d != a);
        flags.mark = decided_mark(
            basis,
            value_mark.into_iter(),
            observations.assessment_provenance(criterion.key),
        );
        summary.has_data |= any_value || assessment.is_some();
        summary.record(i, status, conflict, basis, flags);
    }
    summary
}

/// A value was judged (met or not) against a threshold no source confirms.
fn is_unconfirmed_judgement(r: &IndicatorResult) -> bool {
    matches!(r.status, IndicatorStatus::Met | IndicatorStatus::NotMet) && !r.threshold.confirmed()
}
