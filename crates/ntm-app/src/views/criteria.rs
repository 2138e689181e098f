//! A criteria set as people read it: its criteria, indicators, thresholds by
//! region and case, and owners, in words. The command line, the pages and the
//! API all show sets through this one view.

use ntm_core::criteria::draft::{SetDraft, VersionStatus};
use ntm_core::criteria::{Catalog, CriteriaSet, SetOrigin, SetScope, StandardRule, Target, ThresholdRule};
use ntm_core::evaluation::target_text;

/// A set in a list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetSummary {
    pub code: String,
    pub version: u32,
    /// `code@version`: how to name this version.
    pub name_ref: String,
    /// "có sẵn trong ntm", "đã ban hành", "dự thảo".
    pub status: String,
    /// Whether the version can still be edited.
    pub draft: bool,
    /// The days it is in force: "từ 15/02/2026", "không còn áp dụng (đã có phiên bản sau)".
    pub in_force: String,
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
    /// Article, clause or appendix of the source.
    pub place: Option<String>,
    pub page: Option<String>,
    /// "Quyết định …, Phụ lục I, trang 4".
    pub citation: Option<String>,
    pub note: Option<String>,
    pub entered_by: Option<String>,
    pub confirmed_by: Option<String>,
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
    pub version: u32,
    /// "có sẵn trong ntm", "đã ban hành ngày … bởi …", "dự thảo".
    pub status: String,
    pub in_force: String,
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

fn origin_vi(set: &CriteriaSet) -> String {
    match &set.origin {
        SetOrigin::Shipped => "có sẵn trong ntm".to_string(),
        SetOrigin::Published { by, at } => {
            let when = crate::views::audit::local_time_vi(at);
            format!("đã ban hành trên ntm ({by}, {when})")
        }
    }
}

fn in_force_vi(set: &CriteriaSet) -> String {
    match set.in_force {
        None => "không áp dụng: đã có phiên bản sau thay thế từ cùng ngày".to_string(),
        Some(v) if v.from.is_none() && v.to.is_none() => "mọi thời điểm".to_string(),
        Some(v) => v.label_vi(),
    }
}

pub fn set_summary(set: &CriteriaSet) -> SetSummary {
    let (confirmed, unconfirmed, unknown) = set.threshold_coverage();
    SetSummary {
        code: set.code.clone(),
        version: set.version,
        name_ref: set.version_ref().to_string(),
        status: origin_vi(set),
        draft: false,
        in_force: in_force_vi(set),
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

/// A draft in a list (its counts even while it has problems).
pub fn draft_summary(draft: &SetDraft) -> SetSummary {
    let (confirmed, unconfirmed, unknown) = draft.threshold_coverage();
    let scope = match &draft.scope {
        SetScope::National => "toàn quốc".into(),
        SetScope::Province(code) => format!("tỉnh mã {code}"),
    };
    SetSummary {
        code: draft.code.clone(),
        version: draft.version,
        name_ref: draft.version_ref().to_string(),
        status: VersionStatus::Draft.name_vi().to_string(),
        draft: true,
        in_force: "chưa ban hành".to_string(),
        name: draft.name.clone(),
        document: draft.document.clone(),
        level: draft.level.key().to_string(),
        level_name: draft.level.name_vi().to_string(),
        scope,
        validity: ntm_core::validity::Validity::new(draft.valid_from, draft.valid_to).label_vi(),
        criteria: draft.criteria.len(),
        indicators: draft.indicators().count(),
        thresholds_confirmed: confirmed,
        thresholds_unconfirmed: unconfirmed,
        thresholds_unknown: unknown,
    }
}

/// Every version: the catalog's (shipped and published), then the drafts.
pub fn all_summaries(catalog: &Catalog, drafts: &[SetDraft]) -> Vec<SetSummary> {
    let mut out = set_summaries(catalog);
    out.extend(
        drafts
            .iter()
            .filter(|d| d.status == VersionStatus::Draft)
            .map(draft_summary),
    );
    out.sort_by(|a, b| (&a.code, a.version).cmp(&(&b.code, b.version)));
    out
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
        place: t.place.clone(),
        page: t.page.clone(),
        citation: t.citation_vi(),
        note: t.note.clone(),
        entered_by: t.entered_by.clone(),
        confirmed_by: t.confirmed_by.clone(),
    }
}

pub fn set_view(set: &CriteriaSet) -> SetView {
    SetView {
        code: set.code.clone(),
        version: set.version,
        status: origin_vi(set),
        in_force: in_force_vi(set),
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
