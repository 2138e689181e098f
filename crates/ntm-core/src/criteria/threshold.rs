//! Choosing the threshold that applies to a unit: by region (after the set's
//! region rules), by classification flags and by year. The most specific
//! matching rule wins; when none matches, the threshold is unknown.

use crate::criteria::{CriteriaSet, Indicator, RegionRule, Target, ThresholdRule};
use crate::region::Region;
use crate::unit::FlagSet;

/// What a threshold depends on for one unit and period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ThresholdContext {
    pub region: Option<Region>,
    pub flags: FlagSet,
    pub year: i32,
}

/// The threshold chosen for a unit, with the reasons for the choice.
#[derive(Clone, Copy, Debug)]
pub struct ResolvedThreshold<'a> {
    pub rule: Option<&'a ThresholdRule>,
    /// The region whose thresholds apply.
    pub region: Option<Region>,
    /// Set when a region rule replaced the unit's own region.
    pub region_rule: Option<&'a RegionRule>,
    pub year: i32,
    /// The indicator's thresholds differ by commune group, the unit has no
    /// group, and so no threshold could be chosen ("chưa xếp nhóm").
    pub ungrouped: bool,
}

impl<'a> ResolvedThreshold<'a> {
    pub fn target(&self) -> Target {
        self.rule.map_or(Target::Unknown, |r| r.target)
    }

    /// Whether a source confirms the threshold applied.
    pub fn confirmed(&self) -> bool {
        self.rule
            .is_some_and(|r| r.confirmed && r.target != Target::Unknown)
    }

    /// Why this threshold, in Vietnamese: region, special rule, year, source.
    pub fn reason_vi(&self) -> String {
        let mut parts = Vec::new();
        if self.ungrouped {
            return "xã chưa xếp nhóm: ngưỡng của chỉ tiêu này khác nhau theo nhóm xã, chưa biết áp dụng ngưỡng nào"
                .to_string();
        }
        let Some(rule) = self.rule else {
            return "bộ tiêu chí không có ngưỡng cho trường hợp này".to_string();
        };
        if !rule.when.regions.is_empty() {
            if let Some(region) = self.region {
                parts.push(format!("mức của vùng {}", region.name_vi()));
            }
        } else {
            parts.push("mức chung cho mọi vùng".to_string());
        }
        if let Some(rr) = self.region_rule {
            parts.push(rr.reason.clone());
        }
        if !rule.when.flags.is_empty() {
            let flags: Vec<&str> = rule.when.flags.iter().map(|f| f.name_vi()).collect();
            parts.push(format!("áp dụng cho {}", flags.join(", ")));
        }
        if rule.when.years.is_some() {
            parts.push(format!("mức của năm {}", self.year));
        }
        if rule.target == Target::Unknown {
            parts.push("nguồn chưa cho biết ngưỡng".to_string());
        } else if !rule.confirmed {
            parts.push("ngưỡng chưa được xác nhận đúng văn bản".to_string());
        }
        parts.join("; ")
    }
}

impl CriteriaSet {
    /// The region whose thresholds apply to a unit, after the set's region rules.
    pub fn effective_region(&self, ctx: &ThresholdContext) -> (Option<Region>, Option<&RegionRule>) {
        for rule in &self.region_rules {
            if rule.flags.iter().any(|f| ctx.flags.contains(*f)) {
                return (Some(rule.region), Some(rule));
            }
        }
        (ctx.region, None)
    }
}

impl Indicator {
    /// The threshold of this indicator for a unit in the given context.
    pub fn threshold_for<'a>(
        &'a self,
        set: &'a CriteriaSet,
        ctx: &ThresholdContext,
    ) -> ResolvedThreshold<'a> {
        let (region, region_rule) = set.effective_region(ctx);
        let mut best: Option<&ThresholdRule> = None;
        for rule in &self.thresholds {
            let when = &rule.when;
            let region_ok = when.regions.is_empty() || region.is_some_and(|r| when.regions.contains(&r));
            let flags_ok = when.flags.is_empty() || when.flags.iter().any(|f| ctx.flags.contains(*f));
            let year_ok = when
                .years
                .is_none_or(|(from, to)| from <= ctx.year && ctx.year <= to);
            if region_ok
                && flags_ok
                && year_ok
                && best.is_none_or(|b| when.specificity() > b.when.specificity())
            {
                best = Some(rule);
            }
        }
        // A region rule matters only when the chosen threshold depends on the region.
        let region_rule = region_rule.filter(|_| best.is_some_and(|b| !b.when.regions.is_empty()));
        let by_group = self
            .thresholds
            .iter()
            .any(|t| t.when.flags.iter().any(|f| f.is_commune_group()));
        let grouped = ctx.flags.iter().any(|f| f.is_commune_group());
        let unknown = best.is_none_or(|b| b.target == Target::Unknown);
        ResolvedThreshold {
            rule: best,
            region,
            region_rule,
            year: ctx.year,
            ungrouped: by_group && !grouped && unknown,
        }
    }
}
