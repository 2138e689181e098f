//! Criteria sets as data: a set has criteria, a criterion has indicators, an
//! indicator has thresholds that may depend on the region, the unit's
//! classification and the year. Sets are read from TOML files ([`file`]) and
//! held together in a [`Catalog`].

mod catalog;
pub mod draft;
pub mod file;
pub mod rules;
mod threshold;
mod versions;

pub use catalog::{Catalog, CriterionKey, IndicatorKey};
pub use threshold::{ResolvedThreshold, ThresholdContext};
pub use versions::{SetVersionRef, SetVersionRefError, effective_validities};

use crate::quantity::Quantity;
use crate::region::Region;
use crate::unit::{Flag, UnitCode, UnitKind};
use crate::validity::Validity;

/// Which units a set judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetLevel {
    Commune,
    Village,
}

impl SetLevel {
    pub fn key(self) -> &'static str {
        match self {
            SetLevel::Commune => "commune",
            SetLevel::Village => "village",
        }
    }

    /// The unit kind this level judges.
    pub fn unit_kind(self) -> UnitKind {
        match self {
            SetLevel::Commune => UnitKind::Commune,
            SetLevel::Village => UnitKind::Village,
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            SetLevel::Commune => "xã",
            SetLevel::Village => "thôn, bản",
        }
    }
}

/// Where a set applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetScope {
    National,
    Province(UnitCode),
}

impl SetScope {
    /// `national` or `province:12`, as files write it.
    pub fn key(&self) -> String {
        match self {
            SetScope::National => "national".to_string(),
            SetScope::Province(code) => format!("province:{code}"),
        }
    }

    /// Reads `national` or `province:CODE`.
    pub fn parse(text: &str) -> Option<SetScope> {
        let t = text.trim();
        if t == "national" {
            return Some(SetScope::National);
        }
        t.strip_prefix("province:")
            .and_then(|c| c.parse::<UnitCode>().ok())
            .map(SetScope::Province)
    }
}

impl serde::Serialize for SetScope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

impl<'de> serde::Deserialize<'de> for SetScope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<SetScope, D::Error> {
        let text = String::deserialize(d)?;
        SetScope::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("phạm vi \"{text}\" không hợp lệ")))
    }
}

/// A rule that makes units with certain flags use another region's thresholds
/// (Decision 318: special-difficulty communes use the Northern Midlands and
/// Mountains thresholds).
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRule {
    pub flags: Vec<Flag>,
    pub region: Region,
    pub reason: String,
}

/// A report bracket: units meeting between `min` and `max` criteria.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bracket {
    pub label: String,
    pub min: u32,
    pub max: u32,
}

/// When a unit meets the standard of a set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardRule {
    AllCriteria,
    AtLeast(u32),
}

/// When a criterion is met from its indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionRule {
    AllIndicators,
    AtLeast(u32),
}

/// How an indicator is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Đạt / không đạt.
    YesNo,
    /// Achieved out of total, judged as a percentage.
    Ratio,
    /// A number in the indicator's unit, judged against a comparator.
    Number,
    /// One of the indicator's ordered levels.
    Level,
}

impl IndicatorKind {
    pub const ALL: [IndicatorKind; 4] = [
        IndicatorKind::YesNo,
        IndicatorKind::Ratio,
        IndicatorKind::Number,
        IndicatorKind::Level,
    ];

    /// Reads a key (`ratio`) or a Vietnamese name (`tỷ lệ (đạt/tổng)`, `tỷ lệ`).
    pub fn parse(text: &str) -> Option<IndicatorKind> {
        let t = text.trim().to_lowercase();
        IndicatorKind::ALL
            .into_iter()
            .find(|k| k.key() == t || k.name_vi() == t || k.name_vi().split(" (").next() == Some(t.as_str()))
    }

    pub fn key(self) -> &'static str {
        match self {
            IndicatorKind::YesNo => "yes_no",
            IndicatorKind::Ratio => "ratio",
            IndicatorKind::Number => "number",
            IndicatorKind::Level => "level",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            IndicatorKind::YesNo => "đạt/không đạt",
            IndicatorKind::Ratio => "tỷ lệ (đạt/tổng)",
            IndicatorKind::Number => "số",
            IndicatorKind::Level => "mức độ",
        }
    }
}

/// What a value must reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The sources do not give this threshold: never guessed.
    Unknown,
    /// The yes/no indicator must be "đạt".
    Yes,
    /// At least this percentage (ratio) or number.
    AtLeast(Quantity),
    /// At most this percentage (ratio) or number.
    AtMost(Quantity),
    /// At least this level (index into the indicator's levels, from 0).
    LevelAtLeast(u8),
}

/// When a threshold rule applies. Empty lists match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    pub regions: Vec<Region>,
    /// Matches when the unit has any of these flags.
    pub flags: Vec<Flag>,
    /// Inclusive range of calendar years.
    pub years: Option<(i32, i32)>,
}

impl Conditions {
    /// How many kinds of condition the rule states: the most specific matching
    /// rule wins.
    pub fn specificity(&self) -> u8 {
        u8::from(!self.regions.is_empty()) + u8::from(!self.flags.is_empty()) + u8::from(self.years.is_some())
    }
}

/// One threshold of an indicator, with where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct ThresholdRule {
    pub when: Conditions,
    pub target: Target,
    /// Whether the number is confirmed: by a retrieved source (shipped sets),
    /// or by a second person against the document (sets authored in ntm).
    /// Unconfirmed thresholds are shown as such wherever they are used.
    pub confirmed: bool,
    /// The document the threshold comes from.
    pub source: Option<String>,
    /// Where in the document: article, clause or appendix ("Phụ lục I, mục 3").
    pub place: Option<String>,
    /// The page of the document.
    pub page: Option<String>,
    pub note: Option<String>,
    /// Who entered it ("Nguyễn Văn A (vpdp.laichau)"), for authored sets.
    pub entered_by: Option<String>,
    /// Who confirmed it against the document, for authored sets.
    pub confirmed_by: Option<String>,
}

impl ThresholdRule {
    /// "Quyết định 51/2025/QĐ-TTg, Phụ lục I, trang 4": the source with its place.
    pub fn citation_vi(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.source.clone());
        parts.extend(self.place.clone());
        parts.extend(self.page.as_ref().map(|p| format!("trang {p}")));
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// A measurable requirement inside a criterion (chỉ tiêu).
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    pub kind: IndicatorKind,
    /// The unit of the measured quantity: "km", "hộ", "triệu đồng/người/năm".
    pub unit: Option<String>,
    /// For level indicators: level names, lowest first.
    pub levels: Vec<String>,
    /// "(nếu có)": a unit without the subject may record "không áp dụng".
    pub optional: bool,
    /// A number that adds up across units (households, km, people), so a
    /// merged unit's value is the sum of its predecessors'. Ratios always add
    /// up by their parts; levels and yes/no never do.
    pub additive: bool,
    pub thresholds: Vec<ThresholdRule>,
    /// Documents that evidence a value.
    pub evidence: Vec<String>,
    /// Default owning sector, as the set names it (ownership records override).
    pub owner: Option<String>,
    /// Whether the wording is confirmed by a source.
    pub name_confirmed: bool,
    /// Whether the code is the decision's own or a provisional one.
    pub provisional_code: bool,
    pub sources: Vec<String>,
    pub notes: Option<String>,
    /// Dense key of this indicator's values (set by the catalog).
    pub key: IndicatorKey,
    /// `namespace:code` of another set's indicator whose values are used when
    /// this one has none (judging one year's values under two sets).
    pub values_from: Option<String>,
    /// The key of `values_from` (set by the catalog).
    pub fallback: Option<IndicatorKey>,
}

/// A criterion (tiêu chí).
#[derive(Clone, Debug, PartialEq)]
pub struct Criterion {
    pub code: String,
    pub name: String,
    pub group: Option<String>,
    pub rule: CriterionRule,
    pub indicators: Vec<Indicator>,
    /// False when the sources do not list every indicator of the criterion:
    /// then the indicators alone can show it unmet but never met.
    pub indicators_complete: bool,
    pub owner: Option<String>,
    pub notes: Option<String>,
    /// Dense key of this criterion's assessments (set by the catalog).
    pub key: CriterionKey,
}

/// How a set reached ntm: a file shipped with it, or a version authored and
/// published in ntm by an office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetOrigin {
    Shipped,
    Published {
        /// "Nguyễn Văn A (vpdp.laichau)".
        by: String,
        /// RFC 3339.
        at: String,
    },
}

/// A criteria set (bộ tiêu chí), as one legal document defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct CriteriaSet {
    pub code: String,
    /// Versions of one set form a chain: each is in force from its own
    /// `valid_from` until the next one's. Shipped files are version 1.
    pub version: u32,
    pub origin: SetOrigin,
    /// Values are stored per namespace: sets that measure the same indicators
    /// (a national set and a province's localisation of it) share one.
    pub namespace: String,
    pub name: String,
    pub document: String,
    pub level: SetLevel,
    pub scope: SetScope,
    /// The validity the document declares.
    pub validity: Validity,
    /// The days this version is in force: its validity, cut where a later
    /// version of the same set starts (set by the catalog); `None`: a later
    /// version replaced it from its first day.
    pub in_force: Option<Validity>,
    pub extends: Option<String>,
    pub region_rules: Vec<RegionRule>,
    pub brackets: Vec<Bracket>,
    pub standard: StandardRule,
    pub criteria: Vec<Criterion>,
    /// Whether the file lists every indicator of the document.
    pub complete: bool,
    pub notes: Option<String>,
    /// Consistency and history rules checked on entry (`[[checks]]`).
    pub checks: Vec<crate::checks::EntryCheck>,
    pub source_file: String,
    /// A fingerprint of the file's text (FNV-1a, 64 bits): a change to a set
    /// is noticed when ntm starts, and audited.
    pub fingerprint: String,
}

impl CriteriaSet {
    /// "lai-chau-2026@2": names one version.
    pub fn version_ref(&self) -> SetVersionRef {
        SetVersionRef {
            code: self.code.clone(),
            version: self.version,
        }
    }

    /// "phiên bản 2": for headings; empty for a set with a single shipped version.
    pub fn version_label_vi(&self) -> String {
        format!("phiên bản {}", self.version)
    }

    /// Whether any threshold of the set depends on the commune groups of
    /// Decision 51/2025.
    pub fn uses_commune_groups(&self) -> bool {
        self.indicators().any(|(_, i)| {
            i.thresholds
                .iter()
                .any(|t| t.when.flags.iter().any(|f| f.is_commune_group()))
        })
    }

    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.code == code)
    }

    pub fn criterion_index(&self, code: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.code == code)
    }

    pub fn indicator(&self, code: &str) -> Option<(&Criterion, &Indicator)> {
        self.criteria
            .iter()
            .find_map(|c| c.indicators.iter().find(|i| i.code == code).map(|i| (c, i)))
    }

    pub fn indicators(&self) -> impl Iterator<Item = (&Criterion, &Indicator)> {
        self.criteria
            .iter()
            .flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
    }

    /// How many criteria a unit must meet for the standard.
    pub fn standard_threshold(&self) -> u32 {
        match self.standard {
            StandardRule::AllCriteria => self.criteria.len() as u32,
            StandardRule::AtLeast(n) => n,
        }
    }

    /// The bracket a count of met criteria falls in.
    pub fn bracket_of(&self, met: u32) -> Option<usize> {
        self.brackets.iter().position(|b| b.min <= met && met <= b.max)
    }

    /// Counts thresholds that are known and confirmed, known but unconfirmed,
    /// and unknown.
    pub fn threshold_coverage(&self) -> (usize, usize, usize) {
        let mut out = (0, 0, 0);
        for (_, ind) in self.indicators() {
            for rule in &ind.thresholds {
                match (rule.target, rule.confirmed) {
                    (Target::Unknown, _) => out.2 += 1,
                    (_, true) => out.0 += 1,
                    (_, false) => out.1 += 1,
                }
            }
        }
        out
    }

    pub fn indicator_count(&self) -> usize {
        self.criteria.iter().map(|c| c.indicators.len()).sum()
    }
}
