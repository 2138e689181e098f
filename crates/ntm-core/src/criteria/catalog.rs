//! The catalog: every criteria set the system knows, the dense keys under
//! which values and assessments are stored, and which set is in force for a
//! unit on a date.

use std::collections::HashMap;

use time::Date;

use crate::criteria::file::{CriteriaFileError, SetFile};
use crate::criteria::{CriteriaSet, SetLevel, SetScope, SetVersionRef, effective_validities};
use crate::hierarchy::Hierarchy;
use crate::period::Period;
use crate::unit::{Unit, UnitCode, UnitKind};

/// Dense key of an indicator's values: one per (namespace, indicator code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndicatorKey(pub u32);

impl IndicatorKey {
    pub const UNASSIGNED: IndicatorKey = IndicatorKey(u32::MAX);
}

/// Dense key of a criterion's assessments: one per (namespace, criterion code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CriterionKey(pub u32);

impl CriterionKey {
    pub const UNASSIGNED: CriterionKey = CriterionKey(u32::MAX);
}

/// All criteria sets, checked and keyed.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    sets: Vec<CriteriaSet>,
    indicator_keys: HashMap<(String, String), IndicatorKey>,
    indicator_names: Vec<(String, String)>,
    criterion_keys: HashMap<(String, String), CriterionKey>,
    criterion_names: Vec<(String, String)>,
}

impl Catalog {
    /// Builds a catalog from `(file name, TOML text)` pairs. Every problem in
    /// every file is reported; nothing is loaded if any file is wrong.
    pub fn from_files(files: &[(String, String)]) -> Result<Catalog, Vec<CriteriaFileError>> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for (name, text) in files {
            match SetFile::parse(name, text) {
                Ok(f) => parsed.push(f),
                Err(e) => errors.extend(e),
            }
        }
        let mut built: Vec<CriteriaSet> = Vec::new();
        // Build base sets before the sets that extend them.
        let mut pending: Vec<&SetFile> = parsed.iter().collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut still = Vec::new();
            for f in pending {
                let base = match f.extends() {
                    None => None,
                    Some(code) => match built.iter().find(|s| s.code == code) {
                        Some(b) => Some(b.clone()),
                        None if parsed.iter().any(|p| p.code() == code) => {
                            still.push(f);
                            continue;
                        }
                        None => None,
                    },
                };
                match f.build(base.as_ref()) {
                    Ok(set) => {
                        if built.iter().any(|s| s.code == set.code) {
                            errors.push(CriteriaFileError {
                                file: set.source_file.clone(),
                                line: None,
                                field: "code".into(),
                                message: format!("mã bộ tiêu chí \"{}\" đã được dùng ở tệp khác", set.code),
                            });
                        } else {
                            built.push(set);
                        }
                    }
                    Err(e) => errors.extend(e),
                }
            }
            if still.len() == before {
                for f in &still {
                    errors.push(CriteriaFileError {
                        file: format!("{f:?}"),
                        line: None,
                        field: "extends".into(),
                        message: "các bộ tiêu chí kế thừa vòng quanh nhau".into(),
                    });
                }
                break;
            }
            pending = still;
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Catalog::from_sets(built).map_err(|e| vec![e])
    }

    /// Keys already-built sets (every version of every set), and decides on
    /// which days each version is in force. Keys depend only on the order of
    /// the sets: a catalog built from another's sets plus new ones keeps every
    /// key the other had.
    pub fn from_sets(mut sets: Vec<CriteriaSet>) -> Result<Catalog, CriteriaFileError> {
        for (i, set) in sets.iter().enumerate() {
            if sets[..i]
                .iter()
                .any(|s| s.code == set.code && s.version == set.version)
            {
                return Err(CriteriaFileError {
                    file: set.source_file.clone(),
                    line: None,
                    field: "version".into(),
                    message: format!("bộ tiêu chí {} có hai phiên bản {}", set.code, set.version),
                });
            }
        }
        assign_in_force(&mut sets);
        let mut catalog = Catalog::default();
        for mut set in sets {
            for criterion in &mut set.criteria {
                criterion.key = catalog.criterion_key_or_insert(&set.namespace, &criterion.code);
                for indicator in &mut criterion.indicators {
                    indicator.key = catalog.indicator_key_or_insert(&set.namespace, &indicator.code);
                }
            }
            catalog.sets.push(set);
        }
        for set_index in 0..catalog.sets.len() {
            let refs: Vec<(usize, usize, String)> = catalog.sets[set_index]
                .criteria
                .iter()
                .enumerate()
                .flat_map(|(ci, c)| {
                    c.indicators
                        .iter()
                        .enumerate()
                        .filter_map(move |(ii, i)| i.values_from.clone().map(|v| (ci, ii, v)))
                })
                .collect();
            for (ci, ii, reference) in refs {
                let (ns, code) = reference.split_once(':').unwrap_or(("", reference.as_str()));
                let key = catalog.indicator_key(ns, code).ok_or_else(|| CriteriaFileError {
                    file: catalog.sets[set_index].source_file.clone(),
                    line: None,
                    field: "indicators.values_from".into(),
                    message: format!("không có chỉ tiêu \"{reference}\" trong các bộ đã nạp"),
                })?;
                catalog.sets[set_index].criteria[ci].indicators[ii].fallback = Some(key);
            }
        }
        Ok(catalog)
    }

    fn indicator_key_or_insert(&mut self, namespace: &str, code: &str) -> IndicatorKey {
        let next = IndicatorKey(self.indicator_names.len() as u32);
        let key = *self
            .indicator_keys
            .entry((namespace.to_string(), code.to_string()))
            .or_insert(next);
        if key == next {
            self.indicator_names
                .push((namespace.to_string(), code.to_string()));
        }
        key
    }

    fn criterion_key_or_insert(&mut self, namespace: &str, code: &str) -> CriterionKey {
        let next = CriterionKey(self.criterion_names.len() as u32);
        let key = *self
            .criterion_keys
            .entry((namespace.to_string(), code.to_string()))
            .or_insert(next);
        if key == next {
            self.criterion_names
                .push((namespace.to_string(), code.to_string()));
        }
        key
    }

    pub fn sets(&self) -> &[CriteriaSet] {
        &self.sets
    }

    /// A set by name: `code@N` is that version; a plain code is the latest
    /// version of the set.
    pub fn set(&self, name: &str) -> Option<&CriteriaSet> {
        if let Ok(r) = name.parse::<SetVersionRef>() {
            return self.version(&r);
        }
        self.versions(name).last().copied()
    }

    /// One version of a set.
    pub fn version(&self, r: &SetVersionRef) -> Option<&CriteriaSet> {
        self.sets
            .iter()
            .find(|s| s.code == r.code && s.version == r.version)
    }

    /// Every version of a set, oldest first.
    pub fn versions(&self, code: &str) -> Vec<&CriteriaSet> {
        let mut out: Vec<&CriteriaSet> = self.sets.iter().filter(|s| s.code == code).collect();
        out.sort_by_key(|s| s.version);
        out
    }

    /// A set by name for a day: `code@N` is that version; a plain code is the
    /// version in force on the day, or else the latest.
    pub fn set_on(&self, name: &str, day: Date) -> Option<&CriteriaSet> {
        if name.contains('@') {
            return self.set(name);
        }
        let versions = self.versions(name);
        versions
            .iter()
            .find(|s| s.in_force.is_some_and(|v| v.contains(day)))
            .or(versions.last())
            .copied()
    }

    pub fn indicator_key(&self, namespace: &str, code: &str) -> Option<IndicatorKey> {
        self.indicator_keys
            .get(&(namespace.to_string(), code.to_string()))
            .copied()
    }

    pub fn criterion_key(&self, namespace: &str, code: &str) -> Option<CriterionKey> {
        self.criterion_keys
            .get(&(namespace.to_string(), code.to_string()))
            .copied()
    }

    /// `(namespace, code)` of an indicator key.
    pub fn indicator_name(&self, key: IndicatorKey) -> Option<(&str, &str)> {
        self.indicator_names
            .get(key.0 as usize)
            .map(|(n, c)| (n.as_str(), c.as_str()))
    }

    pub fn criterion_name(&self, key: CriterionKey) -> Option<(&str, &str)> {
        self.criterion_names
            .get(key.0 as usize)
            .map(|(n, c)| (n.as_str(), c.as_str()))
    }

    /// Every (namespace, indicator code) pair, in key order.
    pub fn indicator_names(&self) -> &[(String, String)] {
        &self.indicator_names
    }

    pub fn criterion_names(&self) -> &[(String, String)] {
        &self.criterion_names
    }

    pub fn namespaces(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.sets.iter().map(|s| s.namespace.as_str()).collect();
        out.sort();
        out.dedup();
        out
    }

    /// The set in force for units of `level` in `province` on `day`: a
    /// province's own set over the national one, the latest issued first.
    pub fn set_in_force(
        &self,
        level: SetLevel,
        province: Option<&UnitCode>,
        day: Date,
    ) -> Option<&CriteriaSet> {
        self.sets
            .iter()
            .filter(|s| s.level == level && s.in_force.is_some_and(|v| v.contains(day)))
            .filter(|s| match &s.scope {
                SetScope::National => true,
                SetScope::Province(code) => Some(code) == province,
            })
            .max_by_key(|s| (matches!(s.scope, SetScope::Province(_)), s.validity.from))
    }

    /// The set that judges a unit in a period: the village set for a
    /// village, the commune set otherwise, in force in the unit's province on
    /// the period's reference date.
    pub fn set_for_unit(&self, hierarchy: &Hierarchy, unit: &Unit, period: Period) -> Option<&CriteriaSet> {
        let day = hierarchy.reference_date(unit, period);
        let province = hierarchy.province_at(unit.id, day).map(|p| &p.code);
        let level = if unit.kind == UnitKind::Village {
            SetLevel::Village
        } else {
            SetLevel::Commune
        };
        self.set_in_force(level, province, day)
    }
}

/// Sets `in_force` of every set: its declared validity, cut where a later
/// version of the same code starts.
fn assign_in_force(sets: &mut [CriteriaSet]) {
    let mut codes: Vec<String> = sets.iter().map(|s| s.code.clone()).collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        let mut indices: Vec<usize> = (0..sets.len()).filter(|&i| sets[i].code == code).collect();
        indices.sort_by_key(|&i| sets[i].version);
        let declared: Vec<_> = indices.iter().map(|&i| sets[i].validity).collect();
        for (i, in_force) in indices.into_iter().zip(effective_validities(&declared)) {
            sets[i].in_force = in_force;
        }
    }
}
