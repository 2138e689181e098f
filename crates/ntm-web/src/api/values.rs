//! Values and assessments of a unit and period: read them with their
//! versions, write them back. A write names the version it read; a write over
//! a newer version is refused with 409 and the newer values.

use axum::extract::State;
use ntm_app::entry::{AssessmentInput, ValueInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::units::{PeriodParams, period_param};
use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

/// One indicator's value to write. Leave every value field empty to delete.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ValueEntry {
    /// Indicator code, e.g. "2.2".
    pub indicator: String,
    /// A yes/no ("đạt"/"không đạt"), number ("12,5"), level, percent ("90%"), or "không áp dụng".
    pub value: Option<String>,
    /// For ratios: the achieved count ("226,84").
    pub achieved: Option<String>,
    /// For ratios: the total ("318,39").
    pub total: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Where the value comes from: `entered` (default), `document`, `derived`
    /// or `estimated` (filled in); figures built on the last two carry a mark.
    #[serde(default)]
    pub provenance: Option<String>,
    /// The version read (0: there was no value).
    #[serde(default)]
    pub version: i64,
}

/// One criterion's assessment to write; `met` empty deletes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AssessmentEntry {
    pub criterion: String,
    /// "đạt" or "chưa đạt".
    pub met: Option<String>,
    pub note: Option<String>,
    /// As for values.
    #[serde(default)]
    pub provenance: Option<String>,
    #[serde(default)]
    pub version: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EntryRequest {
    #[serde(default)]
    pub values: Vec<ValueEntry>,
    #[serde(default)]
    pub assessments: Vec<AssessmentEntry>,
}

/// What a write did, and the unit's evaluation after it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SaveResponse {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Criteria met after the write.
    pub met: u32,
    pub criteria_total: u32,
    /// What the criteria set's checks on entry say of the unit's values now
    /// (consistency, history): warnings, the write is done.
    pub warnings: Vec<String>,
}

/// The values, assessments and versions of a unit and period, with what the caller may change.
#[utoipa::path(get, path = "/api/v1/units/{code}/values", tag = "values",
    params(("code" = String, Path, description = "Unit code"), PeriodParams),
    responses((status = 200, body = Object, description = "EntryForm: each criterion and indicator with value fields, version, editable"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PeriodParams>,
) -> Result<Json<ntm_app::entry::form::EntryForm>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    Ok(Json(
        state.program.entry_form(&caller.actor(), &code, period).await?,
    ))
}

/// Writes values and assessments of a unit and period in one transaction.
#[utoipa::path(put, path = "/api/v1/units/{code}/values", tag = "values",
    params(("code" = String, Path, description = "Unit code"), PeriodParams),
    request_body = EntryRequest,
    responses((status = 200, body = SaveResponse),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "Someone saved a newer version: `conflicts` lists them"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "Fields that are wrong: `errors` lists them")))]
pub async fn write(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<PeriodParams>,
    Json(request): Json<EntryRequest>,
) -> Result<Json<SaveResponse>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let actor = caller.actor();
    let values: Vec<ValueInput> = request
        .values
        .into_iter()
        .map(|v| ValueInput {
            indicator: v.indicator,
            value: v.value,
            achieved: v.achieved,
            total: v.total,
            note: v.note,
            evidence: v.evidence,
            provenance: v.provenance,
            version: v.version,
        })
        .collect();
    let assessments: Vec<AssessmentInput> = request
        .assessments
        .into_iter()
        .map(|a| AssessmentInput {
            criterion: a.criterion,
            met: a.met,
            note: a.note,
            provenance: a.provenance,
            version: a.version,
        })
        .collect();
    let saved = state
        .program
        .save_entry(&actor, &code, period, &values, &assessments)
        .await?;
    let form = state.program.entry_form(&actor, &code, period).await?;
    Ok(Json(SaveResponse {
        created: saved.created,
        updated: saved.updated,
        deleted: saved.deleted,
        unchanged: saved.unchanged,
        met: form.met,
        criteria_total: form.criteria_total,
        warnings: saved.warnings,
    }))
}
