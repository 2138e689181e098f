//! Reports of a unit and period as files: the appendix tables (XLSX) and the
//! narrative report (DOCX), both from the same figures the pages show.

use ntm_core::period::Period;
use ntm_reports::appendix::{appendix_xlsx, standard_tables};

use crate::access::Actor;
use crate::error::{AppError, Result};
use crate::program::Program;

/// A file to hand to the user.
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

impl Program {
    /// The plan a report of a period carries: its year's, or else the next
    /// year's (planned from these figures).
    pub async fn report_plan(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
    ) -> Result<Option<crate::plans::PlanStatus>> {
        for year in [period.calendar_year(), period.calendar_year() + 1] {
            let plan = self.plan_status(actor, code, year, Some(period)).await?;
            if !plan.targets.is_empty() || !plan.registrations.is_empty() {
                return Ok(Some(plan));
            }
        }
        Ok(None)
    }

    /// The appendix tables of a unit and period.
    pub async fn appendix(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        set: Option<&str>,
    ) -> Result<ReportFile> {
        let stats = self.shared_stats(actor, code, period, set).await?;
        let mut tables = standard_tables(&stats);
        if let Some(plan) = self.report_plan(actor, code, period).await? {
            tables.extend(crate::plans::report_parts::plan_tables(&plan));
        }
        let bytes = appendix_xlsx(&tables).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(ReportFile {
            name: format!("phu-bieu-{}-{}.xlsx", stats.unit.code, period.code()),
            content_type: XLSX,
            bytes,
        })
    }
}

impl Program {
    /// The narrative report of a unit and period, dated today (Vietnam time),
    /// ready for staff to complete and sign.
    pub async fn narrative(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        set: Option<&str>,
    ) -> Result<ReportFile> {
        use ntm_reports::narrative::{body_sections_with, default_header, narrative_docx};
        let stats = self.shared_stats(actor, code, period, set).await?;
        let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
        let today = time::OffsetDateTime::now_utc().to_offset(offset).date();
        let header = default_header(&stats, today);
        let extra: Vec<_> = self
            .report_plan(actor, code, period)
            .await?
            .as_ref()
            .and_then(crate::plans::report_parts::plan_section)
            .into_iter()
            .collect();
        let bytes = narrative_docx(&header, &body_sections_with(&stats, &extra))
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(ReportFile {
            name: format!("bao-cao-{}-{}.docx", stats.unit.code, period.code()),
            content_type: DOCX,
            bytes,
        })
    }
}
