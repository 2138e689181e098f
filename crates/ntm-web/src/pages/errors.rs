//! Every refusal of a page inside the layout: an error page shows the
//! user's menu when they are signed in, and the framework's own refusals
//! (an unknown address or method, a body over the limit, a timeout) become
//! Vietnamese error pages instead of bare status codes.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::pages::layout::{ErrorPage, error_page_for, error_response};
use crate::problem::status_text;
use crate::session::find_session;
use crate::state::AppState;

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// The fields of a posted form a person typed (not the page's own hidden
/// fields, never a password).
fn typed_fields(body: &[u8]) -> Vec<(String, String)> {
    crate::extract::lenient_pairs(body)
        .into_iter()
        .filter(|(k, v)| {
            !v.trim().is_empty()
                && !matches!(
                    k.as_str(),
                    "csrf" | "was" | "back" | "password" | "current" | "action"
                )
                && !k.ends_with(".version")
                && !k.ends_with(".orig")
        })
        .collect()
}

/// Frames the error responses of the pages (not of the API). A refused
/// form comes back with what was typed in it.
pub async fn frame(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let headers = request.headers().clone();
    let is_form = request.method() == axum::http::Method::POST
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (request, typed) = if is_form {
        let (parts, body) = request.into_parts();
        let limit = ntm_core::input::limits::FORM.max_bytes as usize;
        match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => {
                let typed = typed_fields(&bytes);
                (Request::from_parts(parts, axum::body::Body::from(bytes)), typed)
            }
            Err(_) => {
                return error_response(
                    axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    "Biểu mẫu quá lớn",
                    &format!(
                        "Biểu mẫu quá giới hạn {} hoặc đến quá chậm.",
                        ntm_core::input::limits::size_vi(limit as u64)
                    ),
                );
            }
        }
    } else {
        (request, Vec::new())
    };
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let error = match response.extensions().get::<ErrorPage>() {
        Some(e) => e.clone(),
        // A page that answers with its own content (the entry form with
        // the reason, the login form) is left as it is.
        None if is_html(&response) => return response,
        None => {
            let (_, title, detail) = status_text(status);
            let mut detail = detail.to_string();
            if let Some(first) = detail.get(..1) {
                detail.replace_range(..1, &first.to_uppercase());
            }
            ErrorPage {
                title: title.to_string(),
                detail: format!("{detail}."),
            }
        }
    };
    let session = find_session(&headers, &state).await.ok().flatten();
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    let body = error_page_for(session.as_ref(), status, &error.title, &error.detail, &typed);
    (parts, body).into_response()
}

/// An address no page has.
pub async fn not_found() -> Response {
    error_response(
        axum::http::StatusCode::NOT_FOUND,
        "Không tìm thấy",
        "Không có trang này. Hãy kiểm tra lại địa chỉ.",
    )
}
