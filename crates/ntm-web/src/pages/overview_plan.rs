//! The plan on the overview (which year's, `Program::overview_plan` decides),
//! in a few lines (how many targets stand how, and those at risk or missed), with
//! the whole table on the plan page.

use maud::{Markup, html};
use ntm_app::plans::PlanStatus;
use ntm_core::plan::TargetStatus;

/// How many of the targets at risk or missed are named before "…".
const NAMED: usize = 5;

pub fn summary(plan: &PlanStatus, code: &str) -> Markup {
    let behind: Vec<_> = plan
        .targets
        .iter()
        .filter(|t| matches!(t.status, TargetStatus::AtRisk | TargetStatus::Missed))
        .collect();
    let no_data = plan
        .targets
        .iter()
        .filter(|t| t.status == TargetStatus::NoData)
        .count();
    html! {
        section aria-labelledby="ke-hoach" {
            h2 id="ke-hoach" { "Kế hoạch năm " (plan.year) " so với thực hiện" }
            p { (plan.targets.len()) " chỉ tiêu, theo số liệu " (plan.as_of_label) ": "
                strong { (plan.met) } " đã đạt, " strong { (plan.on_track) } " đúng tiến độ, "
                strong { (plan.at_risk) } " có nguy cơ không đạt, " strong { (plan.missed) } " không đạt"
                @if no_data > 0 { ", " (no_data) " chưa có số liệu" } "." }
            @if !behind.is_empty() {
                ul.plan-behind {
                    @for t in behind.iter().take(NAMED) {
                        li { (t.label) " (" (t.span) "): mục tiêu " (t.target) ", thực hiện " (t.actual.as_deref().unwrap_or(ntm_core::evaluation::NO_DATA)) " — "
                            span class={"status " (crate::pages::plans::status_class(t.status))} { (t.status_name) } }
                    }
                    @if behind.len() > NAMED { li.muted { "và " (behind.len() - NAMED) " chỉ tiêu khác." } }
                }
            }
            p { a href={"/plans/" (code) "?year=" (plan.year)} { "Bảng kế hoạch đầy đủ, lý do và đăng ký của các xã" } }
        }
    }
}
