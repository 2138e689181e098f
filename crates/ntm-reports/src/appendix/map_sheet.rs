//! The appendix workbook with a map: the same sheets as
//! [`appendix_xlsx`](super::appendix_xlsx), then a sheet "Bản đồ" holding the
//! map picture (PNG, from [`map_png`](crate::map::map_png)) under its
//! caption, scaled to an A4 landscape page.

use rust_xlsxwriter::{Format, Image, Workbook, Worksheet, XlsxError};

use crate::appendix::{AppendixError, PAPER_A4, Styles, write_table};
use crate::map::MapPicture;
use crate::table::Table;

/// The map sheet's name.
pub const MAP_SHEET: &str = "Bản đồ";

/// The widest the picture is shown, in pixels (A4 landscape at 96 dpi).
const SHOWN_WIDTH: f64 = 1000.0;
const SHOWN_HEIGHT: f64 = 680.0;

/// Adds the map sheet to a workbook.
pub fn add_map_sheet(sheet: &mut Worksheet, map: &MapPicture) -> Result<(), XlsxError> {
    sheet.set_name(MAP_SHEET)?;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_font_name("Times New Roman");
    let caption = Format::new().set_italic().set_font_name("Times New Roman");
    sheet.write_string_with_format(0, 0, "BẢN ĐỒ", &title)?;
    sheet.write_string_with_format(1, 0, &map.caption, &caption)?;
    let image = Image::new_from_buffer(&map.png)?
        .set_scale_to_size(SHOWN_WIDTH, SHOWN_HEIGHT, true)
        .set_alt_text(&map.caption);
    sheet.insert_image(3, 0, &image)?;
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The workbook of the given tables, in order, and the map sheet last when
/// there is a map.
pub fn appendix_xlsx_with_map(tables: &[Table], map: Option<&MapPicture>) -> Result<Vec<u8>, AppendixError> {
    let mut workbook = Workbook::new();
    let styles = Styles::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        write_table(sheet, table, &styles)?;
    }
    if let Some(map) = map {
        add_map_sheet(workbook.add_worksheet(), map)?;
    }
    Ok(workbook.save_to_buffer()?)
}
