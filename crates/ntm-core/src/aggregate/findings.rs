//! Findings: what a reader of the figures must know. A recognised commune that
//! no longer meets every criterion, an assessment that contradicts the values,
//! missing data, thresholds no source confirms, and figures an imported
//! report stated that the values do not bear out.

use std::collections::BTreeSet;

use time::Date;

use crate::aggregate::stats::{Stats, StatsInput};
use crate::evaluation::UnitSummary;
use crate::quantity::format_percent_hundredths;
use crate::recognition::Tier;
use crate::reported::Claim;
use crate::unit::Unit;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    RecognizedNotMeeting,
    AssessmentContradictsValues,
    MissingData,
    ReportedFigureMismatch,
    UnconfirmedThresholds,
    ValuesWithoutThreshold,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Info,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    /// Code of the unit concerned, if one.
    pub unit: Option<String>,
    pub criterion: Option<String>,
    /// What is wrong, in Vietnamese.
    pub message: String,
    /// For reported figures: the document that stated them.
    pub source: Option<String>,
}

fn finding(kind: FindingKind, severity: Severity, unit: Option<&Unit>, message: String) -> Finding {
    Finding {
        kind,
        severity,
        unit: unit.map(|u| u.code.to_string()),
        criterion: None,
        message,
        source: None,
    }
}

/// A count as Vietnamese reports write it: "04", but "0".
fn two(n: u32) -> String {
    if n == 0 {
        "0".to_string()
    } else {
        format!("{n:02}")
    }
}

fn codes(set: &crate::criteria::CriteriaSet, bits: u64) -> Vec<String> {
    set.criteria
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, c)| c.code.clone())
        .collect()
}

pub(crate) fn findings(
    input: &StatsInput<'_>,
    communes: &[(&Unit, UnitSummary)],
    stats: &Stats,
    day: Date,
) -> Vec<Finding> {
    let set = input.set;
    let n_criteria = set.criteria.len();
    let mut out = Vec::new();
    for (unit, summary) in communes {
        let recognized = input
            .recognitions
            .iter()
            .filter(|r| r.unit == unit.id && r.tier == Tier::Standard && r.in_force(day))
            .max_by_key(|r| r.decided_on);
        // Only a criterion found unmet says the standard is lost; a commune
        // without data is reported as missing data instead.
        if let Some(r) = recognized
            && summary.met_count() < set.standard_threshold()
            && summary.not_met != 0
        {
            let unmet = codes(set, summary.not_met);
            let no_data: Vec<String> = summary
                .no_data(n_criteria)
                .map(|i| set.criteria[i].code.clone())
                .collect();
            let mut message = format!(
                "{} được công nhận {} ({}) nhưng {} chỉ đạt {}/{} tiêu chí",
                unit.full_name(),
                r.tier.name_vi(),
                r.decision_label(),
                stats.period_label,
                summary.met_count(),
                n_criteria
            );
            if !unmet.is_empty() {
                message.push_str(&format!("; chưa đạt: {}", unmet.join(", ")));
            }
            if !no_data.is_empty() {
                message.push_str(&format!("; chưa có dữ liệu: {}", no_data.join(", ")));
            }
            message.push_str(": cần duy trì, nâng cao chất lượng các tiêu chí");
            out.push(finding(
                FindingKind::RecognizedNotMeeting,
                Severity::Warning,
                Some(unit),
                message,
            ));
        }
        for code in codes(set, summary.conflicts) {
            let i = set.criterion_index(&code).unwrap_or(0);
            let (said, values_say) = if summary.is_met(i) {
                ("chưa đạt", "đạt")
            } else {
                ("đạt", "chưa đạt")
            };
            let mut f = finding(
                FindingKind::AssessmentContradictsValues,
                Severity::Warning,
                Some(unit),
                format!(
                    "{}, tiêu chí {} ({}): kết quả đánh giá ghi \"{said}\" nhưng số liệu các chỉ tiêu cho thấy \"{values_say}\"",
                    unit.full_name(),
                    code,
                    set.criteria[i].name
                ),
            );
            f.criterion = Some(code);
            out.push(f);
        }
    }
    missing_data(set, communes, &mut out);
    threshold_notes(set, communes, &mut out);
    reported(input, stats, &mut out);
    out
}

fn missing_data(
    set: &crate::criteria::CriteriaSet,
    communes: &[(&Unit, UnitSummary)],
    out: &mut Vec<Finding>,
) {
    let n = set.criteria.len();
    let empty: Vec<&Unit> = communes
        .iter()
        .filter(|(_, s)| s.no_data(n).count() == n)
        .map(|(u, _)| *u)
        .collect();
    if !empty.is_empty() {
        let names: Vec<&str> = empty.iter().map(|u| u.name.as_str()).collect();
        out.push(finding(
            FindingKind::MissingData,
            Severity::Warning,
            None,
            format!(
                "{} xã chưa có dữ liệu nào trong kỳ: {}",
                empty.len(),
                names.join(", ")
            ),
        ));
    }
    for (unit, summary) in communes {
        let missing: Vec<String> = summary.no_data(n).map(|i| set.criteria[i].code.clone()).collect();
        if !missing.is_empty() && missing.len() < n {
            out.push(finding(
                FindingKind::MissingData,
                Severity::Warning,
                Some(unit),
                format!(
                    "{} chưa có dữ liệu cho {} tiêu chí: {}",
                    unit.full_name(),
                    missing.len(),
                    missing.join(", ")
                ),
            ));
        }
    }
}

fn threshold_notes(
    set: &crate::criteria::CriteriaSet,
    communes: &[(&Unit, UnitSummary)],
    out: &mut Vec<Finding>,
) {
    let unconfirmed = communes.iter().filter(|(_, s)| s.unconfirmed != 0).count();
    if unconfirmed > 0 {
        let criteria: BTreeSet<String> = communes
            .iter()
            .flat_map(|(_, s)| codes(set, s.unconfirmed))
            .collect();
        out.push(finding(
            FindingKind::UnconfirmedThresholds,
            Severity::Info,
            None,
            format!(
                "Kết quả của {unconfirmed} xã dùng ngưỡng chưa được xác nhận đúng văn bản (tiêu chí {}): cần đối chiếu văn bản gốc",
                criteria.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let unjudged = communes.iter().filter(|(_, s)| s.unjudged != 0).count();
    if unjudged > 0 {
        let criteria: BTreeSet<String> = communes
            .iter()
            .flat_map(|(_, s)| codes(set, s.unjudged))
            .collect();
        out.push(finding(
            FindingKind::ValuesWithoutThreshold,
            Severity::Info,
            None,
            format!(
                "{unjudged} xã có số liệu chỉ tiêu chưa thể đánh giá vì bộ tiêu chí chưa có ngưỡng (tiêu chí {})",
                criteria.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

fn reported(input: &StatsInput<'_>, stats: &Stats, out: &mut Vec<Finding>) {
    let n = stats.communes;
    for figure in input
        .reported
        .iter()
        .filter(|r| r.unit == input.root.id && r.period == input.period)
    {
        let mismatch = |message: String, criterion: Option<String>| Finding {
            kind: FindingKind::ReportedFigureMismatch,
            severity: Severity::Warning,
            unit: Some(input.root.code.to_string()),
            criterion,
            message,
            source: Some(figure.source.clone()),
        };
        match &figure.claim {
            Claim::CriterionCount { criterion, count } => {
                if let Some(c) = stats.per_criterion.iter().find(|c| &c.criterion == criterion)
                    && c.met != *count
                {
                    out.push(mismatch(
                        format!(
                            "Báo cáo ghi {}/{n} xã đạt tiêu chí {} ({}); số liệu cho {}/{n} xã",
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
                    out.push(mismatch(
                        format!(
                            "Báo cáo ghi {} xã {}; số liệu cho {} xã",
                            two(*count),
                            b.label,
                            two(b.count)
                        ),
                        None,
                    ));
                }
            }
            Claim::Average { hundredths } => {
                let derived = (stats.average_criteria * 100.0).round() as i64;
                if derived != *hundredths {
                    out.push(mismatch(
                        format!(
                            "Báo cáo ghi bình quân {} tiêu chí/xã; số liệu cho {} ({} tiêu chí trên {n} xã)",
                            format_percent_hundredths(*hundredths, 2),
                            stats.average_criteria_text,
                            stats.criteria_met_total
                        ),
                        None,
                    ));
                }
            }
            Claim::StandardCount { count } => {
                if stats.standard_met.count != *count {
                    out.push(mismatch(
                        format!(
                            "Báo cáo ghi {}/{n} xã đạt chuẩn; số liệu cho {}/{n} xã đạt đủ {} tiêu chí",
                            two(*count),
                            two(stats.standard_met.count),
                            stats.standard_met.threshold
                        ),
                        None,
                    ));
                }
            }
            Claim::QuantityPercent {
                indicator,
                hundredths,
            } => {
                quantity_percent(stats, indicator, *hundredths)
                    .into_iter()
                    .for_each(|m| out.push(mismatch(m, None)));
            }
            Claim::CommuneCriteria {
                commune,
                count,
                listed,
            } => {
                let Some(c) = stats.per_commune.iter().find(|c| &c.code == commune) else {
                    continue;
                };
                let total = input.set.criteria.len();
                if let Some(listed) = listed {
                    if listed.len() as u32 != *count {
                        out.push(mismatch(
                            format!("Báo cáo ghi xã {} đạt {count}/{total} tiêu chí nhưng chỉ liệt kê {} tiêu chí", c.name, listed.len()),
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
                            "Danh sách tiêu chí đã đạt của xã {} trong báo cáo khác số liệu",
                            c.name
                        );
                        if !only_values.is_empty() {
                            msg.push_str(&format!(
                                "; số liệu cho đạt nhưng báo cáo không ghi: {}",
                                only_values.join(", ")
                            ));
                        }
                        if !only_report.is_empty() {
                            msg.push_str(&format!(
                                "; báo cáo ghi đạt nhưng số liệu cho chưa đạt: {}",
                                only_report.join(", ")
                            ));
                        }
                        out.push(mismatch(msg, None));
                    }
                }
                if c.met != *count {
                    out.push(mismatch(
                        format!(
                            "Báo cáo ghi xã {} đạt {count}/{total} tiêu chí; số liệu cho {}/{total}",
                            c.name, c.met
                        ),
                        None,
                    ));
                }
            }
        }
    }
}

/// A printed percent for an indicator quantity that the quantity does not give.
/// Reports round to one decimal or to whole percents: only a difference beyond
/// the printed precision is a contradiction.
fn quantity_percent(stats: &Stats, indicator: &str, hundredths: i64) -> Option<String> {
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
        "Báo cáo ghi chỉ tiêu {indicator} đạt {printed}%; {quantity} là {}%",
        format_percent_hundredths(exact, 2)
    ))
}
