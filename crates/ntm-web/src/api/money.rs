//! Money through the API.

use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use ntm_app::AppError;
use ntm_core::money::Contribution;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::documents::ImportResult;
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
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
            .money_summary(&caller.actor(), &code, q.year)
            .await?,
    ))
}

/// A commune's contribution for a year (only the commune and its coordination office).
#[utoipa::path(put, path = "/api/v1/units/{code}/contributions", tag = "money",
    params(("code" = String, Path, description = "Commune code")),
    request_body(content = Object, description = "Contribution: year, cash, labour_days, day_rate, land_m2 (plain decimals as strings: \"0.2\"), households"),
    responses((status = 200, body = Object), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn contribution(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Json(c): Json<Contribution>,
) -> Result<Json<serde_json::Value>, Problem> {
    state.program.save_contribution(&caller.actor(), &code, c).await?;
    Ok(Json(serde_json::json!({"saved": true})))
}

/// Imports capital, projects, disbursements or contributions (CSV or XLSX).
#[utoipa::path(post, path = "/api/v1/money/import", tag = "money",
    request_body(content = crate::api::documents::ImportForm, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportResult), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    mut multipart: Multipart,
) -> Result<Json<ImportResult>, Problem> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        Problem::from(AppError::Invalid(format!("không đọc được tệp gửi lên: {e}")))
    };
    let (mut name, mut bytes) = (String::from("tệp"), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("file") {
            name = ntm_app::evidence::clean_file_name(field.file_name().unwrap_or("tệp"));
            bytes = field.bytes().await.map_err(unreadable)?.to_vec();
        }
    }
    let result = state.program.import_money(&caller.actor(), &name, &bytes).await;
    state.metrics.import_result("money", &result, |s| s.rows);
    Ok(Json(result?.into()))
}
