//! Errors as the API sends them (RFC 9457 `application/problem+json`, with
//! the fields that are wrong and the values someone else saved meanwhile)
//! and as the pages show them (a Vietnamese error page with the right status).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ntm_app::AppError;
use ntm_app::entry::{ConflictView, FieldError};
use serde::Serialize;
use utoipa::ToSchema;

/// A field that is wrong.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemField {
    /// The field: `2.2.achieved`, `tc.5`, `line 4: value`.
    pub field: String,
    pub message: String,
}

/// A value someone else saved after the caller read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemConflict {
    pub field: String,
    pub label: String,
    /// The value stored now, as read.
    pub current: Option<String>,
    /// Who saved it and when (RFC 3339).
    pub by: Option<String>,
    pub at: Option<String>,
    /// Send this version to overwrite it knowingly.
    pub current_version: i64,
}

/// RFC 9457 problem details.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<ProblemConflict>,
}

impl Problem {
    /// `kind` is a path under `/problems/` ("/problems/conflict").
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Problem {
        Problem {
            kind,
            title,
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    pub fn unauthorized(detail: &str) -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "/problems/unauthorized",
            "Chưa đăng nhập",
            detail,
        )
    }

    pub fn forbidden(detail: &str) -> Problem {
        Problem::new(
            StatusCode::FORBIDDEN,
            "/problems/forbidden",
            "Không có quyền",
            detail,
        )
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "/problems/invalid",
            "Yêu cầu không hợp lệ",
            detail,
        )
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

fn fields(errors: &[FieldError]) -> Vec<ProblemField> {
    errors
        .iter()
        .map(|e| ProblemField {
            field: e.field.clone(),
            message: e.message.clone(),
        })
        .collect()
}

fn conflicts(found: &[ConflictView]) -> Vec<ProblemConflict> {
    found
        .iter()
        .map(|c| ProblemConflict {
            field: c.field.clone(),
            label: c.label.clone(),
            current: c.current.clone(),
            by: c.by.clone(),
            at: c.at.clone(),
            current_version: c.current_version,
        })
        .collect()
}

/// The status, problem kind and title of an application error.
pub fn classify(error: &AppError) -> (StatusCode, &'static str, &'static str) {
    match error {
        AppError::Store(_) | AppError::Criteria(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "/problems/internal",
            "Lỗi hệ thống",
        ),
        AppError::Import(_) | AppError::Fields(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/invalid-fields",
            "Dữ liệu không hợp lệ",
        ),
        AppError::Resolve(_) | AppError::NotFound(_) => {
            (StatusCode::NOT_FOUND, "/problems/not-found", "Không tìm thấy")
        }
        AppError::Conflict(_) => (
            StatusCode::CONFLICT,
            "/problems/conflict",
            "Dữ liệu đã được người khác sửa",
        ),
        AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "/problems/forbidden", "Không có quyền"),
        AppError::Locked(_) => (
            StatusCode::CONFLICT,
            "/problems/locked",
            "Số liệu đã được phê duyệt và khoá",
        ),
        AppError::Stale(_) => (
            StatusCode::CONFLICT,
            "/problems/stale",
            "Dữ liệu đã được người khác thay đổi",
        ),
        AppError::Invalid(_) => (
            StatusCode::BAD_REQUEST,
            "/problems/invalid",
            "Yêu cầu không hợp lệ",
        ),
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        let (status, kind, title) = classify(&error);
        if status.is_server_error() {
            tracing::error!(%error, "request failed");
        }
        let detail = if status.is_server_error() {
            "lỗi hệ thống; chi tiết đã được ghi vào nhật ký máy chủ".to_string()
        } else {
            error.to_string()
        };
        let mut problem = Problem::new(status, kind, title, detail);
        match &error {
            AppError::Fields(errors) => problem.errors = fields(errors),
            AppError::Import(errors) => {
                problem.errors = errors
                    .iter()
                    .map(|e| ProblemField {
                        field: if e.cell.is_empty() && e.line == 0 && e.column.is_empty() {
                            // Not on a line (a GeoJSON feature names itself in the message).
                            e.file.clone()
                        } else if e.cell.is_empty() {
                            format!("dòng {}: {}", e.line, e.column)
                        } else {
                            format!("{}!{} ({})", e.sheet, e.cell, e.column)
                        },
                        message: e.message.clone(),
                    })
                    .collect();
            }
            AppError::Conflict(found) => problem.conflicts = conflicts(found),
            _ => {}
        }
        problem
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_string(&self).unwrap_or_else(|_| "{}".into());
        (
            self.status(),
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response()
    }
}

/// An error shown as a page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, _, title) = classify(&self.0);
        let detail = if status.is_server_error() {
            tracing::error!(error = %self.0, "page failed");
            "Lỗi hệ thống; chi tiết đã được ghi vào nhật ký máy chủ.".to_string()
        } else {
            self.0.to_string()
        };
        (status, crate::pages::layout::error_page(status, title, &detail)).into_response()
    }
}
