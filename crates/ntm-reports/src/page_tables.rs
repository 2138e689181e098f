//! The tables of the overview page as data, for their export beside them:
//! the matrix, the criteria and the quantities are the appendix's own tables
//! (the same figures, unnumbered: numbers belong to the appendix); the
//! changes against a year earlier, the figures by subdivision and the findings
//! are the page's.

use ntm_core::aggregate::{Severity, Stats};
use ntm_core::evaluation::NO_DATA;

use crate::appendix::standard_tables;
use ntm_core::quantity::Quantity;

use crate::table::{Cell, Column, Table};

/// A table of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageTable {
    /// Communes × criteria.
    Matrix,
    /// Communes meeting each criterion.
    Criteria,
    /// Criteria gained and lost against the period compared with.
    Changes,
    /// Indicator quantities.
    Quantities,
    /// What ntm found to review.
    Findings,
    /// The figures by district (of a province) or by province (of the country).
    Subdivisions,
    /// Money of the criteria communes newly met: built from the money
    /// summary ([`money_table`]), not from the figures.
    Money,
}

impl PageTable {
    /// From the address's `table=`.
    pub fn from_key(key: &str) -> Option<PageTable> {
        Some(match key {
            "matrix" => PageTable::Matrix,
            "criteria" => PageTable::Criteria,
            "changes" => PageTable::Changes,
            "quantities" => PageTable::Quantities,
            "findings" => PageTable::Findings,
            "money" => PageTable::Money,
            "subdivisions" => PageTable::Subdivisions,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            PageTable::Matrix => "matrix",
            PageTable::Criteria => "criteria",
            PageTable::Changes => "changes",
            PageTable::Quantities => "quantities",
            PageTable::Findings => "findings",
            PageTable::Money => "money",
            PageTable::Subdivisions => "subdivisions",
        }
    }

    /// The keys, for an error naming them.
    pub const KEYS: &'static str = "matrix, criteria, changes, quantities, findings, money, subdivisions";
}

/// The table, or none when the page has none (no earlier period, no quantities).
pub fn page_table(stats: &Stats, which: PageTable) -> Option<Table> {
    let standard = |key: &str| {
        standard_tables(stats)
            .into_iter()
            .find(|t| t.key == key)
            .map(|mut t| {
                t.label = String::new();
                t
            })
    };
    match which {
        PageTable::Matrix => standard("by_commune"),
        PageTable::Criteria => standard("by_criterion"),
        PageTable::Quantities => standard("quantities"),
        PageTable::Changes => changes(stats),
        PageTable::Findings => Some(findings(stats)),
        PageTable::Subdivisions => subdivisions(stats),
        PageTable::Money => None,
    }
}

fn subtitle(stats: &Stats) -> String {
    format!("({}, {})", stats.unit.full_name, stats.period_label)
}

fn changes(stats: &Stats) -> Option<Table> {
    let changes = stats.changes.as_ref()?;
    let before = changes.compared_with.label_vi();
    Some(Table {
        key: "changes".into(),
        code: "TD".into(),
        sheet: "Thay đổi".into(),
        label: String::new(),
        title: format!("SỐ XÃ ĐẠT TỪNG TIÊU CHÍ SO VỚI {}", before.to_uppercase()),
        subtitle: subtitle(stats),
        columns: vec![
            Column::wrapped("Tiêu chí", 30.0),
            Column::wrapped(format!("Số xã đạt {before}"), 12.0),
            Column::wrapped(format!("Số xã đạt {}", stats.period_label), 12.0),
            Column::wrapped("Tăng", 10.0),
            Column::wrapped("Xã mới đạt", 30.0),
            Column::wrapped("Xã không còn đạt", 30.0),
        ],
        groups: Vec::new(),
        rows: changes
            .per_criterion
            .iter()
            .map(|c| {
                vec![
                    Cell::text(format!("{}. {}", c.criterion, c.name)),
                    Cell::Count(u64::from(c.before)),
                    Cell::Count(u64::from(c.after)),
                    Cell::Signed(i64::from(c.after) - i64::from(c.before)),
                    Cell::text(c.gained.join(", ")),
                    Cell::text(c.lost.join(", ")),
                ]
            })
            .collect(),
        totals: Vec::new(),
        footnotes: changes
            .marks_before
            .note(&before)
            .into_iter()
            .map(|n| format!("{n}."))
            .collect(),
        notes: vec![format!(
            "So sánh {} xã có số liệu cả hai kỳ (xã không có số liệu ở một kỳ không được so sánh).",
            changes.communes_compared
        )],
        frozen_columns: 1,
    })
}

/// What a subdivision is called in a column heading.
pub fn subdivision_word(stats: &Stats) -> &'static str {
    match stats.unit.kind {
        ntm_core::unit::UnitKind::Country => "Tỉnh",
        _ => "Huyện",
    }
}

/// The unit's figures by direct subdivision; none when its subdivisions are communes.
fn subdivisions(stats: &Stats) -> Option<Table> {
    if stats.per_subdivision.is_empty() {
        return None;
    }
    let word = subdivision_word(stats);
    let mut columns = vec![
        Column::wrapped(word, 26.0),
        Column::wrapped("Số xã", 8.0),
        Column::wrapped("Xã có số liệu", 10.0),
        Column::wrapped("Xã đánh giá được", 10.0),
        Column::wrapped("Bình quân tiêu chí/xã", 10.0),
        Column::wrapped("Xã đạt đủ tiêu chí", 10.0),
    ];
    columns.extend(
        stats
            .per_criterion
            .iter()
            .map(|c| Column::wrapped(format!("TC {}", c.criterion), 7.0)),
    );
    let rows = stats
        .per_subdivision
        .iter()
        .map(|s| {
            let mut row = vec![
                Cell::text(&s.unit.full_name),
                Cell::Count(u64::from(s.communes)),
                Cell::Count(u64::from(s.communes_with_data)),
                Cell::Count(u64::from(s.communes_judged)),
                s.average_criteria
                    .map_or_else(|| Cell::text(NO_DATA), |a| Cell::Number(a, 2)),
                Cell::Count(u64::from(s.all_criteria_met)),
            ];
            row.extend(s.per_criterion_met.iter().map(|n| Cell::Count(u64::from(*n))));
            row
        })
        .collect();
    Some(Table {
        key: "subdivisions".into(),
        code: "DV".into(),
        sheet: format!("Theo {}", word.to_lowercase()),
        label: String::new(),
        title: format!("KẾT QUẢ THEO TỪNG {}", word.to_uppercase()),
        subtitle: subtitle(stats),
        columns,
        groups: Vec::new(),
        rows,
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes: vec![
            "Các cột tiêu chí: số xã đạt tiêu chí, trong số xã đánh giá được (xã có số liệu quyết định được ít nhất một tiêu chí)."
                .into(),
        ],
        frozen_columns: 1,
    })
}

fn findings(stats: &Stats) -> Table {
    Table {
        key: "findings".into(),
        code: "KT".into(),
        sheet: "Điểm cần xem lại".into(),
        label: String::new(),
        title: "ĐIỂM CẦN XEM LẠI".into(),
        subtitle: subtitle(stats),
        columns: vec![
            Column::new("STT", 5.0),
            Column::wrapped("Mức", 10.0),
            Column::wrapped("Nội dung", 80.0),
            Column::wrapped("Nguồn", 30.0),
        ],
        groups: Vec::new(),
        rows: stats
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                vec![
                    Cell::Count(i as u64 + 1),
                    Cell::text(if f.severity == Severity::Warning {
                        "cảnh báo"
                    } else {
                        "lưu ý"
                    }),
                    Cell::text(&f.message),
                    f.source.as_deref().map_or(Cell::Empty, Cell::text),
                ]
            })
            .collect(),
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes: vec![
            "Do hệ thống phát hiện khi đối chiếu số liệu và các văn bản; không đưa vào báo cáo, phụ biểu."
                .into(),
        ],
        frozen_columns: 0,
    }
}

/// One criterion's money in the communes that newly met it.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyRow {
    pub criterion: String,
    pub name: String,
    pub communes: Vec<String>,
    /// `None`: no project serves it in those communes.
    pub allocated: Option<Quantity>,
    /// `None`: no project serving it has a disbursement recorded.
    pub disbursed: Option<Quantity>,
}

/// "Vốn theo tiêu chí mới đạt" of the overview: amounts as number cells
/// (triệu đồng), a disbursement not recorded as "chưa có số liệu".
pub fn money_table(unit_full_name: &str, year: i32, rows: &[MoneyRow]) -> Table {
    Table {
        key: "money".into(),
        code: "VTC".into(),
        sheet: "Vốn theo tiêu chí".into(),
        label: String::new(),
        title: "VỐN THEO TIÊU CHÍ MỚI ĐẠT".into(),
        subtitle: format!("({unit_full_name}, năm {year}; đơn vị: triệu đồng)"),
        columns: vec![
            Column::wrapped("Tiêu chí", 30.0),
            Column::wrapped("Xã mới đạt", 40.0),
            Column::wrapped("Vốn giao cho các xã đó", 14.0),
            Column::wrapped("Giải ngân", 14.0),
        ],
        groups: Vec::new(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(format!("{}. {}", r.criterion, r.name)),
                    Cell::text(r.communes.join(", ")),
                    Cell::amount_or_no_data(r.allocated),
                    Cell::amount_or_no_data(r.disbursed),
                ]
            })
            .collect(),
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes: vec![
            "Vốn của các dự án phục vụ tiêu chí tại các xã mới đạt tiêu chí đó trong năm (so với năm trước)."
                .into(),
        ],
        frozen_columns: 1,
    }
}
