//! What each commune lacks, and the pairs to work on first, with a form that
//! turns the chosen ones into next year's registrations.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use crate::extract::{Path, Query};
use crate::pages::layout::{csrf_field, notice, page};
use crate::pages::parts::{PeriodQuery, period_of_unit, period_picker, unit_href};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct GapsQuery {
    pub period: Option<String>,
    pub accepted: Option<usize>,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<GapsQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let report = program.gaps(&session.actor(), &code, period).await?;
    let picker = period_picker(program, &format!("/gaps/{code}"), period).await?;
    let next_year = period.calendar_year() + 1;
    let accepted = q
        .accepted
        .map(|n| format!("Đã đăng ký {n} tiêu chí cho năm {next_year}."));
    // Registering the chosen rows is for whoever may register for the unit.
    let may = program
        .unit_actions(&session.actor(), &code, period)
        .await?
        .act_for;
    let table = html! {
        div.table-wrap {
            table {
                thead { tr { @if may { th { "Chọn" } } th.num { "Thứ tự" } th { "Xã" } th { "Tiêu chí" } th { "Vì sao" } th { "Còn thiếu" } } }
                tbody {
                    @for (i, p) in report.priorities.iter().enumerate() {
                        tr {
                            @if may { td { input type="checkbox" name="pair" value={(p.unit_code) ":" (p.criterion)}
                                id={"p-" (i)} aria-label={"Chọn " (p.unit_name) ", tiêu chí " (p.criterion)}; } }
                            td.num { (i + 1) }
                            td { a href={(unit_href(&p.unit_code, period)) "#tc-" (p.criterion)} { (p.unit_name) } }
                            td { (p.criterion) ". " (p.criterion_name) }
                            td.explain { (p.reason) }
                            td { @for g in &p.gaps { div { (g.indicator) ": " (g.gap) } } }
                        }
                    }
                }
            }
        }
        (crate::pages::page_exports::gaps_links(&code, period, "priorities", "bảng thứ tự ưu tiên"))
    };
    let body = html! {
        (notice(accepted.as_deref()))
        h1 { "Còn thiếu và ưu tiên — " (report.unit.full_name) }
        p.path { (report.period_label) " · " a href={"/plans/" (code) "?year=" (next_year)} { "Kế hoạch năm " (next_year) } }
        (picker)
        h2 { "Thứ tự ưu tiên" }
        p.muted { "Làm trước những tiêu chí còn ít chỉ tiêu chưa đạt, gần đạt và ít tốn kém (báo cáo năm 2023 của huyện Phong Thổ). "
            @if may { "Chọn các dòng rồi bấm nút để đưa vào đăng ký năm " (next_year) "; sau đó có thể sửa ở trang kế hoạch." } }
        @if may {
            form method="post" action={"/gaps/" (code) "/accept?period=" (period.code())} {
                (csrf_field(&session))
                (table)
                @if !report.priorities.is_empty() {
                    div.sticky-actions { button type="submit" { "Đăng ký các dòng đã chọn cho năm " (next_year) } }
                }
            }
        } @else {
            (table)
        }
        h2 { "Từng xã" }
        @for u in &report.units {
            details.criterion {
                summary { (u.unit.full_name) " — đạt " (u.met) "/" (u.criteria_total)
                    @if !u.not_met.is_empty() { "; chưa đạt: " (u.not_met.join(", ")) } }
                @if u.gaps.is_empty() { p.muted { "Không có chỉ tiêu nào có số liệu mà chưa đạt." } }
                ul { @for g in &u.gaps { li { (g.indicator) " " (g.indicator_name) ": " strong { (g.gap) } } } }
            }
        }
        @if !report.unit_costs.is_empty() {
            h2 { "Đơn giá dùng để ước tính" }
            ul { @for c in &report.unit_costs { li { "Chỉ tiêu " (c.indicator) ": " (c.cost.to_vi_string()) " triệu đồng/đơn vị" @if let Some(n) = &c.note { " — " (n) } } } }
        }
    };
    Ok(page(
        &format!("Còn thiếu — {}", report.unit.full_name),
        Some(&session),
        body,
    )
    .into_response())
}

pub async fn accept(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
    crate::extract::Form(fields): crate::extract::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let pairs: Vec<String> = fields
        .into_iter()
        .filter(|(k, _)| k == "pair")
        .map(|(_, v)| v)
        .collect();
    let n = program
        .accept_proposals(&session.actor(), period, period.calendar_year() + 1, &pairs)
        .await?;
    Ok(Redirect::to(&format!("/gaps/{code}?period={}&accepted={n}", period.code())).into_response())
}
