//! Villages carried into the new communes: on 1/7/2025 a village (thôn, bản)
//! stays the same village, with its history, under the commune that took its
//! old commune's area. A file of `village_code,commune_code,date` rows moves
//! each village: its link to the old commune ends the day before, a link to
//! the new one starts on the day, and a village whose validity ended the day
//! before goes on. Re-importing the same file changes nothing.

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::{UnitCode, UnitKind};
use ntm_core::validity::{Validity, parse_date};
use ntm_store::{UnitChanges, UnitRef};
use time::Date;

use crate::documents::csv_input::CsvTable;
use crate::documents::import::{ImportError, ImportSummary};

/// Accepted header spellings → canonical column.
pub const MOVE_COLUMNS: &[(&str, &str)] = &[
    ("village_code", "village_code"),
    ("mã thôn", "village_code"),
    ("commune_code", "commune_code"),
    ("new_commune_code", "commune_code"),
    ("mã xã mới", "commune_code"),
    ("date", "date"),
    ("ngày", "date"),
    ("note", "note"),
    ("ghi chú", "note"),
];

/// Whether a header line is a village moves file's.
pub fn is_moves_header(first_line: &str) -> bool {
    let l = first_line.to_lowercase();
    (l.contains("village_code") || l.contains("mã thôn"))
        && (l.contains("commune_code") || l.contains("mã xã mới"))
}

/// The changes that move the file's villages, checked against the hierarchy.
pub fn plan_moves(
    table: &CsvTable,
    hierarchy: &Hierarchy,
) -> Result<(UnitChanges, ImportSummary), Vec<ImportError>> {
    table.require(&["village_code", "commune_code", "date"])?;
    let mut changes = UnitChanges::default();
    let mut errors = Vec::new();
    let (mut rows, mut created, mut unchanged) = (0, 0, 0);
    for row in &table.rows {
        rows += 1;
        let code = |column: &str| table.get(row, column).unwrap_or("").parse::<UnitCode>();
        let date: Option<Date> = table.get(row, "date").and_then(parse_date);
        let (village, commune, date) = match (code("village_code"), code("commune_code"), date) {
            (Ok(v), Ok(c), Some(d)) => (v, c, d),
            (Err(e), ..) => {
                errors.push(table.error(row, "village_code", e.to_string()));
                continue;
            }
            (_, Err(e), _) => {
                errors.push(table.error(row, "commune_code", e.to_string()));
                continue;
            }
            (.., None) => {
                errors.push(table.error(row, "date", "ngày không hợp lệ (viết 2025-07-01)"));
                continue;
            }
        };
        let Some(day_before) = date.previous_day() else {
            errors.push(table.error(row, "date", "ngày không hợp lệ"));
            continue;
        };
        // The village as it was the day before the move, or as it is on the day.
        let found = hierarchy.units_with_code(&village).find(|u| {
            u.kind == UnitKind::Village && (u.validity.contains(day_before) || u.validity.contains(date))
        });
        let Some(v) = found else {
            errors.push(table.error(
                row,
                "village_code",
                format!("không có thôn, bản mã {village} còn hiệu lực ngày {}", day_before),
            ));
            continue;
        };
        let target = hierarchy.units_with_code(&commune).find(|u| {
            u.validity.contains(date)
                && matches!(
                    u.kind,
                    UnitKind::Commune | UnitKind::Ward | UnitKind::Town | UnitKind::SpecialZone
                )
        });
        let Some(target) = target else {
            errors.push(table.error(
                row,
                "commune_code",
                format!("không có xã, phường mã {commune} có hiệu lực ngày {date}"),
            ));
            continue;
        };
        if hierarchy.parent_at(v.id, date).is_some_and(|p| p.id == target.id) && v.validity.contains(date) {
            unchanged += 1;
            continue;
        }
        if let Some(old) = hierarchy.parent_at(v.id, day_before) {
            changes.closed_links.push((v.id, old.id, day_before));
        }
        if v.validity.to.is_some_and(|t| t < date) {
            // The village goes on past the day its old commune ended.
            let goes_on = ntm_store::UnitRow {
                code: v.code.to_string(),
                kind: v.kind,
                type_name: v.type_name.clone(),
                name: v.name.clone(),
                validity: Validity::new(v.validity.from, None),
                region: v.region,
                location: v.location,
            };
            changes.updated_units.push((v.id, goes_on));
        }
        changes.links.push((
            UnitRef::Stored(v.id),
            UnitRef::Stored(target.id),
            Validity::new(Some(date), None),
        ));
        created += 1;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        changes,
        ImportSummary {
            rows,
            created,
            updated: 0,
            unchanged,
            warnings: Vec::new(),
        },
    ))
}
