//! The entry checks of the criteria set (consistency between a unit's
//! indicators, and its history year on year) among the findings: every
//! commune with data, and the unit itself for the figures it records.

use std::collections::HashMap;

use crate::aggregate::findings::{Finding, FindingKind, Severity};
use crate::aggregate::stats::StatsInput;
use crate::checks::{CheckInput, run_checks};
use crate::evaluation::UnitSummary;
use crate::unit::{Unit, UnitId};

/// `communes`: the communes with data and their summaries; `before`: their
/// summaries a year earlier (those with data then).
pub(crate) fn entry_checks(
    input: &StatsInput<'_>,
    communes: &[(&Unit, UnitSummary)],
    before: &HashMap<UnitId, UnitSummary>,
    out: &mut Vec<Finding>,
) {
    if input.set.checks.is_empty() {
        return;
    }
    let before_label = input.previous.map(|p| p.period.label_vi()).unwrap_or_default();
    let previous = |u: &Unit| input.previous.and_then(|p| p.unit(u.id));
    let mut push = |unit: &Unit, check: CheckInput<'_>| {
        for w in run_checks(check) {
            out.push(Finding {
                kind: FindingKind::EntryCheck,
                severity: Severity::Warning,
                unit: Some(unit.code.to_string()),
                criterion: w.criterion,
                message: format!("{}: {}", unit.full_name(), w.message),
                source: None,
            });
        }
    };
    // The unit's own figures (a district's totals), without statuses.
    if input.values.unit(input.root.id).is_some() {
        push(
            input.root,
            CheckInput {
                set: input.set,
                now: input.values.unit(input.root.id),
                before: previous(input.root),
                before_label: &before_label,
                statuses: None,
            },
        );
    }
    for (unit, now) in communes {
        let then = before.get(&unit.id);
        push(
            unit,
            CheckInput {
                set: input.set,
                now: input.values.unit(unit.id),
                before: previous(unit),
                before_label: &before_label,
                statuses: then.map(|b| (b, now)),
            },
        );
    }
}
