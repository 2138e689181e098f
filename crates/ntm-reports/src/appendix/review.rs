//! ntm's own checks of a report, in a file of their own: what the office
//! should look at before it signs (contradictions, missing data, documents
//! that disagree, entry warnings, money that does not add up). They never go
//! into the report or the appendix that are sent.

use rust_xlsxwriter::Workbook;

use crate::appendix::{AppendixError, Styles, write_table};
use crate::table::{Cell, Column, Table};

/// One point to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    /// Warnings first; the others are notes.
    pub warning: bool,
    /// "Nhóm": what it is about ("Số liệu báo cáo", "Vốn").
    pub topic: String,
    pub message: String,
    /// The document and place, or the unit, it concerns.
    pub source: Option<String>,
}

/// The review workbook: one sheet listing every point, warnings first.
/// `about` is "báo cáo năm 2023 của Huyện Phong Thổ".
pub fn review_xlsx(about: &str, items: &[ReviewItem]) -> Result<Vec<u8>, AppendixError> {
    let mut ordered: Vec<&ReviewItem> = items.iter().collect();
    ordered.sort_by_key(|i| !i.warning);
    let rows = ordered
        .iter()
        .enumerate()
        .map(|(i, item)| {
            vec![
                Cell::Count(i as u64 + 1),
                Cell::text(if item.warning {
                    "Cần xem lại"
                } else {
                    "Lưu ý"
                }),
                Cell::text(&item.topic),
                Cell::text(&item.message),
                item.source.as_deref().map_or(Cell::Empty, Cell::text),
            ]
        })
        .collect::<Vec<_>>();
    let notes = if rows.is_empty() {
        vec!["Không phát hiện điểm nào cần xem lại.".to_string()]
    } else {
        vec![format!(
            "{} điểm ({} cần xem lại). Danh sách do hệ thống lập khi đối chiếu số liệu; không gửi kèm báo cáo.",
            rows.len(),
            ordered.iter().filter(|i| i.warning).count()
        )]
    };
    let table = Table {
        key: "review".into(),
        code: "KT".into(),
        sheet: "Điểm cần xem lại".into(),
        label: "DANH SÁCH KIỂM TRA TRƯỚC KHI KÝ".into(),
        title: "CÁC ĐIỂM CẦN XEM LẠI TRƯỚC KHI GỬI BÁO CÁO".into(),
        subtitle: format!("({about})"),
        columns: vec![
            Column::new("STT", 5.0),
            Column::wrapped("Mức", 11.0),
            Column::wrapped("Nhóm", 16.0),
            Column::wrapped("Nội dung", 80.0),
            Column::wrapped("Văn bản, nơi ghi", 40.0),
        ],
        groups: Vec::new(),
        rows,
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes,
        frozen_columns: 0,
    };
    let mut workbook = Workbook::new();
    write_table(workbook.add_worksheet(), &table, &Styles::new())?;
    Ok(workbook.save_to_buffer()?)
}
