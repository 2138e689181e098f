//! A table of a report as data: title, two-level header, rows, notes. The
//! appendix writer lays every table out the same way, so a later table (plans,
//! money) is just more data.

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A count.
    Count(u64),
    /// A number shown with this many decimals.
    Number(f64, u8),
    /// A percentage (71,25 means 71,25 %), two decimals.
    Percent(f64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
}

/// A column: its header, width (characters) and whether long text wraps.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub width: f64,
    pub wrap: bool,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f64) -> Column {
        Column {
            header: header.into(),
            width,
            wrap: false,
        }
    }

    pub fn wrapped(header: impl Into<String>, width: f64) -> Column {
        Column {
            wrap: true,
            ..Column::new(header, width)
        }
    }
}

/// A header cell over several columns ("Tiêu chí" over 1…19).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    /// First column (0-based) and how many columns it spans.
    pub first: usize,
    pub span: usize,
}

/// A table with its own sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// "PB01": the sheet's name starts with it.
    pub code: String,
    /// The sheet's name (at most 31 characters, Excel's limit).
    pub sheet: String,
    /// "PHỤ BIỂU 01".
    pub label: String,
    /// "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI THEO TỪNG XÃ".
    pub title: String,
    /// "(Kèm theo báo cáo … năm 2023 của Huyện Phong Thổ)".
    pub subtitle: String,
    pub columns: Vec<Column>,
    /// Header cells over several columns; columns without a group get a
    /// header cell spanning both header rows.
    pub groups: Vec<Group>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows in bold after the body (totals).
    pub totals: Vec<Vec<Cell>>,
    /// Lines under the table (legend, sources, averages).
    pub notes: Vec<String>,
    /// Columns kept in view when scrolling right.
    pub frozen_columns: u16,
}
