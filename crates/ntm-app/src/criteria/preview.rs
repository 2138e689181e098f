//! What publishing a version would change, before it is published: every
//! commune (or village) of its scope judged under the set in force and under
//! the version, from the same values of a period, with the criteria whose
//! status changes and the headline figures both ways. Offices fear a
//! threshold typo more than anything; this is where it shows.

use ntm_core::aggregate::{Stats, StatsInput, UnitRef, compute_stats};
use ntm_core::criteria::draft::SetDraft;
use ntm_core::criteria::{Catalog, CriteriaSet, SetLevel, SetScope};
use ntm_core::evaluation::CriterionStatus;
use ntm_core::evaluation::impact::{UnitShift, compare_sets};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_core::value::PeriodValues;

use crate::accounts::access::Actor;
use crate::criteria::authoring::problems_error;
use crate::error::{AppError, Result};
use crate::program::Program;

/// The headline figures of a scope under one set.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Headline {
    /// The set and version: "Bộ tiêu chí …, phiên bản 1".
    pub set: String,
    pub units: u32,
    /// Units with at least one criterion the values or assessments decide.
    pub with_data: u32,
    pub standard_met: u32,
    /// "đạt đủ 10 tiêu chí".
    pub standard_rule: String,
    pub criteria_met_total: u32,
    /// Over units with data: "6,50".
    pub average_text: String,
    pub brackets: Vec<(String, u32)>,
}

/// One criterion whose status would change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShiftedCriterion {
    pub code: String,
    pub name: String,
    pub before: String,
    pub after: String,
}

/// One unit whose judgement would change.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShiftView {
    pub unit: UnitRef,
    /// "xã nhóm 3", or "chưa xếp nhóm".
    pub group: String,
    pub met_before: u32,
    pub met_after: u32,
    pub standard_before: bool,
    pub standard_after: bool,
    pub criteria: Vec<ShiftedCriterion>,
}

/// What a version would change in one period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImpactView {
    /// `lai-chau-2026@1`.
    pub version: String,
    pub name: String,
    pub period: Period,
    pub period_label: String,
    pub reference_date: String,
    /// The scope's units the figures cover (a province, or every province).
    pub roots: Vec<UnitRef>,
    pub valid_from: Option<String>,
    /// Said when the version would not yet be in force on the reference date.
    pub note: Option<String>,
    pub before: Headline,
    pub after: Headline,
    pub units_compared: u32,
    pub shifts: Vec<ShiftView>,
}

fn status_text(s: Option<CriterionStatus>) -> String {
    s.map_or_else(|| "không có trong bộ".to_string(), |s| s.name_vi().to_string())
}

fn headline(set: &CriteriaSet, stats: &[Stats], level: SetLevel) -> Headline {
    let mut h = Headline {
        set: format!("{}, {}", set.name, set.version_label_vi()),
        units: 0,
        with_data: 0,
        standard_met: 0,
        standard_rule: format!("đạt đủ {} tiêu chí", set.standard_threshold()),
        criteria_met_total: 0,
        average_text: String::new(),
        brackets: set.brackets.iter().map(|b| (b.label.clone(), 0)).collect(),
    };
    for s in stats {
        match level {
            SetLevel::Commune => {
                h.units += s.communes;
                h.with_data += s.communes_with_data;
                h.standard_met += s.all_criteria_met.count;
                h.criteria_met_total += s.criteria_met_total;
                for (slot, b) in h.brackets.iter_mut().zip(&s.brackets) {
                    slot.1 += b.count;
                }
            }
            SetLevel::Village => {
                if let Some(v) = &s.villages {
                    h.units += v.total;
                    h.with_data += v.with_data;
                    h.standard_met += v.all_criteria_met;
                    for (slot, b) in h.brackets.iter_mut().zip(&v.brackets) {
                        slot.1 += b.count;
                    }
                }
            }
        }
    }
    h.average_text = if h.with_data == 0 {
        ntm_core::evaluation::NO_DATA.to_string()
    } else {
        let hundredths =
            (i64::from(h.criteria_met_total) * 200 + i64::from(h.with_data)) / (i64::from(h.with_data) * 2);
        ntm_core::quantity::format_percent_hundredths(hundredths, 2)
    };
    h
}

fn shift_view(hierarchy: &Hierarchy, shift: UnitShift, day: time::Date) -> Option<ShiftView> {
    let unit = hierarchy.unit(shift.unit)?;
    Some(ShiftView {
        unit: UnitRef::of(unit),
        group: unit
            .commune_group_at(day)
            .map_or_else(|| "chưa xếp nhóm".to_string(), |c| c.flag.name_vi().to_string()),
        met_before: shift.met_before,
        met_after: shift.met_after,
        standard_before: shift.standard_before,
        standard_after: shift.standard_after,
        criteria: shift
            .criteria
            .into_iter()
            .map(|c| ShiftedCriterion {
                code: c.criterion,
                name: c.name,
                before: status_text(c.before),
                after: status_text(c.after),
            })
            .collect(),
    })
}

/// The units a set of this scope judges on `day`: one province, or all.
fn roots<'h>(hierarchy: &'h Hierarchy, scope: &SetScope, day: time::Date) -> Vec<&'h Unit> {
    let mut out: Vec<&Unit> = hierarchy
        .units()
        .iter()
        .filter(|u| u.kind == UnitKind::Province && u.validity.contains(day))
        .filter(|u| match scope {
            SetScope::National => true,
            SetScope::Province(code) => u.code == *code,
        })
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

/// The version a preview judges with, keyed as the catalog keys it: the
/// draft built and appended after every set in use (replacing a set of the
/// same code and version), so that the values' keys mean the same.
fn preview_catalog(catalog: &Catalog, draft: &SetDraft) -> Result<Catalog> {
    let built = draft
        .build()
        .map_err(|_| AppError::Invalid("bộ tiêu chí còn lỗi".into()))?;
    let mut sets = catalog.sets().to_vec();
    sets.retain(|s| !(s.code == built.code && s.version == built.version));
    sets.push(built);
    Catalog::from_sets(sets).map_err(|e| AppError::Invalid(e.message))
}

/// Said when the version would not yet be in force on the period's reference date.
fn not_yet_in_force(valid_from: Option<time::Date>, day: time::Date) -> Option<String> {
    match valid_from {
        Some(from) if from > day => Some(format!(
            "Phiên bản này dự kiến có hiệu lực từ {}, sau ngày tham chiếu của kỳ ({}); bản xem trước cho biết nếu áp dụng ngay thì số liệu thay đổi thế nào.",
            format_date_vi(from),
            format_date_vi(day)
        )),
        _ => None,
    }
}

/// What a preview judges with: the hierarchy and values of the period, the
/// sets in force (from the catalog in use) and the version (`after`).
struct Judging<'a> {
    hierarchy: &'a Hierarchy,
    catalog: &'a Catalog,
    recognitions: &'a [Recognition],
    values: &'a PeriodValues,
    period: Period,
    level: SetLevel,
    after: &'a CriteriaSet,
}

/// Both judgements over the scope's provinces.
struct Comparison<'a> {
    /// The first set in force of the version's level, if any.
    before_set: Option<&'a CriteriaSet>,
    before_stats: Vec<Stats>,
    after_stats: Vec<Stats>,
    units_compared: u32,
    shifts: Vec<ShiftView>,
}

impl<'a> Judging<'a> {
    /// Each province judged under the set in force and under the version.
    fn compare(&self, roots: &[&'a Unit]) -> Result<Comparison<'a>> {
        let day = self.period.end();
        let mut comparison = Comparison {
            before_set: None,
            before_stats: Vec::new(),
            after_stats: Vec::new(),
            units_compared: 0,
            shifts: Vec::new(),
        };
        for root in roots {
            let old = self.catalog.set_in_force(self.level, Some(&root.code), day);
            comparison.before_set = comparison.before_set.or(old);
            let (before, after) = self.root_stats(root, old)?;
            comparison.before_stats.extend(before);
            comparison.after_stats.extend(after);
            let units = self.hierarchy.subtree_at(root.id, day, &[self.level.unit_kind()]);
            comparison.units_compared += units.len() as u32;
            comparison.shifts.extend(
                compare_sets(
                    self.hierarchy,
                    &units,
                    day,
                    self.period.calendar_year(),
                    self.values,
                    old,
                    self.after,
                )
                .into_iter()
                .filter_map(|s| shift_view(self.hierarchy, s, day)),
            );
        }
        Ok(comparison)
    }

    /// A province's figures before (under `old`, the set in force of the
    /// version's level) and after. A village version is judged with the
    /// commune set in force, and not at all without one.
    fn root_stats(&self, root: &Unit, old: Option<&CriteriaSet>) -> Result<(Option<Stats>, Option<Stats>)> {
        let (province, day) = (Some(&root.code), self.period.end());
        let communes_in_force = self.catalog.set_in_force(SetLevel::Commune, province, day);
        let village_old = self.catalog.set_in_force(SetLevel::Village, province, day);
        match self.level {
            SetLevel::Commune => {
                let before = old.map(|old| self.stats(root, old, village_old)).transpose()?;
                let after = self.stats(root, self.after, village_old)?;
                Ok((before, Some(after)))
            }
            SetLevel::Village => match communes_in_force {
                Some(communes) => {
                    let before = self.stats(root, communes, old)?;
                    let after = self.stats(root, communes, Some(self.after))?;
                    Ok((Some(before), Some(after)))
                }
                None => Ok((None, None)),
            },
        }
    }

    /// A province's figures under a commune set (and a village set).
    fn stats(&self, root: &Unit, set: &CriteriaSet, villages: Option<&CriteriaSet>) -> Result<Stats> {
        compute_stats(StatsInput {
            hierarchy: self.hierarchy,
            root,
            period: self.period,
            set,
            values: self.values,
            previous: None,
            village_set: villages,
            recognitions: self.recognitions,
            reported: &[],
            day: None,
            registrations: &[],
        })
        .map_err(|e| AppError::Invalid(e.to_string()))
    }
}

impl Comparison<'_> {
    /// The figures before, under the first set in force (or, without one,
    /// the version's empty figures under a name that says so).
    fn before(&self, after: &CriteriaSet, level: SetLevel) -> Headline {
        match self.before_set {
            Some(set) => headline(set, &self.before_stats, level),
            None => Headline {
                set: "chưa có bộ tiêu chí nào có hiệu lực".into(),
                ..headline(after, &[], level)
            },
        }
    }
}

impl Program {
    /// What publishing the version would change in `period`.
    pub async fn preview_version(
        &self,
        actor: &Actor,
        code: &str,
        version: u32,
        period: Period,
    ) -> Result<ImpactView> {
        let snapshot = self.snapshot().await?;
        let record = self.authored_version(code, version).await?;
        let draft = &record.draft;
        let today = self.today();
        if !self.may_author(actor, &snapshot, &draft.scope, today) {
            return Err(AppError::Forbidden(
                "chỉ người được soạn bộ tiêu chí này mới xem được bản xem trước".into(),
            ));
        }
        if let Some(e) = problems_error(draft) {
            return Err(e);
        }
        let preview = preview_catalog(&snapshot.catalog, draft)?;
        let after = preview
            .version(&draft.version_ref())
            .ok_or_else(|| AppError::NotFound("không dựng được bộ tiêu chí để xem trước".into()))?;
        let day = period.end();
        let roots = roots(&snapshot.hierarchy, &draft.scope, day);
        if roots.is_empty() {
            return Err(AppError::NotFound(format!(
                "không có tỉnh nào thuộc phạm vi của bộ này vào ngày {}",
                format_date_vi(day)
            )));
        }
        let values = self.period_values(period).await?;
        let judging = Judging {
            hierarchy: &snapshot.hierarchy,
            catalog: &snapshot.catalog,
            recognitions: &snapshot.recognitions,
            values: &values,
            period,
            level: draft.level,
            after,
        };
        let comparison = judging.compare(&roots)?;
        Ok(ImpactView {
            version: draft.version_ref().to_string(),
            name: draft.name.clone(),
            period,
            period_label: period.label_vi(),
            reference_date: format_date_vi(day),
            roots: roots.iter().map(|u| UnitRef::of(u)).collect(),
            valid_from: draft.valid_from.map(format_date_vi),
            note: not_yet_in_force(draft.valid_from, day),
            before: comparison.before(after, draft.level),
            after: headline(after, &comparison.after_stats, draft.level),
            units_compared: comparison.units_compared,
            shifts: comparison.shifts,
        })
    }
}
