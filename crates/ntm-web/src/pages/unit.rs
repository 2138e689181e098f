//! A commune's, town's or village's page: recognition, each criterion and
//! indicator with value, threshold, gap and why; history; evidence; villages.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use ntm_app::plans::CycleRow;
use ntm_app::views::evaluation::UnitResult;
use ntm_app::views::unit::UnitDetail;
use ntm_app::views::unit_page::UnitPageView;
use ntm_core::period::Period;
use serde::Deserialize;

use crate::extract::{Path, Query};
use crate::pages::evidence::evidence_section;
use crate::pages::layout::{notice, page};
use crate::pages::parts::{
    count_vi, criterion_badge, indicator_badge, overview_href, period_of_unit, period_picker,
    unit_or_overview_href,
};
use crate::problem::PageError;
use crate::session::Session;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct UnitQuery {
    pub period: Option<String>,
    /// Set after an upload: the file's name.
    pub uploaded: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<UnitQuery>,
) -> Result<Response, PageError> {
    let program = &state.program;
    let period = period_of_unit(program, q.period.as_deref(), &code).await?;
    let actor = session.actor();
    let view = match program.unit_page(&actor, &code, period).await? {
        UnitPageView::Ended(ended) => {
            return Ok(crate::pages::ended::ended_page(&session, &ended).into_response());
        }
        UnitPageView::Aggregate => return Ok(Redirect::to(&overview_href(&code, period)).into_response()),
        UnitPageView::Unit(view) => view,
    };
    let (detail, form) = (&view.detail, view.form.as_ref());
    let picker = period_picker(program, &format!("/units/{code}"), period).await?;
    let uploaded = q
        .uploaded
        .as_ref()
        .map(|f| format!("Đã tải lên minh chứng \"{f}\"."));
    let body = html! {
        (notice(uploaded.as_deref()))
        @if let Some(r) = &view.returned { (returned_notice(r, &code, period)) }
        h1 { (detail.unit.full_name) }
        p.path { (detail.path) " · " (detail.period_label) }
        (picker)
        (page_actions(detail, &code, period, view.may_enter, view.sends_report))
        (summary(detail))
        @match &detail.evaluation {
            Some(result) => (criteria(result)),
            None => p.warning { "Không có bộ tiêu chí nào áp dụng cho đơn vị này trong kỳ." },
        }
        (history(detail, &code))
        (villages(detail, period))
        (evidence_section(&session, detail, form, &code, period))
        (successions(detail))
        (baseline(detail))
        @if detail.may_classify { (crate::pages::classify::classify_form(&session, &code, &period.code())) }
    };
    Ok(page(
        &format!("{} — {}", detail.unit.full_name, detail.period_label),
        Some(&session),
        body,
    )
    .into_response())
}

fn returned_notice(r: &CycleRow, code: &str, period: Period) -> Markup {
    html! {
        p.warning role="alert" { "Báo cáo " (period.label_vi()) " bị trả lại"
            @if let Some(by) = &r.reviewed_by { " (" (by) ")" } ": " strong { (r.comment.as_deref().unwrap_or("")) }
            " — " a href={"/cycle/" (code) "?period=" (period.code())} { "gửi lại" } }
    }
}

/// Entry, the change log, the cycle, the templates and the parent unit:
/// `sends_report` for whoever sends a commune's report from its cycle page.
fn page_actions(
    detail: &UnitDetail,
    code: &str,
    period: Period,
    editable: bool,
    sends_report: bool,
) -> Markup {
    html! {
        p.toolbar {
            @if editable { a.button href={"/units/" (code) "/entry?period=" (period.code())} { "Nhập, sửa số liệu" } }
            @else { a.button.secondary href={"/units/" (code) "/entry?period=" (period.code())} { "Xem số liệu đã nhập" } }
            a.button.secondary href={"/units/" (code) "/audit?period=" (period.code())} { "Nhật ký thay đổi" }
            // A commune sends its report from its cycle page.
            @if sends_report {
                a.button.secondary href={"/cycle/" (code) "?period=" (period.code())} { "Chu kỳ báo cáo, gửi báo cáo" }
            }
            @if editable {
                a.button.secondary href={"/units/" (code) "/template.xlsx?period=" (period.code())} { "Mẫu nhập (Excel)" }
                @if !detail.villages.is_empty() {
                    a.button.secondary href={"/units/" (code) "/template.xlsx?villages=1&period=" (period.code())} { "Mẫu nhập thôn, bản" }
                }
            }
            @if let Some(parent) = &detail.parent {
                a.button.secondary href=(unit_or_overview_href(&parent.code, parent.kind, period)) { "Về " (parent.full_name) }
            }
        }
    }
}

fn summary(detail: &UnitDetail) -> Markup {
    html! {
        section aria-labelledby="tom-tat" {
            h2 id="tom-tat" { "Tóm tắt" }
            dl.facts {
                @if let Some(r) = &detail.evaluation {
                    dt { "Tiêu chí đạt" } dd {
                        @if r.judged { strong { (r.met) "/" (r.criteria_total) } }
                        @else if r.has_data { "chưa xác định (có số liệu nhưng chưa có ngưỡng để đánh giá tiêu chí nào)" }
                        @else { "chưa có số liệu trong kỳ" }
                    }
                    dt { "Đạt đủ các tiêu chí theo số liệu" } dd { @if r.all_criteria_met { "có" } @else { "chưa" } }
                    @if let Some(region) = &r.region { dt { "Vùng" } dd { (region) } }
                    @if !r.classifications.is_empty() { dt { "Phân loại" } dd { (r.classifications.join(", ")) } }
                }
                @if let Some(group) = &detail.commune_group {
                    dt { "Nhóm xã (Quyết định 51/2025)" } dd { (group) }
                }
                @if let Some(set) = &detail.criteria_set {
                    dt { "Bộ tiêu chí" } dd { a href={"/criteria/" (set.code) "@" (set.version)} { (set.label) } " (" (set.document) ")" }
                }
                dt { "Công nhận đạt chuẩn nông thôn mới" }
                dd {
                    @if detail.recognitions.is_empty() { "chưa có quyết định công nhận" }
                    @for r in &detail.recognitions {
                        div {
                            (r.tier) " — Quyết định " (r.decision) " ngày " (r.decided_on)
                            @if let Some(u) = &r.judged_under { " (theo " (u) ")" }
                            @if !r.in_force { span.muted { " — không còn hiệu lực trong kỳ" } }
                        }
                    }
                }
            }
        }
    }
}

fn criteria(result: &UnitResult) -> Markup {
    html! {
        section aria-labelledby="tieu-chi" {
            h2 id="tieu-chi" { "Từng tiêu chí" }
            @for c in &result.criteria {
                details.criterion id={"tc-" (c.code)} open[c.status != ntm_core::evaluation::CriterionStatus::Met] {
                    summary { (c.code) ". " (c.name) " " (criterion_badge(c.status))
                        @if c.conflict { " " span.status.not-met { "mâu thuẫn" } }
                        @if let Some(m) = c.mark { " " span.status.no-data title="Kết quả dựa trên số liệu không có văn bản gốc" { "số liệu " (m.name_vi()) } } }
                    p.explain { (c.explanation) }
                    @if let Some(p) = c.assessment_provenance { p.muted { "Nguồn kết quả đánh giá: " (p.name_vi()) "." } }
                    @if let Some(owner) = &c.owner { p.muted { "Phụ trách: " (owner) } }
                    @if !c.indicators.is_empty() {
                        div.table-wrap {
                            table {
                                thead { tr { th { "Chỉ tiêu" } th { "Giá trị" } th { "Nguồn số liệu" } th { "Ngưỡng" } th { "Kết quả" } th { "Còn thiếu" } } }
                                tbody {
                                    @for i in &c.indicators {
                                        tr id={"ct-" (i.code)} {
                                            td { (i.code) " " (i.name) p.explain { (i.explanation) } }
                                            td { (i.value.as_deref().unwrap_or(ntm_core::evaluation::NO_DATA)) }
                                            td { @match i.provenance {
                                                Some(p) if p.is_marked() => span.status.no-data { (p.name_vi()) },
                                                Some(p) => (p.name_vi()),
                                                None => "",
                                            } }
                                            td { (i.threshold) @if !i.threshold_confirmed { span.muted { " (chưa xác nhận)" } }
                                                 p.explain { (i.threshold_reason) } }
                                            td { (indicator_badge(i.status)) }
                                            td { (i.gap.as_deref().unwrap_or("")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn history(detail: &UnitDetail, code: &str) -> Markup {
    html! {
        section aria-labelledby="qua-cac-ky" {
            h2 id="qua-cac-ky" { "Qua các kỳ" }
            @if detail.history.is_empty() {
                p.muted { "Chưa có số liệu kỳ nào." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Kỳ" } th.num { "Tiêu chí đạt" } th.num { "Chưa có số liệu" } th { "Đạt đủ các tiêu chí" } } }
                        tbody {
                            @for h in &detail.history {
                                tr {
                                    td { a href={"/units/" (code) "?period=" (h.period)} { (h.period_label) } }
                                    td.num { (h.met) "/" (h.criteria_total) }
                                    td.num { (h.no_data) }
                                    td { @if h.all_criteria_met { "có" } @else { "chưa" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn villages(detail: &UnitDetail, period: Period) -> Markup {
    html! {
        @if !detail.villages.is_empty() {
            section aria-labelledby="thon-ban" {
                h2 id="thon-ban" { "Thôn, bản (" (count_vi(detail.villages.len())) ")" }
                @if let Some(set) = &detail.village_set { p.muted { "Theo " (set.name) "." } }
                div.table-wrap {
                    table.sortable {
                        thead { tr { th { "Thôn, bản" } th.num { "Tiêu chí đạt" } th { "Đạt đủ các tiêu chí" } } }
                        tbody {
                            @for v in &detail.villages {
                                tr {
                                    td { a href=(unit_or_overview_href(&v.unit.code, v.unit.kind, period)) { (v.unit.full_name) } }
                                    td.num data-sort=(v.met) { (v.met) "/" (v.criteria_total) }
                                    td { @if v.all_criteria_met { "có" } @else { "chưa" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A unit before or after a merge: a link when the user may open it.
fn linked_unit(l: &ntm_app::views::unit::LinkedUnit) -> Markup {
    html! {
        @if l.visible { a href={"/units/" (l.unit.code) "?period=" (l.period)} { (l.unit.full_name) } }
        @else { (l.unit.full_name) }
    }
}

fn successions(detail: &UnitDetail) -> Markup {
    html! {
        @if !detail.predecessors.is_empty() || !detail.successors.is_empty() {
            section aria-labelledby="sap-nhap" {
                h2 id="sap-nhap" { "Sáp nhập, chia tách" }
                @if !detail.predecessors.is_empty() {
                    p { "Hình thành từ: "
                        @for (i, l) in detail.predecessors.iter().enumerate() {
                            @if i > 0 { ", " }
                            (linked_unit(l))
                        }
                    }
                }
                @if !detail.successors.is_empty() {
                    p { "Đã hợp thành: "
                        @for (i, l) in detail.successors.iter().enumerate() {
                            @if i > 0 { ", " }
                            (linked_unit(l))
                        }
                    }
                }
                @if !detail.predecessor_recognitions.is_empty() {
                    h3 { "Công nhận của các xã trước sắp xếp" }
                    ul {
                        @for p in &detail.predecessor_recognitions {
                            li { (p.unit.full_name) ": " (p.recognition.tier) " — Quyết định " (p.recognition.decision) " ngày " (p.recognition.decided_on)
                                @if let Some(u) = &p.recognition.judged_under { " (theo " (u) ")" } }
                        }
                    }
                }
            }
        }
    }
}

/// A merged commune's baseline: each predecessor side by side, sums marked derived.
fn baseline(detail: &UnitDetail) -> Markup {
    html! {
        @if let Some(b) = &detail.baseline {
            section aria-labelledby="so-lieu-nen" {
                h2 id="so-lieu-nen" { "Số liệu nền từ các xã trước sắp xếp (" (b.period_label) ")" }
                p.warning { "Số liệu suy ra, không phải số liệu đã nhập cho xã: chỉ tiêu cộng được (số đạt/tổng số, số lượng) là tổng chính xác của các xã cũ; "
                    "chỉ tiêu đạt/không đạt, mức độ và kết quả đánh giá tiêu chí không cộng được nên được xếp cạnh nhau để đánh giá lại. "
                    "Bộ tiêu chí: " (b.criteria_set.label) "." }
                div.table-wrap {
                    table {
                        thead { tr { th { "Chỉ tiêu, tiêu chí" } @for p in &b.parts { th { (p.full_name) } } th { "Xã hiện nay (suy ra)" } } }
                        tbody {
                            @for i in &b.indicators {
                                tr { td { (i.code) " " (i.name) }
                                    @for v in &i.parts { td { (v) } }
                                    td { @if let Some(d) = &i.derived { strong { (d) } " " } span.muted { "(" (i.how) ")" } } }
                            }
                            @for c in &b.criteria {
                                tr { td { "Tiêu chí " (c.code) " " (c.name) }
                                    @for v in &c.parts { td { (v) } }
                                    td { @if let Some(d) = &c.derived { strong { (d) } " " } span.muted { "(" (c.how) ")" } } }
                            }
                        }
                    }
                }
            }
        }
    }
}
