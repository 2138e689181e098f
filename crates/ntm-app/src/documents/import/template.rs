//! Importing a filled-in template: every row the user changed (compared with
//! the value written when it was exported), checked like a CSV row (format,
//! rights, duplicates), saved in one transaction with the version it was
//! exported at. Every problem names the sheet and cell; nothing is saved
//! unless the whole file is valid.

use ntm_core::unit::UnitId;
use ntm_reports::template::{ReadRow, SheetRows, TemplateError, read_template};
use ntm_store::{Conflict, StoreError, Subject, ValueBatch};

use crate::accounts::access::Actor;
use crate::documents::csv_input::{CsvRow, CsvTable};
use crate::documents::import::{ImportError, ImportSummary};
use crate::documents::template_export::orig_of;
use crate::error::{AppError, Result};
use crate::program::Program;

fn file_error(file: &str, e: TemplateError) -> AppError {
    AppError::Import(vec![ImportError::at(file, 0, "", e.to_string())])
}

/// Where the template's columns are, by their keys.
#[derive(Clone, Copy)]
struct TemplateColumns {
    value: usize,
    achieved: usize,
    total: usize,
    note: usize,
    orig: usize,
    indicator: usize,
    criterion: usize,
}

impl TemplateColumns {
    /// The columns of a template's sheet; `None` when a key is missing.
    fn of(sheet: &SheetRows) -> Option<TemplateColumns> {
        let at = |key: &str| sheet.keys.iter().position(|k| k == key);
        Some(TemplateColumns {
            value: at("value")?,
            achieved: at("achieved")?,
            total: at("total")?,
            note: at("note")?,
            orig: at("orig")?,
            indicator: at("indicator")?,
            criterion: at("criterion")?,
        })
    }
}

/// The rows a user changed, read from the sheet: the problems of the cells
/// the reader refused, the changed rows as table rows, and how many rows
/// were left as exported (or blank).
struct ChangedRows {
    errors: Vec<ImportError>,
    rows: Vec<(u64, Vec<String>)>,
    skipped: usize,
}

/// The problems of the cells the reader refused in a row, named by sheet and cell.
fn bad_cell_errors(file: &str, sheet: &SheetRows, row: &ReadRow) -> Vec<ImportError> {
    row.bad_cells
        .iter()
        .map(|(key, message)| {
            let column = sheet.keys.iter().position(|k| k == key).unwrap_or(0);
            let mut e = ImportError::at(file, u64::from(row.line), key, message.clone());
            e.sheet = sheet.sheet.as_str().into();
            e.cell = format!(
                "{}{}",
                sheet.letters.get(column).cloned().unwrap_or_default(),
                row.line
            )
            .into();
            e
        })
        .collect()
}

/// A row's cells to import, or `None` when the row holds what it was
/// exported with or its value cells are blank.
fn changed_cells(row: &ReadRow, columns: TemplateColumns) -> Option<Vec<String>> {
    let cell = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or("");
    let now = orig_of(
        cell(columns.value),
        cell(columns.achieved),
        cell(columns.total),
        cell(columns.note),
    );
    let blank = [columns.value, columns.achieved, columns.total]
        .iter()
        .all(|i| cell(*i).is_empty());
    if now == cell(columns.orig) || blank {
        return None;
    }
    let mut cells = row.cells.clone();
    // The criterion column of an indicator row is there to read.
    if !cell(columns.indicator).is_empty()
        && let Some(c) = cells.get_mut(columns.criterion)
    {
        c.clear();
    }
    Some(cells)
}

/// The sheet's rows sorted into refused, changed and left as exported.
fn changed_rows(file: &str, sheet: &SheetRows, columns: TemplateColumns) -> ChangedRows {
    let mut changed = ChangedRows {
        errors: Vec::new(),
        rows: Vec::new(),
        skipped: 0,
    };
    for row in &sheet.rows {
        changed.errors.extend(bad_cell_errors(file, sheet, row));
        if !row.bad_cells.is_empty() {
            continue;
        }
        match changed_cells(row, columns) {
            Some(cells) => changed.rows.push((u64::from(row.line), cells)),
            None => changed.skipped += 1,
        }
    }
    changed
}

/// Every problem of the file, in the order of its rows.
fn by_line(mut errors: Vec<ImportError>, more: Vec<ImportError>) -> AppError {
    errors.extend(more);
    errors.sort_by_key(|e| e.line);
    AppError::Import(errors)
}

/// What each write is about, with the row it came from (for naming the cell
/// of a conflict): values come from indicator rows, assessments from the others.
fn write_rows<'t>(table: &'t CsvTable, batch: &ValueBatch) -> Vec<(UnitId, i32, Subject, &'t CsvRow)> {
    let (mut value_rows, mut assessment_rows) = (Vec::new(), Vec::new());
    for row in &table.rows {
        if table.get(row, "indicator").is_some() {
            value_rows.push(row);
        } else {
            assessment_rows.push(row);
        }
    }
    batch
        .values
        .iter()
        .zip(&value_rows)
        .map(|(w, r)| (w.unit, w.period.key(), Subject::Indicator(w.indicator), *r))
        .chain(
            batch
                .assessments
                .iter()
                .zip(&assessment_rows)
                .map(|(w, r)| (w.unit, w.period.key(), Subject::Criterion(w.criterion), *r)),
        )
        .collect()
}

/// A value changed by someone else since the export, at the cell it was read from.
fn conflict_error(
    file: &str,
    table: &CsvTable,
    subjects: &[(UnitId, i32, Subject, &CsvRow)],
    conflict: &Conflict,
) -> ImportError {
    let c = conflict;
    let row = subjects
        .iter()
        .find(|(u, p, s, _)| *u == c.unit && *p == c.period.key() && *s == c.subject)
        .map(|(_, _, _, r)| *r);
    let message = format!(
        "giá trị đã được {} sửa lúc {} sau khi xuất mẫu; hãy xuất mẫu mới rồi nhập lại",
        c.by.as_deref().unwrap_or("người khác"),
        c.at.as_deref()
            .map(crate::views::audit::local_time_vi)
            .unwrap_or_default()
    );
    match row {
        Some(r) => table.error(r, "value", message),
        None => ImportError::at(file, 0, "", message),
    }
}

impl Program {
    /// Imports a template workbook exported by [`Program::template`].
    pub async fn import_template(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        let sheet = read_template(bytes).map_err(|e| file_error(file, e))?;
        let Some(columns) = TemplateColumns::of(&sheet) else {
            return Err(file_error(file, TemplateError::NoKeys));
        };
        let ChangedRows {
            errors,
            rows,
            skipped,
        } = changed_rows(file, &sheet, columns);
        let table = match CsvTable::from_sheet(file, &sheet.sheet, &sheet.keys, sheet.letters.clone(), rows) {
            Ok(table) => table,
            Err(more) => return Err(by_line(errors, more)),
        };
        let batch = self.template_batch(actor, &table, errors).await?;
        let subjects = write_rows(&table, &batch);
        let rows_written = batch.values.len() + batch.assessments.len();
        let touched = crate::documents::import::values::touched(&batch);
        match self.store().write_values(batch, &self.keys()).await {
            Ok(written) => Ok(ImportSummary {
                rows: rows_written + skipped,
                created: written.created,
                updated: written.updated + written.deleted,
                unchanged: written.unchanged + skipped,
                warnings: self.warnings_of(&touched).await?,
            }),
            Err(StoreError::Conflict(conflicts)) => Err(AppError::Import(
                conflicts
                    .iter()
                    .map(|c| conflict_error(file, &table, &subjects, c))
                    .collect(),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The changed rows checked like a values file into one batch; `errors`,
    /// the sheet's own problems, refuse it too.
    async fn template_batch(
        &self,
        actor: &Actor,
        table: &CsvTable,
        errors: Vec<ImportError>,
    ) -> Result<ValueBatch> {
        match self.values_batch(actor, table).await? {
            Ok(batch) if errors.is_empty() => Ok(batch),
            Ok(_) => Err(AppError::Import(errors)),
            Err(more) => Err(by_line(errors, more)),
        }
    }

    /// Imports any file users bring: a template workbook (.xlsx), a values
    /// CSV, a money table (CSV or XLSX: capital, projects, disbursements,
    /// contributions), or (administrators) a units or successions CSV, or a
    /// GeoJSON file of boundaries.
    pub async fn import_file(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        if !crate::accounts::access::can_enter_data(actor) {
            return Err(AppError::Forbidden(
                "tài khoản chỉ xem không nhập được số liệu từ tệp".into(),
            ));
        }
        if bytes.starts_with(b"PK\x03\x04") && ntm_reports::criteria_book::is_criteria_book(bytes) {
            // A criteria set's workbook: its draft (or a new version).
            let done = self.import_criteria_workbook(actor, file, bytes).await?;
            return Ok(ImportSummary {
                rows: done.indicators,
                created: usize::from(done.created),
                updated: usize::from(!done.created),
                unchanged: 0,
                warnings: Vec::new(),
            });
        }
        if bytes.starts_with(b"PK\x03\x04") {
            // A workbook without the template's sheet whose first row names
            // money columns is a money table; anything else is read as a
            // template, whose reader says what is wrong with it.
            let money = !ntm_reports::template::is_template_workbook(bytes)
                && ntm_reports::template::read_first_sheet(bytes)
                    .is_ok_and(|sheet| is_money_header(&sheet.keys.join(",")));
            return if money {
                self.import_money(actor, file, bytes).await
            } else {
                self.import_template(actor, file, bytes).await
            };
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            return self.import_geometry(actor, file, bytes).await;
        }
        let head =
            String::from_utf8_lossy(bytes.get(..bytes.len().min(1024)).unwrap_or(bytes)).to_lowercase();
        let header = head.lines().next().unwrap_or("");
        if is_money_header(header) {
            return self.import_money(actor, file, bytes).await;
        }
        let is_values = ["indicator", "criterion", "chỉ tiêu", "tiêu chí"]
            .iter()
            .any(|c| header.contains(c));
        if is_values {
            self.import_values_csv(actor, file, bytes).await
        } else {
            self.import_units_csv(actor, file, bytes).await
        }
    }
}

/// A header row (lowercased, comma-separated) of a money table: a unit code
/// and a column only money tables have.
fn is_money_header(header: &str) -> bool {
    header.contains("unit_code")
        && ["amount", "allocated", "disbursed", "labour_days", "cash", "owner"]
            .iter()
            .any(|c| header.contains(c))
}
