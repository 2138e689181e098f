//! A year's allocation and disbursement by source, commune and criterion,
//! as the money service sums them (a project serving several communes or
//! criteria counts in each).

use maud::{Markup, html};
use ntm_app::money::MoneySummary;
use ntm_app::money::summary::MoneyLine;

use crate::pages::money::or_no_data;
use crate::pages::page_exports::money_links as export_links;

/// A breakdown, `key` naming it in `/money/{code}/export?table=`.
fn lines_table(
    m: &MoneySummary,
    (id, key): (&str, &str),
    heading: &str,
    first: &str,
    lines: &[MoneyLine],
) -> Markup {
    html! {
        h3 id=(id) { (heading) }
        @if lines.is_empty() {
            p.muted { "Chưa có số liệu." }
        } @else {
            div.table-wrap { table.sortable {
                thead { tr { th { (first) } th.num { "Giao (triệu đồng)" } th.num { "Chuyển nguồn" } th.num { "Giải ngân" } th.num { "Tỷ lệ" } } }
                tbody { @for l in lines { tr {
                    td { (l.label) }
                    td.num { (l.allocated) }
                    td.num { (l.carried_in) }
                    td.num { (or_no_data(&l.disbursed)) }
                    td.num { (l.percent.as_deref().map(|x| format!("{x}%")).unwrap_or_default()) }
                } } }
            } }
            (export_links(m, key, &format!("bảng {}", heading.to_lowercase())))
        }
    }
}

/// The three breakdowns of a year with projects.
pub fn breakdowns(m: &MoneySummary) -> Markup {
    html! {
        (lines_table(m, ("theo-nguon", "by_source"), "Giao vốn và giải ngân theo nguồn", "Nguồn", &m.by_source))
        (lines_table(m, ("theo-xa", "by_commune"), "Giao vốn và giải ngân theo xã", "Xã", &m.by_commune))
        p.explain { "Dự án phục vụ nhiều xã hoặc nhiều tiêu chí được tính ở mỗi xã, mỗi tiêu chí; vì vậy tổng các dòng có thể lớn hơn tổng chung." }
        (lines_table(m, ("theo-tieu-chi", "by_criterion"), "Giao vốn và giải ngân theo tiêu chí", "Tiêu chí", &m.by_criterion))
    }
}
