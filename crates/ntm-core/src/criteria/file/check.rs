//! Turning a raw file into a checked `CriteriaSet`, collecting every problem.

use std::ops::Range;

use toml::Spanned;

use super::raw::{
    RawBracket, RawCount, RawCriterion, RawIndicator, RawNumber, RawOverride, RawRegionRule, RawSet,
    RawThreshold, RawYears,
};
use super::{CriteriaFileError, line_of};
use crate::criteria::catalog::{CriterionKey, IndicatorKey};
use crate::criteria::rules;
use crate::criteria::{
    Bracket, Conditions, CriteriaSet, Criterion, CriterionRule, Indicator, IndicatorKind, RegionRule,
    SetLevel, SetOrigin, SetScope, StandardRule, Target, ThresholdRule,
};
use crate::quantity::Quantity;
use crate::region::Region;
use crate::unit::Flag;
use crate::validity::{Validity, parse_date};

/// Collects every problem while converting a raw file.
pub(super) struct Checker<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
    pub(super) errors: Vec<CriteriaFileError>,
}

impl Checker<'_> {
    pub(super) fn error(
        &self,
        span: Option<Range<usize>>,
        field: &str,
        message: impl Into<String>,
    ) -> CriteriaFileError {
        CriteriaFileError {
            file: self.file.to_string(),
            line: span.map(|s| line_of(self.text, s.start)),
            field: field.to_string(),
            message: message.into(),
        }
    }

    fn push(&mut self, span: Option<Range<usize>>, field: &str, message: impl Into<String>) {
        let e = self.error(span, field, message);
        self.errors.push(e);
    }

    pub(super) fn set(&mut self, raw: &RawSet, base: Option<&CriteriaSet>) -> Option<CriteriaSet> {
        let code = raw.code.get_ref().trim().to_string();
        if let Err(message) = rules::check_set_code(&code) {
            self.push(Some(raw.code.span()), "code", message);
        }
        let version = match &raw.version {
            Some(v) if *v.get_ref() == 0 => {
                self.push(Some(v.span()), "version", "phiên bản đánh số từ 1");
                1
            }
            Some(v) => *v.get_ref(),
            None => 1,
        };
        if raw.extends.is_some() && base.is_none() {
            let span = raw.extends.as_ref().map(|e| e.span());
            self.push(span, "extends", "không tìm thấy bộ tiêu chí gốc");
        }
        if base.is_some() && !raw.criteria.is_empty() {
            self.push(
                Some(raw.criteria[0].span()),
                "criteria",
                "bộ kế thừa (extends) chỉ được sửa ngưỡng qua [[overrides]], không khai báo lại tiêu chí",
            );
        }
        let level = match (&raw.level, base) {
            (Some(l), _) => match l.get_ref().as_str() {
                "commune" => Some(SetLevel::Commune),
                "village" => Some(SetLevel::Village),
                other => {
                    self.push(
                        Some(l.span()),
                        "level",
                        format!("\"{other}\" không hợp lệ: dùng commune hoặc village"),
                    );
                    None
                }
            },
            (None, Some(b)) => Some(b.level),
            (None, None) => {
                self.push(None, "level", "thiếu cấp áp dụng (commune hoặc village)");
                None
            }
        };
        let scope = self.scope(&raw.scope);
        let valid_from = self.date(raw.valid_from.as_ref(), "valid_from");
        let valid_to = self.date(raw.valid_to.as_ref(), "valid_to");
        let validity = Validity::new(valid_from, valid_to);
        if validity.is_inverted() {
            self.push(
                raw.valid_to.as_ref().map(|v| v.span()),
                "valid_to",
                "ngày hết hiệu lực trước ngày có hiệu lực",
            );
        }
        let namespace = match (&raw.namespace, base) {
            (Some(ns), _) => ns.get_ref().clone(),
            (None, Some(b)) => b.namespace.clone(),
            (None, None) => code.clone(),
        };
        let region_rules = match (&raw.region_rules, base) {
            (Some(rules), _) => rules.iter().filter_map(|r| self.region_rule(r)).collect(),
            (None, Some(b)) => b.region_rules.clone(),
            (None, None) => Vec::new(),
        };
        let mut criteria = match base {
            Some(b) => b.criteria.clone(),
            None => self.criteria(&raw.criteria),
        };
        for ov in &raw.overrides {
            self.apply_override(ov, &mut criteria);
        }
        let standard = match (&raw.standard, base) {
            (Some(s), _) => self.standard(s, criteria.len()),
            (None, Some(b)) => b.standard,
            (None, None) => StandardRule::AllCriteria,
        };
        let brackets = match (&raw.brackets, base) {
            (Some(b), _) => self.brackets(b, criteria.len() as u32),
            (None, Some(b)) => b.brackets.clone(),
            (None, None) => {
                self.push(None, "brackets", "thiếu các nhóm báo cáo [[brackets]]");
                Vec::new()
            }
        };
        if criteria.is_empty() {
            self.push(None, "criteria", "bộ tiêu chí không có tiêu chí nào");
        }
        if criteria.len() > rules::MAX_CRITERIA {
            self.push(
                None,
                "criteria",
                format!("một bộ tiêu chí có tối đa {} tiêu chí", rules::MAX_CRITERIA),
            );
        }
        let checks = self.checks(&raw.checks, base, &criteria);
        Some(CriteriaSet {
            code,
            version,
            origin: SetOrigin::Shipped,
            namespace,
            name: raw.name.clone(),
            document: raw.document.clone(),
            level: level?,
            scope: scope?,
            validity,
            in_force: Some(validity),
            extends: raw.extends.as_ref().map(|e| e.get_ref().clone()),
            region_rules,
            brackets,
            standard,
            criteria,
            complete: raw.complete.or(base.map(|b| b.complete)).unwrap_or(false),
            notes: raw.notes.clone(),
            checks,
            source_file: self.file.to_string(),
            fingerprint: fingerprint(self.text),
        })
    }

    fn scope(&mut self, raw: &Spanned<String>) -> Option<SetScope> {
        let text = raw.get_ref().trim();
        if let Some(scope) = SetScope::parse(text) {
            return Some(scope);
        }
        self.push(
            Some(raw.span()),
            "scope",
            format!("\"{text}\" không hợp lệ: dùng national hoặc province:MÃ (ví dụ province:12)"),
        );
        None
    }

    fn date(&mut self, raw: Option<&Spanned<String>>, field: &str) -> Option<time::Date> {
        let raw = raw?;
        let parsed = parse_date(raw.get_ref());
        if parsed.is_none() {
            self.push(
                Some(raw.span()),
                field,
                format!("ngày \"{}\" không hợp lệ (viết 2022-03-08)", raw.get_ref()),
            );
        }
        parsed
    }

    fn region_rule(&mut self, raw: &Spanned<RawRegionRule>) -> Option<RegionRule> {
        let r = raw.get_ref();
        let region = match r.region.parse::<Region>() {
            Ok(region) => region,
            Err(e) => {
                self.push(Some(raw.span()), "region_rules.region", e.to_string());
                return None;
            }
        };
        let flags = self.flags(&r.flags, raw.span(), "region_rules.flags");
        Some(RegionRule {
            flags,
            region,
            reason: r.reason.clone(),
        })
    }

    fn flags(&mut self, raw: &[String], span: Range<usize>, field: &str) -> Vec<Flag> {
        let mut out = Vec::new();
        for f in raw {
            match f.parse::<Flag>() {
                Ok(flag) => out.push(flag),
                Err(e) => self.push(Some(span.clone()), field, e.to_string()),
            }
        }
        out
    }

    fn standard(&mut self, raw: &Spanned<RawCount>, criteria: usize) -> StandardRule {
        match raw.get_ref() {
            RawCount::Word(w) if w == "all" => StandardRule::AllCriteria,
            RawCount::AtLeast { at_least } if rules::check_at_least(*at_least, criteria, "").is_ok() => {
                StandardRule::AtLeast(*at_least)
            }
            _ => {
                self.push(
                    Some(raw.span()),
                    "standard",
                    format!("dùng \"all\" hoặc {{ at_least = N }} với 1 ≤ N ≤ {criteria}"),
                );
                StandardRule::AllCriteria
            }
        }
    }

    /// The report brackets, checked by [`rules::check_brackets`].
    fn brackets(&mut self, raw: &[Spanned<RawBracket>], criteria: u32) -> Vec<Bracket> {
        let mut out: Vec<Bracket> = raw
            .iter()
            .map(|b| Bracket {
                label: b.get_ref().label.clone(),
                min: b.get_ref().min,
                max: b.get_ref().max,
            })
            .collect();
        let first_span = raw.first().map(|b| b.span());
        for message in rules::check_brackets(&out, criteria) {
            self.push(first_span.clone(), "brackets", message);
        }
        rules::order_brackets(&mut out);
        out
    }

    fn criteria(&mut self, raw: &[Spanned<RawCriterion>]) -> Vec<Criterion> {
        let mut out: Vec<Criterion> = Vec::new();
        for spanned in raw {
            let c = spanned.get_ref();
            if c.code.trim().is_empty() || out.iter().any(|o| o.code == c.code) {
                self.push(
                    Some(spanned.span()),
                    "criteria.code",
                    format!("mã tiêu chí \"{}\" rỗng hoặc trùng", c.code),
                );
            }
            let rule = match &c.rule {
                None => CriterionRule::AllIndicators,
                Some(RawCount::Word(w)) if w == "all" => CriterionRule::AllIndicators,
                Some(RawCount::AtLeast { at_least }) if (*at_least as usize) <= c.indicators.len() => {
                    CriterionRule::AtLeast(*at_least)
                }
                Some(_) => {
                    self.push(
                        Some(spanned.span()),
                        "criteria.rule",
                        "dùng \"all\" hoặc { at_least = N } với N không quá số chỉ tiêu",
                    );
                    CriterionRule::AllIndicators
                }
            };
            let mut indicators: Vec<Indicator> = Vec::new();
            for ri in &c.indicators {
                if let Some(ind) = self.indicator(ri) {
                    if indicators.iter().any(|i| i.code == ind.code)
                        || out
                            .iter()
                            .any(|o| o.indicators.iter().any(|i| i.code == ind.code))
                    {
                        self.push(
                            Some(ri.span()),
                            "indicators.code",
                            format!("mã chỉ tiêu \"{}\" bị trùng", ind.code),
                        );
                    }
                    indicators.push(ind);
                }
            }
            out.push(Criterion {
                code: c.code.trim().to_string(),
                name: c.name.clone(),
                group: c.group.clone(),
                rule,
                indicators,
                indicators_complete: c.indicators_complete.unwrap_or(true),
                owner: c.owner.clone(),
                notes: c.notes.clone(),
                key: CriterionKey::UNASSIGNED,
            });
        }
        out
    }

    fn indicator(&mut self, spanned: &Spanned<RawIndicator>) -> Option<Indicator> {
        let r = spanned.get_ref();
        if let Err(message) = rules::check_item_code(&r.code, "chỉ tiêu") {
            self.push(Some(spanned.span()), "indicators.code", message);
        }
        let kind = match r.kind.get_ref().as_str() {
            "yes_no" => IndicatorKind::YesNo,
            "ratio" => IndicatorKind::Ratio,
            "number" => IndicatorKind::Number,
            "level" => IndicatorKind::Level,
            other => {
                self.push(
                    Some(r.kind.span()),
                    "indicators.kind",
                    format!("\"{other}\" không hợp lệ: dùng yes_no, ratio, number hoặc level"),
                );
                return None;
            }
        };
        if let Err(message) = rules::check_levels(kind, &r.levels, &r.code) {
            self.push(Some(spanned.span()), "indicators.levels", message);
        }
        let errors_before = self.errors.len();
        let mut thresholds = Vec::new();
        for t in &r.thresholds {
            if let Some(rule) = self.threshold(t, kind, &r.levels, &r.code) {
                thresholds.push(rule);
            }
        }
        if thresholds.is_empty() {
            self.push(
                Some(spanned.span()),
                "indicators.thresholds",
                format!(
                    "chỉ tiêu {} chưa có ngưỡng nào: ghi {{ unknown = true }} nếu nguồn chưa cho biết",
                    r.code
                ),
            );
        }
        if let Some(vf) = &r.values_from
            && let Err(message) = rules::check_values_from(vf.get_ref())
        {
            self.push(Some(vf.span()), "indicators.values_from", message);
        }
        let conditions: Vec<&Conditions> = thresholds.iter().map(|t: &ThresholdRule| &t.when).collect();
        // Only thresholds read without error can be compared.
        if self.errors.len() == errors_before
            && let Err(message) = rules::check_distinct_conditions(&conditions, &r.code)
        {
            self.push(Some(spanned.span()), "indicators.thresholds", message);
        }
        Some(Indicator {
            code: r.code.trim().to_string(),
            name: r.name.clone(),
            kind,
            unit: r.unit.clone(),
            levels: r.levels.clone(),
            optional: r.optional,
            additive: r.additive,
            thresholds,
            evidence: r.evidence.clone(),
            owner: r.owner.clone(),
            name_confirmed: r.name_confirmed,
            provisional_code: r.provisional_code,
            sources: r.sources.clone(),
            notes: r.notes.clone(),
            key: IndicatorKey::UNASSIGNED,
            values_from: r.values_from.as_ref().map(|v| v.get_ref().clone()),
            fallback: None,
        })
    }

    fn threshold(
        &mut self,
        spanned: &Spanned<RawThreshold>,
        kind: IndicatorKind,
        levels: &[String],
        code: &str,
    ) -> Option<ThresholdRule> {
        let t = spanned.get_ref();
        let span = spanned.span();
        let field = format!("thresholds ({code})");
        let mut targets = Vec::new();
        if t.unknown == Some(true) {
            targets.push(Target::Unknown);
        }
        if let Some(m) = &t.must_be {
            match m.as_str() {
                "yes" | "đạt" | "Đạt" => targets.push(Target::Yes),
                other => self.push(
                    Some(span.clone()),
                    &field,
                    format!("must_be = \"{other}\" không hợp lệ: dùng \"yes\""),
                ),
            }
        }
        if let Some(n) = &t.at_least {
            targets.extend(self.number(n, &span, &field).map(Target::AtLeast));
        }
        if let Some(n) = &t.at_most {
            targets.extend(self.number(n, &span, &field).map(Target::AtMost));
        }
        if let Some(l) = &t.level_at_least {
            match levels.iter().position(|name| name == l) {
                Some(i) => targets.push(Target::LevelAtLeast(i as u8)),
                None => self.push(
                    Some(span.clone()),
                    &field,
                    format!("mức \"{l}\" không có trong levels"),
                ),
            }
        }
        if targets.len() != 1 {
            self.push(
                Some(span),
                &field,
                "mỗi ngưỡng cần đúng một trong: unknown, must_be, at_least, at_most, level_at_least",
            );
            return None;
        }
        let target = targets[0];
        if let Err(message) = rules::check_target(kind, target) {
            self.push(Some(span.clone()), &field, message);
        }
        let mut regions = Vec::new();
        for r in &t.regions {
            match r.parse::<Region>() {
                Ok(region) => regions.push(region),
                Err(e) => self.push(Some(span.clone()), &field, e.to_string()),
            }
        }
        let flags = self.flags(&t.flags, span.clone(), &field);
        let years = match &t.years {
            None => None,
            Some(RawYears::One(y)) => Some((*y, *y)),
            Some(RawYears::Range(text)) => {
                let parsed = text
                    .split_once('-')
                    .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
                match parsed {
                    Some(years) if rules::check_years(Some(years)).is_ok() => Some(years),
                    _ => {
                        self.push(
                            Some(span.clone()),
                            &field,
                            format!("years = \"{text}\" không hợp lệ: viết 2024 hoặc \"2022-2023\""),
                        );
                        None
                    }
                }
            }
        };
        Some(ThresholdRule {
            when: Conditions {
                regions,
                flags,
                years,
            },
            target,
            confirmed: t.confirmed && target != Target::Unknown,
            source: t.source.clone(),
            place: t.place.clone(),
            page: t.page.clone(),
            note: t.note.clone(),
            entered_by: None,
            confirmed_by: None,
        })
    }

    fn number(&mut self, n: &RawNumber, span: &Range<usize>, field: &str) -> Option<Quantity> {
        let text = match n {
            RawNumber::Int(i) => i.to_string(),
            RawNumber::Float(f) => f.to_string(),
            RawNumber::Text(t) => t.clone(),
        };
        match Quantity::parse_vi(&text) {
            Ok(q) if !q.is_negative() => Some(q),
            Ok(_) => {
                self.push(Some(span.clone()), field, "ngưỡng không được âm");
                None
            }
            Err(e) => {
                self.push(Some(span.clone()), field, e.to_string());
                None
            }
        }
    }

    fn apply_override(&mut self, spanned: &Spanned<RawOverride>, criteria: &mut [Criterion]) {
        let o = spanned.get_ref();
        let found = criteria
            .iter_mut()
            .flat_map(|c| c.indicators.iter_mut())
            .find(|i| i.code == o.indicator);
        let Some(indicator) = found else {
            self.push(
                Some(spanned.span()),
                "overrides.indicator",
                format!("bộ gốc không có chỉ tiêu \"{}\"", o.indicator),
            );
            return;
        };
        let (kind, levels, code) = (indicator.kind, indicator.levels.clone(), indicator.code.clone());
        let mut rules = Vec::new();
        for t in &o.thresholds {
            rules.extend(self.threshold(t, kind, &levels, &code));
        }
        indicator.thresholds = rules;
        if let Some(notes) = &o.notes {
            indicator.notes = Some(notes.clone());
        }
    }
}

/// FNV-1a over the text: stable across builds and platforms.
fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}
