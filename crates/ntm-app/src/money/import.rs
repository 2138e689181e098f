//! Importing money from CSV (or the first sheet of an XLSX workbook):
//! capital amounts, projects, project allocations and disbursements, and
//! community contributions, recognised by their columns. Every cell is
//! checked, every problem listed with its line and column, the user's rights
//! applied row by row; nothing is stored unless the whole file is valid.
//! Here the file is read, recognised and written, with its capital and
//! contribution rows; its cells are read in `import_cells`, its
//! projects in `import_projects`.

use ntm_core::money::{CapitalAmount, CapitalKind, Contribution, Project};
use ntm_core::unit::Unit;
use ntm_store::RecordWrite;

use crate::accounts::access::Actor;
use crate::documents::csv_input::{CsvRow, CsvTable};
use crate::documents::import::{ImportError, ImportSummary};
use crate::error::{AppError, Result};
use crate::money::edit::{capital_key, contribution_key};
use crate::program::Program;
use crate::records::put;

use super::import_cells::Rows;
use super::import_projects::project_money_writes;

pub const CAPITAL_COLUMNS: &[&str] = &[
    "unit_code",
    "kind",
    "start_year",
    "end_year",
    "source",
    "amount",
    "note",
];
pub const PROJECT_COLUMNS: &[&str] = &[
    "unit_code",
    "project",
    "name",
    "communes",
    "criteria",
    "owner",
    "status",
    "planned_end",
];
pub const PROJECT_MONEY_COLUMNS: &[&str] = &[
    "unit_code",
    "project",
    "year",
    "source",
    "allocated",
    "disbursed",
    "disbursed_on",
    "carried_from",
    "note",
];
pub const CONTRIBUTION_COLUMNS: &[&str] = &[
    "unit_code",
    "year",
    "project",
    "cash",
    "labour_days",
    "day_rate",
    "land_m2",
    "households",
    "note",
];

fn aliases(columns: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    columns.iter().map(|c| (*c, *c)).collect()
}

/// Every money column once, in the order of the four kinds of file.
fn money_columns() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    for c in [
        CAPITAL_COLUMNS,
        PROJECT_COLUMNS,
        PROJECT_MONEY_COLUMNS,
        CONTRIBUTION_COLUMNS,
    ]
    .concat()
    {
        if !all.contains(&c) {
            all.push(c);
        }
    }
    all
}

/// The file as a table: the first sheet of an XLSX workbook, or CSV with
/// any of the money columns.
fn read_table(file: &str, bytes: &[u8]) -> Result<CsvTable> {
    if bytes.starts_with(b"PK\x03\x04") {
        sheet_table(file, bytes).map_err(AppError::Import)
    } else {
        CsvTable::parse(file, bytes, &aliases(&money_columns())).map_err(AppError::Import)
    }
}

/// The first sheet of a workbook as a table with its header row.
fn sheet_table(file: &str, bytes: &[u8]) -> std::result::Result<CsvTable, Vec<ImportError>> {
    let sheet = ntm_reports::template::read_first_sheet(bytes)
        .map_err(|e| vec![ImportError::at(file, 0, "", e.to_string())])?;
    let mut errors = Vec::new();
    for row in &sheet.rows {
        for (key, message) in &row.bad_cells {
            errors.push(ImportError::at(file, u64::from(row.line), key, message.clone()));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let rows = sheet
        .rows
        .into_iter()
        .map(|r| (u64::from(r.line), r.cells))
        .collect();
    CsvTable::from_sheet(file, &sheet.sheet, &sheet.keys, sheet.letters, rows)
}

/// What a money file holds, recognised by its columns.
#[derive(Debug, Clone, Copy)]
enum FileKind {
    Capital,
    Projects,
    ProjectMoney,
    Contributions,
}

impl FileKind {
    fn of(table: &CsvTable) -> Option<Self> {
        if table.has("kind") && table.has("amount") {
            Some(Self::Capital)
        } else if table.has("name") && table.has("owner") {
            Some(Self::Projects)
        } else if table.has("project") && (table.has("allocated") || table.has("disbursed")) {
            Some(Self::ProjectMoney)
        } else if table.has("labour_days") || table.has("cash") || table.has("land_m2") {
            Some(Self::Contributions)
        } else {
            None
        }
    }
}

fn unknown_file(file: &str) -> AppError {
    AppError::Import(vec![ImportError::at(
        file,
        1,
        "",
        "không nhận ra loại tệp vốn: xem các cột trong docs/money.md (vốn theo nguồn, dự án, giải ngân, đóng góp)",
    )])
}

impl Program {
    /// Imports a money file: capital, projects, project money or contributions.
    pub async fn import_money(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        let table = read_table(file, bytes)?;
        let snapshot = self.snapshot().await?;
        let sources = self.money_sources().await?;
        let mut rows = Rows {
            table: &table,
            snapshot: &snapshot,
            actor,
            sources: &sources,
            errors: Vec::new(),
        };
        let writes = match FileKind::of(&table) {
            Some(FileKind::Capital) => capital_writes(&mut rows)?,
            Some(FileKind::Projects) => self.project_writes(&mut rows).await?,
            Some(FileKind::ProjectMoney) => {
                let stored = self.records::<Project>(None).await?;
                project_money_writes(&mut rows, stored)?
            }
            Some(FileKind::Contributions) => contribution_writes(&mut rows)?,
            None => return Err(unknown_file(file)),
        };
        rows.checked()?;
        let rows_count = table.rows.len();
        let written = self.write_records(actor, writes).await?;
        Ok(ImportSummary {
            rows: rows_count,
            created: written,
            updated: 0,
            unchanged: rows_count.saturating_sub(written),
            warnings: Vec::new(),
        })
    }
}

/// The capital amounts of a file, one write per valid row.
fn capital_writes(rows: &mut Rows<'_>) -> Result<Vec<RecordWrite>> {
    let table = rows.table;
    let mut writes = Vec::new();
    for row in &table.rows {
        if let Some((unit, c)) = capital_row(rows, row) {
            let key = capital_key(&unit, &c);
            writes.push(put(key, Some(unit.id), Some(c.end_year), &c, None)?);
        }
    }
    Ok(writes)
}

fn capital_kind(rows: &mut Rows<'_>, row: &CsvRow) -> Option<CapitalKind> {
    match rows.required(row, "kind")? {
        "plan" | "kế hoạch" => Some(CapitalKind::Plan),
        "mobilized" | "huy động" => Some(CapitalKind::Mobilized),
        "need" | "nhu cầu" => Some(CapitalKind::Need),
        other => {
            rows.problem(row, "kind", format!("\"{other}\": ghi plan, mobilized hoặc need"));
            None
        }
    }
}

/// A row of capital by source, with the unit it is for (at the end year).
fn capital_row(rows: &mut Rows<'_>, row: &CsvRow) -> Option<(Unit, CapitalAmount)> {
    let kind = capital_kind(rows, row);
    let start = rows.year(row, "start_year");
    let end = if rows.text(row, "end_year").is_some() {
        rows.year(row, "end_year")
    } else {
        start
    };
    let source = rows.required(row, "source").map(str::to_string);
    let amount = rows.amount(row, "amount");
    let (Some(kind), Some(start), Some(end), Some(source), Some(amount)) = (kind, start, end, source, amount)
    else {
        return None;
    };
    if !rows.known_source(row, &source) {
        return None;
    }
    let unit = rows.unit(row, end, false)?;
    let c = CapitalAmount {
        kind,
        start_year: start,
        end_year: end,
        source,
        amount,
        note: rows.text(row, "note").map(str::to_string),
    };
    Some((unit, c))
}

/// The contributions of a file, one write per valid row.
fn contribution_writes(rows: &mut Rows<'_>) -> Result<Vec<RecordWrite>> {
    let table = rows.table;
    let mut writes = Vec::new();
    for row in &table.rows {
        if let Some((unit, c)) = contribution_row(rows, row) {
            let key = contribution_key(&unit, &c);
            writes.push(put(key, Some(unit.id), Some(c.year), &c, None)?);
        }
    }
    Ok(writes)
}

/// A row of community contributions, with its commune.
fn contribution_row(rows: &mut Rows<'_>, row: &CsvRow) -> Option<(Unit, Contribution)> {
    let year = rows.year(row, "year")?;
    let households = rows.optional(
        row,
        "households",
        |t| t.replace('.', "").parse::<u32>().ok(),
        |t| format!("\"{t}\" không phải số hộ"),
    )?;
    let c = Contribution {
        year,
        project: rows.text(row, "project").map(str::to_string),
        cash: rows.amount(row, "cash"),
        labour_days: rows.amount(row, "labour_days"),
        day_rate: rows.amount(row, "day_rate").unwrap_or_default(),
        land_m2: rows.amount(row, "land_m2"),
        households,
        note: rows.text(row, "note").map(str::to_string),
    };
    if let Err(e) = c.check() {
        rows.problem(row, e.field(), e.to_string());
        return None;
    }
    let unit = rows.unit(row, year, true)?;
    Some((unit, c))
}
