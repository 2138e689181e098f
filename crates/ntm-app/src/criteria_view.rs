//! A criteria set as people read it: its criteria, indicators, thresholds by
//! region and case, and owners, in words. The command line, the pages and the
//! API all show sets through this one view.

use ntm_core::criteria::{Catalog, CriteriaSet, SetScope, StandardRule, Target, ThresholdRule};
use ntm_core::evaluation::target_text;

/// A set in a list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetSummary {
    pub code: String,
    pub name: String,
    pub document: String,
    pub level: String,
    pub level_name: String,
    pub scope: String,
    /// "từ 01/01/2022 đến 31/12/2025".
    pub validity: String,
    pub criteria: usize,
    pub indicators: usize,
    pub thresholds_confirmed: usize,
    pub thresholds_unconfirmed: usize,
    pub thresholds_unknown: usize,
}

/// One threshold of an indicator: when it applies and what it asks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ThresholdView {
    /// Region keys (`trung_du_mien_nui_phia_bac`); empty: every region.
    pub regions: Vec<String>,
    /// Classification keys (`dac_biet_kho_khan`).
    pub flags: Vec<String>,
    pub years: Option<(i32, i32)>,
    /// "Vùng Trung du và miền núi phía Bắc; năm 2022-2025", or "mọi trường hợp".
    pub when: String,
    /// "≥ 95%".
    pub target: String,
    pub confirmed: bool,
    /// "đã xác nhận", "chưa xác nhận", "chưa rõ".
    pub status: String,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorView {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub kind_name: String,
    pub unit: Option<String>,
    pub levels: Vec<String>,
    pub optional: bool,
    pub evidence: Vec<String>,
    pub owner: Option<String>,
    pub name_confirmed: bool,
    pub provisional_code: bool,
    pub sources: Vec<String>,
    pub thresholds: Vec<ThresholdView>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CriterionView {
    pub code: String,
    pub name: String,
    pub group: Option<String>,
    pub owner: Option<String>,
    pub indicators_complete: bool,
    pub indicators: Vec<IndicatorView>,
}

/// A whole set.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetView {
    pub code: String,
    pub namespace: String,
    pub name: String,
    pub document: String,
    pub level: String,
    pub level_name: String,
    pub scope: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub validity: String,
    pub extends: Option<String>,
    pub complete: bool,
    pub notes: Option<String>,
    pub region_rules: Vec<String>,
    /// "đạt đủ 19 tiêu chí".
    pub standard: String,
    pub brackets: Vec<String>,
    pub criteria: Vec<CriterionView>,
}

pub fn scope_vi(set: &CriteriaSet) -> String {
    match &set.scope {
        SetScope::National => "toàn quốc".into(),
        SetScope::Province(code) => format!("tỉnh mã {code}"),
    }
}

fn level_key(set: &CriteriaSet) -> String {
    serde_json::to_value(set.level)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn set_summary(set: &CriteriaSet) -> SetSummary {
    let (confirmed, unconfirmed, unknown) = set.threshold_coverage();
    SetSummary {
        code: set.code.clone(),
        name: set.name.clone(),
        document: set.document.clone(),
        level: level_key(set),
        level_name: set.level.name_vi().to_string(),
        scope: scope_vi(set),
        validity: set.validity.label_vi(),
        criteria: set.criteria.len(),
        indicators: set.indicator_count(),
        thresholds_confirmed: confirmed,
        thresholds_unconfirmed: unconfirmed,
        thresholds_unknown: unknown,
    }
}

pub fn set_summaries(catalog: &Catalog) -> Vec<SetSummary> {
    catalog.sets().iter().map(set_summary).collect()
}

fn threshold_view(indicator: &ntm_core::criteria::Indicator, t: &ThresholdRule) -> ThresholdView {
    let names = |list: Vec<&str>| list.join(", ");
    let mut when = Vec::new();
    if !t.when.regions.is_empty() {
        when.push(names(t.when.regions.iter().map(|r| r.name_vi()).collect()));
    }
    if !t.when.flags.is_empty() {
        when.push(names(t.when.flags.iter().map(|f| f.name_vi()).collect()));
    }
    if let Some((a, b)) = t.when.years {
        when.push(if a == b {
            format!("năm {a}")
        } else {
            format!("năm {a}-{b}")
        });
    }
    let status = if t.target == Target::Unknown {
        "chưa rõ"
    } else if t.confirmed {
        "đã xác nhận"
    } else {
        "chưa xác nhận"
    };
    ThresholdView {
        regions: t.when.regions.iter().map(|r| r.key().to_string()).collect(),
        flags: t.when.flags.iter().map(|f| f.key().to_string()).collect(),
        years: t.when.years,
        when: if when.is_empty() {
            "mọi trường hợp".to_string()
        } else {
            when.join("; ")
        },
        target: target_text(indicator, t.target),
        confirmed: t.confirmed,
        status: status.to_string(),
        source: t.source.clone(),
        note: t.note.clone(),
    }
}

pub fn set_view(set: &CriteriaSet) -> SetView {
    SetView {
        code: set.code.clone(),
        namespace: set.namespace.clone(),
        name: set.name.clone(),
        document: set.document.clone(),
        level: level_key(set),
        level_name: set.level.name_vi().to_string(),
        scope: scope_vi(set),
        valid_from: set.validity.from.map(|d| d.to_string()),
        valid_to: set.validity.to.map(|d| d.to_string()),
        validity: set.validity.label_vi(),
        extends: set.extends.clone(),
        complete: set.complete,
        notes: set.notes.clone(),
        region_rules: set.region_rules.iter().map(|r| r.reason.clone()).collect(),
        standard: match set.standard {
            StandardRule::AllCriteria => format!("đạt đủ {} tiêu chí", set.criteria.len()),
            StandardRule::AtLeast(n) => format!("đạt từ {n} tiêu chí"),
        },
        brackets: set.brackets.iter().map(|b| b.label.clone()).collect(),
        criteria: set
            .criteria
            .iter()
            .map(|c| CriterionView {
                code: c.code.clone(),
                name: c.name.clone(),
                group: c.group.clone(),
                owner: c.owner.clone(),
                indicators_complete: c.indicators_complete,
                indicators: c
                    .indicators
                    .iter()
                    .map(|i| IndicatorView {
                        code: i.code.clone(),
                        name: i.name.clone(),
                        kind: i.kind.key().to_string(),
                        kind_name: i.kind.name_vi().to_string(),
                        unit: i.unit.clone(),
                        levels: i.levels.clone(),
                        optional: i.optional,
                        evidence: i.evidence.clone(),
                        owner: i.owner.clone(),
                        name_confirmed: i.name_confirmed,
                        provisional_code: i.provisional_code,
                        sources: i.sources.clone(),
                        thresholds: i.thresholds.iter().map(|t| threshold_view(i, t)).collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}
