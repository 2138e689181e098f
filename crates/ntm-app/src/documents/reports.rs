//! Reports of a unit and period as files: the appendix tables (XLSX, numbered
//! and titled by the province's layout), the narrative report (DOCX, issued
//! by the body that exists on its date, titled after its period), and the
//! review file with ntm's own checks, which never go into the other two.

use ntm_core::aggregate::{FindingKind, Severity, Stats, UnitRef};
use ntm_core::geometry::layer::LayerKind;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::Unit;
use ntm_reports::appendix::{
    AppendixLayout, ReviewItem, appendix_xlsx_with_map, review_xlsx, standard_tables,
};
use ntm_reports::map::MapPicture;
use time::Date;

use crate::accounts::access::Actor;
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
/// (default: the unit's own), the map drawn into it (default: criteria
/// met; `None`: no map), the report's date (default: today in Vietnam) and
/// the appendix layout (default: the province's, else the seeds' order).
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub set: Option<String>,
    pub map: Option<LayerKind>,
    pub date: Option<Date>,
    pub layout: Option<AppendixLayout>,
}

impl ReportOptions {
    /// The unit's own criteria set and the map of criteria met.
    pub fn standard() -> Self {
        ReportOptions {
            set: None,
            map: Some(LayerKind::Criteria),
            date: None,
            layout: None,
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
            date: None,
            layout: None,
        })
    }
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The body that issues a unit's report on `date`: the unit while it
/// exists; after it was abolished or merged (1/7/2025), the unit it became
/// (a commune), else its province on its last day, if that still exists.
pub fn issuing_unit<'h>(hierarchy: &'h Hierarchy, unit: &'h Unit, date: Date) -> &'h Unit {
    if unit.validity.contains(date) {
        return unit;
    }
    if let Some((successor, _)) = hierarchy
        .successors(unit.id)
        .into_iter()
        .find(|(s, _)| s.validity.contains(date))
    {
        return successor;
    }
    let last = unit.validity.to.unwrap_or(date);
    hierarchy
        .province_at(unit.id, last)
        .filter(|p| p.validity.contains(date))
        .unwrap_or(unit)
}

impl Program {
    /// The plan of a year as a report carries it, if it has targets or registrations.
    async fn plan_of(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        period: Period,
    ) -> Result<Option<crate::plans::PlanStatus>> {
        let plan = self.plan_status(actor, code, year, Some(period)).await?;
        Ok((!plan.targets.is_empty() || !plan.registrations.is_empty()).then_some(plan))
    }

    /// The plans a report of a period carries: its own year's (results
    /// against plan) and the one it sets out as its direction (the next
    /// year's after a year's report).
    pub async fn report_plans(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
    ) -> Result<(Option<crate::plans::PlanStatus>, Option<crate::plans::PlanStatus>)> {
        let year = period.calendar_year();
        let next = period.next_plan_year();
        let own = if next == year {
            None
        } else {
            self.plan_of(actor, code, year, period).await?
        };
        let direction = self.plan_of(actor, code, next, period).await?;
        Ok((own, direction))
    }

    /// The layout of a unit's appendix: the one asked for, else its
    /// province's, else the seeds' order.
    async fn layout_for(
        &self,
        code: &str,
        period: Period,
        options: &ReportOptions,
    ) -> Result<AppendixLayout> {
        if let Some(layout) = &options.layout {
            return Ok(layout.clone());
        }
        Ok(self.appendix_layout(code, period).await?.unwrap_or_default())
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
        let (own, direction) = self.report_plans(actor, code, period).await?;
        for plan in own.iter().chain(&direction) {
            tables.extend(crate::plans::report_parts::plan_tables(plan));
        }
        let money = self.money_summary(actor, code, period.calendar_year()).await?;
        tables.extend(crate::money::report_parts::money_tables(&money));
        let layout = self.layout_for(code, period, options).await?;
        let tables = layout.apply(tables, period.calendar_year());
        let map = self.report_map(actor, code, period, options).await?;
        let bytes = appendix_xlsx_with_map(&tables, map.as_ref())
            .map_err(|e| AppError::internal("không ghi được tệp phụ biểu (Excel)", e))?;
        Ok(ReportFile {
            name: format!("phu-bieu-{}-{}.xlsx", stats.unit.code, period.code()),
            content_type: XLSX,
            bytes,
        })
    }

    /// The narrative report of a unit and period, dated `options.date` (or
    /// today), ready for staff to complete and sign.
    pub async fn narrative(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        options: &ReportOptions,
    ) -> Result<ReportFile> {
        use ntm_reports::narrative::{
            BodyParts, body_sections_with, default_header, narrative_docx_with_map,
        };
        let set = options.set.as_deref();
        let stats = self.shared_stats(actor, code, period, set).await?;
        let date = options.date.unwrap_or_else(|| self.today());
        let snapshot = self.snapshot().await?;
        let unit = self.resolve(&snapshot.hierarchy, code, period)?;
        let issuer = UnitRef::of(issuing_unit(&snapshot.hierarchy, unit, date));
        let (own, direction) = self.report_plans(actor, code, period).await?;
        let mut results: Vec<_> = own
            .as_ref()
            .and_then(crate::plans::report_parts::plan_section)
            .into_iter()
            .collect();
        let money = self.money_summary(actor, code, period.calendar_year()).await?;
        results.extend(crate::money::report_parts::money_section(&money));
        let direction = direction
            .as_ref()
            .map(crate::plans::report_parts::direction_sections)
            .unwrap_or_default();
        let next_label = period.next_label_vi();
        let next = (!direction.is_empty()).then_some(next_label.as_str());
        let header = default_header(&stats, &issuer, date, next);
        let parts = BodyParts {
            results: &results,
            direction: &direction,
            next_label: next,
            issuer: (issuer.code != stats.unit.code || issuer.kind != stats.unit.kind).then_some(&issuer),
        };
        let map = self.report_map(actor, code, period, options).await?;
        // The map follows the first numbered section (the criteria results).
        let after = if direction.is_empty() { 1 } else { 2 };
        let bytes = narrative_docx_with_map(&header, &body_sections_with(&stats, parts), map.as_ref(), after)
            .map_err(|e| AppError::internal("không ghi được tệp báo cáo (Word)", e))?;
        Ok(ReportFile {
            name: format!("bao-cao-{}-{}.docx", stats.unit.code, period.code()),
            content_type: DOCX,
            bytes,
        })
    }

    /// ntm's checks of a unit's report, in a file of their own: every finding
    /// of the figures and of the documents, and what the money does not bear
    /// out. The office reads it before signing; it is never sent.
    pub async fn report_checks(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        options: &ReportOptions,
    ) -> Result<ReportFile> {
        let stats = self
            .shared_stats(actor, code, period, options.set.as_deref())
            .await?;
        let money = self.money_summary(actor, code, period.calendar_year()).await?;
        let items = review_items(&stats, &money.findings);
        let about = format!("báo cáo {} của {}", stats.period_label, stats.unit.full_name);
        let bytes = review_xlsx(&about, &items).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(ReportFile {
            name: format!("kiem-tra-{}-{}.xlsx", stats.unit.code, period.code()),
            content_type: XLSX,
            bytes,
        })
    }
}

/// The points of the review file, by topic.
pub fn review_items(stats: &Stats, money_findings: &[String]) -> Vec<ReviewItem> {
    let topic = |kind: FindingKind| match kind {
        FindingKind::ReportedFigureMismatch
        | FindingKind::DocumentArithmetic
        | FindingKind::DocumentCountMismatch
        | FindingKind::DocumentMissingUnit
        | FindingKind::DocumentsDisagree => "Văn bản, báo cáo",
        FindingKind::RegistrationAlreadyMet => "Đăng ký",
        FindingKind::EntryCheck => "Kiểm tra số liệu",
        FindingKind::MissingData => "Thiếu số liệu",
        FindingKind::RecognizedNotMeeting => "Công nhận đạt chuẩn",
        FindingKind::AssessmentContradictsValues => "Đánh giá, số liệu",
        FindingKind::UnconfirmedThresholds | FindingKind::ValuesWithoutThreshold => "Ngưỡng",
    };
    let mut items: Vec<ReviewItem> = stats
        .findings
        .iter()
        .map(|f| ReviewItem {
            warning: f.severity == Severity::Warning,
            topic: topic(f.kind).to_string(),
            message: f.message.clone(),
            source: f.source.clone(),
        })
        .collect();
    items.extend(money_findings.iter().map(|m| ReviewItem {
        warning: true,
        topic: "Vốn".into(),
        message: m.clone(),
        source: None,
    }));
    items
}
