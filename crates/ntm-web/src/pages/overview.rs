//! The overview of a district or province for a period: the figures every
//! report carries (DOMAIN §3), the commune × criterion matrix, charts, gains
//! and losses against a year earlier, and what looks wrong.

use ntm_core::evaluation::{NO_DATA, UNJUDGED};
use std::collections::HashSet;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_core::aggregate::Severity;
use ntm_core::aggregate::{Changes, Marks, Stats, count_note};
use ntm_core::period::Period;

use crate::extract::{Path, Query};
use crate::pages::charts::{Bar, columns, horizontal_bars};
use crate::pages::layout::page;
use crate::pages::overview_export::links;
use crate::pages::overview_subdivisions as subdivisions;
use crate::pages::parts::{
    PeriodQuery, count_vi, period_of_unit, period_picker, unit_href, unit_or_overview_href,
};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    if q.today.as_deref().is_some_and(|t| !t.is_empty()) {
        return crate::pages::overview_today::show(&state, &session, &code, period).await;
    }
    if let Some(ended) = program.ended_unit(&session.actor(), &code, period).await? {
        return Ok(crate::pages::ended::ended_page(&session, &ended).into_response());
    }
    let actor = session.actor();
    let snapshot = program.snapshot().await?;
    let unit = program.visible_unit(&actor, &snapshot, &code, period)?;
    if !unit.kind.is_aggregate() {
        return Ok(Redirect::to(&unit_href(&code, period)).into_response());
    }
    let stats = program
        .shared_stats(&actor, &code, period, q.set.as_deref())
        .await?;
    let picker = period_picker(program, &format!("/overview/{code}"), period).await?;
    let money = program
        .money_summary(&actor, &code, period.calendar_year())
        .await?;
    let plan = program.overview_plan(&actor, &code, period).await?;
    let title = format!("Tổng quan {} — {}", stats.unit.full_name, stats.period_label);
    let body = html! {
        h1 { (stats.unit.full_name) }
        p.path { "Kỳ báo cáo: " (stats.period_label) " (số liệu tính theo đơn vị hành chính ngày "
            (stats.reference_date) ") · Bộ tiêu chí: " a href={"/criteria/" (stats.criteria_set.code)} { (stats.criteria_set.label) } }
        (picker)
        (page_actions(&session, &code, period))
        @if period.end() < program.today() && stats.unit.kind == ntm_core::unit::UnitKind::Province {
            p { a href={"/overview/" (code) "?period=" (period.code()) "&today=1"} { "Xem " (stats.period_label) " theo đơn vị hành chính hiện nay" } }
        }
        (sections(&stats, plan.as_ref(), &money, &code, period))
    };
    Ok(page(&title, Some(&session), body).into_response())
}

/// The downloads and the unit's related pages; on a phone the buttons fold
/// away under one line (static/app.js).
fn page_actions(session: &Session, code: &str, period: Period) -> Markup {
    html! {
        details.page-actions open {
        summary { "Tải về, trang liên quan" }
        p.toolbar {
            a.button href={"/overview/" (code) "/appendix.xlsx?period=" (period.code())} { "Tải phụ biểu (Excel)" }
            a.button href={"/overview/" (code) "/report.docx?period=" (period.code())} { "Tải báo cáo (Word)" }
            a.button.secondary href={"/overview/" (code) "/checks.xlsx?period=" (period.code())} title="Các điểm cần xem lại trước khi ký; không gửi kèm báo cáo" { "Tải danh sách kiểm tra" }
            @if ntm_app::accounts::access::can_enter_data(&session.actor()) {
                a.button.secondary href={"/units/" (code) "/template.xlsx?period=" (period.code())} { "Mẫu nhập số liệu các xã" }
                a.button.secondary href="/import" { "Nhập từ tệp" }
            }
            a.button.secondary href={"/plans/" (code) "?year=" (period.calendar_year())} { "Kế hoạch" }
            a.button.secondary href={"/gaps/" (code) "?period=" (period.code())} { "Còn thiếu, ưu tiên" }
            a.button.secondary href={"/cycle/" (code) "?period=" (period.code())} { "Chu kỳ báo cáo" }
            a.button.secondary href={"/money/" (code) "?year=" (period.calendar_year())} { "Vốn" }
            a.button.secondary href={"/hierarchy?code=" (code) "&period=" (period.code())} { "Đơn vị trực thuộc, công nhận" }
            a.button.secondary href={"/map/" (code) "?period=" (period.code())} { "Bản đồ" }
        }
        }
    }
}

/// The overview's sections in the order an official reads them: the
/// headline, the figures by subdivision (a province, the country), the
/// matrix, what changed, what looks wrong; then the plan in a few lines, the
/// details.
fn sections(
    stats: &Stats,
    plan: Option<&ntm_app::plans::PlanStatus>,
    money: &ntm_app::money::MoneySummary,
    code: &str,
    period: Period,
) -> Markup {
    html! {
        (key_figures(stats))
        @if !stats.per_subdivision.is_empty() { (subdivisions::table(stats, period)) }
        @if subdivisions::draws_matrix(stats) {
            (matrix(stats, period, Exports::Yes))
        } @else {
            (subdivisions::matrix_downloaded(stats, period))
        }
        @if let Some(changes) = &stats.changes { (changes_section(changes, code, period)) }
        (findings(stats, period, Exports::Yes))
        @if let Some(plan) = plan { (crate::pages::overview_plan::summary(plan, code)) }
        (criterion_section(stats, period, Exports::Yes))
        (brackets(stats))
        (crate::pages::overview_money::section(money, code, period))
        (villages(stats))
        (quantities(stats, period))
    }
}

/// A mark after a figure resting on estimated or derived values, with the
/// footnote as its title.
fn mark(marks: &Marks, what: &str) -> Markup {
    html! {
        @if let Some(note) = marks.note(what) {
            sup.mark title=(note) { "*" }
        }
    }
}

pub(crate) fn key_figures(stats: &Stats) -> Markup {
    let all = &stats.all_criteria_met;
    let recognized = &stats.recognized;
    html! {
        section aria-labelledby="so-lieu-chinh" {
            h2 id="so-lieu-chinh" { "Số liệu chính" }
            p.coverage {
                "Số xã có số liệu: " strong { (stats.coverage_text) } "."
                @if !stats.without_data.is_empty() {
                    " Chưa có số liệu (không tính vào các số liệu tổng hợp): " (names(&stats.without_data)) "."
                }
                @if stats.communes_partial > 0 {
                    " " (stats.communes_partial) " xã mới có số liệu của một số tiêu chí."
                }
                @if let Some(text) = &stats.unjudged_text {
                    " " strong { (text) } ": " (names(&stats.unjudged)) "."
                }
            }
            div.cards {
                div.card { span.figure { (two(stats.communes_with_data)) "/" (two(stats.communes)) } span.label { "xã có số liệu" } }
                div.card {
                    span.figure { (two(recognized.count)) "/" (two(stats.communes)) }
                    span.label { "xã đã được công nhận đạt chuẩn nông thôn mới (có quyết định công nhận)" }
                }
                div.card {
                    span.figure { (judged_figure(stats, format!("{}/{}", two(all.count), two(stats.communes_judged)))) (mark(&all.marks, &stats.period_label)) }
                    span.label { "xã đạt đủ " (all.threshold) "/" (all.threshold) " tiêu chí (theo số liệu)" }
                }
                div.card {
                    span.figure { (stats.average_criteria_text.clone().unwrap_or_else(|| judged_figure(stats, String::new()))) (mark(&stats.marks, &stats.period_label)) }
                    span.label { "tiêu chí/xã bình quân (trên " (two(stats.communes_judged)) " xã đánh giá được)" }
                }
                div.card { span.figure { (judged_figure(stats, count_vi(stats.criteria_met_total as usize))) } span.label { "lượt tiêu chí đạt" } }
            }
            @if !recognized.decisions.is_empty() {
                p { "Xã đã được công nhận đạt chuẩn nông thôn mới: "
                    @for (i, d) in recognized.decisions.iter().enumerate() {
                        @if i > 0 { "; " } (long_names(&d.communes)) " (" (d.decision) ")"
                    } "." }
            }
            @if !recognized.short_of_all_criteria.is_empty() {
                p.warning { "Đã được công nhận đạt chuẩn nhưng theo số liệu " (stats.period_label) " chưa đạt đủ " (all.threshold) " tiêu chí: "
                    (long_names(&recognized.short_of_all_criteria)) "." }
            }
            @if !all.communes.is_empty() {
                p { "Xã đạt đủ " (all.threshold) "/" (all.threshold) " tiêu chí theo số liệu: " (long_names(&all.communes)) "." }
            }
            @if let Some(note) = stats.marks.note(&stats.period_label) {
                p.muted.footnote { "* " (note) "." }
            }
        }
    }
}

/// A count of criteria met when some commune decides a criterion; else why
/// there is none: "chưa có số liệu", or "chưa xác định" when communes have
/// values that no threshold judges. Never a 0 that is no figure.
fn judged_figure(stats: &Stats, figure: String) -> String {
    if stats.is_judged() {
        figure
    } else if stats.has_data() {
        UNJUDGED.into()
    } else {
        NO_DATA.into()
    }
}

/// "04", but "0": counts as reports write them.
fn two(n: u32) -> String {
    ntm_core::quantity::count_two(u64::from(n))
}

/// Whether a table gets its export links (not on a derived view, whose
/// figures the export would not reproduce).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exports {
    Yes,
    No,
}

fn export_links(stats: &Stats, period: Period, exports: Exports, table: &str, what: &str) -> Markup {
    html! { @if exports == Exports::Yes { (links(&stats.unit.code, period, table, what)) } }
}

pub(crate) fn criterion_section(stats: &Stats, period: Period, exports: Exports) -> Markup {
    let bars: Vec<Bar> = stats
        .per_criterion
        .iter()
        .map(|c| Bar {
            label: format!("TC {}", c.criterion),
            title: format!("Tiêu chí {} {}", c.criterion, c.name),
            value: c.met,
            total: c.total,
        })
        .collect();
    let any_unjudged = stats.per_criterion.iter().any(|c| !c.unjudged.is_empty());
    html! {
        section aria-labelledby="theo-tieu-chi" {
            h2 id="theo-tieu-chi" { "Số xã đạt từng tiêu chí" }
            (export_links(stats, period, exports, "criteria", "bảng số xã đạt từng tiêu chí"))
            div.grid-2 {
                @if stats.is_judged() {
                    (horizontal_bars("Số xã đạt từng tiêu chí", &bars))
                } @else {
                    p.muted { "Số xã đạt từng tiêu chí: " (judged_figure(stats, String::new())) "." }
                }
                div.table-wrap {
                    table.sortable {
                        caption.muted { "Xã đạt, chưa đạt, chưa có số liệu theo tiêu chí (trên " (stats.coverage_text) "; * có dùng số liệu ước tính hoặc suy ra)" }
                        thead { tr { th { "Tiêu chí" } th.num { "Đạt" } th { "Chưa đạt" } th { "Chưa có số liệu" } @if any_unjudged { th { "Chưa xác định (chưa có ngưỡng)" } } } }
                        tbody {
                            @for c in &stats.per_criterion {
                                tr {
                                    td data-sort=(c.criterion) { a href={"/criteria/" (stats.criteria_set.code) "#tc-" (c.criterion)} { (c.criterion) ". " (c.name) } }
                                    @if c.met > 0 || !c.not_met.is_empty() {
                                        td.num data-sort=(c.met) { (count_vi(c.met as usize)) "/" (count_vi(c.total as usize)) " xã" (mark(&c.marks, &stats.period_label)) }
                                    } @else if !c.unjudged.is_empty() {
                                        // No commune decides it: no count, not "0/N".
                                        td.num data-sort="-1" { (UNJUDGED) }
                                    } @else if c.total == 0 {
                                        td.num data-sort="-1" { (judged_figure(stats, String::new())) }
                                    } @else {
                                        td.num data-sort="-1" { (NO_DATA) }
                                    }
                                    td { (names(&c.not_met)) }
                                    td { (names(&c.no_data)) }
                                    @if any_unjudged { td { (names(&c.unjudged)) } }
                                }
                            }
                        }
                    }
                }
            }
            p.muted { "Kỳ " (period.label_vi()) "." }
        }
    }
}

/// Names when few; past a dozen, the count (the matrix has them all).
fn names(list: &[String]) -> String {
    if list.len() <= NAMES_SHOWN {
        list.join(", ")
    } else {
        format!("{} xã (xem bảng xã × tiêu chí)", list.len())
    }
}

const NAMES_SHOWN: usize = 12;

/// Lists the page shows whole up to this many names; past it, the count:
/// a country's or a large province's lists hold thousands of communes.
const LONG_LIST: usize = 40;

/// Names of a list the page gives whole when it is of a readable length.
pub(crate) fn long_names(list: &[String]) -> String {
    if list.len() <= LONG_LIST {
        list.join(", ")
    } else {
        format!(
            "{} xã (danh sách đầy đủ trong bảng xã × tiêu chí)",
            count_vi(list.len())
        )
    }
}

pub(crate) fn matrix(stats: &Stats, period: Period, exports: Exports) -> Markup {
    let criteria: Vec<&str> = stats.per_criterion.iter().map(|c| c.criterion.as_str()).collect();
    let by_group = stats.per_commune.iter().any(|c| c.commune_group.is_some());
    html! {
        section aria-labelledby="ma-tran" {
            h2 id="ma-tran" { "Bảng xã × tiêu chí" }
            p.legend {
                span { a.cell.met aria-hidden="true" { "✓" } " đạt" }
                span { a.cell.not-met aria-hidden="true" { "✗" } " chưa đạt" }
                span { a.cell.no-data aria-hidden="true" { "?" } " chưa có số liệu" }
                @if stats.per_commune.iter().any(|c| !c.unjudged_criteria.is_empty()) {
                    span { a.cell.no-data aria-hidden="true" { "–" } " chưa xác định (có số liệu, chưa có ngưỡng để đánh giá)" }
                }
                span { sup.mark { "*" } " có dùng số liệu ước tính, điền bổ sung hoặc suy ra" }
                span.muted { "Bấm tiêu đề cột để sắp xếp; bấm một ô để xem giải thích." }
            }
            (export_links(stats, period, exports, "matrix", "bảng xã × tiêu chí"))
            div.table-wrap {
                table.matrix.sortable {
                    thead {
                        tr {
                            th.unit scope="col" { "Xã" }
                            @if by_group { th scope="col" title="Nhóm xã theo Quyết định 51/2025/QĐ-TTg" { "Nhóm" } }
                            th.num scope="col" title="Số tiêu chí đạt" { "Số TC đạt" }
                            @for c in &stats.per_criterion { th scope="col" title=(format!("Tiêu chí {} {}", c.criterion, c.name)) { (c.criterion) } }
                            th scope="col" { "Công nhận" }
                        }
                    }
                    tbody {
                        @for commune in &stats.per_commune {
                            @let met: HashSet<&str> = commune.met_criteria.iter().map(String::as_str).collect();
                            @let not_met: HashSet<&str> = commune.not_met_criteria.iter().map(String::as_str).collect();
                            tr {
                                th.unit scope="row" { a href=(unit_href(&commune.code, period)) { (commune.name) } }
                                @if by_group { td { (commune.commune_group.as_deref().unwrap_or("")) } }
                                @if commune.judged {
                                    td.num data-sort=(commune.met) { (commune.met) }
                                } @else if commune.has_data {
                                    td.num data-sort="-1" { span.muted { (UNJUDGED) } }
                                } @else {
                                    td.num data-sort="-1" { span.muted { (NO_DATA) } }
                                }
                                @let href = unit_href(&commune.code, period);
                                @for c in &criteria {
                                    // Short cells: a province has thousands. The row and
                                    // column headers give screen readers the context.
                                    @let (class, sign, word) = if met.contains(c) { ("met", "✓", "đạt") } else if not_met.contains(c) { ("not-met", "✗", "chưa đạt") } else if commune.unjudged_criteria.iter().any(|x| x == c) { ("no-data", "–", UNJUDGED) } else { ("no-data", "?", NO_DATA) };
                                    @let source = if commune.estimated_criteria.iter().any(|x| x == c) { Some("ước tính, điền bổ sung") } else if commune.derived_criteria.iter().any(|x| x == c) { Some("suy ra") } else { None };
                                    td {
                                        a class={"cell " (class)} href={(href) "#tc-" (c)} aria-label=(word) title=[source.map(|s| format!("{word}; số liệu {s}"))] { (sign) }
                                        @if source.is_some() { sup.mark aria-hidden="true" { "*" } }
                                    }
                                }
                                // Short, so that a row stays one line on a phone; the whole decision as its title.
                                td.recognized { @if let (Some(full), Some(short)) = (&commune.recognized, &commune.recognized_short) { abbr title=(full) { (short) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(crate) fn brackets(stats: &Stats) -> Markup {
    let bars: Vec<Bar> = stats
        .brackets
        .iter()
        .map(|b| Bar {
            label: b.label.clone(),
            title: format!("{}: {}", b.label, long_names(&b.communes)),
            value: b.count,
            total: stats.communes_judged,
        })
        .collect();
    html! {
        section aria-labelledby="nhom" {
            h2 id="nhom" { "Xã theo số tiêu chí đạt" }
            p.muted { "Trên " (stats.coverage_text) "." }
            @if !stats.is_judged() {
                p { "Số xã theo nhóm số tiêu chí đạt: " (judged_figure(stats, String::new())) "." }
            } @else {
            div.grid-2 {
                (columns("Số xã theo nhóm số tiêu chí đạt", &bars))
                ul {
                    @for b in &stats.brackets {
                        li { strong { (b.label) ": " (count_vi(b.count as usize)) " xã" } @if !b.communes.is_empty() { " — " (long_names(&b.communes)) } }
                    }
                }
            }
            }
        }
    }
}

fn changes_section(changes: &Changes, code: &str, period: Period) -> Markup {
    let moved: Vec<_> = changes
        .per_criterion
        .iter()
        .filter(|c| !c.gained.is_empty() || !c.lost.is_empty())
        .collect();
    html! {
        section aria-labelledby="thay-doi" {
            h2 id="thay-doi" { "So với " (changes.compared_with.label_vi()) }
            p { (count_vi(changes.communes_compared as usize)) " xã đánh giá được ở cả hai kỳ (xã không có số liệu hoặc chưa xác định được tiêu chí nào ở một kỳ không được so sánh). Bình quân kỳ trước: "
                (changes.average_before_text.as_deref().unwrap_or(NO_DATA)) " tiêu chí/xã"
                (mark(&changes.marks_before, &changes.compared_with.label_vi())) "." }
            @if !changes.all_criteria_gained.is_empty() { p { "Xã mới đạt đủ tất cả tiêu chí: " (long_names(&changes.all_criteria_gained)) "." } }
            @if !changes.all_criteria_lost.is_empty() { p.warning { "Xã không còn đạt đủ tất cả tiêu chí: " (long_names(&changes.all_criteria_lost)) "." } }
            @if let Some(note) = changes.marks_before.note(&changes.compared_with.label_vi()) { p.muted.footnote { "* " (note) "." } }
            @if moved.is_empty() {
                p.muted { "Không có tiêu chí nào thay đổi giữa hai kỳ." }
            } @else {
                (links(code, period, "changes", "bảng thay đổi so với kỳ trước"))
                div.table-wrap {
                    table {
                        thead { tr { th { "Tiêu chí" } th.num { "Kỳ trước" } th.num { (period.label_vi()) } th { "Tăng" } th { "Giảm" } } }
                        tbody {
                            @for c in moved {
                                tr {
                                    td { (c.criterion) ". " (c.name) }
                                    td.num { (count_vi(c.before as usize)) }
                                    td.num { (count_vi(c.after as usize)) }
                                    td { (long_names(&c.gained)) }
                                    td { (long_names(&c.lost)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn villages(stats: &Stats) -> Markup {
    html! {
        @if let Some(v) = &stats.villages {
            section aria-labelledby="thon-ban" {
                h2 id="thon-ban" { "Thôn, bản" }
                @if v.judged > 0 {
                    p { (count_vi(v.total as usize)) " thôn, bản; " (count_vi(v.with_data as usize)) "/" (count_vi(v.total as usize)) " có số liệu; " (count_vi(v.all_criteria_met as usize))
                        " đạt đủ các tiêu chí (" (v.criteria_set.label) ")." }
                    @if let Some(note) = count_note(v.estimated, v.derived, "thôn, bản") { p.muted.footnote { "* " (note) "." } }
                    ul {
                        @for b in &v.brackets { li { (b.label) ": " (count_vi(b.count as usize)) } }
                    }
                } @else if v.with_data > 0 {
                    p { (count_vi(v.total as usize)) " thôn, bản; " (count_vi(v.with_data as usize)) "/" (count_vi(v.total as usize)) " có số liệu, nhưng chưa xác định được tiêu chí nào đạt hay chưa đạt ("
                        (v.criteria_set.label) ")." }
                } @else {
                    p { (count_vi(v.total as usize)) " thôn, bản; chưa thôn, bản nào có số liệu trong kỳ (" (v.criteria_set.label) ")." }
                }
            }
        }
    }
}

fn quantities(stats: &Stats, period: Period) -> Markup {
    html! {
        @if !stats.quantities.is_empty() {
            section aria-labelledby="khoi-luong" {
                h2 id="khoi-luong" { "Khối lượng theo chỉ tiêu" }
                (links(&stats.unit.code, period, "quantities", "bảng khối lượng theo chỉ tiêu"))
                div.table-wrap {
                    table {
                        thead { tr { th { "Chỉ tiêu" } th { "Kết quả" } th { "Cách tính" } } }
                        tbody {
                            @for q in &stats.quantities {
                                tr {
                                    td { (q.indicator) " " (q.name) }
                                    td { (q.text) (mark(&q.marks, "")) }
                                    td.muted { @if q.basis == "recorded" { "số liệu của huyện, tỉnh" } @else { "cộng từ " (q.communes_counted) " xã" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(crate) fn findings(stats: &Stats, period: Period, exports: Exports) -> Markup {
    html! {
        section aria-labelledby="phat-hien" {
            h2 id="phat-hien" { "Điểm cần xem lại" }
            p.muted { "Do hệ thống phát hiện khi đối chiếu số liệu và các văn bản; không đưa vào báo cáo, phụ biểu. "
                a href={"/overview/" (stats.unit.code) "/checks.xlsx?period=" (period.code())} { "Tải danh sách kiểm tra (Excel)" } }
            @if stats.findings.is_empty() {
                p.muted { "Không phát hiện mâu thuẫn hay thiếu số liệu." }
            } @else {
                (export_links(stats, period, exports, "findings", "danh sách điểm cần xem lại"))
                ul {
                    @for f in &stats.findings {
                        li class=(if f.severity == Severity::Warning { "warning" } else { "" }) {
                            (f.message)
                            @if let Some(code) = &f.unit {
                                " " a href=(unit_or_overview_href(code, ntm_core::unit::UnitKind::Commune, period)) { "xem" }
                            }
                            @if let Some(source) = &f.source { span.muted { " (nguồn: " (source) ")" } }
                        }
                    }
                }
            }
        }
    }
}
