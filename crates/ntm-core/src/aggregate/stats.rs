//! Computing the figures of a district's or province's report from values.

use rustc_hash::FxHashMap;

use time::Date;

use crate::aggregate::changes::changes;
use crate::aggregate::figures::{
    AllCriteriaFigure, BracketFigure, CommuneFigure, CriterionFigure, DecisionGroup, RecognizedFigure,
    SetRef, Stats, StatsError, UnitRef, VillageFigures,
};
use crate::aggregate::findings;
use crate::aggregate::marks::Marks;
use crate::aggregate::quantities::quantities;
use crate::aggregate::subdivisions::subdivision_figures;
use crate::aggregate::summaries::{Judge, SummaryJob, SummarySource};
use crate::criteria::{CriteriaSet, ResolvedThreshold, ThresholdContext};
use crate::evaluation::{CriterionStatus, UnitSummary, summarize_with};
use crate::hierarchy::Hierarchy;
use crate::period::Period;
use crate::plan::Registration;
use crate::provenance::Provenance;
use crate::recognition::Recognition;
use crate::reported::ReportedFigure;
use crate::unit::{Flag, Unit, UnitId, UnitKind};
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
    /// Registrations of the year after the period's (planned from these
    /// figures), with their unit: one for a criterion already met is a finding.
    pub registrations: &'a [(UnitId, Registration)],
    /// The day whose hierarchy the figures use; `None`: the period's
    /// reference date. An earlier period is seen under today's units by
    /// passing today (with values derived for them).
    pub day: Option<Date>,
}

/// The threshold context of a unit in a period.
pub fn context_for(hierarchy: &Hierarchy, unit: &Unit, day: Date, year: i32) -> ThresholdContext {
    ThresholdContext {
        region: hierarchy.region_at(unit.id, day),
        flags: unit.flags_at(day),
        year,
    }
}

/// `sum / count` in hundredths, rounded half up; `None` for no count.
pub(crate) fn average_hundredths(sum: u32, count: u32) -> Option<i64> {
    (count > 0).then(|| (i64::from(sum) * 200 + i64::from(count)) / (i64::from(count) * 2))
}

/// An average in hundredths as a number and as text ("11,06").
pub(crate) fn average_figures(hundredths: Option<i64>) -> (Option<f64>, Option<String>) {
    (
        hundredths.map(|h| h as f64 / 100.0),
        hundredths.map(|h| crate::quantity::format_percent_hundredths(h, 2)),
    )
}

/// A count as Vietnamese reports write it: "04", but "0".
pub(crate) fn two(n: u32) -> String {
    crate::quantity::count_two(u64::from(n))
}

/// Summaries of every unit of `kind` under the root on `day`.
/// Below this many units, one thread summarises them all.
const PARALLEL_MIN: usize = 4_000;

/// Summaries of `units` under `set`, judged with `values` on `day` (flags) in
/// `year` (thresholds). Large lists are split across the cores.
pub(crate) fn summarise_units<'a>(
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

/// Computes every aggregate for the root unit and period. Figures over
/// communes count the communes with data only; a sum too large to hold is
/// an error naming the units.
pub fn compute_stats(input: StatsInput<'_>) -> Result<Stats, StatsError> {
    compute_stats_with(input, &Judge)
}

/// [`compute_stats`], with the units' summaries from `source` (which may
/// keep them between computations).
pub fn compute_stats_with(input: StatsInput<'_>, source: &dyn SummarySource) -> Result<Stats, StatsError> {
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
    let all = source.summaries(&SummaryJob {
        hierarchy: input.hierarchy,
        units: &commune_units,
        set,
        values: input.values,
        day,
        year,
    });
    let with_data: Vec<(&Unit, UnitSummary)> = all.iter().filter(|(_, s)| s.has_data).copied().collect();
    let n = with_data.len() as u32;
    // Counts, averages, brackets and changes read only the communes whose
    // values decide at least one criterion: the others are "chưa xác định".
    let judged: Vec<(&Unit, UnitSummary)> =
        with_data.iter().filter(|(_, s)| s.is_judged()).copied().collect();
    let criteria_met_total = judged.iter().try_fold(0u32, |sum, (u, s)| {
        sum.checked_add(s.met_count())
            .ok_or_else(|| StatsError::Overflow {
                what: "tổng số tiêu chí đạt".into(),
                root: input.root.full_name(),
                unit: u.full_name(),
                units: String::new(),
            })
    })?;
    let (average_criteria, average_criteria_text) =
        average_figures(average_hundredths(criteria_met_total, judged.len() as u32));
    let standard_threshold = set.standard_threshold();

    let per_criterion = set
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| criterion_figure(i, c, &judged, &with_data))
        .collect();

    let brackets = bracket_figures(set, &judged, true);
    let recognized_at = |u: &Unit| {
        input
            .recognitions
            .iter()
            .filter(|r| r.unit == u.id && r.in_force(day))
            .max_by_key(|r| r.decided_on)
    };
    // Groups are shown where the set judges by them, and wherever communes
    // have one (a set whose group thresholds are not entered yet).
    let by_group = set.uses_commune_groups() || all.iter().any(|(u, _)| u.commune_group_at(day).is_some());
    let per_commune: Vec<CommuneFigure> = all
        .iter()
        .map(|(u, s)| {
            let codes = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
                set.criteria
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| keep(*i))
                    .map(|(_, c)| c.code.clone())
                    .collect()
            };
            CommuneFigure {
                code: u.code.to_string(),
                name: u.name.clone(),
                has_data: s.has_data,
                judged: s.is_judged(),
                met: s.met_count(),
                met_criteria: codes(&|i| s.status(i) == CriterionStatus::Met),
                not_met_criteria: codes(&|i| s.status(i) == CriterionStatus::NotMet),
                no_data_criteria: codes(&|i| s.status(i) == CriterionStatus::NoData && !s.is_unjudged(i)),
                unjudged_criteria: codes(&|i| s.is_unjudged(i)),
                all_criteria_met: s.is_judged() && s.met_count() >= standard_threshold,
                recognized: recognized_at(u).map(Recognition::decision_label),
                recognized_short: recognized_at(u).map(Recognition::short_label),
                estimated_criteria: codes(&|i| s.estimated & (1 << i) != 0),
                derived_criteria: codes(&|i| s.derived & (1 << i) != 0),
                commune_group: by_group.then(|| {
                    u.commune_group_at(day)
                        .map_or_else(|| Flag::UNGROUPED.to_string(), |c| c.flag.name_vi().to_string())
                }),
            }
        })
        .collect();
    let mut all_criteria_met = AllCriteriaFigure {
        threshold: standard_threshold,
        count: 0,
        communes: Vec::new(),
        marks: Marks::default(),
    };
    let mut marks = Marks::default();
    for c in per_commune.iter().filter(|c| c.judged) {
        let (estimated, derived) = (!c.estimated_criteria.is_empty(), !c.derived_criteria.is_empty());
        marks.add_flags(&c.name, estimated, derived);
        if c.all_criteria_met {
            all_criteria_met.count += 1;
            all_criteria_met.communes.push(c.name.clone());
            all_criteria_met.marks.add_flags(&c.name, estimated, derived);
        }
    }
    let recognized = recognized_figure(&per_commune);
    let without_data: Vec<String> = per_commune
        .iter()
        .filter(|c| !c.has_data)
        .map(|c| c.name.clone())
        .collect();
    let unjudged: Vec<String> = per_commune
        .iter()
        .filter(|c| c.has_data && !c.judged)
        .map(|c| c.name.clone())
        .collect();
    let unjudged_text = unjudged_text(&unjudged, &with_data);
    let communes_partial = per_commune
        .iter()
        .filter(|c| c.has_data && !c.no_data_criteria.is_empty())
        .count() as u32;

    let (changes, before) = match input.previous {
        Some(prev) => {
            let (c, b) = changes(&input, &judged, prev, source);
            (Some(c), b)
        }
        None => (None, Default::default()),
    };
    let villages = input
        .village_set
        .map(|vs| village_figures(&input, vs, &village_units, (day, year), source));
    let quantities = quantities(set, input.root, with_data.iter().map(|(u, _)| *u), input.values)?;
    let total = all.len() as u32;
    let per_subdivision =
        subdivision_figures(input.hierarchy, input.root, day, set, &all, standard_threshold);

    let mut stats = Stats {
        unit: UnitRef::of(input.root),
        period: input.period,
        period_label: input.period.label_vi(),
        reference_date: format_date_vi(day),
        criteria_set: SetRef::of(set),
        communes: total,
        communes_with_data: n,
        communes_without_data: total - n,
        without_data,
        communes_judged: judged.len() as u32,
        unjudged,
        unjudged_text,
        communes_partial,
        coverage_text: format!("{}/{} xã có số liệu", two(n), two(total)),
        criteria_met_total,
        average_criteria,
        average_criteria_text,
        all_criteria_met,
        recognized,
        brackets,
        per_criterion,
        per_commune,
        per_subdivision,
        changes,
        villages,
        quantities,
        marks,
        findings: Vec::new(),
    };
    stats.findings = findings::findings(&input, &with_data, &stats, day);
    crate::aggregate::check_findings::entry_checks(&input, &with_data, &before, &mut stats.findings);
    Ok(stats)
}

/// Why some communes with data are "chưa xác định", in the words of the
/// headline; `None` when every commune with data is judged.
fn unjudged_text(unjudged: &[String], with_data: &[(&Unit, UnitSummary)]) -> Option<String> {
    if unjudged.is_empty() {
        return None;
    }
    let for_want_of_thresholds = with_data
        .iter()
        .filter(|(_, s)| !s.is_judged())
        .all(|(_, s)| s.unjudged != 0);
    let why = if for_want_of_thresholds {
        "bộ tiêu chí chưa có ngưỡng để đánh giá các chỉ tiêu có số liệu"
    } else {
        "số liệu chưa đủ hoặc chưa có ngưỡng để đánh giá tiêu chí nào"
    };
    Some(format!(
        "{:02} xã có số liệu nhưng chưa xác định được tiêu chí nào đạt hay chưa đạt ({why}); các xã này không tính vào bình quân, các nhóm và số xã đạt",
        unjudged.len()
    ))
}

/// One criterion over the judged communes; `with_data` (every commune with
/// data) gives those whose value here has no threshold.
fn criterion_figure(
    i: usize,
    c: &crate::criteria::Criterion,
    with_data: &[(&Unit, UnitSummary)],
    all_with_data: &[(&Unit, UnitSummary)],
) -> CriterionFigure {
    let by_status = |status: CriterionStatus| -> Vec<&Unit> {
        with_data
            .iter()
            .filter(|(_, s)| s.status(i) == status)
            .map(|(u, _)| *u)
            .collect()
    };
    let met = by_status(CriterionStatus::Met);
    let mut marks = Marks::default();
    for (u, s) in with_data {
        marks.add_flags(&u.name, s.estimated & (1 << i) != 0, s.derived & (1 << i) != 0);
    }
    CriterionFigure {
        criterion: c.code.clone(),
        name: c.name.clone(),
        met: met.len() as u32,
        total: with_data.len() as u32,
        communes: met.iter().map(|u| u.name.clone()).collect(),
        commune_codes: met.iter().map(|u| u.code.to_string()).collect(),
        not_met: by_status(CriterionStatus::NotMet)
            .iter()
            .map(|u| u.name.clone())
            .collect(),
        no_data: with_data
            .iter()
            .filter(|(_, s)| s.status(i) == CriterionStatus::NoData && !s.is_unjudged(i))
            .map(|(u, _)| u.name.clone())
            .collect(),
        unjudged: all_with_data
            .iter()
            .filter(|(_, s)| s.is_unjudged(i))
            .map(|(u, _)| u.name.clone())
            .collect(),
        marks,
    }
}

/// The communes holding a recognition decision in force, by decision.
fn recognized_figure(per_commune: &[CommuneFigure]) -> RecognizedFigure {
    let mut figure = RecognizedFigure {
        count: 0,
        communes: Vec::new(),
        decisions: Vec::new(),
        short_of_all_criteria: Vec::new(),
    };
    for c in per_commune {
        let Some(decision) = &c.recognized else {
            continue;
        };
        figure.count += 1;
        figure.communes.push(c.name.clone());
        match figure.decisions.iter_mut().find(|d| &d.decision == decision) {
            Some(d) => d.communes.push(c.name.clone()),
            None => figure.decisions.push(DecisionGroup {
                decision: decision.clone(),
                communes: vec![c.name.clone()],
            }),
        }
        if c.judged && !c.all_criteria_met {
            figure.short_of_all_criteria.push(c.name.clone());
        }
    }
    figure
}

/// Villages under the village set: brackets over those with data.
fn village_figures(
    input: &StatsInput<'_>,
    vs: &CriteriaSet,
    village_units: &[&Unit],
    (day, year): (Date, i32),
    source: &dyn SummarySource,
) -> VillageFigures {
    let villages = source.summaries(&SummaryJob {
        hierarchy: input.hierarchy,
        units: village_units,
        set: vs,
        values: input.values,
        day,
        year,
    });
    let with_data: Vec<(&Unit, UnitSummary)> = villages.iter().filter(|(_, s)| s.has_data).copied().collect();
    let judged: Vec<(&Unit, UnitSummary)> =
        with_data.iter().filter(|(_, s)| s.is_judged()).copied().collect();
    let count = |keep: &dyn Fn(&UnitSummary) -> bool| judged.iter().filter(|(_, s)| keep(s)).count() as u32;
    VillageFigures {
        criteria_set: SetRef::of(vs),
        total: villages.len() as u32,
        with_data: with_data.len() as u32,
        without_data: (villages.len() - with_data.len()) as u32,
        judged: judged.len() as u32,
        all_criteria_met: count(&|s| s.met_count() >= vs.standard_threshold()),
        brackets: bracket_figures(vs, &judged, false),
        estimated: count(&|s| s.estimated != 0),
        derived: count(&|s| s.estimated == 0 && s.derived != 0),
    }
}

/// Units per bracket; with `names`, also which (villages are counted only:
/// a province has thousands).
pub(crate) fn bracket_figures(
    set: &CriteriaSet,
    units: &[(&Unit, UnitSummary)],
    names: bool,
) -> Vec<BracketFigure> {
    set.brackets
        .iter()
        .map(|b| {
            let inside: Vec<&(&Unit, UnitSummary)> = units
                .iter()
                .filter(|(_, s)| (b.min..=b.max).contains(&s.met_count()))
                .collect();
            let mut marks = Marks::default();
            if names {
                for (u, s) in &inside {
                    marks.add_flags(&u.name, s.estimated != 0, s.derived != 0);
                }
            }
            BracketFigure {
                label: b.label.clone(),
                min: b.min,
                max: b.max,
                count: inside.len() as u32,
                communes: if names {
                    inside.iter().map(|(u, _)| u.name.clone()).collect()
                } else {
                    Vec::new()
                },
                marks,
            }
        })
        .collect()
}

/// The mark of a summary's criterion `i`, if any.
pub(crate) fn mark_of(s: &UnitSummary, i: usize) -> Option<Provenance> {
    if s.estimated & (1 << i) != 0 {
        Some(Provenance::Estimated)
    } else if s.derived & (1 << i) != 0 {
        Some(Provenance::Derived)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::average_hundredths;

    #[test]
    fn average_rounds_half_up() {
        assert_eq!(average_hundredths(177, 16), Some(1106));
        assert_eq!(average_hundredths(173, 13), Some(1331));
        assert_eq!(average_hundredths(1, 8), Some(13)); // 0,125 → 0,13
        assert_eq!(average_hundredths(0, 0), None, "no commune with data: no average");
    }
}
