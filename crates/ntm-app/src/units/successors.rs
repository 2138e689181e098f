//! What became of a unit asked for in a period after it ended: a district
//! abolished on 1/7/2025, a commune merged into a new one. The answer names
//! the unit, the day it ended, the province it belonged to and the units
//! that took its area, so that a bookmark or an old report's code leads
//! somewhere instead of to "not found".

use ntm_core::aggregate::UnitRef;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitCode, UnitKind};
use ntm_core::validity::format_date_vi;
use time::Date;

use crate::accounts::access::{Actor, can_view};
use crate::error::{AppError, Result};
use crate::program::Program;

/// A unit that no longer existed in the period asked for.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EndedUnit {
    pub unit: UnitRef,
    /// "huyện", "xã".
    pub kind_name: String,
    /// The last day it existed: "30/06/2025".
    pub last_day: String,
    pub period: Period,
    pub period_label: String,
    /// The province it belonged to, if that still exists in the period.
    pub province: Option<UnitRef>,
    /// The units that took its area (for a district: the new communes formed
    /// from its communes), valid in the period.
    pub successors: Vec<UnitRef>,
    /// The last period in which it existed, to see its own figures.
    pub last_period: Period,
    /// The codes, among the province and the successors, of the units the
    /// user may open (the others are named without a link).
    pub may_open: Vec<String>,
    /// A sentence that says what happened.
    pub summary: String,
}

/// The units `unit` became, through its own successions or (for a district
/// or province) those of the units under it on its last day.
fn successors<'h>(hierarchy: &'h Hierarchy, unit: &Unit, last: Date) -> Vec<&'h Unit> {
    let mut own: Vec<&Unit> = hierarchy
        .successors(unit.id)
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    if own.is_empty() && unit.kind.is_aggregate() {
        for child in hierarchy.descendants_at(
            unit.id,
            last,
            &[UnitKind::Commune, UnitKind::Ward, UnitKind::Town],
        ) {
            own.extend(hierarchy.successors(child.id).into_iter().map(|(u, _)| u));
        }
    }
    own.sort_by(|a, b| a.code.cmp(&b.code));
    own.dedup_by_key(|u| u.id);
    own
}

/// The last version of the unit a code names that ended before `period`.
fn ended_before<'h>(hierarchy: &'h Hierarchy, code: &UnitCode, period: Period) -> Option<&'h Unit> {
    hierarchy
        .units_with_code(code)
        .filter(|u| u.validity.to.is_some_and(|t| t < period.start()))
        .max_by_key(|u| u.validity.to)
}

/// The province the unit belonged to on its last day, or the province that
/// succeeded it, as it is in `period`.
fn province_in<'h>(hierarchy: &'h Hierarchy, unit: &Unit, last: Date, period: Period) -> Option<&'h Unit> {
    let province = hierarchy
        .ancestors_at(unit.id, last)
        .into_iter()
        .find(|u| u.kind == UnitKind::Province)?;
    if province.validity.overlaps(period) {
        Some(province)
    } else {
        hierarchy
            .successors(province.id)
            .into_iter()
            .map(|(u, _)| u)
            .find(|u| u.validity.overlaps(period))
    }
}

/// What happened to the unit: a district ended with the district level, a
/// unit merged into others, or one that simply ended.
fn summary(unit: &Unit, last: Date, successors: &[&Unit]) -> String {
    match (unit.kind, successors.len()) {
        (UnitKind::District, _) => format!(
            "{} đã kết thúc hoạt động từ ngày {} khi bỏ cấp huyện (chính quyền địa phương hai cấp). Các xã của huyện đã được sắp xếp thành {} xã, phường mới trực thuộc tỉnh.",
            unit.full_name(),
            format_date_vi(last.next_day().unwrap_or(last)),
            successors.len()
        ),
        (_, 0) => format!(
            "{} không còn tồn tại sau ngày {}.",
            unit.full_name(),
            format_date_vi(last)
        ),
        (_, _) => format!(
            "{} đã được sắp xếp vào {} từ ngày {}.",
            unit.full_name(),
            successors
                .iter()
                .map(|u| u.full_name())
                .collect::<Vec<_>>()
                .join(", "),
            format_date_vi(last.next_day().unwrap_or(last))
        ),
    }
}

impl Program {
    /// What became of the unit `code` names, if it existed before `period`
    /// and not in it; `None` when the code names a unit in the period (or no
    /// unit ever).
    ///
    /// A unit the actor may not see answers `None`, as an unknown code does.
    pub async fn ended_unit(&self, actor: &Actor, code: &str, period: Period) -> Result<Option<EndedUnit>> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let code: UnitCode = code
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
        if hierarchy.resolve(&code, period).is_ok() {
            return Ok(None);
        }
        let Some(unit) = ended_before(hierarchy, &code, period) else {
            return Ok(None);
        };
        let last = unit.validity.to.unwrap_or(period.start());
        if !can_view(actor, hierarchy, &snapshot.agencies, unit, last) {
            return Ok(None);
        }
        let province = province_in(hierarchy, unit, last, period);
        let successors: Vec<&Unit> = successors(hierarchy, unit, last)
            .into_iter()
            .filter(|u| u.validity.overlaps(period))
            .collect();
        // The province and successors the actor may open, in the period.
        let may_open = province
            .iter()
            .chain(successors.iter())
            .filter(|u| {
                let day = hierarchy.reference_date(u, period);
                can_view(actor, hierarchy, &snapshot.agencies, u, day)
            })
            .map(|u| u.code.to_string())
            .collect();
        Ok(Some(EndedUnit {
            unit: UnitRef::of(unit),
            kind_name: unit.kind.name_vi().to_string(),
            last_day: format_date_vi(last),
            period,
            period_label: period.label_vi(),
            province: province.map(UnitRef::of),
            summary: summary(unit, last, &successors),
            successors: successors.into_iter().map(UnitRef::of).collect(),
            last_period: Period::year(last.year()),
            may_open,
        }))
    }
}
