//! The figures of a district's or province's report, computed from values.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use time::Date;

use crate::aggregate::findings::{self, Finding};
use crate::aggregate::quantities::{QuantityFigure, quantities};
use crate::criteria::{CriteriaSet, ResolvedThreshold, ThresholdContext};
use crate::evaluation::{CriterionStatus, UnitSummary, summarize_with};
use crate::hierarchy::Hierarchy;
use crate::period::Period;
use crate::recognition::Recognition;
use crate::reported::ReportedFigure;
use crate::unit::{Unit, UnitId, UnitKind};
use crate::validity::format_date_vi;
use crate::value::PeriodValues;

/// What aggregates are computed from.
#[derive(Debug, Clone, Copy)]
pub struct StatsInput<'a> {
    pub hierarchy: &'a Hierarchy,
    pub root: &'a Unit,
    pub period: Period,
    /// The commune set the figures are judged under.
    pub set: &'a CriteriaSet,
    pub values: &'a PeriodValues,
    /// Values of the same period a year earlier, for gains and losses.
    pub previous: Option<&'a PeriodValues>,
    /// The village set in force, if any.
    pub village_set: Option<&'a CriteriaSet>,
    pub recognitions: &'a [Recognition],
    pub reported: &'a [ReportedFigure],
    /// The day whose hierarchy the figures use; `None`: the period's
    /// reference date. An earlier period is seen under today's units by
    /// passing today (with values derived for them).
    pub day: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
    pub full_name: String,
    pub kind: UnitKind,
}

impl UnitRef {
    pub fn of(unit: &Unit) -> UnitRef {
        UnitRef {
            code: unit.code.to_string(),
            name: unit.name.clone(),
            full_name: unit.full_name(),
            kind: unit.kind,
        }
    }
}

/// The criteria set (and version) figures were computed under.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SetRef {
    pub code: String,
    pub version: u32,
    pub name: String,
    pub document: String,
    /// "Bộ tiêu chí …, phiên bản 2": what headings print.
    pub label: String,
}

impl SetRef {
    pub fn of(set: &CriteriaSet) -> SetRef {
        SetRef {
            code: set.code.clone(),
            version: set.version,
            name: set.name.clone(),
            document: set.document.clone(),
            label: format!("{}, {}", set.name, set.version_label_vi()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StandardFigure {
    /// Criteria needed for the standard.
    pub threshold: u32,
    pub count: u32,
    pub communes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BracketFigure {
    pub label: String,
    pub min: u32,
    pub max: u32,
    pub count: u32,
    pub communes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CriterionFigure {
    pub criterion: String,
    pub name: String,
    pub met: u32,
    pub total: u32,
    /// Names of the communes meeting it.
    pub communes: Vec<String>,
    pub commune_codes: Vec<String>,
    pub not_met: Vec<String>,
    pub no_data: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CommuneFigure {
    pub code: String,
    pub name: String,
    pub met: u32,
    pub met_criteria: Vec<String>,
    pub not_met_criteria: Vec<String>,
    pub no_data_criteria: Vec<String>,
    pub standard_met: bool,
    /// The recognition decision in force, if any: "Quyết định 935/QĐ-UBND ngày 28/08/2017".
    pub recognized: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CriterionChange {
    pub criterion: String,
    pub name: String,
    pub before: u32,
    pub after: u32,
    pub gained: Vec<String>,
    pub lost: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Changes {
    pub compared_with: Period,
    pub communes_compared: u32,
    pub per_criterion: Vec<CriterionChange>,
    pub standard_gained: Vec<String>,
    pub standard_lost: Vec<String>,
    pub average_before: f64,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct VillageFigures {
    pub criteria_set: SetRef,
    pub total: u32,
    pub with_data: u32,
    pub standard_met: u32,
    pub brackets: Vec<BracketFigure>,
}

/// Every figure of a report for one unit and period.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stats {
    pub unit: UnitRef,
    pub period: Period,
    pub period_label: String,
    /// The date whose hierarchy the figures use.
    pub reference_date: String,
    pub criteria_set: SetRef,
    /// Communes (xã) assessed; towns and wards are not.
    pub communes: u32,
    /// Sum over communes of criteria met (= sum of per-criterion counts).
    pub criteria_met_total: u32,
    /// Average criteria per commune, rounded half up to two decimals.
    pub average_criteria: f64,
    /// The same, written the Vietnamese way: "11,06".
    pub average_criteria_text: String,
    pub standard_met: StandardFigure,
    pub brackets: Vec<BracketFigure>,
    pub per_criterion: Vec<CriterionFigure>,
    pub per_commune: Vec<CommuneFigure>,
    pub changes: Option<Changes>,
    pub villages: Option<VillageFigures>,
    pub quantities: Vec<QuantityFigure>,
    pub findings: Vec<Finding>,
}

/// The threshold context of a unit in a period.
pub fn context_for(hierarchy: &Hierarchy, unit: &Unit, day: Date, year: i32) -> ThresholdContext {
    ThresholdContext {
        region: hierarchy.region_at(unit.id, day),
        flags: unit.flags_at(day),
        year,
    }
}

/// `sum / count` in hundredths, rounded half up.
fn average_hundredths(sum: u32, count: u32) -> i64 {
    if count == 0 {
        return 0;
    }
    (i64::from(sum) * 200 + i64::from(count)) / (i64::from(count) * 2)
}

/// Summaries of every unit of `kind` under the root on `day`.
/// Below this many units, one thread summarises them all.
const PARALLEL_MIN: usize = 4_000;

/// Summaries of `units` under `set`, judged with `values` on `day` (flags) in
/// `year` (thresholds). Large lists are split across the cores.
fn summarise_units<'a>(
    hierarchy: &Hierarchy,
    units: &[&'a Unit],
    set: &CriteriaSet,
    values: &PeriodValues,
    day: Date,
    year: i32,
) -> Vec<(&'a Unit, UnitSummary)> {
    let summarise = |part: &[&'a Unit]| -> Vec<(&'a Unit, UnitSummary)> {
        let mut thresholds = ThresholdCache::new(set);
        part.iter()
            .map(|u| {
                let ctx = context_for(hierarchy, u, day, year);
                (
                    *u,
                    summarize_with(set, u.id, thresholds.get(ctx), values.unit(u.id)),
                )
            })
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if units.len() < PARALLEL_MIN || threads < 2 {
        return summarise(units);
    }
    let chunk = units.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = units
            .chunks(chunk)
            .map(|part| scope.spawn(move || summarise(part)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

/// Thresholds resolved once per context: units share a handful of contexts
/// (region, flags, year).
struct ThresholdCache<'s> {
    set: &'s CriteriaSet,
    resolved: FxHashMap<ThresholdContext, Vec<ResolvedThreshold<'s>>>,
}

impl<'s> ThresholdCache<'s> {
    fn new(set: &'s CriteriaSet) -> Self {
        ThresholdCache {
            set,
            resolved: FxHashMap::default(),
        }
    }

    fn get(&mut self, ctx: ThresholdContext) -> &[ResolvedThreshold<'s>] {
        let set = self.set;
        self.resolved
            .entry(ctx)
            .or_insert_with(|| set.resolve_thresholds(&ctx))
    }
}

/// Computes every aggregate for the root unit and period.
pub fn compute_stats(input: StatsInput<'_>) -> Stats {
    let set = input.set;
    let day = input
        .day
        .unwrap_or_else(|| input.hierarchy.reference_date(input.root, input.period));
    let year = input.period.calendar_year();
    // One walk of the subtree for communes and (when a village set applies) villages.
    let kinds: &[UnitKind] = if input.village_set.is_some() {
        &[UnitKind::Commune, UnitKind::Village]
    } else {
        &[UnitKind::Commune]
    };
    let (commune_units, village_units): (Vec<&Unit>, Vec<&Unit>) = input
        .hierarchy
        .subtree_at(input.root.id, day, kinds)
        .into_iter()
        .partition(|u| u.kind == UnitKind::Commune);
    let communes = summarise_units(input.hierarchy, &commune_units, set, input.values, day, year);
    let n = communes.len() as u32;
    let criteria_met_total: u32 = communes.iter().map(|(_, s)| s.met_count()).sum();
    let hundredths = average_hundredths(criteria_met_total, n);
    let standard_threshold = set.standard_threshold();

    let per_criterion = set
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let by_status = |status: CriterionStatus| -> Vec<&Unit> {
                communes
                    .iter()
                    .filter(|(_, s)| s.status(i) == status)
                    .map(|(u, _)| *u)
                    .collect()
            };
            let met = by_status(CriterionStatus::Met);
            CriterionFigure {
                criterion: c.code.clone(),
                name: c.name.clone(),
                met: met.len() as u32,
                total: n,
                communes: met.iter().map(|u| u.name.clone()).collect(),
                commune_codes: met.iter().map(|u| u.code.to_string()).collect(),
                not_met: by_status(CriterionStatus::NotMet)
                    .iter()
                    .map(|u| u.name.clone())
                    .collect(),
                no_data: by_status(CriterionStatus::NoData)
                    .iter()
                    .map(|u| u.name.clone())
                    .collect(),
            }
        })
        .collect();

    let brackets = bracket_figures(set, &communes, true);
    let recognized_at = |u: &Unit| {
        input
            .recognitions
            .iter()
            .filter(|r| r.unit == u.id && r.in_force(day))
            .max_by_key(|r| r.decided_on)
    };
    let per_commune = communes
        .iter()
        .map(|(u, s)| {
            let codes = |status: CriterionStatus| -> Vec<String> {
                set.criteria
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| s.status(*i) == status)
                    .map(|(_, c)| c.code.clone())
                    .collect()
            };
            CommuneFigure {
                code: u.code.to_string(),
                name: u.name.clone(),
                met: s.met_count(),
                met_criteria: codes(CriterionStatus::Met),
                not_met_criteria: codes(CriterionStatus::NotMet),
                no_data_criteria: codes(CriterionStatus::NoData),
                standard_met: s.met_count() >= standard_threshold,
                recognized: recognized_at(u).map(Recognition::decision_label),
            }
        })
        .collect::<Vec<_>>();
    let standard_met = StandardFigure {
        threshold: standard_threshold,
        count: per_commune.iter().filter(|c| c.standard_met).count() as u32,
        communes: per_commune
            .iter()
            .filter(|c| c.standard_met)
            .map(|c| c.name.clone())
            .collect(),
    };

    let changes = input.previous.map(|prev| changes(&input, &communes, prev));
    let villages = input.village_set.map(|vs| {
        let villages = summarise_units(input.hierarchy, &village_units, vs, input.values, day, year);
        VillageFigures {
            criteria_set: SetRef::of(vs),
            total: villages.len() as u32,
            with_data: villages
                .iter()
                .filter(|(u, _)| input.values.unit(u.id).is_some())
                .count() as u32,
            standard_met: villages
                .iter()
                .filter(|(_, s)| s.met_count() >= vs.standard_threshold())
                .count() as u32,
            brackets: bracket_figures(vs, &villages, false),
        }
    });
    let quantities = quantities(set, input.root, communes.iter().map(|(u, _)| *u), input.values);

    let mut stats = Stats {
        unit: UnitRef::of(input.root),
        period: input.period,
        period_label: input.period.label_vi(),
        reference_date: format_date_vi(day),
        criteria_set: SetRef::of(set),
        communes: n,
        criteria_met_total,
        average_criteria: hundredths as f64 / 100.0,
        average_criteria_text: crate::quantity::format_percent_hundredths(hundredths, 2),
        standard_met,
        brackets,
        per_criterion,
        per_commune,
        changes,
        villages,
        quantities,
        findings: Vec::new(),
    };
    stats.findings = findings::findings(&input, &communes, &stats, day);
    stats
}

/// Units per bracket; with `names`, also which (villages are counted only:
/// a province has thousands).
fn bracket_figures(set: &CriteriaSet, units: &[(&Unit, UnitSummary)], names: bool) -> Vec<BracketFigure> {
    set.brackets
        .iter()
        .map(|b| {
            let inside = units
                .iter()
                .filter(|(_, s)| (b.min..=b.max).contains(&s.met_count()));
            let count = inside.clone().count() as u32;
            let communes = if names {
                inside.map(|(u, _)| u.name.clone()).collect()
            } else {
                Vec::new()
            };
            BracketFigure {
                label: b.label.clone(),
                min: b.min,
                max: b.max,
                count,
                communes,
            }
        })
        .collect()
}

/// Gains and losses against the same period a year earlier, on the communes
/// that exist in both, judged under the same set.
fn changes(input: &StatsInput<'_>, now: &[(&Unit, UnitSummary)], previous: &PeriodValues) -> Changes {
    let set = input.set;
    let before_period = previous.period;
    let year = before_period.calendar_year();
    let with_data: Vec<&Unit> = now
        .iter()
        .map(|(u, _)| *u)
        .filter(|u| previous.unit(u.id).is_some())
        .collect();
    let before: HashMap<UnitId, UnitSummary> = summarise_units(
        input.hierarchy,
        &with_data,
        set,
        previous,
        before_period.end(),
        year,
    )
    .into_iter()
    .map(|(u, s)| (u.id, s))
    .collect();
    let compared: Vec<(&Unit, UnitSummary, UnitSummary)> = now
        .iter()
        .filter_map(|(u, s)| before.get(&u.id).map(|b| (*u, *b, *s)))
        .collect();
    let per_criterion = set
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| CriterionChange {
            criterion: c.code.clone(),
            name: c.name.clone(),
            before: compared.iter().filter(|(_, b, _)| b.is_met(i)).count() as u32,
            after: compared.iter().filter(|(_, _, a)| a.is_met(i)).count() as u32,
            gained: names_changed(&compared, i, CriterionStatus::NotMet, CriterionStatus::Met),
            lost: names_changed(&compared, i, CriterionStatus::Met, CriterionStatus::NotMet),
        })
        .collect();
    let threshold = set.standard_threshold();
    let before_total: u32 = compared.iter().map(|(_, b, _)| b.met_count()).sum();
    Changes {
        compared_with: before_period,
        communes_compared: compared.len() as u32,
        per_criterion,
        standard_gained: compared
            .iter()
            .filter(|(_, b, a)| b.met_count() < threshold && a.met_count() >= threshold)
            .map(|(u, _, _)| u.name.clone())
            .collect(),
        standard_lost: compared
            .iter()
            .filter(|(_, b, a)| b.met_count() >= threshold && a.met_count() < threshold)
            .map(|(u, _, _)| u.name.clone())
            .collect(),
        average_before: average_hundredths(before_total, compared.len() as u32) as f64 / 100.0,
    }
}

/// Communes whose criterion `i` went from `from` to `to`. A criterion without
/// data in either period is neither a gain nor a loss.
fn names_changed(
    compared: &[(&Unit, UnitSummary, UnitSummary)],
    i: usize,
    from: CriterionStatus,
    to: CriterionStatus,
) -> Vec<String> {
    compared
        .iter()
        .filter(|(_, b, a)| b.status(i) == from && a.status(i) == to)
        .map(|(u, _, _)| u.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::average_hundredths;

    #[test]
    fn average_rounds_half_up() {
        assert_eq!(average_hundredths(177, 16), 1106);
        assert_eq!(average_hundredths(173, 13), 1331);
        assert_eq!(average_hundredths(1, 8), 13); // 0,125 → 0,13
        assert_eq!(average_hundredths(0, 0), 0);
    }
}
