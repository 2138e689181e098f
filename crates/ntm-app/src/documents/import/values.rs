//! Importing indicator values and criterion assessments: one row per value.
//! Each value is checked against its indicator (achieved ≤ total, a percent at
//! most 100, no negative quantity, a level the indicator has).

use std::collections::HashMap;

use ntm_core::criteria::{Catalog, CriteriaSet, Indicator, IndicatorKind};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitCode};
use ntm_core::value::{IndicatorValue, Provenance};
use ntm_store::{AssessmentWrite, ValueBatch, ValueWrite};

use crate::entry::rights::{ChangeRefusal, ChangeRights};

use crate::documents::csv_input::{CsvRow, CsvTable};
use crate::documents::import::{ImportError, parse_quantity, parse_yes_no};

pub const VALUE_COLUMNS: &[(&str, &str)] = &[
    ("unit_code", "unit_code"),
    ("mã đơn vị", "unit_code"),
    ("period", "period"),
    ("kỳ", "period"),
    ("criteria_set", "criteria_set"),
    ("bộ tiêu chí", "criteria_set"),
    ("indicator", "indicator"),
    ("chỉ tiêu", "indicator"),
    ("criterion", "criterion"),
    ("tiêu chí", "criterion"),
    ("value", "value"),
    ("giá trị", "value"),
    ("achieved", "achieved"),
    ("số đạt", "achieved"),
    ("total", "total"),
    ("tổng số", "total"),
    ("version", "version"),
    ("phiên bản", "version"),
    ("note", "note"),
    ("ghi chú", "note"),
    ("evidence", "evidence"),
    ("minh chứng", "evidence"),
    ("provenance", "provenance"),
    ("nguồn số liệu", "provenance"),
];

/// Where a row's value comes from: its `provenance` cell, else the file.
fn provenance(table: &CsvTable, row: &CsvRow) -> Result<Provenance, ImportError> {
    match table.get(row, "provenance") {
        None => Ok(Provenance::Imported),
        Some(text) => Provenance::parse(text).ok_or_else(|| {
            table.error(
                row,
                "provenance",
                format!(
                    "\"{text}\" không có: ghi imported (nhập từ tệp), document (theo văn bản), derived (suy ra) hoặc estimated (ước tính, điền bổ sung)"
                ),
            )
        }),
    }
}

fn parse_value(
    set: &CriteriaSet,
    code: &str,
    table: &CsvTable,
    row: &CsvRow,
) -> Result<IndicatorValue, ImportError> {
    let Some((_, indicator)) = set.indicator(code) else {
        return Err(table.error(
            row,
            "indicator",
            format!("bộ tiêu chí {} không có chỉ tiêu \"{code}\"", set.code),
        ));
    };
    let cells = ValueCells {
        value: table.get(row, "value"),
        achieved: table.get(row, "achieved"),
        total: table.get(row, "total"),
    };
    parse_indicator_value(indicator, cells).map_err(|(column, message)| table.error(row, column, message))
}

/// The cells a value is written in: a value, or achieved and total.
#[derive(Clone, Copy, Debug, Default)]
pub struct ValueCells<'a> {
    pub value: Option<&'a str>,
    pub achieved: Option<&'a str>,
    pub total: Option<&'a str>,
}

/// Parses and checks a value for an indicator, as CSV files, forms and the
/// API write it. An error names the field (`value`, `achieved`, `total`) and why.
pub fn parse_indicator_value(
    indicator: &Indicator,
    cells: ValueCells<'_>,
) -> Result<IndicatorValue, (&'static str, String)> {
    let ValueCells {
        value,
        achieved,
        total,
    } = cells;
    let not_applicable =
        value.is_some_and(|v| matches!(v.to_lowercase().as_str(), "không áp dụng" | "kad" | "n/a"));
    let quantity = |field: &'static str, text: &str| parse_quantity(text).map_err(|e| (field, e));
    let parsed = if not_applicable {
        IndicatorValue::NotApplicable
    } else {
        match indicator.kind {
            IndicatorKind::YesNo => {
                let text = value.ok_or(("value", "ô trống: ghi đạt hoặc không đạt".to_string()))?;
                IndicatorValue::YesNo(
                    parse_yes_no(text).ok_or(("value", format!("\"{text}\": ghi đạt hoặc không đạt")))?,
                )
            }
            IndicatorKind::Ratio => match (achieved, total, value) {
                (Some(a), Some(t), _) => IndicatorValue::Ratio {
                    achieved: quantity("achieved", a)?,
                    total: quantity("total", t)?,
                },
                (None, None, Some(v)) if v.contains('/') => {
                    let (a, t) = v.split_once('/').unwrap_or((v, ""));
                    IndicatorValue::Ratio {
                        achieved: quantity("value", a)?,
                        total: quantity("value", t)?,
                    }
                }
                (None, None, Some(v)) => IndicatorValue::Percent(quantity("value", v.trim_end_matches('%'))?),
                (Some(_), None, _) => return Err(("total", "có số đạt nhưng thiếu tổng số".into())),
                (None, Some(_), _) => return Err(("achieved", "có tổng số nhưng thiếu số đạt".into())),
                (None, None, None) => {
                    return Err(("value", "ô trống: ghi số đạt và tổng số, hoặc tỷ lệ %".into()));
                }
            },
            IndicatorKind::Number => IndicatorValue::Number(quantity(
                "value",
                value.ok_or(("value", "ô trống: cần một số".to_string()))?,
            )?),
            IndicatorKind::Level => {
                let text = value.ok_or(("value", "ô trống: cần một mức".to_string()))?;
                let level = indicator
                    .levels
                    .iter()
                    .position(|l| l.to_lowercase() == text.trim().to_lowercase());
                IndicatorValue::Level(level.ok_or((
                    "value",
                    format!(
                        "mức \"{text}\" không có; các mức: {}",
                        indicator.levels.join(", ")
                    ),
                ))? as u8)
            }
        }
    };
    let field = if achieved.is_some() { "achieved" } else { "value" };
    parsed.check(indicator).map_err(|e| (field, e.to_string()))?;
    Ok(parsed)
}

/// What values are checked against: the catalog, and what the importer may
/// change (who is importing, the hierarchy, who owns what, and the approval
/// locks of the periods the file names).
#[derive(Debug, Clone, Copy)]
pub struct ImportContext<'a> {
    pub catalog: &'a Catalog,
    pub rights: ChangeRights<'a>,
}

/// The (unit, period) pairs a batch writes, for checking them after.
pub fn touched(batch: &ValueBatch) -> Vec<(ntm_core::unit::UnitId, Period)> {
    batch
        .values
        .iter()
        .map(|v| (v.unit, v.period))
        .chain(batch.assessments.iter().map(|a| (a.unit, a.period)))
        .collect()
}

/// The periods a values table names (for loading their locks first).
pub fn periods_in(table: &CsvTable) -> Vec<Period> {
    let mut periods: Vec<Period> = table
        .rows
        .iter()
        .filter_map(|row| table.get(row, "period")?.parse().ok())
        .collect();
    periods.sort();
    periods.dedup();
    periods
}

/// Reads and checks a values file into one batch. A row the importing user
/// may not change is an error like any other.
pub fn plan_values(table: &CsvTable, ctx: ImportContext<'_>) -> Result<ValueBatch, Vec<ImportError>> {
    table.require(&["unit_code", "period"])?;
    if !table.has("indicator") && !table.has("criterion") {
        return Err(vec![ImportError::at(
            &table.file,
            1,
            "indicator",
            "cần cột indicator (chỉ tiêu) hoặc criterion (tiêu chí)",
        )]);
    }
    let mut batch = ValueBatch {
        context: ctx.rights.actor.context(),
        ..ValueBatch::default()
    };
    let mut errors = Vec::new();
    let mut seen = Seen::new();
    for row in &table.rows {
        match plan_row(table, row, ctx, &mut batch, &mut seen) {
            Ok(()) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(batch) } else { Err(errors) }
}

/// The version a row was read at, when the file says (templates do): a save
/// over a newer version is then refused.
fn version(table: &CsvTable, row: &CsvRow) -> Result<Option<i64>, ImportError> {
    match table.get(row, "version") {
        None => Ok(None),
        Some(text) => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| table.error(row, "version", format!("\"{text}\" không phải số phiên bản"))),
    }
}

/// Where a row's value lands: the unit, the period and the set that judges it.
#[derive(Clone, Copy)]
struct RowPlace<'a> {
    unit: &'a Unit,
    period: Period,
    set: &'a CriteriaSet,
}

/// What a row says besides its value: a note and its evidence.
struct RowRemarks {
    note: Option<String>,
    evidence: Vec<String>,
}

/// One row being planned: the table it is read from and what it is checked against.
#[derive(Clone, Copy)]
struct RowPlan<'a> {
    table: &'a CsvTable,
    row: &'a CsvRow,
    ctx: ImportContext<'a>,
}

/// The rows already planned, by unit, period and subject, with their line.
type Seen = HashMap<(i64, i32, String), u64>;

fn plan_row(
    table: &CsvTable,
    row: &CsvRow,
    ctx: ImportContext<'_>,
    batch: &mut ValueBatch,
    seen: &mut Seen,
) -> Result<(), ImportError> {
    let plan = RowPlan { table, row, ctx };
    let place = plan.place()?;
    let remarks = plan.remarks();
    match (table.get(row, "indicator"), table.get(row, "criterion")) {
        (Some(_), Some(_)) => Err(table.error(
            row,
            "criterion",
            "một dòng chỉ ghi chỉ tiêu hoặc tiêu chí, không ghi cả hai",
        )),
        (None, None) => Err(table.error(
            row,
            "indicator",
            "ô trống: ghi mã chỉ tiêu (hoặc mã tiêu chí ở cột criterion)",
        )),
        (Some(code), None) => {
            batch.values.push(plan.value_write(place, code, remarks, seen)?);
            Ok(())
        }
        (None, Some(code)) => {
            batch
                .assessments
                .push(plan.assessment_write(place, code, remarks, seen)?);
            Ok(())
        }
    }
}

impl<'a> RowPlan<'a> {
    fn error(&self, column: &str, message: impl Into<String>) -> ImportError {
        self.table.error(self.row, column, message)
    }

    /// The row's period, its unit in that period, and the set named or in force.
    fn place(&self) -> Result<RowPlace<'a>, ImportError> {
        let (table, row) = (self.table, self.row);
        let period_text = table
            .get(row, "period")
            .ok_or_else(|| self.error("period", "ô trống"))?;
        let period: Period = period_text
            .parse()
            .map_err(|e: ntm_core::period::PeriodError| self.error("period", e.to_string()))?;
        let code_text = table
            .get(row, "unit_code")
            .ok_or_else(|| self.error("unit_code", "ô trống"))?;
        let code: UnitCode = code_text
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| self.error("unit_code", e.to_string()))?;
        let unit = self
            .ctx
            .rights
            .hierarchy
            .resolve(&code, period)
            .map_err(|e| self.error("unit_code", e.to_string()))?;
        let set = self.set(unit, period)?;
        Ok(RowPlace { unit, period, set })
    }

    /// The set the row names, else the one that judges the unit in the period.
    fn set(&self, unit: &'a Unit, period: Period) -> Result<&'a CriteriaSet, ImportError> {
        let (catalog, hierarchy) = (self.ctx.catalog, self.ctx.rights.hierarchy);
        match self.table.get(self.row, "criteria_set") {
            Some(c) => catalog
                .set(c)
                .ok_or_else(|| self.error("criteria_set", format!("không có bộ tiêu chí \"{c}\""))),
            None => catalog.set_for_unit(hierarchy, unit, period).ok_or_else(|| {
                self.error(
                    "unit_code",
                    format!(
                        "không có bộ tiêu chí nào áp dụng cho {} trong kỳ {period}",
                        unit.full_name()
                    ),
                )
            }),
        }
    }

    /// The row's note, and its evidence: names separated by ";".
    fn remarks(&self) -> RowRemarks {
        let (table, row) = (self.table, self.row);
        RowRemarks {
            note: table.get(row, "note").map(str::to_string),
            evidence: table
                .get(row, "evidence")
                .map(|e| {
                    e.split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Refuses the row when the importer may not change the value or
    /// assessment (`denied` says which), or when its period is approved.
    fn check_may_change(
        &self,
        place: RowPlace<'_>,
        column: &str,
        criterion: &str,
        indicator: Option<&str>,
        denied: impl FnOnce() -> String,
    ) -> Result<(), ImportError> {
        match self.ctx.rights.check(
            place.unit,
            place.period,
            &place.set.namespace,
            criterion,
            indicator,
        ) {
            Ok(()) => Ok(()),
            Err(ChangeRefusal::Denied) => Err(self.error(column, denied())),
            Err(ChangeRefusal::Locked(lock)) => Err(self.error(column, lock)),
        }
    }

    /// An indicator's value: checked, allowed, and the first of its subject.
    fn value_write(
        &self,
        place: RowPlace<'_>,
        code: &str,
        remarks: RowRemarks,
        seen: &mut Seen,
    ) -> Result<ValueWrite, ImportError> {
        let (table, row) = (self.table, self.row);
        let value = parse_value(place.set, code, table, row)?;
        let (criterion, indicator) = place
            .set
            .indicator(code)
            .ok_or_else(|| self.error("indicator", "không rõ chỉ tiêu"))?;
        let key = indicator.key;
        self.check_may_change(place, "indicator", &criterion.code, Some(code), || {
            format!(
                "bạn không có quyền sửa chỉ tiêu {code} của {}",
                place.unit.full_name()
            )
        })?;
        let subject = (place.unit.id.0, place.period.key(), format!("i{}", key.0));
        if let Some(first) = seen.insert(subject, row.line) {
            return Err(self.error("indicator", format!("giá trị này đã có ở dòng {first}")));
        }
        Ok(ValueWrite {
            unit: place.unit.id,
            period: place.period,
            indicator: key,
            value: Some(value),
            provenance: provenance(table, row)?,
            note: remarks.note,
            evidence: remarks.evidence,
            expected_version: version(table, row)?,
        })
    }

    /// A criterion's assessment: allowed, met or not, and the first of its subject.
    fn assessment_write(
        &self,
        place: RowPlace<'_>,
        code: &str,
        remarks: RowRemarks,
        seen: &mut Seen,
    ) -> Result<AssessmentWrite, ImportError> {
        let (table, row) = (self.table, self.row);
        let criterion = place.set.criterion(code).ok_or_else(|| {
            self.error(
                "criterion",
                format!("bộ tiêu chí {} không có tiêu chí \"{code}\"", place.set.code),
            )
        })?;
        self.check_may_change(place, "criterion", &criterion.code, None, || {
            format!(
                "bạn không có quyền đánh giá tiêu chí {code} của {}",
                place.unit.full_name()
            )
        })?;
        let text = table
            .get(row, "value")
            .ok_or_else(|| self.error("value", "ô trống: ghi đạt hoặc chưa đạt"))?;
        let met = parse_yes_no(text)
            .ok_or_else(|| self.error("value", format!("\"{text}\": ghi đạt hoặc chưa đạt")))?;
        let subject = (
            place.unit.id.0,
            place.period.key(),
            format!("c{}", criterion.key.0),
        );
        if let Some(first) = seen.insert(subject, row.line) {
            return Err(self.error("criterion", format!("kết quả này đã có ở dòng {first}")));
        }
        Ok(AssessmentWrite {
            unit: place.unit.id,
            period: place.period,
            criterion: criterion.key,
            met: Some(met),
            provenance: provenance(table, row)?,
            note: remarks.note,
            evidence: remarks.evidence,
            expected_version: version(table, row)?,
        })
    }
}
