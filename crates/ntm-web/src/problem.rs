//! Errors as the API sends them (RFC 9457 `application/problem+json`, with
//! the fields that are wrong and the values someone else saved meanwhile)
//! and as the pages show them (a Vietnamese error page with the right status).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ntm_app::entry::{ConflictView, FieldError};
use ntm_app::{AppError, ErrorKind};
use ntm_core::input::screenful;
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
    /// The first problems (at most a screenful, 20), each with its place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// How many problems there are in all, when more than `errors` lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors_total: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<ProblemConflict>,
    /// For a failure inside ntm (500): the id under which the server's log
    /// holds the detail; give it to the administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
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
            errors_total: None,
            conflicts: Vec::new(),
            correlation_id: None,
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
    match error.kind() {
        ErrorKind::Internal => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "/problems/internal",
            "Lỗi hệ thống",
        ),
        ErrorKind::Invalid if matches!(error, AppError::Invalid(_)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/invalid",
            "Yêu cầu không thực hiện được",
        ),
        ErrorKind::Invalid => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/invalid-fields",
            "Dữ liệu không hợp lệ",
        ),
        ErrorKind::NotFound => (StatusCode::NOT_FOUND, "/problems/not-found", "Không tìm thấy"),
        ErrorKind::TooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "/problems/too-large",
            "Nội dung quá lớn",
        ),
        ErrorKind::Conflict if matches!(error, AppError::Stale(_)) => (
            StatusCode::CONFLICT,
            "/problems/stale",
            "Dữ liệu đã được người khác thay đổi",
        ),
        ErrorKind::Conflict => (
            StatusCode::CONFLICT,
            "/problems/conflict",
            "Dữ liệu đã được người khác sửa",
        ),
        ErrorKind::Denied => (StatusCode::FORBIDDEN, "/problems/forbidden", "Không có quyền"),
        ErrorKind::Locked => (
            StatusCode::CONFLICT,
            "/problems/locked",
            "Số liệu đã được phê duyệt và khoá",
        ),
        ErrorKind::BadRequest => (
            StatusCode::BAD_REQUEST,
            "/problems/bad-request",
            "Yêu cầu không hợp lệ",
        ),
    }
}

/// Logs an internal failure under a new correlation id and returns the id
/// and what the user is told.
pub fn log_internal(error: &AppError, channel: &'static str) -> (String, String) {
    let id = ntm_app::accounts::new_token()[..16].to_string();
    // `?`: the message may hold a user's text; Debug escapes line breaks and
    // control characters, so nothing can forge a log line.
    tracing::error!(correlation_id = %id, channel, error = ?error.to_string(), "request failed");
    let text = format!(
        "{}; mã sự cố {id}: chi tiết đã được ghi vào nhật ký máy chủ, hãy báo mã này cho quản trị hệ thống",
        error.user_text()
    );
    (id, text)
}

/// An import's errors as problem fields, each with its place.
fn import_fields(errors: &[ntm_app::documents::import::ImportError]) -> Vec<ProblemField> {
    errors
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
        .collect()
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        let (status, kind, title) = classify(&error);
        if status.is_server_error() {
            let (id, detail) = log_internal(&error, "api");
            let mut problem = Problem::new(status, kind, title, detail);
            problem.correlation_id = Some(id);
            return problem;
        }
        let mut problem = Problem::new(status, kind, title, error.to_string());
        match &error {
            AppError::Fields(errors) => problem.errors = fields(errors),
            AppError::Import(errors) => {
                let (shown, more) = screenful(errors);
                problem.errors = import_fields(shown);
                if more > 0 {
                    problem.errors_total = Some(errors.len());
                }
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
        let mut response = (
            self.status(),
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let Some(id) = self.correlation_id.as_deref().and_then(|id| id.parse().ok()) {
            response.headers_mut().insert(CORRELATION_HEADER, id);
        }
        response
    }
}

/// What a status means, in Vietnamese, for responses without a text of
/// ntm's own (the framework's refusals: an unknown method, a body over the
/// limit, a timeout): (problem kind, title, detail).
pub fn status_text(status: StatusCode) -> (&'static str, &'static str, &'static str) {
    match status.as_u16() {
        400 => (
            "/problems/invalid",
            "Yêu cầu không hợp lệ",
            "yêu cầu không đúng dạng",
        ),
        401 => (
            "/problems/unauthorized",
            "Chưa đăng nhập",
            "cần đăng nhập hoặc khoá API",
        ),
        403 => (
            "/problems/forbidden",
            "Không có quyền",
            "bạn không có quyền làm việc này",
        ),
        404 => ("/problems/not-found", "Không tìm thấy", "không có địa chỉ này"),
        405 => (
            "/problems/method",
            "Phương thức không được hỗ trợ",
            "địa chỉ này không nhận phương thức HTTP đã gửi (tiêu đề Allow liệt kê các phương thức được nhận)",
        ),
        406 => (
            "/problems/not-acceptable",
            "Không có định dạng phù hợp",
            "không trả về được định dạng được yêu cầu",
        ),
        408 => (
            "/problems/timeout",
            "Hết thời gian chờ",
            "yêu cầu không hoàn tất trong thời gian cho phép",
        ),
        413 => (
            "/problems/too-large",
            "Nội dung quá lớn",
            "nội dung gửi lên quá giới hạn (tệp nhập tối đa 50 MB, minh chứng 10 MB, JSON và biểu mẫu 2 MB)",
        ),
        414 => (
            "/problems/uri-too-long",
            "Địa chỉ quá dài",
            "địa chỉ yêu cầu quá dài",
        ),
        415 => (
            "/problems/media-type",
            "Sai loại nội dung",
            "loại nội dung (Content-Type) không được nhận ở địa chỉ này",
        ),
        422 => (
            "/problems/invalid-fields",
            "Dữ liệu không hợp lệ",
            "dữ liệu gửi lên không hợp lệ",
        ),
        429 => (
            "/problems/too-many",
            "Quá nhiều yêu cầu",
            "hãy thử lại sau ít phút",
        ),
        431 => (
            "/problems/headers-too-large",
            "Tiêu đề quá lớn",
            "tiêu đề yêu cầu quá lớn",
        ),
        500..=599 => ("/problems/internal", "Lỗi hệ thống", "lỗi hệ thống"),
        _ => (
            "/problems/other",
            "Không thực hiện được",
            "yêu cầu không thực hiện được",
        ),
    }
}

fn is_problem(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

/// Every error of the API as problem+json: the framework's own refusals
/// (an unknown method, a body over the limit, a timeout) are rewritten in
/// Vietnamese; ntm's own problems pass unchanged.
pub async fn api_problems(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let retry = response.headers().get(header::RETRY_AFTER).cloned();
    let (kind, title, detail) = status_text(status);
    let mut problem = Problem::new(status, kind, title, detail);
    if status.is_server_error() {
        let error = AppError::internal("lỗi hệ thống", format!("status {status} from the framework"));
        let (id, detail) = log_internal(&error, "api");
        problem.detail = detail;
        problem.correlation_id = Some(id);
    }
    let mut out = problem.into_response();
    for (name, value) in [(header::ALLOW, allow), (header::RETRY_AFTER, retry)] {
        if let Some(value) = value {
            out.headers_mut().insert(name, value);
        }
    }
    out
}

/// The header that carries a failure's correlation id.
pub const CORRELATION_HEADER: &str = "x-correlation-id";

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
        if status.is_server_error() {
            let (id, detail) = log_internal(&self.0, "page");
            let mut response = crate::pages::layout::error_response(status, title, &detail);
            if let Ok(value) = id.parse() {
                response.headers_mut().insert(CORRELATION_HEADER, value);
            }
            return response;
        }
        crate::pages::layout::error_response(status, title, &self.0.to_string())
    }
}
