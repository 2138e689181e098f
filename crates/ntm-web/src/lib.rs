//! ntm's web application: server-rendered Vietnamese pages for every role and
//! a JSON API under `/api/v1`, both thin over the application services of
//! `ntm-app`, which check every read and write against the user's rights.
//!
//! - [`session`]: sessions (cookie), API callers (bearer token), CSRF tokens;
//! - [`guard`]: security headers, the CSRF check of every form, login rate limits;
//! - [`pages`]: the HTML pages (maud), one module per page;
//! - [`api`]: the JSON API and its OpenAPI document;
//! - [`problem`]: errors as RFC 9457 problem details, and as error pages.

// A `Problem` is the error of a handler: built once per refused request and
// turned into the response; its size does not matter.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod extract;
pub mod guard;
pub mod pages;
pub mod problem;
pub mod server;
pub mod session;
mod state;

use axum::Router;
use tokio::net::TcpListener;

pub use state::AppState;

/// The whole application: pages, static files and the API.
pub fn router(state: AppState) -> Router {
    let timeouts = state.timeouts;
    Router::new()
        .merge(pages::router(state.clone()))
        .nest("/api/v1", api::router(state.clone()))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::errors::frame,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::security_headers,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(timeouts.body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeouts.request,
        ))
        .with_state(state)
}

/// Serves the application on a bound listener until the process ends, with
/// the state's timeouts.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let timeouts = state.timeouts;
    server::serve(listener, router(state), timeouts).await
}
