//! The program's targets, as seed 001 (section II.2) and seed 000 write them:
//! communes by number of criteria met, the average per commune, communes
//! meeting every criterion, and communes already recognized.

use ntm_core::aggregate::{BracketFigure, Stats};
use ntm_core::quantity::format_percent_hundredths;

use crate::narrative::phrasing::{full_stop, names, of, percent, two};

/// The paragraphs of the targets part; empty without communes.
pub(crate) fn summary_paragraphs(stats: &Stats) -> Vec<String> {
    if stats.communes == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    if !stats.brackets.is_empty() {
        out.push(brackets_sentence(&stats.brackets));
    }
    out.push(average_sentence(stats));
    out.push(standard_sentence(stats));
    out.extend(standard_change_sentence(stats));
    out.extend(recognition_sentence(stats));
    out
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

/// "Bình quân đạt 11,06 tiêu chí/xã (177 tiêu chí đạt trên 16 xã), theo …;
/// năm 2022 bình quân đạt 10,56 tiêu chí/xã."
fn average_sentence(stats: &Stats) -> String {
    let mut sentence = format!(
        "Bình quân đạt {} tiêu chí/xã ({} tiêu chí đạt trên {} xã), theo {}",
        stats.average_criteria_text,
        stats.criteria_met_total,
        stats.communes,
        set_reference(stats)
    );
    if let Some(changes) = stats.changes.as_ref().filter(|c| c.communes_compared > 0) {
        let before = format_percent_hundredths(hundredths(changes.average_before), 2);
        sentence.push_str(&format!(
            "; {} bình quân đạt {before} tiêu chí/xã",
            changes.compared_with.label_vi()
        ));
        if changes.communes_compared != stats.communes {
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

/// An average kept as a float, back in hundredths; not-a-number reads as 0.
fn hundredths(average: f64) -> i64 {
    (average * 100.0).round() as i64
}

/// "Có 02/16 xã đạt đủ 19 tiêu chí, chiếm 12,5% (Huổi Luông, Mường So)."
fn standard_sentence(stats: &Stats) -> String {
    let standard = &stats.standard_met;
    if standard.count == 0 {
        return format!(
            "Chưa có xã đạt đủ {} tiêu chí theo Bộ tiêu chí.",
            standard.threshold
        );
    }
    let mut sentence = format!(
        "Có {} xã đạt đủ {} tiêu chí theo Bộ tiêu chí",
        of(standard.count, stats.communes),
        standard.threshold
    );
    if let Some(share) = percent(standard.count, stats.communes) {
        sentence.push_str(&format!(", chiếm {share}%"));
    }
    sentence.push_str(&format!(" ({})", names(&standard.communes)));
    full_stop(sentence)
}

/// Communes that reached or lost every criterion since a year earlier.
fn standard_change_sentence(stats: &Stats) -> Option<String> {
    let changes = stats.changes.as_ref()?;
    let threshold = stats.standard_met.threshold;
    let label = changes.compared_with.label_vi();
    let mut parts = Vec::new();
    if !changes.standard_gained.is_empty() {
        parts.push(format!(
            "có thêm {} xã đạt đủ {threshold} tiêu chí (xã {})",
            two(changes.standard_gained.len() as u32),
            names(&changes.standard_gained)
        ));
    }
    if !changes.standard_lost.is_empty() {
        parts.push(format!(
            "{} xã không còn đạt đủ {threshold} tiêu chí (xã {})",
            two(changes.standard_lost.len() as u32),
            names(&changes.standard_lost)
        ));
    }
    (!parts.is_empty()).then(|| full_stop(format!("So với {label}, {}", parts.join("; "))))
}

/// "Có 04/16 xã đã được công nhận (Huổi Luông, Khổng Lào, Ma Li Pho, Mường So
/// theo Quyết định 935/QĐ-UBND ngày 28/08/2017); trong đó 02 xã hiện chưa đạt
/// đủ 19 tiêu chí (Khổng Lào, Ma Li Pho), cần duy trì, nâng cao chất lượng các tiêu chí."
fn recognition_sentence(stats: &Stats) -> Option<String> {
    let mut decisions: Vec<(&str, Vec<String>)> = Vec::new();
    let mut recognized = 0;
    let mut falling_short = Vec::new();
    for commune in &stats.per_commune {
        let Some(decision) = commune.recognized.as_deref() else {
            continue;
        };
        recognized += 1;
        match decisions.iter_mut().find(|(d, _)| *d == decision) {
            Some((_, communes)) => communes.push(commune.name.clone()),
            None => decisions.push((decision, vec![commune.name.clone()])),
        }
        if !commune.standard_met {
            falling_short.push(commune.name.clone());
        }
    }
    if recognized == 0 {
        return None;
    }
    let by_decision: Vec<String> = decisions
        .iter()
        .map(|(decision, communes)| format!("{} theo {decision}", names(communes)))
        .collect();
    let mut sentence = format!(
        "Có {} xã đã được công nhận ({})",
        of(recognized, stats.communes),
        by_decision.join("; ")
    );
    if !falling_short.is_empty() {
        sentence.push_str(&format!(
            "; trong đó {} xã hiện chưa đạt đủ {} tiêu chí ({}), cần duy trì, nâng cao chất lượng các tiêu chí",
            two(falling_short.len() as u32),
            stats.standard_met.threshold,
            names(&falling_short)
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

    #[test]
    fn a_broken_average_reads_as_zero() {
        assert_eq!(hundredths(11.06), 1106);
        assert_eq!(hundredths(f64::NAN), 0);
    }
}
