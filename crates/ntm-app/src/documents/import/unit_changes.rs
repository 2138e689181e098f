//! Turning the rows of a units file into the changes to write, checked
//! against what is stored: which rows are stored units (unchanged or
//! updated) and which are new, the links to their parents, their
//! classifications, and the successions not yet recorded. A unit is the
//! same unit when its code and start date match.

use std::collections::HashMap;

use ntm_core::hierarchy::{Hierarchy, SuccessionKind};
use ntm_core::unit::{Classification, UnitCode, UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_store::{UnitChanges, UnitRef, UnitRow};
use time::Date;

use crate::documents::import::units::{SuccessionInput, UnitInput};
use crate::documents::import::{ImportError, ImportSummary};

/// A unit the batch can refer to: stored or new, with its validity.
#[derive(Clone, Copy)]
struct Candidate {
    unit: UnitRef,
    kind: UnitKind,
    validity: Validity,
}

/// Picks the unit a code names on `day` (or, without a day, the one still valid).
fn pick(candidates: &[Candidate], day: Option<Date>) -> Option<Candidate> {
    match day {
        Some(d) => candidates.iter().copied().find(|c| c.validity.contains(d)),
        None => candidates
            .iter()
            .copied()
            .max_by_key(|c| c.validity.to.map_or((1, Date::MIN), |t| (0, t))),
    }
}

/// Turns the rows into the changes to write, checked against what is stored.
pub fn plan_units(
    file: &str,
    inputs: &[UnitInput],
    successions: &[SuccessionInput],
    existing: &Hierarchy,
) -> Result<(UnitChanges, ImportSummary), Vec<ImportError>> {
    let mut errors = duplicate_rows(file, inputs);
    let mut changes = UnitChanges::default();
    let mut summary = ImportSummary {
        rows: inputs.len() + successions.len(),
        ..ImportSummary::default()
    };
    let refs: Vec<UnitRef> = inputs
        .iter()
        .map(|input| place_unit(input, existing, &mut changes, &mut summary))
        .collect();
    let by_code = candidates(inputs, &refs, existing);
    for (input, unit) in inputs.iter().zip(&refs) {
        match link_parent(file, input, *unit, &by_code, existing) {
            Ok(Some(link)) => changes.links.push(link),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
        if let Some(wanted) = wanted_classifications(input, *unit, existing) {
            changes.classifications.push((*unit, wanted));
        }
    }
    for s in successions {
        match new_succession(file, s, &by_code, existing) {
            Ok(Some(succession)) => {
                summary.created += 1;
                changes.successions.push(succession);
            }
            Ok(None) => summary.unchanged += 1,
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok((changes, summary))
    } else {
        Err(errors)
    }
}

/// Rows that repeat a unit (the same code and start date) of an earlier row.
fn duplicate_rows(file: &str, inputs: &[UnitInput]) -> Vec<ImportError> {
    let mut seen: HashMap<(&UnitCode, Option<Date>), u64> = HashMap::new();
    inputs
        .iter()
        .filter_map(|input| {
            let first = seen.insert((&input.code, input.validity.from), input.line)?;
            Some(ImportError::at(
                file,
                input.line,
                "code",
                format!("đơn vị {} đã có ở dòng {first}", input.code),
            ))
        })
        .collect()
}

/// What a row is to the units stored: the same unit as stored, the stored
/// unit changed, or a new unit.
enum Placement {
    Unchanged(UnitId),
    Updated(UnitId, UnitRow),
    New(UnitRow),
}

/// The stored unit a row is (its code and start date match), and whether the
/// row changes it.
fn placement(input: &UnitInput, existing: &Hierarchy) -> Placement {
    let row = UnitRow {
        code: input.code.to_string(),
        kind: input.kind,
        type_name: input.type_name.clone(),
        name: input.name.clone(),
        validity: input.validity,
        region: input.region,
        location: input.location,
    };
    let stored = existing
        .units_with_code(&input.code)
        .find(|u| u.validity.from == input.validity.from);
    match stored {
        Some(u) => {
            let same = u.kind == row.kind
                && u.type_name == row.type_name
                && u.name == row.name
                && u.validity == row.validity
                && u.region == row.region
                && u.location == row.location;
            if same {
                Placement::Unchanged(u.id)
            } else {
                Placement::Updated(u.id, row)
            }
        }
        None => Placement::New(row),
    }
}

/// Records a row's unit as unchanged, updated or created; the unit the
/// batch refers to it by.
fn place_unit(
    input: &UnitInput,
    existing: &Hierarchy,
    changes: &mut UnitChanges,
    summary: &mut ImportSummary,
) -> UnitRef {
    match placement(input, existing) {
        Placement::Unchanged(id) => {
            summary.unchanged += 1;
            UnitRef::Stored(id)
        }
        Placement::Updated(id, row) => {
            summary.updated += 1;
            changes.updated_units.push((id, row));
            UnitRef::Stored(id)
        }
        Placement::New(row) => {
            summary.created += 1;
            changes.new_units.push(row);
            UnitRef::New(changes.new_units.len() - 1)
        }
    }
}

/// The units each code can name: the file's first, then the stored units
/// the file does not restate.
fn candidates(
    inputs: &[UnitInput],
    refs: &[UnitRef],
    existing: &Hierarchy,
) -> HashMap<UnitCode, Vec<Candidate>> {
    let mut by_code: HashMap<UnitCode, Vec<Candidate>> = HashMap::new();
    for (input, unit) in inputs.iter().zip(refs) {
        by_code.entry(input.code.clone()).or_default().push(Candidate {
            unit: *unit,
            kind: input.kind,
            validity: input.validity,
        });
    }
    for u in existing.units() {
        let taken = by_code
            .get(&u.code)
            .is_some_and(|c| c.iter().any(|c| c.unit == UnitRef::Stored(u.id)));
        if !taken {
            by_code.entry(u.code.clone()).or_default().push(Candidate {
                unit: UnitRef::Stored(u.id),
                kind: u.kind,
                validity: u.validity,
            });
        }
    }
    by_code
}

/// The classifications a row gives its unit, when they differ from the
/// stored ones. The file states the unit's own flags; classifications given
/// by a decision (imported with their source) are kept.
fn wanted_classifications(
    input: &UnitInput,
    unit: UnitRef,
    existing: &Hierarchy,
) -> Option<Vec<Classification>> {
    let flags = input.flags.as_ref()?;
    let current: Vec<Classification> = match unit {
        UnitRef::Stored(id) => existing
            .unit(id)
            .map(|u| u.classifications.clone())
            .unwrap_or_default(),
        UnitRef::New(_) => Vec::new(),
    };
    let mut wanted: Vec<Classification> = flags
        .iter()
        .map(|f| Classification {
            flag: *f,
            validity: input.validity,
            source: None,
        })
        .collect();
    wanted.extend(current.iter().filter(|c| c.source.is_some()).cloned());
    (wanted != current).then_some(wanted)
}

/// A succession to record: its old unit valid the day before, its new unit
/// valid on the day; `None` when it is stored already.
fn new_succession(
    file: &str,
    s: &SuccessionInput,
    by_code: &HashMap<UnitCode, Vec<Candidate>>,
    existing: &Hierarchy,
) -> Result<Option<(UnitRef, UnitRef, Date, SuccessionKind)>, ImportError> {
    let day_before = s.date.previous_day().unwrap_or(s.date);
    let old = by_code.get(&s.old).and_then(|c| pick(c, Some(day_before)));
    let new = by_code.get(&s.new).and_then(|c| pick(c, Some(s.date)));
    match (old, new) {
        (Some(o), Some(n)) => {
            let known = match (o.unit, n.unit) {
                (UnitRef::Stored(a), UnitRef::Stored(b)) => existing
                    .successions()
                    .iter()
                    .any(|x| x.predecessor == a && x.successor == b && x.kind == s.kind && x.date == s.date),
                _ => false,
            };
            Ok((!known).then_some((o.unit, n.unit, s.date, s.kind)))
        }
        (None, _) => Err(ImportError::at(
            file,
            s.line,
            "old_code",
            format!("không có đơn vị mã {} còn hiệu lực ngày {}", s.old, day_before),
        )),
        (_, None) => Err(ImportError::at(
            file,
            s.line,
            "new_code",
            format!("không có đơn vị mã {} có hiệu lực ngày {}", s.new, s.date),
        )),
    }
}

/// The link of a row's unit to its parent: `None` when the row names no
/// parent or the stored unit already has a parent (which must be the same).
fn link_parent(
    file: &str,
    input: &UnitInput,
    unit: UnitRef,
    by_code: &HashMap<UnitCode, Vec<Candidate>>,
    existing: &Hierarchy,
) -> Result<Option<(UnitRef, UnitRef, Validity)>, ImportError> {
    let Some(parent_code) = &input.parent else {
        return Ok(None);
    };
    let refused = |message: String| ImportError::at(file, input.line, "parent_code", message);
    let day = input.validity.from.or(input.validity.to);
    // A unit valid from the beginning belongs to the parent valid then (a
    // village of 2023 under its commune of 2023, not under a 2025 commune
    // that reuses the code); failing that, to the one still valid.
    let found = by_code.get(parent_code).and_then(|c| match day {
        Some(_) => pick(c, day),
        None => pick(c, Some(Date::MIN)).or_else(|| pick(c, None)),
    });
    let Some(parent) = found else {
        let when = day.map(|d| format!(" còn hiệu lực ngày {d}")).unwrap_or_default();
        return Err(refused(format!("không có đơn vị mã {parent_code}{when}")));
    };
    if parent.kind.depth() >= input.kind.depth() {
        return Err(refused(format!(
            "{} không thể là cấp trên của {}",
            parent.kind.name_vi(),
            input.kind.name_vi()
        )));
    }
    if let UnitRef::Stored(child) = unit {
        let links: Vec<_> = existing.parent_links(child).collect();
        if let Some((current, _)) = links.first() {
            if links.iter().all(|(u, _)| UnitRef::Stored(u.id) != parent.unit) {
                return Err(refused(format!(
                    "đơn vị đã thuộc {} ({}); đổi cấp trên cần một dòng mới với ngày hiệu lực",
                    current.full_name(),
                    current.code
                )));
            }
            return Ok(None);
        }
    }
    Ok(Some((unit, parent.unit, input.validity)))
}
