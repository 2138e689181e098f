//! Classifications with their decision: the province puts each commune in a
//! commune group of Decision 51/2025 (and records zone II/III, special
//! difficulty), from a date, by a decision. A file of
//! `unit_code,flag,valid_from,valid_to,source` rows; `flag` is a key
//! (`nhom_3`) or its name ("nhóm 3", "xã khu vực III"). A new group ends the
//! commune's earlier one the day before (a commune is in one group at a time).

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::{Classification, Flag, Unit, UnitCode, UnitKind, classify};
use ntm_core::validity::{Validity, parse_date};
use ntm_store::{UnitChanges, UnitRef};

use crate::documents::csv_input::CsvTable;
use crate::documents::import::{ImportError, ImportSummary};

/// Accepted header spellings → canonical column.
pub const CLASSIFICATION_COLUMNS: &[(&str, &str)] = &[
    ("unit_code", "unit_code"),
    ("mã xã", "unit_code"),
    ("mã đơn vị", "unit_code"),
    ("flag", "flag"),
    ("phân loại", "flag"),
    ("nhóm", "flag"),
    ("valid_from", "valid_from"),
    ("từ ngày", "valid_from"),
    ("valid_to", "valid_to"),
    ("đến ngày", "valid_to"),
    ("source", "source"),
    ("quyết định", "source"),
    ("văn bản", "source"),
];

/// Whether a header line is a classifications file's.
pub fn is_classification_header(first_line: &str) -> bool {
    let l = first_line.to_lowercase();
    (l.contains("unit_code") || l.contains("mã xã") || l.contains("mã đơn vị"))
        && (l.contains("flag") || l.contains("phân loại") || l.contains("nhóm"))
        && !l.contains("indicator")
}

/// A flag by key (`nhom_3`), name (`xã nhóm 3`), or short name (`nhóm 3`).
pub fn parse_flag(text: &str) -> Result<Flag, String> {
    ntm_core::criteria::draft::words::flag(text)
}

/// Whether a unit can carry a flag: classifications judge communes.
pub fn classifiable(unit: &Unit) -> bool {
    matches!(unit.kind, UnitKind::Commune | UnitKind::SpecialZone)
}

/// One classification to give a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassificationInput {
    pub line: u64,
    pub unit: UnitCode,
    pub classification: Classification,
}

/// Reads the rows, every cell checked.
pub fn read_classifications(table: &CsvTable) -> Result<Vec<ClassificationInput>, Vec<ImportError>> {
    table.require(&["unit_code", "flag", "valid_from", "source"])?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let unit = table.get(row, "unit_code").unwrap_or("").parse::<UnitCode>();
        let flag = parse_flag(table.get(row, "flag").unwrap_or(""));
        let from = table.get(row, "valid_from").and_then(parse_date);
        let to = table.get(row, "valid_to").map(|t| parse_date(t).ok_or(()));
        let source = table.get(row, "source").map(str::trim).filter(|s| !s.is_empty());
        match (unit, flag, from, to, source) {
            (Err(e), ..) => errors.push(table.error(row, "unit_code", e.to_string())),
            (_, Err(e), ..) => errors.push(table.error(row, "flag", e)),
            (_, _, None, ..) => {
                errors.push(table.error(row, "valid_from", "ngày không hợp lệ (viết 2026-01-01)"))
            }
            (_, _, _, Some(Err(())), _) => {
                errors.push(table.error(row, "valid_to", "ngày không hợp lệ (viết 2030-12-31)"))
            }
            (.., None) => errors.push(table.error(
                row,
                "source",
                "cần ghi văn bản phân loại (số, ngày quyết định của UBND tỉnh)",
            )),
            (Ok(unit), Ok(flag), Some(from), to, Some(source)) => {
                let validity = Validity::new(Some(from), to.and_then(Result::ok));
                if validity.is_inverted() {
                    errors.push(table.error(row, "valid_to", "ngày kết thúc trước ngày bắt đầu"));
                    continue;
                }
                out.push(ClassificationInput {
                    line: row.line,
                    unit,
                    classification: Classification {
                        flag,
                        validity,
                        source: Some(source.to_string()),
                    },
                });
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The changes the rows make, checked against the hierarchy; rows that
/// change nothing are counted as unchanged. `may` says whether the actor may
/// classify a unit on a day.
pub fn plan_classifications(
    file: &str,
    inputs: &[ClassificationInput],
    hierarchy: &Hierarchy,
    may: impl Fn(&Unit, time::Date) -> bool,
) -> Result<(UnitChanges, ImportSummary), Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut by_unit: Vec<(ntm_core::unit::UnitId, Vec<Classification>)> = Vec::new();
    let mut summary = ImportSummary {
        rows: inputs.len(),
        ..ImportSummary::default()
    };
    let mut sorted: Vec<&ClassificationInput> = inputs.iter().collect();
    sorted.sort_by_key(|i| (i.classification.validity.from, i.line));
    for input in sorted {
        let from = input.classification.validity.from.unwrap_or(time::Date::MIN);
        let found = hierarchy
            .units_with_code(&input.unit)
            .find(|u| u.validity.contains(from));
        let Some(unit) = found else {
            errors.push(ImportError::at(
                file,
                input.line,
                "unit_code",
                format!("không có đơn vị mã {} có hiệu lực ngày {from}", input.unit),
            ));
            continue;
        };
        if !classifiable(unit) {
            errors.push(ImportError::at(
                file,
                input.line,
                "unit_code",
                format!(
                    "{} không phải xã: chỉ xã được phân nhóm, phân loại",
                    unit.full_name()
                ),
            ));
            continue;
        }
        if !may(unit, from) {
            errors.push(ImportError::at(
                file,
                input.line,
                "unit_code",
                format!("bạn không được phân loại {}", unit.full_name()),
            ));
            continue;
        }
        let slot = match by_unit.iter().position(|(id, _)| *id == unit.id) {
            Some(i) => i,
            None => {
                by_unit.push((unit.id, unit.classifications.clone()));
                by_unit.len() - 1
            }
        };
        let next = classify(&by_unit[slot].1, input.classification.clone());
        if next == by_unit[slot].1 {
            summary.unchanged += 1;
        } else {
            summary.created += 1;
            by_unit[slot].1 = next;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut changes = UnitChanges::default();
    for (id, list) in by_unit {
        let current = hierarchy
            .unit(id)
            .map(|u| u.classifications.clone())
            .unwrap_or_default();
        if list != current {
            changes.classifications.push((UnitRef::Stored(id), list));
        }
    }
    Ok((changes, summary))
}
