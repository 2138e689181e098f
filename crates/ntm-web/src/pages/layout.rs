//! The frame of every page: header with the user's navigation, skip link,
//! main content, footer. Vietnamese, readable at phone width, usable with
//! the keyboard; styles and scripts come from this server only.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use ntm_app::accounts::access::Role;

use crate::session::Session;

/// The stylesheet's and script's addresses carry the build's version, so a
/// browser never keeps an old copy after an upgrade.
pub const CSS_PATH: &str = concat!("/static/app.css?v=", env!("CARGO_PKG_VERSION"));
pub const JS_PATH: &str = concat!("/static/app.js?v=", env!("CARGO_PKG_VERSION"));

/// A page in the frame.
pub fn page(title: &str, session: Option<&Session>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · ntm" }
                link rel="stylesheet" href=(CSS_PATH);
                script src=(JS_PATH) defer {}
            }
            body {
                a.skip href="#noi-dung" { "Bỏ qua phần đầu trang" }
                header.site {
                    a.brand href="/" { "ntm" span.brand-sub { " · Nông thôn mới" } }
                    @if let Some(s) = session {
                        (navigation(s))
                    }
                }
                main id="noi-dung" tabindex="-1" { (body) }
                footer.site {
                    p { "ntm — theo dõi, đánh giá Chương trình MTQG xây dựng nông thôn mới. "
                        "Số liệu được tính lại từ dữ liệu gốc mỗi lần xem." }
                }
            }
        }
    }
}

fn navigation(session: &Session) -> Markup {
    let admin = session.user.role == Role::Administrator;
    html! {
        nav aria-label="Điều hướng chính" {
            ul {
                li { a href="/" { "Tổng quan" } }
                li { a href="/hierarchy" { "Đơn vị hành chính" } }
                li { a href="/map" { "Bản đồ" } }
                li { a href="/criteria" { "Bộ tiêu chí" } }
                @if ntm_app::accounts::access::can_enter_data(&session.actor()) {
                    li { a href="/import" { "Nhập từ tệp" } }
                }
                @if admin {
                    li { a href="/users" { "Người dùng" } }
                    li { a href="/audit" { "Nhật ký thay đổi" } }
                }
                li { a href="/account" { "Tài khoản" } }
            }
            (crate::pages::search::search_form(""))
            div.who {
                span { (session.user.display_name) " · " (session.user.role.name_vi()) }
                form method="post" action="/logout" {
                    input type="hidden" name="csrf" value=(session.csrf);
                    button.link type="submit" { "Đăng xuất" }
                }
            }
        }
    }
}

/// An error page (with the menu when `session` is given), and what the
/// user typed into the refused form, so that nothing is lost.
pub fn error_page_for(
    session: Option<&Session>,
    status: StatusCode,
    title: &str,
    detail: &str,
    typed: &[(String, String)],
) -> Markup {
    page(
        title,
        session,
        html! {
            h1 { (title) }
            p.error-detail role="alert" { (detail) }
            @if !typed.is_empty() {
                section aria-labelledby="da-nhap" {
                    h2 id="da-nhap" { "Những gì bạn đã nhập (chưa được lưu)" }
                    p.muted { "Hãy quay lại trang trước (nút Quay lại của trình duyệt giữ các ô đã nhập), sửa theo lý do trên rồi gửi lại." }
                    dl.facts {
                        @for (field, value) in typed { dt { (crate::pages::field_labels::field_label(field)) } dd { (value) } }
                    }
                }
            }
            p.muted { "Mã lỗi HTTP " (status.as_u16()) "." }
            p { a href="/" { "Về trang tổng quan" } }
        },
    )
}

/// An error page without the menu.
pub fn error_page(status: StatusCode, title: &str, detail: &str) -> Markup {
    error_page_for(None, status, title, detail, &[])
}

/// What an error page says, kept on its response so that the pages' error
/// frame can show it again inside the layout with the user's menu.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub title: String,
    pub detail: String,
}

/// An error page as a response.
pub fn error_response(status: StatusCode, title: &str, detail: &str) -> Response {
    let mut response = (status, error_page(status, title, detail)).into_response();
    response.extensions_mut().insert(ErrorPage {
        title: title.to_string(),
        detail: detail.to_string(),
    });
    response
}

/// The hidden CSRF field of a form.
pub fn csrf_field(session: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf); }
}

/// A notice shown after an action ("Đã lưu ...").
pub fn notice(message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message {
            p.notice role="status" { (m) }
        }
    }
}
