//! The criteria sets: the list of every version (shipped, published, drafts)
//! with the form that starts a new one; a version with its thresholds and
//! their sources, where a second person confirms them; the draft editor
//! (criteria, indicators, thresholds by commune group, region, flag and
//! year, each with its document, article and page); the workbook out and in;
//! the impact preview; publishing with a valid-from date.
//!
//! Handlers parse the form into one change and hand it to
//! `ntm_app::criteria`, which decides rights and rules.

pub mod edit;
pub mod forms;
pub mod list;
pub mod preview;
pub mod show;
pub mod version;

use maud::{Markup, html};
use ntm_core::criteria::draft::words::target_words;
use ntm_core::criteria::draft::{TargetDraft, ThresholdDraft};

/// The address of a version's page.
pub fn version_href(code: &str, version: u32) -> String {
    format!("/criteria/{code}@{version}")
}

/// The address of a draft's editor.
pub fn edit_href(code: &str, version: u32) -> String {
    format!("/criteria/{code}@{version}/edit")
}

/// "≥ 95%", "đạt", "chưa rõ": a draft threshold's target in words.
pub fn target_text(t: &TargetDraft, unit: Option<&str>, ratio: bool) -> String {
    let (word, value) = target_words(t);
    match t {
        TargetDraft::AtLeast(_) | TargetDraft::AtMost(_) => {
            let unit = if ratio {
                "%".to_string()
            } else {
                unit.map(|u| format!(" {u}")).unwrap_or_default()
            };
            format!("{word} {value}{unit}")
        }
        TargetDraft::LevelAtLeast(_) => format!("từ {value} trở lên"),
        _ => word.to_string(),
    }
}

/// "xã nhóm 3; năm 2026-2027", or "mọi trường hợp".
pub fn conditions_text(t: &ThresholdDraft) -> String {
    let mut parts: Vec<String> = Vec::new();
    let flags: Vec<&str> = t.flags.iter().map(|f| f.name_vi()).collect();
    if !flags.is_empty() {
        parts.push(flags.join(", "));
    }
    let regions: Vec<&str> = t.regions.iter().map(|r| r.name_vi()).collect();
    if !regions.is_empty() {
        parts.push(format!("vùng {}", regions.join(", ")));
    }
    if let Some((a, b)) = t.years {
        parts.push(if a == b {
            format!("năm {a}")
        } else {
            format!("năm {a}-{b}")
        });
    }
    if parts.is_empty() {
        "mọi trường hợp".to_string()
    } else {
        parts.join("; ")
    }
}

/// "Quyết định …, Phụ lục I, trang 4", or a dash.
pub fn citation_text(t: &ThresholdDraft) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(t.source.clone());
    parts.extend(t.place.clone());
    parts.extend(t.page.as_ref().map(|p| format!("trang {p}")));
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(", ")
    }
}

/// The confirmation state of a threshold, as a badge.
pub fn confirmation_badge(t: &ThresholdDraft) -> Markup {
    html! {
        @if t.target.is_unknown() {
            span.status.no-data { "chưa rõ" }
        } @else if let Some(c) = &t.confirmed {
            span.status.met { "đã xác nhận" } br; span.muted { (c.by.label()) }
        } @else if t.confirmed_by_source {
            span.status.met { "đã xác nhận theo nguồn" }
        } @else {
            span.status.not-met { "chưa xác nhận" }
        }
    }
}
