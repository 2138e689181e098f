//! `/healthz`: whether this server can do its job: the database answers and
//! its schema is the one this build expects (not older, not migrated by a
//! newer release). 200 with `"status": "ok"`, else 503 with what is wrong;
//! a load balancer takes a server whose answer is not 200 out of rotation.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ntm_store::SCHEMA_VERSION;
use serde_json::json;

use crate::state::AppState;

/// How long the database may take to answer.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(5);

pub async fn healthz(State(state): State<AppState>) -> Response {
    let store = state.program.store();
    let backend = store.backend();
    let answer = tokio::time::timeout(DATABASE_TIMEOUT, store.schema_version()).await;
    let (status, body) = match answer {
        Ok(Ok(version)) if version == SCHEMA_VERSION => (
            StatusCode::OK,
            json!({
                "status": "ok",
                "database": "ok",
                "backend": backend,
                "schema_version": version,
                "expected_schema_version": SCHEMA_VERSION,
                "version": env!("CARGO_PKG_VERSION"),
            }),
        ),
        Ok(Ok(version)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({
                "status": "error",
                "database": "ok",
                "backend": backend,
                "schema_version": version,
                "expected_schema_version": SCHEMA_VERSION,
                "version": env!("CARGO_PKG_VERSION"),
                "problem": if version > SCHEMA_VERSION {
                    "cơ sở dữ liệu đã được một phiên bản ntm mới hơn nâng cấp: hãy cập nhật máy chủ này"
                } else {
                    "cơ sở dữ liệu chưa được nâng cấp lên lược đồ mà phiên bản này cần: hãy khởi động lại máy chủ"
                },
            }),
        ),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            unreachable_database(backend, "cơ sở dữ liệu không trả lời")
        }
        Err(_) => {
            tracing::error!("health check: the database took longer than {DATABASE_TIMEOUT:?}");
            unreachable_database(backend, "cơ sở dữ liệu trả lời quá chậm")
        }
    };
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn unreachable_database(backend: &str, problem: &str) -> (StatusCode, serde_json::Value) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        json!({
            "status": "error",
            "database": "unreachable",
            "backend": backend,
            "expected_schema_version": SCHEMA_VERSION,
            "version": env!("CARGO_PKG_VERSION"),
            "problem": problem,
        }),
    )
}
