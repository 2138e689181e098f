//! Writing a criteria set version as a workbook.

use ntm_core::criteria::draft::{IndicatorDraft, SetDraft, TargetDraft, ThresholdDraft};
use ntm_core::criteria::{CriterionRule, SetScope, StandardRule};
use ntm_core::unit::Flag;
use ntm_core::validity::format_date_vi;
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use time::macros::date;

use super::{
    BRACKET_COLUMNS, BRACKETS_SHEET, CONDITIONS, CRITERIA_COLUMNS, CRITERIA_SHEET, GROUPS, GUIDE_SHEET,
    INDICATOR_COLUMNS, INDICATORS_SHEET, KEYS_SHEET, SET_ROWS, SET_SHEET, THRESHOLD_COLUMNS,
    THRESHOLDS_SHEET, YES_NO,
};

struct Styles {
    info: Format,
    open: Format,
    number: Format,
    header: Format,
    title: Format,
    text: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Styles {
            info: base.clone().set_background_color("#F2F2F2"),
            open: base.clone(),
            number: base.clone().set_num_format("#,##0.####"),
            header: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDE7F0"),
            title: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(14)
                .set_bold(),
            text: Format::new().set_font_name("Times New Roman").set_font_size(12),
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "có" } else { "không" }
}

fn list_validation(choices: &[&str]) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(choices)?
        .set_error_title("Giá trị không có trong danh sách")?
        .set_error_message(format!("Chọn một trong: {}", choices.join(", ")))
}

fn headers(sheet: &mut Worksheet, columns: &[(&str, f64)], s: &Styles) -> Result<(), XlsxError> {
    for (i, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *name, &s.header)?;
        sheet.set_column_width(i as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Whether a threshold row should be offered per commune group: the set
/// already sets thresholds by group, or judges the communes of 2026 and later
/// (Decision 51/2025 sets every threshold by group).
fn by_group(draft: &SetDraft) -> bool {
    draft.uses_commune_groups() || draft.valid_from.is_some_and(|d| d >= date!(2026 - 01 - 01))
}

/// The condition word and the value of a threshold.
fn target_cells(target: &TargetDraft) -> (&'static str, Option<f64>, String) {
    match target {
        TargetDraft::Unknown => ("chưa rõ", None, String::new()),
        TargetDraft::Yes => ("đạt", None, String::new()),
        TargetDraft::AtLeast(q) => ("≥", Some(q.raw() as f64 / 10_000.0), String::new()),
        TargetDraft::AtMost(q) => ("≤", Some(q.raw() as f64 / 10_000.0), String::new()),
        TargetDraft::LevelAtLeast(level) => ("mức tối thiểu", None, level.clone()),
    }
}

fn group_text(flags: &[Flag]) -> String {
    flags
        .iter()
        .filter(|f| f.is_commune_group())
        .map(|f| f.name_vi().trim_start_matches("xã ").to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn other_flags(flags: &[Flag]) -> String {
    flags
        .iter()
        .filter(|f| !f.is_commune_group())
        .map(|f| f.name_vi())
        .collect::<Vec<_>>()
        .join("; ")
}

fn threshold_row(
    sheet: &mut Worksheet,
    row: u32,
    indicator: &IndicatorDraft,
    t: &ThresholdDraft,
    s: &Styles,
) -> Result<(), XlsxError> {
    let (condition, number, text) = target_cells(&t.target);
    let years = t
        .years
        .map(|(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") })
        .unwrap_or_default();
    let regions = t
        .regions
        .iter()
        .map(|r| r.name_vi())
        .collect::<Vec<_>>()
        .join("; ");
    let cells: [(&str, String, bool); 15] = [
        ("Chỉ tiêu", indicator.code.clone(), true),
        ("Nội dung chỉ tiêu", indicator.name.clone(), false),
        ("Nhóm xã", group_text(&t.flags), true),
        ("Vùng", regions, true),
        ("Phân loại khác", other_flags(&t.flags), true),
        ("Năm áp dụng", years, true),
        ("Điều kiện", condition.to_string(), true),
        ("Giá trị", text, true),
        ("Đơn vị", indicator.unit.clone().unwrap_or_default(), false),
        ("Văn bản", t.source.clone().unwrap_or_default(), true),
        ("Điều, khoản, phụ lục", t.place.clone().unwrap_or_default(), true),
        ("Trang", t.page.clone().unwrap_or_default(), true),
        ("Ghi chú", t.note.clone().unwrap_or_default(), true),
        (
            "Người nhập",
            t.entered.as_ref().map(|e| e.by.label()).unwrap_or_default(),
            false,
        ),
        (
            "Người xác nhận",
            match (&t.confirmed, t.confirmed_by_source) {
                (Some(c), _) => c.by.label(),
                (None, true) => "theo nguồn đã thu thập".to_string(),
                (None, false) => String::new(),
            },
            false,
        ),
    ];
    for (i, (name, value, open)) in cells.iter().enumerate() {
        let format = if *open { &s.open } else { &s.info };
        if *name == "Giá trị"
            && let Some(n) = number
        {
            sheet.write_number_with_format(row, i as u16, n, &s.number)?;
            continue;
        }
        sheet.write_string_with_format(row, i as u16, value, format)?;
    }
    Ok(())
}

fn write_thresholds(sheet: &mut Worksheet, draft: &SetDraft, s: &Styles) -> Result<u32, XlsxError> {
    sheet.set_name(THRESHOLDS_SHEET)?;
    let columns: Vec<(&str, f64)> = THRESHOLD_COLUMNS.iter().map(|(n, w, _)| (*n, *w)).collect();
    headers(sheet, &columns, s)?;
    let grouped = by_group(draft);
    let mut row = 1u32;
    for (_, indicator) in draft.indicators() {
        for t in &indicator.thresholds {
            threshold_row(sheet, row, indicator, t, s)?;
            row += 1;
        }
        // Rows to fill in per group, where the indicator has no known threshold yet.
        let all_unknown = indicator.thresholds.iter().all(|t| t.target.is_unknown());
        let has_group_rows = indicator
            .thresholds
            .iter()
            .any(|t| t.flags.iter().any(|f| f.is_commune_group()));
        if grouped && all_unknown && !has_group_rows {
            for group in Flag::COMMUNE_GROUPS {
                let t = ThresholdDraft::unknown(vec![group]);
                threshold_row(sheet, row, indicator, &t, s)?;
                row += 1;
            }
        }
    }
    // Room for thresholds added by hand: dropdowns down to the sheet's limit.
    let last = (row + 500).min(super::MAX_ROWS as u32);
    let col = |name: &str| {
        THRESHOLD_COLUMNS
            .iter()
            .position(|(n, _, _)| *n == name)
            .unwrap_or(0) as u16
    };
    sheet.add_data_validation(
        1,
        col("Điều kiện"),
        last,
        col("Điều kiện"),
        &list_validation(CONDITIONS)?,
    )?;
    sheet.add_data_validation(1, col("Nhóm xã"), last, col("Nhóm xã"), &list_validation(GROUPS)?)?;
    Ok(row)
}

fn write_set(sheet: &mut Worksheet, draft: &SetDraft, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(SET_SHEET)?;
    sheet.set_column_width(0, 42)?;
    sheet.set_column_width(1, 80)?;
    let scope = match &draft.scope {
        SetScope::National => "toàn quốc".to_string(),
        SetScope::Province(code) => format!("tỉnh mã {code}"),
    };
    let standard = match draft.standard {
        StandardRule::AllCriteria => "tất cả".to_string(),
        StandardRule::AtLeast(n) => n.to_string(),
    };
    let values = [
        (draft.code.clone(), false),
        (draft.version.to_string(), false),
        (draft.name.clone(), true),
        (draft.document.clone(), true),
        (scope, false),
        (draft.level.name_vi().to_string(), false),
        (draft.valid_from.map(format_date_vi).unwrap_or_default(), true),
        (draft.valid_to.map(format_date_vi).unwrap_or_default(), true),
        (standard, true),
        (yes_no(draft.complete).to_string(), true),
        (draft.notes.clone().unwrap_or_default(), true),
    ];
    for (i, (label, (value, open))) in SET_ROWS.iter().zip(values).enumerate() {
        sheet.write_string_with_format(i as u32, 0, *label, &s.header)?;
        sheet.write_string_with_format(i as u32, 1, value, if open { &s.open } else { &s.info })?;
    }
    Ok(())
}

fn write_criteria(sheet: &mut Worksheet, draft: &SetDraft, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(CRITERIA_SHEET)?;
    headers(sheet, CRITERIA_COLUMNS, s)?;
    for (i, c) in draft.criteria.iter().enumerate() {
        let row = i as u32 + 1;
        let rule = match c.rule {
            CriterionRule::AllIndicators => "tất cả".to_string(),
            CriterionRule::AtLeast(n) => n.to_string(),
        };
        let cells = [
            c.code.clone(),
            c.name.clone(),
            c.group.clone().unwrap_or_default(),
            c.owner.clone().unwrap_or_default(),
            rule,
            yes_no(c.indicators_complete).to_string(),
            c.notes.clone().unwrap_or_default(),
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, text, &s.open)?;
        }
    }
    let last = draft.criteria.len() as u32 + 200;
    sheet.add_data_validation(1, 5, last, 5, &list_validation(YES_NO)?)?;
    Ok(())
}

fn write_indicators(sheet: &mut Worksheet, draft: &SetDraft, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(INDICATORS_SHEET)?;
    headers(sheet, INDICATOR_COLUMNS, s)?;
    let mut row = 1u32;
    for (c, i) in draft.indicators() {
        let cells = [
            c.code.clone(),
            i.code.clone(),
            i.name.clone(),
            i.kind
                .name_vi()
                .split(" (")
                .next()
                .unwrap_or_default()
                .to_string(),
            i.unit.clone().unwrap_or_default(),
            i.levels.join("; "),
            yes_no(i.optional).to_string(),
            yes_no(i.additive).to_string(),
            i.evidence.join("; "),
            i.owner.clone().unwrap_or_default(),
            yes_no(i.provisional_code).to_string(),
            i.values_from.clone().unwrap_or_default(),
            i.notes.clone().unwrap_or_default(),
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, text, &s.open)?;
        }
        row += 1;
    }
    let last = row + 300;
    let kinds = ["đạt/không đạt", "tỷ lệ", "số", "mức độ"];
    sheet.add_data_validation(1, 3, last, 3, &list_validation(&kinds)?)?;
    for col in [6u16, 7, 10] {
        sheet.add_data_validation(1, col, last, col, &list_validation(YES_NO)?)?;
    }
    Ok(())
}

fn write_brackets(sheet: &mut Worksheet, draft: &SetDraft, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(BRACKETS_SHEET)?;
    headers(sheet, BRACKET_COLUMNS, s)?;
    for (i, b) in draft.brackets.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &b.label, &s.open)?;
        sheet.write_number_with_format(row, 1, f64::from(b.min), &s.number)?;
        sheet.write_number_with_format(row, 2, f64::from(b.max), &s.number)?;
    }
    Ok(())
}

fn write_guide(sheet: &mut Worksheet, draft: &SetDraft, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(GUIDE_SHEET)?;
    sheet.set_column_width(0, 120)?;
    let title = format!(
        "{} — phiên bản {} ({})",
        draft.name,
        draft.version,
        draft.status.name_vi()
    );
    let lines = [
        title.as_str(),
        "",
        "Tệp này dùng để soạn hoặc sửa một phiên bản bộ tiêu chí rồi nhập lại vào ntm (trang Bộ tiêu chí, hoặc lệnh ntm criteria import).",
        "- Trang \"Bộ tiêu chí\": tên, văn bản ban hành, ngày có hiệu lực (viết 15/02/2026). Các ô xám không sửa.",
        "- Trang \"Tiêu chí\" và \"Chỉ tiêu\": mỗi dòng một tiêu chí, một chỉ tiêu; có thể thêm dòng. Loại chỉ tiêu: đạt/không đạt, tỷ lệ, số, mức độ.",
        "- Trang \"Ngưỡng\": mỗi dòng một ngưỡng của một chỉ tiêu, áp dụng cho nhóm xã, vùng, phân loại và năm ghi trên dòng (để trống là áp dụng cho mọi trường hợp).",
        "  Điều kiện: ≥ hoặc ≤ kèm Giá trị (tỷ lệ ghi theo %, ví dụ 95); \"đạt\" cho chỉ tiêu đạt/không đạt; \"mức tối thiểu\" kèm tên mức; \"chưa rõ\" khi văn bản chưa cho biết.",
        "  Ghi rõ nguồn của từng ngưỡng: Văn bản, Điều, khoản hoặc phụ lục, Trang. Một người khác sẽ đối chiếu và xác nhận trên ntm.",
        "  Các dòng \"chưa rõ\" theo nhóm 1, 2, 3 đã được tạo sẵn: chỉ cần chọn điều kiện và ghi giá trị.",
        "- Trang \"Nhóm báo cáo\": các nhóm số tiêu chí đạt dùng trong báo cáo, phủ liên tục từ 0 đến số tiêu chí của bộ.",
        "Khi nhập lại: mọi ô được kiểm tra; nếu có lỗi, ntm liệt kê từng ô lỗi và không lưu gì. Ngưỡng không đổi giữ nguyên người nhập và người xác nhận; ngưỡng đã sửa cần được xác nhận lại.",
        "Không đổi tên các trang và các cột; không sửa trang ẩn \"ntm\".",
    ];
    for (i, line) in lines.iter().enumerate() {
        sheet.write_string_with_format(i as u32, 0, *line, if i == 0 { &s.title } else { &s.text })?;
    }
    Ok(())
}

/// The workbook of a version read at `revision`.
pub fn criteria_book_xlsx(draft: &SetDraft, revision: i64) -> Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let mut workbook = Workbook::new();
    write_guide(workbook.add_worksheet(), draft, &s)?;
    write_set(workbook.add_worksheet(), draft, &s)?;
    write_criteria(workbook.add_worksheet(), draft, &s)?;
    write_indicators(workbook.add_worksheet(), draft, &s)?;
    write_thresholds(workbook.add_worksheet(), draft, &s)?;
    write_brackets(workbook.add_worksheet(), draft, &s)?;
    let keys = workbook.add_worksheet();
    keys.set_name(KEYS_SHEET)?;
    for (i, (k, v)) in [
        ("code", draft.code.clone()),
        ("version", draft.version.to_string()),
        ("revision", revision.to_string()),
        ("format", "1".to_string()),
    ]
    .iter()
    .enumerate()
    {
        keys.write_string(i as u32, 0, *k)?;
        keys.write_string(i as u32, 1, v)?;
    }
    keys.set_hidden(true);
    workbook.worksheet_from_name(THRESHOLDS_SHEET)?.set_active(true);
    workbook.save_to_buffer()
}
