//! The impact preview of a draft: the headline figures under the set in
//! force and under the draft, and every commune or village whose status would
//! change, criterion by criterion.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use ntm_app::AppError;
use ntm_app::criteria::preview::Headline;
use ntm_core::criteria::SetVersionRef;
use ntm_core::period::Period;

use super::edit_href;
use crate::extract::{Path, Query};
use crate::pages::layout::page;
use crate::pages::parts::{PeriodQuery, unit_href};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

fn headline_row(label: &str, h: &Headline) -> maud::Markup {
    html! {
        tr {
            th scope="row" { (label) br; span.muted { (h.set) } }
            td.num { (h.with_data) "/" (h.units) }
            td.num { (h.standard_met) }
            td.num { (h.average_text) }
            td { @for (b, n) in &h.brackets { (b) ": " (n) br; } }
        }
    }
}

pub async fn preview(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let r: SetVersionRef = name
        .parse()
        .map_err(|e: ntm_core::criteria::SetVersionRefError| AppError::NotFound(e.to_string()))?;
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p
            .parse()
            .map_err(|e: ntm_core::period::PeriodError| AppError::BadRequest(e.to_string()))?,
        None => Period::year(state.program.today().year()),
    };
    let v = state
        .program
        .preview_version(&session.actor(), &r.code, r.version, period)
        .await?;
    let body = html! {
        h1 { "Xem trước: " (v.name) }
        p.path { (v.version) " · " (v.period_label) " · theo đơn vị hành chính ngày " (v.reference_date) " · "
            a href=(edit_href(&r.code, r.version)) { "Về dự thảo" } }
        form.toolbar method="get" {
            div { label for="period" { "Kỳ số liệu" } input id="period" name="period" value=(period.code()) size="8"; }
            button.secondary type="submit" { "Xem" }
        }
        @if let Some(n) = &v.note { p.warning { (n) } }
        div.table-wrap {
            table {
                thead { tr { th { "" } th.num { "Xã có tiêu chí kết luận được / tổng số" } th.num { "Đạt chuẩn" } th.num { "Bình quân tiêu chí" } th { "Theo nhóm số tiêu chí" } } }
                tbody {
                    (headline_row("Đang áp dụng", &v.before))
                    (headline_row("Nếu ban hành", &v.after))
                }
            }
        }
        h2 id="thay-doi" { @if v.shifts.is_empty() { "Không đơn vị nào đổi kết quả" } @else { (v.shifts.len()) " đơn vị đổi kết quả" } " (trên " (v.units_compared) " đơn vị)" }
        @if !v.shifts.is_empty() {
            div.table-wrap {
                table.sortable {
                    thead { tr { th { "Đơn vị" } th { "Nhóm" } th.num { "Tiêu chí đạt" } th { "Thay đổi" } } }
                    tbody {
                        @for s in &v.shifts {
                            tr {
                                td { a href=(unit_href(&s.unit.code, period)) { (s.unit.full_name) } }
                                td { (s.group) }
                                td.num { (s.met_before) " → " (s.met_after) }
                                td { ul { @for c in &s.criteria { li { "Tiêu chí " (c.code) " " (c.name) ": " (c.before) " → " strong { (c.after) } } } } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&format!("Xem trước {}", v.version), Some(&session), body).into_response())
}
