//! The appendix tables (phụ biểu) as one XLSX workbook: one sheet per table,
//! merged title and header cells, A4 landscape fitted to the page width, the
//! header rows repeated on every printed page, panes frozen below the header.

mod map_sheet;
mod tables;

use crate::cell_text::fit;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::table::{Cell, Table};

pub use map_sheet::{MAP_SHEET, add_map_sheet, appendix_xlsx_with_map};
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

struct Styles {
    label: Format,
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    wrapped: Format,
    count: Format,
    number: [Format; 5],
    percent: Format,
    total_text: Format,
    total_count: Format,
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
    fn new() -> Styles {
        let number = |decimals: u8| {
            let code = if decimals == 0 {
                "#,##0".to_string()
            } else {
                format!("#,##0.{}", "0".repeat(usize::from(decimals)))
            };
            boxed(base()).set_num_format(code)
        };
        Styles {
            label: base().set_bold().set_align(FormatAlign::Center),
            title: base().set_bold().set_font_size(13).set_align(FormatAlign::Center),
            subtitle: base().set_italic().set_align(FormatAlign::Center),
            header: boxed(base().set_bold().set_text_wrap().set_align(FormatAlign::Center))
                .set_background_color("#E8EEF4"),
            text: boxed(base()),
            wrapped: boxed(base().set_text_wrap()),
            count: boxed(base()).set_num_format("#,##0"),
            number: [number(0), number(1), number(2), number(3), number(4)],
            percent: boxed(base()).set_num_format("0.00"),
            total_text: boxed(base().set_bold()),
            total_count: boxed(base().set_bold()).set_num_format("#,##0"),
            note: base().set_italic().set_font_size(11),
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
            let f = &s.number[usize::from(*decimals).min(4)];
            sheet.write_number_with_format(row, col, *x, f)?;
        }
        Cell::Percent(p) => {
            sheet.write_number_with_format(row, col, *p, &s.percent)?;
        }
    }
    Ok(())
}

fn write_table(sheet: &mut Worksheet, table: &Table, s: &Styles) -> Result<(), XlsxError> {
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
    sheet.set_row_height(HEADER_FIRST, 20)?;
    sheet.set_row_height(HEADER_FIRST + 1, 45)?;
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
    for cells in &table.rows {
        for (i, cell) in cells.iter().enumerate() {
            let wrap = table.columns.get(i).is_some_and(|c| c.wrap);
            write_cell(sheet, row, i as u16, cell, wrap, false, s)?;
        }
        row += 1;
    }
    for cells in &table.totals {
        for (i, cell) in cells.iter().enumerate() {
            write_cell(sheet, row, i as u16, cell, false, true, s)?;
        }
        row += 1;
    }
    row += 1;
    for note in &table.notes {
        sheet.write_string_with_format(row, 0, fit(note).as_ref(), &s.note)?;
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
