//! Checks on entry, defined with the criteria set (`[[checks]]` of a
//! criteria file, docs/criteria-files.md): consistency rules between a
//! unit's indicators (the same household total wherever households are
//! counted; a part not larger than its whole) and rules against its own
//! history (a value that rises or falls more than the indicator allows in a
//! year; a criterion lost that was met). A check never refuses a value: it
//! warns, on the entry page, in the import report and among the findings.

use crate::criteria::{CriteriaSet, IndicatorKind};
use crate::evaluation::{CriterionStatus, UnitSummary};
use crate::quantity::{Quantity, format_percent_hundredths};
use crate::value::{IndicatorValue, UnitObservations};

/// Which part of a value a check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The achieved part of a ratio ("số đạt").
    Achieved,
    /// The total of a ratio ("tổng số").
    Total,
    /// A number, or a percent.
    Value,
    /// A ratio's percentage (achieved over total), or a percent.
    Percent,
}

impl Field {
    pub fn parse(text: &str) -> Option<Field> {
        Some(match text.trim() {
            "achieved" => Field::Achieved,
            "total" => Field::Total,
            "value" => Field::Value,
            "percent" => Field::Percent,
            _ => return None,
        })
    }

    fn name_vi(self) -> &'static str {
        match self {
            Field::Achieved => "số đạt",
            Field::Total => "tổng số",
            Field::Value => "giá trị",
            Field::Percent => "tỷ lệ",
        }
    }
}

/// One indicator's field.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Operand {
    pub indicator: String,
    pub field: Field,
}

/// A rule of a criteria set. Drafts of a new version carry their set's
/// rules over (serialised with the draft); a rule naming an indicator the
/// version no longer has reads nothing and so warns of nothing.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryCheck {
    /// The totals of these ratio indicators are one count (the households of
    /// the commune) and must agree, within `tolerance_percent` of the largest.
    SameTotal {
        indicators: Vec<String>,
        tolerance_percent: Quantity,
        message: Option<String>,
    },
    /// A part may not be larger than its whole.
    PartOfWhole {
        part: Operand,
        whole: Operand,
        message: Option<String>,
    },
    /// Against the same period a year earlier: the field may rise by at most
    /// `max_rise` and fall by at most `max_fall` (percentage points for a
    /// percentage; the indicator's unit otherwise).
    Change {
        indicator: Operand,
        max_rise: Option<Quantity>,
        max_fall: Option<Quantity>,
        message: Option<String>,
    },
    /// A criterion met a year earlier and not met now (all criteria when the
    /// list is empty).
    CriterionKept { criteria: Vec<String> },
}

impl EntryCheck {
    /// Whether it compares with a year earlier.
    pub fn is_history(&self) -> bool {
        matches!(self, EntryCheck::Change { .. } | EntryCheck::CriterionKept { .. })
    }
}

/// What a check found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CheckWarning {
    /// `consistency` (between indicators) or `history` (against a year earlier).
    pub rule: &'static str,
    pub indicators: Vec<String>,
    pub criterion: Option<String>,
    /// In Vietnamese, naming the values: "tổng số hộ khác nhau: 4.2: 16.184; 9.2: 15.621".
    pub message: String,
}

/// What a unit's checks read: its values now and a year earlier, and its
/// criteria's statuses in both (for criteria lost).
#[derive(Clone, Copy, Debug)]
pub struct CheckInput<'a> {
    pub set: &'a CriteriaSet,
    pub now: Option<&'a UnitObservations>,
    pub before: Option<&'a UnitObservations>,
    /// "năm 2022": the period compared with.
    pub before_label: &'a str,
    pub statuses: Option<(&'a UnitSummary, &'a UnitSummary)>,
}

/// The field of an indicator's value, if the value has it.
fn read(set: &CriteriaSet, obs: Option<&UnitObservations>, operand: &Operand) -> Option<Quantity> {
    let (_, indicator) = set.indicator(&operand.indicator)?;
    let value = obs?.value(indicator.key)?;
    match (value, operand.field) {
        (IndicatorValue::Ratio { achieved, .. }, Field::Achieved) => Some(achieved),
        (IndicatorValue::Ratio { total, .. }, Field::Total) => Some(total),
        (IndicatorValue::Ratio { achieved, total }, Field::Percent) => achieved
            .percent_hundredths_of(total)
            .map(|h| Quantity::from_raw(h * 100)),
        (IndicatorValue::Number(n), Field::Value) => Some(n),
        (IndicatorValue::Percent(p), Field::Value | Field::Percent) => Some(p),
        _ => None,
    }
}

/// "4.2 (tổng số)".
fn label(operand: &Operand) -> String {
    format!("{} ({})", operand.indicator, operand.field.name_vi())
}

/// A quantity in the operand's terms: "71,25%" or "16.184".
fn amount(q: Quantity, field: Field) -> String {
    match field {
        Field::Percent => format!("{}%", q.to_vi_string()),
        _ => q.to_vi_string(),
    }
}

fn with_message(message: &Option<String>, detail: String) -> String {
    match message {
        Some(m) => format!("{}: {detail}", m.trim().trim_end_matches('.')),
        None => detail,
    }
}

/// Every warning of the set's checks for one unit and period.
pub fn run_checks(input: CheckInput<'_>) -> Vec<CheckWarning> {
    let set = input.set;
    let mut out = Vec::new();
    for check in &set.checks {
        match check {
            EntryCheck::SameTotal {
                indicators,
                tolerance_percent,
                message,
            } => {
                let totals: Vec<(&String, Quantity)> = indicators
                    .iter()
                    .filter_map(|code| {
                        let operand = Operand {
                            indicator: code.clone(),
                            field: Field::Total,
                        };
                        read(set, input.now, &operand).map(|q| (code, q))
                    })
                    .collect();
                let (Some(min), Some(max)) = (
                    totals.iter().map(|(_, q)| *q).min(),
                    totals.iter().map(|(_, q)| *q).max(),
                ) else {
                    continue;
                };
                let gap = max.checked_sub(min).unwrap_or(Quantity::ZERO);
                // gap ≤ tolerance% × max, exactly.
                let allowed = Quantity::share_of_rounded_up(max, *tolerance_percent);
                if totals.len() < 2 || gap <= allowed {
                    continue;
                }
                let share = gap
                    .percent_hundredths_of(max)
                    .map(|h| format!(", {}%", format_percent_hundredths(h, 2)))
                    .unwrap_or_default();
                let listed: Vec<String> = totals
                    .iter()
                    .map(|(code, q)| format!("chỉ tiêu {code}: {}", q.to_vi_string()))
                    .collect();
                out.push(CheckWarning {
                    rule: "consistency",
                    indicators: totals.iter().map(|(c, _)| (*c).clone()).collect(),
                    criterion: None,
                    message: with_message(
                        message,
                        format!(
                            "tổng số không thống nhất giữa các chỉ tiêu ({}; chênh {}{share})",
                            listed.join("; "),
                            gap.to_vi_string()
                        ),
                    ),
                });
            }
            EntryCheck::PartOfWhole { part, whole, message } => {
                let (Some(p), Some(w)) = (read(set, input.now, part), read(set, input.now, whole)) else {
                    continue;
                };
                if p > w {
                    out.push(CheckWarning {
                        rule: "consistency",
                        indicators: vec![part.indicator.clone(), whole.indicator.clone()],
                        criterion: None,
                        message: with_message(
                            message,
                            format!(
                                "chỉ tiêu {} là {} nhưng lớn hơn chỉ tiêu {} là {}",
                                label(part),
                                amount(p, part.field),
                                label(whole),
                                amount(w, whole.field)
                            ),
                        ),
                    });
                }
            }
            EntryCheck::Change {
                indicator,
                max_rise,
                max_fall,
                message,
            } => {
                let (Some(now), Some(before)) = (
                    read(set, input.now, indicator),
                    read(set, input.before, indicator),
                ) else {
                    continue;
                };
                let unit = match indicator.field {
                    Field::Percent => " điểm phần trăm".to_string(),
                    _ => set
                        .indicator(&indicator.indicator)
                        .and_then(|(_, i)| i.unit.clone())
                        .map(|u| format!(" {u}"))
                        .unwrap_or_default(),
                };
                let (moved, limit, word, arrow) = if now > before {
                    (now.checked_sub(before), *max_rise, "tăng", "lên")
                } else {
                    (before.checked_sub(now), *max_fall, "giảm", "xuống")
                };
                let (Some(moved), Some(limit)) = (moved, limit) else {
                    continue;
                };
                if moved > limit {
                    out.push(CheckWarning {
                        rule: "history",
                        indicators: vec![indicator.indicator.clone()],
                        criterion: None,
                        message: with_message(
                            message,
                            format!(
                                "chỉ tiêu {} {word} {}{unit} so với {} (từ {} {arrow} {}), quá mức {}{unit} cho phép trong một năm",
                                label(indicator),
                                moved.to_vi_string(),
                                input.before_label,
                                amount(before, indicator.field),
                                amount(now, indicator.field),
                                limit.to_vi_string()
                            ),
                        ),
                    });
                }
            }
            EntryCheck::CriterionKept { criteria } => {
                let Some((before, now)) = input.statuses else {
                    continue;
                };
                for (i, c) in set.criteria.iter().enumerate() {
                    if !criteria.is_empty() && !criteria.contains(&c.code) {
                        continue;
                    }
                    if before.status(i) == CriterionStatus::Met && now.status(i) == CriterionStatus::NotMet {
                        out.push(CheckWarning {
                            rule: "history",
                            indicators: Vec::new(),
                            criterion: Some(c.code.clone()),
                            message: format!(
                                "tiêu chí {} ({}) đạt {} nhưng nay chưa đạt: cần kiểm tra lại số liệu hoặc nêu lý do",
                                c.code, c.name, input.before_label
                            ),
                        });
                    }
                }
            }
        }
    }
    out
}

/// The field a check reads of an indicator when the file does not say:
/// the total of a ratio, the value of a number.
pub fn default_field(kind: IndicatorKind, part: bool) -> Field {
    match (kind, part) {
        (IndicatorKind::Ratio, true) => Field::Achieved,
        (IndicatorKind::Ratio, false) => Field::Total,
        _ => Field::Value,
    }
}
