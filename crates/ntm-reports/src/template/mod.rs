//! Data-entry workbooks: one sheet "Số liệu" with a row per unit and
//! indicator (or criterion assessment), pre-filled with the current values.
//! Label cells are locked; the value, achieved, total and note cells are open,
//! with dropdowns where the answer is a choice. Hidden columns carry the keys
//! the import needs to be exact: the criteria set, the version each value was
//! read at, the value as written (so that only changed rows are saved), and
//! the row's key (its unit, period, criterion, indicator and set, checked
//! against the locked cells on import). The layout is documented in
//! docs/reports-and-templates.md.

pub(crate) mod read;
mod write;

pub use read::{
    ReadRow, SheetRows, TemplateError, column_letter, is_template_workbook, number_text, read_first_sheet,
    read_template,
};
pub use write::template_xlsx;

/// The sheet the values are on.
pub const SHEET: &str = "Số liệu";
/// The sheet that explains how to fill it in.
pub const GUIDE_SHEET: &str = "Hướng dẫn";

/// The columns, in order: machine key, Vietnamese header, width.
pub const COLUMNS: &[(&str, &str, f64)] = &[
    ("unit_code", "Mã đơn vị", 9.0),
    ("unit_name", "Đơn vị", 18.0),
    ("period", "Kỳ", 7.0),
    ("criterion", "Tiêu chí", 7.0),
    ("indicator", "Chỉ tiêu", 7.0),
    ("label", "Nội dung", 48.0),
    ("hint", "Cách ghi", 22.0),
    ("value", "Giá trị, kết quả", 14.0),
    ("achieved", "Số đạt", 11.0),
    ("total", "Tổng số", 11.0),
    ("note", "Ghi chú, nguồn số liệu", 30.0),
    ("criteria_set", "Bộ tiêu chí", 12.0),
    ("version", "Phiên bản", 8.0),
    ("orig", "Giá trị khi xuất", 20.0),
    ("key", "Khoá dòng", 20.0),
];

/// Columns a user fills in.
pub const EDITABLE: &[&str] = &["value", "achieved", "total", "note"];
/// Columns hidden from the user.
pub const HIDDEN: &[&str] = &["criteria_set", "version", "orig", "key"];

/// Row numbers (0-based): title, guidance, headers, keys (hidden), first data row.
pub const TITLE_ROW: u32 = 0;
pub const GUIDANCE_ROW: u32 = 1;
pub const HEADER_ROW: u32 = 2;
pub const KEYS_ROW: u32 = 3;
pub const FIRST_DATA_ROW: u32 = 4;

/// The largest workbook read, the most it may unpack to and the most rows
/// and columns: the limits every input shares (`ntm_core::input::limits`).
pub use ntm_core::input::limits::{MAX_COLUMNS, MAX_ROWS, XLSX_UNPACKED_BYTES as MAX_UNPACKED_BYTES};
/// The largest workbook read, in bytes (`ntm_core::input::limits::XLSX`).
pub const MAX_FILE_BYTES: usize = ntm_core::input::limits::XLSX.max_bytes as usize;

/// The columns whose cells the user may not change (they say which value a
/// row is): the hidden `key` column repeats them, and a row whose cells no
/// longer match it is refused.
pub const LOCKED: &[&str] = &[
    "unit_code",
    "unit_name",
    "period",
    "criterion",
    "indicator",
    "criteria_set",
];

/// The separator of the parts of a row's key (a tab: names never hold one).
pub const KEY_SEPARATOR: char = '\t';

/// What the hidden `key` cell of a row holds: its locked cells, joined.
pub fn row_key(row: &TemplateRow) -> String {
    [
        row.unit_code.as_str(),
        &row.unit_name,
        &row.period,
        &row.criterion,
        &row.indicator,
        &row.criteria_set,
    ]
    .join(&KEY_SEPARATOR.to_string())
}

/// What the value cell takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// One of these (dropdown).
    Choice(Vec<String>),
    /// A number (in the value cell, or achieved/total for ratios).
    Number,
    /// Achieved and total, or a percentage in the value cell.
    Ratio,
}

/// One row of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRow {
    pub unit_code: String,
    pub unit_name: String,
    pub period: String,
    pub criteria_set: String,
    /// The criterion; with `indicator` empty the row is its assessment.
    pub criterion: String,
    pub indicator: String,
    pub label: String,
    pub hint: String,
    pub answer: Answer,
    pub value: String,
    /// Numbers are written as numbers so that spreadsheets can sum them.
    pub achieved: Option<f64>,
    pub total: Option<f64>,
    pub number: Option<f64>,
    pub note: String,
    pub version: i64,
    /// The value as written, for telling changed rows from unchanged ones.
    pub orig: String,
}

/// A template: what it is for and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// "Mẫu nhập số liệu — Huyện Phong Thổ — năm 2023".
    pub title: String,
    /// Who it was made for and when, for the guide sheet.
    pub made_for: String,
    pub rows: Vec<TemplateRow>,
    /// Values left out because a cell cannot hold them, each naming the
    /// unit and indicator; the guide sheet lists them.
    pub left_out: Vec<String>,
}
