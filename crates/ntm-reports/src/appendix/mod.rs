//! The appendix tables (phụ biểu) as one XLSX workbook: one sheet per table,
//! merged title and header cells, numbers as number cells in the Vietnamese
//! format (1.234,5), rows as tall as their wrapped text, footnotes under the
//! figures that rest on estimated or derived values, A4 landscape fitted to
//! the page width, the header rows repeated on every printed page, panes
//! frozen below the header. A province's layout numbers and titles the sheets.

mod heights;
mod layout;
mod map_sheet;
mod review;
mod tables;

use crate::cell_text::fit;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::table::{Cell, Table};

pub use layout::{AppendixLayout, LayoutError, SheetSpec};
pub use map_sheet::{MAP_SHEET, add_map_sheet, appendix_xlsx_with_map};
pub use review::{ReviewItem, review_xlsx};
pub use tables::standard_tables;

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AppendixError {
    #[error("không ghi được tệp Excel: {0}")]
    Xlsx(#[from] XlsxError),
}

const FONT: &str = "Times New Roman";
/// Rows: label, title, subtitle, blank, two header rows.
const HEADER_FIRST: u32 = 4;
const BODY_FIRST: u32 = HEADER_FIRST + 2;
/// A4 in Excel's paper numbering.
const PAPER_A4: u8 = 9;
/// Number formats carry the Vietnamese locale (LCID 042A): "." groups
/// thousands and "," marks decimals whatever the reader's own settings.
const VI: &str = "[$-42A]";

pub(crate) struct Styles {
    label: Format,
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    wrapped: Format,
    count: Format,
    number: [Format; 5],
    percent: Format,
    signed: Format,
    total_text: Format,
    total_count: Format,
    total_number: [Format; 5],
    note: Format,
}

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(12)
}

fn boxed(format: Format) -> Format {
    format
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

impl Styles {
    pub(crate) fn new() -> Styles {
        let code = |decimals: u8| {
            if decimals == 0 {
                format!("{VI}#,##0")
            } else {
                format!("{VI}#,##0.{}", "0".repeat(usize::from(decimals)))
            }
        };
        let number = |decimals: u8| boxed(base()).set_num_format(code(decimals));
        let total_number = |decimals: u8| boxed(base().set_bold()).set_num_format(code(decimals));
        Styles {
            label: base().set_bold().set_align(FormatAlign::Center),
            title: base().set_bold().set_font_size(13).set_align(FormatAlign::Center),
            subtitle: base().set_italic().set_align(FormatAlign::Center),
            header: boxed(base().set_bold().set_text_wrap().set_align(FormatAlign::Center))
                .set_background_color("#E8EEF4"),
            text: boxed(base()),
            wrapped: boxed(base().set_text_wrap()),
            count: boxed(base()).set_num_format(format!("{VI}#,##0")),
            number: [number(0), number(1), number(2), number(3), number(4)],
            percent: boxed(base()).set_num_format(format!("{VI}0.00")),
            signed: boxed(base()).set_num_format(format!("{VI}+#,##0;-#,##0;0")),
            total_text: boxed(base().set_bold()),
            total_count: boxed(base().set_bold()).set_num_format(format!("{VI}#,##0")),
            total_number: [
                total_number(0),
                total_number(1),
                total_number(2),
                total_number(3),
                total_number(4),
            ],
            note: base()
                .set_italic()
                .set_font_size(11)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    wrap: bool,
    bold: bool,
    s: &Styles,
) -> Result<(), XlsxError> {
    let text_format = match (bold, wrap) {
        (true, _) => &s.total_text,
        (false, true) => &s.wrapped,
        (false, false) => &s.text,
    };
    match cell {
        Cell::Empty => {
            sheet.write_blank(row, col, text_format)?;
        }
        Cell::Text(t) => {
            sheet.write_string_with_format(row, col, fit(t).as_ref(), text_format)?;
        }
        Cell::Count(n) => {
            let f = if bold { &s.total_count } else { &s.count };
            sheet.write_number_with_format(row, col, *n as f64, f)?;
        }
        Cell::Number(x, decimals) => {
            let formats = if bold { &s.total_number } else { &s.number };
            sheet.write_number_with_format(row, col, *x, &formats[usize::from(*decimals).min(4)])?;
        }
        Cell::Percent(p) => {
            sheet.write_number_with_format(row, col, *p, &s.percent)?;
        }
        Cell::Signed(n) => {
            sheet.write_number_with_format(row, col, *n as f64, &s.signed)?;
        }
    }
    Ok(())
}

pub(crate) fn write_table(sheet: &mut Worksheet, table: &Table, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(&table.sheet)?;
    let last_col = table.columns.len().saturating_sub(1) as u16;
    for (row, text, format) in [
        (0, &table.label, &s.label),
        (1, &table.title, &s.title),
        (2, &table.subtitle, &s.subtitle),
    ] {
        if last_col > 0 {
            sheet.merge_range(row, 0, row, last_col, text, format)?;
        } else {
            sheet.write_string_with_format(row, 0, text, format)?;
        }
    }
    sheet.set_row_height(1, 33)?;
    let grouped_label = |i: usize| {
        table
            .groups
            .iter()
            .find(|g| (g.first..g.first + g.span).contains(&i))
    };
    let first_row: Vec<(&str, f64)> = table
        .groups
        .iter()
        .map(|g| {
            let width: f64 = table.columns[g.first..(g.first + g.span).min(table.columns.len())]
                .iter()
                .map(|c| c.width)
                .sum();
            (g.label.as_str(), width)
        })
        .collect();
    let second_row: Vec<(&str, f64)> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // A label over both rows has both rows' height.
            let width = if grouped_label(i).is_some() {
                c.width
            } else {
                c.width * 1.6
            };
            (c.header.as_str(), width)
        })
        .collect();
    sheet.set_row_height(HEADER_FIRST, heights::header_height(&first_row, 20.0))?;
    sheet.set_row_height(HEADER_FIRST + 1, heights::header_height(&second_row, 45.0))?;
    // Header: grouped columns get the group above and their own label below;
    // the others one cell over both rows.
    for (i, column) in table.columns.iter().enumerate() {
        let col = i as u16;
        sheet.set_column_width(col, column.width)?;
        let grouped = table
            .groups
            .iter()
            .any(|g| (g.first..g.first + g.span).contains(&i));
        if grouped {
            sheet.write_string_with_format(HEADER_FIRST + 1, col, &column.header, &s.header)?;
        } else {
            sheet.merge_range(
                HEADER_FIRST,
                col,
                HEADER_FIRST + 1,
                col,
                &column.header,
                &s.header,
            )?;
        }
    }
    for group in &table.groups {
        let (first, last) = (group.first as u16, (group.first + group.span - 1) as u16);
        if first == last {
            sheet.write_string_with_format(HEADER_FIRST, first, &group.label, &s.header)?;
        } else {
            sheet.merge_range(HEADER_FIRST, first, HEADER_FIRST, last, &group.label, &s.header)?;
        }
    }
    let mut row = BODY_FIRST;
    for (cells, bold) in table
        .rows
        .iter()
        .map(|r| (r, false))
        .chain(table.totals.iter().map(|r| (r, true)))
    {
        for (i, cell) in cells.iter().enumerate() {
            let wrap = table.columns.get(i).is_some_and(|c| c.wrap);
            write_cell(sheet, row, i as u16, cell, wrap, bold, s)?;
        }
        sheet.set_row_height(row, heights::row_height(cells, &table.columns))?;
        row += 1;
    }
    row += 1;
    // Footnotes and notes span the table's width and wrap.
    let width: f64 = table.columns.iter().map(|c| c.width).sum();
    for note in table.footnotes.iter().chain(&table.notes) {
        let note = fit(note);
        if last_col > 0 {
            sheet.merge_range(row, 0, row, last_col, note.as_ref(), &s.note)?;
        } else {
            sheet.write_string_with_format(row, 0, note.as_ref(), &s.note)?;
        }
        let lines = heights::lines(note.as_ref(), width * 1.05);
        sheet.set_row_height(row, (lines as f64 * heights::LINE).min(409.0))?;
        row += 1;
    }
    sheet.set_freeze_panes(BODY_FIRST, table.frozen_columns)?;
    sheet.set_repeat_rows(HEADER_FIRST, HEADER_FIRST + 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&CTrang &P/&N");
    Ok(())
}

/// The workbook of the given tables, in order.
pub fn appendix_xlsx(tables: &[Table]) -> Result<Vec<u8>, AppendixError> {
    let mut workbook = Workbook::new();
    let styles = Styles::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        write_table(sheet, table, &styles)?;
    }
    Ok(workbook.save_to_buffer()?)
}
