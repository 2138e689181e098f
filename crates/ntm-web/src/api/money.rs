//! Money through the API.

use axum::extract::State;
use ntm_core::money::Contribution;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::documents::ImportResult;
use crate::api::units::year_param;
use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;
use crate::upload::{AnyImport, UploadedFile};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
}

/// A unit's money for a year: capital by source, projects, disbursement, contributions.
#[utoipa::path(get, path = "/api/v1/units/{code}/money", tag = "money",
    params(("code" = String, Path, description = "Unit code"), YearParams),
    responses((status = 200, body = Object, description = "MoneySummary"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn summary(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<YearParams>,
) -> Result<Json<ntm_app::money::MoneySummary>, Problem> {
    Ok(Json(
        state
            .program
            .money_summary(&caller.actor(), &code, year_param(q.year, "year", false)?)
            .await?,
    ))
}

/// A commune's contribution for a year (only the commune and its coordination office).
#[utoipa::path(put, path = "/api/v1/units/{code}/contributions", tag = "money",
    params(("code" = String, Path, description = "Commune code")),
    request_body = crate::api::bodies::ContributionBody,
    responses((status = 200, body = Object), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn contribution(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Json(c): Json<Contribution>,
) -> Result<Json<serde_json::Value>, Problem> {
    year_param(c.year, "year", true)?;
    state.program.save_contribution(&caller.actor(), &code, c).await?;
    Ok(Json(serde_json::json!({"saved": true})))
}

/// Imports capital, projects, disbursements or contributions (CSV or XLSX).
#[utoipa::path(post, path = "/api/v1/money/import", operation_id = "import_money", tag = "money",
    request_body(content = crate::api::documents::ImportForm, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportResult), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    form: UploadedFile<AnyImport>,
) -> Result<Json<ImportResult>, Problem> {
    let name = form.clean_name();
    let result = state
        .program
        .import_money(&caller.actor(), &name, &form.bytes)
        .await;
    state.metrics.import_result("money", &result, |s| s.rows);
    Ok(Json(result?.into()))
}
