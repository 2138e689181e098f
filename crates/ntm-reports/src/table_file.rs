//! One table as a file of its own, for a table on a page: XLSX (the
//! appendix's layout on one sheet, figures as number cells) or CSV.
//!
//! The CSV is UTF-8 with a byte-order mark (so that Excel reads the
//! diacritics), comma separated, one header row (a column under a group is
//! named with it: "Tiêu chí 5"), the rows, the totals, then after an empty
//! row the footnotes and notes that explain the marks "(1)". Figures are
//! written as the pages write them (1.234,5; a change as 2 or -1). A text cell that a spreadsheet
//! would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is prefixed with `'`: a cell never runs as a formula.

use crate::appendix::{AppendixError, appendix_xlsx};
use crate::table::{Cell, Table};
use ntm_core::quantity::group_thousands;

/// The table as a one-sheet workbook.
pub fn table_xlsx(table: &Table) -> Result<Vec<u8>, AppendixError> {
    appendix_xlsx(std::slice::from_ref(table))
}

/// The table as CSV (see the module's notes).
pub fn table_csv(table: &Table) -> Vec<u8> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        let headers: Vec<String> = table
            .columns
            .iter()
            .enumerate()
            .map(
                |(i, c)| match table.groups.iter().find(|g| g.first <= i && i < g.first + g.span) {
                    Some(g) => format!("{} {}", g.label, c.header),
                    None => c.header.clone(),
                },
            )
            .map(|h| formula_safe(&h))
            .collect();
        // Writing to memory fails only on a full memory; the rows are strings.
        let _ = w.write_record(&headers);
        for row in table.rows.iter().chain(&table.totals) {
            let _ = w.write_record(row.iter().map(cell_text));
        }
        if !table.footnotes.is_empty() || !table.notes.is_empty() {
            let _ = w.write_record([""]);
            for line in table.footnotes.iter().chain(&table.notes) {
                let _ = w.write_record([formula_safe(line)]);
            }
        }
        let _ = w.flush();
    }
    out
}

/// A text a spreadsheet reads as text, never as a formula.
pub fn formula_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A cell as the page writes it. Figures are numbers ntm wrote, not text a
/// user typed: "-2" is a change, not a formula.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => formula_safe(t),
        Cell::Count(n) => group_thousands(*n),
        Cell::Number(x, decimals) => decimal_vi(*x, usize::from(*decimals)),
        Cell::Percent(p) => decimal_vi(*p, 2),
        // A number, not "+1": nothing but a minus sign starts a figure.
        Cell::Signed(n) => n.to_string(),
    }
}

/// `1234.5` with one decimal → "1.234,5".
fn decimal_vi(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&group_thousands(whole.parse().unwrap_or(0)));
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Column, Group};

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            key: "t".into(),
            code: "T".into(),
            sheet: "Bảng".into(),
            label: String::new(),
            title: "BẢNG".into(),
            subtitle: String::new(),
            columns: vec![
                Column::new("Xã", 10.0),
                Column::new("1", 4.0),
                Column::new("Số", 6.0),
            ],
            groups: vec![Group {
                label: "Tiêu chí".into(),
                first: 1,
                span: 1,
            }],
            rows,
            totals: Vec::new(),
            footnotes: vec!["(1) Có dùng số liệu ước tính.".into()],
            notes: Vec::new(),
            frozen_columns: 1,
        }
    }

    #[test]
    fn csv_starts_with_a_bom_names_grouped_columns_and_writes_vietnamese_figures() {
        let bytes = table_csv(&table(vec![vec![
            Cell::text("Bản Lang, Phong Thổ"),
            Cell::text("x"),
            Cell::Number(1234.5, 1),
        ]]));
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "Xã,Tiêu chí 1,Số");
        assert_eq!(lines[1], "\"Bản Lang, Phong Thổ\",x,\"1.234,5\"");
        assert_eq!(lines[3], "(1) Có dùng số liệu ước tính.");
    }

    #[test]
    fn no_text_cell_reads_as_a_formula() {
        for bad in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(formula_safe(bad), format!("'{bad}"));
        }
        assert_eq!(formula_safe("Bản Lang"), "Bản Lang");
        assert_eq!(cell_text(&Cell::Signed(-2)), "-2");
        assert_eq!(cell_text(&Cell::Signed(3)), "3");
        assert_eq!(decimal_vi(-0.001, 2), "0,00");
    }
}
