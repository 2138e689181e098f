//! A table of the overview as XLSX or CSV (`/overview/{code}/export?table=…&format=…`),
//! and the links to it beside each table.

use axum::extract::State;
use axum::response::Response;
use maud::Markup;
use ntm_app::documents::table_export::{TableFormat, parse_table};
use ntm_core::period::Period;
use serde::Deserialize;

use crate::extract::{Path, Query};
use crate::pages::documents::attachment;
use crate::pages::parts::period_of_unit;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    pub period: Option<String>,
    pub set: Option<String>,
    pub table: Option<String>,
    pub format: Option<String>,
}

pub async fn export(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let period = period_of_unit(&state.program, q.period.as_deref(), &code).await?;
    let table = parse_table(q.table.as_deref().unwrap_or(""))?;
    let format = TableFormat::parse(q.format.as_deref().unwrap_or("xlsx"))?;
    let set = q.set.as_deref().filter(|s| !s.trim().is_empty());
    let file = state
        .program
        .overview_table(&session.actor(), &code, period, set, table, format)
        .await?;
    Ok(attachment(file))
}

/// "Tải bảng: Excel · CSV" for table `table` of the overview, named for
/// screen readers by `what` ("bảng xã × tiêu chí").
pub fn links(code: &str, period: Period, table: &str, what: &str) -> Markup {
    crate::pages::page_exports::links(
        &format!("/overview/{code}/export"),
        table,
        &format!("&period={}", period.code()),
        what,
    )
}
