//! Gains and losses against the same period a year earlier, on the communes
//! with data in both periods, judged under the same set. A commune without
//! data in either period neither gains nor loses anything; nor does a
//! criterion without data in either.

use std::collections::HashMap;

use crate::aggregate::figures::{Changes, CriterionChange};
use crate::aggregate::marks::Marks;
use crate::aggregate::stats::{StatsInput, average_figures, average_hundredths, mark_of};
use crate::aggregate::summaries::{SummaryJob, SummarySource};
use crate::evaluation::{CriterionStatus, UnitSummary};
use crate::unit::{Unit, UnitId};
use crate::value::PeriodValues;

/// `now` holds the communes with data in the period. Reaching or losing
/// every criterion needs a criterion that went from not met to met (or back):
/// a criterion gone without data is neither. Also returns the earlier
/// summaries of the communes with data then (the entry checks read them
/// for criteria lost).
pub(crate) fn changes(
    input: &StatsInput<'_>,
    now: &[(&Unit, UnitSummary)],
    previous: &PeriodValues,
    source: &dyn SummarySource,
) -> (Changes, HashMap<UnitId, UnitSummary>) {
    let set = input.set;
    let before_period = previous.period;
    let year = before_period.calendar_year();
    let candidates: Vec<&Unit> = now
        .iter()
        .map(|(u, _)| *u)
        .filter(|u| previous.unit(u.id).is_some())
        .collect();
    let before: HashMap<UnitId, UnitSummary> = source
        .summaries(&SummaryJob {
            hierarchy: input.hierarchy,
            units: &candidates,
            set,
            values: previous,
            day: before_period.end(),
            year,
        })
        .into_iter()
        .filter(|(_, s)| s.is_judged())
        .map(|(u, s)| (u.id, s))
        .collect();
    let compared: Vec<(&Unit, UnitSummary, UnitSummary)> = now
        .iter()
        .filter(|(_, s)| s.is_judged())
        .filter_map(|(u, s)| before.get(&u.id).map(|b| (*u, *b, *s)))
        .collect();
    let per_criterion = set
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut marks = Marks::default();
            for (u, b, a) in &compared {
                for mark in [mark_of(b, i), mark_of(a, i)].into_iter().flatten() {
                    marks.add(&u.name, mark);
                }
            }
            CriterionChange {
                criterion: c.code.clone(),
                name: c.name.clone(),
                before: compared.iter().filter(|(_, b, _)| b.is_met(i)).count() as u32,
                after: compared.iter().filter(|(_, _, a)| a.is_met(i)).count() as u32,
                gained: changed(&compared, i, CriterionStatus::NotMet, CriterionStatus::Met)
                    .map(|u| u.name.clone())
                    .collect(),
                gained_codes: changed(&compared, i, CriterionStatus::NotMet, CriterionStatus::Met)
                    .map(|u| u.code.to_string())
                    .collect(),
                lost: changed(&compared, i, CriterionStatus::Met, CriterionStatus::NotMet)
                    .map(|u| u.name.clone())
                    .collect(),
                marks,
            }
        })
        .collect();
    let threshold = set.standard_threshold();
    let before_total: u32 = compared
        .iter()
        .map(|(_, b, _)| b.met_count())
        .fold(0u32, u32::saturating_add);
    let (average_before, average_before_text) =
        average_figures(average_hundredths(before_total, compared.len() as u32));
    let mut marks_before = Marks::default();
    for (u, b, _) in &compared {
        marks_before.add_flags(&u.name, b.estimated != 0, b.derived != 0);
    }
    let changes = Changes {
        compared_with: before_period,
        communes_compared: compared.len() as u32,
        per_criterion,
        all_criteria_gained: compared
            .iter()
            .filter(|(_, b, a)| {
                b.met_count() < threshold && a.met_count() >= threshold && b.not_met & a.met != 0
            })
            .map(|(u, _, _)| u.name.clone())
            .collect(),
        all_criteria_lost: compared
            .iter()
            .filter(|(_, b, a)| {
                b.met_count() >= threshold && a.met_count() < threshold && b.met & a.not_met != 0
            })
            .map(|(u, _, _)| u.name.clone())
            .collect(),
        average_before,
        average_before_text,
        marks_before,
    };
    (changes, before)
}

/// Communes whose criterion `i` went from `from` to `to`. A criterion without
/// data in either period is neither a gain nor a loss.
fn changed<'a>(
    compared: &'a [(&'a Unit, UnitSummary, UnitSummary)],
    i: usize,
    from: CriterionStatus,
    to: CriterionStatus,
) -> impl Iterator<Item = &'a Unit> + 'a {
    compared
        .iter()
        .filter(move |(_, b, a)| b.status(i) == from && a.status(i) == to)
        .map(|(u, _, _)| *u)
}
