//! Villages carried into the new communes: on 1/7/2025 a village (thôn, bản)
//! stays the same village, with its history, under the commune that took its
//! old commune's area. A file of `village_code,commune_code,date` rows moves
//! each village: its link to the old commune ends the day before, a link to
//! the new one starts on the day, and a village whose validity ended the day
//! before goes on. Re-importing the same file changes nothing.

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::{Unit, UnitCode, UnitId, UnitKind};
use ntm_core::validity::{Validity, parse_date};
use ntm_store::{UnitChanges, UnitRef, UnitRow};
use time::Date;

use crate::documents::csv_input::{CsvRow, CsvTable};
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
    let (mut created, mut unchanged) = (0, 0);
    for row in &table.rows {
        match plan_move(table, row, hierarchy) {
            Ok(Some(village_move)) => {
                village_move.record(&mut changes);
                created += 1;
            }
            Ok(None) => unchanged += 1,
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        changes,
        ImportSummary {
            rows: table.rows.len(),
            created,
            updated: 0,
            unchanged,
            warnings: Vec::new(),
        },
    ))
}

/// What a row asks: a village to move to a commune on a day.
struct MoveRow {
    village: UnitCode,
    commune: UnitCode,
    date: Date,
    day_before: Date,
}

/// The changes of one village's move.
struct VillageMove {
    /// The link to the old commune, ended the day before.
    closed: Option<(UnitId, UnitId, Date)>,
    /// The village going on past the day its old commune ended.
    goes_on: Option<(UnitId, UnitRow)>,
    link: (UnitRef, UnitRef, Validity),
}

impl VillageMove {
    fn record(self, changes: &mut UnitChanges) {
        changes.closed_links.extend(self.closed);
        changes.updated_units.extend(self.goes_on);
        changes.links.push(self.link);
    }
}

fn read_move(table: &CsvTable, row: &CsvRow) -> Result<MoveRow, ImportError> {
    let code = |column: &str| table.get(row, column).unwrap_or("").parse::<UnitCode>();
    let date: Option<Date> = table.get(row, "date").and_then(parse_date);
    let (village, commune, date) = match (code("village_code"), code("commune_code"), date) {
        (Ok(v), Ok(c), Some(d)) => (v, c, d),
        (Err(e), ..) => return Err(table.error(row, "village_code", e.to_string())),
        (_, Err(e), _) => return Err(table.error(row, "commune_code", e.to_string())),
        (.., None) => return Err(table.error(row, "date", "ngày không hợp lệ (viết 2025-07-01)")),
    };
    let Some(day_before) = date.previous_day() else {
        return Err(table.error(row, "date", "ngày không hợp lệ"));
    };
    Ok(MoveRow {
        village,
        commune,
        date,
        day_before,
    })
}

/// A row's move, checked against the hierarchy; `None` when the village is
/// already under that commune on the day.
fn plan_move(
    table: &CsvTable,
    row: &CsvRow,
    hierarchy: &Hierarchy,
) -> Result<Option<VillageMove>, ImportError> {
    let MoveRow {
        village,
        commune,
        date,
        day_before,
    } = read_move(table, row)?;
    // The village as it was the day before the move, or as it is on the day.
    let found = hierarchy.units_with_code(&village).find(|u| {
        u.kind == UnitKind::Village && (u.validity.contains(day_before) || u.validity.contains(date))
    });
    let Some(v) = found else {
        return Err(table.error(
            row,
            "village_code",
            format!("không có thôn, bản mã {village} còn hiệu lực ngày {}", day_before),
        ));
    };
    let target = commune_on(hierarchy, &commune, date);
    let Some(target) = target else {
        return Err(table.error(
            row,
            "commune_code",
            format!("không có xã, phường mã {commune} có hiệu lực ngày {date}"),
        ));
    };
    if hierarchy.parent_at(v.id, date).is_some_and(|p| p.id == target.id) && v.validity.contains(date) {
        return Ok(None);
    }
    Ok(Some(VillageMove {
        closed: hierarchy
            .parent_at(v.id, day_before)
            .map(|old| (v.id, old.id, day_before)),
        goes_on: v
            .validity
            .to
            .is_some_and(|t| t < date)
            .then(|| (v.id, going_on(v))),
        link: (
            UnitRef::Stored(v.id),
            UnitRef::Stored(target.id),
            Validity::new(Some(date), None),
        ),
    }))
}

/// The commune-level unit (commune, ward, town, special zone) a code names on a day.
fn commune_on<'h>(hierarchy: &'h Hierarchy, code: &UnitCode, date: Date) -> Option<&'h Unit> {
    hierarchy.units_with_code(code).find(|u| {
        u.validity.contains(date)
            && matches!(
                u.kind,
                UnitKind::Commune | UnitKind::Ward | UnitKind::Town | UnitKind::SpecialZone
            )
    })
}

/// The village with its validity open: it goes on past its old commune.
fn going_on(v: &Unit) -> UnitRow {
    UnitRow {
        code: v.code.to_string(),
        kind: v.kind,
        type_name: v.type_name.clone(),
        name: v.name.clone(),
        validity: Validity::new(v.validity.from, None),
        region: v.region,
        location: v.location,
    }
}
