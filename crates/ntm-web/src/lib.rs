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

pub mod api;
pub mod guard;
pub mod health;
pub mod metrics;
pub mod pages;
pub mod problem;
pub mod server;
pub mod session;
mod state;

use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;

pub use state::AppState;

/// What browsers are told once they reached the site over HTTPS: keep to
/// HTTPS for a year.
pub const HSTS: &str = "max-age=31536000";

/// The whole application: pages, static files, the API, health and metrics.
pub fn router(state: AppState) -> Router {
    let router = Router::new()
        .merge(pages::router(state.clone()))
        .nest("/api/v1", api::router(state.clone()))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::serve))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn(guard::security_headers));
    // Secure cookies mean the site is reached over HTTPS (built in, or
    // through a proxy): then HSTS too.
    let router = if state.secure_cookies {
        router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ))
    } else {
        router
    };
    router.with_state(state)
}

/// Serves the application on a bound listener until the process ends.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
