//! Data entry from pages and the API: the values and assessments a user sends
//! for one unit and period, each checked (parsing, the indicator's rules,
//! the user's rights) and saved in one transaction with the version the user
//! saw, so that a later save over someone else's newer value is refused.

use ntm_core::criteria::CriteriaSet;
use ntm_core::input::text::{TextKind, check_text};
use ntm_core::period::Period;
use ntm_core::value::{IndicatorValue, Provenance};
use ntm_store::{AssessmentWrite, Conflict, StoreError, Subject, ValueBatch, ValueWrite};

use crate::accounts::access::{Actor, Target, can_edit};
use crate::documents::import::parse_yes_no;
use crate::documents::import::values::{ValueCells, parse_indicator_value, set_for_unit};
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
        let hierarchy = &snapshot.hierarchy;
        let unit = crate::views::unit::visible_unit(self, actor, &snapshot, code, period)?;
        let set = set_for_unit(&snapshot.catalog, hierarchy, unit, period).ok_or_else(|| {
            AppError::NotFound(format!(
                "không có bộ tiêu chí nào áp dụng cho {}",
                unit.full_name()
            ))
        })?;
        let day = hierarchy.reference_date(unit, period);
        let locks = self.lock_book(&[period]).await?;
        let mut locked = Vec::new();
        let mut errors = Vec::new();
        let mut denied = Vec::new();
        let mut batch = ValueBatch {
            context: actor.context(),
            ..ValueBatch::default()
        };
        for input in values {
            let Some((criterion, indicator)) = set.indicator(input.indicator.trim()) else {
                errors.push(FieldError {
                    field: input.indicator.clone(),
                    message: format!("bộ tiêu chí không có chỉ tiêu \"{}\"", input.indicator),
                });
                continue;
            };
            let target = Target {
                unit,
                namespace: &set.namespace,
                criterion: &criterion.code,
                indicator: Some(&indicator.code),
                day,
            };
            // Rights and locks first: a value the actor may not change is
            // refused without a word about what it holds.
            if !can_edit(actor, hierarchy, &snapshot.agencies, target) {
                denied.push(format!(
                    "bạn không có quyền sửa chỉ tiêu {} của {}",
                    indicator.code,
                    unit.full_name()
                ));
                continue;
            }
            if let Some(refusal) =
                locks.refusal(hierarchy, unit, period, &criterion.code, Some(&indicator.code))
            {
                locked.push(refusal);
                continue;
            }
            let cells = ValueCells {
                value: blank(&input.value),
                achieved: blank(&input.achieved),
                total: blank(&input.total),
            };
            let empty = cells.value.is_none() && cells.achieved.is_none() && cells.total.is_none();
            let value = if empty {
                None
            } else {
                match parse_indicator_value(indicator, cells) {
                    Ok(v) => Some(v),
                    Err(first) => {
                        let cells = crate::entry::cells::cell_errors(indicator, cells, first);
                        errors.extend(cells.into_iter().map(|(field, message)| FieldError {
                            field: format!("{}.{field}", indicator.code),
                            message,
                        }));
                        continue;
                    }
                }
            };
            let provenance = match provenance_of(&input.provenance, format!("{}.provenance", indicator.code))
            {
                Ok(p) => p,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let note = match note_of(&input.note, &indicator.code) {
                Ok(note) => note,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            batch.values.push(ValueWrite {
                unit: unit.id,
                period,
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
            });
        }
        for input in assessments {
            let field = format!("tc.{}", input.criterion);
            let Some(criterion) = set.criterion(input.criterion.trim()) else {
                errors.push(FieldError {
                    field,
                    message: format!("bộ tiêu chí không có tiêu chí \"{}\"", input.criterion),
                });
                continue;
            };
            let target = Target {
                unit,
                namespace: &set.namespace,
                criterion: &criterion.code,
                indicator: None,
                day,
            };
            if !can_edit(actor, hierarchy, &snapshot.agencies, target) {
                denied.push(format!(
                    "bạn không có quyền đánh giá tiêu chí {} của {}",
                    criterion.code,
                    unit.full_name()
                ));
                continue;
            }
            if let Some(refusal) = locks.refusal(hierarchy, unit, period, &criterion.code, None) {
                locked.push(refusal);
                continue;
            }
            let met = match blank(&input.met) {
                None => None,
                Some(text) => match parse_yes_no(text) {
                    Some(m) => Some(m),
                    None => {
                        errors.push(FieldError {
                            field,
                            message: format!("\"{text}\": chọn đạt hoặc chưa đạt"),
                        });
                        continue;
                    }
                },
            };
            let provenance =
                match provenance_of(&input.provenance, format!("tc.{}.provenance", criterion.code)) {
                    Ok(p) => p,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
            let note = match note_of(&input.note, &field) {
                Ok(note) => note,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            batch.assessments.push(AssessmentWrite {
                unit: unit.id,
                period,
                criterion: criterion.key,
                met,
                provenance,
                note,
                evidence: Vec::new(),
                expected_version: Some(input.version),
            });
        }
        // Anything locked or not the actor's to change refuses the whole save.
        if let Some(first) = locked.first() {
            let more = if locked.len() > 1 {
                format!(" (và {} giá trị khác)", locked.len() - 1)
            } else {
                String::new()
            };
            return Err(AppError::Locked(format!("{first}{more}")));
        }
        if !denied.is_empty() {
            return Err(AppError::Forbidden(denied.join("; ")));
        }
        if !errors.is_empty() {
            return Err(AppError::Fields(errors));
        }
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
