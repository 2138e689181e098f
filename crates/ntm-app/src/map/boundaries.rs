//! Boundaries: importing a GeoJSON file (every feature checked and matched
//! to the unit its code names in its dates, all or nothing, audited) and
//! the stored boundaries back as GeoJSON.

use std::collections::HashMap;

use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitId, UnitKind};
use ntm_core::validity::{Validity, format_date_vi};
use ntm_store::GeometryWrite;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::accounts::access::{Actor, can_administer};
use crate::documents::import::{ImportError, ImportSummary};
use crate::error::{AppError, Result};
use crate::map::geojson::{FeatureInput, date_json, feature_label, read_features, shape_json, validity_text};
use crate::program::Program;
use crate::views::unit::visible_unit;

/// Farther than this (in degrees, about 55 km) from a unit's centre point,
/// a boundary is taken for a wrong code or swapped coordinates.
const MAX_CENTRE_DISTANCE: f64 = 0.5;

impl Program {
    /// Imports a GeoJSON file of boundaries in one transaction: every
    /// feature is checked (shape, code, dates) and matched to the unit its
    /// code names in its validity; one problem per bad feature, and nothing
    /// is stored if there is any. Administrators only.
    pub async fn import_geometry(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được nhập ranh giới đơn vị hành chính".into(),
            ));
        }
        let features = read_features(file, bytes).map_err(AppError::Import)?;
        let snapshot = self.snapshot().await?;
        // Features that read well are matched too, so every problem shows at once.
        let writes = plan_geometry(file, &features, &snapshot.hierarchy).map_err(AppError::Import)?;
        let rows = writes.len();
        let done = self.store().write_geometries(writes, actor.context()).await?;
        Ok(ImportSummary {
            rows,
            created: done.created,
            updated: done.replaced,
            unchanged: done.unchanged,
            warnings: Vec::new(),
        })
    }

    /// The stored boundaries (not schematic cells) of a unit and of the units
    /// its map shows, valid on the period's reference date, as GeoJSON.
    pub async fn geometry_geojson(&self, actor: &Actor, code: &str, period: Period) -> Result<Value> {
        let snapshot = self.snapshot().await?;
        let root = visible_unit(self, actor, &snapshot, code, period)?;
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(root, period);
        let mut units: Vec<&Unit> = vec![root];
        units.extend(hierarchy.descendants_at(root.id, day, &UnitKind::ALL));
        let ids: Vec<UnitId> = units.iter().map(|u| u.id).collect();
        let records = self.store().geometries(&ids).await?;
        let by_id: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, *u)).collect();
        let mut features = Vec::new();
        for r in records.iter().filter(|r| r.validity.contains(day)) {
            let Some(unit) = by_id.get(&r.unit) else { continue };
            let geometry: Value = serde_json::from_str(&r.geojson).map_err(|e| {
                AppError::internal(
                    format!(
                        "ranh giới lưu của {} trong cơ sở dữ liệu bị hỏng",
                        unit.full_name()
                    ),
                    e,
                )
            })?;
            features.push(json!({
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": unit.code.as_str(), "name": unit.full_name(), "kind": unit.kind.key(),
                    "valid_from": date_json(r.validity.from), "valid_to": date_json(r.validity.to),
                    "source": r.source, "imported_at": r.imported_at,
                }
            }));
        }
        Ok(json!({
            "type": "FeatureCollection",
            "name": format!("Ranh giới {} — ngày {}", root.full_name(), format_date_vi(day)),
            "features": features,
        }))
    }
}

/// Matches checked features to units and makes the writes; every problem of
/// the file at once.
fn plan_geometry(
    file: &str,
    features: &[std::result::Result<FeatureInput, ImportError>],
    hierarchy: &Hierarchy,
) -> std::result::Result<Vec<GeometryWrite>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut writes: Vec<(usize, GeometryWrite)> = Vec::new();
    for f in features {
        let f = match f {
            Ok(f) => f,
            Err(e) => {
                errors.push(e.clone());
                continue;
            }
        };
        let label = feature_label(f.index, Some(&f.code));
        let fail = |message: String| ImportError::at(file, 0, "", format!("{label}: {message}"));
        let unit = match match_unit(f, hierarchy) {
            Ok(u) => u,
            Err(message) => {
                errors.push(fail(message));
                continue;
            }
        };
        if let (Some(loc), Some(b)) = (unit.location, f.shape.bounds()) {
            let dx = (b.min.x - loc.lon).max(loc.lon - b.max.x).max(0.0);
            let dy = (b.min.y - loc.lat).max(loc.lat - b.max.y).max(0.0);
            if dx.hypot(dy) > MAX_CENTRE_DISTANCE {
                errors.push(fail(format!(
                    "ranh giới cách tọa độ trung tâm của {} ({}, {}) khoảng {} km: có thể sai mã, hoặc kinh độ và vĩ độ bị đảo",
                    unit.full_name(),
                    loc.lat,
                    loc.lon,
                    (dx.hypot(dy) * 111.0).round()
                )));
                continue;
            }
        }
        if let Some((other, _)) = writes
            .iter()
            .find(|(_, w)| w.unit == unit.id && overlap(&w.validity, &f.validity))
        {
            errors.push(fail(format!(
                "trùng với đối tượng thứ {other}: cùng {} trong thời gian giao nhau",
                unit.full_name()
            )));
            continue;
        }
        let geometry = shape_json(&f.shape).to_string();
        let sha256 = hex::encode(Sha256::digest(geometry.as_bytes()));
        let bounds = f
            .shape
            .bounds()
            .map_or([0.0; 4], |b| [b.min.x, b.min.y, b.max.x, b.max.y]);
        writes.push((
            f.index,
            GeometryWrite {
                unit: unit.id,
                validity: f.validity,
                geojson: geometry,
                sha256,
                bounds,
                source: file.to_string(),
            },
        ));
    }
    if errors.is_empty() {
        Ok(writes.into_iter().map(|(_, w)| w).collect())
    } else {
        Err(errors)
    }
}

fn overlap(a: &Validity, b: &Validity) -> bool {
    a.from.is_none_or(|f| b.to.is_none_or(|t| f <= t)) && b.from.is_none_or(|f| a.to.is_none_or(|t| f <= t))
}

/// The one unit a feature's code names within its validity. A code written
/// as a number may have lost its leading zeros: "3589" also tries "03589".
fn match_unit<'h>(f: &FeatureInput, hierarchy: &'h Hierarchy) -> std::result::Result<&'h Unit, String> {
    let mut candidates = vec![f.code.clone()];
    if f.numeric_code {
        for width in [2, 3, 5] {
            if f.code.len() < width {
                candidates.push(format!("{:0>width$}", f.code));
            }
        }
    }
    for text in &candidates {
        let Ok(code) = text.parse::<ntm_core::unit::UnitCode>() else {
            continue;
        };
        let found: Vec<&Unit> = hierarchy
            .units_with_code(&code)
            .filter(|u| overlap(&u.validity, &f.validity))
            .collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(one),
            many => {
                return Err(format!(
                    "mã {text} được dùng cho {} đơn vị ({}); ghi valid_from, valid_to để chọn một",
                    many.len(),
                    many.iter()
                        .map(|u| format!("{} {}", u.full_name(), validity_text(&u.validity)))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
    }
    if f.code.parse::<ntm_core::unit::UnitCode>().is_err() {
        return Err(format!("mã \"{}\" không hợp lệ", f.code));
    }
    Err(match (f.validity.from, f.validity.to) {
        (None, None) => format!("không có đơn vị nào mang mã {}", f.code),
        _ => format!(
            "không có đơn vị nào mang mã {} trong thời gian {}",
            f.code,
            validity_text(&f.validity)
        ),
    })
}
