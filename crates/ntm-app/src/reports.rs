//! Reports of a unit and period as files: the appendix tables (XLSX) and the
//! narrative report (DOCX), both from the same figures the pages show.

use ntm_core::geometry::layer::LayerKind;
use ntm_core::period::Period;
use ntm_reports::appendix::{appendix_xlsx_with_map, standard_tables};
use ntm_reports::map::MapPicture;

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

/// What a report holds besides its figures: the criteria set to judge by
/// (default: the unit's own) and the map drawn into it (default: criteria
/// met; `None`: no map).
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub set: Option<String>,
    pub map: Option<LayerKind>,
}

impl ReportOptions {
    /// The unit's own criteria set and the map of criteria met.
    pub fn standard() -> Self {
        ReportOptions {
            set: None,
            map: Some(LayerKind::Criteria),
        }
    }

    /// From what users type: a set (or none) and a map choice — `none`
    /// (or `khong`) for no map, otherwise a layer (`criteria`,
    /// `criterion:N`, `plan`, `money`); nothing: criteria met.
    pub fn parse(set: Option<&str>, map: Option<&str>) -> Result<Self> {
        let map = match map.map(str::trim) {
            None | Some("") => Some(LayerKind::Criteria),
            Some(t) if ["none", "khong", "không"].contains(&t.to_lowercase().as_str()) => None,
            Some(t) => Some(
                t.parse()
                    .map_err(|e: ntm_core::geometry::layer::LayerKindError| {
                        AppError::BadRequest(format!("{e}, hoặc none (không kèm bản đồ)"))
                    })?,
            ),
        };
        Ok(ReportOptions {
            set: set.map(str::to_string),
            map,
        })
    }
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

    /// The map a report carries, if it asks for one. A unit with no map of
    /// its own (a village) gets a report without one rather than none.
    async fn report_map(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        options: &ReportOptions,
    ) -> Result<Option<MapPicture>> {
        let Some(layer) = &options.map else {
            return Ok(None);
        };
        match self
            .map_picture(actor, code, period, layer, options.set.as_deref())
            .await
        {
            Ok(picture) => Ok(Some(picture)),
            Err(AppError::Invalid(why)) => {
                tracing::warn!(code = ?code, why = ?why.to_string(), "report without a map");
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The appendix tables of a unit and period (and the map's sheet).
    pub async fn appendix(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        options: &ReportOptions,
    ) -> Result<ReportFile> {
        let set = options.set.as_deref();
        let stats = self.shared_stats(actor, code, period, set).await?;
        let mut tables = standard_tables(&stats);
        if let Some(plan) = self.report_plan(actor, code, period).await? {
            tables.extend(crate::plans::report_parts::plan_tables(&plan));
        }
        let money = self.money_summary(actor, code, period.calendar_year()).await?;
        tables.extend(crate::money::report_parts::money_tables(&money));
        let map = self.report_map(actor, code, period, options).await?;
        let bytes = appendix_xlsx_with_map(&tables, map.as_ref())
            .map_err(|e| AppError::internal("không ghi được tệp phụ biểu (Excel)", e))?;
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
        options: &ReportOptions,
    ) -> Result<ReportFile> {
        use ntm_reports::narrative::{body_sections_with, default_header, narrative_docx_with_map};
        let set = options.set.as_deref();
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
        let mut extra = extra;
        let money = self.money_summary(actor, code, period.calendar_year()).await?;
        extra.extend(crate::money::report_parts::money_section(&money));
        let map = self.report_map(actor, code, period, options).await?;
        // The map follows the first numbered section (the criteria results).
        let bytes = narrative_docx_with_map(&header, &body_sections_with(&stats, &extra), map.as_ref(), 1)
            .map_err(|e| AppError::internal("không ghi được tệp báo cáo (Word)", e))?;
        Ok(ReportFile {
            name: format!("bao-cao-{}-{}.docx", stats.unit.code, period.code()),
            content_type: DOCX,
            bytes,
        })
    }
}
