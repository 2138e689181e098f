//! A new commune's baseline from the communes it was formed from, and an
//! earlier period's figures under today's units. Sums are exact and marked
//! derived; what cannot be added is shown side by side for an assessment.

use ntm_core::aggregate::{SetRef, Stats, StatsInput, UnitRef, compute_stats};
use ntm_core::baseline::{Baseline, Derivation, baseline};
use ntm_core::criteria::{CriteriaSet, SetLevel};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitCode, UnitId, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_core::value::PeriodValues;

use crate::accounts::access::{Actor, can_view};
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};
use crate::views::unit::RecognitionView;

/// One indicator of a baseline: each predecessor's value and the derived one.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BaselineIndicator {
    pub code: String,
    pub name: String,
    pub parts: Vec<String>,
    /// The derived value, in words ("175/200 hộ (87,50%)"); `None`: not derived.
    pub derived: Option<String>,
    /// "suy ra: cộng các xã cũ", "không cộng được: cần đánh giá".
    pub how: String,
    pub derivation: Derivation,
}

/// One criterion's assessments, side by side.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BaselineCriterion {
    pub code: String,
    pub name: String,
    pub parts: Vec<String>,
    pub derived: Option<String>,
    pub how: String,
}

/// A predecessor's recognition, shown on the new commune's page.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PredecessorRecognition {
    pub unit: UnitRef,
    pub recognition: RecognitionView,
}

/// A new commune seen through the communes it was formed from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BaselineView {
    pub period: Period,
    pub period_label: String,
    pub criteria_set: SetRef,
    pub parts: Vec<UnitRef>,
    pub indicators: Vec<BaselineIndicator>,
    pub criteria: Vec<BaselineCriterion>,
    /// Always true: nothing here was entered for the new commune.
    pub derived: bool,
}

fn view(b: &Baseline, hierarchy: &Hierarchy, set: &CriteriaSet) -> BaselineView {
    let met = |m: Option<bool>| match m {
        Some(true) => "đạt".to_string(),
        Some(false) => "chưa đạt".to_string(),
        None => "—".to_string(),
    };
    BaselineView {
        period: b.period,
        period_label: b.period.label_vi(),
        criteria_set: SetRef::of(set),
        parts: b
            .parts
            .iter()
            .filter_map(|p| hierarchy.unit(p.unit).map(UnitRef::of))
            .collect(),
        indicators: b
            .indicators
            .iter()
            .filter_map(|i| {
                let (_, indicator) = set.indicator(&i.code)?;
                Some(BaselineIndicator {
                    code: i.code.clone(),
                    name: indicator.name.clone(),
                    parts: i
                        .parts
                        .iter()
                        .map(|v| v.map_or_else(|| "—".to_string(), |v| v.display_vi(indicator)))
                        .collect(),
                    derived: i.derived.map(|v| v.display_vi(indicator)),
                    how: i.how.name_vi().to_string(),
                    derivation: i.how,
                })
            })
            .collect(),
        criteria: b
            .criteria
            .iter()
            .filter_map(|c| {
                let criterion = set.criterion(&c.code)?;
                Some(BaselineCriterion {
                    code: c.code.clone(),
                    name: criterion.name.clone(),
                    parts: c.parts.iter().map(|m| met(*m)).collect(),
                    derived: c.derived.map(|m| met(Some(m))),
                    how: if c.derived.is_some() {
                        Derivation::Carried.name_vi().to_string()
                    } else {
                        Derivation::SideBySide.name_vi().to_string()
                    },
                })
            })
            .collect(),
        derived: true,
    }
}

/// The set the predecessors' values of `period` were reported under.
fn set_of_parts<'c>(
    snapshot: &'c Snapshot,
    hierarchy: &Hierarchy,
    unit: &Unit,
    period: Period,
) -> Option<&'c CriteriaSet> {
    let part = hierarchy
        .predecessors(unit.id)
        .into_iter()
        .map(|(u, _)| u)
        .find(|u| u.validity.overlaps(period))?;
    snapshot.catalog.set_for_unit(hierarchy, part, period)
}

/// Today's units under `root` valid on `day`, each with the values derived
/// from its predecessors of `period` (or its own, if it existed then).
fn derived_values(
    hierarchy: &Hierarchy,
    units: &[&Unit],
    period: Period,
    set: &CriteriaSet,
    values: &PeriodValues,
) -> (PeriodValues, Vec<(UnitRef, Vec<UnitRef>)>) {
    let mut out = PeriodValues::new(period);
    let mut derived = Vec::new();
    for u in units {
        if u.validity.overlaps(period) {
            out.replace_unit(u.id, values.unit(u.id).cloned().unwrap_or_default());
            continue;
        }
        if let Some(b) = baseline(hierarchy, u, period, set, values) {
            let parts = b
                .parts
                .iter()
                .filter_map(|p| hierarchy.unit(p.unit).map(UnitRef::of))
                .collect();
            derived.push((UnitRef::of(u), parts));
            out.replace_unit(u.id, b.observations);
        }
    }
    (out, derived)
}

/// An earlier period's figures under today's units.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TodayStats {
    /// "Năm 2023, theo đơn vị hành chính ngày 01/12/2026".
    pub heading: String,
    pub as_of: String,
    pub stats: Stats,
    /// Each of today's units whose values were derived, with the units it
    /// was formed from.
    pub derived: Vec<(UnitRef, Vec<UnitRef>)>,
}

impl Program {
    /// The baseline of a commune formed by a merge: the latest period with
    /// data of the communes it was formed from. `None` for a unit that
    /// succeeded none.
    pub async fn baseline_view(&self, snapshot: &Snapshot, unit: &Unit) -> Result<Option<BaselineView>> {
        let hierarchy = &snapshot.hierarchy;
        if hierarchy.predecessors(unit.id).is_empty() {
            return Ok(None);
        }
        // The baseline reads the values of the units it was formed from only.
        let parts: Vec<UnitId> = hierarchy
            .predecessors(unit.id)
            .iter()
            .map(|(u, _)| u.id)
            .collect();
        for period in self.store().periods_with_data().await? {
            let Some(set) = set_of_parts(snapshot, hierarchy, unit, period) else {
                continue;
            };
            let values = self.unit_values(period, &parts).await?;
            if let Some(b) = baseline(hierarchy, unit, period, set, &values)
                && !(b.indicators.is_empty() && b.criteria.is_empty())
            {
                return Ok(Some(view(&b, hierarchy, set)));
            }
        }
        Ok(None)
    }

    /// The recognitions of the communes a new commune was formed from.
    pub fn predecessor_recognitions(&self, snapshot: &Snapshot, unit: &Unit) -> Vec<PredecessorRecognition> {
        let hierarchy = &snapshot.hierarchy;
        let mut out = Vec::new();
        for (p, _) in hierarchy.predecessors(unit.id) {
            let last = p.validity.to.unwrap_or(time::Date::MAX);
            for r in snapshot.recognitions.iter().filter(|r| r.unit == p.id) {
                out.push(PredecessorRecognition {
                    unit: UnitRef::of(p),
                    recognition: RecognitionView::of(r, last),
                });
            }
        }
        out
    }

    /// The figures of `period` under the units a code names today: a new
    /// commune's values are derived from the communes it was formed from.
    pub async fn stats_today(&self, actor: &Actor, code: &str, period: Period) -> Result<TodayStats> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let today = self.today();
        let code: UnitCode = code
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
        let root = hierarchy
            .units_with_code(&code)
            .find(|u| u.validity.contains(today))
            .ok_or_else(|| AppError::NotFound(format!("không có đơn vị nào mang mã {code} vào hôm nay")))?;
        if !can_view(actor, hierarchy, &snapshot.agencies, root, today) {
            return Err(AppError::Forbidden(format!(
                "bạn không được xem số liệu của {}",
                root.full_name()
            )));
        }
        let communes = hierarchy.subtree_at(root.id, today, &[UnitKind::Commune]);
        // The set the period's values were reported under (the old communes').
        let set = communes
            .iter()
            .find_map(|u| set_of_parts(&snapshot, hierarchy, u, period))
            .or_else(|| {
                let province = hierarchy.province_at(root.id, today).map(|p| &p.code);
                snapshot
                    .catalog
                    .set_in_force(SetLevel::Commune, province, period.end())
            })
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "không có bộ tiêu chí xã nào có hiệu lực trong kỳ {period}"
                ))
            })?;
        let values = self.period_values(period).await?;
        let (derived_values, derived) = derived_values(hierarchy, &communes, period, set, &values);
        let stats = compute_stats(StatsInput {
            hierarchy,
            root,
            period,
            set,
            values: &derived_values,
            previous: None,
            village_set: None,
            recognitions: &snapshot.recognitions,
            reported: &[],
            registrations: &[],
            day: Some(today),
        })
        .map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(TodayStats {
            heading: format!(
                "{}, theo đơn vị hành chính ngày {}",
                period.label_vi(),
                format_date_vi(today)
            ),
            as_of: format_date_vi(today),
            stats,
            derived,
        })
    }
}
