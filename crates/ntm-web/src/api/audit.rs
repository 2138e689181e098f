//! The audit trail.

use axum::extract::State;
use ntm_app::views::audit::{AuditFilter, AuditPage};
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
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
    /// Only this indicator or criterion code (`2.2`, `5`).
    pub subject: Option<String>,
    /// Only one kind of change: value, assessment, unit, unit_link, classification,
    /// succession, recognition, agency, ownership, criteria_set, user, api_token, evidence.
    pub entity: Option<String>,
    /// Page number, from 1 (50 rows a page, newest first).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
}

fn page_index(page: Option<u32>) -> Result<u32, Problem> {
    use crate::api::paging::MAX_PAGE;
    match page.unwrap_or(1) {
        n if (1..=MAX_PAGE).contains(&n) => Ok(n - 1),
        _ => Err(Problem::bad_request(format!(
            "page: trang đếm từ 1 đến {MAX_PAGE}"
        ))),
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
    let period = crate::api::units::period_query(q.period.as_deref())?;
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
        period: crate::api::units::period_query(q.period.as_deref())?,
        subject: q.subject,
        entity: q.entity,
        page: page_index(q.page)?,
        ..AuditFilter::default()
    };
    Ok(Json(state.program.audit_trail(&caller.actor(), filter).await?))
}
