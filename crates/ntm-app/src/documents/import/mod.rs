//! Imports: CSV files (and rows built by the demo and the benchmark generator)
//! checked cell by cell into one write batch. Either the whole file is valid
//! and written in one transaction, or every problem is listed and nothing is
//! written. The formats are documented in docs/csv-formats.md.
//!
//! One module per kind of file (values, units, village moves,
//! classifications, templates); a units file is read in `units` and planned
//! against the stored hierarchy in `unit_changes`; `service` runs a units or
//! values file as the program's import (fresh snapshot, rights, one write).
//!
//! Not here: who may change a value (`entry::rights`), the criteria set that
//! judges a unit (`ntm_core::criteria`), money files (`money::import`) and
//! criteria workbooks (`criteria::workbook`).

pub mod classifications;
mod parse;
mod service;
pub mod template;
mod unit_changes;
pub mod units;
pub mod values;
pub mod village_moves;

use std::fmt;

pub use parse::{parse_flags, parse_quantity, parse_yes_no};

/// One problem in an imported file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportError {
    pub file: String,
    /// 1-based line; 0 when the problem is not on one line.
    pub line: u64,
    pub column: String,
    /// For spreadsheets: the sheet and the cell ("H12"); empty for CSV files.
    /// (Boxed strings keep the error small: it travels in every `Result`.)
    pub sheet: Box<str>,
    pub cell: Box<str>,
    pub message: String,
}

impl ImportError {
    pub fn at(file: &str, line: u64, column: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            line,
            column: column.to_string(),
            sheet: Box::default(),
            cell: Box::default(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.sheet.is_empty() {
            write!(f, ", trang \"{}\"", self.sheet)?;
        }
        if !self.cell.is_empty() {
            write!(f, ", ô {}", self.cell)?;
        } else if self.line > 0 {
            write!(f, " dòng {}", self.line)?;
        }
        if !self.column.is_empty() {
            write!(f, ", cột {}", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// What the criteria set's checks say of the values written (consistency,
    /// history): warnings, the import is done.
    #[serde(default)]
    pub warnings: Vec<String>,
}
