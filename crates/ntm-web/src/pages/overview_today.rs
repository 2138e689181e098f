//! An earlier period's overview under today's units: today's communes, each
//! with its values derived from the communes it was formed from, said so at
//! the top and unit by unit.

use axum::response::{IntoResponse, Response};
use maud::html;
use ntm_core::period::Period;

use crate::pages::layout::page;
use crate::pages::overview::{Exports, brackets, criterion_section, findings, key_figures, matrix};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

pub async fn show(
    state: &AppState,
    session: &Session,
    code: &str,
    period: Period,
) -> Result<Response, PageError> {
    let today = state.program.stats_today(&session.actor(), code, period).await?;
    let stats = &today.stats;
    let body = html! {
        h1 { (stats.unit.full_name) }
        p.path { (today.heading) " · Bộ tiêu chí: " (stats.criteria_set.label) " · "
            a href={"/overview/" (code) "?period=" (period.code())} { "Xem theo đơn vị hành chính của kỳ" } }
        p.warning { "Số liệu suy ra: các xã hiện nay chưa tồn tại trong kỳ này. Chỉ tiêu cộng được là tổng các xã cũ; "
            "kết quả đánh giá tiêu chí của nhiều xã cũ không cộng được nên xã mới ghi \"chưa có số liệu\" cho đến khi được đánh giá lại; "
            "xã mới chỉ từ một xã cũ mang kết quả của xã đó." }
        (key_figures(stats))
        (criterion_section(stats, period, Exports::No))
        (matrix(stats, period, Exports::No))
        (brackets(stats))
        section aria-labelledby="suy-ra" {
            h2 id="suy-ra" { "Xã hiện nay và các xã trước sắp xếp" }
            ul { @for (unit, parts) in &today.derived {
                li { (unit.full_name) " ← " (parts.iter().map(|p| p.full_name.as_str()).collect::<Vec<_>>().join(", ")) }
            } }
        }
        (findings(stats, period, Exports::No))
    };
    Ok(page(&today.heading, Some(session), body).into_response())
}
