//! The body of the report, part by part, written from the figures only.
//!
//! A report of a period carries that period's results and, when there is
//! one, the direction of what follows (seed 001: "Phần thứ nhất … kết quả
//! năm 2023", "Phần thứ hai … kế hoạch năm 2024"). ntm's own checks are never
//! in the body: they go to the review file.

use ntm_core::aggregate::{Stats, UnitRef};

use crate::narrative::communes::commune_paragraphs;
use crate::narrative::criteria::criteria_paragraphs;
use crate::narrative::phrasing::{authority, full_stop, roman, unit_phrase};
use crate::narrative::summary::{set_reference, summary_paragraphs};
use crate::narrative::villages::village_paragraphs;
use crate::narrative::{Noted, Section};

/// What the body holds besides the figures.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyParts<'a> {
    /// More sections of the results (the period's plan against actual, money).
    pub results: &'a [Section],
    /// The second part: the direction and tasks of what follows the period.
    pub direction: &'a [Section],
    /// "năm 2024": what the direction is for (its part's title).
    pub next_label: Option<&'a str>,
    /// The body that issues the report, when it is not the unit's own (a
    /// district's report after the districts were abolished).
    pub issuer: Option<&'a UnitRef>,
}

/// The body of the figures alone.
pub fn body_sections(stats: &Stats) -> Vec<Section> {
    body_sections_with(stats, BodyParts::default())
}

/// The body: an opening paragraph; the results, numbered (per criterion;
/// targets; per commune; villages; then `parts.results`); the direction
/// when there is one, as a second part numbered anew; the closing sentence.
/// Parts without figures are left out; nothing is said that the figures do
/// not hold.
pub fn body_sections_with(stats: &Stats, parts: BodyParts<'_>) -> Vec<Section> {
    let mut results: Vec<(String, Noted)> = Vec::new();
    let heading = "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ XÃ NÔNG THÔN MỚI".to_string();
    if !stats.is_judged() {
        let mut none = Noted::default();
        let sentence = match &stats.unjudged_text {
            Some(text) => format!(
                "Trong {}, trên địa bàn {} {}; {}: chưa xác định được số xã đạt từng tiêu chí.",
                stats.period_label,
                unit_phrase(&stats.unit),
                stats.coverage_text,
                text
            ),
            None => format!(
                "Trong {}, trên địa bàn {} chưa có xã có số liệu đánh giá theo Bộ tiêu chí ({}).",
                stats.period_label,
                unit_phrase(&stats.unit),
                stats.coverage_text
            ),
        };
        none.push(sentence, None);
        results.push((heading, none));
    } else {
        results.push((heading, criteria_paragraphs(stats)));
        results.push((
            "KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU CỦA CHƯƠNG TRÌNH".to_string(),
            summary_paragraphs(stats),
        ));
        results.push((
            "KẾT QUẢ THỰC HIỆN TIÊU CHÍ CỦA TỪNG XÃ".to_string(),
            commune_paragraphs(stats),
        ));
    }
    if let Some(villages) = &stats.villages {
        results.push((
            "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ THÔN, BẢN NÔNG THÔN MỚI".to_string(),
            village_paragraphs(villages),
        ));
    }
    for section in parts.results {
        results.push((section.heading.clone(), noted(section)));
    }

    let mut sections = vec![untitled(opening(stats, parts.issuer))];
    let direction: Vec<(String, Noted)> = parts
        .direction
        .iter()
        .map(|s| (s.heading.clone(), noted(s)))
        .filter(|(_, n)| !n.is_empty())
        .collect();
    if !direction.is_empty() {
        sections.push(part_title(format!(
            "Phần thứ nhất\nKẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH XÂY DỰNG NÔNG THÔN MỚI {}",
            stats.period_label.to_uppercase()
        )));
    }
    sections.extend(numbered(results));
    if !direction.is_empty() {
        let next = parts.next_label.unwrap_or("kỳ tới").to_uppercase();
        sections.push(part_title(format!("Phần thứ hai\nPHƯƠNG HƯỚNG, NHIỆM VỤ {next}")));
        sections.extend(numbered(direction));
    }
    sections.push(untitled(closing(
        stats,
        parts.next_label.filter(|_| !parts.direction.is_empty()),
    )));
    sections
}

fn noted(section: &Section) -> Noted {
    Noted {
        paragraphs: section.paragraphs.clone(),
        footnotes: section.footnotes.clone(),
    }
}

/// Sections with paragraphs, numbered I, II, … in order.
fn numbered(parts: Vec<(String, Noted)>) -> Vec<Section> {
    parts
        .into_iter()
        .filter(|(_, n)| !n.is_empty())
        .enumerate()
        .map(|(i, (heading, n))| Section {
            heading: format!("{}. {heading}", roman(i + 1)),
            paragraphs: n.paragraphs,
            footnotes: n.footnotes,
        })
        .collect()
}

fn untitled(paragraph: String) -> Section {
    Section::new(String::new(), vec![paragraph])
}

/// A part's title alone ("Phần thứ hai" and its name).
fn part_title(heading: String) -> Section {
    Section::new(heading, Vec::new())
}

/// "UBND huyện Phong Thổ báo cáo kết quả thực hiện các tiêu chí nông thôn mới
/// năm 2023 trên địa bàn huyện (16/16 xã có số liệu, đánh giá theo …; số liệu
/// tính đến ngày 31/12/2023) như sau:"
fn opening(stats: &Stats, issuer: Option<&UnitRef>) -> String {
    let place = unit_phrase(&stats.unit);
    let what = format!(
        "kết quả thực hiện các tiêu chí nông thôn mới {} trên địa bàn {place}",
        stats.period_label
    );
    let basis = format!(
        "{}, đánh giá theo {}; số liệu tính đến ngày {}",
        stats.coverage_text,
        set_reference(stats),
        stats.reference_date
    );
    match authority(issuer.unwrap_or(&stats.unit)) {
        Some(authority) => format!("{authority} báo cáo {what} ({basis}) như sau:"),
        None => format!("Báo cáo {what} ({basis}) như sau:"),
    }
}

/// "Trên đây là báo cáo kết quả thực hiện các tiêu chí nông thôn mới năm 2023
/// trên địa bàn huyện Phong Thổ; phương hướng, nhiệm vụ năm 2024./."
fn closing(stats: &Stats, next: Option<&str>) -> String {
    let mut sentence = format!(
        "Trên đây là báo cáo kết quả thực hiện các tiêu chí nông thôn mới {} trên địa bàn {}",
        stats.period_label,
        unit_phrase(&stats.unit)
    );
    if let Some(next) = next {
        sentence.push_str(&format!("; phương hướng, nhiệm vụ {next}"));
    }
    format!("{}/.", full_stop(sentence))
}
