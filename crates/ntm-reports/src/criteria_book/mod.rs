//! A criteria set version as a workbook an office fills in offline: the set,
//! its criteria, its indicators, one row per threshold (by commune group,
//! region, classification and year, with the document, article or appendix
//! and page it comes from) and the report brackets. Read back, every cell is
//! checked and every problem is named by sheet and cell; nothing is kept
//! unless all of it is right. The layout is documented in
//! docs/criteria-authoring.md.

mod read;
mod write;

use std::fmt;

use ntm_core::criteria::draft::{DraftPlace, DraftProblem, SetDraft};

pub use read::{is_criteria_book, read_criteria_book};
pub use write::criteria_book_xlsx;

pub const GUIDE_SHEET: &str = "Hướng dẫn";
pub const SET_SHEET: &str = "Bộ tiêu chí";
pub const CRITERIA_SHEET: &str = "Tiêu chí";
pub const INDICATORS_SHEET: &str = "Chỉ tiêu";
pub const THRESHOLDS_SHEET: &str = "Ngưỡng";
pub const BRACKETS_SHEET: &str = "Nhóm báo cáo";
/// A hidden sheet: which version the workbook was exported from, and at
/// which revision (a save made meanwhile by someone else is not overwritten).
pub const KEYS_SHEET: &str = "ntm";

/// The rows of the set sheet: label in column A, value in column B.
pub const SET_ROWS: &[&str] = &[
    "Mã bộ tiêu chí",
    "Phiên bản",
    "Tên bộ tiêu chí",
    "Văn bản ban hành",
    "Phạm vi",
    "Cấp áp dụng",
    "Có hiệu lực từ ngày",
    "Hết hiệu lực ngày",
    "Đạt chuẩn khi đạt (số tiêu chí, hoặc \"tất cả\")",
    "Đã liệt kê đủ chỉ tiêu của văn bản",
    "Ghi chú",
];

/// Column headers of the criteria sheet.
pub const CRITERIA_COLUMNS: &[(&str, f64)] = &[
    ("Mã", 7.0),
    ("Tên tiêu chí", 40.0),
    ("Nhóm", 22.0),
    ("Cơ quan phụ trách", 26.0),
    ("Đạt khi (tất cả, hoặc số chỉ tiêu tối thiểu)", 16.0),
    ("Đã đủ chỉ tiêu", 10.0),
    ("Ghi chú", 30.0),
];

/// Column headers of the indicators sheet.
pub const INDICATOR_COLUMNS: &[(&str, f64)] = &[
    ("Tiêu chí", 8.0),
    ("Mã", 8.0),
    ("Tên chỉ tiêu", 48.0),
    ("Loại", 16.0),
    ("Đơn vị", 12.0),
    ("Các mức (thấp đến cao, cách nhau bởi ;)", 22.0),
    ("Nếu có", 8.0),
    ("Cộng dồn khi sáp nhập", 10.0),
    ("Hồ sơ minh chứng (cách nhau bởi ;)", 30.0),
    ("Cơ quan phụ trách", 22.0),
    ("Mã tạm", 8.0),
    ("Lấy số liệu của (không_gian_tên:mã)", 16.0),
    ("Ghi chú", 30.0),
];

/// Column headers of the thresholds sheet. The columns marked `false` are
/// shown for reference and not read back.
pub const THRESHOLD_COLUMNS: &[(&str, f64, bool)] = &[
    ("Chỉ tiêu", 8.0, true),
    ("Nội dung chỉ tiêu", 40.0, false),
    ("Nhóm xã", 10.0, true),
    ("Vùng", 18.0, true),
    ("Phân loại khác", 16.0, true),
    ("Năm áp dụng", 11.0, true),
    ("Điều kiện", 12.0, true),
    ("Giá trị", 10.0, true),
    ("Đơn vị", 10.0, false),
    ("Văn bản", 30.0, true),
    ("Điều, khoản, phụ lục", 18.0, true),
    ("Trang", 7.0, true),
    ("Ghi chú", 24.0, true),
    ("Người nhập", 22.0, false),
    ("Người xác nhận", 22.0, false),
];

/// Column headers of the brackets sheet.
pub const BRACKET_COLUMNS: &[(&str, f64)] = &[("Nhãn", 22.0), ("Từ (số tiêu chí)", 12.0), ("Đến", 10.0)];

/// The words of the "Điều kiện" column.
pub const CONDITIONS: &[&str] = &["≥", "≤", "đạt", "mức tối thiểu", "chưa rõ"];
/// The words of yes/no columns.
pub const YES_NO: &[&str] = &["có", "không"];
/// The words of the commune-group column.
pub const GROUPS: &[&str] = &["nhóm 1", "nhóm 2", "nhóm 3"];

/// The largest workbook read, the most rows of a sheet, and the most it may
/// unpack to (the same limits as data-entry templates).
pub use crate::template::{MAX_FILE_BYTES, MAX_UNPACKED_BYTES};
pub const MAX_ROWS: usize = 20_000;

/// A problem of a workbook, by sheet and cell ("Ngưỡng!H5").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookError {
    pub sheet: String,
    /// "H5"; empty for the workbook as a whole.
    pub cell: String,
    pub message: String,
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            (true, _) => f.write_str(&self.message),
            (false, true) => write!(f, "trang \"{}\": {}", self.sheet, self.message),
            (false, false) => write!(f, "trang \"{}\", ô {}: {}", self.sheet, self.cell, self.message),
        }
    }
}

/// A workbook read back.
#[derive(Debug, Clone, PartialEq)]
pub struct BookRead {
    /// The version the workbook was exported from.
    pub code: String,
    pub version: u32,
    /// The revision it was exported at.
    pub revision: i64,
    /// The content as filled in (identity fields as exported).
    pub draft: SetDraft,
    /// Where each part of the draft was read from, to name cells in the
    /// problems the whole set is checked for afterwards.
    pub places: Vec<(DraftPlace, String, String)>,
}

impl BookRead {
    /// The set's problems, each at the cell it was read from (or the sheet).
    pub fn locate(&self, problems: &[DraftProblem]) -> Vec<BookError> {
        problems
            .iter()
            .map(|p| {
                let found = self.places.iter().find(|(place, _, _)| *place == p.place);
                match found {
                    Some((_, sheet, cell)) => BookError {
                        sheet: sheet.clone(),
                        cell: cell.clone(),
                        message: p.message.clone(),
                    },
                    None => BookError {
                        sheet: sheet_of(&p.place).to_string(),
                        cell: String::new(),
                        message: format!("{}: {}", p.place, p.message),
                    },
                }
            })
            .collect()
    }
}

fn sheet_of(place: &DraftPlace) -> &'static str {
    match place {
        DraftPlace::Set { field } if field == "brackets" => BRACKETS_SHEET,
        DraftPlace::Set { .. } => SET_SHEET,
        DraftPlace::Criterion { .. } => CRITERIA_SHEET,
        DraftPlace::Indicator { .. } => INDICATORS_SHEET,
        DraftPlace::Threshold { .. } => THRESHOLDS_SHEET,
    }
}
