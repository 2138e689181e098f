//! The TOML shape of a criteria file, as serde reads it. Spans are kept where
//! later checks need a line to name.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSet {
    pub(super) code: Spanned<String>,
    pub(super) version: Option<Spanned<u32>>,
    pub(super) namespace: Option<Spanned<String>>,
    pub(super) name: String,
    pub(super) document: String,
    pub(super) level: Option<Spanned<String>>,
    pub(super) scope: Spanned<String>,
    pub(super) valid_from: Option<Spanned<String>>,
    pub(super) valid_to: Option<Spanned<String>>,
    pub(super) extends: Option<Spanned<String>>,
    pub(super) complete: Option<bool>,
    pub(super) notes: Option<String>,
    pub(super) standard: Option<Spanned<RawCount>>,
    pub(super) region_rules: Option<Vec<Spanned<RawRegionRule>>>,
    pub(super) brackets: Option<Vec<Spanned<RawBracket>>>,
    #[serde(default)]
    pub(super) criteria: Vec<Spanned<RawCriterion>>,
    #[serde(default)]
    pub(super) overrides: Vec<Spanned<RawOverride>>,
    #[serde(default)]
    pub(super) checks: Vec<Spanned<super::checks::RawCheck>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawCount {
    Word(String),
    AtLeast { at_least: u32 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegionRule {
    pub(super) flags: Vec<String>,
    pub(super) region: String,
    pub(super) reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBracket {
    pub(super) label: String,
    pub(super) min: u32,
    pub(super) max: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCriterion {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) group: Option<String>,
    pub(super) owner: Option<String>,
    pub(super) rule: Option<RawCount>,
    pub(super) indicators_complete: Option<bool>,
    pub(super) notes: Option<String>,
    #[serde(default)]
    pub(super) indicators: Vec<Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) kind: Spanned<String>,
    pub(super) unit: Option<String>,
    #[serde(default)]
    pub(super) levels: Vec<String>,
    #[serde(default)]
    pub(super) optional: bool,
    #[serde(default)]
    pub(super) additive: bool,
    #[serde(default)]
    pub(super) evidence: Vec<String>,
    pub(super) owner: Option<String>,
    #[serde(default = "yes")]
    pub(super) name_confirmed: bool,
    #[serde(default)]
    pub(super) provisional_code: bool,
    #[serde(default)]
    pub(super) sources: Vec<String>,
    pub(super) notes: Option<String>,
    pub(super) values_from: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) thresholds: Vec<Spanned<RawThreshold>>,
}

pub(super) fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawThreshold {
    #[serde(default)]
    pub(super) regions: Vec<String>,
    #[serde(default)]
    pub(super) flags: Vec<String>,
    pub(super) years: Option<RawYears>,
    pub(super) at_least: Option<RawNumber>,
    pub(super) at_most: Option<RawNumber>,
    pub(super) must_be: Option<String>,
    pub(super) level_at_least: Option<String>,
    pub(super) unknown: Option<bool>,
    #[serde(default)]
    pub(super) confirmed: bool,
    pub(super) source: Option<String>,
    pub(super) place: Option<String>,
    pub(super) page: Option<String>,
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawYears {
    One(i32),
    Range(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawNumber {
    Int(i64),
    Float(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOverride {
    pub(super) indicator: String,
    pub(super) thresholds: Vec<Spanned<RawThreshold>>,
    pub(super) notes: Option<String>,
}
