//! The cells of a money file being imported ([`super::import`]): each one
//! read and checked (empty, amount, year, source, the unit and the user's
//! right to change its money), every problem listed with its line and column.

use ntm_core::money::Source;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::Unit;

use crate::accounts::access::{Actor, MoneyEntry, can_enter_money};
use crate::documents::csv_input::{CsvRow, CsvTable};
use crate::documents::import::{ImportError, parse_quantity};
use crate::error::{AppError, Result};
use crate::program::Snapshot;

/// The rows of a file being read: each cell checked, every problem listed
/// with its line and column.
pub(super) struct Rows<'a> {
    pub(super) table: &'a CsvTable,
    pub(super) snapshot: &'a Snapshot,
    pub(super) actor: &'a Actor,
    pub(super) sources: &'a [Source],
    pub(super) errors: Vec<ImportError>,
}

impl Rows<'_> {
    pub(super) fn problem(&mut self, row: &CsvRow, column: &str, message: impl Into<String>) {
        self.errors.push(self.table.error(row, column, message));
    }

    pub(super) fn text<'r>(&self, row: &'r CsvRow, column: &str) -> Option<&'r str> {
        self.table.get(row, column)
    }

    pub(super) fn required<'r>(&mut self, row: &'r CsvRow, column: &str) -> Option<&'r str> {
        let v = self.table.get(row, column);
        if v.is_none() {
            self.problem(row, column, "ô trống");
        }
        v
    }

    /// An optional cell: `Some(None)` when empty, `None` when it does not
    /// read (the problem listed), and the row is then skipped.
    pub(super) fn optional<T>(
        &mut self,
        row: &CsvRow,
        column: &str,
        read: impl FnOnce(&str) -> Option<T>,
        problem: impl FnOnce(&str) -> String,
    ) -> Option<Option<T>> {
        let Some(text) = self.text(row, column) else {
            return Some(None);
        };
        match read(text) {
            Some(v) => Some(Some(v)),
            None => {
                self.problem(row, column, problem(text));
                None
            }
        }
    }

    pub(super) fn amount(&mut self, row: &CsvRow, column: &str) -> Option<Quantity> {
        let text = self.table.get(row, column)?;
        match parse_quantity(text) {
            Ok(q) if q.raw() >= 0 => Some(q),
            Ok(_) => {
                self.problem(row, column, "số không được âm");
                None
            }
            Err(e) => {
                self.problem(row, column, format!("\"{text}\": {e}"));
                None
            }
        }
    }

    pub(super) fn year(&mut self, row: &CsvRow, column: &str) -> Option<i32> {
        let text = self.required(row, column)?;
        match text.parse::<i32>() {
            Ok(y) if ntm_core::period::is_valid_year(y) => Some(y),
            _ => {
                self.problem(row, column, format!("\"{text}\" không phải năm"));
                None
            }
        }
    }

    /// Whether the source is in the program's catalogue (listed if not).
    pub(super) fn known_source(&mut self, row: &CsvRow, code: &str) -> bool {
        match ntm_core::money::check_source(self.sources, code) {
            Ok(()) => true,
            Err(e) => {
                self.problem(row, "source", e.to_string());
                false
            }
        }
    }

    /// The unit of a row, if the actor may change its money (`commune`: a
    /// contribution, which the commune itself may enter).
    pub(super) fn unit(&mut self, row: &CsvRow, year: i32, commune: bool) -> Option<Unit> {
        let code = self.required(row, "unit_code")?.to_string();
        let hierarchy = &self.snapshot.hierarchy;
        let unit = match code
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| e.to_string())
            .and_then(|c| {
                hierarchy
                    .resolve(&c, Period::year(year))
                    .map_err(|e| e.to_string())
            }) {
            Ok(u) => u,
            Err(e) => {
                self.problem(row, "unit_code", e);
                return None;
            }
        };
        let day = hierarchy.reference_date(unit, Period::year(year));
        let entry = if commune {
            MoneyEntry::Contribution
        } else {
            MoneyEntry::Plan
        };
        let allowed = can_enter_money(self.actor, hierarchy, unit, entry, day);
        if !allowed {
            let message = format!("bạn không được nhập số liệu vốn của {}", unit.full_name());
            self.problem(row, "unit_code", message);
            return None;
        }
        Some(unit.clone())
    }

    /// The file's problems, by line, if it has any.
    pub(super) fn checked(self) -> Result<()> {
        if self.errors.is_empty() {
            return Ok(());
        }
        let mut errors = self.errors;
        errors.sort_by_key(|e| e.line);
        Err(AppError::Import(errors))
    }
}

pub(super) fn list(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
    .unwrap_or_default()
}
