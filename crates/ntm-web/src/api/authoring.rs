//! Criteria sets authored through the API: versions (drafts and published),
//! one change at a time, publication, the impact preview, the workbook; and
//! the classifications of communes (commune groups with their decision).

use axum::extract::State;
use axum::response::Response;
use ntm_app::AppError;
use ntm_app::criteria::authoring::{DraftChange, DraftRecord, StartVersion};
use ntm_app::criteria::preview::ImpactView;
use ntm_app::documents::import::ImportSummary;
use ntm_app::units::classifications::Classify;
use ntm_core::criteria::SetVersionRef;
use ntm_core::criteria::draft::{
    CriterionDraft, DraftProblem, IndicatorDraft, SetDraft, SetMeta, TargetDraft, ThresholdDraft,
};
use ntm_core::period::Period;
use ntm_core::unit::Flag;
use ntm_core::validity::parse_date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;

/// A stored version: its document, the revision to send with a change, and
/// what must be fixed before it can be published.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionResponse {
    /// `lai-chau-2026@1`.
    pub version: String,
    pub revision: i64,
    /// The whole version (criteria, indicators, thresholds with source, entered and confirmed).
    #[schema(value_type = Object)]
    pub draft: SetDraft,
    #[schema(value_type = Vec<Object>)]
    pub problems: Vec<DraftProblem>,
}

impl From<DraftRecord> for VersionResponse {
    fn from(r: DraftRecord) -> VersionResponse {
        VersionResponse {
            version: r.draft.version_ref().to_string(),
            revision: r.revision,
            problems: r.draft.problems(),
            draft: r.draft,
        }
    }
}

/// Starting a draft.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRequest {
    /// The set to start from: `qd51-2025` or `qd51-2025@1`.
    pub from: String,
    /// A new set's code; without it, the next version of `from`'s set.
    pub code: Option<String>,
    pub name: Option<String>,
    /// A province's own set: the province's code.
    pub province: Option<String>,
}

/// The set's own fields.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MetaRequest {
    pub name: String,
    pub document: String,
    /// ISO 8601 date.
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub complete: bool,
    /// Criteria needed for the standard; none: all of them.
    pub standard_at_least: Option<u32>,
}

/// One change to a version, with the revision it was read at.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ChangeRequest {
    Meta {
        revision: i64,
        #[serde(flatten)]
        meta: MetaRequest,
    },
    Criterion {
        revision: i64,
        old: Option<String>,
        #[schema(value_type = Object)]
        criterion: CriterionDraft,
    },
    RemoveCriterion {
        revision: i64,
        code: String,
    },
    Indicator {
        revision: i64,
        criterion: String,
        old: Option<String>,
        #[schema(value_type = Object)]
        indicator: IndicatorDraft,
    },
    RemoveIndicator {
        revision: i64,
        code: String,
    },
    /// Adds (no `index`) or replaces the `index`-th threshold (from 1).
    Threshold {
        revision: i64,
        indicator: String,
        index: Option<usize>,
        #[schema(value_type = Object)]
        threshold: ThresholdDraft,
    },
    RemoveThreshold {
        revision: i64,
        indicator: String,
        index: usize,
    },
    /// Thresholds by commune group (`nhom_1`, `nhom_2`, `nhom_3`) with one citation.
    GroupThresholds {
        revision: i64,
        indicator: String,
        #[schema(value_type = Vec<Object>)]
        groups: Vec<(Flag, TargetDraft)>,
        source: Option<String>,
        place: Option<String>,
        page: Option<String>,
    },
    /// A second person confirms the `index`-th threshold against the document.
    Confirm {
        revision: i64,
        indicator: String,
        index: usize,
    },
}

fn date(field: &str, text: Option<&str>) -> Result<Option<time::Date>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_date(t).map(Some).ok_or_else(|| {
            AppError::Fields(vec![ntm_app::entry::FieldError {
                field: field.to_string(),
                message: format!("ngày \"{t}\" không hợp lệ: viết 2026-02-15"),
            }])
        }),
    }
}

impl MetaRequest {
    /// The set's fields as a draft keeps them; the brackets stay the draft's.
    fn into_set_meta(self, draft: &SetDraft) -> Result<SetMeta, AppError> {
        Ok(SetMeta {
            name: self.name,
            document: self.document,
            valid_from: date("valid_from", self.valid_from.as_deref())?,
            valid_to: date("valid_to", self.valid_to.as_deref())?,
            notes: self.notes,
            complete: self.complete,
            standard: self.standard_at_least.map_or(
                ntm_core::criteria::StandardRule::AllCriteria,
                ntm_core::criteria::StandardRule::AtLeast,
            ),
            brackets: draft.brackets.clone(),
        })
    }
}

/// The one citation of thresholds set by commune group.
fn citation(source: Option<String>, place: Option<String>, page: Option<String>) -> ThresholdDraft {
    ThresholdDraft {
        source,
        place,
        page,
        ..ThresholdDraft::unknown(Vec::new())
    }
}

impl ChangeRequest {
    /// The change, with the revision it was read at.
    fn into_change(self, draft: &SetDraft) -> Result<(i64, DraftChange), AppError> {
        let revision = self.revision();
        Ok((revision, self.into_draft_change(draft)?))
    }

    fn revision(&self) -> i64 {
        match self {
            ChangeRequest::Meta { revision, .. }
            | ChangeRequest::Criterion { revision, .. }
            | ChangeRequest::RemoveCriterion { revision, .. }
            | ChangeRequest::Indicator { revision, .. }
            | ChangeRequest::RemoveIndicator { revision, .. }
            | ChangeRequest::Threshold { revision, .. }
            | ChangeRequest::RemoveThreshold { revision, .. }
            | ChangeRequest::GroupThresholds { revision, .. }
            | ChangeRequest::Confirm { revision, .. } => *revision,
        }
    }

    fn into_draft_change(self, draft: &SetDraft) -> Result<DraftChange, AppError> {
        Ok(match self {
            ChangeRequest::Meta { meta, .. } => DraftChange::Meta(meta.into_set_meta(draft)?),
            ChangeRequest::Criterion { old, criterion, .. } => DraftChange::Criterion { old, criterion },
            ChangeRequest::RemoveCriterion { code, .. } => DraftChange::RemoveCriterion(code),
            ChangeRequest::Indicator {
                criterion,
                old,
                indicator,
                ..
            } => DraftChange::Indicator {
                criterion,
                old,
                indicator,
            },
            ChangeRequest::RemoveIndicator { code, .. } => DraftChange::RemoveIndicator(code),
            ChangeRequest::Threshold {
                indicator,
                index,
                threshold,
                ..
            } => DraftChange::Threshold {
                indicator,
                index,
                threshold,
            },
            ChangeRequest::RemoveThreshold { indicator, index, .. } => {
                DraftChange::RemoveThreshold { indicator, index }
            }
            ChangeRequest::GroupThresholds {
                indicator,
                groups,
                source,
                place,
                page,
                ..
            } => DraftChange::GroupThresholds {
                indicator,
                groups,
                citation: citation(source, place, page),
            },
            ChangeRequest::Confirm { indicator, index, .. } => DraftChange::Confirm { indicator, index },
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishRequest {
    pub revision: i64,
    /// ISO 8601 date from which the version is in force.
    pub valid_from: String,
}

fn name_ref(name: &str) -> Result<SetVersionRef, Problem> {
    name.parse::<SetVersionRef>()
        .map_err(|e| Problem::from(AppError::NotFound(e.to_string())))
}

/// Every stored version of an authored set.
#[utoipa::path(get, path = "/api/v1/criteria-versions/{version}", tag = "criteria",
    params(("version" = String, Path, description = "`code@N`, e.g. lai-chau-2026@1")),
    responses((status = 200, body = VersionResponse), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_version(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Path(version): Path<String>,
) -> Result<Json<VersionResponse>, Problem> {
    let r = name_ref(&version)?;
    Ok(Json(
        state.program.authored_version(&r.code, r.version).await?.into(),
    ))
}

/// Starts a draft: the next version of a set, or a new set from it.
#[utoipa::path(post, path = "/api/v1/criteria-versions", tag = "criteria", request_body = StartRequest,
    responses((status = 200, body = VersionResponse), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn start(
    State(state): State<AppState>,
    caller: ApiCaller,
    Json(r): Json<StartRequest>,
) -> Result<Json<VersionResponse>, Problem> {
    let start = StartVersion {
        from: r.from,
        code: r.code,
        name: r.name,
        province: r.province,
    };
    Ok(Json(
        state.program.start_version(&caller.actor(), start).await?.into(),
    ))
}

/// Applies one change to a version (a draft; on a published one, confirmations only).
#[utoipa::path(post, path = "/api/v1/criteria-versions/{version}/changes", tag = "criteria", request_body = ChangeRequest,
    params(("version" = String, Path, description = "`code@N`")),
    responses((status = 200, body = VersionResponse),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "published, or saved by someone else meanwhile"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn change(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(version): Path<String>,
    Json(body): Json<ChangeRequest>,
) -> Result<Json<VersionResponse>, Problem> {
    let r = name_ref(&version)?;
    let program = &state.program;
    let current = program.authored_version(&r.code, r.version).await?;
    let (revision, change) = body.into_change(&current.draft)?;
    Ok(Json(
        program
            .change_version(&caller.actor(), &r.code, r.version, revision, change)
            .await?
            .into(),
    ))
}

/// Publishes a draft from a date.
#[utoipa::path(post, path = "/api/v1/criteria-versions/{version}/publish", tag = "criteria", request_body = PublishRequest,
    params(("version" = String, Path, description = "`code@N`")),
    responses((status = 200, body = VersionResponse), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn publish(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(version): Path<String>,
    Json(body): Json<PublishRequest>,
) -> Result<Json<VersionResponse>, Problem> {
    let r = name_ref(&version)?;
    let day = date("valid_from", Some(&body.valid_from))?
        .ok_or_else(|| Problem::from(AppError::Invalid("thiếu ngày có hiệu lực".into())))?;
    Ok(Json(
        state
            .program
            .publish_version(&caller.actor(), &r.code, r.version, body.revision, day)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewParams {
    /// The period whose values are judged (default: this year).
    pub period: Option<String>,
}

/// What publishing the version would change: headline figures and every unit whose status changes.
#[utoipa::path(get, path = "/api/v1/criteria-versions/{version}/preview", tag = "criteria",
    params(("version" = String, Path, description = "`code@N`"), PreviewParams),
    responses((status = 200, body = Object, description = "ImpactView"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn preview(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(version): Path<String>,
    Query(q): Query<PreviewParams>,
) -> Result<Json<ImpactView>, Problem> {
    let r = name_ref(&version)?;
    let period = crate::api::units::period_query(q.period.as_deref())?
        .unwrap_or_else(|| Period::year(state.program.today().year()));
    Ok(Json(
        state
            .program
            .preview_version(&caller.actor(), &r.code, r.version, period)
            .await?,
    ))
}

/// The version's workbook, to fill in offline and import back through `/api/v1/import`.
#[utoipa::path(get, path = "/api/v1/criteria-sets/{name}/workbook.xlsx", tag = "criteria",
    params(("name" = String, Path, description = "`code` or `code@N`")),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn workbook(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Path(name): Path<String>,
) -> Result<Response, Problem> {
    Ok(crate::pages::documents::attachment(
        state.program.criteria_workbook(&name).await?,
    ))
}

/// A classification to give a commune.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ClassifyRequest {
    /// `nhom_1`, `nhom_2`, `nhom_3`, `khu_vuc_iii`, …
    pub flag: String,
    /// ISO 8601 dates.
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// The decision that classifies the commune.
    pub source: String,
}

/// Puts a commune in a commune group (or gives it another classification) from a date, by a decision.
#[utoipa::path(put, path = "/api/v1/units/{code}/classifications", tag = "units", request_body = ClassifyRequest,
    params(("code" = String, Path, description = "Commune code")),
    responses((status = 200, body = Object, description = "ImportSummary"), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn classify(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Json(r): Json<ClassifyRequest>,
) -> Result<Json<ImportSummary>, Problem> {
    let flag = ntm_core::criteria::draft::words::flag(&r.flag).map_err(|m| {
        Problem::from(AppError::Fields(vec![ntm_app::entry::FieldError {
            field: "flag".into(),
            message: m,
        }]))
    })?;
    let from = date("valid_from", Some(&r.valid_from))?
        .ok_or_else(|| Problem::from(AppError::Invalid("thiếu ngày bắt đầu".into())))?;
    let c = Classify {
        unit: code,
        flag,
        from,
        to: date("valid_to", r.valid_to.as_deref())?,
        source: r.source,
    };
    Ok(Json(state.program.classify(&caller.actor(), c).await?))
}
