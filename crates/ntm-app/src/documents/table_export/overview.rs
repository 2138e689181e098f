//! A table of the overview as a file, beside it on the page: the same
//! figures, for whoever may see the overview, as XLSX or CSV.

use ntm_core::period::Period;
use ntm_reports::page_tables::{MoneyRow, PageTable, money_table, page_table};

use super::{TableFormat, file, unknown_table};
use crate::accounts::access::Actor;
use crate::documents::reports::ReportFile;
use crate::error::{AppError, Result};
use crate::program::Program;

/// Which table, from the address's `table=`.
pub fn parse_table(text: &str) -> Result<PageTable> {
    PageTable::from_key(text.trim()).ok_or_else(|| unknown_table(text, "tổng quan", PageTable::KEYS))
}

impl Program {
    /// The overview's money of the criteria newly met, for the period's
    /// year; `None` when the overview shows none.
    async fn money_page_table(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
    ) -> Result<Option<ntm_reports::table::Table>> {
        let m = self.money_summary(actor, code, period.calendar_year()).await?;
        if m.newly_met.is_empty() {
            return Ok(None);
        }
        let rows: Vec<MoneyRow> = m
            .newly_met
            .iter()
            .map(|c| MoneyRow {
                criterion: c.criterion.clone(),
                name: c.name.clone(),
                communes: c.communes.clone(),
                allocated: c.allocated_amount,
                disbursed: c.disbursed_amount,
            })
            .collect();
        Ok(Some(money_table(&m.unit.full_name, m.year, &rows)))
    }

    /// One table of a unit's overview for a period (criteria set `set`, or
    /// the unit's own), visible to whoever may see the overview.
    pub async fn overview_table(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        set: Option<&str>,
        table: PageTable,
        format: TableFormat,
    ) -> Result<ReportFile> {
        let stats = self.shared_stats(actor, code, period, set).await?;
        let data = if table == PageTable::Money {
            self.money_page_table(actor, code, period).await?
        } else {
            page_table(&stats, table)
        }
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "trang tổng quan {} của {} không có bảng này",
                stats.period_label, stats.unit.full_name
            ))
        })?;
        let name = format!("bang-{}-{}-{}", table.key(), stats.unit.code, period.code());
        file(&name, &data, format)
    }
}
