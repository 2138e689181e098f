//! The data-entry template of a unit's communes (or villages) for a period:
//! one row for every indicator and criterion assessment the user may change,
//! pre-filled with what is stored. The workbook itself is written by
//! `ntm-reports::template`; this decides what goes in it.

use ntm_core::criteria::{CriteriaSet, IndicatorKind};
use ntm_core::period::Period;
use ntm_core::quantity::{Quantity, SCALE};
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::value::{AssessmentRecord, IndicatorValue, ValueRecord};
use ntm_reports::template::{Answer, Template, TemplateRow, template_xlsx};

use crate::accounts::access::{Actor, Target, can_edit};
use crate::documents::import::parse_quantity;
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};
use crate::views::unit::visible_unit;

/// What a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateUnits {
    /// The communes under the unit (or the commune itself).
    Communes,
    /// The villages under the unit.
    Villages,
}

/// A cell's text as compared between export and import: numbers by value
/// ("16.021", "16021" and 16021 are the same), other text trimmed, lowercase.
pub fn normalized(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        return String::new();
    }
    match parse_quantity(t) {
        Ok(q) => q.to_plain_string(),
        Err(_) => t.to_lowercase(),
    }
}

/// The comparison key of a row's editable cells.
pub fn orig_of(value: &str, achieved: &str, total: &str, note: &str) -> String {
    [value, achieved, total, note]
        .iter()
        .map(|t| normalized(t))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

fn float(q: Quantity) -> f64 {
    q.raw() as f64 / SCALE as f64
}

fn plain(x: Option<f64>) -> String {
    x.map(ntm_reports::template::number_text).unwrap_or_default()
}

struct Common<'a> {
    unit: &'a Unit,
    period: Period,
    set: &'a CriteriaSet,
}

impl Common<'_> {
    fn row(
        &self,
        criterion: &str,
        indicator: &str,
        label: String,
        hint: String,
        answer: Answer,
    ) -> TemplateRow {
        TemplateRow {
            unit_code: self.unit.code.to_string(),
            unit_name: self.unit.full_name(),
            period: self.period.code(),
            criteria_set: self.set.code.clone(),
            criterion: criterion.to_string(),
            indicator: indicator.to_string(),
            label,
            hint,
            answer,
            value: String::new(),
            achieved: None,
            total: None,
            number: None,
            note: String::new(),
            version: 0,
            orig: String::new(),
        }
    }
}

fn indicator_row(
    common: &Common<'_>,
    criterion: &ntm_core::criteria::Criterion,
    indicator: &ntm_core::criteria::Indicator,
    record: Option<&ValueRecord>,
) -> TemplateRow {
    let unit = indicator
        .unit
        .as_deref()
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    let (hint, answer) = match indicator.kind {
        IndicatorKind::YesNo => {
            let mut choices = vec!["đạt".to_string(), "không đạt".to_string()];
            if indicator.optional {
                choices.push("không áp dụng".into());
            }
            ("chọn: đạt / không đạt".to_string(), Answer::Choice(choices))
        }
        IndicatorKind::Level => (
            "chọn một mức".to_string(),
            Answer::Choice(indicator.levels.clone()),
        ),
        IndicatorKind::Ratio => (format!("số đạt và tổng số{unit}, hoặc tỷ lệ %"), Answer::Ratio),
        IndicatorKind::Number => (format!("ghi số{unit}"), Answer::Number),
    };
    let mut row = common.row(
        &criterion.code,
        &indicator.code,
        format!("{} {}", indicator.code, indicator.name),
        hint,
        answer,
    );
    if let Some(r) = record {
        match r.value {
            IndicatorValue::Ratio { achieved, total } => {
                row.achieved = Some(float(achieved));
                row.total = Some(float(total));
            }
            IndicatorValue::Number(n) => row.number = Some(float(n)),
            IndicatorValue::Percent(p) => row.value = format!("{}%", p.to_vi_string()),
            ref other => row.value = other.display_vi(indicator),
        }
        row.note = r.note.clone().unwrap_or_default();
        row.version = r.version;
    }
    let value = if row.number.is_some() {
        plain(row.number)
    } else {
        row.value.clone()
    };
    row.orig = orig_of(&value, &plain(row.achieved), &plain(row.total), &row.note);
    row
}

fn assessment_row(
    common: &Common<'_>,
    criterion: &ntm_core::criteria::Criterion,
    record: Option<&AssessmentRecord>,
) -> TemplateRow {
    let mut row = common.row(
        &criterion.code,
        "",
        format!("Tiêu chí {}. {} — đánh giá chung", criterion.code, criterion.name),
        "chọn: đạt / chưa đạt".into(),
        Answer::Choice(vec!["đạt".into(), "chưa đạt".into()]),
    );
    if let Some(a) = record {
        row.value = if a.met { "đạt" } else { "chưa đạt" }.into();
        row.note = a.note.clone().unwrap_or_default();
        row.version = a.version;
    }
    row.orig = orig_of(&row.value, "", "", &row.note);
    row
}

impl Program {
    /// The units a template covers.
    fn template_units<'s>(
        &self,
        snapshot: &'s Snapshot,
        root: &'s Unit,
        period: Period,
        which: TemplateUnits,
    ) -> Vec<&'s Unit> {
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(root, period);
        // A village's own template is the village's rows.
        let kinds: &[UnitKind] = match which {
            _ if root.kind == UnitKind::Village => &[UnitKind::Village],
            TemplateUnits::Communes => &[UnitKind::Commune],
            TemplateUnits::Villages => &[UnitKind::Village],
        };
        hierarchy.subtree_at(root.id, day, kinds)
    }

    /// The template workbook for a unit's communes or villages in a period,
    /// with the file name to give it.
    pub async fn template(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        which: TemplateUnits,
    ) -> Result<(String, Vec<u8>)> {
        let template = self.template_rows(actor, code, period, which).await?;
        let bytes = template_xlsx(&template)
            .map_err(|e| AppError::internal("không ghi được mẫu nhập số liệu (Excel)", e))?;
        let suffix = if which == TemplateUnits::Villages {
            "-thon"
        } else {
            ""
        };
        let root = code.trim();
        Ok((format!("mau-nhap-{root}{suffix}-{}.xlsx", period.code()), bytes))
    }

    /// What a template holds, before it is written.
    pub async fn template_rows(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        which: TemplateUnits,
    ) -> Result<Template> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let root = visible_unit(self, actor, &snapshot, code, period)?;
        let mut rows = Vec::new();
        let mut left_out = Vec::new();
        for unit in self.template_units(&snapshot, root, period, which) {
            let Some(set) = snapshot.catalog.set_for_unit(hierarchy, unit, period) else {
                continue;
            };
            let (values, assessments) = self.store().unit_records(unit.id, period).await?;
            let day = hierarchy.reference_date(unit, period);
            let common = Common { unit, period, set };
            for criterion in &set.criteria {
                let target = Target {
                    unit,
                    namespace: &set.namespace,
                    criterion: &criterion.code,
                    indicator: None,
                    day,
                };
                for indicator in &criterion.indicators {
                    let may = can_edit(
                        actor,
                        hierarchy,
                        &snapshot.agencies,
                        Target {
                            indicator: Some(&indicator.code),
                            ..target
                        },
                    );
                    if may {
                        let record = values
                            .iter()
                            .find(|r| r.namespace == set.namespace && r.indicator == indicator.code);
                        keep(
                            &mut rows,
                            &mut left_out,
                            indicator_row(&common, criterion, indicator, record),
                        );
                    }
                }
                if can_edit(actor, hierarchy, &snapshot.agencies, target) {
                    let record = assessments
                        .iter()
                        .find(|a| a.namespace == set.namespace && a.criterion == criterion.code);
                    keep(
                        &mut rows,
                        &mut left_out,
                        assessment_row(&common, criterion, record),
                    );
                }
            }
        }
        if rows.is_empty() {
            return Err(AppError::Forbidden(format!(
                "không có số liệu nào của {} trong kỳ {period} mà bạn được nhập",
                root.full_name()
            )));
        }
        let who = match &actor.user {
            Some(u) => format!("{} ({})", u.display_name, u.username),
            None => actor.system_name.clone(),
        };
        Ok(Template {
            title: format!("Mẫu nhập số liệu — {} — {}", root.full_name(), period.label_vi()),
            made_for: format!("Xuất cho {who} lúc {}.", crate::clock::local_time_vi(actor.at)),
            rows,
            left_out,
        })
    }
}

/// Puts a row in the template, or, when a cell cannot hold one of its
/// values (a note stored before notes were limited), leaves it out and
/// says which unit and indicator: an export never fails for one value, and
/// a cut note never comes back as a save.
fn keep(rows: &mut Vec<TemplateRow>, left_out: &mut Vec<String>, row: TemplateRow) {
    use ntm_reports::cell_text::fits;
    if [&row.note, &row.value, &row.orig].iter().all(|t| fits(t)) {
        rows.push(row);
        return;
    }
    let what = if row.indicator.is_empty() {
        format!("đánh giá tiêu chí {}", row.criterion)
    } else {
        format!("chỉ tiêu {}", row.indicator)
    };
    tracing::warn!(
        unit = ?row.unit_code,
        subject = ?what,
        "a value too long for a spreadsheet cell was left out of a template"
    );
    left_out.push(format!(
        "{what} của {} (mã {}): ghi chú dài {} ký tự, quá sức chứa một ô Excel ({} ký tự)",
        row.unit_name,
        row.unit_code,
        ntm_core::quantity::group_thousands(row.note.chars().count() as u64),
        ntm_core::quantity::group_thousands(ntm_core::input::limits::EXCEL_CELL_CHARS as u64)
    ));
}
