//! Money in the reports: capital by source (PB08), allocation and
//! disbursement (PB09), community contributions (PB10), and the money part of
//! the narrative report.

use ntm_reports::narrative::Section;
use ntm_reports::table::{Cell, Column, Table};

use crate::money::MoneySummary;

fn subtitle(m: &MoneySummary) -> String {
    format!(
        "(Kèm theo báo cáo của {}; đơn vị tính: triệu đồng)",
        m.unit.full_name
    )
}

fn amount_cell(text: &str) -> Cell {
    // Amounts go as text exactly as computed (Vietnamese separators, exact).
    Cell::text(text)
}

/// The money tables, when the unit has money records for the year.
pub fn money_tables(m: &MoneySummary) -> Vec<Table> {
    let mut tables = Vec::new();
    if !m.capital.is_empty() {
        let mut rows = Vec::new();
        for c in &m.capital {
            rows.push(vec![
                Cell::Empty,
                Cell::text(format!(
                    "{} {}",
                    c.kind_name.to_uppercase(),
                    c.span.to_uppercase()
                )),
                amount_cell(&c.total),
            ]);
            for (i, s) in c.sources.iter().enumerate() {
                rows.push(vec![
                    Cell::Count(i as u64 + 1),
                    Cell::text(format!("{}{}", "   ".repeat(s.depth), s.name)),
                    amount_cell(&s.amount.to_vi_string()),
                ]);
            }
        }
        tables.push(Table {
            code: "PB08".into(),
            sheet: "PB08 Vốn theo nguồn".into(),
            label: "PHỤ BIỂU 08".into(),
            title: format!("VỐN THỰC HIỆN CHƯƠNG TRÌNH THEO NGUỒN NĂM {}", m.year),
            subtitle: subtitle(m),
            columns: vec![
                Column::new("STT", 5.0),
                Column::wrapped("Nguồn vốn", 70.0),
                Column::new("Số tiền", 14.0),
            ],
            groups: Vec::new(),
            rows,
            totals: Vec::new(),
            notes: vec!["Mỗi dòng tổng bằng tổng các dòng con của nó.".into()],
            frozen_columns: 2,
        });
    }
    if !m.projects.is_empty() {
        let mut rows: Vec<Vec<Cell>> = m
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    Cell::Count(i as u64 + 1),
                    Cell::text(&p.name),
                    Cell::text(p.communes.join(", ")),
                    Cell::text(p.criteria.join(", ")),
                    amount_cell(&p.allocated),
                    amount_cell(&p.carried_in),
                    amount_cell(&p.disbursed),
                    p.percent
                        .as_deref()
                        .map_or(Cell::Empty, |x| Cell::text(format!("{x}%"))),
                    Cell::text(if p.behind {
                        "chậm tiến độ"
                    } else {
                        p.status.as_str()
                    }),
                ]
            })
            .collect();
        rows.push(vec![
            Cell::Empty,
            Cell::text("Cộng"),
            Cell::Empty,
            Cell::Empty,
            amount_cell(&m.allocated),
            amount_cell(&m.carried_in),
            amount_cell(&m.disbursed),
            m.disbursed_percent
                .as_deref()
                .map_or(Cell::Empty, |x| Cell::text(format!("{x}%"))),
            Cell::Empty,
        ]);
        tables.push(Table {
            code: "PB09".into(),
            sheet: "PB09 Giải ngân".into(),
            label: "PHỤ BIỂU 09".into(),
            title: format!("GIAO VỐN VÀ GIẢI NGÂN NĂM {}", m.year),
            subtitle: subtitle(m),
            columns: vec![
                Column::new("STT", 5.0),
                Column::wrapped("Dự án", 44.0),
                Column::wrapped("Xã", 18.0),
                Column::wrapped("Tiêu chí", 10.0),
                Column::wrapped("Vốn giao", 12.0),
                Column::wrapped("Trong đó chuyển nguồn", 12.0),
                Column::wrapped("Giải ngân", 12.0),
                Column::wrapped("Tỷ lệ", 9.0),
                Column::wrapped("Tình trạng", 14.0),
            ],
            groups: Vec::new(),
            rows,
            totals: Vec::new(),
            notes: vec!["Tỷ lệ giải ngân do ntm tính từ số giải ngân và số vốn giao.".into()],
            frozen_columns: 2,
        });
    }
    if !m.contributions.is_empty() {
        tables.push(Table {
            code: "PB10".into(),
            sheet: "PB10 Nhân dân đóng góp".into(),
            label: "PHỤ BIỂU 10".into(),
            title: format!("NHÂN DÂN ĐÓNG GÓP XÂY DỰNG NÔNG THÔN MỚI NĂM {}", m.year),
            subtitle: subtitle(m),
            columns: vec![
                Column::new("STT", 5.0),
                Column::wrapped("Đơn vị", 22.0),
                Column::wrapped("Tiền mặt", 11.0),
                Column::wrapped("Ngày công", 11.0),
                Column::wrapped("Ngày công quy đổi", 12.0),
                Column::wrapped("Đất hiến (m²)", 12.0),
                Column::wrapped("Số hộ", 8.0),
                Column::wrapped("Tổng quy đổi", 12.0),
            ],
            groups: Vec::new(),
            rows: m
                .contributions
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    vec![
                        Cell::Count(i as u64 + 1),
                        Cell::text(&c.commune),
                        amount_cell(&c.cash),
                        amount_cell(&c.labour_days),
                        amount_cell(&c.labour_value),
                        amount_cell(&c.land_m2),
                        Cell::Count(u64::from(c.households)),
                        amount_cell(&c.money),
                    ]
                })
                .collect(),
            totals: vec![vec![
                Cell::Empty,
                Cell::text("Cộng"),
                Cell::Empty,
                amount_cell(&m.contributions_labour_days),
                Cell::Empty,
                amount_cell(&m.contributions_land_m2),
                Cell::Count(u64::from(m.contributions_households)),
                amount_cell(&m.contributions_money),
            ]],
            notes: Vec::new(),
            frozen_columns: 2,
        });
    }
    tables
}

/// The money part of the narrative report, in the reports' sentences.
pub fn money_section(m: &MoneySummary) -> Option<Section> {
    let mut paragraphs = Vec::new();
    for c in &m.capital {
        let parts: Vec<String> = c
            .sources
            .iter()
            .filter(|s| s.depth == 0)
            .map(|s| format!("{} {} triệu đồng", s.name.to_lowercase(), s.amount.to_vi_string()))
            .collect();
        paragraphs.push(format!(
            "Tổng {} {}: {} triệu đồng, trong đó: {}.",
            c.kind_name,
            c.span,
            c.total,
            parts.join("; ")
        ));
    }
    if !m.projects.is_empty() {
        let mut sentence = format!(
            "Giao vốn năm {}: {} triệu đồng (trong đó chuyển nguồn {} triệu đồng); đã giải ngân {} triệu đồng",
            m.year, m.allocated, m.carried_in, m.disbursed
        );
        if let Some(p) = &m.disbursed_percent {
            sentence.push_str(&format!(", đạt {p}%"));
        }
        sentence.push('.');
        paragraphs.push(sentence);
        for p in m.projects.iter().filter(|p| p.disbursed != "0") {
            paragraphs.push(format!(
                "- {}: giải ngân {}/{} triệu đồng{}.",
                p.name,
                p.disbursed,
                p.allocated,
                p.percent
                    .as_deref()
                    .map(|x| format!(", đạt {x}%"))
                    .unwrap_or_default()
            ));
        }
    }
    if !m.contributions.is_empty() {
        paragraphs.push(format!(
            "Nhân dân đóng góp {} ngày công lao động, hiến {} m² đất ({} hộ), quy đổi {} triệu đồng.",
            m.contributions_labour_days,
            m.contributions_land_m2,
            m.contributions_households,
            m.contributions_money
        ));
    }
    (!paragraphs.is_empty()).then(|| Section {
        heading: format!("HUY ĐỘNG VÀ SỬ DỤNG NGUỒN LỰC NĂM {}", m.year),
        paragraphs,
    })
}
