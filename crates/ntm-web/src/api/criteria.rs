//! Criteria sets.

use axum::extract::State;
use ntm_app::AppError;
use ntm_app::views::criteria::{SetSummary, all_summaries, set_view};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::paging::Paging;
use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct SetList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<SetSummary>,
    pub page: u32,
    pub per_page: u32,
    pub total: usize,
}

/// Every version of every criteria set (shipped, published in ntm, drafts), paginated.
#[utoipa::path(get, path = "/api/v1/criteria-sets", operation_id = "list_criteria_sets", tag = "criteria", params(Paging),
    responses((status = 200, body = SetList)))]
pub async fn list(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Query(paging): Query<Paging>,
) -> Result<Json<SetList>, Problem> {
    let drafts: Vec<_> = state
        .program
        .authored_versions()
        .await?
        .into_iter()
        .map(|r| r.draft)
        .collect();
    let (items, page, per_page, total) = paging.slice(all_summaries(&state.program.catalog(), &drafts))?;
    Ok(Json(SetList {
        items,
        page,
        per_page,
        total,
    }))
}

/// One criteria set: criteria, indicators, thresholds by region and case, owners.
#[utoipa::path(get, path = "/api/v1/criteria-sets/{code}", tag = "criteria",
    params(("code" = String, Path, description = "Set code (its latest version), or `code@N`, e.g. qd318-2022")),
    responses((status = 200, body = Object, description = "SetView"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Path(code): Path<String>,
) -> Result<Json<ntm_app::views::criteria::SetView>, Problem> {
    let catalog = state.program.catalog();
    let set = catalog
        .set(&code)
        .ok_or_else(|| AppError::NotFound(format!("không có bộ tiêu chí \"{code}\"")))?;
    Ok(Json(set_view(set)))
}
