//! Importing units: rows of code, level, name, parent and validity, and
//! successions (merges and splits). Re-importing an unchanged file changes
//! nothing; a unit is the same unit when its code and start date match.

use std::collections::HashMap;

use ntm_core::hierarchy::{Hierarchy, SuccessionKind};
use ntm_core::region::Region;
use ntm_core::unit::{Classification, Flag, Location, UnitCode, UnitKind};
use ntm_core::validity::{Validity, parse_date};
use ntm_store::{UnitChanges, UnitRef, UnitRow};
use time::Date;

use crate::documents::csv_input::CsvTable;
use crate::documents::import::{ImportError, ImportSummary, parse_flags};

/// Accepted header spellings for the units file → canonical column.
pub const UNIT_COLUMNS: &[(&str, &str)] = &[
    ("code", "code"),
    ("mã", "code"),
    ("ma", "code"),
    ("kind", "kind"),
    ("cấp", "kind"),
    ("cap", "kind"),
    ("type_name", "type_name"),
    ("loại", "type_name"),
    ("name", "name"),
    ("tên", "name"),
    ("ten", "name"),
    ("parent_code", "parent_code"),
    ("mã cấp trên", "parent_code"),
    ("valid_from", "valid_from"),
    ("hiệu lực từ", "valid_from"),
    ("valid_to", "valid_to"),
    ("hiệu lực đến", "valid_to"),
    ("region", "region"),
    ("vùng", "region"),
    ("flags", "flags"),
    ("phân loại", "flags"),
    ("lat", "lat"),
    ("vĩ độ", "lat"),
    ("lon", "lon"),
    ("kinh độ", "lon"),
    ("area_km2", "area_km2"),
];

/// Accepted header spellings for the successions file.
pub const SUCCESSION_COLUMNS: &[(&str, &str)] = &[
    ("old_code", "old_code"),
    ("new_code", "new_code"),
    ("date", "date"),
    ("kind", "kind"),
    ("default", "default"),
];

/// A unit as read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInput {
    pub line: u64,
    pub code: UnitCode,
    pub kind: UnitKind,
    pub type_name: String,
    pub name: String,
    pub parent: Option<UnitCode>,
    pub validity: Validity,
    pub region: Option<Region>,
    /// `None`: leave classifications as they are.
    pub flags: Option<Vec<Flag>>,
    pub location: Option<Location>,
}

/// A succession as read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessionInput {
    pub line: u64,
    pub old: UnitCode,
    pub new: UnitCode,
    pub date: Date,
    pub kind: SuccessionKind,
}

fn default_type_name(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Country => "",
        UnitKind::Province => "Tỉnh",
        UnitKind::District => "Huyện",
        UnitKind::Commune => "Xã",
        UnitKind::Ward => "Phường",
        UnitKind::Town => "Thị trấn",
        UnitKind::SpecialZone => "Đặc khu",
        UnitKind::Village => "Thôn",
    }
}

/// Reads the rows of a units file: the rows that parse, and the problems of
/// those that do not (so that later checks can still run on the good rows).
pub fn read_units(table: &CsvTable) -> (Vec<UnitInput>, Vec<ImportError>) {
    if let Err(missing) = table.require(&["code", "kind", "name"]) {
        return (Vec::new(), missing);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let mut err = |column: &str, message: String| errors.push(table.error(row, column, message));
        let code = match table.get(row, "code").map(str::parse::<UnitCode>) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                err("code", e.to_string());
                None
            }
            None => {
                err("code", "ô trống".into());
                None
            }
        };
        let kind = match table.get(row, "kind").map(str::parse::<UnitKind>) {
            Some(Ok(k)) => Some(k),
            Some(Err(e)) => {
                err("kind", e.to_string());
                None
            }
            None => {
                err("kind", "ô trống".into());
                None
            }
        };
        let name = table.get(row, "name").map(str::to_string);
        if name.is_none() {
            err("name", "ô trống".into());
        }
        let parent = match table.get(row, "parent_code").map(str::parse::<UnitCode>) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                err("parent_code", e.to_string());
                None
            }
            None => None,
        };
        let mut date = |column: &str| match table.get(row, column) {
            None => None,
            Some(t) => {
                let d = parse_date(t);
                if d.is_none() {
                    err(
                        column,
                        format!("ngày \"{t}\" không hợp lệ (viết 2025-07-01 hoặc 01/07/2025)"),
                    );
                }
                d
            }
        };
        let validity = Validity::new(date("valid_from"), date("valid_to"));
        if validity.is_inverted() {
            err("valid_to", "ngày hết hiệu lực trước ngày có hiệu lực".into());
        }
        let region = match table.get(row, "region").map(str::parse::<Region>) {
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => {
                err("region", e.to_string());
                None
            }
            None => None,
        };
        let flags = if table.has("flags") {
            match parse_flags(table.get(row, "flags").unwrap_or("")) {
                Ok(f) => Some(f),
                Err(e) => {
                    err("flags", e);
                    None
                }
            }
        } else {
            None
        };
        // Coordinates are decimal degrees: a dot (or a lone comma) is the decimal mark.
        let mut coordinate = |column: &str, limit: f64| match table.get(row, column) {
            None => None,
            Some(t) => match t.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
                _ => {
                    err(
                        column,
                        format!("tọa độ \"{t}\" không hợp lệ (độ thập phân, trong khoảng ±{limit})"),
                    );
                    None
                }
            },
        };
        let location = coordinate("lat", 90.0)
            .zip(coordinate("lon", 180.0))
            .map(|(lat, lon)| Location { lat, lon });
        if let (Some(code), Some(kind), Some(name)) = (code, kind, name) {
            let type_name = table
                .get(row, "type_name")
                .unwrap_or(default_type_name(kind))
                .to_string();
            out.push(UnitInput {
                line: row.line,
                code,
                kind,
                type_name,
                name,
                parent,
                validity,
                region,
                flags,
                location,
            });
        }
    }
    (out, errors)
}

/// Reads the rows of a successions file.
pub fn read_successions(table: &CsvTable) -> Result<Vec<SuccessionInput>, Vec<ImportError>> {
    table.require(&["old_code", "new_code", "date"])?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let code = |column: &str| table.get(row, column).unwrap_or("").parse::<UnitCode>();
        let date = table.get(row, "date").and_then(parse_date);
        let kind = match table.get(row, "kind") {
            None => Some(SuccessionKind::Merge),
            Some(k) => SuccessionKind::parse(k),
        };
        match (code("old_code"), code("new_code"), date, kind) {
            (Ok(old), Ok(new), Some(date), Some(kind)) => out.push(SuccessionInput {
                line: row.line,
                old,
                new,
                date,
                kind,
            }),
            (Err(e), ..) => errors.push(table.error(row, "old_code", e.to_string())),
            (_, Err(e), ..) => errors.push(table.error(row, "new_code", e.to_string())),
            (_, _, None, _) => errors.push(table.error(row, "date", "ngày không hợp lệ (viết 2025-07-01)")),
            (.., None) => errors.push(table.error(row, "kind", "dùng merge, split hoặc rename")),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

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
    let mut errors = Vec::new();
    let mut changes = UnitChanges::default();
    let mut summary = ImportSummary {
        rows: inputs.len() + successions.len(),
        ..ImportSummary::default()
    };
    let mut seen: HashMap<(&UnitCode, Option<Date>), u64> = HashMap::new();
    let mut by_code: HashMap<UnitCode, Vec<Candidate>> = HashMap::new();
    let mut refs = Vec::with_capacity(inputs.len());
    for input in inputs {
        if let Some(first) = seen.insert((&input.code, input.validity.from), input.line) {
            errors.push(ImportError::at(
                file,
                input.line,
                "code",
                format!("đơn vị {} đã có ở dòng {first}", input.code),
            ));
        }
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
        let unit = match stored {
            Some(u) => {
                let same = u.kind == row.kind
                    && u.type_name == row.type_name
                    && u.name == row.name
                    && u.validity == row.validity
                    && u.region == row.region
                    && u.location == row.location;
                if same {
                    summary.unchanged += 1;
                } else {
                    summary.updated += 1;
                    changes.updated_units.push((u.id, row));
                }
                UnitRef::Stored(u.id)
            }
            None => {
                summary.created += 1;
                changes.new_units.push(row);
                UnitRef::New(changes.new_units.len() - 1)
            }
        };
        by_code.entry(input.code.clone()).or_default().push(Candidate {
            unit,
            kind: input.kind,
            validity: input.validity,
        });
        refs.push(unit);
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
    for (input, unit) in inputs.iter().zip(&refs) {
        link_parent(file, input, *unit, &by_code, existing, &mut changes, &mut errors);
        if let Some(flags) = &input.flags {
            let current: Vec<Classification> = match unit {
                UnitRef::Stored(id) => existing
                    .unit(*id)
                    .map(|u| u.classifications.clone())
                    .unwrap_or_default(),
                UnitRef::New(_) => Vec::new(),
            };
            // The file states the unit's own flags; classifications given by a
            // decision (imported with their source) are kept.
            let mut wanted: Vec<Classification> = flags
                .iter()
                .map(|f| Classification {
                    flag: *f,
                    validity: input.validity,
                    source: None,
                })
                .collect();
            wanted.extend(current.iter().filter(|c| c.source.is_some()).cloned());
            if wanted != current {
                changes.classifications.push((*unit, wanted));
            }
        }
    }
    for s in successions {
        let day_before = s.date.previous_day().unwrap_or(s.date);
        let old = by_code.get(&s.old).and_then(|c| pick(c, Some(day_before)));
        let new = by_code.get(&s.new).and_then(|c| pick(c, Some(s.date)));
        match (old, new) {
            (Some(o), Some(n)) => {
                let known = match (o.unit, n.unit) {
                    (UnitRef::Stored(a), UnitRef::Stored(b)) => existing.successions().iter().any(|x| {
                        x.predecessor == a && x.successor == b && x.kind == s.kind && x.date == s.date
                    }),
                    _ => false,
                };
                if known {
                    summary.unchanged += 1;
                } else {
                    summary.created += 1;
                    changes.successions.push((o.unit, n.unit, s.date, s.kind));
                }
            }
            (None, _) => errors.push(ImportError::at(
                file,
                s.line,
                "old_code",
                format!("không có đơn vị mã {} còn hiệu lực ngày {}", s.old, day_before),
            )),
            (_, None) => errors.push(ImportError::at(
                file,
                s.line,
                "new_code",
                format!("không có đơn vị mã {} có hiệu lực ngày {}", s.new, s.date),
            )),
        }
    }
    if errors.is_empty() {
        Ok((changes, summary))
    } else {
        Err(errors)
    }
}

fn link_parent(
    file: &str,
    input: &UnitInput,
    unit: UnitRef,
    by_code: &HashMap<UnitCode, Vec<Candidate>>,
    existing: &Hierarchy,
    changes: &mut UnitChanges,
    errors: &mut Vec<ImportError>,
) {
    let Some(parent_code) = &input.parent else { return };
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
        errors.push(ImportError::at(
            file,
            input.line,
            "parent_code",
            format!("không có đơn vị mã {parent_code}{when}"),
        ));
        return;
    };
    if parent.kind.depth() >= input.kind.depth() {
        errors.push(ImportError::at(
            file,
            input.line,
            "parent_code",
            format!(
                "{} không thể là cấp trên của {}",
                parent.kind.name_vi(),
                input.kind.name_vi()
            ),
        ));
        return;
    }
    if let UnitRef::Stored(child) = unit {
        let links: Vec<_> = existing.parent_links(child).collect();
        if let Some((current, _)) = links.first() {
            if links.iter().all(|(u, _)| UnitRef::Stored(u.id) != parent.unit) {
                errors.push(ImportError::at(
                    file,
                    input.line,
                    "parent_code",
                    format!(
                        "đơn vị đã thuộc {} ({}); đổi cấp trên cần một dòng mới với ngày hiệu lực",
                        current.full_name(),
                        current.code
                    ),
                ));
            }
            return;
        }
    }
    changes.links.push((unit, parent.unit, input.validity));
}
