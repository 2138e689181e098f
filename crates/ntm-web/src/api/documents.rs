//! Reports, templates and imports through the API.

use axum::extract::State;
use axum::response::Response;
use ntm_app::AppError;
use ntm_app::documents::import::ImportSummary;
use ntm_app::documents::reports::{ReportFile, ReportOptions, XLSX};
use ntm_app::documents::template_export::TemplateUnits;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::units::period_param;
use crate::extract::{Json, Path, Query};
use crate::pages::documents::attachment;
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;
use crate::upload::{AnyImport, UploadedFile};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// `2023`, `2023-Q3`, `2023-H1`, `2023-9M`; default: the newest with data.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
    /// A criteria set code; default: the set in force.
    pub set: Option<String>,
    /// The map in the report: `criteria` (default), `criterion:N`, `plan`, `money`, or `none`.
    #[param(pattern = r"^(criteria|plan|money|none|criterion:[0-9A-Za-z.]{1,10})$")]
    pub map: Option<String>,
    /// The report's date, `2024-01-15` (default: today): the issuing body is
    /// the one that exists on it.
    #[param(format = Date)]
    pub date: Option<String>,
}

/// The options a request asks for.
fn report_options(q: &ReportParams, map: Option<&str>) -> Result<ReportOptions, Problem> {
    let mut options = ReportOptions::parse(q.set.as_deref(), map)?;
    if let Some(text) = q.date.as_deref().filter(|t| !t.trim().is_empty()) {
        let date = ntm_core::validity::parse_date(text).ok_or_else(|| {
            AppError::Invalid(format!(
                "ngày \"{text}\" không hợp lệ (viết 2024-01-15 hoặc 15/01/2024)"
            ))
        })?;
        options.date = Some(date);
    }
    Ok(options)
}

/// The appendix tables (phụ biểu) of a unit and period as XLSX, the map on its last sheet.
#[utoipa::path(get, path = "/api/v1/units/{code}/appendix.xlsx", tag = "documents",
    params(("code" = String, Path, description = "Unit code"), ReportParams),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn appendix(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<ReportParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let options = ReportOptions::parse(q.set.as_deref(), q.map.as_deref())?;
    Ok(attachment(
        state
            .program
            .appendix(&caller.actor(), &code, period, &options)
            .await?,
    ))
}

/// The narrative report of a unit and period as DOCX (Decree 30/2020/NĐ-CP format), with the map.
#[utoipa::path(get, path = "/api/v1/units/{code}/report.docx", tag = "documents",
    params(("code" = String, Path, description = "Unit code"), ReportParams),
    responses((status = 200, description = "The document", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn narrative(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<ReportParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let options = report_options(&q, q.map.as_deref())?;
    Ok(attachment(
        state
            .program
            .narrative(&caller.actor(), &code, period, &options)
            .await?,
    ))
}

/// ntm's own checks of the report of a unit and period as XLSX: contradictions,
/// missing data, documents that disagree, entry warnings. Never part of the report.
#[utoipa::path(get, path = "/api/v1/units/{code}/checks.xlsx", tag = "documents",
    params(("code" = String, Path, description = "Unit code"), ReportParams),
    responses((status = 200, description = "The review workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn checks(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<ReportParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let options = report_options(&q, Some("none"))?;
    Ok(attachment(
        state
            .program
            .report_checks(&caller.actor(), &code, period, &options)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateParams {
    /// `2023`; default: the newest period with data.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
    /// `true`: the villages under the unit instead of its communes.
    pub villages: Option<bool>,
}

/// A data-entry template pre-filled with the current values (only what the caller may change).
#[utoipa::path(get, path = "/api/v1/units/{code}/template.xlsx", tag = "documents",
    params(("code" = String, Path, description = "Unit code"), TemplateParams),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn template(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<TemplateParams>,
) -> Result<Response, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let which = if q.villages == Some(true) {
        TemplateUnits::Villages
    } else {
        TemplateUnits::Communes
    };
    let (name, bytes) = state
        .program
        .template(&caller.actor(), &code, period, which)
        .await?;
    Ok(attachment(ReportFile {
        name,
        content_type: XLSX,
        bytes,
    }))
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl From<ImportSummary> for ImportResult {
    fn from(s: ImportSummary) -> Self {
        ImportResult {
            rows: s.rows,
            created: s.created,
            updated: s.updated,
            unchanged: s.unchanged,
        }
    }
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// A filled-in template (.xlsx) or a values CSV file.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Imports a filled-in template or a CSV file: all of it, or nothing with every error listed.
#[utoipa::path(post, path = "/api/v1/import", operation_id = "import_file", tag = "documents",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportResult),
        (status = 403, body = Problem, content_type = "application/problem+json", description = "a read-only account imports nothing"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "`errors`: each problem with its place (\"dòng 12: value\" or the sheet's cell)")))]
pub async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    form: UploadedFile<AnyImport>,
) -> Result<Json<ImportResult>, Problem> {
    let name = form.clean_name();
    let result = state
        .program
        .import_file(&caller.actor(), &name, &form.bytes)
        .await;
    state.metrics.import_result("file", &result, |s| s.rows);
    Ok(Json(result?.into()))
}
