//! A table of a report as data: title, two-level header, rows, footnotes and
//! notes. The appendix writer lays every table out the same way, so a later
//! table (plans, money) is just more data; the layout of a province
//! ([`crate::appendix::AppendixLayout`]) numbers and titles them.

use ntm_core::quantity::{Quantity, SCALE};

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
    /// A change, written with its sign: +1, -2, 0.
    Signed(i64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// An exact amount as a number cell, with the decimals it has (up to four).
    pub fn amount(q: Quantity) -> Cell {
        let raw = q.raw();
        let decimals = (0..4u8)
            .find(|d| raw % (SCALE / 10i64.pow(u32::from(*d))) == 0)
            .unwrap_or(4);
        Cell::Number(raw as f64 / SCALE as f64, decimals)
    }

    /// An amount, or "chưa có số liệu" when there is none: never 0.
    pub fn amount_or_no_data(q: Option<Quantity>) -> Cell {
        q.map_or_else(|| Cell::text(NO_DATA), Cell::amount)
    }

    /// The text of the cell as it reads (for row heights and tests).
    pub fn display_len(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(t) => t.chars().count(),
            Cell::Count(n) => n.to_string().len() + 2,
            Cell::Number(x, d) => format!("{x:.*}", usize::from(*d)).len() + 3,
            Cell::Percent(_) => 6,
            Cell::Signed(n) => n.to_string().len() + 1,
        }
    }
}

/// What a cell without a figure says, and what a count is when values exist
/// but no threshold judges them: the words of the core.
pub use ntm_core::evaluation::{NO_DATA, UNJUDGED};

/// The footnotes of a table: each distinct text gets a number, marked "(1)"
/// where the figure it explains is written; equal texts share their number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Footnotes {
    texts: Vec<String>,
}

impl Footnotes {
    /// The mark for `text` (" (2)"), or "" without a text.
    pub fn mark(&mut self, text: Option<String>) -> String {
        let Some(text) = text else {
            return String::new();
        };
        let n = match self.texts.iter().position(|t| *t == text) {
            Some(i) => i + 1,
            None => {
                self.texts.push(text);
                self.texts.len()
            }
        };
        format!(" ({n})")
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// "(1) Có dùng số liệu ước tính, điền bổ sung (…).", in order.
    pub fn lines(&self) -> Vec<String> {
        self.texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let t = t.trim_end_matches('.');
                format!("({}) {t}.", i + 1)
            })
            .collect()
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
    /// What the table is ("by_criterion", "capital"): the key a province's
    /// layout numbers and titles it by.
    pub key: String,
    /// "PB02": the sheet's name starts with it.
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
    /// Footnotes of the figures marked "(1)" in the table: what rests on
    /// estimated or derived values.
    pub footnotes: Vec<String>,
    /// Lines under the table (legend, sources, averages).
    pub notes: Vec<String>,
    /// Columns kept in view when scrolling right.
    pub frozen_columns: u16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_footnotes_share_their_number() {
        let mut f = Footnotes::default();
        assert_eq!(f.mark(None), "");
        assert_eq!(f.mark(Some("A".into())), " (1)");
        assert_eq!(f.mark(Some("B.".into())), " (2)");
        assert_eq!(f.mark(Some("A".into())), " (1)");
        assert_eq!(f.lines(), vec!["(1) A.".to_string(), "(2) B.".to_string()]);
    }

    #[test]
    fn amounts_keep_their_decimals() {
        let q = |s: &str| Quantity::parse_vi(s).expect("amount");
        assert_eq!(Cell::amount(q("441.565")), Cell::Number(441565.0, 0));
        assert_eq!(Cell::amount(q("358,5")), Cell::Number(358.5, 1));
        assert_eq!(Cell::amount(q("0,25")), Cell::Number(0.25, 2));
        assert_eq!(Cell::amount_or_no_data(None), Cell::text(NO_DATA));
    }
}
