//! Plans, gaps and priorities, and the reporting cycle through the API.

use axum::extract::State;
use ntm_app::AppError;
use ntm_app::plans::CycleAction;
use ntm_app::plans::edit::RegistrationInput;
use ntm_core::plan::{Target, TargetMetric};
use ntm_core::quantity::Quantity;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::units::{period_param, year_param};
use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanParams {
    /// The plan's year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The period whose figures are the actuals; default: the newest with data up to the year.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub as_of: Option<String>,
}

/// A target to set (or remove).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TargetRequest {
    /// criterion_communes, standard_communes, standard_villages, average_criteria, communes_in_bracket, communes_below.
    pub metric: String,
    /// The criterion code, bracket label or number the metric needs.
    pub subject: Option<String>,
    #[schema(minimum = 2000, maximum = 2100)]
    pub start_year: i32,
    #[schema(minimum = 2000, maximum = 2100)]
    pub end_year: i32,
    /// "8", "13,56".
    pub value: String,
    pub source: Option<String>,
    #[serde(default)]
    pub remove: bool,
}

/// A commune's registration to set (or withdraw).
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegistrationRequest {
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    pub criterion: String,
    pub indicator: Option<String>,
    /// Million VND, Vietnamese format.
    pub planned_capital: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub remove: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProposalRequest {
    /// "03550:8": commune code and criterion.
    pub pairs: Vec<String>,
    /// The year to register them for.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Done {
    pub done: usize,
}

fn quantity(text: &str, field: &str) -> Result<Quantity, Problem> {
    Quantity::parse_vi(text.trim())
        .map_err(|e| Problem::from(AppError::Invalid(format!("{field} \"{text}\": {e}"))))
}

/// Plan against actual: targets with status, reason and projection; registrations.
#[utoipa::path(get, path = "/api/v1/units/{code}/plan", tag = "plans",
    params(("code" = String, Path, description = "Unit code"), PlanParams),
    responses((status = 200, body = Object, description = "PlanStatus"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn plan(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PlanParams>,
) -> Result<Json<ntm_app::plans::PlanStatus>, Problem> {
    let as_of = match q.as_of.as_deref() {
        Some(p) => Some(period_param(&state, Some(p)).await?),
        None => None,
    };
    Ok(Json(
        state
            .program
            .plan_status(&caller.actor(), &code, year_param(q.year, "year", false)?, as_of)
            .await?,
    ))
}

/// Sets or removes a target of a unit (coordination offices).
#[utoipa::path(put, path = "/api/v1/units/{code}/targets", tag = "plans",
    params(("code" = String, Path, description = "Unit code")), request_body = TargetRequest,
    responses((status = 200, body = Done), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn target(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Json(r): Json<TargetRequest>,
) -> Result<Json<Done>, Problem> {
    let metric = TargetMetric::from_parts(&r.metric, r.subject.as_deref()).map_err(AppError::Invalid)?;
    let target = Target {
        metric,
        start_year: year_param(r.start_year, "start_year", true)?,
        end_year: year_param(r.end_year, "end_year", true)?,
        value: quantity(&r.value, "value")?,
        source: r.source,
        note: None,
    };
    state
        .program
        .save_target(&caller.actor(), &code, target, r.remove, None)
        .await?;
    Ok(Json(Done { done: 1 }))
}

/// Registers (or withdraws) a commune's criterion for a year.
#[utoipa::path(put, path = "/api/v1/units/{code}/registrations", tag = "plans",
    params(("code" = String, Path, description = "Commune code")), request_body = RegistrationRequest,
    responses((status = 200, body = Done), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn registration(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Json(r): Json<RegistrationRequest>,
) -> Result<Json<Done>, Problem> {
    let program = &state.program;
    year_param(r.year, "year", true)?;
    let registration = RegistrationInput {
        year: r.year,
        criterion: r.criterion,
        indicator: r.indicator,
        planned_capital: r
            .planned_capital
            .as_deref()
            .map(|c| quantity(c, "planned_capital"))
            .transpose()?,
        note: r.note,
        proposed: false,
    };
    program
        .save_registration(&caller.actor(), &code, registration, r.remove, None)
        .await?;
    Ok(Json(Done { done: 1 }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodOnly {
    /// `2023`; default: the newest period with data.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
}

/// Each commune's unmet indicators with their gaps, and the pairs to work on first.
#[utoipa::path(get, path = "/api/v1/units/{code}/gaps", tag = "plans",
    params(("code" = String, Path, description = "Unit code"), PeriodOnly),
    responses((status = 200, body = Object, description = "GapsReport"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn gaps(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PeriodOnly>,
) -> Result<Json<ntm_app::plans::GapsReport>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    Ok(Json(state.program.gaps(&caller.actor(), &code, period).await?))
}

/// Registers chosen priority pairs for a year.
#[utoipa::path(post, path = "/api/v1/units/{code}/proposals", tag = "plans",
    params(("code" = String, Path, description = "Unit code"), PeriodOnly), request_body = ProposalRequest,
    responses((status = 200, body = Done), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn proposals(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(_code): Path<String>,
    Query(q): Query<PeriodOnly>,
    Json(r): Json<ProposalRequest>,
) -> Result<Json<Done>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let done = state
        .program
        .accept_proposals(
            &caller.actor(),
            period,
            year_param(r.year, "year", true)?,
            &r.pairs,
        )
        .await?;
    Ok(Json(Done { done }))
}

/// Who reports by when, who has, what was returned, approved, reopened.
#[utoipa::path(get, path = "/api/v1/units/{code}/cycle", tag = "cycle",
    params(("code" = String, Path, description = "Unit code"), PeriodOnly),
    responses((status = 200, body = Object, description = "CycleStatus"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn cycle(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PeriodOnly>,
) -> Result<Json<ntm_app::plans::CycleStatus>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    Ok(Json(
        state.program.cycle_status(&caller.actor(), &code, period).await?,
    ))
}

/// An action on a period's cycle: `{"action": "submit", "unit": "03550"}`,
/// `accept`/`return` (with `comment`), `approve` (`units`: [...]), `reopen`
/// (`unit`, `scope`: {"scope": "indicator", "code": "2.2"}, `reason`, `until`: "2024-04-30").
#[utoipa::path(post, path = "/api/v1/cycle", tag = "cycle", params(PeriodOnly),
    request_body = crate::api::bodies::CycleActionBody,
    responses((status = 200, body = Object, description = "done and skipped"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn cycle_action(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(q): Query<PeriodOnly>,
    Json(action): Json<CycleAction>,
) -> Result<Json<ntm_app::plans::cycle::CycleOutcome>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    Ok(Json(
        state
            .program
            .cycle_action(&caller.actor(), period, action)
            .await?,
    ))
}
