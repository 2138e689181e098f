//! The evaluation of one unit, or of every commune under a district or
//! province, as a serialisable report: each criterion and indicator with its
//! value, threshold and why, gap, owner and explanation.

use ntm_core::agency::{OwnerQuery, owner_of};
use ntm_core::aggregate::{SetRef, UnitRef, context_for};
use ntm_core::criteria::{CriteriaSet, SetLevel};
use ntm_core::evaluation::{Basis, CriterionStatus, IndicatorStatus, UnitEvaluation, evaluate_unit};
use ntm_core::hierarchy::{Hierarchy, ResolveError};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitCode, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_core::value::PeriodValues;

use crate::accounts::access::{Actor, can_view};
use crate::error::{AppError, Result};
use crate::program::Program;

#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorResultView {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub unit: Option<String>,
    /// The value as read ("226,84/318,39 km (71,25%)"), if any.
    pub value: Option<String>,
    /// Where the value came from, when there is one.
    pub provenance: Option<ntm_core::value::Provenance>,
    pub status: IndicatorStatus,
    /// "≥ 95%", "đạt", "chưa rõ".
    pub threshold: String,
    pub threshold_reason: String,
    pub threshold_confirmed: bool,
    /// "còn thiếu 91,55 km".
    pub gap: Option<String>,
    pub owner: Option<String>,
    pub explanation: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CriterionResultView {
    pub code: String,
    pub name: String,
    pub status: CriterionStatus,
    pub basis: Basis,
    pub assessment: Option<bool>,
    /// Where the assessment came from, when there is one.
    pub assessment_provenance: Option<ntm_core::value::Provenance>,
    /// `estimated` or `derived` when the status rests on such a value or assessment.
    pub mark: Option<ntm_core::value::Provenance>,
    /// What the indicator values alone say, when they decide.
    pub derived: Option<bool>,
    pub conflict: bool,
    /// Not decided, and some value has no threshold to judge it by:
    /// "chưa xác định", not "chưa có số liệu".
    pub unjudged: bool,
    pub owner: Option<String>,
    pub explanation: String,
    pub indicators: Vec<IndicatorResultView>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitResult {
    pub unit: UnitRef,
    pub region: Option<String>,
    pub classifications: Vec<String>,
    pub met: u32,
    pub criteria_total: u32,
    /// At least one value or assessment under the set in the period.
    pub has_data: bool,
    /// At least one criterion decided; with data but nothing decided, the
    /// unit is "chưa xác định" (its count of criteria met is no figure).
    pub judged: bool,
    /// Meets every criterion the standard asks, by its values (not a recognition).
    pub all_criteria_met: bool,
    pub criteria: Vec<CriterionResultView>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EvaluationReport {
    pub period: Period,
    pub period_label: String,
    pub reference_date: String,
    /// The unit asked for.
    pub unit: UnitRef,
    /// "Xã Mường So, Huyện Phong Thổ, Tỉnh Lai Châu".
    pub path: String,
    pub criteria_set: SetRef,
    /// Explanations the reader needs (for example, predecessors shown instead).
    pub notes: Vec<String>,
    pub units: Vec<UnitResult>,
}

/// What turning an evaluation into its view needs.
pub(crate) struct Context<'a> {
    pub(crate) hierarchy: &'a Hierarchy,
    pub(crate) agencies: &'a ntm_store::AgencyData,
    pub(crate) set: &'a CriteriaSet,
}

impl Context<'_> {
    fn owner(
        &self,
        unit: &Unit,
        day: time::Date,
        criterion: &str,
        indicator: Option<&str>,
    ) -> Option<String> {
        let query = OwnerQuery {
            unit: unit.id,
            namespace: &self.set.namespace,
            criterion,
            indicator,
            day,
        };
        owner_of(
            self.hierarchy,
            &self.agencies.agencies,
            &self.agencies.ownerships,
            query,
        )
        .map(|(a, _)| a.name.clone())
    }

    /// Evaluates a unit in a period and gives its view.
    pub(crate) fn evaluate(&self, unit: &Unit, period: Period, values: &PeriodValues) -> UnitResult {
        let day = self.hierarchy.reference_date(unit, period);
        let context = context_for(self.hierarchy, unit, day, period.calendar_year());
        let eval = evaluate_unit(self.set, unit.id, period, context, values.unit(unit.id));
        self.view(unit, day, &eval)
    }

    pub(crate) fn view(&self, unit: &Unit, day: time::Date, eval: &UnitEvaluation<'_>) -> UnitResult {
        let summary = eval.summary();
        let criteria = eval
            .criteria
            .iter()
            .map(|c| {
                let criterion_owner = self
                    .owner(unit, day, &c.criterion.code, None)
                    .or_else(|| c.criterion.owner.clone());
                CriterionResultView {
                    code: c.criterion.code.clone(),
                    name: c.criterion.name.clone(),
                    status: c.status,
                    basis: c.basis,
                    assessment: c.assessment,
                    assessment_provenance: c.assessment.map(|_| c.assessment_provenance),
                    mark: c.mark(),
                    derived: c.derived,
                    conflict: c.is_conflict(),
                    unjudged: c.status == CriterionStatus::NoData
                        && c.indicators
                            .iter()
                            .any(|r| r.status == IndicatorStatus::NoThreshold),
                    owner: criterion_owner.clone(),
                    explanation: c.explain(),
                    indicators: c
                        .indicators
                        .iter()
                        .map(|r| IndicatorResultView {
                            code: r.indicator.code.clone(),
                            name: r.indicator.name.clone(),
                            kind: r.indicator.kind.key(),
                            unit: r.indicator.unit.clone(),
                            value: r.value.map(|_| r.value_text()),
                            provenance: r.value.map(|_| r.provenance),
                            status: r.status,
                            threshold: r.threshold_text(),
                            threshold_reason: r.threshold.reason_vi(),
                            threshold_confirmed: r.threshold.confirmed(),
                            gap: r.gap_text(),
                            owner: self
                                .owner(unit, day, &c.criterion.code, Some(&r.indicator.code))
                                .or_else(|| r.indicator.owner.clone())
                                .or_else(|| criterion_owner.clone()),
                            explanation: r.explain(),
                        })
                        .collect(),
                }
            })
            .collect();
        UnitResult {
            unit: UnitRef::of(unit),
            region: eval.context.region.map(|r| r.name_vi().to_string()),
            classifications: unit
                .flags_at(day)
                .iter()
                .map(|f| f.name_vi().to_string())
                .collect(),
            met: eval.met_count(),
            criteria_total: self.set.criteria.len() as u32,
            has_data: summary.has_data,
            judged: summary.is_judged(),
            all_criteria_met: summary.is_judged() && eval.standard_met(),
            criteria,
        }
    }
}

/// Which unit a code means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CodeMeaning {
    /// The unit carrying the code in the period (codes are reused after 2025).
    #[default]
    InPeriod,
    /// Today's unit with the code; for an earlier period, the units it succeeded
    /// ("what did today's commune look like in 2023?").
    Today,
}

/// A later unit seen through its predecessors valid in the period.
fn through_predecessors<'h>(
    hierarchy: &'h Hierarchy,
    later: &'h Unit,
    period: Period,
) -> Option<(&'h Unit, Vec<&'h Unit>, Vec<String>)> {
    let before: Vec<&Unit> = hierarchy
        .predecessors(later.id)
        .into_iter()
        .map(|(u, _)| u)
        .filter(|u| u.validity.overlaps(period))
        .collect();
    if before.is_empty() {
        return None;
    }
    let names: Vec<String> = before.iter().map(|u| u.full_name()).collect();
    let note = format!(
        "{} chưa tồn tại trong kỳ {period}; hiển thị các đơn vị trước đó đã hợp thành: {}",
        later.full_name(),
        names.join(", ")
    );
    Some((later, before, vec![note]))
}

/// The units a code stands for in a period: the unit itself, or (for a unit
/// created later) the units it succeeded, with a note saying so.
fn targets<'h>(
    hierarchy: &'h Hierarchy,
    code: &str,
    period: Period,
    meaning: CodeMeaning,
) -> Result<(&'h Unit, Vec<&'h Unit>, Vec<String>)> {
    let code: UnitCode = code
        .parse()
        .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
    if meaning == CodeMeaning::Today {
        let today = hierarchy
            .units_with_code(&code)
            .max_by_key(|u| (u.validity.to.is_none(), u.validity.to))
            .ok_or_else(|| ResolveError::UnknownCode(code.to_string()))?;
        if today.validity.overlaps(period) {
            return Ok((today, vec![today], Vec::new()));
        }
        return through_predecessors(hierarchy, today, period).ok_or_else(|| {
            AppError::NotFound(format!(
                "{} không có đơn vị tiền thân nào trong kỳ {period}",
                today.full_name()
            ))
        });
    }
    match hierarchy.resolve(&code, period) {
        Ok(unit) => Ok((unit, vec![unit], Vec::new())),
        Err(err @ ResolveError::NotValidInPeriod { .. }) => hierarchy
            .units_with_code(&code)
            .find_map(|later| through_predecessors(hierarchy, later, period))
            .ok_or_else(|| err.into()),
        Err(err) => Err(err.into()),
    }
}

impl Program {
    /// Evaluates a commune or village in detail, or every commune under a
    /// district or province.
    pub async fn evaluate(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        set: Option<&str>,
        meaning: CodeMeaning,
    ) -> Result<EvaluationReport> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let (asked, units, notes) = targets(hierarchy, code, period, meaning)?;
        for u in &units {
            if !can_view(
                actor,
                hierarchy,
                &snapshot.agencies,
                u,
                hierarchy.reference_date(u, period),
            ) {
                // Answered as an unknown code: a refusal tells nothing of what exists.
                return Err(AppError::Resolve(ntm_core::hierarchy::ResolveError::UnknownCode(
                    code.trim().to_string(),
                )));
            }
        }
        let first = units.first().copied().unwrap_or(asked);
        let day = hierarchy.reference_date(first, period);
        let set = if first.kind == UnitKind::Village && set.is_none() {
            snapshot
                .set_in_force_for(SetLevel::Village, first, day)
                .ok_or_else(|| {
                    AppError::NotFound(format!(
                        "không có bộ tiêu chí thôn, bản nào áp dụng cho {}",
                        first.full_name()
                    ))
                })?
        } else {
            self.commune_set(&snapshot, first, period, set)?
        };
        let judged: Vec<&Unit> = units
            .iter()
            .flat_map(|u| {
                let day = hierarchy.reference_date(u, period);
                hierarchy.subtree_at(u.id, day, &[set.level.unit_kind()])
            })
            .collect();
        let values = self.period_values(period).await?;
        let ctx = Context {
            hierarchy,
            agencies: &snapshot.agencies,
            set,
        };
        let results = judged.iter().map(|u| ctx.evaluate(u, period, &values)).collect();
        Ok(EvaluationReport {
            period,
            period_label: period.label_vi(),
            reference_date: format_date_vi(day),
            unit: UnitRef::of(asked),
            // Seen through its predecessors, the heading names the unit asked
            // for as it is now, not the first of them.
            path: if units.iter().any(|u| u.id == asked.id) {
                hierarchy.path_label(first, day)
            } else {
                let now = asked.validity.to.unwrap_or(self.today());
                format!(
                    "{} (đơn vị hiện nay; số liệu của các đơn vị trước sắp xếp)",
                    hierarchy.path_label(asked, now)
                )
            },
            criteria_set: SetRef::of(set),
            notes,
            units: results,
        })
    }
}
