//! The tables of the plans page (`/plans/{code}?year=…`) as files: the
//! targets and the registrations, from the plan status the page renders.

use ntm_core::period::Period;
use ntm_reports::table::{Cell, Column, NO_DATA, Table};

use super::figures::{amount, figure, out_of};
use super::{TableFormat, absent, file, frame, unknown_table};
use crate::accounts::access::Actor;
use crate::documents::reports::ReportFile;
use crate::error::Result;
use crate::plans::PlanStatus;
use crate::program::Program;

/// A table of the plans page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanTable {
    /// "Chỉ tiêu": each target against the figures.
    Targets,
    /// "Đăng ký hoàn thành": the communes' registrations.
    Registrations,
}

impl PlanTable {
    /// The keys, for an error naming them.
    pub const KEYS: &'static str = "targets, registrations";

    /// From the address's `table=`.
    pub fn parse(text: &str) -> Result<PlanTable> {
        match text.trim() {
            "targets" => Ok(PlanTable::Targets),
            "registrations" => Ok(PlanTable::Registrations),
            _ => Err(unknown_table(text, "kế hoạch", Self::KEYS)),
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            PlanTable::Targets => "targets",
            PlanTable::Registrations => "registrations",
        }
    }
}

fn subtitle(plan: &PlanStatus) -> String {
    format!(
        "({}, kế hoạch năm {}; số liệu thực hiện: {})",
        plan.unit.full_name, plan.year, plan.as_of_label
    )
}

/// The targets as the page lists them; counts of communes as number cells
/// with the whole they are out of beside them.
fn targets(plan: &PlanStatus) -> Table {
    let mut t = frame(
        "targets",
        "Chỉ tiêu kế hoạch",
        format!("CHỈ TIÊU KẾ HOẠCH NĂM {}", plan.year),
        subtitle(plan),
    );
    t.columns = vec![
        Column::wrapped("Chỉ tiêu", 36.0),
        Column::wrapped("Thời hạn", 16.0),
        Column::wrapped("Mục tiêu", 10.0),
        Column::wrapped("Trước kỳ kế hoạch", 11.0),
        Column::wrapped(format!("Thực hiện ({})", plan.as_of_label), 12.0),
        Column::wrapped("Dự báo cuối kỳ", 10.0),
        Column::wrapped("Trên tổng số xã", 9.0),
        Column::wrapped("Tình trạng", 14.0),
        Column::wrapped("Lý do", 50.0),
        Column::wrapped("Văn bản", 30.0),
    ];
    t.rows = plan
        .targets
        .iter()
        .map(|l| {
            let whole = out_of(Some(&l.target))
                .or_else(|| out_of(l.actual.as_deref()))
                .map_or(Cell::Empty, Cell::Count);
            vec![
                Cell::text(&l.label),
                Cell::text(&l.span),
                figure(Some(&l.target), Cell::Empty),
                figure(l.baseline.as_deref(), Cell::Empty),
                figure(l.actual.as_deref(), Cell::text(NO_DATA)),
                figure(l.projected.as_deref(), Cell::Empty),
                whole,
                Cell::text(&l.status_name),
                Cell::text(&l.reason),
                l.source.as_deref().map_or(Cell::Empty, Cell::text),
            ]
        })
        .collect();
    t.notes = vec![
        "Chỉ tiêu về số xã: mục tiêu, thực hiện và dự báo là số xã, trên tổng số xã ở cột \"Trên tổng số xã\"."
            .into(),
        "\"Trước kỳ kế hoạch\": số liệu cuối năm trước khi bắt đầu thực hiện chỉ tiêu (để trống khi số liệu thực hiện là của chính thời điểm đó)."
            .into(),
    ];
    t
}

/// The registrations as the page lists them; planned capital in triệu đồng.
fn registrations(plan: &PlanStatus) -> Table {
    let mut t = frame(
        "registrations",
        "Đăng ký hoàn thành",
        format!("ĐĂNG KÝ HOÀN THÀNH NĂM {}", plan.year),
        subtitle(plan),
    );
    t.columns = vec![
        Column::wrapped("Xã", 20.0),
        Column::new("Mã xã", 8.0),
        Column::wrapped("Tiêu chí", 30.0),
        Column::new("Chỉ tiêu", 8.0),
        Column::wrapped("Đề xuất", 9.0),
        Column::wrapped("Cơ quan hỗ trợ", 24.0),
        Column::wrapped("Vốn dự kiến (triệu đồng)", 12.0),
        Column::wrapped("Tình trạng", 14.0),
    ];
    t.rows = plan
        .registrations
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.unit.name),
                Cell::text(&r.unit.code),
                Cell::text(format!("{} {}", r.criterion, r.criterion_name).trim_end()),
                r.indicator.as_deref().map_or(Cell::Empty, Cell::text),
                if r.proposed {
                    Cell::text("đề xuất")
                } else {
                    Cell::Empty
                },
                r.agency.as_deref().map_or(Cell::Empty, Cell::text),
                r.planned_capital
                    .as_deref()
                    .map_or(Cell::Empty, |c| amount(Some(c))),
                Cell::text(&r.status_name),
            ]
        })
        .collect();
    t
}

impl Program {
    /// One table of a unit's plans page for `year` (the actuals of `as_of`,
    /// or the newest), visible to whoever may see the page.
    pub async fn plan_table(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        as_of: Option<Period>,
        table: PlanTable,
        format: TableFormat,
    ) -> Result<ReportFile> {
        let plan = self.plan_status(actor, code, year, as_of).await?;
        let data = match table {
            PlanTable::Targets if !plan.targets.is_empty() => targets(&plan),
            PlanTable::Registrations if !plan.registrations.is_empty() => registrations(&plan),
            _ => return Err(absent("kế hoạch")),
        };
        let name = format!("ke-hoach-{}-{}-{year}", table.key(), plan.unit.code);
        file(&name, &data, format)
    }
}
