//! The user's own account: who they are, their password (changed with the
//! current one; the other sessions end), and their API keys for scripts:
//! named, with an expiry, listed and revocable.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::accounts::MIN_PASSWORD;
use ntm_app::accounts::api_keys::{ApiKeyView, DEFAULT_KEY_DAYS, NewApiKey};
use serde::Deserialize;

use crate::extract::{Form, Path, Query};
use crate::pages::layout::{csrf_field, notice, page};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct AccountQuery {
    pub done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    pub current: String,
    pub password: String,
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    pub name: String,
    /// How many days the key lasts.
    #[serde(default)]
    pub days: Option<u32>,
}

/// The choices of how long a key lasts.
const KEY_DAYS: [(u32, &str); 4] = [
    (30, "30 ngày"),
    (90, "90 ngày"),
    (180, "180 ngày"),
    (365, "1 năm"),
];

/// What a render of the page brings besides the account.
#[derive(Debug, Default)]
struct Shown<'a> {
    message: Option<&'a str>,
    password_error: Option<&'a str>,
    key_error: Option<&'a str>,
    new_key: Option<&'a NewApiKey>,
    /// The key form as the user filled it, when refused.
    key_name: &'a str,
}

/// The table of API keys, with a revoke button for the live ones.
pub fn keys_table(session: &Session, keys: &[ApiKeyView], with_owner: bool) -> Markup {
    let back = if with_owner { "/users" } else { "/account" };
    html! {
        @if keys.is_empty() {
            p.muted { "Chưa có khoá API nào." }
        } @else {
            div.table-wrap {
                table {
                    thead { tr {
                        @if with_owner { th { "Người dùng" } }
                        th { "Tên khoá" } th { "Tạo lúc" } th { "Trạng thái" } th { "Thao tác" }
                    } }
                    tbody {
                        @for k in keys {
                            tr {
                                @if with_owner { td { (k.username) } }
                                td { (k.name) }
                                td { (ntm_app::views::audit::local_time_vi(&k.created_at)) }
                                td { span.status.met[k.state == "active"].not-met[k.state != "active"] { (k.state_vi) } }
                                td {
                                    @if k.state == "active" {
                                        form method="post" action={"/account/tokens/" (k.id) "/revoke"} {
                                            (csrf_field(session))
                                            input type="hidden" name="back" value=(back);
                                            button.secondary type="submit" { "Thu hồi" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn render(session: &Session, keys: &[ApiKeyView], shown: &Shown<'_>) -> Markup {
    let body = html! {
        (notice(shown.message))
        h1 { "Tài khoản" }
        dl.facts {
            dt { "Tên đăng nhập" } dd { (session.user.username) }
            dt { "Họ tên" } dd { (session.user.display_name) }
            dt { "Vai trò" } dd { (session.user.role.name_vi()) }
        }
        h2 { "Đổi mật khẩu" }
        p.muted { "Khi đổi mật khẩu, mọi phiên đăng nhập khác của tài khoản (trên máy khác, trình duyệt khác) kết thúc." }
        @if let Some(e) = shown.password_error { p.errors role="alert" { (e) } }
        form method="post" action="/account/password" {
            (csrf_field(session))
            div.toolbar {
                div { label for="current" { "Mật khẩu hiện tại" } input id="current" name="current" type="password" autocomplete="current-password" required; }
                div { label for="password" { "Mật khẩu mới (ít nhất " (MIN_PASSWORD) " ký tự)" } input id="password" name="password" type="password" autocomplete="new-password" minlength=(MIN_PASSWORD) required; }
                button type="submit" { "Đổi mật khẩu" }
            }
        }
        h2 { "Khoá API cho kịch bản" }
        p.muted { "Kịch bản gửi khoá trong tiêu đề " code { "Authorization: Bearer <khoá>" } " tới " a href="/api/v1/openapi.json" { "/api/v1" } ". Khoá có quyền như tài khoản này, hết hạn sau thời hạn đã chọn và có thể thu hồi bất cứ lúc nào." }
        @if let Some(new) = shown.new_key {
            div.warning role="status" {
                p { "Khoá mới \"" (new.key.name) "\", " (new.key.state_vi) " (chỉ hiện một lần, hãy lưu lại ngay):" }
                p { code id="new-token" { (new.token) } }
            }
        }
        (keys_table(session, keys, false))
        @if let Some(e) = shown.key_error { p.errors role="alert" { (e) } }
        form method="post" action="/account/tokens" {
            (csrf_field(session))
            div.toolbar {
                div { label for="name" { "Tên khoá (kịch bản dùng nó)" } input id="name" name="name" required value=(shown.key_name); }
                div {
                    label for="days" { "Thời hạn" }
                    select id="days" name="days" {
                        @for (days, label) in KEY_DAYS { option value=(days) selected[days == DEFAULT_KEY_DAYS] { (label) } }
                    }
                }
                button type="submit" { "Tạo khoá" }
            }
        }
    };
    page("Tài khoản", Some(session), body)
}

async fn own_keys(state: &AppState, session: &Session) -> Result<Vec<ApiKeyView>, PageError> {
    Ok(state
        .program
        .api_keys(&session.actor(), Some(&session.user.username))
        .await?)
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageError> {
    let message = match q.done.as_deref() {
        Some("password") => Some("Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc."),
        Some("revoked") => Some("Đã thu hồi khoá API; kịch bản dùng nó không truy cập được nữa."),
        _ => None,
    };
    let keys = own_keys(&state, &session).await?;
    let shown = Shown {
        message,
        ..Shown::default()
    };
    Ok(render(&session, &keys, &shown).into_response())
}

pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    match state
        .program
        .change_own_password(
            &session.actor(),
            &form.current,
            &form.password,
            Some(&session.token),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/account?done=password").into_response()),
        Err(e @ (AppError::Fields(_) | AppError::Invalid(_))) => {
            let message = e.to_string();
            let keys = own_keys(&state, &session).await?;
            let shown = Shown {
                password_error: Some(&message),
                ..Shown::default()
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&session, &keys, &shown)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let days = form.days.unwrap_or(DEFAULT_KEY_DAYS);
    match state
        .program
        .create_api_key(&session.actor(), &form.name, days)
        .await
    {
        Ok(new) => {
            let keys = own_keys(&state, &session).await?;
            let shown = Shown {
                message: Some("Đã tạo khoá API."),
                new_key: Some(&new),
                ..Shown::default()
            };
            Ok(render(&session, &keys, &shown).into_response())
        }
        Err(e @ AppError::Invalid(_)) => {
            let message = e.to_string();
            let keys = own_keys(&state, &session).await?;
            let shown = Shown {
                key_error: Some(&message),
                key_name: &form.name,
                ..Shown::default()
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&session, &keys, &shown)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RevokeForm {
    /// The page to come back to (the users page for administrators).
    #[serde(default)]
    pub back: Option<String>,
}

pub async fn revoke_token(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, PageError> {
    state.program.revoke_api_key(&session.actor(), id).await?;
    let back = match form.back.as_deref() {
        Some("/users") => "/users?done=revoked",
        _ => "/account?done=revoked",
    };
    Ok(Redirect::to(back).into_response())
}
