//! Signing in and out.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::{Extensions, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{Markup, html};

use crate::extract::lenient_pairs;
use crate::pages::layout::page;
use crate::problem::PageError;
use crate::session::{MaybeSession, Session, local_path, removal_cookie, session_cookie};
use crate::state::AppState;

#[derive(Debug, Default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub next: String,
}

impl LoginForm {
    /// The form's fields, read leniently (NFC): a `next` with anything in
    /// it falls back to "/", and a bad name or password is simply wrong.
    fn read(body: &[u8]) -> LoginForm {
        let mut form = LoginForm::default();
        for (key, value) in lenient_pairs(body) {
            match key.as_str() {
                "username" => form.username = value,
                "password" => form.password = value,
                "next" => form.next = value,
                _ => {}
            }
        }
        form
    }
}

fn login_page(error: Option<&str>, username: &str, next: &str) -> Markup {
    page(
        "Đăng nhập",
        None,
        html! {
            div.login {
                h1 { "Đăng nhập" }
                p.muted { "Theo dõi, đánh giá Chương trình MTQG xây dựng nông thôn mới." }
                @if let Some(e) = error {
                    p.errors role="alert" { (e) }
                }
                form method="post" action="/login" {
                    input type="hidden" name="next" value=(next);
                    div.field {
                        label for="username" { "Tên đăng nhập" }
                        input id="username" name="username" type="text" autocomplete="username"
                            required autofocus value=(username);
                    }
                    div.field {
                        label for="password" { "Mật khẩu" }
                        input id="password" name="password" type="password" autocomplete="current-password" required;
                    }
                    button type="submit" { "Đăng nhập" }
                }
            }
        },
    )
}

pub async fn form(MaybeSession(session): MaybeSession, uri: axum::http::Uri) -> Response {
    // Read leniently: an address that is not a local path, whatever it
    // holds, falls back to "/" rather than refusing the login page.
    let asked = lenient_pairs(uri.query().unwrap_or("").as_bytes())
        .into_iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v);
    let next = asked.as_deref().and_then(local_path).unwrap_or("/");
    if session.is_some() {
        return Redirect::to(next).into_response();
    }
    login_page(None, "", next).into_response()
}

/// The client's address: the direct peer's, or, when the peer is a proxy
/// the operator trusts (`trusted_proxies`), the address that proxy put last
/// in `X-Forwarded-For`. Other forwarded headers are not believed: anyone
/// could send them to escape the limit.
fn client_address(peer: Option<SocketAddr>, headers: &axum::http::HeaderMap, state: &AppState) -> String {
    let Some(peer) = peer else {
        return "unknown".to_string();
    };
    if state.trusted_proxies.contains(&peer.ip())
        && let Some(forwarded) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|a| a.trim().parse::<std::net::IpAddr>().ok())
    {
        return forwarded.to_string();
    }
    peer.ip().to_string()
}

pub async fn submit(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let limit = ntm_core::input::limits::FORM;
    if body.len() as u64 > limit.max_bytes {
        return Ok(crate::pages::layout::error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Biểu mẫu quá lớn",
            &format!(
                "Biểu mẫu quá giới hạn {}.",
                ntm_core::input::limits::size_vi(limit.max_bytes)
            ),
        ));
    }
    let mut form = LoginForm::read(&body);
    // Names are at most 64 characters; a longer one is wrong, and is not
    // kept whole in the limiter's memory.
    form.username = form.username.chars().take(64).collect();
    let address = client_address(
        extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0),
        &headers,
        &state,
    );
    let next = local_path(&form.next).unwrap_or("/").to_string();
    let now = Instant::now();
    if let Some(wait) = state.limiter.blocked(&address, &form.username, now) {
        state.metrics.login_blocked();
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let message = format!("Đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.");
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, wait.as_secs().max(1).to_string())],
            login_page(Some(&message), &form.username, &next),
        )
            .into_response());
    }
    match state
        .program
        .login(&form.username, &form.password, state.program.now())
        .await?
    {
        Some(login) => {
            state.limiter.succeeded(&form.username);
            // `?`: names are user input; Debug escapes what could forge a log line.
            tracing::info!(user = ?login.user.username, "login");
            let jar = jar.add(session_cookie(login.token, state.secure_cookies));
            Ok((jar, Redirect::to(&next)).into_response())
        }
        None => {
            state.limiter.failed(&address, &form.username, now);
            state.metrics.login_failed();
            tracing::warn!(user = ?form.username, address = ?address, "failed login");
            Ok((
                StatusCode::UNAUTHORIZED,
                login_page(
                    Some("Tên đăng nhập hoặc mật khẩu không đúng."),
                    &form.username,
                    &next,
                ),
            )
                .into_response())
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    jar: CookieJar,
) -> Result<Response, PageError> {
    state.program.logout(&session.token).await?;
    Ok((jar.remove(removal_cookie()), Redirect::to("/login")).into_response())
}
