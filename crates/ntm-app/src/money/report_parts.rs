//! Money in the reports: capital by source, allocation and disbursement,
//! community contributions (every amount a number cell in million VND; no
//! record is "chưa có số liệu", never 0), and the money part of the
//! narrative report.

use ntm_reports::narrative::Section;
use ntm_reports::table::{Cell, Column, NO_DATA, Table};

use crate::money::summary::{CapitalTable, ContributionAmounts};
use crate::money::{MoneySummary, ProjectLine};

fn subtitle(m: &MoneySummary) -> String {
    format!(
        "(Kèm theo báo cáo của {}; đơn vị tính: triệu đồng)",
        m.unit.full_name
    )
}

/// A table of money with the common frame.
fn table(key: &str, sheet: &str, title: String, m: &MoneySummary, columns: Vec<Column>) -> Table {
    Table {
        key: key.into(),
        code: String::new(),
        sheet: sheet.into(),
        label: String::new(),
        title,
        subtitle: subtitle(m),
        columns,
        groups: Vec::new(),
        rows: Vec::new(),
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes: Vec::new(),
        frozen_columns: 2,
    }
}

/// "65,5%" as a number cell (65,5), or no figure.
fn percent_cell(text: Option<&str>) -> Cell {
    text.and_then(|p| p.replace('.', "").replace(',', ".").parse::<f64>().ok())
        .map_or(Cell::Empty, Cell::Percent)
}

/// The money tables, when the unit has money records for the year; the
/// layout of the province numbers them.
pub fn money_tables(m: &MoneySummary) -> Vec<Table> {
    [capital_table(m), disbursement_table(m), contributions_table(m)]
        .into_iter()
        .flatten()
        .collect()
}

/// Capital by source, kind by kind, when the unit has capital records.
fn capital_table(m: &MoneySummary) -> Option<Table> {
    if m.capital.is_empty() {
        return None;
    }
    let mut t = table(
        "capital",
        "PB03 Vốn theo nguồn",
        format!("VỐN THỰC HIỆN CHƯƠNG TRÌNH THEO NGUỒN NĂM {}", m.year),
        m,
        vec![
            Column::new("STT", 5.0),
            Column::wrapped("Nguồn vốn", 70.0),
            Column::new("Số tiền", 14.0),
        ],
    );
    for c in &m.capital {
        t.rows.push(vec![
            Cell::Empty,
            Cell::text(format!(
                "{} {}",
                c.kind_name.to_uppercase(),
                c.span.to_uppercase()
            )),
            Cell::amount(c.total_amount),
        ]);
        for (i, s) in c.sources.iter().enumerate() {
            t.rows.push(vec![
                Cell::Count(i as u64 + 1),
                Cell::text(format!("{}{}", "   ".repeat(s.depth), s.name)),
                Cell::amount(s.amount),
            ]);
        }
    }
    t.notes = vec!["Mỗi dòng tổng bằng tổng các dòng con của nó.".into()];
    t.notes.extend(m.coverage.iter().map(|c| c.text.clone()));
    t.notes.extend(m.capital.iter().filter_map(|c| {
        let short = c.coverage.as_ref()?.short.as_ref()?;
        Some(format!("{}: {}", c.heading, in_sentence(short)))
    }));
    Some(t)
}

/// Allocation and disbursement project by project, when the unit has projects.
fn disbursement_table(m: &MoneySummary) -> Option<Table> {
    if m.projects.is_empty() {
        return None;
    }
    let mut t = table(
        "disbursement",
        "PB04 Giải ngân",
        format!("GIAO VỐN VÀ GIẢI NGÂN NĂM {}", m.year),
        m,
        vec![
            Column::new("STT", 5.0),
            Column::wrapped("Dự án", 44.0),
            Column::wrapped("Xã", 18.0),
            Column::wrapped("Tiêu chí", 10.0),
            Column::wrapped("Vốn giao", 12.0),
            Column::wrapped("Trong đó chuyển nguồn", 12.0),
            Column::wrapped("Giải ngân", 12.0),
            Column::wrapped("Tỷ lệ (%)", 9.0),
            Column::wrapped("Tình trạng", 14.0),
        ],
    );
    t.rows = m
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| project_row(i, p))
        .collect();
    t.totals = vec![vec![
        Cell::Empty,
        Cell::text("Cộng"),
        Cell::Empty,
        Cell::Empty,
        Cell::amount(m.allocated_amount),
        Cell::amount(m.carried_in_amount),
        Cell::amount_or_no_data(m.disbursed_amount),
        percent_cell(m.disbursed_percent.as_deref()),
        Cell::Empty,
    ]];
    t.notes = disbursement_notes(m);
    Some(t)
}

/// A project's line of the disbursement table (`i`: its place, from 0).
fn project_row(i: usize, p: &ProjectLine) -> Vec<Cell> {
    vec![
        Cell::Count(i as u64 + 1),
        Cell::text(&p.name),
        Cell::text(p.communes.join(", ")),
        Cell::text(p.criteria.join(", ")),
        Cell::amount(p.allocated_amount),
        Cell::amount(p.carried_in_amount),
        Cell::amount_or_no_data(p.disbursed_amount),
        percent_cell(p.percent.as_deref()),
        Cell::text(p.state_text()),
    ]
}

/// Under the disbursement table: how the percentage is computed, which
/// projects it leaves out, whose records it adds up.
fn disbursement_notes(m: &MoneySummary) -> Vec<String> {
    let mut notes = vec!["Tỷ lệ giải ngân do ntm tính từ số giải ngân và số vốn giao.".to_string()];
    notes.extend(m.missing_disbursement_note());
    notes.extend(m.coverage.iter().map(|c| c.text.clone()));
    notes.extend(m.projects_coverage.iter().filter_map(|c| c.short.clone()));
    notes
}

/// Community contributions commune by commune, when there are any.
fn contributions_table(m: &MoneySummary) -> Option<Table> {
    if m.contributions.is_empty() {
        return None;
    }
    let mut t = table(
        "contributions",
        "PB06 Nhân dân đóng góp",
        format!("NHÂN DÂN ĐÓNG GÓP XÂY DỰNG NÔNG THÔN MỚI NĂM {}", m.year),
        m,
        vec![
            Column::new("STT", 5.0),
            Column::wrapped("Đơn vị", 22.0),
            Column::wrapped("Tiền mặt", 11.0),
            Column::wrapped("Ngày công", 11.0),
            Column::wrapped("Ngày công quy đổi", 12.0),
            Column::wrapped("Đất hiến (m²)", 12.0),
            Column::wrapped("Số hộ", 9.0),
            Column::wrapped("Tổng quy đổi", 12.0),
        ],
    );
    t.rows = m
        .contributions
        .iter()
        .enumerate()
        .map(|(i, c)| contribution_cells(Cell::Count(i as u64 + 1), Cell::text(&c.commune), &c.amounts))
        .collect();
    let sum = &m.contributions_amounts;
    t.totals = vec![contribution_cells(Cell::Empty, Cell::text("Cộng"), sum)];
    Some(t)
}

/// A line of the contributions table: its number and name, then the amounts.
fn contribution_cells(number: Cell, name: Cell, a: &ContributionAmounts) -> Vec<Cell> {
    let households = a
        .households
        .map_or_else(|| Cell::text(NO_DATA), |n| Cell::Count(u64::from(n)));
    vec![
        number,
        name,
        Cell::amount_or_no_data(a.cash),
        Cell::amount_or_no_data(a.labour_days),
        Cell::amount_or_no_data(a.labour_value),
        Cell::amount_or_no_data(a.land_m2),
        households,
        Cell::amount_or_no_data(a.money),
    ]
}

/// A source's name inside a sentence: the first letter in lower case unless
/// the word is an abbreviation ("NSTW", "MTQG") — names keep their capitals
/// ("Chương trình MTQG").
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

/// The money part of the narrative report, in the reports' sentences.
pub fn money_section(m: &MoneySummary) -> Option<Section> {
    let mut paragraphs = Vec::new();
    let has_figures = !m.capital.is_empty() || !m.projects.is_empty();
    if let Some(c) = m.coverage.as_ref().filter(|_| has_figures) {
        paragraphs.push(c.text.clone());
    }
    paragraphs.extend(m.capital.iter().map(capital_sentence));
    if !m.projects.is_empty() {
        paragraphs.push(allocation_sentence(m));
        paragraphs.extend(m.projects.iter().map(project_sentence));
    }
    if !m.contributions.is_empty() {
        paragraphs.push(contributions_sentence(m));
    }
    (!paragraphs.is_empty()).then(|| {
        Section::new(
            format!("HUY ĐỘNG VÀ SỬ DỤNG NGUỒN LỰC NĂM {}", m.year),
            paragraphs,
        )
    })
}

/// "Tổng …: … triệu đồng, trong đó: …" for one kind of capital, by its
/// top-level sources.
fn capital_sentence(c: &CapitalTable) -> String {
    let parts: Vec<String> = c
        .sources
        .iter()
        .filter(|s| s.depth == 0)
        .map(|s| format!("{} {} triệu đồng", in_sentence(&s.name), s.amount.to_vi_string()))
        .collect();
    let mut sentence = format!(
        "Tổng {} {}: {} triệu đồng, trong đó: {}.",
        c.kind_name,
        c.span,
        c.total,
        parts.join("; ")
    );
    if let Some(short) = c.coverage.as_ref().and_then(|c| c.short.as_ref()) {
        sentence.push_str(&format!(" ({})", in_sentence(short.trim_end_matches('.'))));
    }
    sentence
}

/// The year's allocation, carry-over and disbursement over all projects.
fn allocation_sentence(m: &MoneySummary) -> String {
    let mut sentence = format!(
        "Giao vốn năm {}: {} triệu đồng (trong đó chuyển nguồn {} triệu đồng)",
        m.year, m.allocated, m.carried_in
    );
    match &m.disbursed {
        Some(d) => {
            sentence.push_str(&format!("; đã giải ngân {d} triệu đồng"));
            if let Some(p) = &m.disbursed_percent {
                sentence.push_str(&format!(", đạt {p}%"));
            }
            if !m.projects_without_disbursement.is_empty() {
                sentence.push_str(" (các dự án có số liệu giải ngân)");
            }
        }
        None => sentence.push_str("; giải ngân: chưa có số liệu"),
    }
    if let Some(short) = m.projects_coverage.as_ref().and_then(|c| c.short.as_ref()) {
        sentence.push_str(&format!(" ({})", in_sentence(short.trim_end_matches('.'))));
    }
    sentence.push('.');
    sentence
}

/// "- Dự án: giải ngân …/… triệu đồng, đạt …%." (or no disbursement figure).
fn project_sentence(p: &ProjectLine) -> String {
    match &p.disbursed {
        Some(d) => format!(
            "- {}: giải ngân {d}/{} triệu đồng{}.",
            p.name,
            p.allocated,
            p.percent
                .as_deref()
                .map(|x| format!(", đạt {x}%"))
                .unwrap_or_default()
        ),
        None => format!(
            "- {}: giao {} triệu đồng; giải ngân: chưa có số liệu.",
            p.name, p.allocated
        ),
    }
}

/// What the people contributed: labour, land, households, and its value.
fn contributions_sentence(m: &MoneySummary) -> String {
    let mut parts = Vec::new();
    if let Some(days) = &m.contributions_labour_days {
        parts.push(format!("{days} ngày công lao động"));
    }
    if let Some(land) = &m.contributions_land_m2 {
        parts.push(format!("hiến {land} m² đất"));
    }
    if let Some(n) = m.contributions_households {
        parts.push(format!("{n} hộ tham gia"));
    }
    let mut sentence = if parts.is_empty() {
        "Nhân dân đóng góp".to_string()
    } else {
        format!("Nhân dân đóng góp {}", parts.join(", "))
    };
    match &m.contributions_money {
        Some(money) => sentence.push_str(&format!(", quy đổi {money} triệu đồng.")),
        None => sentence.push_str("; số tiền quy đổi: chưa có số liệu."),
    }
    if let Some(short) = m.contributions_coverage.as_ref().and_then(|c| c.short.as_ref()) {
        sentence.push_str(&format!(" {short}"));
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::in_sentence;

    #[test]
    fn names_keep_their_capitals_inside_a_sentence() {
        assert_eq!(
            in_sentence("Nguồn vốn Chương trình MTQG xây dựng NTM"),
            "nguồn vốn Chương trình MTQG xây dựng NTM"
        );
        assert_eq!(
            in_sentence("NSTW thực hiện chương trình"),
            "NSTW thực hiện chương trình"
        );
        assert_eq!(in_sentence(""), "");
    }
}
