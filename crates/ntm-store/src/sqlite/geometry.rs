//! Unit boundaries in SQLite.

use async_trait::async_trait;
use ntm_core::unit::UnitId;
use ntm_core::validity::Validity;
use rusqlite::{Connection, params};

use super::SqliteStore;
use super::audit::{AuditRow, insert_audit};
use crate::geometry_records::{GEOMETRY_ENTITY, StoredGeometry, audit_old, audit_summary, plan};
use crate::model::{date_text, parse_stored_date};
use crate::{GeometryRecord, GeometryStore, GeometryWrite, GeometryWriteResult, Result, WriteContext};

fn stored_of(tx: &Connection, unit: UnitId) -> Result<Vec<StoredGeometry>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, valid_from, valid_to, sha256, min_lon, min_lat, max_lon, max_lat, source
         FROM unit_geometries WHERE unit_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![unit.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
            r.get::<_, String>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, from, to, sha, bounds, source) = row?;
        let validity = Validity::new(parse_stored_date(from)?, parse_stored_date(to)?);
        out.push((id, validity, sha, bounds, source));
    }
    Ok(out)
}

fn write(conn: &mut Connection, writes: &[GeometryWrite], ctx: &WriteContext) -> Result<GeometryWriteResult> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut result = GeometryWriteResult::default();
    for w in writes {
        let stored = stored_of(&tx, w.unit)?;
        let Some(deleted) = plan(w, &stored) else {
            result.unchanged += 1;
            continue;
        };
        for id in &deleted {
            tx.execute("DELETE FROM unit_geometries WHERE id = ?1", params![id])?;
        }
        tx.execute(
            "INSERT INTO unit_geometries (unit_id, valid_from, valid_to, geojson, sha256,
                 min_lon, min_lat, max_lon, max_lat, source, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                w.unit.0,
                date_text(w.validity.from),
                date_text(w.validity.to),
                w.geojson,
                w.sha256,
                w.bounds[0],
                w.bounds[1],
                w.bounds[2],
                w.bounds[3],
                w.source,
                ctx.at
            ],
        )?;
        let old = audit_old(&stored, &deleted);
        let new = audit_summary(&w.validity, &w.sha256, w.bounds, &w.source).to_string();
        insert_audit(
            &tx,
            ctx,
            AuditRow {
                entity: GEOMETRY_ENTITY,
                unit: Some(w.unit.0),
                period: None,
                subject: None,
                old: old.as_deref(),
                new: Some(&new),
            },
        )?;
        if deleted.is_empty() {
            result.created += 1;
        } else {
            result.replaced += 1;
        }
    }
    tx.commit()?;
    Ok(result)
}

fn load(conn: &mut Connection, units: &[UnitId]) -> Result<Vec<GeometryRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, unit_id, valid_from, valid_to, geojson, sha256, min_lon, min_lat, max_lon, max_lat,
                source, imported_at
         FROM unit_geometries WHERE unit_id = ?1 ORDER BY id",
    )?;
    let mut out = Vec::new();
    for unit in units {
        let rows = stmt.query_map(params![unit.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                [r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
            ))
        })?;
        for row in rows {
            let (id, unit, from, to, geojson, sha256, bounds, source, imported_at) = row?;
            out.push(GeometryRecord {
                id,
                unit: UnitId(unit),
                validity: Validity::new(parse_stored_date(from)?, parse_stored_date(to)?),
                geojson,
                sha256,
                bounds,
                source,
                imported_at,
            });
        }
    }
    Ok(out)
}

#[async_trait]
impl GeometryStore for SqliteStore {
    async fn write_geometries(
        &self,
        writes: Vec<GeometryWrite>,
        context: WriteContext,
    ) -> Result<GeometryWriteResult> {
        self.run(move |c| write(c, &writes, &context)).await
    }

    async fn geometries(&self, units: &[UnitId]) -> Result<Vec<GeometryRecord>> {
        let units = units.to_vec();
        self.read(move |c| load(c, &units)).await
    }
}
