//! Unit boundaries as stored: the GeoJSON geometry text of a unit for a
//! validity, with its SHA-256, its box and its source. The application parses
//! and checks geometries; the store keeps, replaces and audits them.

use ntm_core::unit::UnitId;
use ntm_core::validity::Validity;
use serde_json::json;

use crate::model::date_text;

/// A stored boundary.
#[derive(Clone, Debug, PartialEq)]
pub struct GeometryRecord {
    pub id: i64,
    pub unit: UnitId,
    pub validity: Validity,
    /// A GeoJSON geometry object (Polygon or MultiPolygon), WGS84.
    pub geojson: String,
    pub sha256: String,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bounds: [f64; 4],
    /// The file (or other source) it came from.
    pub source: String,
    /// RFC 3339.
    pub imported_at: String,
}

/// A boundary to write. It replaces every stored boundary of the unit whose
/// validity overlaps its own; an identical one (same validity and SHA-256)
/// changes nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct GeometryWrite {
    pub unit: UnitId,
    pub validity: Validity,
    pub geojson: String,
    pub sha256: String,
    pub bounds: [f64; 4],
    pub source: String,
}

/// What a geometry write did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GeometryWriteResult {
    pub created: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

/// A stored row as the write needs it: id, validity, SHA-256, box, source.
pub(crate) type StoredGeometry = (i64, Validity, String, [f64; 4], String);

/// Whether two validities share a day.
pub(crate) fn overlaps(a: &Validity, b: &Validity) -> bool {
    a.from.is_none_or(|f| b.to.is_none_or(|t| f <= t)) && b.from.is_none_or(|f| a.to.is_none_or(|t| f <= t))
}

/// What to do with one write given the unit's stored rows: `None` when an
/// identical boundary is stored, else the ids to delete.
pub(crate) fn plan(write: &GeometryWrite, stored: &[StoredGeometry]) -> Option<Vec<i64>> {
    let overlapping: Vec<&StoredGeometry> = stored
        .iter()
        .filter(|(_, v, ..)| overlaps(v, &write.validity))
        .collect();
    if let [(_, v, sha, ..)] = overlapping.as_slice()
        && *v == write.validity
        && *sha == write.sha256
    {
        return None;
    }
    Some(overlapping.iter().map(|(id, ..)| *id).collect())
}

/// How a boundary looks in the audit trail (not the coordinates: their hash).
pub(crate) fn audit_summary(
    validity: &Validity,
    sha256: &str,
    bounds: [f64; 4],
    source: &str,
) -> serde_json::Value {
    json!({
        "valid_from": date_text(validity.from), "valid_to": date_text(validity.to),
        "sha256": sha256, "bounds": bounds, "source": source,
    })
}

/// The audit row's old value: the boundaries replaced, if any.
pub(crate) fn audit_old(stored: &[StoredGeometry], deleted: &[i64]) -> Option<String> {
    let old: Vec<serde_json::Value> = stored
        .iter()
        .filter(|(id, ..)| deleted.contains(id))
        .map(|(_, v, sha, b, src)| audit_summary(v, sha, *b, src))
        .collect();
    match old.len() {
        0 => None,
        1 => Some(old[0].to_string()),
        _ => Some(serde_json::Value::Array(old).to_string()),
    }
}

/// The audit entity of boundary changes.
pub(crate) const GEOMETRY_ENTITY: crate::AuditEntity = crate::AuditEntity::Geometry;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn write(validity: Validity, sha: &str) -> GeometryWrite {
        GeometryWrite {
            unit: UnitId(1),
            validity,
            geojson: String::new(),
            sha256: sha.into(),
            bounds: [0.0; 4],
            source: "f".into(),
        }
    }

    #[test]
    fn a_write_replaces_what_it_overlaps_and_skips_its_twin() {
        let until_2025 = Validity::new(None, Some(date!(2025 - 06 - 30)));
        let from_2025 = Validity::new(Some(date!(2025 - 07 - 01)), None);
        let stored = vec![
            (1, until_2025, "a".to_string(), [0.0; 4], "f".to_string()),
            (2, from_2025, "b".to_string(), [0.0; 4], "f".to_string()),
        ];
        assert_eq!(plan(&write(until_2025, "a"), &stored), None);
        assert_eq!(plan(&write(until_2025, "c"), &stored), Some(vec![1]));
        assert_eq!(plan(&write(Validity::ALWAYS, "a"), &stored), Some(vec![1, 2]));
        assert!(!overlaps(&until_2025, &from_2025));
    }
}
