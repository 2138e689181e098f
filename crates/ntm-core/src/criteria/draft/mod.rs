//! A criteria set as an office authors it in ntm: one version of a set, a
//! draft until it is published with a valid-from date, then never changed.
//! Every threshold records the document and place it comes from, who entered
//! it and who confirmed it against the document.
//!
//! A draft may be wrong while it is being written; [`SetDraft::build`] turns
//! it into a checked [`CriteriaSet`] or lists every problem by place
//! (criterion, indicator, threshold). The rules themselves live in
//! [`crate::criteria::rules`], shared with the TOML reader.

mod build;
mod edit;
pub mod words;

pub use build::{DraftPlace, DraftProblem};
pub use edit::{EditError, SetMeta};

use time::Date;

use crate::criteria::{
    Bracket, CriteriaSet, CriterionRule, IndicatorKind, RegionRule, SetLevel, SetScope, SetVersionRef,
    StandardRule, Target, ThresholdRule,
};
use crate::quantity::Quantity;
use crate::region::Region;
use crate::unit::Flag;
use crate::validity::iso_date;

/// Whether a version may still change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Being written: not used by any evaluation except the impact preview.
    Draft,
    /// In force from its valid-from date; never edited again.
    Published,
}

impl VersionStatus {
    pub fn key(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Published => "published",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            VersionStatus::Draft => "dự thảo",
            VersionStatus::Published => "đã ban hành",
        }
    }
}

/// A person who did something to a set, as recorded with it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub username: String,
    /// The display name.
    pub name: String,
}

impl Person {
    /// "Nguyễn Văn A (vpdp.laichau)".
    pub fn label(&self) -> String {
        if self.name.is_empty() || self.name == self.username {
            self.username.clone()
        } else {
            format!("{} ({})", self.name, self.username)
        }
    }
}

/// Who did something, and when (RFC 3339).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub by: Person,
    pub at: String,
}

/// What a threshold asks, as authored: a level by its name, so that editing
/// the list of levels cannot silently change a threshold.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TargetDraft {
    /// The document does not give it (or it is not entered yet): never guessed.
    Unknown,
    Yes,
    AtLeast(Quantity),
    AtMost(Quantity),
    LevelAtLeast(String),
}

impl TargetDraft {
    pub fn is_unknown(&self) -> bool {
        matches!(self, TargetDraft::Unknown)
    }
}

/// One threshold of an indicator, with its source and who vouches for it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ThresholdDraft {
    #[serde(default)]
    pub regions: Vec<Region>,
    /// Commune groups and classification flags (any of them).
    #[serde(default)]
    pub flags: Vec<Flag>,
    #[serde(default)]
    pub years: Option<(i32, i32)>,
    pub target: TargetDraft,
    /// The document: "Quyết định số 51/2025/QĐ-TTg".
    pub source: Option<String>,
    /// Article, clause or appendix: "Phụ lục I, tiêu chí 3".
    pub place: Option<String>,
    pub page: Option<String>,
    pub note: Option<String>,
    /// Confirmed by a source collected with the shipped files (no person).
    #[serde(default)]
    pub confirmed_by_source: bool,
    /// Who entered the threshold as it now reads.
    pub entered: Option<Stamp>,
    /// Who checked it against the document; never the person who entered it.
    pub confirmed: Option<Stamp>,
}

impl ThresholdDraft {
    /// An unknown threshold under the given conditions.
    pub fn unknown(flags: Vec<Flag>) -> ThresholdDraft {
        ThresholdDraft {
            regions: Vec::new(),
            flags,
            years: None,
            target: TargetDraft::Unknown,
            source: None,
            place: None,
            page: None,
            note: None,
            confirmed_by_source: false,
            entered: None,
            confirmed: None,
        }
    }

    pub fn is_confirmed(&self) -> bool {
        !self.target.is_unknown() && (self.confirmed_by_source || self.confirmed.is_some())
    }

    /// Whether two thresholds say the same thing under the same conditions
    /// from the same place of the same document.
    pub fn same_content(&self, other: &ThresholdDraft) -> bool {
        self.regions == other.regions
            && self.flags == other.flags
            && self.years == other.years
            && self.target == other.target
            && self.source == other.source
            && self.place == other.place
            && self.page == other.page
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndicatorDraft {
    pub code: String,
    pub name: String,
    pub kind: IndicatorKind,
    pub unit: Option<String>,
    #[serde(default)]
    pub levels: Vec<String>,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub additive: bool,
    /// Documents that evidence a value (hồ sơ minh chứng).
    #[serde(default)]
    pub evidence: Vec<String>,
    pub owner: Option<String>,
    #[serde(default = "yes")]
    pub name_confirmed: bool,
    #[serde(default)]
    pub provisional_code: bool,
    #[serde(default)]
    pub sources: Vec<String>,
    pub notes: Option<String>,
    pub values_from: Option<String>,
    #[serde(default)]
    pub thresholds: Vec<ThresholdDraft>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CriterionDraft {
    pub code: String,
    pub name: String,
    pub group: Option<String>,
    pub owner: Option<String>,
    pub rule: CriterionRule,
    pub indicators_complete: bool,
    pub notes: Option<String>,
    #[serde(default)]
    pub indicators: Vec<IndicatorDraft>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegionRuleDraft {
    pub flags: Vec<Flag>,
    pub region: Region,
    pub reason: String,
}

/// One version of a set authored in ntm.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SetDraft {
    pub code: String,
    pub version: u32,
    pub status: VersionStatus,
    /// Values are stored per namespace: a province's set shares the national
    /// set's, so the same values are judged under both.
    pub namespace: String,
    pub name: String,
    pub document: String,
    pub level: SetLevel,
    pub scope: SetScope,
    /// The version this one was started from.
    pub based_on: Option<String>,
    /// The national set a province's set localises.
    pub extends: Option<String>,
    #[serde(with = "iso_date")]
    pub valid_from: Option<Date>,
    #[serde(with = "iso_date")]
    pub valid_to: Option<Date>,
    pub complete: bool,
    pub notes: Option<String>,
    pub standard: StandardRule,
    pub brackets: Vec<Bracket>,
    #[serde(default)]
    pub region_rules: Vec<RegionRuleDraft>,
    pub criteria: Vec<CriterionDraft>,
    /// The entry checks, carried over from the set copied (not edited here).
    #[serde(default)]
    pub checks: Vec<crate::checks::EntryCheck>,
    pub created: Stamp,
    pub published: Option<Stamp>,
}

impl SetDraft {
    /// A first draft that copies a set (shipped or published), under a new
    /// code or as the next version of the same code.
    pub fn copy_of(set: &CriteriaSet, code: &str, version: u32, created: Stamp) -> SetDraft {
        SetDraft {
            code: code.to_string(),
            version,
            status: VersionStatus::Draft,
            namespace: set.namespace.clone(),
            name: set.name.clone(),
            document: set.document.clone(),
            level: set.level,
            scope: set.scope.clone(),
            based_on: Some(set.version_ref().to_string()),
            extends: if code == set.code {
                set.extends.clone()
            } else {
                Some(set.code.clone())
            },
            valid_from: set.validity.from,
            valid_to: set.validity.to,
            complete: set.complete,
            notes: set.notes.clone(),
            standard: set.standard,
            brackets: set.brackets.clone(),
            region_rules: set
                .region_rules
                .iter()
                .map(|r| RegionRuleDraft {
                    flags: r.flags.clone(),
                    region: r.region,
                    reason: r.reason.clone(),
                })
                .collect(),
            criteria: set
                .criteria
                .iter()
                .map(|c| CriterionDraft {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    group: c.group.clone(),
                    owner: c.owner.clone(),
                    rule: c.rule,
                    indicators_complete: c.indicators_complete,
                    notes: c.notes.clone(),
                    indicators: c
                        .indicators
                        .iter()
                        .map(|i| IndicatorDraft {
                            code: i.code.clone(),
                            name: i.name.clone(),
                            kind: i.kind,
                            unit: i.unit.clone(),
                            levels: i.levels.clone(),
                            optional: i.optional,
                            additive: i.additive,
                            evidence: i.evidence.clone(),
                            owner: i.owner.clone(),
                            name_confirmed: i.name_confirmed,
                            provisional_code: i.provisional_code,
                            sources: i.sources.clone(),
                            notes: i.notes.clone(),
                            values_from: i.values_from.clone(),
                            thresholds: i.thresholds.iter().map(|t| threshold_draft(i, t)).collect(),
                        })
                        .collect(),
                })
                .collect(),
            checks: set.checks.clone(),
            created,
            published: None,
        }
    }

    /// The next version of a published one: the same content, a draft again.
    pub fn next_version(&self, version: u32, created: Stamp) -> SetDraft {
        SetDraft {
            version,
            status: VersionStatus::Draft,
            based_on: Some(self.version_ref().to_string()),
            created,
            published: None,
            ..self.clone()
        }
    }

    pub fn version_ref(&self) -> SetVersionRef {
        SetVersionRef {
            code: self.code.clone(),
            version: self.version,
        }
    }

    pub fn indicators(&self) -> impl Iterator<Item = (&CriterionDraft, &IndicatorDraft)> {
        self.criteria
            .iter()
            .flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
    }

    pub fn indicator(&self, code: &str) -> Option<&IndicatorDraft> {
        self.indicators().map(|(_, i)| i).find(|i| i.code == code)
    }

    /// Thresholds confirmed, entered but not confirmed, and unknown.
    pub fn threshold_coverage(&self) -> (usize, usize, usize) {
        let mut out = (0, 0, 0);
        for (_, i) in self.indicators() {
            for t in &i.thresholds {
                if t.target.is_unknown() {
                    out.2 += 1;
                } else if t.is_confirmed() {
                    out.0 += 1;
                } else {
                    out.1 += 1;
                }
            }
        }
        out
    }

    /// Whether any threshold depends on the commune groups.
    pub fn uses_commune_groups(&self) -> bool {
        self.indicators().any(|(_, i)| {
            i.thresholds
                .iter()
                .any(|t| t.flags.iter().any(|f| f.is_commune_group()))
        })
    }
}

fn threshold_draft(indicator: &crate::criteria::Indicator, t: &ThresholdRule) -> ThresholdDraft {
    let target = match t.target {
        Target::Unknown => TargetDraft::Unknown,
        Target::Yes => TargetDraft::Yes,
        Target::AtLeast(q) => TargetDraft::AtLeast(q),
        Target::AtMost(q) => TargetDraft::AtMost(q),
        Target::LevelAtLeast(l) => indicator
            .levels
            .get(usize::from(l))
            .map_or(TargetDraft::Unknown, |name| {
                TargetDraft::LevelAtLeast(name.clone())
            }),
    };
    ThresholdDraft {
        regions: t.when.regions.clone(),
        flags: t.when.flags.clone(),
        years: t.when.years,
        target,
        source: t.source.clone(),
        place: t.place.clone(),
        page: t.page.clone(),
        note: t.note.clone(),
        confirmed_by_source: t.confirmed && t.confirmed_by.is_none(),
        entered: None,
        confirmed: None,
    }
}

impl RegionRuleDraft {
    fn rule(&self) -> RegionRule {
        RegionRule {
            flags: self.flags.clone(),
            region: self.region,
            reason: self.reason.clone(),
        }
    }
}

impl TargetDraft {
    /// The target with a level resolved to its index, or `None` when the level
    /// is not one of the indicator's.
    fn resolve(&self, levels: &[String]) -> Option<Target> {
        Some(match self {
            TargetDraft::Unknown => Target::Unknown,
            TargetDraft::Yes => Target::Yes,
            TargetDraft::AtLeast(q) => Target::AtLeast(*q),
            TargetDraft::AtMost(q) => Target::AtMost(*q),
            TargetDraft::LevelAtLeast(name) => {
                Target::LevelAtLeast(u8::try_from(levels.iter().position(|l| l == name)?).ok()?)
            }
        })
    }
}
