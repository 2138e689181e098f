//! What every handler shares.

use std::sync::Arc;

use ntm_app::Program;

use crate::guard::LoginLimiter;

/// The application's shared state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub program: Arc<Program>,
    pub limiter: Arc<LoginLimiter>,
    /// Mark cookies `Secure` (when served behind HTTPS).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(program: Arc<Program>) -> AppState {
        AppState {
            program,
            limiter: Arc::new(LoginLimiter::default()),
            secure_cookies: false,
        }
    }
}
