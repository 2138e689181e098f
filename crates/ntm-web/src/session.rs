//! Who is calling: a signed-in user of the pages (session cookie, HttpOnly,
//! SameSite=Strict) or a script of the API (bearer token, or the page's own
//! session with its CSRF token in a header).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use ntm_app::AppError;
use ntm_app::accounts::access::{Actor, User};
use ntm_store::ChangeSource;
use time::OffsetDateTime;

use crate::problem::{PageError, Problem};
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "ntm_session";
/// The header the page's scripts send the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in user of the pages.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    /// The token every form of this session must carry.
    pub csrf: String,
    pub token: String,
    /// When the request came, by the program's clock.
    pub at: OffsetDateTime,
}

impl Session {
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.clone(), ChangeSource::Page, self.at)
    }
}

/// The session cookie for a new login.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(time::Duration::hours(ntm_app::accounts::SESSION_HOURS))
        .build()
}

/// The cookie that ends a session in the browser.
pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

/// The session a request's cookie opens, if valid.
pub async fn find_session(headers: &HeaderMap, state: &AppState) -> Result<Option<Session>, AppError> {
    let jar = CookieJar::from_headers(headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let token = cookie.value().to_string();
    if token.is_empty() {
        return Ok(None);
    }
    let at = state.program.now();
    Ok(state
        .program
        .session_user(&token, at)
        .await?
        .map(|(user, csrf)| Session {
            user,
            csrf,
            token,
            at,
        }))
}

/// A local path to come back to after login ("/units/03589?period=2023"),
/// never another site: it starts with one "/" (not "//" nor "/\\", which
/// browsers read as another host), holds no backslash, space or control
/// character, and is a valid address.
pub fn local_path(next: &str) -> Option<&str> {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.len() <= 2_000
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && next
            .parse::<axum::http::Uri>()
            .is_ok_and(|u| u.scheme().is_none() && u.authority().is_none());
    local.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_come_back_after_login() {
        assert_eq!(
            local_path("/units/03589?period=2023"),
            Some("/units/03589?period=2023")
        );
        for bad in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "evil.example",
            "/ok\nSet-Cookie: x=1",
            "/ok\r\n",
            "/tab\there",
            "/x\u{0}",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}

fn login_redirect(parts: &Parts) -> Response {
    let here = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
    let next = serde_urlencoded::to_string([("next", here)]).unwrap_or_default();
    Redirect::to(&format!("/login?{next}")).into_response()
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(session) = parts.extensions.get::<Session>() {
            return Ok(session.clone());
        }
        match find_session(&parts.headers, state).await {
            Ok(Some(session)) => {
                parts.extensions.insert(session.clone());
                Ok(session)
            }
            Ok(None) => Err(login_redirect(parts)),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

/// The session, if any (for the login page).
#[derive(Clone, Debug)]
pub struct MaybeSession(pub Option<Session>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        find_session(&parts.headers, state)
            .await
            .map(MaybeSession)
            .map_err(|e| PageError::from(e).into_response())
    }
}

/// A caller of the API.
#[derive(Clone, Debug)]
pub struct ApiCaller {
    pub user: User,
    /// When the request came, by the program's clock.
    pub at: OffsetDateTime,
}

impl ApiCaller {
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.clone(), ChangeSource::Api, self.at)
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer(&parts.headers) {
            return match state.program.api_user(token).await? {
                Some(user) => Ok(ApiCaller {
                    user,
                    at: state.program.now(),
                }),
                None => Err(Problem::unauthorized("khoá API không hợp lệ hoặc đã bị thu hồi")),
            };
        }
        let Some(session) = find_session(&parts.headers, state).await? else {
            return Err(Problem::unauthorized(
                "cần đăng nhập: gửi khoá API trong tiêu đề Authorization: Bearer <khoá>",
            ));
        };
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &session.csrf) {
                return Err(Problem::forbidden(
                    "thiếu mã chống giả mạo (X-CSRF-Token) của phiên đăng nhập",
                ));
            }
        }
        Ok(ApiCaller {
            user: session.user,
            at: session.at,
        })
    }
}
