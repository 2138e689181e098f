//! What every handler shares.

use std::sync::Arc;

use ntm_app::Program;

use crate::guard::LoginLimiter;
use crate::metrics::Metrics;
use crate::server::Timeouts;

/// The application's shared state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub program: Arc<Program>,
    pub limiter: Arc<LoginLimiter>,
    /// Mark cookies `Secure` and send HSTS (when served over HTTPS).
    pub secure_cookies: bool,
    pub metrics: Arc<Metrics>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (for the
    /// login limits); none by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub timeouts: Timeouts,
}

impl AppState {
    pub fn new(program: Arc<Program>) -> AppState {
        AppState {
            program,
            limiter: Arc::new(LoginLimiter::default()),
            secure_cookies: false,
            metrics: Arc::new(Metrics::new(None)),
            trusted_proxies: Vec::new(),
            timeouts: Timeouts::default(),
        }
    }
}
