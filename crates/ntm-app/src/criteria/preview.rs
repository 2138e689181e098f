//! What publishing a version would change, before it is published: every
//! commune (or village) of its scope judged under the set in force and under
//! the version, from the same values of a period, with the criteria whose
//! status changes and the headline figures both ways. Offices fear a
//! threshold typo more than anything; this is where it shows.

use ntm_core::aggregate::{Stats, StatsInput, UnitRef, compute_stats};
use ntm_core::criteria::{Catalog, CriteriaSet, SetLevel, SetScope};
use ntm_core::evaluation::CriterionStatus;
use ntm_core::evaluation::impact::{UnitShift, compare_sets};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::validity::format_date_vi;

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
        let today = crate::plans::cycle::today_vn();
        if !self.may_author(actor, &snapshot, &draft.scope, today) {
            return Err(AppError::Forbidden(
                "chỉ người được soạn bộ tiêu chí này mới xem được bản xem trước".into(),
            ));
        }
        if let Some(e) = problems_error(draft) {
            return Err(e);
        }
        let built = draft
            .build()
            .map_err(|_| AppError::Invalid("bộ tiêu chí còn lỗi".into()))?;
        // The version keyed as the catalog keys it: appended after every set in
        // use, so that the values' keys mean the same.
        let mut sets = snapshot.catalog.sets().to_vec();
        sets.retain(|s| !(s.code == built.code && s.version == built.version));
        sets.push(built);
        let preview = Catalog::from_sets(sets).map_err(|e| AppError::Invalid(e.message))?;
        let after = preview
            .version(&draft.version_ref())
            .ok_or_else(|| AppError::NotFound("không dựng được bộ tiêu chí để xem trước".into()))?;
        let hierarchy = &snapshot.hierarchy;
        let day = period.end();
        let roots = roots(hierarchy, &draft.scope, day);
        if roots.is_empty() {
            return Err(AppError::NotFound(format!(
                "không có tỉnh nào thuộc phạm vi của bộ này vào ngày {}",
                format_date_vi(day)
            )));
        }
        let values = self.period_values(period).await?;
        let mut shifts = Vec::new();
        let (mut before_stats, mut after_stats) = (Vec::new(), Vec::new());
        let mut before_set: Option<&CriteriaSet> = None;
        let mut compared = 0u32;
        for root in &roots {
            let province = Some(&root.code);
            let old = snapshot.catalog.set_in_force(draft.level, province, day);
            before_set = before_set.or(old);
            let communes_in_force = snapshot.catalog.set_in_force(SetLevel::Commune, province, day);
            let village_old = snapshot.catalog.set_in_force(SetLevel::Village, province, day);
            let input = |set: &CriteriaSet, villages: Option<&CriteriaSet>| -> Result<Stats> {
                compute_stats(StatsInput {
                    hierarchy,
                    root,
                    period,
                    set,
                    values: &values,
                    previous: None,
                    village_set: villages,
                    recognitions: &snapshot.recognitions,
                    reported: &[],
                    day: None,
                    registrations: &[],
                })
                .map_err(|e| AppError::Invalid(e.to_string()))
            };
            match draft.level {
                SetLevel::Commune => {
                    if let Some(old) = old {
                        before_stats.push(input(old, village_old)?);
                    }
                    after_stats.push(input(after, village_old)?);
                }
                SetLevel::Village => {
                    if let Some(communes) = communes_in_force {
                        before_stats.push(input(communes, old)?);
                        after_stats.push(input(communes, Some(after))?);
                    }
                }
            }
            let units = hierarchy.subtree_at(root.id, day, &[draft.level.unit_kind()]);
            compared += units.len() as u32;
            shifts.extend(
                compare_sets(
                    hierarchy,
                    &units,
                    day,
                    period.calendar_year(),
                    &values,
                    old,
                    after,
                )
                .into_iter()
                .filter_map(|s| shift_view(hierarchy, s, day)),
            );
        }
        let before = match before_set {
            Some(set) => headline(set, &before_stats, draft.level),
            None => Headline {
                set: "chưa có bộ tiêu chí nào có hiệu lực".into(),
                ..headline(after, &[], draft.level)
            },
        };
        let note = match draft.valid_from {
            Some(from) if from > day => Some(format!(
                "Phiên bản này dự kiến có hiệu lực từ {}, sau ngày tham chiếu của kỳ ({}); bản xem trước cho biết nếu áp dụng ngay thì số liệu thay đổi thế nào.",
                format_date_vi(from),
                format_date_vi(day)
            )),
            _ => None,
        };
        Ok(ImpactView {
            version: draft.version_ref().to_string(),
            name: draft.name.clone(),
            period,
            period_label: period.label_vi(),
            reference_date: format_date_vi(day),
            roots: roots.iter().map(|u| UnitRef::of(u)).collect(),
            valid_from: draft.valid_from.map(format_date_vi),
            note,
            before,
            after: headline(after, &after_stats, draft.level),
            units_compared: compared,
            shifts,
        })
    }
}
