//! The tables of a page as files, beside them on the page: the same figures,
//! for whoever may see the page, as XLSX (number cells) or CSV
//! (formula-safe). One service method per page.

mod overview;

pub use overview::parse_table;

use ntm_reports::table::Table;
use ntm_reports::table_file::{table_csv, table_xlsx};

use crate::error::{AppError, Result};
use crate::reports::{ReportFile, XLSX};

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

/// A table the address names that the page does not have (`keys`: those it has).
fn unknown_table(text: &str, page: &str, keys: &str) -> AppError {
    AppError::BadRequest(format!(
        "bảng \"{}\" không có trên trang {page}: dùng {keys}",
        text.trim()
    ))
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
