//! Users and roles (administrators): the list, a new user, locking and
//! unlocking, setting a password.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::AppError;
use ntm_app::accounts::access::Role;
use ntm_app::accounts::{MIN_PASSWORD, NewUserInput};
use serde::Deserialize;

use crate::extract::{Form, Path, Query};
use crate::pages::layout::{csrf_field, notice, page};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct UsersQuery {
    pub done: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewUserForm {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub agency: String,
}

#[derive(Debug, Deserialize)]
pub struct DisabledForm {
    pub disabled: String,
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    pub password: String,
}

async fn render(
    state: &AppState,
    session: &Session,
    message: Option<&str>,
    error: Option<&str>,
    input: &NewUserForm,
) -> Result<Markup, PageError> {
    let users = state.program.users(&session.actor()).await?;
    let keys = state.program.api_keys(&session.actor(), None).await?;
    let body = html! {
        (notice(message))
        h1 { "Người dùng" }
        div.table-wrap {
            table.sortable {
                thead { tr { th { "Tên đăng nhập" } th { "Họ tên, đơn vị" } th { "Vai trò" } th { "Phạm vi" } th { "Trạng thái" } th { "Thao tác" } } }
                tbody {
                    @for u in &users {
                        tr {
                            td { (u.username) }
                            td { (u.display_name) }
                            td { (u.role_name) }
                            td { (u.agency.as_deref().or(u.unit.as_deref()).unwrap_or("toàn hệ thống")) }
                            td { @if u.disabled { span.status.not-met { "đã khoá" } } @else { span.status.met { "hoạt động" } } }
                            td {
                                form method="post" action={"/users/" (u.username) "/disabled"} {
                                    (csrf_field(session))
                                    input type="hidden" name="disabled" value=(if u.disabled { "false" } else { "true" });
                                    button.secondary type="submit" { @if u.disabled { "Mở khoá" } @else { "Khoá" } }
                                }
                                @if u.username == session.user.username {
                                    p.muted { "Mật khẩu của bạn: đổi ở " a href="/account" { "trang Tài khoản" } " (cần mật khẩu hiện tại)." }
                                } @else {
                                    form method="post" action={"/users/" (u.username) "/password"} {
                                        (csrf_field(session))
                                        label for={"pw-" (u.id)} { "Mật khẩu mới" }
                                        " "
                                        input id={"pw-" (u.id)} name="password" type="password" autocomplete="new-password" minlength=(MIN_PASSWORD) required;
                                        " "
                                        button.secondary type="submit" { "Đặt lại" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Khoá API của mọi người dùng" }
        (crate::pages::account::keys_table(session, &keys, true))
        h2 { "Thêm người dùng" }
        @if let Some(e) = error { p.errors role="alert" { (e) } }
        form method="post" action="/users" {
            (csrf_field(session))
            div.toolbar {
                div { label for="username" { "Tên đăng nhập" } input id="username" name="username" required value=(input.username) autocomplete="off"; }
                div { label for="display_name" { "Họ tên hoặc cơ quan" } input id="display_name" name="display_name" required value=(input.display_name); }
                div { label for="password" { "Mật khẩu (ít nhất " (MIN_PASSWORD) " ký tự)" } input id="password" name="password" type="password" required autocomplete="new-password"; }
                div {
                    label for="role" { "Vai trò" }
                    select id="role" name="role" {
                        @for r in Role::ALL { option value=(r.key()) selected[input.role == r.key()] { (r.name_vi()) } }
                    }
                }
                div { label for="unit" { "Mã đơn vị (xã, huyện, tỉnh)" } input id="unit" name="unit" value=(input.unit) inputmode="numeric" size="8"; }
                div { label for="agency" { "Mã cơ quan (vai trò cơ quan)" } input id="agency" name="agency" value=(input.agency) size="12"; }
                button type="submit" { "Thêm" }
            }
        }
    };
    Ok(page("Người dùng", Some(session), body))
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<UsersQuery>,
) -> Result<Response, PageError> {
    let message = match q.done.as_deref() {
        Some("created") => Some("Đã thêm người dùng."),
        Some("disabled") => Some("Đã khoá người dùng; các phiên đăng nhập của họ đã kết thúc."),
        Some("enabled") => Some("Đã mở khoá người dùng."),
        Some("password") => Some("Đã đặt mật khẩu mới; các phiên đăng nhập của người đó đã kết thúc."),
        Some("revoked") => Some("Đã thu hồi khoá API."),
        _ => None,
    };
    Ok(render(&state, &session, message, None, &NewUserForm::default())
        .await?
        .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<NewUserForm>,
) -> Result<Response, PageError> {
    let input = NewUserInput {
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        role: form.role.clone(),
        unit_code: Some(form.unit.clone()),
        agency_code: Some(form.agency.clone()),
    };
    match state.program.create_user(&session.actor(), input).await {
        Ok(_) => Ok(Redirect::to("/users?done=created").into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::NotFound(_))) => {
            let message = e.to_string();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&state, &session, None, Some(&message), &form).await?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn set_disabled(
    State(state): State<AppState>,
    session: Session,
    Path(username): Path<String>,
    Form(form): Form<DisabledForm>,
) -> Result<Response, PageError> {
    let disabled = form.disabled == "true";
    state
        .program
        .set_disabled(&session.actor(), &username, disabled)
        .await?;
    Ok(Redirect::to(if disabled {
        "/users?done=disabled"
    } else {
        "/users?done=enabled"
    })
    .into_response())
}

pub async fn set_password(
    State(state): State<AppState>,
    session: Session,
    Path(username): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    state
        .program
        .set_password(&session.actor(), &username, &form.password)
        .await?;
    Ok(Redirect::to("/users?done=password").into_response())
}
