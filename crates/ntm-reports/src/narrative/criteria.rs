//! The results criterion by criterion, as seed 001 (section II.1) writes them:
//! "Tiêu chí số 02 - Giao thông: Có 04/16 xã đạt tiêu chí Giao thông (Mường So,
//! Khổng Lào, Ma Li Pho, Huổi Luông)", the change against a year earlier
//! ("tăng 01 xã so với năm 2022 – xã Bản Lang") and, under each criterion, the
//! quantities behind its indicators.

use ntm_core::aggregate::{CriterionChange, CriterionFigure, QuantityFigure, Stats};

use crate::narrative::Noted;
use crate::narrative::phrasing::{criterion_title, full_stop, names, of, two};

/// One sentence per criterion, each followed by its indicators' quantities;
/// quantities of indicators outside the listed criteria come last. A
/// sentence resting on estimated or derived values carries a footnote
/// saying which.
pub(crate) fn criteria_paragraphs(stats: &Stats) -> Noted {
    let changes = stats.changes.as_ref().filter(|c| c.communes_compared > 0);
    let compared_with = changes.map(|c| c.compared_with.label_vi());
    let mut out = Noted::default();
    let quantity = |out: &mut Noted, q: &QuantityFigure| out.push(quantity_line(q), q.marks.note(""));
    for figure in &stats.per_criterion {
        let change = changes.and_then(|changes| {
            changes
                .per_criterion
                .iter()
                .find(|c| c.criterion == figure.criterion)
        });
        let change = change.zip(compared_with.as_deref());
        let mut notes: Vec<String> = figure
            .marks
            .note_within(&stats.period_label, figure.total as usize)
            .into_iter()
            .collect();
        if let Some((c, label)) = change {
            let compared = changes.map_or(0, |ch| ch.communes_compared as usize);
            notes.extend(
                c.marks
                    .clause("", compared)
                    .map(|clause| format!("So với {label}, {clause}")),
            );
        }
        out.push(criterion_sentence(figure, change), notes);
        for q in stats
            .quantities
            .iter()
            .filter(|q| belongs_to(&q.indicator, &figure.criterion))
        {
            quantity(&mut out, q);
        }
    }
    for q in stats.quantities.iter().filter(|q| {
        !stats
            .per_criterion
            .iter()
            .any(|c| belongs_to(&q.indicator, &c.criterion))
    }) {
        quantity(&mut out, q);
    }
    out
}

/// "Tiêu chí số 05 - Trường học: Có 09/16 xã đạt tiêu chí Trường học (…),
/// tăng 01 xã so với năm 2022 – xã Bản Lang; còn 07 xã chưa đạt."
pub(crate) fn criterion_sentence(
    figure: &CriterionFigure,
    change: Option<(&CriterionChange, &str)>,
) -> String {
    let mut sentence = format!(
        "{}: {}",
        criterion_title(&figure.criterion, &figure.name),
        met_clause(figure)
    );
    if let Some(clause) = change.and_then(|(change, label)| change_clause(change, label)) {
        sentence.push_str(", ");
        sentence.push_str(&clause);
    }
    if let Some(clause) = not_met_clause(figure) {
        sentence.push_str("; ");
        sentence.push_str(&clause);
    }
    if !figure.no_data.is_empty() {
        sentence.push_str(&format!(
            "; {} xã chưa có số liệu ({})",
            two(figure.no_data.len() as u32),
            names(&figure.no_data)
        ));
    }
    full_stop(sentence)
}

/// The communes meeting the criterion, by name unless it is all of them.
fn met_clause(figure: &CriterionFigure) -> String {
    let (met, total) = (figure.met, figure.total);
    if total == 0 {
        "chưa có xã có số liệu".to_string()
    } else if met == 0 {
        format!("Chưa có xã đạt tiêu chí ({} xã)", of(0, total))
    } else if met >= total {
        format!("Có {} xã đạt tiêu chí", of(met, total))
    } else {
        format!(
            "Có {} xã đạt tiêu chí {} ({})",
            of(met, total),
            figure.name,
            names(&figure.communes)
        )
    }
}

/// The communes not meeting it: counted, and named when they are fewer than
/// those meeting it (the reports name the smaller group).
fn not_met_clause(figure: &CriterionFigure) -> Option<String> {
    let count = figure.not_met.len() as u32;
    if count == 0 || count >= figure.total {
        return None;
    }
    let mut clause = format!("còn {} xã chưa đạt", two(count));
    if count <= figure.met {
        clause.push_str(&format!(" ({})", names(&figure.not_met)));
    }
    Some(clause)
}

/// "tăng 01 xã so với năm 2022 – xã Bản Lang"; `None` when nothing changed.
fn change_clause(change: &CriterionChange, compared_with: &str) -> Option<String> {
    let (gained, lost) = (&change.gained, &change.lost);
    let count = |list: &Vec<String>| two(list.len() as u32);
    match (gained.is_empty(), lost.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!(
            "tăng {} xã so với {compared_with} – xã {}",
            count(gained),
            names(gained)
        )),
        (true, false) => Some(format!(
            "giảm {} xã so với {compared_with} – xã {}",
            count(lost),
            names(lost)
        )),
        (false, false) => Some(format!(
            "so với {compared_with} có thêm {} xã đạt (xã {}) và {} xã không còn đạt (xã {})",
            count(gained),
            names(gained),
            count(lost),
            names(lost)
        )),
    }
}

/// Whether an indicator ("2.2", or "5" for a criterion with one indicator)
/// belongs to the criterion ("2").
fn belongs_to(indicator: &str, criterion: &str) -> bool {
    indicator.split('.').next() == Some(criterion)
}

/// "- Chỉ tiêu 2.2: Đường trục thôn, bản … là 226,84/318,39 km (71,25%)."
fn quantity_line(quantity: &QuantityFigure) -> String {
    let name = quantity.name.trim().trim_end_matches('.');
    let mut line = format!("- Chỉ tiêu {}: {name} là {}", quantity.indicator, quantity.text);
    if quantity.basis == "sum_of_communes" {
        line.push_str(&format!(
            " (tổng hợp từ số liệu của {} xã)",
            two(quantity.communes_counted)
        ));
    }
    full_stop(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(met: &[&str], not_met: &[&str], no_data: &[&str]) -> CriterionFigure {
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        CriterionFigure {
            criterion: "2".into(),
            name: "Giao thông".into(),
            met: met.len() as u32,
            total: (met.len() + not_met.len() + no_data.len()) as u32,
            communes: list(met),
            commune_codes: Vec::new(),
            not_met: list(not_met),
            no_data: list(no_data),
            unjudged: Vec::new(),
            marks: Default::default(),
        }
    }

    fn change(gained: &[&str], lost: &[&str]) -> CriterionChange {
        CriterionChange {
            criterion: "2".into(),
            name: "Giao thông".into(),
            before: 0,
            after: 0,
            gained: gained.iter().map(|s| s.to_string()).collect(),
            gained_codes: Vec::new(),
            lost: lost.iter().map(|s| s.to_string()).collect(),
            marks: Default::default(),
        }
    }

    #[test]
    fn names_the_communes_meeting_it_and_the_smaller_group_missing_it() {
        let f = figure(
            &["Mường So", "Huổi Luông"],
            &["Bản Lang", "Nậm Xe", "Dào San"],
            &[],
        );
        assert_eq!(
            criterion_sentence(&f, None),
            "Tiêu chí số 02 - Giao thông: Có 02/05 xã đạt tiêu chí Giao thông (Mường So, Huổi Luông); còn 03 xã chưa đạt."
        );
        let f = figure(&["A", "B", "C"], &["D"], &["E"]);
        assert_eq!(
            criterion_sentence(&f, None),
            "Tiêu chí số 02 - Giao thông: Có 03/05 xã đạt tiêu chí Giao thông (A, B, C); còn 01 xã chưa đạt (D); 01 xã chưa có số liệu (E)."
        );
    }

    #[test]
    fn all_or_none() {
        assert_eq!(
            criterion_sentence(&figure(&["A", "B"], &[], &[]), None),
            "Tiêu chí số 02 - Giao thông: Có 02/02 xã đạt tiêu chí."
        );
        assert_eq!(
            criterion_sentence(&figure(&[], &["A", "B"], &[]), None),
            "Tiêu chí số 02 - Giao thông: Chưa có xã đạt tiêu chí (0/02 xã)."
        );
        assert_eq!(
            criterion_sentence(&figure(&[], &[], &[]), None),
            "Tiêu chí số 02 - Giao thông: chưa có xã có số liệu."
        );
    }

    #[test]
    fn changes_against_the_year_before() {
        let f = figure(&["Bản Lang", "Mường So"], &["Nậm Xe", "Dào San", "Mù Sang"], &[]);
        let gained = change(&["Bản Lang"], &[]);
        assert!(
            criterion_sentence(&f, Some((&gained, "năm 2022")))
                .contains("(Bản Lang, Mường So), tăng 01 xã so với năm 2022 – xã Bản Lang; còn 03 xã")
        );
        let lost = change(&[], &["Nậm Xe"]);
        assert!(
            criterion_sentence(&f, Some((&lost, "năm 2022")))
                .contains("giảm 01 xã so với năm 2022 – xã Nậm Xe")
        );
        let both = change(&["Bản Lang"], &["Nậm Xe"]);
        assert!(
            criterion_sentence(&f, Some((&both, "năm 2022"))).contains(
                "so với năm 2022 có thêm 01 xã đạt (xã Bản Lang) và 01 xã không còn đạt (xã Nậm Xe)"
            )
        );
        assert!(!criterion_sentence(&f, Some((&change(&[], &[]), "năm 2022"))).contains("2022"));
    }

    #[test]
    fn indicators_belong_to_their_criterion() {
        assert!(belongs_to("2.2", "2"));
        assert!(belongs_to("5", "5"));
        assert!(!belongs_to("10.1", "1"));
    }
}
