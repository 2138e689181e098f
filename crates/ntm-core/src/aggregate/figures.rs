//! The figures of a district's or province's report, as data: what
//! `compute_stats` returns, what the pages, the JSON, the workbook and the
//! report read.
//!
//! Coverage: every figure over communes counts the communes **with data**
//! (at least one value or assessment the set reads in the period); the
//! communes without data are counted and named apart and neither gain nor
//! lose anything. Recognition (a decision, "đạt chuẩn NTM") is kept apart
//! from meeting every criterion (a count, "đạt đủ 19 tiêu chí").

use crate::aggregate::findings::Finding;
use crate::aggregate::marks::Marks;
use crate::aggregate::quantities::QuantityFigure;
use crate::criteria::CriteriaSet;
use crate::period::Period;
use crate::unit::{Unit, UnitKind};

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

/// Communes meeting every criterion the set's standard asks ("đạt đủ 19
/// tiêu chí"): a count of values, not a recognition.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AllCriteriaFigure {
    /// Criteria needed.
    pub threshold: u32,
    pub count: u32,
    pub communes: Vec<String>,
    /// Communes counted whose totals rest on estimated or derived values.
    pub marks: Marks,
}

/// A recognition decision and the communes it recognised.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DecisionGroup {
    /// "Quyết định 935/QĐ-UBND ngày 28/08/2017".
    pub decision: String,
    pub communes: Vec<String>,
}

/// Communes holding a recognition decision in force on the reference date
/// ("đạt chuẩn NTM"), whatever their values say.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RecognizedFigure {
    pub count: u32,
    pub communes: Vec<String>,
    pub decisions: Vec<DecisionGroup>,
    /// Recognised communes with data whose values do not give every criterion.
    pub short_of_all_criteria: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BracketFigure {
    pub label: String,
    pub min: u32,
    pub max: u32,
    pub count: u32,
    pub communes: Vec<String>,
    /// Units counted whose totals rest on estimated or derived values
    /// (names for communes; empty names for villages, which are only counted).
    pub marks: Marks,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CriterionFigure {
    pub criterion: String,
    pub name: String,
    pub met: u32,
    /// Communes with data (the denominator of "04/16 xã").
    pub total: u32,
    /// Names of the communes meeting it.
    pub communes: Vec<String>,
    pub commune_codes: Vec<String>,
    pub not_met: Vec<String>,
    /// Judged communes without data for this criterion (a value no
    /// threshold judges is in `unjudged`, not here).
    pub no_data: Vec<String>,
    /// Communes (judged or not) with a value here that no threshold judges:
    /// the criterion is "chưa xác định" for them.
    pub unjudged: Vec<String>,
    /// Communes whose status here rests on estimated or derived values.
    pub marks: Marks,
}

/// A direct subdivision's share of the unit's figures (a district of a
/// province, a province of the country), counted as the unit's own are.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SubdivisionFigure {
    pub unit: UnitRef,
    pub communes: u32,
    pub communes_with_data: u32,
    /// Communes with at least one criterion decided: the counts below read these.
    pub communes_judged: u32,
    pub criteria_met_total: u32,
    pub average_criteria: Option<f64>,
    pub average_criteria_text: Option<String>,
    pub all_criteria_met: u32,
    /// Communes meeting each criterion, in the order of `Stats::per_criterion`.
    pub per_criterion_met: Vec<u32>,
    /// Judged communes whose figures rest on estimated or derived values.
    pub marked: u32,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CommuneFigure {
    pub code: String,
    pub name: String,
    /// At least one value or assessment in the period under the set.
    pub has_data: bool,
    /// At least one criterion decided (met or not met); a commune with data
    /// that decides nothing is "chưa xác định" and out of every count.
    pub judged: bool,
    pub met: u32,
    pub met_criteria: Vec<String>,
    pub not_met_criteria: Vec<String>,
    pub no_data_criteria: Vec<String>,
    /// Criteria (codes) with a value but no threshold to judge it by.
    pub unjudged_criteria: Vec<String>,
    /// Meets every criterion the standard asks, by its values.
    pub all_criteria_met: bool,
    /// The recognition decision in force, if any: "Quyết định 935/QĐ-UBND ngày 28/08/2017".
    pub recognized: Option<String>,
    /// The same, short for a narrow cell: "QĐ 935/2017".
    pub recognized_short: Option<String>,
    /// Criteria (codes) whose status rests on estimated / derived values.
    pub estimated_criteria: Vec<String>,
    pub derived_criteria: Vec<String>,
    /// Under a set that judges by commune group (Decision 51/2025), or when
    /// some commune of the unit has a group: the commune's group on the
    /// reference day, or "chưa xếp nhóm"; `None` otherwise.
    pub commune_group: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CriterionChange {
    pub criterion: String,
    pub name: String,
    pub before: u32,
    pub after: u32,
    pub gained: Vec<String>,
    /// The codes of `gained`, in the same order (names repeat across a country).
    pub gained_codes: Vec<String>,
    pub lost: Vec<String>,
    /// Communes compared whose status in either period rests on estimated
    /// or derived values.
    pub marks: Marks,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Changes {
    pub compared_with: Period,
    /// Communes with data in both periods: the only ones compared.
    pub communes_compared: u32,
    pub per_criterion: Vec<CriterionChange>,
    pub all_criteria_gained: Vec<String>,
    pub all_criteria_lost: Vec<String>,
    /// Over the communes compared; `None` when none are.
    pub average_before: Option<f64>,
    pub average_before_text: Option<String>,
    /// Communes compared whose earlier statuses rest on estimated or derived values.
    pub marks_before: Marks,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct VillageFigures {
    pub criteria_set: SetRef,
    pub total: u32,
    pub with_data: u32,
    pub without_data: u32,
    /// Villages with data that decide at least one criterion: the
    /// denominator of the brackets and the standard count.
    pub judged: u32,
    /// Villages meeting every village criterion, by their values.
    pub all_criteria_met: u32,
    /// Brackets over the villages with data.
    pub brackets: Vec<BracketFigure>,
    /// Villages with data whose statuses rest on estimated / derived values.
    pub estimated: u32,
    pub derived: u32,
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
    /// Communes (xã) in the unit; towns and wards are not assessed.
    pub communes: u32,
    /// Communes with at least one value or assessment under the set.
    pub communes_with_data: u32,
    pub communes_without_data: u32,
    /// The names of the communes without data.
    pub without_data: Vec<String>,
    /// Communes with data that decide at least one criterion: the
    /// denominator of the average, the brackets and the standard counts.
    pub communes_judged: u32,
    /// Communes with data that decide no criterion ("chưa xác định").
    pub unjudged: Vec<String>,
    /// Why those communes are out of the figures, for the headline.
    pub unjudged_text: Option<String>,
    /// Communes with data that lack it for some criteria.
    pub communes_partial: u32,
    /// "29/94 xã có số liệu", as every headline writes it.
    pub coverage_text: String,
    /// Sum over communes with data of criteria met (= sum of per-criterion counts).
    pub criteria_met_total: u32,
    /// Average criteria per judged commune, rounded half up to two
    /// decimals; `None` without judged communes.
    pub average_criteria: Option<f64>,
    /// The same, written the Vietnamese way: "11,06".
    pub average_criteria_text: Option<String>,
    pub all_criteria_met: AllCriteriaFigure,
    pub recognized: RecognizedFigure,
    pub brackets: Vec<BracketFigure>,
    pub per_criterion: Vec<CriterionFigure>,
    pub per_commune: Vec<CommuneFigure>,
    /// The same communes counted by district (of a province) or by province
    /// (of the country); empty when the unit's subdivisions are communes.
    pub per_subdivision: Vec<SubdivisionFigure>,
    pub changes: Option<Changes>,
    pub villages: Option<VillageFigures>,
    pub quantities: Vec<QuantityFigure>,
    /// Communes with data whose totals rest on estimated or derived values:
    /// the average and the brackets carry this mark.
    pub marks: Marks,
    pub findings: Vec<Finding>,
}

impl Stats {
    /// Whether any commune has data.
    pub fn has_data(&self) -> bool {
        self.communes_with_data > 0
    }

    /// Whether any commune decides a criterion: without one, every count of
    /// criteria is "chưa xác định", never 0.
    pub fn is_judged(&self) -> bool {
        self.communes_judged > 0
    }
}

/// Why figures could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    /// A sum does not fit: the figure is refused rather than left out.
    #[error(
        "không tính được {what} của {root}: tổng vượt quá giới hạn khi cộng số liệu của {unit}; các đơn vị đã cộng: {units}. Kiểm tra lại số liệu của các đơn vị này"
    )]
    Overflow {
        what: String,
        root: String,
        unit: String,
        units: String,
    },
}
