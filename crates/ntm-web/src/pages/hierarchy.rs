//! The unit hierarchy in a period: a unit's children, recognition decisions
//! under it, and the merges and splits that concern it.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use crate::extract::Query;
use crate::pages::layout::page;
use crate::pages::parts::{period_of, period_picker, unit_or_overview_href};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct HierarchyQuery {
    pub code: Option<String>,
    pub period: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<HierarchyQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let code = q.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let period = match code {
        Some(c) => crate::pages::parts::period_of_unit(program, q.period.as_deref(), c).await?,
        None => period_of(program, q.period.as_deref()).await?,
    };
    let view = program.hierarchy_view(&session.actor(), code, period).await?;
    let picker = period_picker(program, "/hierarchy", period).await?;
    let title = match &view.unit {
        Some(u) => format!("Đơn vị thuộc {}", u.full_name),
        None => "Đơn vị hành chính".to_string(),
    };
    let body = html! {
        h1 { (title) }
        @if let Some(u) = &view.unit {
            p.path { (view.path) " · " (view.period_label) " · "
                a href=(unit_or_overview_href(&u.code, u.kind, period)) { "Xem số liệu" }
                @if let Some(p) = &view.parent { " · " a href={"/hierarchy?code=" (p.code) "&period=" (period.code())} { "Lên " (p.full_name) } } }
        }
        form.toolbar method="get" action="/hierarchy" {
            div { label for="code" { "Mã đơn vị" } input id="code" name="code" value=(code.unwrap_or("")) inputmode="numeric" size="8"; }
            input type="hidden" name="period" value=(period.code());
            button.secondary type="submit" { "Mở" }
        }
        (picker)
        div.table-wrap {
            table.sortable {
                thead { tr { th { "Mã" } th { "Tên" } th { "Cấp" } th { "Phân loại" } th { "Hiệu lực" } th.num { "Trực thuộc" } th { "Công nhận" } } }
                tbody {
                    @for c in &view.children {
                        tr {
                            td { (c.unit.code) }
                            td { a href=(unit_or_overview_href(&c.unit.code, c.unit.kind, period)) { (c.unit.full_name) } }
                            td { (c.kind_name) }
                            td { (c.flags.join(", ")) }
                            td { (c.validity) }
                            td.num data-sort=(c.children) {
                                @if c.children > 0 { a href={"/hierarchy?code=" (c.unit.code) "&period=" (period.code())} { (c.children) " đơn vị" } }
                            }
                            td { (c.recognized.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
        @if !view.recognitions.is_empty() {
            h2 { "Quyết định công nhận" }
            div.table-wrap {
                table {
                    thead { tr { th { "Đơn vị" } th { "Mức" } th { "Quyết định" } th { "Ngày" } th { "Theo bộ tiêu chí" } } }
                    tbody {
                        @for (u, r) in &view.recognitions {
                            tr { td { (u.full_name) } td { (r.tier) } td { (r.decision) } td { (r.decided_on) } td { (r.judged_under.as_deref().unwrap_or("")) } }
                        }
                    }
                }
            }
        }
        @if !view.successions.is_empty() {
            h2 { "Sáp nhập, chia tách" }
            div.table-wrap {
                table.sortable {
                    thead { tr { th { "Ngày" } th { "Đơn vị cũ" } th { "Hình thức" } th { "Đơn vị mới" } } }
                    tbody {
                        @for s in &view.successions {
                            tr { td { (s.date) } td { (s.predecessor.full_name) " (" (s.predecessor.code) ")" } td { (s.kind) } td { (s.successor.full_name) " (" (s.successor.code) ")" } }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&title, Some(&session), body).into_response())
}
