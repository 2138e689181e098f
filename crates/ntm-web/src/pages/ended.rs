//! The page of a unit asked for in a period after it ended (a district
//! abolished on 1/7/2025, a commune merged): what happened, and links to the
//! province, to the units that took its area and to its own last period.

use maud::{Markup, html};
use ntm_app::units::successors::EndedUnit;

use crate::pages::layout::page;
use crate::pages::parts::unit_or_overview_href;
use crate::session::Session;

pub fn ended_page(session: &Session, e: &EndedUnit) -> Markup {
    let title = format!("{} không còn trong {}", e.unit.full_name, e.period_label);
    page(
        &title,
        Some(session),
        html! {
            h1 { (e.unit.full_name) }
            p.notice role="status" { (e.summary) }
            dl.facts {
                dt { "Cấp" } dd { (e.kind_name) }
                dt { "Ngày cuối còn hoạt động" } dd { (e.last_day) }
                dt { "Kỳ đang xem" } dd { (e.period_label) }
            }
            ul {
                li { a href=(unit_or_overview_href(&e.unit.code, e.unit.kind, e.last_period)) {
                    "Xem số liệu của " (e.unit.full_name) " " (e.last_period.label_vi()) } }
                @if let Some(p) = e.province.as_ref().filter(|p| e.may_open.contains(&p.code)) {
                    li { a href=(unit_or_overview_href(&p.code, p.kind, e.period)) { "Xem " (p.full_name) " " (e.period_label) } }
                }
            }
            @if !e.successors.is_empty() {
                h2 { "Các đơn vị hiện nay trên địa bàn" }
                ul.columns {
                    @for s in &e.successors {
                        li {
                            @if e.may_open.contains(&s.code) {
                                a href=(unit_or_overview_href(&s.code, s.kind, e.period)) { (s.full_name) }
                            } @else {
                                (s.full_name)
                            }
                            " (mã " (s.code) ")"
                        }
                    }
                }
            }
        },
    )
}
