//! What a new version of a criteria set would change: every unit judged under
//! the set in force and under the new one, from the same values, and the
//! criteria whose status differs. Offices read this before they publish: a
//! threshold typo shows as communes that change status.

use time::Date;

use crate::aggregate::context_for;
use crate::criteria::CriteriaSet;
use crate::evaluation::{CriterionStatus, UnitSummary, summarize_unit};
use crate::hierarchy::Hierarchy;
use crate::unit::{Unit, UnitId};
use crate::value::PeriodValues;

/// One criterion of one unit whose status would change.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CriterionShift {
    pub criterion: String,
    pub name: String,
    /// `None`: the criterion is not in that set.
    pub before: Option<CriterionStatus>,
    pub after: Option<CriterionStatus>,
}

/// A unit whose judgement would change.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnitShift {
    pub unit: UnitId,
    pub met_before: u32,
    pub met_after: u32,
    pub standard_before: bool,
    pub standard_after: bool,
    pub criteria: Vec<CriterionShift>,
}

/// What judging `units` under `after` instead of `before` changes, unit by
/// unit and criterion by criterion (criteria are matched by code). Units that
/// change nothing are left out.
pub fn compare_sets(
    hierarchy: &Hierarchy,
    units: &[&Unit],
    day: Date,
    year: i32,
    values: &PeriodValues,
    before: Option<&CriteriaSet>,
    after: &CriteriaSet,
) -> Vec<UnitShift> {
    units
        .iter()
        .filter_map(|u| {
            let ctx = context_for(hierarchy, u, day, year);
            let observations = values.unit(u.id);
            let old = before.map(|set| (set, summarize_unit(set, u.id, &ctx, observations)));
            let new = summarize_unit(after, u.id, &ctx, observations);
            shift(u.id, old.as_ref().map(|(s, sum)| (*s, sum)), (after, &new))
        })
        .collect()
}

fn shift(
    unit: UnitId,
    before: Option<(&CriteriaSet, &UnitSummary)>,
    after: (&CriteriaSet, &UnitSummary),
) -> Option<UnitShift> {
    let status_in = |side: Option<(&CriteriaSet, &UnitSummary)>, code: &str| {
        side.and_then(|(set, summary)| set.criterion_index(code).map(|i| summary.status(i)))
    };
    let mut codes: Vec<(&str, &str)> = after
        .0
        .criteria
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    if let Some((set, _)) = before {
        for c in &set.criteria {
            if !codes.iter().any(|(code, _)| *code == c.code) {
                codes.push((&c.code, &c.name));
            }
        }
    }
    let criteria: Vec<CriterionShift> = codes
        .into_iter()
        .filter_map(|(code, name)| {
            let (b, a) = (status_in(before, code), status_in(Some(after), code));
            (b != a).then(|| CriterionShift {
                criterion: code.to_string(),
                name: name.to_string(),
                before: b,
                after: a,
            })
        })
        .collect();
    let met_before = before.map_or(0, |(_, s)| s.met_count());
    let standard_before = before.is_some_and(|(set, s)| s.met_count() >= set.standard_threshold());
    let met_after = after.1.met_count();
    let standard_after = met_after >= after.0.standard_threshold();
    if criteria.is_empty() && standard_before == standard_after {
        return None;
    }
    Some(UnitShift {
        unit,
        met_before,
        met_after,
        standard_before,
        standard_after,
        criteria,
    })
}
