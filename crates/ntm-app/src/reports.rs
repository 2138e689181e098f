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
    /// The appendix tables of a unit and period.
    pub async fn appendix(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        set: Option<&str>,
    ) -> Result<ReportFile> {
        let stats = self.shared_stats(actor, code, period, set).await?;
        let bytes = appendix_xlsx(&standard_tables(&stats)).map_err(|e| AppError::Invalid(e.to_string()))?;
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
        use ntm_reports::narrative::{body_sections, default_header, narrative_docx};
        let stats = self.shared_stats(actor, code, period, set).await?;
        let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
        let today = time::OffsetDateTime::now_utc().to_offset(offset).date();
        let header = default_header(&stats, today);
        let bytes =
            narrative_docx(&header, &body_sections(&stats)).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(ReportFile {
            name: format!("bao-cao-{}-{}.docx", stats.unit.code, period.code()),
            content_type: DOCX,
            bytes,
        })
    }
}
