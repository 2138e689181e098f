//! The audit trail.

use axum::extract::State;
use ntm_app::views::audit::{AuditFilter, AuditPage};
use ntm_store::AuditEntity;
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
    /// succession, recognition, agency, ownership, criteria_set, criteria_version,
    /// user, api_token, evidence, geometry, or a plan, cycle or money record
    /// (target, registration, unit_cost, deadline_rule, submission, lock,
    /// lock_exception, capital, project, contribution, money_source, appendix_layout).
    #[param(
        pattern = r"^(value|assessment|unit|unit_link|classification|succession|recognition|agency|ownership|criteria_set|criteria_version|user|api_token|evidence|geometry|target|registration|unit_cost|deadline_rule|submission|lock|lock_exception|capital|project|contribution|money_source|appendix_layout)$"
    )]
    pub entity: Option<String>,
    /// Page number, from 1 (50 rows a page, newest first).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
}

/// The kind of change asked for, parsed at the edge.
fn entity_query(entity: Option<&str>) -> Result<Option<AuditEntity>, Problem> {
    entity
        .map(|key| {
            key.parse::<AuditEntity>().map_err(|_| {
                Problem::bad_request(format!("entity: không có loại thay đổi \"{key}\" trong nhật ký"))
            })
        })
        .transpose()
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
        (status = 400, body = Problem, content_type = "application/problem+json"),
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
        entity: entity_query(q.entity.as_deref())?,
        page: page_index(q.page)?,
    };
    Ok(Json(state.program.audit_trail(&caller.actor(), filter).await?))
}

/// Every change (administrators), newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = Object, description = "AuditPage"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn everything(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<AuditParams>,
) -> Result<Json<AuditPage>, Problem> {
    let filter = AuditFilter {
        period: crate::api::units::period_query(q.period.as_deref())?,
        subject: q.subject,
        entity: entity_query(q.entity.as_deref())?,
        page: page_index(q.page)?,
        ..AuditFilter::default()
    };
    Ok(Json(state.program.audit_trail(&caller.actor(), filter).await?))
}

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    use super::*;

    /// The documented pattern names exactly the kinds the audit trail holds,
    /// so a client that follows the schema is never refused.
    #[test]
    fn the_documented_entities_are_the_stored_ones() {
        let doc = serde_json::to_value(crate::api::ApiDoc::openapi()).expect("document");
        let params = &doc["paths"]["/api/v1/audit"]["get"]["parameters"];
        let entity = params
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == "entity"))
            .expect("an entity parameter");
        let pattern = entity["schema"]["pattern"].as_str().expect("a pattern");
        let mut documented: Vec<&str> = pattern
            .trim_start_matches("^(")
            .trim_end_matches(")$")
            .split('|')
            .collect();
        let mut stored: Vec<&str> = AuditEntity::all().map(AuditEntity::key).collect();
        documented.sort_unstable();
        stored.sort_unstable();
        assert_eq!(documented, stored);
        assert!(entity_query(Some("values")).is_err());
        assert_eq!(
            entity_query(Some("lock")).ok().flatten(),
            Some(AuditEntity::Record(ntm_store::RecordKind::Lock))
        );
    }
}
