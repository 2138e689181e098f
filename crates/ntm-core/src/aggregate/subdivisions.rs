//! The figures of a province by district, or of the country by province:
//! the same evaluated communes as the unit's own figures, counted per direct
//! subdivision, so that a large unit is read a row per subdivision (with a
//! way down to each) rather than a matrix of thousands of communes.

use rustc_hash::FxHashMap;
use time::Date;

use crate::aggregate::figures::{SubdivisionFigure, UnitRef};
use crate::aggregate::stats::{average_figures, average_hundredths};
use crate::criteria::CriteriaSet;
use crate::evaluation::{CriterionStatus, UnitSummary};
use crate::hierarchy::Hierarchy;
use crate::unit::{Unit, UnitId};

/// One row per direct subdivision of `root` that is itself an aggregate
/// (a district, a province), in the hierarchy's order, with the communes of
/// `all` counted under it. Empty when the root's children are communes.
pub(crate) fn subdivision_figures(
    hierarchy: &Hierarchy,
    root: &Unit,
    day: Date,
    set: &CriteriaSet,
    all: &[(&Unit, UnitSummary)],
    standard_threshold: u32,
) -> Vec<SubdivisionFigure> {
    let children: Vec<&Unit> = hierarchy
        .children_at(root.id, day)
        .filter(|u| u.kind.is_aggregate())
        .collect();
    if children.is_empty() {
        return Vec::new();
    }
    let row_of: FxHashMap<UnitId, usize> = children.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut rows: Vec<Counts> = children.iter().map(|_| Counts::new(set.criteria.len())).collect();
    for (commune, summary) in all {
        let Some(row) = subdivision_of(hierarchy, commune.id, root.id, day).and_then(|id| row_of.get(&id))
        else {
            continue;
        };
        rows[*row].add(summary, set.criteria.len(), standard_threshold);
    }
    children
        .into_iter()
        .zip(rows)
        .map(|(unit, c)| {
            let (average_criteria, average_criteria_text) =
                average_figures(average_hundredths(c.criteria_met_total, c.judged));
            SubdivisionFigure {
                unit: UnitRef::of(unit),
                communes: c.communes,
                communes_with_data: c.with_data,
                communes_judged: c.judged,
                criteria_met_total: c.criteria_met_total,
                average_criteria,
                average_criteria_text,
                all_criteria_met: c.all_met,
                per_criterion_met: c.per_criterion,
                marked: c.marked,
            }
        })
        .collect()
}

/// The ancestor of `unit` right under `root` on `day`.
fn subdivision_of(hierarchy: &Hierarchy, unit: UnitId, root: UnitId, day: Date) -> Option<UnitId> {
    let mut current = unit;
    loop {
        let parent = hierarchy.parent_at(current, day)?;
        if parent.id == root {
            return Some(current);
        }
        current = parent.id;
    }
}

/// Running counts of one subdivision.
struct Counts {
    communes: u32,
    with_data: u32,
    judged: u32,
    criteria_met_total: u32,
    all_met: u32,
    per_criterion: Vec<u32>,
    marked: u32,
}

impl Counts {
    fn new(criteria: usize) -> Counts {
        Counts {
            communes: 0,
            with_data: 0,
            judged: 0,
            criteria_met_total: 0,
            all_met: 0,
            per_criterion: vec![0; criteria],
            marked: 0,
        }
    }

    /// Counts one commune the way the unit's own figures count it: only a
    /// commune with at least one criterion decided enters the counts.
    fn add(&mut self, s: &UnitSummary, criteria: usize, standard_threshold: u32) {
        self.communes += 1;
        self.with_data += u32::from(s.has_data);
        if !(s.has_data && s.is_judged()) {
            return;
        }
        self.judged += 1;
        // Part of the unit's own total, which is checked for overflow.
        self.criteria_met_total += s.met_count();
        self.all_met += u32::from(s.met_count() >= standard_threshold);
        self.marked += u32::from(s.estimated != 0 || s.derived != 0);
        for (i, n) in self.per_criterion.iter_mut().enumerate().take(criteria) {
            *n += u32::from(s.status(i) == CriterionStatus::Met);
        }
    }
}
