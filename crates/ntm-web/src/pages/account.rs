//! The user's own account: who they are, their password, API keys for scripts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::accounts::MIN_PASSWORD;
use serde::Deserialize;

use crate::extract::{Form, Query};
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
}

fn render(session: &Session, message: Option<&str>, error: Option<&str>, token: Option<&str>) -> Markup {
    let body = html! {
        (notice(message))
        h1 { "Tài khoản" }
        dl.facts {
            dt { "Tên đăng nhập" } dd { (session.user.username) }
            dt { "Họ tên" } dd { (session.user.display_name) }
            dt { "Vai trò" } dd { (session.user.role.name_vi()) }
        }
        h2 { "Đổi mật khẩu" }
        @if let Some(e) = error { p.errors role="alert" { (e) } }
        form method="post" action="/account/password" {
            (csrf_field(session))
            div.toolbar {
                div { label for="current" { "Mật khẩu hiện tại" } input id="current" name="current" type="password" autocomplete="current-password" required; }
                div { label for="password" { "Mật khẩu mới (ít nhất " (MIN_PASSWORD) " ký tự)" } input id="password" name="password" type="password" autocomplete="new-password" minlength=(MIN_PASSWORD) required; }
                button type="submit" { "Đổi mật khẩu" }
            }
        }
        h2 { "Khoá API cho kịch bản" }
        p.muted { "Kịch bản gửi khoá trong tiêu đề " code { "Authorization: Bearer <khoá>" } " tới " a href="/api/v1/openapi.json" { "/api/v1" } ". Khoá có quyền như tài khoản này." }
        @if let Some(t) = token {
            div.warning role="status" {
                p { "Khoá mới (chỉ hiện một lần, hãy lưu lại ngay):" }
                p { code id="new-token" { (t) } }
            }
        }
        form method="post" action="/account/tokens" {
            (csrf_field(session))
            div.toolbar {
                div { label for="name" { "Tên khoá (kịch bản dùng nó)" } input id="name" name="name" required; }
                button type="submit" { "Tạo khoá" }
            }
        }
    };
    page("Tài khoản", Some(session), body)
}

pub async fn show(session: Session, Query(q): Query<AccountQuery>) -> Response {
    let message = match q.done.as_deref() {
        Some("password") => Some("Đã đổi mật khẩu."),
        _ => None,
    };
    render(&session, message, None, None).into_response()
}

pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    match state
        .program
        .change_own_password(&session.actor(), &form.current, &form.password)
        .await
    {
        Ok(()) => Ok(Redirect::to("/account?done=password").into_response()),
        Err(e @ (AppError::Fields(_) | AppError::Invalid(_))) => {
            let message = e.to_string();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&session, None, Some(&message), None),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let token = state
        .program
        .create_api_token(&session.actor(), &form.name)
        .await?;
    Ok(render(&session, Some("Đã tạo khoá API."), None, Some(&token)).into_response())
}
