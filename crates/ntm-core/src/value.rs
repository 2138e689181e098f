//! Indicator values and criterion assessments: what units report, checked
//! against the indicator they measure.

use rustc_hash::FxHashMap;

use crate::criteria::{CriterionKey, Indicator, IndicatorKey, IndicatorKind};
use crate::period::Period;
pub use crate::provenance::Provenance;
use crate::quantity::Quantity;
use crate::unit::UnitId;

/// A measured value of an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorValue {
    /// Đạt (true) or không đạt (false).
    YesNo(bool),
    /// Achieved out of total ("226,84/318,39 km").
    Ratio { achieved: Quantity, total: Quantity },
    /// A percentage reported without its counts ("đạt 90%").
    Percent(Quantity),
    /// A number in the indicator's unit.
    Number(Quantity),
    /// Index into the indicator's levels.
    Level(u8),
    /// "Không áp dụng": the unit has no subject for an optional indicator.
    NotApplicable,
}

/// Why a value does not fit its indicator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("số đạt ({achieved}) lớn hơn tổng số ({total})")]
    AchievedExceedsTotal { achieved: String, total: String },
    #[error("tỷ lệ {0}% vượt quá 100%")]
    PercentOver100(String),
    #[error("giá trị âm ({0}) không hợp lệ")]
    Negative(String),
    #[error("chỉ tiêu {code} là loại \"{expected}\", không nhận giá trị kiểu này")]
    KindMismatch { code: String, expected: &'static str },
    #[error("mức {level} không có trong các mức của chỉ tiêu {code}")]
    LevelOutOfRange { code: String, level: u8 },
    #[error("chỉ tiêu {0} không có ghi chú \"nếu có\" nên không nhận giá trị \"không áp dụng\"")]
    NotOptional(String),
    /// 0/0 is no ratio: it is never judged met.
    #[error("tổng số bằng 0 nên không tính được tỷ lệ của chỉ tiêu {code}{hint}")]
    ZeroTotal { code: String, hint: &'static str },
}

impl IndicatorValue {
    /// Checks the value against the indicator it measures.
    pub fn check(&self, indicator: &Indicator) -> Result<(), ValueError> {
        let negative = |q: Quantity| {
            if q.is_negative() {
                Err(ValueError::Negative(q.to_vi_string()))
            } else {
                Ok(())
            }
        };
        let mismatch = || ValueError::KindMismatch {
            code: indicator.code.clone(),
            expected: indicator.kind.name_vi(),
        };
        match (*self, indicator.kind) {
            (IndicatorValue::NotApplicable, _) => {
                if indicator.optional {
                    Ok(())
                } else {
                    Err(ValueError::NotOptional(indicator.code.clone()))
                }
            }
            (IndicatorValue::YesNo(_), IndicatorKind::YesNo) => Ok(()),
            (IndicatorValue::Ratio { achieved, total }, IndicatorKind::Ratio) => {
                negative(achieved)?;
                negative(total)?;
                if total == Quantity::ZERO && achieved == Quantity::ZERO {
                    return Err(ValueError::ZeroTotal {
                        code: indicator.code.clone(),
                        hint: if indicator.optional {
                            "; đơn vị không có đối tượng của chỉ tiêu này thì ghi \"không áp dụng\""
                        } else {
                            ": ghi số đạt và tổng số thực tế"
                        },
                    });
                }
                if achieved > total {
                    return Err(ValueError::AchievedExceedsTotal {
                        achieved: achieved.to_vi_string(),
                        total: total.to_vi_string(),
                    });
                }
                Ok(())
            }
            (IndicatorValue::Percent(p), IndicatorKind::Ratio) => {
                negative(p)?;
                if p > Quantity::from_int(100) {
                    return Err(ValueError::PercentOver100(p.to_vi_string()));
                }
                Ok(())
            }
            (IndicatorValue::Number(n), IndicatorKind::Number) => negative(n),
            (IndicatorValue::Level(l), IndicatorKind::Level) => {
                if usize::from(l) < indicator.levels.len() {
                    Ok(())
                } else {
                    Err(ValueError::LevelOutOfRange {
                        code: indicator.code.clone(),
                        level: l,
                    })
                }
            }
            _ => Err(mismatch()),
        }
    }

    /// The value as users read it: "226,84/318,39 km (71,25%)", "đạt", "Mức độ 2".
    pub fn display_vi(&self, indicator: &Indicator) -> String {
        let unit = indicator
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        match *self {
            IndicatorValue::YesNo(true) => "đạt".to_string(),
            IndicatorValue::YesNo(false) => "không đạt".to_string(),
            IndicatorValue::Ratio { achieved, total } => {
                let percent = achieved
                    .percent_hundredths_of(total)
                    .map(|h| format!(" ({}%)", crate::quantity::format_percent_hundredths(h, 2)))
                    .unwrap_or_default();
                format!(
                    "{}/{}{unit}{percent}",
                    achieved.to_vi_string(),
                    total.to_vi_string()
                )
            }
            IndicatorValue::Percent(p) => format!("{}%", p.to_vi_string()),
            IndicatorValue::Number(n) => format!("{}{unit}", n.to_vi_string()),
            IndicatorValue::Level(l) => indicator
                .levels
                .get(usize::from(l))
                .cloned()
                .unwrap_or_else(|| format!("mức {l}")),
            IndicatorValue::NotApplicable => "không áp dụng".to_string(),
        }
    }
}

/// A value as stored, with who entered it and the evidence behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueRecord {
    pub unit: UnitId,
    pub period: Period,
    pub namespace: String,
    pub indicator: String,
    pub value: IndicatorValue,
    /// Where the value came from.
    pub provenance: Provenance,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    pub entered_by: String,
    /// RFC 3339 timestamp.
    pub entered_at: String,
    /// Increases with every change: a save made over an older version is refused.
    pub version: i64,
}

/// A criterion-level judgement, as the districts mostly report.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentRecord {
    pub unit: UnitId,
    pub period: Period,
    pub namespace: String,
    pub criterion: String,
    pub met: bool,
    /// Where the assessment came from.
    pub provenance: Provenance,
    pub assessed_by: String,
    pub evidence: Vec<String>,
    pub note: Option<String>,
    pub assessed_at: String,
    /// Increases with every change.
    pub version: i64,
}

/// What one unit reported for one period, in the compact form evaluation needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitObservations {
    /// Sorted by key.
    values: Vec<(IndicatorKey, IndicatorValue)>,
    /// Sorted by key.
    assessments: Vec<(CriterionKey, bool)>,
    /// The provenance of values not entered directly, sorted by key (most
    /// values have none, so the common lookup is into an empty list).
    value_sources: Vec<(IndicatorKey, Provenance)>,
    assessment_sources: Vec<(CriterionKey, Provenance)>,
}

/// Sets `key`'s provenance in a sparse sorted list (entered: no entry).
fn set_source<K: Ord + Copy>(list: &mut Vec<(K, Provenance)>, key: K, provenance: Provenance) {
    match (list.binary_search_by_key(&key, |(k, _)| *k), provenance) {
        (Ok(i), Provenance::Entered) => {
            list.remove(i);
        }
        (Ok(i), p) => list[i].1 = p,
        (Err(_), Provenance::Entered) => {}
        (Err(i), p) => list.insert(i, (key, p)),
    }
}

fn source_of<K: Ord + Copy>(list: &[(K, Provenance)], key: K) -> Provenance {
    list.binary_search_by_key(&key, |(k, _)| *k)
        .map_or(Provenance::Entered, |i| list[i].1)
}

impl UnitObservations {
    /// Sets a value entered directly.
    pub fn set_value(&mut self, key: IndicatorKey, value: IndicatorValue) {
        self.set_value_from(key, value, Provenance::Entered);
    }

    /// Sets a value with where it came from.
    pub fn set_value_from(&mut self, key: IndicatorKey, value: IndicatorValue, provenance: Provenance) {
        match self.values.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) => self.values[i].1 = value,
            Err(i) => self.values.insert(i, (key, value)),
        }
        set_source(&mut self.value_sources, key, provenance);
    }

    /// Sets an assessment entered directly.
    pub fn set_assessment(&mut self, key: CriterionKey, met: bool) {
        self.set_assessment_from(key, met, Provenance::Entered);
    }

    /// Sets an assessment with where it came from.
    pub fn set_assessment_from(&mut self, key: CriterionKey, met: bool, provenance: Provenance) {
        match self.assessments.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) => self.assessments[i].1 = met,
            Err(i) => self.assessments.insert(i, (key, met)),
        }
        set_source(&mut self.assessment_sources, key, provenance);
    }

    /// Where a value came from (entered, when there is none).
    pub fn value_provenance(&self, key: IndicatorKey) -> Provenance {
        source_of(&self.value_sources, key)
    }

    /// Where an assessment came from (entered, when there is none).
    pub fn assessment_provenance(&self, key: CriterionKey) -> Provenance {
        source_of(&self.assessment_sources, key)
    }

    pub fn value(&self, key: IndicatorKey) -> Option<IndicatorValue> {
        self.values
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|i| self.values[i].1)
    }

    pub fn assessment(&self, key: CriterionKey) -> Option<bool> {
        self.assessments
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|i| self.assessments[i].1)
    }

    pub fn values(&self) -> &[(IndicatorKey, IndicatorValue)] {
        &self.values
    }

    /// A reader for looking values up in increasing key order, as evaluation
    /// does: each lookup continues from the last instead of searching again.
    pub fn cursor(&self) -> ValueCursor<'_> {
        ValueCursor {
            values: &self.values,
            pos: 0,
        }
    }

    pub fn assessments(&self) -> &[(CriterionKey, bool)] {
        &self.assessments
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.assessments.is_empty()
    }
}

/// Everything reported for one period, by unit.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodValues {
    pub period: Period,
    units: FxHashMap<UnitId, UnitObservations>,
}

impl PeriodValues {
    pub fn new(period: Period) -> PeriodValues {
        PeriodValues {
            period,
            units: FxHashMap::default(),
        }
    }

    pub fn unit(&self, id: UnitId) -> Option<&UnitObservations> {
        self.units.get(&id)
    }

    pub fn unit_mut(&mut self, id: UnitId) -> &mut UnitObservations {
        self.units.entry(id).or_default()
    }

    /// Removes and returns what a unit reported (empty if nothing).
    pub fn take_unit(&mut self, id: UnitId) -> UnitObservations {
        self.units.remove(&id).unwrap_or_default()
    }

    /// Replaces everything a unit reported (after a write, for example).
    pub fn replace_unit(&mut self, id: UnitId, observations: UnitObservations) {
        if observations.is_empty() {
            self.units.remove(&id);
        } else {
            self.units.insert(id, observations);
        }
    }

    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    pub fn observation_count(&self) -> usize {
        self.units
            .values()
            .map(|u| u.values.len() + u.assessments.len())
            .sum()
    }
}

/// Looks up values by key, fastest when keys are asked in increasing order
/// (any order gives the right answer).
#[derive(Clone, Debug)]
pub struct ValueCursor<'a> {
    values: &'a [(IndicatorKey, IndicatorValue)],
    pos: usize,
}

impl ValueCursor<'_> {
    pub fn get(&mut self, key: IndicatorKey) -> Option<IndicatorValue> {
        if self.pos > 0 && self.values[self.pos - 1].0 >= key {
            // Asked out of order: search from the start.
            self.pos = self.values.partition_point(|(k, _)| *k < key);
        } else {
            while self.pos < self.values.len() && self.values[self.pos].0 < key {
                self.pos += 1;
            }
        }
        match self.values.get(self.pos) {
            Some((k, v)) if *k == key => {
                self.pos += 1;
                Some(*v)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The cursor answers like a plain lookup, whatever the order of the keys asked.
        #[test]
        fn cursor_agrees_with_lookup(stored in prop::collection::btree_set(0u32..40, 0..20), asked in prop::collection::vec(0u32..45, 0..60)) {
            let mut obs = UnitObservations::default();
            for k in &stored {
                obs.set_value(IndicatorKey(*k), IndicatorValue::Level(*k as u8));
            }
            let mut cursor = obs.cursor();
            for k in asked {
                prop_assert_eq!(cursor.get(IndicatorKey(k)), obs.value(IndicatorKey(k)));
            }
        }
    }
}
