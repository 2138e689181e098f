//! The `[[checks]]` of a criteria file: consistency and history rules
//! checked on entry (see `crate::checks` and docs/criteria-files.md). A set
//! that extends another keeps its base's checks and adds its own.

use serde::Deserialize;
use toml::Spanned;

use super::check::Checker;
use super::raw::RawNumber;
use crate::checks::{EntryCheck, Field, Operand, default_field};
use crate::criteria::{CriteriaSet, Criterion, IndicatorKind};
use crate::quantity::Quantity;

/// One `[[checks]]` table, by its `kind`.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum RawCheck {
    SameTotal {
        indicators: Vec<String>,
        tolerance_percent: Option<RawNumber>,
        message: Option<String>,
    },
    PartOfWhole {
        part: String,
        whole: String,
        part_field: Option<String>,
        whole_field: Option<String>,
        message: Option<String>,
    },
    Change {
        indicator: String,
        field: Option<String>,
        max_rise: Option<RawNumber>,
        max_fall: Option<RawNumber>,
        message: Option<String>,
    },
    CriterionKept {
        #[serde(default)]
        criteria: Vec<String>,
    },
}

impl Checker<'_> {
    /// The base set's checks, then the file's own, each checked against the
    /// set's indicators.
    pub(super) fn checks(
        &mut self,
        raw: &[Spanned<RawCheck>],
        base: Option<&CriteriaSet>,
        criteria: &[Criterion],
    ) -> Vec<EntryCheck> {
        let mut out: Vec<EntryCheck> = base.map(|b| b.checks.clone()).unwrap_or_default();
        for spanned in raw {
            if let Some(check) = self.check(spanned, criteria) {
                out.push(check);
            }
        }
        out
    }

    fn check(&mut self, spanned: &Spanned<RawCheck>, criteria: &[Criterion]) -> Option<EntryCheck> {
        let span = Some(spanned.span());
        let kind_of = |code: &str| {
            criteria
                .iter()
                .flat_map(|c| c.indicators.iter())
                .find(|i| i.code == code)
                .map(|i| i.kind)
        };
        let mut problems = Vec::new();
        let mut operand =
            |field_name: &str, code: &str, field: Option<&str>, part: bool| -> Option<Operand> {
                let Some(kind) = kind_of(code) else {
                    problems.push((
                        field_name.to_string(),
                        format!("bộ tiêu chí không có chỉ tiêu \"{code}\""),
                    ));
                    return None;
                };
                let field = match field {
                    None => default_field(kind, part),
                    Some(text) => match Field::parse(text) {
                        Some(f) => f,
                        None => {
                            problems.push((
                                format!("{field_name}_field"),
                                format!("\"{text}\" không hợp lệ: dùng achieved, total, value hoặc percent"),
                            ));
                            return None;
                        }
                    },
                };
                let fits = matches!(
                    (kind, field),
                    (IndicatorKind::Ratio, _) | (IndicatorKind::Number, Field::Value)
                );
                if !fits {
                    problems.push((
                        field_name.to_string(),
                        format!(
                            "chỉ tiêu {code} là loại \"{}\": không đọc được phần này",
                            kind.name_vi()
                        ),
                    ));
                    return None;
                }
                Some(Operand {
                    indicator: code.to_string(),
                    field,
                })
            };
        let check = match spanned.get_ref() {
            RawCheck::SameTotal {
                indicators,
                tolerance_percent,
                message,
            } => {
                if indicators.len() < 2 {
                    problems.push((
                        "indicators".into(),
                        "cần ít nhất hai chỉ tiêu để so tổng số".into(),
                    ));
                }
                for code in indicators {
                    if kind_of(code) != Some(IndicatorKind::Ratio) {
                        problems.push((
                            "indicators".into(),
                            format!("chỉ tiêu \"{code}\" không có hoặc không phải loại tỷ lệ (đạt/tổng)"),
                        ));
                    }
                }
                Some(EntryCheck::SameTotal {
                    indicators: indicators.clone(),
                    tolerance_percent: self.amount(
                        span.clone(),
                        "tolerance_percent",
                        tolerance_percent.as_ref(),
                    )?,
                    message: message.clone(),
                })
            }
            RawCheck::PartOfWhole {
                part,
                whole,
                part_field,
                whole_field,
                message,
            } => {
                let part = operand("part", part, part_field.as_deref(), true);
                let whole = operand("whole", whole, whole_field.as_deref(), false);
                match (part, whole) {
                    (Some(part), Some(whole)) => Some(EntryCheck::PartOfWhole {
                        part,
                        whole,
                        message: message.clone(),
                    }),
                    _ => None,
                }
            }
            RawCheck::Change {
                indicator,
                field,
                max_rise,
                max_fall,
                message,
            } => {
                let default = match kind_of(indicator) {
                    Some(IndicatorKind::Ratio) => Some("percent"),
                    _ => None,
                };
                let indicator = operand("indicator", indicator, field.as_deref().or(default), false);
                if max_rise.is_none() && max_fall.is_none() {
                    problems.push(("max_rise".into(), "cần max_rise hoặc max_fall".into()));
                }
                let max_rise = match max_rise {
                    Some(n) => Some(self.amount(span.clone(), "max_rise", Some(n))?),
                    None => None,
                };
                let max_fall = match max_fall {
                    Some(n) => Some(self.amount(span.clone(), "max_fall", Some(n))?),
                    None => None,
                };
                indicator.map(|indicator| EntryCheck::Change {
                    indicator,
                    max_rise,
                    max_fall,
                    message: message.clone(),
                })
            }
            RawCheck::CriterionKept { criteria: codes } => {
                for code in codes {
                    if !criteria.iter().any(|c| &c.code == code) {
                        problems.push((
                            "criteria".into(),
                            format!("bộ tiêu chí không có tiêu chí \"{code}\""),
                        ));
                    }
                }
                Some(EntryCheck::CriterionKept {
                    criteria: codes.clone(),
                })
            }
        };
        let ok = problems.is_empty();
        for (field, message) in problems {
            let e = self.error(span.clone(), &format!("checks.{field}"), message);
            self.errors.push(e);
        }
        check.filter(|_| ok)
    }

    /// A non-negative amount (default 0).
    fn amount(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        field: &str,
        raw: Option<&RawNumber>,
    ) -> Option<Quantity> {
        let q = match raw {
            None => Quantity::ZERO,
            Some(RawNumber::Int(n)) => Quantity::from_int(*n),
            Some(RawNumber::Text(t)) => match Quantity::parse_vi(t) {
                Ok(q) => q,
                Err(e) => {
                    let error = self.error(span, &format!("checks.{field}"), format!("\"{t}\": {e}"));
                    self.errors.push(error);
                    return None;
                }
            },
            Some(RawNumber::Float(x)) => match Quantity::parse_plain(&x.to_string()) {
                Ok(q) => q,
                Err(e) => {
                    let error = self.error(span, &format!("checks.{field}"), format!("{x}: {e}"));
                    self.errors.push(error);
                    return None;
                }
            },
        };
        if q.is_negative() {
            let error = self.error(span, &format!("checks.{field}"), "không được âm");
            self.errors.push(error);
            return None;
        }
        Some(q)
    }
}
