//! Unit boundaries in PostgreSQL.

use async_trait::async_trait;
use ntm_core::unit::UnitId;
use ntm_core::validity::Validity;
use sqlx::{PgConnection, PgPool, Row};

use super::PostgresStore;
use super::audit::insert_audit;
use crate::geometry_records::{GEOMETRY_ENTITY, StoredGeometry, audit_old, audit_summary, plan};
use crate::model::{date_text, parse_stored_date};
use crate::{GeometryRecord, GeometryStore, GeometryWrite, GeometryWriteResult, Result, WriteContext};

async fn stored_of(tx: &mut PgConnection, unit: UnitId) -> Result<Vec<StoredGeometry>> {
    let rows = sqlx::query(
        "SELECT id, valid_from, valid_to, sha256, min_lon, min_lat, max_lon, max_lat, source
         FROM unit_geometries WHERE unit_id = $1 ORDER BY id FOR UPDATE",
    )
    .bind(unit.0)
    .fetch_all(tx)
    .await?;
    rows.iter()
        .map(|r| {
            let validity = Validity::new(
                parse_stored_date(r.try_get(1)?)?,
                parse_stored_date(r.try_get(2)?)?,
            );
            Ok((
                r.try_get(0)?,
                validity,
                r.try_get(3)?,
                [r.try_get(4)?, r.try_get(5)?, r.try_get(6)?, r.try_get(7)?],
                r.try_get(8)?,
            ))
        })
        .collect()
}

async fn write(pool: &PgPool, writes: &[GeometryWrite], ctx: &WriteContext) -> Result<GeometryWriteResult> {
    let mut tx = pool.begin().await?;
    let mut result = GeometryWriteResult::default();
    for w in writes {
        // Two imports of the same unit at once: the second waits for the first.
        sqlx::query("SELECT id FROM units WHERE id = $1 FOR UPDATE")
            .bind(w.unit.0)
            .execute(&mut *tx)
            .await?;
        let stored = stored_of(&mut tx, w.unit).await?;
        let Some(deleted) = plan(w, &stored) else {
            result.unchanged += 1;
            continue;
        };
        if !deleted.is_empty() {
            sqlx::query("DELETE FROM unit_geometries WHERE id = ANY($1)")
                .bind(&deleted)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO unit_geometries (unit_id, valid_from, valid_to, geojson, sha256,
                 min_lon, min_lat, max_lon, max_lat, source, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(w.unit.0)
        .bind(date_text(w.validity.from))
        .bind(date_text(w.validity.to))
        .bind(&w.geojson)
        .bind(&w.sha256)
        .bind(w.bounds[0])
        .bind(w.bounds[1])
        .bind(w.bounds[2])
        .bind(w.bounds[3])
        .bind(&w.source)
        .bind(&ctx.at)
        .execute(&mut *tx)
        .await?;
        let old = audit_old(&stored, &deleted);
        let new = audit_summary(&w.validity, &w.sha256, w.bounds, &w.source).to_string();
        insert_audit(
            &mut tx,
            ctx,
            GEOMETRY_ENTITY,
            vec![(Some(w.unit.0), None, None, old, Some(new))],
        )
        .await?;
        if deleted.is_empty() {
            result.created += 1;
        } else {
            result.replaced += 1;
        }
    }
    tx.commit().await?;
    Ok(result)
}

async fn load(pool: &PgPool, units: &[UnitId]) -> Result<Vec<GeometryRecord>> {
    let ids: Vec<i64> = units.iter().map(|u| u.0).collect();
    let rows = sqlx::query(
        "SELECT id, unit_id, valid_from, valid_to, geojson, sha256, min_lon, min_lat, max_lon, max_lat,
                source, imported_at
         FROM unit_geometries WHERE unit_id = ANY($1) ORDER BY unit_id, id",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(GeometryRecord {
                id: r.try_get(0)?,
                unit: UnitId(r.try_get(1)?),
                validity: Validity::new(
                    parse_stored_date(r.try_get(2)?)?,
                    parse_stored_date(r.try_get(3)?)?,
                ),
                geojson: r.try_get(4)?,
                sha256: r.try_get(5)?,
                bounds: [r.try_get(6)?, r.try_get(7)?, r.try_get(8)?, r.try_get(9)?],
                source: r.try_get(10)?,
                imported_at: r.try_get(11)?,
            })
        })
        .collect()
}

#[async_trait]
impl GeometryStore for PostgresStore {
    async fn write_geometries(
        &self,
        writes: Vec<GeometryWrite>,
        context: WriteContext,
    ) -> Result<GeometryWriteResult> {
        write(self.pool(), &writes, &context).await
    }

    async fn geometries(&self, units: &[UnitId]) -> Result<Vec<GeometryRecord>> {
        load(self.pool(), units).await
    }
}
