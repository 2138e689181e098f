//! Evidence files through the API: upload (multipart) and download.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ntm_app::entry::evidence::EvidenceUpload;
use ntm_store::EvidenceMeta;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::units::period_param;
use crate::extract::{Json, Path, Query};
use crate::problem::Problem;
use crate::session::ApiCaller;
use crate::state::AppState;
use crate::upload::{Evidence, UploadedFile};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceParams {
    /// `2023`; default: the newest period with data.
    #[param(pattern = r"^(20[0-9]{2}|2100)(-(Q[1-4]|H[12]|9M))?$")]
    pub period: Option<String>,
}

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct EvidenceForm {
    /// The indicator ("2.2") or criterion ("5") the file evidences.
    pub subject: String,
    /// PDF, PNG, JPEG, DOCX or XLSX, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Stores an evidence file for an indicator or criterion of a unit and period.
#[utoipa::path(post, path = "/api/v1/units/{code}/evidence", tag = "evidence",
    params(("code" = String, Path, description = "Unit code"), EvidenceParams),
    request_body(content = EvidenceForm, content_type = "multipart/form-data"),
    responses((status = 200, body = Object, description = "The stored file: id, file_name, content_type, size, sha256, uploaded_by, uploaded_at"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    Query(q): Query<EvidenceParams>,
    form: UploadedFile<Evidence>,
) -> Result<Json<EvidenceMeta>, Problem> {
    let period = period_param(&state, q.period.as_deref()).await?;
    let upload = EvidenceUpload {
        unit: &code,
        period,
        subject: form.text("subject"),
        file_name: form.name(),
        content: form.bytes.clone(),
    };
    Ok(Json(state.program.add_evidence(&caller.actor(), upload).await?))
}

/// An evidence file's content, if the caller may see its unit.
#[utoipa::path(get, path = "/api/v1/evidence/{id}", tag = "evidence",
    params(("id" = i64, Path, description = "Evidence id")),
    responses((status = 200, description = "The file, with its content type"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn download(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, Problem> {
    let (meta, content) = state.program.evidence_file(&caller.actor(), id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"minh-chung-{id}\""),
            ),
        ],
        content,
    )
        .into_response())
}
