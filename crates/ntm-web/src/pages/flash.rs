//! A message for the next page, after a form's redirect ("đã phê duyệt …"),
//! carried in a short-lived cookie rather than in the address: a link that
//! anyone can write must never make a page say something the server did not
//! say.

use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

const FLASH_COOKIE: &str = "ntm_flash";
/// Longer messages are cut: a notice is a sentence or two.
const MAX_CHARS: usize = 1_000;

/// Redirects to `to` with `message` for the page there.
pub fn redirect_with(to: &str, message: &str, secure: bool) -> Response {
    // A notice is a sentence: it starts with a capital letter.
    let mut chars = message.trim().chars().take(MAX_CHARS);
    let message: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let encoded = serde_urlencoded::to_string([("m", message)]).unwrap_or_default();
    let cookie = Cookie::build((FLASH_COOKIE, encoded))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(120))
        .build();
    (CookieJar::new().add(cookie), Redirect::to(to)).into_response()
}

/// The message left for this page, and the jar that clears it (to be sent
/// with the page, so that a reload does not show it again).
pub fn take(jar: CookieJar) -> (Option<String>, CookieJar) {
    let message = jar.get(FLASH_COOKIE).and_then(|c| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(c.value())
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "m").map(|(_, v)| v))
    });
    let jar = if message.is_some() {
        jar.remove(Cookie::build(FLASH_COOKIE).path("/").build())
    } else {
        jar
    };
    (message, jar)
}
