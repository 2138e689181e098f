//! ntm's web application: server-rendered Vietnamese pages for every role and
//! a JSON API under `/api/v1`, both thin over the application services of
//! `ntm-app`, which check every read and write against the user's rights.
//!
//! - [`session`]: sessions (cookie), API callers (bearer token), CSRF tokens;
//! - [`guard`]: security headers, the CSRF check of every form, login rate limits;
//! - [`pages`]: the HTML pages (maud), one module per page;
//! - [`api`]: the JSON API and its OpenAPI document;
//! - [`problem`]: errors as RFC 9457 problem details, and as error pages;
//! - [`health`], [`metrics`]: `/healthz` and `/metrics` for operators;
//! - [`server`]: HTTP or HTTPS, limits, certificate reloads, graceful shutdown.

// A `Problem` is the error of a handler: built once per refused request and
// turned into the response; its size does not matter.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod extract;
pub mod guard;
pub mod health;
pub mod metrics;
pub mod pages;
pub mod problem;
pub mod server;
pub mod session;
mod state;
pub mod upload;

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;

pub use state::AppState;

/// What browsers are told once they reached the site over HTTPS: keep to
/// HTTPS for a year.
pub const HSTS: &str = "max-age=31536000";

/// The whole application: pages, static files, the API, health and metrics.
pub fn router(state: AppState) -> Router {
    let timeouts = state.timeouts;
    Router::new()
        .merge(pages::router(state.clone()))
        .nest("/api/v1", api::router(state.clone()))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::serve))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::errors::frame,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        // Secure cookies mean the site is reached over HTTPS (built in, or
        // through a proxy): then HSTS too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::security_headers,
        ))
        .layer(compression())
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(timeouts.body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeouts.request,
        ))
        .layer(axum::middleware::map_response(close_after_unread_body))
        .with_state(state)
}

/// A request refused before its body was read (too large, too slow) ends
/// its connection, and says so: the rest of the body is still on the wire,
/// and a client that reused the connection would have its next request fail.
async fn close_after_unread_body(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    if matches!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    ) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Pages and API answers compressed (brotli or gzip, as the client accepts):
/// a province's overview is some 230 KB of HTML, which a commune on a
/// mountain mobile connection feels. Files that are already compressed
/// (workbooks, Word files, pictures) are sent as they are.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    let predicate = SizeAbove::new(256)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("application/vnd.openxmlformats"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("text/event-stream"));
    tower_http::compression::CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .compress_when(predicate)
}

/// Serves the application over plain HTTP on a bound listener until the
/// process ends, with the state's timeouts (tests; `ntm serve` runs a
/// [`server::Server`] with its options).
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let options = server::ServeOptions {
        request_timeout: state.timeouts.request,
        ..server::ServeOptions::default()
    };
    let server = server::Server::from_listener(listener.into_std()?, state, options)
        .await
        .map_err(std::io::Error::other)?;
    server.run().await
}
