//! The body of the report, part by part, written from the figures only.

use ntm_core::aggregate::Stats;

use crate::narrative::Section;
use crate::narrative::communes::commune_paragraphs;
use crate::narrative::criteria::criteria_paragraphs;
use crate::narrative::findings::finding_paragraphs;
use crate::narrative::phrasing::{authority, full_stop, roman, unit_phrase};
use crate::narrative::summary::{set_reference, summary_paragraphs};
use crate::narrative::villages::village_paragraphs;

/// The body written from the figures, in the source reports' own sentences:
/// an opening paragraph, the numbered parts (per criterion; targets; per
/// commune; villages; findings to check), and the closing sentence. Parts
/// without figures are left out; nothing is said that the figures do not hold.
pub fn body_sections(stats: &Stats) -> Vec<Section> {
    body_sections_with(stats, &[])
}

/// The body with more parts (plans, money), placed before the points to
/// check and numbered with the others.
pub fn body_sections_with(stats: &Stats, extra: &[Section]) -> Vec<Section> {
    let mut parts: Vec<(&str, Vec<String>)> = Vec::new();
    if stats.communes == 0 {
        parts.push((
            "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ XÃ NÔNG THÔN MỚI",
            vec![format!(
                "Trong {}, trên địa bàn {} chưa có xã được đánh giá theo Bộ tiêu chí.",
                stats.period_label,
                unit_phrase(&stats.unit)
            )],
        ));
    } else {
        parts.push((
            "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ XÃ NÔNG THÔN MỚI",
            criteria_paragraphs(stats),
        ));
        parts.push((
            "KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU CỦA CHƯƠNG TRÌNH",
            summary_paragraphs(stats),
        ));
        parts.push((
            "KẾT QUẢ THỰC HIỆN TIÊU CHÍ CỦA TỪNG XÃ",
            commune_paragraphs(stats),
        ));
    }
    if let Some(villages) = &stats.villages {
        parts.push((
            "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ THÔN, BẢN NÔNG THÔN MỚI",
            village_paragraphs(villages),
        ));
    }
    for section in extra {
        parts.push((section.heading.as_str(), section.paragraphs.clone()));
    }
    parts.push(("NHỮNG ĐIỂM CẦN XEM LẠI", finding_paragraphs(&stats.findings)));

    let mut sections = vec![untitled(opening(stats))];
    sections.extend(
        parts
            .into_iter()
            .filter(|(_, paragraphs)| !paragraphs.is_empty())
            .enumerate()
            .map(|(i, (heading, paragraphs))| Section {
                heading: format!("{}. {heading}", roman(i + 1)),
                paragraphs,
            }),
    );
    sections.push(untitled(closing(stats)));
    sections
}

fn untitled(paragraph: String) -> Section {
    Section {
        heading: String::new(),
        paragraphs: vec![paragraph],
    }
}

/// "UBND huyện Phong Thổ báo cáo kết quả thực hiện các tiêu chí nông thôn mới
/// năm 2023 trên địa bàn huyện (16 xã, đánh giá theo …; số liệu tính đến ngày
/// 31/12/2023) như sau:"
fn opening(stats: &Stats) -> String {
    let place = unit_phrase(&stats.unit);
    let what = format!(
        "kết quả thực hiện các tiêu chí nông thôn mới {} trên địa bàn {place}",
        stats.period_label
    );
    let basis = format!(
        "{} xã, đánh giá theo {}; số liệu tính đến ngày {}",
        stats.communes,
        set_reference(stats),
        stats.reference_date
    );
    match authority(&stats.unit) {
        Some(authority) => format!("{authority} báo cáo {what} ({basis}) như sau:"),
        None => format!("Báo cáo {what} ({basis}) như sau:"),
    }
}

/// "Trên đây là báo cáo kết quả thực hiện các tiêu chí nông thôn mới năm 2023
/// trên địa bàn huyện Phong Thổ./."
fn closing(stats: &Stats) -> String {
    let sentence = format!(
        "Trên đây là báo cáo kết quả thực hiện các tiêu chí nông thôn mới {} trên địa bàn {}",
        stats.period_label,
        unit_phrase(&stats.unit)
    );
    format!("{}/.", full_stop(sentence))
}
