//! The tables of a page as files, beside them on the page: the same figures
//! (built from the view model the page renders), for whoever may see the
//! page, as XLSX (number cells) or CSV (formula-safe). One service method per
//! page: the overview, the plans, the gaps and the money page.
//!
//! Not here: the figures themselves (each page's service builds its view
//! model; these files only lay it out) and the report files (`reports`).

mod cycle;
mod figures;
mod gaps;
mod money;
mod overview;
mod plans;

pub use cycle::CycleTable;
pub use gaps::GapsTable;
pub use money::MoneyTable;
pub use overview::parse_table;
pub use plans::PlanTable;

use ntm_reports::table::Table;
use ntm_reports::table_file::{table_csv, table_xlsx};

use crate::documents::reports::{ReportFile, XLSX};
use crate::error::{AppError, Result};

/// The CSV content type (UTF-8, with a byte-order mark in the body).
pub const CSV: &str = "text/csv; charset=utf-8";

/// The file format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Xlsx,
    Csv,
}

impl TableFormat {
    /// From the address's `format=`.
    pub fn parse(text: &str) -> Result<TableFormat> {
        match text.trim().to_lowercase().as_str() {
            "xlsx" => Ok(TableFormat::Xlsx),
            "csv" => Ok(TableFormat::Csv),
            other => Err(AppError::BadRequest(format!(
                "định dạng \"{other}\" không có: dùng xlsx hoặc csv"
            ))),
        }
    }
}

/// A year from the address's `year=` ("2023"), or an error naming the years
/// ntm knows.
pub fn parse_year(text: &str) -> Result<i32> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| ntm_core::period::is_valid_year(*y))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "năm \"{}\" không hợp lệ: dùng một năm trong khoảng {}",
                text.trim(),
                ntm_core::period::YEARS_TEXT
            ))
        })
}

/// A table the address names that the page does not have (`keys`: those it has).
fn unknown_table(text: &str, page: &str, keys: &str) -> AppError {
    AppError::BadRequest(format!(
        "bảng \"{}\" không có trên trang {page}: dùng {keys}",
        text.trim()
    ))
}

/// A table the page has, but not for this unit and time (no projects, no
/// targets): the page shows none.
fn absent(page: &str) -> AppError {
    AppError::NotFound(format!("trang {page} không có bảng này"))
}

/// The table as a file named `name` (without its extension).
fn file(name: &str, table: &Table, format: TableFormat) -> Result<ReportFile> {
    Ok(match format {
        TableFormat::Xlsx => ReportFile {
            name: format!("{name}.xlsx"),
            content_type: XLSX,
            bytes: table_xlsx(table).map_err(|e| AppError::internal("không ghi được tệp bảng (Excel)", e))?,
        },
        TableFormat::Csv => ReportFile {
            name: format!("{name}.csv"),
            content_type: CSV,
            bytes: table_csv(table),
        },
    })
}

/// A page table with the common frame: no appendix number, one sheet.
fn frame(key: &str, sheet: &str, title: String, subtitle: String) -> Table {
    Table {
        key: key.into(),
        code: String::new(),
        sheet: sheet.into(),
        label: String::new(),
        title,
        subtitle,
        columns: Vec::new(),
        groups: Vec::new(),
        rows: Vec::new(),
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes: Vec::new(),
        frozen_columns: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_year_or_format_names_what_is_allowed() {
        assert_eq!(parse_year(" 2023 ").expect("year"), 2023);
        for bad in ["abc", "1999", "2101", ""] {
            let e = parse_year(bad).expect_err(bad).to_string();
            assert!(e.contains(ntm_core::period::YEARS_TEXT), "{e}");
        }
        assert_eq!(TableFormat::parse("CSV").expect("csv"), TableFormat::Csv);
        let e = TableFormat::parse("pdf").expect_err("pdf").to_string();
        assert!(e.contains("xlsx hoặc csv"), "{e}");
    }
}
