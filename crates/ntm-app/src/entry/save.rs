//! Data entry from pages and the API: the values and assessments a user sends
//! for one unit and period, each checked (parsing, the indicator's rules,
//! the user's rights) and saved in one transaction with the version the user
//! saw, so that a later save over someone else's newer value is refused.

use ntm_core::criteria::{CriteriaSet, Indicator};
use ntm_core::input::text::{TextKind, check_text};
use ntm_core::period::Period;
use ntm_core::unit::Unit;
use ntm_core::value::{IndicatorValue, Provenance};
use ntm_store::{AssessmentWrite, Conflict, StoreError, Subject, ValueBatch, ValueWrite};

use crate::accounts::access::Actor;
use crate::documents::import::parse_yes_no;
use crate::documents::import::values::{ValueCells, parse_indicator_value};
use crate::entry::rights::{ChangeRefusal, ChangeRights};
use crate::error::{AppError, Result};
use crate::program::Program;

/// One indicator's value as entered.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ValueInput {
    /// Indicator code, e.g. "2.2".
    pub indicator: String,
    /// A yes/no, number, level or percent; empty with `achieved`/`total` for ratios.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub achieved: Option<String>,
    #[serde(default)]
    pub total: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Where the value comes from (`entered`, `document`, `derived`,
    /// `estimated`, or the Vietnamese words); default: entered directly.
    #[serde(default)]
    pub provenance: Option<String>,
    /// The version the user saw (0: no value yet).
    #[serde(default)]
    pub version: i64,
}

/// One criterion's assessment as entered.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AssessmentInput {
    pub criterion: String,
    /// `đạt` / `chưa đạt`; empty removes the assessment.
    #[serde(default)]
    pub met: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// As for values.
    #[serde(default)]
    pub provenance: Option<String>,
    #[serde(default)]
    pub version: i64,
}

/// Where an entered value comes from: what the user said, or entered directly.
fn provenance_of(text: &Option<String>, field: String) -> std::result::Result<Provenance, FieldError> {
    match blank(text) {
        None => Ok(Provenance::Entered),
        Some(t) => Provenance::parse(t).ok_or(FieldError {
            field,
            message: format!(
                "nguồn \"{t}\" không có: chọn nhập trực tiếp, theo văn bản, suy ra hoặc ước tính, điền bổ sung"
            ),
        }),
    }
}

/// A problem with one field: `2.2.achieved`, `tc.5`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A value someone else saved meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConflictView {
    pub field: String,
    pub label: String,
    /// What is stored now, as read ("226,84/318,39 km (71,25%)").
    pub current: Option<String>,
    pub by: Option<String>,
    pub at: Option<String>,
    pub current_version: i64,
}

/// What a save did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SaveSummary {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// What the criteria set's checks say of the unit's values now
    /// (consistency, history): warnings, the save is done.
    pub warnings: Vec<String>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A note as kept: NFC, checked for what it may hold and its length (a
/// note every export can hold), or the field's error.
fn note_of(note: &Option<String>, field: &str) -> std::result::Result<Option<String>, FieldError> {
    match blank(note) {
        None => Ok(None),
        Some(text) => check_text(text, TextKind::Note, "ghi chú")
            .map(Some)
            .map_err(|e| FieldError {
                field: format!("{field}.note"),
                message: e.to_string(),
            }),
    }
}

/// Why one entered value or assessment is not written.
enum Refusal {
    /// Not the actor's to change.
    Denied(String),
    /// Locked by an approval.
    Locked(String),
    /// What it holds does not read.
    Fields(Vec<FieldError>),
}

impl From<FieldError> for Refusal {
    fn from(e: FieldError) -> Self {
        Refusal::Fields(vec![e])
    }
}

/// What a save is about: the actor, the unit and period, its criteria set
/// and the approval locks.
struct Entry<'a> {
    rights: ChangeRights<'a>,
    unit: &'a Unit,
    period: Period,
    set: &'a CriteriaSet,
}

/// Everything a save entered, checked: the writes, and what refuses them.
#[derive(Default)]
struct Checked {
    batch: ValueBatch,
    locked: Vec<String>,
    denied: Vec<String>,
    errors: Vec<FieldError>,
}

impl Checked {
    fn refuse(&mut self, refusal: Refusal) {
        match refusal {
            Refusal::Denied(message) => self.denied.push(message),
            Refusal::Locked(message) => self.locked.push(message),
            Refusal::Fields(errors) => self.errors.extend(errors),
        }
    }

    /// The writes, unless anything locked or not the actor's to change
    /// refuses the whole save, or any field does not read.
    fn into_batch(self) -> Result<ValueBatch> {
        if let Some(first) = self.locked.first() {
            let more = if self.locked.len() > 1 {
                format!(" (và {} giá trị khác)", self.locked.len() - 1)
            } else {
                String::new()
            };
            return Err(AppError::Locked(format!("{first}{more}")));
        }
        if !self.denied.is_empty() {
            return Err(AppError::Forbidden(self.denied.join("; ")));
        }
        if !self.errors.is_empty() {
            return Err(AppError::Fields(self.errors));
        }
        Ok(self.batch)
    }
}

impl Entry<'_> {
    /// Every value and assessment entered, checked in the order entered.
    fn check(&self, values: &[ValueInput], assessments: &[AssessmentInput]) -> Checked {
        let mut checked = Checked {
            batch: ValueBatch {
                context: self.rights.actor.context(),
                ..ValueBatch::default()
            },
            ..Checked::default()
        };
        for input in values {
            match self.value_write(input) {
                Ok(write) => checked.batch.values.push(write),
                Err(refusal) => checked.refuse(refusal),
            }
        }
        for input in assessments {
            match self.assessment_write(input) {
                Ok(write) => checked.batch.assessments.push(write),
                Err(refusal) => checked.refuse(refusal),
            }
        }
        checked
    }

    /// Rights and locks, checked before what a field holds: a value the
    /// actor may not change is refused without a word about what it holds.
    fn may_change(
        &self,
        criterion: &str,
        indicator: Option<&str>,
        denial: impl FnOnce() -> String,
    ) -> std::result::Result<(), Refusal> {
        match self
            .rights
            .check(self.unit, self.period, &self.set.namespace, criterion, indicator)
        {
            Ok(()) => Ok(()),
            Err(ChangeRefusal::Denied) => Err(Refusal::Denied(denial())),
            Err(ChangeRefusal::Locked(lock)) => Err(Refusal::Locked(lock)),
        }
    }

    /// One indicator's value as it will be written.
    fn value_write(&self, input: &ValueInput) -> std::result::Result<ValueWrite, Refusal> {
        let Some((criterion, indicator)) = self.set.indicator(input.indicator.trim()) else {
            return Err(Refusal::from(FieldError {
                field: input.indicator.clone(),
                message: format!("bộ tiêu chí không có chỉ tiêu \"{}\"", input.indicator),
            }));
        };
        self.may_change(&criterion.code, Some(&indicator.code), || {
            format!(
                "bạn không có quyền sửa chỉ tiêu {} của {}",
                indicator.code,
                self.unit.full_name()
            )
        })?;
        let value = entered_value(indicator, input).map_err(Refusal::Fields)?;
        let provenance = provenance_of(&input.provenance, format!("{}.provenance", indicator.code))?;
        let note = note_of(&input.note, &indicator.code)?;
        Ok(ValueWrite {
            unit: self.unit.id,
            period: self.period,
            indicator: indicator.key,
            value,
            provenance,
            note,
            evidence: input
                .evidence
                .iter()
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
            expected_version: Some(input.version),
        })
    }

    /// One criterion's assessment as it will be written.
    fn assessment_write(&self, input: &AssessmentInput) -> std::result::Result<AssessmentWrite, Refusal> {
        let field = format!("tc.{}", input.criterion);
        let Some(criterion) = self.set.criterion(input.criterion.trim()) else {
            return Err(Refusal::from(FieldError {
                field,
                message: format!("bộ tiêu chí không có tiêu chí \"{}\"", input.criterion),
            }));
        };
        self.may_change(&criterion.code, None, || {
            format!(
                "bạn không có quyền đánh giá tiêu chí {} của {}",
                criterion.code,
                self.unit.full_name()
            )
        })?;
        let met = match blank(&input.met) {
            None => None,
            Some(text) => Some(parse_yes_no(text).ok_or_else(|| FieldError {
                field: field.clone(),
                message: format!("\"{text}\": chọn đạt hoặc chưa đạt"),
            })?),
        };
        let provenance = provenance_of(&input.provenance, format!("tc.{}.provenance", criterion.code))?;
        let note = note_of(&input.note, &field)?;
        Ok(AssessmentWrite {
            unit: self.unit.id,
            period: self.period,
            criterion: criterion.key,
            met,
            provenance,
            note,
            evidence: Vec::new(),
            expected_version: Some(input.version),
        })
    }
}

/// The value entered for an indicator (`None`: every cell empty, the value
/// is removed), or each cell's error.
fn entered_value(
    indicator: &Indicator,
    input: &ValueInput,
) -> std::result::Result<Option<IndicatorValue>, Vec<FieldError>> {
    let cells = ValueCells {
        value: blank(&input.value),
        achieved: blank(&input.achieved),
        total: blank(&input.total),
    };
    if cells.value.is_none() && cells.achieved.is_none() && cells.total.is_none() {
        return Ok(None);
    }
    parse_indicator_value(indicator, cells)
        .map(Some)
        .map_err(|first| {
            crate::entry::cells::cell_errors(indicator, cells, first)
                .into_iter()
                .map(|(field, message)| FieldError {
                    field: format!("{}.{field}", indicator.code),
                    message,
                })
                .collect()
        })
}

impl Program {
    /// Saves what a user entered for a unit and period.
    pub async fn save_entry(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        values: &[ValueInput],
        assessments: &[AssessmentInput],
    ) -> Result<SaveSummary> {
        let snapshot = self.snapshot().await?;
        let unit = crate::views::unit::visible_unit(self, actor, &snapshot, code, period)?;
        let set = snapshot.unit_set(unit, period)?;
        let locks = self.lock_book(&[period]).await?;
        let entry = Entry {
            rights: snapshot.change_rights(actor, &locks),
            unit,
            period,
            set,
        };
        let batch = entry.check(values, assessments).into_batch()?;
        match self.store().write_values(batch, &self.keys()).await {
            Ok(r) => Ok(SaveSummary {
                created: r.created,
                updated: r.updated,
                deleted: r.deleted,
                unchanged: r.unchanged,
                warnings: self.entry_warnings(&self.snapshot().await?, unit, period).await?,
            }),
            Err(StoreError::Conflict(conflicts)) => Err(AppError::Conflict(conflict_views(set, &conflicts))),
            Err(e) => Err(e.into()),
        }
    }
}

/// What the user needs to see of each conflict.
fn conflict_views(set: &CriteriaSet, conflicts: &[Conflict]) -> Vec<ConflictView> {
    conflicts
        .iter()
        .map(|c| {
            let (field, label, current) = match c.subject {
                Subject::Indicator(key) => {
                    let found = set.indicators().find(|(_, i)| i.key == key).map(|(_, i)| i);
                    let current = c
                        .current
                        .as_deref()
                        .and_then(decode_audit_value)
                        .map(|v| match found {
                            Some(i) => v.display_vi(i),
                            None => String::new(),
                        });
                    match found {
                        Some(i) => (i.code.clone(), format!("{} {}", i.code, i.name), current),
                        None => (String::new(), String::new(), current),
                    }
                }
                Subject::Criterion(key) => {
                    let found = set.criteria.iter().find(|x| x.key == key);
                    let current = c
                        .current
                        .as_deref()
                        .and_then(decode_audit_met)
                        .map(|m| if m { "đạt" } else { "chưa đạt" }.to_string());
                    match found {
                        Some(x) => (
                            format!("tc.{}", x.code),
                            format!("Tiêu chí {} {}", x.code, x.name),
                            current,
                        ),
                        None => (String::new(), String::new(), current),
                    }
                }
            };
            ConflictView {
                field,
                label,
                current,
                by: c.by.as_deref().map(crate::accounts::access::actor_name_vi),
                at: c.at.clone(),
                current_version: c.current_version,
            }
        })
        .collect()
}

/// The value in an audit row's JSON (`{"kind":1,"a":..,"b":..}`).
pub fn decode_audit_value(json: &str) -> Option<IndicatorValue> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let kind = v.get("kind")?.as_i64()?;
    ntm_store::decode_value(
        kind,
        v.get("a").and_then(|x| x.as_i64()),
        v.get("b").and_then(|x| x.as_i64()),
    )
    .ok()
}

/// The assessment in an audit row's JSON (`{"met":true}`).
pub fn decode_audit_met(json: &str) -> Option<bool> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v.get("met")?.as_bool()
}
