//! Everything a commune's (or village's) page shows for a period: its place
//! in the hierarchy, recognition, each criterion and indicator judged and
//! explained, how it stood in other periods, its villages and its evidence.

use ntm_core::aggregate::{SetRef, UnitRef};
use ntm_core::criteria::CriteriaSet;
use ntm_core::hierarchy::{Hierarchy, ResolveError};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_store::EvidenceMeta;

use crate::accounts::access::{Actor, can_view};
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};
use crate::views::evaluation::{Context, UnitResult};

/// A recognition decision as shown.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RecognitionView {
    pub tier: String,
    pub decision: String,
    pub decided_on: String,
    pub judged_under: Option<String>,
    pub in_force: bool,
    pub note: Option<String>,
}

impl RecognitionView {
    /// A decision as shown on `day` (in force then or not).
    pub fn of(r: &ntm_core::recognition::Recognition, day: time::Date) -> RecognitionView {
        RecognitionView {
            tier: r.tier.name_vi().to_string(),
            decision: r.decision.clone(),
            decided_on: format_date_vi(r.decided_on),
            judged_under: r.judged_under.clone(),
            in_force: r.in_force(day),
            note: r.note.clone(),
        }
    }
}

/// How the unit stood in one period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HistoryPoint {
    pub period: String,
    pub period_label: String,
    pub met: u32,
    pub criteria_total: u32,
    pub no_data: u32,
    /// Meets every criterion by its values (not a recognition).
    pub all_criteria_met: bool,
}

/// A village (or commune) under the unit, in short.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChildSummary {
    pub unit: UnitRef,
    pub met: u32,
    pub criteria_total: u32,
    /// Meets every criterion by its values (not a recognition).
    pub all_criteria_met: bool,
}

/// A unit's page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitDetail {
    pub period: Period,
    pub period_label: String,
    pub reference_date: String,
    pub unit: UnitRef,
    pub kind_name: String,
    /// "Xã Mường So, Huyện Phong Thổ, Tỉnh Lai Châu".
    pub path: String,
    /// The parent, when the actor may see it (the page links up to it).
    pub parent: Option<UnitRef>,
    pub recognitions: Vec<RecognitionView>,
    pub criteria_set: Option<SetRef>,
    pub evaluation: Option<UnitResult>,
    pub history: Vec<HistoryPoint>,
    pub villages: Vec<ChildSummary>,
    pub village_set: Option<SetRef>,
    pub evidence: Vec<EvidenceMeta>,
    /// The units this one was formed from, and those it became.
    pub predecessors: Vec<LinkedUnit>,
    pub successors: Vec<LinkedUnit>,
    /// The commune group (Decision 51/2025) on the reference date, when the
    /// set in force sets thresholds by group: "xã nhóm 3 (Quyết định …)", or
    /// "chưa xếp nhóm".
    pub commune_group: Option<String>,
    /// The recognitions of the communes this one was formed from.
    pub predecessor_recognitions: Vec<crate::units::baseline::PredecessorRecognition>,
    /// For a commune formed by a merge: its baseline from those communes.
    pub baseline: Option<crate::units::baseline::BaselineView>,
    /// The viewer may give the commune its group or another classification.
    pub may_classify: bool,
}

/// "xã nhóm 3 (từ 01/01/2026, Quyết định …)" or "chưa xếp nhóm".
pub fn group_text(unit: &Unit, day: time::Date) -> String {
    match unit.commune_group_at(day) {
        Some(c) => {
            let mut text = c.flag.name_vi().to_string();
            let mut detail = Vec::new();
            if let Some(from) = c.validity.from {
                detail.push(format!("từ {}", format_date_vi(from)));
            }
            detail.extend(c.source.clone());
            if !detail.is_empty() {
                text.push_str(&format!(" ({})", detail.join(", ")));
            }
            text
        }
        None => "chưa xếp nhóm".to_string(),
    }
}

/// A unit before or after a merge or split, with a period in which it existed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkedUnit {
    pub unit: UnitRef,
    /// A period to show it in: the last full year before the change, or the
    /// first year end after it.
    pub period: String,
    /// Whether the actor may open it (the page links it only then).
    pub visible: bool,
}

/// `unit` as a link from the page, open to `actor` or named only.
fn linked(actor: &Actor, snapshot: &Snapshot, unit: &Unit, day: time::Date, before: bool) -> LinkedUnit {
    let period = if before {
        Period::year(day.year() - 1)
    } else {
        let same_year = Period::year(day.year());
        if unit.validity.contains(same_year.end()) {
            same_year
        } else {
            Period::year(day.year() + 1)
        }
    };
    let visible = can_view(
        actor,
        &snapshot.hierarchy,
        &snapshot.agencies,
        unit,
        snapshot.hierarchy.reference_date(unit, period),
    );
    LinkedUnit {
        unit: UnitRef::of(unit),
        period: period.code(),
        visible,
    }
}

/// The unit a code names in a period, if the actor may see it.
pub(crate) fn visible_unit<'h>(
    program: &Program,
    actor: &Actor,
    snapshot: &'h Snapshot,
    code: &str,
    period: Period,
) -> Result<&'h Unit> {
    let hierarchy = &snapshot.hierarchy;
    // A unit the actor may not see answers exactly as a code no unit has:
    // the same status and words, so that a refusal tells nothing of what
    // exists (not even, for a code valid in another period, whose it is).
    let unknown = || AppError::Resolve(ResolveError::UnknownCode(code.trim().to_string()));
    let unit = match program.resolve(hierarchy, code, period) {
        Ok(unit) => unit,
        Err(AppError::Resolve(ResolveError::NotValidInPeriod { .. }))
            if !crate::accounts::access::can_administer(actor) =>
        {
            return Err(unknown());
        }
        Err(e) => return Err(e),
    };
    let day = hierarchy.reference_date(unit, period);
    if !can_view(actor, hierarchy, &snapshot.agencies, unit, day) {
        return Err(unknown());
    }
    Ok(unit)
}

impl Program {
    /// The unit a code names in a period, if the actor may see it; one the
    /// actor may not see answers as an unknown code does.
    pub fn visible_unit<'h>(
        &self,
        actor: &Actor,
        snapshot: &'h Snapshot,
        code: &str,
        period: Period,
    ) -> Result<&'h Unit> {
        visible_unit(self, actor, snapshot, code, period)
    }
}

fn recognitions(snapshot: &Snapshot, unit: &Unit, day: time::Date) -> Vec<RecognitionView> {
    let mut found: Vec<_> = snapshot
        .recognitions
        .iter()
        .filter(|r| r.unit == unit.id)
        .collect();
    found.sort_by_key(|r| r.decided_on);
    found.into_iter().map(|r| RecognitionView::of(r, day)).collect()
}

impl Program {
    /// A commune's, town's or village's page for a period.
    pub async fn unit_detail(&self, actor: &Actor, code: &str, period: Period) -> Result<UnitDetail> {
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, period)?;
        self.detail_of(actor, &snapshot, unit, period).await
    }

    /// The page of a unit already resolved and visible to `actor`.
    pub(crate) async fn detail_of(
        &self,
        actor: &Actor,
        snapshot: &Snapshot,
        unit: &Unit,
        period: Period,
    ) -> Result<UnitDetail> {
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(unit, period);
        let set = snapshot.catalog.set_for_unit(hierarchy, unit, period);
        let values = self.period_values(period).await?;
        let evaluation = set.map(|set| {
            Context {
                hierarchy,
                agencies: &snapshot.agencies,
                set,
            }
            .evaluate(unit, period, &values)
        });
        let history = self.history(snapshot, unit).await?;
        let village_set = (unit.kind != UnitKind::Village)
            .then(|| {
                let village = hierarchy
                    .children_at(unit.id, day)
                    .find(|u| u.kind == UnitKind::Village)?;
                snapshot.catalog.set_for_unit(hierarchy, village, period)
            })
            .flatten();
        let villages = match village_set {
            Some(vset) => village_summaries(hierarchy, snapshot, unit, period, vset, &values),
            None => Vec::new(),
        };
        let evidence = self.store().evidence_list(unit.id, period).await?;
        let by_group = set.is_some_and(|s| s.uses_commune_groups())
            || unit.classifications.iter().any(|c| c.flag.is_commune_group());
        let commune_group = (by_group && unit.kind == UnitKind::Commune).then(|| group_text(unit, day));
        // A commune formed by a merge shows where it started from.
        let baseline = self.baseline_view(snapshot, unit).await?;
        Ok(UnitDetail {
            period,
            period_label: period.label_vi(),
            reference_date: format_date_vi(day),
            unit: UnitRef::of(unit),
            kind_name: unit.kind.name_vi().to_string(),
            path: hierarchy.path_label(unit, day),
            // Only a parent the actor may see: a commune officer has no way up.
            parent: hierarchy
                .parent_at(unit.id, day)
                .filter(|p| can_view(actor, hierarchy, &snapshot.agencies, p, day))
                .map(UnitRef::of),
            recognitions: recognitions(snapshot, unit, day),
            criteria_set: set.map(SetRef::of),
            evaluation,
            history,
            villages,
            village_set: village_set.map(SetRef::of),
            evidence,
            predecessors: hierarchy
                .predecessors(unit.id)
                .into_iter()
                .map(|(u, s)| linked(actor, snapshot, u, s.date, true))
                .collect(),
            successors: hierarchy
                .successors(unit.id)
                .into_iter()
                .map(|(u, s)| linked(actor, snapshot, u, s.date, false))
                .collect(),
            commune_group,
            predecessor_recognitions: self.predecessor_recognitions(snapshot, unit),
            baseline,
            may_classify: unit.kind == UnitKind::Commune
                && crate::accounts::access::can_coordinate(actor, hierarchy, unit, day),
        })
    }

    /// The unit's standing in every period with data, oldest first, judged
    /// under the set each period's unit falls under.
    async fn history(&self, snapshot: &Snapshot, unit: &Unit) -> Result<Vec<HistoryPoint>> {
        let hierarchy = &snapshot.hierarchy;
        let mut periods = self.store().periods_with_data().await?;
        periods.retain(|p| unit.validity.overlaps(*p));
        periods.sort();
        let mut points = Vec::with_capacity(periods.len());
        for period in periods {
            let Some(set) = snapshot.catalog.set_for_unit(hierarchy, unit, period) else {
                continue;
            };
            let values = self.unit_values(period, &[unit.id]).await?;
            if values.unit(unit.id).is_none() {
                continue;
            }
            let result = Context {
                hierarchy,
                agencies: &snapshot.agencies,
                set,
            }
            .evaluate(unit, period, &values);
            // Values of another set only: no data under this one.
            if !result.has_data {
                continue;
            }
            let no_data = result
                .criteria
                .iter()
                .filter(|c| c.status == ntm_core::evaluation::CriterionStatus::NoData)
                .count() as u32;
            points.push(HistoryPoint {
                period: period.code(),
                period_label: period.label_vi(),
                met: result.met,
                criteria_total: result.criteria_total,
                no_data,
                all_criteria_met: result.all_criteria_met,
            });
        }
        Ok(points)
    }
}

fn village_summaries(
    hierarchy: &Hierarchy,
    snapshot: &Snapshot,
    unit: &Unit,
    period: Period,
    set: &CriteriaSet,
    values: &ntm_core::value::PeriodValues,
) -> Vec<ChildSummary> {
    let day = hierarchy.reference_date(unit, period);
    let ctx = Context {
        hierarchy,
        agencies: &snapshot.agencies,
        set,
    };
    hierarchy
        .children_at(unit.id, day)
        .filter(|u| u.kind == UnitKind::Village)
        .map(|v| {
            let r = ctx.evaluate(v, period, values);
            ChildSummary {
                unit: r.unit.clone(),
                met: r.met,
                criteria_total: r.criteria_total,
                all_criteria_met: r.all_criteria_met,
            }
        })
        .collect()
}
