//! Importing units: rows of code, level, name, parent and validity, and
//! successions (merges and splits), read here and turned into the changes to
//! write in the sibling `unit_changes`. Re-importing an unchanged
//! file changes nothing; a unit is the same unit when its code and start
//! date match.

use std::fmt::Display;
use std::str::FromStr;

use ntm_core::hierarchy::SuccessionKind;
use ntm_core::region::Region;
use ntm_core::unit::{Flag, Location, UnitCode, UnitKind};
use ntm_core::validity::{Validity, parse_date};
use time::Date;

use crate::documents::csv_input::{CsvRow, CsvTable};
use crate::documents::import::{ImportError, parse_flags};

pub use crate::documents::import::unit_changes::plan_units;

/// Accepted header spellings for the units file → canonical column.
pub const UNIT_COLUMNS: &[(&str, &str)] = &[
    ("code", "code"),
    ("mã", "code"),
    ("ma", "code"),
    ("kind", "kind"),
    ("cấp", "kind"),
    ("cap", "kind"),
    ("type_name", "type_name"),
    ("loại", "type_name"),
    ("name", "name"),
    ("tên", "name"),
    ("ten", "name"),
    ("parent_code", "parent_code"),
    ("mã cấp trên", "parent_code"),
    ("valid_from", "valid_from"),
    ("hiệu lực từ", "valid_from"),
    ("valid_to", "valid_to"),
    ("hiệu lực đến", "valid_to"),
    ("region", "region"),
    ("vùng", "region"),
    ("flags", "flags"),
    ("phân loại", "flags"),
    ("lat", "lat"),
    ("vĩ độ", "lat"),
    ("lon", "lon"),
    ("kinh độ", "lon"),
    ("area_km2", "area_km2"),
];

/// Accepted header spellings for the successions file.
pub const SUCCESSION_COLUMNS: &[(&str, &str)] = &[
    ("old_code", "old_code"),
    ("new_code", "new_code"),
    ("date", "date"),
    ("kind", "kind"),
    ("default", "default"),
];

/// A unit as read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInput {
    pub line: u64,
    pub code: UnitCode,
    pub kind: UnitKind,
    pub type_name: String,
    pub name: String,
    pub parent: Option<UnitCode>,
    pub validity: Validity,
    pub region: Option<Region>,
    /// `None`: leave classifications as they are.
    pub flags: Option<Vec<Flag>>,
    pub location: Option<Location>,
}

/// A succession as read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessionInput {
    pub line: u64,
    pub old: UnitCode,
    pub new: UnitCode,
    pub date: Date,
    pub kind: SuccessionKind,
}

fn default_type_name(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Country => "",
        UnitKind::Province => "Tỉnh",
        UnitKind::District => "Huyện",
        UnitKind::Commune => "Xã",
        UnitKind::Ward => "Phường",
        UnitKind::Town => "Thị trấn",
        UnitKind::SpecialZone => "Đặc khu",
        UnitKind::Village => "Thôn",
    }
}

/// Reads the rows of a units file: the rows that parse, and the problems of
/// those that do not (so that later checks can still run on the good rows).
pub fn read_units(table: &CsvTable) -> (Vec<UnitInput>, Vec<ImportError>) {
    if let Err(missing) = table.require(&["code", "kind", "name"]) {
        return (Vec::new(), missing);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let mut cells = UnitCells {
            table,
            row,
            errors: &mut errors,
        };
        if let Some(input) = cells.unit() {
            out.push(input);
        }
    }
    (out, errors)
}

/// The cells of one units row being read, and the problems found so far.
struct UnitCells<'a> {
    table: &'a CsvTable,
    row: &'a CsvRow,
    errors: &'a mut Vec<ImportError>,
}

impl UnitCells<'_> {
    fn problem(&mut self, column: &str, message: String) {
        self.errors.push(self.table.error(self.row, column, message));
    }

    /// The unit a row describes; `None` when its code, level or name is
    /// missing or wrong. Every cell is read, so every problem is noted.
    fn unit(&mut self) -> Option<UnitInput> {
        let code = self.parsed::<UnitCode>("code", true);
        let kind = self.parsed::<UnitKind>("kind", true);
        let name = self.table.get(self.row, "name").map(str::to_string);
        if name.is_none() {
            self.problem("name", "ô trống".into());
        }
        let parent = self.parsed::<UnitCode>("parent_code", false);
        let validity = Validity::new(self.date("valid_from"), self.date("valid_to"));
        if validity.is_inverted() {
            self.problem("valid_to", "ngày hết hiệu lực trước ngày có hiệu lực".into());
        }
        let region = self.parsed::<Region>("region", false);
        let flags = self.flags();
        let location = self.location();
        let (code, kind, name) = (code?, kind?, name?);
        let type_name = self
            .table
            .get(self.row, "type_name")
            .unwrap_or(default_type_name(kind))
            .to_string();
        Some(UnitInput {
            line: self.row.line,
            code,
            kind,
            type_name,
            name,
            parent,
            validity,
            region,
            flags,
            location,
        })
    }

    /// A cell read as `T`; an empty cell is a problem when it is `required`.
    fn parsed<T: FromStr>(&mut self, column: &str, required: bool) -> Option<T>
    where
        T::Err: Display,
    {
        match self.table.get(self.row, column).map(str::parse::<T>) {
            Some(Ok(v)) => Some(v),
            Some(Err(e)) => {
                self.problem(column, e.to_string());
                None
            }
            None => {
                if required {
                    self.problem(column, "ô trống".into());
                }
                None
            }
        }
    }

    fn date(&mut self, column: &str) -> Option<Date> {
        let text = self.table.get(self.row, column)?;
        let d = parse_date(text);
        if d.is_none() {
            self.problem(
                column,
                format!("ngày \"{text}\" không hợp lệ (viết 2025-07-01 hoặc 01/07/2025)"),
            );
        }
        d
    }

    /// The unit's flags when the file has the column (`None`: leave them).
    fn flags(&mut self) -> Option<Vec<Flag>> {
        if !self.table.has("flags") {
            return None;
        }
        match parse_flags(self.table.get(self.row, "flags").unwrap_or("")) {
            Ok(f) => Some(f),
            Err(e) => {
                self.problem("flags", e);
                None
            }
        }
    }

    /// Both coordinates are read (and their problems noted) before pairing.
    fn location(&mut self) -> Option<Location> {
        let lat = self.coordinate("lat", 90.0);
        let lon = self.coordinate("lon", 180.0);
        lat.zip(lon).map(|(lat, lon)| Location { lat, lon })
    }

    /// Coordinates are decimal degrees: a dot (or a lone comma) is the decimal mark.
    fn coordinate(&mut self, column: &str, limit: f64) -> Option<f64> {
        let text = self.table.get(self.row, column)?;
        match text.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
            _ => {
                self.problem(
                    column,
                    format!("tọa độ \"{text}\" không hợp lệ (độ thập phân, trong khoảng ±{limit})"),
                );
                None
            }
        }
    }
}

/// Reads the rows of a successions file.
pub fn read_successions(table: &CsvTable) -> Result<Vec<SuccessionInput>, Vec<ImportError>> {
    table.require(&["old_code", "new_code", "date"])?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let code = |column: &str| table.get(row, column).unwrap_or("").parse::<UnitCode>();
        let date = table.get(row, "date").and_then(parse_date);
        let kind = match table.get(row, "kind") {
            None => Some(SuccessionKind::Merge),
            Some(k) => SuccessionKind::parse(k),
        };
        match (code("old_code"), code("new_code"), date, kind) {
            (Ok(old), Ok(new), Some(date), Some(kind)) => out.push(SuccessionInput {
                line: row.line,
                old,
                new,
                date,
                kind,
            }),
            (Err(e), ..) => errors.push(table.error(row, "old_code", e.to_string())),
            (_, Err(e), ..) => errors.push(table.error(row, "new_code", e.to_string())),
            (_, _, None, _) => errors.push(table.error(row, "date", "ngày không hợp lệ (viết 2025-07-01)")),
            (.., None) => errors.push(table.error(row, "kind", "dùng merge, split hoặc rename")),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}
