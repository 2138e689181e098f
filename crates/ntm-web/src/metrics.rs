//! `/metrics`: the server's counters in the Prometheus text format
//! (metrics-exporter-prometheus, one recorder per server, not a global one).
//!
//! - `ntm_http_requests_total{method,route,status}` and
//!   `ntm_http_request_duration_seconds{method,route}` (a histogram), by the
//!   route's template (`/units/{code}`), never by the address asked for;
//! - `ntm_figures_cache_hits_total`, `ntm_figures_computed_total`,
//!   `ntm_units_judged_total`, `ntm_units_kept_total`;
//! - `ntm_imports_total{kind,outcome}`, `ntm_import_rows_total{kind}`;
//! - `ntm_login_failures_total`, `ntm_login_blocked_total`;
//! - `ntm_tls_reloads_total{outcome}`; `ntm_build_info{version,schema}`.
//!
//! Who may read it: a caller on this machine (loopback, not forwarded by a
//! proxy), or anyone sending `Authorization: Bearer <metrics token>` when a
//! token is configured. Everyone else gets 404, as if there were nothing.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics::{counter, describe_counter, describe_histogram, gauge, histogram, with_local_recorder};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use ntm_app::Program;

use crate::session::same_secret;
use crate::state::AppState;

/// Latency buckets, in seconds.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The server's metrics.
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    token: Option<String>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}

/// How an import ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Stored,
    Refused,
}

impl Metrics {
    /// Metrics readable from this machine, and with `token` from anywhere.
    pub fn new(token: Option<String>) -> Metrics {
        let recorder = PrometheusBuilder::new().set_buckets(BUCKETS).map_or_else(
            |_| PrometheusBuilder::new().build_recorder(),
            |b| b.build_recorder(),
        );
        let handle = recorder.handle();
        let metrics = Metrics {
            recorder,
            handle,
            token: token.filter(|t| !t.is_empty()),
        };
        metrics.with(|| {
            describe_counter!(
                "ntm_http_requests_total",
                "HTTP requests answered, by route template and status."
            );
            describe_histogram!(
                "ntm_http_request_duration_seconds",
                metrics::Unit::Seconds,
                "Time to answer an HTTP request, by route template."
            );
            describe_counter!(
                "ntm_figures_cache_hits_total",
                "Figures served as already computed (no change of the data since)."
            );
            describe_counter!(
                "ntm_figures_computed_total",
                "Figures computed (asked for the first time, or after a change of the data)."
            );
            describe_counter!(
                "ntm_units_judged_total",
                "Units' summaries judged from their values by those computations (new, or changed since)."
            );
            describe_counter!(
                "ntm_units_kept_total",
                "Units' summaries those computations took as kept (no change touched them since)."
            );
            describe_counter!("ntm_imports_total", "Files imported, by kind and outcome.");
            describe_counter!("ntm_import_rows_total", "Rows in the files stored by imports.");
            describe_counter!(
                "ntm_login_failures_total",
                "Sign-ins refused for a wrong name or password."
            );
            describe_counter!(
                "ntm_login_blocked_total",
                "Sign-ins refused because of too many failures."
            );
            describe_counter!(
                "ntm_tls_reloads_total",
                "Reloads of the TLS certificate, by outcome."
            );
            gauge!(
                "ntm_build_info",
                "version" => env!("CARGO_PKG_VERSION"),
                "schema" => ntm_store::SCHEMA_VERSION.to_string()
            )
            .set(1.0);
            // Present from the start, so that rates work from the first scrape.
            counter!("ntm_login_failures_total").absolute(0);
            counter!("ntm_login_blocked_total").absolute(0);
        });
        metrics
    }

    fn with<T>(&self, f: impl FnOnce() -> T) -> T {
        with_local_recorder(&self.recorder, f)
    }

    pub fn request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let (method, route) = (method.to_string(), route.to_string());
        self.with(|| {
            counter!(
                "ntm_http_requests_total",
                "method" => method.clone(),
                "route" => route.clone(),
                "status" => status.to_string()
            )
            .increment(1);
            histogram!("ntm_http_request_duration_seconds", "method" => method, "route" => route)
                .record(seconds);
        });
    }

    pub fn login_failed(&self) {
        self.with(|| counter!("ntm_login_failures_total").increment(1));
    }

    pub fn login_blocked(&self) {
        self.with(|| counter!("ntm_login_blocked_total").increment(1));
    }

    /// An import through the pages or the API: `kind` is what was imported
    /// (file, money, geometry), `rows` the rows stored.
    pub fn imported(&self, kind: &'static str, outcome: ImportOutcome, rows: usize) {
        let outcome = match outcome {
            ImportOutcome::Stored => "stored",
            ImportOutcome::Refused => "refused",
        };
        self.with(|| {
            counter!("ntm_imports_total", "kind" => kind, "outcome" => outcome).increment(1);
            counter!("ntm_import_rows_total", "kind" => kind).increment(rows as u64);
        });
    }

    /// Counts an import from its result.
    pub fn import_result<T>(
        &self,
        kind: &'static str,
        result: &ntm_app::Result<T>,
        rows: impl Fn(&T) -> usize,
    ) {
        match result {
            Ok(summary) => self.imported(kind, ImportOutcome::Stored, rows(summary)),
            Err(_) => self.imported(kind, ImportOutcome::Refused, 0),
        }
    }

    pub fn tls_reloaded(&self, ok: bool) {
        let outcome = if ok { "ok" } else { "failed" };
        self.with(|| counter!("ntm_tls_reloads_total", "outcome" => outcome).increment(1));
    }

    /// The text a scrape gets.
    pub fn render(&self, program: &Program) -> String {
        let activity = program.activity();
        self.with(|| {
            counter!("ntm_figures_cache_hits_total").absolute(activity.figures_cache_hits);
            counter!("ntm_figures_computed_total").absolute(activity.figures_computed);
            counter!("ntm_units_judged_total").absolute(activity.units_judged);
            counter!("ntm_units_kept_total").absolute(activity.units_kept);
        });
        self.handle.run_upkeep();
        self.handle.render()
    }

    /// Whether a request may read the metrics.
    fn allows(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
        if let Some(token) = &self.token {
            let sent = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim);
            if sent.is_some_and(|s| same_secret(s, token)) {
                return true;
            }
        }
        // A proxy on this machine forwards other people's requests: those
        // come from loopback too, but carry a forwarding header.
        let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
            .iter()
            .any(|h| headers.contains_key(*h));
        peer.is_some_and(|p| p.ip().is_loopback()) && !forwarded
    }
}

/// Counts every request by its route template and status, and times it.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    state.metrics.request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// `GET /metrics`.
pub async fn serve(State(state): State<AppState>, extensions: Extensions, headers: HeaderMap) -> Response {
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if !state.metrics.allows(peer, &headers) {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(&state.program),
    )
        .into_response()
}
