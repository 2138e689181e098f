//! The audit trail.

use axum::extract::State;
use ntm_app::AppError;
use ntm_app::audit_trail::{AuditFilter, AuditPage};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only this period (`2023`).
    pub period: Option<String>,
    /// Only this indicator or criterion code (`2.2`, `5`).
    pub subject: Option<String>,
    /// Only one kind of change: value, assessment, unit, unit_link, classification,
    /// succession, recognition, agency, ownership, criteria_set, user, api_token, evidence.
    pub entity: Option<String>,
    /// Page number, from 1 (50 rows a page, newest first).
    pub page: Option<u32>,
}

fn page_index(page: Option<u32>) -> Result<u32, Problem> {
    match page.unwrap_or(1) {
        0 => Err(Problem::bad_request("page đếm từ 1")),
        n => Ok(n - 1),
    }
}

/// The changes to one unit's data, newest first.
#[utoipa::path(get, path = "/api/v1/units/{code}/audit", tag = "audit",
    params(("code" = String, Path, description = "Unit code"), AuditParams),
    responses((status = 200, body = Object, description = "AuditPage: entries (who, when, source, old, new), page, per_page, more"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn unit_trail(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<AuditParams>,
) -> Result<Json<AuditPage>, Problem> {
    let period = match q.period.as_deref() {
        Some(p) => Some(
            p.parse()
                .map_err(|e: ntm_core::period::PeriodError| AppError::Invalid(e.to_string()))?,
        ),
        None => None,
    };
    let filter = AuditFilter {
        unit: Some(code),
        period,
        subject: q.subject,
        entity: q.entity,
        page: page_index(q.page)?,
    };
    Ok(Json(state.program.audit_trail(&caller.actor(), filter).await?))
}

/// Every change (administrators), newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = Object, description = "AuditPage"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn everything(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<AuditParams>,
) -> Result<Json<AuditPage>, Problem> {
    let filter = AuditFilter {
        entity: q.entity,
        page: page_index(q.page)?,
        ..AuditFilter::default()
    };
    Ok(Json(state.program.audit_trail(&caller.actor(), filter).await?))
}
