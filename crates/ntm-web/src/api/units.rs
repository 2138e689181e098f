//! Units: who am I, the units under a unit, a unit's page data, its
//! evaluation and its statistics.

use axum::extract::State;
use ntm_app::AppError;
use ntm_app::views::evaluation::CodeMeaning;
use ntm_core::period::Period;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::paging::Paging;
use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

/// The caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    /// administrator, coordinator, agency, commune_officer, viewer.
    pub role: String,
    pub role_name: String,
}

/// A unit in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitItem {
    pub code: String,
    pub name: String,
    pub full_name: String,
    /// province, district, commune, ward, town, special_zone, village.
    pub kind: String,
    pub kind_name: String,
    pub flags: Vec<String>,
    pub validity: String,
    /// Units under it.
    pub children: usize,
    pub recognized: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitList {
    pub items: Vec<UnitItem>,
    pub page: u32,
    pub per_page: u32,
    pub total: usize,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsQuery {
    /// The unit whose children to list; none: the provinces.
    pub parent: Option<String>,
    /// `2023`, `2023-Q3`, `2023-H1`, `2023-9M`; default: the newest with data.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// `2023`, `2023-Q3`, `2023-H1`, `2023-9M`; default: the newest with data.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
    /// A criteria set code; default: the set in force.
    pub set: Option<String>,
    /// `true`: the code means today's unit (its predecessors for earlier periods).
    pub today: Option<bool>,
}

/// The period a request names, if it names one (400 when it is not a
/// period, an empty one included).
pub fn period_query(period: Option<&str>) -> Result<Option<Period>, Problem> {
    match period {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|e: ntm_core::period::PeriodError| Problem::bad_request(format!("period: {e}"))),
    }
}

/// A year a request names: 2000 to 2100, the years periods have. `field`
/// names it; a query parameter out of range is a malformed request (400),
/// a body's field a wrong one (422).
pub fn year_param(year: i32, field: &str, in_body: bool) -> Result<i32, Problem> {
    use ntm_core::period::{YEARS_TEXT, is_valid_year};
    if is_valid_year(year) {
        return Ok(year);
    }
    let detail = format!("{field}: năm {year} ngoài khoảng {YEARS_TEXT}");
    if in_body {
        Err(Problem::from(AppError::Fields(vec![
            ntm_app::entry::FieldError {
                field: field.to_string(),
                message: format!("năm {year} ngoài khoảng {YEARS_TEXT}"),
            },
        ])))
    } else {
        Err(Problem::bad_request(detail))
    }
}

/// The period a request asks for: the one it names, or the newest with data.
pub async fn period_param(state: &AppState, period: Option<&str>) -> Result<Period, Problem> {
    match period_query(period)? {
        Some(p) => Ok(p),
        None => Ok(state.program.default_period().await?),
    }
}

/// The caller's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "units",
    responses((status = 200, body = Me), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(caller: ApiCaller) -> Json<Me> {
    Json(Me {
        username: caller.user.username.clone(),
        display_name: caller.user.display_name.clone(),
        role: caller.user.role.key().to_string(),
        role_name: caller.user.role.name_vi().to_string(),
    })
}

/// The units under a unit (or the provinces), paginated.
#[utoipa::path(get, path = "/api/v1/units", operation_id = "list_units", tag = "units", params(UnitsQuery, Paging),
    responses((status = 200, body = UnitList), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<UnitsQuery>,
    Query(paging): Query<Paging>,
) -> Result<Json<UnitList>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let view = state
        .program
        .hierarchy_view(&caller.actor(), q.parent.as_deref(), period)
        .await?;
    let items: Vec<UnitItem> = view
        .children
        .into_iter()
        .map(|c| UnitItem {
            code: c.unit.code,
            name: c.unit.name,
            full_name: c.unit.full_name,
            kind: c.unit.kind.key().to_string(),
            kind_name: c.kind_name,
            flags: c.flags,
            validity: c.validity,
            children: c.children,
            recognized: c.recognized,
        })
        .collect();
    let (items, page, per_page, total) = paging.slice(items)?;
    Ok(Json(UnitList {
        items,
        page,
        per_page,
        total,
    }))
}

/// A commune's or village's page: recognition, evaluation with explanations,
/// history, villages, evidence.
#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "units",
    params(("code" = String, Path, description = "Unit code, e.g. 03589"), PeriodParams),
    responses((status = 200, body = Object, description = "UnitDetail: see docs/api.md"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn detail(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PeriodParams>,
) -> Result<Json<ntm_app::views::unit::UnitDetail>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    Ok(Json(
        state.program.unit_detail(&caller.actor(), &code, period).await?,
    ))
}

/// The evaluation of a commune or village, or of every commune under a district or province.
#[utoipa::path(get, path = "/api/v1/units/{code}/evaluation", tag = "units",
    params(("code" = String, Path, description = "Unit code"), PeriodParams),
    responses((status = 200, body = Object, description = "EvaluationReport: see docs/json-output.md"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn evaluation(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PeriodParams>,
) -> Result<Json<ntm_app::views::evaluation::EvaluationReport>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let meaning = if q.today == Some(true) {
        CodeMeaning::Today
    } else {
        CodeMeaning::InPeriod
    };
    Ok(Json(
        state
            .program
            .evaluate(&caller.actor(), &code, period, q.set.as_deref(), meaning)
            .await?,
    ))
}

/// Every figure of a district or province (or commune): per criterion, by
/// number of criteria met, averages, changes, villages, quantities, findings.
#[utoipa::path(get, path = "/api/v1/units/{code}/statistics", tag = "units",
    params(("code" = String, Path, description = "Unit code"), PeriodParams),
    responses((status = 200, body = Object, description = "Stats: see docs/json-output.md"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn statistics(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PeriodParams>,
) -> Result<Json<std::sync::Arc<ntm_core::aggregate::Stats>>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    Ok(Json(
        state
            .program
            .shared_stats(&caller.actor(), &code, period, q.set.as_deref())
            .await
            .map_err(|e: AppError| Problem::from(e))?,
    ))
}
