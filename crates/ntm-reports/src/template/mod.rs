//! Data-entry workbooks: one sheet "Số liệu" with a row per unit and
//! indicator (or criterion assessment), pre-filled with the current values.
//! Label cells are locked; the value, achieved, total and note cells are open,
//! with dropdowns where the answer is a choice. Hidden columns carry the keys
//! the import needs to be exact: the criteria set, the version each value was
//! read at, and the value as written (so that only changed rows are saved).
//! The layout is documented in docs/templates.md.

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
];

/// Columns a user fills in.
pub const EDITABLE: &[&str] = &["value", "achieved", "total", "note"];
/// Columns hidden from the user.
pub const HIDDEN: &[&str] = &["criteria_set", "version", "orig"];

/// Row numbers (0-based): title, guidance, headers, keys (hidden), first data row.
pub const TITLE_ROW: u32 = 0;
pub const GUIDANCE_ROW: u32 = 1;
pub const HEADER_ROW: u32 = 2;
pub const KEYS_ROW: u32 = 3;
pub const FIRST_DATA_ROW: u32 = 4;

/// The largest workbook read (bytes) and the most rows: far above any real
/// province's template, far below what would exhaust the server.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_ROWS: usize = 200_000;
/// The most a workbook may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 400 * 1024 * 1024;

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
}
