//! What the values say against a document's figure: a count, a bracket, the
//! average, a named list of communes, a commune's criteria, an indicator's
//! printed percent. Part of the findings on documents (`documents.rs`).

use std::collections::BTreeSet;

use crate::aggregate::documents::{of_document, says};
use crate::aggregate::figures::{CommuneFigure, Stats};
use crate::aggregate::findings::{Finding, FindingKind};
use crate::aggregate::stats::{StatsInput, two};
use crate::quantity::format_percent_hundredths;
use crate::reported::{Claim, NamedStatus, ReportedFigure};

/// A named list for a criterion and status against the values: communes
/// the values put there that the list leaves out, and named communes the
/// values put elsewhere.
pub(super) fn named_against_values(
    input: &StatsInput<'_>,
    stats: &Stats,
    figure: &ReportedFigure,
    (label, criterion, status): (&str, &str, NamedStatus),
    communes: &[String],
    out: &mut Vec<Finding>,
) {
    let doc = says(&figure.document);
    let in_status = |c: &CommuneFigure| match status {
        NamedStatus::Met => c.met_criteria.iter().any(|x| x == criterion),
        NamedStatus::NotMet => c.not_met_criteria.iter().any(|x| x == criterion),
    };
    let word = match status {
        NamedStatus::Met => "đạt",
        NamedStatus::NotMet => "chưa đạt",
    };
    let missing: Vec<&str> = stats
        .per_commune
        .iter()
        .filter(|c| c.judged && in_status(c) && !communes.contains(&c.code))
        .map(|c| c.name.as_str())
        .collect();
    if !missing.is_empty() {
        let mut f = of_document(
            FindingKind::DocumentMissingUnit,
            input,
            figure,
            format!(
                "{doc} {label}: thiếu {} xã mà số liệu {} cho là {word} tiêu chí {criterion}: {}",
                two(missing.len() as u32),
                stats.period_label,
                missing.join(", ")
            ),
        );
        f.criterion = Some(criterion.to_string());
        out.push(f);
    }
    let elsewhere: Vec<&str> = stats
        .per_commune
        .iter()
        .filter(|c| c.judged && communes.contains(&c.code) && !in_status(c))
        .map(|c| c.name.as_str())
        .collect();
    if !elsewhere.is_empty() {
        let mut f = of_document(
            FindingKind::DocumentMissingUnit,
            input,
            figure,
            format!(
                "{doc} {label}: các xã {} nhưng số liệu {} cho là không {word} tiêu chí {criterion}",
                elsewhere.join(", "),
                stats.period_label
            ),
        );
        f.criterion = Some(criterion.to_string());
        out.push(f);
    }
}

/// What the values say against a document's figure.
pub(super) fn against_values(
    input: &StatsInput<'_>,
    stats: &Stats,
    figure: &ReportedFigure,
    out: &mut Vec<Finding>,
) {
    let doc = says(&figure.document);
    let n = two(stats.communes_judged);
    let mismatch = |message: String, criterion: Option<String>| {
        let mut f = of_document(FindingKind::ReportedFigureMismatch, input, figure, message);
        f.criterion = criterion;
        f
    };
    match &figure.claim {
        Claim::CriterionCount { criterion, count } => {
            if let Some(c) = stats.per_criterion.iter().find(|c| &c.criterion == criterion)
                && c.met != *count
            {
                out.push(mismatch(
                    format!(
                        "{doc} {}/{n} xã đạt tiêu chí {} ({}); số liệu cho {}/{n} xã",
                        two(*count),
                        c.criterion,
                        c.name,
                        two(c.met)
                    ),
                    Some(criterion.clone()),
                ));
            }
        }
        Claim::BracketCount { min, max, count } => {
            if let Some(b) = stats.brackets.iter().find(|b| b.min == *min && b.max == *max)
                && b.count != *count
            {
                let mut message = format!(
                    "{doc} {} xã {}; số liệu cho {} xã",
                    two(*count),
                    b.label,
                    two(b.count)
                );
                if !b.communes.is_empty() {
                    message.push_str(&format!(" ({})", b.communes.join(", ")));
                }
                // The reports count recognised communes among those meeting
                // every criterion: say which, by name.
                let short = &stats.recognized.short_of_all_criteria;
                if *min == stats.all_criteria_met.threshold && !short.is_empty() {
                    message.push_str(&format!(
                        "; các xã đã được công nhận đạt chuẩn nhưng chưa đạt đủ {} tiêu chí: {}",
                        stats.all_criteria_met.threshold,
                        short.join(", ")
                    ));
                }
                out.push(mismatch(message, None));
            }
        }
        Claim::Average { hundredths } => {
            if let (Some(average), Some(text)) = (stats.average_criteria, &stats.average_criteria_text) {
                let derived = (average * 100.0).round() as i64;
                if derived != *hundredths {
                    out.push(mismatch(
                        format!(
                            "{doc} bình quân {} tiêu chí/xã; số liệu cho {text} ({} tiêu chí trên {n} xã)",
                            format_percent_hundredths(*hundredths, 2),
                            stats.criteria_met_total
                        ),
                        None,
                    ));
                }
            }
        }
        Claim::StandardCount { count } => {
            // "Đạt chuẩn" is a recognition: compared with the decisions in force.
            let recognized = &stats.recognized;
            if recognized.count != *count {
                let total = two(stats.communes);
                let mut message = format!(
                    "{doc} {}/{total} xã đạt chuẩn nông thôn mới; theo các quyết định công nhận còn hiệu lực có {}/{total} xã",
                    two(*count),
                    two(recognized.count),
                );
                if !recognized.communes.is_empty() {
                    message.push_str(&format!(" ({})", recognized.communes.join(", ")));
                }
                out.push(mismatch(message, None));
            }
        }
        Claim::QuantityPercent {
            indicator,
            hundredths,
        } => {
            if let Some(m) = quantity_percent(doc, stats, indicator, *hundredths) {
                out.push(mismatch(m, None));
            }
        }
        Claim::CommuneCriteria {
            commune,
            count,
            listed,
        } => commune_criteria(
            input,
            stats,
            (doc, commune, *count, listed.as_deref()),
            &mismatch,
            out,
        ),
        Claim::StatedPercent { .. } | Claim::NamedCount { .. } => {}
    }
}

/// A commune's criteria as a document lists them, against the values.
fn commune_criteria(
    input: &StatsInput<'_>,
    stats: &Stats,
    (doc, commune, count, listed): (&str, &str, u32, Option<&[String]>),
    mismatch: &dyn Fn(String, Option<String>) -> Finding,
    out: &mut Vec<Finding>,
) {
    let Some(c) = stats.per_commune.iter().find(|c| c.code == commune && c.judged) else {
        return;
    };
    let total = input.set.criteria.len();
    if let Some(listed) = listed {
        if listed.len() as u32 != count {
            out.push(mismatch(
                format!(
                    "{doc} xã {} đạt {count}/{total} tiêu chí nhưng chỉ liệt kê {} tiêu chí",
                    c.name,
                    listed.len()
                ),
                None,
            ));
        }
        let listed_set: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
        let derived: BTreeSet<&str> = c.met_criteria.iter().map(String::as_str).collect();
        let set = input.set;
        let order = |code: &&str| set.criterion_index(code).unwrap_or(usize::MAX);
        let mut only_report: Vec<&str> = listed_set.difference(&derived).copied().collect();
        only_report.sort_by_key(order);
        let mut only_values: Vec<&str> = derived.difference(&listed_set).copied().collect();
        only_values.sort_by_key(order);
        if !only_report.is_empty() || !only_values.is_empty() {
            let mut msg = format!(
                "Danh sách tiêu chí đã đạt của xã {} trong văn bản khác số liệu",
                c.name
            );
            if !only_values.is_empty() {
                msg.push_str(&format!(
                    "; số liệu cho đạt nhưng văn bản không ghi: {}",
                    only_values.join(", ")
                ));
            }
            if !only_report.is_empty() {
                msg.push_str(&format!(
                    "; văn bản ghi đạt nhưng số liệu cho chưa đạt: {}",
                    only_report.join(", ")
                ));
            }
            out.push(mismatch(msg, None));
        }
    }
    if c.met != count {
        out.push(mismatch(
            format!(
                "{doc} xã {} đạt {count}/{total} tiêu chí; số liệu cho {}/{total}",
                c.name, c.met
            ),
            None,
        ));
    }
}

/// A printed percent for an indicator quantity that the quantity does not give.
/// Reports round to one decimal or to whole percents: only a difference beyond
/// the printed precision is a contradiction.
fn quantity_percent(doc: &str, stats: &Stats, indicator: &str, hundredths: i64) -> Option<String> {
    let q = stats.quantities.iter().find(|q| q.indicator == indicator)?;
    let exact = q.achieved?.percent_hundredths_of(q.total?)?;
    let tolerance = if hundredths % 100 == 0 {
        50
    } else if hundredths % 10 == 0 {
        5
    } else {
        0
    };
    if (exact - hundredths).abs() <= tolerance {
        return None;
    }
    let printed = format_percent_hundredths(hundredths, 2);
    let printed = printed.trim_end_matches('0').trim_end_matches(',');
    let quantity = q.text.split(" (").next().unwrap_or(&q.text);
    Some(format!(
        "{doc} chỉ tiêu {indicator} đạt {printed}%; {quantity} là {}%",
        format_percent_hundredths(exact, 2)
    ))
}
