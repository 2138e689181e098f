//! What the data entry page shows for a unit and period: every criterion and
//! indicator of the unit's set with what is stored (as the user would type it),
//! its version, who entered it, and whether this user may change it.

use ntm_core::aggregate::{SetRef, UnitRef};
use ntm_core::criteria::{CriteriaSet, Criterion, Indicator};
use ntm_core::evaluation::{CriterionStatus, IndicatorStatus};
use ntm_core::period::Period;
use ntm_core::unit::Unit;
use ntm_core::value::{AssessmentRecord, IndicatorValue, ValueRecord};
use time::Date;

use crate::accounts::access::{Actor, actor_name_vi, can_coordinate};
use crate::entry::rights::ChangeRights;
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};
use crate::views::evaluation::{Context, CriterionResultView, IndicatorResultView};
use crate::views::unit::visible_unit;
use ntm_core::criteria::IndicatorKind;

/// One indicator's row on the form.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorEntry {
    pub code: String,
    pub name: String,
    pub kind: IndicatorKind,
    pub unit: Option<String>,
    pub levels: Vec<String>,
    pub threshold: String,
    /// The stored value as one would type it ("đạt", "12,5", a level); empty for ratios.
    pub value: String,
    pub achieved: String,
    pub total: String,
    pub note: String,
    pub evidence: Vec<String>,
    pub version: i64,
    pub entered_by: Option<String>,
    pub entered_at: Option<String>,
    pub status: IndicatorStatus,
    pub explanation: String,
    pub editable: bool,
}

/// One criterion on the form, with its assessment.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CriterionEntry {
    pub code: String,
    pub name: String,
    pub status: CriterionStatus,
    pub explanation: String,
    /// "đạt", "chưa đạt" or empty.
    pub assessment: String,
    pub assessment_note: String,
    pub assessment_version: i64,
    pub assessed_by: Option<String>,
    pub assessed_at: Option<String>,
    pub editable: bool,
    pub indicators: Vec<IndicatorEntry>,
}

/// Why the form is (partly) read-only: the period is approved and locked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EntryLock {
    /// The unit whose approval locks it (the commune, or the district above).
    pub unit: UnitRef,
    pub locked_by: String,
    /// RFC 3339.
    pub locked_at: String,
    /// What is reopened, until when and why.
    pub open: Vec<String>,
    /// Whether this user may reopen it (a coordination office over the unit).
    pub can_reopen: bool,
}

/// The data entry form of a unit and period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EntryForm {
    pub period: Period,
    pub period_label: String,
    pub unit: UnitRef,
    pub path: String,
    pub criteria_set: SetRef,
    pub met: u32,
    pub criteria_total: u32,
    pub criteria: Vec<CriterionEntry>,
    /// How many fields this user may change (now: locked fields are not counted).
    pub editable: usize,
    /// The approval lock, when the period is approved.
    pub locked: Option<EntryLock>,
    /// What the criteria set's checks say of the values stored now.
    pub warnings: Vec<String>,
}

/// A stored value as the form's fields: (value, achieved, total).
pub fn value_fields(value: &IndicatorValue, indicator: &Indicator) -> (String, String, String) {
    match *value {
        IndicatorValue::Ratio { achieved, total } => {
            (String::new(), achieved.to_vi_string(), total.to_vi_string())
        }
        IndicatorValue::Percent(p) => (format!("{}%", p.to_vi_string()), String::new(), String::new()),
        IndicatorValue::Number(n) => (n.to_vi_string(), String::new(), String::new()),
        _ => (value.display_vi(indicator), String::new(), String::new()),
    }
}

/// What a form is built from: who asks, for which unit and period, under
/// which set, with what is stored and locked.
struct FormSource<'a> {
    rights: ChangeRights<'a>,
    unit: &'a Unit,
    period: Period,
    day: Date,
    set: &'a CriteriaSet,
    records: &'a [ValueRecord],
    assessments: &'a [AssessmentRecord],
}

impl FormSource<'_> {
    /// Whether the actor may change this assessment (`indicator`: `None`)
    /// or value now: their right, and no approval lock closing it.
    fn may_change(&self, criterion: &str, indicator: Option<&str>) -> bool {
        self.rights
            .check(self.unit, self.period, &self.set.namespace, criterion, indicator)
            .is_ok()
    }

    /// A criterion on the form: its result, its assessment and its indicators.
    fn criterion_entry(&self, criterion: &Criterion, view: &CriterionResultView) -> CriterionEntry {
        let assessment = self
            .assessments
            .iter()
            .find(|a| a.namespace == self.set.namespace && a.criterion == criterion.code);
        let indicators = criterion
            .indicators
            .iter()
            .zip(&view.indicators)
            .map(|(indicator, iview)| self.indicator_entry(criterion, indicator, iview))
            .collect();
        CriterionEntry {
            code: criterion.code.clone(),
            name: criterion.name.clone(),
            status: view.status,
            explanation: view.explanation.clone(),
            assessment: assessment
                .map(|a| if a.met { "đạt" } else { "chưa đạt" }.to_string())
                .unwrap_or_default(),
            assessment_note: assessment.and_then(|a| a.note.clone()).unwrap_or_default(),
            assessment_version: assessment.map_or(0, |a| a.version),
            assessed_by: assessment.map(|a| actor_name_vi(&a.assessed_by)),
            assessed_at: assessment.map(|a| a.assessed_at.clone()),
            editable: self.may_change(&criterion.code, None),
            indicators,
        }
    }

    /// An indicator's row: what is stored, as one would type it, and its result.
    fn indicator_entry(
        &self,
        criterion: &Criterion,
        indicator: &Indicator,
        iview: &IndicatorResultView,
    ) -> IndicatorEntry {
        let record = self
            .records
            .iter()
            .find(|r| r.namespace == self.set.namespace && r.indicator == indicator.code);
        let (value, achieved, total) = record
            .map(|r| value_fields(&r.value, indicator))
            .unwrap_or_default();
        IndicatorEntry {
            code: indicator.code.clone(),
            name: indicator.name.clone(),
            kind: indicator.kind,
            unit: indicator.unit.clone(),
            levels: indicator.levels.clone(),
            threshold: iview.threshold.clone(),
            value,
            achieved,
            total,
            note: record.and_then(|r| r.note.clone()).unwrap_or_default(),
            evidence: record.map(|r| r.evidence.clone()).unwrap_or_default(),
            version: record.map_or(0, |r| r.version),
            entered_by: record.map(|r| actor_name_vi(&r.entered_by)),
            entered_at: record.map(|r| r.entered_at.clone()),
            status: iview.status,
            explanation: iview.explanation.clone(),
            editable: self.may_change(&criterion.code, Some(&indicator.code)),
        }
    }

    /// The approval lock over the unit and period, if any, as the form shows it.
    fn lock(&self) -> Option<EntryLock> {
        let ChangeRights {
            actor,
            hierarchy,
            locks,
            ..
        } = self.rights;
        let lock = locks.lock_over(hierarchy, self.unit, self.period)?;
        let lock_unit = hierarchy.unit(lock.unit).unwrap_or(self.unit);
        Some(EntryLock {
            unit: UnitRef::of(lock_unit),
            locked_by: actor_name_vi(&lock.locked_by),
            locked_at: lock.locked_at.clone(),
            open: locks.open_exceptions(hierarchy, self.unit, self.period),
            can_reopen: can_coordinate(actor, hierarchy, lock_unit, self.day),
        })
    }
}

/// How many fields of the form the user may change.
fn editable_fields(criteria: &[CriterionEntry]) -> usize {
    criteria
        .iter()
        .map(|c| usize::from(c.editable) + c.indicators.iter().filter(|i| i.editable).count())
        .sum()
}

impl Program {
    /// The entry form of a unit and period for this actor.
    pub async fn entry_form(&self, actor: &Actor, code: &str, period: Period) -> Result<EntryForm> {
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, period)?;
        self.form_of(actor, &snapshot, unit, period).await
    }

    /// The entry form of a unit already resolved and visible to `actor`.
    pub(crate) async fn form_of(
        &self,
        actor: &Actor,
        snapshot: &Snapshot,
        unit: &Unit,
        period: Period,
    ) -> Result<EntryForm> {
        let hierarchy = &snapshot.hierarchy;
        if unit.kind.is_aggregate() {
            // There is no entry form of a district or province.
            return Err(AppError::NotFound(format!(
                "{} là đơn vị tổng hợp: số liệu nhập cho từng xã, thị trấn hoặc thôn, bản",
                unit.full_name()
            )));
        }
        let set = snapshot.unit_set(unit, period)?;
        let day = hierarchy.reference_date(unit, period);
        let values = self.unit_values(period, &[unit.id]).await?;
        let result = Context {
            hierarchy,
            agencies: &snapshot.agencies,
            set,
        }
        .evaluate(unit, period, &values);
        let (records, assessments) = self.store().unit_records(unit.id, period).await?;
        let locks = self.lock_book(&[period]).await?;
        let source = FormSource {
            rights: snapshot.change_rights(actor, &locks),
            unit,
            period,
            day,
            set,
            records: &records,
            assessments: &assessments,
        };
        let criteria: Vec<CriterionEntry> = set
            .criteria
            .iter()
            .zip(&result.criteria)
            .map(|(criterion, view)| source.criterion_entry(criterion, view))
            .collect();
        Ok(EntryForm {
            period,
            period_label: period.label_vi(),
            unit: UnitRef::of(unit),
            path: hierarchy.path_label(unit, day),
            criteria_set: SetRef::of(set),
            met: result.met,
            criteria_total: result.criteria_total,
            editable: editable_fields(&criteria),
            criteria,
            locked: source.lock(),
            warnings: self.entry_warnings(snapshot, unit, period).await?,
        })
    }
}
