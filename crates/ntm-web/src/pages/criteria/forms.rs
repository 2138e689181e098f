//! The draft editor's forms, read into one typed change. Every form posts
//! `action` and the `revision` it was shown at; the words of a threshold are
//! read by `ntm_core::criteria::draft::words`, as the workbook's are.

use ntm_app::AppError;
use ntm_app::criteria::authoring::DraftChange;
use ntm_app::entry::FieldError;
use ntm_core::criteria::draft::words::{count_rule, flag, group, kind, region, target, years, yes_no};
use ntm_core::criteria::draft::{CriterionDraft, IndicatorDraft, SetDraft, SetMeta, ThresholdDraft};
use ntm_core::criteria::{CriterionRule, StandardRule};
use ntm_core::unit::Flag;
use ntm_core::validity::parse_date;
use serde::Deserialize;

/// Everything any of the editor's forms may send.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    pub action: String,
    pub revision: i64,
    pub name: String,
    pub document: String,
    pub valid_from: String,
    pub valid_to: String,
    pub standard: String,
    pub complete: String,
    pub notes: String,
    pub old: String,
    pub code: String,
    pub group: String,
    pub owner: String,
    pub rule: String,
    pub indicators_complete: String,
    pub criterion: String,
    pub kind: String,
    pub unit: String,
    pub levels: String,
    pub optional: String,
    pub additive: String,
    pub evidence: String,
    pub provisional_code: String,
    pub values_from: String,
    pub indicator: String,
    pub index: String,
    pub commune_group: String,
    pub region: String,
    pub flag: String,
    pub years: String,
    pub condition: String,
    pub value: String,
    pub source: String,
    pub place: String,
    pub page: String,
    pub note: String,
    pub condition_1: String,
    pub value_1: String,
    pub condition_2: String,
    pub value_2: String,
    pub condition_3: String,
    pub value_3: String,
}

fn opt(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Collects field errors; any makes the change refused.
#[derive(Default)]
struct Fields(Vec<FieldError>);

impl Fields {
    fn take<T>(&mut self, field: &str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(message) => {
                self.0.push(FieldError {
                    field: field.to_string(),
                    message,
                });
                None
            }
        }
    }

    fn done<T>(self, value: Option<T>) -> Result<T, AppError> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(AppError::Fields(self.0)),
        }
    }
}

fn date(text: &str) -> Result<Option<time::Date>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse_date(t)
        .map(Some)
        .ok_or_else(|| format!("ngày \"{t}\" không hợp lệ: viết 15/02/2026"))
}

fn checkbox(text: &str) -> Result<bool, String> {
    yes_no(text)
}

impl ChangeForm {
    fn citation(&self) -> ThresholdDraft {
        ThresholdDraft {
            source: opt(&self.source),
            place: opt(&self.place),
            page: opt(&self.page),
            note: opt(&self.note),
            ..ThresholdDraft::unknown(Vec::new())
        }
    }

    fn indicator_of<'d>(&self, draft: &'d SetDraft) -> Result<&'d IndicatorDraft, AppError> {
        draft
            .indicator(self.indicator.trim())
            .ok_or_else(|| AppError::NotFound(format!("không có chỉ tiêu \"{}\"", self.indicator)))
    }

    /// The one change this form asks for, against the draft it was shown from.
    pub fn change(&self, draft: &SetDraft) -> Result<DraftChange, AppError> {
        match self.action.as_str() {
            "meta" => self.meta_change(draft),
            "criterion" => self.criterion_change(),
            "remove_criterion" => Ok(DraftChange::RemoveCriterion(self.old.trim().to_string())),
            "indicator" => self.indicator_change(),
            "remove_indicator" => Ok(DraftChange::RemoveIndicator(self.indicator.trim().to_string())),
            "threshold" => self.threshold_change(draft),
            "remove_threshold" => Ok(DraftChange::RemoveThreshold {
                indicator: self.indicator.trim().to_string(),
                index: self.index.trim().parse().unwrap_or(0),
            }),
            "group_thresholds" => self.group_thresholds_change(draft),
            "confirm" => Ok(DraftChange::Confirm {
                indicator: self.indicator.trim().to_string(),
                index: self.index.trim().parse().unwrap_or(0),
            }),
            other => Err(AppError::Invalid(format!("thao tác \"{other}\" không có"))),
        }
    }

    /// The set's own fields; its brackets stay the draft's.
    fn meta_change(&self, draft: &SetDraft) -> Result<DraftChange, AppError> {
        let mut f = Fields::default();
        let valid_from = f.take("valid_from", date(&self.valid_from));
        let valid_to = f.take("valid_to", date(&self.valid_to));
        let standard = f.take("standard", count_rule(&self.standard));
        let complete = f.take("complete", checkbox(&self.complete));
        let meta = match (valid_from, valid_to, standard, complete) {
            (Some(valid_from), Some(valid_to), Some(standard), Some(complete)) => Some(SetMeta {
                name: self.name.trim().to_string(),
                document: self.document.trim().to_string(),
                valid_from,
                valid_to,
                notes: opt(&self.notes),
                complete,
                standard: standard.map_or(StandardRule::AllCriteria, StandardRule::AtLeast),
                brackets: draft.brackets.clone(),
            }),
            _ => None,
        };
        f.done(meta).map(DraftChange::Meta)
    }

    /// A criterion added, or changed from `old`; its indicators are not sent.
    fn criterion_change(&self) -> Result<DraftChange, AppError> {
        let mut f = Fields::default();
        let rule = f.take("rule", count_rule(&self.rule));
        let complete = f.take("indicators_complete", checkbox(&self.indicators_complete));
        let criterion = match (rule, complete) {
            (Some(rule), Some(complete)) => Some(CriterionDraft {
                code: self.code.trim().to_string(),
                name: self.name.trim().to_string(),
                group: opt(&self.group),
                owner: opt(&self.owner),
                rule: rule.map_or(CriterionRule::AllIndicators, CriterionRule::AtLeast),
                indicators_complete: complete,
                notes: opt(&self.notes),
                indicators: Vec::new(),
            }),
            _ => None,
        };
        f.done(criterion).map(|criterion| DraftChange::Criterion {
            old: opt(&self.old),
            criterion,
        })
    }

    /// An indicator of `criterion` added, or changed from `old`; its
    /// thresholds are not sent.
    fn indicator_change(&self) -> Result<DraftChange, AppError> {
        let mut f = Fields::default();
        let kind = f.take("kind", kind(&self.kind));
        let optional = f.take("optional", checkbox(&self.optional));
        let additive = f.take("additive", checkbox(&self.additive));
        let provisional = f.take("provisional_code", checkbox(&self.provisional_code));
        let indicator = match (kind, optional, additive, provisional) {
            (Some(kind), Some(optional), Some(additive), Some(provisional_code)) => Some(IndicatorDraft {
                code: self.code.trim().to_string(),
                name: self.name.trim().to_string(),
                kind,
                unit: opt(&self.unit),
                levels: list(&self.levels),
                optional,
                additive,
                evidence: list(&self.evidence),
                owner: opt(&self.owner),
                name_confirmed: true,
                provisional_code,
                sources: Vec::new(),
                notes: opt(&self.notes),
                values_from: opt(&self.values_from),
                thresholds: Vec::new(),
            }),
            _ => None,
        };
        f.done(indicator).map(|indicator| DraftChange::Indicator {
            criterion: self.criterion.trim().to_string(),
            old: opt(&self.old),
            indicator,
        })
    }

    /// A threshold of an indicator added, or the `index`-th replaced: for
    /// whom (a commune group, a classification, a region), which years, the
    /// target read by the indicator's kind, and its citation.
    fn threshold_change(&self, draft: &SetDraft) -> Result<DraftChange, AppError> {
        let ind = self.indicator_of(draft)?;
        let mut f = Fields::default();
        let mut flags = Vec::new();
        if let Some(g) = opt(&self.commune_group) {
            flags.extend(f.take("commune_group", group(&g)));
        }
        if let Some(x) = opt(&self.flag) {
            flags.extend(f.take("flag", flag(&x)));
        }
        let regions: Vec<_> = opt(&self.region)
            .and_then(|r| f.take("region", region(&r)))
            .into_iter()
            .collect();
        let years = f.take("years", years(&self.years));
        let t = f.take(
            "value",
            target(&self.condition, &self.value, ind.kind, &ind.levels),
        );
        let threshold = match (years, t) {
            (Some(years), Some(target)) => Some(ThresholdDraft {
                regions,
                flags,
                years,
                target,
                ..self.citation()
            }),
            _ => None,
        };
        let index = opt(&self.index).and_then(|i| i.parse::<usize>().ok());
        f.done(threshold).map(|threshold| DraftChange::Threshold {
            indicator: ind.code.clone(),
            index,
            threshold,
        })
    }

    /// An indicator's thresholds for the three commune groups at once, with
    /// one citation; a group left blank is not touched, but one must be set.
    fn group_thresholds_change(&self, draft: &SetDraft) -> Result<DraftChange, AppError> {
        let ind = self.indicator_of(draft)?;
        let mut f = Fields::default();
        let mut groups = Vec::new();
        for (i, (group, condition, value)) in [
            (Flag::CommuneGroup1, &self.condition_1, &self.value_1),
            (Flag::CommuneGroup2, &self.condition_2, &self.value_2),
            (Flag::CommuneGroup3, &self.condition_3, &self.value_3),
        ]
        .into_iter()
        .enumerate()
        {
            // A group left blank is not touched.
            if condition.trim().is_empty() && value.trim().is_empty() {
                continue;
            }
            let field = format!("value_{}", i + 1);
            if let Some(t) = f.take(&field, target(condition, value, ind.kind, &ind.levels)) {
                groups.push((group, t));
            }
        }
        if groups.is_empty() && f.0.is_empty() {
            f.0.push(FieldError {
                field: "value_1".into(),
                message: "chưa ghi ngưỡng nào: chọn điều kiện và ghi giá trị cho ít nhất một nhóm".into(),
            });
        }
        f.done(Some(groups)).map(|groups| DraftChange::GroupThresholds {
            indicator: ind.code.clone(),
            groups,
            citation: self.citation(),
        })
    }
}

/// What a form field is called on the page, for error messages.
pub fn field_label(field: &str) -> String {
    match field {
        "value_1" => "Nhóm 1".into(),
        "value_2" => "Nhóm 2".into(),
        "value_3" => "Nhóm 3".into(),
        "value" | "condition" => "Ngưỡng".into(),
        "valid_from" => "Ngày có hiệu lực".into(),
        "valid_to" => "Ngày hết hiệu lực".into(),
        "standard" => "Đạt chuẩn khi đạt".into(),
        "rule" => "Đạt khi".into(),
        "kind" => "Loại chỉ tiêu".into(),
        "years" => "Năm áp dụng".into(),
        "commune_group" => "Nhóm xã".into(),
        "region" => "Vùng".into(),
        "flag" => "Phân loại".into(),
        // Places of a draft's problems are already in words.
        other => other.to_string(),
    }
}
