//! The stylesheet and the script, compiled into the binary.

use crate::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The stylesheet: the application's, then the overview's (phone and print).
const CSS: &str = concat!(
    include_str!("../../static/app.css"),
    include_str!("../../static/overview.css")
);
const JS: &str = include_str!("../../static/app.js");

pub async fn file(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "app.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "không có tệp này").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            // Addresses carry the version: a new build means a new address.
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}
