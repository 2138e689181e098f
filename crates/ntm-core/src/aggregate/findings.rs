//! Findings: what a reader of the figures must know. A recognised commune that
//! no longer meets every criterion, an assessment that contradicts the values,
//! missing data, thresholds no source confirms, what the documents say that
//! the values, their own numbers or the other documents do not bear out
//! (`documents`), registrations for what is already met, and the entry checks
//! of the criteria set.

use std::collections::BTreeSet;

use time::Date;

use crate::aggregate::figures::Stats;
use crate::aggregate::stats::StatsInput;
use crate::evaluation::UnitSummary;
use crate::unit::Unit;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    RecognizedNotMeeting,
    AssessmentContradictsValues,
    MissingData,
    /// A document's figure the values do not give.
    ReportedFigureMismatch,
    /// A document's percentage its own numbers do not give.
    DocumentArithmetic,
    /// A document's count that its list of names does not match.
    DocumentCountMismatch,
    /// A unit a document's figure leaves out (or names wrongly).
    DocumentMissingUnit,
    /// Two documents of the same unit and period that disagree.
    DocumentsDisagree,
    /// A registration to complete what is already met.
    RegistrationAlreadyMet,
    /// A consistency or history rule of the criteria set.
    EntryCheck,
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

pub(crate) fn finding(
    kind: FindingKind,
    severity: Severity,
    unit: Option<&Unit>,
    message: String,
) -> Finding {
    Finding {
        kind,
        severity,
        unit: unit.map(|u| u.code.to_string()),
        criterion: None,
        message,
        source: None,
    }
}

pub(crate) fn codes(set: &crate::criteria::CriteriaSet, bits: u64) -> Vec<String> {
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
            .filter(|r| r.unit == unit.id && r.in_force(day))
            .max_by_key(|r| r.decided_on);
        // Only a criterion found unmet says the standard is lost; a commune
        // without data is reported as missing data instead.
        if let Some(r) = recognized
            && summary.met_count() < set.standard_threshold()
            && summary.not_met != 0
        {
            // "tiêu chí 10 (Thu nhập)": a bare number reads as a count.
            let named = |i: usize| format!("tiêu chí {} ({})", set.criteria[i].code, set.criteria[i].name);
            let unmet: Vec<String> = (0..n_criteria)
                .filter(|i| summary.not_met & (1u64 << i) != 0)
                .map(named)
                .collect();
            let no_data: Vec<String> = summary.no_data(n_criteria).map(named).collect();
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
                message.push_str(&format!("; chưa có số liệu: {}", no_data.join(", ")));
            }
            message.push_str("; cần duy trì, nâng cao chất lượng các tiêu chí");
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
    missing_data(stats, communes, &mut out);
    threshold_notes(set, communes, &mut out);
    crate::aggregate::documents::reported(input, stats, &mut out);
    crate::aggregate::documents::registrations(input, communes, &mut out);
    out
}

/// Communes without any data (named once), and communes with data lacking
/// it for some criteria. `communes` holds the communes with data.
fn missing_data(stats: &Stats, communes: &[(&Unit, UnitSummary)], out: &mut Vec<Finding>) {
    let n = stats.per_criterion.len();
    if !stats.without_data.is_empty() {
        out.push(finding(
            FindingKind::MissingData,
            Severity::Warning,
            None,
            format!(
                "{}; {} xã chưa có số liệu nào trong kỳ (không được tính vào các số liệu tổng hợp): {}",
                stats.coverage_text,
                stats.without_data.len(),
                stats.without_data.join(", ")
            ),
        ));
    }
    for (unit, summary) in communes {
        let missing: Vec<String> = summary
            .no_data(n)
            .filter(|i| !summary.is_unjudged(*i))
            .map(|i| stats.per_criterion[i].criterion.clone())
            .collect();
        if !missing.is_empty() && missing.len() < n {
            out.push(finding(
                FindingKind::MissingData,
                Severity::Warning,
                Some(unit),
                format!(
                    "{} chưa có số liệu cho {} tiêu chí: {}",
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
