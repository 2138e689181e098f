//! A version's criteria, indicators and thresholds, as the version page and
//! the draft editor both show them: each threshold with its conditions, its
//! source (document, article, page), who entered it and who confirmed it.
//! The editor adds its forms; a published version only the confirmations.

use maud::{Markup, html};
use ntm_core::criteria::IndicatorKind;
use ntm_core::criteria::draft::words::target_words;
use ntm_core::criteria::draft::{CriterionDraft, IndicatorDraft, SetDraft, ThresholdDraft};
use ntm_core::unit::Flag;

use super::{citation_text, conditions_text, confirmation_badge, target_text};
use crate::pages::layout::csrf_field;
use crate::session::Session;

/// What the viewer may do on the page.
#[derive(Debug, Clone, Copy)]
pub struct Mode<'a> {
    pub session: &'a Session,
    /// The draft editor (forms to change everything).
    pub editing: bool,
    /// The viewer may author this set (and so confirm thresholds others entered).
    pub may_author: bool,
    /// Where the forms post: `/criteria/code@N/change`.
    pub action: &'a str,
    pub revision: i64,
}

fn hidden(mode: &Mode<'_>, action: &str) -> Markup {
    html! {
        (csrf_field(mode.session))
        input type="hidden" name="action" value=(action);
        input type="hidden" name="revision" value=(mode.revision);
    }
}

fn may_confirm(mode: &Mode<'_>, t: &ThresholdDraft) -> bool {
    mode.may_author
        && !t.target.is_unknown()
        && t.confirmed.is_none()
        && !t.confirmed_by_source
        && t.entered
            .as_ref()
            .is_none_or(|e| e.by.username != mode.session.user.username)
}

fn condition_select(name: &str, id: &str, current: &str) -> Markup {
    html! {
        select name=(name) id=(id) {
            @for c in ["", "≥", "≤", "đạt", "mức tối thiểu", "chưa rõ"] {
                option value=(c) selected[c == current] { @if c.is_empty() { "— chọn —" } @else { (c) } }
            }
        }
    }
}

fn thresholds_table(indicator: &IndicatorDraft, mode: &Mode<'_>) -> Markup {
    let ratio = indicator.kind == IndicatorKind::Ratio;
    html! {
        div.table-wrap {
            table {
                thead { tr { th { "Áp dụng cho" } th { "Ngưỡng" } th { "Nguồn" } th { "Người nhập" } th { "Xác nhận" } th { "" } } }
                tbody {
                    @for (i, t) in indicator.thresholds.iter().enumerate() {
                        tr id={"nguong-" (indicator.code) "-" (i + 1)} {
                            td { (conditions_text(t)) @if let Some(n) = &t.note { p.explain { (n) } } }
                            td { strong { (target_text(&t.target, indicator.unit.as_deref(), ratio)) } }
                            td { (citation_text(t)) }
                            td { (t.entered.as_ref().map(|e| e.by.label()).unwrap_or_default()) }
                            td { (confirmation_badge(t)) }
                            td {
                                @if may_confirm(mode, t) {
                                    form method="post" action=(mode.action) {
                                        (hidden(mode, "confirm"))
                                        input type="hidden" name="indicator" value=(indicator.code);
                                        input type="hidden" name="index" value=(i + 1);
                                        button.secondary type="submit" aria-label={"Xác nhận ngưỡng " (i + 1) " của chỉ tiêu " (indicator.code)} { "Xác nhận đúng văn bản" }
                                    }
                                }
                                @if mode.editing {
                                    form method="post" action=(mode.action) {
                                        (hidden(mode, "remove_threshold"))
                                        input type="hidden" name="indicator" value=(indicator.code);
                                        input type="hidden" name="index" value=(i + 1);
                                        button.link type="submit" aria-label={"Xoá ngưỡng " (i + 1) " của chỉ tiêu " (indicator.code)} { "Xoá" }
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

fn citation_fields(prefix: &str) -> Markup {
    html! {
        div.fields {
            div { label for={(prefix) "-source"} { "Văn bản" } input id={(prefix) "-source"} name="source" size="34" placeholder="Quyết định số …/QĐ-… ngày …"; }
            div { label for={(prefix) "-place"} { "Điều, khoản, phụ lục" } input id={(prefix) "-place"} name="place" size="18"; }
            div { label for={(prefix) "-page"} { "Trang" } input id={(prefix) "-page"} name="page" size="4"; }
        }
    }
}

/// The form that sets a threshold for each commune group at once.
fn group_form(indicator: &IndicatorDraft, mode: &Mode<'_>) -> Markup {
    let id = format!("nhom-{}", indicator.code);
    let current = |g: Flag| {
        indicator
            .thresholds
            .iter()
            .find(|t| t.flags == [g] && t.regions.is_empty() && t.years.is_none())
            .map(|t| target_words(&t.target))
    };
    html! {
        details.form open[indicator.thresholds.iter().all(|t| t.target.is_unknown())] {
            summary { "Ngưỡng theo nhóm xã (Quyết định 51/2025/QĐ-TTg)" }
            form method="post" action=(mode.action) id=(id) {
                (hidden(mode, "group_thresholds"))
                input type="hidden" name="indicator" value=(indicator.code);
                div.fields {
                    @for (n, g) in Flag::COMMUNE_GROUPS.iter().enumerate() {
                        @let (word, value) = current(*g).map(|(w, v)| (w.to_string(), v)).unwrap_or_default();
                        @let k = n + 1;
                        div {
                            label for={(id) "-c" (k)} { "Nhóm " (k) ": điều kiện" }
                            (condition_select(&format!("condition_{k}"), &format!("{id}-c{k}"), &word))
                            label for={(id) "-v" (k)} { "giá trị" }
                            input id={(id) "-v" (k)} name={"value_" (k)} value=(value) size="8" inputmode="decimal";
                        }
                    }
                }
                (citation_fields(&id))
                button type="submit" { "Lưu ngưỡng theo nhóm" }
            }
        }
    }
}

/// The form that adds any other threshold.
fn threshold_form(indicator: &IndicatorDraft, mode: &Mode<'_>) -> Markup {
    let id = format!("them-{}", indicator.code);
    html! {
        details.form {
            summary { "Thêm ngưỡng khác (theo vùng, phân loại, năm)" }
            form method="post" action=(mode.action) id=(id) {
                (hidden(mode, "threshold"))
                input type="hidden" name="indicator" value=(indicator.code);
                div.fields {
                    div { label for={(id) "-g"} { "Nhóm xã" }
                        select id={(id) "-g"} name="commune_group" { option value="" { "mọi nhóm" } option { "nhóm 1" } option { "nhóm 2" } option { "nhóm 3" } } }
                    div { label for={(id) "-r"} { "Vùng" }
                        select id={(id) "-r"} name="region" { option value="" { "mọi vùng" }
                            @for r in ntm_core::region::Region::ALL { option value=(r.key()) { (r.name_vi()) } } } }
                    div { label for={(id) "-f"} { "Phân loại khác" }
                        select id={(id) "-f"} name="flag" { option value="" { "không" }
                            @for f in Flag::ALL.iter().filter(|f| !f.is_commune_group()) { option value=(f.key()) { (f.name_vi()) } } } }
                    div { label for={(id) "-y"} { "Năm áp dụng" } input id={(id) "-y"} name="years" size="10" placeholder="2026-2027"; }
                    div { label for={(id) "-c"} { "Điều kiện" } (condition_select("condition", &format!("{id}-c"), "")) }
                    div { label for={(id) "-v"} { "Giá trị" } input id={(id) "-v"} name="value" size="8"; }
                    div { label for={(id) "-n"} { "Ghi chú" } input id={(id) "-n"} name="note" size="24"; }
                }
                (citation_fields(&id))
                button type="submit" { "Thêm ngưỡng" }
            }
        }
    }
}

fn indicator_form(criterion: &CriterionDraft, indicator: Option<&IndicatorDraft>, mode: &Mode<'_>) -> Markup {
    let id = match indicator {
        Some(i) => format!("sua-ct-{}", i.code),
        None => format!("them-ct-{}", criterion.code),
    };
    let v = |f: fn(&IndicatorDraft) -> String| indicator.map(f).unwrap_or_default();
    let yes = |f: fn(&IndicatorDraft) -> bool| indicator.is_some_and(f);
    html! {
        details.form {
            summary { @if indicator.is_some() { "Sửa chỉ tiêu" } @else { "Thêm chỉ tiêu vào tiêu chí " (criterion.code) } }
            form method="post" action=(mode.action) id=(id) {
                (hidden(mode, "indicator"))
                input type="hidden" name="criterion" value=(criterion.code);
                @if let Some(i) = indicator { input type="hidden" name="old" value=(i.code); }
                div.fields {
                    div { label for={(id) "-code"} { "Mã" } input id={(id) "-code"} name="code" value=(v(|i| i.code.clone())) size="6" required; }
                    div.wide { label for={(id) "-name"} { "Tên chỉ tiêu" } input id={(id) "-name"} name="name" value=(v(|i| i.name.clone())) size="60" required; }
                    div { label for={(id) "-kind"} { "Loại" }
                        select id={(id) "-kind"} name="kind" {
                            @for k in IndicatorKind::ALL { option value=(k.key()) selected[indicator.is_some_and(|i| i.kind == k)] { (k.name_vi()) } } } }
                    div { label for={(id) "-unit"} { "Đơn vị" } input id={(id) "-unit"} name="unit" value=(v(|i| i.unit.clone().unwrap_or_default())) size="10"; }
                    div { label for={(id) "-levels"} { "Các mức (cách nhau bởi ;)" } input id={(id) "-levels"} name="levels" value=(v(|i| i.levels.join("; "))) size="24"; }
                    div { label for={(id) "-owner"} { "Cơ quan phụ trách" } input id={(id) "-owner"} name="owner" value=(v(|i| i.owner.clone().unwrap_or_default())) size="24"; }
                    div.wide { label for={(id) "-evidence"} { "Hồ sơ minh chứng (cách nhau bởi ;)" } input id={(id) "-evidence"} name="evidence" value=(v(|i| i.evidence.join("; "))) size="60"; }
                    div { label { input type="checkbox" name="optional" value="có" checked[yes(|i| i.optional)]; " Nếu có" } }
                    div { label { input type="checkbox" name="additive" value="có" checked[yes(|i| i.additive)]; " Cộng dồn khi sáp nhập xã" } }
                    div { label { input type="checkbox" name="provisional_code" value="có" checked[yes(|i| i.provisional_code)]; " Mã tạm" } }
                }
                button type="submit" { "Lưu chỉ tiêu" }
            }
            @if let Some(i) = indicator {
                form method="post" action=(mode.action) {
                    (hidden(mode, "remove_indicator"))
                    input type="hidden" name="indicator" value=(i.code);
                    button.link type="submit" { "Xoá chỉ tiêu " (i.code) }
                }
            }
        }
    }
}

fn criterion_form(criterion: Option<&CriterionDraft>, mode: &Mode<'_>) -> Markup {
    let id = match criterion {
        Some(c) => format!("sua-tc-{}", c.code),
        None => "them-tc".to_string(),
    };
    let v = |f: fn(&CriterionDraft) -> String| criterion.map(f).unwrap_or_default();
    html! {
        details.form {
            summary { @if criterion.is_some() { "Sửa tiêu chí" } @else { "Thêm tiêu chí" } }
            form method="post" action=(mode.action) id=(id) {
                (hidden(mode, "criterion"))
                @if let Some(c) = criterion { input type="hidden" name="old" value=(c.code); }
                div.fields {
                    div { label for={(id) "-code"} { "Mã" } input id={(id) "-code"} name="code" value=(v(|c| c.code.clone())) size="4" required; }
                    div.wide { label for={(id) "-name"} { "Tên tiêu chí" } input id={(id) "-name"} name="name" value=(v(|c| c.name.clone())) size="50" required; }
                    div { label for={(id) "-group"} { "Nhóm" } input id={(id) "-group"} name="group" value=(v(|c| c.group.clone().unwrap_or_default())) size="24"; }
                    div { label for={(id) "-owner"} { "Cơ quan phụ trách" } input id={(id) "-owner"} name="owner" value=(v(|c| c.owner.clone().unwrap_or_default())) size="24"; }
                    div { label for={(id) "-rule"} { "Đạt khi (tất cả, hoặc số chỉ tiêu)" }
                        input id={(id) "-rule"} name="rule" size="8" value=(v(|c| match c.rule { ntm_core::criteria::CriterionRule::AllIndicators => "tất cả".into(), ntm_core::criteria::CriterionRule::AtLeast(n) => n.to_string() })); }
                    div { label { input type="checkbox" name="indicators_complete" value="có" checked[criterion.is_some_and(|c| c.indicators_complete)]; " Đã liệt kê đủ chỉ tiêu" } }
                }
                button type="submit" { "Lưu tiêu chí" }
            }
            @if let Some(c) = criterion {
                form method="post" action=(mode.action) {
                    (hidden(mode, "remove_criterion"))
                    input type="hidden" name="old" value=(c.code);
                    button.link type="submit" { "Xoá tiêu chí " (c.code) }
                }
            }
        }
    }
}

/// Every criterion of the version, with its indicators and thresholds.
pub fn criteria(draft: &SetDraft, mode: &Mode<'_>) -> Markup {
    html! {
        @for c in &draft.criteria {
            section.criterion id={"tc-" (c.code)} {
                h2 { "Tiêu chí " (c.code) ". " (c.name) }
                @if let Some(owner) = &c.owner { p.muted { "Phụ trách (mặc định): " (owner) } }
                @if !c.indicators_complete { p.warning { "Danh mục chỉ tiêu chưa đầy đủ: chỉ tiêu có thể cho biết tiêu chí chưa đạt, không đủ để kết luận đạt." } }
                @if mode.editing { (criterion_form(Some(c), mode)) }
                @for i in &c.indicators {
                    article.indicator id={"ct-" (i.code)} {
                        h3 { (i.code) " " (i.name) }
                        p.muted { (i.kind.name_vi()) @if let Some(u) = &i.unit { ", " (u) }
                            @if i.provisional_code { " · mã tạm" }
                            @if i.additive { " · cộng dồn khi sáp nhập" }
                            @if let Some(o) = &i.owner { " · phụ trách: " (o) } }
                        @if !i.evidence.is_empty() { p.explain { "Minh chứng: " (i.evidence.join("; ")) } }
                        (thresholds_table(i, mode))
                        @if mode.editing {
                            (group_form(i, mode))
                            (threshold_form(i, mode))
                            (indicator_form(c, Some(i), mode))
                        }
                    }
                }
                @if mode.editing { (indicator_form(c, None, mode)) }
            }
        }
        @if mode.editing { (criterion_form(None, mode)) }
    }
}
