//! Turning a draft into a checked criteria set, naming every problem by its
//! place in the set.

use std::fmt;

use super::{CriterionDraft, IndicatorDraft, SetDraft, ThresholdDraft, VersionStatus};
use crate::criteria::rules;
use crate::criteria::{
    Conditions, CriteriaSet, Criterion, CriterionKey, CriterionRule, Indicator, IndicatorKey, SetOrigin,
    StandardRule, ThresholdRule,
};
use crate::validity::Validity;

/// Where in a draft a problem is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum DraftPlace {
    /// A field of the set itself ("valid_from", "brackets").
    Set {
        field: String,
    },
    Criterion {
        criterion: String,
    },
    Indicator {
        indicator: String,
    },
    /// The `index`-th threshold (from 1) of an indicator.
    Threshold {
        indicator: String,
        index: usize,
    },
}

impl fmt::Display for DraftPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftPlace::Set { field } => write!(f, "bộ tiêu chí, mục {field}"),
            DraftPlace::Criterion { criterion } => write!(f, "tiêu chí {criterion}"),
            DraftPlace::Indicator { indicator } => write!(f, "chỉ tiêu {indicator}"),
            DraftPlace::Threshold { indicator, index } => {
                write!(f, "chỉ tiêu {indicator}, ngưỡng thứ {index}")
            }
        }
    }
}

/// One problem of a draft, in Vietnamese.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DraftProblem {
    pub place: DraftPlace,
    pub message: String,
}

impl fmt::Display for DraftProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

struct Problems(Vec<DraftProblem>);

impl Problems {
    fn check(&mut self, place: impl FnOnce() -> DraftPlace, result: Result<(), String>) {
        if let Err(message) = result {
            self.0.push(DraftProblem {
                place: place(),
                message,
            });
        }
    }

    fn set(&mut self, field: &str, result: Result<(), String>) {
        self.check(
            || DraftPlace::Set {
                field: field.to_string(),
            },
            result,
        );
    }
}

impl SetDraft {
    /// Every problem of the draft; empty when it can be published.
    pub fn problems(&self) -> Vec<DraftProblem> {
        match self.build() {
            Ok(_) => Vec::new(),
            Err(p) => p,
        }
    }

    /// The checked set this draft defines (keys unassigned: the catalog sets them).
    pub fn build(&self) -> Result<CriteriaSet, Vec<DraftProblem>> {
        let mut p = Problems(Vec::new());
        p.set("code", rules::check_set_code(&self.code));
        p.set("namespace", rules::check_set_code(&self.namespace));
        if self.name.trim().is_empty() {
            p.set("name", Err("bộ tiêu chí cần có tên".into()));
        }
        if self.document.trim().is_empty() {
            p.set(
                "document",
                Err("cần ghi văn bản ban hành (số, ngày, cơ quan)".into()),
            );
        }
        let validity = Validity::new(self.valid_from, self.valid_to);
        if validity.is_inverted() {
            p.set("valid_to", Err("ngày hết hiệu lực trước ngày có hiệu lực".into()));
        }
        if self.status == VersionStatus::Published && self.valid_from.is_none() {
            p.set(
                "valid_from",
                Err("phiên bản ban hành cần ngày có hiệu lực".into()),
            );
        }
        let criteria: Vec<Criterion> = self.criteria.iter().map(|c| criterion(c, &mut p)).collect();
        for (i, c) in self.criteria.iter().enumerate() {
            if self.criteria[..i].iter().any(|o| o.code == c.code) {
                p.check(
                    || DraftPlace::Criterion {
                        criterion: c.code.clone(),
                    },
                    Err(format!("mã tiêu chí \"{}\" bị trùng", c.code)),
                );
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (_, i) in self.indicators() {
            if seen.contains(&i.code.as_str()) {
                p.check(
                    || DraftPlace::Indicator {
                        indicator: i.code.clone(),
                    },
                    Err(format!("mã chỉ tiêu \"{}\" bị trùng", i.code)),
                );
            }
            seen.push(&i.code);
        }
        if criteria.is_empty() {
            p.set("criteria", Err("bộ tiêu chí không có tiêu chí nào".into()));
        }
        if criteria.len() > rules::MAX_CRITERIA {
            p.set(
                "criteria",
                Err(format!(
                    "một bộ tiêu chí có tối đa {} tiêu chí",
                    rules::MAX_CRITERIA
                )),
            );
        }
        if let StandardRule::AtLeast(n) = self.standard {
            p.set("standard", rules::check_at_least(n, criteria.len(), "tiêu chí"));
        }
        for message in rules::check_brackets(&self.brackets, criteria.len() as u32) {
            p.set("brackets", Err(message));
        }
        if !p.0.is_empty() {
            return Err(p.0);
        }
        let mut brackets = self.brackets.clone();
        rules::order_brackets(&mut brackets);
        Ok(CriteriaSet {
            code: self.code.clone(),
            version: self.version,
            origin: match &self.published {
                Some(stamp) => SetOrigin::Published {
                    by: stamp.by.label(),
                    at: stamp.at.clone(),
                },
                None => SetOrigin::Published {
                    by: self.created.by.label(),
                    at: String::new(),
                },
            },
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            document: self.document.clone(),
            level: self.level,
            scope: self.scope.clone(),
            validity,
            in_force: Some(validity),
            extends: self.extends.clone(),
            region_rules: self.region_rules.iter().map(|r| r.rule()).collect(),
            brackets,
            standard: self.standard,
            criteria,
            complete: self.complete,
            notes: self.notes.clone(),
            checks: self.checks.clone(),
            source_file: format!("{}@{}", self.code, self.version),
            fingerprint: String::new(),
        })
    }
}

fn criterion(c: &CriterionDraft, p: &mut Problems) -> Criterion {
    let place = || DraftPlace::Criterion {
        criterion: c.code.clone(),
    };
    p.check(place, rules::check_item_code(&c.code, "tiêu chí"));
    if c.name.trim().is_empty() {
        p.check(place, Err("tiêu chí cần có tên".into()));
    }
    if let CriterionRule::AtLeast(n) = c.rule {
        p.check(place, rules::check_at_least(n, c.indicators.len(), "chỉ tiêu"));
    }
    Criterion {
        code: c.code.trim().to_string(),
        name: c.name.trim().to_string(),
        group: c.group.clone(),
        rule: c.rule,
        indicators: c.indicators.iter().map(|i| indicator(i, p)).collect(),
        indicators_complete: c.indicators_complete,
        owner: c.owner.clone(),
        notes: c.notes.clone(),
        key: CriterionKey::UNASSIGNED,
    }
}

fn indicator(i: &IndicatorDraft, p: &mut Problems) -> Indicator {
    let place = || DraftPlace::Indicator {
        indicator: i.code.clone(),
    };
    p.check(place, rules::check_item_code(&i.code, "chỉ tiêu"));
    if i.name.trim().is_empty() {
        p.check(place, Err("chỉ tiêu cần có tên".into()));
    }
    p.check(place, rules::check_levels(i.kind, &i.levels, &i.code));
    if let Some(v) = &i.values_from {
        p.check(place, rules::check_values_from(v));
    }
    if i.thresholds.is_empty() {
        p.check(
            place,
            Err(format!(
                "chỉ tiêu {} chưa có ngưỡng nào: ghi \"chưa rõ\" nếu văn bản chưa cho biết",
                i.code
            )),
        );
    }
    let conditions: Vec<Conditions> = i.thresholds.iter().map(conditions).collect();
    p.check(
        place,
        rules::check_distinct_conditions(&conditions.iter().collect::<Vec<_>>(), &i.code),
    );
    let thresholds = i
        .thresholds
        .iter()
        .enumerate()
        .filter_map(|(n, t)| threshold(i, n + 1, t, p))
        .collect();
    Indicator {
        code: i.code.trim().to_string(),
        name: i.name.trim().to_string(),
        kind: i.kind,
        unit: i.unit.clone().filter(|u| !u.trim().is_empty()),
        levels: i.levels.clone(),
        optional: i.optional,
        additive: i.additive,
        thresholds,
        evidence: i.evidence.clone(),
        owner: i.owner.clone(),
        name_confirmed: i.name_confirmed,
        provisional_code: i.provisional_code,
        sources: i.sources.clone(),
        notes: i.notes.clone(),
        key: IndicatorKey::UNASSIGNED,
        values_from: i.values_from.clone(),
        fallback: None,
    }
}

fn conditions(t: &ThresholdDraft) -> Conditions {
    Conditions {
        regions: t.regions.clone(),
        flags: t.flags.clone(),
        years: t.years,
    }
}

fn threshold(
    i: &IndicatorDraft,
    index: usize,
    t: &ThresholdDraft,
    p: &mut Problems,
) -> Option<ThresholdRule> {
    let place = || DraftPlace::Threshold {
        indicator: i.code.clone(),
        index,
    };
    p.check(place, rules::check_years(t.years));
    let Some(target) = t.target.resolve(&i.levels) else {
        p.check(
            place,
            Err(format!(
                "mức tối thiểu không có trong các mức của chỉ tiêu {}",
                i.code
            )),
        );
        return None;
    };
    p.check(place, rules::check_target(i.kind, target));
    if let (Some(entered), Some(confirmed)) = (&t.entered, &t.confirmed)
        && entered.by.username == confirmed.by.username
    {
        p.check(place, Err("người xác nhận phải khác người nhập ngưỡng".into()));
    }
    Some(ThresholdRule {
        when: conditions(t),
        target,
        confirmed: t.is_confirmed(),
        source: t.source.clone(),
        place: t.place.clone(),
        page: t.page.clone(),
        note: t.note.clone(),
        entered_by: t.entered.as_ref().map(|s| s.by.label()),
        confirmed_by: t.confirmed.as_ref().map(|s| s.by.label()),
    })
}
