//! What every handler shares.

use std::sync::Arc;

use ntm_app::Program;

use crate::guard::LoginLimiter;
use crate::server::Timeouts;

/// The application's shared state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub program: Arc<Program>,
    pub limiter: Arc<LoginLimiter>,
    /// Served behind HTTPS: cookies are `Secure` and every response carries
    /// `Strict-Transport-Security`.
    pub secure_cookies: bool,
    pub timeouts: Timeouts,
}

impl AppState {
    pub fn new(program: Arc<Program>) -> AppState {
        AppState {
            program,
            limiter: Arc::new(LoginLimiter::default()),
            secure_cookies: false,
            timeouts: Timeouts::default(),
        }
    }
}
