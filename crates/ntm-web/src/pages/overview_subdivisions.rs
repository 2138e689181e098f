//! The overview of a province or of the country read by subdivision: one
//! row per district (or province) with its figures and a way down to its
//! own overview; and, past a size no page can show, the commune matrix
//! offered as a download instead of drawn.

use maud::{Markup, html};
use ntm_core::aggregate::Stats;
use ntm_core::evaluation::NO_DATA;
use ntm_core::period::Period;
use ntm_reports::page_tables::subdivision_word;

use crate::pages::overview_export::links;
use crate::pages::parts::{count_vi, unit_or_overview_href};

/// Past this many communes the matrix is downloaded, not drawn: a row per
/// commune of a large province or of the country makes pages of megabytes.
pub const MATRIX_MAX_ROWS: usize = 250;

/// Whether the page draws the commune × criterion matrix: always for a unit
/// whose communes are its direct subdivisions (there is no way down to
/// offer instead).
pub fn draws_matrix(stats: &Stats) -> bool {
    stats.per_commune.len() <= MATRIX_MAX_ROWS || stats.per_subdivision.is_empty()
}

/// The figures by subdivision, each row linking to the subdivision's overview.
pub fn table(stats: &Stats, period: Period) -> Markup {
    let word = subdivision_word(stats);
    html! {
        section aria-labelledby="theo-don-vi" {
            h2 id="theo-don-vi" { "Kết quả theo từng " (word.to_lowercase()) }
            p.muted { "Bấm tên " (word.to_lowercase()) " để xem các xã của " (word.to_lowercase()) " đó. Các cột tiêu chí: số xã đạt, trong số xã đánh giá được." }
            (links(&stats.unit.code, period, "subdivisions", &format!("bảng kết quả theo từng {}", word.to_lowercase())))
            div.table-wrap {
                table.sortable {
                    thead {
                        tr {
                            th.unit scope="col" { (word) }
                            th.num scope="col" { "Số xã" }
                            th.num scope="col" title="Xã có số liệu quyết định được ít nhất một tiêu chí" { "Đánh giá được" }
                            th.num scope="col" { "Bình quân TC/xã" }
                            th.num scope="col" { "Đạt đủ TC" }
                            @for c in &stats.per_criterion { th.num scope="col" title=(format!("Số xã đạt tiêu chí {} {}", c.criterion, c.name)) { (c.criterion) } }
                        }
                    }
                    tbody {
                        @for s in &stats.per_subdivision {
                            tr {
                                th.unit scope="row" { a href=(unit_or_overview_href(&s.unit.code, s.unit.kind, period)) { (s.unit.full_name) } }
                                td.num data-sort=(s.communes) { (count_vi(s.communes as usize)) }
                                td.num data-sort=(s.communes_judged) { (count_vi(s.communes_judged as usize)) }
                                @match &s.average_criteria_text {
                                    Some(text) => td.num data-sort=(text.replace(',', ".")) {
                                        (text)
                                        @if s.marked > 0 { sup.mark title=(format!("{} xã có dùng số liệu ước tính, điền bổ sung hoặc suy ra", s.marked)) { "*" } }
                                    },
                                    None => td.num data-sort="-1" { span.muted { (NO_DATA) } },
                                }
                                td.num data-sort=(s.all_criteria_met) { (count_vi(s.all_criteria_met as usize)) }
                                @for n in &s.per_criterion_met { td.num { (count_vi(*n as usize)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// In place of a matrix too long for a page: what it holds, where to read
/// it, and its download.
pub fn matrix_downloaded(stats: &Stats, period: Period) -> Markup {
    let word = subdivision_word(stats).to_lowercase();
    html! {
        section aria-labelledby="ma-tran" {
            h2 id="ma-tran" { "Bảng xã × tiêu chí" }
            p { "Bảng có " (count_vi(stats.per_commune.len())) " xã, quá dài để xem trên một trang: xem các xã của từng "
                (word) " (bấm tên " (word) " ở bảng trên), hoặc tải cả bảng về." }
            (links(&stats.unit.code, period, "matrix", "bảng xã × tiêu chí"))
        }
    }
}
