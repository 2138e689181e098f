//! The tables of the money page (`/money/{code}?year=…`) as files: capital
//! by source (one file per table of the page), projects with allocation and
//! disbursement, the three breakdowns and the community contributions, from
//! the money summary the page renders. Amounts are number cells in triệu
//! đồng; a disbursement not recorded is "chưa có số liệu", never 0.

use ntm_reports::table::{Cell, Column, Table};

use super::figures::percent;
use super::{TableFormat, absent, file, frame, unknown_table};
use crate::accounts::access::Actor;
use crate::documents::reports::ReportFile;
use crate::error::Result;
use crate::money::MoneySummary;
use crate::money::report_parts::money_tables;
use crate::money::summary::MoneyLine;
use crate::program::Program;

/// A table of the money page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyTable {
    /// The page's n-th capital table (1 first): planned, mobilized or
    /// needed capital by source for a year or a phase.
    Capital(usize),
    Projects,
    BySource,
    ByCommune,
    ByCriterion,
    Contributions,
}

impl MoneyTable {
    /// The keys, for an error naming them.
    pub const KEYS: &'static str = "capital-1, capital-2, … (bảng vốn theo nguồn thứ mấy trên trang), projects, by_source, by_commune, by_criterion, contributions";

    /// From the address's `table=`.
    pub fn parse(text: &str) -> Result<MoneyTable> {
        Ok(match text.trim() {
            "projects" => MoneyTable::Projects,
            "by_source" => MoneyTable::BySource,
            "by_commune" => MoneyTable::ByCommune,
            "by_criterion" => MoneyTable::ByCriterion,
            "contributions" => MoneyTable::Contributions,
            other => match other.strip_prefix("capital-").and_then(|n| n.parse().ok()) {
                Some(n) if n >= 1 => MoneyTable::Capital(n),
                _ => return Err(unknown_table(text, "vốn", Self::KEYS)),
            },
        })
    }

    pub fn key(self) -> String {
        match self {
            MoneyTable::Capital(n) => format!("capital-{n}"),
            MoneyTable::Projects => "projects".into(),
            MoneyTable::BySource => "by_source".into(),
            MoneyTable::ByCommune => "by_commune".into(),
            MoneyTable::ByCriterion => "by_criterion".into(),
            MoneyTable::Contributions => "contributions".into(),
        }
    }
}

fn subtitle(m: &MoneySummary) -> String {
    format!("({}, năm {}; đơn vị: triệu đồng)", m.unit.full_name, m.year)
}

/// The n-th capital table: each source (a sub-source under its parent, "— "
/// as on the page) and the total.
fn capital(m: &MoneySummary, n: usize) -> Option<Table> {
    let c = m.capital.get(n.checked_sub(1)?)?;
    let mut t = frame("capital", "Vốn theo nguồn", c.heading.to_uppercase(), subtitle(m));
    t.columns = vec![
        Column::wrapped("Nguồn vốn", 60.0),
        Column::new("Triệu đồng", 14.0),
    ];
    t.rows = c
        .sources
        .iter()
        .map(|s| {
            vec![
                Cell::text(format!("{}{}", "— ".repeat(s.depth), s.name)),
                Cell::amount(s.amount),
            ]
        })
        .collect();
    t.totals = vec![vec![Cell::text("Tổng cộng"), Cell::amount(c.total_amount)]];
    t.notes = vec!["Mỗi dòng tổng bằng tổng các dòng con của nó.".into()];
    t.notes.extend(c.coverage.as_ref().and_then(|c| c.short.clone()));
    Some(t)
}

/// The notes under the allocation and disbursement tables.
fn disbursement_notes(m: &MoneySummary) -> Vec<String> {
    let mut notes = vec!["Tỷ lệ (%): giải ngân trên vốn giao, do ntm tính.".to_string()];
    notes.extend(m.missing_disbursement_note());
    // Whose projects these are, when the unit's subdivisions hold them.
    notes.extend(m.projects_coverage.as_ref().map(|c| c.text.clone()));
    notes
}

fn projects(m: &MoneySummary) -> Table {
    let mut t = frame(
        "projects",
        "Giao vốn và giải ngân",
        format!("GIAO VỐN VÀ GIẢI NGÂN NĂM {}", m.year),
        subtitle(m),
    );
    t.columns = vec![
        Column::wrapped("Dự án", 40.0),
        Column::wrapped("Chủ đầu tư", 24.0),
        Column::wrapped("Xã", 20.0),
        Column::wrapped("Tiêu chí", 10.0),
        Column::wrapped("Giao", 12.0),
        Column::wrapped("Chuyển nguồn", 12.0),
        Column::wrapped("Giải ngân", 12.0),
        Column::wrapped("Tỷ lệ (%)", 9.0),
        Column::wrapped("Tình trạng", 14.0),
    ];
    t.rows = m
        .projects
        .iter()
        .map(|p| {
            vec![
                Cell::text(&p.name),
                Cell::text(&p.owner),
                Cell::text(p.communes.join(", ")),
                Cell::text(p.criteria.join(", ")),
                Cell::amount(p.allocated_amount),
                Cell::amount(p.carried_in_amount),
                Cell::amount_or_no_data(p.disbursed_amount),
                percent(p.percent.as_deref()),
                Cell::text(p.state_text()),
            ]
        })
        .collect();
    t.totals = vec![vec![
        Cell::text("Cộng"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::amount(m.allocated_amount),
        Cell::amount(m.carried_in_amount),
        Cell::amount_or_no_data(m.disbursed_amount),
        percent(m.disbursed_percent.as_deref()),
        Cell::Empty,
    ]];
    t.notes = disbursement_notes(m);
    t
}

/// A breakdown by source, commune or criterion.
fn lines(m: &MoneySummary, key: &str, first: &str, lines: &[MoneyLine]) -> Table {
    let by = format!("theo {}", first.to_lowercase());
    let mut t = frame(
        key,
        &format!("Vốn {by}"),
        format!("GIAO VỐN VÀ GIẢI NGÂN {} NĂM {}", by.to_uppercase(), m.year),
        subtitle(m),
    );
    t.columns = vec![
        Column::wrapped(first, 40.0),
        Column::wrapped("Giao", 12.0),
        Column::wrapped("Chuyển nguồn", 12.0),
        Column::wrapped("Giải ngân", 12.0),
        Column::wrapped("Tỷ lệ (%)", 9.0),
    ];
    t.rows = lines
        .iter()
        .map(|l| {
            vec![
                Cell::text(&l.label),
                Cell::amount(l.allocated_amount),
                Cell::amount(l.carried_in_amount),
                Cell::amount_or_no_data(l.disbursed_amount),
                percent(l.percent.as_deref()),
            ]
        })
        .collect();
    t.notes = disbursement_notes(m);
    if key != "by_source" {
        t.notes.push(
            "Dự án phục vụ nhiều xã hoặc nhiều tiêu chí được tính ở mỗi xã, mỗi tiêu chí; vì vậy tổng các dòng có thể lớn hơn tổng chung."
                .into(),
        );
    }
    t
}

/// The contributions: the reports' own table (the page's columns), unnumbered.
fn contributions(m: &MoneySummary) -> Option<Table> {
    let mut t = money_tables(m).into_iter().find(|t| t.key == "contributions")?;
    t.code = String::new();
    t.label = String::new();
    t.sheet = "Nhân dân đóng góp".into();
    t.subtitle = subtitle(m);
    Some(t)
}

/// The table, or none when the page shows none for the year.
fn money_table(m: &MoneySummary, which: MoneyTable) -> Option<Table> {
    let with_projects = !m.projects.is_empty();
    match which {
        MoneyTable::Capital(n) => capital(m, n),
        MoneyTable::Projects => with_projects.then(|| projects(m)),
        MoneyTable::BySource => {
            (with_projects && !m.by_source.is_empty()).then(|| lines(m, "by_source", "Nguồn", &m.by_source))
        }
        MoneyTable::ByCommune => {
            (with_projects && !m.by_commune.is_empty()).then(|| lines(m, "by_commune", "Xã", &m.by_commune))
        }
        MoneyTable::ByCriterion => (with_projects && !m.by_criterion.is_empty())
            .then(|| lines(m, "by_criterion", "Tiêu chí", &m.by_criterion)),
        MoneyTable::Contributions => contributions(m),
    }
}

impl Program {
    /// One table of a unit's money page for a year, visible to whoever may
    /// see the page.
    pub async fn money_page_file(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        table: MoneyTable,
        format: TableFormat,
    ) -> Result<ReportFile> {
        let m = self.money_summary(actor, code, year).await?;
        let data = money_table(&m, table).ok_or_else(|| absent("vốn"))?;
        let name = format!("von-{}-{}-{year}", table.key(), m.unit.code);
        file(&name, &data, format)
    }
}
