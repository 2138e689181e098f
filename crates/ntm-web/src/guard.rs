//! What protects every request: security headers on every response, the
//! CSRF check of every form posted to a page, and the limit on failed logins.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::pages::layout::error_response;
use crate::session::{Session, find_session, same_secret};
use crate::state::AppState;

/// No inline script, no framing, nothing from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response; behind HTTPS
/// (`--secure-cookies`), `Strict-Transport-Security` too, so that browsers
/// never come back over plain HTTP.
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if state.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(crate::HSTS),
        );
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The largest form body read (forms with files go as multipart, which this
/// check does not read: they carry the token in the address).
const FORM_LIMIT: usize = ntm_core::input::limits::FORM.max_bytes as usize;

fn refused(detail: &str) -> Response {
    error_response(StatusCode::FORBIDDEN, "Yêu cầu bị từ chối", detail)
}

fn token_in_query(query: Option<&str>) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query?)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v)
}

/// Every form posted to a page must carry its session's CSRF token, in the
/// `csrf` field of the form or (for file uploads) of the address. The login
/// form, which has no session yet, is checked by origin instead.
pub async fn require_csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    if !same_origin(&request) {
        return refused("Biểu mẫu được gửi từ một trang web khác.");
    }
    if request.uri().path() == "/login" {
        return next.run(request).await;
    }
    let session = match find_session(request.headers(), &state).await {
        Ok(Some(s)) => s,
        Ok(None) => return refused("Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại rồi gửi lại biểu mẫu."),
        Err(e) => return crate::problem::PageError(e).into_response(),
    };
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (mut parts, body) = request.into_parts();
    let (sent, body) = if is_form {
        let bytes = match to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => bytes,
            Err(e) if crate::extract::over_limit(&e) => {
                return error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Biểu mẫu quá lớn",
                    &format!(
                        "Biểu mẫu quá giới hạn {}.",
                        ntm_core::input::limits::size_vi(FORM_LIMIT as u64)
                    ),
                );
            }
            Err(_) => {
                return error_response(
                    StatusCode::REQUEST_TIMEOUT,
                    "Hết thời gian chờ",
                    "Biểu mẫu đến quá chậm hoặc bị ngắt giữa chừng. Hãy gửi lại.",
                );
            }
        };
        let sent = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|fields| fields.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
        (sent, Body::from(bytes))
    } else {
        (token_in_query(parts.uri.query()), body)
    };
    if !sent.is_some_and(|t| same_secret(&t, &session.csrf)) {
        return refused(
            "Biểu mẫu thiếu mã chống giả mạo (CSRF) hoặc mã không đúng. Hãy tải lại trang rồi gửi lại.",
        );
    }
    parts.extensions.insert::<Session>(session);
    next.run(Request::from_parts(parts, body)).await
}

/// Whether a posted form comes from this site (by `Origin`, else by
/// `Sec-Fetch-Site`; requests without either, like scripts', pass).
fn same_origin(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split("://").nth(1).unwrap_or("");
        return origin != "null" && origin_host == host;
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => true,
    }
}

/// Failed logins allowed per address and per user name in [`LOGIN_WINDOW`].
pub const LOGIN_FAILURES: usize = 5;
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Counts failed logins by client address and by user name; past the limit,
/// further attempts are refused until the window has passed.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    fn keys(address: &str, username: &str) -> [String; 2] {
        [
            format!("ip:{address}"),
            format!("user:{}", username.trim().to_lowercase()),
        ]
    }

    /// How long to wait before trying again, if blocked.
    pub fn blocked(&self, address: &str, username: &str, now: Instant) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::keys(address, username)
            .iter()
            .filter_map(|key| {
                let list = failures.get_mut(key)?;
                list.retain(|t| now.duration_since(*t) < LOGIN_WINDOW);
                (list.len() >= LOGIN_FAILURES)
                    .then(|| {
                        list.first()
                            .map(|first| LOGIN_WINDOW.saturating_sub(now.duration_since(*first)))
                    })
                    .flatten()
            })
            .max()
    }

    pub fn failed(&self, address: &str, username: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Forget old entries now and then so the map does not grow forever.
        if failures.len() > 10_000 {
            failures.retain(|_, list| list.iter().any(|t| now.duration_since(*t) < LOGIN_WINDOW));
        }
        for key in Self::keys(address, username) {
            failures.entry(key).or_default().push(now);
        }
    }

    pub fn succeeded(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("user:{}", username.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_block_the_name_and_the_address_for_a_while() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        for _ in 0..LOGIN_FAILURES {
            assert!(limiter.blocked("1.2.3.4", "xa.muongso", start).is_none());
            limiter.failed("1.2.3.4", "xa.muongso", start);
        }
        assert!(limiter.blocked("1.2.3.4", "someone.else", start).is_some());
        assert!(limiter.blocked("5.6.7.8", "XA.MUONGSO", start).is_some());
        assert!(limiter.blocked("5.6.7.8", "other", start).is_none());
        let later = start + LOGIN_WINDOW + Duration::from_secs(1);
        assert!(limiter.blocked("1.2.3.4", "xa.muongso", later).is_none());
    }
}
