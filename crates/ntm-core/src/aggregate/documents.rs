//! Findings on the documents themselves. Each names the document and its
//! place (`Finding::source`):
//!
//! - a figure the values do not give (a count, a bracket, the average, a
//!   commune's criteria, an indicator's printed percent);
//! - a percentage the document's own numbers do not give, within the
//!   tolerance of its rounding ("65,6%" for 3.890/5.939 is 65,5%);
//! - a count its list of names does not match, and a commune the figure
//!   leaves out or names wrongly;
//! - two documents of the same unit and period that state the same figure
//!   differently;
//! - a registration to complete a criterion the values say is already met.

use std::collections::BTreeSet;

use crate::aggregate::figures::{CommuneFigure, Stats};
use crate::aggregate::findings::{Finding, FindingKind, Severity};
use crate::aggregate::stats::{StatsInput, two};
use crate::criteria::SetLevel;
use crate::evaluation::{CriterionStatus, UnitSummary, evaluate_unit};
use crate::quantity::{Quantity, format_percent_hundredths};
use crate::reported::{Claim, NamedStatus, ReportedFigure};
use crate::unit::Unit;

/// "Kế hoạch ghi", "Báo cáo ghi", "Văn bản ghi": how a finding starts.
fn says(document: &str) -> &'static str {
    let d = document.trim_start().to_lowercase();
    if d.starts_with("kế hoạch") {
        "Kế hoạch ghi"
    } else if d.starts_with("báo cáo") {
        "Báo cáo ghi"
    } else {
        "Văn bản ghi"
    }
}

fn of_document(
    kind: FindingKind,
    input: &StatsInput<'_>,
    figure: &ReportedFigure,
    message: String,
) -> Finding {
    Finding {
        kind,
        severity: Severity::Warning,
        unit: Some(input.root.code.to_string()),
        criterion: None,
        message,
        source: Some(figure.source()),
    }
}

/// The figures the documents of the root unit and period state.
fn figures<'a>(input: &'a StatsInput<'_>) -> impl Iterator<Item = &'a ReportedFigure> {
    input
        .reported
        .iter()
        .filter(|r| r.unit == input.root.id && r.period == input.period)
}

/// Every finding on the documents of the root unit and period.
pub(crate) fn reported(input: &StatsInput<'_>, stats: &Stats, out: &mut Vec<Finding>) {
    for figure in figures(input) {
        internal(input, stats, figure, out);
        if stats.has_data() {
            against_values(input, stats, figure, out);
        }
    }
    across_documents(input, stats, out);
}

/// What a document's own numbers and names say against it.
fn internal(input: &StatsInput<'_>, stats: &Stats, figure: &ReportedFigure, out: &mut Vec<Finding>) {
    let doc = says(&figure.document);
    match &figure.claim {
        Claim::StatedPercent {
            label,
            part,
            whole,
            printed,
        } => {
            if let Some(message) = stated_percent(doc, label, *part, *whole, printed) {
                out.push(of_document(
                    FindingKind::DocumentArithmetic,
                    input,
                    figure,
                    message,
                ));
            }
        }
        Claim::NamedCount {
            label,
            count,
            communes,
            criterion,
            status,
        } => {
            let names: Vec<String> = communes.iter().map(|c| commune_name(stats, c)).collect();
            if communes.len() as u32 != *count {
                out.push(of_document(
                    FindingKind::DocumentCountMismatch,
                    input,
                    figure,
                    format!(
                        "{doc} {} xã ({label}) nhưng chỉ nêu tên {} xã: {}",
                        two(*count),
                        two(communes.len() as u32),
                        names.join(", ")
                    ),
                ));
            }
            for code in communes {
                if !stats.per_commune.iter().any(|c| &c.code == code) {
                    out.push(of_document(
                        FindingKind::DocumentMissingUnit,
                        input,
                        figure,
                        format!(
                            "{doc} xã mã {code} ({label}) nhưng {} không có xã này trong kỳ",
                            stats.unit.full_name
                        ),
                    ));
                }
            }
            if let (Some(criterion), Some(status), true) = (criterion, status, stats.has_data()) {
                named_against_values(input, stats, figure, (label, criterion, *status), communes, out);
            }
        }
        _ => {}
    }
}

/// A commune's name from its code (the code itself when unknown).
fn commune_name(stats: &Stats, code: &str) -> String {
    stats
        .per_commune
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_string(), |c| c.name.clone())
}

/// "Đạt 65,6%" for `part/whole`: consistent when the exact percentage rounds
/// to what is printed (either way at the half), with as many decimals as printed.
fn stated_percent(doc: &str, label: &str, part: Quantity, whole: Quantity, printed: &str) -> Option<String> {
    let printed = printed.trim().trim_end_matches('%').trim();
    let decimals = printed.split_once(',').map_or(0, |(_, d)| d.len() as u32).min(4);
    let printed_value = Quantity::parse_vi(printed).ok()?;
    let numbers = format!("{}/{}", part.to_vi_string(), whole.to_vi_string());
    if whole.raw() <= 0 {
        return Some(format!(
            "{label}: {doc} {printed}% nhưng {numbers} không tính được tỷ lệ (mẫu số bằng 0)"
        ));
    }
    // exact = part / whole × 100; printed p has `decimals` decimals: consistent
    // when |exact − p| ≤ ½ unit of its last decimal, compared exactly.
    let unit = 10i128.pow(decimals);
    let p = i128::from(printed_value.raw()) * unit / i128::from(crate::quantity::SCALE);
    let left = i128::from(part.raw()) * 100 * unit * 2;
    let whole = i128::from(whole.raw());
    if (2 * p - 1) * whole <= left && left <= (2 * p + 1) * whole {
        return None;
    }
    // The exact percentage rounded (half up) to the printed decimals (at most 2).
    let shown = decimals.min(2);
    let shown_unit = 10i128.pow(shown);
    let rounded = (i128::from(part.raw()) * 100 * shown_unit * 2 + whole) / (whole * 2);
    let computed = format_percent_hundredths((rounded * 100 / shown_unit) as i64, shown);
    Some(format!(
        "{label}: {doc} {printed}% nhưng {numbers} là {computed}%"
    ))
}

/// A named list for a criterion and status against the values: communes
/// the values put there that the list leaves out, and named communes the
/// values put elsewhere.
fn named_against_values(
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
        .filter(|c| c.has_data && in_status(c) && !communes.contains(&c.code))
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
        .filter(|c| c.has_data && communes.contains(&c.code) && !in_status(c))
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
fn against_values(input: &StatsInput<'_>, stats: &Stats, figure: &ReportedFigure, out: &mut Vec<Finding>) {
    let doc = says(&figure.document);
    let n = two(stats.communes_with_data);
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
    let Some(c) = stats.per_commune.iter().find(|c| c.code == commune && c.has_data) else {
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

/// The same figure stated differently by two documents of the unit and period.
fn across_documents(input: &StatsInput<'_>, stats: &Stats, out: &mut Vec<Finding>) {
    // (subject key, what it is in words, the value in words) per figure.
    let stated: Vec<(&ReportedFigure, String, String, String)> = figures(input)
        .filter_map(|f| {
            let (key, what, value) = match &f.claim {
                Claim::CriterionCount { criterion, count } => {
                    let name = stats
                        .per_criterion
                        .iter()
                        .find(|c| &c.criterion == criterion)
                        .map_or(String::new(), |c| format!(" ({})", c.name));
                    (
                        format!("c{criterion}"),
                        format!("số xã đạt tiêu chí {criterion}{name}"),
                        format!("{}/{} xã", two(*count), two(stats.communes)),
                    )
                }
                Claim::StandardCount { count } => (
                    "standard".into(),
                    "số xã đạt chuẩn nông thôn mới".into(),
                    format!("{}/{} xã", two(*count), two(stats.communes)),
                ),
                Claim::Average { hundredths } => (
                    "average".into(),
                    "bình quân tiêu chí/xã".into(),
                    format_percent_hundredths(*hundredths, 2),
                ),
                Claim::BracketCount { min, max, count } => (
                    format!("b{min}-{max}"),
                    format!("số xã đạt {min}-{max} tiêu chí"),
                    format!("{} xã", two(*count)),
                ),
                _ => return None,
            };
            Some((f, key, what, value))
        })
        .collect();
    let mut seen = BTreeSet::new();
    for (i, (a, key, what, value_a)) in stated.iter().enumerate() {
        for (b, key_b, _, value_b) in &stated[i + 1..] {
            if key != key_b || a.document == b.document || value_a == value_b {
                continue;
            }
            if !seen.insert((key.clone(), a.document.clone(), b.document.clone())) {
                continue;
            }
            let mut message = format!(
                "Hai văn bản ghi khác nhau {what} {}: {} ({}) ghi {value_a}; {} ({}) ghi {value_b}",
                stats.period_label, a.document, a.place, b.document, b.place
            );
            if let Some(values) = value_of(stats, key) {
                message.push_str(&format!("; số liệu cho {values}"));
            }
            out.push(Finding {
                kind: FindingKind::DocumentsDisagree,
                severity: Severity::Warning,
                unit: Some(input.root.code.to_string()),
                criterion: key.strip_prefix('c').map(str::to_string),
                message,
                source: Some(format!("{}; {}", a.source(), b.source())),
            });
        }
    }
}

/// What the values give for a cross-document key, in words.
fn value_of(stats: &Stats, key: &str) -> Option<String> {
    if !stats.has_data() {
        return None;
    }
    let n = two(stats.communes_with_data);
    if let Some(criterion) = key.strip_prefix('c') {
        let c = stats.per_criterion.iter().find(|c| c.criterion == criterion)?;
        return Some(format!("{}/{n} xã", two(c.met)));
    }
    match key {
        "standard" => Some(format!(
            "{}/{} xã đã được công nhận",
            two(stats.recognized.count),
            two(stats.communes)
        )),
        "average" => stats.average_criteria_text.clone(),
        _ => None,
    }
}

/// Registrations (of the next year) for a criterion or indicator the values
/// of this period say is already met.
pub(crate) fn registrations(
    input: &StatsInput<'_>,
    communes: &[(&Unit, UnitSummary)],
    out: &mut Vec<Finding>,
) {
    let set = input.set;
    if set.level != SetLevel::Commune {
        return;
    }
    for (unit_id, r) in input.registrations {
        if r.namespace != set.namespace {
            continue;
        }
        let Some((unit, summary)) = communes.iter().find(|(u, _)| u.id == *unit_id) else {
            continue;
        };
        let Some(index) = set.criterion_index(&r.criterion) else {
            continue;
        };
        let criterion = &set.criteria[index];
        let already = match &r.indicator {
            None => summary.status(index) == CriterionStatus::Met,
            Some(code) => {
                let day = input.hierarchy.reference_date(input.root, input.period);
                let ctx =
                    crate::aggregate::context_for(input.hierarchy, unit, day, input.period.calendar_year());
                let eval = evaluate_unit(set, unit.id, input.period, ctx, input.values.unit(unit.id));
                eval.criteria[index]
                    .indicators
                    .iter()
                    .find(|i| &i.indicator.code == code)
                    .is_some_and(|i| i.status.is_satisfied() && i.value.is_some())
            }
        };
        if !already {
            continue;
        }
        let subject = match &r.indicator {
            Some(code) => format!("chỉ tiêu {code} (tiêu chí {} {})", criterion.code, criterion.name),
            None => format!("tiêu chí {} {}", criterion.code, criterion.name),
        };
        out.push(Finding {
            kind: FindingKind::RegistrationAlreadyMet,
            severity: Severity::Warning,
            unit: Some(unit.code.to_string()),
            criterion: Some(criterion.code.clone()),
            message: format!(
                "{} đăng ký hoàn thành {subject} năm {} nhưng theo số liệu {} đã đạt",
                unit.full_name(),
                r.year,
                input.period.label_vi()
            ),
            source: r.note.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse_vi(s).expect("number")
    }

    #[test]
    fn a_printed_percentage_is_checked_within_its_rounding() {
        // Seed 001: 3.890 of 5.939 printed 65,6%; it is 65,499…%, 65,5%.
        let m = stated_percent(
            "Báo cáo ghi",
            "Giải ngân vốn chuyển nguồn",
            q("3.890"),
            q("5.939"),
            "65,6",
        )
        .expect("a contradiction");
        assert_eq!(
            m,
            "Giải ngân vốn chuyển nguồn: Báo cáo ghi 65,6% nhưng 3.890/5.939 là 65,5%"
        );
        assert_eq!(
            stated_percent("Báo cáo ghi", "x", q("3.890"), q("5.939"), "65,5"),
            None
        );
        // Whole percents tolerate half a percent either way.
        assert_eq!(stated_percent("Báo cáo ghi", "x", q("36"), q("163"), "22"), None);
        // 14/16 is 87,5%, not 82,35% (that is 14/17).
        assert!(stated_percent("Báo cáo ghi", "x", q("14"), q("16"), "82,35").is_some());
        assert_eq!(
            stated_percent("Báo cáo ghi", "x", q("6.757"), q("17.617"), "38,35"),
            None
        );
        assert!(stated_percent("Báo cáo ghi", "x", q("1"), q("0"), "10").is_some());
    }

    #[test]
    fn findings_start_with_the_kind_of_document() {
        assert_eq!(says("Kế hoạch 133/KH-UBND"), "Kế hoạch ghi");
        assert_eq!(says("Báo cáo năm 2023"), "Báo cáo ghi");
        assert_eq!(says("Quyết định 935"), "Văn bản ghi");
    }
}
