//! Writing a template workbook.

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::cell_text::fit;

use super::{
    Answer, COLUMNS, EDITABLE, FIRST_DATA_ROW, GUIDANCE_ROW, GUIDE_SHEET, HEADER_ROW, HIDDEN, KEYS_ROW,
    SHEET, TITLE_ROW, Template, TemplateRow, row_key,
};

fn column(key: &str) -> u16 {
    COLUMNS.iter().position(|(k, _, _)| *k == key).unwrap_or(0) as u16
}

struct Styles {
    locked: Format,
    locked_wrap: Format,
    open: Format,
    open_number: Format,
    header: Format,
    title: Format,
    guidance: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            locked: base.clone().set_background_color("#F2F2F2"),
            locked_wrap: base.clone().set_background_color("#F2F2F2").set_text_wrap(),
            open: base.clone().set_unlocked(),
            open_number: base.clone().set_unlocked().set_num_format("#,##0.####"),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDE7F0"),
            title: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(14)
                .set_bold(),
            guidance: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(11)
                .set_italic(),
        }
    }
}

fn write_row(sheet: &mut Worksheet, row: u32, r: &TemplateRow, s: &Styles) -> Result<(), XlsxError> {
    let texts = [
        ("unit_code", &r.unit_code),
        ("unit_name", &r.unit_name),
        ("period", &r.period),
        ("criterion", &r.criterion),
        ("indicator", &r.indicator),
        ("hint", &r.hint),
    ];
    for (key, text) in texts {
        sheet.write_string_with_format(row, column(key), fit(text).as_ref(), &s.locked)?;
    }
    sheet.write_string_with_format(row, column("label"), fit(&r.label).as_ref(), &s.locked_wrap)?;
    let key = row_key(r);
    for (column_key, text) in [
        ("criteria_set", &r.criteria_set),
        ("orig", &r.orig),
        ("key", &key),
    ] {
        sheet.write_string_with_format(row, column(column_key), fit(text).as_ref(), &s.locked)?;
    }
    sheet.write_number_with_format(row, column("version"), r.version as f64, &s.locked)?;
    match r.number {
        Some(n) => sheet.write_number_with_format(row, column("value"), n, &s.open_number)?,
        None => sheet.write_string_with_format(row, column("value"), fit(&r.value).as_ref(), &s.open)?,
    };
    for (key, number) in [("achieved", r.achieved), ("total", r.total)] {
        match number {
            Some(n) => sheet.write_number_with_format(row, column(key), n, &s.open_number)?,
            None => sheet.write_blank(row, column(key), &s.open)?,
        };
    }
    sheet.write_string_with_format(row, column("note"), fit(&r.note).as_ref(), &s.open)?;
    if let Answer::Choice(choices) = &r.answer {
        let validation = DataValidation::new()
            .allow_list_strings(choices)?
            .set_error_title("Giá trị không có trong danh sách")?
            .set_error_message(format!("Chọn một trong: {}", choices.join(", ")))?;
        sheet.add_data_validation(row, column("value"), row, column("value"), &validation)?;
    }
    Ok(())
}

fn write_guide(sheet: &mut Worksheet, template: &Template, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(GUIDE_SHEET)?;
    sheet.set_column_width(0, 110)?;
    let lines = [
        template.title.as_str(),
        template.made_for.as_str(),
        "",
        "Cách điền trang \"Số liệu\":",
        "- Mỗi dòng là một chỉ tiêu (hoặc kết quả đánh giá chung của một tiêu chí) của một đơn vị trong kỳ.",
        "- Chỉ điền các cột trắng: Giá trị, kết quả; Số đạt; Tổng số; Ghi chú. Các cột xám được khoá.",
        "- Chỉ tiêu đạt/không đạt, theo mức và tiêu chí: chọn trong danh sách của ô Giá trị.",
        "- Chỉ tiêu tỷ lệ: ghi Số đạt và Tổng số (ví dụ 226,84 và 318,39), hoặc chỉ ghi tỷ lệ % ở ô Giá trị.",
        "- Số viết kiểu Việt Nam (226,84) hoặc nhập như số bình thường của Excel.",
        "- Để trống một dòng nghĩa là không thay đổi; muốn xoá một giá trị đã có, hãy xoá trên trang web.",
        "- Không thêm, xoá hay đổi thứ tự cột; không sửa các cột ẩn.",
        "Khi nhập lại: mọi ô được kiểm tra; nếu có lỗi, ntm liệt kê từng ô lỗi và không lưu gì.",
        "Nếu một giá trị đã được người khác sửa sau khi xuất mẫu, dòng đó bị từ chối: hãy xuất mẫu mới.",
    ];
    for (i, line) in lines.iter().enumerate() {
        let format = if i == 0 { &s.title } else { &s.guidance };
        sheet.write_string_with_format(i as u32, 0, fit(line).as_ref(), format)?;
    }
    if !template.left_out.is_empty() {
        let first = lines.len() as u32 + 1;
        sheet.write_string_with_format(
            first,
            0,
            "Không có trong mẫu (số liệu quá dài cho một ô Excel; hãy xem và sửa trên trang nhập số liệu):",
            &s.title,
        )?;
        for (i, what) in template.left_out.iter().enumerate() {
            sheet.write_string_with_format(
                first + 1 + i as u32,
                0,
                fit(&format!("- {what}")).as_ref(),
                &s.guidance,
            )?;
        }
    }
    Ok(())
}

/// The template workbook.
pub fn template_xlsx(template: &Template) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let styles = Styles::new();
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(SHEET)?;
        sheet.write_string_with_format(TITLE_ROW, 0, fit(&template.title).as_ref(), &styles.title)?;
        sheet.write_string_with_format(
            GUIDANCE_ROW,
            0,
            "Điền các cột trắng; xem trang \"Hướng dẫn\". Không sửa các cột xám.",
            &styles.guidance,
        )?;
        for (i, (key, header, width)) in COLUMNS.iter().enumerate() {
            let col = i as u16;
            sheet.set_column_width(col, *width)?;
            sheet.write_string_with_format(HEADER_ROW, col, *header, &styles.header)?;
            sheet.write_string(KEYS_ROW, col, *key)?;
            if HIDDEN.contains(key) {
                sheet.set_column_hidden(col)?;
            }
        }
        sheet.set_row_hidden(KEYS_ROW)?;
        for (i, row) in template.rows.iter().enumerate() {
            write_row(sheet, FIRST_DATA_ROW + i as u32, row, &styles)?;
        }
        debug_assert!(EDITABLE.iter().all(|k| COLUMNS.iter().any(|(c, _, _)| c == k)));
        sheet.set_freeze_panes(FIRST_DATA_ROW, column("label") + 1)?;
        sheet.protect();
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    }
    let guide = workbook.add_worksheet();
    write_guide(guide, template, &styles)?;
    workbook.save_to_buffer()
}
