//! The program's targets, as seed 001 (section II.2) and seed 000 write them:
//! communes by number of criteria met, the average per commune, communes
//! meeting every criterion (a count), and communes recognised as meeting the
//! standard (a decision) — in words that cannot be confused. Every figure is
//! over the communes with data, and says so when some have none.

use ntm_core::aggregate::{BracketFigure, Stats};

use crate::narrative::Noted;
use crate::narrative::phrasing::{full_stop, names, of, percent, two};

/// The paragraphs of the targets part; empty without communes.
pub(crate) fn summary_paragraphs(stats: &Stats) -> Noted {
    let mut out = Noted::default();
    if stats.communes == 0 {
        return out;
    }
    let with = stats.communes_judged as usize;
    let marked = stats.marks.note_within(&stats.period_label, with);
    out.push(coverage_sentence(stats), None);
    if stats.is_judged() {
        if !stats.brackets.is_empty() {
            out.push(brackets_sentence(&stats.brackets), marked.clone());
        }
        out.push(average_sentence(stats), marked);
        out.push(
            all_criteria_sentence(stats),
            stats.all_criteria_met.marks.note(&stats.period_label),
        );
        if let Some(sentence) = all_criteria_change_sentence(stats) {
            let note = stats.changes.as_ref().and_then(|c| {
                c.marks_before
                    .note_within(&c.compared_with.label_vi(), c.communes_compared as usize)
            });
            out.push(sentence, note);
        }
    }
    if let Some(sentence) = recognition_sentence(stats) {
        out.push(sentence, None);
    }
    out
}

/// "Số xã có số liệu đánh giá: 16/16 xã." — and which have none.
fn coverage_sentence(stats: &Stats) -> String {
    let mut sentence = format!(
        "Số xã có số liệu đánh giá: {}/{} xã",
        two(stats.communes_with_data),
        two(stats.communes)
    );
    if !stats.without_data.is_empty() {
        sentence.push_str(&format!(
            "; {} xã chưa có số liệu ({}) không được tính vào các số liệu dưới đây",
            two(stats.communes_without_data),
            names(&stats.without_data)
        ));
    }
    if stats.communes_partial > 0 {
        sentence.push_str(&format!(
            "; {} xã mới có số liệu của một số tiêu chí",
            two(stats.communes_partial)
        ));
    }
    if let Some(text) = &stats.unjudged_text {
        sentence.push_str(&format!("; {text} ({})", names(&stats.unjudged)));
    }
    full_stop(sentence)
}

/// "Số xã theo số tiêu chí đạt: 02 xã đạt 19 tiêu chí (Huổi Luông, Mường So);
/// 02 xã đạt từ 15 - 18 tiêu chí (…); …; 09 xã đạt dưới 10 tiêu chí (…)."
pub(crate) fn brackets_sentence(brackets: &[BracketFigure]) -> String {
    let parts: Vec<String> = brackets
        .iter()
        .map(|b| {
            let mut part = format!("{} xã đạt {}", two(b.count), bracket_range(b));
            if !b.communes.is_empty() {
                part.push_str(&format!(" ({})", names(&b.communes)));
            }
            part
        })
        .collect();
    full_stop(format!("Số xã theo số tiêu chí đạt: {}", parts.join("; ")))
}

/// "từ 15 - 18 tiêu chí" for a range, the set's label as it is otherwise
/// ("19 tiêu chí", "dưới 10 tiêu chí").
pub(crate) fn bracket_range(bracket: &BracketFigure) -> String {
    let starts_with_digit = bracket.label.starts_with(|c: char| c.is_ascii_digit());
    if starts_with_digit && bracket.min < bracket.max {
        format!("từ {}", bracket.label)
    } else {
        bracket.label.clone()
    }
}

/// "Bình quân đạt 11,06 tiêu chí/xã (177 tiêu chí đạt trên 16 xã có số liệu),
/// theo …; năm 2022 bình quân đạt 10,56 tiêu chí/xã."
fn average_sentence(stats: &Stats) -> String {
    let Some(average) = &stats.average_criteria_text else {
        return "Bình quân tiêu chí/xã: chưa có số liệu.".to_string();
    };
    let judged = if stats.communes_judged == stats.communes_with_data {
        "có số liệu"
    } else {
        "đánh giá được"
    };
    let mut sentence = format!(
        "Bình quân đạt {average} tiêu chí/xã ({} tiêu chí đạt trên {} xã {judged}), theo {}",
        stats.criteria_met_total,
        stats.communes_judged,
        set_reference(stats)
    );
    if let Some(changes) = stats.changes.as_ref().filter(|c| c.communes_compared > 0)
        && let Some(before) = &changes.average_before_text
    {
        sentence.push_str(&format!(
            "; {} bình quân đạt {before} tiêu chí/xã",
            changes.compared_with.label_vi()
        ));
        if changes.communes_compared != stats.communes_judged {
            sentence.push_str(&format!(
                " (trên {} xã có số liệu cả hai kỳ)",
                changes.communes_compared
            ));
        }
    }
    full_stop(sentence)
}

/// "Bộ tiêu chí xã nông thôn mới tỉnh Lai Châu giai đoạn 2021-2025 ban hành
/// kèm theo Quyết định số 1285/QĐ-UBND ngày 27/9/2022 của UBND tỉnh Lai Châu".
pub(crate) fn set_reference(stats: &Stats) -> String {
    let set = &stats.criteria_set;
    let named = match (set.name.trim(), set.document.trim()) {
        ("", "") => "Bộ tiêu chí đang áp dụng".to_string(),
        (name, "") => name.to_string(),
        ("", document) => format!("Bộ tiêu chí ban hành kèm theo {document}"),
        (name, document) => format!("{name} ban hành kèm theo {document}"),
    };
    // A set amended in ntm says which of its versions judged the figures.
    if set.version > 1 {
        format!("{named} (phiên bản {})", set.version)
    } else {
        named
    }
}

/// "Có 02/16 xã đạt đủ 19/19 tiêu chí theo Bộ tiêu chí, chiếm 12,5% (Huổi
/// Luông, Mường So)." A count of values, never called "đạt chuẩn".
fn all_criteria_sentence(stats: &Stats) -> String {
    let all = &stats.all_criteria_met;
    let of_all = format!("{}/{}", all.threshold, all.threshold);
    if all.count == 0 {
        return format!("Chưa có xã đạt đủ {of_all} tiêu chí theo Bộ tiêu chí.");
    }
    let mut sentence = format!(
        "Có {} xã đạt đủ {of_all} tiêu chí theo Bộ tiêu chí",
        of(all.count, stats.communes_judged)
    );
    if let Some(share) = percent(all.count, stats.communes_judged) {
        sentence.push_str(&format!(", chiếm {share}%"));
    }
    sentence.push_str(&format!(" ({})", names(&all.communes)));
    full_stop(sentence)
}

/// Communes that came to meet, or no longer meet, every criterion since a year earlier.
fn all_criteria_change_sentence(stats: &Stats) -> Option<String> {
    let changes = stats.changes.as_ref()?;
    let threshold = stats.all_criteria_met.threshold;
    let label = changes.compared_with.label_vi();
    let mut parts = Vec::new();
    if !changes.all_criteria_gained.is_empty() {
        parts.push(format!(
            "có thêm {} xã đạt đủ {threshold} tiêu chí (xã {})",
            two(changes.all_criteria_gained.len() as u32),
            names(&changes.all_criteria_gained)
        ));
    }
    if !changes.all_criteria_lost.is_empty() {
        parts.push(format!(
            "{} xã không còn đạt đủ {threshold} tiêu chí (xã {})",
            two(changes.all_criteria_lost.len() as u32),
            names(&changes.all_criteria_lost)
        ));
    }
    (!parts.is_empty()).then(|| full_stop(format!("So với {label}, {}", parts.join("; "))))
}

/// "Có 04/16 xã đã được công nhận đạt chuẩn nông thôn mới (Huổi Luông, Khổng
/// Lào, Ma Li Pho, Mường So theo Quyết định 935/QĐ-UBND ngày 28/08/2017);
/// trong đó 02 xã theo số liệu năm 2023 chưa đạt đủ 19 tiêu chí (Khổng Lào,
/// Ma Li Pho), cần duy trì, nâng cao chất lượng các tiêu chí."
fn recognition_sentence(stats: &Stats) -> Option<String> {
    let recognized = &stats.recognized;
    if recognized.count == 0 {
        return None;
    }
    let by_decision: Vec<String> = recognized
        .decisions
        .iter()
        .map(|d| format!("{} theo {}", names(&d.communes), d.decision))
        .collect();
    let mut sentence = format!(
        "Có {} xã đã được công nhận đạt chuẩn nông thôn mới ({})",
        of(recognized.count, stats.communes),
        by_decision.join("; ")
    );
    if !recognized.short_of_all_criteria.is_empty() {
        sentence.push_str(&format!(
            "; trong đó {} xã theo số liệu {} chưa đạt đủ {} tiêu chí ({}), cần duy trì, nâng cao chất lượng các tiêu chí",
            two(recognized.short_of_all_criteria.len() as u32),
            stats.period_label,
            stats.all_criteria_met.threshold,
            names(&recognized.short_of_all_criteria)
        ));
    }
    Some(full_stop(sentence))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bracket(label: &str, min: u32, max: u32, communes: &[&str]) -> BracketFigure {
        BracketFigure {
            label: label.into(),
            min,
            max,
            count: communes.len() as u32,
            communes: communes.iter().map(|s| s.to_string()).collect(),
            marks: Default::default(),
        }
    }

    #[test]
    fn brackets_read_like_the_reports() {
        let brackets = [
            bracket("19 tiêu chí", 19, 19, &["Huổi Luông", "Mường So"]),
            bracket("15 - 18 tiêu chí", 15, 18, &[]),
            bracket("dưới 10 tiêu chí", 0, 9, &["Dào San"]),
        ];
        assert_eq!(
            brackets_sentence(&brackets),
            "Số xã theo số tiêu chí đạt: 02 xã đạt 19 tiêu chí (Huổi Luông, Mường So); \
             0 xã đạt từ 15 - 18 tiêu chí; 01 xã đạt dưới 10 tiêu chí (Dào San)."
        );
    }
}
