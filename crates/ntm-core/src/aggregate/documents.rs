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

use crate::aggregate::against_values::{against_values, named_against_values};
use crate::aggregate::figures::Stats;
use crate::aggregate::findings::{Finding, FindingKind, Severity};
use crate::aggregate::stats::{StatsInput, two};
use crate::criteria::SetLevel;
use crate::evaluation::{CriterionStatus, UnitSummary, evaluate_unit};
use crate::quantity::{Quantity, format_percent_hundredths};
use crate::reported::{Claim, ReportedFigure};
use crate::unit::Unit;

/// "Kế hoạch ghi", "Báo cáo ghi", "Văn bản ghi": how a finding starts.
pub(super) fn says(document: &str) -> &'static str {
    let d = document.trim_start().to_lowercase();
    if d.starts_with("kế hoạch") {
        "Kế hoạch ghi"
    } else if d.starts_with("báo cáo") {
        "Báo cáo ghi"
    } else {
        "Văn bản ghi"
    }
}

pub(super) fn of_document(
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
        if stats.is_judged() {
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
            if let (Some(criterion), Some(status), true) = (criterion, status, stats.is_judged()) {
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
    if !stats.is_judged() {
        return None;
    }
    let n = two(stats.communes_judged);
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
