//! Each commune's criteria met and not met, by name, as seed 001 (section
//! II.4) writes them: "Xã Lản Nhì Thàng: đạt 13/19 tiêu chí (tiêu chí số 01:
//! Quy hoạch; …); chưa đạt 06 tiêu chí (tiêu chí số 02: Giao thông; …)."

use std::collections::HashMap;

use ntm_core::aggregate::{CommuneFigure, Marks, Stats};

use crate::narrative::Noted;
use crate::narrative::phrasing::{criterion_item, full_stop, names, of, two};

/// One paragraph per commune with data, those meeting the most criteria
/// first, each with a footnote when some of its criteria rest on estimated
/// or derived values; the communes without data in one sentence.
pub(crate) fn commune_paragraphs(stats: &Stats) -> Noted {
    let criteria: HashMap<&str, &str> = stats
        .per_criterion
        .iter()
        .map(|c| (c.criterion.as_str(), c.name.as_str()))
        .collect();
    let total = stats.per_criterion.len() as u32;
    let mut communes: Vec<&CommuneFigure> = stats.per_commune.iter().filter(|c| c.judged).collect();
    communes.sort_by_key(|c| std::cmp::Reverse(c.met));
    let mut out = Noted::default();
    for commune in communes {
        let marks = Marks {
            estimated: criteria_list(&commune.estimated_criteria),
            derived: criteria_list(&commune.derived_criteria),
        };
        let note = marks.note(&stats.period_label);
        out.push(commune_sentence(commune, total, &criteria), note);
    }
    if !stats.without_data.is_empty() {
        out.push(
            full_stop(format!(
                "Chưa có số liệu đánh giá {}: {} xã ({})",
                stats.period_label,
                two(stats.communes_without_data),
                names(&stats.without_data)
            )),
            None,
        );
    }
    out
}

/// ["tiêu chí 9, 10"], or nothing.
fn criteria_list(codes: &[String]) -> Vec<String> {
    if codes.is_empty() {
        Vec::new()
    } else {
        vec![format!("tiêu chí {}", codes.join(", "))]
    }
}

fn commune_sentence(commune: &CommuneFigure, total: u32, criteria: &HashMap<&str, &str>) -> String {
    let list = |codes: &[String]| -> String {
        codes
            .iter()
            .map(|code| criterion_item(code, criteria.get(code.as_str()).copied()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut sentence = format!("Xã {}", commune.name);
    if let Some(decision) = &commune.recognized {
        sentence.push_str(&format!(
            " (đã được công nhận đạt chuẩn nông thôn mới theo {decision})"
        ));
    }
    sentence.push_str(": ");
    let met = commune.met_criteria.len() as u32;
    if total > 0 && met >= total {
        sentence.push_str(&format!("đạt đủ {} tiêu chí", of(met, total)));
    } else if met == 0 {
        sentence.push_str(&format!("chưa đạt tiêu chí nào ({} tiêu chí)", of(0, total)));
    } else {
        sentence.push_str(&format!(
            "đạt {} tiêu chí ({})",
            of(met, total),
            list(&commune.met_criteria)
        ));
    }
    if !commune.not_met_criteria.is_empty() {
        sentence.push_str(&format!(
            "; chưa đạt {} tiêu chí ({})",
            two(commune.not_met_criteria.len() as u32),
            list(&commune.not_met_criteria)
        ));
    }
    if !commune.no_data_criteria.is_empty() {
        sentence.push_str(&format!(
            "; chưa có số liệu {} tiêu chí ({})",
            two(commune.no_data_criteria.len() as u32),
            list(&commune.no_data_criteria)
        ));
    }
    if !commune.unjudged_criteria.is_empty() {
        sentence.push_str(&format!(
            "; chưa xác định {} tiêu chí (có số liệu, chưa có ngưỡng để đánh giá: {})",
            two(commune.unjudged_criteria.len() as u32),
            list(&commune.unjudged_criteria)
        ));
    }
    full_stop(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_met_and_missing_criteria() {
        let criteria = HashMap::from([("1", "Quy hoạch"), ("2", "Giao thông")]);
        let commune = CommuneFigure {
            code: "03391".into(),
            name: "Lản Nhì Thàng".into(),
            met: 1,
            met_criteria: vec!["1".into()],
            not_met_criteria: vec!["2".into()],
            no_data_criteria: Vec::new(),
            unjudged_criteria: Vec::new(),
            has_data: true,
            judged: true,
            all_criteria_met: false,
            recognized: None,
            recognized_short: None,
            estimated_criteria: Vec::new(),
            derived_criteria: Vec::new(),
            commune_group: None,
        };
        assert_eq!(
            commune_sentence(&commune, 2, &criteria),
            "Xã Lản Nhì Thàng: đạt 01/02 tiêu chí (tiêu chí số 01: Quy hoạch); chưa đạt 01 tiêu chí (tiêu chí số 02: Giao thông)."
        );
    }
}
