//! The audit trail: of one unit (and optionally one indicator), or of
//! everything (administrators). Rows are read only; nothing edits them.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use ntm_app::views::audit::{AuditFilter, AuditPage};
use serde::Deserialize;

use crate::extract::{Path, Query};
use crate::pages::layout::page;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    pub period: Option<String>,
    pub subject: Option<String>,
    #[serde(default)]
    pub page: u32,
}

fn table(trail: &AuditPage) -> Markup {
    html! {
        @if trail.entries.is_empty() {
            p.muted { "Không có thay đổi nào." }
        } @else {
            div.table-wrap {
                table {
                    thead { tr { th { "Lúc" } th { "Người sửa" } th { "Qua" } th { "Loại" } th { "Đơn vị, kỳ" } th { "Nội dung" } th { "Giá trị cũ" } th { "Giá trị mới" } } }
                    tbody {
                        @for e in &trail.entries {
                            tr {
                                td { (e.at_text) }
                                td { (e.actor) }
                                td { (e.source_name) }
                                td { (e.entity_name) }
                                td { (e.unit.as_deref().unwrap_or("")) @if let Some(p) = &e.period { " · " (p) } }
                                td { (e.subject_label) }
                                td { (e.old.as_deref().unwrap_or("—")) }
                                td { (e.new.as_deref().unwrap_or("(đã xoá)")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn pager(trail: &AuditPage, base: &str) -> Markup {
    let join = if base.contains('?') { '&' } else { '?' };
    html! {
        p.toolbar {
            @if trail.page > 0 { a.button.secondary href={(base) (join) "page=" (trail.page - 1)} { "← Mới hơn" } }
            @if trail.more { a.button.secondary href={(base) (join) "page=" (trail.page + 1)} { "Cũ hơn →" } }
        }
    }
}

pub async fn unit_trail(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(
            p.parse()
                .map_err(|e: ntm_core::period::PeriodError| ntm_app::AppError::BadRequest(e.to_string()))?,
        ),
        None => None,
    };
    let subject = q.subject.clone().filter(|s| !s.trim().is_empty());
    let filter = AuditFilter {
        unit: Some(code.clone()),
        period,
        subject: subject.clone(),
        entity: None,
        page: q.page,
    };
    let trail = program.audit_trail(&session.actor(), filter).await?;
    let mut base = format!("/units/{code}/audit?");
    if let Some(p) = period {
        base.push_str(&format!("period={}&", p.code()));
    }
    if let Some(s) = &subject {
        base.push_str(&serde_urlencoded::to_string([("subject", s)]).unwrap_or_default());
    }
    let base = base.trim_end_matches(['&', '?']).to_string();
    let body = html! {
        h1 { "Nhật ký thay đổi — đơn vị " (code) }
        form.toolbar method="get" action={"/units/" (code) "/audit"} {
            div { label for="period" { "Kỳ (để trống: mọi kỳ)" } input id="period" name="period" value=(period.map(|p| p.code()).unwrap_or_default()) size="8"; }
            div { label for="subject" { "Chỉ tiêu hoặc tiêu chí" } input id="subject" name="subject" value=(subject.clone().unwrap_or_default()) size="6"; }
            button.secondary type="submit" { "Lọc" }
        }
        p { a href={"/units/" (code) @if let Some(p) = period { "?period=" (p.code()) }} { "Về trang đơn vị" } }
        (table(&trail))
        (pager(&trail, &base))
    };
    Ok(page(&format!("Nhật ký thay đổi {code}"), Some(&session), body).into_response())
}

pub async fn everything(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let filter = AuditFilter {
        page: q.page,
        ..AuditFilter::default()
    };
    let trail = state.program.audit_trail(&session.actor(), filter).await?;
    let body = html! {
        h1 { "Nhật ký thay đổi" }
        p.muted { "Mọi thay đổi về số liệu, đánh giá, đơn vị, quyết định công nhận, bộ tiêu chí, người dùng và minh chứng; không ai sửa hay xoá được nhật ký." }
        (table(&trail))
        (pager(&trail, "/audit"))
    };
    Ok(page("Nhật ký thay đổi", Some(&session), body).into_response())
}
