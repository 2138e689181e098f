//! Stored records (plans, the cycle, money) in PostgreSQL.

use async_trait::async_trait;
use ntm_core::unit::UnitId;
use sqlx::{PgPool, Row};

use super::PostgresStore;
use super::audit::insert_audit;
use crate::{RecordKind, RecordStore, RecordWrite, Result, StoredRecord, WriteContext};

async fn load(pool: &PgPool, kind: RecordKind, period: Option<i32>) -> Result<Vec<StoredRecord>> {
    let rows = sqlx::query(
        "SELECT key, unit_id, period, body, version FROM plan_records
         WHERE kind = $1 AND ($2::int IS NULL OR period = $2) ORDER BY key",
    )
    .bind(kind.key())
    .bind(period)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredRecord {
                kind,
                key: r.try_get(0)?,
                unit: r.try_get::<Option<i64>, _>(1)?.map(UnitId),
                period: r.try_get(2)?,
                body: r.try_get(3)?,
                version: r.try_get(4)?,
            })
        })
        .collect()
}

async fn write(pool: &PgPool, writes: &[RecordWrite], ctx: &WriteContext) -> Result<usize> {
    let mut tx = pool.begin().await?;
    let mut written = 0;
    for w in writes {
        let found: Option<(String, i64)> =
            sqlx::query_as("SELECT body, version FROM plan_records WHERE kind = $1 AND key = $2 FOR UPDATE")
                .bind(w.kind.key())
                .bind(&w.key)
                .fetch_optional(&mut *tx)
                .await?;
        let current = found.as_ref().map_or(0, |(_, v)| *v);
        w.check_version(current)?;
        let old = found.as_ref().map(|(b, _)| b.clone());
        if old.as_deref() == w.body.as_deref() {
            continue;
        }
        match &w.body {
            Some(body) => {
                sqlx::query(
                    "INSERT INTO plan_records (kind, key, unit_id, period, body, version, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (kind, key) DO UPDATE SET unit_id = EXCLUDED.unit_id, period = EXCLUDED.period,
                     body = EXCLUDED.body, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at",
                )
                .bind(w.kind.key())
                .bind(&w.key)
                .bind(w.unit.map(|u| u.0))
                .bind(w.period)
                .bind(body)
                .bind(current + 1)
                .bind(&ctx.at)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM plan_records WHERE kind = $1 AND key = $2")
                    .bind(w.kind.key())
                    .bind(&w.key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        insert_audit(
            &mut tx,
            ctx,
            w.kind.into(),
            vec![(
                w.unit.map(|u| u.0),
                w.period,
                Some(w.key.clone()),
                old,
                w.body.clone(),
            )],
        )
        .await?;
        written += 1;
    }
    tx.commit().await?;
    Ok(written)
}

#[async_trait]
impl RecordStore for PostgresStore {
    async fn records(&self, kind: RecordKind, period: Option<i32>) -> Result<Vec<StoredRecord>> {
        load(self.pool(), kind, period).await
    }

    async fn write_records(&self, writes: Vec<RecordWrite>, context: WriteContext) -> Result<usize> {
        write(self.pool(), &writes, &context).await
    }
}
