//! The tables of the plans, gaps, money and reporting-cycle pages as XLSX or
//! CSV (`/plans/{code}/export?table=…&year=…&format=…`, `/gaps/{code}/export?…&period=…`,
//! `/money/{code}/export?…&year=…`, `/cycle/{code}/export?table=reports&period=…`), and the links to them beside each
//! table, as the overview has them. Each handler reads the address and calls
//! one service (`ntm-app::table_export`); access is the page's.

use axum::extract::State;
use axum::response::Response;
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::documents::table_export::{
    CycleTable, GapsTable, MoneyTable, PlanTable, TableFormat, parse_year,
};
use serde::Deserialize;

use crate::extract::{Path, Query};
use crate::pages::documents::attachment;
use crate::pages::parts::period_of_unit;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

/// "Tải bảng: Excel · CSV" for table `table` of a page whose exports are at
/// `export` ("/money/109/export"), the page's own address parameters in
/// `query` ("&year=2023"); named for screen readers by `what`.
pub fn links(export: &str, table: &str, query: &str, what: &str) -> Markup {
    let href = |format: &str| format!("{export}?table={table}&format={format}{query}");
    html! {
        p.export {
            "Tải bảng: "
            a href=(href("xlsx")) aria-label={"Tải " (what) " (Excel)"} download { "Excel" }
            " · "
            a href=(href("csv")) aria-label={"Tải " (what) " (CSV)"} download { "CSV" }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    pub table: Option<String>,
    pub format: Option<String>,
    pub year: Option<String>,
    pub as_of: Option<String>,
    pub period: Option<String>,
}

impl ExportQuery {
    fn format(&self) -> Result<TableFormat, AppError> {
        TableFormat::parse(self.format.as_deref().unwrap_or("xlsx"))
    }

    fn table(&self) -> &str {
        self.table.as_deref().unwrap_or("")
    }

    /// The year asked, or `default` when none is.
    fn year(&self, default: i32) -> Result<i32, AppError> {
        match self.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            Some(y) => parse_year(y),
            None => Ok(default),
        }
    }
}

/// A table of the plans page (`year`, `as_of` as the page takes them).
pub async fn plans(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let table = PlanTable::parse(q.table())?;
    let format = q.format()?;
    let year = q.year(program.default_period().await?.calendar_year() + 1)?;
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => Some(
            p.parse()
                .map_err(|e: ntm_core::period::PeriodError| AppError::BadRequest(e.to_string()))?,
        ),
        None => None,
    };
    let file = program
        .plan_table(&session.actor(), &code, year, as_of, table, format)
        .await?;
    Ok(attachment(file))
}

/// A table of the gaps page (`period` as the page takes it).
pub async fn gaps(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let table = GapsTable::parse(q.table())?;
    let format = q.format()?;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let file = program
        .gaps_table(&session.actor(), &code, period, table, format)
        .await?;
    Ok(attachment(file))
}

/// A table of the reporting-cycle page (`period` as the page takes it).
pub async fn cycle(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let table = CycleTable::parse(q.table())?;
    let format = q.format()?;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let file = program
        .cycle_table(&session.actor(), &code, period, table, format)
        .await?;
    Ok(attachment(file))
}

/// A table of the money page (`year` as the page takes it).
pub async fn money(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let table = MoneyTable::parse(q.table())?;
    let format = q.format()?;
    let year = q.year(program.default_period().await?.calendar_year())?;
    let file = program
        .money_page_file(&session.actor(), &code, year, table, format)
        .await?;
    Ok(attachment(file))
}

/// The links beside a table of the plans page, for its year and the period
/// of its actuals.
pub fn plan_links(plan: &ntm_app::plans::PlanStatus, table: &str, what: &str) -> Markup {
    links(
        &format!("/plans/{}/export", plan.unit.code),
        table,
        &format!("&year={}&as_of={}", plan.year, plan.as_of.code()),
        what,
    )
}

/// The links beside the table of the gaps page, for its period.
pub fn gaps_links(code: &str, period: ntm_core::period::Period, table: &str, what: &str) -> Markup {
    links(
        &format!("/gaps/{code}/export"),
        table,
        &format!("&period={}", period.code()),
        what,
    )
}

/// The links beside a table of the money page, for its year.
pub fn money_links(m: &ntm_app::money::MoneySummary, table: &str, what: &str) -> Markup {
    links(
        &format!("/money/{}/export", m.unit.code),
        table,
        &format!("&year={}", m.year),
        what,
    )
}
