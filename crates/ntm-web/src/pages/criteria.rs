//! The criteria sets: the list, and one set with its criteria, indicators,
//! thresholds by region and case, and owners.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use ntm_app::AppError;
use ntm_app::criteria_view::{set_summaries, set_view};

use crate::pages::layout::page;
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>, session: Session) -> Response {
    let sets = set_summaries(&state.program.catalog());
    let body = html! {
        h1 { "Bộ tiêu chí" }
        p.muted { "Mỗi bộ tiêu chí là dữ liệu (tệp TOML trong thư mục data/criteria), có phiên bản và thời gian hiệu lực." }
        div.table-wrap {
            table.sortable {
                thead { tr { th { "Mã" } th { "Tên" } th { "Cấp" } th { "Phạm vi" } th { "Hiệu lực" } th.num { "Tiêu chí" } th.num { "Chỉ tiêu" } th { "Ngưỡng" } } }
                tbody {
                    @for s in &sets {
                        tr {
                            td { a href={"/criteria/" (s.code)} { (s.code) } }
                            td { (s.name) br; span.muted { (s.document) } }
                            td { (s.level_name) }
                            td { (s.scope) }
                            td { (s.validity) }
                            td.num { (s.criteria) }
                            td.num { (s.indicators) }
                            td { (s.thresholds_confirmed) " đã xác nhận, " (s.thresholds_unconfirmed) " chưa xác nhận, " (s.thresholds_unknown) " chưa rõ" }
                        }
                    }
                }
            }
        }
    };
    page("Bộ tiêu chí", Some(&session), body).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let catalog = state.program.catalog();
    let set = catalog
        .set(&code)
        .ok_or_else(|| AppError::NotFound(format!("không có bộ tiêu chí \"{code}\"")))?;
    let v = set_view(set);
    let body = html! {
        h1 { (v.name) }
        dl.facts {
            dt { "Mã" } dd { (v.code) }
            dt { "Văn bản" } dd { (v.document) }
            dt { "Cấp" } dd { (v.level_name) }
            dt { "Phạm vi" } dd { (v.scope) }
            dt { "Hiệu lực" } dd { (v.validity) }
            dt { "Đạt chuẩn khi" } dd { (v.standard) }
            dt { "Nhóm báo cáo" } dd { (v.brackets.join("; ")) }
            @if let Some(base) = &v.extends { dt { "Kế thừa" } dd { a href={"/criteria/" (base)} { (base) } } }
            @for r in &v.region_rules { dt { "Quy tắc vùng" } dd { (r) } }
        }
        @if let Some(n) = &v.notes { p.muted { (n) } }
        @if !v.complete { p.warning { "Tệp chưa liệt kê đủ mọi chỉ tiêu của văn bản." } }
        @for c in &v.criteria {
            section.criterion id={"tc-" (c.code)} {
                h2 { "Tiêu chí " (c.code) ". " (c.name) }
                @if let Some(owner) = &c.owner { p.muted { "Phụ trách (mặc định): " (owner) } }
                @if !c.indicators_complete { p.warning { "Danh mục chỉ tiêu chưa đầy đủ: chỉ tiêu có thể cho biết tiêu chí chưa đạt, không đủ để kết luận đạt." } }
                div.table-wrap {
                    table {
                        thead { tr { th { "Chỉ tiêu" } th { "Loại" } th { "Ngưỡng theo vùng, trường hợp" } th { "Phụ trách" } } }
                        tbody {
                            @for i in &c.indicators {
                                tr id={"ct-" (i.code)} {
                                    td { (i.code) " " (i.name)
                                        @if i.optional { span.muted { " (nếu có)" } }
                                        @if !i.evidence.is_empty() { p.explain { "Minh chứng: " (i.evidence.join("; ")) } } }
                                    td { (i.kind_name) @if let Some(u) = &i.unit { ", " (u) }
                                        @if !i.levels.is_empty() { p.explain { "Các mức: " (i.levels.join(", ")) } } }
                                    td {
                                        @if i.thresholds.is_empty() { span.muted { "chưa có ngưỡng" } }
                                        ul {
                                            @for t in &i.thresholds {
                                                li { (t.when) ": " strong { (t.target) } " " span.muted { "(" (t.status) ")" } }
                                            }
                                        }
                                    }
                                    td { (i.owner.as_deref().or(c.owner.as_deref()).unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&v.name, Some(&session), body).into_response())
}
