//! The money on the overview: the year's capital, allocation and
//! disbursement in a few lines, and the money behind the criteria newly
//! met, with the details on the money page.

use maud::{Markup, html};
use ntm_app::money::MoneySummary;
use ntm_core::period::Period;

use crate::pages::money::or_no_data;
use crate::pages::overview::long_names;
use crate::pages::overview_export::links;

/// The year's money, when the unit has any.
pub(crate) fn section(m: &MoneySummary, code: &str, period: Period) -> Markup {
    html! {
        @if !m.capital.is_empty() || !m.projects.is_empty() || !m.newly_met.is_empty() {
            section aria-labelledby="von" {
                h2 id="von" { "Vốn năm " (m.year) }
                @if let Some(c) = &m.coverage { p.coverage.warning[c.is_partial()] { (c.text) } }
                @for c in &m.capital { p { (c.heading) ": " strong { (c.total) } " triệu đồng."
                    @if let Some(short) = c.coverage.as_ref().and_then(|c| c.short.as_ref()) { " " span.muted.partial { (short) } } } }
                @if !m.projects.is_empty() {
                    p { "Vốn giao " strong { (m.allocated) } " triệu đồng; giải ngân " strong { (or_no_data(&m.disbursed)) } @if m.disbursed.is_some() { " triệu đồng" }
                        @if let (Some(p), Some(base)) = (&m.disbursed_percent, &m.allocated_disbursing) { ", đạt " (p) "% vốn giao của các dự án có số liệu giải ngân (" (base) " triệu đồng)" } ". "
                        @if let Some(short) = m.projects_coverage.as_ref().and_then(|c| c.short.as_ref()) { span.muted.partial { (short) " " } }
                        @if let Some(missing) = m.missing_disbursement() { span.muted { (missing) "." } }
                    }
                }
                @if !m.newly_met.is_empty() {
                    h3 { "Vốn theo tiêu chí mới đạt" }
                    (links(code, period, "money", "bảng vốn theo tiêu chí mới đạt"))
                    div.table-wrap { table {
                        thead { tr { th { "Tiêu chí" } th { "Xã mới đạt" } th.num { "Vốn giao cho các xã đó" } th.num { "Giải ngân" } } }
                        tbody { @for c in &m.newly_met { tr { td { (c.criterion) ". " (c.name) } td { (long_names(&c.communes)) } td.num { (or_no_data(&c.allocated)) } td.num { (or_no_data(&c.disbursed)) } } } }
                    } }
                }
                p { a href={"/money/" (code) "?year=" (m.year)} { "Chi tiết vốn, dự án, đóng góp" } }
            }
        }
    }
}
